"""Cell values as the return contract reads them: text, dates, numbers, goals.

Used by `validate.py`; nothing here raises on a cell value, a value that does not parse
gives None.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from nap_data.framework import Framework
from nap_data.returns.layout import LIST_SEPARATOR, norm

_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_GOAL = re.compile(r"(\d{1,3})(?:\s*[-\u2013\u2014:.)]\s*(.*))?", re.DOTALL)


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
    """A real number or text with a dot decimal; never bool, NaN or infinity."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        number = float(value.strip())
    else:
        return None
    return number if math.isfinite(number) else None


def parse_whole(value: object) -> int | None:
    number = parse_number(value)
    return int(number) if number is not None and number.is_integer() else None


def parse_goal(value: object, framework: Framework) -> int | None:
    """1-5, the goal's Dutch or English name, or "3 - Protection"."""
    numbers = {g.number for g in framework.goals}
    if isinstance(value, int | float) and not isinstance(value, bool):
        whole = parse_whole(value)
        return whole if whole in numbers else None
    text = text_of(value)
    m = _GOAL.fullmatch(text)
    if m:
        return int(m.group(1)) if int(m.group(1)) in numbers else None
    key = norm(text)
    return next(
        (g.number for g in framework.goals if key in (norm(g.name_nl), norm(g.name_en))), None
    )


def split_list(text: str) -> list[str]:
    """The parts of a `;`-separated cell, trimmed, empty parts dropped."""
    return [p.strip() for p in text.split(LIST_SEPARATOR) if p.strip()]
