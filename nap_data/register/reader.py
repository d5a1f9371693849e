"""Reads an uploaded register file, CSV or XLSX, into a table of raw rows with its header.

The kind is told by content, not by name: a ZIP goes through the workbook gate
(`returns.filecheck.check_file`, which also names .xls, PDF and other look-alikes) and
is opened by openpyxl read-only with cached values and defusedxml asserted; plain text
is read as CSV, UTF-8 with or without a byte-order mark, with `,` or `;` between fields
(whichever finds more of the register's column names in the header). Rows and columns
are capped as for returns. Structural problems come back as findings; nothing raises.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import openpyxl
from openpyxl.utils import get_column_letter

from nap_data.register import layout
from nap_data.register.findings import K, at
from nap_data.returns.filecheck import Limits, assert_defusedxml_active, check_file
from nap_data.returns.findings import Finding, Severity, error, warning
from nap_data.returns.layout import norm
from nap_data.returns.reader import blank, sheet_rows

DEFAULT_LIMITS = Limits()
Row = tuple[int, tuple]  # (1-based row number, cell values)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # all but tab, LF, CR
_DELIMITERS = (",", ";")


@dataclass(frozen=True)
class Table:
    """The register as read: where each field's column is, and the rows below the header."""

    sheet: str | None  # the XLSX sheet; None for CSV
    header_row: int
    columns: dict[str, tuple[int, str]]  # field -> (0-based column index, label in the file)
    rows: list[Row] = field(default_factory=list)
    width: int = 0  # cells in the header row up to its last label
    source: str = "csv"  # csv | xlsx | form: how an export's neutralised text is undone


def read_table(
    data: bytes, file_name: str = "", limits: Limits = DEFAULT_LIMITS
) -> tuple[Table | None, list[Finding]]:
    """The table (None when the file cannot be used) and every structural finding."""
    if not data:
        return None, [error(K + "empty")]
    if len(data) > limits.max_bytes:
        mb = f"{limits.max_bytes / 1024 / 1024:.0f} MB"
        return None, [error(K + "too_large", size=f"{len(data) / 1024 / 1024:.1f} MB", limit=mb)]
    gate = check_file(data, file_name, limits)
    codes = [f.code for f in gate]
    text = codes == ["returns.file.csv"]
    if text or (codes == ["returns.file.not_xlsx"] and file_name.lower().endswith(".csv")):
        return _csv_table(data, limits)  # the CSV checks name the row of a stray byte
    if any(f.severity is Severity.ERROR for f in gate):
        return None, gate
    assert_defusedxml_active()  # never let openpyxl parse an upload without defusedxml
    try:
        sheet, rows = _xlsx_rows(data, limits)
    except Exception:  # openpyxl raises many kinds of exception on a malformed workbook
        return None, [*gate, error("returns.validate.unreadable")]
    table, findings = locate(sheet, rows)
    return table, [*gate, *findings]


# --- CSV ------------------------------------------------------------------------------


def _csv_table(data: bytes, limits: Limits) -> tuple[Table | None, list[Finding]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [error(K + "encoding", row=line)]
    found = _CONTROL.search(text)
    if found:
        line = text[: found.start()].count("\n") + 1
        return None, [error(K + "control_chars", row=line)]
    best: tuple[Table | None, list[Finding]] | None = None
    for delimiter in _DELIMITERS:
        try:
            rows = _csv_rows(text, delimiter, limits)
        except csv.Error as exc:
            return None, [error(K + "csv_invalid", detail=str(exc))]
        except _TooBig as exc:
            return None, list(exc.args)
        table, findings = locate(None, rows)
        if best is None or _hits(table) > _hits(best[0]):
            best = (table, findings)
    return best


class _TooBig(Exception):
    """The file has more rows or columns than a register may have; args are the findings."""


def _csv_rows(text: str, delimiter: str, limits: Limits) -> list[Row]:
    out: list[Row] = []
    for number, values in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
        if number > limits.max_rows:
            raise _TooBig(error(K + "too_many_rows", limit=limits.max_rows))
        if len(values) > limits.max_columns:
            raise _TooBig(error(K + "too_many_columns", row=number, limit=limits.max_columns))
        if any(v.strip() for v in values):
            out.append((number, tuple(values)))
    return out


def _hits(table: Table | None) -> int:
    return len(table.columns) if table else 0


# --- XLSX -----------------------------------------------------------------------------


def _xlsx_rows(data: bytes, limits: Limits) -> tuple[str, list[Row]]:
    """The rows of the sheet called Register, else of the sheet whose top names most columns.

    Visible sheets only: what a hidden sheet holds must not decide what is imported.
    """
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        names = [n for n in wb.sheetnames if wb[n].sheet_state == "visible"]
        chosen = next((n for n in names if norm(n) == norm(layout.SHEET)), None)
        if chosen is None:
            top = {n: sheet_rows(wb[n], limits, layout.HEADER_SCAN_ROWS) for n in names}
            chosen = max(names, key=lambda n: _hits(locate(n, top[n])[0]))
        return chosen, sheet_rows(wb[chosen], limits)
    finally:
        wb.close()


# --- the header -----------------------------------------------------------------------


def locate(sheet: str | None, rows: list[Row]) -> tuple[Table | None, list[Finding]]:
    """Finds the header row (most known labels among the top rows) and maps its columns."""
    best: tuple[int, Row] | None = None
    for number, values in rows:
        if number > layout.HEADER_SCAN_ROWS:
            break
        hits = len({c.field for v in values if (c := layout.match(v)) is not None})
        if hits >= 2 and (best is None or hits > best[0]):
            best = (hits, (number, values))
    if best is None:
        labels = ", ".join(f"{c.nl} / {c.en}" for c in layout.COLUMNS if c.required)
        return None, [error(K + "header_missing", sheet=sheet, labels=labels)]
    header_row, header = best[1]
    findings: list[Finding] = []
    columns = _map_columns(sheet, header_row, header, findings)
    for col in layout.COLUMNS:
        if col.required and col.field not in columns:
            where = at(sheet, header_row, None, None)
            findings.append(error(K + "column_missing", **where, nl=col.nl, en=col.en))
    body = [(n, v) for n, v in rows if n > header_row]
    if not body and not findings:
        findings.append(error(K + "no_rows", **at(sheet, header_row, None, None)))
    width = max((i + 1 for i, v in enumerate(header) if not blank(v)), default=0)
    source = "csv" if sheet is None else "xlsx"
    return Table(sheet, header_row, columns, body, width, source), findings


def _map_columns(
    sheet: str | None, header_row: int, header: tuple, findings: list[Finding]
) -> dict[str, tuple[int, str]]:
    columns: dict[str, tuple[int, str]] = {}
    for index, value in enumerate(header):
        if blank(value):
            continue
        label = " ".join(str(value).split())
        col = layout.match(value)
        where = at(sheet, header_row, index, label)
        if col is None:  # kept out of the store, said so, not refused
            findings.append(warning(K + "column_ignored", **where))
        elif col.field in columns:
            first = get_column_letter(columns[col.field][0] + 1)
            findings.append(error(K + "column_duplicate", **where, first=first))
        else:
            columns[col.field] = (index, label)
    return columns
