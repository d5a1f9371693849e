"""The store: SQLite pragmas, migrations, transactions and version history."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError

from nap_data.models import ActivityReport, AuditEvent, Organisation, Submission
from nap_data.returns.content import ActivityRow, ReturnContent
from nap_data.services import SYSTEM
from nap_data.services.submissions import add_version, diff_return
from nap_data.store import (
    StoreError,
    check_reachable,
    data_version,
    make_engine,
    read_session,
    schema_is_current,
    upgrade,
    write_session,
)


def test_sqlite_connections_set_the_required_pragmas(empty_engine):
    with empty_engine.connect() as conn:
        pragma = {
            p: conn.exec_driver_sql(f"PRAGMA {p}").scalar()
            for p in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
        }
    assert pragma == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": 30000,
        "synchronous": 2,
    }


def test_upgrade_creates_every_table_and_is_idempotent(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 's.db'}")
    assert not schema_is_current(engine)
    upgrade(engine)
    upgrade(engine)
    assert schema_is_current(engine)
    tables = set(inspect(engine).get_table_names())
    assert {
        "plan",
        "goal",
        "organisation",
        "activity",
        "activity_report",
        "indicator",
        "indicator_value",
        "submission",
        "submission_file",
        "narrative",
        "audit_event",
        "alembic_version",
    } <= tables


def test_foreign_keys_are_enforced(any_engine):
    with pytest.raises(IntegrityError), write_session(any_engine) as s:
        s.add(
            Submission(organisation_id=999, year=2022, version=1, created_by="t", source="upload")
        )


def test_a_failed_write_leaves_nothing_behind(any_engine):
    before = data_version(any_engine)
    with pytest.raises(RuntimeError), write_session(any_engine) as s:
        s.add(_org("X1"))
        s.flush()
        raise RuntimeError("boom")
    with read_session(any_engine) as s:
        assert s.scalar(select(func.count(Organisation.id))) == 0
    assert data_version(any_engine) == before


def test_unreachable_store_raises_a_readable_error():
    engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(StoreError, match="cannot reach the store"):
        check_reachable(engine)


def test_invalid_url_is_a_store_error():
    with pytest.raises(StoreError, match="invalid NAP_DATABASE_URL"):
        make_engine("not a url")


def _org(code: str) -> Organisation:
    return Organisation(code=code, name=f"Org {code}", type="cso", joined_on=dt.date(2021, 1, 1))


def _row(title: str, ref: str | None = None, budget: float | None = 1000.0) -> ActivityRow:
    return ActivityRow(
        title=title,
        reference=ref,
        goal_number=1,
        focus="foreign",
        countries=("ML",),
        status="ongoing",
        start_date=dt.date(2022, 1, 1),
        budget_eur=budget,
    )


def _add(engine, rows, year=2022):
    with write_session(engine) as s:
        org = s.scalar(select(Organisation).where(Organisation.code == "A1"))
        if org is None:
            org = _org("A1")
            s.add(org)
            s.flush()
        content = ReturnContent("A1", year, 1, tuple(rows))
        diff = diff_return(s, org, content)
        sub = add_version(s, SYSTEM, org, content, source="upload", diff=diff)
        return sub.id, diff.counts()


def test_versions_keep_history_and_count_changes(any_engine):
    first, counts1 = _add(any_engine, [_row("Training", "R1"), _row("Shelter")])
    assert counts1["activities_new"] == 2
    second, counts2 = _add(any_engine, [_row("Training", "R1", budget=2000.0)])
    assert (counts2["activities_changed"], counts2["activities_removed"]) == (1, 1)
    with read_session(any_engine) as s:
        versions = s.execute(
            select(Submission.id, Submission.version).order_by(Submission.version)
        ).all()
        assert [v for _id, v in versions] == [1, 2]
        # the first version's rows are still there, untouched
        kept = s.scalars(
            select(ActivityReport.title).where(ActivityReport.submission_id == first)
        ).all()
        assert sorted(kept) == ["Shelter", "Training"]


def test_same_activity_across_years_is_one_identity_and_unchanged(any_engine):
    _add(any_engine, [_row("Training", "R1")], year=2022)
    _id, counts = _add(any_engine, [_row("Training ", "r1")], year=2023)
    # reference matching ignores case and spaces; the title changed by a space only
    assert counts["activities_new"] == 0


def test_every_write_bumps_the_data_version(any_engine):
    before = data_version(any_engine)
    _add(any_engine, [_row("Training", "R1")])
    assert data_version(any_engine) > before
    with read_session(any_engine) as s:
        assert (
            s.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1))
            == "version_added"
        )
