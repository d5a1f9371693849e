"""Activities per goal, focus, organisation and category, over a period's activities.

Every function takes the frame of `counting.activities_in_period` (one row per
activity), so a count here is a count of distinct activities. Outputs are sorted
explicitly and keep zero rows, so charts never have to guess.
"""

from __future__ import annotations

import polars as pl

FOCUSES = ("national", "foreign", "both")


def order_of(column: str, values: tuple) -> pl.Expr:
    """Position of each value in `values`; unknown values sort last."""
    return pl.col(column).replace_strict(
        values, range(len(values)), default=len(values), return_dtype=pl.Int64
    )


def counts_in_order(frame: pl.DataFrame, column: str, values: tuple, name: str) -> pl.DataFrame:
    """How many rows have each of `values` in `column` (as `name`), every value present in
    the given order, zeros kept."""
    counts = frame.group_by(column).agg(pl.len().cast(pl.Int64).alias(name))
    return (
        pl.DataFrame({column: list(values)})
        .join(counts, on=column, how="left")
        .with_columns(pl.col(name).fill_null(0))
        .sort(order_of(column, values))
    )


def _goal_grid(goals: tuple[int, ...], column: str, categories: tuple) -> pl.DataFrame:
    return pl.DataFrame({"goal": list(goals)}, schema={"goal": pl.Int64}).join(
        pl.DataFrame({column: list(categories)}), how="cross"
    )


def activities_per_goal(acts: pl.DataFrame, goals: tuple[int, ...]) -> pl.DataFrame:
    """Activities and budget per goal and focus; every goal x focus of `goals`, zeros kept."""
    counts = acts.group_by("goal", "focus").agg(
        activities=pl.len().cast(pl.Int64), budget_eur=pl.col("budget_eur").sum()
    )
    return (
        _goal_grid(goals, "focus", FOCUSES)
        .join(counts, on=["goal", "focus"], how="left")
        .with_columns(pl.col("activities").fill_null(0), pl.col("budget_eur").fill_null(0.0))
        .sort("goal", order_of("focus", FOCUSES))
    )


def distribution(
    acts: pl.DataFrame, column: str, categories: tuple[str, ...], goals: tuple[int, ...]
) -> pl.DataFrame:
    """Activities per goal and category of `column` (status, progress, focus); zeros kept."""
    counts = acts.group_by("goal", column).agg(activities=pl.len().cast(pl.Int64))
    return (
        _goal_grid(goals, column, categories)
        .join(counts, on=["goal", column], how="left")
        .with_columns(pl.col("activities").fill_null(0))
        .sort("goal", order_of(column, categories))
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


def coverage_matrix(acts: pl.DataFrame) -> pl.DataFrame:
    """Organisation x goal: number of activities (long form, only non-zero cells)."""
    return (
        acts.group_by("organisation_code", "goal")
        .agg(pl.col("organisation_name").first(), activities=pl.len().cast(pl.Int64))
        .sort("organisation_code", "goal")
    )


def register_with_activity(orgs: pl.DataFrame, acts: pl.DataFrame) -> pl.DataFrame:
    """The register with each organisation's number of activities (0 when none)."""
    counts = acts.group_by("organisation_code").agg(activities=pl.len().cast(pl.Int64))
    return (
        orgs.join(counts, on="organisation_code", how="left")
        .with_columns(pl.col("activities").fill_null(0))
        .sort("organisation_code")
    )


def reported_per_year(reports: pl.DataFrame, years: tuple[int, ...]) -> pl.DataFrame:
    """Per reporting year and focus: the activities reported in that year (a per-year count,
    so one activity counts in every year it was reported; label it so)."""
    counts = reports.group_by("year", "focus").agg(
        activities=pl.col("activity_id").n_unique().cast(pl.Int64),
        budget_eur=pl.col("budget_eur").sum(),
    )
    grid = pl.DataFrame({"year": list(years)}, schema={"year": pl.Int64}).join(
        pl.DataFrame({"focus": FOCUSES}), how="cross"
    )
    return (
        grid.join(counts, on=["year", "focus"], how="left")
        .with_columns(pl.col("activities").fill_null(0), pl.col("budget_eur").fill_null(0.0))
        .sort("year", order_of("focus", FOCUSES))
    )


__all__ = [
    "activities_per_goal",
    "distribution",
    "activities_per_organisation",
    "coverage_matrix",
    "register_with_activity",
    "reported_per_year",
    "order_of",
    "counts_in_order",
    "FOCUSES",
]
