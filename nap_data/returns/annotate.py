"""A copy of an uploaded workbook with every problem cell highlighted and commented."""

from __future__ import annotations

import io

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from nap_data.returns.findings import Finding, Severity

FILLS = {
    Severity.ERROR: PatternFill("solid", start_color="FFF4B6B6", end_color="FFF4B6B6"),
    Severity.WARNING: PatternFill("solid", start_color="FFFFE08A", end_color="FFFFE08A"),
}


def annotated_copy(data: bytes, findings: list[Finding], lang: str = "nl") -> bytes | None:
    """The workbook with findings marked; None when it cannot be opened (file-level errors)."""
    located = [f for f in findings if f.sheet and f.cell]
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - a file the gate rejected may not open at all
        return None
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    for f in located:
        by_cell.setdefault((f.sheet, _cell_only(f.cell)), []).append(f)
    for (sheet, cell), items in by_cell.items():
        if sheet not in wb.sheetnames:
            continue
        target = wb[sheet][cell]
        worst = (
            Severity.ERROR if any(i.severity == Severity.ERROR for i in items) else Severity.WARNING
        )
        target.fill = FILLS[worst]
        text = "\n".join(f"{i.severity}: {i.message(lang)}" for i in items)
        target.comment = Comment(text, "NAP 1325", width=320, height=120)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell_only(cell: str) -> str:
    """'Activities!D7' or 'D7' -> 'D7'."""
    return cell.split("!")[-1]
