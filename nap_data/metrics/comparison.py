"""National versus foreign: activities and budget per focus, side by side per category.

Pure Polars (no I/O, no Streamlit). Every focus value is always present, so a
category without foreign work shows a zero bar instead of a missing one.
"""

from __future__ import annotations

import polars as pl

from nap_data.metrics.activities import FOCUSES, reported_per_year
from nap_data.vocab import OrgType

COMPARISON_BY = ("goal", "organisation_type", "year")
ORG_TYPES = tuple(str(o) for o in OrgType)


def _order(column: str, values: tuple) -> pl.Expr:
    """Position of each value in `values`; unknown values sort last."""
    return pl.col(column).replace_strict(
        values, range(len(values)), default=len(values), return_dtype=pl.Int64
    )


def _categories(acts: pl.DataFrame, by: str, goals: tuple[int, ...]) -> pl.DataFrame:
    if by == "goal":
        return pl.DataFrame({"goal": list(goals)}, schema={"goal": acts.schema["goal"]})
    return acts.select(by).drop_nulls().unique()


def focus_comparison(
    acts: pl.DataFrame, by: str, goals: tuple[int, ...], reports: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Activities and budget per category of `by` and focus (national, foreign, both).

    `by` is "goal" (the plan's `goals`), "organisation_type" (the types present) or
    "year". Per goal and type, `acts` (one row per activity) is counted; per year, an
    activity counts in each year it was reported, so "year" needs the period's yearly
    `reports` and gives a per-year count. Zeros are kept; rows sort by category
    (goals and years by number, organisation types in vocabulary order), then focus.
    """
    if by not in COMPARISON_BY:
        raise ValueError(f"by must be one of {COMPARISON_BY}, not {by!r}")
    if by == "year":
        years = tuple(sorted(set((reports if reports is not None else acts)["year"].to_list())))
        return reported_per_year(reports if reports is not None else acts, years)
    grid = _categories(acts, by, goals).join(pl.DataFrame({"focus": FOCUSES}), how="cross")
    sums = acts.group_by(by, "focus").agg(
        activities=pl.len().cast(pl.Int64), budget_eur=pl.col("budget_eur").sum()
    )
    first = _order(by, ORG_TYPES) if by == "organisation_type" else pl.col(by)
    return (
        grid.join(sums, on=[by, "focus"], how="left")
        .with_columns(
            pl.col("activities").fill_null(0),
            pl.col("budget_eur").fill_null(0.0).cast(pl.Float64),
        )
        .sort(first, pl.col(by), _order("focus", FOCUSES))
    )


def focus_shares(acts: pl.DataFrame) -> pl.DataFrame:
    """Per focus: activities and budget, and each as a share (0-1) of the total.

    All three focus values are present; a share is null when its total is zero
    (no activities, or no budget reported), since 0 % would be a false statement.
    """
    sums = acts.group_by("focus").agg(
        activities=pl.len().cast(pl.Int64), budget_eur=pl.col("budget_eur").sum()
    )
    frame = (
        pl.DataFrame({"focus": FOCUSES})
        .join(sums, on="focus", how="left")
        .with_columns(
            pl.col("activities").fill_null(0),
            pl.col("budget_eur").fill_null(0.0).cast(pl.Float64),
        )
        .sort(_order("focus", FOCUSES))
    )
    n, budget = frame["activities"].sum(), frame["budget_eur"].sum()
    return frame.select(
        "focus",
        "activities",
        activity_share=(pl.col("activities") / n) if n else pl.lit(None, pl.Float64),
        budget_eur=pl.col("budget_eur"),
        budget_share=(pl.col("budget_eur") / budget) if budget else pl.lit(None, pl.Float64),
    )


__all__ = ["focus_comparison", "focus_shares", "COMPARISON_BY", "ORG_TYPES"]
