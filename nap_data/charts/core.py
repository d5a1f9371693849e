"""Pure Altair chart builders: tidy frame in, `alt.Chart` out. No Streamlit, no metrics.

Colours are fixed per goal, focus and state across every chart (Okabe-Ito,
safe for colour-blind readers), and every axis says its unit.
"""

from __future__ import annotations

import json
import textwrap

import altair as alt
import polars as pl

from nap_data.formatting import format_number
from nap_data.i18n import t

# Okabe-Ito palette; goals take its colours in plan order, so any number of goals works.
GOAL_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
FOCUS_COLOURS = {"national": "#D55E00", "foreign": "#0072B2", "both": "#009E73"}
STATE_COLOURS = {
    "approved": "#009E73", "submitted": "#56B4E9", "returned": "#E69F00", "missing": "#BBBBBB",
    "achieved": "#009E73", "on_track": "#56B4E9", "off_track": "#D55E00", "no_data": "#BBBBBB",
    "planned": "#BBBBBB", "ongoing": "#56B4E9", "completed": "#009E73", "cancelled": "#D55E00",
    "exceeded": "#009E73", "met": "#56B4E9", "limited": "#E69F00", "no_progress": "#D55E00",
}  # fmt: skip
FONT_SIZE = 14
TITLE_SIZE = 18
# A chart in one of two columns on a laptop (1366 px, sidebar open) is about 440 px wide:
# room for some 45 characters of an 18 px title. Longer titles go over two lines rather
# than run off the chart.
TITLE_CHARS = 42
TICKS = 5  # about this many ticks whatever the range: 0-40 reads 0, 10 ... 40, not every 2


def goal_colours(goals: dict[int, str]) -> dict[str, str]:
    """Goal label -> colour, in plan order (the palette repeats past seven goals)."""
    return {label: GOAL_PALETTE[i % len(GOAL_PALETTE)] for i, label in enumerate(goals.values())}


def _labelled(frame: pl.DataFrame, column: str, kind: str, lang: str) -> pl.DataFrame:
    return frame.with_columns(label_column(frame, column, kind, lang))


def label_column(frame: pl.DataFrame, column: str, kind: str, lang: str) -> pl.Expr:
    """`<column>_label`: the column's values in words (`<kind>.<value>` in the catalogue)."""
    values = frame[column].unique().to_list()
    mapping = {v: t(f"{kind}.{v}", lang) for v in values if v is not None}
    return pl.col(column).replace_strict(mapping, default=None).alias(f"{column}_label")


def _goal_labelled(frame: pl.DataFrame, goals: dict[int, str]) -> pl.DataFrame:
    return frame.with_columns(goal_label_column(goals))


def goal_label_column(goals: dict[int, str]) -> pl.Expr:
    """`goal_label`: the goal's label in the plan (none for a goal the plan lacks)."""
    mapping = {g: label for g, label in goals.items()}
    return pl.col("goal").replace_strict(mapping, default=None).alias("goal_label")


def colour_scale(colours: dict, kind: str, lang: str) -> alt.Scale:
    return alt.Scale(domain=[t(f"{kind}.{k}", lang) for k in colours], range=list(colours.values()))


def title_lines(title: str, width: int = TITLE_CHARS) -> str:
    """The title, with a line break (see styled's lineBreak) before it passes `width`
    characters. It stays one string, so whoever reads the title reads all of it."""
    return "\n".join(textwrap.wrap(title, width)) if len(title) > width else title


def wrapped_labels(labels: list[str], width: int = 24) -> str:
    """A Vega expression that writes each long axis label on lines of about `width` characters
    (a narrow column keeps room for the bars, and no label is shortened or dropped)."""
    lines = {
        label: textwrap.wrap(label, width, break_on_hyphens=False)
        for label in labels
        if len(label) > width
    }
    return (
        f"{json.dumps(lines, ensure_ascii=False)}[datum.label] || datum.label"
        if lines
        else "datum.label"
    )


def count_axis(top: float | None, **kwargs) -> alt.Axis:
    """An axis of whole numbers (activities, organisations) up to `top`, the largest value
    drawn: about TICKS ticks and never one between two whole numbers.

    Vega's tickMinStep alone lets a range of 0-2 through as 0, 0.5 ... labelled "0, 1, 1,
    2, 2"; asking for no more ticks than there are whole numbers avoids that.
    """
    return alt.Axis(format="d", tickMinStep=1, tickCount=count_ticks(top), **kwargs)


def count_ticks(top: float | None) -> int:
    """How many ticks count_axis asks for on an axis up to `top`."""
    return max(1, min(TICKS, int(top or 1)))


def count_legend(values: pl.Series, **kwargs) -> alt.Legend:
    """A colour legend of whole numbers: like count_axis, over the span the colours cover."""
    span = (values.max() - values.min()) if values.len() else 1
    count = max(1, min(TICKS, int(span or 1)))
    return alt.Legend(format="d", tickMinStep=1, tickCount=count, **kwargs)


def _top(frame: pl.DataFrame, column: str, by: str | None = None) -> float | None:
    """The largest value a bar reaches: of `column`, or of its sums per `by` (stacks)."""
    if not frame.height:
        return None
    values = frame.group_by(by).agg(pl.col(column).sum())[column] if by else frame[column]
    return values.max()


def most(frame: pl.DataFrame, label: str, value: str, unit: str, lang: str) -> str:
    """ "Highest: <label>, <value> <unit>." for a chart's text alternative ("" when empty)."""
    if not frame.height or frame[value].max() is None:
        return ""
    # Ties go to the first row (a stable sort), so the same figures give the same text.
    top = frame.sort(value, descending=True, nulls_last=True, maintain_order=True).row(
        0, named=True
    )
    shown = format_number(top[value], lang, 0 if frame[value].dtype.is_integer() else 1)
    return t("describe.most", lang, label=top[label], value=shown, unit=unit[:1].lower() + unit[1:])


def styled(
    chart: alt.Chart | alt.LayerChart,
    title: str,
    height: int | alt.Step = 320,
    label_limit: int = 320,
    summary: str = "",
    lang: str = "nl",
):
    # Fit the width only: Streamlit's default "fit" also squeezes the height so that
    # title, axes and legend fit in it, which left line charts a few pixels tall.
    # Label limits live in the config, not on the axes, so an export can lift them.
    # `description` is the chart's text alternative: what it shows, what stands out, and
    # where the figures are as a table.
    text = " ".join(part for part in (title + ".", summary, t("describe.table", lang)) if part)
    return (
        chart.properties(
            title=alt.TitleParams(title_lines(title), fontSize=TITLE_SIZE, anchor="start"),
            description=text,
            height=height,
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        )
        .configure(lineBreak="\n")
        .configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=label_limit)
        # A legend under the chart starts where the plot starts, right of the labels: in
        # two columns it stays inside a laptop's half-width column (an export lays it out
        # on one row).
        .configure_legend(
            labelFontSize=FONT_SIZE,
            titleFontSize=FONT_SIZE,
            orient="bottom",
            columns=2,
            labelLimit=320,
            titleLimit=320,
        )
        .configure_text(fontSize=FONT_SIZE)
        .configure_view(stroke=None)
    )


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
    data = _labelled(_goal_labelled(frame, goals), column, kind, lang)
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
                axis=count_axis(_top(frame, "activities")),
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


def growth_line(frame: pl.DataFrame, lang: str) -> alt.Chart:
    base = alt.Chart(frame).encode(
        x=alt.X("year:O", title=t("unit.year", lang), axis=alt.Axis(labelAngle=0))
    )
    line = base.mark_line(point=alt.OverlayMarkDef(size=80), strokeWidth=3, color="#0072B2").encode(
        # From zero: a rise from 64 to 70 signatories must not look like a leap.
        y=alt.Y(
            "signatories:Q",
            title=t("unit.organisations", lang),
            scale=alt.Scale(zero=True),
            axis=count_axis(_top(frame, "signatories")),
        ),
        tooltip=[
            alt.Tooltip("year:O", title=t("unit.year", lang)),
            alt.Tooltip("signatories:Q", title=t("unit.organisations", lang)),
            alt.Tooltip("joined:Q", title=t("org.joined", lang)),
        ],
    )
    summary = ""
    if frame.height:
        first, last = frame.sort("year").row(0, named=True), frame.sort("year").row(-1, named=True)
        summary = t(
            "describe.growth",
            lang,
            first=first["signatories"],
            first_year=first["year"],
            last=last["signatories"],
            last_year=last["year"],
        )
    return styled(line, t("chart.signatory_growth", lang), height=260, summary=summary, lang=lang)


def indicator_line(series: pl.DataFrame, indicator: dict, lang: str) -> alt.LayerChart:
    """Values over the years against baseline and target (horizontal rules)."""
    unit = t(f"unit.{indicator['unit']}", lang)
    data = _labelled(series, "sex", "sex", lang)
    # The rules for baseline and target are on the axis too, so they count for its range.
    drawn = (_top(series, "value"), indicator.get("baseline"), indicator.get("target"))
    tops = [v for v in drawn if v is not None]
    line = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=70), strokeWidth=3)
        .encode(
            x=alt.X("year:O", title=t("unit.year", lang), axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "value:Q",
                title=unit,
                scale=alt.Scale(zero=True),
                axis=count_axis(max(tops, default=None))
                if indicator["unit"] == "count"
                else alt.Axis(tickCount=TICKS),
            ),
            color=alt.Color(
                "sex_label:N",
                title=t("indicator.sex", lang),
                scale=alt.Scale(
                    domain=[t(f"sex.{s}", lang) for s in ("total", "female", "male")],
                    range=["#222222", "#CC79A7", "#0072B2"],
                ),
            ),
            tooltip=[
                alt.Tooltip("year:O", title=t("unit.year", lang)),
                alt.Tooltip("sex_label:N", title=t("indicator.sex", lang)),
                alt.Tooltip("value:Q", title=unit, format=",.1f"),
                alt.Tooltip("organisations:Q", title=t("unit.organisations", lang)),
            ],
        )
    )
    layers = [line]
    for key, dash in (("baseline", [2, 2]), ("target", [6, 4])):
        if indicator.get(key) is not None:
            rule = pl.DataFrame(
                {"value": [float(indicator[key])], "label": [t(f"indicator.{key}", lang)]}
            )
            layers.append(
                alt.Chart(rule)
                .mark_rule(strokeDash=dash, strokeWidth=2, color="#555555")
                .encode(
                    y="value:Q",
                    tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("value:Q", title=unit)],
                )
            )
            layers.append(
                alt.Chart(rule)
                .mark_text(align="left", dx=4, dy=-8, color="#555555")
                .encode(y="value:Q", text="label:N", x=alt.value(0))
            )
    name = indicator[f"name_{lang}"] if f"name_{lang}" in indicator else indicator["code"]
    totals = series.filter(pl.col("sex") == "total").sort("year")
    summary = ""
    if totals.height and totals["value"][-1] is not None:
        value = format_number(totals["value"][-1], lang)
        summary = t("describe.latest", lang, value=f"{value} {unit}", year=totals["year"][-1])
    title = f"{indicator['code']} {name}"
    return styled(alt.layer(*layers), title, height=300, summary=summary, lang=lang)


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
    data = _goal_labelled(frame.filter(pl.col("organisation_code").is_in(order)), goals)
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


__all__ = [
    "colour_scale",
    "styled",
    "goal_colours",
    "distribution_bar",
    "country_bar",
    "growth_line",
    "indicator_line",
    "coverage_heatmap",
    "heatmap_order",
    "count_axis",
    "count_ticks",
    "label_column",
    "goal_label_column",
    "most",
    "wrapped_labels",
    "count_legend",
    "TICKS",
    "title_lines",
    "GOAL_PALETTE",
    "FOCUS_COLOURS",
    "STATE_COLOURS",
    "FONT_SIZE",
    "TITLE_SIZE",
]
