"""nap_data.metrics against small literal frames whose results were computed by hand.

The frames come from tests/frames.py; the rules themselves (latest report, attributed
budgets, rule 4 and 5) are tested in tests/test_counting.py.
"""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from nap_data import metrics
from nap_data import queries as q
from nap_data.filters import Filters
from nap_data.vocab import DataScope
from tests import frames as fr

D, TS = fr.D, fr.TS
WHOLE = Filters.whole_plan(fr.PLAN)
GOALS = fr.PLAN.goal_numbers


def acts(rows: list[dict], f: Filters = WHOLE) -> pl.DataFrame:
    """The period's activities (one per activity) of reports that each are a new activity."""
    return metrics.activities_in_period(fr.reports(rows), f)


# ---------------------------------------------------------------- filters
BASE = fr.reports([
    {"year": 2021, "goal": 1, "focus": "national", "organisation_code": "A", "status": "planned"},
    {"year": 2022, "goal": 2, "focus": "foreign", "organisation_code": "B",
     "organisation_type": "ministry", "countries": ["ML", "NE"], "progress": "limited"},
    {"year": 2023, "goal": 2, "focus": "both", "organisation_code": "B",
     "organisation_type": "ministry", "countries": ["SD"], "status": "completed"},
    {"year": 2024, "goal": 5, "focus": "foreign", "organisation_code": "C", "countries": ["NE"],
     "progress": "exceeded"},
])  # fmt: skip
P = Filters(2021, 2027)


@pytest.mark.parametrize(
    ("f", "expected_ids"),
    [(P, [1, 2, 3, 4]), (Filters(2022, 2023), [2, 3]), (Filters(2024, 2024), [4]),
     (Filters(2021, 2027, goals=(2,)), [2, 3]), (Filters(2021, 2027, goals=(1, 5)), [1, 4]),
     (Filters(2021, 2027, focus=("foreign",)), [2, 4]),
     (Filters(2021, 2027, org_types=("ministry",)), [2, 3]),
     (Filters(2021, 2027, organisations=("C",)), [4]),
     (Filters(2021, 2027, statuses=("planned", "completed")), [1, 3]),
     (Filters(2021, 2027, progress=("exceeded", "limited")), [2, 4]),
     (Filters(2021, 2027, countries=("NE",)), [2, 4]),
     (Filters(2021, 2027, countries=("ML", "SD")), [2, 3]),
     (Filters(2021, 2027, countries=("AF",)), []),
     (Filters(2021, 2027, goals=(2,), focus=("both",)), [3]),
     (Filters(2021, 2022, countries=("NE",)), [2])],
)  # fmt: skip
def test_activities_in_period_keeps_activities_matching_every_chosen_field(f, expected_ids):
    result = metrics.activities_in_period(BASE, f)
    assert result["activity_id"].to_list() == expected_ids
    # An activity reported once is that report, with its year counted once.
    kept = BASE.filter(pl.col("activity_id").is_in(expected_ids))
    assert_frame_equal(result.select(BASE.columns), kept)
    assert result["years"].to_list() == [1] * len(expected_ids)


def test_activities_in_period_empty_and_single_row():
    empty = acts([], Filters(2021, 2027, goals=(1,)))
    assert empty.height == 0
    one = acts([{"goal": 3, "countries": ["AF"]}], Filters(2021, 2027, countries=("AF",)))
    assert one.schema == empty.schema
    assert one.select("activity_id", "goal", "countries").rows() == [(1, 3, ["AF"])]
    assert acts([{"goal": 3}], Filters(2021, 2027, goals=(1,))).height == 0


def test_filter_values_by_year_range_and_organisation():
    v = fr.values(
        [
            {"value_id": 1, "year": 2021, "organisation_code": "A"},
            {"value_id": 2, "year": 2022, "organisation_code": "B"},
            {"value_id": 3, "year": 2023, "organisation_code": "A"},
        ]
    )
    f = Filters(2022, 2023)
    assert metrics.filter_values(v, f)["value_id"].to_list() == [2, 3]
    only_a = Filters(2021, 2027, organisations=("A",))
    assert metrics.filter_values(v, only_a)["value_id"].to_list() == [1, 3]
    assert metrics.filter_values(fr.values([]), f).height == 0


# ---------------------------------------------------------------- per goal
def _goal_grid(
    cells: dict[tuple[int, str], tuple[int, float]], goals: tuple[int, ...] = GOALS
) -> pl.DataFrame:
    rows = [
        (g, f, *cells.get((g, f), (0, 0.0))) for g in goals for f in ("national", "foreign", "both")
    ]
    schema = {
        "goal": pl.Int64,
        "focus": pl.String,
        "activities": pl.Int64,
        "budget_eur": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


@pytest.mark.parametrize(
    ("rows", "cells"),
    [
        ([], {}),
        ([{"goal": 4, "focus": "both", "budget_eur": 7.5}], {(4, "both"): (1, 7.5)}),
        ([{"goal": 3, "focus": "both", "budget_eur": 100.0},
          {"goal": 1, "focus": "foreign", "budget_eur": 20.0},
          {"goal": 3, "focus": "both", "budget_eur": None},
          {"goal": 3, "focus": "national", "budget_eur": 5.0}],
         {(1, "foreign"): (1, 20.0), (3, "national"): (1, 5.0), (3, "both"): (2, 100.0)}),
    ],
)  # fmt: skip
def test_activities_per_goal_is_zero_filled_grid_in_goal_then_focus_order(rows, cells):
    assert_frame_equal(metrics.activities_per_goal(acts(rows), GOALS), _goal_grid(cells))


def test_activities_per_goal_grid_has_the_plans_goals_in_plan_order():
    four = fr.FOUR_GOALS
    rows = [{"year": 2030, "goal": 4, "focus": "foreign", "budget_eur": 3.0}]
    per_goal = metrics.activities_per_goal(acts(rows, Filters.whole_plan(four)), four.goal_numbers)
    assert_frame_equal(per_goal, _goal_grid({(4, "foreign"): (1, 3.0)}, (1, 2, 3, 4)))


# ---------------------------------------------------------------- register and returns
def test_signatories_at_gives_register_rows_sorted_by_code_and_handles_empty():
    register = fr.orgs([{"organisation_code": c} for c in ("C", "A", "B")])
    assert_frame_equal(metrics.signatories_at(register, 2023), register.sort("organisation_code"))
    assert_frame_equal(metrics.signatories_at(fr.orgs([]), 2023), fr.orgs([]))
    assert metrics.signatories_at(register, 2019).height == 0  # all joined in 2020


STATUS_SCHEMA = {
    "organisation_code": pl.String, "organisation_name": pl.String, "organisation_type": pl.String,
    "version": pl.Int64, "created_at": pl.Datetime("us"), "versions": pl.Int64, "state": pl.String,
}  # fmt: skip
SUBS = fr.subs([
    {"organisation_code": "A", "version": 2, "review_status": "returned"},
    {"organisation_code": "A", "version": 3, "review_status": "approved",
     "created_at": TS.replace(day=9)},
    {"organisation_code": "A", "version": 1, "review_status": "submitted"},
    {"organisation_code": "B", "version": 1, "review_status": "submitted"},
    {"organisation_code": "B", "version": 2, "review_status": "approved", "year": 2022},
    {"organisation_code": "D", "version": 1, "review_status": "returned"},
    {"organisation_code": "X", "version": 1, "review_status": "approved"},
])  # fmt: skip


def test_returns_status_newest_version_wins_and_signatories_without_return_are_missing():
    register = fr.orgs(
        [{"organisation_code": c} for c in ("D", "C", "B", "A")]
        + [{"organisation_code": "E", "joined_on": D(2024, 2, 1)}]
    )
    expected = pl.DataFrame(
        [
            ("A", "Org A", "cso", 3, TS.replace(day=9), 3, "approved"),
            ("B", "Org B", "cso", 1, TS, 1, "submitted"),
            ("C", "Org C", "cso", None, None, 0, "missing"),
            ("D", "Org D", "cso", 1, TS, 1, "returned"),
        ],
        schema=STATUS_SCHEMA,
        orient="row",
    )
    assert_frame_equal(metrics.returns_status(register, SUBS, 2023), expected)


def test_returns_status_empty_and_single_row():
    assert_frame_equal(
        metrics.returns_status(fr.orgs([]), fr.subs([]), 2023), pl.DataFrame(schema=STATUS_SCHEMA)
    )
    one = metrics.returns_status(fr.orgs([{"organisation_code": "C"}]), fr.subs([]), 2023)
    expected = pl.DataFrame(
        [("C", "Org C", "cso", None, None, 0, "missing")], schema=STATUS_SCHEMA, orient="row"
    )
    assert_frame_equal(one, expected)


@pytest.mark.parametrize(
    ("states", "counts"),
    [([], [0, 0, 0, 0]), (["returned"], [0, 0, 1, 0]),
     (["missing", "approved", "missing", "submitted", "approved", "missing"], [2, 1, 0, 3])],
)  # fmt: skip
def test_returns_summary_lists_every_state_in_fixed_order(states, counts):
    status = pl.DataFrame({"state": states}, schema={"state": pl.String})
    expected = pl.DataFrame(
        {"state": ["approved", "submitted", "returned", "missing"], "organisations": counts},
        schema={"state": pl.String, "organisations": pl.Int64},
    )
    assert_frame_equal(metrics.returns_summary(status), expected)


# ---------------------------------------------------------------- key figures
KEYS = (
    "signatories",
    "returns_received",
    "returns_expected",
    "activities",
    "organisations_active",
    "budget_eur",
    "share_abroad",
)
FOUR_ACTS = [
    {"organisation_code": "A", "focus": "national", "budget_eur": 100.0},
    {"organisation_code": "A", "focus": "foreign", "budget_eur": 200.0},
    {"organisation_code": "B", "focus": "both", "budget_eur": None},
    {"organisation_code": "B", "focus": "national", "budget_eur": 300.0},
]
SUBMITTED, APPROVED = DataScope.SUBMITTED_AND_APPROVED, DataScope.APPROVED_ONLY


@pytest.mark.parametrize(
    ("rows", "codes", "scope", "numbers"),
    [
        (FOUR_ACTS, "ABCD", SUBMITTED, (4, 2, 4, 4, 2, 600.0, 0.5)),
        # B's only approved return is for 2022: with approved returns only, A has reported.
        (FOUR_ACTS, "ABCD", APPROVED, (4, 1, 4, 4, 2, 600.0, 0.5)),
        ([], "", SUBMITTED, (0, 0, 0, 0, 0, 0.0, None)),  # no share abroad without activities
        ([{"focus": "both", "budget_eur": 12.5}], "C", SUBMITTED, (1, 0, 1, 1, 1, 12.5, 1.0)),
    ],
)
def test_key_figures_headline_numbers(rows, codes, scope, numbers):
    register = fr.orgs([{"organisation_code": c} for c in codes])
    year = Filters(2023, 2023)
    assert metrics.key_figures(acts(rows, year), register, SUBS, 2023, scope) == {
        "year": 2023,
        **dict(zip(KEYS, numbers, strict=True)),
    }


# ---------------------------------------------------------------- per organisation
PER_ORG_SCHEMA = {
    "organisation_code": pl.String, "organisation_name": pl.String, "organisation_type": pl.String,
    "activities": pl.Int64, "budget_eur": pl.Float64, "goals": pl.List(pl.Int64),
}  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], []),
        ([{"organisation_code": "C", "goal": 2, "budget_eur": 4.0}],
         [("C", "Org C", "cso", 1, 4.0, [2])]),
        (
            [{"organisation_code": "E", "goal": 2, "budget_eur": 1.0},
             {"organisation_code": "B", "goal": 3, "budget_eur": 1.0},
             {"organisation_code": "C", "goal": 5, "budget_eur": 2.0},
             {"organisation_code": "B", "goal": 1, "budget_eur": 3.0},
             {"organisation_code": "D", "goal": 4, "budget_eur": None},
             {"organisation_code": "A", "goal": 1, "budget_eur": 6.0},
             {"organisation_code": "B", "goal": 3, "budget_eur": 5.0}],
            [("B", "Org B", "cso", 3, 9.0, [1, 3]), ("A", "Org A", "cso", 1, 6.0, [1]),
             ("C", "Org C", "cso", 1, 2.0, [5]), ("D", "Org D", "cso", 1, 0.0, [4]),
             ("E", "Org E", "cso", 1, 1.0, [2])],
        ),
    ],
)  # fmt: skip
def test_activities_per_organisation_sorted_by_count_then_code(rows, expected):
    rows = [{**r, "organisation_name": f"Org {r['organisation_code']}"} for r in rows]
    result = metrics.activities_per_organisation(acts(rows))
    assert_frame_equal(result, pl.DataFrame(expected, schema=PER_ORG_SCHEMA, orient="row"))


@pytest.mark.parametrize(
    ("codes", "act_codes", "counts"),
    [([], ["A"], []), (["A"], [], [0]), (["C", "A", "B"], ["C", "A", "C", "Z"], [1, 0, 2])],
)
def test_register_with_activity_counts_activities_with_zero_for_none(codes, act_codes, counts):
    register = fr.orgs([{"organisation_code": c} for c in codes])
    result = metrics.register_with_activity(
        register, acts([{"organisation_code": c} for c in act_codes])
    )
    expected = register.sort("organisation_code").with_columns(
        activities=pl.Series(counts, dtype=pl.Int64)
    )
    assert_frame_equal(result, expected)


# ---------------------------------------------------------------- distributions
STATUSES = ("planned", "ongoing", "completed", "cancelled")


@pytest.mark.parametrize(
    ("rows", "cells"),
    [
        ([], {}),
        ([{"goal": 5, "status": "cancelled"}], {(5, "cancelled"): 1}),
        ([{"goal": 2, "status": "planned"}, {"goal": 2, "status": "planned"},
          {"goal": 1, "status": "completed"}, {"goal": 1, "status": None},
          {"goal": 1, "status": "unknown"}],
         {(2, "planned"): 2, (1, "completed"): 1}),
    ],
)  # fmt: skip
def test_distribution_zero_filled_in_category_order_not_alphabetical(rows, cells):
    expected = pl.DataFrame(
        [(g, s, cells.get((g, s), 0)) for g in GOALS for s in STATUSES],
        schema={"goal": pl.Int64, "status": pl.String, "activities": pl.Int64},
        orient="row",
    )
    assert_frame_equal(metrics.distribution(acts(rows), "status", STATUSES, GOALS), expected)


COUNTRY_SCHEMA = {"country": pl.String, "activities": pl.Int64, "budget_eur": pl.Float64}
SPREAD = [
    {"countries": ["ML", "NE"], "budget_eur": 100.0},
    {"countries": ["NE"], "budget_eur": 50.0},
    {"countries": ["BI"], "budget_eur": 20.0},
    {"countries": ["AF"], "budget_eur": 10.0},
]
NO_COUNTRY = [{"countries": [], "budget_eur": 999.0}, {"countries": None, "budget_eur": 99.0}]


@pytest.mark.parametrize(
    ("rows", "n", "expected"),
    [
        ([], 10, []),
        ([{"countries": ["NE", "ML"], "budget_eur": 3.0}], 10, [("ML", 1, 1.5), ("NE", 1, 1.5)]),
        (SPREAD + NO_COUNTRY, 10,
         [("NE", 2, 100.0), ("AF", 1, 10.0), ("BI", 1, 20.0), ("ML", 1, 50.0)]),
        (SPREAD, 2, [("NE", 2, 100.0), ("AF", 1, 10.0)]),
    ],
)  # fmt: skip
def test_per_country_counts_each_country_of_an_activity_and_breaks_ties_by_code(rows, n, expected):
    result = metrics.per_country(fr.reports(rows), n=n)
    assert_frame_equal(result, pl.DataFrame(expected, schema=COUNTRY_SCHEMA, orient="row"))


GROWTH_SCHEMA = {"year": pl.Int64, "signatories": pl.Int64, "joined": pl.Int64, "left": pl.Int64}


@pytest.mark.parametrize(
    ("rows", "years", "expected"),
    [
        ([], (2021, 2022), [(2021, 0, 0, 0), (2022, 0, 0, 0)]),
        ([{"organisation_code": "A", "joined_on": D(2022, 3, 1)}], (2021, 2022),
         [(2021, 0, 0, 0), (2022, 1, 1, 0)]),
        ([{"organisation_code": "A", "joined_on": D(2020, 3, 1), "left_on": D(2023, 5, 1)},
          {"organisation_code": "B", "joined_on": D(2021, 6, 1)},
          {"organisation_code": "C", "joined_on": D(2021, 9, 1)}],
         (2021, 2022, 2023), [(2021, 3, 2, 0), (2022, 3, 0, 0), (2023, 2, 0, 1)]),
        ([{"organisation_code": "A"}], (), []),
    ],
)  # fmt: skip
def test_signatory_growth_signatories_at_year_end_and_joined_and_left_in_year(
    rows, years, expected
):
    result = metrics.signatory_growth(fr.orgs(rows), years)
    assert_frame_equal(result, pl.DataFrame(expected, schema=GROWTH_SCHEMA, orient="row"))


def test_signatory_growth_changes_by_those_who_joined_minus_those_who_left():
    register = fr.orgs([
        {"organisation_code": "A", "joined_on": D(2021, 1, 1), "left_on": D(2023, 12, 31)},
        {"organisation_code": "B", "joined_on": D(2022, 12, 31), "left_on": D(2024, 1, 1)},
        {"organisation_code": "C", "joined_on": D(2022, 2, 1), "left_on": D(2022, 11, 1)},
        {"organisation_code": "D", "joined_on": D(2023, 6, 1)},
    ])  # fmt: skip
    growth = metrics.signatory_growth(register, (2020, 2021, 2022, 2023, 2024))
    before = growth["signatories"].shift(1, fill_value=0)
    assert (growth["signatories"] == before + growth["joined"] - growth["left"]).all()
    assert growth["signatories"].to_list() == [0, 1, 2, 2, 1]


COVERAGE_SCHEMA = {"organisation_code": pl.String, "goal": pl.Int64, "activities": pl.Int64}


@pytest.mark.parametrize(
    ("cells", "expected"),
    [([], []), ([("B", 3)], [("B", 3, 1)]),
     ([("B", 5), ("A", 2), ("A", 1), ("A", 2)], [("A", 1, 1), ("A", 2, 2), ("B", 5, 1)])],
)  # fmt: skip
def test_coverage_matrix_counts_only_non_zero_cells_sorted(cells, expected):
    a = acts([{"organisation_code": o, "goal": g} for o, g in cells])
    result = metrics.coverage_matrix(a)
    assert result["organisation_name"].to_list() == [f"Org {o}" for o, _g, _n in expected]
    assert_frame_equal(
        result.drop("organisation_name"),
        pl.DataFrame(expected, schema=COVERAGE_SCHEMA, orient="row"),
    )


# ---------------------------------------------------------------- indicators
SERIES_SCHEMA = {
    "indicator_code": pl.String, "year": pl.Int64, "sex": pl.String, "value": pl.Float64,
    "numerator": pl.Float64, "denominator": pl.Float64, "organisations": pl.Int64,
}  # fmt: skip
RULES = fr.indicators(
    [
        {"code": "I-SUM", "aggregation": "sum"},
        {"code": "I-MEAN", "aggregation": "mean"},
        {"code": "I-RATIO", "aggregation": "ratio"},
    ]
)


def _ratio(org: str, numerator: float, denominator: float, **more) -> dict:
    ratio = {"indicator_code": "I-RATIO", "numerator": numerator, "denominator": denominator}
    return {**ratio, "organisation_code": org, **more}


def test_indicator_series_aggregates_by_rule_and_keeps_sexes_apart():
    v = fr.values(
        [
            {"indicator_code": "I-SUM", "organisation_code": "A", "value": 10.0},
            {"indicator_code": "I-SUM", "organisation_code": "B", "value": 5.0},
            {"indicator_code": "I-SUM", "organisation_code": "A", "value": 6.0, "sex": "female"},
            {"indicator_code": "I-SUM", "organisation_code": "A", "value": 4.0, "year": 2023},
            {"indicator_code": "I-MEAN", "organisation_code": "A", "value": 10.0},
            {"indicator_code": "I-MEAN", "organisation_code": "B", "value": 20.0},
            {"indicator_code": "I-MEAN", "organisation_code": "C", "value": 60.0},
            _ratio("A", 3.0, 10.0),
            _ratio("B", 1.0, 30.0),
            _ratio("A", 2.0, 5.0, sex="female"),
            _ratio("A", 1.0, 5.0, sex="male"),
            {"indicator_code": "UNKNOWN", "organisation_code": "A", "value": 99.0},
        ]
    )
    expected = pl.DataFrame(
        [
            ("I-MEAN", 2022, "total", (10 + 20 + 60) / 3, None, None, 3),
            ("I-RATIO", 2022, "female", 100 * 2 / 5, 2.0, 5.0, 1),
            ("I-RATIO", 2022, "male", 100 * 1 / 5, 1.0, 5.0, 1),
            ("I-RATIO", 2022, "total", 100 * (3 + 1) / (10 + 30), 4.0, 40.0, 2),  # not mean of %
            ("I-SUM", 2022, "female", 6.0, None, None, 1),
            ("I-SUM", 2022, "total", 10.0 + 5.0, None, None, 2),
            ("I-SUM", 2023, "total", 4.0, None, None, 1),
        ],
        schema=SERIES_SCHEMA,
        orient="row",
    )
    assert_frame_equal(metrics.indicator_series(v, RULES), expected)


def test_indicator_series_empty_and_single_row():
    assert_frame_equal(
        metrics.indicator_series(fr.values([]), RULES), pl.DataFrame(schema=SERIES_SCHEMA)
    )
    one = fr.values([{"indicator_code": "I-MEAN", "organisation_code": "A", "value": 7.0}])
    expected = pl.DataFrame(
        [("I-MEAN", 2022, "total", 7.0, None, None, 1)], schema=SERIES_SCHEMA, orient="row"
    )
    assert_frame_equal(metrics.indicator_series(one, RULES), expected)


def test_indicator_series_ratio_without_denominator_has_no_value_and_no_status():
    v = fr.values(
        [
            _ratio("A", 0.0, 0.0),
            _ratio("A", 3.0, 0.0, year=2023),
            _ratio("A", 1.0, 4.0, sex="female"),
        ]
    )
    series = metrics.indicator_series(v, RULES)
    assert series["value"].to_list() == [25.0, None, None]  # not NaN (0/0) or inf (3/0)
    status = metrics.indicator_status(series, RULES, 2023).filter(pl.col("code") == "I-RATIO")
    assert status["state"].to_list() == ["no_data"]  # NaN used to compare as "achieved"


def _series(points: list[tuple[int, str, float]], code: str = "X") -> pl.DataFrame:
    rows = [(code, y, s, v, None, None, 1) for y, s, v in points]
    return pl.DataFrame(rows, schema=SERIES_SCHEMA, orient="row")


# (indicator overrides, series points, year, state, expected value on the straight line)
# Default indicator: increase, baseline 10 in 2020, target 80 in 2027 -> line +10 a year.
DOWN = {"direction": "decrease", "baseline": 100.0, "target": 30.0}  # line -10 a year
T = "total"
STATUS_CASES = {
    "achieved": ({}, [(2023, T, 80.0)], 2023, "achieved", 10 + (80 - 10) * 3 / 7),
    "on_track_exactly_on_line": ({}, [(2023, T, 40.0)], 2023, "on_track", 40.0),
    "off_track_just_below_line": ({}, [(2023, T, 39.0)], 2023, "off_track", 40.0),
    "latest_up_to_year_wins": (
        {}, [(2021, T, 70.0), (2022, T, 20.0), (2025, T, 90.0), (2022, "female", 75.0)], 2022,
        "off_track", 10 + 70 * 2 / 7,
    ),
    "older_value_uses_its_own_year": ({}, [(2021, T, 21.0)], 2024, "on_track", 20.0),
    "line_clipped_at_target_after_target_year": ({}, [(2029, T, 79.0)], 2029, "off_track", 80.0),
    "decrease_achieved": (DOWN, [(2023, T, 30.0)], 2023, "achieved", 70.0),
    "decrease_on_track": (DOWN, [(2023, T, 65.0)], 2023, "on_track", 100 - (100 - 30) * 3 / 7),
    "decrease_off_track": (DOWN, [(2023, T, 75.0)], 2023, "off_track", 70.0),
    "no_data_without_values": ({}, [], 2023, "no_data", None),
    "no_data_with_only_later_values": ({}, [(2024, T, 50.0)], 2023, "no_data", None),
    "no_data_with_only_sex_values": (
        {}, [(2023, "female", 50.0), (2023, "male", 50.0)], 2023, "no_data", None,
    ),
    "no_data_without_baseline": ({"baseline": None}, [(2023, T, 50.0)], 2023, "no_data", None),
    "no_data_without_target": ({"target": None}, [(2023, T, 50.0)], 2023, "no_data", None),
    "no_data_with_zero_span": ({"target_year": 2020}, [(2023, T, 50.0)], 2023, "no_data", None),
    "no_data_without_baseline_year": (
        {"baseline_year": None}, [(2023, T, 20.0)], 2023, "no_data", None,
    ),
    "no_data_without_target_year": (
        {"target_year": None}, [(2023, T, 90.0)], 2023, "no_data", None,
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("overrides", "points", "year", "state", "line"),
    list(STATUS_CASES.values()),
    ids=list(STATUS_CASES),
)
def test_indicator_status_by_documented_rule(overrides, points, year, state, line):
    indicator = fr.indicators([{"code": "X", **overrides}])
    result = metrics.indicator_status(_series(points), indicator, year)
    assert result["state"].to_list() == [state]
    assert result["expected"].to_list() == [pytest.approx(line) if line is not None else None]


def test_indicator_status_frame_sorted_by_code_with_latest_point():
    indicators = fr.indicators(
        [{"code": "B"}, {"code": "A", "direction": "decrease", "baseline": 50.0, "target": 10.0}]
    )
    series = pl.concat(
        [
            _series([(2022, "total", 25.0), (2024, "total", 5.0)], "A"),
            _series([(2021, "total", 30.0)], "B"),
        ]
    )
    result = metrics.indicator_status(series, indicators, 2023)
    expected = pl.DataFrame(
        {
            "code": ["A", "B"],
            "latest_year": [2022, 2021],
            "latest_value": [25.0, 30.0],
            "expected": [50 - 40 * 2 / 7, 10 + 70 * 1 / 7],
            "state": ["on_track", "on_track"],
        },
    )
    assert_frame_equal(result.select(expected.columns), expected)
    assert result.columns[: len(q.INDICATOR_SCHEMA)] == list(q.INDICATOR_SCHEMA)


def test_indicator_status_empty_inputs():
    assert metrics.indicator_status(_series([]), fr.indicators([]), 2023).height == 0
    two = fr.indicators([{"code": "X"}, {"code": "Y"}])
    result = metrics.indicator_status(_series([]), two, 2023)
    assert result["state"].to_list() == ["no_data", "no_data"]


@pytest.mark.parametrize(
    ("states", "counts"),
    [([], [0, 0, 0, 0]), (["no_data", "achieved", "no_data", "off_track"], [1, 0, 1, 2])],
)
def test_status_counts_lists_every_indicator_state_in_fixed_order(states, counts):
    status = pl.DataFrame({"state": states}, schema={"state": pl.String})
    expected = pl.DataFrame(
        {"state": list(metrics.INDICATOR_STATES), "indicators": counts},
        schema={"state": pl.String, "indicators": pl.Int64},
    )
    assert_frame_equal(metrics.status_counts(status), expected)
