"""Reading the audit trail: the events with their person, file and SHA-256, the filters,
who may read it, and where one return's figures come from."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from nap_data.framework import load_framework
from nap_data.i18n import catalogue
from nap_data.models import AuditEvent
from nap_data.returns.samples import clean_return, return_with_mistakes
from nap_data.services import Actor, access, review
from nap_data.services.audit_log import (
    ACTIONS,
    KINDS,
    action_kind,
    audit_events,
    provenance,
    summary,
    trail_facts,
)
from nap_data.services.imports import import_return, record_rejection
from nap_data.store import write_session
from tests.conftest import REPO
from tests.test_audit_trail import _changed_return

UPLOADER = Actor("sig@bz.example", "signatory", ("BZ",))
OFFICER = Actor("officer@bz.example", "policy_officer")


@pytest.fixture
def story(demo_engine):
    """An upload by the signatory, its approval, a rejected upload, a second upload that is
    returned, and a restore of the approved version."""
    fw = load_framework()
    good, bad, second = clean_return(fw), return_with_mistakes(fw), _changed_return()
    first = import_return(demo_engine, good, "bz-2025.xlsx", UPLOADER)
    review.approve_version(demo_engine, OFFICER, first.submission_id)
    rejected = import_return(demo_engine, bad, "bz-fout.xlsx", UPLOADER)
    record_rejection(demo_engine, rejected, UPLOADER)
    again = import_return(demo_engine, second, "bz-2025-v2.xlsx", UPLOADER)
    review.return_version(demo_engine, OFFICER, again.submission_id, "Doel 5 ontbreekt")
    restored = review.restore_version(demo_engine, OFFICER, first.submission_id)
    return {
        "engine": demo_engine,
        "good": hashlib.sha256(good).hexdigest(),
        "bad": hashlib.sha256(bad).hexdigest(),
        "second": hashlib.sha256(second).hexdigest(),
        "first": first,
        "again": again,
        "restored": restored,
    }


def test_the_newest_events_come_first_with_person_file_and_sha256(story):
    events = audit_events(story["engine"], OFFICER, lang="en").head(7)
    assert events["action"].to_list() == [
        "version_restored",
        "version_added",
        "version_returned",
        "version_added",
        "upload_rejected",
        "version_approved",
        "version_added",
    ]
    rows = events.rows(named=True)
    assert [r["who"] for r in rows] == [OFFICER.name] * 3 + [UPLOADER.name] * 2 + [
        OFFICER.name,
        UPLOADER.name,
    ]
    first, approved, rejected = rows[6], rows[5], rows[4]
    assert (first["file_name"], first["sha256"]) == ("bz-2025.xlsx", story["good"])
    assert (first["organisation_code"], first["year"]) == ("BZ", 2025)
    assert first["version"] == story["first"].version
    # The approval names the version it concerns, with that version's file.
    assert (approved["version"], approved["sha256"]) == (story["first"].version, story["good"])
    assert (rejected["file_name"], rejected["sha256"]) == ("bz-fout.xlsx", story["bad"])
    assert rejected["detail"] == f"{len(import_errors(story))} error(s)"
    assert rows[2]["detail"] == "Comment: Doel 5 ontbreekt"
    assert rows[0]["detail"] == f"from version {story['first'].version}"
    assert rows[0]["sha256"] == story["good"]  # a restore brings back the same file
    assert events.schema["when"] == pl.Datetime("us")  # local wall-clock time, no zone


def import_errors(story) -> list:
    bad = return_with_mistakes(load_framework())
    return import_return(story["engine"], bad, "x.xlsx", UPLOADER, dry_run=True).errors


def test_the_detail_is_in_the_readers_language(story):
    nl = audit_events(story["engine"], OFFICER, actions=["version_added"], limit=1)
    assert nl["detail"].item().startswith("herstel: ")
    en = audit_events(story["engine"], OFFICER, actions=["version_added"], limit=1, lang="en")
    assert en["detail"].item().startswith("restore: ")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"actions": KINDS["rejected"]}, ["upload_rejected"]),
        ({"actions": KINDS["approve"] + KINDS["return"]}, ["version_returned", "version_approved"]),
        ({"actors": [UPLOADER.name]}, ["version_added", "upload_rejected", "version_added"]),
        ({"text": "BZ-FOUT"}, ["upload_rejected"]),
        ({"text": "ontbreekt"}, ["version_returned"]),
        ({"text": "100%_"}, []),  # LIKE wildcards are taken as text
    ],
)  # fmt: skip
def test_filters_by_kind_person_and_text(story, filters, expected):
    found = audit_events(story["engine"], OFFICER, **filters)
    assert found["action"].to_list() == expected


def test_filter_by_organisation_finds_versions_and_register_events(story):
    found = audit_events(story["engine"], OFFICER, organisation="bz")
    assert set(found["organisation_code"]) == {"BZ"}
    assert found.height >= 8  # the demo's own BZ versions as well as the story's
    assert audit_events(story["engine"], OFFICER, organisation="NOPE").is_empty()


def test_filter_by_period_uses_whole_local_days(story):
    engine = story["engine"]
    today = dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    assert audit_events(engine, OFFICER, since=today, until=today).height > 0
    old = dt.datetime(2024, 3, 1, 22, 30)  # 23:30 in Amsterdam: still 1 March there
    with write_session(engine) as s:
        event = AuditEvent(at=old, actor="x", action="export_made", entity="store", detail={})
        s.add(event)
        s.flush()
        old_id = event.id
    day = audit_events(engine, OFFICER, since=dt.date(2024, 3, 1), until=dt.date(2024, 3, 1))
    assert day["id"].to_list() == [old_id]
    assert day["when"].item() == dt.datetime(2024, 3, 1, 23, 30)
    assert audit_events(
        engine, OFFICER, since=dt.date(2024, 3, 2), until=dt.date(2024, 3, 2)
    ).is_empty()


def test_the_limit_keeps_the_newest(story):
    found = audit_events(story["engine"], OFFICER, limit=2)
    assert found["action"].to_list() == ["version_restored", "version_added"]


def test_trail_facts_name_everyone_and_the_first_day(story):
    facts = trail_facts(story["engine"], OFFICER)
    assert {"system", UPLOADER.name, OFFICER.name} <= set(facts.people)
    assert facts.first_day == dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date()


@pytest.mark.parametrize(
    "who", [Actor("board@x.example", "viewer"), UPLOADER, Actor("anon", "anonymous")]
)
def test_only_the_secretariat_reads_the_trail_and_a_refusal_is_recorded(demo_engine, who):
    for read in (
        lambda: audit_events(demo_engine, who),
        lambda: provenance(demo_engine, who, "BZ", 2025),
        lambda: trail_facts(demo_engine, who),
    ):
        with pytest.raises(access.Denied):
            read()
    refused = audit_events(demo_engine, OFFICER, actions=["access_denied"], actors=[who.name])
    assert refused.height == 3


def test_provenance_shows_every_version_its_file_review_and_restore(story):
    found = provenance(story["engine"], OFFICER, "bz", 2025)
    first, again, restored = story["first"], story["again"], story["restored"]
    assert found["version"].to_list()[:3] == [restored.version, again.version, first.version]
    top, returned, approved = found.head(3).rows(named=True)
    assert (top["source"], top["who"], top["restored_from"]) == (
        "restore",
        OFFICER.name,
        first.version,
    )
    assert (top["file_name"], top["sha256"]) == ("bz-2025.xlsx", story["good"])
    assert (returned["who"], returned["file_name"], returned["sha256"]) == (
        UPLOADER.name,
        "bz-2025-v2.xlsx",
        story["second"],
    )
    assert (returned["review_status"], returned["reviewed_by"]) == ("returned", OFFICER.name)
    assert returned["review_comment"] == "Doel 5 ontbreekt"
    assert (approved["review_status"], approved["reviewed_by"]) == ("approved", OFFICER.name)
    assert approved["reviewed_at"] >= approved["when"]
    # The demo's own versions of BZ 2025 come after, without a file.
    assert found.tail(1)["source"].item() == "demo" and found.tail(1)["file_name"].item() is None


def test_provenance_of_a_return_never_received_is_empty(demo_engine):
    assert provenance(demo_engine, OFFICER, "BZ", 2031).is_empty()


# --- words for every action -------------------------------------------------------------


# The two families whose action is built from a change kind.
FAMILIES = {
    'f"organisation_{action}"': {"organisation_added", "organisation_changed", "organisation_left"},
    'f"framework_{c.change}"': {"framework_added", "framework_changed", "framework_removed"},
}


def _recorded_actions() -> set[str]:
    """Every action code the package records, read from its record(...) calls."""
    found = set()
    for path in (REPO / "nap_data").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for expr in re.findall(r"\brecord\(\s*session,\s*\w+,\s*([^,]+),", text):
            expr = expr.strip()
            if expr.startswith("f"):
                assert expr in FAMILIES, f"{path}: an action built as {expr}"
                found |= FAMILIES[expr]
            else:
                found |= set(re.findall(r'"([a-z_]+)"', expr))
    return found


def test_every_recorded_action_has_a_kind_and_words():
    recorded = _recorded_actions()
    assert {"version_added", "upload_rejected", "version_approved", "access_denied"} <= recorded
    assert not sorted(a for a in recorded if action_kind(a) is None)
    assert not sorted(a for a in ACTIONS if f"audit.action.{a}" not in catalogue())
    assert all(f"audit.kind.{k}" in catalogue() for k in KINDS)


def test_an_unknown_action_still_gets_a_readable_detail():
    assert summary("something_new", {"file": "x.csv", "n": 3, "skip": [1]}, None, "en") == (
        "file: x.csv; n: 3"
    )
