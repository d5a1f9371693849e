"""The indicator values of a demo return: national ones from BZ, the signatories' own, and
restatements of the year before."""

from __future__ import annotations

import random
from dataclasses import replace

from nap_data.demo.names import RESTATED_NOTE
from nap_data.demo.records import DemoOrganisation
from nap_data.framework import Framework, IndicatorSpec
from nap_data.returns.content import ActivityRow, IndicatorRow, ReturnContent


def plan_progress(fw: Framework, year: int) -> float:
    """Where the plan should be in `year`: 0 the year before it began, 1 in its last year."""
    return (year - fw.start_year + 1) / (fw.end_year - fw.start_year + 1)


def indicator_values(
    rng: random.Random,
    org: DemoOrganisation,
    fw: Framework,
    year: int,
    rows: tuple[ActivityRow, ...],
    sex_only: bool,
) -> list[IndicatorRow]:
    out: list[IndicatorRow] = []
    goals = {r.goal_number for r in rows}
    progress = plan_progress(fw, year)
    for ind in fw.indicators:
        if ind.level == "national":
            if org.code == "BZ" and ind.baseline is not None and ind.target is not None:
                out.extend(_national_value(rng, ind, year, progress))
            continue
        if ind.goal not in goals or rng.random() < 0.3:
            continue
        out.extend(signatory_value(rng, ind, year, progress, sex_only))
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


def signatory_value(
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


def restated(
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
