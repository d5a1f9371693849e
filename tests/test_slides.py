"""The board presentation: fixed sequence, findings in the titles, both languages."""

from __future__ import annotations

import pytest

from nap_data import metrics, queries, slides
from nap_data.filters import Filters
from tests import frames as fr


@pytest.fixture
def data(demo_engine):
    return slides.Data(
        queries.load_plan(demo_engine),
        queries.load_activities(demo_engine),
        queries.load_organisations(demo_engine),
        queries.load_submissions(demo_engine),
        queries.load_indicators(demo_engine),
        queries.load_indicator_values(demo_engine),
    )


def until(data: slides.Data, year: int, **chosen) -> Filters:
    return Filters(data.plan.start_year, year, **chosen)


def test_sequence_covers_overview_goals_focus_indicators_and_returns():
    assert slides.sequence(fr.PLAN) == (
        "overview",
        "goal_1",
        "goal_2",
        "goal_3",
        "goal_4",
        "goal_5",
        "national_foreign",
        "indicators",
        "returns",
    )
    four = slides.sequence(fr.FOUR_GOALS)
    assert four[1:5] == ("goal_1", "goal_2", "goal_3", "goal_4") and len(four) == 8


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_slide_has_a_finding_title_figures_and_a_chart(data, lang):
    f = until(data, 2025)
    for key in slides.sequence(data.plan):
        slide = slides.build(key, data, f, lang)
        assert "2025" in slide.title or key.startswith("goal_")
        assert any(ch.isdigit() for ch in slide.title), slide.title
        assert 1 <= len(slide.figures) <= 4
        assert slide.chart is not None


def test_overview_title_states_the_returns_received(data):
    f = until(data, 2024)
    k = metrics.key_figures(
        metrics.activities_in_period(data.activities, f.with_year(2024)),
        data.organisations,
        data.submissions,
        2024,
        f.scope,
    )
    title = slides.build("overview", data, f, "en").title
    assert f"{k['returns_received']} of {k['returns_expected']} signatories" in title


def test_filters_apply_to_slides(data):
    only_goal_3 = slides.build("overview", data, until(data, 2025, goals=(3,)), "en")
    everything = slides.build("overview", data, until(data, 2025), "en")
    assert only_goal_3.figures[1] != everything.figures[1]  # activities count differs


def test_empty_selection_gives_no_chart_instead_of_an_empty_one(data):
    slide = slides.build("goal_2", data, until(data, 2025, countries=("IS",)), "en")
    assert slide.chart is None


def _four_goal_data() -> slides.Data:
    reports = fr.reports(
        [
            {"year": 2030, "goal": 4, "focus": "foreign", "countries": ["ML"], "budget_eur": 9.0},
            {"year": 2030, "goal": 1, "focus": "national", "budget_eur": 1.0},
        ]
    )
    orgs = fr.orgs([{"organisation_code": "A", "joined_on": fr.D(2028, 1, 1)}])
    subs = fr.subs([{"organisation_code": "A", "year": 2030}])
    return slides.Data(fr.FOUR_GOALS, reports, orgs, subs, fr.indicators([]), fr.values([]))


def test_slides_of_a_four_goal_plan_show_its_goals():
    data, f = _four_goal_data(), Filters(2028, 2030)
    overview = slides.build("overview", data, f, "en")
    goals = ["1. Goal 1", "2. Goal 2", "3. Goal 3", "4. Goal 4"]
    assert overview.chart.to_dict()["encoding"]["y"]["sort"] == goals
    goal_4 = slides.build("goal_4", data, f, "en")
    assert "4. Goal 4" in goal_4.title and goal_4.chart is not None  # Mali
    assert slides.build("goal_2", data, f, "en").chart is None  # nothing under goal 2
