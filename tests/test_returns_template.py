"""The return template: round trip through the reader, dropdowns, protection, no formulas."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from nap_data.framework import load_framework
from nap_data.returns.content import ActivityRow
from nap_data.returns.filecheck import check_file
from nap_data.returns.layout import (
    ABOUT,
    ACTIVITIES,
    INDICATORS,
    INSTRUCTIONS,
    LISTS_SHEET,
    NARRATIVE,
)
from nap_data.returns.reader import read_return
from nap_data.returns.template import build_template

FW = load_framework()
ACTS = (
    ActivityRow(
        title="Mediation training", goal_number=1, focus="both", status="ongoing",
        start_date=dt.date(2022, 3, 1), reference="MT-1", description="For =women mediators",
        countries=("ML", "NE", "CO"), end_date=dt.date(2026, 12, 31), budget_eur=125000.5,
        progress="limited", target_groups=("women", "boys"), partners="UN Women",
        results="@40 trained",
    ),
    ActivityRow(title="=1+1", goal_number=5, focus="national", status="planned",
                start_date=dt.date(2024, 1, 1)),
)  # fmt: skip


def _load(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_template_round_trip_gives_the_same_activities(lang):
    data = build_template(FW, "ORG1", "Org One", 2024, ACTS, lang=lang)
    assert check_file(data) == []
    content, findings = read_return(data, FW, expected_org="ORG1", expected_year=2024)
    assert findings == []
    assert content.activities == ACTS
    assert (content.organisation_code, content.year, content.template_version) == (
        "ORG1", 2024, FW.template_version,
    )  # fmt: skip


def test_empty_template_reads_as_an_empty_return():
    content, findings = read_return(build_template(FW, "ORG1", "Org", 2024), FW)
    assert findings == [] and content.activities == () and content.narratives == ()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_sheets_and_labels_in_the_chosen_language(lang):
    wb = _load(build_template(FW, "ORG1", "Org One", 2024, ACTS, lang=lang))
    names = [s.name(lang) for s in (INSTRUCTIONS, ABOUT, ACTIVITIES, INDICATORS, NARRATIVE)]
    assert wb.sheetnames == [*names, LISTS_SHEET]
    for spec in (ACTIVITIES, INDICATORS, NARRATIVE):
        ws = wb[spec.name(lang)]
        assert [c.value for c in ws[2]] == [c.label(lang) for c in spec.columns]
        assert ws["A1"].value  # a title row above the header
        assert ws.freeze_panes == "A3"
        for i, col in enumerate(spec.columns, start=1):
            letter = openpyxl.utils.get_column_letter(i)
            assert ws.column_dimensions[letter].width >= len(col.label(lang))
    about = wb[ABOUT.name(lang)]
    assert [(r[0].value, r[1].value) for r in about.iter_rows()] == [
        (ABOUT.columns[0].label(lang), "ORG1"), (ABOUT.columns[1].label(lang), "Org One"),
        (ABOUT.columns[2].label(lang), 2024), (ABOUT.columns[3].label(lang), FW.template_version),
    ]  # fmt: skip
    narrative = wb[NARRATIVE.name(lang)]
    goals = [narrative.cell(r, 1).value for r in range(3, 3 + len(FW.goals))]
    assert goals[2].startswith("3 - ") and narrative.cell(3 + len(FW.goals), 1).value is None


def test_instructions_in_both_languages():
    wb = _load(build_template(FW, "ORG1", "Org", 2024))
    text = " ".join(str(c.value) for c in wb[INSTRUCTIONS.nl]["A"] if c.value)
    assert "instructies" in text and "instructions" in text


def test_dropdowns_refer_to_the_hidden_list_sheet():
    wb = _load(build_template(FW, "ORG1", "Org", 2024, lang="en"))
    assert wb[LISTS_SHEET].sheet_state == "hidden"
    acts = wb[ACTIVITIES.en]
    by_column = {str(dv.sqref).split(":")[0][0]: dv for dv in acts.data_validations.dataValidation}
    # goal D, focus E, country F, status G, progress K
    assert set(by_column) == {"D", "E", "F", "G", "K"}
    assert by_column["D"].formula1 == "=list_goal"
    assert by_column["G"].showErrorMessage and not by_column["F"].showErrorMessage
    inds = {str(dv.sqref)[0] for dv in wb[INDICATORS.en].data_validations.dataValidation}
    assert inds == {"A", "D"}  # indicator code and sex
    for field in ("goal", "focus", "status", "progress", "country", "indicator_code"):
        ref = wb.defined_names[f"list_{field}"].attr_text
        assert ref.replace("'", "").startswith(f"{LISTS_SHEET}!")
    lists = wb[LISTS_SHEET]
    codes = [c.value for c in lists["F"][1:] if c.value]
    assert codes == [i.code for i in FW.indicators]


def test_header_rows_locked_and_data_cells_unlocked():
    wb = _load(build_template(FW, "ORG1", "Org", 2024, ACTS))
    for spec in (ACTIVITIES, INDICATORS, NARRATIVE):
        ws = wb[spec.nl]
        assert ws.protection.sheet
        assert ws["A1"].protection.locked and ws["A2"].protection.locked
        assert ws.column_dimensions["B"].protection.locked is False
    acts = wb[ACTIVITIES.nl]
    assert acts["B3"].protection.locked is False  # prefilled data stays editable
    assert acts.max_row == 2 + len(ACTS)  # unlocking created no empty cells


def test_template_has_no_formulas_even_for_text_starting_with_equals():
    data = build_template(FW, "ORG1", "Org", 2024, ACTS)
    wb = _load(data)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            assert all(c.data_type != "f" for c in row), ws.title
    assert wb[ACTIVITIES.nl]["B4"].value == "=1+1"
