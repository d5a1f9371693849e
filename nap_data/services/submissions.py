"""Return versions: add a new version, compare it with what is stored, review it.

A version is never changed after it is written (only its review status is);
a re-upload or a restore adds a new version, so history is kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, selectinload

from nap_data.models import (
    Activity,
    ActivityCountry,
    ActivityReport,
    Indicator,
    IndicatorValue,
    Narrative,
    Organisation,
    Submission,
    SubmissionFile,
)
from nap_data.returns.content import ActivityRow, ReturnContent
from nap_data.services import Actor
from nap_data.services.audit import record


@dataclass
class Diff:
    """How a return compares with the store; the same for a dry run and a commit."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    indicator_values: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "activities_new": len(self.new),
            "activities_changed": len(self.changed),
            "activities_unchanged": len(self.unchanged),
            "activities_removed": len(self.removed),
            "indicator_values": self.indicator_values,
        }


def row_from_report(report: ActivityReport) -> ActivityRow:
    return ActivityRow(
        reference=report.reference,
        title=report.title,
        description=report.description,
        goal_number=report.goal_number,
        focus=report.focus,
        countries=tuple(c.country_code for c in report.countries),
        status=report.status,
        start_date=report.start_date,
        end_date=report.end_date,
        budget_eur=report.budget_eur,
        progress=report.progress,
        target_groups=tuple(g for g in report.target_groups.split(";") if g),
        partners=report.partners,
        results=report.results,
    )


def latest_version(session: Session, org_id: int, year: int) -> Submission | None:
    return session.scalar(
        select(Submission)
        .where(Submission.organisation_id == org_id, Submission.year == year)
        .order_by(Submission.version.desc())
        .limit(1)
    )


def _states(session: Session, org_id: int, where) -> dict[str, ActivityRow]:
    rows = session.execute(
        select(Activity.identity_key, ActivityReport)
        .join(ActivityReport, ActivityReport.activity_id == Activity.id)
        .join(Submission, Submission.id == ActivityReport.submission_id)
        .where(Activity.organisation_id == org_id, where)
        .order_by(Submission.year, Submission.version, ActivityReport.id)
        # The countries in one more query, not one lazy load per report.
        .options(selectinload(ActivityReport.countries))
    ).all()
    return {key: row_from_report(report) for key, report in rows}


def stored_states(session: Session, org_id: int, year: int) -> tuple[dict, dict]:
    """What the store says about each activity for `year`, as (all known, newest version's).

    The newest version of that year when there is one; for activities it does not
    hold, their last report from an earlier year (a multi-year activity goes on).
    """
    states = _states(session, org_id, Submission.year < year)
    previous = latest_version(session, org_id, year)
    this_year = _states(session, org_id, Submission.id == previous.id) if previous else {}
    return {**states, **this_year}, this_year


def diff_return(session: Session, org: Organisation, content: ReturnContent) -> Diff:
    diff = Diff(indicator_values=len(content.indicators))
    known, previous = stored_states(session, org.id, content.year)
    for row in content.activities:
        if row.key not in known:
            diff.new.append(row.title)
        elif known[row.key].comparable() == row.comparable():
            diff.unchanged.append(row.title)
        else:
            diff.changed.append(row.title)
    present = {row.key for row in content.activities}
    diff.removed = [row.title for key, row in previous.items() if key not in present]
    return diff


def add_version(
    session: Session,
    actor: Actor,
    org: Organisation,
    content: ReturnContent,
    *,
    source: str,
    file_name: str | None = None,
    file_bytes: bytes | None = None,
    file_sha256: str | None = None,
    review_status: str = "submitted",
    created_at: dt.datetime | None = None,
    restored_from_id: int | None = None,
    diff: Diff | None = None,
) -> Submission:
    """Write `content` as the next version of the organisation's return for its year."""
    # One writer per organisation at a time (PostgreSQL), so the next version number is exact.
    session.execute(select(Organisation.id).where(Organisation.id == org.id).with_for_update())
    diff = diff or diff_return(session, org, content)
    next_version = (
        session.scalar(
            select(func.coalesce(func.max(Submission.version), 0)).where(
                Submission.organisation_id == org.id, Submission.year == content.year
            )
        )
        + 1
    )
    sub = Submission(
        organisation_id=org.id,
        year=content.year,
        version=next_version,
        created_by=actor.name,
        source=source,
        file_name=file_name,
        file_sha256=file_sha256,
        template_version=content.template_version,
        review_status=review_status,
        restored_from_id=restored_from_id,
        counts=diff.counts(),
    )
    if created_at is not None:
        sub.created_at = created_at
    session.add(sub)
    session.flush()
    if file_bytes is not None:
        session.add(SubmissionFile(submission_id=sub.id, content=file_bytes))
    _write_activities(session, org, sub, content)
    _write_indicators(session, sub, content)
    _write_narratives(session, sub, content)
    session.flush()
    record(
        session,
        actor,
        "version_added",
        "submission",
        sub.id,
        organisation=org.code,
        year=content.year,
        version=next_version,
        source=source,
        file=file_name,
        sha256=file_sha256,
        **diff.counts(),
    )
    return sub


def _write_activities(session: Session, org: Organisation, sub: Submission, content) -> None:
    """The version's activity reports and countries, new activity identities first.

    Bulk INSERT statements (one per table) rather than one ORM object and flush per row:
    a 1,000-activity return spent most of its import time in those flushes."""
    known = {
        key: id_
        for key, id_ in session.execute(
            select(Activity.identity_key, Activity.id).where(Activity.organisation_id == org.id)
        )
    }
    new_keys = list(dict.fromkeys(row.key for row in content.activities if row.key not in known))
    if new_keys:
        session.execute(
            insert(Activity),
            [
                {"organisation_id": org.id, "identity_key": key, "first_year": sub.year}
                for key in new_keys
            ],
        )
        # Read the ids back by the unique (organisation, identity key): a plain executemany
        # is far faster than INSERT ... RETURNING in parameter order.
        known.update(_ids(session, Activity.identity_key, Activity.organisation_id == org.id))
    if not content.activities:
        return
    session.execute(
        insert(ActivityReport),
        [report_values(sub.id, known[row.key], row) for row in content.activities],
    )
    # One report per activity in a version (unique (submission, activity)).
    report_ids = _ids(session, ActivityReport.activity_id, ActivityReport.submission_id == sub.id)
    countries = [
        {"report_id": report_ids[known[row.key]], "country_code": code}
        for row in content.activities
        for code in sorted(set(row.countries))
    ]
    if countries:
        session.execute(insert(ActivityCountry), countries)


def _ids(session: Session, key_column, where) -> dict:
    model = key_column.class_
    return {key: id_ for key, id_ in session.execute(select(key_column, model.id).where(where))}


def report_values(submission_id: int, activity_id: int, row: ActivityRow) -> dict:
    """The activity_report row of one activity of a version (the benchmark's W2 store writes
    the same rows)."""
    return {
        "submission_id": submission_id,
        "activity_id": activity_id,
        "reference": row.reference or None,
        "title": row.title,
        "description": row.description,
        "goal_number": row.goal_number,
        "focus": row.focus,
        "status": row.status,
        "start_date": row.start_date,
        "end_date": row.end_date,
        "budget_eur": row.budget_eur,
        "progress": row.progress,
        "target_groups": ";".join(sorted(row.target_groups)),
        "partners": row.partners,
        "results": row.results,
    }


def _write_indicators(session: Session, sub: Submission, content: ReturnContent) -> None:
    if not content.indicators:
        return
    ids = {code: id_ for code, id_ in session.execute(select(Indicator.code, Indicator.id))}
    session.execute(
        insert(IndicatorValue),
        [
            {
                "submission_id": sub.id,
                "indicator_id": ids[v.indicator_code],
                "year": v.year,
                "sex": v.sex,
                "value": v.value,
                "numerator": v.numerator,
                "denominator": v.denominator,
                "note": v.note,
            }
            for v in content.indicators
        ],
    )


def _write_narratives(session: Session, sub: Submission, content: ReturnContent) -> None:
    if content.narratives:
        session.execute(
            insert(Narrative),
            [
                {
                    "submission_id": sub.id,
                    "goal_number": n.goal_number,
                    "highlights": n.highlights,
                    "challenges": n.challenges,
                    "lessons": n.lessons,
                }
                for n in content.narratives
            ],
        )


def prefill_activities(session: Session, org_code: str, year: int) -> list[ActivityRow]:
    """The organisation's activities for the template of `year`.

    When a version of that year exists: exactly its activities (a correction starts
    from what was sent). Otherwise the activities last reported in earlier years,
    without those completed or cancelled before; a signatory updates, not retypes.
    """
    org = session.scalar(select(Organisation).where(Organisation.code == org_code))
    if org is None:
        return []
    previous = latest_version(session, org.id, year)
    if previous is not None:
        return list(_states(session, org.id, Submission.id == previous.id).values())
    earlier = _states(session, org.id, Submission.year < year)
    return [row for row in earlier.values() if row.status not in ("completed", "cancelled")]
