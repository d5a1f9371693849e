"""Cell values as the return contract reads them: text, dates, numbers, goals.

Used by the validator (`validate_*.py`) and the register's; nothing here raises on a cell
value, a value that does not parse gives None.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache

from nap_data.framework import Framework
from nap_data.returns.layout import LIST_SEPARATOR, norm

_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_GOAL = re.compile(r"(\d{1,3})(?:\s*[-\u2013\u2014:.)]\s*(.*))?", re.DOTALL)
# Text a person may mean as a number but that reads two ways: thousands grouped by dots
# ("250.000", "1.234,56"), by commas ("1,234.56"), by spaces or apostrophes ("250 000"),
# or a decimal comma ("12,5").
_DOT_GROUPS = re.compile(r"([+-]?)([1-9]\d{0,2}(?:\.\d{3})+)(?:,(\d+))?")
_COMMA_GROUPS = re.compile(r"([+-]?)([1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d+))?")
_SPACE_GROUPS = re.compile(r"([+-]?)([1-9]\d{0,2}(?:[ \u00a0\u202f'’]\d{3})+)(?:[.,](\d+))?")
_DECIMAL_COMMA = re.compile(r"([+-]?)(\d+),(\d+)")


def text_of(value: object) -> str:
    """A cell as trimmed text; whole floats lose their `.0`, dates become ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def parse_date(value: object) -> dt.date | None:
    """A real Excel date or ISO `YYYY-MM-DD` text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    try:
        return dt.date(*(int(g) for g in m.groups())) if m else None
    except ValueError:
        return None


def parse_number(value: object) -> float | None:
    """A real number or text with a dot decimal; never bool, NaN or infinity.

    Text with dots grouping thousands ("250.000") is not a number here: it may mean
    250 or 250000, so `number_fix` names what to type instead."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        if _DOT_GROUPS.fullmatch(value.strip()):
            return None
        number = float(value.strip())
    else:
        return None
    return number if math.isfinite(number) else None


def number_fix(value: object) -> str | None:
    """What to type instead of text that reads as a number in two ways, else None:
    "250.000" -> "250000", "1.234,56" -> "1234.56", "1,234.56" -> "1234.56",
    "12,5" -> "12.5"; "1,234" may be either, so both are named."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    for pattern in (_DOT_GROUPS, _COMMA_GROUPS, _SPACE_GROUPS):
        m = pattern.fullmatch(text)
        if m:
            sign, whole, decimals = m.groups()
            fix = sign + re.sub(r"\D", "", whole) + (f".{decimals}" if decimals else "")
            if pattern is _COMMA_GROUPS and not decimals and whole.count(",") == 1:
                return f"{fix} / {sign}{whole.replace(',', '.')}"
            return fix
    m = _DECIMAL_COMMA.fullmatch(text)
    return f"{m.group(1)}{m.group(2)}.{m.group(3)}" if m else None


def parse_whole(value: object) -> int | None:
    number = parse_number(value)
    return int(number) if number is not None and number.is_integer() else None


def parse_goal(value: object, framework: Framework) -> int | None:
    """1-5, the goal's Dutch or English name, or "3 - Protection"."""
    number, mismatch = match_goal(value, framework)
    return None if mismatch else number


def match_goal(value: object, framework: Framework) -> tuple[int | None, str | None]:
    """(goal number, None) for a number, the exact Dutch or English name, or both as in
    "3 - Bescherming"; (the number, the name) when the number and the name disagree, as in
    "3 - Participation" (not a goal: the caller names both); (None, None) when it is no goal
    at all."""
    numbers = {g.number for g in framework.goals}
    if isinstance(value, int | float) and not isinstance(value, bool):
        whole = parse_whole(value)
        return (whole if whole in numbers else None), None
    text = text_of(value)
    m = _GOAL.fullmatch(text)
    if m:
        number, name = int(m.group(1)), (m.group(2) or "").strip()
        goal = next((g for g in framework.goals if g.number == number), None)
        if goal is None:
            return None, None
        if name and norm(name) not in (_goal_key(goal.name_nl), _goal_key(goal.name_en)):
            return number, name
        return number, None
    return goal_by_name(text, framework), None


def goal_by_name(text: str, framework: Framework) -> int | None:
    key = norm(text)
    return next(
        (g.number for g in framework.goals if key in (_goal_key(g.name_nl), _goal_key(g.name_en))),
        None,
    )


@lru_cache(maxsize=256)
def _goal_key(name: str) -> str:
    """A goal's name as compared (`norm`), worked out once per name, not once per row."""
    return norm(name)


def split_list(text: str) -> list[str]:
    """The parts of a `;`-separated cell, trimmed, empty parts dropped."""
    return [p.strip() for p in text.split(LIST_SEPARATOR) if p.strip()]
