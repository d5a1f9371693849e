"""The return template: round trip through the reader, dropdowns, protection, no formulas."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from nap_data.framework import load_framework
from nap_data.returns.content import ActivityRow, IndicatorRow, NarrativeRow
from nap_data.returns.filecheck import check_file
from nap_data.returns.layout import (
    ABOUT,
    ACTIVITIES,
    INDICATOR_LIST,
    INDICATORS,
    INSTRUCTIONS,
    LISTS_SHEET,
    NARRATIVE,
)
from nap_data.returns.reader import read_return
from nap_data.returns.template import HEADER_FILL, REQUIRED_FILL, build_template, text_height

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


def _validations(ws) -> dict:
    """Column letter -> the data validation of that column (rows 3 down)."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        first = str(dv.sqref).split(":")[0]
        out[first.rstrip("0123456789")] = dv
    return out


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_template_round_trip_gives_the_same_activities(lang):
    data = build_template(FW, "ORG1", "Org One", 2024, ACTS, lang=lang)
    assert check_file(data) == []
    content, findings = read_return(data, FW, expected_org="ORG1", expected_year=2024)
    assert findings == []
    assert content.activities == ACTS
    assert (content.organisation_code, content.year, content.template_version) == (
        "ORG1",
        2024,
        FW.template_version,
    )


def test_empty_template_reads_as_an_empty_return():
    content, findings = read_return(build_template(FW, "ORG1", "Org", 2024), FW)
    assert findings == [] and content.activities == () and content.narratives == ()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_sheets_and_labels_in_the_chosen_language(lang):
    wb = _load(build_template(FW, "ORG1", "Org One", 2024, ACTS, lang=lang))
    names = [s.name(lang) for s in (INSTRUCTIONS, ABOUT, ACTIVITIES, INDICATORS, NARRATIVE)]
    assert wb.sheetnames == [*names, INDICATOR_LIST.name(lang), LISTS_SHEET]
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
        (ABOUT.columns[0].label(lang), "ORG1"),
        (ABOUT.columns[1].label(lang), "Org One"),
        (ABOUT.columns[2].label(lang), 2024),
        (ABOUT.columns[3].label(lang), FW.template_version),
    ]
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
    acts = _validations(wb[ACTIVITIES.en])
    by_column = {c: dv for c, dv in acts.items() if dv.type == "list"}
    # goal D, focus E, country F, status G, progress K
    assert set(by_column) == {"D", "E", "F", "G", "K"}
    # the defined name without a leading "=", as Excel writes <formula1> itself
    assert by_column["D"].formula1 == "list_goal"
    assert by_column["G"].showErrorMessage and not by_column["F"].showErrorMessage
    inds = _validations(wb[INDICATORS.en])
    assert {c for c, dv in inds.items() if dv.type == "list"} == {"A", "G"}  # code and sex
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


INDS = (
    IndicatorRow("P4.1", 2024, 25.0, numerator=3, denominator=12, note="3 of 12 =missions"),
    IndicatorRow("P1.1", 2024, 40.0, sex="female"),
    IndicatorRow("P1.1", 2023, 55.0),  # a count: whole
)
NOTES = (
    NarrativeRow(1, highlights="Mediators trained", lessons="Start earlier"),
    NarrativeRow(3, challenges="=Funding gaps\nand delays"),
)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_prefilled_indicators_and_narratives_read_back_unchanged(lang):
    data = build_template(
        FW, "ORG1", "Org One", 2024, ACTS, lang, indicators=INDS, narratives=NOTES
    )
    content, findings = read_return(data, FW, expected_org="ORG1", expected_year=2024)
    assert findings == []
    assert content.indicators == INDS and content.narratives == NOTES
    assert content.activities == ACTS
    inds = _load(data)[INDICATORS.name(lang)]
    name = next(i for i in FW.indicators if i.code == "P4.1")
    assert inds["B3"].value == (name.name_en if lang == "en" else name.name_nl)
    assert (inds["E3"].value, inds["F3"].value) == (3, 12)


def test_positional_arguments_still_work():
    data = build_template(FW, "ORG1", "Org", 2024, ACTS, "en")
    assert _load(data).sheetnames[2] == ACTIVITIES.en


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_visible_indicator_list_with_every_code_and_name(lang):
    wb = _load(build_template(FW, "ORG1", "Org", 2024, lang=lang))
    ws = wb[INDICATOR_LIST.name(lang)]
    assert ws.sheet_state == "visible" and ws.protection.sheet
    assert [c.value for c in ws[2]] == [c.label(lang) for c in INDICATOR_LIST.columns]
    rows = [(r[0].value, r[1].value) for r in ws.iter_rows(min_row=3) if r[0].value]
    assert rows == [(i.code, i.name_en if lang == "en" else i.name_nl) for i in FW.indicators]
    assert any("%" in str(r[2].value) for r in ws.iter_rows(min_row=3))  # the unit is shown


def test_required_columns_have_their_own_header_fill_explained_in_the_instructions():
    wb = _load(build_template(FW, "ORG1", "Org", 2024, lang="en"))
    assert REQUIRED_FILL.fgColor.rgb != HEADER_FILL.fgColor.rgb
    for spec in (ACTIVITIES, INDICATORS, NARRATIVE):
        for cell, col in zip(wb[spec.en][2], spec.columns, strict=True):
            fill = REQUIRED_FILL if col.required else HEADER_FILL
            assert cell.fill.fgColor.rgb == fill.fgColor.rgb, (spec.en, col.en)
            assert cell.value == col.en  # the label itself is unchanged (matched exactly)
    text = " ".join(str(c.value) for c in wb[INSTRUCTIONS.en]["A"] if c.value)
    assert "orange are required" in text and "oranje zijn verplicht" in text


def test_dropdown_and_date_columns_show_an_input_message_and_short_titles():
    wb = _load(build_template(FW, "ORG1", "Org", 2024, lang="nl"))
    for spec, prompted in (
        (ACTIVITIES, {"D", "E", "F", "G", "H", "I", "K"}),
        (INDICATORS, {"A", "E", "F", "G"}),
    ):
        found = _validations(wb[spec.nl])
        assert set(found) == prompted
        for letter, dv in found.items():
            col = spec.columns[openpyxl.utils.column_index_from_string(letter) - 1]
            assert dv.showInputMessage and dv.prompt and len(dv.prompt) <= 255
            assert dv.promptTitle == col.nl and len(dv.promptTitle) <= 32
            if dv.showErrorMessage:
                assert dv.errorTitle == col.nl and len(dv.errorTitle) <= 32
                assert dv.error and len(dv.error) <= 255
    assert "JJJJ-MM-DD" in _validations(wb[ACTIVITIES.nl])["H"].prompt


def test_row_heights_fit_the_wrapped_text_and_text_columns_wrap():
    wb = _load(build_template(FW, "ORG1", "Org", 2024, ACTS, "en", narratives=NOTES))
    ws = wb[INSTRUCTIONS.en]
    width = ws.column_dimensions["A"].width
    for cell in ws["A"]:
        if cell.value and cell.alignment.wrap_text:
            height = ws.row_dimensions[cell.row].height
            assert height == text_height(cell.value, width) and height >= 18
    assert text_height("x" * 300, 100) > text_height("x" * 90, 100)
    acts = wb[ACTIVITIES.en]
    assert acts.column_dimensions["B"].width >= 60  # Title
    notes = wb[NARRATIVE.en]
    for letter in "BCD":
        assert notes.column_dimensions[letter].width >= 60
        assert notes.column_dimensions[letter].alignment.wrap_text
    assert notes["B3"].alignment.wrap_text
