"""Issue 9, items 4 and 5: the validator against a careless or hostile signatory.

Each rule by one changed cell of a valid return (`make_return` of test_returns_validate),
asserting its message code and cell; years and dates that used to crash give a finding;
look-alike identifiers are one activity; a rejected file changes nothing in the store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import openpyxl
import pytest

from nap_data.framework import (
    DEFAULT_MAX,
    FrameworkError,
    IndicatorSpec,
    load_framework,
    parse_framework,
)
from nap_data.i18n import LANGUAGES
from nap_data.returns.content import TEXT_LIMITS, clean_code, identity_key
from nap_data.returns.layout import INSTRUCTIONS
from nap_data.returns.parse import match_goal, number_fix, parse_number
from nap_data.returns.reader import Table, load
from nap_data.returns.samples import clean_return
from nap_data.returns.template import build_template
from nap_data.returns.validate import validate
from nap_data.services import SYSTEM
from nap_data.services.imports import import_return
from nap_data.store import data_version
from tests.conftest import REPO
from tests.test_returns_validate import FW, YEAR, errors, make_return, read


def _cells(**cells):
    """Sets cells, e.g. _cells(Activities={"D3": 4}, About={"B1": "BZ"})."""

    def mutate(wb):
        for sheet, values in cells.items():
            for cell, value in values.items():
                wb[sheet][cell] = value

    return mutate


def _messages(finding) -> dict[str, str]:
    return {lang: finding.message(lang) for lang in LANGUAGES}


def _only_error(findings):
    found = [f for f in findings if f.severity == "error"]
    assert len(found) == 1, [f.code for f in found]
    finding = found[0]
    assert finding.sheet and finding.cell and finding.column
    for text in _messages(finding).values():
        assert not text.startswith("returns.") and "{" not in text
    return finding


P4 = {"A3": "P4.1", "C3": YEAR}  # a percent indicator of the plan
NATIONAL = {"A3": "SDG-5.5.1a", "C3": YEAR, "D3": 40, "G3": None}  # reported by BZ only
CASES = [  # cells to change, expected (code, cell)
    # goals: number and name must agree
    ({"Activities": {"D3": "3 - Participation"}}, ("goal_mismatch", "D3")),
    ({"Activities": {"D3": "1 - Bescherming"}}, ("goal_mismatch", "D3")),
    ({"Narrative": {"A3": "2 - Participatie"}}, ("goal_mismatch", "A3")),
    # numbers typed as text that read two ways
    ({"Activities": {"J3": "250.000"}}, ("number_ambiguous", "J3")),
    ({"Activities": {"J3": "1.234,56"}}, ("number_ambiguous", "J3")),
    ({"Activities": {"J3": "1,234.56"}}, ("number_ambiguous", "J3")),
    ({"Activities": {"J3": "12,5"}}, ("number_ambiguous", "J3")),
    ({"Indicators": {"D3": "1.500"}}, ("number_ambiguous", "D3")),
    # dates far outside the plan
    ({"Activities": {"H3": dt.datetime(1901, 1, 1)}}, ("date_outside_plan", "H3")),
    ({"Activities": {"H3": "0001-01-01"}}, ("date_outside_plan", "H3")),
    ({"Activities": {"I3": "9999-12-31"}}, ("date_outside_plan", "I3")),
    # text limits
    ({"Activities": {"A3": "R" * 101}}, ("text_too_long", "A3")),
    ({"Activities": {"C3": "x" * (TEXT_LIMITS["description"] + 1)}}, ("text_too_long", "C3")),
    ({"Activities": {"M3": "p" * (TEXT_LIMITS["partners"] + 1)}}, ("text_too_long", "M3")),
    ({"Activities": {"N3": "r" * (TEXT_LIMITS["results"] + 1)}}, ("text_too_long", "N3")),
    ({"Indicators": {"H3": "n" * (TEXT_LIMITS["note"] + 1)}}, ("text_too_long", "H3")),
    ({"Narrative": {"B3": "h" * (TEXT_LIMITS["highlights"] + 1)}}, ("text_too_long", "B3")),
    ({"Narrative": {"D3": "l" * (TEXT_LIMITS["lessons"] + 1)}}, ("text_too_long", "D3")),
    # look-alike references are the same activity
    ({"Activities": {"A4": "A\u200b-1"}}, ("duplicate_id", "A4")),
    ({"Activities": {"A4": "\u0410-1"}}, ("duplicate_id", "A4")),  # Cyrillic A
    ({"Activities": {"A4": "\uff21\uff0d\uff11"}}, ("duplicate_id", "A4")),  # full width
    ({"Activities": {"B4": "Water\u200b project"}}, ("duplicate_title", "B4")),
    # indicator values by unit
    ({"Indicators": {"D3": -5}}, ("number_negative", "D3")),
    ({"Indicators": {"D3": 2.5}}, ("count_whole", "D3")),
    ({"Indicators": {"D3": 1e300}}, ("value_too_high", "D3")),
    ({"Indicators": {"D3": DEFAULT_MAX["count"] + 1}}, ("value_too_high", "D3")),
    ({"Indicators": {**P4, "D3": 250}}, ("percent_range", "D3")),
    ({"Indicators": {**P4, "D3": -50}}, ("percent_range", "D3")),
    ({"Indicators": {**P4, "D3": 100.5}}, ("percent_range", "D3")),
    ({"Indicators": {**P4, "D3": 100, "E3": 13, "F3": 12}}, ("numerator_above_denominator", "E3")),
    ({"Indicators": {**P4, "D3": None, "E3": 13, "F3": 12}}, ("numerator_above_denominator", "E3")),
    ({"Indicators": {"E3": 2e9}}, ("value_too_high", "E3")),
    # indicator years
    ({"Indicators": {"C3": YEAR + 1}}, ("indicator_year_future", "C3")),
    ({"Indicators": {"C3": 10000}}, ("indicator_year", "C3")),
    ({"Indicators": {"C3": -2025}}, ("indicator_year", "C3")),
    # a national indicator from another organisation than its reporter
    ({"Indicators": NATIONAL}, ("indicator_reporter", "A3")),
    ({"Indicators": {**NATIONAL, "A3": "sdg-5.5.1A"}}, ("indicator_reporter", "A3")),
]


@pytest.mark.parametrize(("cells", "expected"), CASES, ids=[f"{c}@{e[1]}" for c, e in CASES])
def test_each_rule_names_its_cell(cells, expected):
    content, findings = read(make_return(_cells(**cells)))
    assert content is None
    finding = _only_error(findings)
    assert (finding.code.removeprefix("returns.validate."), finding.cell) == expected
    sheet = next(iter(cells))
    assert finding.sheet == sheet and finding.location() == f"{sheet}!{expected[1]}"


def test_goal_mismatch_names_the_number_and_both_names():
    finding = _only_error(read(make_return(_cells(Activities={"D3": "3 - Participation"})))[1])
    messages = _messages(finding)
    assert "Participation" in messages["en"] and "Protection" in messages["en"]
    assert "Participation" in messages["nl"] and "Bescherming" in messages["nl"]
    assert " 3 " in messages["en"] and finding.value == "3 - Participation"


@pytest.mark.parametrize(
    ("typed", "fix"), [("250.000", "250000"), ("1.234,56", "1234.56"), ("1,234.56", "1234.56")]
)
def test_ambiguous_number_message_states_the_fix(typed, fix):
    finding = _only_error(read(make_return(_cells(Activities={"J3": typed})))[1])
    for text in _messages(finding).values():
        assert typed in text and fix in text


@pytest.mark.parametrize(
    "goal", ["3", 3, 3.0, "3 - Bescherming", "3 - Protection", "Protection", "bescherming "]
)
def test_goal_by_number_or_exact_name_in_either_language(goal):
    content, findings = read(make_return(_cells(Activities={"D3": goal})))
    assert findings == [] and content.activities[0].goal_number == 3


@pytest.mark.parametrize("budget", [250000, 250000.0, 1234.56, "1234.56", "12.5", "0.125", "-0"])
def test_real_numbers_stay_numbers(budget):
    content, findings = read(make_return(_cells(Activities={"J3": budget})))
    assert [f for f in findings if f.severity == "error"] == []
    assert content.activities[0].budget_eur == float(budget)


def test_number_fix_and_parse_number_agree():
    for text in ("250.000", "1.234,56", "-2.500", "250 000", "1,234", "12,5"):
        assert parse_number(text) is None and number_fix(text)
    for text in ("12.5", "0.125", "1.5", "2024", ".5"):
        assert parse_number(text) is not None and number_fix(text) is None
    assert number_fix("1,234") == "1234 / 1.234"  # both readings named
    assert match_goal("3 - Participation", FW) == (3, "Participation")
    assert match_goal("9 - Participation", FW) == (None, None)


def test_valid_values_at_the_bounds_are_accepted():
    cells = {"Indicators": {**P4, "D3": 100, "E3": 12, "F3": 12, "C4": 2021, "D4": 0}}
    content, findings = read(make_return(_cells(**cells)))
    assert [f for f in findings if f.severity == "error"] == []
    assert content.indicators[0].value == 100 and content.indicators[1].value == 0


def test_national_indicator_from_its_reporter_is_accepted():
    mutate = _cells(About={"B1": "bz"}, Indicators=NATIONAL)
    content, findings = read(make_return(mutate), expected_org=None)
    assert findings == [] and content.indicators[0].indicator_code == "SDG-5.5.1a"
    rate = {**NATIONAL, "A3": "SDG-16.1.2", "D3": 1001}  # max_value 1000 in the framework
    _, findings = read(make_return(_cells(About={"B1": "BZ"}, Indicators=rate)), expected_org=None)
    assert errors(findings) == {("value_too_high", "D3")}
    assert "1,000" in _only_error(findings).message("en")


def test_codes_are_normalised_before_they_are_compared():
    mutate = _cells(
        About={"B1": "\u200bORG1\u00ad"},
        Indicators={"A3": "P1\u200b.1", "A4": "\uff30\uff11.\uff11"},  # zero-width, full width
        Activities={"A3": " A\u200b-1 "},
    )
    content, findings = read(make_return(mutate))
    assert findings == []
    assert content.organisation_code == "ORG1"
    assert [i.indicator_code for i in content.indicators] == ["P1.1", "P1.1"]
    assert content.activities[0].reference == "A-1"
    assert content.activities[0].key == identity_key("a-1", "whatever")


def test_identity_key_folds_look_alikes():
    same = ["A-1", "a-1", "A\u200b-1", "\u0410-1", "\uff21-1", " A-1\u2060", "A-1\ufeff"]
    assert {identity_key(ref, "t") for ref in same} == {"ref:a-1"}
    assert identity_key("\u200b", "Title") == "title:title"
    assert clean_code("B\u200bZ\x00") == "BZ"
    assert len(identity_key("\ufdfa" * 100, "t")) <= 220  # NFKC expands; the column holds 220


# --- years that crashed ---------------------------------------------------------------


@pytest.mark.parametrize("year", [-2025, 0, 10000, 2**40, 1e300, "2.025"])
def test_any_reporting_year_gives_a_finding_not_an_exception(year):
    content, findings = read(make_return(_cells(About={"B2": year})), expected_year=None)
    assert content is None
    code = {f.code.removeprefix("returns.validate.") for f in findings if f.severity == "error"}
    assert code <= {"year_outside_plan", "year_invalid"} and code
    assert findings[0].sheet and findings[0].cell == "B2"


@pytest.mark.parametrize("year", [-2025, 0, 10000])
def test_an_expected_year_outside_every_date_range_does_not_crash(year):
    mutate = _cells(About={"B2": year}, Activities={"I3": "2021-01-01"})  # ongoing, ended
    content, findings = read(make_return(mutate), expected_year=year)
    assert content is None and findings


# --- control characters, also from formula results --------------------------------------


def _raw_with(key: str, row: tuple):
    raw = load(clean_return(FW))
    table: Table = raw.tables[key]
    rows = [(table.header_row + 1, row), *table.rows[1:]]
    return dataclasses.replace(
        raw, tables={**raw.tables, key: dataclasses.replace(table, rows=rows)}
    )


@pytest.mark.parametrize("char", ["\x1b", "\x00", "\x7f", "\x85", "\x9b", "\x08"])
def test_control_characters_are_refused_in_every_text_cell(char):
    raw = load(clean_return(FW))
    table = raw.tables["activities"]
    number, values = table.rows[0]
    for field, (index, _label) in table.columns.items():
        if field in ("start_date", "end_date", "budget"):
            continue
        changed = list(values) + [None] * (index + 1 - len(values))
        changed[index] = f"{changed[index] or 'x'}{char}"
        raw2 = _raw_with("activities", tuple(changed))
        content, findings = validate(raw2, FW)
        found = [f for f in findings if f.code.endswith("control_character")]
        assert content is None and len(found) == 1, field
        assert found[0].column == _label and found[0].cell.endswith(str(number))
        assert f"U+{ord(char):04X}" in found[0].value


def test_tab_and_line_breaks_stay_text():
    raw = load(clean_return(FW))
    number, values = raw.tables["activities"].rows[0]
    index = raw.tables["activities"].columns["description"][0]
    changed = list(values)
    changed[index] = "Line one\nline two\r\n\tindented"
    content, findings = validate(_raw_with("activities", tuple(changed)), FW)
    assert content is not None, [f.code for f in findings]


def test_control_character_on_the_about_sheet_and_in_a_formula_result():
    # The file check refuses control characters in the workbook's strings; text that gets
    # past it (a formula result of type str, say) meets the same rule in the validator.
    raw = load(clean_return(FW))
    sheet, rows = raw.about
    rows = [(n, (v[0], f"{v[1]}\x85")) if n == rows[0][0] else (n, v) for n, v in rows]
    content, findings = validate(dataclasses.replace(raw, about=(sheet, rows)), FW)
    finding = _only_error(findings)
    assert finding.code.endswith("control_character") and finding.cell == f"B{rows[0][0]}"
    assert "U+0085" in finding.value
    number, values = raw.tables["narrative"].rows[0]
    content, findings = validate(_raw_with("narrative", (values[0], "ok\x9bthen", None, None)), FW)
    assert content is None
    assert [f.cell for f in findings if f.code.endswith("control_character")] == [f"B{number}"]


# --- the framework's bounds ------------------------------------------------------------


def test_framework_bounds_and_reporters():
    national = [i for i in FW.indicators if i.level == "national"]
    assert national and {i.reporter for i in national} == {"BZ"}
    assert all(i.reporter is None for i in FW.indicators if i.level == "signatory")
    spec = IndicatorSpec("X", 1, "x", "x", "percent", "increase", "mean", "signatory")
    assert spec.upper_bound == 100 and dataclasses.replace(spec, max_value=500).upper_bound == 100
    assert dataclasses.replace(spec, unit="count", max_value=50).upper_bound == 50
    four = load_framework(FW_FOUR)
    assert next(i for i in four.indicators if i.code == "V1.1").upper_bound == 100_000


FW_FOUR = REPO / "nap_data" / "framework" / "example_four_goals.toml"


BAD_FIELDS = [("max_value", 0), ("max_value", '"ten"'), ("max_value", "nan"), ("reporter", '""')]


@pytest.mark.parametrize(("field", "value"), BAD_FIELDS)
def test_framework_refuses_a_bad_bound_or_reporter(field, value):
    text = FW_FOUR.read_text(encoding="utf-8")
    text = text.replace('code = "V2.1"\n', f'code = "V2.1"\n{field} = {value}\n')
    with pytest.raises(FrameworkError, match="V2.1"):
        parse_framework(text.encode())


def test_template_states_the_length_limits():
    data = build_template(FW, "ORG1", "Org One", YEAR, (), "en")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    text = " ".join(str(c.value) for c in wb[INSTRUCTIONS.en]["A"] if c.value)
    for limit in TEXT_LIMITS.values():
        assert str(limit) in text
    assert "characters" in text and "tekens" in text


# --- through the import: nothing changes -------------------------------------------------

DEMO_ORG = "ORG005"


def _demo_return(**cells) -> bytes:
    about = {"B1": DEMO_ORG, **cells.pop("About", {})}
    return make_return(_cells(About=about, **cells))


def test_the_demo_return_used_below_is_accepted(demo_engine):
    result = import_return(demo_engine, _demo_return(), "ok.xlsx", SYSTEM, dry_run=True)
    assert result.status == "accepted", [f.code for f in result.errors]


IMPORT_CASES = [
    ({"About": {"B2": -2025}}, "year_outside_plan"),
    ({"About": {"B2": 10000}}, "year_outside_plan"),
    ({"About": {"B2": 0}}, "year_outside_plan"),
    ({"Activities": {"J3": "250.000"}}, "number_ambiguous"),
    ({"Activities": {"D3": "3 - Participation"}}, "goal_mismatch"),
    ({"Activities": {"A4": "A\u200b-1"}}, "duplicate_id"),
    ({"Indicators": {**P4, "D3": 250}}, "percent_range"),
    ({"Indicators": {"D3": -50}}, "number_negative"),
    ({"Indicators": {"D3": 1e300}}, "value_too_high"),
    ({"Indicators": {**P4, "D3": 100, "E3": 13, "F3": 12}}, "numerator_above_denominator"),
    ({"Activities": {"C3": "x" * 5000}}, "text_too_long"),
]


@pytest.mark.parametrize(("cells", "code"), IMPORT_CASES)
def test_a_rejected_return_changes_nothing_in_the_store(demo_engine, cells, code):
    before = data_version(demo_engine)
    result = import_return(demo_engine, _demo_return(**cells), "bad.xlsx", SYSTEM)
    assert result.status == "rejected"
    assert "returns.validate." + code in {f.code for f in result.errors}
    assert data_version(demo_engine) == before


def test_a_rejected_return_changes_nothing_on_any_store(any_engine):
    data = make_return(_cells(About={"B1": "BZ", "B2": 10000}, Indicators={"D3": 2.5}))
    before = data_version(any_engine)
    result = import_return(any_engine, data, "bad.xlsx", SYSTEM, framework=FW)
    assert result.status == "rejected" and result.errors
    assert data_version(any_engine) == before


# --- the bounds in the store (migration 0003) -------------------------------------------


def test_the_stored_framework_keeps_bounds_and_reporters(any_engine):
    from nap_data.plan_store import load_frameworks

    stored = next(f for f in load_frameworks(any_engine) if f.code == FW.code)
    assert {i.code: (i.max_value, i.reporter) for i in stored.indicators} == {
        i.code: (i.max_value, i.reporter) for i in FW.indicators
    }


def test_a_national_indicator_from_another_organisation_is_refused_by_the_import(demo_engine):
    before = data_version(demo_engine)
    result = import_return(demo_engine, _demo_return(Indicators=NATIONAL), "n.xlsx", SYSTEM)
    assert result.status == "rejected"
    assert [(f.code, f.cell) for f in result.errors] == [
        ("returns.validate.indicator_reporter", "A3")
    ]
    assert data_version(demo_engine) == before
    bz = make_return(_cells(About={"B1": "BZ"}, Indicators=NATIONAL))
    assert import_return(demo_engine, bz, "bz.xlsx", SYSTEM, dry_run=True).status == "accepted"


def test_migration_0003_adds_the_bound_columns_to_a_0002_store(tmp_path):
    from alembic import command
    from sqlalchemy import inspect

    from nap_data.store import _alembic_config, make_engine, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        command.upgrade(_alembic_config(engine), "0002")
        assert "reporter" not in {c["name"] for c in inspect(engine).get_columns("indicator")}
        upgrade(engine)
        columns = {c["name"]: c for c in inspect(engine).get_columns("indicator")}
        assert columns["max_value"]["nullable"] and columns["reporter"]["nullable"]
        command.downgrade(_alembic_config(engine), "0002")
        assert "max_value" not in {c["name"] for c in inspect(engine).get_columns("indicator")}
    finally:
        engine.dispose()
