"""Reads an uploaded return workbook: file gate, sheets by name, header rows by label.

`read_return` is the one entry point: it runs the file gate (`filecheck.check_file`)
first and stops on its errors, then opens the workbook read-only with cached values,
takes the rows of the sheets it knows (with its own row and column caps) and hands them
to `validate.validate`, which checks every row and collects all problems in one pass.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import openpyxl
from openpyxl.utils import get_column_letter

from nap_data.framework import Framework
from nap_data.plan import choose
from nap_data.returns.content import ReturnContent
from nap_data.returns.filecheck import Limits, assert_defusedxml_active, check_file
from nap_data.returns.findings import Finding, Severity, error
from nap_data.returns.layout import (
    ABOUT,
    HEADER_SCAN_ROWS,
    TABLES,
    Column,
    SheetSpec,
    find_sheet,
    norm,
)
from nap_data.returns.validate import validate
from nap_data.returns.validate_about import stated_year

DEFAULT_LIMITS = Limits()
Row = tuple[int, tuple]  # (1-based row number, cell values)


@dataclass(frozen=True)
class Table:
    """A sheet with a header row: which column holds which field, and the rows below."""

    sheet: str
    header_row: int
    columns: dict[str, tuple[int, str]]  # field -> (0-based column index, label in the file)
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class RawReturn:
    """What was read from the workbook, before any value is checked."""

    about: tuple[str, list[Row]] | None  # (sheet name, rows)
    tables: dict[str, Table | None]  # spec key -> table, None when sheet or header is missing
    findings: list[Finding]  # structural problems (missing sheet, header, column)


def read_return(
    data: bytes,
    framework: Framework | Sequence[Framework],
    *,
    expected_org: str | tuple[str, ...] | None = None,
    expected_year: int | None = None,
    lang: str = "nl",
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[ReturnContent | None, list[Finding]]:
    """The return's content (None when there is any error) and every finding.

    With several frameworks (one per plan), the return is checked against the plan whose
    period holds the year it states (see plan.choose).
    """
    gate = check_file(data, limits=limits)
    if any(f.severity is Severity.ERROR for f in gate):
        return None, gate
    assert_defusedxml_active()  # never let openpyxl parse an upload without defusedxml
    try:
        raw = load(data, lang, limits)
    except Exception:  # openpyxl raises many kinds of exception on a malformed workbook
        return None, [*gate, error("returns.validate.unreadable")]
    if not isinstance(framework, Framework):
        framework = choose(framework, year=stated_year(raw))
    return validate(
        raw, framework, expected_org=expected_org, expected_year=expected_year, findings=gate
    )


def load(data: bytes, lang: str = "nl", limits: Limits = DEFAULT_LIMITS) -> RawReturn:
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        names = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
        hidden = [ws.title for ws in wb.worksheets if ws.sheet_state != "visible"]
        findings = _ambiguous_sheets(names, hidden)
        if findings:
            return RawReturn(None, dict.fromkeys(spec.key for spec in TABLES), findings)
        rows = {
            name: sheet_rows(wb[name], limits)
            for spec in (ABOUT, *TABLES)
            if (name := find_sheet(names, spec)) is not None
        }
    finally:
        wb.close()
    about_name = find_sheet(names, ABOUT)
    if about_name is None:
        findings.append(_missing_sheet(ABOUT, lang))
    tables = {}
    for spec in TABLES:
        name = find_sheet(names, spec)
        if name is None:
            findings.append(_missing_sheet(spec, lang))
            tables[spec.key] = None
            continue
        tables[spec.key] = locate(name, rows[name], spec, lang, findings)
    about = (about_name, rows[about_name]) if about_name else None
    return RawReturn(about, tables, findings)


def _ambiguous_sheets(visible: list[str], hidden: list[str]) -> list[Finding]:
    """A hidden sheet with a contract name, or two visible sheets for one part: refused."""
    findings = [
        error("returns.read.hidden_sheet", sheet=name)
        for name in hidden
        if any(norm(name) in spec.keys for spec in (ABOUT, *TABLES))
    ]
    for spec in (ABOUT, *TABLES):
        same = [name for name in visible if norm(name) in spec.keys]
        if len(same) > 1:
            findings.append(error("returns.read.sheet_twice", sheet=same[0], other=same[1]))
    return findings


def sheet_rows(ws, limits: Limits, max_row: int | None = None) -> list[Row]:
    """Non-blank rows with their numbers; stops at the caps (or `max_row`) whatever
    `<dimension>` says. Shared with the register reader."""
    last = limits.max_rows if max_row is None else max_row
    ws.reset_dimensions()
    out: list[Row] = []
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        if number > last:
            break
        cells = tuple(values[: limits.max_columns])
        if any(not blank(v) for v in cells):
            out.append((number, cells))
    return out


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _missing_sheet(spec: SheetSpec, lang: str) -> Finding:
    return error("returns.validate.sheet_missing", sheet=spec.name(lang), en=spec.en, nl=spec.nl)


def locate(
    sheet: str, rows: list[Row], spec: SheetSpec, lang: str, findings: list[Finding]
) -> Table | None:
    """Finds the header row (most known labels among the top rows) and maps its columns."""
    best: tuple[int, Row] | None = None
    for number, values in rows:
        if number > HEADER_SCAN_ROWS:
            break
        hits = len({c.field for v in values if (c := spec.match(v)) is not None})
        if hits >= 2 and (best is None or hits > best[0]):
            best = (hits, (number, values))
    if best is None:
        labels = ", ".join(c.label(lang) for c in spec.columns if c.required)
        findings.append(error("returns.validate.header_missing", sheet=sheet, labels=labels))
        return None
    header_row, header = best[1]
    columns = _map_columns(sheet, header_row, header, spec, findings)
    for col in spec.columns:
        if col.required and col.field not in columns:
            findings.append(_missing_column(sheet, header_row, col, lang))
    body = [(n, v) for n, v in rows if n > header_row]
    return Table(sheet, header_row, columns, body)


def _map_columns(
    sheet: str, header_row: int, header: tuple, spec: SheetSpec, findings: list[Finding]
) -> dict[str, tuple[int, str]]:
    columns: dict[str, tuple[int, str]] = {}
    for index, value in enumerate(header):
        col = spec.match(value)
        if col is None:
            continue
        label = " ".join(str(value).split())
        if col.field in columns:
            cell = f"{get_column_letter(index + 1)}{header_row}"
            findings.append(
                error("returns.validate.column_duplicate", sheet=sheet, cell=cell, column=label)
            )
            continue
        columns[col.field] = (index, label)
    return columns


def _missing_column(sheet: str, header_row: int, col: Column, lang: str) -> Finding:
    return error(
        "returns.validate.column_missing",
        sheet=sheet,
        cell=f"A{header_row}",
        column=col.label(lang),
        en=col.en,
        nl=col.nl,
    )
