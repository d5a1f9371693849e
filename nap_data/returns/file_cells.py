"""The file gate's checks inside worksheets and shared strings, as expat handlers.

Rows and cells must come in order and stay within the `Limits`; formulas without a cached
value and texts with control characters are collected (not fatal) in a `CellTally`.
"""

from __future__ import annotations

import re

from openpyxl.utils.cell import column_index_from_string, get_column_letter

from nap_data.returns.file_limits import Limits
from nap_data.returns.file_refusal import refuse, reject
from nap_data.returns.file_xml import CONTROL, excerpt, local_name
from nap_data.returns.findings import Finding, error

_MAX_LISTED = 20  # formula cells named in one finding
_MAX_TEXT_FINDINGS = 5
_ESCAPE = re.compile(r"_x005[Ff]_|_x([0-9A-Fa-f]{4})_")  # OOXML escapes; _x005F_ escapes "_"
_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")


class CellTally:
    """What the cell handlers of all parts count and collect."""

    def __init__(self) -> None:
        self.formulas: list[tuple[str, str]] = []  # (sheet, cell) without a cached value
        self.formula_count = 0  # all of them; only the first _MAX_LISTED are kept
        self.texts: list[Finding] = []
        self.cells = 0

    def findings(self) -> list[Finding]:
        if not self.formulas:
            return self.texts
        (sheet, cell), n = self.formulas[0], self.formula_count
        cells = ", ".join(f"{s}!{c}" for s, c in self.formulas[:_MAX_LISTED])
        cells += ", ..." if n > _MAX_LISTED else ""
        code = "returns.file.formula_no_value"
        return [error(code, sheet=sheet, cell=cell, cells=cells, count=n), *self.texts]


def _unescape(text: str) -> str:
    if "_x" not in text:  # every escape starts so; most texts have none
        return text
    return _ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else "_", text)


_TAG_NAMES: dict[str, str] = {}  # expat's "uri local" -> local, for the cell handlers
_MAX_TAG_NAMES = 1_000  # a hostile part may use many names: the cache stays small


def _tag(name: str) -> str:
    found = local_name(name)
    if len(_TAG_NAMES) < _MAX_TAG_NAMES:
        _TAG_NAMES[name] = found
    return found


class CellHandlers:
    """expat handlers for a worksheet or the shared strings: size, formulas, control chars."""

    def __init__(self, tally: CellTally, limits: Limits, part: str, sheet: str | None) -> None:
        self.tally, self.part, self.sheet, self.limits = tally, part, sheet, limits
        self.rows = self.row = self.col = 0
        self.cell: dict[str, object] | None = None
        self.text: list[str] | None = None  # inside <t> or <v>

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = _TAG_NAMES.get(name) or _tag(name)  # a million calls a large sheet: no rpartition
        if self.sheet is None:  # shared strings: only the texts matter
            self.text = [] if tag == "t" else self.text
        elif tag == "row":
            self.rows, self.col = self.rows + 1, 0
            number = self._int(attrs["r"]) if "r" in attrs else self.row + 1
            self._check_size(number)
            if number <= self.row:  # openpyxl and Excel would read such rows differently
                twice = number == self.row
                key = "returns.filecheck.row_duplicate" if twice else "returns.filecheck.row_order"
                raise refuse(key, sheet=self.sheet, row=number)
            self.row = number
        elif tag == "c":
            self._start_cell(attrs)
        elif tag in ("t", "v"):
            self.text = []
        if tag == "f" and self.cell is not None:
            self.cell["f"] = True

    def _start_cell(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        self.tally.cells += 1
        if self.limits.max_cells is not None and self.tally.cells > self.limits.max_cells:
            raise refuse("returns.filecheck.too_many_cells", limit=self.limits.max_cells)
        if ref is None:
            self.col += 1
            ref = f"{get_column_letter(self.col)}{self.row}"
        else:
            match = _REF.fullmatch(ref)
            if not match:
                raise reject("xml_invalid", sheet=self.sheet, part=self.part, line=0)
            col = column_index_from_string(match[1].upper())
            self._check_size(int(match[2]))
            if int(match[2]) != self.row or col <= self.col:  # another row, or not rightwards
                raise refuse(
                    "returns.filecheck.cell_order", sheet=self.sheet, cell=ref, row=self.row
                )
            self.col = col
        if self.col > (cap := self.limits.max_columns):
            raise reject("too_many_columns", sheet=self.sheet, cell=ref, limit=cap)
        self.cell = {"ref": ref, "f": False, "v": False, "str": attrs.get("t") == "str"}

    def _check_size(self, row: int) -> None:
        if max(row, self.rows) > self.limits.max_rows:
            raise reject("too_many_rows", sheet=self.sheet, limit=self.limits.max_rows)

    def _int(self, value: str) -> int:
        if not (value.isascii() and value.isdigit()):
            raise reject("xml_invalid", sheet=self.sheet, part=self.part, line=0)
        return int(value)

    def data(self, text: str) -> None:
        if self.text is not None:
            self.text.append(text)

    def end(self, name: str) -> None:
        tag = _TAG_NAMES.get(name) or _tag(name)
        cell = self.cell
        if tag == "v" and cell is not None:
            cell["v"] = bool("".join(self.text or ()).strip()) or bool(cell["str"])
        elif tag == "t":
            self._check_text(_unescape("".join(self.text or ())))
        elif tag == "c" and cell is not None:
            if cell["f"] and not cell["v"]:
                self.tally.formula_count += 1
                if len(self.tally.formulas) < _MAX_LISTED:
                    self.tally.formulas.append((str(self.sheet), str(cell["ref"])))
            self.cell = None
        if tag in ("t", "v"):
            self.text = None

    def _check_text(self, text: str) -> None:
        found = CONTROL.search(text)
        if found and len(self.tally.texts) < _MAX_TEXT_FINDINGS:
            cell = str(self.cell["ref"]) if self.cell else None
            value = excerpt(text, found.start())
            finding = error("returns.file.control_chars", sheet=self.sheet, cell=cell, value=value)
            self.tally.texts.append(finding)
