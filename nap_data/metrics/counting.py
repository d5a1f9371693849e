"""The counting rules: every figure on a page, slide, report or export starts here.

Written once, explained to users in docs/definitions.md and on the "How we count"
help of every page. Pure Polars: frames in, frames out, no I/O.

The store gives one row per activity per reporting year (an activity's *report*).
Rule 1 (which return version counts) is applied when the rows are read
(`queries.in_scope_versions`); the rules below work on those rows.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from nap_data.filters import Filters

# What an activity "is" over a period comes from its latest report in that period.
LATEST_FIELDS = (
    "report_id", "submission_id", "version", "review_status", "organisation_code",
    "organisation_name", "organisation_type", "reference", "title", "description", "goal",
    "focus", "status", "start_date", "end_date", "progress", "target_groups", "partners",
    "results",
)  # fmt: skip


def reports_in_period(reports: pl.DataFrame, f: Filters) -> pl.DataFrame:
    """The reports of the period's years, of the chosen organisations and organisation types."""
    cond = pl.col("year").is_between(f.year_from, f.year_to)
    if f.organisations:
        cond &= pl.col("organisation_code").is_in(list(f.organisations))
    if f.org_types:
        cond &= pl.col("organisation_type").is_in(list(f.org_types))
    return reports.filter(cond)


def activities_in_period(reports: pl.DataFrame, f: Filters) -> pl.DataFrame:
    """Rule 2: one row per activity over the period, narrowed by the filters.

    Goal, focus, status, progress (and the other descriptive fields) are those of the
    activity's latest report in the period; `budget_eur` is the sum of its yearly
    budgets in the period (null when no year has a budget); `countries` are all the
    countries it lists in the period; `year` is the year of its latest report and
    `years` how many of the period's years it was reported in. Goal, focus, status
    and progress filters apply to the latest report; a country or region filter keeps
    the activities that list one of the chosen countries.
    """
    period = reports_in_period(reports, f)
    order = ["year", "version"]
    latest = period.group_by("activity_id").agg(
        pl.col(c).sort_by(order).last() for c in (*LATEST_FIELDS, "year")
    )
    summed = period.group_by("activity_id").agg(
        budget_eur=pl.when(pl.col("budget_eur").is_not_null().any()).then(
            pl.col("budget_eur").sum()
        ),
        years=pl.col("year").n_unique().cast(pl.Int64),
        first_year=pl.col("year").min(),
        countries=pl.col("countries")
        .list.explode(keep_nulls=False, empty_as_null=False)
        .unique()
        .sort(),
    )
    acts = latest.join(summed, on="activity_id", how="inner")
    cond = chosen_in(
        ("goal", f.goals), ("focus", f.focus), ("status", f.statuses), ("progress", f.progress)
    )
    if f.places:
        cond &= pl.col("countries").list.eval(pl.element().is_in(list(f.places))).list.any()
    return acts.filter(cond).sort("organisation_code", "activity_id")


def chosen_in(*pairs: tuple[str, tuple]) -> pl.Expr:
    """Rows whose `column` is one of the chosen values, for each (column, chosen) pair; a
    pair with nothing chosen does not narrow."""
    cond = pl.lit(True)
    for column, chosen in pairs:
        if chosen:
            cond &= pl.col(column).is_in(list(chosen))
    return cond


def reports_of(reports: pl.DataFrame, acts: pl.DataFrame, f: Filters) -> pl.DataFrame:
    """The period's yearly reports of the activities in `acts` (for per-year and per-country
    figures, which need each year's own budget and countries)."""
    ids = acts.select("activity_id")
    return reports_in_period(reports, f).join(ids, on="activity_id", how="semi")


def per_country(
    reports: pl.DataFrame, places: tuple[str, ...] = (), n: int | None = None
) -> pl.DataFrame:
    """Rule 3: per country, the activities that list it and their attributed budget.

    An activity counts once in each country it lists in any of the given reports.
    Each yearly budget is split equally over that year's countries, so the countries'
    budgets add up to the budget of the activities that list countries. With `places`,
    only those countries appear (a region shows its own countries only).
    """
    exploded = (
        reports.select("activity_id", "budget_eur", "countries")
        .with_columns(share=pl.col("countries").list.len())
        .filter(pl.col("share") > 0)
        .explode("countries")
        .rename({"countries": "country"})
    )
    if places:
        exploded = exploded.filter(pl.col("country").is_in(list(places)))
    out = (
        exploded.group_by("country")
        .agg(
            activities=pl.col("activity_id").n_unique().cast(pl.Int64),
            budget_eur=(pl.col("budget_eur") / pl.col("share")).sum(),
        )
        .sort(["activities", "country"], descending=[True, False])
    )
    return out.head(n) if n is not None else out


def latest_values(values: pl.DataFrame) -> pl.DataFrame:
    """Rule 4, first half: per organisation, indicator, year and sex, the value of the latest
    return that reports it (latest reporting year, then latest version), so a restated
    value replaces the earlier one instead of adding to it."""
    keys = ["indicator_code", "year", "organisation_code", "sex"]
    # One sort instead of a group_by over every column (5x faster at a million values):
    # sorted by the keys, then by return, a key's values are adjacent and the latest is
    # the last of them, so a row counts unless the next row has the same key.
    ordered = values.sort([*keys, "reporting_year", "version"], maintain_order=True)
    same_key_next = pl.all_horizontal(pl.col(k).eq_missing(pl.col(k).shift(-1)) for k in keys)
    last_row = pl.int_range(pl.len()) == pl.len() - 1
    return ordered.filter(last_row | ~same_key_next)


def organisation_totals(latest: pl.DataFrame, additive: set[str] | None = None) -> pl.DataFrame:
    """Rule 4, second half: an organisation's total is its reported total, else the sum of
    its sex rows (value, numerator and denominator alike).

    A percentage with numerators and denominators is recomputed from their sums. A rate or
    percentage without them cannot be added up: where `additive` (the codes of indicators
    counted in numbers or euros) is given, such an organisation gets no derived total.
    """
    keys = ["organisation_code", "indicator_code", "year"]
    reported = latest.filter(pl.col("sex") == "total")
    from_sexes = (
        latest.filter(pl.col("sex") != "total")
        .join(reported.select(keys), on=keys, how="anti")
        .group_by(keys)
        .agg(
            pl.col("organisation_name").first(),
            pl.col(["value", "numerator", "denominator"]).sum(),
            has_ratio=pl.col("denominator").is_not_null().all(),
        )
        .with_columns(
            # A percentage is not summed: it is recomputed from the summed counts.
            value=pl.when(pl.col("has_ratio") & (pl.col("denominator") > 0))
            .then(100 * pl.col("numerator") / pl.col("denominator"))
            .otherwise(pl.col("value")),
            numerator=pl.when(pl.col("has_ratio")).then(pl.col("numerator")),
            denominator=pl.when(pl.col("has_ratio")).then(pl.col("denominator")),
            sex=pl.lit("total"),
        )
    )
    if additive is not None:
        addable = pl.col("indicator_code").is_in(sorted(additive)) | pl.col("has_ratio")
        from_sexes = from_sexes.filter(addable)
    from_sexes = from_sexes.drop("has_ratio")
    columns = [*keys, "organisation_name", "sex", "value", "numerator", "denominator"]
    return pl.concat([reported.select(columns), from_sexes.select(columns)]).sort(
        "indicator_code", "year", "organisation_code"
    )


def signatories_at(orgs: pl.DataFrame, year: int) -> pl.DataFrame:
    """Rule 5: the signatories of `year`: joined on or before 31 December and not left on
    or before it (an organisation that leaves on 31 December is no longer counted)."""
    end = dt.date(year, 12, 31)
    return orgs.filter(
        (pl.col("joined_on") <= end) & (pl.col("left_on").is_null() | (pl.col("left_on") > end))
    ).sort("organisation_code")


def share_abroad(acts: pl.DataFrame) -> float | None:
    """Rule 5: activities with a foreign focus (foreign or both) over all activities."""
    if not acts.height:
        return None
    return acts.filter(pl.col("focus").is_in(["foreign", "both"])).height / acts.height


__all__ = [
    "reports_in_period",
    "activities_in_period",
    "chosen_in",
    "reports_of",
    "per_country",
    "latest_values",
    "organisation_totals",
    "signatories_at",
    "share_abroad",
    "LATEST_FIELDS",
]
