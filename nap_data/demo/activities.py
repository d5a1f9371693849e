"""An organisation's activities year by year: each with a stable reference and title, some
ending and new ones starting, with status, progress, budget and countries that change."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from nap_data.countries import country_name
from nap_data.demo.names import ACTIVITY_TOPICS, FOREIGN_COUNTRIES, PARTNERS
from nap_data.demo.records import DemoOrganisation
from nap_data.framework import Framework, GoalSpec
from nap_data.returns.content import ActivityRow
from nap_data.returns.layout import norm

ACTIVITIES_PER_YEAR = {"ministry": (10, 40)}  # activities in one return, by type
OTHER_ACTIVITIES_PER_YEAR = (2, 12)
PROGRESS = ("exceeded", "met", "limited", "no_progress")


def activity_range(org_type: str) -> tuple[int, int]:
    """(fewest, most) activities in one return of an organisation of this type."""
    return ACTIVITIES_PER_YEAR.get(org_type, OTHER_ACTIVITIES_PER_YEAR)


@dataclass
class _Activity:
    """One activity's life: reported from `first` to `last`, stable reference and title."""

    reference: str | None
    title: str
    goal: int
    focus: str
    countries: tuple[str, ...]
    later_countries: tuple[str, ...]  # from `change_year` on
    change_year: int | None
    start: dt.date
    end_year: int
    first: int  # first reporting year (the year before `start` when it was planned)
    last: int  # last reporting year: completed, cancelled or still going
    cancelled: bool
    budget: float
    target_groups: tuple[str, ...]
    partners: str
    weights: tuple[int, ...]  # how well it tends to go (weights of PROGRESS)


class Portfolio:
    """An organisation's activities, year by year: some end, new ones start."""

    def __init__(self, rng: random.Random, org: DemoOrganisation, fw: Framework, years: range):
        self.rng, self.org, self.years = rng, org, years
        self.goals = {g.number: g for g in fw.goals}
        numbers = sorted(self.goals)
        ministry = org.type == "ministry"
        self.own_goals = (
            numbers if ministry else rng.sample(numbers, rng.randint(1, min(3, len(numbers))))
        )
        self.low, self.high = activity_range(org.type)
        spread = self.high - self.low
        self.base = rng.randint(self.low + spread // 10, self.high - spread // 4)
        self.swing = max(1, spread // 8)
        self.activities: list[_Activity] = []
        self.titles: set[str] = set()

    def run(self, span: list[int]) -> dict[int, list[ActivityRow]]:
        out: dict[int, list[ActivityRow]] = {}
        for i, year in enumerate(span):
            running = [a for a in self.activities if a.first <= year <= a.last]
            wanted = self.base + self.rng.randint(-self.swing, self.swing)
            wanted = min(self.high, max(self.low, wanted))
            while len(running) < wanted:
                running.append(self._new(year, already_running=i == 0))
            out[year] = [self._row(a, year) for a in running]
        return out

    def _new(self, year: int, already_running: bool) -> _Activity:
        rng, org = self.rng, self.org
        n = len(self.activities)
        goal = (
            self.own_goals[n % len(self.own_goals)]
            if org.type == "ministry"
            else rng.choice(self.own_goals)
        )
        spec = self.goals[goal]
        focus = rng.choices(("national", "foreign", "both"), weights=(3, 5, 2))[0]
        if spec.pillar == "cross_cutting":  # mainstreaming happens mostly at home
            focus = rng.choices(("national", "both"), weights=(4, 1))[0]
        countries: tuple[str, ...] = ()
        if focus != "national":
            k = rng.choices((1, 2, 3, 4), weights=(9, 5, 4, 2))[0]
            countries = tuple(rng.sample(FOREIGN_COUNTRIES, k))
        planned = year < self.years[-1] and rng.random() < 0.15
        start_year = year + 1 if planned else year
        if already_running and not planned:  # running before the plan began or the org joined
            start_year -= rng.choice((0, 0, 1, 2))
        duration = rng.choices((1, 2, 3, 4, 5), weights=(1, 4, 4, 3, 2))[0]
        end_year = max(year, start_year + duration - 1)
        cancelled = rng.random() < 0.07
        last = end_year
        if cancelled:  # mostly after a year or more
            last = rng.randint(year + 1, end_year) if end_year > year else year
        change_year, later = None, countries
        if countries and last > year and rng.random() < 0.3:
            change_year = rng.randint(year + 1, last)
            later = self._changed(countries)
        activity = _Activity(
            reference=f"{org.code}-{n + 1:02d}" if rng.random() < 0.85 else None,
            title=self._title(spec, countries),
            goal=goal,
            focus=focus,
            countries=countries,
            later_countries=later,
            change_year=change_year,
            start=dt.date(start_year, rng.randint(1, 12), 1),
            end_year=end_year,
            first=year,
            last=last,
            cancelled=cancelled,
            budget=float(rng.choice((0, 25, 50, 80, 120, 250, 400, 900)) * 1000)
            * (8 if org.type == "ministry" else 1),
            target_groups=tuple(
                sorted(rng.sample(("women", "girls", "men", "boys"), rng.choice((1, 1, 2))))
            ),
            partners=rng.choice(PARTNERS),
            weights=rng.choice(((3, 6, 2, 1), (2, 6, 3, 1), (1, 4, 5, 2))),
        )
        self.activities.append(activity)
        return activity

    def _changed(self, countries: tuple[str, ...]) -> tuple[str, ...]:
        """Next year's countries: one dropped or one added; the first (in the title) stays."""
        rng = self.rng
        if len(countries) > 1 and (len(countries) == 4 or rng.random() < 0.5):
            drop = rng.choice(countries[1:])
            return tuple(c for c in countries if c != drop)
        return (*countries, rng.choice([c for c in FOREIGN_COUNTRIES if c not in countries]))

    def _title(self, goal: GoalSpec, countries: tuple[str, ...]) -> str:
        """A title no other activity of the organisation has (it may be the identity)."""
        topics = (
            ACTIVITY_TOPICS.get(goal.pillar)
            or tuple(ACTIVITY_TOPICS.values())[(goal.number - 1) % len(ACTIVITY_TOPICS)]
        )
        nl, en = self.rng.choice(topics)
        lang = self.org.language
        if countries:
            place = country_name(countries[0], lang)
        else:
            place = "Nederland" if lang == "nl" else "the Netherlands"
        base = (nl if lang == "nl" else en).format(place)
        title, n = base, 1
        while norm(title) in self.titles:
            n += 1
            title = f"{base} ({n})"
        self.titles.add(norm(title))
        return title

    def _row(self, a: _Activity, year: int) -> ActivityRow:
        rng = self.rng
        if year < a.start.year:
            status = "planned"
        elif a.cancelled and year == a.last:
            status = "cancelled"
        elif year == a.end_year and year < self.years[-1]:
            status = "completed"
        else:
            status = "ongoing"
        weights = a.weights
        if status == "completed":
            weights = (weights[0] + 2, weights[1] + 2, weights[2], max(0, weights[3] - 1))
        elif status == "cancelled":
            weights = (0, 0, 2, 3)
        progress = None if status == "planned" else rng.choices(PROGRESS, weights=weights)[0]
        budget = None
        if a.budget:
            share = {"planned": 0.2, "cancelled": rng.uniform(0.1, 0.5)}.get(
                status, rng.uniform(0.7, 1.3)
            )
            budget = round(a.budget * share, -2)
        changed = a.change_year is not None and year >= a.change_year
        return ActivityRow(
            reference=a.reference,
            title=a.title,
            goal_number=a.goal,
            focus=a.focus,
            countries=a.later_countries if changed else a.countries,
            status=status,
            start_date=a.start,
            end_date=dt.date(a.end_year, 12, 31),
            budget_eur=budget,
            progress=progress,
            target_groups=a.target_groups,
            partners=a.partners,
            results="",
        )
