"""metrics.overview: the Overview's prepared figures equal the counting rules, filter by filter.

The reference is what the Overview page computed before `overview_figures` existed:
activities_in_period for the year and the year before, key_figures, key_figure_changes,
activities_per_goal, returns_summary(returns_status) and status_counts(indicator_status(
indicator_series(filter_values))). Every figure is compared exactly (frames with `equals`).
"""

from __future__ import annotations

import polars as pl
import pytest

from nap_data import metrics, queries
from nap_data.filters import Filters
from nap_data.metrics.overview import overview_figures, prepare
from nap_data.store import make_engine
from nap_data.vocab import DataScope
from tests import frames as fr


def _by_the_rules(frames, f: Filters, goals: tuple[int, ...]) -> dict:
    year = f.year_to
    acts = metrics.activities_in_period(frames.reports, f.with_year(year))
    prev = metrics.activities_in_period(frames.reports, f.with_year(year - 1))
    now, before = (
        metrics.key_figures(a, frames.organisations, frames.submissions, y, f.scope)
        for a, y in ((acts, year), (prev, year - 1))
    )
    series = metrics.indicator_series(metrics.filter_values(frames.values, f), frames.indicators)
    status = metrics.returns_status(frames.organisations, frames.submissions, year)
    return {
        "now": now,
        "before": before,
        "change": metrics.key_figure_changes(now, before),
        "per_goal": metrics.activities_per_goal(acts, goals),
        "returns_summary": metrics.returns_summary(status),
        "indicator_counts": metrics.status_counts(
            metrics.indicator_status(series, frames.indicators, year)
        ),
    }


def _assert_same(frames, f: Filters, goals: tuple[int, ...] | None = None) -> None:
    goals = tuple(goals or frames.plan.goal_numbers)
    base = prepare(
        frames.reports,
        frames.values,
        frames.organisations,
        frames.submissions,
        frames.indicators,
        frames.plan,
    )
    got = overview_figures(base, f, goals)
    assert got.year == f.year_to
    for name, expected in _by_the_rules(frames, f, goals).items():
        value = getattr(got, name)
        if isinstance(expected, pl.DataFrame):
            assert value.equals(expected), (name, value, expected)
        else:
            assert value == expected, name


@pytest.fixture(scope="module")
def demo_frames(demo_template):
    engine = make_engine(f"sqlite:///{demo_template}")
    try:
        yield {
            scope: queries.load_figure_frames(engine, scope)
            for scope in (DataScope.SUBMITTED_AND_APPROVED, DataScope.APPROVED_ONLY)
        }
    finally:
        engine.dispose()


DEMO_FILTERS = {
    "whole plan": {},
    "first year (no year before in the data)": {"year_from": 2021, "year_to": 2021},
    "last year of the plan (no reports)": {"year_to": 2027},
    "a goal": {"year_to": 2024, "goals": (2,)},
    "two goals": {"year_to": 2023, "goals": (1, 5)},
    "focus foreign": {"year_to": 2025, "focus": ("foreign",)},
    "an organisation type": {"year_to": 2024, "org_types": ("cso",)},
    "a country": {"year_to": 2024, "countries": ("ML",)},
    "a region": {"year_to": 2023, "regions": ("western_africa",)},
    "status and progress": {"year_to": 2024, "statuses": ("ongoing",), "progress": ("met",)},
    "everything at once": {
        "year_to": 2025,
        "goals": (1, 3),
        "focus": ("foreign", "both"),
        "org_types": ("cso", "knowledge"),
        "countries": ("ML", "UA"),
    },  # fmt: skip
}


@pytest.mark.parametrize("scope", list(DataScope))
@pytest.mark.parametrize("choice", DEMO_FILTERS.values(), ids=DEMO_FILTERS.keys())
def test_demo_store_overview_figures_equal_the_rules(demo_frames, scope, choice):
    frames = demo_frames[scope]
    kw = {"year_from": 2021, "year_to": 2026, **choice}
    _assert_same(frames, Filters(**kw, scope=scope), choice.get("goals"))


def test_demo_store_with_organisations_chosen(demo_frames):
    # The organisation filter narrows the activities and the indicator values alike.
    frames = demo_frames[DataScope.SUBMITTED_AND_APPROVED]
    codes = sorted(set(frames.reports["organisation_code"]))
    for chosen in (codes[:1], codes[2:6], codes[::7]):
        _assert_same(frames, Filters(2022, 2025, organisations=tuple(chosen)))


def test_demo_store_scope_of_the_filters_counts_returns_of_that_scope(demo_frames):
    # The page passes the filters' scope to key_figures whatever frame it loaded.
    frames = demo_frames[DataScope.APPROVED_ONLY]
    _assert_same(frames, Filters(2021, 2025, scope=DataScope.SUBMITTED_AND_APPROVED))


# Literal frames: activity 1 reported in 2023 and 2024 (its goal and focus change), two
# organisations of different types, countries on some reports.
REPORTS = fr.reports([
    {"activity_id": 1, "year": 2023, "goal": 1, "focus": "national", "budget_eur": 100.0},
    {"activity_id": 1, "year": 2024, "goal": 2, "focus": "foreign", "budget_eur": 300.0,
     "countries": ["ML", "SN"]},
    {"activity_id": 2, "year": 2024, "goal": 2, "focus": "both", "budget_eur": None,
     "countries": ["UA"], "organisation_code": "B", "organisation_type": "knowledge"},
    {"activity_id": 3, "year": 2024, "goal": 3, "status": "completed", "progress": "limited",
     "budget_eur": 50.0, "organisation_code": "B", "organisation_type": "knowledge"},
])  # fmt: skip
ORGS = fr.orgs([
    {"organisation_code": "A"},
    {"organisation_code": "B", "organisation_type": "knowledge", "joined_on": fr.D(2024, 3, 1)},
    {"organisation_code": "C", "left_on": fr.D(2024, 12, 31)},
])  # fmt: skip
SUBS = fr.subs([
    {"submission_id": 1, "organisation_code": "A", "year": 2024, "review_status": "approved"},
    {"submission_id": 2, "organisation_code": "B", "year": 2024},
    {"submission_id": 3, "organisation_code": "A", "year": 2023, "review_status": "returned"},
])  # fmt: skip
INDICATORS = fr.indicators([
    {"code": "C1", "aggregation": "sum"},
    {"code": "P1", "aggregation": "ratio", "unit": "percent", "target": 50.0},
    {"code": "M1", "aggregation": "mean", "unit": "score", "direction": "decrease",
     "baseline": 5.0, "target": 1.0},
])  # fmt: skip
VALUES = fr.values([
    {"indicator_code": "C1", "year": 2023, "value": 30.0},
    {"indicator_code": "C1", "year": 2023, "value": 45.0, "version": 2},  # restated
    {"indicator_code": "C1", "year": 2024, "organisation_code": "B", "sex": "female",
     "value": 20.0},
    {"indicator_code": "C1", "year": 2024, "organisation_code": "B", "sex": "male",
     "value": 25.0},
    {"indicator_code": "P1", "year": 2024, "value": 40.0, "numerator": 4.0,
     "denominator": 10.0},
    {"indicator_code": "P1", "year": 2024, "organisation_code": "B", "value": 60.0,
     "numerator": 6.0, "denominator": 10.0},
    {"indicator_code": "M1", "year": 2024, "value": 2.0},
    {"indicator_code": "M1", "year": 2024, "organisation_code": "B", "value": 4.0},
])  # fmt: skip
LITERAL = metrics.Frames(fr.PLAN, REPORTS, VALUES, ORGS, SUBS, INDICATORS)

LITERAL_FILTERS = {
    "the year": {},
    "the year before is the latest": {"year_to": 2023},
    "a goal the activity left": {"goals": (1,)},
    "organisation B": {"organisations": ("B",)},
    "organisation A, values of A only": {"organisations": ("A",)},
    "a company": {"org_types": ("knowledge",)},
    "a country of the latest report": {"countries": ("SN",)},
    "a country nobody lists": {"countries": ("FR",)},
    "progress limited": {"progress": ("limited",)},
    "a year before the plan": {"year_from": 2021, "year_to": 2021},
}


@pytest.mark.parametrize("choice", LITERAL_FILTERS.values(), ids=LITERAL_FILTERS.keys())
def test_literal_frames_overview_figures_equal_the_rules(choice):
    _assert_same(LITERAL, Filters(**{"year_from": 2023, "year_to": 2024, **choice}))


def test_a_year_with_an_activity_reported_twice_falls_back_to_the_rule():
    # Two reports of activity 1 in 2024 (versions 1 and 2): rule 2 takes the latest version
    # and sums both budgets; the prepared path must not count it twice.
    twice = fr.reports([
        {"activity_id": 1, "year": 2024, "version": 1, "goal": 1, "budget_eur": 10.0},
        {"activity_id": 1, "year": 2024, "version": 2, "goal": 4, "budget_eur": 5.0,
         "focus": "foreign"},
        {"activity_id": 2, "year": 2023, "goal": 2, "budget_eur": 7.0},
    ])  # fmt: skip
    frames = metrics.Frames(fr.PLAN, twice, VALUES, ORGS, SUBS, INDICATORS)
    base = prepare(twice, VALUES, ORGS, SUBS, INDICATORS, fr.PLAN)
    assert 2024 not in base.years and 2023 in base.years
    got = overview_figures(base, Filters(2024, 2024))
    assert (got.now["activities"], got.now["budget_eur"], got.now["share_abroad"]) == (
        1, 15.0, 1.0,
    )  # fmt: skip
    for goals in ((), (4,), (1,)):
        _assert_same(frames, Filters(2024, 2024, goals=goals), goals or None)


def _latest_by_group_by(values: pl.DataFrame) -> pl.DataFrame:
    # Rule 4's first half as a plain group_by (what counting.latest_values did before its
    # one-sort version).
    keys = ["organisation_code", "indicator_code", "year", "sex"]
    return (
        values.group_by(keys)
        .agg(pl.all().sort_by(["reporting_year", "version"]).last())
        .sort("indicator_code", "year", "organisation_code", "sex")
        .select(values.columns)
    )


def test_latest_values_equals_the_group_by_formulation(demo_frames):
    restated = fr.values([
        {"indicator_code": "C1", "year": 2023, "value": 1.0, "reporting_year": 2023},
        {"indicator_code": "C1", "year": 2023, "value": 2.0, "reporting_year": 2024},
        {"indicator_code": "C1", "year": 2023, "value": 3.0, "reporting_year": 2024,
         "version": 2},
        {"indicator_code": "C1", "year": 2023, "value": 4.0, "sex": "female"},
        {"indicator_code": "C1", "year": 2023, "value": 5.0, "organisation_code": "B"},
        {"indicator_code": "C1", "year": None, "value": 6.0},
        {"indicator_code": "C1", "year": None, "value": 7.0, "version": 3},
    ])  # fmt: skip
    for values in (restated, *(f.values for f in demo_frames.values())):
        assert metrics.latest_values(values).equals(_latest_by_group_by(values))
    assert metrics.latest_values(restated)["value"].to_list() == [7.0, 4.0, 3.0, 5.0]
