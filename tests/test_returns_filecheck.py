"""T1 (file gate): hostile uploads are refused with a specific message before openpyxl.

Every hostile file is built here, in memory: a workbook saved by openpyxl and then
rewritten with `zipfile` to inject what an attacker (or an unlucky user) would.
"""

from __future__ import annotations

import io
import random
import re
import struct
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nap_data.i18n import LANGUAGES, catalogue
from nap_data.returns import (
    file_cells,
    file_container,
    file_limits,
    file_package,
    file_refusal,
    file_xml,
    filecheck,
)
from nap_data.returns.filecheck import Limits, assert_defusedxml_active, check_file

SHEET1 = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
MB = 1024 * 1024
GATE = (filecheck, file_container, file_package, file_xml, file_cells, file_limits, file_refusal)
SOURCE = "".join(Path(module.__file__).read_text(encoding="utf-8") for module in GATE)


# ---------------------------------------------------------------- building blocks
def _save(wb: openpyxl.Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@cache
def valid_workbook() -> bytes:
    """A normal return: several sheets, 100 rows, dates, numbers, text, a hidden list."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Activities"
    ws.append(["Organisatie", "Datum", "Aantal", "Bedrag", "Omschrijving", "Gemeten"])
    for i in range(1, 101):
        text = f"Activiteit {i}: vrouwen, vrede & veiligheid <NAP> – ‘quote’ _x005F_x0007_"
        ws.append(["NL-MFA", date(2025, 1, 1 + i % 28), i, i * 1.25, text, datetime(2025, 6, 1)])
    indicators = wb.create_sheet("Indicators")
    indicators.append(["Code", "Waarde"])
    for i in range(1, 31):
        indicators.append([f"IND-{i:02d}", i / 3])
    lists = wb.create_sheet("Lists")
    lists.sheet_state = "veryHidden"
    for i, region in enumerate(["Afrika", "Azië", "Europa", "Midden-Oosten"], 1):
        lists.cell(i, 1, region)
    return _save(wb)


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    return buf.getvalue()


def _entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def _with(name: str, content: bytes = b"<x/>", data: bytes | None = None) -> bytes:
    """The valid workbook (or `data`) with entry `name` replaced or added."""
    entries = _entries(data or valid_workbook())
    entries[name] = content
    return _zip(entries)


def _sheet(rows: str, head: str = "", prolog: str = "") -> bytes:
    body = f'{prolog}<worksheet xmlns="{MAIN}">{head}<sheetData>{rows}</sheetData></worksheet>'
    return body.encode()


def _shared_strings(*items: bytes) -> bytes:
    """The valid workbook plus a shared-strings part (openpyxl itself writes inline strings)."""
    sst = b"".join(b"<si><t>" + item + b"</t></si>" for item in items)
    part = f'<sst xmlns="{MAIN}" count="{len(items)}">'.encode() + sst + b"</sst>"
    entries = _entries(valid_workbook())
    entries["xl/sharedStrings.xml"] = part
    rels = entries["xl/_rels/workbook.xml.rels"].decode()
    rel = (
        '<Relationship Id="rId99" Target="sharedStrings.xml" Type="http://schemas.openxml'
        'formats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>'
    )
    entries["xl/_rels/workbook.xml.rels"] = rels.replace("</Relationships>", rel).encode()
    return _zip(entries)


def _patch_central(data: bytes, name: str, offset: int, fmt: str, value: int) -> bytes:
    """Overwrite one field of `name`'s central-directory record (what zipfile trusts)."""
    buf = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        pos = zf.start_dir
    while buf[pos : pos + 4] == b"PK\x01\x02":
        n, m, k = struct.unpack_from("<HHH", buf, pos + 28)
        if buf[pos + 46 : pos + 46 + n].decode() == name:
            struct.pack_into(fmt, buf, pos + offset, value)
        pos += 46 + n + m + k
    return bytes(buf)


# ---------------------------------------------------------------- hostile files
def zip_bomb() -> bytes:
    """One entry of 200 MB of zeros, written through zipfile's stream in 1 MB chunks."""
    buf = io.BytesIO()
    zeros = bytes(MB)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in _entries(valid_workbook()).items():
            zf.writestr(name, content)
        with zf.open("xl/media/image1.png", "w") as fh:
            for _ in range(200):
                fh.write(zeros)
    return buf.getvalue()


def lying_header(declared: int) -> bytes:
    """An entry whose directory states `declared` bytes; the stream holds 400 KB."""
    rnd = random.Random(1325)
    content = rnd.randbytes(200 * 1024) + bytes(200 * 1024)
    data = _with("xl/media/blob.bin", content)
    return _patch_central(data, "xl/media/blob.bin", 24, "<I", declared)


def truncated() -> bytes:
    data = valid_workbook()
    return data[: len(data) // 2]


def flipped_bytes() -> bytes:
    """Damage inside the compressed stream of the first sheet."""
    data = bytearray(valid_workbook())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo(SHEET1)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + info.compress_size // 2, start + info.compress_size // 2 + 8):
        data[i] ^= 0x5A
    return bytes(data)


def bzip2_entry() -> bytes:
    entries = _entries(valid_workbook())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in entries.items():
            method = zipfile.ZIP_BZIP2 if name == SHEET1 else zipfile.ZIP_DEFLATED
            zf.writestr(name, content, compress_type=method)
    return buf.getvalue()


def many_entries() -> bytes:
    return _zip({f"xl/media/image{i}.png": b"" for i in range(10_000)}, zipfile.ZIP_STORED)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<si><t>&lol9;</t></si></sst>"""

XXE = _sheet(
    '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>',
    prolog='<?xml version="1.0"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
)


def doctype_across_chunks() -> bytes:
    """`<!DOCTYPE` split over the boundary of two decompressed chunks."""
    decl = b'<?xml version="1.0"?>'
    pad = file_xml._CHUNK - 4 - len(decl) - len(b"<!---->")
    prolog = decl + b"<!--" + b"x" * pad + b"-->"
    sheet = prolog + b'<!DOCTYPE w [<!ENTITY e "boom">]>' + _sheet("")
    assert len(prolog) == file_xml._CHUNK - 4
    return _with(SHEET1, sheet)


def sheet_with(rows: str, **kw: str) -> Callable[[], bytes]:
    return lambda: _with(SHEET1, _sheet(rows, **kw))


def real_rows(count: int) -> Callable[[], bytes]:
    """`count` real rows under a `<dimension>` that claims one cell."""

    def build() -> bytes:
        rows = "".join(
            f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, count + 1)
        )
        return _with(SHEET1, _sheet(rows, head='<dimension ref="A1"/>'))

    return build


def wide_row() -> bytes:
    return sheet_with("<row>" + "<c><v>1</v></c>" * 20_001 + "</row>")()


def formulas(count: int) -> Callable[[], bytes]:
    def build() -> bytes:
        wb = openpyxl.load_workbook(io.BytesIO(valid_workbook()))
        for row in range(7, 7 + count):
            wb["Activities"][f"D{row}"] = "=SUM(A1:A3)"  # openpyxl writes no cached value
        return _save(wb)

    return build


def huge_text() -> bytes:
    text = random.Random(7).choices("abcdefghijklmnopqrstuvwxyz0123456789", k=2 * MB)
    cell = f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"".join(text)}</t></is></c></row>'
    return sheet_with(cell)()


def with_content_type(content_type: str) -> bytes:
    entries = _entries(valid_workbook())
    types = entries["[Content_Types].xml"].decode()
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    entries["[Content_Types].xml"] = types.replace(main, content_type).encode()
    return _zip(entries)


XLSM_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
SMALL = Limits(max_bytes=1000)
TINY_UNPACKED = Limits(max_uncompressed=5000)

# kind -> (builder, expected codes without the prefix, limits)
HOSTILE: dict[str, tuple[Callable[[], bytes], set[str], Limits]] = {
    "empty": (lambda: b"", {"empty"}, Limits()),
    "over size cap": (valid_workbook, {"too_large"}, SMALL),
    "csv renamed": (
        lambda: "org;jaar;waarde\nNL-MFA;2025;3,5\nCordaid – Den Haag;2025;€ 10\n".encode(),
        {"csv"},
        Limits(),
    ),
    "utf-16 text renamed": (lambda: "\ufefforg\tjaar\n".encode("utf-16-le"), {"csv"}, Limits()),
    "xls renamed": (lambda: OLE2 + bytes(500) + "Workbook".encode("utf-16-le"), {"xls"}, Limits()),
    "encrypted": (
        lambda: OLE2 + bytes(500) + "EncryptionInfo".encode("utf-16-le") + bytes(500),
        {"encrypted"},
        Limits(),
    ),
    "pdf renamed": (
        lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        {"pdf"},
        Limits(),
    ),
    "html renamed": (
        lambda: b"<!DOCTYPE html>\n<html><body><table><tr><td>1</td></tr></table></body></html>",
        {"html"},
        Limits(),
    ),
    "excel 2003 xml renamed": (
        lambda: (
            b'<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
            b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>'
        ),
        {"xml2003"},
        Limits(),
    ),
    "unknown binary": (lambda: bytes(range(256)) * 4, {"not_xlsx"}, Limits()),
    "truncated": (truncated, {"corrupt"}, Limits()),
    "damaged stream": (flipped_bytes, {"corrupt"}, Limits()),
    "bad crc": (
        lambda: _patch_central(valid_workbook(), SHEET1, 16, "<I", 0xDEADBEEF),
        {"corrupt"},
        Limits(),
    ),
    "zip password": (
        lambda: _patch_central(valid_workbook(), SHEET1, 8, "<H", 0x1),
        {"encrypted"},
        Limits(),
    ),
    "bzip2 entry": (bzip2_entry, {"compression"}, Limits()),
    "plain zip": (lambda: _zip({"hello.txt": b"hello"}), {"not_workbook"}, Limits()),
    "ods renamed": (
        lambda: _zip(
            {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}
        ),
        {"ods"},
        Limits(),
    ),
    "xlsb renamed": (
        lambda: _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x83\x01"}),
        {"xlsb"},
        Limits(),
    ),
    "xlsm renamed": (lambda: _with("xl/vbaProject.bin", OLE2 + bytes(64)), {"macros"}, Limits()),
    "macro content type": (lambda: with_content_type(XLSM_TYPE), {"macros"}, Limits()),
    "excel 4 macro sheet": (lambda: _with("xl/macrosheets/sheet1.xml"), {"macros"}, Limits()),
    "external links": (
        lambda: _with("xl/externalLinks/externalLink1.xml"),
        {"external_links"},
        Limits(),
    ),
    "data connections": (lambda: _with("xl/connections.xml"), {"connections"}, Limits()),
    "activex": (lambda: _with("xl/activeX/activeX1.xml"), {"activex"}, Limits()),
    "embedded object": (
        lambda: _with("xl/embeddings/oleObject1.bin", OLE2),
        {"embeddings"},
        Limits(),
    ),
    "macros and links": (
        lambda: _with("xl/externalLinks/externalLink1.xml", data=_with("xl/vbaProject.bin")),
        {"macros", "external_links"},
        Limits(),
    ),
    "zip bomb": (zip_bomb, {"zip_ratio"}, Limits()),
    "10,000 entries": (many_entries, {"too_many_entries"}, Limits()),
    "unpacked over cap": (valid_workbook, {"too_large_uncompressed"}, TINY_UNPACKED),
    "lying header, far too small": (lambda: lying_header(1000), {"zip_size_mismatch"}, Limits()),
    "lying header, caught by crc": (lambda: lying_header(300 * 1024), {"corrupt"}, Limits()),
    "billion laughs": (
        lambda: _with("xl/sharedStrings.xml", BILLION_LAUGHS),
        {"xml_entities"},
        Limits(),
    ),
    "xxe": (lambda: _with(SHEET1, XXE), {"xml_entities"}, Limits()),
    "doctype across chunks": (doctype_across_chunks, {"xml_entities"}, Limits()),
    "entity in workbook.xml": (
        lambda: _with("xl/workbook.xml", b'<!DOCTYPE w [<!ENTITY e "x">]><workbook/>'),
        {"xml_entities"},
        Limits(),
    ),
    "utf-16 sheet": (
        lambda: _with(SHEET1, b"\xff\xfe" + _sheet("").decode().encode("utf-16-le")),
        {"xml_invalid"},
        Limits(),
    ),
    "ebcdic sheet": (
        sheet_with("", prolog='<?xml version="1.0" encoding="cp037"?>'),
        {"xml_invalid"},
        Limits(),
    ),
    "malformed sheet": (
        sheet_with('<row r="1"><c r="A1"><v>1</v></row>'),
        {"xml_invalid"},
        Limits(),
    ),
    "bad cell reference": (
        sheet_with('<row r="1"><c r="A-1"><v>1</v></c></row>'),
        {"xml_invalid"},
        Limits(),
    ),
    "lying dimension, 30k rows": (real_rows(30_000), {"too_many_rows"}, Limits()),
    "200k rows": (real_rows(200_000), {"too_many_rows"}, Limits()),
    "row 1,048,576": (
        sheet_with('<row r="1048576"><c r="A1048576"><v>1</v></c></row>'),
        {"too_many_rows"},
        Limits(),
    ),
    "20k columns": (wide_row, {"too_many_columns"}, Limits()),
    "column XFD": (
        sheet_with('<row r="1"><c r="XFD1"><v>1</v></c></row>'),
        {"too_many_columns"},
        Limits(),
    ),
    "formula without value": (formulas(1), {"formula_no_value"}, Limits()),
    "30 formulas without value": (formulas(30), {"formula_no_value"}, Limits()),
    "control char in shared string": (
        lambda: _shared_strings(b"gewoon", b"Den Haag\x07"),
        {"control_chars"},
        Limits(),
    ),
    "escaped control char in shared string": (
        lambda: _shared_strings(b"Den_x001B_Haag"),
        {"control_chars"},
        Limits(),
    ),
    "control char in inline string": (
        sheet_with('<row r="3"><c r="B3" t="inlineStr"><is><t>a_x0001_b</t></is></c></row>'),
        {"control_chars"},
        Limits(),
    ),
    "2 MB text in one cell": (huge_text, {"huge_text"}, Limits()),
}


@cache
def _built(kind: str) -> bytes:
    return HOSTILE[kind][0]()


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_file_is_refused_with_its_own_code(kind: str) -> None:
    _, expected, limits = HOSTILE[kind]
    data = _built(kind)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        findings = check_file(data, "return.xlsx", limits)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert {f.code for f in findings} == {f"returns.file.{code}" for code in expected}
    assert all(f.severity == "error" for f in findings)
    assert elapsed < 5, f"{kind}: {elapsed:.1f} s"
    assert peak < 256 * MB, f"{kind}: {peak / MB:.0f} MB"
    for finding in findings:
        assert finding.params["file"] == "return.xlsx"
        for lang in LANGUAGES:
            text = finding.message(lang)
            assert text != finding.code and "None" not in text and "{" not in text


def test_formula_without_value_names_the_cells() -> None:
    [one] = check_file(_built("formula without value"))
    assert (one.sheet, one.cell) == ("Activities", "D7")
    assert "Activities!D7" in one.message("nl") and "Activities!D7" in one.message("en")
    [many] = check_file(_built("30 formulas without value"))
    assert many.params["count"] == 30
    assert str(many.params["cells"]).count("Activities!D") == 20
    assert "Activities!D26" in str(many.params["cells"]) and "D27" not in str(many.params["cells"])


def test_findings_name_the_sheet_and_the_text() -> None:
    [rows] = check_file(_built("lying dimension, 30k rows"))
    assert rows.sheet == "Activities" and "'Activities'" in rows.message("en")
    [cols] = check_file(_built("20k columns"))
    assert (cols.sheet, cols.cell) == ("Activities", "GS1")
    [raw] = check_file(_built("control char in shared string"))
    assert raw.value == "Den Haag\u2407"
    [inline] = check_file(_built("control char in inline string"))
    assert (inline.sheet, inline.cell, inline.value) == ("Activities", "B3", "a\u2401b")
    [size] = check_file(valid_workbook(), limits=SMALL)
    assert (size.params["size"], size.params["limit"]) == ("10 KB", "1 KB")


def test_running_budget_stops_decompression_when_headers_lie(monkeypatch) -> None:
    """zipfile already stops at the declared size; the budget is the second line."""
    monkeypatch.setattr(filecheck, "check_archive", lambda infos, limits: None)
    findings = check_file(valid_workbook(), limits=TINY_UNPACKED)
    assert [f.code for f in findings] == ["returns.file.zip_budget"]


# ---------------------------------------------------------------- valid files pass
def _cached_formula_and_empty_string() -> bytes:
    rows = (
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>A1*2</f><v>2</v></c>'
        '<c r="C1" t="str"><f>IF(A1=1,"","x")</f><v></v></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve">'
        "tab\tand\nnewline and CR\r</t></is></c></row>"
    )
    return sheet_with(rows)()


@pytest.mark.parametrize(
    "build",
    [
        valid_workbook,
        _cached_formula_and_empty_string,
        lambda: _shared_strings(b"Den Haag", b"literal _x005F_x0007_ text", b"tab\t_x000A_"),
        lambda: sheet_with("".join(f"<row><c><v>{i}</v></c></row>" for i in range(20_000)))(),
        lambda: _with(
            "customXml/item1.xml", '<?xml version="1.0" encoding="utf-16"?><a/>'.encode("utf-16")
        ),
        lambda: _with(
            "xl/media/image1.svg", b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"><svg/>'
        ),
    ],
    ids=["openpyxl", "cached formulas", "shared strings", "20,000 rows", "sharepoint", "svg"],
)
def test_valid_workbook_passes(build: Callable[[], bytes]) -> None:
    data = build()
    assert check_file(data, "return.xlsx") == []
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        assert list(wb["Activities"].iter_rows(values_only=True))
    finally:
        wb.close()


def test_valid_workbook_values_survive() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(valid_workbook()), read_only=True, data_only=True)
    try:
        rows = list(wb["Activities"].iter_rows(values_only=True))
    finally:
        wb.close()
    assert len(rows) == 101 and rows[1][1] == datetime(2025, 1, 2) and rows[100][3] == 125.0


@settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.data())
def test_damaged_files_never_crash_the_gate(data: st.DataObject) -> None:
    raw = bytearray(valid_workbook())
    for _ in range(data.draw(st.integers(1, 6))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos] = data.draw(st.integers(0, 255))
    cut = data.draw(st.one_of(st.just(len(raw)), st.integers(1, len(raw))))
    findings = check_file(bytes(raw[:cut]))
    assert all(f.code.startswith("returns.file.") for f in findings)


CELL_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\ufffe\uffff_"))


@settings(max_examples=150, deadline=None, database=None)
@given(CELL_TEXT)
def test_cell_text_is_refused_exactly_when_it_has_control_characters(text: str) -> None:
    cell = f'<c r="A1" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'
    findings = check_file(sheet_with(f'<row r="1">{cell}</row>')())
    has_control = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text) is not None
    assert [f.code for f in findings] == (["returns.file.control_chars"] if has_control else [])


# ---------------------------------------------------------------- catalogue and start-up
def _codes_in_source() -> set[str]:
    patterns = (
        r'\breject\(\s*"([a-z]\w+)"',  # raise reject("code", ...)
        r'"returns\.file\.([a-z]\w+)"',  # error("returns.file.code", ...)
        r'(?:return|else) "([a-z]\w+)"',  # the look-alikes
        r'\("([a-z]\w+)", re\.compile',  # the forbidden parts
    )
    return {code for pattern in patterns for code in re.findall(pattern, SOURCE)}


def test_every_code_has_dutch_and_english_text() -> None:
    codes = _codes_in_source()
    assert len(codes) >= 30
    texts = catalogue()
    for code in sorted(codes):
        entry = texts.get(f"returns.file.{code}")
        assert entry is not None, code
        assert set(entry) == set(LANGUAGES) and all(v.strip() for v in entry.values()), code
    tested = set().union(*(expected for _, expected, _ in HOSTILE.values())) | {"zip_budget"}
    assert codes == tested, "every code is produced by a test"
    file_keys = {
        key.removeprefix("returns.file.") for key in texts if key.startswith("returns.file.")
    }
    assert file_keys == codes, "no unused keys in returns_file.toml"


def test_assert_defusedxml_active(monkeypatch) -> None:
    assert_defusedxml_active()
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(RuntimeError):
        assert_defusedxml_active()
