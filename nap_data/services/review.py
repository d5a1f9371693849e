"""The review workflow of return versions: approve, return for revision, restore.

submitted -> approved (locked) | returned (with a comment). A new upload or a
restore always starts a new version; an approved version is never changed.
"""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from nap_data.models import (
    ActivityReport,
    Indicator,
    IndicatorValue,
    Narrative,
    Organisation,
    Submission,
    SubmissionFile,
    utcnow,
)
from nap_data.returns.content import IndicatorRow, NarrativeRow, ReturnContent
from nap_data.services import Actor, access
from nap_data.services.audit import record
from nap_data.services.submissions import (
    add_version,
    diff_return,
    latest_version,
    prefill_activities,
    row_from_report,
)
from nap_data.store import read_session, write_session


class ReviewError(Exception):
    """An action that is not allowed in the version's current state; `code` is a message key."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def _get(session: Session, submission_id: int) -> Submission:
    # The row lock makes two reviewers (or a review and an upload) take turns on
    # PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the whole store.
    sub = session.get(Submission, submission_id, with_for_update=True)
    if sub is None:
        raise ReviewError("review.not_found", id=submission_id)
    return sub


def _reviewable(session: Session, submission_id: int) -> Submission:
    """Only the newest version of a return, and only while it is submitted, can be reviewed."""
    sub = _get(session, submission_id)
    if sub.review_status != "submitted":
        raise ReviewError("review.only_submitted", status=sub.review_status)
    if latest_version(session, sub.organisation_id, sub.year).id != sub.id:
        raise ReviewError("review.superseded")
    return sub


def approve(session: Session, actor: Actor, submission_id: int) -> Submission:
    access.require(None, actor, access.APPROVE)
    sub = _reviewable(session, submission_id)
    sub.review_status, sub.reviewed_by, sub.reviewed_at = "approved", actor.name, utcnow()
    record(session, actor, "version_approved", "submission", sub.id)
    return sub


def return_for_revision(
    session: Session, actor: Actor, submission_id: int, comment: str
) -> Submission:
    access.require(None, actor, access.RETURN)
    sub = _reviewable(session, submission_id)
    if not comment.strip():
        raise ReviewError("review.comment_required")
    sub.review_status, sub.review_comment = "returned", comment.strip()
    sub.reviewed_by, sub.reviewed_at = actor.name, utcnow()
    record(session, actor, "version_returned", "submission", sub.id, comment=comment.strip())
    return sub


def content_of(session: Session, sub: Submission) -> ReturnContent:
    """What a stored version says, in the same form as a freshly read return."""
    reports = (
        session.query(ActivityReport).filter_by(submission_id=sub.id).order_by(ActivityReport.id)
    )
    values = (
        session.query(IndicatorValue).filter_by(submission_id=sub.id).order_by(IndicatorValue.id)
    )
    codes = {i.id: i.code for i in session.query(Indicator)}
    narratives = (
        session.query(Narrative).filter_by(submission_id=sub.id).order_by(Narrative.goal_number)
    )
    return ReturnContent(
        organisation_code=sub.organisation.code,
        year=sub.year,
        template_version=sub.template_version,
        activities=tuple(row_from_report(r) for r in reports),
        indicators=tuple(
            IndicatorRow(
                codes[v.indicator_id], v.year, v.value, v.sex, v.numerator, v.denominator, v.note
            )
            for v in values
        ),
        narratives=tuple(
            NarrativeRow(n.goal_number, n.highlights, n.challenges, n.lessons) for n in narratives
        ),
    )


def restore(session: Session, actor: Actor, submission_id: int) -> Submission:
    """Make an older version current again by adding it as the newest version."""
    access.require(None, actor, access.RESTORE)
    old = _get(session, submission_id)
    if latest_version(session, old.organisation_id, old.year).id == old.id:
        raise ReviewError("review.already_current")
    org = session.get(Organisation, old.organisation_id)
    content = content_of(session, old)
    stored = session.get(SubmissionFile, old.id)
    new = add_version(
        session,
        actor,
        org,
        content,
        source="restore",
        file_name=old.file_name,
        file_bytes=stored.content if stored else None,
        file_sha256=old.file_sha256,
        restored_from_id=old.id,
        diff=diff_return(session, org, content),
    )
    record(session, actor, "version_restored", "submission", new.id, restored_from=old.id)
    return new


def prefill(session: Session, org_code: str, year: int) -> ReturnContent:
    """What the template of `year` starts with: the activities (see prefill_activities) and,
    when a version of that year exists, its indicator values and narratives too, so a
    correction does not lose them."""
    activities = tuple(prefill_activities(session, org_code, year))
    org = session.scalar(select(Organisation).where(Organisation.code == org_code))
    previous = latest_version(session, org.id, year) if org else None
    if previous is None:
        return ReturnContent(org_code, year, activities=activities)
    stored = content_of(session, previous)
    return ReturnContent(
        org_code,
        year,
        activities=activities,
        indicators=stored.indicators,
        narratives=stored.narratives,
    )


# --- the use cases the pages call: check the actor (recording a refusal), then act ------


def approve_version(engine: Engine, actor: Actor, submission_id: int) -> Submission:
    access.require(engine, actor, access.APPROVE)
    with write_session(engine) as session:
        return _detached(session, approve(session, actor, submission_id))


def return_version(engine: Engine, actor: Actor, submission_id: int, comment: str) -> Submission:
    access.require(engine, actor, access.RETURN)
    with write_session(engine) as session:
        return _detached(session, return_for_revision(session, actor, submission_id, comment))


def restore_version(engine: Engine, actor: Actor, submission_id: int) -> Submission:
    access.require(engine, actor, access.RESTORE)
    with write_session(engine) as session:
        return _detached(session, restore(session, actor, submission_id))


def _detached(session: Session, sub: Submission) -> Submission:
    session.flush()
    session.refresh(sub)
    org = sub.organisation  # loaded and kept: the caller's message names the organisation
    session.expunge(sub)
    session.expunge(org)
    return sub


def previous_version(engine: Engine, submission_id: int) -> tuple[int, int] | None:
    """(id, version number) of the version before this one of the same organisation and
    year; None for a first version. Only which version, not what it says: reading that
    goes through `version_content`, which checks the actor."""
    with read_session(engine) as session:
        sub = _version_owner(session, submission_id)
        row = session.execute(
            select(Submission.id, Submission.version)
            .where(
                Submission.organisation_id == sub.organisation_id,
                Submission.year == sub.year,
                Submission.version < sub.version,
            )
            .order_by(Submission.version.desc())
            .limit(1)
        ).first()
    return (row.id, row.version) if row else None


def _version_owner(session: Session, submission_id: int) -> Submission:
    sub = session.get(Submission, submission_id)
    if sub is None:
        raise ReviewError("review.not_found", id=submission_id)
    return sub


def version_content(engine: Engine, actor: Actor, submission_id: int) -> ReturnContent:
    """What one stored version says. An approved version counts in the dashboards, so
    anyone who sees them may read it; any other only a reviewer or its own signatory."""
    with read_session(engine) as session:
        sub = _version_owner(session, submission_id)
        code, approved = sub.organisation.code, sub.review_status == "approved"
    if not approved:
        access.require(engine, actor, access.VIEW_UNAPPROVED, code)
    else:
        access.require(engine, actor, access.VIEW_DASHBOARDS)
    with read_session(engine) as session:
        return content_of(session, _version_owner(session, submission_id))


def original_file(engine: Engine, actor: Actor, submission_id: int) -> tuple[str, bytes] | None:
    """(file name, bytes) of the workbook exactly as received, for the reviewer or the
    organisation's own signatory; None when the version came without a file (demo)."""
    with read_session(engine) as session:
        sub = _version_owner(session, submission_id)
        code, name = sub.organisation.code, sub.file_name
    access.require(engine, actor, access.DOWNLOAD_ORIGINAL, code)
    with read_session(engine) as session:
        stored = session.get(SubmissionFile, submission_id)
        if stored is None:
            return None
        return name or f"version-{submission_id}.xlsx", stored.content


def template_start(engine: Engine, actor: Actor, org_code: str, year: int) -> ReturnContent:
    """What the template of `org_code` for `year` starts with, for those who may have it."""
    access.require(engine, actor, access.TEMPLATE, org_code)
    with read_session(engine) as session:
        return prefill(session, org_code, year)
