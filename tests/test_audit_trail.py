"""The audit trail: every kind of write leaves its event (who, what and, for files, the
SHA-256), and no session can change or delete an event."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import delete, func, select, update

from nap_data.framework import DEFAULT_FRAMEWORK, load_framework, parse_framework
from nap_data.models import AuditEvent, AuditIsAppendOnly, Submission
from nap_data.returns.samples import clean_return, return_with_mistakes
from nap_data.services import Actor, access, backup, framework, register, review, users
from nap_data.services.imports import import_return, record_rejection
from nap_data.store import read_session, write_session
from tests.test_register_file import HEADER_NL, to_csv

OFFICER = Actor("officer@bz.example", "policy_officer")
ADMIN = Actor("admin@bz.example", "admin")
VIEWER = Actor("board@bz.example", "viewer")


def _events(engine, after: int) -> list[AuditEvent]:
    with read_session(engine) as s:
        found = s.scalars(select(AuditEvent).where(AuditEvent.id > after).order_by(AuditEvent.id))
        return list(found)


def _last_id(engine) -> int:
    with read_session(engine) as s:
        return s.scalar(select(func.max(AuditEvent.id))) or 0


def _upload(engine, data: bytes, name: str, actor: Actor = OFFICER):
    result = import_return(engine, data, name, actor)
    if result.status == "rejected":
        record_rejection(engine, result, actor)
    return result


# --- append only ------------------------------------------------------------------------


def test_a_session_cannot_change_an_event(demo_engine):
    first = _last_id(demo_engine)
    with pytest.raises(AuditIsAppendOnly), write_session(demo_engine) as s:
        s.get(AuditEvent, first).actor = "someone else"
    with read_session(demo_engine) as s:
        assert s.get(AuditEvent, first).actor == "system"


def test_a_session_cannot_delete_an_event(demo_engine):
    first = _last_id(demo_engine)
    with pytest.raises(AuditIsAppendOnly), write_session(demo_engine) as s:
        s.delete(s.get(AuditEvent, first))
    with read_session(demo_engine) as s:
        assert s.get(AuditEvent, first) is not None


def test_a_session_may_add_events_next_to_a_refused_change(demo_engine):
    """Adding stays possible: the guard is about existing rows only."""
    before = _last_id(demo_engine)
    with write_session(demo_engine) as s:
        s.add(AuditEvent(actor="x", action="export_made", entity="store", detail={}))
    assert _last_id(demo_engine) == before + 1


@pytest.mark.parametrize("statement", ["update", "delete"])
def test_a_bulk_statement_through_a_session_cannot_change_events(demo_engine, statement):
    count = _last_id(demo_engine)
    bulk = (
        update(AuditEvent).values(actor="mallory") if statement == "update" else delete(AuditEvent)
    )
    with pytest.raises(AuditIsAppendOnly), write_session(demo_engine) as s:
        s.execute(bulk)
    with read_session(demo_engine) as s:
        left = s.scalar(select(func.count()).where(AuditEvent.actor != "mallory"))
    assert left == count


# --- each kind of write leaves its event ------------------------------------------------


def test_an_accepted_upload_records_who_the_file_and_its_sha256(demo_engine):
    data = clean_return(load_framework())
    before = _last_id(demo_engine)
    result = _upload(demo_engine, data, "bz-2025.xlsx")
    assert result.status == "accepted"
    (event,) = _events(demo_engine, before)
    assert (event.actor, event.action, event.entity) == (
        OFFICER.name,
        "version_added",
        "submission",
    )
    assert event.entity_id == result.submission_id
    assert event.detail["file"] == "bz-2025.xlsx"
    assert event.detail["sha256"] == hashlib.sha256(data).hexdigest()
    assert (event.detail["organisation"], event.detail["year"]) == ("BZ", 2025)
    assert event.detail["source"] == "upload" and event.detail["version"] == result.version


def test_a_rejected_upload_records_the_file_its_sha256_and_the_errors(demo_engine):
    data = return_with_mistakes(load_framework())
    before = _last_id(demo_engine)
    result = _upload(demo_engine, data, "wrong.xlsx")
    assert result.status == "rejected"
    (event,) = _events(demo_engine, before)
    assert (event.actor, event.action) == (OFFICER.name, "upload_rejected")
    assert event.detail["file"] == "wrong.xlsx"
    assert event.detail["sha256"] == hashlib.sha256(data).hexdigest()
    assert len(event.detail["errors"]) == len(result.errors)


def test_an_unreadable_file_is_recorded_with_its_sha256_too(demo_engine):
    before = _last_id(demo_engine)
    _upload(demo_engine, b"not a workbook", "notes.xlsx")
    (event,) = _events(demo_engine, before)
    assert event.action == "upload_rejected"
    assert event.detail["sha256"] == hashlib.sha256(b"not a workbook").hexdigest()


def _submitted(engine) -> tuple[int, bytes]:
    data = clean_return(load_framework())
    return _upload(engine, data, "bz-2025.xlsx").submission_id, data


def test_approve_return_and_restore_each_record_who_and_which_version(demo_engine):
    first, data = _submitted(demo_engine)
    before = _last_id(demo_engine)
    review.approve_version(demo_engine, OFFICER, first)
    (approved,) = _events(demo_engine, before)
    assert (approved.actor, approved.action, approved.entity_id) == (
        OFFICER.name,
        "version_approved",
        first,
    )
    second = _upload(demo_engine, _changed_return(), "bz-2025-v2.xlsx").submission_id
    before = _last_id(demo_engine)
    review.return_version(demo_engine, OFFICER, second, "Budget ontbreekt")
    (returned,) = _events(demo_engine, before)
    assert (
        returned.action == "version_returned" and returned.detail["comment"] == "Budget ontbreekt"
    )
    before = _last_id(demo_engine)
    restored = review.restore_version(demo_engine, ADMIN, first)
    added, restore = _events(demo_engine, before)
    assert (added.action, added.detail["source"]) == ("version_added", "restore")
    assert added.detail["sha256"] == hashlib.sha256(data).hexdigest()  # the restored file's
    assert (restore.actor, restore.action, restore.entity_id) == (
        ADMIN.name,
        "version_restored",
        restored.id,
    )
    assert restore.detail["restored_from"] == first


def _changed_return() -> bytes:
    from nap_data.returns.samples import ACTIVITIES_ROWS, SAMPLE_NAME, SAMPLE_ORG, SAMPLE_YEAR
    from nap_data.returns.template import build_template

    return build_template(
        load_framework(), SAMPLE_ORG, SAMPLE_NAME, SAMPLE_YEAR, ACTIVITIES_ROWS[:1], "nl"
    )


def test_register_changes_record_who_old_new_and_why(demo_engine):
    values = {"code": "KI9", "name": "Kennis", "type": "knowledge"}
    values |= {"joined_on": dt.date(2022, 1, 1), "pledged_goals": [2]}
    before = _last_id(demo_engine)
    register.add_organisation(demo_engine, OFFICER, values, "nieuw lid")
    register.update_organisation(demo_engine, OFFICER, "KI9", {"name": "Kennis NL"}, "typfout")
    register.mark_left(demo_engine, OFFICER, "KI9", dt.date(2025, 6, 30), "opgezegd")
    events = _events(demo_engine, before)
    assert [e.action for e in events] == [
        "organisation_added",
        "organisation_changed",
        "organisation_left",
    ]
    assert {e.actor for e in events} == {OFFICER.name}
    assert events[1].detail["changes"] == {"name": ["Kennis", "Kennis NL"]}
    assert [e.detail["reason"] for e in events] == ["nieuw lid", "typfout", "opgezegd"]


def test_a_register_file_records_its_sha256_accepted_or_rejected(demo_engine):
    good = to_csv(
        [HEADER_NL, ["KI8", "Kennis acht", "kennisinstelling", "2022-01-01", "", "", "2"]]
    )
    bad = to_csv([HEADER_NL, ["KI8", "", "onbekend", "gisteren", "", "", "9"]])
    before = _last_id(demo_engine)
    accepted = register.import_register(demo_engine, good, "register.csv", OFFICER)
    rejected = register.import_register(demo_engine, bad, "leeg.csv", OFFICER)
    assert (accepted.status, rejected.status) == ("accepted", "rejected")
    register.record_rejection(demo_engine, rejected, OFFICER)
    by_action = {e.action: e for e in _events(demo_engine, before)}
    imported, refused = by_action["register_imported"], by_action["register_rejected"]
    assert imported.detail["sha256"] == hashlib.sha256(good).hexdigest()
    assert refused.detail["sha256"] == hashlib.sha256(bad).hexdigest()
    assert refused.detail["file"] == "leeg.csv" and refused.actor == OFFICER.name


def test_a_framework_change_records_each_change_and_the_load(demo_engine):
    text = DEFAULT_FRAMEWORK.read_text(encoding="utf-8").replace("target = 2500", "target = 3000")
    before = _last_id(demo_engine)
    assert framework.load(demo_engine, parse_framework(text.encode()), ADMIN)
    changed, loaded = _events(demo_engine, before)
    assert (changed.actor, changed.action) == (ADMIN.name, "framework_changed")
    assert (changed.detail["key"], changed.detail["field"]) == ("P1.1", "target")
    assert (changed.detail["old"], changed.detail["new"]) == (2500, 3000)
    assert (loaded.action, loaded.detail["changes"]) == ("framework_loaded", 1)


def test_user_and_role_changes_record_before_and_after(demo_engine):
    before = _last_id(demo_engine)
    users.save_user(demo_engine, ADMIN, "Ann@Org.example", "viewer")
    users.save_user(demo_engine, ADMIN, "ann@org.example", "signatory", ("BZ",))
    users.remove_user(demo_engine, ADMIN, "ann@org.example")
    added, changed, removed = _events(demo_engine, before)
    assert [e.action for e in (added, changed, removed)] == [
        "user_added",
        "user_changed",
        "user_removed",
    ]
    assert changed.detail["before"] == {"role": "viewer", "organisations": []}
    assert changed.detail["after"] == {"role": "signatory", "organisations": ["BZ"]}
    assert removed.detail["email"] == "ann@org.example" and removed.actor == ADMIN.name


def test_a_refusal_records_who_tried_what(demo_engine):
    before = _last_id(demo_engine)
    with pytest.raises(access.Denied):
        review.approve_version(demo_engine, VIEWER, 1)
    (event,) = _events(demo_engine, before)
    assert (event.actor, event.action) == (VIEWER.name, "access_denied")
    assert (event.detail["attempted"], event.detail["role"]) == ("approve", "viewer")


def test_every_version_in_the_store_has_its_event(demo_engine):
    """The demo's versions too: each Submission row has one version_added event."""
    with read_session(demo_engine) as s:
        versions = set(s.scalars(select(Submission.id)))
        added = set(
            s.scalars(select(AuditEvent.entity_id).where(AuditEvent.action == "version_added"))
        )
    assert versions and versions == added


def test_a_backup_and_a_restore_record_who_and_the_copys_sha256(demo_engine, tmp_path):
    copy = tmp_path / "backup.db"
    before = _last_id(demo_engine)
    made = backup.make_backup(demo_engine, ADMIN, copy)
    (event,) = _events(demo_engine, before)
    assert (event.actor, event.action) == (ADMIN.name, "backup_made")
    assert event.detail["sha256"] == made.sha256 == hashlib.sha256(copy.read_bytes()).hexdigest()
    digest = hashlib.sha256(copy.read_bytes()).hexdigest()
    backup.restore_backup(demo_engine, ADMIN, copy)
    # The store is now the copy (made before its backup_made event) plus the restore's event.
    restored = _events(demo_engine, before - 1)[-1]
    assert (restored.actor, restored.action) == (ADMIN.name, "backup_restored")
    assert restored.detail["sha256"] == digest


def test_signing_in_and_out_is_recorded_with_the_role(demo_engine):
    before = _last_id(demo_engine)
    users.record_sign_in(demo_engine, OFFICER)
    users.record_sign_out(demo_engine, OFFICER, "expired")
    signed_in, signed_out = _events(demo_engine, before)
    assert (signed_in.actor, signed_in.action, signed_in.detail["role"]) == (
        OFFICER.name,
        "signed_in",
        "policy_officer",
    )
    assert (signed_out.action, signed_out.detail["reason"]) == ("signed_out", "expired")
