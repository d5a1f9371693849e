"""nap_data.charts: the Vega-Lite spec of every builder (mark, encodings, titles), not pixels."""

from __future__ import annotations

import polars as pl
import pytest
import vl_convert

from nap_data import charts, metrics
from nap_data.charts.theme import TITLE_CHARS
from nap_data.filters import Filters
from tests import frames as fr
from tests.frames import FOUR_GOALS, PLAN

GOALS_NL = ["1. Participatie", "2. Preventie", "3. Bescherming", "4. Herstel", "5. Mainstreaming"]
GOALS_EN = ["1. Participation", "2. Prevention", "3. Protection", "4. Recovery", "5. Mainstreaming"]
GOAL_LABELS = {"nl": GOALS_NL, "en": GOALS_EN}
GOALS = {lang: PLAN.goal_labels(lang) for lang in ("nl", "en")}  # number -> label, plan order
FOUR = FOUR_GOALS.goal_labels("en")
PER_GOAL_SCHEMA = {
    "goal": pl.Int64,
    "focus": pl.String,
    "activities": pl.Int64,
    "budget_eur": pl.Float64,
}
PER_GOAL = pl.DataFrame(
    [(1, "national", 2, 1_500_000.0), (1, "foreign", 1, 250_000.0), (2, "both", 3, 4_000_000.0)],
    schema=PER_GOAL_SCHEMA, orient="row",
)  # fmt: skip
INDICATOR = {
    "code": "1.2",
    "unit": "percent",
    "name_nl": "Aandeel vrouwen",
    "name_en": "Share of women",
}
SERIES = pl.DataFrame(
    {"indicator_code": ["1.2"] * 3, "year": [2022, 2023, 2023], "sex": ["total", "total", "female"],
     "value": [20.0, 30.0, 35.0], "organisations": [2, 3, 1]},
)  # fmt: skip


def data_rows(d: dict, part: dict | None = None) -> list[dict]:
    """The inline records behind `part` of spec `d` (Altair hoists data shared by all layers)."""
    source = part if part is not None and "data" in part else d
    return d["datasets"][source["data"]["name"]]


def field(enc: dict) -> tuple:
    return enc.get("aggregate"), enc["field"], enc["type"]


def title_of(d: dict) -> str:
    """The chart title as one line (a long one is drawn over several, see title_lines)."""
    return d["title"]["text"].replace("\n", " ")


def test_goal_labels_number_the_plans_goal_names_in_plan_order():
    assert list(GOALS["nl"].values()) == GOALS_NL and list(GOALS["en"]) == [1, 2, 3, 4, 5]
    assert list(GOALS["en"].values()) == GOALS_EN
    assert PLAN.goal_labels("en", (3, 1)) == {1: "1. Participation", 3: "3. Protection"}


# ---------------------------------------------------------------- goal_focus_bar
@pytest.mark.parametrize(
    ("lang", "measure", "title", "unit", "x_field"),
    [
        ("nl", "activities", "Activiteiten per doel, nationaal en buitenland", "Activiteiten",
         "activities"),
        ("en", "activities", "Activities per goal, national and foreign", "Activities",
         "activities"),
        ("nl", "budget_eur", "Budget per doel (miljoen EUR), nationaal en buitenland",
         "Budget (miljoen EUR)", "budget_m"),
        ("en", "budget_eur", "Budget per goal (million EUR), national and foreign",
         "Budget (million EUR)", "budget_m"),
    ],
)  # fmt: skip
def test_goal_focus_bar_encodings_and_titles(lang, measure, title, unit, x_field):
    d = charts.goal_focus_bar(PER_GOAL, lang, GOALS[lang], measure).to_dict()
    enc = d["encoding"]
    assert d["mark"]["type"] == "bar"
    assert title_of(d) == title
    assert field(enc["x"]) == ("sum", x_field, "quantitative")
    assert enc["x"]["title"] == unit
    assert field(enc["y"]) == (None, "goal_label", "nominal")
    assert enc["y"]["sort"] == GOAL_LABELS[lang]
    assert field(enc["color"]) == (None, "focus_label", "nominal")
    assert [(t["field"], t["title"]) for t in enc["tooltip"]][2] == (x_field, unit)


@pytest.mark.parametrize(
    ("lang", "labels"),
    [("nl", ["Nationaal", "Buitenland", "Beide"]), ("en", ["National", "Foreign", "Both"])],
)
def test_goal_focus_bar_fixed_focus_colours(lang, labels):
    enc = charts.goal_focus_bar(PER_GOAL, lang, GOALS[lang]).to_dict()["encoding"]
    assert enc["color"]["title"] == {"nl": "Focus", "en": "Focus"}[lang]
    assert enc["color"]["scale"] == {"domain": labels, "range": list(charts.FOCUS_COLOURS.values())}
    assert enc["color"]["scale"]["range"] == ["#D55E00", "#0072B2", "#009E73"]


def test_goal_focus_bar_goal_pick_selection_on_goal_field():
    d = charts.goal_focus_bar(PER_GOAL, "en", GOALS["en"]).to_dict()
    assert d["params"] == [{"name": "goal_pick", "select": {"type": "point", "fields": ["goal"]}}]
    assert d["encoding"]["opacity"]["condition"]["param"] == "goal_pick"
    assert {row["goal"] for row in data_rows(d)} == {1, 2}


def test_goal_focus_bar_budget_in_millions_and_labelled_rows():
    d = charts.goal_focus_bar(PER_GOAL, "nl", GOALS["nl"], "budget_eur").to_dict()
    rows = [(r["goal_label"], r["focus_label"], r["budget_m"]) for r in data_rows(d)]
    assert rows == [
        ("1. Participatie", "Nationaal", 1.5),
        ("1. Participatie", "Buitenland", 0.25),
        ("2. Preventie", "Beide", 4.0),
    ]


def test_goal_focus_bar_stacks_in_focus_order():
    d = charts.goal_focus_bar(PER_GOAL, "en", GOALS["en"]).to_dict()
    assert d["encoding"]["order"] == {"field": "focus_order", "type": "quantitative"}
    assert d["transform"] == [
        {"calculate": "indexof(['national','foreign','both'], datum.focus)", "as": "focus_order"}
    ]


# ---------------------------------------------------------------- state_bar
SUMMARY = pl.DataFrame(
    {"state": ["missing", "submitted", "approved", "returned"], "organisations": [3, 1, 2, 0]}
)


@pytest.mark.parametrize(
    ("lang", "labels", "unit"),
    [("nl", ["Goedgekeurd", "Ingediend", "Teruggestuurd", "Nog niet ontvangen"], "Organisaties"),
     ("en", ["Approved", "Submitted", "Returned", "Not received yet"], "Organisations")],
)  # fmt: skip
def test_state_bar_bar_and_text_layers_with_fixed_state_colours(lang, labels, unit):
    d = charts.state_bar(
        SUMMARY, "state", "organisations", "return_state", "Returns 2023", lang
    ).to_dict()
    bar, text = d["layer"]
    assert (bar["mark"]["type"], text["mark"]["type"]) == ("bar", "text")
    assert title_of(d) == "Returns 2023"
    assert field(bar["encoding"]["x"]) == (None, "organisations", "quantitative")
    assert bar["encoding"]["x"]["title"] == unit
    assert field(bar["encoding"]["y"]) == (None, "state_label", "nominal")
    assert bar["encoding"]["y"]["sort"] == labels
    assert bar["encoding"]["color"]["scale"] == {
        "domain": labels,
        "range": ["#009E73", "#56B4E9", "#E69F00", "#BBBBBB"],
    }
    assert [
        charts.STATE_COLOURS[s] for s in ("approved", "submitted", "returned", "missing")
    ] == bar["encoding"]["color"]["scale"]["range"]
    assert text["encoding"]["text"] == {"field": "organisations", "type": "quantitative"}
    assert d["height"] == {"step": 40}


def test_state_bar_domain_only_states_present_in_state_order():
    frame = pl.DataFrame({"state": ["no_data", "achieved", "no_data"], "indicators": [4, 1, 0]})
    d = charts.state_bar(
        frame, "state", "indicators", "indicator_state", "Indicators", "en"
    ).to_dict()
    bar = d["layer"][0]["encoding"]
    assert bar["color"]["scale"] == {
        "domain": ["Achieved", "No data"],
        "range": [charts.STATE_COLOURS["achieved"], charts.STATE_COLOURS["no_data"]],
    }
    assert bar["x"]["title"] == "Indicators"
    assert [r["state_label"] for r in data_rows(d)] == ["No data", "Achieved", "No data"]


# ---------------------------------------------------------------- distribution_bar
DIST = pl.DataFrame(
    {"goal": [1, 1, 3], "status": ["completed", "planned", "ongoing"], "activities": [2, 1, 5]}
)


@pytest.mark.parametrize(
    ("lang", "labels"),
    [("nl", ["Gepland", "Lopend", "Afgerond"]), ("en", ["Planned", "Ongoing", "Completed"])],
)
def test_distribution_bar_normalised_stack_with_status_colours(lang, labels):
    d = charts.distribution_bar(DIST, "status", "status", "Status", lang, GOALS[lang]).to_dict()
    enc = d["encoding"]
    assert d["mark"]["type"] == "bar"
    assert title_of(d) == "Status"
    assert field(enc["x"]) == (None, "activities", "quantitative")
    assert (enc["x"]["stack"], enc["x"]["axis"]["format"]) == ("normalize", "%")
    assert enc["x"]["title"] == {"nl": "Activiteiten", "en": "Activities"}[lang]
    assert (field(enc["y"]), enc["y"]["sort"]) == (
        (None, "goal_label", "nominal"),
        GOAL_LABELS[lang],
    )
    assert field(enc["color"]) == (None, "status_label", "nominal")
    assert enc["color"]["scale"] == {
        "domain": labels,
        "range": [charts.STATE_COLOURS[s] for s in ("planned", "ongoing", "completed")],
    }


# ---------------------------------------------------------------- country_bar
COUNTRIES = pl.DataFrame({"country": ["ML", "XK"], "activities": [3, 1], "budget_eur": [5.0, 1.0]})


@pytest.mark.parametrize(
    ("lang", "title", "unit", "mali"),
    [("nl", "Landen met de meeste activiteiten", "Activiteiten", "Mali (nl)"),
     ("en", "Countries with the most activities", "Activities", "Mali (en)")],
)  # fmt: skip
def test_country_bar_named_countries_sorted_by_bar_length(lang, title, unit, mali):
    d = charts.country_bar(COUNTRIES, lang, {"ML": mali}).to_dict()
    enc = d["encoding"]
    assert d["mark"] == {"type": "bar", "color": charts.FOCUS_COLOURS["foreign"]}
    assert title_of(d) == title
    assert (field(enc["y"]), enc["y"]["sort"]) == ((None, "country_name", "nominal"), "-x")
    assert (field(enc["x"]), enc["x"]["title"]) == ((None, "activities", "quantitative"), unit)
    assert [r["country_name"] for r in data_rows(d)] == [mali, "XK"]  # unknown code: the code


# ---------------------------------------------------------------- growth_line
GROWTH = pl.DataFrame(
    {"year": [2021, 2022], "signatories": [40, 45], "joined": [3, 6], "left": [0, 1]}
)  # as signatory_growth gives


@pytest.mark.parametrize(
    ("lang", "title", "x_title", "y_title"),
    [("nl", "Aantal ondertekenaars per jaar", "Jaar", "Organisaties"),
     ("en", "Signatories per year", "Year", "Organisations")],
)  # fmt: skip
def test_growth_line_signatories_per_year(lang, title, x_title, y_title):
    d = charts.growth_line(GROWTH, lang).to_dict()
    enc = d["encoding"]
    assert d["mark"]["type"] == "line"
    assert title_of(d) == title
    assert (field(enc["x"]), enc["x"]["title"]) == ((None, "year", "ordinal"), x_title)
    assert (field(enc["y"]), enc["y"]["title"]) == ((None, "signatories", "quantitative"), y_title)
    assert enc["y"]["scale"] == {"zero": True}  # a rise from 64 to 70 must not look like a leap
    assert "joined" in [t["field"] for t in enc["tooltip"]]


# ---------------------------------------------------------------- indicator_line
@pytest.mark.parametrize(
    ("lang", "title", "unit", "sexes"),
    [("nl", "1.2 Aandeel vrouwen", "Percentage (%)", ["Totaal", "Vrouw", "Man"]),
     ("en", "1.2 Share of women", "Percentage (%)", ["Total", "Female", "Male"])],
)  # fmt: skip
def test_indicator_line_encodings_and_titles(lang, title, unit, sexes):
    d = charts.indicator_line(SERIES, INDICATOR, lang).to_dict()
    (line,) = d["layer"]
    enc = line["encoding"]
    assert line["mark"]["type"] == "line"
    assert title_of(d) == title
    assert field(enc["x"]) == (None, "year", "ordinal")
    assert enc["x"]["title"] == {"nl": "Jaar", "en": "Year"}[lang]
    assert (field(enc["y"]), enc["y"]["title"]) == ((None, "value", "quantitative"), unit)
    assert field(enc["color"]) == (None, "sex_label", "nominal")
    assert enc["color"]["scale"] == {"domain": sexes, "range": ["#222222", "#CC79A7", "#0072B2"]}
    assert [r["sex_label"] for r in data_rows(d, line)] == [sexes[0], sexes[0], sexes[1]]


@pytest.mark.parametrize(
    ("baseline", "target", "rules"),
    [
        (None, None, []),
        (12.0, None, [([2, 2], 12.0, "Baseline")]),
        (None, 50, [([6, 4], 50.0, "Target")]),
        (12.0, 50.0, [([2, 2], 12.0, "Baseline"), ([6, 4], 50.0, "Target")]),
        (0.0, None, [([2, 2], 0.0, "Baseline")]),  # zero is a value, not "missing"
    ],
)
def test_indicator_line_rule_layers_only_for_given_baseline_and_target(baseline, target, rules):
    indicator = {**INDICATOR, "baseline": baseline, "target": target}
    d = charts.indicator_line(SERIES, indicator, "en").to_dict()
    assert [layer["mark"]["type"] for layer in d["layer"]] == ["line"] + ["rule", "text"] * len(
        rules
    )
    found = []
    for rule, label in zip(d["layer"][1::2], d["layer"][2::2], strict=True):
        (row,) = data_rows(d, rule)
        assert data_rows(d, label) == [row]
        assert label["encoding"]["text"]["field"] == "label"
        assert rule["encoding"]["y"] == {"field": "value", "type": "quantitative"}
        found.append((rule["mark"]["strokeDash"], row["value"], row["label"]))
    assert found == rules


def test_indicator_line_rule_labels_in_dutch():
    d = charts.indicator_line(SERIES, {**INDICATOR, "baseline": 1.0, "target": 2.0}, "nl").to_dict()
    assert [data_rows(d, layer)[0]["label"] for layer in d["layer"][1::2]] == [
        "Nulmeting",
        "Streefwaarde",
    ]


# ---------------------------------------------------------------- coverage_heatmap
COVERAGE = pl.DataFrame(
    {"organisation_code": ["A", "A", "B"], "goal": [1, 4, 2], "activities": [2, 1, 7]}
)


@pytest.mark.parametrize(
    ("lang", "title", "legend"),
    [("nl", "Welke organisatie werkt aan welk doel", "Activiteiten"),
     ("en", "Which organisation works on which goal", "Activities")],
)  # fmt: skip
def test_coverage_heatmap_organisation_by_goal(lang, title, legend):
    d = charts.coverage_heatmap(COVERAGE, lang, GOALS[lang]).to_dict()
    enc = d["encoding"]
    assert d["mark"]["type"] == "rect"
    assert title_of(d) == title
    assert (field(enc["x"]), enc["x"]["sort"]) == (
        (None, "goal_label", "nominal"),
        GOAL_LABELS[lang],
    )
    assert field(enc["y"]) == (None, "organisation_label", "nominal")
    assert field(enc["detail"]) == (None, "organisation_code", "nominal")  # what a click picks
    assert (field(enc["color"]), enc["color"]["title"]) == (
        (None, "activities", "quantitative"),
        legend,
    )
    assert enc["color"]["scale"] == {"scheme": "blues"}
    labels = GOAL_LABELS[lang]
    assert [r["goal_label"] for r in data_rows(d)] == [labels[0], labels[3], labels[1]]


# ---------------------------------------------------------------- empty frames
def _empty(**schema) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


STR, INT, FLT = pl.String, pl.Int64, pl.Float64
PER_GOAL_EMPTY = {"goal": INT, "focus": STR, "activities": INT, "budget_eur": FLT}
EMPTY_CASES = {
    "goal_focus_bar": (
        lambda: charts.goal_focus_bar(_empty(**PER_GOAL_EMPTY), "nl", GOALS["nl"]),
        "bar",
    ),
    "goal_focus_bar_budget": (
        lambda: charts.goal_focus_bar(_empty(**PER_GOAL_EMPTY), "en", GOALS["en"], "budget_eur"),
        "bar",
    ),
    "state_bar": (
        lambda: charts.state_bar(
            _empty(state=STR, organisations=INT),
            "state",
            "organisations",
            "return_state",
            "T",
            "nl",
        ),
        "bar",
    ),
    "distribution_bar": (
        lambda: charts.distribution_bar(
            _empty(goal=INT, progress=STR, activities=INT),
            "progress",
            "progress",
            "T",
            "en",
            GOALS["en"],
        ),
        "bar",
    ),
    "country_bar": (
        lambda: charts.country_bar(
            _empty(country=STR, activities=INT, budget_eur=FLT), "nl", {"ML": "Mali"}
        ),
        "bar",
    ),
    "growth_line": (
        lambda: charts.growth_line(_empty(year=INT, signatories=INT, joined=INT, left=INT), "en"),
        "line",
    ),
    "indicator_line": (
        lambda: charts.indicator_line(
            _empty(indicator_code=STR, year=INT, sex=STR, value=FLT, organisations=INT),
            {**INDICATOR, "baseline": 1.0, "target": 2.0},
            "nl",
        ),
        "line",
    ),
    "coverage_heatmap": (
        lambda: charts.coverage_heatmap(
            _empty(organisation_code=STR, goal=INT, activities=INT), "en", GOALS["en"]
        ),
        "rect",
    ),
}


@pytest.mark.parametrize(("build", "mark"), list(EMPTY_CASES.values()), ids=list(EMPTY_CASES))
def test_builders_accept_an_empty_frame(build, mark):
    d = build().to_dict()
    first = d["layer"][0] if "layer" in d else d
    assert first["mark"]["type"] == mark
    assert data_rows(d, first) == []


# ---------------------------------------------------------------- the plan's goals
def _four_goal_frames() -> dict[str, pl.DataFrame]:
    """Per goal frames of a four-goal plan, from its activities (one under a goal 5 it lacks)."""
    f = Filters.whole_plan(FOUR_GOALS)
    rows = [{"year": 2030, "goal": g, "organisation_code": c} for g, c in ((2, "A"), (4, "B"))]
    acts = metrics.activities_in_period(fr.reports([*rows, {"year": 2030, "goal": 5}]), f)
    goals = FOUR_GOALS.goal_numbers
    return {
        "per_goal": metrics.activities_per_goal(acts, goals),
        "status": metrics.distribution(acts, "status", ("planned", "ongoing"), goals),
        "coverage": metrics.coverage_matrix(acts),
    }


GOAL_CHARTS = {
    "goal_focus_bar": (lambda d, g: charts.goal_focus_bar(d["per_goal"], "en", g), "y"),
    "distribution_bar": (
        lambda d, g: charts.distribution_bar(d["status"], "status", "status", "S", "en", g),
        "y",
    ),
    "coverage_heatmap": (lambda d, g: charts.coverage_heatmap(d["coverage"], "en", g), "x"),
}


@pytest.mark.parametrize(("build", "axis"), list(GOAL_CHARTS.values()), ids=list(GOAL_CHARTS))
def test_goal_charts_show_the_given_plans_goals_in_plan_order(build, axis):
    d = build(_four_goal_frames(), FOUR).to_dict()
    assert d["encoding"][axis]["sort"] == ["1. Goal 1", "2. Goal 2", "3. Goal 3", "4. Goal 4"]
    labels = {r["goal_label"] for r in data_rows(d)}
    assert labels <= set(FOUR.values()) | {None}  # goal 5 is not in the plan: no label


def test_goal_focus_bar_has_one_bar_per_goal_of_the_plan():
    d = charts.goal_focus_bar(_four_goal_frames()["per_goal"], "en", FOUR).to_dict()
    rows = data_rows(d)
    assert [r["goal_label"] for r in rows][::3] == list(FOUR.values())  # three focus parts each
    assert {r["goal"]: r["activities"] for r in rows if r["activities"]} == {2: 1, 4: 1}


def test_goal_charts_show_only_the_chosen_goals():
    chosen = PLAN.goal_labels("nl", (4, 2))
    d = charts.goal_focus_bar(PER_GOAL, "nl", chosen).to_dict()
    assert d["encoding"]["y"]["sort"] == ["2. Preventie", "4. Herstel"]


def test_goal_colours_follow_the_plans_goals_in_order():
    assert charts.goal_colours(FOUR) == dict(
        zip(FOUR.values(), charts.GOAL_PALETTE[:4], strict=True)
    )
    assert list(charts.goal_colours(GOALS["nl"])) == GOALS_NL
    nine = {n: f"{n}. Goal" for n in range(1, 10)}
    colours = list(charts.goal_colours(nine).values())
    assert colours[:7] == list(charts.GOAL_PALETTE) and colours[7:] == list(charts.GOAL_PALETTE[:2])
    assert charts.goal_colours({}) == {}


# ---------------------------------------------------------------- titles, ticks, heatmap order
def test_a_long_title_is_written_over_lines_that_fit_a_laptop_column():
    d = charts.goal_focus_bar(PER_GOAL, "nl", GOALS["nl"], "budget_eur").to_dict()
    assert d["title"]["text"] == "Budget per doel (miljoen EUR), nationaal\nen buitenland"
    assert d["config"]["lineBreak"] == "\n"  # Vega draws the text after it on a new line
    assert all(len(line) <= TITLE_CHARS for line in d["title"]["text"].split("\n"))
    short = charts.growth_line(GROWTH, "en").to_dict()
    assert short["title"]["text"] == "Signatories per year"  # one line stays a string


def _tick_labels(chart) -> list[str]:
    """The labels Vega draws on the chart's first labelled axis (vl-convert scenegraph)."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("role") == "axis-label":
                found.append([item["text"] for item in node["items"]])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(vl_convert.vegalite_to_scenegraph(chart.to_json()))
    return found[0]


@pytest.mark.parametrize(
    ("top", "labels"),
    [
        (1, ["0", "1"]),
        (2, ["0", "1", "2"]),  # not "0, 1, 1, 2, 2" (ticks at halves, rounded)
        (3, ["0", "1", "2", "3"]),
        (12, ["0", "2", "4", "6", "8", "10", "12"]),
        (40, ["0", "10", "20", "30", "40"]),  # not a tick every 2
        (120, ["0", "20", "40", "60", "80", "100", "120"]),
    ],
)
def test_count_axes_have_whole_ticks_whose_density_follows_the_range(top, labels):
    summary = pl.DataFrame({"state": ["approved", "missing"], "organisations": [top, 0]})
    bar = charts.state_bar(summary, "state", "organisations", "return_state", "R", "en")
    assert _tick_labels(bar.properties(width=1200)) == labels  # wide: Vega's default is busy


def test_indicator_axis_of_counts_reaches_the_target():
    indicator = {**INDICATOR, "unit": "count", "baseline": 1.0, "target": 40.0}
    series = SERIES.with_columns(pl.col("value") / 10)  # values 2-3.5, target 40
    d = charts.indicator_line(series, indicator, "en").to_dict()
    y = d["layer"][0]["encoding"]["y"]
    assert y["scale"] == {"zero": True}
    assert (y["axis"]["format"], y["axis"]["tickCount"]) == ("d", 5)


HEAT = pl.DataFrame(
    [("A", "Alpha", 1, 1), ("A", "Alpha", 3, 6), ("B", "Beta", 1, 4), ("C", "Gamma", 3, 2),
     ("D", "Delta", 1, 9), ("E", "Epsilon", 5, 1)],
    schema={"organisation_code": pl.String, "organisation_name": pl.String, "goal": pl.Int64,
            "activities": pl.Int64}, orient="row",
)  # fmt: skip


def test_heatmap_rows_are_grouped_by_each_organisations_main_goal_busiest_first():
    # D and B work most on goal 1 (9, 4), A and C on goal 3 (6, 2), E on goal 5.
    assert charts.heatmap_order(HEAT) == ["D", "B", "A", "C", "E"]
    # The three with the most activities (D 9, A 7, B 4), in the same pattern.
    assert charts.heatmap_order(HEAT, rows=3) == ["D", "B", "A"]
    assert charts.heatmap_order(HEAT.clear()) == []


def test_heatmap_shows_names_in_that_order_and_the_code_in_the_tooltip():
    d = charts.coverage_heatmap(HEAT, "en", GOALS["en"], rows=3).to_dict()
    enc = d["encoding"]
    assert enc["y"]["sort"] == ["Delta", "Beta", "Alpha"]
    assert {r["organisation_code"] for r in data_rows(d)} == {"A", "B", "D"}
    assert [tip["field"] for tip in enc["tooltip"]][:2] == [
        "organisation_label",
        "organisation_code",
    ]
    assert d["height"] == {"step": 20}
    assert d["config"]["axis"]["labelLimit"] == 240  # a long name is shortened on screen only
