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

The modules: `generator` (the years and `generate`), `organisations` (the register),
`submissions` (the returns and their review history), `activities`, `indicators`,
`records` (what `generate` returns) and `names` (the word lists).
"""

from nap_data.demo.activities import (
    ACTIVITIES_PER_YEAR,
    OTHER_ACTIVITIES_PER_YEAR,
    PROGRESS,
    activity_range,
)
from nap_data.demo.generator import DEMO_YEARS, N_SEX_ONLY, SEED, demo_years, generate
from nap_data.demo.organisations import N_CIVIL_SOCIETY, N_FIRST_SIGNATORIES
from nap_data.demo.records import DemoData, DemoOrganisation, DemoVersion
from nap_data.demo.submissions import RESTATE_SHARE

__all__ = [
    "ACTIVITIES_PER_YEAR",
    "DEMO_YEARS",
    "N_CIVIL_SOCIETY",
    "N_FIRST_SIGNATORIES",
    "N_SEX_ONLY",
    "OTHER_ACTIVITIES_PER_YEAR",
    "PROGRESS",
    "RESTATE_SHARE",
    "SEED",
    "DemoData",
    "DemoOrganisation",
    "DemoVersion",
    "activity_range",
    "demo_years",
    "generate",
]
