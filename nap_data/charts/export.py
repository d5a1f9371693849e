"""Charts as PNG and SVG for minutes and slides, with period and data scope in the image."""

from __future__ import annotations

import altair as alt
import vl_convert


def with_caption(chart: alt.TopLevelMixin, caption: str) -> alt.TopLevelMixin:
    """The chart with `caption` (period, data scope) as subtitle under its title."""
    title = (
        chart.title
        if isinstance(chart.title, alt.TitleParams)
        else alt.TitleParams(str(chart.title or ""))
    )
    text = title.text if title.text is not alt.Undefined else ""
    return chart.properties(
        title=alt.TitleParams(
            text, subtitle=caption, anchor="start", fontSize=18, subtitleFontSize=13
        )
    )


def _spec(chart: alt.TopLevelMixin) -> str:
    with alt.data_transformers.disable_max_rows():  # exports never drop rows
        return chart.to_json()


def to_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    return vl_convert.vegalite_to_png(_spec(chart), scale=scale)


def to_svg(chart: alt.TopLevelMixin) -> bytes:
    return vl_convert.vegalite_to_svg(_spec(chart)).encode("utf-8")


def for_screen(chart: alt.TopLevelMixin, font: int = 26, height: int = 540) -> alt.TopLevelMixin:
    """Large type for the shared screen in a meeting room; the slide title replaces the chart's.

    Draw it without Streamlit's chart theme, which would put its own (small) font sizes back.
    """
    return (
        chart.properties(title="", width="container", height=height)
        .configure_axis(
            labelFontSize=font,
            titleFontSize=font,
            labelLimit=520,
            labelColor="#111",
            titleColor="#111",
            labelFont="sans-serif",
            titleFont="sans-serif",
        )
        .configure_legend(
            labelFontSize=font,
            titleFontSize=font,
            symbolSize=400,
            labelFont="sans-serif",
            titleFont="sans-serif",
            orient="bottom",
        )
        .configure_text(fontSize=font)
    )
