"""The board presentation as data: one message per slide, in a fixed order.

Each slide has a title that states the finding, a few figures and one chart.
Pure: frames in, slides out, so the sequence is tested without a browser. The
goals' slides come from the plan, one per goal.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import polars as pl

from nap_data import charts, metrics
from nap_data.countries import country_name
from nap_data.filters import Filters
from nap_data.formatting import format_eur, format_int, format_percent
from nap_data.i18n import t
from nap_data.plan import Plan


@dataclass(frozen=True)
class Slide:
    key: str
    title: str
    figures: tuple[tuple[str, str], ...]
    chart: alt.TopLevelMixin | None
    chart_title: str = ""  # the slide title replaces the chart's; this says what it shows


@dataclass(frozen=True)
class Data:
    """Everything the slides read, already loaded for the data scope."""

    plan: Plan
    activities: pl.DataFrame
    organisations: pl.DataFrame
    submissions: pl.DataFrame
    indicators: pl.DataFrame
    values: pl.DataFrame


def sequence(plan: Plan) -> tuple[str, ...]:
    goals = tuple(f"goal_{n}" for n in plan.goal_numbers)
    return ("overview", *goals, "national_foreign", "indicators", "returns")


def build(key: str, data: Data, f: Filters, lang: str) -> Slide:
    year = f.year_to
    acts = metrics.activities_in_period(data.activities, f.with_year(year))
    if key.startswith("goal_"):
        return _goal(int(key.removeprefix("goal_")), acts, data, f.with_year(year), lang)
    builders = {
        "overview": _overview,
        "national_foreign": _national_foreign,
        "indicators": _indicators,
        "returns": _returns,
    }
    return builders[key](acts, data, f.with_year(year), lang)


def _overview(acts, data: Data, f: Filters, lang: str) -> Slide:
    year = f.year_to
    k = metrics.key_figures(acts, data.organisations, data.submissions, year, f.scope)
    title = t(
        "slide.overview",
        lang,
        year=year,
        received=k["returns_received"],
        expected=k["returns_expected"],
        activities=format_int(k["activities"], lang),
    )
    figures = (
        (t("metric.signatories", lang), format_int(k["signatories"], lang)),
        (t("metric.activities", lang), format_int(k["activities"], lang)),
        (t("metric.budget", lang), format_eur(k["budget_eur"], lang)),
    )
    goals = data.plan.goal_labels(lang, f.goals)
    per_goal = metrics.activities_per_goal(acts, tuple(goals))
    chart = charts.goal_focus_bar(per_goal, lang, goals) if acts.height else None
    return Slide("overview", title, figures, chart)


def _goal(goal: int, acts, data: Data, f: Filters, lang: str) -> Slide:
    mine = acts.filter(pl.col("goal") == goal)
    title = t(
        "slide.goal",
        lang,
        goal=data.plan.goal_label(goal, lang),
        year=f.year_to,
        activities=format_int(mine.height, lang),
        abroad=format_percent(metrics.share_abroad(mine), lang),
    )
    on_track = mine.filter(pl.col("progress").is_in(["met", "exceeded"])).height
    figures = (
        (t("metric.activities", lang), format_int(mine.height, lang)),
        (t("metric.budget", lang), format_eur(float(mine["budget_eur"].sum() or 0), lang)),
        (
            t("slide.met_or_exceeded", lang),
            format_percent(on_track / mine.height if mine.height else None, lang),
        ),
    )
    top = metrics.per_country(metrics.reports_of(data.activities, mine, f), f.places, n=8)
    chart = None
    if top.height:
        names = {c: country_name(c, lang) for c in top["country"].to_list()}
        chart = charts.country_bar(top, lang, names)
    chart_title = t("chart.top_countries", lang)
    return Slide(f"goal_{goal}", title, figures, chart, chart_title)


def _national_foreign(acts, data: Data, f: Filters, lang: str) -> Slide:
    goals = data.plan.goal_labels(lang, f.goals)
    per_goal = metrics.activities_per_goal(acts, tuple(goals))
    n = {focus: acts.filter(pl.col("focus") == focus).height for focus in metrics.FOCUSES}
    title = t(
        "slide.national_foreign",
        lang,
        year=f.year_to,
        abroad=format_percent(metrics.share_abroad(acts), lang),
        home=format_int(n["national"] + n["both"], lang),
    )
    figures = tuple((t(f"focus.{x}", lang), format_int(n[x], lang)) for x in metrics.FOCUSES)
    chart = charts.goal_focus_bar(per_goal, lang, goals) if acts.height else None
    return Slide("national_foreign", title, figures, chart, t("chart.activities_per_goal", lang))


def _indicators(acts, data: Data, f: Filters, lang: str) -> Slide:
    year = f.year_to
    series = metrics.indicator_series(metrics.filter_values(data.values, f), data.indicators)
    status = metrics.indicator_status(series, data.indicators, year)
    counts = metrics.status_counts(status)
    n = dict(zip(counts["state"], counts["indicators"], strict=True))
    title = t(
        "slide.indicators",
        lang,
        year=year,
        good=n["achieved"] + n["on_track"],
        total=status.height,
    )
    figures = tuple(
        (t(f"indicator_state.{s}", lang), format_int(n[s], lang))
        for s in metrics.INDICATOR_STATES[:3]
    )
    title_chart = t("chart.indicator_status", lang, year=year)
    chart = (
        charts.state_bar(counts, "state", "indicators", "indicator_state", title_chart, lang)
        if status.height
        else None
    )
    return Slide("indicators", title, figures, chart)


def _returns(acts, data: Data, f: Filters, lang: str) -> Slide:
    year = f.year_to
    status = metrics.returns_status(data.organisations, data.submissions, year)
    summary = metrics.returns_summary(status)
    n = dict(zip(summary["state"], summary["organisations"], strict=True))
    title = t("slide.returns", lang, year=year, missing=n["missing"], approved=n["approved"])
    figures = tuple(
        (t(f"return_state.{s}", lang), format_int(n[s], lang))
        for s in ("approved", "submitted", "missing")
    )
    chart = charts.state_bar(
        summary,
        "state",
        "organisations",
        "return_state",
        t("chart.returns", lang, year=year),
        lang,
    )
    return Slide("returns", title, figures, chart)
