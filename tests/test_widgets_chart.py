"""ui.widgets converts a chart itself (without Altair's validation of the whole spec): the
spec must be the one st.altair_chart would send for the localized chart, data included."""

from __future__ import annotations

import io
import json

import polars as pl
import pytest
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from nap_data import charts
from nap_data.charts.locale import localized
from nap_data.ui import widgets


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
    return text, rows


CHARTS = {
    "state_bar": lambda lang: charts.state_bar(
        pl.DataFrame({"state": ["approved", "missing"], "organisations": [3, 4]}),
        "state", "organisations", "return_state", "Returns", lang,
    ),
    "goal_focus_bar": lambda lang: charts.goal_focus_bar(
        pl.DataFrame(
            {"goal": [1, 1, 2], "focus": ["national", "foreign", "both"],
             "activities": [2, 5, 1], "budget_eur": [1e6, 2.5e6, 3e5]}
        ),
        lang, {1: "1. Participatie", 2: "2. Bescherming"}, "budget_eur",
    ),
}  # fmt: skip


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_the_spec_is_the_one_st_altair_chart_would_send(name, lang):
    chart = CHARTS[name](lang)
    ours = widgets._spec(chart, lang)
    theirs = _convert_altair_to_vega_lite_spec(localized(chart, lang))
    assert _split(ours) == _split(theirs)
    chart.to_dict()  # and the chart is valid Vega-Lite (validated here, not on every rerun)
