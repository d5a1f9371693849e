"""Checks every row of a register table and collects all problems in one pass.

Each problem names its row and column (and for XLSX its cell) and the offending value;
errors block the import, warnings do not. The same checks serve the page's forms
(`check_values`), so a rule is written once. Nothing here raises on a cell value.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from nap_data.exports import TRIGGERS, unneutralise
from nap_data.register import layout
from nap_data.register.findings import K, at, row_of
from nap_data.register.reader import Row, Table, read_table
from nap_data.returns.findings import Finding, Severity, error, warning
from nap_data.returns.parse import parse_date, text_of
from nap_data.vocab import OrgType, parse_term

_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)
_GOAL_SPLIT = re.compile(r"[;,\s]+")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIALS = range(18_264, 73_051)  # Excel day numbers of 1950-01-01 to 2099-12-31


@dataclass(frozen=True)
class RegisterRow:
    """One organisation as the register file states it."""

    code: str
    name: str
    type: str
    joined_on: dt.date
    left_on: dt.date | None = None
    pledge: str = ""
    pledged_goals: tuple[int, ...] = ()
    contact_email: str | None = None
    website: str | None = None
    row: int | None = None  # where it stands in the file

    def values(self) -> dict[str, object]:
        """The stored fields, as the store and the audit trail compare them."""
        return {f: getattr(self, f) for f in layout.FIELDS}


@dataclass(frozen=True)
class RegisterFile:
    rows: tuple[RegisterRow, ...]
    fields: frozenset[str]  # the columns the file has; the others stay as they are


class Cells:
    """One data row: values by field, and findings that name the row, column and cell."""

    def __init__(self, table: Table, row: Row, out: list[Finding], lang: str) -> None:
        self.table, (self.row, self.values), self.out, self.lang = table, row, out, lang

    def raw(self, field: str) -> object:
        index = self.table.columns.get(field, (None,))[0]
        if index is None or index >= len(self.values):
            return None
        value = self.values[index]
        return None if isinstance(value, str) and not value.strip() else value

    def text(self, field: str) -> str:
        return unneutralised(text_of(self.raw(field)), self.table.source)

    def fail(self, code: str, field: str, value: object = None, severity=Severity.ERROR, **kw):
        index, label = self.table.columns.get(field, (None, layout.column(field).label(self.lang)))
        where = at(self.table.sheet, self.row, index, label)
        shown = self.text(field) if value is None else text_of(value)
        make = error if severity is Severity.ERROR else warning
        self.out.append(make(K + code, **where, value=shown or None, **kw))

    def required(self, field: str) -> bool:
        if self.raw(field) is None:
            self.fail("required", field)
            return False
        return True


def unneutralised(text: str, source: str = "xlsx") -> str:
    """Undo what an export did to a formula-like text, so an export imports back exactly:
    in a CSV an apostrophe at the start and after separators (`exports.unneutralise`), in
    a workbook one at the start. Typed in a form, a text is taken as it is."""
    if source == "csv":
        return unneutralise(text)
    if source == "xlsx" and text.startswith("'") and text[1:].lstrip(" ").startswith(TRIGGERS):
        return text[1:]
    return text


def parse_day(value: object) -> dt.date | None:
    """A date cell, ISO `2020-04-01`, `1-4-2020` (day first; `/` or `.` too), an Excel day."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        whole = int(value) if math.isfinite(value) and float(value).is_integer() else None
        return _EXCEL_EPOCH + dt.timedelta(days=whole) if whole in _SERIALS else None
    found = parse_date(value)
    if found is not None or not isinstance(value, str):
        return found
    m = _DMY.fullmatch(value.strip())
    try:
        return dt.date(int(m[3]), int(m[2]), int(m[1])) if m else None
    except ValueError:
        return None


def check_row(c: Cells, goals: tuple[int, ...]) -> RegisterRow | None:
    before = len(c.out)
    extra = c.values[c.table.width :] if c.table.sheet is None and c.table.width else ()
    if any(text_of(v) for v in extra):
        # In a CSV, a separator inside a value (1; 3 in a ;-file) shifts the cells after it.
        where = at(None, c.row, None, None)
        c.out.append(error(K + "extra_cells", **where, value="; ".join(map(text_of, extra))))
    code = _code(c)
    name = _text(c, "name", layout.MAX_NAME, required=True, one_line=True)
    kind = _type(c)
    joined = _date(c, "joined_on", required=True)
    left = _date(c, "left_on")
    if joined and left and left < joined:
        c.fail("left_before_joined", "left_on", joined=joined.isoformat())
    pledge = _text(c, "pledge", layout.MAX_TEXT)
    pledged = _goals(c, goals)
    email = _email(c)
    website = _website(c)
    if any(f.severity is Severity.ERROR for f in c.out[before:]):
        return None
    return RegisterRow(
        code, name, kind, joined, left, pledge, pledged, email, website, c.row or None
    )


def _text(c: Cells, field: str, limit: int, required=False, one_line=False) -> str:
    if required and not c.required(field):
        return ""
    text = c.text(field)
    text = " ".join(text.split()) if one_line else text
    if len(text) > limit:
        c.fail("too_long", field, length=len(text), limit=limit)
    return text


def _code(c: Cells) -> str:
    code = _text(c, "code", layout.MAX_CODE, required=True, one_line=True)
    if code and not _CODE.fullmatch(code):
        c.fail("code_invalid", "code")
    return code


def _type(c: Cells) -> str:
    if not c.required("type"):
        return ""
    found = parse_term(OrgType, c.text("type"))
    if found is None:
        c.fail("type_unknown", "type")
    return str(found) if found else ""


def _date(c: Cells, field: str, required: bool = False) -> dt.date | None:
    if (required and not c.required(field)) or c.raw(field) is None:
        return None
    found = parse_day(c.raw(field))
    if found is None:
        c.fail("date_invalid", field)
    return found


def _goals(c: Cells, goals: tuple[int, ...]) -> tuple[int, ...]:
    raw = c.raw("pledged_goals")
    allowed = ", ".join(map(str, goals))
    if isinstance(raw, float) and math.isfinite(raw) and not raw.is_integer():
        # Dutch Excel turns "1,3" into the number 1.3: say so rather than guess.
        c.fail("goals_decimal", "pledged_goals", value=raw)
        return ()
    parts = (
        list(raw) if isinstance(raw, list | tuple) else _GOAL_SPLIT.split(c.text("pledged_goals"))
    )
    found: list[int] = []
    for part in (text_of(p) for p in parts):
        if not part:
            continue
        number = int(part) if part.isascii() and part.isdigit() else None
        if number not in goals:
            c.fail("goal_unknown", "pledged_goals", value=part, allowed=allowed)
        elif number not in found:
            found.append(number)
    given = "pledged_goals" in c.table.columns  # an absent column keeps the stored goals
    if given and not any(text_of(p) for p in parts):
        c.fail("goals_empty", "pledged_goals", severity=Severity.WARNING, allowed=allowed)
    return tuple(sorted(found))


def _email(c: Cells) -> str | None:
    text = _text(c, "contact_email", layout.MAX_EMAIL, one_line=True)
    if text and not _EMAIL.fullmatch(text):
        c.fail("email_invalid", "contact_email")
    return text or None


def _website(c: Cells) -> str | None:
    text = _text(c, "website", layout.MAX_WEBSITE, one_line=True)
    if not text:
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        parts = None
    host = parts.hostname if parts else None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not host:
        suggestion = f"https://{text}" if "://" not in text else "https://www.example.org"
        c.fail("website_invalid", "website", suggestion=suggestion)
    elif " " in text or "." not in host:
        c.fail("website_invalid", "website", suggestion="https://www.example.org")
    return text


def validate(
    table: Table, goals: tuple[int, ...], lang: str = "nl", findings: list[Finding] | None = None
) -> tuple[RegisterFile | None, list[Finding]]:
    """Every row checked; the rows only when there is no error anywhere (all or nothing)."""
    out = list(findings or [])
    checked = [(r, check_row(Cells(table, r, out, lang), goals)) for r in table.rows]
    _duplicates(table, checked, out, lang)
    out.sort(key=lambda f: row_of(f) or 0)  # stable: within a row, columns in reading order
    if any(f.severity is Severity.ERROR for f in out):
        return None, out
    rows = tuple(row for _, row in checked if row is not None)
    return RegisterFile(rows, frozenset(table.columns)), out


def _duplicates(table: Table, checked: list, out: list[Finding], lang: str) -> None:
    """Codes are unique, case-insensitively; a second name is probably a double entry."""
    codes: dict[str, int] = {}
    names: dict[str, int] = {}
    for raw, row in checked:
        cells = Cells(table, raw, out, lang)
        code = cells.text("code").upper()
        if code and code in codes:
            cells.fail("code_duplicate", "code", first=codes[code])
        codes.setdefault(code, raw[0])
        name = " ".join(cells.text("name").split()).casefold()
        if name and name in names and row is not None:
            cells.fail("name_duplicate", "name", severity=Severity.WARNING, first=names[name])
        names.setdefault(name, raw[0])


def check_values(
    values: dict[str, object], goals: tuple[int, ...], lang: str = "nl"
) -> tuple[RegisterRow | None, list[Finding]]:
    """One organisation from a form (field -> value), by the same rules as a file's row."""
    labels = {f: (i, layout.column(f).label(lang)) for i, f in enumerate(layout.FIELDS)}
    cells = tuple(values.get(f) for f in layout.FIELDS)
    out: list[Finding] = []
    row = check_row(Cells(Table(None, 0, labels, source="form"), (0, cells), out, lang), goals)
    return row, out


def read_register(
    data: bytes, file_name: str, goals: tuple[int, ...], lang: str = "nl"
) -> tuple[RegisterFile | None, list[Finding]]:
    """Check, read and validate a register file: the organisations, or None, and every finding."""
    table, findings = read_table(data, file_name)
    if table is None or any(f.severity is Severity.ERROR for f in findings):
        return None, findings
    return validate(table, goals, lang, findings)
