"""Metrics added for the analysis pages: changes, highlights, reporting record, regions."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from nap_data import metrics
from nap_data.filters import Filters
from tests import frames as fr

WHOLE = Filters.whole_plan(fr.PLAN)


def test_region_filter_matches_any_country_of_the_region():
    frame = fr.reports(
        [
            {"activity_id": 1, "countries": ["ML", "UA"]},
            {"activity_id": 2, "countries": ["UA"]},
            {"activity_id": 3, "countries": []},
        ]
    )
    west = Filters(2021, 2027, regions=("western_africa",))
    assert metrics.activities_in_period(frame, west)["activity_id"].to_list() == [1]
    west_and_ua = Filters(2021, 2027, regions=("western_africa",), countries=("UA",))
    assert metrics.activities_in_period(frame, west_and_ua)["activity_id"].to_list() == [1, 2]


def test_key_figure_changes_against_previous_year():
    now = {
        "signatories": 73,
        "returns_received": 57,
        "activities": 140,
        "budget_eur": 4.0e7,
        "share_abroad": 0.62,
    }
    before = {
        "signatories": 71,
        "returns_received": 60,
        "activities": 120,
        "budget_eur": 3.5e7,
        "share_abroad": 0.60,
    }
    change = metrics.key_figure_changes(now, before)
    assert change["signatories"] == 2 and change["returns_received"] == -3
    assert change["activities"] == 20 and change["budget_eur"] == 5.0e6
    assert change["share_abroad_points"] == pytest.approx(2.0)


def test_key_figure_changes_without_a_previous_year_has_no_deltas():
    now = {
        "signatories": 5,
        "returns_received": 5,
        "activities": 9,
        "budget_eur": 1.0,
        "share_abroad": 0.5,
    }
    before = {
        "signatories": 0,
        "returns_received": 0,
        "activities": 0,
        "budget_eur": 0.0,
        "share_abroad": None,
    }
    change = metrics.key_figure_changes(now, before)
    assert change["activities"] is None and change["share_abroad_points"] is None


def test_highlights_are_non_empty_newest_first_and_filtered():
    frame = fr.narratives(
        [
            {"organisation_code": "A", "year": 2024, "goal": 1, "highlights": "good"},
            {"organisation_code": "B", "year": 2025, "goal": 3, "highlights": "great"},
            {
                "organisation_code": "C",
                "year": 2025,
                "goal": 1,
                "highlights": "  ",
                "challenges": "x",
            },
            {"organisation_code": "D", "year": 2025, "goal": 2, "highlights": "fine"},
        ]
    )
    got = metrics.highlights(frame, Filters(year_from=2024, year_to=2025, goals=(1, 3)))
    assert got["submission_id"].to_list() == [2, 1]
    assert metrics.highlights(frame.head(0), WHOLE).height == 0


def test_reporting_record_per_year():
    o = fr.orgs([{"organisation_code": "A", "joined_on": fr.D(2022, 5, 1)}])
    s = fr.subs(
        [
            {"organisation_code": "A", "year": 2023, "version": 1, "review_status": "approved"},
            {"organisation_code": "A", "year": 2023, "version": 2, "review_status": "submitted"},
        ]
    )
    got = metrics.reporting_record(o, s, "A", (2021, 2022, 2023, 2024))
    expected = pl.DataFrame(
        {
            "year": [2021, 2022, 2023, 2024],
            "state": ["not_signed", "missing", "submitted", "missing"],
            "versions": [0, 0, 2, 0],
        }
    )
    assert_frame_equal(got, expected)


def test_goal_grids_can_be_limited_to_the_chosen_goals():
    frame = metrics.activities_in_period(fr.reports([{"goal": 3, "focus": "foreign"}]), WHOLE)
    grid = metrics.activities_per_goal(frame, (3,))
    assert grid["goal"].unique().to_list() == [3] and grid.height == 3
    dist = metrics.distribution(frame, "status", ("ongoing", "completed"), (2, 3))
    assert sorted(dist["goal"].unique().to_list()) == [2, 3]
