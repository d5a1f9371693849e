"""What one return says, independent of Excel: the unit every import writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


def identity_key(reference: str | None, title: str) -> str:
    """An activity is its organisation's own reference, or its title when there is none."""
    if reference and reference.strip():
        return "ref:" + " ".join(reference.split()).lower()
    return "title:" + " ".join(title.split()).lower()


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

    @property
    def key(self) -> str:
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
