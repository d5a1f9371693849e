"""Pure Polars metrics: tidy frames + filters in, tidy frames out. No I/O, no Streamlit.

Every metric sorts its output explicitly and returns an empty frame with the
right columns when nothing matches, so charts and tables never have to guess.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from nap_data.filters import Filters

GOALS = (1, 2, 3, 4, 5)
FOCUSES = ("national", "foreign", "both")
RETURN_STATES = ("approved", "submitted", "returned", "missing")


def filter_activities(acts: pl.DataFrame, f: Filters) -> pl.DataFrame:
    cond = pl.col("year").is_between(f.year_from, f.year_to)
    for column, chosen in (
        ("goal", f.goals),
        ("focus", f.focus),
        ("organisation_type", f.org_types),
        ("organisation_code", f.organisations),
        ("status", f.statuses),
        ("progress", f.progress),
    ):
        if chosen:
            cond &= pl.col(column).is_in(list(chosen))
    if f.countries or f.regions:
        # A country or a region: an activity matches when any of its countries is chosen.
        from nap_data.countries import countries_in

        places = sorted(set(f.countries) | set(countries_in(f.regions)))
        cond &= pl.col("countries").list.eval(pl.element().is_in(places)).list.any()
    return acts.filter(cond)


def filter_values(values: pl.DataFrame, f: Filters) -> pl.DataFrame:
    cond = pl.col("year").is_between(f.year_from, f.year_to)
    if f.organisations:
        cond &= pl.col("organisation_code").is_in(list(f.organisations))
    return values.filter(cond)


def activities_per_goal(acts: pl.DataFrame, goals: tuple[int, ...] = ()) -> pl.DataFrame:
    """Activities and budget per goal and focus; every goal x focus present, zeros included.

    `goals` limits the grid to the chosen goals (all five when empty).
    """
    grid = pl.DataFrame({"goal": list(goals or GOALS)}).join(
        pl.DataFrame({"focus": FOCUSES}), how="cross"
    )
    counts = acts.group_by("goal", "focus").agg(
        activities=pl.len().cast(pl.Int64), budget_eur=pl.col("budget_eur").sum()
    )
    return (
        grid.join(counts, on=["goal", "focus"], how="left")
        .with_columns(pl.col("activities").fill_null(0), pl.col("budget_eur").fill_null(0.0))
        .sort("goal", pl.col("focus").replace_strict(FOCUSES, range(3), return_dtype=pl.Int64))
    )


def signatories_at(orgs: pl.DataFrame, year: int) -> pl.DataFrame:
    """The organisations that had signed by the end of `year` and not left before it."""
    end = dt.date(year, 12, 31)
    return orgs.filter(
        (pl.col("joined_on") <= end)
        & (pl.col("left_on").is_null() | (pl.col("left_on") > dt.date(year, 1, 1)))
    ).sort("organisation_code")


def returns_status(orgs: pl.DataFrame, subs: pl.DataFrame, year: int) -> pl.DataFrame:
    """For each signatory of `year`: the state of its newest return version, or missing."""
    newest = (
        subs.filter(pl.col("year") == year)
        .sort("version", descending=True)
        .group_by("organisation_code")
        .agg(
            pl.col("review_status").first(),
            pl.col("version").first(),
            pl.col("created_at").first(),
            versions=pl.len().cast(pl.Int64),
        )
    )
    expected = signatories_at(orgs, year).select(
        "organisation_code", "organisation_name", "organisation_type"
    )
    return (
        expected.join(newest, on="organisation_code", how="left")
        .with_columns(
            state=pl.col("review_status").fill_null("missing"),
            versions=pl.col("versions").fill_null(0),
        )
        .drop("review_status")
        .sort("organisation_code")
    )


def returns_summary(status: pl.DataFrame) -> pl.DataFrame:
    """How many signatories are in each return state (all states present)."""
    counts = status.group_by("state").agg(organisations=pl.len().cast(pl.Int64))
    return (
        pl.DataFrame({"state": RETURN_STATES, "order": range(len(RETURN_STATES))})
        .join(counts, on="state", how="left")
        .with_columns(pl.col("organisations").fill_null(0))
        .sort("order")
        .drop("order")
    )


def key_figures(acts: pl.DataFrame, orgs: pl.DataFrame, subs: pl.DataFrame, year: int) -> dict:
    """Headline numbers for one reporting year (acts already filtered to that year)."""
    status = returns_status(orgs, subs, year)
    received = status.filter(pl.col("state").is_in(["submitted", "approved"])).height
    abroad = acts.filter(pl.col("focus").is_in(["foreign", "both"])).height
    return {
        "year": year,
        "signatories": status.height,
        "returns_received": received,
        "returns_expected": status.height,
        "activities": acts.height,
        "organisations_active": acts["organisation_code"].n_unique() if acts.height else 0,
        "budget_eur": float(acts["budget_eur"].sum() or 0.0),
        "foreign_share": abroad / acts.height if acts.height else None,
    }


def key_figure_changes(now: dict, before: dict) -> dict:
    """Change of each key figure against the previous year; None where it has no meaning."""

    def diff(key: str):
        return None if now[key] is None or before[key] is None else now[key] - before[key]

    shares = (now["foreign_share"], before["foreign_share"])
    return {
        "signatories": diff("signatories"),
        "returns_received": diff("returns_received"),
        "activities": diff("activities") if before["activities"] else None,
        "budget_eur": diff("budget_eur") if before["activities"] else None,
        "foreign_share_points": None if None in shares else 100 * (shares[0] - shares[1]),
    }


def reporting_record(orgs: pl.DataFrame, subs: pl.DataFrame, code: str, first: int, last: int):
    """Per year of the plan so far: was a return expected from `code`, and in what state is it."""
    rows = []
    for year in range(first, last + 1):
        status = returns_status(orgs, subs, year).filter(pl.col("organisation_code") == code)
        state = status["state"][0] if status.height else "not_signed"
        versions = int(status["versions"][0]) if status.height else 0
        rows.append((year, state, versions))
    return pl.DataFrame(
        rows, schema={"year": pl.Int64, "state": pl.String, "versions": pl.Int64}, orient="row"
    )


def highlights(narratives: pl.DataFrame, f: Filters, limit: int = 6) -> pl.DataFrame:
    """The board's highlights: non-empty highlight texts in the filtered years, goals, orgs."""
    cond = pl.col("year").is_between(f.year_from, f.year_to) & (
        pl.col("highlights").str.strip_chars() != ""
    )
    if f.goals:
        cond &= pl.col("goal").is_in(list(f.goals))
    if f.organisations:
        cond &= pl.col("organisation_code").is_in(list(f.organisations))
    return (
        narratives.filter(cond)
        .sort(["year", "organisation_code", "goal"], descending=[True, False, False])
        .head(limit)
    )


def activities_per_organisation(acts: pl.DataFrame) -> pl.DataFrame:
    return (
        acts.group_by("organisation_code", "organisation_name", "organisation_type")
        .agg(
            activities=pl.len().cast(pl.Int64),
            budget_eur=pl.col("budget_eur").sum(),
            goals=pl.col("goal").unique().sort(),
        )
        .sort(["activities", "organisation_code"], descending=[True, False])
    )


def register_with_activity(orgs: pl.DataFrame, acts: pl.DataFrame) -> pl.DataFrame:
    """The register with each organisation's number of activities (0 when none)."""
    counts = acts.group_by("organisation_code").agg(activities=pl.len().cast(pl.Int64))
    return (
        orgs.join(counts, on="organisation_code", how="left")
        .with_columns(pl.col("activities").fill_null(0))
        .sort("organisation_code")
    )


def distribution(
    acts: pl.DataFrame, column: str, categories: tuple[str, ...], goals: tuple[int, ...] = ()
) -> pl.DataFrame:
    """Activities per goal and category of `column` (status, progress, focus); zeros kept."""
    grid = pl.DataFrame({"goal": list(goals or GOALS)}).join(
        pl.DataFrame({column: categories}), how="cross"
    )
    counts = acts.group_by("goal", column).agg(activities=pl.len().cast(pl.Int64))
    order = pl.col(column).replace_strict(categories, range(len(categories)), return_dtype=pl.Int64)
    return (
        grid.join(counts, on=["goal", column], how="left")
        .with_columns(pl.col("activities").fill_null(0))
        .sort("goal", order)
    )


def top_countries(acts: pl.DataFrame, n: int = 10) -> pl.DataFrame:
    """Countries by number of activities (an activity in two countries counts for both)."""
    exploded = acts.select("countries", "budget_eur").explode("countries").drop_nulls("countries")
    return (
        exploded.group_by(country="countries")
        .agg(activities=pl.len().cast(pl.Int64), budget_eur=pl.col("budget_eur").sum())
        .sort(["activities", "country"], descending=[True, False])
        .head(n)
    )


def signatory_growth(orgs: pl.DataFrame, first: int, last: int) -> pl.DataFrame:
    """Signatories at the end of each year, and how many joined that year."""
    rows = [
        (
            year,
            signatories_at(orgs, year).height,
            orgs.filter(pl.col("joined_on").dt.year() == year).height,
        )
        for year in range(first, last + 1)
    ]
    return pl.DataFrame(
        rows, schema={"year": pl.Int64, "signatories": pl.Int64, "joined": pl.Int64}, orient="row"
    )


def coverage_matrix(acts: pl.DataFrame) -> pl.DataFrame:
    """Organisation x goal: number of activities (long form, only non-zero cells)."""
    return (
        acts.group_by("organisation_code", "goal")
        .agg(activities=pl.len().cast(pl.Int64))
        .sort("organisation_code", "goal")
    )


def indicator_series(values: pl.DataFrame, indicators: pl.DataFrame) -> pl.DataFrame:
    """Per indicator, year and sex: the value across signatories, by the indicator's rule.

    sum -> total of the organisations' values; mean -> their average; ratio ->
    100 x sum(numerator) / sum(denominator), with numerator and denominator kept.
    """
    rules = indicators.select(pl.col("code").alias("indicator_code"), "aggregation")
    joined = values.join(rules, on="indicator_code", how="inner")
    value = (
        pl.when(pl.col("aggregation").first() == "sum")
        .then(pl.col("value").sum())
        .when((pl.col("aggregation").first() == "ratio") & (pl.col("denominator").sum() > 0))
        .then(100 * pl.col("numerator").sum() / pl.col("denominator").sum())
        .when(pl.col("aggregation").first() == "ratio")
        .then(None)
        .otherwise(pl.col("value").mean())
    )
    return (
        joined.group_by("indicator_code", "year", "sex")
        .agg(
            value=value,
            numerator=pl.col("numerator").sum(),
            denominator=pl.col("denominator").sum(),
            organisations=pl.col("organisation_code").n_unique().cast(pl.Int64),
        )
        .with_columns(
            pl.when(pl.col("denominator") > 0).then(pl.col("numerator")).alias("numerator"),
            pl.when(pl.col("denominator") > 0).then(pl.col("denominator")).alias("denominator"),
        )
        .sort("indicator_code", "year", "sex")
    )


INDICATOR_STATES = ("achieved", "on_track", "off_track", "no_data")


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
        .sort("year")
        .group_by("indicator_code")
        .agg(latest_year=pl.col("year").last(), latest_value=pl.col("value").last())
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


__all__ = [
    "reporting_record",
    "key_figure_changes",
    "highlights",
    "filter_activities",
    "filter_values",
    "activities_per_goal",
    "signatories_at",
    "returns_status",
    "returns_summary",
    "key_figures",
    "activities_per_organisation",
    "register_with_activity",
    "distribution",
    "top_countries",
    "signatory_growth",
    "coverage_matrix",
    "indicator_series",
    "indicator_status",
    "GOALS",
    "FOCUSES",
    "RETURN_STATES",
    "INDICATOR_STATES",
]
