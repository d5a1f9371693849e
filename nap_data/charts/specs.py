"""Vega-Lite specs written as dicts: the same spec an Altair builder's `to_dict()` gives, made
without building the Altair objects.

An Altair chart of a few rows takes 20-80 ms to build (every constructor validates its
part against the schema, every method deep-copies the chart, layers merge their params)
and as long again to convert; a page rerun draws four of them. The builders in
nap_data.charts stay the reference (tests, exports, slides); a `*_spec` function beside a
builder fills the same spec with the same inputs, and tests/test_charts_specs.py checks
that both give the same spec for every case.
"""

from __future__ import annotations

import hashlib
import json

import altair as alt
import polars as pl

from nap_data.charts.axes import title_lines
from nap_data.charts.theme import FONT_SIZE, TITLE_SIZE
from nap_data.i18n import t


def dataset_name(values: list[dict]) -> str:
    """The name Altair gives an inline dataset: a hash of its rows (altair's _dataset_name)."""
    if values == [{}]:
        return "empty"
    text = json.dumps(values, sort_keys=True, default=str)
    return "data-" + hashlib.sha256(text.encode()).hexdigest()[:32]


def view_name(view: dict, data: str) -> str:
    """A name for a layer that a selection param lives in, "view_<hash>_0" as Altair names it.

    Altair hashes the Python objects' text, which only the objects give; the name only ties
    the param to its layer, and Streamlit renames every "view_<hex>_<n>" by its position
    before the spec leaves the server, so the browser gets the same spec either way.
    """
    text = json.dumps({"view": view, "data": data}, sort_keys=True, default=str)
    return f"view_{hashlib.sha256(text.encode()).hexdigest()[:16]}_0"


def count_axis(ticks: int) -> dict:
    """core.count_axis as a dict (`ticks` from core.count_ticks)."""
    return {"format": "d", "tickCount": ticks, "tickMinStep": 1}


def styled(
    first: dict,
    rest: dict,
    data: pl.DataFrame,
    title: str,
    height: int | dict = 320,
    label_limit: int = 320,
    summary: str = "",
    lang: str = "nl",
    frames: bool = False,
) -> dict:
    """core.styled on a spec, with `data` as Altair stores a chart's inline data: one
    dataset at the top, named by a hash of its rows, which it holds as a list of dicts or,
    with `frames`, as the frame itself (for a caller that serializes it, e.g. as Arrow).

    `first` holds what Altair writes first (a view's mark, or a layered chart's layers),
    `rest` the chart's other keys; Altair writes those in alphabetical order, then the
    schema and the datasets. The order is no part of the spec's meaning, but Streamlit keys
    a chart by its text, so the same order keeps the same chart.
    """
    rows = data.to_dicts()  # what Altair makes of a polars frame (dates aside: none here)
    name = dataset_name(rows)
    text = " ".join(part for part in (title + ".", summary, t("describe.table", lang)) if part)
    rest = {
        **rest,
        "autosize": {"contains": "padding", "type": "fit-x"},
        "config": _config(label_limit),
        "description": text,
        "height": height,
        "title": {"text": title_lines(title), "anchor": "start", "fontSize": TITLE_SIZE},
    }
    if "layer" in first:
        rest["data"] = {"name": name}
    else:
        first = {"data": {"name": name}, **first}
    return {
        **first,
        **dict(sorted(rest.items())),
        "$schema": alt.SCHEMA_URL,
        "datasets": {name: data if frames else rows},
    }


def _config(label_limit: int) -> dict:
    return {
        "axis": {"labelFontSize": FONT_SIZE, "labelLimit": label_limit, "titleFontSize": FONT_SIZE},
        "legend": {
            "columns": 2,
            "labelFontSize": FONT_SIZE,
            "labelLimit": 320,
            "orient": "bottom",
            "titleFontSize": FONT_SIZE,
            "titleLimit": 320,
        },
        "lineBreak": "\n",
        "text": {"fontSize": FONT_SIZE},
        "view": {"stroke": None},
    }
