"""The Overview's bar charts: goals split by focus, and one bar per state.

Each comes twice over the same inputs: the Altair builder (`goal_focus_bar`, `state_bar`:
tests, exports, reports) and its spec written as a dict (`goal_focus_bar_spec`,
`state_bar_spec`), which a page rerun writes in a millisecond or two where the Altair
chart took 30-140 ms to build and convert. Both read their figures, labels and words from
one function (`_goal_focus_inputs`, `_state_inputs`), and tests/test_charts_specs.py checks
that the two specs are the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import polars as pl

from nap_data.charts import specs
from nap_data.charts.axes import axis_top, count_axis, count_ticks, wrapped_labels
from nap_data.charts.labels import goal_label_column, label_column, labelled
from nap_data.charts.style import most, styled
from nap_data.charts.theme import FOCUS_COLOURS, STATE_COLOURS, TICKS, colour_scale
from nap_data.i18n import t

FOCUS_ORDER = "indexof(['national','foreign','both'], datum.focus)"


@dataclass(frozen=True)
class _GoalFocus:
    data: pl.DataFrame
    measure: str  # the column drawn: activities, or budget_m (millions of euros)
    unit: str
    goals: list[str]  # goal labels in plan order
    top: float | None  # the longest bar (a count axis reaches it)
    title: str
    summary: str


def _goal_focus_inputs(
    frame: pl.DataFrame, lang: str, goals: dict[int, str], measure: str
) -> _GoalFocus:
    # One pass over the frame for every column the chart adds.
    added = [goal_label_column(goals), label_column(frame, "focus", "focus", lang)]
    if measure == "budget_eur":  # millions: axis labels then read the same in both languages
        added.append((pl.col("budget_eur") / 1_000_000).alias("budget_m"))
        measure = "budget_m"
    data = frame.with_columns(added)
    unit = t("unit.eur_m", lang) if measure == "budget_m" else t("unit.activities", lang)
    title = t(
        "chart.budget_per_goal" if measure == "budget_m" else "chart.activities_per_goal", lang
    )
    # In the frame's order (plan order from the metrics): a tie names the same goal each time.
    per_goal = data.group_by("goal_label", maintain_order=True).agg(pl.col(measure).sum())
    summary = most(per_goal, "goal_label", measure, unit, lang)
    top = axis_top(data, measure, "goal") if measure == "activities" else None
    return _GoalFocus(data, measure, unit, list(goals.values()), top, title, summary)


def goal_focus_bar(
    frame: pl.DataFrame, lang: str, goals: dict[int, str], measure: str = "activities"
) -> alt.Chart:
    """Horizontal stacked bars per goal, split national / foreign / both. Click picks a goal."""
    p = _goal_focus_inputs(frame, lang, goals, measure)
    pick = alt.selection_point(fields=["goal"], name="goal_pick")
    chart = (
        alt.Chart(p.data)
        .mark_bar()
        .encode(
            y=alt.Y(
                "goal_label:N",
                title=None,
                sort=p.goals,
                axis=alt.Axis(labelExpr=wrapped_labels(p.goals)),
            ),
            x=alt.X(
                f"sum({p.measure}):Q",
                title=p.unit,
                axis=count_axis(p.top) if p.measure == "activities" else alt.Axis(tickCount=TICKS),
            ),
            color=alt.Color(
                "focus_label:N",
                title=t("filter.focus", lang),
                scale=colour_scale(FOCUS_COLOURS, "focus", lang),
            ),
            order=alt.Order("focus_order:Q"),
            # Keeps the goal number through the aggregation, so a click selects it.
            detail=alt.Detail("goal:O"),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.35)),
            tooltip=[
                alt.Tooltip("goal_label:N", title=t("filter.goal", lang)),
                alt.Tooltip("focus_label:N", title=t("filter.focus", lang)),
                alt.Tooltip(f"{p.measure}:Q", title=p.unit, format=".2~f"),
            ],
        )
        .transform_calculate(focus_order=FOCUS_ORDER)
        .add_params(pick)
    )
    return styled(chart, p.title, height=230, summary=p.summary, lang=lang)


def goal_focus_bar_spec(
    frame: pl.DataFrame,
    lang: str,
    goals: dict[int, str],
    measure: str = "activities",
    *,
    frames: bool = False,
) -> dict:
    """`goal_focus_bar(...).to_dict()` without Altair (no theme; `frames`: see specs.styled)."""
    p = _goal_focus_inputs(frame, lang, goals, measure)
    x_axis = specs.count_axis(count_ticks(p.top)) if p.measure == "activities" else None
    encoding = {
        "color": {
            "field": "focus_label",
            "scale": {
                "domain": [t(f"focus.{k}", lang) for k in FOCUS_COLOURS],
                "range": list(FOCUS_COLOURS.values()),
            },
            "title": t("filter.focus", lang),
            "type": "nominal",
        },
        "detail": {"field": "goal", "type": "ordinal"},
        "opacity": {"condition": {"param": "goal_pick", "value": 1.0}, "value": 0.35},
        "order": {"field": "focus_order", "type": "quantitative"},
        "tooltip": [
            {"field": "goal_label", "title": t("filter.goal", lang), "type": "nominal"},
            {"field": "focus_label", "title": t("filter.focus", lang), "type": "nominal"},
            {"field": p.measure, "format": ".2~f", "title": p.unit, "type": "quantitative"},
        ],
        "x": {
            "aggregate": "sum",
            "axis": x_axis or {"tickCount": TICKS},
            "field": p.measure,
            "title": p.unit,
            "type": "quantitative",
        },
        "y": {
            "axis": {"labelExpr": wrapped_labels(p.goals)},
            "field": "goal_label",
            "sort": p.goals,
            "title": None,
            "type": "nominal",
        },
    }
    rest = {
        "encoding": encoding,
        "params": [{"name": "goal_pick", "select": {"type": "point", "fields": ["goal"]}}],
        "transform": [{"calculate": FOCUS_ORDER, "as": "focus_order"}],
    }
    first = {"mark": {"type": "bar"}}
    return specs.styled(
        first, rest, p.data, p.title, 230, summary=p.summary, lang=lang, frames=frames
    )


@dataclass(frozen=True)
class _States:
    data: pl.DataFrame
    labels: list[str]  # the states present, in STATE_COLOURS order, in words
    colours: list[str]
    unit: str
    top: float | None
    summary: str


def _state_inputs(frame: pl.DataFrame, column: str, value: str, kind: str, lang: str) -> _States:
    data = labelled(frame, column, kind, lang)
    present = set(frame[column].to_list())
    states = [s for s in STATE_COLOURS if s in present]
    unit = t(f"unit.{value}", lang)
    summary = most(data, f"{column}_label", value, unit, lang)
    labels = [t(f"{kind}.{s}", lang) for s in states]
    colours = [STATE_COLOURS[s] for s in states]
    return _States(data, labels, colours, unit, axis_top(frame, value), summary)


def state_bar(frame: pl.DataFrame, column: str, value: str, kind: str, title: str, lang: str):
    """One bar per state (returns, indicator status, activity status), fixed colours.

    A click selects a state (param `state_pick`), so a page can narrow its table.
    """
    p = _state_inputs(frame, column, value, kind, lang)
    pick = alt.selection_point(fields=[column], name="state_pick")
    chart = (
        alt.Chart(p.data)
        .mark_bar()
        .encode(
            detail=alt.Detail(f"{column}:N"),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.4)),
            y=alt.Y(f"{column}_label:N", title=None, sort=p.labels),
            x=alt.X(f"{value}:Q", title=p.unit, axis=count_axis(p.top)),
            color=alt.Color(
                f"{column}_label:N",
                legend=None,
                scale=alt.Scale(domain=p.labels, range=p.colours),
            ),
            tooltip=[
                alt.Tooltip(f"{column}_label:N", title=title),
                alt.Tooltip(f"{value}:Q", title=p.unit),
            ],
        )
    )
    text = chart.mark_text(align="left", dx=4).encode(
        text=alt.Text(f"{value}:Q"), color=alt.value("#222222"), opacity=alt.value(1.0)
    )
    chart = chart.add_params(pick)
    # A fixed step per bar: a pixel height lets the bands collapse in a narrow column.
    return styled(alt.layer(chart, text), title, height=alt.Step(40), summary=p.summary, lang=lang)


def state_bar_spec(
    frame: pl.DataFrame,
    column: str,
    value: str,
    kind: str,
    title: str,
    lang: str,
    *,
    frames: bool = False,
) -> dict:
    """`state_bar(...).to_dict()` without Altair (no theme; `frames`: see specs.styled)."""
    p = _state_inputs(frame, column, value, kind, lang)
    label = f"{column}_label"
    bar = {
        "color": {
            "field": label,
            "legend": None,
            "scale": {"domain": p.labels, "range": p.colours},
            "type": "nominal",
        },
        "detail": {"field": column, "type": "nominal"},
        "opacity": {"condition": {"param": "state_pick", "value": 1.0}, "value": 0.4},
        "tooltip": [
            {"field": label, "title": title, "type": "nominal"},
            {"field": value, "title": p.unit, "type": "quantitative"},
        ],
        "x": {
            "axis": specs.count_axis(count_ticks(p.top)),
            "field": value,
            "title": p.unit,
            "type": "quantitative",
        },
        "y": {"field": label, "sort": p.labels, "title": None, "type": "nominal"},
    }
    text = {
        **bar,
        "color": {"value": "#222222"},
        "opacity": {"value": 1.0},
        "text": {"field": value, "type": "quantitative"},
    }
    view = {"mark": {"type": "bar"}, "encoding": bar}
    view["name"] = specs.view_name(view, specs.dataset_name(p.data.to_dicts()))
    layers = [
        view,
        {
            "mark": {"type": "text", "align": "left", "dx": 4},
            "encoding": dict(sorted(text.items())),
        },
    ]
    param = {"name": "state_pick", "select": {"type": "point", "fields": [column]}}
    rest = {"params": [{**param, "views": [view["name"]]}]}
    return specs.styled(
        {"layer": layers}, rest, p.data, title, {"step": 40}, summary=p.summary, lang=lang,
        frames=frames,
    )  # fmt: skip


# Builder -> the function that writes its spec directly (ui.chart_widgets.figure uses it).
SPECS = {goal_focus_bar: goal_focus_bar_spec, state_bar: state_bar_spec}

__all__ = ["SPECS", "goal_focus_bar", "goal_focus_bar_spec", "state_bar", "state_bar_spec"]
