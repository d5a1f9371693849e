"""T8: formula injection on every path that writes a spreadsheet or a CSV.

Every formula trigger (= + - @ tab CR LF), at the start and after leading spaces, goes
into each kind of user text the store holds (organisation names and pledges, activity
titles, partners and results, indicator notes, narratives, audit entries). The payloads
are written into the store directly, past the return validator (which refuses control
characters in returns): an export must be safe whatever the store holds. Each export
path then writes CSV and XLSX, and each payload must come back as text:

- XLSX: the cell that holds it is no formula (openpyxl `data_type != "f"`), and no cell
  of the file is one;
- CSV: no field starts with a trigger when read with "," or ";" as the separator, nor
  when the text is cut at every separator first (a reader that splits before quotes);
- numbers (budgets, indicator values) stay numbers.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re

import openpyxl
import polars as pl
import pytest

from nap_data import exports, labels, queries
from nap_data.framework import load_framework
from nap_data.models import AuditEvent, Organisation
from nap_data.returns.annotate import annotated_copy
from nap_data.returns.content import ActivityRow, IndicatorRow, NarrativeRow, ReturnContent
from nap_data.returns.reader import read_return
from nap_data.returns.template import build_template
from nap_data.services import SYSTEM
from nap_data.services.audit_log import audit_events
from nap_data.services.register import export_register
from nap_data.services.setup import init_store
from nap_data.services.submissions import add_version
from nap_data.store import make_engine, write_session
from nap_data.vocab import DataScope
from tests.test_cli import cli

TRIGGERS = {"eq": "=", "plus": "+", "minus": "-", "at": "@", "tab": "\t", "cr": "\r", "lf": "\n"}
PADS = {"start": "", "spaces": "   "}
CASES = [(t, p) for t in TRIGGERS for p in PADS]
YEAR = 2025


def payload(trigger: str, pad: str) -> str:
    """Text that a spreadsheet would run, distinct for each case."""
    n = list(TRIGGERS).index(trigger) * 10 + list(PADS).index(pad) + 1
    return f"{PADS[pad]}{TRIGGERS[trigger]}{n}+{n}*SUM(A1)"


def budget(trigger: str, pad: str) -> float:
    return 1000.5 + list(TRIGGERS).index(trigger) * 10 + list(PADS).index(pad)


def _code(trigger: str, pad: str) -> str:
    return f"INJ{list(TRIGGERS).index(trigger)}{list(PADS).index(pad)}"


def _content(trigger: str, pad: str, fw) -> ReturnContent:
    text = payload(trigger, pad)
    activity = ActivityRow(
        title=text,
        goal_number=1,
        focus="foreign",
        status="ongoing",
        start_date=dt.date(2024, 1, 1),
        reference=f"R-{_code(trigger, pad)}",
        description=text,
        countries=("ML",),
        budget_eur=budget(trigger, pad),
        partners=text,
        results=text,
    )
    indicator = fw.indicators[0].code
    return ReturnContent(
        _code(trigger, pad),
        YEAR,
        activities=(activity,),
        indicators=(IndicatorRow(indicator, YEAR, budget(trigger, pad), note=text),),
        narratives=(NarrativeRow(1, highlights=text, challenges=text, lessons=text),),
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """One store holding every payload; built once, only read by the tests."""
    path = tmp_path_factory.mktemp("injection") / "nap.db"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    init_store(engine)
    fw = load_framework()
    with write_session(engine) as session:
        for trigger, pad in CASES:
            text = payload(trigger, pad)
            org = Organisation(
                code=_code(trigger, pad),
                name=text,
                type="cso",
                joined_on=dt.date(2021, 1, 1),
                pledge=text,
                pledged_goals=[1],
                contact_email=None,
                website=text,
            )
            session.add(org)
            session.flush()
            add_version(session, SYSTEM, org, _content(trigger, pad, fw), source="upload")
            session.add(
                AuditEvent(
                    actor=text,
                    action="version_returned",
                    entity="submission",
                    entity_id=None,
                    detail={"comment": text},
                )
            )
    yield engine, url, tmp_path_factory.mktemp("out")
    engine.dispose()


# --- the export paths: each gives the bytes of one file ----------------------------------


def _table(frame: pl.DataFrame, fmt: str) -> bytes:
    # What ui.tables.table hands to its downloads: the frame in words, every column.
    words = labels.readable(frame, "nl")
    return exports.to_csv_bytes(words, "nl") if fmt == "csv" else exports.to_xlsx_bytes(words, "nl")


def _tables(engine, fmt: str) -> list[bytes]:
    scope = DataScope.SUBMITTED_AND_APPROVED
    frames = [
        queries.load_activities(engine, scope),
        queries.load_indicator_values(engine, scope),
        queries.load_narratives(engine, scope),
        queries.load_organisations(engine),
    ]
    return [_table(frame, fmt) for frame in frames]


def _cli(engine, url, folder, fmt: str) -> list[bytes]:
    out = []
    for what in ("activities", "indicators"):
        target = folder / f"cli-{what}.{fmt}"
        done = cli("export", what, "-o", str(target), url=url)
        assert done.returncode == 0, done.stderr
        out.append(target.read_bytes())
    return out


def _register(engine, url, folder, fmt: str) -> list[bytes]:
    target = folder / f"register.{fmt}"
    export_register(engine, target, "nl")
    return [target.read_bytes()]


def _audit(engine, fmt: str) -> list[bytes]:
    return [_table(audit_events(engine, SYSTEM, lang="nl"), fmt)]


def _report(engine) -> list[bytes]:
    # The report's typed XLSX (report.xlsx) from the same model build_report makes; the
    # DOCX, PDF and HTML are documents, not sheets.
    from nap_data.filters import Filters
    from nap_data.report.content import build_model
    from nap_data.report.xlsx import to_xlsx

    scope = DataScope.SUBMITTED_AND_APPROVED
    frames = queries.load_figure_frames(engine, scope, queries.load_plan(engine))
    narratives = queries.load_narratives(engine, scope)
    model = build_model(frames, narratives, Filters(YEAR, YEAR, scope=scope), "nl")
    return [to_xlsx(model)]


def _template(fw) -> bytes:
    # One template per organisation in real use; one sheet row per payload here is the same
    # code path (template._write_row) with every payload in one file.
    rows = [r for t, p in CASES for r in _content(t, p, fw).activities]
    narratives = [NarrativeRow(1, highlights=payload("eq", "start"))]
    return build_template(
        fw, "INJ00", payload("eq", "spaces"), YEAR, rows, "nl", narratives=narratives
    )


def _framework_with(text: str):
    fw = load_framework()
    goals = tuple(dataclasses.replace(g, name_nl=text, name_en=text) for g in fw.goals)
    return dataclasses.replace(fw, goals=goals)


def _marked_copy(fw) -> bytes:
    data = _template(fw)
    # A negative budget in every row: a finding on each payload row, so the copy is made.
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws, head = next(
        (ws, row)
        for ws in wb.worksheets
        for row in ws.iter_rows(max_row=30)
        if any(c.value == "Budget (EUR)" for c in row)
    )
    column = next(c.column_letter for c in head if c.value == "Budget (EUR)")
    for row in range(head[0].row + 1, head[0].row + 1 + len(CASES)):
        ws[f"{column}{row}"] = -5
    buffer = io.BytesIO()
    wb.save(buffer)
    _content_, findings = read_return(buffer.getvalue(), fw, lang="nl")
    copy = annotated_copy(buffer.getvalue(), list(findings), "nl")
    assert copy is not None, [f.code for f in findings]
    return copy


_made: dict[tuple[str, str], list[bytes]] = {}


def _files(store, path: str, fmt: str) -> list[bytes]:
    """The files of one path and format, made once for all the cases that read them."""
    if (path, fmt) not in _made:
        engine, url, folder = store
        fw = load_framework()
        makers = {
            "table": lambda: _tables(engine, fmt),
            "cli": lambda: _cli(engine, url, folder, fmt),
            "register": lambda: _register(engine, url, folder, fmt),
            "audit": lambda: _audit(engine, fmt),
            "report": lambda: _report(engine),
            "template": lambda: [_template(fw)],
            "marked_copy": lambda: [_marked_copy(fw)],
        }
        _made[(path, fmt)] = makers[path]()
    return _made[(path, fmt)]


PATHS = [
    ("table", "csv"), ("table", "xlsx"), ("cli", "csv"), ("cli", "xlsx"),
    ("register", "csv"), ("register", "xlsx"), ("audit", "csv"), ("audit", "xlsx"),
    ("report", "xlsx"), ("template", "xlsx"), ("marked_copy", "xlsx"),
]  # fmt: skip
# Exports of data get the apostrophe in XLSX too (as the CSV does); the template and the
# marked copy keep the text exactly as typed, so that a re-upload reads the same text,
# and rely on the cell's string type alone.
MARKED = {"table", "cli", "register", "audit", "report"}
# Paths whose files hold the budgets: those must read back as numbers (the marked copy
# holds the -5 put in to get a finding on every row).
# The report sums them: all payload activities are under goal 1.
WITH_BUDGETS = {"table", "cli", "template"}


# --- reading a file back -------------------------------------------------------------

_NUMBER = re.compile(r"-?\d+([.,]\d+)?")


def _runs(field: str) -> bool:
    """Would a spreadsheet run this cell? (A plain negative number is just a number.)"""
    text = field.lstrip(" ")
    return text[:1] in exports.TRIGGERS and not _NUMBER.fullmatch(text)


def _csv_fields(data: bytes) -> tuple[list[str], list[str]]:
    """(fields of every honest reading, pieces of a reading that splits before quotes)."""
    text = data.decode("utf-8-sig")
    fields = [
        field
        for delimiter in (",", ";")
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for field in row
    ]
    pieces = [p.lstrip(' "') for p in re.split(r"[;,\t\r\n]", text)]
    return fields, pieces


_CSV_FIELD = re.compile(r'"(?:[^"]|"")*"|([^,\r\n]*)')


def _csv_numbers(data: bytes) -> set[float]:
    """The unquoted fields, as numbers: text is quoted, so anything else must be a number
    (or a yes/no)."""
    text = data.decode("utf-8-sig")
    bare = [m[1] for m in _CSV_FIELD.finditer(text) if m[1]]
    assert [f for f in bare if not _NUMBER.fullmatch(f) and f not in ("True", "False")] == []
    return {float(f) for f in bare if _NUMBER.fullmatch(f)}


def _xlsx_cells(data: bytes) -> list:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


@pytest.mark.parametrize(("trigger", "pad"), CASES)
@pytest.mark.parametrize(("path", "fmt"), PATHS)
def test_no_exported_cell_reads_back_as_a_formula(store, path, fmt, trigger, pad):
    text = payload(trigger, pad)
    found, numbers = 0, set()
    for data in _files(store, path, fmt):
        if fmt == "xlsx":
            cells = _xlsx_cells(data)
            assert [c.coordinate for c in cells if c.data_type == "f"] == []
            mine = [c for c in cells if isinstance(c.value, str) and c.value.lstrip("'") == text]
            assert all(c.data_type == "s" for c in mine)
            if path in MARKED:
                assert {c.value for c in mine} <= {"'" + text}
            found += len(mine)
            numbers |= {c.value for c in cells if c.data_type == "n" and c.value is not None}
        else:
            fields, pieces = _csv_fields(data)
            assert [f for f in fields if _runs(f)] == []
            assert [p for p in pieces if _runs(p)] == []
            # The text itself comes back whole: exports.unneutralise is the exact inverse.
            found += sum(exports.unneutralise(f) == text for f in fields)
            numbers |= _csv_numbers(data)
    if path in WITH_BUDGETS:
        assert budget(trigger, pad) in numbers
    if path == "marked_copy":
        assert -5 in numbers
    if path == "report":
        total = sum(budget(t, p) for t, p in CASES)
        assert any(abs(n - total) < 0.005 for n in numbers)
    assert found > 0, f"{text!r} is not in the {path} {fmt}"


@pytest.mark.parametrize(("trigger", "pad"), CASES)
def test_framework_text_in_the_template_is_no_formula(trigger, pad):
    # Goal names come from a framework file an admin uploaded: user text too, written into
    # the template's narrative sheet and lists.
    text = payload(trigger, pad)
    cells = _xlsx_cells(build_template(_framework_with(text), "INJ00", "Org", YEAR, (), "nl"))
    assert [(c.parent.title, c.coordinate) for c in cells if c.data_type == "f"] == []
    assert any(isinstance(c.value, str) and text in c.value for c in cells)


def test_a_number_like_text_stays_text_and_numbers_stay_numbers():
    frame = pl.DataFrame(
        {"title": ["-5", "=1+1", " @x"], "budget_eur": [-5.0, 2500.0, 0.0], "n": [1, 2, 3]}
    )
    csv_text = exports.to_csv_bytes(frame, "nl").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_text, newline=""), quoting=csv.QUOTE_NONNUMERIC))
    assert [r[1:] for r in rows[1:]] == [[-5.0, 1.0], [2500.0, 2.0], [0.0, 3.0]]
    assert [r[0] for r in rows[1:]] == ["'-5", "'=1+1", "' @x"]
    cells = _xlsx_cells(exports.to_xlsx_bytes(frame, "nl"))
    values = [(c.value, c.data_type) for c in cells[3:]]
    assert values == [
        ("'-5", "s"), (-5, "n"), (1, "n"),
        ("'=1+1", "s"), (2500, "n"), (2, "n"),
        ("' @x", "s"), (0, "n"), (3, "n"),
    ]  # fmt: skip


def test_the_store_copy_is_not_changed_by_the_exports(store):
    # The payloads in the store keep their exact text: only the exported copy is marked.
    engine, _url, _folder = store
    titles = set(queries.load_activities(engine, DataScope.SUBMITTED_AND_APPROVED)["title"])
    assert titles == {payload(t, p) for t, p in CASES}
