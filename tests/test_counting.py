"""The counting rules (nap_data.metrics.counting), each on a literal frame worked out by hand.

Every test here would fail under the counting the dashboard did before the rules:
one row per activity per year, whole budgets in every country, restated values
summed twice, sex-only values dropped, a leaving organisation still counted.
"""

from __future__ import annotations

import polars as pl
import pytest

from nap_data import metrics
from nap_data.filters import Filters
from tests import frames as fr

PERIOD = Filters(year_from=2021, year_to=2025)

# One activity (id 7) reported three years with a changing status, goal and budget; a
# second (id 8) reported once.
TWO_YEARS = fr.reports([
    {"activity_id": 7, "year": 2021, "goal": 1, "status": "planned", "progress": None,
     "focus": "national", "budget_eur": 100.0},
    {"activity_id": 7, "year": 2022, "goal": 1, "status": "ongoing", "progress": "limited",
     "focus": "both", "budget_eur": 250.0},
    {"activity_id": 7, "year": 2023, "goal": 2, "status": "completed", "progress": "met",
     "focus": "both", "budget_eur": None},
    {"activity_id": 8, "year": 2022, "goal": 3, "focus": "foreign", "budget_eur": 40.0},
])  # fmt: skip


def test_an_activity_reported_in_several_years_counts_once_with_its_latest_report():
    acts = metrics.activities_in_period(TWO_YEARS, PERIOD)
    assert acts.height == 2
    seven = acts.filter(pl.col("activity_id") == 7).row(0, named=True)
    assert (seven["goal"], seven["status"], seven["progress"], seven["focus"]) == (
        2, "completed", "met", "both",
    )  # fmt: skip
    assert seven["budget_eur"] == 350.0  # 100 + 250, the year without a budget adds nothing
    assert (seven["year"], seven["first_year"], seven["years"]) == (2023, 2021, 3)


def test_the_latest_report_is_the_latest_within_the_period():
    acts = metrics.activities_in_period(TWO_YEARS, Filters(year_from=2021, year_to=2022))
    seven = acts.filter(pl.col("activity_id") == 7).row(0, named=True)
    assert (seven["goal"], seven["status"], seven["budget_eur"]) == (1, "ongoing", 350.0)


def test_goal_and_status_filters_apply_to_the_latest_report():
    # Activity 7 was goal 1 in 2021-2022 but ends under goal 2: over the period it is goal 2.
    goal_1 = metrics.activities_in_period(TWO_YEARS, Filters(2021, 2025, goals=(1,)))
    goal_2 = metrics.activities_in_period(TWO_YEARS, Filters(2021, 2025, goals=(2,)))
    assert goal_1.height == 0 and goal_2["activity_id"].to_list() == [7]
    planned = metrics.activities_in_period(TWO_YEARS, Filters(2021, 2025, statuses=("planned",)))
    assert planned.height == 0  # it was planned once, but it is completed now


def test_per_goal_counts_distinct_activities_and_period_budgets():
    acts = metrics.activities_in_period(TWO_YEARS, PERIOD)
    per_goal = metrics.activities_per_goal(acts, (1, 2, 3))
    totals = per_goal.group_by("goal").agg(pl.col("activities", "budget_eur").sum()).sort("goal")
    assert totals.rows() == [(1, 0, 0.0), (2, 1, 350.0), (3, 1, 40.0)]


def test_a_per_year_count_counts_an_activity_in_every_year_it_was_reported():
    reported = metrics.reported_per_year(TWO_YEARS, (2021, 2022, 2023))
    per_year = reported.group_by("year").agg(pl.col("activities").sum()).sort("year")
    assert per_year.rows() == [(2021, 1), (2022, 2), (2023, 1)]


# Activity 1 lists three countries in 2023 and two in 2024 (it left Niger); activity 2 is
# national.
THREE_COUNTRIES = fr.reports([
    {"activity_id": 1, "year": 2023, "focus": "foreign", "countries": ["ML", "NE", "SN"],
     "budget_eur": 300.0},
    {"activity_id": 1, "year": 2024, "focus": "foreign", "countries": ["ML", "SN"],
     "budget_eur": 100.0},
    {"activity_id": 2, "year": 2024, "focus": "national", "budget_eur": 50.0},
    {"activity_id": 3, "year": 2024, "focus": "foreign", "countries": ["UA"],
     "budget_eur": 20.0},
])  # fmt: skip


def test_an_activity_counts_once_in_each_country_and_its_budget_is_attributed():
    countries = metrics.per_country(THREE_COUNTRIES).sort("country")
    assert countries.rows() == [
        ("ML", 1, 150.0),  # 300 / 3 in 2023 + 100 / 2 in 2024
        ("NE", 1, 100.0),  # 300 / 3 in 2023 only
        ("SN", 1, 150.0),
        ("UA", 1, 20.0),
    ]
    with_countries = 300.0 + 100.0 + 20.0  # the national activity lists no country
    assert countries["budget_eur"].sum() == pytest.approx(with_countries)


def test_an_activity_lists_the_countries_of_all_its_reports_in_the_period():
    acts = metrics.activities_in_period(THREE_COUNTRIES, Filters(2023, 2024))
    one = acts.filter(pl.col("activity_id") == 1).row(0, named=True)
    assert one["countries"] == ["ML", "NE", "SN"]


def test_a_region_filter_shows_only_that_regions_countries():
    # Western Africa holds Mali, Niger and Senegal, not Ukraine.
    f = Filters(2023, 2024, regions=("western_africa",))
    acts = metrics.activities_in_period(THREE_COUNTRIES, f)
    assert acts["activity_id"].to_list() == [1]
    f_niger = Filters(2023, 2024, countries=("NE",))
    shown = metrics.per_country(metrics.reports_of(THREE_COUNTRIES, acts, f_niger), f_niger.places)
    assert shown["country"].to_list() == ["NE"]
    region = metrics.per_country(metrics.reports_of(THREE_COUNTRIES, acts, f), f.places)
    assert sorted(region["country"].to_list()) == ["ML", "NE", "SN"]


def test_a_restated_value_replaces_the_earlier_one():
    # The 2024 return said 100 for 2024; the 2025 return restates 2024 as 130.
    vals = fr.values([
        {"indicator_code": "P1", "year": 2024, "reporting_year": 2024, "value": 100.0},
        {"indicator_code": "P1", "year": 2024, "reporting_year": 2025, "value": 130.0},
        {"indicator_code": "P1", "year": 2025, "reporting_year": 2025, "value": 40.0},
        {"indicator_code": "P1", "year": 2024, "reporting_year": 2024, "value": 5.0,
         "organisation_code": "B"},
    ])  # fmt: skip
    series = metrics.indicator_series(vals, fr.indicators([{"code": "P1"}]))
    totals = series.filter(pl.col("sex") == "total").select("year", "value", "organisations")
    assert totals.rows() == [(2024, 135.0, 2), (2025, 40.0, 1)]


def test_a_later_version_of_the_same_return_wins():
    vals = fr.values([
        {"indicator_code": "P1", "year": 2024, "version": 1, "value": 100.0},
        {"indicator_code": "P1", "year": 2024, "version": 2, "value": 90.0},
    ])  # fmt: skip
    assert metrics.latest_values(vals)["value"].to_list() == [90.0]


def test_an_organisation_reporting_only_by_sex_counts_with_the_sum_of_its_rows():
    vals = fr.values([
        {"indicator_code": "P1", "organisation_code": "A", "sex": "female", "value": 30.0},
        {"indicator_code": "P1", "organisation_code": "A", "sex": "male", "value": 10.0},
        {"indicator_code": "P1", "organisation_code": "B", "sex": "female", "value": 6.0},
        {"indicator_code": "P1", "organisation_code": "B", "sex": "male", "value": 4.0},
        {"indicator_code": "P1", "organisation_code": "B", "sex": "total", "value": 11.0},
    ])  # fmt: skip
    series = metrics.indicator_series(vals, fr.indicators([{"code": "P1"}])).sort("sex")
    # B's reported total (11) stands; A has none, so its rows add up to 40.
    assert series.select("sex", "value", "organisations").rows() == [
        ("female", 36.0, 2), ("male", 14.0, 2), ("total", 51.0, 2),
    ]  # fmt: skip


def test_a_ratio_from_sex_rows_is_recomputed_from_the_summed_counts():
    vals = fr.values([
        {"indicator_code": "R", "sex": "female", "value": 50.0, "numerator": 1.0,
         "denominator": 2.0},
        {"indicator_code": "R", "sex": "male", "value": 25.0, "numerator": 2.0,
         "denominator": 8.0},
    ])  # fmt: skip
    inds = fr.indicators([{"code": "R", "unit": "percent", "aggregation": "ratio"}])
    total = metrics.indicator_series(vals, inds).filter(pl.col("sex") == "total").row(0, named=True)
    assert (total["value"], total["numerator"], total["denominator"]) == (30.0, 3.0, 10.0)


@pytest.mark.parametrize(
    ("left_on", "counted_in_2024", "counted_in_2023"),
    [
        (None, True, True),
        (fr.D(2024, 1, 1), False, True),  # left on 1 January: no longer a signatory of 2024
        (fr.D(2024, 12, 31), False, True),  # left on 31 December: left on or before it
        (fr.D(2025, 1, 1), True, True),
    ],
)
def test_signatories_of_a_year_joined_by_31_december_and_not_left_by_then(
    left_on, counted_in_2024, counted_in_2023
):
    orgs = fr.orgs([{"organisation_code": "A", "joined_on": fr.D(2021, 6, 1), "left_on": left_on}])
    assert (metrics.signatories_at(orgs, 2024).height == 1) is counted_in_2024
    assert (metrics.signatories_at(orgs, 2023).height == 1) is counted_in_2023


def test_joining_on_31_december_counts_for_that_year():
    orgs = fr.orgs([{"organisation_code": "A", "joined_on": fr.D(2023, 12, 31)}])
    assert metrics.signatories_at(orgs, 2023).height == 1
    assert metrics.signatories_at(orgs, 2022).height == 0


def test_signatory_growth_counts_those_that_left_during_the_year_out():
    orgs = fr.orgs([
        {"organisation_code": "A", "joined_on": fr.D(2020, 1, 1)},
        {"organisation_code": "B", "joined_on": fr.D(2020, 1, 1), "left_on": fr.D(2022, 5, 1)},
        {"organisation_code": "C", "joined_on": fr.D(2022, 3, 1)},
    ])  # fmt: skip
    growth = metrics.signatory_growth(orgs, (2021, 2022))
    assert growth.rows() == [(2021, 2, 0, 0), (2022, 2, 1, 1)]


def test_share_abroad_is_foreign_and_both_over_all_activities():
    acts = metrics.activities_in_period(TWO_YEARS, PERIOD)  # "both" and "foreign"
    assert metrics.share_abroad(acts) == 1.0
    acts = metrics.activities_in_period(THREE_COUNTRIES, Filters(2023, 2024))
    assert metrics.share_abroad(acts) == pytest.approx(2 / 3)
    assert metrics.share_abroad(acts.clear()) is None


def test_returns_received_counts_signatories_with_a_version_in_scope():
    orgs = fr.orgs([{"organisation_code": c} for c in ("A", "B", "C")])
    subs = fr.subs([
        {"organisation_code": "A", "year": 2024, "review_status": "approved"},
        {"organisation_code": "B", "year": 2024, "review_status": "submitted"},
        {"organisation_code": "C", "year": 2024, "review_status": "returned"},
    ])  # fmt: skip
    assert metrics.returns_received(orgs, subs, 2024, "submitted") == 2
    assert metrics.returns_received(orgs, subs, 2024, "approved") == 1


def test_a_rate_reported_only_by_sex_gets_no_summed_total():
    # 10 and 14 per 100,000 do not make 24 per 100,000: without counts there is no total.
    vals = fr.values([
        {"indicator_code": "RATE", "sex": "female", "value": 10.0},
        {"indicator_code": "RATE", "sex": "male", "value": 14.0},
        {"indicator_code": "RATE", "organisation_code": "B", "sex": "total", "value": 12.0},
    ])  # fmt: skip
    inds = fr.indicators([{"code": "RATE", "unit": "rate", "aggregation": "mean"}])
    series = metrics.indicator_series(vals, inds).sort("sex")
    assert series.select("sex", "value", "organisations").rows() == [
        ("female", 10.0, 1), ("male", 14.0, 1), ("total", 12.0, 1),
    ]  # fmt: skip


def test_a_ratio_rests_only_on_organisations_that_gave_a_denominator():
    vals = fr.values([
        {"indicator_code": "R", "organisation_code": "A", "value": 40.0},
        {"indicator_code": "R", "organisation_code": "B", "value": 25.0, "numerator": 1.0,
         "denominator": 4.0},
    ])  # fmt: skip
    inds = fr.indicators([{"code": "R", "unit": "percent", "aggregation": "ratio"}])
    total = metrics.indicator_series(vals, inds).row(0, named=True)
    assert (total["value"], total["organisations"]) == (25.0, 1)
