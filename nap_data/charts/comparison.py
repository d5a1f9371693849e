"""Grouped (side-by-side) bar charts: national versus foreign, and the learning agenda's entries.

Pure Altair, no Streamlit: a tidy frame from nap_data.metrics.comparison or
.narratives in, an `alt.Chart` out. Fixed colours per focus (FOCUS_COLOURS) and
per kind of narrative entry (KIND_COLOURS), every axis with its unit.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from nap_data.charts.axes import count_axis, wrapped_labels
from nap_data.charts.style import styled
from nap_data.charts.theme import FOCUS_COLOURS, TICKS, colour_scale
from nap_data.i18n import t

# Okabe-Ito, like the other fixed colours; distinct from each other for colour-blind readers.
KIND_COLOURS = {"highlights": "#009E73", "challenges": "#D55E00", "lessons": "#0072B2"}
_BY_TITLE = {"goal": "filter.goal", "organisation_type": "filter.org_type", "year": "unit.year"}
# Streamlit fits the whole chart (title, axes, legend) into this height, so it is generous.
GROUPED_HEIGHT = 400


def _category_labels(
    frame: pl.DataFrame, by: str, lang: str, goals: dict[int, str]
) -> tuple[pl.DataFrame, list[str]]:
    """Add `category_label` (goal label, translated organisation type or the year as text);
    return it with the labels in the frame's order (the metric's sort)."""
    values = [v for v in frame[by].unique(maintain_order=True).to_list() if v is not None]
    if by == "goal":
        mapping = {g: label for g, label in goals.items() if g in set(values)}
    elif by == "organisation_type":
        mapping = {v: t(f"org_type.{v}", lang) for v in values}
    else:
        mapping = {v: str(v) for v in values}
    labelled = frame.with_columns(
        pl.col(by)
        .replace_strict(mapping, default=None, return_dtype=pl.String)
        .alias("category_label")
    )
    return labelled, list(mapping.values())


def focus_grouped_bar(
    frame: pl.DataFrame, by: str, measure: str, lang: str, goals: dict[int, str]
) -> alt.Chart:
    """Per category of `by`, one bar per focus side by side (xOffset), national / foreign / both.

    `frame` comes from `focus_comparison(acts, by)`; `measure` is "activities" or
    "budget_eur" (drawn in millions of euros, like goal_focus_bar).
    """
    data, order = _category_labels(frame, by, lang, goals)
    data = data.with_columns(
        pl.col("focus")
        .replace_strict({f: t(f"focus.{f}", lang) for f in FOCUS_COLOURS}, default=None)
        .alias("focus_label")
    )
    field = measure
    if measure == "budget_eur":
        data = data.with_columns(budget_m=pl.col("budget_eur") / 1_000_000)
        field = "budget_m"
    unit = t("unit.eur_m", lang) if field == "budget_m" else t("unit.activities", lang)
    focus_order = [t(f"focus.{f}", lang) for f in FOCUS_COLOURS]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "category_label:N",
                title=None,
                sort=order,
                axis=alt.Axis(labelAngle=0, labelExpr=wrapped_labels(order, 16)),
            ),
            xOffset=alt.XOffset("focus_label:N", sort=focus_order),
            y=alt.Y(
                f"{field}:Q",
                title=unit,
                axis=count_axis(data[field].max() if data.height else None)
                if field == "activities"
                else alt.Axis(tickCount=TICKS),
            ),
            color=alt.Color(
                "focus_label:N",
                title=t("filter.focus", lang),
                scale=colour_scale(FOCUS_COLOURS, "focus", lang),
            ),
            tooltip=[
                alt.Tooltip("category_label:N", title=t(_BY_TITLE[by], lang)),
                alt.Tooltip("focus_label:N", title=t("filter.focus", lang)),
                alt.Tooltip(f"{field}:Q", title=unit, format=".2~f"),
            ],
        )
    )
    return styled(
        chart,
        t(f"chart.focus_{'budget' if field == 'budget_m' else 'activities'}_by_{by}", lang),
        height=GROUPED_HEIGHT,
        lang=lang,
    )


def narrative_bar(counts: pl.DataFrame, lang: str, goals: dict[int, str]) -> alt.Chart:
    """Entries per goal (rows) and kind (side by side, yOffset); from `narrative_counts`."""
    kinds = {k: t(f"narrative.{k}", lang) for k in KIND_COLOURS}
    data = counts.with_columns(
        pl.col("goal").replace_strict(goals, default=None).alias("goal_label"),
        pl.col("kind").replace_strict(kinds, default=None).alias("kind_label"),
    )
    present = [label for g, label in goals.items() if g in set(counts["goal"].to_list())]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(
                "goal_label:N",
                title=None,
                sort=present,
                axis=alt.Axis(labelExpr=wrapped_labels(present)),
            ),
            yOffset=alt.YOffset("kind_label:N", sort=list(kinds.values())),
            x=alt.X(
                "entries:Q",
                title=t("unit.entries", lang),
                axis=count_axis(counts["entries"].max() if counts.height else None),
            ),
            color=alt.Color(
                "kind_label:N",
                title=t("narrative.kind", lang),
                scale=alt.Scale(domain=list(kinds.values()), range=list(KIND_COLOURS.values())),
            ),
            tooltip=[
                alt.Tooltip("goal_label:N", title=t("filter.goal", lang)),
                alt.Tooltip("kind_label:N", title=t("narrative.kind", lang)),
                alt.Tooltip("entries:Q", title=t("unit.entries", lang)),
            ],
        )
    )
    return styled(chart, t("chart.narrative_entries", lang), height=alt.Step(12), lang=lang)


__all__ = ["focus_grouped_bar", "narrative_bar", "KIND_COLOURS"]
