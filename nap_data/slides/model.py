"""What a slide is, what the slides read, and the one way they count a selection."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import altair as alt
import polars as pl

from nap_data import metrics
from nap_data.filters import Filters
from nap_data.plan import Plan


@dataclass(frozen=True)
class Figure:
    """One card: a label, its value, and a short note (last year's value, a share)."""

    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class Slide:
    """One finding (the title), its evidence (cards and a chart that use the title's
    measure), the footer (filters in words, data as of, demo) and speaker notes (the
    numbers behind the chart and where they come from)."""

    key: str
    title: str
    figures: tuple[Figure, ...]
    chart: alt.TopLevelMixin | None
    chart_title: str = ""  # what the chart shows: the image's alt text and the deck's caption
    notes: str = ""
    footer: tuple[str, ...] = ()
    demo: str = ""  # the demo label, empty for real data
    numbers: Mapping = field(default_factory=dict)  # what title, cards and chart all show

    @property
    def footer_text(self) -> str:
        return " · ".join((*self.footer, *((self.demo,) if self.demo else ())))


@dataclass(frozen=True)
class Data:
    """Everything the slides read, already loaded for the data scope."""

    plan: Plan
    activities: pl.DataFrame
    organisations: pl.DataFrame
    submissions: pl.DataFrame
    indicators: pl.DataFrame
    values: pl.DataFrame
    demo: bool = False


@dataclass(frozen=True)
class Selection:
    """The activities of one year under the filters, and `metrics.figures` of exactly them."""

    year: int
    activities: pl.DataFrame
    figures: dict


def selection(data: Data, f: Filters, year: int) -> Selection:
    """Count one year of the filtered selection through `metrics.figures`.

    `figures` knows only years and data scope, so it is given the frames narrowed to the
    selection: the year's reports of the activities that `activities_in_period` keeps under
    the filters (goal, focus ... of their latest report, rule 2). Counting those again gives
    the same activities, so every slide's number is a `figures` number; signatories and
    returns are per organisation and do not depend on the activity filters.
    """
    one = f.with_year(year)
    acts = metrics.activities_in_period(data.activities, one)
    frames = metrics.Frames(
        data.plan,
        metrics.reports_of(data.activities, acts, one),
        metrics.filter_values(data.values, one),
        data.organisations,
        data.submissions,
        data.indicators,
    )
    return Selection(year, acts, metrics.figures(frames, year, year, f.scope))


def previous(data: Data, f: Filters, year: int) -> Selection | None:
    """Last year's selection, when last year is in the plan and has activities."""
    if year - 1 < data.plan.start_year:
        return None
    before = selection(data, f, year - 1)
    return before if before.activities.height else None


def status(data: Data, f: Filters) -> pl.DataFrame:
    """Each indicator's status at the last year, as the Overview and Indicators pages count it:
    values of the period's years and chosen organisations (rule 4), the chosen goals only."""
    indicators = data.indicators
    if f.goals:
        indicators = indicators.filter(pl.col("goal").is_in(list(f.goals)))
    series = metrics.indicator_series(metrics.filter_values(data.values, f), indicators)
    return metrics.indicator_status(series, indicators, f.year_to)


@dataclass(frozen=True)
class Context:
    """One slide's inputs: the data, the filters (their last year is the slide's year), the
    language, this year's and last year's selections, and the indicators' status."""

    data: Data
    f: Filters
    lang: str
    now: Selection
    before: Selection | None
    status: pl.DataFrame

    @property
    def year(self) -> int:
        return self.f.year_to

    @property
    def goals(self) -> dict[int, str]:
        """Goal number -> label of the chosen goals (all of the plan's when none is chosen)."""
        return self.data.plan.goal_labels(self.lang, self.f.goals)
