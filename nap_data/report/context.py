"""What every section builder needs to know: language, plan, filters and the image caption."""

from __future__ import annotations

from dataclasses import dataclass

from nap_data.filters import Filters
from nap_data.i18n import t
from nap_data.plan import Plan
from nap_data.report.words import count_of, in_period, period_text


@dataclass(frozen=True)
class Context:
    lang: str
    plan: Plan
    filters: Filters

    def t(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    def n(self, noun: str, count: int) -> str:
        return count_of(noun, count, self.lang)

    @property
    def goals(self) -> dict[int, str]:
        """Goal number -> label of the goals the report covers (the chosen ones, else all)."""
        return self.plan.goal_labels(self.lang, self.filters.goals)

    @property
    def period(self) -> str:
        return period_text(self.filters.year_from, self.filters.year_to, self.lang)

    @property
    def in_period(self) -> str:
        return in_period(self.filters.year_from, self.filters.year_to, self.lang)

    @property
    def scope_label(self) -> str:
        return self.t(f"scope.{self.filters.scope}")

    @property
    def caption(self) -> str:
        """Under every chart's title, also in the loose image files: what it counts."""
        return self.t("export.caption", period=self.period, scope=self.scope_label)
