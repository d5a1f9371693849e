"""The Returns page through AppTest: the review queue and its actions, the upload preview,
and a signatory's own returns (sign-in mode `oidc`, with `at.user` standing for the claims
of a real sign-in).

A click on a queue row cannot be simulated (AppTest runs no dataframe selection
callbacks), so these tests choose a version in the select box that the click sets.
"""

from __future__ import annotations

import dataclasses
import time

import polars as pl
import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from nap_data import queries
from nap_data.framework import load_framework
from nap_data.models import AuditEvent
from nap_data.returns.samples import clean_return, return_with_mistakes
from nap_data.returns.template import build_template
from nap_data.services import SIGNATORY, SYSTEM, Actor
from nap_data.services.imports import import_return, record_rejection
from nap_data.services.review import return_version, template_start
from nap_data.services.review_queue import review_queue
from nap_data.services.users import save_user
from nap_data.store import data_version, read_session
from tests.test_app_pages import run_page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RETURNS = "pages/5_Returns.py"
CHANGE_COLUMNS = ["activity", "field", "old", "new"]
SIGNATORY_EMAIL = "signatory@org005.example"
AUTH = {  # the settings st.login needs; the page refuses to run without them
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "k3J9-vQ2xLp8Rt5Wz0Yb7Nc4Md6Fh1Sg",
    "client_id": "nap-dashboard",
    "client_secret": "client-password-of-the-provider",
    "server_metadata_url": "http://127.0.0.1:9400/.well-known/openid-configuration",
}


def _status(engine, submission_id: int) -> dict:
    subs = queries.load_submissions(engine)
    return subs.filter(pl.col("submission_id") == submission_id).row(0, named=True)


def _state_of(at: AppTest, version: dict) -> str:
    """The state column of one version's row in the queue table."""
    table = at.dataframe(key="review_queue").value
    row = table[(table["organisation_code"] == version["organisation_code"])]
    return row[row["version"] == str(version["version"])]["state"].item()


def _heading(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("#### "))


def _events(engine, action: str) -> int:
    with read_session(engine) as s:
        return s.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
        )


def _changes_table(at: AppTest):
    # A table without a selection is no widget: AppTest knows it by its columns, not its key.
    return next(d.value for d in at.dataframe if list(d.value.columns) == CHANGE_COLUMNS)


def _no_error_ids(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not [e.value for e in at.error if "E-" in e.value]  # ui.errors' message for a bug


def test_approve_from_the_queue_says_what_it_did_and_the_state_changes(demo_engine):
    queue = review_queue(demo_engine, SYSTEM, 2025)
    waiting = queue.filter(pl.col("waiting"))
    second = waiting.row(1, named=True)  # not the default choice: picked on purpose
    at = run_page(RETURNS, "en")
    _no_error_ids(at)
    assert at.selectbox(key="review_pick").value == waiting["submission_id"][0]
    at.selectbox(key="review_pick").set_value(second["submission_id"]).run()
    assert _state_of(at, second) == "Waiting for review"
    at.button(key="approve").click().run()
    _no_error_ids(at)
    code, version = second["organisation_code"], second["version"]
    assert [s.value for s in at.success] == [f"Version {version} of {code} 2025 approved."]
    assert at.selectbox(key="review_pick").value == second["submission_id"]  # still shown
    assert _state_of(at, second) == "Approved"
    assert _heading(at).endswith(f"· 2025 · version {version} · Approved")
    assert f"**{waiting.height - 1}** return versions" in at.markdown[0].value
    assert not [b for b in at.button if b.key == "approve"]  # reviewed: nothing to approve
    assert _status(demo_engine, second["submission_id"])["review_status"] == "approved"
    at.run()  # the message is said once
    assert not at.success


def test_return_without_a_comment_is_refused_with_a_message(demo_engine):
    at = run_page(RETURNS, "en")
    chosen = at.selectbox(key="review_pick").value
    at.button(key="send_back").click().run()
    _no_error_ids(at)
    assert any("Give a comment when returning" in e.value for e in at.error)
    assert _status(demo_engine, chosen)["review_status"] == "submitted"


def test_the_comment_box_clears_after_a_successful_return(demo_engine):
    at = run_page(RETURNS, "en")
    chosen = at.selectbox(key="review_pick").value
    at.text_area(key="review_comment").input(
        "Please add the budgets of goal 3"
    )  # sent with the form
    at.button(key="send_back").click().run()
    _no_error_ids(at)
    assert any("returned with your comment" in s.value for s in at.success)
    stored = _status(demo_engine, chosen)
    assert (stored["review_status"], stored["review_comment"]) == (
        "returned",
        "Please add the budgets of goal 3",
    )


def test_the_comment_box_is_empty_for_the_next_version(demo_engine):
    waiting = review_queue(demo_engine, SYSTEM, 2025).filter(pl.col("waiting"))
    at = run_page(RETURNS, "en")
    at.text_area(key="review_comment").input("Please check the dates")  # sent with the form
    at.button(key="send_back").click().run()
    at.selectbox(key="review_pick").set_value(waiting["submission_id"][1]).run()
    assert at.text_area(key="review_comment").value == ""


def _superseded(engine, code: str = "DEF", year: int = 2025) -> dict:
    subs = queries.load_submissions(engine)
    mine = subs.filter((pl.col("organisation_code") == code) & (pl.col("year") == year))
    assert mine.height >= 2
    return mine.sort("version").row(0, named=True)


def test_restore_needs_a_confirmation_and_can_be_cancelled(demo_engine):
    old = _superseded(demo_engine)
    before = queries.load_submissions(demo_engine).height
    at = run_page(RETURNS, "en")
    at.selectbox(key="review_pick").set_value(old["submission_id"]).run()
    assert not [b for b in at.button if b.key in ("approve", "send_back")]
    at.button(key="restore").click().run()
    _no_error_ids(at)
    assert any("Restore version 1?" in w.value for w in at.warning)
    assert queries.load_submissions(demo_engine).height == before  # nothing yet
    at.button(key="restore_no").click().run()
    assert not [b for b in at.button if b.key == "restore_yes"]
    assert queries.load_submissions(demo_engine).height == before
    at.button(key="restore").click().run()
    at.button(key="restore_yes").click().run()
    _no_error_ids(at)
    assert [s.value for s in at.success] == ["Version 1 of DEF 2025 restored as version 3."]
    subs = queries.load_submissions(demo_engine)
    assert subs.height == before + 1
    new = subs.filter(pl.col("restored_from_id") == old["submission_id"]).row(0, named=True)
    assert new["version"] == 3
    assert at.selectbox(key="review_pick").value == new["submission_id"]  # now shown
    assert at.button(key="approve")  # the restored version waits for review


def test_a_version_shows_its_changes_against_the_previous_version(demo_engine):
    start = template_start(demo_engine, SYSTEM, "BZ", 2025)
    first = start.activities[0]
    rows = [dataclasses.replace(first, partners="UN Women Mali"), *start.activities[1:]]
    data = build_template(
        load_framework(), "BZ", "BZ", 2025, rows, "en",
        indicators=start.indicators, narratives=start.narratives,
    )  # fmt: skip
    new_id = import_return(demo_engine, data, "bz.xlsx", SYSTEM).submission_id
    at = run_page(RETURNS, "en")
    at.selectbox(key="review_pick").set_value(new_id).run()
    _no_error_ids(at)
    assert any("Compared with version" in m.value for m in at.markdown)
    changed = _changes_table(at)
    assert list(changed.iloc[0]) == [
        first.title,
        "Partners",
        first.partners or "—",
        "UN Women Mali",
    ]
    assert at.download_button(key=f"original_{new_id}")  # the workbook as received


# --- the upload preview ----------------------------------------------------------------


def test_the_preview_lists_the_changed_activities_field_by_field(demo_engine):
    start = template_start(demo_engine, SYSTEM, "BZ", 2025)
    first = start.activities[0]
    rows = [dataclasses.replace(first, budget_eur=987_654.0), *start.activities[1:]]
    data = build_template(
        load_framework(), "BZ", "BZ", 2025, rows, "en",
        indicators=start.indicators, narratives=start.narratives,
    )  # fmt: skip
    at = run_page(RETURNS, "en")
    at.file_uploader(key="upload").upload("bz.xlsx", data, XLSX).run()
    _no_error_ids(at)
    assert any(m.label == "Changed" and m.value == "1" for m in at.metric)
    changed = _changes_table(at)
    assert list(changed.iloc[0, :2]) == [first.title, "Budget (EUR)"]
    assert changed.iloc[0, 3] == "€987,654"


def test_previews_of_a_rejected_and_an_unchanged_file_move_no_data_version(demo_engine):
    data = clean_return(load_framework())
    assert import_return(demo_engine, data, "bz.xlsx", SYSTEM).status == "accepted"
    before = data_version(demo_engine)
    at = run_page(RETURNS, "en")
    at.file_uploader(key="upload").upload("bad.xlsx", return_with_mistakes(load_framework()), XLSX)
    at.run()
    assert data_version(demo_engine) == before
    assert _events(demo_engine, "upload_rejected") == 1
    at.file_uploader(key="upload").upload("bz.xlsx", data, XLSX).run()
    _no_error_ids(at)
    assert any("unchanged" in m.value for m in at.markdown)
    assert not [b for b in at.button if b.key == "import_1"]
    assert data_version(demo_engine) == before
    assert _events(demo_engine, "upload_rejected") == 1  # the unchanged file is no rejection


def test_an_unchanged_result_is_not_recorded_as_rejected(demo_engine):
    data = clean_return(load_framework())
    import_return(demo_engine, data, "bz.xlsx", SYSTEM)
    again = import_return(demo_engine, data, "bz.xlsx", SYSTEM)
    assert again.status == "unchanged"
    record_rejection(demo_engine, again, SYSTEM)
    assert _events(demo_engine, "upload_rejected") == 0


# --- a signatory (sign-in mode oidc) ------------------------------------------------------


@pytest.fixture
def signatory(demo_engine, monkeypatch):
    monkeypatch.setenv("NAP_AUTH", "oidc")
    save_user(demo_engine, SYSTEM, SIGNATORY_EMAIL, SIGNATORY, ("ORG005",))
    return Actor(SIGNATORY_EMAIL, SIGNATORY, ("ORG005",))


def _signed_in(email: str = SIGNATORY_EMAIL) -> AppTest:
    now = int(time.time())
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.secrets["auth"] = AUTH
    at.query_params["lang"] = "en"
    at.user = {"is_logged_in": True, "email": email, "sub": email, "exp": now + 3600}
    at.run()
    at.switch_page(RETURNS).run()
    return at


def test_a_signatory_sees_its_own_returns_only_and_no_review(demo_engine, signatory):
    at = _signed_in()
    _no_error_ids(at)
    labels = [t.label for t in at.tabs]  # the version on show has tabs of its own
    assert labels[:2] == ["Template and upload", "My returns"]
    assert "Review" not in labels and "Who has reported" not in labels
    assert not [b for b in at.button if b.key in ("approve", "send_back", "restore")]
    assert [o.endswith("(ORG005)") for o in at.selectbox(key="tpl_org").options] == [True]
    shown = at.dataframe(key="own_versions").value
    assert set(shown.iloc[:, 1]) == {"ORG005"}
    everything = queries.load_submissions(demo_engine)
    assert len(shown) == everything.filter(pl.col("organisation_code") == "ORG005").height


def test_a_signatory_reads_the_comment_and_gets_its_file_back(demo_engine, signatory):
    start = template_start(demo_engine, signatory, "ORG005", 2025)
    data = build_template(
        load_framework(), "ORG005", "Org", 2025, start.activities, "en",
        indicators=start.indicators, narratives=start.narratives,
    )  # fmt: skip
    sent = import_return(demo_engine, data, "org5.xlsx", signatory)
    assert sent.status == "accepted"
    return_version(demo_engine, SYSTEM, sent.submission_id, "Goal 2 lacks its partners")
    at = _signed_in()
    _no_error_ids(at)
    assert at.selectbox(key="own_pick").value == sent.submission_id  # the newest first
    assert any("Goal 2 lacks its partners" in w.value for w in at.warning)
    assert at.download_button(key=f"own_original_{sent.submission_id}")
    assert at.download_button(key=f"own_template_{sent.submission_id}")


def test_a_signatorys_file_for_another_organisation_shows_only_the_refusal(demo_engine, signatory):
    at = _signed_in()
    at.file_uploader(key="upload").upload("bz.xlsx", clean_return(load_framework()), XLSX).run()
    _no_error_ids(at)
    refusal = [e.value for e in at.error]
    assert len(refusal) == 1 and "not for your own organisation" in refusal[0]
    assert not at.metric
    assert not [d for d in at.dataframe if "message" in d.value.columns]
    assert not [b for b in at.button if b.key == "import_1"]
    assert not [b for b in at.get("download_button") if "marked" in str(b.proto.id)]
