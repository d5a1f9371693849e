"""The deck as PowerPoint (python-pptx): per slide a title, cards as text boxes, the chart as a
picture at full resolution, the footer, and the speaker notes."""

from __future__ import annotations

import io

from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Inches, Pt

from nap_data.deck import layout
from nap_data.deck.layout import Box
from nap_data.i18n import t

BLANK = 6  # the blank layout of python-pptx's default template
LANGUAGE = {"nl": "nl-NL", "en": "en-GB"}


def write_pptx(pages, title: str, lang: str) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(layout.WIDTH), Inches(layout.HEIGHT)
    prs.core_properties.title = title
    prs.core_properties.language = LANGUAGE.get(lang, "nl-NL")
    for page in pages:
        _slide(prs, page, lang)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _slide(prs, page, lang: str) -> None:
    s = page.slide
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK])
    title = _text(slide, layout.TITLE, s.title, layout.title_pt(s.title), bold=True, name="Title")
    title.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE  # PowerPoint shrinks the rest
    for box, figure in zip(layout.card_boxes(len(s.figures)), s.figures, strict=True):
        _card(slide, box, figure)
    if page.chart_png is not None:
        with Image.open(io.BytesIO(page.chart_png)) as im:
            box = layout.fit(*im.size)
        pic = slide.shapes.add_picture(
            io.BytesIO(page.chart_png), Inches(box.left), Inches(box.top), Inches(box.width)
        )
        pic.name = "Chart"
        pic._element.nvPicPr.cNvPr.set("descr", s.chart_title)  # alt text for screen readers
    else:
        _text(
            slide, layout.CHART, t("common.no_data", lang), layout.NO_CHART_PT, colour=layout.GREY
        )
    _footer(slide, s)
    slide.notes_slide.notes_text_frame.text = s.notes


def _text(slide, box: Box, text: str, size: int, bold=False, colour=layout.INK, name=""):
    shape = slide.shapes.add_textbox(
        Inches(box.left), Inches(box.top), Inches(box.width), Inches(box.height)
    )
    if name:
        shape.name = name
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold = Pt(size), bold
    run.font.color.rgb = RGBColor(*colour)
    return shape


def _card(slide, box: Box, figure) -> None:
    shape = slide.shapes.add_shape(
        MSO_SHAPE.ROUNDED_RECTANGLE,
        Inches(box.left),
        Inches(box.top),
        Inches(box.width),
        Inches(box.height),
    )
    shape.name = "Card"
    shape.adjustments[0] = 0.08
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    shape.line.color.rgb = RGBColor(*layout.CARD_LINE)
    shape.shadow.inherit = False
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    lines = [
        (figure.label, layout.CARD_LABEL_PT, False, layout.GREY),
        (figure.value, layout.CARD_VALUE_PT, True, layout.INK),
    ]
    if figure.note:
        lines.append((figure.note, layout.CARD_NOTE_PT, False, layout.GREY))
    for i, (text, size, bold, colour) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        run = paragraph.add_run()
        run.text = text
        run.font.size, run.font.bold = Pt(size), bold
        run.font.color.rgb = RGBColor(*colour)


def _footer(slide, s) -> None:
    shape = _text(
        slide,
        layout.FOOTER,
        " · ".join(s.footer),
        layout.FOOTER_PT,
        colour=layout.GREY,
        name="Footer",
    )
    if s.demo:
        run = shape.text_frame.paragraphs[0].add_run()
        run.text = f" · {s.demo}"
        run.font.size, run.font.bold = Pt(layout.FOOTER_PT), True
        run.font.color.rgb = RGBColor(*layout.DEMO)
