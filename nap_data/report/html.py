"""The report as one self-contained HTML file (Jinja2): style sheet inline, charts as data:
URIs, no reference to anything outside the file, so it opens offline and can be mailed.

The template escapes every value (autoescape), so a return's text containing HTML or
Markdown shows as the characters it is. The same page, with PNG charts instead of SVG,
is what the PDF is printed from (see `to_html`).
"""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from nap_data.report.charts import Images
from nap_data.report.docx import NUMERIC
from nap_data.report.model import Report
from nap_data.report.words import cell_text

TEMPLATES = Path(__file__).parent / "templates"


def _css_string(text: str) -> str:
    # Inside a CSS "..." string in a <style> element: no way out of the string or the
    # element, whatever the label says (CSS escapes, as HTML escapes do not apply there).
    out = str(text).replace("\\", "\\5c ").replace('"', "\\22 ").replace("<", "\\3c ")
    return out.replace("\n", " ")


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = _css_string
    env.globals["kind_of"] = lambda block: type(block).__name__
    env.globals["table_class"] = _table_class
    return env


LONG_TABLE_ROWS, WIDE_TABLE_COLUMNS = 30, 8


def _table_class(table) -> str:
    """ "long" lays a long table out by its header (fast), "wide" sets many columns smaller."""
    classes = []
    if len(table.rows) > LONG_TABLE_ROWS:
        classes.append("long")
    if len(table.columns) > WIDE_TABLE_COLUMNS:
        classes.append("wide")
    return " ".join(classes)


def data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


PRINT_SCHEME = "nap-chart:"


def to_html(report: Report, images: dict[str, Images], *, for_print: bool = False) -> str:
    """The self-contained page, with the charts inline as SVG.

    `for_print` is the page the PDF is printed from: its charts are addresses
    (nap-chart:<key>) that pdf.py answers with the PNG from memory, because parsing
    megabytes of base64 in the HTML took WeasyPrint longer than laying out the report.
    """
    env = _environment()
    uris = {
        key: f"{PRINT_SCHEME}{key}" if for_print else data_uri(img.svg, "image/svg+xml")
        for key, img in images.items()
    }
    return env.get_template("document.html.j2").render(
        report=report,
        labels=report.labels,
        images=uris,
        numeric=NUMERIC,
        cell=lambda value, kind: cell_text(value, kind, report.lang),
        css=(TEMPLATES / "document.css").read_text(encoding="utf-8"),
    )


__all__ = ["to_html", "data_uri", "PRINT_SCHEME"]
