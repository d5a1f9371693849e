"""The key figures of a period in one plain dictionary: what `python -m nap_data figures`
prints, what the report and the benchmark use, and what the tests reconcile with SQL."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from nap_data.filters import Filters
from nap_data.metrics.activities import FOCUSES
from nap_data.metrics.counting import activities_in_period, signatories_at
from nap_data.metrics.indicators import filter_values, indicator_series
from nap_data.metrics.returns import returns_received
from nap_data.plan import Plan
from nap_data.vocab import DataScope


@dataclass(frozen=True)
class Frames:
    """The store's frames for one data scope (from nap_data.queries)."""

    plan: Plan
    reports: pl.DataFrame
    values: pl.DataFrame
    organisations: pl.DataFrame
    submissions: pl.DataFrame
    indicators: pl.DataFrame


def figures(frames: Frames, year_from: int, year_to: int, scope: DataScope) -> dict:
    """Activities and budget (rule 2) per goal and focus over the period, indicator totals per
    year (rule 4), and signatories and returns of the last year (rule 5, rule 1)."""
    f = Filters(year_from=year_from, year_to=year_to, scope=DataScope(scope))
    acts = activities_in_period(frames.reports, f)
    by_goal = {
        str(goal): {
            "activities": acts.filter(pl.col("goal") == goal).height,
            "budget_eur": _money(acts.filter(pl.col("goal") == goal)),
        }
        for goal in frames.plan.goal_numbers
    }
    by_focus = {focus: acts.filter(pl.col("focus") == focus).height for focus in FOCUSES}
    series = indicator_series(filter_values(frames.values, f), frames.indicators)
    indicators: dict[str, dict[str, float | None]] = {}
    for row in series.filter(pl.col("sex") == "total").iter_rows(named=True):
        indicators.setdefault(row["indicator_code"], {})[str(row["year"])] = row["value"]
    signatories = signatories_at(frames.organisations, year_to).height
    return {
        "from": year_from,
        "to": year_to,
        "scope": str(DataScope(scope)),
        "activities": acts.height,
        "budget_eur": _money(acts),
        "by_goal": by_goal,
        "by_focus": by_focus,
        "indicators": indicators,
        "signatories": signatories,
        "returns_received": returns_received(
            frames.organisations, frames.submissions, year_to, scope
        ),
        "returns_expected": signatories,
    }


def _money(acts: pl.DataFrame) -> float:
    # Cents at most: sums of floats should not show as 198484700.00000003.
    return round(float(acts["budget_eur"].sum() or 0.0), 2)


__all__ = ["Frames", "figures"]
