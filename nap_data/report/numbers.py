"""The report's numbers: `metrics.figures` for the period and filters, and the frames behind it.

The report counts nothing itself. The filters narrow the frames the way the dashboard's
pages do (an activity filter keeps the activities whose latest report in the period
matches, an organisation filter keeps those organisations' indicator values), and then
`figures` counts them, so the report's totals are the dashboard's totals for the same
period, data scope and filters. The detail (per focus, progress, country, indicator
status) comes from the same counting rules on the same narrowed frames.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import polars as pl

from nap_data import metrics
from nap_data.filters import Filters
from nap_data.metrics.figures import Frames
from nap_data.vocab import SCOPE_STATUSES, DataScope


@dataclass(frozen=True)
class Counted:
    filters: Filters
    frames: Frames  # narrowed by the filters
    figures: dict  # metrics.figures of the narrowed frames
    activities: pl.DataFrame  # rule 2: one row per activity over the period
    reports: pl.DataFrame  # the period's yearly reports of those activities (rule 3)
    series: pl.DataFrame  # rule 4: per indicator, year and sex
    status: pl.DataFrame  # indicator status at the period's last year
    versions: pl.DataFrame  # rule 1: the return versions that count, per organisation and year


def narrowed(frames: Frames, f: Filters) -> Frames:
    """The frames as the filters leave them: reports of the chosen activities only,
    indicator values of the chosen organisations only; the register and the return
    versions stay whole (signatories and returns are counted for everyone, as on the
    Overview)."""
    ids = metrics.activities_in_period(frames.reports, f).select("activity_id")
    reports = frames.reports.join(ids, on="activity_id", how="semi")
    values = frames.values
    if f.organisations:
        values = values.filter(pl.col("organisation_code").is_in(list(f.organisations)))
    return replace(frames, reports=reports, values=values)


def counted_versions(submissions: pl.DataFrame, f: Filters) -> pl.DataFrame:
    """Rule 1 on the versions: per organisation and year of the period, the newest version
    whose review status is in the data scope (the versions every figure comes from)."""
    statuses = [str(s) for s in SCOPE_STATUSES[DataScope(f.scope)]]
    cond = pl.col("review_status").is_in(statuses) & pl.col("year").is_between(
        f.year_from, f.year_to
    )
    if f.organisations:
        cond &= pl.col("organisation_code").is_in(list(f.organisations))
    return (
        submissions.filter(cond)
        .group_by("organisation_code", "year")
        .agg(pl.all().sort_by("version").last())
        .sort("year", "organisation_name", "organisation_code")
    )


def count(frames: Frames, f: Filters) -> Counted:
    mine = narrowed(frames, f)
    whole_period = Filters(f.year_from, f.year_to, scope=f.scope)
    result = metrics.figures(mine, f.year_from, f.year_to, f.scope)
    acts = metrics.activities_in_period(mine.reports, whole_period)
    # A goal filter keeps that goal's indicators (the Indicators page does the same).
    indicators = mine.indicators
    if f.goals:
        indicators = indicators.filter(pl.col("goal").is_in(list(f.goals)))
    series = metrics.indicator_series(metrics.filter_values(mine.values, whole_period), indicators)
    return Counted(
        filters=f,
        frames=mine,
        figures=result,
        activities=acts,
        reports=metrics.reports_of(mine.reports, acts, whole_period),
        series=series,
        status=metrics.indicator_status(series, indicators, f.year_to),
        versions=counted_versions(frames.submissions, f),
    )


def returns_per_year(frames: Frames, f: Filters) -> pl.DataFrame:
    """Per year of the period: signatories (expected), returns received in the data scope
    (rule 5), how many of those are approved, and the share received."""
    rows = []
    approved_scope = DataScope.APPROVED_ONLY
    for year in range(f.year_from, f.year_to + 1):
        expected = metrics.signatories_at(frames.organisations, year).height
        received = metrics.returns_received(frames.organisations, frames.submissions, year, f.scope)
        # Approved returns are a subset of the received ones in either scope.
        approved = metrics.returns_received(
            frames.organisations, frames.submissions, year, approved_scope
        )
        rows.append((year, expected, received, approved, received / expected if expected else None))
    schema = {
        "year": pl.Int64, "expected": pl.Int64, "received": pl.Int64, "approved": pl.Int64,
        "share": pl.Float64,
    }  # fmt: skip
    return pl.DataFrame(rows, schema=schema, orient="row")


__all__ = ["Counted", "count", "narrowed", "counted_versions", "returns_per_year"]
