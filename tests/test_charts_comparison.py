"""nap_data.charts.comparison: the Vega-Lite spec (mark, encodings incl. offsets, colours,
titles)."""

from __future__ import annotations

import polars as pl
import pytest

from nap_data.charts import FOCUS_COLOURS
from nap_data.charts.comparison import KIND_COLOURS, focus_grouped_bar, narrative_bar
from tests.frames import FOUR_GOALS, PLAN
from tests.test_charts import title_of

SCHEMA = {"focus": pl.String, "activities": pl.Int64, "budget_eur": pl.Float64}
FOCUS_LABELS = {"nl": ["Nationaal", "Buitenland", "Beide"], "en": ["National", "Foreign", "Both"]}
GOALS = {lang: PLAN.goal_labels(lang) for lang in ("nl", "en")}


def frame(by: str, dtype, categories: list) -> pl.DataFrame:
    rows = [
        (c, f, i, 1_000_000.0 * i)
        for i, (c, f) in enumerate((c, f) for c in categories for f in FOCUS_COLOURS)
    ]
    return pl.DataFrame(rows, schema={by: dtype, **SCHEMA}, orient="row")


BY_GOAL = frame("goal", pl.Int64, [1, 2, 3, 4, 5])
BY_TYPE = frame("organisation_type", pl.String, ["ministry", "cso"])
BY_YEAR = frame("year", pl.Int64, [2021, 2022])


def rows_of(d: dict) -> list[dict]:
    return d["datasets"][d["data"]["name"]]


@pytest.mark.parametrize(
    ("lang", "measure", "title", "unit", "field"),
    [
        ("nl", "activities", "Activiteiten per doel, nationaal naast buitenland", "Activiteiten",
         "activities"),
        ("en", "activities", "Activities per goal, national beside foreign", "Activities",
         "activities"),
        ("nl", "budget_eur", "Budget per doel (miljoen EUR), nationaal naast buitenland",
         "Budget (miljoen EUR)", "budget_m"),
        ("en", "budget_eur", "Budget per goal (million EUR), national beside foreign",
         "Budget (million EUR)", "budget_m"),
    ],
)  # fmt: skip
def test_grouped_bar_marks_offsets_units_and_titles(lang, measure, title, unit, field):
    d = focus_grouped_bar(BY_GOAL, "goal", measure, lang, GOALS[lang]).to_dict()
    enc = d["encoding"]
    assert d["mark"]["type"] == "bar"
    assert title_of(d) == title
    assert (enc["x"]["field"], enc["x"]["type"]) == ("category_label", "nominal")
    assert enc["xOffset"]["field"] == "focus_label"
    assert enc["xOffset"]["sort"] == FOCUS_LABELS[lang]
    assert (enc["y"]["field"], enc["y"]["type"], enc["y"]["title"]) == (field, "quantitative", unit)
    assert enc["color"]["field"] == "focus_label"
    assert enc["color"]["scale"] == {
        "domain": FOCUS_LABELS[lang],
        "range": list(FOCUS_COLOURS.values()),
    }


def test_budget_is_drawn_in_millions_and_activities_as_whole_numbers():
    budget = focus_grouped_bar(BY_YEAR, "year", "budget_eur", "en", GOALS["en"]).to_dict()
    assert [r["budget_m"] for r in rows_of(budget)] == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    count = focus_grouped_bar(BY_YEAR, "year", "activities", "en", GOALS["en"]).to_dict()
    assert count["encoding"]["y"]["axis"]["format"] == "d"


@pytest.mark.parametrize(
    ("lang", "goals"),
    [("nl", ["1. Participatie", "2. Preventie", "3. Bescherming", "4. Herstel",
             "5. Mainstreaming"]),
     ("en", ["1. Participation", "2. Prevention", "3. Protection", "4. Recovery",
             "5. Mainstreaming"])],
)  # fmt: skip
def test_goal_categories_are_goal_labels_in_goal_order(lang, goals):
    d = focus_grouped_bar(BY_GOAL, "goal", "activities", lang, GOALS[lang]).to_dict()
    assert d["encoding"]["x"]["sort"] == goals
    assert [r["category_label"] for r in rows_of(d)][::3] == goals


@pytest.mark.parametrize(
    ("lang", "types", "title"),
    [("nl", ["Ministerie", "Maatschappelijke organisatie"],
      "Activiteiten per soort organisatie, nationaal naast buitenland"),
     ("en", ["Ministry", "Civil-society organisation"],
      "Activities per organisation type, national beside foreign")],
)  # fmt: skip
def test_organisation_types_are_translated_in_the_frames_order(lang, types, title):
    d = focus_grouped_bar(BY_TYPE, "organisation_type", "activities", lang, GOALS[lang]).to_dict()
    assert d["encoding"]["x"]["sort"] == types
    assert title_of(d) == title


def test_years_are_text_categories_with_upright_labels():
    d = focus_grouped_bar(BY_YEAR, "year", "budget_eur", "nl", GOALS["nl"]).to_dict()
    assert d["encoding"]["x"]["sort"] == ["2021", "2022"]
    assert d["encoding"]["x"]["axis"]["labelAngle"] == 0
    assert title_of(d) == "Budget per jaar (miljoen EUR), nationaal naast buitenland"
    assert [t["title"] for t in d["encoding"]["tooltip"]] == [
        "Jaar",
        "Focus",
        "Budget (miljoen EUR)",
    ]


def test_empty_frame_still_builds_a_chart():
    empty = frame("year", pl.Int64, [])
    d = focus_grouped_bar(empty, "year", "activities", "en", GOALS["en"]).to_dict()
    assert d["encoding"]["x"]["sort"] == [] and rows_of(d) == []


COUNTS = pl.DataFrame(
    [(g, k, g) for g in (1, 2) for k in KIND_COLOURS],
    schema={"goal": pl.Int64, "kind": pl.String, "entries": pl.Int64}, orient="row",
)  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "kinds", "title", "unit"),
    [("nl", ["Hoogtepunten", "Uitdagingen", "Geleerde lessen"],
      "Bijdragen per doel: hoogtepunten, uitdagingen en lessen", "Bijdragen"),
     ("en", ["Highlights", "Challenges", "Lessons learned"],
      "Entries per goal: highlights, challenges and lessons", "Entries")],
)  # fmt: skip
def test_narrative_bar_groups_kinds_per_goal(lang, kinds, title, unit):
    d = narrative_bar(COUNTS, lang, GOALS[lang]).to_dict()
    enc = d["encoding"]
    assert d["mark"]["type"] == "bar"
    assert title_of(d) == title
    assert (enc["y"]["field"], enc["yOffset"]["field"]) == ("goal_label", "kind_label")
    assert enc["yOffset"]["sort"] == kinds
    assert (enc["x"]["field"], enc["x"]["title"]) == ("entries", unit)
    assert enc["color"]["scale"] == {"domain": kinds, "range": list(KIND_COLOURS.values())}
    assert len(enc["y"]["sort"]) == 2


def test_long_category_labels_are_written_on_lines_not_dropped():
    d = focus_grouped_bar(BY_TYPE, "organisation_type", "activities", "nl", GOALS["nl"]).to_dict()
    axis = d["encoding"]["x"]["axis"]
    assert axis["labelAngle"] == 0
    assert (
        '"Maatschappelijke organisatie": ["Maatschappelijke", "organisatie"]' in axis["labelExpr"]
    )
    years = focus_grouped_bar(BY_YEAR, "year", "activities", "nl", GOALS["nl"]).to_dict()
    assert years["encoding"]["x"]["axis"]["labelExpr"] == "datum.label"


def test_grouped_bar_by_goal_has_the_given_plans_goals_in_plan_order():
    four = FOUR_GOALS.goal_labels("en")
    by_goal = frame("goal", pl.Int64, [1, 2, 3, 4])  # as focus_comparison gives for the plan
    d = focus_grouped_bar(by_goal, "goal", "activities", "en", four).to_dict()
    assert d["encoding"]["x"]["sort"] == ["1. Goal 1", "2. Goal 2", "3. Goal 3", "4. Goal 4"]
    assert [r["category_label"] for r in rows_of(d)][::3] == list(four.values())


def test_narrative_bar_has_the_given_plans_goals_in_plan_order():
    counts = pl.DataFrame(
        [(g, k, 0) for g in FOUR_GOALS.goal_numbers for k in KIND_COLOURS],
        schema=COUNTS.schema,
        orient="row",
    )  # as narrative_counts gives for the plan without entries
    d = narrative_bar(counts, "nl", FOUR_GOALS.goal_labels("nl")).to_dict()
    assert d["encoding"]["y"]["sort"] == ["1. Doel 1", "2. Doel 2", "3. Doel 3", "4. Doel 4"]
    assert {r["goal_label"] for r in rows_of(d)} == {f"{n}. Doel {n}" for n in range(1, 5)}
