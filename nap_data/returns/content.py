"""What one return says, independent of Excel: the unit every import writes."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

# The longest text a return may hold per field, in characters (the template states them;
# the reference and the title also fit their store columns).
TEXT_LIMITS = {
    "reference": 100,
    "title": 200,
    "description": 4000,
    "partners": 1000,
    "results": 4000,
    "note": 2000,
    "highlights": 4000,
    "challenges": 4000,
    "lessons": 4000,
}
KEY_LENGTH = 220  # the store's column for an activity's identity key
# Characters that are invisible or format text: zero-width spaces and joiners, the word
# joiner, the byte-order mark, the soft hyphen and the bidirectional marks.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
_ASCII_CONTROLS = dict.fromkeys([*range(0x20), 0x7F])  # str.translate: delete them
# Cyrillic and Greek letters that look like Latin ones (after NFKC, in lower case).
_LOOK_ALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i",
    "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ζ": "z",
    "μ": "m",
})  # fmt: skip


def clean_code(text: str | None) -> str:
    """An identifier or code as compared and stored: NFKC, without zero-width, format and
    control characters, inner whitespace collapsed, trimmed."""
    if not text:
        return ""
    text = str(text)
    if text.isascii():
        # ASCII is its own NFKC form, holds none of the invisible characters and no
        # format (Cf) character; its control (Cc) characters are exactly these.
        return " ".join(text.translate(_ASCII_CONTROLS).split())
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))
    return " ".join(text.split())


def code_key(text: str | None) -> str:
    """A code as compared for sameness: cleaned, lower case, look-alike letters as Latin."""
    return clean_code(text).lower().translate(_LOOK_ALIKES)


def identity_key(reference: str | None, title: str) -> str:
    """An activity is its organisation's own reference, or its title when there is none.

    Both are compared as `code_key` does, so a zero-width space, a full-width letter or a
    Cyrillic look-alike does not make a second activity."""
    if reference and clean_code(reference):
        return ("ref:" + code_key(reference))[:KEY_LENGTH]
    return ("title:" + code_key(title))[:KEY_LENGTH]


@dataclass(frozen=True)
class ActivityRow:
    title: str
    goal_number: int
    focus: str
    status: str
    start_date: dt.date
    reference: str | None = None
    description: str = ""
    countries: tuple[str, ...] = ()
    end_date: dt.date | None = None
    budget_eur: float | None = None
    progress: str | None = None
    target_groups: tuple[str, ...] = ()
    partners: str = ""
    results: str = ""

    @cached_property
    def key(self) -> str:
        # Cached: the diff and the write ask for it several times per row (a frozen
        # dataclass without slots keeps it in the instance's __dict__).
        return identity_key(self.reference, self.title)

    def comparable(self) -> tuple:
        """Everything a signatory reports, in a form that compares equal when unchanged."""
        return (
            self.reference or None,
            self.title,
            self.description,
            self.goal_number,
            self.focus,
            tuple(sorted(self.countries)),
            self.status,
            self.start_date,
            self.end_date,
            None if self.budget_eur is None else round(float(self.budget_eur), 2),
            self.progress,
            tuple(sorted(self.target_groups)),
            self.partners,
            self.results,
        )


@dataclass(frozen=True)
class IndicatorRow:
    indicator_code: str
    year: int
    value: float
    sex: str = "total"
    numerator: float | None = None
    denominator: float | None = None
    note: str = ""


@dataclass(frozen=True)
class NarrativeRow:
    goal_number: int
    highlights: str = ""
    challenges: str = ""
    lessons: str = ""


@dataclass(frozen=True)
class ReturnContent:
    organisation_code: str
    year: int
    template_version: int | None = None
    activities: tuple[ActivityRow, ...] = field(default_factory=tuple)
    indicators: tuple[IndicatorRow, ...] = field(default_factory=tuple)
    narratives: tuple[NarrativeRow, ...] = field(default_factory=tuple)
