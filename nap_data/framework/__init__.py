"""The NAP-IV results framework as data: goals, pillars, indicators (TOML)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_FRAMEWORK = Path(__file__).parent / "nap_iv.toml"
UNITS = ("count", "percent", "eur", "rate")
AGGREGATIONS = ("sum", "mean", "ratio")
LEVELS = ("signatory", "national")
DIRECTIONS = ("increase", "decrease")
# The highest value a return may report for an indicator without its own `max_value`:
# a share, a count of people or things, euros, a rate per 100,000.
DEFAULT_MAX = {"percent": 100.0, "count": 1_000_000.0, "eur": 10_000_000_000.0, "rate": 100_000.0}


class FrameworkError(ValueError):
    """The framework file breaks a rule; the message names the entry and field."""


@dataclass(frozen=True)
class GoalSpec:
    number: int
    pillar: str
    name_nl: str
    name_en: str
    description_nl: str = ""
    description_en: str = ""
    sub_outcomes: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    goal: int | None
    name_nl: str
    name_en: str
    unit: str
    direction: str
    aggregation: str
    level: str
    baseline: float | None = None
    baseline_year: int | None = None
    target: float | None = None
    target_year: int | None = None
    source: str = ""
    disaggregation: str = ""
    to_confirm: bool = False
    max_value: float | None = None  # the highest value a return may report; None: by unit
    reporter: str | None = None  # the one organisation code that reports it; None: any

    @property
    def upper_bound(self) -> float:
        """The highest value a return may report: `max_value`, else the unit's default
        (percent never above 100)."""
        default = DEFAULT_MAX.get(self.unit, DEFAULT_MAX["count"])
        if self.max_value is None:
            return default
        return min(self.max_value, default) if self.unit == "percent" else self.max_value


@dataclass(frozen=True)
class Framework:
    code: str
    name_nl: str
    name_en: str
    start_year: int
    end_year: int
    template_version: int
    goals: tuple[GoalSpec, ...] = field(default_factory=tuple)
    indicators: tuple[IndicatorSpec, ...] = field(default_factory=tuple)


def load_framework(path: Path | str = DEFAULT_FRAMEWORK) -> Framework:
    return parse_framework(Path(path).read_bytes(), str(path))


def parse_framework(data: bytes, source: str = "framework") -> Framework:
    """A framework from TOML bytes (a file or an upload); FrameworkError names what is wrong."""
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise FrameworkError(f"{source}: not a readable TOML file ({exc})") from exc
    path = source
    try:
        plan = raw["plan"]
        goals = tuple(_goal(g) for g in raw.get("goals", []))
        indicators = tuple(_indicator(i) for i in raw.get("indicators", []))
        fw = Framework(
            code=plan["code"],
            name_nl=plan["name_nl"],
            name_en=plan["name_en"],
            start_year=int(plan["start_year"]),
            end_year=int(plan["end_year"]),
            template_version=int(plan.get("template_version", 1)),
            goals=goals,
            indicators=indicators,
        )
    except (KeyError, TypeError) as exc:
        raise FrameworkError(f"{path}: missing or wrong field {exc}") from exc
    _check(fw)
    return fw


def _goal(raw: dict) -> GoalSpec:
    return GoalSpec(**{**raw, "sub_outcomes": tuple(raw.get("sub_outcomes", ()))})


def _indicator(raw: dict) -> IndicatorSpec:
    return IndicatorSpec(**raw)


def _check(fw: Framework) -> None:
    numbers = [g.number for g in fw.goals]
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        raise FrameworkError(f"goal numbers must be 1..n without gaps, got {numbers}")
    codes = [i.code for i in fw.indicators]
    if len(set(codes)) != len(codes):
        raise FrameworkError("indicator codes must be unique")
    for ind in fw.indicators:
        for name, value, allowed in (
            ("unit", ind.unit, UNITS),
            ("aggregation", ind.aggregation, AGGREGATIONS),
            ("level", ind.level, LEVELS),
            ("direction", ind.direction, DIRECTIONS),
        ):
            if value not in allowed:
                raise FrameworkError(f"indicator {ind.code}: {name} {value!r} not in {allowed}")
        bound = ind.max_value
        if bound is not None and (isinstance(bound, bool) or not isinstance(bound, int | float)):
            raise FrameworkError(f"indicator {ind.code}: max_value {bound!r} is not a number")
        if bound is not None and not bound > 0:
            raise FrameworkError(f"indicator {ind.code}: max_value must be above 0")
        if ind.reporter is not None and not (isinstance(ind.reporter, str) and ind.reporter):
            raise FrameworkError(f"indicator {ind.code}: reporter must be an organisation code")
        if ind.goal is not None and ind.goal not in numbers:
            raise FrameworkError(f"indicator {ind.code}: goal {ind.goal} does not exist")
