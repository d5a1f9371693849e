"""The deck as PDF: each slide drawn as one page image with Pillow (title, cards, the chart
picture, the footer), in the same places as the PowerPoint, then bound into one PDF.

Pillow is there already (python-pptx needs it), so the PDF needs no other library and no
office suite. The pages are pictures: text in them cannot be selected; the PowerPoint is
the editable, searchable version.
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from nap_data.deck import layout
from nap_data.deck.layout import Box
from nap_data.i18n import t

DPI = 216  # 13.333 x 7.5 inches -> 2880 x 1620 pixels: sharp on a projector and on paper
# Arial's metrics first (as in PowerPoint and the charts), else DejaVu's condensed cut, which
# Debian always has and which keeps a finding within two lines like the narrower faces do.
FONTS = {
    False: ("LiberationSans-Regular.ttf", "Arial.ttf", "DejaVuSansCondensed.ttf"),
    True: ("LiberationSans-Bold.ttf", "Arial Bold.ttf", "DejaVuSansCondensed-Bold.ttf"),
}


def write_pdf(pages, title: str, lang: str) -> bytes:
    images = [_page(page, lang) for page in pages]
    out = io.BytesIO()
    images[0].save(
        out,
        "PDF",
        save_all=True,
        append_images=images[1:],
        resolution=DPI,
        title=title,
        quality=92,
    )
    return out.getvalue()


def _px(inches: float) -> int:
    return round(inches * DPI)


def _pt(points: float) -> int:
    return round(points * DPI / 72)


@cache
def font(size_pt: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """A sans-serif font with Dutch letters; Pillow's own when none of the usual is installed."""
    for name in FONTS[bold]:
        try:
            return ImageFont.truetype(name, _pt(size_pt))
        except OSError:
            continue
    return ImageFont.load_default(_pt(size_pt))


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines of whole words no wider than `width` pixels (a longer word stands alone)."""
    lines: list[str] = []
    for word in text.split():
        if lines and face.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _write(draw, box: Box, text: str, size: int, bold=False, colour=layout.INK) -> int:
    """Wrapped text from the box's top left; returns the y below the last line."""
    face = font(size, bold)
    y = _px(box.top)
    for line in wrap(text, face, _px(box.width)):
        draw.text((_px(box.left), y), line, font=face, fill=colour)
        y += round(_pt(size) * 1.2)
    return y


def _title_size(text: str) -> int:
    """The largest title size at which the finding fits two lines."""
    for size in layout.TITLE_SIZES:
        if len(wrap(text, font(size, True), _px(layout.TITLE.width))) <= layout.TITLE_LINES:
            return size
    return layout.TITLE_SIZES[-1]


def _page(page, lang: str) -> Image.Image:
    s = page.slide
    im = Image.new("RGB", (_px(layout.WIDTH), _px(layout.HEIGHT)), "white")
    draw = ImageDraw.Draw(im)
    _write(draw, layout.TITLE, s.title, _title_size(s.title), bold=True)
    for box, figure in zip(layout.card_boxes(len(s.figures)), s.figures, strict=True):
        _card(draw, box, figure)
    if page.chart_png is not None:
        with Image.open(io.BytesIO(page.chart_png)) as chart:
            box = layout.fit(*chart.size)
            picture = chart.convert("RGB").resize((_px(box.width), _px(box.height)), Image.LANCZOS)
        im.paste(picture, (_px(box.left), _px(box.top)))
    else:
        _write(
            draw, layout.CHART, t("common.no_data", lang), layout.NO_CHART_PT, colour=layout.GREY
        )
    _footer(draw, s)
    return im


def _card(draw, box: Box, figure) -> None:
    pad = 0.14
    draw.rounded_rectangle(
        (_px(box.left), _px(box.top), _px(box.left + box.width), _px(box.bottom)),
        radius=_px(0.1),
        outline=layout.CARD_LINE,
        width=max(2, _px(0.015)),
    )
    inner = Box(box.left + pad, box.top + pad * 0.8, box.width - 2 * pad, box.height)
    y = _write(draw, inner, figure.label, layout.CARD_LABEL_PT, colour=layout.GREY)
    value = Box(inner.left, y / DPI, inner.width, inner.height)
    y = _write(draw, value, figure.value, layout.CARD_VALUE_PT, bold=True)
    if figure.note:
        note = Box(inner.left, y / DPI, inner.width, inner.height)
        _write(draw, note, figure.note, layout.CARD_NOTE_PT, colour=layout.GREY)


def _footer(draw, s) -> None:
    """The footer's words, wrapped; the demo label in bold and colour after them."""
    face, bold = font(layout.FOOTER_PT), font(layout.FOOTER_PT, bold=True)
    width, step = _px(layout.FOOTER.width), round(_pt(layout.FOOTER_PT) * 1.2)
    x, y = _px(layout.FOOTER.left), _px(layout.FOOTER.top)
    lines = wrap(" · ".join(s.footer), face, width)
    for line in lines[:-1]:
        draw.text((x, y), line, font=face, fill=layout.GREY)
        y += step
    last = lines[-1] if lines else ""
    draw.text((x, y), last, font=face, fill=layout.GREY)
    if s.demo:
        after = face.getlength(f"{last} · ")
        if after + bold.getlength(s.demo) > width:
            after, y = 0, y + step
        else:
            draw.text((x + face.getlength(last), y), " · ", font=face, fill=layout.GREY)
        draw.text((x + after, y), s.demo, font=bold, fill=layout.DEMO)
