"""The one filter model of every page, and its round trip through the URL query string."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from nap_data.vocab import ActivityStatus, DataScope, Focus, OrgType, Progress

PLAN_START, PLAN_END = 2021, 2027
_LISTS = (
    "goals",
    "focus",
    "org_types",
    "organisations",
    "countries",
    "regions",
    "statuses",
    "progress",
)
_ALLOWED = {
    "focus": {str(v) for v in Focus},
    "org_types": {str(v) for v in OrgType},
    "statuses": {str(v) for v in ActivityStatus},
    "progress": {str(v) for v in Progress},
}


@dataclass(frozen=True)
class Filters:
    """Empty tuples mean "all"; years are the reporting years, inclusive."""

    year_from: int = PLAN_START
    year_to: int = PLAN_END
    goals: tuple[int, ...] = ()
    focus: tuple[str, ...] = ()
    org_types: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()  # UN sub-regions, e.g. "western_africa"
    statuses: tuple[str, ...] = ()
    progress: tuple[str, ...] = ()
    scope: DataScope = DataScope.SUBMITTED_AND_APPROVED

    def with_year(self, year: int) -> Filters:
        return replace(self, year_from=year, year_to=year)

    def to_query(self) -> dict[str, str]:
        """Only what differs from the default, so links stay short."""
        default = Filters()
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value == getattr(default, f.name):
                continue
            out[f.name] = ",".join(str(v) for v in value) if f.name in _LISTS else str(value)
        return out

    @classmethod
    def from_query(cls, params: dict[str, str]) -> Filters:
        """Parse a query string leniently: unknown or malformed values are dropped."""
        kw: dict[str, object] = {}
        for name in ("year_from", "year_to"):
            year = _int(params.get(name))
            if year is not None and PLAN_START <= year <= PLAN_END:
                kw[name] = year
        for name in _LISTS:
            items = [p.strip() for p in str(params.get(name, "")).split(",") if p.strip()]
            kw[name] = _clean(name, items)
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


def _clean(name: str, items: list[str]) -> tuple:
    if name == "goals":
        return tuple(sorted({g for g in map(_int, items) if g is not None and 1 <= g <= 5}))
    if name == "countries":
        return tuple(sorted({c.upper() for c in items if len(c) == 2 and c.isalpha()}))
    if name == "regions":
        from nap_data.countries import all_regions

        return tuple(sorted(set(items) & set(all_regions())))
    if name == "organisations":
        return tuple(sorted(set(items)))
    return tuple(sorted({i for i in items if i in _ALLOWED[name]}))
