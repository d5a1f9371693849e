"""One row per activity per reporting year, with its countries, from the in-scope returns."""

from __future__ import annotations

import polars as pl
from sqlalchemy import Engine, Select, select

from nap_data.arrow_load import Read
from nap_data.models import Activity, ActivityCountry, ActivityReport, Organisation, Submission
from nap_data.queries.reading import Loader, frames_of, reads_arrow
from nap_data.queries.scope import current_submissions
from nap_data.vocab import DataScope

ACTIVITY_SCHEMA = {
    "report_id": pl.Int64, "activity_id": pl.Int64, "submission_id": pl.Int64,
    "version": pl.Int64, "review_status": pl.String, "organisation_code": pl.String,
    "organisation_name": pl.String, "organisation_type": pl.String, "year": pl.Int64,
    "reference": pl.String, "title": pl.String, "description": pl.String, "goal": pl.Int64,
    "focus": pl.String, "status": pl.String, "start_date": pl.Date, "end_date": pl.Date,
    "budget_eur": pl.Float64, "progress": pl.String, "target_groups": pl.String,
    "partners": pl.String, "results": pl.String,
}  # fmt: skip


def load_activities(engine: Engine, scope: DataScope = DataScope.SUBMITTED_AND_APPROVED):
    """One row per activity per reporting year, from the in-scope version of each return."""
    return frames_of(engine, activities_loader(engine, scope))[0]


def activities_loader(engine: Engine, scope: DataScope) -> Loader:
    if not reads_arrow(engine):
        return _activities_by_cursor(scope)
    r, s, o = ActivityReport, Submission, Organisation
    # No join with `activity`: the foreign key guarantees every report its activity.
    stmt = activities_select(scope)
    if engine.dialect.name == "sqlite":
        # SQLite's sorter copies every wide row (1.5 s of CPU at a million); Polars sorts
        # strings by their bytes, which is SQLite's BINARY collation, and the key is unique.
        main = Read(stmt, ACTIVITY_SCHEMA, r)
        order = _ACTIVITY_ORDER
    else:  # the server's collation orders the codes
        main = Read(stmt.order_by(o.code, s.year, r.id), ACTIVITY_SCHEMA, r)
        order = None
    # Every report's countries: the whole table in one cheap read; the left join with the
    # in-scope reports drops the others (joining the pairs with the submissions in SQL
    # cost more than the pairs themselves).
    c = ActivityCountry
    pairs = Read(select(c.report_id, c.country_code), COUNTRY_PAIR_SCHEMA, c)

    def finish(frame: pl.DataFrame, pairs: pl.DataFrame) -> pl.DataFrame:
        frame = frame.sort(order) if order else frame
        return with_countries(frame, _grouped(pairs))

    return Loader((main, pairs), finish)


_ACTIVITY_ORDER = ("organisation_code", "year", "report_id")


def activities_select(scope: DataScope) -> Select:
    best, on = current_submissions(scope)
    r, s, o = ActivityReport, Submission, Organisation
    return (
        select(
            r.id,
            r.activity_id,
            s.id,
            s.version,
            s.review_status,
            o.code,
            o.name,
            o.type,
            s.year,
            r.reference,
            r.title,
            r.description,
            r.goal_number,
            r.focus,
            r.status,
            r.start_date,
            r.end_date,
            r.budget_eur,
            r.progress,
            r.target_groups,
            r.partners,
            r.results,
        )
        .join(s, s.id == r.submission_id)
        .join(best, on)
        .join(o, o.id == s.organisation_id)
    )


def with_countries(frame: pl.DataFrame, countries: pl.DataFrame) -> pl.DataFrame:
    return frame.join(countries, on="report_id", how="left", maintain_order="left").with_columns(
        pl.col("countries").fill_null(pl.lit([], dtype=pl.List(pl.String)))
    )


def _grouped(pairs: pl.DataFrame) -> pl.DataFrame:
    return pairs.group_by("report_id").agg(countries=pl.col("country").sort())


def _activities_by_cursor(scope: DataScope) -> Loader:
    """The tuple path's statements as they were (the reference the Arrow path must equal)."""
    r, s, o = ActivityReport, Submission, Organisation
    stmt = activities_select(scope).join(Activity, Activity.id == r.activity_id)
    main = Read(stmt.order_by(o.code, s.year, r.id), ACTIVITY_SCHEMA)
    pairs = Read(countries_select(scope), COUNTRY_PAIR_SCHEMA)
    return Loader((main, pairs), lambda frame, pairs: with_countries(frame, _grouped(pairs)))


COUNTRY_PAIR_SCHEMA = {"report_id": pl.Int64, "country": pl.String}


def countries_select(scope: DataScope) -> Select:
    """The in-scope reports' countries (the tuple path's statement)."""
    best, on = current_submissions(scope)
    return (
        select(ActivityCountry.report_id, ActivityCountry.country_code)
        .join(ActivityReport, ActivityReport.id == ActivityCountry.report_id)
        .join(Submission, Submission.id == ActivityReport.submission_id)
        .join(best, on)
    )
