"""Reading and validating returns: the column contract and every rule with its exact cell."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nap_data.framework import load_framework
from nap_data.i18n import catalogue
from nap_data.returns.content import ActivityRow
from nap_data.returns.findings import Severity
from nap_data.returns.layout import ABOUT, ACTIVITIES, INDICATORS, NARRATIVE
from nap_data.returns.reader import read_return

FW = load_framework()
YEAR = 2024
ACT_FIELDS = [c.field for c in ACTIVITIES.columns]  # A..N in this order
ACT_ROWS = [
    ["A-1", "Water project", "Wells", 3, "foreign", "Mali; Niger", "ongoing",
     dt.datetime(2023, 1, 1), dt.datetime(2025, 12, 31), 1000, "met", "women; girls", "UN", "ok"],
    ["A-2", "Second", None, "1 - Participation", "national", None, "planned",
     "2024-02-01", None, "12.5", None, None, None, None],
]  # fmt: skip
IND_FIELDS = [c.field for c in INDICATORS.columns]  # A..H in this order
IND_ROWS = [  # code, name (informative), year, value, numerator, denominator, sex, note
    ["P1.1", None, 2024, 3, None, None, "female", "note"],
    ["P1.1", "anything", "2023", "2", None, None, None, None],  # a count: whole
]
NAR_ROWS = [[1, "Highlights", "Challenges", ""], [2, None, None, None]]
ABOUT_VALUES = {"organisation_code": "ORG1", "year": YEAR, "template_version": 1}


def _labels(spec, lang):
    return [c.label(lang) for c in spec.columns]


def make_return(mutate=None, lang="en", order=None, title_rows=1, label=None) -> bytes:
    """A valid return built with openpyxl; `mutate(wb)` changes cells before saving."""
    label = label or (lambda text: text)
    wb = openpyxl.Workbook()
    about = wb.active
    about.title = ABOUT.name(lang)
    for col in ABOUT.columns:
        if col.field in ABOUT_VALUES:
            about.append([label(col.label(lang)), ABOUT_VALUES[col.field]])
    for spec, rows in ((ACTIVITIES, ACT_ROWS), (INDICATORS, IND_ROWS), (NARRATIVE, NAR_ROWS)):
        ws = wb.create_sheet(spec.name(lang))
        for n in range(title_rows):
            ws.append([f"Title line {n + 1}"])
        idx = order(len(spec.columns)) if order else list(range(len(spec.columns)))
        ws.append([label(_labels(spec, lang)[i]) for i in idx])
        for row in rows:
            ws.append([row[i] for i in idx])
    if mutate:
        mutate(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read(data: bytes, **kw):
    kw.setdefault("expected_org", "ORG1")
    kw.setdefault("expected_year", YEAR)
    return read_return(data, FW, **kw)


def errors(findings):
    return {
        (f.code.removeprefix("returns.validate."), f.cell)
        for f in findings
        if f.severity == "error"
    }


def test_valid_return_reads_clean():
    content, findings = read(make_return())
    assert findings == []
    assert content.organisation_code == "ORG1" and content.year == YEAR
    assert content.template_version == 1
    first, second = content.activities
    assert first == ActivityRow(
        title="Water project",
        goal_number=3,
        focus="foreign",
        status="ongoing",
        start_date=dt.date(2023, 1, 1),
        reference="A-1",
        description="Wells",
        countries=("ML", "NE"),
        end_date=dt.date(2025, 12, 31),
        budget_eur=1000.0,
        progress="met",
        target_groups=("women", "girls"),
        partners="UN",
        results="ok",
    )
    assert second.goal_number == 1 and second.start_date == dt.date(2024, 2, 1)
    assert second.budget_eur == 12.5 and second.countries == ()
    assert [(i.indicator_code, i.year, i.value, i.sex) for i in content.indicators] == [
        ("P1.1", 2024, 3.0, "female"),
        ("P1.1", 2023, 2.0, "total"),
    ]
    assert [n.goal_number for n in content.narratives] == [1]  # goal 2 left empty


def test_dutch_labels_reordered_columns_title_rows_and_messy_case_read_the_same():
    base, _ = read(make_return())
    messy = make_return(
        lang="nl",
        order=lambda n: list(reversed(range(n))),
        title_rows=3,
        label=lambda text: f"  {text.upper()} ",
    )
    content, findings = read(messy)
    assert findings == []
    assert content == base


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_label_in_both_languages_is_recognised(lang):
    for spec in (ACTIVITIES, INDICATORS, NARRATIVE, ABOUT):
        for col in spec.columns:
            assert spec.match(f" {col.label(lang).lower()} ") == col


def _set(sheet: str, cell: str, value):
    def mutate(wb):
        wb[sheet][cell] = value

    return mutate


CASES = [  # sheet, cell, new value, expected error code
    ("Activities", "B3", None, "required"),
    ("Activities", "B3", "x" * 201, "too_long"),
    ("Activities", "D3", 9, "goal_unknown"),
    ("Activities", "D3", "World peace", "goal_unknown"),
    ("Activities", "D3", None, "required"),
    ("Activities", "E3", "abroad", "focus_unknown"),
    ("Activities", "F3", None, "country_required"),
    ("Activities", "F3", "Mali; Atlantis", "country_unknown"),
    ("Activities", "G3", "done", "status_unknown"),
    ("Activities", "H3", None, "required"),
    ("Activities", "H3", "31-12-2024", "date_invalid"),
    ("Activities", "H4", "2024-02-30", "date_invalid"),
    ("Activities", "I3", dt.datetime(2022, 1, 1), "end_before_start"),
    ("Activities", "J3", -5, "budget_negative"),
    ("Activities", "J3", "1.000,50", "number_ambiguous"),
    ("Activities", "K3", "great", "progress_unknown"),
    ("Activities", "L3", "women; elders", "target_group_unknown"),
    ("Activities", "A4", " a-1 ", "duplicate_id"),
    ("Activities", "B4", "water PROJECT", "duplicate_title"),
    ("Indicators", "A3", "X9", "indicator_unknown"),
    ("Indicators", "C3", 2019, "indicator_year"),
    ("Indicators", "C3", "soon", "indicator_year"),
    ("Indicators", "D3", "many", "number_invalid"),
    ("Indicators", "D3", None, "required"),
    ("Indicators", "E3", "ten", "number_invalid"),
    ("Indicators", "F3", -1, "number_negative"),
    ("Indicators", "G3", "x", "sex_unknown"),
    ("Indicators", "A4", "p1.1", "duplicate_indicator"),
    ("Narrative", "A3", 9, "goal_unknown"),
    ("About", "B1", "ORG2", "org_mismatch"),
    ("About", "B1", None, "about_missing"),
    ("About", "B2", 2023, "year_mismatch"),
    ("About", "B2", "twenty", "year_invalid"),
    ("About", "B3", 2, "template_version"),
    ("About", "B3", "1.5", "template_version"),
]


@pytest.mark.parametrize(("sheet", "cell", "value", "code"), CASES)
def test_each_rule_names_its_cell(sheet, cell, value, code):
    mutate = _set(sheet, cell, value)
    if code == "duplicate_indicator":  # make the second row the same year and sex
        mutate = _both(mutate, _set("Indicators", "C4", 2024), _set("Indicators", "G4", "F"))
    content, findings = read(make_return(mutate))
    assert content is None
    assert errors(findings) == {(code, cell)}
    finding = next(f for f in findings if f.severity == "error")
    assert finding.sheet == sheet and finding.location() == f"{sheet}!{cell}"
    assert finding.column
    for lang in ("nl", "en"):
        assert not finding.message(lang).startswith("returns.")


def _both(*mutations):
    def mutate(wb):
        for m in mutations:
            m(wb)

    return mutate


def test_year_outside_plan_is_an_error_without_expected_year():
    data = make_return(_set("About", "B2", 2019))
    content, findings = read_return(data, FW)
    assert content is None and errors(findings) == {("year_outside_plan", "B2")}


@pytest.mark.parametrize(
    ("cell", "value", "code"),
    [("I3", dt.datetime(2024, 6, 30), "end_date_past"), ("J3", 60_000_000, "budget_high")],
)
def test_warnings_do_not_block(cell, value, code):
    content, findings = read(make_return(_set("Activities", cell, value)))
    assert content is not None
    assert [(f.severity, f.code, f.cell) for f in findings] == [
        (Severity.WARNING, f"returns.validate.{code}", cell)
    ]


def test_all_problems_found_in_one_pass():
    def mutate(wb):
        acts = wb["Activities"]
        acts["B3"], acts["E3"], acts["H4"], acts["J4"] = None, "abroad", "soon", "-1"
        wb["Indicators"]["A3"] = "NOPE"
        wb["About"]["B3"] = 7

    content, findings = read(make_return(mutate))
    assert content is None
    assert errors(findings) == {
        ("required", "B3"),
        ("focus_unknown", "E3"),
        ("date_invalid", "H4"),
        ("budget_negative", "J4"),
        ("indicator_unknown", "A3"),
        ("template_version", "B3"),
    }


def test_values_are_trimmed_blank_rows_ignored_and_numbers_as_text():
    def mutate(wb):
        acts = wb["Activities"]
        acts["B3"], acts["E3"], acts["J3"] = "  Water project  ", " FOREIGN ", " 1000.0 "
        acts.append([None, "   "])  # a blank row
        acts.append([])
        acts.append(
            ["A-3", "Third", None, "Protection", "Beide", "MLI;Nederland", "lopend", "2024-01-01"]
        )

    content, findings = read(make_return(mutate))
    assert findings == []
    assert (
        content.activities[0].title == "Water project" and content.activities[0].focus == "foreign"
    )
    third = content.activities[2]
    assert (third.goal_number, third.focus, third.countries, third.status) == (
        3,
        "both",
        ("ML", "NL"),
        "ongoing",
    )


def test_missing_sheet_header_and_column_are_errors():
    def mutate(wb):
        del wb["Narrative"]
        wb["Indicators"].delete_rows(1, 10)
        wb["Activities"]["G2"] = "Something else"  # Status header gone

    content, findings = read(make_return(mutate))
    assert content is None
    codes = {f.code.removeprefix("returns.validate.") for f in findings}
    assert codes >= {"sheet_missing", "header_missing", "column_missing"}
    missing = next(f for f in findings if f.code.endswith("column_missing"))
    assert missing.sheet == "Activities" and "Status" in missing.message("en")


def test_file_gate_runs_first_and_stops():
    content, findings = read(b"this is not a workbook")
    assert content is None and findings
    assert all(f.code.startswith("returns.file.") for f in findings)


def test_every_validate_code_has_both_languages():
    keys = [k for k in catalogue() if k.startswith("returns.validate.")]
    assert len(keys) >= 30
    for _, _, _, code in CASES:
        assert f"returns.validate.{code}" in catalogue()


_cell_values = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
    st.sampled_from(["", " ", "3 - Protection", "Mali;;", "2024-13-01", "1e5", ".5", "-0"]),
)


@settings(max_examples=200, deadline=None, database=None)
@given(
    acts=st.lists(st.lists(_cell_values, min_size=14, max_size=14), max_size=3),
    inds=st.lists(st.lists(_cell_values, min_size=8, max_size=8), max_size=2),
    about=st.lists(_cell_values, min_size=3, max_size=3),
)
def test_random_cell_values_never_raise(acts, inds, about):
    def mutate(wb):
        for n, value in enumerate(about, start=1):
            wb["About"].cell(n, 2, value)
        for sheet, rows in (("Activities", acts), ("Indicators", inds)):
            for row in rows:
                wb[sheet].append(row)

    content, findings = read(make_return(mutate))
    assert content is None or not any(f.severity == "error" for f in findings)
    for f in findings:
        assert f.message("nl") and f.message("en")


def _indicator_row(**cells):
    """Sets cells of the first indicator row (row 3), e.g. A="P4.1", D=None."""

    def mutate(wb):
        for letter, value in cells.items():
            wb["Indicators"][f"{letter}3"] = value

    return mutate


P4 = {"A": "P4.1", "C": 2024}  # P4.1 is a percent indicator of the plan
RATIO_ERRORS = [  # cells of row 3, expected error (code, cell)
    ({**P4, "D": 25, "E": -3, "F": 12}, ("number_negative", "E3")),
    ({**P4, "D": 25, "E": 3, "F": -12}, ("number_negative", "F3")),
    ({**P4, "D": 25, "E": 3, "F": 0}, ("denominator_zero", "F3")),
    ({**P4, "D": 25, "E": 3, "F": "twelve"}, ("number_invalid", "F3")),
    ({**P4, "D": None, "E": 3, "F": None}, ("value_required_percent", "D3")),
    ({**P4, "D": None, "E": 3, "F": 0}, ("denominator_zero", "F3")),
    ({**P4, "D": 0, "E": 0, "F": 0}, ("denominator_zero", "F3")),
    ({"D": None, "E": 3, "F": 12}, ("required", "D3")),  # P1.1 counts: no value computed
]


@pytest.mark.parametrize(("cells", "expected"), RATIO_ERRORS)
def test_numerator_and_denominator_rules_name_their_cell(cells, expected):
    content, findings = read(make_return(_indicator_row(**cells)))
    assert content is None
    assert expected in errors(findings)
    assert all(code != "required" or cell == "D3" for code, cell in errors(findings))


RATIO_OK = [  # cells of row 3, expected (value, numerator, denominator), expected warnings
    ({**P4, "D": None, "E": 3, "F": 12}, (25.0, 3.0, 12.0), []),
    ({**P4, "D": None, "E": "1", "F": "3"}, (100 / 3, 1.0, 3.0), []),
    ({**P4, "D": 25.4, "E": 1, "F": 4}, (25.4, 1.0, 4.0), []),
    ({**P4, "D": 40, "E": 3, "F": 12}, (40.0, 3.0, 12.0), [("percent_mismatch", "D3")]),
    ({"D": 7, "E": 1, "F": 3}, (7.0, 1.0, 3.0), []),  # a count: no percentage check
    ({"D": 7, "E": None, "F": 0}, (7.0, None, 0.0), []),  # a denominator alone may be 0
]


@pytest.mark.parametrize(("cells", "numbers", "warns"), RATIO_OK)
def test_percent_value_from_numerator_and_denominator(cells, numbers, warns):
    content, findings = read(make_return(_indicator_row(**cells)))
    assert content is not None
    first = content.indicators[0]
    assert (first.value, first.numerator, first.denominator) == pytest.approx(numbers)
    shown = [(f.code.removeprefix("returns.validate."), f.cell) for f in findings]
    assert shown == warns
    assert all(f.severity == "warning" for f in findings)
    if warns:
        assert "25.0" in findings[0].message("en") and "40" in findings[0].message("nl")


def test_informative_and_unknown_columns_and_the_indicator_list_are_ignored():
    def mutate(wb):
        inds = wb["Indicators"]
        inds["B3"], inds["B4"] = "not the name of P1.1", 12345
        inds["I2"], inds["I3"] = "Remarks", "whatever"  # a column the contract does not know
        acts = wb["Activities"]
        acts["O2"], acts["O3"] = "Internal code", -99
        listed = wb.create_sheet("Indicator list")
        listed.append(["Indicator code", "Indicator name"])
        listed.append(["NOT-A-CODE", None])

    base, _ = read(make_return())
    content, findings = read(make_return(mutate))
    assert findings == [] and content == base
