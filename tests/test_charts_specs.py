"""nap_data.charts: a spec written as a dict (`*_spec`) is the spec of its Altair builder.

The Altair chart is converted as a page sends it (no default theme, validated here), and
both specs are compared as text, key order included (Streamlit keys a chart by its text).
The one part that may differ is the name of a layer holding a selection: Altair hashes its
Python objects' text for it, and Streamlit renames every "view_<hex>_<n>" by position
before sending; both are renamed here the same way.
"""

from __future__ import annotations

import json
import re

import altair as alt
import polars as pl
import pytest

from nap_data import charts, metrics
from nap_data.charts import bars
from nap_data.filters import Filters
from tests import frames as fr
from tests.frames import FOUR_GOALS, PLAN

GOALS = {lang: PLAN.goal_labels(lang) for lang in ("nl", "en")}
LONG_GOALS = {1: "1. Een doel met een naam die langer is dan een smalle kolom", 3: "3. Kort"}
PER_GOAL_SCHEMA = {"goal": pl.Int64, "focus": pl.String, "activities": pl.Int64,
                   "budget_eur": pl.Float64}  # fmt: skip
PER_GOAL = pl.DataFrame(
    [(1, "national", 2, 1_500_000.0), (1, "foreign", 1, 250_000.0), (2, "both", 3, 4_000_000.0)],
    schema=PER_GOAL_SCHEMA, orient="row",
)  # fmt: skip
TIED = pl.DataFrame(
    [(1, "national", 2, 0.0), (2, "foreign", 2, 0.0), (3, "both", 0, 0.0)],
    schema=PER_GOAL_SCHEMA, orient="row",
)  # fmt: skip
EMPTY_PER_GOAL = pl.DataFrame(schema=PER_GOAL_SCHEMA)


def _from_reports() -> pl.DataFrame:
    """A per-goal frame as the metrics make it (every goal and focus, zeros included)."""
    rows = [
        {"year": 2023, "goal": g, "focus": f, "budget_eur": b}
        for g, f, b in ((1, "national", 1e5), (1, "foreign", 2.5e6), (4, "both", 333_333.33))
    ]
    acts = metrics.activities_in_period(fr.reports(rows), Filters.whole_plan(PLAN))
    return metrics.activities_per_goal(acts, PLAN.goal_numbers)


def _text(spec: dict) -> str:
    """The spec as text, selection views renamed by position (as Streamlit does)."""
    text = json.dumps(spec, ensure_ascii=False)
    names = list(dict.fromkeys(re.findall(r'"view_[0-9a-f]+(?:_[0-9]+)?"', text)))
    for i, name in enumerate(names):
        text = text.replace(name, f'"view_{i + 1}"')
    return text


def _altair(chart: alt.TopLevelMixin) -> dict:
    with alt.theme.enable("none"):
        return chart.to_dict()  # validated against the Vega-Lite schema


GOAL_FOCUS_CASES = {
    "nl activities": (PER_GOAL, "nl", GOALS["nl"], "activities"),
    "en activities": (PER_GOAL, "en", GOALS["en"], "activities"),
    "nl budget": (PER_GOAL, "nl", GOALS["nl"], "budget_eur"),
    "en budget": (PER_GOAL, "en", GOALS["en"], "budget_eur"),
    "from the metrics": (_from_reports(), "nl", GOALS["nl"], "activities"),
    "from the metrics, budget": (_from_reports(), "en", GOALS["en"], "budget_eur"),
    "chosen goals": (PER_GOAL, "nl", PLAN.goal_labels("nl", (4, 2)), "activities"),
    "four-goal plan": (PER_GOAL, "en", FOUR_GOALS.goal_labels("en"), "activities"),
    "long labels wrapped": (PER_GOAL, "nl", LONG_GOALS, "budget_eur"),
    "ties": (TIED, "en", GOALS["en"], "activities"),
    "empty": (EMPTY_PER_GOAL, "nl", GOALS["nl"], "activities"),
    "empty budget": (EMPTY_PER_GOAL, "en", GOALS["en"], "budget_eur"),
}


@pytest.mark.parametrize("case", list(GOAL_FOCUS_CASES.values()), ids=list(GOAL_FOCUS_CASES))
def test_goal_focus_bar_spec_is_the_altair_spec(case):
    frame, lang, goals, measure = case
    chart = charts.goal_focus_bar(frame, lang, goals, measure)
    assert _text(bars.goal_focus_bar_spec(frame, lang, goals, measure)) == _text(_altair(chart))


RETURNS = pl.DataFrame(
    {"state": ["missing", "submitted", "approved", "returned"], "organisations": [3, 1, 2, 0]}
)
INDICATORS = pl.DataFrame(
    {"state": ["no_data", "achieved", "off_track"], "indicators": [4, 12, 0]},
    schema={"state": pl.String, "indicators": pl.UInt32},
)
STATE_CASES = {
    "returns nl": (RETURNS, "state", "organisations", "return_state", "Inzendingen 2025", "nl"),
    "returns en": (RETURNS, "state", "organisations", "return_state", "Returns 2025", "en"),
    "indicators": (INDICATORS, "state", "indicators", "indicator_state", "Indicators", "en"),
    "one state": (RETURNS.head(1), "state", "organisations", "return_state", "R", "nl"),
    "a long title": (
        RETURNS, "state", "organisations", "return_state",
        "Inzendingen voor het jaar 2025 van alle organisaties die ondertekenden", "nl",
    ),
    "empty": (RETURNS.clear(), "state", "organisations", "return_state", "R", "en"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(STATE_CASES.values()), ids=list(STATE_CASES))
def test_state_bar_spec_is_the_altair_spec(case):
    chart = charts.state_bar(*case)
    assert _text(bars.state_bar_spec(*case)) == _text(_altair(chart))


def test_the_selection_names_its_layer_and_the_name_follows_the_data():
    spec = bars.state_bar_spec(*STATE_CASES["returns nl"])
    name = spec["layer"][0]["name"]
    assert re.fullmatch(r"view_[0-9a-f]{16}_0", name)
    assert spec["params"][0]["views"] == [name]
    other = bars.state_bar_spec(*STATE_CASES["one state"])
    assert other["layer"][0]["name"] != name


def test_every_spec_function_is_registered_for_its_builder():
    registered = charts.SPECS
    assert registered == {
        charts.goal_focus_bar: bars.goal_focus_bar_spec,
        charts.state_bar: bars.state_bar_spec,
    }
