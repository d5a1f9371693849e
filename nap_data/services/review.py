"""The review workflow of return versions: approve, return for revision, restore.

submitted -> approved (locked) | returned (with a comment). A new upload or a
restore always starts a new version; an approved version is never changed.
"""

from __future__ import annotations

from sqlalchemy import select
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
from nap_data.services import Actor
from nap_data.services.audit import record
from nap_data.services.submissions import (
    add_version,
    diff_return,
    latest_version,
    prefill_activities,
    row_from_report,
)


class ReviewError(Exception):
    """An action that is not allowed in the version's current state; `code` is a message key."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def _get(session: Session, submission_id: int) -> Submission:
    sub = session.get(Submission, submission_id)
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
    sub = _reviewable(session, submission_id)
    sub.review_status, sub.reviewed_by, sub.reviewed_at = "approved", actor.name, utcnow()
    record(session, actor, "version_approved", "submission", sub.id)
    return sub


def return_for_revision(
    session: Session, actor: Actor, submission_id: int, comment: str
) -> Submission:
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
