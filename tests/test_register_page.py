"""The Register page (AppTest): upload, preview, import, one-at-a-time forms; and the register
on the Organisations profile and the Returns compliance tab."""

from __future__ import annotations

import datetime as dt
from urllib.parse import unquote

import polars as pl
import pytest
import streamlit as st
from sqlalchemy import func, select

from nap_data import exports, labels, queries
from nap_data.models import AuditEvent
from nap_data.register.frames import register_table
from nap_data.register.validate import read_register
from nap_data.store import read_session
from tests.test_app_pages import run_page
from tests.test_register_file import HEADER_NL, to_csv
from tests.test_register_service import ROWS, org_count

PAGE = "pages/9_Register.py"


@pytest.fixture(autouse=True)
def _fresh_caches():
    # The app's frame caches are keyed by data version, not by store: two fresh stores of
    # different tests can share a version number, so each test starts with empty caches.
    st.cache_data.clear()


def _codes(at) -> list[str]:
    table = next(d.value for d in at.dataframe if "organisation_code" in d.value.columns)
    return list(table["organisation_code"])


def test_upload_preview_import_and_the_new_organisations_are_in_the_table(empty_engine):
    at = run_page(PAGE, "en")
    assert not at.exception, [e.value for e in at.exception]
    assert any("The register is empty" in i.value for i in at.info)
    at.file_uploader(key="register_upload").upload(
        "register.csv", to_csv([HEADER_NL, *ROWS]), "text/csv"
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.label == "Added" and m.value == "4" for m in at.metric)
    assert org_count(empty_engine) == 0, "the preview is a dry run"
    changes = next(d.value for d in at.dataframe if "field" in d.value.columns)
    assert "Politie" in list(changes["new"]) and "Government" in list(changes["new"])
    at.button(key="register_import").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Imported. 4 added" in s.value for s in at.success)
    assert _codes(at) == ["BZ", "DEC", "NEW", "POL"]
    assert org_count(empty_engine) == 4
    assert any("unchanged" in m.value for m in at.markdown), "the same file again: unchanged"


def test_a_rejected_file_shows_every_problem_by_row_and_column_and_no_import(empty_engine):
    rows = [list(r) for r in ROWS]
    rows[1][2], rows[2][6] = "bedrijf", "7"
    at = run_page(PAGE, "nl")
    at.file_uploader(key="register_upload").upload(
        "fout.csv", to_csv([HEADER_NL, *rows]), "text/csv"
    ).run()
    assert not at.exception
    findings = next(d.value for d in at.dataframe if "message" in d.value.columns)
    assert list(zip(findings["row"], findings["column"], strict=True)) == [
        ("3", "Soort"),
        ("4", "Toegezegde doelen"),
    ]
    assert "geen soort organisatie" in findings["message"][0]
    assert not [b for b in at.button if b.key == "register_import"]
    at.run()
    with read_session(empty_engine) as s:
        rejected = s.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "register_rejected")
        )
    assert rejected == 1 and org_count(empty_engine) == 0


def test_add_edit_and_mark_left_on_the_page(empty_engine):
    at = run_page(PAGE, "en")
    at.text_input(key="add_code").set_value("ki7")
    at.text_input(key="add_name").set_value("Kennisinstituut Zeven")
    at.selectbox(key="add_type").set_value("knowledge")
    at.date_input(key="add_joined_on").set_value(dt.date(2022, 3, 1))
    at.multiselect(key="add_goals").set_value([2, 4])
    at.button(key="register_add_submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("'ki7' has been added" in s.value for s in at.success)
    assert _codes(at) == ["ki7"]

    at.text_input(key="edit_ki7_name").set_value("Kennisinstituut 7")
    at.button(key="register_edit_submit").click().run()
    assert any("Give a reason" in e.value for e in at.error), "an edit needs a reason"
    at.text_input(key="edit_ki7_reason").set_value("officiële naam")
    at.button(key="register_edit_submit").click().run()
    assert any("has been saved" in s.value for s in at.success)

    at.date_input(key="leave_on").set_value(dt.date(2021, 1, 1))
    at.text_input(key="leave_reason").set_value("gestopt")
    at.button(key="register_leave_submit").click().run()
    assert any("before the date of joining" in e.value for e in at.error)
    at.date_input(key="leave_on").set_value(dt.date(2024, 12, 31))
    at.button(key="register_leave_submit").click().run()
    assert any("marked as left" in s.value for s in at.success)
    orgs = queries.load_organisations(empty_engine).row(0, named=True)
    assert orgs["organisation_name"] == "Kennisinstituut 7"
    assert orgs["left_on"] == dt.date(2024, 12, 31) and orgs["pledged_goals"] == [2, 4]


def test_the_register_download_imports_back_unchanged(demo_engine):
    orgs = queries.load_organisations(demo_engine)
    for lang in ("nl", "en"):
        words = labels.readable(register_table(orgs), lang)
        for data in (exports.to_csv_bytes(words, lang), exports.to_xlsx_bytes(words, lang)):
            parsed, findings = read_register(data, "download", (1, 2, 3, 4, 5), lang)
            assert [f for f in findings if f.severity == "error"] == []
            assert [r.code for r in parsed.rows] == orgs["organisation_code"].to_list()


def test_the_profile_sets_pledged_goals_beside_reported_activities_and_shows_history(demo_db):
    at = run_page("pages/3_Organisations.py", "en", organisations="ORG002")
    assert not at.exception, [e.value for e in at.exception]
    pledges = next(d.value for d in at.dataframe if "pledged" in d.value.columns)
    assert list(pledges["pledged"]).count("yes") >= 1 and len(pledges) >= 5
    # The address is shown as escaped text (never a link that Markdown made up).
    assert any("Contact e-mail: nap1325" in c.value and "org002" in c.value for c in at.caption)
    assert any("No changes recorded yet" in c.value for c in at.caption)


def test_compliance_has_contact_emails_and_a_reminder_in_bcc(demo_db, demo_engine):
    at = run_page("pages/5_Returns.py", "en", year_to="2025")
    assert not at.exception, [e.value for e in at.exception]
    table = next(d.value for d in at.dataframe if "contact_email" in d.value.columns)
    assert all(e.endswith(".example") for e in table["contact_email"])
    (link,) = at.get("link_button")
    pairs = zip(table["contact_email"], table["state"], strict=True)
    expected = [email for email, state in pairs if state == "Not received yet"]
    assert link.proto.label == f"Mail those who have not reported ({len(expected)})"
    assert link.proto.url.startswith("mailto:?bcc=")
    bcc = unquote(link.proto.url.removeprefix("mailto:?bcc=").split("&subject=")[0])
    assert bcc.split(",") == expected
    assert "subject=NAP%201325%3A%20reminder%2C%20return%20for%202025" in link.proto.url
    orgs = queries.load_organisations(demo_engine)
    assert orgs.filter(pl.col("contact_email").is_null()).is_empty()
