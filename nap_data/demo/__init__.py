"""Deterministic synthetic demo data: fictional signatories and their yearly returns.

The same seed always gives the same data, so screenshots, tests and the
board's demo stay comparable. Nothing here describes a real organisation
other than the five government parties by their codes.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from nap_data.demo.names import (
    ACTIVITY_TOPICS,
    CSO_FIRST,
    CSO_KIND,
    FOREIGN_COUNTRIES,
    GOVERNMENT,
    KNOWLEDGE,
    NARRATIVE,
    PARTNERS,
)
from nap_data.framework import Framework
from nap_data.returns.content import ActivityRow, IndicatorRow, NarrativeRow, ReturnContent

SEED = 1325
FIRST_YEAR, LAST_YEAR = 2021, 2026
N_CIVIL_SOCIETY = 70


@dataclass(frozen=True)
class DemoOrganisation:
    code: str
    name: str
    type: str
    joined_on: dt.date
    pledge: str
    language: str  # the language this organisation writes its returns in


@dataclass(frozen=True)
class DemoVersion:
    content: ReturnContent
    review_status: str
    created_at: dt.datetime


@dataclass(frozen=True)
class DemoData:
    organisations: tuple[DemoOrganisation, ...]
    versions: tuple[DemoVersion, ...]


def generate(framework: Framework, seed: int = SEED) -> DemoData:
    rng = random.Random(seed)
    orgs = _organisations(rng)
    versions: list[DemoVersion] = []
    for org in orgs:
        versions.extend(_versions_of(rng, org, framework))
    return DemoData(tuple(orgs), tuple(versions))


def _organisations(rng: random.Random) -> list[DemoOrganisation]:
    signing = dt.date(2020, 12, 11)
    orgs = [
        DemoOrganisation(code, name, kind, signing, _pledge(name, "nl"), "nl")
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
        language = (
            "en"
            if any(
                w in pattern for w in ("Foundation", "Alliance", "Centre", "Initiative", "Research")
            )
            else "nl"
        )
        # About 58 signed in 2020; the rest joined later as support broadened.
        joined = signing if i < 55 else dt.date(rng.randint(2021, 2026), rng.randint(1, 12), 1)
        kind = "knowledge" if knowledge else ("other" if i % 23 == 11 else "cso")
        orgs.append(
            DemoOrganisation(
                f"ORG{i + 1:03d}", name, kind, joined, _pledge(name, language), language
            )
        )
    return orgs


def _pledge(name: str, lang: str) -> str:
    if lang == "nl":
        return f"{name} zet zich in voor de doelen van NAP-IV binnen het eigen werkveld."
    return f"{name} commits to the goals of NAP-IV within its own field of work."


def _versions_of(rng: random.Random, org: DemoOrganisation, fw: Framework) -> list[DemoVersion]:
    activities = _activities_of(rng, org)
    reliability = 1.0 if org.type == "ministry" else rng.choice((0.95, 0.9, 0.8, 0.6))
    out: list[DemoVersion] = []
    for year in range(max(FIRST_YEAR, org.joined_on.year), LAST_YEAR + 1):
        late = year == LAST_YEAR and rng.random() < 0.7  # the current year is still coming in
        if late or rng.random() > reliability:
            continue
        rows = tuple(_row_for_year(rng, a, year) for a in activities if _active(a, year))
        content = ReturnContent(
            organisation_code=org.code,
            year=year,
            template_version=fw.template_version,
            activities=rows,
            indicators=tuple(_indicator_values(rng, org, fw, year, rows)),
            narratives=tuple(_narratives(rng, org, rows)),
        )
        out.extend(_review_history(rng, content, year))
    return out


def _review_history(rng: random.Random, content: ReturnContent, year: int) -> list[DemoVersion]:
    sent = dt.datetime(year + 1, rng.randint(1, 4), rng.randint(1, 28), rng.randint(8, 17))
    if year == LAST_YEAR:  # early reporters for the year that is not over yet
        sent = dt.datetime(year, 11, rng.randint(1, 20), 10)
    recent = year >= LAST_YEAR - 1
    if recent and rng.random() < 0.12:
        # A returned first version followed by a corrected one, as in real review rounds.
        first = DemoVersion(content, "returned", sent)
        return [first, DemoVersion(content, "submitted", sent + dt.timedelta(days=12))]
    status = rng.choice(("submitted", "approved", "approved")) if recent else "approved"
    if recent and rng.random() < 0.06:
        status = "returned"
    return [DemoVersion(content, status, sent)]


def _activities_of(rng: random.Random, org: DemoOrganisation) -> list[dict]:
    count = rng.randint(6, 12) if org.type == "ministry" else rng.randint(2, 7)
    goals = (
        [1, 2, 3, 4, 5]
        if org.type == "ministry"
        else rng.sample([1, 2, 3, 4, 5], rng.randint(1, 3))
    )
    out = []
    for n in range(count):
        goal = goals[n % len(goals)]
        focus = rng.choices(("national", "foreign", "both"), weights=(3, 5, 2))[0]
        if goal == 5:
            focus = rng.choices(("national", "both"), weights=(4, 1))[0]
        countries = (
            ()
            if focus == "national"
            else tuple(sorted(rng.sample(FOREIGN_COUNTRIES, rng.choice((1, 1, 2, 3)))))
        )
        start = max(org.joined_on.year, rng.randint(2020, 2025))
        nl, en = rng.choice(ACTIVITY_TOPICS[goal])
        place = _place(countries, org.language)
        title = (nl if org.language == "nl" else en).format(place)
        out.append(
            {
                "reference": f"{org.code}-{n + 1:02d}" if rng.random() < 0.85 else None,
                "title": title if rng.random() < 0.5 else f"{title} ({n + 1})",
                "goal": goal,
                "focus": focus,
                "countries": countries,
                "start": dt.date(start, rng.randint(1, 12), 1),
                "years": rng.randint(1, 5),
                "budget": float(rng.choice((0, 25, 50, 80, 120, 250, 400, 900)) * 1000)
                * (8 if org.type == "ministry" else 1),
                "target_groups": tuple(
                    sorted(rng.sample(("women", "girls", "men", "boys"), rng.choice((1, 1, 2))))
                ),
                "partners": rng.choice(PARTNERS),
                "fate": rng.random(),
            }
        )
    return out


def _place(countries: tuple[str, ...], lang: str) -> str:
    from nap_data.countries import country_name

    if not countries:
        return "Nederland" if lang == "nl" else "the Netherlands"
    return country_name(countries[0], lang)


def _active(a: dict, year: int) -> bool:
    return a["start"].year <= year < a["start"].year + a["years"]


def _row_for_year(rng: random.Random, a: dict, year: int) -> ActivityRow:
    last = year == a["start"].year + a["years"] - 1
    end = dt.date(a["start"].year + a["years"] - 1, 12, 31)
    status = "ongoing"
    if a["start"].year > year:
        status = "planned"
    elif last and year < LAST_YEAR:
        status = "cancelled" if a["fate"] < 0.05 else "completed"
    progress = rng.choices(("exceeded", "met", "limited", "no_progress"), weights=(2, 6, 3, 1))[0]
    return ActivityRow(
        reference=a["reference"],
        title=a["title"],
        goal_number=a["goal"],
        focus=a["focus"],
        countries=a["countries"],
        status=status,
        start_date=a["start"],
        end_date=end,
        budget_eur=round(a["budget"] * rng.uniform(0.8, 1.2), -2) if a["budget"] else None,
        progress=None if status == "planned" else progress,
        target_groups=a["target_groups"],
        partners=a["partners"],
        results="",
    )


def _indicator_values(
    rng, org: DemoOrganisation, fw: Framework, year: int, rows
) -> list[IndicatorRow]:
    out: list[IndicatorRow] = []
    goals = {r.goal_number for r in rows}
    progress = (year - 2020) / (2027 - 2020)
    for ind in fw.indicators:
        if ind.level == "national":
            if org.code == "BZ" and ind.baseline is not None and ind.target is not None:
                value = ind.baseline + (ind.target - ind.baseline) * progress * rng.uniform(
                    0.5, 1.1
                )
                out.append(IndicatorRow(ind.code, year, round(value, 1)))
            continue
        if ind.goal not in goals or rng.random() < 0.3:
            continue
        out.extend(_signatory_value(rng, ind, year, progress))
    return out


def _signatory_value(rng, ind, year: int, progress: float) -> list[IndicatorRow]:
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
    return [
        IndicatorRow(ind.code, year, float(women), sex="female"),
        IndicatorRow(ind.code, year, float(total - women), sex="male"),
        IndicatorRow(ind.code, year, float(total), sex="total"),
    ]


def _narratives(rng, org: DemoOrganisation, rows) -> list[NarrativeRow]:
    index = 0 if org.language == "nl" else 1
    out = []
    for goal in sorted({r.goal_number for r in rows})[:3]:

        def pick(kind: str) -> str:
            return rng.choice(NARRATIVE[kind])[index]

        out.append(NarrativeRow(goal, pick("highlights"), pick("challenges"), pick("lessons")))
    return out
