"""The generator: the demo's years, and all of its data from one seed."""

from __future__ import annotations

import random

from nap_data.demo.organisations import organisations
from nap_data.demo.records import DemoData, DemoVersion
from nap_data.demo.submissions import versions_of
from nap_data.framework import Framework

SEED = 1325
DEMO_YEARS = 6  # returns for the plan's first six years (fewer when the plan is shorter)
N_SEX_ONLY = 8  # organisations that report sex-disaggregated indicators without a total


def demo_years(fw: Framework) -> range:
    """The reporting years of the demo: the plan's first years, the last one still current."""
    return range(fw.start_year, min(fw.end_year, fw.start_year + DEMO_YEARS - 1) + 1)


def generate(framework: Framework, seed: int = SEED) -> DemoData:
    rng = random.Random(seed)
    years = demo_years(framework)
    orgs = organisations(rng, years, framework.code)
    sex_only = set(rng.sample([o.code for o in orgs if o.code.startswith("ORG")], N_SEX_ONLY))
    versions: list[DemoVersion] = []
    for org in orgs:
        versions.extend(versions_of(rng, org, framework, years, org.code in sex_only))
    return DemoData(tuple(orgs), tuple(versions))
