"""ui.tables.table pages a long frame: one page of rows goes to the browser, with a page
chooser and "Rows 201–400 of 450"; a short frame shows as before; a picked row is counted
in the whole frame; the downloads hold every row."""

from __future__ import annotations

import types

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from nap_data.ui import tables


def _table_script():
    import polars as pl
    import streamlit as st

    from nap_data.ui import tables

    rows = st.session_state["rows"]
    frame = pl.DataFrame({"reference": [f"R{i:04d}" for i in range(rows)], "year": [2024] * rows})
    tables.table(frame, {"reference": "col.reference", "year": "col.year"}, "en", key="t")


def _at(rows: int) -> AppTest:
    at = AppTest.from_function(_table_script, default_timeout=60)
    at.session_state["rows"] = rows
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _shown(at: AppTest) -> list[str]:
    return list(at.dataframe[0].value["reference"])


def test_a_short_table_shows_every_row_without_a_page_chooser():
    at = _at(tables.PAGE_ROWS)
    assert _shown(at) == [f"R{i:04d}" for i in range(tables.PAGE_ROWS)]
    assert not at.number_input


def test_a_long_table_shows_one_page_at_a_time():
    at = _at(450)
    assert _shown(at) == [f"R{i:04d}" for i in range(200)]
    assert any(c.value == "Rows 1–200 of 450 · page 1 of 3" for c in at.caption)
    at.number_input(key="t_page").set_value(3).run()
    assert _shown(at) == [f"R{i:04d}" for i in range(400, 450)]
    assert any(c.value == "Rows 401–450 of 450 · page 3 of 3" for c in at.caption)
    # The row count under the table (and the downloads) are of the whole frame.
    assert any(c.value.startswith("450 rows") for c in at.caption), [c.value for c in at.caption]


def test_the_page_goes_back_to_one_when_the_frame_shrinks():
    at = _at(450)
    at.number_input(key="t_page").set_value(3).run()
    at.session_state["rows"] = 250
    at.run()
    assert not at.exception
    assert _shown(at) == [f"R{i:04d}" for i in range(200)]


@pytest.mark.parametrize(("first", "picked", "whole"), [(0, [7], [7]), (400, [7], [407])])
def test_a_picked_row_is_counted_in_the_whole_frame(first, picked, whole):
    event = types.SimpleNamespace(selection=types.SimpleNamespace(rows=picked, columns=[]))
    assert tables._shifted(event, first, 1000).selection.rows == whole


def test_the_picked_row_of_page_three_is_that_row_of_the_frame():
    frame = pl.DataFrame({"reference": [f"R{i:04d}" for i in range(450)]})
    event = types.SimpleNamespace(selection=types.SimpleNamespace(rows=[3], columns=[]))
    row = tables._shifted(event, 400, frame.height).selection.rows[0]
    assert frame.row(row, named=True)["reference"] == "R0403"


def test_a_row_kept_from_before_the_frame_shrank_is_not_handed_on():
    # A keyed st.dataframe keeps its selection when a filter shrinks its data.
    event = types.SimpleNamespace(selection=types.SimpleNamespace(rows=[5, 250], columns=[]))
    assert tables._shifted(event, 200, 300).selection.rows == [205]
    assert tables._shifted(event, 0, 5).selection.rows == []
