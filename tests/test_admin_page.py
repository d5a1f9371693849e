"""The Admin page: users added, changed and removed through the forms, a refusal shown as
a message that changes nothing, and a backup made, kept in the folder and listed."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from nap_data.labels import unmd
from nap_data.services import Actor
from nap_data.services.users import list_users, save_user

ADMIN_PAGE = "pages/11_Admin.py"
ADMIN = Actor("test", "admin")


@pytest.fixture
def backups(tmp_path, monkeypatch):
    folder = tmp_path / "backups"
    monkeypatch.setenv("NAP_BACKUP_DIR", str(folder))
    return folder


def _page(lang: str = "en") -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(ADMIN_PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _said(elements) -> list[str]:
    """What a reader sees in these message boxes (their Markdown escaping undone)."""
    return [unmd(e.value) for e in elements]


def _users_shown(at: AppTest):
    return next(d.value for d in at.dataframe if "email" in d.value.columns)


def _fill_new(at: AppTest, email: str, role: str, orgs: list[str], name: str = "") -> AppTest:
    at.text_input(key="admin_new_email").input(email)
    at.text_input(key="admin_new_name").input(name)
    at.selectbox(key="admin_new_role").set_value(role)
    at.multiselect(key="admin_new_orgs").set_value(orgs)
    at.button(key="admin_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_signatory_added_through_the_form_is_listed(demo_engine, backups):
    at = _fill_new(_page(), "Sara@Example.org", "signatory", ["BZ"], name="Sara Jansen")
    assert _said(at.success) == ["User sara@example.org added as signatory."]
    shown = _users_shown(at)
    row = shown.loc[shown["email"] == "sara@example.org"].iloc[0]
    assert row["role"] == "signatory" and row["name"] == "Sara Jansen"
    assert row["organisations"] == "Ministerie van Buitenlandse Zaken"  # by name, not code
    [user] = list_users(demo_engine, ADMIN)
    assert (user.email, user.role, user.organisations) == ("sara@example.org", "signatory", ("BZ",))


@pytest.mark.parametrize(
    ("email", "role", "orgs", "message"),
    [
        ("x@example.org", "signatory", [], "Een ondertekenaar heeft minstens één organisatie"),
        ("geen-adres", "viewer", [], "'geen-adres' is geen geldig e-mailadres."),
        ("x@example.org", "viewer", ["BZ"], "Alleen een ondertekenaar heeft organisaties"),
    ],
)
def test_a_bad_form_value_gives_the_message_and_changes_nothing(
    demo_engine, backups, email, role, orgs, message
):
    at = _fill_new(_page("nl"), email, role, orgs)
    assert _said(at.error) and message in _said(at.error)[0]
    assert not at.success
    assert list_users(demo_engine, ADMIN) == []


def test_a_user_is_changed_and_removed_after_confirmation(demo_engine, backups):
    save_user(demo_engine, ADMIN, "kees@example.org", "viewer")
    at = _page()
    assert _users_shown(at)["role"].tolist() == ["viewer (board)"]
    at.selectbox(key="admin_pick").set_value("kees@example.org").run()
    at.selectbox(key="admin_kees@example.org_role").set_value("policy_officer")
    at.button(key="admin_save").click().run()
    assert _said(at.success) == ["User kees@example.org changed: now policy officer (secretariat)."]
    assert _users_shown(at)["role"].tolist() == ["policy officer (secretariat)"]

    at.selectbox(key="admin_remove_pick").set_value("kees@example.org")
    at.button(key="admin_remove").click().run()
    assert "kees@example.org loses all access" in _said(at.warning)[0]
    assert list_users(demo_engine, ADMIN)  # nothing happens before the confirmation
    at.button(key="admin_remove_yes").click().run()
    assert _said(at.success) == [
        "User kees@example.org removed; this address no longer has access."
    ]
    assert list_users(demo_engine, ADMIN) == []
    assert not [d for d in at.dataframe if "email" in d.value.columns]


def test_removal_can_be_cancelled(demo_engine, backups):
    save_user(demo_engine, ADMIN, "kees@example.org", "viewer")
    at = _page()
    at.button(key="admin_remove").click().run()
    at.button(key="admin_remove_no").click().run()
    assert _said(at.success) == ["Not removed."]
    assert len(list_users(demo_engine, ADMIN)) == 1


def test_make_a_backup_writes_a_checked_file_and_lists_it(demo_engine, backups):
    at = _page()
    assert any("There are no backups" in c.value for c in at.caption)
    at.button(key="admin_backup").click().run()
    assert not at.exception and not at.error
    [made] = list(backups.iterdir())
    # A SQLite store is copied as a database file, a PostgreSQL one as a pg_dump archive.
    expected = ".db" if demo_engine.dialect.name == "sqlite" else ".dump"
    assert made.suffix == expected and made.stat().st_size > 0
    assert _said(at.success)[0].startswith(f"Backup made: {made} (")
    listed = next(d.value for d in at.dataframe if "name" in d.value.columns)
    assert listed["name"].tolist() == [made.name]
    downloads = [b for b in at.get("download_button") if b.proto.label == "Download the backup"]
    assert len(downloads) == 2  # the one just made, and the one picked from the list
