"""The narratives (highlights, challenges, lessons per goal) of the in-scope returns."""

from __future__ import annotations

import polars as pl
from sqlalchemy import Engine, select

from nap_data.arrow_load import Read
from nap_data.models import Narrative, Organisation, Submission
from nap_data.queries.reading import frame_of
from nap_data.queries.scope import current_submissions
from nap_data.vocab import DataScope

NARRATIVE_SCHEMA = {
    "submission_id": pl.Int64, "organisation_code": pl.String, "organisation_name": pl.String,
    "year": pl.Int64, "goal": pl.Int64, "highlights": pl.String, "challenges": pl.String,
    "lessons": pl.String,
}  # fmt: skip


def load_narratives(engine: Engine, scope: DataScope = DataScope.SUBMITTED_AND_APPROVED):
    best, on = current_submissions(scope)
    n, s, o = Narrative, Submission, Organisation
    stmt = (
        select(s.id, o.code, o.name, s.year, n.goal_number, n.highlights, n.challenges, n.lessons)
        .join(s, s.id == n.submission_id)
        .join(best, on)
        .join(o, o.id == s.organisation_id)
        .order_by(s.year.desc(), o.code, n.goal_number)
    )
    return frame_of(engine, Read(stmt, NARRATIVE_SCHEMA, n))
