"""The one filter model of every page, and its round trip through the URL query string.

The plan decides which years and goals exist: `from_query` takes the plan and
drops what lies outside it, so a link made for another plan cannot smuggle in
a year or goal this one does not have.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from nap_data.plan import Plan
from nap_data.vocab import ActivityStatus, DataScope, Focus, OrgType, Progress

_LISTS = (
    "goals", "focus", "org_types", "organisations", "countries", "regions", "statuses", "progress",
)  # fmt: skip
_ALLOWED = {
    "focus": {str(v) for v in Focus},
    "org_types": {str(v) for v in OrgType},
    "statuses": {str(v) for v in ActivityStatus},
    "progress": {str(v) for v in Progress},
}


@dataclass(frozen=True)
class Filters:
    """Empty tuples mean "all"; years are the reporting years, inclusive."""

    year_from: int
    year_to: int
    goals: tuple[int, ...] = ()
    focus: tuple[str, ...] = ()
    org_types: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()  # UN sub-regions, e.g. "western_africa"
    statuses: tuple[str, ...] = ()
    progress: tuple[str, ...] = ()
    scope: DataScope = DataScope.SUBMITTED_AND_APPROVED

    @classmethod
    def whole_plan(cls, plan: Plan) -> Filters:
        return cls(year_from=plan.start_year, year_to=plan.end_year)

    def with_year(self, year: int) -> Filters:
        return replace(self, year_from=year, year_to=year)

    @property
    def places(self) -> tuple[str, ...]:
        """The chosen countries, with those of the chosen regions (empty: everywhere)."""
        if not (self.countries or self.regions):
            return ()
        from nap_data.countries import countries_in

        return tuple(sorted(set(self.countries) | set(countries_in(self.regions))))

    def to_query(self) -> dict[str, str]:
        """The years always, everything else only when chosen, so links stay short."""
        out = {"year_from": str(self.year_from), "year_to": str(self.year_to)}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in _LISTS and value:
                out[f.name] = ",".join(str(v) for v in value)
        if self.scope != DataScope.SUBMITTED_AND_APPROVED:
            out["scope"] = str(self.scope)
        return out

    @classmethod
    def from_query(cls, params: dict[str, str], plan: Plan) -> Filters:
        """Parse a query string leniently: unknown, malformed or out-of-plan values are dropped."""
        kw: dict[str, object] = {"year_from": plan.start_year, "year_to": plan.end_year}
        for name in ("year_from", "year_to"):
            year = _int(params.get(name))
            if year is not None and plan.start_year <= year <= plan.end_year:
                kw[name] = year
        for name in _LISTS:
            items = [p.strip() for p in str(params.get(name, "")).split(",") if p.strip()]
            kw[name] = _clean(name, items, plan)
        if params.get("scope") in {str(s) for s in DataScope}:
            kw["scope"] = DataScope(params["scope"])
        f = cls(**kw)
        if f.year_from > f.year_to:
            f = replace(f, year_from=f.year_to, year_to=f.year_from)
        return f


def _int(text: str | None) -> int | None:
    try:
        return int(str(text))
    except ValueError:
        return None


def _clean(name: str, items: list[str], plan: Plan) -> tuple:
    if name == "goals":
        numbers = set(plan.goal_numbers)
        return tuple(sorted({g for g in map(_int, items) if g in numbers}))
    if name == "countries":
        return tuple(sorted({c.upper() for c in items if len(c) == 2 and c.isalpha()}))
    if name == "regions":
        from nap_data.countries import all_regions

        return tuple(sorted(set(items) & set(all_regions())))
    if name == "organisations":
        return tuple(sorted(set(items)))
    return tuple(sorted({i for i in items if i in _ALLOWED[name]}))
