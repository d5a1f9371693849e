"""The board presentation as data: one finding per slide, in a fixed order.

Each slide's title states a finding, judged by a rule where one exists ("up from 55% in
2024", "protection lags behind"); its cards and chart show the same measure as the title;
its footer names the filters, the year, the data scope, the newest return and whether the
data are demo data; its speaker notes hold the numbers behind the chart and their source.
Every number comes from `metrics.figures` of the selection, or from the metrics module for
what `figures` does not hold (progress levels, indicator status, return states).

Pure: frames in, slides out, so the sequence is tested without a browser and the same
slides become the screen (nap_data.ui.presentation) and the deck (nap_data.deck).
"""

from __future__ import annotations

from dataclasses import replace

from nap_data.filters import Filters
from nap_data.i18n import t
from nap_data.plan import Plan
from nap_data.slides import goals, overview, reporting
from nap_data.slides.model import Context, Data, Figure, Selection, Slide, previous, selection
from nap_data.slides.model import status as indicator_status
from nap_data.slides.words import footer, newest_return

# The slides that do not depend on the activity filters: returns are per organisation.
PER_ORGANISATION = ("returns",)


def sequence(plan: Plan, chosen_goals: tuple[int, ...] = ()) -> tuple[str, ...]:
    """Overview, one slide per goal (the chosen ones, or all of the plan's), national and
    foreign, indicators, returns."""
    numbers = [g for g in plan.goal_numbers if not chosen_goals or g in chosen_goals]
    return (
        "overview",
        *(f"goal_{n}" for n in numbers),
        "national_foreign",
        "indicators",
        "returns",
    )


def context(data: Data, f: Filters, lang: str) -> Context:
    """What every slide of one presentation reads, counted once."""
    year = f.year_to
    return Context(
        data, f, lang, selection(data, f, year), previous(data, f, year), indicator_status(data, f)
    )


def build(key: str, data: Data, f: Filters, lang: str, ctx: Context | None = None) -> Slide:
    c = ctx or context(data, f, lang)
    if key.startswith("goal_"):
        slide = goals.goal(c, int(key.removeprefix("goal_")))
    else:
        builders = {
            "overview": overview.overview,
            "national_foreign": overview.national_foreign,
            "indicators": reporting.indicators,
            "returns": reporting.returns,
        }
        slide = builders[key](c)
    as_of = newest_return(data.submissions, f.year_to, f.scope)
    shown = f if key not in PER_ORGANISATION else Filters(f.year_from, f.year_to, scope=f.scope)
    words = footer(shown, lang, as_of)
    if key in PER_ORGANISATION:
        words = (t("slides.all_signatories", lang), *words[1:])
    return replace(slide, footer=words, demo=t("slides.demo", lang) if data.demo else "")


def build_all(data: Data, f: Filters, lang: str) -> tuple[Slide, ...]:
    """Every slide of the presentation, in order (the deck)."""
    c = context(data, f, lang)
    return tuple(build(key, data, f, lang, c) for key in sequence(data.plan, f.goals))


__all__ = [
    "PER_ORGANISATION",
    "Context",
    "Data",
    "Figure",
    "Selection",
    "Slide",
    "build",
    "build_all",
    "context",
    "selection",
    "sequence",
]
