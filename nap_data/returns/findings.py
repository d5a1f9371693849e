"""One problem found in an uploaded return, with where it is and what is expected."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from nap_data.i18n import t


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """An error blocks the import; a warning does not.

    `code` is a translation key; `params` fill its placeholders, so the same
    finding can be shown in Dutch and in English.
    """

    severity: Severity
    code: str
    sheet: str | None = None
    cell: str | None = None
    column: str | None = None
    value: str | None = None
    params: dict[str, object] = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        where = {"sheet": self.sheet, "cell": self.cell, "column": self.column, "value": self.value}
        params = {k: _localised(v, lang) for k, v in self.params.items()}
        return t(self.code, lang, **{**where, **params})

    def location(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or ""

    def as_dict(self, lang: str | None = None) -> dict[str, str | None]:
        return {
            "severity": str(self.severity),
            "sheet": self.sheet,
            "cell": self.cell,
            "column": self.column,
            "value": self.value,
            "message": self.message(lang),
        }


def error(code: str, **kw: object) -> Finding:
    return Finding(Severity.ERROR, code, **_split(kw))


def warning(code: str, **kw: object) -> Finding:
    return Finding(Severity.WARNING, code, **_split(kw))


_LOCATION = ("sheet", "cell", "column", "value")


def _split(kw: dict[str, object]) -> dict[str, object]:
    loc = {k: kw.pop(k) for k in _LOCATION if k in kw}
    if loc.get("value") is not None:
        loc["value"] = str(loc["value"])
    return {**loc, "params": kw}


class Euros(float):
    """An amount in a message: written in the reader's format (€ 52.800 or €52,800)."""


def _localised(value: object, lang: str | None) -> object:
    if isinstance(value, Euros):
        from nap_data.formatting import format_eur_exact

        return format_eur_exact(float(value), lang or "nl")
    return value
