"""The board presentation: fixed sequence, findings in the titles, both languages."""

from __future__ import annotations

import pytest

from nap_data import queries, slides
from nap_data.filters import Filters


@pytest.fixture
def data(demo_engine):
    return slides.Data(
        queries.load_activities(demo_engine),
        queries.load_organisations(demo_engine),
        queries.load_submissions(demo_engine),
        queries.load_indicators(demo_engine),
        queries.load_indicator_values(demo_engine),
    )


def test_sequence_covers_overview_goals_focus_indicators_and_returns():
    assert slides.SEQUENCE == (
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


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_slide_has_a_finding_title_figures_and_a_chart(data, lang):
    f = Filters(year_to=2025)
    for key in slides.SEQUENCE:
        slide = slides.build(key, data, f, lang)
        assert "2025" in slide.title or key.startswith("goal_")
        assert any(ch.isdigit() for ch in slide.title), slide.title
        assert 1 <= len(slide.figures) <= 4
        assert slide.chart is not None


def test_overview_title_states_the_returns_received(data):
    from nap_data import metrics

    f = Filters(year_to=2024)
    k = metrics.key_figures(
        metrics.filter_activities(data.activities, f.with_year(2024)),
        data.organisations,
        data.submissions,
        2024,
    )
    title = slides.build("overview", data, f, "en").title
    assert f"{k['returns_received']} of {k['returns_expected']} signatories" in title


def test_filters_apply_to_slides(data):
    only_goal_3 = slides.build("overview", data, Filters(year_to=2025, goals=(3,)), "en")
    everything = slides.build("overview", data, Filters(year_to=2025), "en")
    assert only_goal_3.figures[1] != everything.figures[1]  # activities count differs


def test_empty_selection_gives_no_chart_instead_of_an_empty_one(data):
    slide = slides.build("goal_2", data, Filters(year_to=2025, countries=("IS",)), "en")
    assert slide.chart is None
