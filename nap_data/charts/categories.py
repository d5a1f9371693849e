"""Bars of one category: the shares of a state per goal, and the activities per country."""

from __future__ import annotations

import altair as alt
import polars as pl

from nap_data.charts.axes import axis_top, count_axis, wrapped_labels
from nap_data.charts.labels import goal_labelled, labelled
from nap_data.charts.style import most, styled
from nap_data.charts.theme import FOCUS_COLOURS, STATE_COLOURS, colour_scale
from nap_data.i18n import t


def distribution_bar(
    frame: pl.DataFrame,
    column: str,
    kind: str,
    title: str,
    lang: str,
    goals: dict[int, str],
    legend: str | None = None,
):
    """Stacked bars per goal of a categorical column (status, progress)."""
    data = labelled(goal_labelled(frame, goals), column, kind, lang)
    present = [c for c in STATE_COLOURS if c in set(frame[column].to_list())]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(
                "goal_label:N",
                title=None,
                sort=list(goals.values()),
                axis=alt.Axis(labelExpr=wrapped_labels(list(goals.values()))),
            ),
            x=alt.X(
                "activities:Q",
                title=t("unit.activities", lang),
                stack="normalize",
                axis=alt.Axis(format="%", tickCount=4),  # quarters: room for "100%"
            ),
            color=alt.Color(
                f"{column}_label:N",
                title=legend or title,
                scale=colour_scale({c: STATE_COLOURS[c] for c in present}, kind, lang),
            ),
            tooltip=[
                alt.Tooltip("goal_label:N", title=t("filter.goal", lang)),
                alt.Tooltip(f"{column}_label:N", title=title),
                alt.Tooltip("activities:Q", title=t("unit.activities", lang)),
            ],
        )
    )
    return styled(chart, title, height=alt.Step(36), lang=lang)  # room for two lines a label


def country_bar(frame: pl.DataFrame, lang: str, names: dict[str, str]) -> alt.Chart:
    data = frame.with_columns(
        pl.col("country").replace_strict(names, default=pl.col("country")).alias("country_name")
    )
    pick = alt.selection_point(fields=["country"], name="country_pick")
    chart = (
        alt.Chart(data)
        .mark_bar(color=FOCUS_COLOURS["foreign"])
        .encode(
            y=alt.Y("country_name:N", title=None, sort="-x"),
            x=alt.X(
                "activities:Q",
                title=t("unit.activities", lang),
                axis=count_axis(axis_top(frame, "activities")),
            ),
            detail=alt.Detail("country:N"),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.35)),
            tooltip=[
                alt.Tooltip("country_name:N", title=t("filter.country", lang)),
                alt.Tooltip("activities:Q", title=t("unit.activities", lang)),
                alt.Tooltip("budget_eur:Q", title=t("unit.eur", lang), format=",.0f"),
            ],
        )
        .add_params(pick)
    )
    summary = most(data, "country_name", "activities", t("unit.activities", lang), lang)
    return styled(
        chart, t("chart.top_countries", lang), height=alt.Step(28), summary=summary, lang=lang
    )
