"""T1 (file gate and reader): parts found by content type and relationship, hidden sheets.

Every hostile file is built here from a clean return (the template with sample data),
rewritten with `zipfile`: forbidden parts moved out of their usual folder, a relocated
workbook or shared strings, remote linked pictures, duplicate entries, rows and cells out
of order, and hidden sheets with the name of a return sheet. Each is refused with its own
code, in under 5 s and 256 MB, and importing it changes nothing in the store.
"""

from __future__ import annotations

import io
import random
import re
import time
import tracemalloc
import warnings
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from nap_data.framework import load_framework
from nap_data.i18n import LANGUAGES
from nap_data.returns.filecheck import check_file
from nap_data.returns.layout import ACTIVITIES, find_sheet
from nap_data.returns.reader import read_return
from nap_data.returns.samples import clean_return
from nap_data.returns.template import build_template
from nap_data.services import SYSTEM
from nap_data.services.imports import import_return
from nap_data.store import data_version
from tests.conftest import REPO

MB = 1024 * 1024
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MSREL = "http://schemas.microsoft.com/office/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument"
ACTIVITIES_PART = "xl/worksheets/sheet3.xml"  # the template's third sheet: Activiteiten
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"


# ---------------------------------------------------------------- building blocks
@cache
def clean() -> bytes:
    return clean_return(load_framework())


def entries(data: bytes | None = None) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data or clean())) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def pack(items: dict[str, bytes] | list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    pairs = items.items() if isinstance(items, dict) else items
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about a duplicate name
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, content in pairs:
                zf.writestr(name, content)
    return buf.getvalue()


def add_type(parts: dict[str, bytes], part: str, content_type: str) -> None:
    override = f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>'
    types = parts["[Content_Types].xml"].decode().replace("</Types>", override)
    parts["[Content_Types].xml"] = types.encode()


def add_rel(parts: dict[str, bytes], rels: str, kind: str, target: str, mode: str = "") -> None:
    rel = f'<Relationship Id="rIdX{len(parts)}" Type="{kind}" Target="{target}"{mode}/>'
    if rels in parts:
        text = parts[rels].decode().replace("</Relationships>", rel + "</Relationships>")
    else:
        ns = "http://schemas.openxmlformats.org/package/2006/relationships"
        text = f'<Relationships xmlns="{ns}">{rel}</Relationships>'
    parts[rels] = text.encode()


def moved(part: str, content_type: str | None, rel_kind: str | None, body: bytes) -> bytes:
    """The clean return plus `part`, declared by content type and/or related from a sheet."""
    parts = entries()
    parts[part] = body
    if content_type:
        add_type(parts, part, content_type)
    if rel_kind:
        add_rel(parts, "xl/worksheets/_rels/sheet3.xml.rels", rel_kind, "/" + part)
    return pack(parts)


def remote_picture() -> bytes:
    """A drawing on the Activities sheet whose picture is fetched from a web server."""
    parts = entries()
    drawing = "xl/drawings/drawing1.xml"
    parts[drawing] = b'<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/s"/>'
    add_type(parts, drawing, f"{CT}.drawing+xml")
    add_rel(
        parts, "xl/worksheets/_rels/sheet3.xml.rels", f"{REL}/drawing", "../drawings/drawing1.xml"
    )
    add_rel(
        parts,
        "xl/drawings/_rels/drawing1.xml.rels",
        f"{REL}/image",
        "http://127.0.0.1:9/pixel.png",
        ' TargetMode="External"',
    )
    return pack(parts)


def relocated(decoy: bool = True, root_target: str | None = None, sheet_xml=None) -> bytes:
    """The workbook at book/main.xml and its sheets under data/, found only by content
    type and relationship; the old xl/workbook.xml stays behind as a decoy."""
    parts = entries()
    types = parts["[Content_Types].xml"].decode()
    rels = parts.pop(WORKBOOK_RELS).decode()
    workbook = parts["xl/workbook.xml"] if decoy else parts.pop("xl/workbook.xml")
    parts["book/main.xml"] = workbook
    types = types.replace('PartName="/xl/workbook.xml"', 'PartName="/book/main.xml"')
    for n in range(1, 8):
        old, new = f"xl/worksheets/sheet{n}.xml", f"data/s{n}.xml"
        body = parts.pop(old)
        if sheet_xml is not None and old == ACTIVITIES_PART:
            body = sheet_xml(body)
        parts[new] = body
        types = types.replace(f'"/{old}"', f'"/{new}"')
        rels = rels.replace(f'"/{old}"', f'"/{new}"')
    rels = rels.replace('Target="styles.xml"', 'Target="/xl/styles.xml"')
    rels = rels.replace('Target="theme/theme1.xml"', 'Target="/xl/theme/theme1.xml"')
    parts["book/_rels/main.xml.rels"] = rels.encode()
    parts["[Content_Types].xml"] = types.encode()
    root = parts["_rels/.rels"].decode()
    parts["_rels/.rels"] = root.replace(
        '"xl/workbook.xml"', f'"{root_target or "book/main.xml"}"'
    ).encode()
    return pack(parts)


def _budget_formula(sheet: bytes) -> bytes:
    """The first activity's budget (column J, row 3 of the template) as a formula, no value."""
    text = sheet.decode()
    cell = re.search(r'<c r="J3"[^>]*?(/>|>.*?</c>)', text)
    assert cell, "the template's budget cell"
    return text.replace(cell[0], '<c r="J3"><f>SUM(1,2)</f></c>').encode()


def shared_strings(part: str, text: bytes, rel_target: str | None = None) -> bytes:
    """A shared-strings part at `part` (content type and relationship), cell B3 using it."""
    parts = entries()
    sst = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    parts[part] = sst + text + b"</t></si></sst>"
    add_type(parts, part, f"{CT}.spreadsheetml.sharedStrings+xml")
    add_rel(parts, WORKBOOK_RELS, f"{REL}/sharedStrings", "/" + (rel_target or part))
    return pack(parts)


def with_activities(edit: Callable[[str], str]) -> Callable[[], bytes]:
    def build() -> bytes:
        parts = entries()
        parts[ACTIVITIES_PART] = edit(parts[ACTIVITIES_PART].decode()).encode()
        return pack(parts)

    return build


def _rows(text: str) -> list[str]:
    return re.findall(r"<row [^>]*>.*?</row>", text)


def swap_rows(text: str) -> str:
    first, second = _rows(text)[2:4]
    return text.replace(first, "\0").replace(second, first).replace("\0", second)


def row_twice(text: str) -> str:
    row = _rows(text)[2]
    return text.replace(row, row + row)


def swap_cells(text: str) -> str:
    row = _rows(text)[2]
    cells = re.findall(r'<c r="[A-Z]+\d+"[^>]*?(?:/>|>.*?</c>)', row)
    swapped = row.replace(cells[0], "\0").replace(cells[1], cells[0]).replace("\0", cells[1])
    return text.replace(row, swapped)


def cell_in_other_row(text: str) -> str:
    row = _rows(text)[2]
    cell = re.search(r'<c r="B(\d+)"', row)
    return text.replace(row, row.replace(cell[0], f'<c r="B{int(cell[1]) + 5}"'))


def duplicate_entry() -> bytes:
    pairs = list(entries().items())
    hostile = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    return pack([*pairs, (ACTIVITIES_PART, hostile)])


def hidden_sheet(title: str, state: str, org: str = "ORG001") -> Callable[[], bytes]:
    """A hidden sheet placed first, named like a return sheet."""

    def build() -> bytes:
        wb = openpyxl.load_workbook(io.BytesIO(clean()))
        if title in wb.sheetnames:  # the visible one shows other data under another name
            wb[title].title = "About" if title == "Over" else "Activities"
        ws = wb.create_sheet(title, 0)
        ws.append(["Organisatiecode", org])
        ws.append(["Rapportagejaar", 2025])
        ws.sheet_state = state
        wb.active = 1
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()

    return build


def visible_twice() -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(clean()))
    wb.create_sheet("About").append(["Organisation code", "ORG001"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def many_overrides() -> bytes:
    parts = entries()
    extra = "".join(
        f'<Override PartName="/xl/x{i}.xml" ContentType="application/xml"/>' for i in range(20_000)
    )
    types = parts["[Content_Types].xml"].decode().replace("</Types>", extra + "</Types>")
    parts["[Content_Types].xml"] = types.encode()
    return pack(parts)


def many_sheet_rels() -> bytes:
    parts = entries()
    extra = "".join(
        f'<Relationship Id="rZ{i}" Type="{REL}/worksheet" Target="/xl/none{i}.xml"/>'
        for i in range(20_000)
    )
    rels = parts[WORKBOOK_RELS].decode().replace("</Relationships>", extra + "</Relationships>")
    parts[WORKBOOK_RELS] = rels.encode()
    return pack(parts)


def many_hyperlinks() -> bytes:
    """50,000 hyperlink relationships from one sheet: allowed, and none kept in memory."""
    parts = entries()
    rels = "".join(
        f'<Relationship Id="h{i}" Type="{REL}/hyperlink" Target="https://example.org/{i}" '
        'TargetMode="External"/>'
        for i in range(50_000)
    )
    ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts["xl/worksheets/_rels/sheet3.xml.rels"] = (
        f'<Relationships xmlns="{ns}">{rels}</Relationships>'.encode()
    )
    return pack(parts)


def many_formulas(rows: int) -> Callable[[], bytes]:
    """`rows` rows of 50 formulas without a value below the template's rows."""

    def edit(text: str) -> str:
        rows = "".join(
            f'<row r="{r}">'
            + "".join(f'<c r="{get_column_letter(c)}{r}"><f>{r}*{c}</f></c>' for c in range(1, 51))
            + "</row>"
            for r in range(5, 5 + count)
        )
        return text.replace("</sheetData>", rows + "</sheetData>")

    count = rows
    return with_activities(edit)


OLE = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(64)
FILE, READ = "returns.file.", "returns.filecheck."
# kind -> (builder, expected codes)
HOSTILE: dict[str, tuple[Callable[[], bytes], set[str]]] = {
    "ole object in xl/media by content type": (
        lambda: moved("xl/media/image9.png", f"{CT}.oleObject", None, OLE),
        {FILE + "embeddings"},
    ),
    "ole object in xl/media by relationship": (
        lambda: moved("xl/media/image9.png", None, f"{REL}/oleObject", OLE),
        {FILE + "embeddings"},
    ),
    "embedded package elsewhere": (
        lambda: moved("xl/media/doc.docx", None, f"{REL}/package", b"PK"),
        {FILE + "embeddings"},
    ),
    "activex in xl/media": (
        lambda: moved(
            "xl/media/ax1.xml", "application/vnd.ms-office.activeX+xml", f"{REL}/control", b"<a/>"
        ),
        {FILE + "activex"},
    ),
    "activex binary by relationship": (
        lambda: moved("xl/media/ax1.bin", None, f"{MSREL}/activeXControlBinary", OLE),
        {FILE + "activex"},
    ),
    "vbaProject renamed, by relationship": (
        lambda: moved("xl/media/picture.bin", None, f"{MSREL}/vbaProject", OLE),
        {FILE + "macros"},
    ),
    "vbaProject renamed, by content type": (
        lambda: moved("xl/media/picture.bin", "application/vnd.ms-office.vbaProject", None, OLE),
        {FILE + "macros"},
    ),
    "external link in xl/media": (
        lambda: moved(
            "xl/media/link1.xml", f"{CT}.spreadsheetml.externalLink+xml", None, b"<externalLink/>"
        ),
        {FILE + "external_links"},
    ),
    "external link by relationship": (
        lambda: moved("xl/media/link1.xml", None, f"{REL}/externalLink", b"<externalLink/>"),
        {FILE + "external_links"},
    ),
    "connections in xl/media": (
        lambda: moved(
            "xl/media/c.xml", f"{CT}.spreadsheetml.connections+xml", None, b"<connections/>"
        ),
        {FILE + "connections"},
    ),
    "query table by relationship": (
        lambda: moved("xl/media/q.xml", None, f"{REL}/queryTable", b"<queryTable/>"),
        {FILE + "connections"},
    ),
    "remote linked picture": (remote_picture, {READ + "remote_link"}),
    "relocated workbook, formula without value": (
        lambda: relocated(sheet_xml=_budget_formula),
        {FILE + "formula_no_value"},
    ),
    "workbook by content type is not the root's": (
        lambda: relocated(root_target="xl/workbook.xml"),
        {READ + "workbook_ambiguous"},
    ),
    "relocated shared strings with a C1 character": (
        lambda: shared_strings("xl/media/strings.xml", "Den Haag\u0085".encode()),
        {FILE + "control_chars"},
    ),
    "relocated shared strings with 3 MB of text": (
        lambda: shared_strings(
            "xl/media/strings.xml", random.Random(9).randbytes(3 * MB).hex()[: 3 * MB].encode()
        ),
        {FILE + "huge_text"},
    ),
    "shared strings by content type and by relationship differ": (
        lambda: shared_strings("xl/media/a.xml", b"gewoon", rel_target="xl/media/b.xml"),
        {READ + "parts_ambiguous"},
    ),
    "duplicate zip entry": (duplicate_entry, {READ + "duplicate_entry"}),
    "rows out of order": (with_activities(swap_rows), {READ + "row_order"}),
    "duplicate row number": (with_activities(row_twice), {READ + "row_duplicate"}),
    "cells out of order": (with_activities(swap_cells), {READ + "cell_order"}),
    "cell of another row": (with_activities(cell_in_other_row), {READ + "cell_order"}),
    "veryHidden Over first": (hidden_sheet("Over", "veryHidden"), {"returns.read.hidden_sheet"}),
    "hidden About": (hidden_sheet("About", "hidden"), {"returns.read.hidden_sheet"}),
    "veryHidden Activities": (
        hidden_sheet("Activities", "veryHidden"),
        {"returns.read.hidden_sheet"},
    ),
    "two visible About sheets": (visible_twice, {"returns.read.sheet_twice"}),
    "20,000 content-type overrides": (many_overrides, {READ + "too_many_references"}),
    "20,000 sheet relationships": (many_sheet_rels, {READ + "too_many_references"}),
    "50,000 formulas without value": (many_formulas(1_000), {FILE + "formula_no_value"}),
    "over 100,000 cells": (many_formulas(2_100), {READ + "too_many_cells"}),
}


@cache
def built(kind: str) -> bytes:
    return HOSTILE[kind][0]()


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_part_is_refused_with_its_own_code(kind: str) -> None:
    _, expected = HOSTILE[kind]
    data, framework = built(kind), load_framework()
    started = time.perf_counter()  # time without tracemalloc, which slows Python code down
    read_return(data, framework, lang="en")
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    try:
        content, findings = read_return(data, framework, lang="en")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert content is None
    assert {f.code for f in findings if f.severity == "error"} == expected, [
        f.message("en") for f in findings
    ]
    assert elapsed < 5, f"{kind}: {elapsed:.1f} s"
    assert peak < 256 * MB, f"{kind}: {peak / MB:.0f} MB"
    for finding in findings:
        for lang in LANGUAGES:
            text = finding.message(lang)
            assert text != finding.code and "None" not in text and "{" not in text


@pytest.mark.parametrize(
    "kind", ["remote linked picture", "duplicate zip entry", "veryHidden Over first"]
)
def test_hostile_parts_through_the_import_change_nothing(demo_engine, kind: str) -> None:
    before = data_version(demo_engine)
    result = import_return(demo_engine, built(kind), f"{kind}.xlsx", SYSTEM)
    assert result.status == "rejected" and result.errors
    assert {f.code for f in result.errors} == HOSTILE[kind][1]
    assert data_version(demo_engine) == before


def test_messages_name_the_sheet_row_and_cell() -> None:
    [order] = read_return(built("rows out of order"), load_framework())[1]
    assert order.sheet == "Activiteiten" and order.params["row"] == 3
    assert "'Activiteiten'" in order.message("en") and " 3 " in order.message("nl")
    [twice] = read_return(built("duplicate row number"), load_framework())[1]
    assert (twice.sheet, twice.params["row"]) == ("Activiteiten", 3)
    [cell] = read_return(built("cells out of order"), load_framework())[1]
    assert cell.sheet == "Activiteiten" and cell.cell == "A3" and "A3" in cell.message("en")
    [hidden] = read_return(built("veryHidden Over first"), load_framework())[1]
    assert hidden.sheet == "Over" and "'Over'" in hidden.message("nl")
    [dup] = read_return(built("duplicate zip entry"), load_framework())[1]
    assert ACTIVITIES_PART in dup.message("en")
    [remote] = read_return(built("remote linked picture"), load_framework())[1]
    assert "http://127.0.0.1:9/pixel.png" in remote.message("en")
    [formula] = read_return(built("relocated workbook, formula without value"), load_framework())[1]
    assert (formula.sheet, formula.cell) == ("Activiteiten", "J3")


def test_a_relocated_workbook_is_read_as_openpyxl_reads_it() -> None:
    """Sheets found through the relocated workbook's relationships, the decoy ignored."""
    framework = load_framework()
    original, findings = read_return(clean(), framework)
    assert original is not None, findings
    for decoy in (True, False):
        data = relocated(decoy=decoy)
        assert check_file(data) == []
        content, findings = read_return(data, framework)
        assert findings == [] and content == original


def test_find_sheet_never_takes_a_hidden_sheet() -> None:
    names = ["Over", "Activities", "Activiteiten"]
    assert find_sheet(names, ACTIVITIES) == "Activities"
    assert find_sheet(names, ACTIVITIES, hidden={"Activities"}) == "Activiteiten"
    assert find_sheet(["Activities"], ACTIVITIES, hidden={"Activities"}) is None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_template_with_its_hidden_lists_sheet_passes(lang: str) -> None:
    from nap_data.returns.samples import ACTIVITIES_ROWS

    data = build_template(load_framework(), "ORG005", "Org", 2025, ACTIVITIES_ROWS, lang)
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert any(ws.sheet_state != "visible" for ws in wb.worksheets), "the Lists sheet is hidden"
    wb.close()
    assert check_file(data) == []
    content, findings = read_return(data, load_framework())
    assert not [f for f in findings if f.code.startswith(("returns.read", READ))]


@pytest.mark.parametrize("path", sorted((REPO / "sample_data" / "returns").glob("*.xlsx")))
def test_the_sample_returns_pass_the_gate_and_the_sheet_checks(path: Path) -> None:
    data = path.read_bytes()
    assert check_file(data) == []
    _, findings = read_return(data, load_framework())
    assert not [f for f in findings if f.code.startswith(("returns.read", READ))]
    if path.name.startswith("clean"):
        assert [f for f in findings if f.severity == "error"] == []


def test_many_hyperlinks_pass_without_being_kept() -> None:
    data = many_hyperlinks()
    findings, elapsed, peak = _measured(lambda: check_file(data))
    assert findings == []
    assert elapsed < 5 and peak < 32 * MB, (elapsed, peak / MB)


def test_formulas_without_value_are_counted_not_kept() -> None:
    [finding] = check_file(built("50,000 formulas without value"))
    assert finding.params["count"] == 50_000
    assert str(finding.params["cells"]).count("Activiteiten!") == 20


def _measured(action):
    """(result, seconds without tracemalloc, peak bytes of a second run under it)."""
    started = time.perf_counter()
    action()
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    try:
        return action(), elapsed, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
