"""Where a register problem is: row and column (CSV and XLSX), and the cell for XLSX.

Register findings are `returns.findings.Finding`s with codes `register.file.*`
(texts in `nap_data/i18n/register.toml`); the row number travels in `params["row"]`,
so one message text serves both file kinds and both languages.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from nap_data.i18n import t
from nap_data.returns.findings import Finding

K = "register.file."


def at(sheet: str | None, row: int | None, index: int | None, label: str | None) -> dict:
    """Location keywords for `error`/`warning`: the cell only where there is a sheet."""
    cell = f"{get_column_letter(index + 1)}{row}" if sheet and index is not None and row else None
    return {"sheet": sheet, "cell": cell, "column": label, "row": row or None}


def row_of(f: Finding) -> int | None:
    row = f.params.get("row")
    return row if isinstance(row, int) else None


def where(f: Finding, lang: str = "nl") -> str:
    """'row 7, column 'Name' (Register!B7)' in the reader's language; '' when nowhere."""
    parts = []
    if row_of(f) is not None:
        parts.append(t("register.where.row", lang, row=row_of(f)))
    if f.column:
        parts.append(t("register.where.column", lang, column=f.column))
    text = ", ".join(parts)
    if f.sheet and f.cell:
        text += f" ({f.location()})"
    return text


def as_dict(f: Finding, lang: str = "nl") -> dict[str, object]:
    """One finding as the CLI's JSON and the page's table show it."""
    return {
        "severity": str(f.severity),
        "code": f.code,
        "row": row_of(f),
        "column": f.column,
        "cell": f.location() or None,
        "value": f.value,
        "message": f.message(lang),
    }
