"""The board's headline figures for one year, their change, and the year's highlights."""

from __future__ import annotations

import polars as pl

from nap_data.filters import Filters
from nap_data.metrics.counting import share_abroad, signatories_at
from nap_data.metrics.returns import returns_received
from nap_data.vocab import DataScope


def key_figures(
    acts: pl.DataFrame, orgs: pl.DataFrame, subs: pl.DataFrame, year: int, scope: DataScope
) -> dict:
    """Headline numbers for one reporting year; `acts` from `activities_in_period` of that year."""
    signatories = signatories_at(orgs, year).height
    return {
        "year": year,
        "signatories": signatories,
        "returns_received": returns_received(orgs, subs, year, scope),
        "returns_expected": signatories,
        "activities": acts.height,
        "organisations_active": acts["organisation_code"].n_unique() if acts.height else 0,
        "budget_eur": float(acts["budget_eur"].sum() or 0.0),
        "share_abroad": share_abroad(acts),
    }


def key_figure_changes(now: dict, before: dict) -> dict:
    """Change of each key figure against the previous year; None where it has no meaning."""

    def diff(key: str):
        return None if now[key] is None or before[key] is None else now[key] - before[key]

    shares = (now["share_abroad"], before["share_abroad"])
    return {
        "signatories": diff("signatories"),
        "returns_received": diff("returns_received"),
        "activities": diff("activities") if before["activities"] else None,
        "budget_eur": diff("budget_eur") if before["activities"] else None,
        "share_abroad_points": None if None in shares else 100 * (shares[0] - shares[1]),
    }


def highlights(narratives: pl.DataFrame, f: Filters, limit: int = 6) -> pl.DataFrame:
    """The board's highlights: non-empty highlight texts in the filtered years, goals, orgs."""
    cond = pl.col("year").is_between(f.year_from, f.year_to)
    cond &= pl.col("highlights").str.strip_chars() != ""
    if f.goals:
        cond &= pl.col("goal").is_in(list(f.goals))
    if f.organisations:
        cond &= pl.col("organisation_code").is_in(list(f.organisations))
    order = ["year", "organisation_code", "goal"]
    return narratives.filter(cond).sort(order, descending=[True, False, False]).head(limit)


__all__ = ["key_figures", "key_figure_changes", "highlights"]
