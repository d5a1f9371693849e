"""A copy of an uploaded workbook with every problem cell highlighted and commented.

The copy needs a full (not read-only) openpyxl load, so it is made only for a file that
passes the file gate again here, under caps of its own: at most `MAX_CELLS` cells and
`MARK_LIMITS` unpacked bytes (a full load holds every cell as an object). A file the gate
refused, or one above these caps, gets no copy; the findings table still names every
cell. A finding in a merged cell goes on the top-left cell of the merged range.
"""

from __future__ import annotations

import io
import re

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.utils.cell import column_index_from_string

from nap_data.returns.filecheck import MB, Limits, assert_defusedxml_active, inspect_file
from nap_data.returns.findings import Finding, Severity

FILLS = {
    Severity.ERROR: PatternFill("solid", start_color="FFF4B6B6", end_color="FFF4B6B6"),
    Severity.WARNING: PatternFill("solid", start_color="FFFFE08A", end_color="FFFFE08A"),
}
MAX_CELLS = 50_000  # a return is a few thousand cells; a full load of 50,000 is ~1 s
MARK_LIMITS = Limits(max_uncompressed=20 * MB, max_cells=MAX_CELLS)  # the gate's, tighter
GATE = ("returns.file.", "returns.filecheck.")  # codes of the file gate
_CELL = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")


def annotated_copy(
    data: bytes, findings: list[Finding], lang: str = "nl", limits: Limits = MARK_LIMITS
) -> bytes | None:
    """The workbook with findings marked; None when the file may not or need not be opened.

    None for: no finding with a sheet and cell, any file-gate finding, a file the gate
    refuses now (with `limits`), more than `MAX_CELLS` cells, or a workbook openpyxl
    cannot open.
    """
    located = [f for f in findings if f.sheet and f.cell]
    if not located or any(f.code.startswith(GATE) for f in findings):
        return None
    report = inspect_file(data, limits=limits)  # stops at the first cell over the cap
    if report.findings or report.cells > MAX_CELLS:
        return None
    assert_defusedxml_active()
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a malformed workbook
        return None
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    for f in located:
        ref = _cell_only(str(f.cell))
        if f.sheet not in wb.sheetnames or not _inside(ref, limits):
            continue
        ws = wb[f.sheet]
        if not hasattr(ws, "merged_cells"):  # a chart sheet has no cells
            continue
        by_cell.setdefault((f.sheet, _anchor(ws, ref)), []).append(f)
    for (sheet, ref), items in by_cell.items():
        target = wb[sheet][ref]
        errors = any(i.severity == Severity.ERROR for i in items)
        target.fill = FILLS[Severity.ERROR if errors else Severity.WARNING]
        text = "\n".join(f"{i.severity}: {i.message(lang)}" for i in items)
        target.comment = Comment(text, "NAP 1325", width=320, height=120)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell_only(cell: str) -> str:
    """'Activities!D7' or 'D7' -> 'D7'."""
    return cell.split("!")[-1].replace("$", "").strip().upper()


def _inside(ref: str, limits: Limits) -> bool:
    """A single cell within the gate's row and column caps (never 'A1:B2' or 'XFD1')."""
    match = _CELL.fullmatch(ref)
    if match is None:
        return False
    column = column_index_from_string(match[1])
    return column <= limits.max_columns and int(match[2]) <= limits.max_rows


def _anchor(ws, ref: str) -> str:
    """The cell itself, or for a cell inside a merged range the range's top-left cell."""
    if not isinstance(ws[ref], MergedCell):
        return ref
    for merged in ws.merged_cells.ranges:
        if ref in merged:
            return ws.cell(merged.min_row, merged.min_col).coordinate
    return ref
