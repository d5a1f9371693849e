"""An organisation's returns year by year (some late or missing, a few restating the year
before) and the review history of each, with the narratives they carry."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from nap_data.demo.activities import Portfolio
from nap_data.demo.indicators import indicator_values, restated
from nap_data.demo.names import NARRATIVE
from nap_data.demo.records import DemoOrganisation, DemoVersion
from nap_data.framework import Framework
from nap_data.returns.content import ActivityRow, NarrativeRow, ReturnContent

RESTATE_SHARE = 0.06  # of returns with a return the year before: one value corrected


def versions_of(
    rng: random.Random, org: DemoOrganisation, fw: Framework, years: range, sex_only: bool
) -> list[DemoVersion]:
    span = [y for y in years if org.signatory_in(y)]
    plan = Portfolio(rng, org, fw, years).run(span)
    reliability = 1.0 if org.type == "ministry" else rng.choice((0.95, 0.9, 0.8, 0.6))
    sent: dict[int, ReturnContent] = {}
    out: list[DemoVersion] = []
    for year in span:
        late = year == years[-1] and rng.random() < 0.7  # the current year is still coming in
        if late or rng.random() > reliability:
            continue
        rows = tuple(plan[year])
        indicators = indicator_values(rng, org, fw, year, rows, sex_only)
        if year - 1 in sent and rng.random() < RESTATE_SHARE:
            indicators += restated(rng, org, fw, sent[year - 1])
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
