"""The register file (pure): CSV and XLSX read, every kind of mistake by row, column and cell."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import polars as pl
import pytest

from nap_data.register import layout
from nap_data.register.findings import as_dict, where
from nap_data.register.frames import export_frame
from nap_data.register.validate import RegisterRow, check_values, parse_day, read_register
from nap_data.returns.findings import Severity
from tests import frames

GOALS = (1, 2, 3, 4, 5)
HEADER_NL = [c.nl for c in layout.COLUMNS]
HEADER_EN = [c.en for c in layout.COLUMNS]
GOOD = [
    ["BZ", "Ministerie van Buitenlandse Zaken", "ministerie", "2020-12-11", "", "Wij doen mee",
     "1; 3", "nap@bz.example", "https://www.rijksoverheid.nl"],
    ["POL", "Politie", "overheid", "11-12-2020", "31-12-2024", "", "2,4", "", ""],
    ["ORG1", "Vredesstem", "Civil-society organisation", "1/4/2022", "", "", "5", "", ""],
]  # fmt: skip
EXPECTED = [
    RegisterRow("BZ", "Ministerie van Buitenlandse Zaken", "ministry", dt.date(2020, 12, 11),
                None, "Wij doen mee", (1, 3), "nap@bz.example", "https://www.rijksoverheid.nl", 2),
    RegisterRow("POL", "Politie", "government", dt.date(2020, 12, 11), dt.date(2024, 12, 31),
                "", (2, 4), None, None, 3),
    RegisterRow("ORG1", "Vredesstem", "cso", dt.date(2022, 4, 1), None, "", (5,), None, None, 4),
]  # fmt: skip


def to_csv(rows: list[list], delimiter: str = ",", bom: bool = False) -> bytes:
    import csv

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def to_xlsx(rows: list[list], sheet: str = "Register", before: list[list] = ()) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in [*before, *rows]:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read(data: bytes, lang: str = "nl", goals=GOALS, name: str = "register.csv"):
    parsed, findings = read_register(data, name, goals, lang)
    return parsed, findings


def errors(findings):
    return [f for f in findings if f.severity is Severity.ERROR]


@pytest.mark.parametrize(
    "data",
    [
        to_csv([HEADER_NL, *GOOD]),
        to_csv([HEADER_EN, *GOOD], ";", bom=True),
        to_xlsx([HEADER_NL, *GOOD]),
    ],
    ids=["csv-comma", "csv-semicolon-bom", "xlsx"],
)
def test_a_good_file_reads_every_organisation(data):
    parsed, findings = read(data)
    assert errors(findings) == []
    assert list(parsed.rows) == EXPECTED
    assert parsed.fields == frozenset(layout.FIELDS)


def test_xlsx_with_real_dates_numbers_title_rows_and_reordered_aliased_columns():
    header = ["Organisatiecode", "Soort organisatie", "Organisatie", "Ondertekend op", "Doelen"]
    rows = [header, ["bz", "Ministry", "BZ", dt.datetime(2020, 12, 11), 3],
            ["KI", "kennisinstelling", "Een kennisinstelling", 44197, "1;2"]]  # fmt: skip
    parsed, findings = read(to_xlsx(rows, "Blad1", before=[["Register NAP 1325"], []]))
    assert errors(findings) == []
    assert [(r.code, r.type, r.joined_on, r.pledged_goals, r.row) for r in parsed.rows] == [
        ("bz", "ministry", dt.date(2020, 12, 11), (3,), 4),
        ("KI", "knowledge", dt.date(2021, 1, 1), (1, 2), 5),
    ]
    # Columns the file does not have are not part of it: an import leaves them as they are.
    assert parsed.fields == {"code", "type", "name", "joined_on", "pledged_goals"}


BAD = [  # (column, value, code, message fragment nl, message fragment en)
    ("code", "", "required", "is verplicht", "is required"),
    ("code", "B Z", "code_invalid", "mag alleen letters", "may only hold letters"),
    ("code", "X" * 21, "too_long", "21 tekens", "21 characters"),
    ("name", "", "required", "is verplicht", "is required"),
    ("type", "bedrijf", "type_unknown", "Kies een van: Ministerie, Overheid",
     "Choose one of: Ministry, Government"),
    ("joined_on", "31-02-2020", "date_invalid", "geen datum", "not a date"),
    ("joined_on", "", "required", "is verplicht", "is required"),
    ("left_on", "2019-01-01", "left_before_joined", "vóór de datum van toetreden",
     "before the date of joining"),
    ("pledged_goals", "1; 9", "goal_unknown", "'9' is geen doel", "'9' is not a goal"),
    ("pledged_goals", "een", "goal_unknown", "'een' is geen doel", "'een' is not a goal"),
    ("contact_email", "nap at bz", "email_invalid", "geen e-mailadres", "not an e-mail"),
    ("website", "www.bz.nl", "website_invalid", "https://www.bz.nl", "https://www.bz.nl"),
    ("website", "ftp://bz.nl", "website_invalid", "http://", "http://"),
]  # fmt: skip


def _row_with(column: str, value: str) -> list[str]:
    row = ["BZ", "Buitenlandse Zaken", "ministerie", "2020-12-11", "", "", "1", "", ""]
    row[layout.FIELDS.index(column)] = value
    return row


@pytest.mark.parametrize(("column", "value", "code", "nl", "en"), BAD)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_every_kind_of_mistake_names_row_column_and_cell_in_both_languages(
    kind, column, value, code, nl, en
):
    rows = [HEADER_NL, GOOD[1], _row_with(column, value)]
    data = to_csv(rows) if kind == "csv" else to_xlsx(rows)
    parsed, findings = read(data)
    assert parsed is None, "one error rejects the whole file"
    (found,) = errors(findings)
    letter = "ABCDEFGHI"[layout.FIELDS.index(column)]
    assert found.code == f"register.file.{code}"
    assert found.params["row"] == 3 and found.column == layout.column(column).nl
    assert found.location() == (f"Register!{letter}3" if kind == "xlsx" else "")
    assert nl in found.message("nl") and en in found.message("en")
    assert where(found, "en").startswith(f"row 3, column '{layout.column(column).nl}'")


def test_all_problems_of_a_file_come_in_one_pass_in_row_order():
    rows = [HEADER_EN, _row_with("type", "bedrijf"), _row_with("joined_on", "gisteren"),
            ["", "", "", "", "", "", "", "", ""], _row_with("contact_email", "x@")]  # fmt: skip
    rows[1][0], rows[2][0], rows[4][0] = "A", "B", "C"
    _, findings = read(to_csv(rows), "en")
    assert [(f.params["row"], f.code.rsplit(".", 1)[1]) for f in errors(findings)] == [
        (2, "type_unknown"),
        (3, "date_invalid"),
        (5, "email_invalid"),
    ]


def test_codes_are_unique_case_insensitively_and_a_repeated_name_is_a_warning():
    rows = [HEADER_NL, _row_with("code", "BZ"), _row_with("code", "bz"), _row_with("code", "X")]
    _, findings = read(to_xlsx(rows), "en")
    (dup,) = errors(findings)
    assert dup.code == "register.file.code_duplicate" and dup.location() == "Register!A3"
    assert "already in row 2" in dup.message("en") and "al in rij 2" in dup.message("nl")
    names = [f for f in findings if f.code == "register.file.name_duplicate"]
    assert [f.params["row"] for f in names] == [3, 4]


def test_a_missing_required_column_says_which_in_both_languages():
    rows = [[c for c in HEADER_NL if c != "Toegetreden op"], ["BZ", "BZ", "ministerie"]]
    parsed, findings = read(to_csv(rows))
    assert parsed is None
    (missing,) = errors(findings)
    assert missing.code == "register.file.column_missing"
    assert "'Toegetreden op' (Engels: 'Joined on')" in missing.message("nl")
    assert "'Joined on' (Dutch: 'Toegetreden op')" in missing.message("en")


def test_no_header_and_no_rows():
    _, findings = read(to_csv([["a", "b"], ["1", "2"]]))
    assert [f.code for f in findings] == ["register.file.header_missing"]
    _, findings = read(to_csv([HEADER_NL]))
    assert [f.code for f in findings] == ["register.file.no_rows"]


def test_unknown_and_duplicate_columns():
    rows = [[*HEADER_NL, "Telefoon", "Naam"], [*GOOD[0], "070", "x"]]
    _, findings = read(to_xlsx(rows), "en")
    assert [(f.code.rsplit(".", 1)[1], f.location(), f.severity) for f in findings] == [
        ("column_ignored", "Register!J1", Severity.WARNING),
        ("column_duplicate", "Register!K1", Severity.ERROR),
    ]
    assert "already in column B" in findings[1].message("en")


def test_a_separator_inside_a_csv_value_is_named_not_silently_shifted():
    data = b"Code;Naam;Soort;Toegetreden op;Toegezegde doelen\nBZ;BZ;ministerie;2020-12-11;1;3\n"
    _, findings = read(data, "en")
    assert findings[0].code == "register.file.extra_cells" and findings[0].params["row"] == 2
    assert "write pledged goals as 1,3" in findings[0].message("en")


def test_dutch_excel_reading_goals_as_a_decimal_number_is_explained():
    rows = [HEADER_NL, [*_row_with("pledged_goals", "")[:6], 1.3]]
    _, findings = read(to_xlsx(rows), "en")
    (found,) = errors(findings)
    assert found.code == "register.file.goals_decimal" and found.location() == "Register!G2"


def test_goals_come_from_the_plan_four_goals_refuse_goal_five():
    rows = [HEADER_NL, _row_with("pledged_goals", "4; 5")]
    parsed, findings = read(to_csv(rows), goals=(1, 2, 3, 4))
    assert parsed is None and errors(findings)[0].value == "5"
    assert "(1, 2, 3, 4)" in errors(findings)[0].message("en")
    parsed, _ = read(to_csv([HEADER_NL, _row_with("pledged_goals", "4,2,4")]), goals=(1, 2, 3, 4))
    assert parsed.rows[0].pledged_goals == (2, 4)


def test_empty_pledged_goals_warn_only_when_the_column_is_there():
    _, findings = read(to_csv([HEADER_NL, _row_with("pledged_goals", "")]))
    assert [f.code for f in findings] == ["register.file.goals_empty"]
    _, findings = read(to_csv([HEADER_NL[:4], ["BZ", "BZ", "ministerie", "2020-12-11"]]))
    assert findings == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2020-04-01", dt.date(2020, 4, 1)), ("1-4-2020", dt.date(2020, 4, 1)),
     ("01/04/2020", dt.date(2020, 4, 1)), ("1.4.2020", dt.date(2020, 4, 1)),
     (dt.datetime(2020, 4, 1), dt.date(2020, 4, 1)), (43922, dt.date(2020, 4, 1)),
     (43922.0, dt.date(2020, 4, 1)), ("2020-13-01", None), ("32-1-2020", None),
     ("april 2020", None), (12, None), (True, None)],
)  # fmt: skip
def test_dates_iso_day_first_and_excel(value, expected):
    assert parse_day(value) == expected


def test_csv_that_is_not_utf8_or_has_control_characters():
    _, findings = read("Code,Naam\nBZ,Caf\xe9\n".encode("cp1252"))
    assert findings[0].code == "register.file.encoding" and findings[0].params["row"] == 2
    assert "CSV UTF-8" in findings[0].message("en")
    _, findings = read(b"Code,Naam,Soort,Toegetreden op\nBZ,B\x1bZ,ministerie,2020-01-01\n")
    assert findings[0].code == "register.file.control_chars"


def test_an_xlsx_upload_passes_the_workbook_gate_first():
    good = to_xlsx([HEADER_NL, *GOOD])
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("xl/vbaProject.bin", b"\0" * 64)
    _, findings = read(buf.getvalue(), name="register.xlsx")
    assert [f.code for f in findings] == ["returns.file.macros"]
    _, findings = read(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600, name="register.xls")
    assert [f.code for f in findings] == ["returns.file.xls"]
    _, findings = read(b"", name="register.csv")
    assert [f.code for f in findings] == ["register.file.empty"]


def test_a_csv_named_xlsx_is_read_by_its_content():
    parsed, findings = read(to_csv([HEADER_NL, *GOOD]), name="register.xlsx")
    assert errors(findings) == [] and len(parsed.rows) == 3


def test_an_exported_apostrophe_before_a_formula_like_text_is_undone():
    rows = [HEADER_NL, _row_with("pledge", "'- meer vrouwen aan tafel")]
    parsed, _ = read(to_csv(rows))
    assert parsed.rows[0].pledge == "- meer vrouwen aan tafel"


def test_a_form_takes_text_as_typed():
    values = {"code": "A", "name": "A", "type": "cso", "joined_on": dt.date(2024, 5, 1)}
    row, _ = check_values({**values, "pledge": "'- as typed; '=too"}, GOALS)
    assert row.pledge == "'- as typed; '=too"


def test_form_values_are_checked_by_the_same_rules():
    values = {"code": "NEW", "name": " Nieuw  lid ", "type": "cso", "pledged_goals": [3, 1],
              "joined_on": dt.date(2024, 5, 1), "left_on": dt.date(2024, 1, 1)}  # fmt: skip
    row, findings = check_values(values, GOALS, "en")
    assert row is None and [f.code for f in errors(findings)] == [
        "register.file.left_before_joined"
    ]
    assert where(findings[0], "en") == "column 'Left on'"
    row, findings = check_values({**values, "left_on": None}, GOALS, "en")
    assert row == RegisterRow("NEW", "Nieuw lid", "cso", dt.date(2024, 5, 1), pledged_goals=(1, 3))


def test_finding_as_dict_for_the_json_and_the_page():
    _, findings = read(to_xlsx([HEADER_NL, _row_with("type", "bedrijf")]))
    assert as_dict(findings[0], "en") == {
        "severity": "error",
        "code": "register.file.type_unknown",
        "row": 2,
        "column": "Soort",
        "cell": "Register!C2",
        "value": "bedrijf",
        "message": "'bedrijf' is not an organisation type. Choose one of: Ministry, Government, "
        "Civil-society organisation, Knowledge institution, Other.",
    }


def test_the_export_frame_reads_back_as_it_was():
    orgs = frames.orgs(
        [{"organisation_code": "B", "organisation_type": "government", "pledged_goals": [2, 5],
          "pledge": "=1+1", "joined_on": dt.date(2021, 3, 4), "contact_email": "a@b.example"},
         {"organisation_code": "A", "organisation_type": "knowledge", "pledged_goals": []}]
    )  # fmt: skip
    from nap_data import exports

    for lang in ("nl", "en"):
        frame = export_frame(orgs, lang)
        assert frame.columns == [c.label(lang) for c in layout.COLUMNS]
        for data in (exports.to_csv_bytes(frame, lang), exports.to_xlsx_bytes(frame, lang)):
            parsed, findings = read(data, lang)
            assert errors(findings) == [], findings
            assert [(r.code, r.type, r.pledged_goals, r.pledge) for r in parsed.rows] == [
                ("A", "knowledge", (), ""),
                ("B", "government", (2, 5), "=1+1"),
            ]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_type_is_named_and_read_back_in_both_languages(lang):
    from nap_data.i18n import t
    from nap_data.vocab import OrgType, parse_term

    message = t("register.file.type_unknown", lang, value="x")
    for member in OrgType:
        label = t(f"org_type.{member}", lang)
        assert label in message
        assert parse_term(OrgType, label) is member and parse_term(OrgType, str(member)) is member


def test_pledges_beside_the_work_per_goal_of_the_plan():
    from polars.testing import assert_frame_equal

    from nap_data.register.frames import PLEDGE_SCHEMA, pledges_and_work

    acts = frames.reports([{"goal": 1}, {"goal": 1}, {"goal": 4}])
    expected = pl.DataFrame(
        [(1, True, 2), (2, False, 0), (3, True, 0), (4, False, 1)], PLEDGE_SCHEMA, orient="row"
    )
    assert_frame_equal(pledges_and_work([3, 1], acts, (1, 2, 3, 4)), expected)
    empty = pledges_and_work([], frames.reports([]), (1, 2))
    assert empty["pledged"].to_list() == [False, False] and empty["activities"].sum() == 0


@pytest.mark.parametrize(
    ("field", "value", "nl", "en"),
    [("joined_on", "2020-08-01", "1 aug 2020", "1 Aug 2020"),
     ("left_on", dt.date(2024, 12, 31), "31 dec 2024", "31 Dec 2024"),
     ("type", "government", "Overheid", "Government"), ("pledged_goals", [1, 3], "1; 3", "1; 3"),
     ("website", None, "—", "—"), ("pledge", "", "—", "—")],
)  # fmt: skip
def test_values_in_the_readers_words(field, value, nl, en):
    from nap_data.register.words import value_text

    assert (value_text(field, value, "nl"), value_text(field, value, "en")) == (nl, en)


def test_a_hidden_register_sheet_does_not_decide_what_is_imported():
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx([HEADER_NL, *GOOD], sheet="Zichtbaar")))
    hidden = wb.create_sheet("Register")  # the contract name, but hidden: it must be ignored
    hidden.sheet_state = "veryHidden"
    for row in [HEADER_NL, ["EVIL", "Verborgen", "overig", "2021-01-01"]]:
        hidden.append(row)
    out = io.BytesIO()
    wb.save(out)
    parsed, findings = read(out.getvalue(), name="register.xlsx")
    assert not errors(findings)
    assert "EVIL" not in [row.code for row in parsed.rows]
    assert len(parsed.rows) == len(GOOD)
