"""Per-field rules of the return check: one data row's cells, read and judged by field.

`Cells` answers a field's value as a term, date, number or goal, and adds a finding that
names the sheet, the cell and the column label when the value does not pass.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter

from nap_data.framework import Framework
from nap_data.returns.content import TEXT_LIMITS
from nap_data.returns.file_xml import CONTROL
from nap_data.returns.findings import Finding, Severity, error, warning
from nap_data.returns.parse import (
    match_goal,
    number_fix,
    parse_date,
    parse_number,
    split_list,
    text_of,
)
from nap_data.vocab import ActivityStatus, Focus, Progress, Sex, TargetGroup, parse_term

if TYPE_CHECKING:
    from nap_data.returns.reader import Table

K = "returns.validate."
_VOCAB_CODES = {
    Focus: "focus_unknown",
    ActivityStatus: "status_unknown",
    Progress: "progress_unknown",
    TargetGroup: "target_group_unknown",
    Sex: "sex_unknown",
}


class Cells:
    """One data row of a table: values by field, and findings that name the cell."""

    def __init__(self, table: Table, number: int, values: tuple, out: list[Finding]) -> None:
        self.table, self.row, self.values, self.out = table, number, values, out
        # Each field's value is looked up once per row, not once per check (a 50,000-row
        # return asks about two million times); blank text counts as no value.
        width = len(values)
        self._raw = {
            field: _present(values[index]) if index < width else None
            for field, (index, _) in table.columns.items()
        }
        self._text: dict[str, str] = {}

    def raw(self, field: str) -> object:
        return self._raw.get(field)

    def text(self, field: str) -> str:
        found = self._text.get(field)
        if found is None:
            found = self._text[field] = text_of(self._raw.get(field))
        return found

    def cell(self, field: str) -> str:
        index = self.table.columns.get(field, (0,))[0]
        return f"{get_column_letter(index + 1)}{self.row}"

    def fail(self, code: str, field: str, value: object = None, severity=Severity.ERROR, **kw):
        shown = self.text(field) if value is None else text_of(value)
        make = error if severity is Severity.ERROR else warning
        label = self.table.columns.get(field, (0, field))[1]
        where = {"sheet": self.table.sheet, "cell": self.cell(field), "column": label}
        self.out.append(make(K + code, **where, value=shown or None, **kw))

    def required(self, field: str) -> bool:
        if self.raw(field) is None:
            self.fail("required", field)
            return False
        return True

    def term(self, kind, field: str, required: bool = False) -> str | None:
        if (required and not self.required(field)) or self.raw(field) is None:
            return None
        found = parse_term(kind, self.text(field))
        if found is None:
            self.fail(_VOCAB_CODES[kind], field)
        return None if found is None else str(found)

    def terms(self, kind, field: str) -> tuple[str, ...]:
        found: list[str] = []
        for part in split_list(self.text(field)):
            term = parse_term(kind, part)
            if term is None:
                self.fail(_VOCAB_CODES[kind], field, part)
            elif str(term) not in found:
                found.append(str(term))
        return tuple(found)

    def date(self, field: str, required: bool = False) -> dt.date | None:
        if (required and not self.required(field)) or self.raw(field) is None:
            return None
        found = parse_date(self.raw(field))
        if found is None:
            self.fail("date_invalid", field)
        return found

    def number(self, field: str, required: bool = False) -> float | None:
        if (required and not self.required(field)) or self.raw(field) is None:
            return None
        found = parse_number(self.raw(field))
        fix = number_fix(self.raw(field)) if found is None else None
        if fix is not None:
            self.fail("number_ambiguous", field, fix=fix)
        elif found is None:
            self.fail("number_invalid", field)
        return found

    def goal(self, field: str, framework: Framework) -> int | None:
        if not self.required(field):
            return None
        found, name = match_goal(self.raw(field), framework)
        goal = next((g for g in framework.goals if g.number == found), None)
        if name is not None and goal is not None:
            self.fail(
                "goal_mismatch", field, number=found, name=name, nl=goal.name_nl, en=goal.name_en
            )
            return None
        if found is None:
            self.fail("goal_unknown", field, count=len(framework.goals))
        return found

    def texts(self) -> None:
        """Every text cell of the row: no control characters, no text over its limit."""
        for field in self.table.columns:
            value = self.raw(field)
            if isinstance(value, str) and CONTROL.search(value):
                self.fail("control_character", field, shown_controls(value))
            elif field in TEXT_LIMITS and field != "title" and isinstance(value, str):
                limit, length = TEXT_LIMITS[field], len(value.strip())
                if length > limit:
                    shown = value.strip()[:60] + "..."
                    self.fail("text_too_long", field, shown, limit=limit, length=length)


def _present(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


def shown_controls(text: str) -> str:
    """The text with each control character written as U+XXXX, so a finding can show it."""
    return CONTROL.sub(lambda m: f"<U+{ord(m.group()):04X}>", text).strip()[:200]


def plan_year(year: object, framework: Framework) -> int | None:
    """The year when it is a whole number within the plan's period, else None."""
    ok = isinstance(year, int) and not isinstance(year, bool)
    return year if ok and framework.start_year <= year <= framework.end_year else None
