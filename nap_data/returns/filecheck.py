"""The file gate: checks an uploaded .xlsx return before openpyxl parses it.

openpyxl trusts the ZIP directory, a sheet's `<dimension>` and any XML, so this module
looks at the bytes first, by content and never by extension. It answers with error
findings (codes `returns.file.*` and `returns.filecheck.*`, texts in
`nap_data/i18n/returns_file.toml` and `returns_filecheck_more.toml`); an empty list means
the file may go to openpyxl. Every entry is decompressed in chunks against one byte
budget; XML is streamed through expat handlers (no tree, flat memory) and a DTD is
refused before the parser sees it. Checks stop at the first class that finds something.

The sequence is here (`inspect_file`, `_scan`); the checks are in `file_container` (the
bytes and the ZIP directory), `file_package` (content types, relationships, workbook),
`file_xml` (the budget and the XML bytes), `file_cells` (rows, cells and texts) and
`file_limits` (the caps).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, replace
from functools import partial

from openpyxl.xml.constants import SHARED_STRINGS, WORKSHEET_TYPE

from nap_data.returns.file_cells import CellHandlers, CellTally
from nap_data.returns.file_container import check_archive, check_bytes, check_structure
from nap_data.returns.file_limits import MB, Limits
from nap_data.returns.file_package import TYPES_PART, PackageMap
from nap_data.returns.file_refusal import Reject
from nap_data.returns.file_xml import PartReader
from nap_data.returns.findings import Finding, error

__all__ = ["MB", "Limits", "Report", "assert_defusedxml_active", "check_file", "inspect_file"]

_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
_READ_BY_OPENPYXL = ("xl/", "_rels/", "docprops/")
_DEFAULTS = Limits()  # one instance, as a default argument is


@dataclass(frozen=True)
class Report:
    """What the gate found, with what it counted on the way (for callers with own caps)."""

    findings: list[Finding]
    cells: int = 0  # <c> elements in all worksheets
    unpacked: int = 0  # bytes decompressed


def check_file(data: bytes, file_name: str = "", limits: Limits = _DEFAULTS) -> list[Finding]:
    """Empty list = safe to hand to openpyxl. Otherwise one (or a few) error Findings."""
    return inspect_file(data, file_name, limits).findings


def inspect_file(data: bytes, file_name: str = "", limits: Limits = _DEFAULTS) -> Report:
    """The gate's findings (as `check_file`) with the cells and bytes it counted."""
    reader: PartReader | None = None
    tally = CellTally()
    try:
        check_bytes(data, limits)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            check_archive(infos, limits)
            check_structure(infos)
            reader = PartReader(zf, limits)
            findings = _scan(infos, reader, tally)
    except Reject as exc:
        findings = list(exc.args)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, OSError):
        findings = [error("returns.file.corrupt")]
    findings = [replace(f, params={**f.params, "file": file_name}) for f in findings]
    if reader is None:
        return Report(findings)
    return Report(findings, tally.cells, limits.max_uncompressed - reader.budget)


def assert_defusedxml_active() -> None:
    """Start-up check: openpyxl must parse through defusedxml."""
    import openpyxl.xml

    if getattr(openpyxl.xml, "DEFUSEDXML", False) is not True:
        raise RuntimeError("openpyxl is not using defusedxml (installed? OPENPYXL_DEFUSEDXML?)")


def _scan(infos: list[zipfile.ZipInfo], reader: PartReader, tally: CellTally) -> list[Finding]:
    """Reads every entry once against the byte budget, collecting what is not fatal."""
    by_name = {info.filename: info for info in infos}
    package = PackageMap()
    reader.parse(by_name[TYPES_PART], package.type_entry)
    package.check_declared_types()
    rels = [info for info in infos if info.filename.lower().endswith(".rels")]
    for info in rels:
        reader.parse(info, partial(package.relationship_entry, info.filename))
    package.check_parts(infos)
    package.check_relationships()
    workbook = package.workbook(by_name)
    reader.parse(by_name[workbook], package.sheet_entry)
    sheets, strings = package.read_parts(workbook, by_name)
    done = {TYPES_PART, workbook, *(info.filename for info in rels)}
    limits = reader.limits
    for info in (info for info in infos if info.filename not in done):
        name, low = info.filename, info.filename.lower()
        kind = package.type_of(name)
        if name in sheets or kind == WORKSHEET_TYPE or _WORKSHEET.fullmatch(name):
            sheet = sheets.get(name, posixpath.basename(name))
            reader.parse(info, cells=CellHandlers(tally, limits, name, sheet), sheet=sheet)
        elif name in strings or kind == SHARED_STRINGS or low.endswith("sharedstrings.xml"):
            reader.parse(info, cells=CellHandlers(tally, limits, name, None))
        elif low.startswith(_READ_BY_OPENPYXL) and low.endswith(".xml"):
            reader.parse(info)
        else:  # binary parts, customXml (SharePoint), legacy VML: budget and DTD check only
            reader.read(info, False, None, lambda chunk: None)
    return tally.findings()
