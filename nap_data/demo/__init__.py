"""Deterministic synthetic demo data: fictional signatories and their yearly returns.

The same seed always gives the same data, so screenshots, tests and the
board's demo stay comparable. Nothing here describes a real organisation
other than the five government parties by their codes.

The data is shaped to exercise the counting rules (`../shared/docs/domain.md`):
ministries report 10-40 activities a year, other signatories 2-12; most activities
run over several years under a stable reference or title, with status, progress,
budget and sometimes countries changing from year to year; sex-disaggregated
indicators come with a total, except from a few organisations that send only the
sex rows; a few returns restate the year before; a few organisations left the plan
(one on 1 January, one on 31 December) and stop reporting, others joined later.
Everything is derived from the framework (years, goals, pillars, indicators).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

from nap_data.countries import country_name
from nap_data.demo.names import (
    ACTIVITY_TOPICS,
    CSO_FIRST,
    CSO_KIND,
    FOREIGN_COUNTRIES,
    GOVERNMENT,
    KNOWLEDGE,
    NARRATIVE,
    PARTNERS,
    RESTATED_NOTE,
)
from nap_data.framework import Framework, GoalSpec, IndicatorSpec
from nap_data.returns.content import ActivityRow, IndicatorRow, NarrativeRow, ReturnContent
from nap_data.returns.layout import norm

SEED = 1325
DEMO_YEARS = 6  # returns for the plan's first six years (fewer when the plan is shorter)
N_CIVIL_SOCIETY = 70
N_FIRST_SIGNATORIES = 55  # of the fictional organisations; the others joined later
N_SEX_ONLY = 8  # organisations that report sex-disaggregated indicators without a total
RESTATE_SHARE = 0.06  # of returns with a return the year before: one value corrected
ACTIVITIES_PER_YEAR = {"ministry": (10, 40)}  # activities in one return, by type
OTHER_ACTIVITIES_PER_YEAR = (2, 12)
PROGRESS = ("exceeded", "met", "limited", "no_progress")


@dataclass(frozen=True)
class DemoOrganisation:
    code: str
    name: str
    type: str
    joined_on: dt.date
    pledge: str
    language: str  # the language this organisation writes its returns in
    left_on: dt.date | None = None

    @property
    def active(self) -> bool:
        return self.left_on is None

    def signatory_in(self, year: int) -> bool:
        """Joined on or before 31 December, not left on or before it (domain.md)."""
        end = dt.date(year, 12, 31)
        return self.joined_on <= end and (self.left_on is None or self.left_on > end)


@dataclass(frozen=True)
class DemoVersion:
    content: ReturnContent
    review_status: str
    created_at: dt.datetime


@dataclass(frozen=True)
class DemoData:
    organisations: tuple[DemoOrganisation, ...]
    versions: tuple[DemoVersion, ...]


def demo_years(fw: Framework) -> range:
    """The reporting years of the demo: the plan's first years, the last one still current."""
    return range(fw.start_year, min(fw.end_year, fw.start_year + DEMO_YEARS - 1) + 1)


def activity_range(org_type: str) -> tuple[int, int]:
    """(fewest, most) activities in one return of an organisation of this type."""
    return ACTIVITIES_PER_YEAR.get(org_type, OTHER_ACTIVITIES_PER_YEAR)


def generate(framework: Framework, seed: int = SEED) -> DemoData:
    rng = random.Random(seed)
    years = demo_years(framework)
    orgs = _organisations(rng, years, framework.code)
    sex_only = set(rng.sample([o.code for o in orgs if o.code.startswith("ORG")], N_SEX_ONLY))
    versions: list[DemoVersion] = []
    for org in orgs:
        versions.extend(_versions_of(rng, org, framework, years, org.code in sex_only))
    return DemoData(tuple(orgs), tuple(versions))


# --- the register ---------------------------------------------------------------------


def _organisations(rng: random.Random, years: range, plan: str) -> list[DemoOrganisation]:
    signing = dt.date(years[0] - 1, 12, 11)
    orgs = [
        DemoOrganisation(code, name, kind, signing, _pledge(name, plan, "nl"), "nl")
        for code, name, kind in GOVERNMENT
    ]
    used: set[str] = set()
    for i in range(N_CIVIL_SOCIETY):
        knowledge = i % 9 == 4
        pattern = rng.choice(KNOWLEDGE if knowledge else CSO_KIND)
        first = rng.choice([w for w in CSO_FIRST if w not in used] or CSO_FIRST)
        used.add(first)
        name = pattern.format(first)
        if name in {o.name for o in orgs}:
            name = f"{name} {i}"
        english = ("Foundation", "Alliance", "Centre", "Initiative", "Research")
        language = "en" if any(w in pattern for w in english) else "nl"
        # Most signed at the start; the rest joined later as support broadened.
        joined = (
            signing
            if i < N_FIRST_SIGNATORIES
            else dt.date(rng.randint(years[0], years[-1]), rng.randint(1, 12), 1)
        )
        kind = "knowledge" if knowledge else ("other" if i % 23 == 11 else "cso")
        code = f"ORG{i + 1:03d}"
        orgs.append(
            DemoOrganisation(code, name, kind, joined, _pledge(name, plan, language), language)
        )
    return _leavers(rng, orgs, years)


def _leavers(
    rng: random.Random, orgs: list[DemoOrganisation], years: range
) -> list[DemoOrganisation]:
    """Three original signatories leave: on 31 December, on 1 January and mid-year."""

    def year_at(share: float) -> int:
        return years[min(len(years) - 1, max(1, round(share * (len(years) - 1))))]

    dates = (
        dt.date(year_at(0.4), 12, 31),
        dt.date(year_at(0.6), 1, 1),
        dt.date(year_at(0.8), 7, 1),
    )
    first = len(GOVERNMENT)
    picks = rng.sample(range(first + 20, first + N_FIRST_SIGNATORIES), len(dates))
    for index, left in zip(picks, dates, strict=True):
        orgs[index] = replace(orgs[index], left_on=left)
    return orgs


def _pledge(name: str, plan: str, lang: str) -> str:
    if lang == "nl":
        return f"{name} zet zich in voor de doelen van {plan} binnen het eigen werkveld."
    return f"{name} commits to the goals of {plan} within its own field of work."


# --- returns --------------------------------------------------------------------------


def _versions_of(
    rng: random.Random, org: DemoOrganisation, fw: Framework, years: range, sex_only: bool
) -> list[DemoVersion]:
    span = [y for y in years if org.signatory_in(y)]
    plan = _Portfolio(rng, org, fw, years).run(span)
    reliability = 1.0 if org.type == "ministry" else rng.choice((0.95, 0.9, 0.8, 0.6))
    sent: dict[int, ReturnContent] = {}
    out: list[DemoVersion] = []
    for year in span:
        late = year == years[-1] and rng.random() < 0.7  # the current year is still coming in
        if late or rng.random() > reliability:
            continue
        rows = tuple(plan[year])
        indicators = _indicator_values(rng, org, fw, year, rows, sex_only)
        if year - 1 in sent and rng.random() < RESTATE_SHARE:
            indicators += _restated(rng, org, fw, sent[year - 1])
        content = ReturnContent(
            organisation_code=org.code,
            year=year,
            template_version=fw.template_version,
            activities=rows,
            indicators=tuple(indicators),
            narratives=tuple(_narratives(rng, org, rows)),
        )
        sent[year] = content
        out.extend(_review_history(rng, content, year, years))
    return out


def _review_history(
    rng: random.Random, content: ReturnContent, year: int, years: range
) -> list[DemoVersion]:
    sent = dt.datetime(year + 1, rng.randint(1, 4), rng.randint(1, 28), rng.randint(8, 17))
    if year == years[-1]:  # early reporters for the year that is not over yet
        sent = dt.datetime(year, 11, rng.randint(1, 20), 10)
    recent = year >= years[-1] - 1
    if recent and rng.random() < 0.12:
        # A returned first version (a budget typo the reviewer caught), then the corrected one.
        first = DemoVersion(_with_typo(rng, content), "returned", sent)
        return [first, DemoVersion(content, "submitted", sent + dt.timedelta(days=12))]
    status = rng.choice(("submitted", "approved", "approved")) if recent else "approved"
    if recent and rng.random() < 0.06:
        status = "returned"
    return [DemoVersion(content, status, sent)]


def _with_typo(rng: random.Random, content: ReturnContent) -> ReturnContent:
    budgeted = [i for i, a in enumerate(content.activities) if a.budget_eur]
    if not budgeted:
        return content
    at = rng.choice(budgeted)
    rows = list(content.activities)
    rows[at] = replace(rows[at], budget_eur=rows[at].budget_eur * 10)
    return replace(content, activities=tuple(rows))


# --- activities -----------------------------------------------------------------------


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


class _Portfolio:
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


# --- indicators and narratives --------------------------------------------------------


def _plan_progress(fw: Framework, year: int) -> float:
    """Where the plan should be in `year`: 0 the year before it began, 1 in its last year."""
    return (year - fw.start_year + 1) / (fw.end_year - fw.start_year + 1)


def _indicator_values(
    rng: random.Random,
    org: DemoOrganisation,
    fw: Framework,
    year: int,
    rows: tuple[ActivityRow, ...],
    sex_only: bool,
) -> list[IndicatorRow]:
    out: list[IndicatorRow] = []
    goals = {r.goal_number for r in rows}
    progress = _plan_progress(fw, year)
    for ind in fw.indicators:
        if ind.level == "national":
            if org.code == "BZ" and ind.baseline is not None and ind.target is not None:
                out.extend(_national_value(rng, ind, year, progress))
            continue
        if ind.goal not in goals or rng.random() < 0.3:
            continue
        out.extend(_signatory_value(rng, ind, year, progress, sex_only))
    return out


def _national_value(
    rng: random.Random, ind: IndicatorSpec, year: int, progress: float
) -> list[IndicatorRow]:
    value = round(ind.baseline + (ind.target - ind.baseline) * progress * rng.uniform(0.5, 1.1), 1)
    if ind.disaggregation != "sex":
        return [IndicatorRow(ind.code, year, value)]
    # A rate by sex: the total is the official figure, not the sum of the two.
    return [
        IndicatorRow(ind.code, year, round(value * rng.uniform(0.3, 0.6), 1), sex="female"),
        IndicatorRow(ind.code, year, round(value * rng.uniform(1.4, 1.7), 1), sex="male"),
        IndicatorRow(ind.code, year, value),
    ]


def _signatory_value(
    rng: random.Random, ind: IndicatorSpec, year: int, progress: float, sex_only: bool
) -> list[IndicatorRow]:
    if ind.unit == "percent":
        denominator = rng.randint(4, 20)
        share = min(1.0, 0.4 + 0.5 * progress * rng.uniform(0.6, 1.2))
        numerator = round(denominator * share)
        value = round(100 * numerator / denominator, 1)
        return [IndicatorRow(ind.code, year, value, numerator=numerator, denominator=denominator)]
    # Each reporting organisation adds about a twelfth of where the plan should be that year,
    # so some indicators end up on track and some behind, as in a real plan.
    path = (
        ind.baseline + (ind.target - ind.baseline) * progress if ind.baseline and ind.target else 0
    )
    scale = path / 12 if path else 60_000.0
    total = round(scale * rng.uniform(0.4, 1.8))
    if ind.disaggregation != "sex":
        return [IndicatorRow(ind.code, year, float(total))]
    women = round(total * rng.uniform(0.6, 0.9))
    by_sex = [
        IndicatorRow(ind.code, year, float(women), sex="female"),
        IndicatorRow(ind.code, year, float(total - women), sex="male"),
    ]
    return by_sex if sex_only else [*by_sex, IndicatorRow(ind.code, year, float(total))]


def _restated(
    rng: random.Random, org: DemoOrganisation, fw: Framework, before: ReturnContent
) -> list[IndicatorRow]:
    """One indicator of last year's return again, with a corrected value (a restatement)."""
    units = {i.code: i.unit for i in fw.indicators}
    codes = sorted(
        {
            v.indicator_code
            for v in before.indicators
            if v.year == before.year and units.get(v.indicator_code) != "percent"
        }
    )
    if not codes:
        return []
    code = rng.choice(codes)
    factor = rng.choice((0.8, 0.9, 1.1, 1.15, 1.25))
    note = RESTATED_NOTE[0 if org.language == "nl" else 1].format(before.year)
    whole = units[code] in ("count", "eur")
    old = [v for v in before.indicators if v.indicator_code == code and v.year == before.year]
    new: dict[str, float] = {}
    for v in old:
        value = round(v.value * factor) if whole else round(v.value * factor, 1)
        new[v.sex] = float(value if value != v.value else v.value + 1)
    if whole and {"female", "male", "total"} <= new.keys():
        new["total"] = new["female"] + new["male"]  # a count's total stays the sum
    return [replace(v, value=new[v.sex], note=note) for v in old]


def _narratives(
    rng: random.Random, org: DemoOrganisation, rows: tuple[ActivityRow, ...]
) -> list[NarrativeRow]:
    index = 0 if org.language == "nl" else 1
    out = []
    for goal in sorted({r.goal_number for r in rows})[:3]:

        def pick(kind: str) -> str:
            return rng.choice(NARRATIVE[kind])[index]

        out.append(NarrativeRow(goal, pick("highlights"), pick("challenges"), pick("lessons")))
    return out
