"""The plan as the dashboard knows it: its period and its goals, read from the store.

Nothing else in the package may assume a plan's years or its number of goals:
filters, metrics, charts, slides and the template take them from a `Plan`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from nap_data.framework import Framework


@dataclass(frozen=True)
class PlanGoal:
    number: int
    name_nl: str
    name_en: str
    pillar: str = ""
    description_nl: str = ""
    description_en: str = ""

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_nl

    def label(self, lang: str) -> str:
        return f"{self.number}. {self.name(lang)}"

    def description(self, lang: str) -> str:
        return self.description_en if lang == "en" else self.description_nl


@dataclass(frozen=True)
class Plan:
    code: str
    name_nl: str
    name_en: str
    start_year: int
    end_year: int
    template_version: int = 1
    goals: tuple[PlanGoal, ...] = ()

    @classmethod
    def from_framework(cls, fw: Framework) -> Plan:
        goals = tuple(
            PlanGoal(g.number, g.name_nl, g.name_en, g.pillar, g.description_nl, g.description_en)
            for g in fw.goals
        )
        return cls(
            fw.code, fw.name_nl, fw.name_en, fw.start_year, fw.end_year, fw.template_version, goals
        )

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.start_year, self.end_year + 1))

    @property
    def goal_numbers(self) -> tuple[int, ...]:
        return tuple(g.number for g in self.goals)

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_nl

    def goal(self, number: int) -> PlanGoal | None:
        return next((g for g in self.goals if g.number == number), None)

    def goal_label(self, number: int | None, lang: str) -> str:
        goal = self.goal(number) if number is not None else None
        return goal.label(lang) if goal else str(number)

    def goal_labels(self, lang: str, numbers: tuple[int, ...] = ()) -> dict[int, str]:
        """Goal number -> "1. Participation", in plan order; only `numbers` when given."""
        wanted = set(numbers or self.goal_numbers)
        return {g.number: g.label(lang) for g in self.goals if g.number in wanted}

    def clamp_year(self, year: int) -> int:
        return min(max(year, self.start_year), self.end_year)


def choose(plans: Sequence, code: str | None = None, year: int | None = None):
    """The plan named `code`, else the one whose period holds `year`, else the one that holds
    last year (returns come in the year after), else the latest that has started; None when
    there is no plan. Works on Plan views and Frameworks alike."""
    if not plans:
        return None
    if code is not None:
        found = [p for p in plans if p.code.lower() == code.lower()]
        if found:
            return found[0]
    wanted = year if year is not None else dt.date.today().year - 1
    holding = [p for p in plans if p.start_year <= wanted <= p.end_year]
    if holding:
        return holding[0]
    started = [p for p in plans if p.start_year <= wanted]
    return started[-1] if started else plans[0]
