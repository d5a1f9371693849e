"""`python -m nap_data users add|list|remove`: as an admin runs it, with clear errors."""

from __future__ import annotations

import json

import pytest

from nap_data.cli import main
from nap_data.services import Actor
from nap_data.services.users import list_users, principal
from tests.test_cli import cli


def test_add_list_and_remove_through_the_command_line(demo_db):
    url = f"sqlite:///{demo_db}"
    added = cli("users", "add", "Anna@Example.org", "--role", "signatory", "--org", "bz",
                "--org", "OCW", "--name", "Anna de Vries", "--lang", "en", url=url)  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "User anna@example.org added as signatory."
    officer = cli("users", "add", "piet@example.org", "--role", "policy_officer", url=url)
    assert "toegevoegd als beleidsmedewerker" in officer.stdout

    listed = cli("users", "list", "--json", url=url)
    users = json.loads(listed.stdout)["users"]
    assert [(u["email"], u["role"], u["organisations"]) for u in users] == [
        ("anna@example.org", "signatory", ["BZ", "OCW"]),
        ("piet@example.org", "policy_officer", []),
    ]
    assert users[0]["name"] == "Anna de Vries" and users[0]["created_by"] == "cli"
    table = cli("users", "list", "--lang", "en", url=url).stdout.splitlines()
    assert table[0].split()[:3] == ["E-mail", "address", "Name"]
    assert "anna@example.org" in table[1] and "BZ, OCW" in table[1] and "signatory" in table[1]

    removed = cli("users", "remove", "ANNA@example.org", "--lang", "en", url=url)
    assert removed.returncode == 0 and "removed" in removed.stdout
    assert [u["email"] for u in json.loads(cli("users", "list", "--json", url=url).stdout)[
        "users"]] == ["piet@example.org"]  # fmt: skip


def test_a_second_add_changes_the_role_and_an_identical_one_changes_nothing(demo_engine, capsys):
    assert main(["users", "add", "a@example.org", "--role", "viewer", "--lang", "en"]) == 0
    assert main(["users", "add", "a@example.org", "--role", "admin", "--lang", "en"]) == 0
    assert main(["users", "add", "a@example.org", "--role", "admin", "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "User a@example.org added as viewer (board).",
        "User a@example.org changed: now admin.",
        "User a@example.org already had this; nothing changed.",
    ]
    assert principal(demo_engine, "a@example.org").role == "admin"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "boss"], "Unknown role 'boss'"),
        (["--role", "signatory"], "A signatory needs at least one organisation"),
        (["--role", "signatory", "--org", "NOPE"], "Unknown organisation code: NOPE"),
        (["--role", "viewer", "--org", "BZ"], "Only a signatory has organisations"),
    ],
)
def test_a_bad_value_is_one_line_exit_2_and_changes_nothing(demo_engine, capsys, args, message):
    assert main(["users", "add", "x@example.org", *args, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and len(err.strip().splitlines()) == 1
    assert list_users(demo_engine, Actor("t", "admin")) == []


def test_errors_are_in_dutch_by_default_and_a_bad_address_is_named(demo_engine, capsys):
    assert main(["users", "add", "not-an-address", "--role", "viewer"]) == 2
    assert "'not-an-address' is geen geldig e-mailadres" in capsys.readouterr().err


def test_removing_someone_who_is_not_there_exits_1(demo_engine, capsys):
    assert main(["users", "remove", "nobody@example.org", "--lang", "en"]) == 1
    assert "There is no user nobody@example.org" in capsys.readouterr().err


def test_users_before_init_says_to_run_init(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NAP_DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    assert main(["users", "list"]) == 2
    assert "nap_data init" in capsys.readouterr().err
