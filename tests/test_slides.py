"""The board presentation: one finding per slide, its evidence agreeing with it, both languages.

Numbers are checked against `metrics.figures` (what `python -m nap_data figures` prints) and
against the metrics module; titles, cards and charts against each other.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import polars as pl
import pytest

from nap_data import metrics, queries, slides
from nap_data.charts import GOAL_PALETTE
from nap_data.filters import Filters
from nap_data.formatting import format_eur, format_int, format_percent
from nap_data.slides import goals as goal_slides
from nap_data.slides import words
from nap_data.vocab import DataScope
from tests import frames as fr


@pytest.fixture(scope="module")
def store(demo_template, tmp_path_factory):
    """The demo store's frames, read once for the module (the slides only read them)."""
    import shutil

    from nap_data.store import make_engine

    path = tmp_path_factory.mktemp("slides") / "demo.db"
    shutil.copyfile(demo_template, path)
    engine = make_engine(f"sqlite:///{path}")
    plan = queries.load_plan(engine)
    data = slides.Data(
        plan,
        queries.load_activities(engine),
        queries.load_organisations(engine),
        queries.load_submissions(engine),
        queries.load_indicators(engine, plan.code),
        queries.load_indicator_values(engine),
        demo=True,
    )
    frames = queries.load_figure_frames(engine, DataScope.SUBMITTED_AND_APPROVED, plan)
    yield data, frames
    engine.dispose()


@pytest.fixture(scope="module")
def data(store):
    return store[0]


@pytest.fixture(scope="module")
def deck_2025(data):
    return {s.key: s for s in slides.build_all(data, until(data, 2025), "en")}


def until(data: slides.Data, year: int, **chosen) -> Filters:
    return Filters(data.plan.start_year, year, **chosen)


def chart_rows(slide: slides.Slide) -> list[dict]:
    """Every data row the chart carries (all its datasets together)."""
    spec = slide.chart.to_dict()
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def test_sequence_covers_overview_goals_focus_indicators_and_returns():
    assert slides.sequence(fr.PLAN) == (
        "overview", "goal_1", "goal_2", "goal_3", "goal_4", "goal_5", "national_foreign",
        "indicators", "returns",
    )  # fmt: skip
    four = slides.sequence(fr.FOUR_GOALS)
    assert four[1:5] == ("goal_1", "goal_2", "goal_3", "goal_4") and len(four) == 8
    # A presentation about goals 2 and 4 has their slides only.
    assert slides.sequence(fr.PLAN, (2, 4))[1:3] == ("goal_2", "goal_4")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_slide_has_a_finding_evidence_footer_and_notes(data, lang):
    f = until(data, 2025)
    scope_word = {"nl": "Ingediend en goedgekeurd", "en": "Submitted and approved"}[lang]
    for slide in slides.build_all(data, f, lang):
        assert any(ch.isdigit() for ch in slide.title), slide.title
        assert 1 <= len(slide.figures) <= 4
        assert slide.chart is not None and slide.chart_title
        assert "2025" in slide.footer and scope_word in slide.footer
        assert any(part.startswith(("gegevens tot en met", "data as of")) for part in slide.footer)
        assert slide.demo and slide.demo in slide.footer_text
        assert "\n• " in slide.notes and "2025" in slide.notes


def test_no_slide_chart_can_be_clicked_or_carries_a_toolbar_param(data):
    for slide in slides.build_all(data, until(data, 2025), "en"):
        spec = json.dumps(slide.chart.to_dict())
        assert '"params"' not in spec and "selection" not in spec, slide.key


def test_without_filters_the_figures_are_those_of_metrics_figures(store):
    data, frames = store
    expected = metrics.figures(frames, 2025, 2025, DataScope.SUBMITTED_AND_APPROVED)
    got = slides.selection(data, until(data, 2025), 2025).figures
    for key in ("activities", "budget_eur", "by_goal", "by_focus", "signatories"):
        assert got[key] == expected[key], key
    assert got["returns_received"] == expected["returns_received"]


def test_overview_title_cards_and_chart_show_the_same_numbers(data, deck_2025):
    slide, n = deck_2025["overview"], deck_2025["overview"].numbers
    activities, budget = format_int(n["activities"], "en"), format_eur(n["budget_eur"], "en")
    received, expected = n["returns_received"], n["returns_expected"]
    assert f"{received} of {expected} signatories reported {activities} activities" in slide.title
    assert budget in slide.title
    assert [f.value for f in slide.figures] == [activities, budget, f"{received} of {expected}"]
    rows = chart_rows(slide)
    per_goal = {r["goal"]: r["activities"] for r in rows if "activities_label" in r}
    assert per_goal == {g: v["activities"] for g, v in n["by_goal"].items()}
    assert sum(per_goal.values()) == n["activities"]
    budget_labels = {r["budget_label"] for r in rows if "budget_label" in r}
    assert budget_labels == {format_eur(v["budget_eur"], "en") for v in n["by_goal"].values()}
    for goal, v in n["by_goal"].items():  # the speaker notes hold the numbers behind the bars
        label, money = data.plan.goal_label(goal, "en"), format_eur(v["budget_eur"], "en")
        assert f"{label}: {format_int(v['activities'], 'en')} activities, {money}" in slide.notes


def test_national_foreign_title_is_what_the_cards_and_the_bars_add_up_to(data, deck_2025):
    slide, n = deck_2025["national_foreign"], deck_2025["national_foreign"].numbers
    share = format_percent(n["share_abroad"], "en")
    assert slide.title.startswith(f"2025: {share} of the activities work abroad")
    assert f"{n['home']} of {n['activities']} (also) in the Netherlands" in slide.title
    abroad, home, both = slide.figures
    assert (abroad.value, home.value, both.value) == tuple(
        format_int(n[k], "en") for k in ("abroad", "home", "both")
    )
    assert abroad.note.startswith(share)
    rows = chart_rows(slide)
    parts = {f: sum(r["activities"] for r in rows if r["focus"] == f) for f in metrics.FOCUSES}
    assert parts["foreign"] + parts["both"] == n["abroad"]
    assert parts["national"] + parts["both"] == n["home"]
    assert n["share_abroad"] == metrics.share_abroad(
        metrics.activities_in_period(data.activities, Filters(2025, 2025))
    )


def test_goal_slides_show_progress_against_last_year_and_the_goals_indicators(data, deck_2025):
    status = slides.context(data, until(data, 2025), "en").status
    for number in data.plan.goal_numbers:
        slide, n = deck_2025[f"goal_{number}"], deck_2025[f"goal_{number}"].numbers
        assert format_percent(n["share_good"], "en") in slide.title
        assert slide.figures[0].value == format_percent(n["share_good"], "en")
        assert slide.figures[0].note == f"2024: {format_percent(n['share_good_before'], 'en')}"
        mine = status.filter(pl.col("goal") == number)
        assert n["indicators"] == mine.height
        assert f"{n['indicators_good']} of {n['indicators']} indicators" in slide.title
        rows = chart_rows(slide)
        years = {r["year"] for r in rows if "progress" in r}
        assert years == {2024, 2025}  # this year against last year, not a country ranking
        codes = {r["code"] for r in rows if "position" in r}
        assert codes == set(mine["code"])
        for year, counts in ((2025, n["progress"]), (2024, n["progress_before"])):
            shown = {r["progress"]: r["activities"] for r in rows if r.get("year") == year}
            assert shown == counts
        assert "share abroad" not in slide.title.lower()


def test_goal_title_judges_against_last_year_by_the_shares_shown():
    assert words.trend(0.60, 0.55) == "up"
    assert words.trend(0.50, 0.55) == "down"
    assert words.trend(0.5549, 0.5501) == "same"  # both read 55%
    assert words.trend(0.555, 0.5449) == "up"  # 56% against 54%
    assert words.trend(0.6, None) is None


@pytest.mark.parametrize(
    ("rows", "lagging"),
    [
        ([(1, 2, 5), (2, 1, 1), (3, 2, 3), (4, 0, 1)], 4),  # goal 4: 0 of 1
        ([(1, 1, 2), (2, 1, 2)], None),  # a tie judges nothing
        ([(1, 3, 3), (2, 3, 3)], None),  # all good: nobody lags
        ([(1, 0, 2)], None),  # one goal alone cannot lag behind others
        ([(1, 0, 0), (2, 1, 2), (3, 2, 2)], 2),  # a goal without data is not rated
    ],
)
def test_a_goal_lags_behind_only_when_it_clearly_does(rows, lagging):
    frame = pl.DataFrame(rows, schema=["goal", "good", "known"], orient="row")
    assert words.lagging_goal(frame) == lagging


def test_indicators_title_counts_the_cards_and_names_the_lagging_goal(data, deck_2025):
    slide, n = deck_2025["indicators"], deck_2025["indicators"].numbers
    cards = {f.label: int(f.value) for f in slide.figures}
    assert cards["Achieved"] + cards["On track"] == n["good"]
    assert sum(cards.values()) == n["total"] == data.indicators.height
    assert slide.title.startswith(f"2025: {n['good']} of {n['total']} indicators")
    if n["lagging"] is not None:
        assert f"{data.plan.goal_label(n['lagging'], 'en')} lags behind" in slide.title
    rows = chart_rows(slide)
    assert sum(r["indicators"] for r in rows) == n["total"]


def test_returns_title_and_cards_come_from_the_same_states(data, deck_2025):
    slide, n = deck_2025["returns"], deck_2025["returns"].numbers
    states = metrics.returns_summary(
        metrics.returns_status(data.organisations, data.submissions, 2025)
    )
    assert n["states"] == dict(zip(states["state"], states["organisations"], strict=True))
    missing, approved = n["states"]["missing"], n["states"]["approved"]
    assert f"{missing} of {n['expected']} signatories have not reported yet" in slide.title
    assert f"{approved} returns approved" in slide.title
    assert [f.value for f in slide.figures] == [str(v) for v in n["states"].values()]
    assert slide.footer[0] == "All signatories"  # activity filters do not apply to returns
    assert "Not received yet from:" in slide.notes


def test_a_filtered_presentation_says_so_in_title_and_footer(data):
    f = until(data, 2025, goals=(2,))
    overview = slides.build("overview", data, f, "en")
    figures = slides.selection(data, f, 2025).figures
    assert figures["activities"] == figures["by_goal"]["2"]["activities"]
    assert overview.title.startswith("2025 (goal 2 only): ")
    assert f"{figures['activities']} activities" in overview.title
    assert overview.footer[0] == "Goal 2 only"
    assert "Selection: Goal 2 only" in overview.notes
    colour = overview.chart.to_dict()["hconcat"][0]["layer"][0]["encoding"]["color"]
    assert colour["scale"]["range"] == [GOAL_PALETTE[1]]  # goal 2 keeps its plan colour
    everything = slides.build("overview", data, until(data, 2025), "en")
    assert everything.footer[0] == "All goals and organisations"
    assert everything.numbers["activities"] > overview.numbers["activities"]


@pytest.mark.parametrize(
    ("chosen", "lang", "expected"),
    [
        ({}, "en", ()),
        ({"goals": (2,)}, "en", ("Goal 2 only",)),
        ({"goals": (2, 3, 5)}, "nl", ("Alleen doelen 2, 3 en 5",)),
        ({"focus": ("foreign",), "goals": (1,)}, "en", ("Goal 1 only", "Focus: foreign")),
        ({"countries": ("ML",)}, "nl", ("Land: mali",)),
        ({"organisations": ("A", "B", "C", "D", "E")}, "en", ("Organisation: a, b, c and 2 more",)),
    ],
)
def test_filters_in_words(chosen, lang, expected):
    assert words.filters_in_words(Filters(2021, 2025, **chosen), lang) == expected


def test_data_as_of_is_the_newest_return_that_counts():
    subs = fr.subs(
        [
            {"organisation_code": "A", "year": 2024, "version": 1,
             "created_at": dt.datetime(2025, 3, 1), "review_status": "approved"},
            {"organisation_code": "A", "year": 2024, "version": 2,
             "created_at": dt.datetime(2025, 6, 1), "review_status": "returned"},
            {"organisation_code": "B", "year": 2024, "version": 1,
             "created_at": dt.datetime(2025, 4, 1), "review_status": "submitted"},
            {"organisation_code": "B", "year": 2025, "version": 1,
             "created_at": dt.datetime(2026, 1, 1), "review_status": "approved"},
        ]
    )  # fmt: skip
    submitted = DataScope.SUBMITTED_AND_APPROVED
    assert words.newest_return(subs, 2024, submitted) == dt.datetime(2025, 4, 1)
    assert words.newest_return(subs, 2024, DataScope.APPROVED_ONLY) == dt.datetime(2025, 3, 1)
    assert words.newest_return(subs, 2025, submitted) == dt.datetime(2026, 1, 1)
    assert words.newest_return(subs, 2023, submitted) is None


def test_indicator_positions_run_from_baseline_to_target_both_ways():
    status = pl.DataFrame(
        {
            "code": ["UP", "DOWN", "NONE"],
            "unit": ["count", "rate", "count"],
            "baseline": [100.0, 12.0, None],
            "target": [200.0, 8.0, None],
            "target_year": [2027, 2027, None],
            "latest_value": [150.0, 10.0, 5.0],
            "expected": [180.0, 9.0, None],
            "state": ["off_track", "off_track", "no_data"],
        }
    )
    out = goal_slides.indicator_positions(status, "en")
    assert out["position"].to_list() == [0.5, 0.5, None]
    assert out["expected_position"].to_list() == [0.8, 0.75, None]
    assert out["label"].to_list() == ["150 (target 200 by 2027)", "10.0 (target 8.0 by 2027)",
                                      "5 (no target)"]  # fmt: skip


def test_the_first_year_of_the_plan_has_no_comparison(data):
    slide = slides.build("goal_1", data, until(data, data.plan.start_year), "en")
    assert slide.numbers["progress_before"] is None
    assert not re.search(r"(up from|down from|as in) ", slide.title)
    assert slide.figures[0].note == ""


def test_empty_selection_gives_no_chart_instead_of_an_empty_one(data):
    f = until(data, 2025, countries=("IS",))
    for key in ("overview", "national_foreign"):
        assert slides.build(key, data, f, "en").chart is None
    goal = slides.build("goal_2", data, f, "en")
    assert goal.numbers["activities"] == 0 and "no progress reported" in goal.title


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
    built = {s.key: s for s in slides.build_all(data, f, "en")}
    assert list(built) == list(slides.sequence(fr.FOUR_GOALS))
    assert {r["goal"] for r in chart_rows(built["overview"])} == {1, 2, 3, 4}
    goal_4 = built["goal_4"]
    assert goal_4.title.startswith("4. Goal 4: 100% of the activities met or exceeded")
    assert goal_4.chart is not None and goal_4.numbers["indicators"] == 0
    assert built["goal_2"].chart is None  # nothing under goal 2, no indicators
    assert built["indicators"].chart is None  # the plan has no indicators
    assert built["overview"].demo == ""  # not demo data: no demo label
