"""The Overview page's figures: prepared once per data version, then cheap per filter change.

Pure Polars (no I/O, no Streamlit). `prepare` does the work that does not depend on the
filters: per reporting year the activities of rule 2 (the store gives one report per
activity per year, so a one-year period needs no group_by once that is checked), only the
columns the Overview reads, their countries exploded once; the signatories and returns of
every year (they do not depend on the filters); and each organisation's indicator totals
of rule 4 (the latest value of every organisation, indicator, year and sex does not depend
on a year or organisation filter, because those are part of its key). `overview_figures`
then filters small frames and aggregates them.

The counting rules in `counting` stay the one source of truth: where a year has an
activity reported twice (which the store does not produce, but a frame might), that year
falls back to `counting.activities_in_period` itself; tests/test_metrics_overview.py holds
every figure here equal to the straightforward rules for many filters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import polars as pl

from nap_data.filters import Filters
from nap_data.metrics.activities import activities_per_goal
from nap_data.metrics.counting import (
    activities_in_period,
    chosen_in,
    latest_values,
    organisation_totals,
    share_abroad,
    signatories_at,
)
from nap_data.metrics.headline import key_figure_changes
from nap_data.metrics.indicators import (
    ADDITIVE_UNITS,
    SERIES_SCHEMA,
    indicator_status,
    series_aggregates,
    status_counts,
)
from nap_data.metrics.returns import returns_received, returns_status, returns_summary
from nap_data.plan import Plan
from nap_data.vocab import DataScope

# What the Overview reads of an activity (key figures, per goal and focus, the filters).
ACTIVITY_COLUMNS = (
    "activity_id", "organisation_code", "organisation_type", "goal", "focus", "status",
    "progress", "budget_eur",
)  # fmt: skip


@dataclass(frozen=True)
class YearActivities:
    """One reporting year's activities (rule 2 over that one year), one row each, in the
    order of `activities_in_period` (organisation, activity), with a row number `row`;
    `countries` is (row, country) for every country a row lists."""

    acts: pl.DataFrame
    countries: pl.DataFrame


@dataclass(frozen=True)
class YearReturns:
    """What the Overview shows of one year's returns (independent of the filters)."""

    signatories: int
    received: Mapping[str, int]  # data scope -> returns received (rule 5, rule 1)
    summary: pl.DataFrame  # returns_summary(returns_status(...))


@dataclass(frozen=True)
class OverviewBase:
    """Everything `overview_figures` needs, made once per data version (immutable)."""

    plan: Plan
    reports: pl.DataFrame  # the loaded frame itself (no copy), for the fallbacks
    organisations: pl.DataFrame
    submissions: pl.DataFrame
    indicators: pl.DataFrame
    years: Mapping[int, YearActivities]  # only years with one report per activity
    returns: Mapping[int, YearReturns]
    org_totals: pl.DataFrame  # rule 4 totals (sex "total") with each indicator's rule
    series: pl.DataFrame  # indicator_series of every value, totals only (no org filter)


@dataclass(frozen=True)
class OverviewFigures:
    """Everything the Overview shows for one choice of filters (year = `f.year_to`)."""

    year: int
    now: dict  # as metrics.key_figures for the year
    before: dict  # ... and for the year before
    change: dict  # metrics.key_figure_changes(now, before)
    per_goal: pl.DataFrame  # metrics.activities_per_goal of the year's activities
    returns_summary: pl.DataFrame
    indicator_counts: pl.DataFrame  # metrics.status_counts of the indicators at the year


def prepare(
    reports: pl.DataFrame,
    values: pl.DataFrame,
    organisations: pl.DataFrame,
    submissions: pl.DataFrame,
    indicators: pl.DataFrame,
    plan: Plan,
) -> OverviewBase:
    """The once-per-data-version work for the Overview (see the module's docstring)."""
    # The Overview compares a year with the one before, so the year before the plan too.
    span = range(plan.start_year - 1, plan.end_year + 1)
    years = {}
    in_plan = reports.filter(pl.col("year").is_between(span.start, span.stop - 1)).select(
        *ACTIVITY_COLUMNS, "year", "countries"
    )
    parts = {int(y): part for (y,), part in in_plan.partition_by("year", as_dict=True).items()}
    for year in span:
        part = parts.get(year, in_plan.clear())
        if part["activity_id"].n_unique() == part.height:
            years[year] = _year_activities(part)
    rules = indicators.select(pl.col("code").alias("indicator_code"), "aggregation")
    # organisation_values' totals (rule 4), without the sex rows the Overview does not show.
    additive = set(indicators.filter(pl.col("unit").is_in(ADDITIVE_UNITS))["code"].to_list())
    org_totals = (
        organisation_totals(latest_values(values.select(_VALUE_COLUMNS)), additive)
        .join(rules, on="indicator_code", how="inner")
        .select("indicator_code", "year", "organisation_code", "aggregation", *_NUMBERS)
    )
    # The same aggregation as with organisations chosen (rule 4 is not computed twice).
    series = _total_series(org_totals)
    return OverviewBase(
        plan=plan,
        reports=reports,
        organisations=organisations,
        submissions=submissions,
        indicators=indicators,
        years=MappingProxyType(years),
        returns=MappingProxyType({y: _year_returns(organisations, submissions, y) for y in span}),
        org_totals=org_totals,
        series=series,
    )


def overview_figures(
    base: OverviewBase, f: Filters, goals: tuple[int, ...] | None = None
) -> OverviewFigures:
    """The Overview's figures for `f`: its year is `f.year_to`, compared with the year before.
    `goals` are the goals the charts show (the page's chosen goals; default the plan's)."""
    year = f.year_to
    acts = _activities(base, f, year)
    now = _key_figures(base, acts, year, f.scope)
    before = _key_figures(base, _activities(base, f, year - 1), year - 1, f.scope)
    goals = tuple(base.plan.goal_numbers) if goals is None else tuple(goals)
    return OverviewFigures(
        year=year,
        now=now,
        before=before,
        change=key_figure_changes(now, before),
        per_goal=activities_per_goal(acts, goals),
        returns_summary=_returns(base, year).summary,
        indicator_counts=_indicator_counts(base, f, year),
    )


def _year_activities(part: pl.DataFrame) -> YearActivities:
    # With one report per activity, rule 2 over one year is that report itself: its fields,
    # its budget and its countries (the filters below apply to the same values).
    acts = (
        part.select(*ACTIVITY_COLUMNS, "countries")
        .sort("organisation_code", "activity_id")
        .with_row_index("row")
    )
    countries = (
        acts.select("row", country=pl.col("countries"))
        .explode("country", keep_nulls=False, empty_as_null=False)
        .drop_nulls("country")
    )
    return YearActivities(acts.drop("countries"), countries)


def _activities(base: OverviewBase, f: Filters, year: int) -> pl.DataFrame:
    """The year's activities under `f` (rule 2 for the one-year period `year`)."""
    prepared = base.years.get(year)
    if prepared is None:  # not a prepared year: the rule itself
        return activities_in_period(base.reports, f.with_year(year)).select(ACTIVITY_COLUMNS)
    cond = chosen_in(
        ("organisation_code", f.organisations),
        ("organisation_type", f.org_types),
        ("goal", f.goals),
        ("focus", f.focus),
        ("status", f.statuses),
        ("progress", f.progress),
    )
    if f.places:
        listed = prepared.countries.filter(pl.col("country").is_in(list(f.places)))["row"]
        cond &= pl.col("row").is_in(listed.unique())
    return prepared.acts.filter(cond).drop("row")


def _year_returns(orgs: pl.DataFrame, subs: pl.DataFrame, year: int) -> YearReturns:
    return YearReturns(
        signatories=signatories_at(orgs, year).height,
        received=MappingProxyType(
            {str(s): returns_received(orgs, subs, year, s) for s in DataScope}
        ),
        summary=returns_summary(returns_status(orgs, subs, year)),
    )


def _returns(base: OverviewBase, year: int) -> YearReturns:
    found = base.returns.get(year)
    return found or _year_returns(base.organisations, base.submissions, year)


def _key_figures(base: OverviewBase, acts: pl.DataFrame, year: int, scope: DataScope) -> dict:
    """As metrics.key_figures, with the year's signatories and returns prepared."""
    returns = _returns(base, year)
    return {
        "year": year,
        "signatories": returns.signatories,
        "returns_received": returns.received[str(DataScope(scope))],
        "returns_expected": returns.signatories,
        "activities": acts.height,
        "organisations_active": acts["organisation_code"].n_unique() if acts.height else 0,
        "budget_eur": float(acts["budget_eur"].sum() or 0.0),
        "share_abroad": share_abroad(acts),
    }


_NUMBERS = ("value", "numerator", "denominator")
# What rule 4 reads of a value (the notes and ids are not needed, and copying them costs).
_VALUE_COLUMNS = (
    "organisation_code", "organisation_name", "indicator_code", "year", "sex",
    "reporting_year", "version", *_NUMBERS,
)  # fmt: skip


def _indicator_counts(base: OverviewBase, f: Filters, year: int) -> pl.DataFrame:
    """Indicators per state at `year` from the values of `f`'s period and organisations
    (what the page computed with filter_values, indicator_series and indicator_status)."""
    period = pl.col("year").is_between(f.year_from, f.year_to)
    if f.organisations:
        chosen = base.org_totals.filter(
            period & pl.col("organisation_code").is_in(list(f.organisations))
        )
        series = _total_series(chosen)
    else:  # every organisation: the prepared series, narrowed to the period's years
        series = base.series.filter(period)
    return status_counts(indicator_status(series, base.indicators, year))


def _total_series(totals: pl.DataFrame) -> pl.DataFrame:
    """indicator_series' aggregation over organisations' totals (sex "total" only)."""
    out = totals.group_by("indicator_code", "year").agg(**series_aggregates())
    return out.with_columns(sex=pl.lit("total")).select(SERIES_SCHEMA.keys()).cast(SERIES_SCHEMA)


__all__ = ["OverviewBase", "OverviewFigures", "YearActivities", "prepare", "overview_figures"]
