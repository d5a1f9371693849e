"""`python -m nap_data register ...`: exit codes, one JSON object, lists, one-line errors.

Run in-process through `cli.main` to stay fast; tests/test_layers.py runs every register
command as a real process without Streamlit.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from nap_data.cli import main
from tests.test_register_file import HEADER_NL, to_csv
from tests.test_register_service import ROWS


@pytest.fixture
def url(empty_engine):
    return empty_engine.url.render_as_string(hide_password=False)


@pytest.fixture
def cli(capsys, monkeypatch):
    def run(*args: str, url: str) -> SimpleNamespace:
        monkeypatch.setenv("NAP_DATABASE_URL", url)
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse: --help and usage errors
            code = exc.code
        out = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)

    return run


def _json(result) -> dict:
    (line,) = result.stdout.strip().splitlines()  # exactly one object
    return json.loads(line)


def test_import_dry_run_then_import_then_unchanged(cli, url, tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(to_csv([HEADER_NL, *ROWS]))
    dry = cli("register", "import", str(path), "--dry-run", "--json", url=url)
    assert dry.returncode == 0, dry.stderr
    assert _json(dry)["dry_run"] and _json(dry)["counts"]["added"] == 4
    listed = cli("register", "list", "--json", url=url)
    assert _json(listed) == {"organisations": []}, "a dry run writes nothing"
    real = cli("register", "import", str(path), "--lang", "en", url=url)
    assert real.returncode == 0 and "accepted" in real.stdout
    assert "4 added, 0 changed, 0 unchanged, 0 not in the file." in real.stdout
    again = cli("register", "import", str(path), "--json", url=url)
    assert again.returncode == 0 and _json(again)["status"] == "unchanged"
    rows = _json(cli("register", "list", "--json", url=url))["organisations"]
    assert [r["code"] for r in rows] == ["BZ", "DEC", "NEW", "POL"]
    assert rows[0]["pledged_goals"] == [1, 3] and rows[0]["joined_on"] == "2020-12-11"
    table = cli("register", "list", "--lang", "en", url=url)
    assert "Ministry" in table.stdout and "11 Dec 2020" in table.stdout


def test_a_rejected_file_exits_1_with_every_error_by_row_and_column(cli, url, tmp_path):
    rows = [list(r) for r in ROWS]
    rows[1][2], rows[3][3] = "bedrijf", "morgen"
    path = tmp_path / "bad.csv"
    path.write_bytes(to_csv([HEADER_NL, *rows]))
    result = cli("register", "import", str(path), "--json", "--lang", "en", url=url)
    assert result.returncode == 1
    out = _json(result)
    assert out["status"] == "rejected"
    assert [(e["row"], e["column"]) for e in out["errors"]] == [
        (3, "Soort"),
        (5, "Toegetreden op"),
    ]
    text = cli("register", "import", str(path), url=url)
    assert text.returncode == 1
    assert "error: rij 3, kolom 'Soort': 'bedrijf' is geen soort organisatie" in text.stdout


def test_export_writes_a_file_that_imports_unchanged(cli, url, tmp_path):
    source = tmp_path / "r.csv"
    source.write_bytes(to_csv([HEADER_NL, *ROWS]))
    assert cli("register", "import", str(source), url=url).returncode == 0
    out = tmp_path / "register.xlsx"
    result = cli("register", "export", "-o", str(out), "--lang", "en", url=url)
    assert result.returncode == 0 and "wrote 4 organisations" in result.stdout
    again = cli("register", "import", str(out), "--json", url=url)
    assert _json(again)["status"] == "unchanged"


@pytest.mark.parametrize(
    "args",
    [
        ["register"],
        ["register", "delete"],
        ["register", "import"],
        ["register", "import", "missing.csv"],
        ["register", "export", "-o", "register.txt"],
        ["register", "list", "--lang", "fr"],
    ],
)
def test_usage_errors_exit_2_with_one_line(cli, url, args):
    result = cli(*args, url=url)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_before_init_says_to_run_init(cli, tmp_path):
    result = cli("register", "list", url=f"sqlite:///{tmp_path / 'none.db'}")
    assert result.returncode == 2 and "nap_data init" in result.stderr


@pytest.mark.parametrize("command", ["import", "export", "list"])
def test_every_register_command_has_help(cli, tmp_path, command):
    result = cli("register", command, "--help", url=f"sqlite:///{tmp_path / 'x.db'}")
    assert result.returncode == 0 and "usage:" in result.stdout
