"""The take-away deck: the presentation's slides as PowerPoint (`pptx`) or PDF (`pdf`).

One page per screen, with the same titles, cards, footer and charts (as images at full
resolution) as presentation mode, because both are drawn from `nap_data.slides`; the
PowerPoint also carries each slide's speaker notes. No Streamlit here: the CLI
(`python -m nap_data deck`) and the presentation's download buttons both call `build`.
"""

from __future__ import annotations

from dataclasses import dataclass

from nap_data.charts.export import to_png
from nap_data.filters import Filters
from nap_data.i18n import t
from nap_data.slides import Data, Slide, build_all

FORMATS = ("pptx", "pdf")
MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}
CHART_SCALE = 2.0  # the charts' design size is 1800 px wide: 3600 px in the file


@dataclass(frozen=True)
class Page:
    """A slide with its chart drawn as a PNG (None when the slide has no chart)."""

    slide: Slide
    chart_png: bytes | None


def pages(slides: tuple[Slide, ...], scale: float = CHART_SCALE) -> tuple[Page, ...]:
    return tuple(
        Page(s, to_png(s.chart, scale=scale) if s.chart is not None else None) for s in slides
    )


def title(data: Data, f: Filters, lang: str) -> str:
    """The document's title (file properties, the PDF's title)."""
    return t("slides.deck_title", lang, plan=data.plan.name(lang), year=f.year_to)


def build(data: Data, f: Filters, lang: str, fmt: str) -> bytes:
    """The whole deck as the bytes of a .pptx or .pdf file."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown deck format {fmt!r}; expected one of {FORMATS}")
    drawn = pages(build_all(data, f, lang))
    name = title(data, f, lang)
    if fmt == "pptx":
        from nap_data.deck.pptx import write_pptx

        return write_pptx(drawn, name, lang)
    from nap_data.deck.pdf import write_pdf

    return write_pdf(drawn, name, lang)


def file_name(f: Filters, lang: str, fmt: str) -> str:
    return f"{t('slides.file_name', lang, year=f.year_to)}.{fmt}"


__all__ = ["FORMATS", "MIME", "Page", "build", "file_name", "pages", "title"]
