"""What every chart ends with: its title, its text alternative and the fonts and legend of the
theme (`styled`), and the "highest" sentence of that text (`most`)."""

from __future__ import annotations

import altair as alt
import polars as pl

from nap_data.charts.axes import title_lines
from nap_data.charts.theme import FONT_SIZE, TITLE_SIZE
from nap_data.formatting import format_number
from nap_data.i18n import t


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
