"""nap_data.metrics.comparison against small literal frames computed by hand."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from nap_data.filters import Filters
from nap_data.metrics import activities_in_period
from nap_data.metrics.comparison import focus_comparison, focus_shares
from tests import frames as fr

FOCUS = ["national", "foreign", "both"]
GOALS = fr.PLAN.goal_numbers


def acts(rows: list[dict]) -> pl.DataFrame:
    """The period's activities of reports that each are a new activity."""
    return activities_in_period(fr.reports(rows), Filters.whole_plan(fr.PLAN))


def expected(by: str, dtype, rows: list[tuple]) -> pl.DataFrame:
    schema = {by: dtype, "focus": pl.String, "activities": pl.Int64, "budget_eur": pl.Float64}
    return pl.DataFrame(rows, schema=schema, orient="row")


REPORTS = fr.reports([
    {"goal": 2, "focus": "foreign", "organisation_type": "other", "year": 2022,
     "budget_eur": 100.0},
    {"goal": 2, "focus": "foreign", "organisation_type": "ministry", "year": 2022,
     "budget_eur": None},
    {"goal": 2, "focus": "national", "organisation_type": "cso", "year": 2021, "budget_eur": 50.0},
    {"goal": 4, "focus": "both", "organisation_type": "ministry", "year": 2024, "budget_eur": 25.0},
])  # fmt: skip
BASE = activities_in_period(REPORTS, Filters.whole_plan(fr.PLAN))


def test_by_goal_has_every_goal_and_focus_with_zeros():
    rows = [(g, f, 0, 0.0) for g in (1, 2, 3, 4, 5) for f in FOCUS]
    rows[3] = (2, "national", 1, 50.0)
    rows[4] = (2, "foreign", 2, 100.0)  # a missing budget counts as nothing, not as unknown
    rows[11] = (4, "both", 1, 25.0)
    assert_frame_equal(focus_comparison(BASE, "goal", GOALS), expected("goal", pl.Int64, rows))


def test_by_goal_has_the_given_plans_goals_only():
    goals = fr.FOUR_GOALS.goal_numbers
    got = focus_comparison(acts([{"goal": 4}, {"goal": 5}]), "goal", goals)
    rows = [(g, f, int((g, f) == (4, "national")), 0.0) for g in goals for f in FOCUS]
    assert_frame_equal(got, expected("goal", pl.Int64, rows))  # goal 5 is not in the plan


def test_by_organisation_type_only_present_types_in_vocabulary_order():
    rows = [
        ("ministry", "national", 0, 0.0),
        ("ministry", "foreign", 1, 0.0),
        ("ministry", "both", 1, 25.0),
        ("cso", "national", 1, 50.0),
        ("cso", "foreign", 0, 0.0),
        ("cso", "both", 0, 0.0),
        ("other", "national", 0, 0.0),
        ("other", "foreign", 1, 100.0),
        ("other", "both", 0, 0.0),
    ]
    got = focus_comparison(BASE, "organisation_type", GOALS)
    assert_frame_equal(got, expected("organisation_type", pl.String, rows))


def test_by_year_only_present_years_ascending():
    rows = [
        (2021, "national", 1, 50.0),
        (2021, "foreign", 0, 0.0),
        (2021, "both", 0, 0.0),
        (2022, "national", 0, 0.0),
        (2022, "foreign", 2, 100.0),
        (2022, "both", 0, 0.0),
        (2024, "national", 0, 0.0),
        (2024, "foreign", 0, 0.0),
        (2024, "both", 1, 25.0),
    ]
    got = focus_comparison(BASE, "year", GOALS, reports=REPORTS)
    assert_frame_equal(got, expected("year", pl.Int64, rows))


def test_single_row():
    one = acts([{"year": 2025, "focus": "foreign", "budget_eur": 7.5}])
    rows = [(2025, "national", 0, 0.0), (2025, "foreign", 1, 7.5), (2025, "both", 0, 0.0)]
    assert_frame_equal(focus_comparison(one, "year", GOALS), expected("year", pl.Int64, rows))


@pytest.mark.parametrize(
    ("by", "dtype", "height"),
    [("goal", pl.Int64, 15), ("organisation_type", pl.String, 0), ("year", pl.Int64, 0)],
)
def test_empty_input_gives_zeros_for_goals_and_no_rows_otherwise(by, dtype, height):
    got = focus_comparison(acts([]), by, GOALS)
    assert got.schema == expected(by, dtype, []).schema
    assert got.height == height
    assert got["activities"].sum() == 0


def test_unknown_grouping_is_refused():
    with pytest.raises(ValueError, match="by must be one of"):
        focus_comparison(BASE, "country", GOALS)


def _shares(rows: list[tuple]) -> pl.DataFrame:
    schema = {
        "focus": pl.String,
        "activities": pl.Int64,
        "activity_share": pl.Float64,
        "budget_eur": pl.Float64,
        "budget_share": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def test_focus_shares_of_activities_and_budget():
    want = _shares(
        [
            ("national", 1, 0.25, 50.0, 50 / 175),
            ("foreign", 2, 0.5, 100.0, 100 / 175),
            ("both", 1, 0.25, 25.0, 25 / 175),
        ]
    )
    assert_frame_equal(focus_shares(BASE), want)


def test_focus_shares_single_row_and_no_budget():
    one = acts([{"focus": "both", "budget_eur": None}])
    want = _shares(
        [
            ("national", 0, 0.0, 0.0, None),
            ("foreign", 0, 0.0, 0.0, None),
            ("both", 1, 1.0, 0.0, None),
        ]
    )
    assert_frame_equal(focus_shares(one), want)


def test_focus_shares_empty_input_has_every_focus_and_no_share():
    want = _shares([(f, 0, None, 0.0, None) for f in FOCUS])
    assert_frame_equal(focus_shares(acts([])), want)
