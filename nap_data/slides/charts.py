"""The slides' charts: pure Altair, drawn once at a fixed design size for a 16:9 slide.

The same spec becomes the picture on the shared screen (scaled by CSS to the room's screen)
and in the deck, so both show the same chart. Every bar carries its value as text,
formatted by nap_data.formatting like the cards, and no chart has a selection: a slide is
looked at, not clicked. Frames come from nap_data.metrics; nothing is counted here.

Built for speed as well: every channel is an object (a shorthand string such as "mid:Q"
makes Altair inspect the data, about 75 ms per encode on the shared machine), the data sits
once at the top of a layer, and the config is set in one go instead of one copy per
`configure_*` call.
"""

from __future__ import annotations

import json

import altair as alt
import polars as pl

from nap_data.charts import FOCUS_COLOURS, STATE_COLOURS, goal_colours
from nap_data.i18n import t

FONT = 30  # design sizes stay within 1800 x 570 px, so on a 1920 x 1080 screen no text
SMALL = 26  # is drawn smaller than 26 px (presentation mode before issue 11 used 26)
INK = "#111111"
GREY = "#555555"
HEIGHT = 430
BARS = 1080  # the width of a one-panel bar chart
BAND = 92  # at most this high per bar: one goal alone is a bar, not a block


def _height(rows: int) -> int:
    return min(HEIGHT, BAND * max(rows, 1))


PROGRESS_LEVELS = ("exceeded", "met", "limited", "no_progress")
INDICATOR_STATES = ("achieved", "on_track", "off_track", "no_data")
CONFIG = alt.Config(
    font="sans-serif",
    background="white",
    padding=12,
    axis=alt.AxisConfig(
        labelFontSize=FONT,
        titleFontSize=SMALL,
        labelColor=INK,
        titleColor=GREY,
        labelLimit=560,
        grid=False,
        domainColor="#888888",
        tickColor="#888888",
    ),
    legend=alt.LegendConfig(
        labelFontSize=SMALL,
        titleFontSize=SMALL,
        symbolSize=500,
        orient="bottom",
        labelLimit=480,
        labelColor=INK,
    ),
    title=alt.TitleConfig(
        fontSize=FONT, color=INK, anchor="start", subtitleFontSize=SMALL, subtitleColor=GREY
    ),
    view=alt.ViewConfig(stroke=None),
)


def _finish(chart):
    chart.config = CONFIG
    return chart


def _title(key: str, lang: str, sub: str = "") -> alt.TitleParams:
    text = t(key, lang)
    return alt.TitleParams(text, subtitle=t(sub, lang)) if sub else alt.TitleParams(text)


def _scale(names: dict[str, str], colours: dict[str, str]) -> alt.Scale:
    return alt.Scale(domain=list(names.values()), range=[colours[k] for k in names])


def _labelled_stack(value: str, group: str, y: alt.Y, px_per_unit: float) -> alt.Chart:
    """White numbers in the middle of each part of a stacked bar, where they fit: a part too
    narrow for its number leaves it to the speaker notes rather than print over the next."""
    fits = f"(datum.x1 - datum.x0) * {px_per_unit} >= length(datum.label) * {0.62 * FONT} + 12"
    return (
        alt.Chart()
        .transform_stack(
            stack=value, groupby=[group], sort=[alt.SortField("level")], as_=["x0", "x1"]
        )
        .transform_calculate(mid="(datum.x0 + datum.x1) / 2")
        .transform_filter(fits)
        .mark_text(fontSize=FONT, color="white", fontWeight="bold")
        .encode(y=y, x=alt.X("mid:Q"), text=alt.Text("label:N"))
    )


def _widest(frame: pl.DataFrame, group: str, value: str) -> float:
    """The longest stacked bar (the x scale's end, as the scales are not rounded up)."""
    return float(frame.group_by(group).agg(pl.col(value).sum())[value].max() or 1) or 1.0


def _goal_stack(
    frame: pl.DataFrame,
    goals: dict[int, str],
    part: str,
    names: dict[str, str],
    colours: dict[str, str],
    value: str,
) -> tuple[pl.DataFrame, alt.Y, list[alt.Chart]]:
    """One stacked bar per goal, split by `part` (its parts stacked in the order of `names`),
    each part labelled: the labelled data, the goal axis and the layers for `alt.layer`."""
    data = frame.with_columns(
        goal_label=pl.col("goal").replace_strict(goals, default=None),
        **{f"{part}_label": pl.col(part).replace_strict(names, default=None)},
        level=pl.col(part).replace_strict({k: i for i, k in enumerate(names)}),
    )
    y = alt.Y("goal_label:N", sort=list(goals.values()), title=None)
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            y=y,
            x=alt.X(f"{value}:Q", stack="zero", axis=None, scale=alt.Scale(nice=False)),
            order=alt.Order("level:Q"),
            color=alt.Color(
                f"{part}_label:N",
                title=None,
                sort=list(names.values()),
                scale=_scale(names, colours),
            ),
        )
    )
    px = BARS / _widest(data, "goal_label", value)
    return data, y, [bars, _labelled_stack(value, "goal_label", y, px)]


def goal_totals(
    frame: pl.DataFrame, goals: dict[int, str], lang: str, colours: dict[str, str] | None = None
) -> alt.HConcatChart:
    """Activities and budget per goal, side by side, each bar with its value.

    `frame`: goal, activities, budget_eur, activities_label, budget_label (one row per goal).
    `colours`: goal label -> colour of the whole plan (charts.goal_colours), so a goal keeps
    its colour when the presentation shows some goals only.
    """
    order = list(goals.values())
    data = frame.with_columns(goal_label=pl.col("goal").replace_strict(goals, default=None))
    colours = colours or goal_colours(goals)
    colour = alt.Color(
        "goal_label:N", scale=_scale(dict(zip(order, order, strict=True)), colours), legend=None
    )
    panels = []
    for measure, label, key in (
        ("activities", "activities_label", "slides.panel_activities"),
        ("budget_eur", "budget_label", "slides.panel_budget"),
    ):
        axis = None if panels else alt.Axis()  # the goals are named once, on the left
        y = alt.Y("goal_label:N", sort=order, title=None, axis=axis)
        x = alt.X(f"{measure}:Q", axis=None, scale=alt.Scale(nice=False))
        bars = alt.Chart().mark_bar(cornerRadiusEnd=4).encode(y=y, x=x, color=colour)
        text = alt.Chart().mark_text(align="left", dx=10, fontSize=FONT, color=INK)
        text = text.encode(y=y, x=x, text=alt.Text(f"{label}:N"))
        panels.append(
            alt.layer(bars, text, data=data).properties(
                width=460, height=_height(len(order)), title=_title(key, lang)
            )
        )
    return _finish(alt.hconcat(*panels, spacing=130))


def focus_per_goal(frame: pl.DataFrame, goals: dict[int, str], lang: str) -> alt.LayerChart:
    """Per goal, activities at home, in both and abroad: one stacked bar, each part labelled.

    `frame`: goal, focus, activities, label, total_label. "Both" sits in the
    middle, between the work at home and the work abroad that it belongs to.
    """
    names = {f: t(f"focus.{f}", lang) for f in ("national", "both", "foreign")}
    data, y, layers = _goal_stack(frame, goals, "focus", names, FOCUS_COLOURS, "activities")
    totals = (
        alt.Chart()
        .transform_aggregate(
            total="sum(activities)", total_label="max(total_label)", groupby=["goal_label"]
        )
        .mark_text(align="left", dx=12, fontSize=FONT, color=INK)
        .encode(y=y, x=alt.X("total:Q"), text=alt.Text("total_label:N"))
    )
    chart = alt.layer(*layers, totals, data=data)
    return _finish(chart.properties(width=BARS, height=_height(len(goals))))


def progress_and_indicators(
    progress: pl.DataFrame, indicators: pl.DataFrame, lang: str
) -> alt.TopLevelMixin:
    """A goal's evidence: progress levels this year against last year, and its indicators
    against baseline and target. Either part may be missing (no activities, no indicators)."""
    panels = []
    if progress.height:
        panels.append(progress_levels(progress, lang, wide=not indicators.height))
    if indicators.height:
        panels.append(indicator_bullets(indicators, lang, wide=not progress.height))
    if len(panels) == 1:
        return _finish(panels[0])
    # Progress levels and indicator states are different things: two scales, two legends.
    resolve = alt.Resolve(
        scale=alt.ScaleResolveMap(color="independent"),
        legend=alt.LegendResolveMap(color="independent"),
    )
    return _finish(alt.HConcatChart(hconcat=panels, spacing=90, resolve=resolve))


def progress_levels(frame: pl.DataFrame, lang: str, wide: bool = False) -> alt.LayerChart:
    """One 100 % bar per year, split by progress level, each part with its share.

    `frame`: year, progress, activities, share, label.
    """
    names = {p: t(f"progress.{p}", lang) for p in PROGRESS_LEVELS}
    data = frame.with_columns(
        progress_label=pl.col("progress").replace_strict(names, default=None),
        level=pl.col("progress").replace_strict({p: i for i, p in enumerate(PROGRESS_LEVELS)}),
        year_label=pl.col("year").cast(pl.String),
    )
    years = sorted(data["year_label"].unique().to_list())
    y = alt.Y("year_label:N", sort=years, title=None)
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("share:Q", stack="zero", axis=None, scale=alt.Scale(domain=[0, 1])),
            order=alt.Order("level:Q"),
            color=alt.Color(
                "progress_label:N",
                title=None,
                sort=list(names.values()),
                scale=_scale(names, STATE_COLOURS),
                legend=alt.Legend(columns=2),
            ),
        )
    )
    width = 1250 if wide else 540
    chart = alt.layer(bars, _labelled_stack("share", "year_label", y, width), data=data)
    title = _title("slides.panel_progress", lang, "slides.panel_progress_sub")
    return chart.properties(width=width, height=HEIGHT - 110, title=title)


def indicator_bullets(frame: pl.DataFrame, lang: str, wide: bool = False) -> alt.LayerChart:
    """Each indicator on its own line from baseline (0) to target (1): a bar to its latest
    value in the colour of its state, a black tick where the on-track line is, and the value
    and target written out.

    `frame`: code, position, expected_position, state, label (from slides.goals).
    """
    names = {s: t(f"indicator_state.{s}", lang) for s in INDICATOR_STATES}
    codes = frame["code"].to_list()
    data = frame.with_columns(
        state_label=pl.col("state").replace_strict(names, default=None),
        start=pl.lit(0.0),
        track_end=pl.lit(1.0),
        # The words stand after the longer of value and target; with no target, at the start.
        text_at=pl.when(pl.col("position").is_null())
        .then(0.0)
        .otherwise(pl.max_horizontal("position", pl.lit(1.0))),
    )
    y = alt.Y("code:N", sort=codes, title=None)
    low = min(0.0, *[p for p in data["position"].to_list() if p is not None])
    scale = alt.Scale(domain=[low - 0.02, 2.35], nice=False, clamp=True)
    ends = json.dumps([t("indicator.baseline", lang), t("indicator.target", lang)])
    axis = alt.Axis(
        values=[0, 1],
        labelExpr=f"{ends}[datum.value]",
        labelFontSize=SMALL,
        title=None,
        domain=False,
        labelColor=GREY,
    )
    start = alt.X("start:Q", scale=scale, axis=axis)
    # The grey way from baseline to target, for the indicators that have one.
    track = alt.Chart().transform_filter("datum.position != null")
    track = track.mark_bar(color="#E4E4E4", height=34)
    track = track.encode(y=y, x=start, x2=alt.X2("track_end:Q"))
    value = (
        alt.Chart()
        .transform_filter("datum.position != null")
        .mark_bar(height=34)
        .encode(
            y=y,
            x=start,
            x2=alt.X2("position:Q"),
            color=alt.Color(
                "state_label:N",
                title=None,
                scale=_scale(names, STATE_COLOURS),
                legend=alt.Legend(columns=2),
            ),
        )
    )
    tick = (
        alt.Chart()
        .transform_filter("datum.expected_position != null")
        .mark_tick(color=INK, thickness=5, size=52)
        .encode(y=y, x=alt.X("expected_position:Q", scale=scale))
    )
    text = (
        alt.Chart()
        .mark_text(align="left", dx=14, fontSize=SMALL, color=INK)
        .encode(y=y, x=alt.X("text_at:Q", scale=scale), text=alt.Text("label:N"))
    )
    title = _title("slides.panel_indicators", lang, "slides.panel_indicators_sub")
    chart = alt.layer(track, value, tick, text, data=data)
    return chart.properties(
        width=1250 if wide else 700,
        height=min(HEIGHT - 70, 90 * max(len(codes), 2)),
        title=title,
    )


def states_per_goal(frame: pl.DataFrame, goals: dict[int, str], lang: str) -> alt.LayerChart:
    """Per goal, its indicators by state (achieved, on track, off track, no data), labelled.

    `frame`: goal, state, indicators, label (zeros kept).
    """
    names = {s: t(f"indicator_state.{s}", lang) for s in INDICATOR_STATES}
    data, y, layers = _goal_stack(frame, goals, "state", names, STATE_COLOURS, "indicators")
    chart = alt.layer(*layers, data=data)
    return _finish(chart.properties(width=BARS, height=_height(len(goals))))


def returns_states(frame: pl.DataFrame, lang: str) -> alt.LayerChart:
    """One bar per return state (approved, submitted, returned, missing) with its count.

    `frame`: state, organisations, label (metrics.returns_summary plus labels).
    """
    names = {s: t(f"return_state.{s}", lang) for s in frame["state"].to_list()}
    data = frame.with_columns(state_label=pl.col("state").replace_strict(names, default=None))
    y = alt.Y("state_label:N", sort=list(names.values()), title=None)
    x = alt.X("organisations:Q", axis=None)
    bars = (
        alt.Chart()
        .mark_bar(cornerRadiusEnd=4)
        .encode(
            y=y,
            x=x,
            color=alt.Color("state_label:N", legend=None, scale=_scale(names, STATE_COLOURS)),
        )
    )
    text = alt.Chart().mark_text(align="left", dx=12, fontSize=FONT, color=INK)
    text = text.encode(y=y, x=x, text=alt.Text("label:N"))
    return _finish(alt.layer(bars, text, data=data).properties(width=1150, height=HEIGHT))


__all__ = [
    "FONT",
    "INDICATOR_STATES",
    "PROGRESS_LEVELS",
    "focus_per_goal",
    "goal_totals",
    "indicator_bullets",
    "progress_and_indicators",
    "progress_levels",
    "returns_states",
    "states_per_goal",
]
