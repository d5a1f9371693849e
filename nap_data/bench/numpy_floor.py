"""The benchmark's floor: the Overview's activities and budget per goal and focus for one
year and the year before, as one NumPy pass over the needed columns.

The arrays are prepared once (small integer codes per column, budgets with null as 0, the
rows of each country); a filter change is a few boolean masks and one np.bincount on
goal x focus codes with budget weights. It relies on the store giving one report per
activity per year (checked when it is built), so a one-year period needs no grouping.
This is the physical lower bound for the per-goal figures, not a second implementation
of the rules: it does no returns or indicators (the app prepares those once anyway).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from nap_data.filters import Filters

FOCUSES = ("national", "foreign", "both")
_CODED = ("organisation_code", "organisation_type", "status", "progress")


@dataclass(frozen=True)
class _Year:
    goal_focus: np.ndarray  # goal index * 3 + focus index (len(goals) * 3: outside the plan)
    budget: np.ndarray  # float64, null as 0
    codes: dict[str, np.ndarray]  # column -> int32 code into `NumpyFloor.levels[column]`
    country_rows: dict[str, np.ndarray]  # country -> the rows that list it


class NumpyFloor:
    def __init__(self, reports: pl.DataFrame, goals: tuple[int, ...]) -> None:
        self.goals = tuple(goals)
        self.levels = {c: reports[c].drop_nulls().unique().sort().to_list() for c in _CODED}
        self.years: dict[int, _Year] = {}
        for (year,), part in reports.partition_by("year", as_dict=True).items():
            if part["activity_id"].n_unique() != part.height:
                raise ValueError(f"{year}: more than one report of an activity in a year")
            self.years[int(year)] = self._year(part)

    def _year(self, part: pl.DataFrame) -> _Year:
        n_goals = len(self.goals)
        goal = part["goal"].replace_strict(
            self.goals, range(n_goals), default=n_goals, return_dtype=pl.Int64
        )
        focus = part["focus"].replace_strict(FOCUSES, range(3), default=None, return_dtype=pl.Int64)
        # A focus outside the three (none in the store) lands outside every goal's cells.
        goal_focus = (goal * 3 + focus).fill_null(n_goals * 3).to_numpy()
        codes = {
            c: part[c]
            .replace_strict(self.levels[c], range(len(self.levels[c])), default=-1)
            .cast(pl.Int32)
            .to_numpy()
            for c in _CODED
        }
        pairs = (
            part.select(row=pl.int_range(pl.len()), country=pl.col("countries"))
            .explode("country", keep_nulls=False, empty_as_null=False)
            .drop_nulls()
            .group_by("country")
            .agg(pl.col("row"))
        )
        rows = {c: np.asarray(r, dtype=np.int64) for c, r in pairs.iter_rows()}
        budget = part["budget_eur"].fill_null(0.0).to_numpy()
        return _Year(goal_focus.astype(np.int64), budget, codes, rows)

    def per_goal(self, f: Filters, year: int) -> tuple[np.ndarray, np.ndarray]:
        """Activities and budget per (goal index, focus index), shape (len(goals), 3)."""
        cells = (len(self.goals) + 1) * 3
        y = self.years.get(year)
        if y is None:
            zeros = np.zeros(cells)[:-3].reshape(-1, 3)
            return zeros.astype(np.int64), zeros
        mask = np.ones(len(y.budget), dtype=bool)
        for column, chosen in (
            ("organisation_code", f.organisations),
            ("organisation_type", f.org_types),
            ("status", f.statuses),
            ("progress", f.progress),
        ):
            if chosen:
                wanted = np.isin(np.asarray(self.levels[column], dtype=object), list(chosen))
                codes = y.codes[column]
                mask &= (codes >= 0) & np.append(wanted, False)[codes]
        if f.goals or f.focus:
            keep = np.zeros(cells, dtype=bool).reshape(-1, 3)
            goal_ok = [i for i, g in enumerate(self.goals) if not f.goals or g in f.goals]
            focus_ok = [i for i, fo in enumerate(FOCUSES) if not f.focus or fo in f.focus]
            keep[np.ix_(goal_ok, focus_ok)] = True
            mask &= keep.ravel()[y.goal_focus]
        if f.places:
            listed = np.zeros(len(y.budget), dtype=bool)
            for country in f.places:
                listed[y.country_rows.get(country, ())] = True
            mask &= listed
        cell = y.goal_focus[mask]
        count = np.bincount(cell, minlength=cells)[:-3].reshape(-1, 3)
        budget = np.bincount(cell, weights=y.budget[mask], minlength=cells)[:-3].reshape(-1, 3)
        return count, budget

    def figures(self, f: Filters) -> dict:
        """Per goal and focus for the year and the year before, and the key figures' totals
        that follow from them (activities, budget, share abroad)."""
        out = {}
        for name, year in (("now", f.year_to), ("before", f.year_to - 1)):
            count, budget = self.per_goal(f, year)
            total = int(count.sum())
            abroad = int(count[:, 1:].sum())
            out[name] = {
                "per_goal": (count, budget),
                "activities": total,
                "budget_eur": float(budget.sum()),
                "share_abroad": abroad / total if total else None,
            }
        return out


__all__ = ["NumpyFloor", "FOCUSES"]
