"""The Audit page: after an upload, an approval and a rejected upload, the list names the
right person, action in words and SHA-256; the filters narrow it; the provenance of the
return shows its file."""

from __future__ import annotations

import hashlib

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from nap_data.framework import load_framework
from nap_data.i18n import catalogue
from nap_data.queries import load_organisations, load_submissions
from nap_data.returns.samples import clean_return, return_with_mistakes
from nap_data.services import Actor, review
from nap_data.services.imports import import_return, record_rejection

AUDIT = "pages/12_Audit.py"
UPLOADER = Actor("sig@bz.example", "signatory", ("BZ",))
OFFICER = Actor("officer@bz.example", "policy_officer")


@pytest.fixture
def shas(demo_engine) -> dict[str, str]:
    fw = load_framework()
    good, bad = clean_return(fw), return_with_mistakes(fw)
    accepted = import_return(demo_engine, good, "bz-2025.xlsx", UPLOADER)
    review.approve_version(demo_engine, OFFICER, accepted.submission_id)
    rejected = import_return(demo_engine, bad, "bz-fout.xlsx", UPLOADER)
    record_rejection(demo_engine, rejected, UPLOADER)
    return {"good": hashlib.sha256(good).hexdigest(), "bad": hashlib.sha256(bad).hexdigest()}


def _page(lang: str = "en") -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(AUDIT).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _table(at: AppTest, column: str):
    return pl.from_pandas(next(d.value for d in at.dataframe if column in d.value.columns))


def test_the_list_names_person_action_and_sha256(shas):
    at = _page()
    assert at.title[0].value == "Audit"
    rows = _table(at, "sha256").head(3).to_dicts()
    assert [r["action"] for r in rows] == [
        "Upload rejected",
        "Version approved",
        "New version of a return",
    ]
    assert [r["who"] for r in rows] == [UPLOADER.name, OFFICER.name, UPLOADER.name]
    assert (rows[0]["file_name"], rows[0]["sha256"]) == ("bz-fout.xlsx", shas["bad"])
    assert rows[1]["sha256"] == rows[2]["sha256"] == shas["good"]
    assert rows[2]["organisation_code"] == "BZ" and rows[2]["year"] == "2025"
    shown = _table(at, "sha256")
    assert not shown["action"].str.contains(r"^[a-z]+_[a-z_]+$").any()  # never a raw code


def test_in_dutch_the_actions_are_dutch_words(shas):
    rows = _table(_page("nl"), "sha256").head(3)
    assert rows["action"].to_list() == [
        "Upload geweigerd",
        "Versie goedgekeurd",
        "Nieuwe versie van een rapportage",
    ]
    demo = _table(_page("nl"), "sha256").tail(1)
    assert demo["who"].item() == catalogue()["actor.system"]["nl"]


def test_the_kind_and_person_filters_narrow_the_list(shas):
    at = _page()
    at.multiselect(key="audit_kinds").set_value(["rejected"]).run()
    assert _table(at, "sha256")["action"].to_list() == ["Upload rejected"]
    at.multiselect(key="audit_kinds").set_value([]).run()
    at.multiselect(key="audit_people").set_value([OFFICER.name]).run()
    assert _table(at, "sha256")["who"].to_list() == [OFFICER.name]
    at.text_input(key="audit_text").set_value("nobody-wrote-this").run()
    assert any("No events match" in i.value for i in at.info)


def test_the_list_downloads_as_csv_and_xlsx(shas):
    at = _page()
    keys = {b.proto.id for b in at.get("download_button")}
    assert any("csv_audit-events" in k for k in keys) and any(
        "xlsx_audit-events" in k for k in keys
    )


def test_the_provenance_shows_the_file_its_sha256_and_the_review(shas):
    at = _page()
    at.selectbox(key="audit_provenance_org").set_value("BZ").run()
    at.selectbox(key="audit_provenance_year").set_value(2025).run()
    assert not at.exception
    top = _table(at, "restored_from").head(1).to_dicts()[0]
    assert (top["who"], top["file_name"], top["sha256"]) == (
        UPLOADER.name,
        "bz-2025.xlsx",
        shas["good"],
    )
    assert (top["review_status"], top["reviewed_by"]) == ("Approved", OFFICER.name)


def test_an_organisation_that_never_reported_says_so(demo_engine):
    orgs, subs = load_organisations(demo_engine), load_submissions(demo_engine)
    silent = sorted(set(orgs["organisation_code"]) - set(subs["organisation_code"]))[0]
    at = _page()
    at.selectbox(key="audit_provenance_org").set_value(silent).run()
    assert any("No return has been received from" in i.value for i in at.info)
