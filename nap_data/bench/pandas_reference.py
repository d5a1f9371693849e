"""The benchmark's pandas reference: the Overview's figures the way a typical Streamlit
dashboard computes them, in pandas, from the loaded frames, on every filter change.

Written independently from nap_data.metrics (its own groupby, merge and masks), from the
counting rules as docs/definitions.md states them: rule 2 (an activity over a period is its
latest report, its budget the sum of its yearly budgets), rule 4 (per organisation,
indicator, year and sex the latest return's value; an organisation's total is its reported
total, else the sum of its sex rows) and rule 5 (signatories and returns). It is honest,
idiomatic pandas: vectorised, no row loops, nothing deliberately slow. The benchmark checks
that it gives the app's numbers for every filter before it is timed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nap_data.filters import Filters
from nap_data.vocab import SCOPE_STATUSES, DataScope

FOCUSES = ("national", "foreign", "both")
RETURN_STATES = ("approved", "submitted", "returned", "missing")
INDICATOR_STATES = ("achieved", "on_track", "off_track", "no_data")
ADDITIVE_UNITS = ("count", "eur")


class PandasOverview:
    """The loaded frames as pandas (converted once, outside any timing) and the figures."""

    def __init__(self, frames) -> None:
        self.goals = tuple(frames.plan.goal_numbers)
        self.reports = frames.reports.to_pandas()
        self.values = frames.values.to_pandas()
        self.orgs = frames.organisations.to_pandas()
        self.subs = frames.submissions.to_pandas()
        self.indicators = frames.indicators.to_pandas()

    def figures(self, f: Filters, goals: tuple[int, ...] | None = None) -> dict:
        """Key figures (year and year before, changes), per goal and focus, returns and
        indicator states, as plain Python values."""
        year = f.year_to
        acts, prev = self.activities(f, year), self.activities(f, year - 1)
        now = self.key_figures(acts, year, f.scope)
        before = self.key_figures(prev, year - 1, f.scope)
        return {
            "now": now,
            "before": before,
            "change": changes(now, before),
            "per_goal": self.per_goal(acts, goals or self.goals),
            "returns": self.returns_summary(year),
            "indicators": self.indicator_states(f, year),
        }

    def activities(self, f: Filters, year: int) -> pd.DataFrame:
        """One row per activity over the one-year period, its latest report's fields."""
        r = self.reports
        mask = r["year"] == year
        if f.organisations:
            mask &= r["organisation_code"].isin(f.organisations)
        if f.org_types:
            mask &= r["organisation_type"].isin(f.org_types)
        period = r.loc[mask].sort_values(["activity_id", "year", "version"], kind="stable")
        latest = period.drop_duplicates("activity_id", keep="last").set_index("activity_id")
        fields = ["organisation_code", "goal", "focus", "status", "progress"]
        acts = latest[fields].assign(
            budget_eur=period.groupby("activity_id")["budget_eur"].sum(min_count=1)
        )
        for column, chosen in (
            ("goal", f.goals),
            ("focus", f.focus),
            ("status", f.statuses),
            ("progress", f.progress),
        ):
            if chosen:
                acts = acts[acts[column].isin(chosen)]
        if f.places:
            listed = period[["activity_id", "countries"]].explode("countries")
            ids = listed.loc[listed["countries"].isin(f.places), "activity_id"].unique()
            acts = acts[acts.index.isin(ids)]
        return acts

    def signatories(self, year: int) -> pd.DataFrame:
        end = pd.Timestamp(year, 12, 31)
        o = self.orgs
        left = pd.to_datetime(o["left_on"])
        return o[(pd.to_datetime(o["joined_on"]) <= end) & (left.isna() | (left > end))]

    def key_figures(self, acts: pd.DataFrame, year: int, scope: DataScope) -> dict:
        signed = self.signatories(year)
        statuses = [str(s) for s in SCOPE_STATUSES[DataScope(scope)]]
        s = self.subs
        counted = s.loc[(s["year"] == year) & s["review_status"].isin(statuses)]
        received = int(signed["organisation_code"].isin(counted["organisation_code"]).sum())
        n = len(acts)
        return {
            "year": year,
            "signatories": len(signed),
            "returns_received": received,
            "returns_expected": len(signed),
            "activities": n,
            "organisations_active": int(acts["organisation_code"].nunique()),
            "budget_eur": round(float(acts["budget_eur"].sum()), 2),
            "share_abroad": float(acts["focus"].isin(["foreign", "both"]).mean()) if n else None,
        }

    def per_goal(self, acts: pd.DataFrame, goals: tuple[int, ...]) -> list[tuple]:
        grid = pd.MultiIndex.from_product([list(goals), list(FOCUSES)], names=["goal", "focus"])
        table = (
            acts.groupby(["goal", "focus"])
            .agg(activities=("focus", "size"), budget_eur=("budget_eur", "sum"))
            .reindex(grid)
            .fillna({"activities": 0, "budget_eur": 0.0})
        )
        return [
            (int(g), str(fo), int(a), round(float(b), 2))
            for (g, fo), a, b in zip(
                table.index, table["activities"], table["budget_eur"], strict=True
            )
        ]

    def returns_summary(self, year: int) -> list[tuple]:
        s = self.subs[self.subs["year"] == year].sort_values("version", kind="stable")
        newest = s.drop_duplicates("organisation_code", keep="last").set_index("organisation_code")[
            "review_status"
        ]
        state = self.signatories(year)["organisation_code"].map(newest).fillna("missing")
        counts = state.value_counts().reindex(RETURN_STATES, fill_value=0)
        return [(str(k), int(v)) for k, v in counts.items()]

    def indicator_states(self, f: Filters, year: int) -> list[tuple]:
        v = self.values
        mask = v["year"].between(f.year_from, f.year_to)
        if f.organisations:
            mask &= v["organisation_code"].isin(f.organisations)
        totals = self._organisation_totals(v.loc[mask])
        series = self._series(totals)
        return self._states(series[series["year"] <= year], year)

    def _organisation_totals(self, v: pd.DataFrame) -> pd.DataFrame:
        keys = ["organisation_code", "indicator_code", "year"]
        latest = v.sort_values(["reporting_year", "version"], kind="stable").drop_duplicates(
            [*keys, "sex"], keep="last"
        )
        reported = latest[latest["sex"] == "total"]
        sexes = latest[latest["sex"] != "total"].merge(
            reported[keys], on=keys, how="left", indicator=True
        )
        sexes = sexes[sexes["_merge"] == "left_only"].assign(
            no_denominator=lambda d: d["denominator"].isna()
        )
        derived = (
            sexes.groupby(keys)
            .agg(
                value=("value", "sum"),
                numerator=("numerator", "sum"),
                denominator=("denominator", "sum"),
                no_denominator=("no_denominator", "max"),
            )
            .reset_index()
        )
        has_ratio = ~derived["no_denominator"].astype(bool)
        ratio = (
            100 * derived["numerator"] / derived["denominator"].where(derived["denominator"] > 0)
        )
        derived["value"] = ratio.where(has_ratio & (derived["denominator"] > 0), derived["value"])
        derived["numerator"] = derived["numerator"].where(has_ratio)
        derived["denominator"] = derived["denominator"].where(has_ratio)
        ind = self.indicators
        additive = ind.loc[ind["unit"].isin(ADDITIVE_UNITS), "code"]
        derived = derived[derived["indicator_code"].isin(additive) | has_ratio]
        columns = [*keys, "value", "numerator", "denominator"]
        return pd.concat([reported[columns], derived[columns]], ignore_index=True)

    def _series(self, totals: pd.DataFrame) -> pd.DataFrame:
        """Per indicator and year, the total across organisations by the indicator's rule."""
        rules = self.indicators[["code", "aggregation"]].rename(columns={"code": "indicator_code"})
        t = totals.merge(rules, on="indicator_code", how="inner")
        keys = ["indicator_code", "year"]
        g = t.groupby(keys)
        out = g.agg(
            rule=("aggregation", "first"),
            total=("value", "sum"),
            mean=("value", "mean"),
            numerator=("numerator", "sum"),
            denominator=("denominator", "sum"),
            organisations=("organisation_code", "nunique"),
        )
        with_den = t[t["denominator"] > 0].groupby(keys)["organisation_code"].nunique()
        ratio = out["rule"] == "ratio"
        den = out["denominator"]
        out["value"] = np.select(
            [out["rule"] == "sum", ratio & (den > 0), ratio],
            [out["total"], 100 * out["numerator"] / den.where(den > 0), np.nan],
            default=out["mean"],
        )
        out["organisations"] = out["organisations"].where(
            ~ratio, with_den.reindex(out.index).fillna(0)
        )
        return out.reset_index()[["indicator_code", "year", "value", "organisations"]]

    def _states(self, series: pd.DataFrame, year: int) -> list[tuple]:
        last = series.sort_values("year", kind="stable").drop_duplicates(
            "indicator_code", keep="last"
        )
        last = last.rename(columns={"indicator_code": "code", "year": "latest_year"})
        ind = self.indicators.merge(last, on="code", how="left")
        span = ind["target_year"] - ind["baseline_year"]
        part = ((ind["latest_year"] - ind["baseline_year"]) / span).clip(0.0, 1.0)
        expected = ind["baseline"] + (ind["target"] - ind["baseline"]) * part
        sign = np.where(ind["direction"] == "decrease", -1.0, 1.0)
        known = ind["value"].notna() & ind["baseline"].notna() & ind["target"].notna() & (span > 0)
        state = np.select(
            [
                ~known,
                sign * ind["value"] >= sign * ind["target"],
                sign * ind["value"] >= sign * expected,
            ],
            ["no_data", "achieved", "on_track"],
            default="off_track",
        )
        counts = pd.Series(state).value_counts().reindex(INDICATOR_STATES, fill_value=0)
        return [(str(k), int(n)) for k, n in counts.items()]


def changes(now: dict, before: dict) -> dict:
    def diff(key: str):
        return None if now[key] is None or before[key] is None else now[key] - before[key]

    shares = (now["share_abroad"], before["share_abroad"])
    return {
        "signatories": diff("signatories"),
        "returns_received": diff("returns_received"),
        "activities": diff("activities") if before["activities"] else None,
        "budget_eur": round(diff("budget_eur"), 2) if before["activities"] else None,
        "share_abroad_points": None if None in shares else 100 * (shares[0] - shares[1]),
    }


__all__ = ["PandasOverview", "changes"]
