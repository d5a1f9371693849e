"""What a register write answers: the result of a file import, one change, a refusal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from nap_data.formatting import format_date
from nap_data.i18n import t
from nap_data.register import findings as where
from nap_data.returns.findings import Finding, Severity

ACCEPTED, UNCHANGED, REJECTED = "accepted", "unchanged", "rejected"
COUNTS = ("added", "changed", "unchanged", "not_in_file")


class RegisterError(Exception):
    """A change that is refused; `code` is a message key, `findings` the rows' problems."""

    def __init__(self, key: str, findings: list[Finding] | None = None, /, **params: object):
        super().__init__(key)
        self.code, self.findings, self.params = key, list(findings or []), params

    def messages(self, lang: str = "nl") -> list[str]:
        errors = [f for f in self.findings if f.severity is Severity.ERROR]
        params = {k: _shown(v, lang) for k, v in self.params.items()}
        return [t(self.code, lang, **params)] + [
            f"{where.where(f, lang)}: {f.message(lang)}".lstrip(": ") for f in errors
        ]


def _shown(value: object, lang: str) -> object:
    return format_date(value, lang) if isinstance(value, dt.date) else value


@dataclass(frozen=True)
class Change:
    """What one write did to one organisation: field -> (old, new), as plain JSON values."""

    code: str
    action: str  # added | changed | left
    fields: dict[str, tuple[object, object]]


@dataclass
class RegisterResult:
    file: str
    status: str
    dry_run: bool
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    findings: list[Finding] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)
    sha256: str | None = None  # of the file as received, for the audit trail

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    def summary(self, lang: str = "nl") -> str:
        if self.status == REJECTED:
            return t("register.summary.rejected", lang, n=len(self.errors))
        text = t(f"register.summary.{self.status}", lang, **self.counts)
        if self.not_in_file:
            text += " " + t("register.summary.not_in_file", lang, n=len(self.not_in_file))
        return text

    def as_json(self, lang: str = "nl") -> dict:
        return {
            "file": self.file,
            "status": self.status,
            "dry_run": self.dry_run,
            "counts": self.counts,
            "summary": self.summary(lang),
            "changes": [
                {
                    "code": c.code,
                    "action": c.action,
                    "fields": {k: list(v) for k, v in c.fields.items()},
                }
                for c in self.changes
            ],
            "not_in_file": self.not_in_file,
            "errors": [where.as_dict(f, lang) for f in self.errors],
            "warnings": [where.as_dict(f, lang) for f in self.warnings],
        }
