"""Charts as PNG and SVG for board papers and slides.

An exported chart is sized for a page, not for the column it sat in on screen: a wide
chart is 1600 x 900, a chart with one band per row keeps its rows and grows downwards, and
the map is as wide as the page and as high as the world is. Title, subtitle (period, data
scope, filters), legend, axis labels and a source line are all inside the image, in the
reader's language, and the image is the exact size Vega needs for them (autosize "pad").
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from dataclasses import dataclass
from functools import cached_property

import altair as alt
import vl_convert

from nap_data.charts.theme import FONT_SIZE
from nap_data.filters import Filters
from nap_data.formatting import format_date
from nap_data.i18n import t

PAGE_WIDTH = 1600
WIDE_HEIGHT = 900
# equalEarth without Antarctica (nap_data.worldmap): about 2.3 times as wide as high.
MAP_ASPECT = 2.3
PADDING = 24
FONT = 24  # axis and legend text: 1600 px scaled to a 16 cm column still reads as ~7 pt
TITLE_FONT = 36
SUBTITLE_FONT = 22
SOURCE_FONT = 18
# Average advance of a character of DejaVu Sans (the server's sans-serif), in em; bold
# titles run wider. Only used to break long lines; the export test measures the result.
CHAR_EM = 0.62
TITLE_CHAR_EM = 0.7
INK = "#222222"
SOFT_INK = "#444444"


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


def title_text(chart: alt.TopLevelMixin) -> str:
    """The chart's title as one line (the screen version may break it over several)."""
    title = chart.title
    text = title.text if isinstance(title, alt.TitleParams) else title
    if text is alt.Undefined or text is None:
        return ""
    return " ".join(text) if isinstance(text, list) else " ".join(str(text).split("\n"))


def lines(text: str, font: int, width: int = PAGE_WIDTH - 2 * PADDING, em=CHAR_EM) -> list[str]:
    """`text` broken into lines that fit `width` pixels at `font` px (never mid-word)."""
    return textwrap.wrap(text, max(10, int(width / (font * em)))) or [""]


def filters_text(filters: Filters | None, lang: str) -> str:
    """What the filters narrow the chart to, in words ("" when nothing is chosen).

    Period and data scope are in the caption already; this names the rest.
    """
    if filters is None:
        return ""
    from nap_data.countries import country_name

    parts = []
    named = (
        ("filter.goal", filters.goals, str),
        ("filter.focus", filters.focus, lambda v: t(f"focus.{v}", lang)),
        ("filter.org_type", filters.org_types, lambda v: t(f"org_type.{v}", lang)),
        ("filter.organisation", filters.organisations, str),
        ("filter.country", filters.countries, lambda v: country_name(v, lang)),
        ("filter.region", filters.regions, lambda v: t(f"region.{v}", lang)),
        ("filter.status", filters.statuses, lambda v: t(f"status.{v}", lang)),
        ("filter.progress", filters.progress, lambda v: t(f"progress.{v}", lang)),
    )
    for key, chosen, word in named:
        if chosen:
            parts.append(f"{t(key, lang)}: {', '.join(word(v) for v in chosen)}")
    return t("chart_export.filters", lang, filters="; ".join(parts)) if parts else ""


def source_text(lang: str, made_on: dt.date | None = None) -> str:
    return t("chart_export.source", lang, date=format_date(made_on or dt.date.today(), lang))


def for_export(
    chart: alt.TopLevelMixin,
    caption: str,
    lang: str,
    filters: Filters | None = None,
    made_on: dt.date | None = None,
) -> PageFigure:
    """`chart` as a page-sized figure: title, subtitle, the chart, and the source below it.

    Cheap to call: the figure is sized when to_png or to_svg renders it, because sizing
    takes a few Vega renders and a page offers many downloads that nobody clicks.
    """
    return PageFigure(chart, caption, lang, filters, made_on)


@dataclass(frozen=True)
class PageFigure:
    """A chart to export (see for_export); `spec` is its finished Vega-Lite spec.

    The chart's own title and Streamlit sizing are replaced; its data, encodings,
    selections and locale are kept. The plot is sized so that the whole image is
    PAGE_WIDTH wide (and WIDE_HEIGHT high for a chart without rows of a fixed step).
    """

    chart: alt.TopLevelMixin
    caption: str
    lang: str
    filters: Filters | None = None
    made_on: dt.date | None = None

    @cached_property
    def spec(self) -> dict:
        inner, config = _bare(self.chart)
        kind = _kind(inner)
        top = alt.vconcat(inner.properties(title=self._heading())).properties(
            # The source goes in the outer title, below everything: a second view for it
            # would line up with the plot, not the labels, and push the legend under it.
            title=alt.TitleParams(
                lines(source_text(self.lang, self.made_on), SOURCE_FONT),
                orient="bottom",
                anchor="start",
                fontSize=SOURCE_FONT,
                fontWeight="normal",
                color=SOFT_INK,
                offset=28,
            ),
            autosize=alt.AutoSizeParams(type="pad"),
            padding=PADDING,
            background="white",
        )
        top.config = _export_config(config)
        with alt.data_transformers.disable_max_rows():  # exports never drop rows
            spec = top.to_dict()  # once: a map's shapes take Altair a second to convert
        step = _step(inner.height)
        _fit(spec, kind, None if step is None else step * FONT / FONT_SIZE)
        return spec

    def _heading(self) -> alt.TitleParams:
        subtitle = lines(self.caption, SUBTITLE_FONT) if self.caption else []
        if extra := filters_text(self.filters, self.lang):
            subtitle += lines(extra, SUBTITLE_FONT)
        return alt.TitleParams(
            lines(title_text(self.chart), TITLE_FONT, em=TITLE_CHAR_EM),
            subtitle=subtitle or alt.Undefined,
            anchor="start",
            fontSize=TITLE_FONT,
            subtitleFontSize=SUBTITLE_FONT,
            subtitlePadding=10,
            offset=24,
            color=INK,
            subtitleColor=SOFT_INK,
        )


def _bare(chart: alt.TopLevelMixin) -> tuple[alt.TopLevelMixin, alt.Config]:
    """A copy of `chart` that can sit in a concatenation: no title, config or autosize."""
    inner = chart.copy(deep=True)
    config = inner.config if inner.config is not alt.Undefined else alt.Config()
    inner.config = alt.Undefined
    inner.title = alt.Undefined
    inner.autosize = alt.Undefined
    return inner, config


def _step(height) -> float | None:
    if isinstance(height, alt.Step):
        return height.step
    if isinstance(height, dict) and "step" in height:
        return height["step"]
    return None


def _kind(inner: alt.TopLevelMixin) -> str:
    if getattr(inner, "projection", alt.Undefined) is not alt.Undefined:
        return "map"
    return "rows" if _step(inner.height) is not None else "wide"


def _export_config(config: alt.Config) -> alt.Config:
    """The chart's config (locale, view) with type for a page instead of a column."""
    out = config.copy(deep=True)
    text = {"labelFontSize": FONT, "titleFontSize": FONT, "labelColor": INK, "titleColor": INK}
    out["axis"] = alt.AxisConfig(**text, labelLimit=900, titlePadding=14)
    out["legend"] = alt.LegendConfig(
        **text,
        orient="bottom",
        labelLimit=900,
        titleLimit=900,
        symbolSize=360,
        columnPadding=28,
        titlePadding=10,
        offset=28,
        gradientLength=480,
        gradientThickness=22,
    )
    out["text"] = alt.MarkConfig(fontSize=FONT)
    out["view"] = alt.ViewConfig(stroke=None)
    return out


def _fit(spec: dict, kind: str, step: float | None) -> None:
    """Size the plot in `spec` so the whole image is PAGE_WIDTH (x WIDE_HEIGHT) pixels.

    Axis labels, legend and titles take room that only Vega knows, so render the
    scenegraph, look at the image size and give the difference to the plot; labels do
    not change with the plot size, so this settles after one correction.
    """
    plot = spec["vconcat"][0]
    width, height = PAGE_WIDTH / 2, WIDE_HEIGHT / 2

    def place() -> None:
        plot["width"] = width
        if kind == "map":  # the world's shape decides the height
            plot["height"] = width / MAP_ASPECT
        elif kind == "rows":  # rows of a fixed step: the data decides the height
            plot["height"] = {"step": round(step, 1)}
        else:
            plot["height"] = height

    for _ in range(3):
        place()
        w, h = _size(spec)
        dw = PAGE_WIDTH - w
        dh = WIDE_HEIGHT - h if kind == "wide" else 0
        if abs(dw) < 1 and abs(dh) < 1:
            return
        width, height = max(200, width + dw), max(200, height + dh)
    place()


def _size(spec: dict) -> tuple[float, float]:
    scene = vl_convert.vegalite_to_scenegraph(json.dumps(spec))
    return scene["width"], scene["height"]


def _spec(chart: alt.TopLevelMixin | PageFigure) -> str:
    if isinstance(chart, PageFigure):
        return json.dumps(chart.spec)
    with alt.data_transformers.disable_max_rows():  # exports never drop rows
        return chart.to_json()


def to_png(chart: alt.TopLevelMixin | PageFigure, scale: float = 2.0) -> bytes:
    """PNG at `scale` times the chart's size (2: sharp when printed or zoomed)."""
    return vl_convert.vegalite_to_png(_spec(chart), scale=scale)


def to_svg(chart: alt.TopLevelMixin | PageFigure) -> bytes:
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
