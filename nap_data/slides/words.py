"""The words around the numbers: filters in words, the footer, and the rules that let a title
judge ("up from", "lags behind") instead of only reporting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import polars as pl

from nap_data.countries import country_name
from nap_data.filters import Filters
from nap_data.formatting import format_date, format_int, format_percent
from nap_data.i18n import t
from nap_data.vocab import SCOPE_STATUSES, DataScope

if TYPE_CHECKING:
    from nap_data.slides.model import Context

MAX_NAMED = 3  # past this many organisations or countries, the footer says "and 4 more"


def joined(items: Sequence[str], lang: str) -> str:
    """ "a", "a and b", "a, b and c" (Dutch: "en")."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return t("slides.and", lang, first=", ".join(items[:-1]), last=items[-1])


def _named(items: Sequence[str], lang: str) -> str:
    if len(items) <= MAX_NAMED:
        return joined(items, lang)
    shown = ", ".join(items[:MAX_NAMED])
    return t("slides.and_more", lang, shown=shown, n=len(items) - MAX_NAMED)


def has_selection(f: Filters) -> bool:
    """Whether a filter narrows the activities (years and data scope are always stated)."""
    return any(
        (
            f.goals,
            f.focus,
            f.org_types,
            f.organisations,
            f.countries,
            f.regions,
            f.statuses,
            f.progress,
        )
    )


def filters_in_words(f: Filters, lang: str) -> tuple[str, ...]:
    """Each active activity filter as a short phrase: ("Goal 2 only", "Focus: foreign")."""
    out = []
    if len(f.goals) == 1:
        out.append(t("slides.goal_only", lang, goal=f.goals[0]))
    elif f.goals:
        out.append(t("slides.goals_only", lang, goals=joined([str(g) for g in f.goals], lang)))
    lists = (
        ("filter.focus", [t(f"focus.{x}", lang) for x in f.focus]),
        ("filter.org_type", [t(f"org_type.{x}", lang) for x in f.org_types]),
        ("filter.organisation", list(f.organisations)),
        ("filter.region", [t(f"region.{x}", lang) for x in f.regions]),
        ("filter.country", [country_name(c, lang) for c in f.countries]),
        ("filter.status", [t(f"status.{x}", lang) for x in f.statuses]),
        ("filter.progress", [t(f"progress.{x}", lang) for x in f.progress]),
    )
    for key, names in lists:
        if names:
            out.append(f"{t(key, lang)}: {_named(names, lang).lower()}")
    return tuple(out)


def newest_return(subs: pl.DataFrame, year: int, scope: DataScope) -> dt.datetime | None:
    """When the newest return version that counts (rule 1) up to `year` was received."""
    statuses = [str(s) for s in SCOPE_STATUSES[DataScope(scope)]]
    counted = subs.filter((pl.col("year") <= year) & pl.col("review_status").is_in(statuses))
    newest = (
        counted.group_by("organisation_code", "year")
        .agg(pl.col("created_at").sort_by("version").last())
        .get_column("created_at")
        .max()
    )
    return newest


def footer(f: Filters, lang: str, as_of: dt.datetime | None) -> tuple[str, ...]:
    """The filters in words, the year, the data scope and the date of the newest return."""
    chosen = filters_in_words(f, lang) or (t("slides.everything", lang),)
    date = format_date(as_of, lang) if as_of else t("slides.no_returns", lang)
    return (
        *chosen,
        str(f.year_to),
        t(f"scope.{f.scope}", lang),
        t("slides.data_as_of", lang, date=date),
    )


def trend(now: float | None, before: float | None) -> str | None:
    """ "up", "down" or "same" between two shares; "same" when they read the same as whole
    percents, so a title never says "up" between 55% and 55%. None without both."""
    if now is None or before is None:
        return None
    if format_percent(now, "en") == format_percent(before, "en"):
        return "same"
    return "up" if now > before else "down"


def lagging_goal(per_goal: pl.DataFrame) -> int | None:
    """The goal whose indicators do worst, when one clearly does: the lowest share of
    indicators achieved or on track among those with data, lower than every other goal's,
    with at least one indicator off track. None when two goals tie or fewer than two goals
    have indicators with data.

    `per_goal`: goal, good (achieved or on track), known (with data).
    """
    rated = per_goal.filter(pl.col("known") > 0).with_columns(
        share=pl.col("good") / pl.col("known")
    )
    if rated.height < 2:
        return None
    worst = rated.sort("share", "goal")
    first, second = worst.row(0, named=True), worst.row(1, named=True)
    if first["share"] == second["share"] or first["good"] == first["known"]:
        return None
    return int(first["goal"])


def last_year(before: dict | None, key: str, year: int, lang: str, fmt: Callable) -> str:
    """A card's note: last year's value of the same figure ("2024: 428"), or nothing."""
    if before is None:
        return ""
    return t("slides.last_year", lang, year=year - 1, value=fmt(before[key], lang))


def trending(now: float | None, before: float | None, year: int, lang: str) -> str:
    """A title's judgement of a share against last year (", up from 55% in 2024")."""
    direction = trend(now, before)
    if direction is None:
        return ""
    return t(f"slides.trend_{direction}", lang, year=year - 1, before=format_percent(before, lang))


def speaker_notes(c: Context, head: str, lines: list[str], rules: tuple[str, ...]) -> str:
    """What the chart holds, line by line, then where the numbers come from: the counting
    rules, the returns they rest on, and the selection (or the command that prints them)."""
    fig, lang = c.now.figures, c.lang
    source = t(
        "slides.note_source",
        lang,
        year=c.year,
        scope=t(f"scope.{c.f.scope}", lang).lower(),
        received=format_int(fig["returns_received"], lang),
        expected=format_int(fig["returns_expected"], lang),
    )
    tail = [*(t(rule, lang) for rule in rules), source]
    if has_selection(c.f):
        chosen = "; ".join(filters_in_words(c.f, lang))
        tail.append(t("slides.note_selection", lang, selection=chosen))
    else:
        tail.append(t("slides.note_cli", lang, year=c.year))
    return "\n".join([head, *(f"• {line}" for line in lines), "", *tail])


__all__ = [
    "filters_in_words",
    "footer",
    "has_selection",
    "joined",
    "last_year",
    "speaker_notes",
    "trending",
    "lagging_goal",
    "newest_return",
    "trend",
]
