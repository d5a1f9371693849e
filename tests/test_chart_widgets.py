"""ui.chart_widgets converts a chart itself (without Altair's validation of the whole spec): the
spec must be the one st.altair_chart would send for the localized chart, data included."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import polars as pl
import pytest
from streamlit.elements.vega_charts import (
    _convert_altair_to_vega_lite_spec,
    _reset_counter_pattern,
)

from nap_data import charts
from nap_data.charts.locale import localized
from nap_data.ui import chart_widgets
from tests.conftest import REPO


def _split(spec: dict) -> tuple[dict, list[list[dict]]]:
    """The spec without its datasets, and the datasets' rows (in the order they appear)."""
    rows = []
    for data in spec.get("datasets", {}).values():
        if isinstance(data, bytes):  # Streamlit's own path: Arrow IPC
            data = pl.read_ipc_stream(io.BytesIO(data)).to_dicts()
        rows.append(data)
    names = {name: f"data{i}" for i, name in enumerate(spec.get("datasets", {}))}
    rest = {k: v for k, v in spec.items() if k != "datasets"}
    text = json.dumps(rest, sort_keys=True)  # key order is no part of the spec
    for name, plain in names.items():
        text = text.replace(json.dumps(name), json.dumps(plain))
    # Selection views by position, as Streamlit renames them before sending (Altair names
    # them by a hash of its objects' text, which a written spec cannot reproduce).
    return _reset_counter_pattern("view_", text), rows


CHARTS_INPUT = {
    "state_bar": pl.DataFrame({"state": ["approved", "missing"], "organisations": [3, 4]}),
    "goal_focus_bar": pl.DataFrame(
        {"goal": [1, 1, 2], "focus": ["national", "foreign", "both"],
         "activities": [2, 5, 1], "budget_eur": [1e6, 2.5e6, 3e5]}
    ),
}  # fmt: skip
CHARTS = {
    "state_bar": lambda lang: charts.state_bar(
        CHARTS_INPUT["state_bar"], "state", "organisations", "return_state", "Returns", lang,
    ),
    "goal_focus_bar": lambda lang: charts.goal_focus_bar(
        CHARTS_INPUT["goal_focus_bar"],
        lang, {1: "1. Participatie", 2: "2. Bescherming"}, "budget_eur",
    ),
}  # fmt: skip


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_the_spec_is_the_one_st_altair_chart_would_send(name, lang):
    chart = CHARTS[name](lang)
    ours = chart_widgets._spec(chart, lang)
    theirs = _convert_altair_to_vega_lite_spec(localized(chart, lang))
    assert _split(ours) == _split(theirs)
    chart.to_dict()  # and the chart is valid Vega-Lite (validated here, not on every rerun)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_a_written_spec_is_sent_as_st_altair_chart_would_send_the_chart(name, lang):
    """figure() writes these specs without Altair (charts.SPECS) and their data as Arrow."""
    chart = CHARTS[name](lang)
    builder, args = {
        "state_bar": (charts.state_bar, (CHARTS_INPUT["state_bar"], "state", "organisations",
                                         "return_state", "Returns", lang)),
        "goal_focus_bar": (charts.goal_focus_bar, (CHARTS_INPUT["goal_focus_bar"], lang,
                                                   {1: "1. Participatie", 2: "2. Bescherming"},
                                                   "budget_eur")),
    }[name]  # fmt: skip
    assert builder in charts.SPECS
    prepared = chart_widgets.prepare(builder, args, {}, lang)
    ours = prepared.screen_spec()
    assert all(isinstance(data, bytes) for data in ours["datasets"].values())
    theirs = _convert_altair_to_vega_lite_spec(localized(chart, lang))
    assert _split(ours) == _split(theirs)
    assert list(ours["datasets"].values()) == list(theirs["datasets"].values())  # same bytes
    # The Altair chart (for the exports) is built on demand, the same chart as the builder's.
    assert prepared.chart.to_dict() == chart.to_dict()
    assert prepared.title == chart.title.text


def test_figure_keys_inputs_by_content():
    frame = CHARTS_INPUT["state_bar"]
    args = (frame, "state", "organisations", "return_state", "Returns", "nl")
    key = chart_widgets._inputs_key(charts.state_bar, args, {})
    assert chart_widgets._inputs_key(charts.state_bar, (frame.clone(), *args[1:]), {}) == key
    changed = frame.with_columns(organisations=pl.Series([3, 5]))
    assert chart_widgets._inputs_key(charts.state_bar, (changed, *args[1:]), {}) != key
    assert chart_widgets._inputs_key(charts.state_bar, (*args[:5], "en"), {}) != key
    assert chart_widgets._inputs_key(charts.goal_focus_bar, args, {}) != key
    assert chart_widgets._inputs_key(charts.state_bar, args, {"x": 1}) != key
    with pytest.raises(TypeError):
        chart_widgets._inputs_key(charts.state_bar, (object(),), {})


# Two sessions share a frame (st.cache_resource); one keys its chart while another reads the
# frame. Polars 2.1's write_ipc_stream into a Python buffer held the frame's lock while it
# waited for the GIL the reading thread held: both hung. A deadlock also holds the GIL, so
# the threads run in a child process that the test can time out.
_SHARED_FRAME_RUN = """
import threading, time
import polars as pl
from nap_data import charts
from nap_data.ui import chart_widgets

part = pl.DataFrame({"state": [f"s{i}" for i in range(1000)], "organisations": range(1000)})
frame = pl.concat([part] * 50, rechunk=False)
until = time.monotonic() + 3

def key():
    while time.monotonic() < until:
        chart_widgets._inputs_key(charts.state_bar, (frame, "state"), {})

def read():
    while time.monotonic() < until:
        frame.height, frame.columns

threads = [threading.Thread(target=f) for f in (key, key, read)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("done")
"""


def test_keying_a_chart_does_not_hang_a_session_reading_the_same_frame():
    done = subprocess.run(
        [sys.executable, "-c", _SHARED_FRAME_RUN],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "done"
