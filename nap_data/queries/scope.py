"""Which version of each return is read: the newest one whose review status is in scope."""

from __future__ import annotations

from sqlalchemy import Select, and_, func, select

from nap_data.models import Submission
from nap_data.vocab import SCOPE_STATUSES, DataScope


def in_scope_versions(scope: DataScope) -> Select:
    """Per organisation and year, the newest version whose review status is in scope."""
    statuses = [str(s) for s in SCOPE_STATUSES[DataScope(scope)]]
    return (
        select(
            Submission.organisation_id,
            Submission.year,
            func.max(Submission.version).label("version"),
        )
        .where(Submission.review_status.in_(statuses))
        .group_by(Submission.organisation_id, Submission.year)
    )


def current_submissions(scope: DataScope):
    """The in-scope versions as a subquery and the condition joining submissions to them."""
    best = in_scope_versions(scope).subquery()
    return best, and_(
        Submission.organisation_id == best.c.organisation_id,
        Submission.year == best.c.year,
        Submission.version == best.c.version,
    )
