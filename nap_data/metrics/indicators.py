"""Indicator values across signatories (rule 4) and each indicator's status against target."""

from __future__ import annotations

import polars as pl

from nap_data.filters import Filters
from nap_data.metrics.activities import counts_in_order
from nap_data.metrics.counting import latest_values, organisation_totals

INDICATOR_STATES = ("achieved", "on_track", "off_track", "no_data")
SERIES_SCHEMA = {
    "indicator_code": pl.String, "year": pl.Int64, "sex": pl.String, "value": pl.Float64,
    "numerator": pl.Float64, "denominator": pl.Float64, "organisations": pl.Int64,
}  # fmt: skip


def filter_values(values: pl.DataFrame, f: Filters) -> pl.DataFrame:
    """Values for the period's years (the year a value is about) and chosen organisations."""
    cond = pl.col("year").is_between(f.year_from, f.year_to)
    if f.organisations:
        cond &= pl.col("organisation_code").is_in(list(f.organisations))
    return values.filter(cond)


ADDITIVE_UNITS = ("count", "eur")


def organisation_values(values: pl.DataFrame, indicators: pl.DataFrame) -> pl.DataFrame:
    """Per organisation, indicator, year and sex: the value that counts (rule 4), with each
    organisation's total (reported, else from its sex rows) as sex "total"."""
    latest = latest_values(values)
    additive = set(indicators.filter(pl.col("unit").is_in(ADDITIVE_UNITS))["code"].to_list())
    sexes = latest.filter(pl.col("sex") != "total")
    columns = [
        "organisation_code",
        "organisation_name",
        "indicator_code",
        "year",
        "sex",
        "value",
        "numerator",
        "denominator",
    ]
    totals = organisation_totals(latest, additive).select(columns)
    return pl.concat([totals, sexes.select(columns)]).sort(
        "indicator_code", "year", "organisation_code", "sex"
    )


def series_aggregates() -> dict[str, pl.Expr]:
    """The aggregations of one indicator's group of organisations' values (by its
    `aggregation` column): sum -> the total of the values; mean -> their average; ratio ->
    100 x sum(numerator) / sum(denominator), null without a positive denominator; and how
    many organisations the value rests on (for a ratio, those that gave a denominator)."""
    rule = pl.col("aggregation").first()
    ratio_ok = (rule == "ratio") & (pl.col("denominator").sum() > 0)
    value = (
        pl.when(rule == "sum")
        .then(pl.col("value").sum())
        .when(ratio_ok)
        .then(100 * pl.col("numerator").sum() / pl.col("denominator").sum())
        .when(rule == "ratio")
        .then(None)
        .otherwise(pl.col("value").mean())
    )
    return {
        "value": value,
        "numerator": pl.col("numerator").sum(),
        "denominator": pl.col("denominator").sum(),
        "organisations": pl.when(rule == "ratio")
        .then(pl.col("organisation_code").filter(pl.col("denominator") > 0).n_unique())
        .otherwise(pl.col("organisation_code").n_unique())
        .cast(pl.Int64),
    }


def indicator_series(values: pl.DataFrame, indicators: pl.DataFrame) -> pl.DataFrame:
    """Per indicator, year and sex: the value across signatories, by the indicator's rule.

    Each organisation's value comes from `organisation_values` (rule 4). Then
    sum -> the total of the organisations' values; mean -> their average; ratio ->
    100 x sum(numerator) / sum(denominator), with numerator and denominator kept.
    `organisations` says how many organisations the value rests on.
    """
    rules = indicators.select(pl.col("code").alias("indicator_code"), "aggregation")
    joined = organisation_values(values, indicators).join(rules, on="indicator_code", how="inner")
    out = (
        joined.group_by("indicator_code", "year", "sex")
        .agg(**series_aggregates())
        .with_columns(
            pl.when(pl.col("denominator") > 0).then(pl.col("numerator")).alias("numerator"),
            pl.when(pl.col("denominator") > 0).then(pl.col("denominator")).alias("denominator"),
        )
        .sort("indicator_code", "year", "sex")
    )
    return out.select(SERIES_SCHEMA.keys()).cast(SERIES_SCHEMA)


def indicator_status(series: pl.DataFrame, indicators: pl.DataFrame, year: int) -> pl.DataFrame:
    """Status of each indicator at `year`, by this documented rule:

    Take the latest total (sex "total") value up to `year`. Achieved when it has
    reached the target; on track when it is at least where a straight line from
    baseline (baseline year) to target (target year) would be in that value's
    year; off track otherwise; no data when there is no value, baseline or target.
    "Reached" and "at least" turn around for indicators where lower is better.
    """
    latest = (
        series.filter((pl.col("sex") == "total") & (pl.col("year") <= year))
        .group_by("indicator_code")
        .agg(
            latest_year=pl.col("year").max(),
            latest_value=pl.col("value").sort_by("year").last(),
            organisations=pl.col("organisations").sort_by("year").last(),
        )
        .rename({"indicator_code": "code"})
    )
    frame = indicators.join(latest, on="code", how="left")
    span = (pl.col("target_year") - pl.col("baseline_year")).cast(pl.Float64)
    expected = pl.col("baseline") + (pl.col("target") - pl.col("baseline")) * (
        (pl.col("latest_year") - pl.col("baseline_year")) / span
    ).clip(0.0, 1.0)
    sign = pl.when(pl.col("direction") == "decrease").then(-1.0).otherwise(1.0)
    known = pl.all_horizontal(
        pl.col("latest_value").is_not_null(),
        pl.col("baseline").is_not_null(),
        pl.col("target").is_not_null(),
        (span > 0).fill_null(False),
    ).fill_null(False)
    state = (
        pl.when(~known)
        .then(pl.lit("no_data"))
        .when(sign * pl.col("latest_value") >= sign * pl.col("target"))
        .then(pl.lit("achieved"))
        .when(sign * pl.col("latest_value") >= sign * expected)
        .then(pl.lit("on_track"))
        .otherwise(pl.lit("off_track"))
    )
    return frame.with_columns(expected=pl.when(known).then(expected), state=state).sort("code")


def status_counts(status: pl.DataFrame) -> pl.DataFrame:
    """How many indicators are in each state (all states present, in a fixed order)."""
    return counts_in_order(status, "state", INDICATOR_STATES, "indicators")


__all__ = [
    "filter_values",
    "organisation_values",
    "indicator_series",
    "indicator_status",
    "status_counts",
    "INDICATOR_STATES",
]
