"""Exports: formula injection neutralised for every trigger, numbers kept as numbers."""

from __future__ import annotations

import csv
import io

import openpyxl
import polars as pl
import pytest

from nap_data import queries
from nap_data.exports import (
    TRIGGERS,
    activities_frame,
    indicators_frame,
    neutralise,
    to_csv_bytes,
    to_xlsx_bytes,
)
from nap_data.vocab import DataScope

PAYLOADS = [f"{trigger}cmd|' /C calc'!A0" for trigger in TRIGGERS] + ["  =1+1", '=HYPERLINK("x")']


@pytest.mark.parametrize("payload", PAYLOADS)
def test_neutralise_prefixes_every_trigger(payload):
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize("value", ["Mali", "Budget 2023", "e-mail", 12, -5.5, None])
def test_neutralise_leaves_harmless_values_alone(value):
    assert neutralise(value) == value


def _frame():
    return pl.DataFrame({"title": PAYLOADS, "budget_eur": [-1500.5] * len(PAYLOADS)})


def test_csv_export_has_no_formula_and_keeps_numbers():
    rows = list(csv.reader(io.StringIO(to_csv_bytes(_frame(), "en").decode("utf-8-sig"))))
    assert rows[0] == ["Title", "Budget (EUR)"]
    for (title, budget), payload in zip(rows[1:], PAYLOADS, strict=True):
        assert title == "'" + payload
        assert float(budget) == -1500.5


def test_xlsx_export_has_no_formula_cell_and_keeps_numbers():
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(_frame(), "nl")))
    ws = wb.active
    assert [c.value for c in ws[1]] == ["Titel", "Budget (EUR)"]
    for row in ws.iter_rows(min_row=2):
        assert row[0].data_type == "s" and row[0].value.startswith("'")
        assert row[1].data_type == "n" and row[1].value == -1500.5


def test_list_columns_are_exported_as_text_not_dropped():
    frame = pl.DataFrame({"title": ["a"], "countries": [["ML", "NE"]], "goals": [[1, 3]]})
    rows = list(csv.reader(io.StringIO(to_csv_bytes(frame, "en").decode("utf-8-sig"))))
    assert rows[1] == ["a", "ML; NE", "1; 3"]
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame, "en")))
    assert [c.value for c in wb.active[2]] == ["a", "ML; NE", "1; 3"]


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_every_trigger_in_a_list_column_is_neutralised(trigger):
    frame = pl.DataFrame({"partners": [[f"{trigger}SUM(A1)"]]})
    rows = list(csv.reader(io.StringIO(to_csv_bytes(frame, "en").decode("utf-8-sig"))))
    assert rows[1][0].startswith("'")


def test_exports_are_in_words_with_one_row_per_activity_per_reporting_year(demo_engine):
    scope = DataScope.SUBMITTED_AND_APPROVED
    acts = activities_frame(demo_engine, scope, "nl")
    reports = queries.load_activities(demo_engine, scope)
    assert acts.height == reports.height  # every yearly report, nothing merged or dropped
    goals = queries.load_plan(demo_engine).goal_labels("nl")
    assert set(acts["goal"]) <= set(goals.values())  # the plan's names, not numbers
    mali = reports.filter(pl.col("countries").list.contains("ML"))["report_id"]
    named = acts.filter(pl.col("report_id").is_in(mali.implode()))["countries"]
    assert named.len() and all("Mali" in c.split("; ") for c in named)
    assert not acts["target_groups"].drop_nulls().str.contains("women|girls").any()
    values = indicators_frame(demo_engine, scope, "en")
    assert set(values["goal"].drop_nulls()) <= set(
        queries.load_plan(demo_engine).goal_labels("en").values()
    )
    assert set(values["sex"]) <= {"Total", "Female", "Male"}
