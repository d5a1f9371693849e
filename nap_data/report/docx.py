"""The report as a Word document (python-docx), the form in which the annex is edited and sent.

Real styles throughout, so Word's navigation pane, table of contents and house styles work:
Title and Subtitle on the title page, Heading 1 per section (starting a new page), Heading 2
within, tables with a repeated header row, pictures 16 cm wide at 300 dpi with a numbered
Caption (SEQ fields, so Word can list them), page numbers in the footer. The table of
contents is a TOC field that Word fills in when the file is opened.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from nap_data.report.charts import PRINT_WIDTH_CM, Images
from nap_data.report.model import Bullets, Figure, Paragraph, Quote, Report, Subheading, Table
from nap_data.report.words import cell_text

NUMERIC = {"int", "eur", "number", "percent", "year"}
WORD_LANGUAGE = {"nl": "nl-NL", "en": "en-GB"}
FIELD_NAMES = {"table": "Table", "figure": "Figure"}  # SEQ identifiers Word knows


def to_docx(report: Report, images: dict[str, Images]) -> bytes:
    doc = Document()
    _page_setup(doc, report)
    _title_page(doc, report)
    _contents(doc, report)
    for section in report.sections:
        heading = doc.add_heading(section.title, level=1)
        heading.paragraph_format.page_break_before = True
        for block in section.blocks:
            _block(doc, block, report, images)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page_setup(doc, report: Report) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
    margin = (21.0 - PRINT_WIDTH_CM) / 2
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(margin))
    section.top_margin = section.bottom_margin = Cm(2.2)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    _set_language(doc, WORD_LANGUAGE[report.lang])
    props = doc.core_properties
    props.title, props.subject = report.title, report.subtitle
    props.language, props.created = WORD_LANGUAGE[report.lang], report.generated_at
    props.author = "NAP 1325"
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{report.labels['page']} ")
    _field(footer, "PAGE", "1")
    footer.add_run(f" {report.labels['of']} ")
    _field(footer, "NUMPAGES", "1")
    section.different_first_page_header_footer = True  # no number on the title page
    _update_fields_on_open(doc)


# What comes after w:updateFields in w:settings (ECMA-376 CT_Settings): Word refuses a
# settings part whose children are out of this order.
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
    "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
    "listSeparator",
)  # fmt: skip


def _update_fields_on_open(doc) -> None:
    """Word fills in the table of contents and the page fields when the file is opened."""
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    later = [
        child for child in settings if child.tag in {qn(f"w:{n}") for n in _AFTER_UPDATE_FIELDS}
    ]
    if later:
        later[0].addprevious(update)
    else:
        settings.append(update)


def _set_language(doc, language: str) -> None:
    """The document's default language (spelling check, hyphenation) in its defaults."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    lang = run.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run.append(lang)
    lang.set(qn("w:val"), language)


def _title_page(doc, report: Report) -> None:
    doc.add_paragraph(report.title, style="Title")
    doc.add_paragraph(report.subtitle, style="Subtitle")
    for line in report.meta:
        doc.add_paragraph(line)


def _contents(doc, report: Report) -> None:
    """A TOC field whose cached text lists the sections, so the page reads well even before
    Word refreshes it (LibreOffice shows the cached text until Tools > Update)."""
    head = doc.add_paragraph(report.contents_title, style="TOC Heading")
    head.paragraph_format.page_break_before = True
    first = doc.add_paragraph()
    _field_begin(first, 'TOC \\o "1-2" \\h \\z \\u')
    first.add_run(report.labels["toc_hint"]).italic = True
    last = first
    for section in report.sections:
        last = doc.add_paragraph(section.title)
    _field_end(last)


def _block(doc, block, report: Report, images: dict[str, Images]) -> None:
    if isinstance(block, Paragraph):
        doc.add_paragraph(block.text)
    elif isinstance(block, Subheading):
        doc.add_heading(block.text, level=2)
    elif isinstance(block, Bullets):
        for item in block.items:
            doc.add_paragraph(item, style="List Bullet")
    elif isinstance(block, Table):
        _table(doc, block, report)
    elif isinstance(block, Figure):
        _figure(doc, block, report, images[block.key])
    elif isinstance(block, Quote):
        _quote(doc, block)


def _caption(doc, kind: str, number: int, title: str, report: Report):
    caption = doc.add_paragraph(style="Caption")
    caption.add_run(f"{report.labels[kind]} ")
    _field(caption, f"SEQ {FIELD_NAMES[kind]} \\* ARABIC", str(number))
    caption.add_run(f". {title}")
    return caption


def _table(doc, table: Table, report: Report) -> None:
    _caption(doc, "table", table.number, table.title, report).paragraph_format.keep_with_next = True
    grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = doc.styles["Table Grid"]
    rows = grid.rows
    _header_row(rows[0], table)
    for row, values in zip(rows[1:], table.rows, strict=True):
        for cell, value, column in zip(row.cells, values, table.columns, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.add_run(cell_text(value, column.kind, report.lang))
            if column.kind in NUMERIC:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if table.note:
        note = doc.add_paragraph()
        run = note.add_run(table.note)
        run.italic, run.font.size = True, Pt(9)


def _header_row(row, table: Table) -> None:
    properties = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeated at the top of every page the table spans
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    for cell, column in zip(row.cells, table.columns, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.add_run(column.label).bold = True
        if column.kind in NUMERIC:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _figure(doc, figure: Figure, report: Report, images: Images) -> None:
    doc.add_picture(io.BytesIO(images.png), width=Cm(PRINT_WIDTH_CM))
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    _caption(doc, "figure", figure.number, figure.title, report)


def _quote(doc, quote: Quote) -> None:
    label = doc.add_paragraph(style="Quote")
    label.add_run(quote.label).bold = True
    label.paragraph_format.keep_with_next = True
    text = doc.add_paragraph(style="Quote")
    text.add_run(quote.text)  # a run holds text only: Markdown, HTML or "=..." stay as typed
    text.paragraph_format.keep_with_next = True
    who = doc.add_paragraph(quote.attribution)
    who.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _field(paragraph, instruction: str, cached: str) -> None:
    _field_begin(paragraph, instruction)
    paragraph.add_run(cached)
    _field_end(paragraph)


def _field_begin(paragraph, instruction: str) -> None:
    _fld_char(paragraph, "begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    _fld_char(paragraph, "separate")


def _field_end(paragraph) -> None:
    _fld_char(paragraph, "end")


def _fld_char(paragraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")  # ask Word to recompute it
    paragraph.add_run()._r.append(char)


__all__ = ["to_docx", "NUMERIC"]
