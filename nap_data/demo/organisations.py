"""The register of the demo: the five government parties, the fictional signatories, who
joined later and who left."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from nap_data.demo.names import CSO_FIRST, CSO_KIND, GOVERNMENT, KNOWLEDGE
from nap_data.demo.records import DemoOrganisation

N_CIVIL_SOCIETY = 70
N_FIRST_SIGNATORIES = 55  # of the fictional organisations; the others joined later


def organisations(rng: random.Random, years: range, plan: str) -> list[DemoOrganisation]:
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
