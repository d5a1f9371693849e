"""The marked copy and the upload preview: bounded in time and memory, merged cells, and
the organisation, year and version an import will create, stated before the Import button.
"""

from __future__ import annotations

import io
import random
import time
import tracemalloc

import openpyxl
import pytest

from nap_data.framework import load_framework
from nap_data.returns import annotate
from nap_data.returns.annotate import annotated_copy
from nap_data.returns.findings import error, warning
from nap_data.returns.samples import clean_return, return_with_mistakes
from nap_data.services import SYSTEM
from nap_data.services.imports import import_return
from nap_data.store import data_version
from tests.test_app_pages import run_page
from tests.test_returns_hostile_parts import ACTIVITIES_PART, entries, pack

MB = 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def zip_bomb() -> bytes:
    """The clean return whose Activities sheet unpacks to 50 MB of repeated bytes."""
    parts = entries(clean_return(load_framework()))
    parts[ACTIVITIES_PART] = parts[ACTIVITIES_PART] + b" " * (50 * MB)
    return pack(parts)


def many_cells(rows: int = 2_000, columns: int = 40) -> bytes:
    """A file the gate lets through, with more cells than the marked copy will load."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Activities"
    rnd = random.Random(1)
    for _ in range(rows):
        ws.append([rnd.randint(0, 10**6) for _ in range(columns)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _measured(action):
    """(result, seconds, peak bytes): the time without tracemalloc, which slows Python code
    several times over, then the memory of a second run under tracemalloc."""
    started = time.perf_counter()
    action()
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    try:
        result = action()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, elapsed, peak


def test_a_zip_bomb_gets_no_marked_copy_and_the_preview_stays_small(demo_engine) -> None:
    data = zip_bomb()
    assert len(data) < MB
    before = data_version(demo_engine)
    located = [error("returns.validate.required", sheet="Activiteiten", cell="B3")]

    def preview():
        result = import_return(demo_engine, data, "bomb.xlsx", SYSTEM, dry_run=True)
        return result, annotated_copy(data, result.findings), annotated_copy(data, located)

    (result, marked, forced), elapsed, peak = _measured(preview)
    assert result.status == "rejected"
    assert {f.code for f in result.errors} == {"returns.file.zip_ratio"}
    assert marked is None and forced is None  # also when called with findings of its own
    assert elapsed < 5, f"{elapsed:.1f} s"
    assert peak < 256 * MB, f"{peak / MB:.0f} MB"
    assert data_version(demo_engine) == before


def test_a_file_with_more_cells_than_the_cap_gets_no_marked_copy() -> None:
    data = many_cells()
    assert annotate.MAX_CELLS < 2_000 * 40
    located = [warning("returns.validate.required", sheet="Activities", cell="A1")]
    marked, elapsed, peak = _measured(lambda: annotated_copy(data, located))
    assert marked is None
    assert elapsed < 5 and peak < 256 * MB, (elapsed, peak / MB)


def test_a_finding_in_a_merged_cell_goes_on_the_top_left_cell() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(clean_return(load_framework())))
    wb["Activiteiten"].merge_cells("B3:D3")
    buf = io.BytesIO()
    wb.save(buf)
    findings = [
        error("returns.validate.required", sheet="Activiteiten", cell="C3"),
        warning("returns.validate.required", sheet="Activiteiten", cell="Activiteiten!D3"),
        error("returns.validate.required", sheet="Activiteiten", cell="A1:B2"),  # not a cell
        error("returns.validate.required", sheet="Nowhere", cell="A1"),
    ]
    marked, elapsed, peak = _measured(lambda: annotated_copy(buf.getvalue(), findings, "en"))
    assert marked is not None and elapsed < 5 and peak < 256 * MB
    ws = openpyxl.load_workbook(io.BytesIO(marked))["Activiteiten"]
    comment = ws["B3"].comment.text
    assert comment.count("error:") == 1 and comment.count("warning:") == 1
    assert ws["B3"].fill.start_color.rgb == "FFF4B6B6"
    assert ws["A1"].comment is None


def test_the_return_with_mistakes_is_marked_cell_by_cell() -> None:
    from nap_data.returns.reader import read_return

    data = return_with_mistakes(load_framework())
    _, findings = read_return(data, load_framework(), lang="en")
    located = {(f.sheet, f.cell.split("!")[-1]) for f in findings if f.sheet and f.cell}
    assert located
    marked, elapsed, peak = _measured(lambda: annotated_copy(data, findings, "en"))
    assert marked is not None and elapsed < 5 and peak < 256 * MB
    wb = openpyxl.load_workbook(io.BytesIO(marked))
    for sheet, cell in located:
        assert wb[sheet][cell].comment is not None, (sheet, cell)


def test_a_gate_finding_means_no_marked_copy_without_opening_the_file(monkeypatch) -> None:
    def no_load(*_a, **_k):
        raise AssertionError("the file must not be opened")

    monkeypatch.setattr(annotate.openpyxl, "load_workbook", no_load)
    monkeypatch.setattr(annotate, "inspect_file", no_load)
    findings = [
        error("returns.file.macros"),
        error("returns.validate.required", sheet="Activiteiten", cell="B3"),
    ]
    assert annotated_copy(b"PK whatever", findings) is None


def _newest_version(db, org: str, year: int) -> int:
    from sqlalchemy import func, select

    from nap_data.models import Organisation, Submission
    from nap_data.store import make_engine, read_session

    engine = make_engine(f"sqlite:///{db}")
    try:
        with read_session(engine) as s:
            newest = s.scalar(
                select(func.max(Submission.version))
                .join(Organisation)
                .where(Organisation.code == org, Submission.year == year)
            )
    finally:
        engine.dispose()
    return newest or 0


@pytest.mark.parametrize(("lang", "word"), [("en", "version"), ("nl", "versie")])
def test_the_preview_states_organisation_year_and_version(demo_db, lang, word) -> None:
    """Before the Import button: whose return, which year, the version it becomes."""
    import dataclasses

    from nap_data.returns.samples import ACTIVITIES_ROWS
    from nap_data.returns.template import build_template

    expected = _newest_version(demo_db, "ORG005", 2025) + 1
    row = dataclasses.replace(ACTIVITIES_ROWS[0], reference="NEW-1")
    data = build_template(load_framework(), "ORG005", "Org", 2025, [row], lang)
    at = run_page("pages/5_Returns.py", lang)
    at.file_uploader(key="upload").upload("ret.xlsx", data, XLSX).run()
    assert not at.exception
    line = next(m.value for m in at.markdown if f"{word} {expected}" in m.value)
    assert "(ORG005)" in line and "2025" in line, line
    at.button(key="import_1").click().run()
    assert not at.exception
    assert _newest_version(demo_db, "ORG005", 2025) == expected
    at.file_uploader(key="upload").upload("ret.xlsx", data, XLSX).run()  # the same file again
    assert any(f"{word} {expected}" in m.value and "2025" in m.value for m in at.markdown)


def test_the_returns_page_shows_a_zip_bomb_as_refused_without_a_marked_copy(demo_db) -> None:
    at = run_page("pages/5_Returns.py", "en")
    started = time.perf_counter()
    at.file_uploader(key="upload").upload("bomb.xlsx", zip_bomb(), XLSX).run()
    assert time.perf_counter() - started < 5
    assert not at.exception
    findings = next(d.value for d in at.dataframe if "message" in d.value.columns)
    assert any("zip bomb" in m for m in findings["message"])
    assert not [b for b in at.get("download_button") if "marked" in str(b.proto.id)]
    assert not [b for b in at.button if b.key == "import_1"]
