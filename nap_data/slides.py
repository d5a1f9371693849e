"""The board presentation as data: one message per slide, in a fixed order.

Each slide has a title that states the finding, a few figures and one chart.
Pure: frames in, slides out, so the sequence is tested without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import polars as pl

from nap_data import charts, metrics
from nap_data.filters import Filters
from nap_data.formatting import format_eur, format_int, format_percent
from nap_data.i18n import t


@dataclass(frozen=True)
class Slide:
    key: str
    title: str
    figures: tuple[tuple[str, str], ...]
    chart: alt.TopLevelMixin | None


@dataclass(frozen=True)
class Data:
    """Everything the slides read, already loaded for the data scope."""

    activities: pl.DataFrame
    organisations: pl.DataFrame
    submissions: pl.DataFrame
    indicators: pl.DataFrame
    values: pl.DataFrame


SEQUENCE = (
    "overview",
    "goal_1",
    "goal_2",
    "goal_3",
    "goal_4",
    "goal_5",
    "national_foreign",
    "indicators",
    "returns",
)


def build(key: str, data: Data, f: Filters, lang: str) -> Slide:
    year = f.year_to
    acts = metrics.filter_activities(data.activities, f.with_year(year))
    if key.startswith("goal_"):
        return _goal(int(key[-1]), acts, year, lang)
    return {
        "overview": _overview,
        "national_foreign": _national_foreign,
        "indicators": _indicators,
        "returns": _returns,
    }[key](acts, data, year, lang)


def _overview(acts, data: Data, year: int, lang: str) -> Slide:
    k = metrics.key_figures(acts, data.organisations, data.submissions, year)
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
    chart = charts.goal_focus_bar(metrics.activities_per_goal(acts), lang) if acts.height else None
    return Slide("overview", title, figures, chart)


def _goal(goal: int, acts, year: int, lang: str) -> Slide:
    mine = acts.filter(pl.col("goal") == goal)
    abroad = mine.filter(pl.col("focus").is_in(["foreign", "both"])).height
    share = abroad / mine.height if mine.height else None
    title = t(
        "slide.goal",
        lang,
        goal=charts.goal_label(goal, lang),
        year=year,
        activities=format_int(mine.height, lang),
        abroad=format_percent(share, lang),
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
    top = metrics.top_countries(mine, 8)
    chart = None
    if top.height:
        from nap_data.countries import country_name

        names = {c: country_name(c, lang) for c in top["country"].to_list()}
        chart = charts.country_bar(top, lang, names)
    return Slide(f"goal_{goal}", title, figures, chart)


def _national_foreign(acts, data: Data, year: int, lang: str) -> Slide:
    per_goal = metrics.activities_per_goal(acts)
    abroad = acts.filter(pl.col("focus").is_in(["foreign", "both"])).height
    home = acts.filter(pl.col("focus").is_in(["national", "both"])).height
    title = t("slide.national_foreign", lang, year=year, home=home, abroad=abroad)
    figures = (
        (
            t("focus.national", lang),
            format_int(acts.filter(pl.col("focus") == "national").height, lang),
        ),
        (
            t("focus.foreign", lang),
            format_int(acts.filter(pl.col("focus") == "foreign").height, lang),
        ),
        (t("focus.both", lang), format_int(acts.filter(pl.col("focus") == "both").height, lang)),
    )
    chart = charts.goal_focus_bar(per_goal, lang, "budget_eur") if acts.height else None
    return Slide("national_foreign", title, figures, chart)


def _indicators(acts, data: Data, year: int, lang: str) -> Slide:
    series = metrics.indicator_series(data.values, data.indicators)
    status = metrics.indicator_status(series, data.indicators, year)
    counts = status.group_by("state").len("indicators").sort("state")
    n = {s: status.filter(pl.col("state") == s).height for s in metrics.INDICATOR_STATES}
    title = t(
        "slide.indicators", lang, year=year, good=n["achieved"] + n["on_track"], total=status.height
    )
    figures = tuple((t(f"indicator_state.{s}", lang), str(n[s])) for s in metrics.INDICATOR_STATES)
    chart = charts.state_bar(
        counts,
        "state",
        "indicators",
        "indicator_state",
        t("chart.indicator_status", lang, year=year),
        lang,
    )
    return Slide("indicators", title, figures[:3], chart)


def _returns(acts, data: Data, year: int, lang: str) -> Slide:
    status = metrics.returns_status(data.organisations, data.submissions, year)
    summary = metrics.returns_summary(status)
    n = dict(zip(summary["state"], summary["organisations"], strict=True))
    title = t("slide.returns", lang, year=year, missing=n["missing"], approved=n["approved"])
    figures = tuple(
        (t(f"return_state.{s}", lang), str(n[s])) for s in ("approved", "submitted", "missing")
    )
    chart = charts.state_bar(
        summary, "state", "organisations", "return_state", t("chart.returns", lang, year=year), lang
    )
    return Slide("returns", title, figures, chart)
