"""The indicator values of the in-scope returns."""

from __future__ import annotations

import polars as pl
from sqlalchemy import Engine, select

from nap_data.arrow_load import Read
from nap_data.models import Indicator, IndicatorValue, Organisation, Submission
from nap_data.queries.reading import Loader, frames_of, reads_arrow
from nap_data.queries.scope import current_submissions
from nap_data.vocab import DataScope

VALUE_SCHEMA = {
    "value_id": pl.Int64, "submission_id": pl.Int64, "version": pl.Int64,
    "review_status": pl.String, "organisation_code": pl.String, "organisation_name": pl.String,
    "indicator_code": pl.String, "year": pl.Int64, "reporting_year": pl.Int64, "sex": pl.String,
    "value": pl.Float64, "numerator": pl.Float64, "denominator": pl.Float64, "note": pl.String,
}  # fmt: skip


def load_indicator_values(engine: Engine, scope: DataScope = DataScope.SUBMITTED_AND_APPROVED):
    return frames_of(engine, indicator_values_loader(engine, scope))[0]


# The values' order; the id breaks ties (one organisation can report an indicator's year in
# two reporting years' returns).
_VALUE_ORDER = ("indicator_code", "year", "organisation_code", "sex", "value_id")


def indicator_values_loader(engine: Engine, scope: DataScope) -> Loader:
    best, on = current_submissions(scope)
    v, s, o, i = IndicatorValue, Submission, Organisation, Indicator
    stmt = (
        select(
            v.id,
            s.id,
            s.version,
            s.review_status,
            o.code,
            o.name,
            i.code,
            v.year,
            s.year,
            v.sex,
            v.value,
            v.numerator,
            v.denominator,
            v.note,
        )
        .join(s, s.id == v.submission_id)
        .join(best, on)
        .join(o, o.id == s.organisation_id)
        .join(i, i.id == v.indicator_id)
    )
    if reads_arrow(engine) and engine.dialect.name == "sqlite":
        # As for the activities: SQLite's sort of the wide rows cost 1.7 s of the reader's
        # 4.3 s at a million; Polars sorts by bytes (BINARY), nulls first as SQLite does.
        return Loader((Read(stmt, VALUE_SCHEMA, v),), lambda f: f.sort(_VALUE_ORDER))
    stmt = stmt.order_by(i.code, v.year, o.code, v.sex, v.id)
    return Loader((Read(stmt, VALUE_SCHEMA, v),))
