"""The coverage heatmap: organisations by goal, in an order that shows who works on what."""

from __future__ import annotations

import altair as alt
import polars as pl

from nap_data.charts.axes import count_legend, wrapped_labels
from nap_data.charts.labels import goal_labelled
from nap_data.charts.style import styled
from nap_data.i18n import t


def heatmap_order(frame: pl.DataFrame, rows: int | None = None) -> list[str]:
    """Organisation codes in the order the heatmap draws them, at most `rows` of them.

    With `rows`, the organisations with the most activities. Then grouped by the goal each
    works on most (plan order) and, within a goal, the busiest first: the rows form blocks
    along the diagonal, so who works on what shows as a pattern, not as noise.
    """
    if not frame.height:
        return []
    per_org = (
        frame.sort("activities", "goal", descending=[True, False])
        .group_by("organisation_code", maintain_order=True)
        .agg(
            main_goal=pl.col("goal").first(),
            in_main=pl.col("activities").first(),
            total=pl.col("activities").sum(),
        )
    )
    if rows is not None:
        per_org = per_org.sort(["total", "organisation_code"], descending=[True, False]).head(rows)
    ordered = per_org.sort(
        ["main_goal", "in_main", "total", "organisation_code"],
        descending=[False, True, True, False],
    )
    return ordered["organisation_code"].to_list()


def coverage_heatmap(
    frame: pl.DataFrame, lang: str, goals: dict[int, str], rows: int | None = None
) -> alt.Chart:
    """Organisation (by name where the frame has names) x goal; a click picks the code.

    `rows` keeps the organisations with the most activities (see heatmap_order); the
    tooltip gives the code beside the full name, which a long label may shorten.
    """
    order = heatmap_order(frame, rows)
    data = goal_labelled(frame.filter(pl.col("organisation_code").is_in(order)), goals)
    name = "organisation_name" if "organisation_name" in data.columns else "organisation_code"
    data = data.with_columns(organisation_label=pl.col(name))
    labels = dict(zip(data["organisation_code"], data["organisation_label"], strict=True))
    pick = alt.selection_point(fields=["organisation_code"], name="org_pick")  # opens a profile
    chart = (
        alt.Chart(data)
        .mark_rect(stroke="#FFFFFF", strokeWidth=1)
        .encode(
            x=alt.X(
                "goal_label:N",
                title=None,
                sort=list(goals.values()),
                # Upright labels take height, not width: a narrow column keeps all five.
                axis=alt.Axis(
                    labelAngle=-90,
                    labelOverlap=False,
                    orient="top",
                    labelExpr=wrapped_labels(list(goals.values())),
                ),
            ),
            y=alt.Y(
                "organisation_label:N",
                title=None,
                sort=list(dict.fromkeys(labels[c] for c in order)),
                axis=alt.Axis(labelOverlap=False),
            ),
            detail=alt.Detail("organisation_code:N"),
            color=alt.Color(
                "activities:Q",
                title=t("unit.activities", lang),
                scale=alt.Scale(scheme="blues"),
                legend=count_legend(data["activities"]),
            ),
            tooltip=[
                alt.Tooltip("organisation_label:N", title=t("col.organisation", lang)),
                alt.Tooltip("organisation_code:N", title=t("col.code", lang)),
                alt.Tooltip("goal_label:N", title=t("col.goal", lang)),
                alt.Tooltip("activities:Q", title=t("unit.activities", lang)),
            ],
        )
        .add_params(pick)
    )
    summary = t("describe.grid", lang, rows=len(order), cells=data.height) if order else ""
    return styled(
        chart,
        t("chart.coverage", lang),
        height=alt.Step(20),
        label_limit=240,
        summary=summary,
        lang=lang,
    )
