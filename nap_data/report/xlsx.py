"""The numbers behind the report's text: every table on its own sheet, typed.

Row 1 of a table's sheet is the header the document shows; below it the same rows, with
numbers as numbers (budgets in euros with their cents, shares as fractions shown as %),
years as whole numbers and dates as dates. Text goes through `exports.neutralise`, so no
cell runs as a formula. A contents sheet says which sheet holds which table, with the
table's note; a last sheet holds the quotes as they are printed.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from nap_data.exports import neutralise
from nap_data.i18n import t
from nap_data.report.model import Quote, Report, Table

NUMBER_FORMATS = {
    "int": "#,##0",
    "eur": '"€" #,##0.00',
    "number": "General",
    "percent": "0%",
    "year": "0",
    "date": "yyyy-mm-dd",
}
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\']")
MAX_SHEET_NAME = 31


def sheet_names(report: Report) -> dict[str, str]:
    """Table key -> its sheet's name: "03 Voortgangsniveau van de ac", unique, Excel-safe."""
    names = {}
    for table in report.tables():
        title = _NOT_IN_SHEET_NAMES.sub(" ", table.title)
        names[table.key] = f"{table.number:02d} {title}"[:MAX_SHEET_NAME].rstrip()
    return names


def to_xlsx(report: Report) -> bytes:
    wb = Workbook(write_only=True)
    names = sheet_names(report)
    _contents_sheet(wb, report, names)
    for table in report.tables():
        _table_sheet(wb, table, names[table.key])
    _quotes_sheet(wb, report)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(ws, value: str, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=neutralise(value))
    cell.data_type = "s"  # typed as text: openpyxl would store "=..." as a formula
    if bold:
        cell.font = Font(bold=True)
    return cell


def _value(ws, value: object, kind: str):
    if value is None:
        return None
    if isinstance(value, str):
        return _text(ws, value)
    if isinstance(value, dt.datetime):
        value = value.date()
    cell = WriteOnlyCell(ws, value=value)
    if kind in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[kind]
    return cell


def _widths(ws, widths: list[int]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _table_sheet(wb: Workbook, table: Table, name: str) -> None:
    ws = wb.create_sheet(name)
    _widths(ws, [min(50, max(12, len(c.label) + 4)) for c in table.columns])
    ws.freeze_panes = "A2"
    ws.append([_text(ws, c.label, bold=True) for c in table.columns])
    for row in table.rows:
        ws.append([_value(ws, v, c.kind) for v, c in zip(row, table.columns, strict=True)])


def _contents_sheet(wb: Workbook, report: Report, names: dict[str, str]) -> None:
    lang = report.lang
    ws = wb.create_sheet(t("report.xlsx.contents", lang))
    _widths(ws, [34, 12, 70, 90])
    ws.append([_text(ws, report.title, bold=True)])
    ws.append([_text(ws, report.subtitle)])
    for line in report.meta:
        ws.append([_text(ws, line)])
    ws.append([])
    header = ("report.xlsx.sheet", "report.xlsx.table", "report.xlsx.title", "report.xlsx.note")
    ws.append([_text(ws, t(key, lang), bold=True) for key in header])
    for table in report.tables():
        ws.append(
            [
                _text(ws, names[table.key]),
                table.number,
                _text(ws, table.title),
                _text(ws, table.note) if table.note else None,
            ]
        )
    ws.append([_text(ws, t("report.xlsx.quotes", lang))])


def _quotes_sheet(wb: Workbook, report: Report) -> None:
    lang = report.lang
    ws = wb.create_sheet(t("report.xlsx.quotes", lang))
    _widths(ws, [40, 14, 40, 8, 100, 16])
    ws.freeze_panes = "A2"
    header = (
        "report.col.goal", "report.col.kind", "report.col.organisation", "report.col.year",
        "report.xlsx.text", "report.col.quote_key",
    )  # fmt: skip
    ws.append([_text(ws, t(key, lang), bold=True) for key in header])
    for section in report.sections:
        for quote in (q for q in section.blocks if isinstance(q, Quote)):
            ws.append(
                [
                    _text(ws, section.title),
                    _text(ws, quote.label),
                    _text(ws, quote.organisation),
                    _value(ws, quote.year, "year"),
                    _text(ws, quote.text),
                    _text(ws, quote.key),
                ]
            )


__all__ = ["to_xlsx", "sheet_names", "NUMBER_FORMATS"]
