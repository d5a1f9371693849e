"""The file gate: checks an uploaded .xlsx return before openpyxl parses it.

openpyxl trusts the ZIP directory, a sheet's `<dimension>` and any XML, so this module
looks at the bytes first, by content and never by extension. It answers with error
findings (codes `returns.file.*` and `returns.filecheck.*`, texts in
`nap_data/i18n/returns_file.toml` and `returns_filecheck_more.toml`); an empty list means
the file may go to openpyxl. Every entry is decompressed in chunks against one byte
budget; XML is streamed through expat handlers (no tree, flat memory) and a DTD is
refused before the parser sees it. Checks stop at the first class that finds something.

Parts are found as openpyxl and Excel find them, never by a fixed name: the content type
of every part (`[Content_Types].xml`, Override before Default) and every relationship in
every `_rels/*.rels` (relative targets resolved as openpyxl resolves them, External
targets refused unless they are hyperlinks). The workbook is the part openpyxl takes by
content type and must be the one the package's root relationship names; its sheets and
shared strings are read through its relationships. Rows and cells must come in order.
"""

from __future__ import annotations

import io
import math
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, replace
from xml.parsers import expat

from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.xml.constants import SHARED_STRINGS, WORKSHEET_TYPE, XLSM, XLSX, XLTM, XLTX

from nap_data.returns.findings import Finding, error

MB = 1000 * 1000  # decimal, as the browser counts Streamlit's maxUploadSize
_CHUNK = 64 * 1024
_RATIO_FLOOR = MB  # the ratio check is for entries above this size: small XML compresses well
_MAX_RUN = MB  # bytes without any "<": no cell text or attribute is that long
_MAX_LISTED = 20  # formula cells named in one finding
_MAX_TEXT_FINDINGS = 5
_OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
_DTD = (b"<!DOCTYPE", b"<!ENTITY")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # all but tab, LF, CR
_ESCAPE = re.compile(r"_x005[Ff]_|_x([0-9A-Fa-f]{4})_")  # OOXML escapes; _x005F_ escapes "_"
_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([^"']*)""")
_ASCII_SAFE = {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "windows-1252"}
_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
_MACRO_TYPE = re.compile(r"macroenabled|vbaproject|macrosheet", re.IGNORECASE)
_FORBIDDEN = (  # code, pattern over lower-cased entry names
    ("macros", re.compile(r"(^|/)vbaproject\.bin$|^xl/macrosheets/")),
    ("external_links", re.compile(r"^xl/externallinks/")),
    ("connections", re.compile(r"^xl/connections\.xml$")),
    ("activex", re.compile(r"^xl/activex/")),
    ("embeddings", re.compile(r"^xl/embeddings/")),
)
_FORBIDDEN_TYPES = (  # code, pattern over the lower-cased content type of any part
    ("external_links", re.compile(r"spreadsheetml\.externallink\+xml")),
    ("connections", re.compile(r"spreadsheetml\.(connections|querytable)\+xml")),
    ("activex", re.compile(r"activex")),
    (
        "embeddings",
        re.compile(
            r"oleobject|vnd\.ms-office\.package|^application/(vnd\.ms-excel|msword"
            r"|vnd\.ms-powerpoint|vnd\.visio|x-msdownload)$|officedocument\.(spreadsheetml"
            r"\.sheet|wordprocessingml\.document|presentationml\.presentation)$"
        ),
    ),
)
_FORBIDDEN_RELS = {  # last segment of a relationship type, lower-cased -> code
    "vbaproject": "macros",
    "vbaprojectsignature": "macros",
    "xlmacrosheet": "macros",
    "xlintlmacrosheet": "macros",
    "externallink": "external_links",
    "externallinkpath": "external_links",
    "xlpathmissing": "external_links",
    "connections": "connections",
    "querytable": "connections",
    "control": "activex",
    "activexcontrolbinary": "activex",
    "oleobject": "embeddings",
    "package": "embeddings",
}
_KEPT_RELS = frozenset({"officedocument", "worksheet", "chartsheet", "sharedstrings"})
_MAX_ITEMS = 10_000  # content types, those relationships and sheets, kept in memory
_WORKBOOK_TYPES = (XLTM, XLTX, XLSM, XLSX)  # the order in which openpyxl looks for them
_TYPES = "[Content_Types].xml"
_READ_BY_OPENPYXL = ("xl/", "_rels/", "docprops/")
_VISIBLE = "visible"


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * MB  # upload size cap: the same number as maxUploadSize = 10
    max_entries: int = 500  # zip entries
    max_uncompressed: int = 100 * 1024 * 1024  # total uncompressed bytes
    max_ratio: int = 100  # per-entry compression ratio
    max_rows: int = 20_000  # per sheet
    max_columns: int = 200  # per sheet
    max_cells: int | None = 100_000  # in all sheets: a return has a few thousand


class _Reject(Exception):
    """Stops the check; its args are the findings."""


def _reject(code: str, **kw: object) -> _Reject:
    return _Reject(error(f"returns.file.{code}", **kw))


def _refuse(key: str, **kw: object) -> _Reject:
    """A refusal with a full key (the `returns.filecheck.*` codes)."""
    return _Reject(error(key, **kw))


@dataclass(frozen=True)
class Report:
    """What the gate found, with what it counted on the way (for callers with own caps)."""

    findings: list[Finding]
    cells: int = 0  # <c> elements in all worksheets
    unpacked: int = 0  # bytes decompressed


def check_file(data: bytes, file_name: str = "", limits: Limits = Limits()) -> list[Finding]:
    """Empty list = safe to hand to openpyxl. Otherwise one (or a few) error Findings."""
    return inspect_file(data, file_name, limits).findings


def inspect_file(data: bytes, file_name: str = "", limits: Limits = Limits()) -> Report:
    """The gate's findings (as `check_file`) with the cells and bytes it counted."""
    scan: _Scan | None = None
    try:
        _check_bytes(data, limits)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            _check_archive(infos, limits)
            _check_structure(infos)
            scan = _Scan(zf, limits)
            findings = scan.run(infos)
    except _Reject as exc:
        findings = list(exc.args)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, OSError):
        findings = [error("returns.file.corrupt")]
    findings = [replace(f, params={**f.params, "file": file_name}) for f in findings]
    if scan is None:
        return Report(findings)
    return Report(findings, scan.cells, limits.max_uncompressed - scan.budget)


def assert_defusedxml_active() -> None:
    """Start-up check: openpyxl must parse through defusedxml."""
    import openpyxl.xml

    if getattr(openpyxl.xml, "DEFUSEDXML", False) is not True:
        raise RuntimeError("openpyxl is not using defusedxml (installed? OPENPYXL_DEFUSEDXML?)")


def _size(n: int) -> str:
    # Rounded up: a file just over the limit must not read as the limit itself.
    return f"{math.ceil(n * 10 / MB) / 10:.1f} MB" if n >= MB // 10 else f"{-(-n // 1000)} KB"


def _check_bytes(data: bytes, limits: Limits) -> None:
    if not data:
        raise _reject("empty")
    if len(data) > limits.max_bytes:
        raise _reject("too_large", size=_size(len(data)), limit=_size(limits.max_bytes))
    if not data.startswith(b"PK"):
        raise _reject(_look_alike(data))


def _look_alike(data: bytes) -> str:
    head = data[:2048]
    if head.startswith(_OLE2):
        return "encrypted" if "EncryptionInfo".encode("utf-16-le") in data else "xls"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<!doctype html") or b"<html" in text or b"<table" in text:
        return "html"
    if text.startswith(b"<?xml") and b"office:spreadsheet" in text:
        return "xml2003"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or not _CONTROL_BYTES.search(head):
        return "csv"
    return "not_xlsx"


def _check_archive(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_entries:
        raise _reject("too_many_entries", count=len(infos), limit=limits.max_entries)
    seen: set[str] = set()
    for info in infos:  # zipfile would read the last of two, another reader the first
        if (key := info.filename.lower()) in seen:
            raise _refuse("returns.filecheck.duplicate_entry", part=info.filename)
        seen.add(key)
    for info in infos:
        part, packed = info.filename, max(info.compress_size, 1)
        if info.flag_bits & 0x1:
            raise _reject("encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _reject("compression", part=part)
        if info.file_size > _RATIO_FLOOR and info.file_size > limits.max_ratio * packed:
            ratio = info.file_size // packed
            raise _reject("zip_ratio", part=part, ratio=ratio, limit=limits.max_ratio)
        stored = info.compress_type == zipfile.ZIP_STORED
        if info.compress_size > info.file_size + (0 if stored else info.file_size // 100 + 1024):
            raise _reject("zip_size_mismatch", part=part)  # the header understates the content
    total, cap = sum(info.file_size for info in infos), limits.max_uncompressed
    if total > cap:
        raise _reject("too_large_uncompressed", size=_size(total), limit=_size(cap))


def _check_structure(infos: list[zipfile.ZipInfo]) -> None:
    names = {info.filename for info in infos}
    lower = {name.lower() for name in names}
    if "xl/workbook.bin" in lower:
        raise _reject("xlsb")
    if {"mimetype", "content.xml"} <= lower:
        raise _reject("ods")
    if _TYPES not in names:
        raise _reject("not_workbook")
    found = [code for code, pattern in _FORBIDDEN if any(map(pattern.search, lower))]
    if found:
        raise _Reject(*(error(f"returns.file.{code}") for code in found))


def _local(name: str) -> str:
    return name.rpartition(" ")[2]  # expat with namespace_separator=" " gives "uri local"


def _unescape(text: str) -> str:
    if "_x" not in text:  # every escape starts so; most texts have none
        return text
    return _ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else "_", text)


_TAG_NAMES: dict[str, str] = {}  # expat's "uri local" -> local, for the cell handlers
_MAX_TAG_NAMES = 1_000  # a hostile part may use many names: the cache stays small


def _tag(name: str) -> str:
    local = _local(name)
    if len(_TAG_NAMES) < _MAX_TAG_NAMES:
        _TAG_NAMES[name] = local
    return local


def _excerpt(text: str, at: int) -> str:
    """Up to 20 characters either side, control characters shown as visible symbols."""
    part = text[max(at - 20, 0) : at + 20]
    return _CONTROL.sub(lambda m: chr(0x2400 + ord(m[0])) if m[0] < " " else "\ufffd", part)


class _Scan:
    """Reads every entry once against the byte budget, collecting what is not fatal."""

    def __init__(self, zf: zipfile.ZipFile, limits: Limits) -> None:
        self.zf, self.limits, self.budget = zf, limits, limits.max_uncompressed
        self.defaults: dict[str, str] = {}  # extension -> content type
        self.overrides: list[tuple[str, str]] = []  # (part name, content type), file order
        self.rels: list[tuple[str, str, str, str, str]] = []  # (source, id, kind, target, mode)
        self.sheet_list: list[tuple[str, str, str]] = []  # (name, r:id, state) in workbook
        self.formulas: list[tuple[str, str]] = []  # (sheet, cell) without a cached value
        self.formula_count = 0  # all of them; only the first _MAX_LISTED are kept
        self.rel_codes: dict[str, None] = {}  # codes of forbidden relationship types
        self.remote: tuple[str, str] | None = None  # (rels part, target) of an External link
        self.items = 0  # content types, kept relationships and sheets: at most _MAX_ITEMS
        self.texts: list[Finding] = []
        self.cells = 0
        self._source = ""
        self._override_map: dict[str, list[str]] | None = None  # built once types are read

    def run(self, infos: list[zipfile.ZipInfo]) -> list[Finding]:
        by_name = {info.filename: info for info in infos}
        self._parse(by_name[_TYPES], self._types)
        if any(_MACRO_TYPE.search(t) for t in self._declared()):
            raise _reject("macros")
        rels = [info for info in infos if info.filename.lower().endswith(".rels")]
        for info in rels:
            self._source = info.filename
            self._parse(info, self._relationship)
        self._check_parts(infos)
        self._check_relationships()
        workbook = self._workbook(by_name)
        self._parse(by_name[workbook], self._sheet_entry)
        sheets, strings = self._read_parts(workbook, by_name)
        done = {_TYPES, workbook, *(info.filename for info in rels)}
        for info in (info for info in infos if info.filename not in done):
            name, low = info.filename, info.filename.lower()
            kind = self._type_of(name)
            if name in sheets or kind == WORKSHEET_TYPE or _WORKSHEET.fullmatch(name):
                sheet = sheets.get(name, posixpath.basename(name))
                self._parse(info, _Cells(self, name, sheet), sheet)
            elif name in strings or kind == SHARED_STRINGS or low.endswith("sharedstrings.xml"):
                self._parse(info, _Cells(self, name, None))
            elif low.startswith(_READ_BY_OPENPYXL) and low.endswith(".xml"):
                self._parse(info, None)
            else:  # binary parts, customXml (SharePoint), legacy VML: budget and DTD check only
                self._read(info, False, None, lambda chunk: None)
        return self._collected()

    # -- content types and relationships
    def _count(self) -> None:
        """What the scan keeps in memory is bounded, whatever the budget lets through."""
        self.items += 1
        if self.items > _MAX_ITEMS:
            raise _refuse("returns.filecheck.too_many_references", limit=_MAX_ITEMS)

    def _types(self, name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag in ("Default", "Override"):
            self._count()
        if tag == "Default":
            self.defaults[attrs.get("Extension", "").lower()] = attrs.get("ContentType", "")
        elif tag == "Override":
            part = attrs.get("PartName", "")
            self.overrides.append(
                (part[1:] if part.startswith("/") else part, attrs.get("ContentType", ""))
            )

    def _declared(self) -> list[str]:
        return [*self.defaults.values(), *(t for _, t in self.overrides)]

    def _type_of(self, part: str) -> str:
        """A part's content type: its Override, else the Default of its extension."""
        found = self._by_part().get(part.lower())
        return found[0] if found else self.defaults.get(part.lower().rpartition(".")[2], "")

    def _by_part(self) -> dict[str, list[str]]:
        """Override content types by lower-cased part name (a part may be declared twice)."""
        if self._override_map is None:
            self._override_map = {}
            for part, kind in self.overrides:
                self._override_map.setdefault(part.lower(), []).append(kind)
        return self._override_map

    def _relationship(self, name: str, attrs: dict[str, str]) -> None:
        if _local(name) != "Relationship":
            return
        kind = attrs.get("Type", "").rpartition("/")[2].lower()
        target, mode = attrs.get("Target", ""), attrs.get("TargetMode", "Internal")
        if mode != "External":  # resolved as openpyxl does (packaging/relationship.py)
            folder = _rels_folder(self._source)
            target = target[1:] if target.startswith("/") else _join(folder, target)
        if code := _FORBIDDEN_RELS.get(kind):
            self.rel_codes[code] = None
        elif mode == "External" and kind != "hyperlink" and self.remote is None:
            self.remote = (self._source, target)
        if kind in _KEPT_RELS:  # hyperlinks and the rest need not be kept
            self._count()
            self.rels.append((self._source, attrs.get("Id", ""), kind, target, mode))

    def _check_parts(self, infos: list[zipfile.ZipInfo]) -> None:
        by_part = self._by_part()
        types = {self._type_of(info.filename).lower() for info in infos}
        types |= {t.lower() for info in infos for t in by_part.get(info.filename.lower(), ())}
        found = [c for c, pattern in _FORBIDDEN_TYPES if any(map(pattern.search, types))]
        if found:
            raise _Reject(*(error(f"returns.file.{code}") for code in found))

    def _check_relationships(self) -> None:
        if self.rel_codes:
            raise _Reject(*(error(f"returns.file.{code}") for code in self.rel_codes))
        if self.remote is not None:
            source, target = self.remote
            raise _refuse("returns.filecheck.remote_link", part=source, value=target[:200])

    def _workbook(self, by_name: dict[str, zipfile.ZipInfo]) -> str:
        """The workbook part openpyxl reads; it must be the one Excel reads, too."""
        part = next((p for kind in _WORKBOOK_TYPES for p, t in self.overrides if t == kind), None)
        if part is None and set(self.defaults.values()) & set(_WORKBOOK_TYPES):
            part = "xl/workbook.xml"  # openpyxl's fallback for a reassigned default
        if part is None or part not in by_name:
            raise _reject("not_workbook")
        root = "_rels/.rels"
        named = [t for s, _, k, t, _ in self.rels if s == root and k == "officedocument"]
        if not any(t in by_name for t in named):  # Excel cannot open a package without it
            raise _reject("corrupt")
        if [t.lower() for t in named] != [part.lower()]:
            parts = ", ".join(dict.fromkeys([part, *named]))
            raise _refuse("returns.filecheck.workbook_ambiguous", part=parts)
        return part

    def _sheet_entry(self, name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            state = attrs.get("state", _VISIBLE)
            self._count()
            self.sheet_list.append((attrs.get("name", ""), rid, state))

    def _read_parts(
        self, workbook: str, by_name: dict[str, zipfile.ZipInfo]
    ) -> tuple[dict[str, str], set[str]]:
        """Worksheet parts (-> sheet name) and shared strings, through the relationships."""
        source = _rels_of(workbook)
        own = [(i, k, t) for s, i, k, t, m in self.rels if s == source and m != "External"]
        targets = {i: t for i, k, t in own if k == "worksheet"}
        sheets = {targets[r]: n for n, r, _ in self.sheet_list if r in targets}
        by_type = next((p for p, t in self.overrides if t == SHARED_STRINGS), None)
        by_rel = next((t for _, k, t in own if k == "sharedstrings"), None)
        # openpyxl reads the part of the content type, Excel the related one; without a
        # content type openpyxl reads none, and a cell that needs them stops the reader
        if by_type is not None and by_type.lower() != (by_rel or "").lower():
            parts = ", ".join(p for p in (by_type, by_rel) if p)
            raise _refuse("returns.filecheck.parts_ambiguous", part=parts)
        return sheets, {p for p in (by_type, by_rel) if p and p in by_name}

    def _collected(self) -> list[Finding]:
        if not self.formulas:
            return self.texts
        (sheet, cell), n = self.formulas[0], self.formula_count
        cells = ", ".join(f"{s}!{c}" for s, c in self.formulas[:_MAX_LISTED])
        cells += ", ..." if n > _MAX_LISTED else ""
        code = "returns.file.formula_no_value"
        return [error(code, sheet=sheet, cell=cell, cells=cells, count=n), *self.texts]

    def _parse(self, info: zipfile.ZipInfo, handler: object, sheet: str | None = None) -> None:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = self._dtd
        parser.ExternalEntityRefHandler = self._dtd
        if isinstance(handler, _Cells):
            parser.StartElementHandler, parser.EndElementHandler = handler.start, handler.end
            parser.CharacterDataHandler = handler.data
        elif handler is not None:
            parser.StartElementHandler = handler
        try:
            self._read(info, True, sheet, lambda chunk: parser.Parse(chunk, False))
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise _reject("xml_invalid", sheet=sheet, part=info.filename, line=exc.lineno) from None

    def _dtd(self, *_: object) -> None:
        raise _reject("xml_entities")

    def _read(self, info: zipfile.ZipInfo, xml: bool, sheet: str | None, feed) -> None:
        tail, run = b"", 0
        dtd = xml or not info.filename.lower().startswith("xl/media/")  # SVGs may have a DTD
        with self.zf.open(info) as fh:
            try:
                while chunk := fh.read(_CHUNK):
                    self.budget -= len(chunk)
                    if self.budget < 0:
                        raise _reject("zip_budget", limit=_size(self.limits.max_uncompressed))
                    if dtd and any(pattern in tail + chunk for pattern in _DTD):
                        raise _reject("xml_entities")
                    if xml:
                        run = _check_xml(chunk, tail, run, info.filename, sheet)
                    tail = chunk[-16:]
                    feed(chunk)
            except (_Reject, expat.ExpatError):
                while fh.read(_CHUNK):  # a damaged entry reads as garbage: say "damaged"
                    pass  # (bad CRC or zlib error); zipfile stops at the declared size
                raise


def _rels_folder(rels_part: str) -> str:
    """The folder a relationship part's targets are relative to: a/_rels/b.rels -> a."""
    return posixpath.split(posixpath.dirname(rels_part))[0]


def _rels_of(part: str) -> str:
    """The relationship part of a part: a/b.xml -> a/_rels/b.xml.rels (as openpyxl)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _join(folder: str, target: str) -> str:
    return posixpath.normpath(posixpath.join(folder, target))


def _check_xml(chunk: bytes, tail: bytes, run: int, part: str, sheet: str | None) -> int:
    """Byte checks on XML: encoding, control characters, giant tokens. Returns the new run."""
    if not tail:  # only ASCII-compatible encodings, so the DTD check sees every DTD
        declared = _ENCODING.search(chunk[:256])
        encoding = declared[1].decode("ascii", "replace").lower() if declared else "utf-8"
        if b"\x00" in chunk[:4] or chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
            encoding = "utf-16"
        if encoding not in _ASCII_SAFE:
            raise _reject("xml_invalid", sheet=sheet, part=part, line=1)
    if _CONTROL_BYTES.search(window := tail + chunk):
        text = window.decode("utf-8", "replace")  # show the text between tags, if it is there
        shown = next((s for s in re.split(r"<[^>]*>", text) if _CONTROL.search(s)), text)
        at = _CONTROL.search(shown).start()
        raise _reject("control_chars", sheet=sheet, value=_excerpt(shown, at))
    first = chunk.find(b"<")
    if run + (len(chunk) if first < 0 else first) > _MAX_RUN:
        raise _reject("huge_text", sheet=sheet, part=part, limit=_size(_MAX_RUN))
    return run + len(chunk) if first < 0 else len(chunk) - chunk.rfind(b"<") - 1


class _Cells:
    """expat handlers for a worksheet or the shared strings: size, formulas, control chars."""

    def __init__(self, scan: _Scan, part: str, sheet: str | None) -> None:
        self.scan, self.part, self.sheet, self.limits = scan, part, sheet, scan.limits
        self.rows = self.row = self.col = 0
        self.cell: dict[str, object] | None = None
        self.text: list[str] | None = None  # inside <t> or <v>

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = _TAG_NAMES.get(name) or _tag(name)  # a million calls a large sheet: no rpartition
        if self.sheet is None:  # shared strings: only the texts matter
            self.text = [] if tag == "t" else self.text
        elif tag == "row":
            self.rows, self.col = self.rows + 1, 0
            number = self._int(attrs["r"]) if "r" in attrs else self.row + 1
            self._check_size(number)
            if number <= self.row:  # openpyxl and Excel would read such rows differently
                twice = number == self.row
                key = "returns.filecheck.row_duplicate" if twice else "returns.filecheck.row_order"
                raise _refuse(key, sheet=self.sheet, row=number)
            self.row = number
        elif tag == "c":
            self._start_cell(attrs)
        elif tag in ("t", "v"):
            self.text = []
        if tag == "f" and self.cell is not None:
            self.cell["f"] = True

    def _start_cell(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        self.scan.cells += 1
        if self.limits.max_cells is not None and self.scan.cells > self.limits.max_cells:
            raise _refuse("returns.filecheck.too_many_cells", limit=self.limits.max_cells)
        if ref is None:
            self.col += 1
            ref = f"{get_column_letter(self.col)}{self.row}"
        else:
            match = _REF.fullmatch(ref)
            if not match:
                raise _reject("xml_invalid", sheet=self.sheet, part=self.part, line=0)
            col = column_index_from_string(match[1].upper())
            self._check_size(int(match[2]))
            if int(match[2]) != self.row or col <= self.col:  # another row, or not rightwards
                raise _refuse(
                    "returns.filecheck.cell_order", sheet=self.sheet, cell=ref, row=self.row
                )
            self.col = col
        if self.col > (cap := self.limits.max_columns):
            raise _reject("too_many_columns", sheet=self.sheet, cell=ref, limit=cap)
        self.cell = {"ref": ref, "f": False, "v": False, "str": attrs.get("t") == "str"}

    def _check_size(self, row: int) -> None:
        if max(row, self.rows) > self.limits.max_rows:
            raise _reject("too_many_rows", sheet=self.sheet, limit=self.limits.max_rows)

    def _int(self, value: str) -> int:
        if not (value.isascii() and value.isdigit()):
            raise _reject("xml_invalid", sheet=self.sheet, part=self.part, line=0)
        return int(value)

    def data(self, text: str) -> None:
        if self.text is not None:
            self.text.append(text)

    def end(self, name: str) -> None:
        tag = _TAG_NAMES.get(name) or _tag(name)
        cell = self.cell
        if tag == "v" and cell is not None:
            cell["v"] = bool("".join(self.text or ()).strip()) or bool(cell["str"])
        elif tag == "t":
            self._check_text(_unescape("".join(self.text or ())))
        elif tag == "c" and cell is not None:
            if cell["f"] and not cell["v"]:
                self.scan.formula_count += 1
                if len(self.scan.formulas) < _MAX_LISTED:
                    self.scan.formulas.append((str(self.sheet), str(cell["ref"])))
            self.cell = None
        if tag in ("t", "v"):
            self.text = None

    def _check_text(self, text: str) -> None:
        found = _CONTROL.search(text)
        if found and len(self.scan.texts) < _MAX_TEXT_FINDINGS:
            cell = str(self.cell["ref"]) if self.cell else None
            value = _excerpt(text, found.start())
            finding = error("returns.file.control_chars", sheet=self.sheet, cell=cell, value=value)
            self.scan.texts.append(finding)
