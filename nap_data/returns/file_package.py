"""The file gate's view of the package: content types, relationships, workbook and sheets.

Parts are found as openpyxl and Excel find them, never by a fixed name: the content type
of every part (`[Content_Types].xml`, Override before Default) and every relationship in
every `_rels/*.rels` (relative targets resolved as openpyxl resolves them, External
targets refused unless they are hyperlinks). The workbook is the part openpyxl takes by
content type and must be the one the package's root relationship names; its sheets and
shared strings are read through its relationships.
"""

from __future__ import annotations

import posixpath
import re
import zipfile

from openpyxl.xml.constants import SHARED_STRINGS, XLSM, XLSX, XLTM, XLTX

from nap_data.returns.file_refusal import Reject, refuse, reject
from nap_data.returns.file_xml import local_name
from nap_data.returns.findings import error

TYPES_PART = "[Content_Types].xml"
_MACRO_TYPE = re.compile(r"macroenabled|vbaproject|macrosheet", re.IGNORECASE)
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
_VISIBLE = "visible"


class PackageMap:
    """What the content types, the relationship parts and the workbook declare."""

    def __init__(self) -> None:
        self.defaults: dict[str, str] = {}  # extension -> content type
        self.overrides: list[tuple[str, str]] = []  # (part name, content type), file order
        self.rels: list[tuple[str, str, str, str, str]] = []  # (source, id, kind, target, mode)
        self.sheet_list: list[tuple[str, str, str]] = []  # (name, r:id, state) in workbook
        self.rel_codes: dict[str, None] = {}  # codes of forbidden relationship types
        self.remote: tuple[str, str] | None = None  # (rels part, target) of an External link
        self.items = 0  # content types, kept relationships and sheets: at most _MAX_ITEMS
        self._override_map: dict[str, list[str]] | None = None  # built once types are read

    def _count(self) -> None:
        """What the scan keeps in memory is bounded, whatever the budget lets through."""
        self.items += 1
        if self.items > _MAX_ITEMS:
            raise refuse("returns.filecheck.too_many_references", limit=_MAX_ITEMS)

    # -- content types
    def type_entry(self, name: str, attrs: dict[str, str]) -> None:
        """expat start handler for `[Content_Types].xml`."""
        tag = local_name(name)
        if tag in ("Default", "Override"):
            self._count()
        if tag == "Default":
            self.defaults[attrs.get("Extension", "").lower()] = attrs.get("ContentType", "")
        elif tag == "Override":
            part = attrs.get("PartName", "")
            self.overrides.append(
                (part[1:] if part.startswith("/") else part, attrs.get("ContentType", ""))
            )

    def check_declared_types(self) -> None:
        declared = [*self.defaults.values(), *(t for _, t in self.overrides)]
        if any(_MACRO_TYPE.search(t) for t in declared):
            raise reject("macros")

    def type_of(self, part: str) -> str:
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

    def check_parts(self, infos: list[zipfile.ZipInfo]) -> None:
        by_part = self._by_part()
        types = {self.type_of(info.filename).lower() for info in infos}
        types |= {t.lower() for info in infos for t in by_part.get(info.filename.lower(), ())}
        found = [c for c, pattern in _FORBIDDEN_TYPES if any(map(pattern.search, types))]
        if found:
            raise Reject(*(error(f"returns.file.{code}") for code in found))

    # -- relationships
    def relationship_entry(self, source: str, name: str, attrs: dict[str, str]) -> None:
        """expat start handler for the relationship part `source`."""
        if local_name(name) != "Relationship":
            return
        kind = attrs.get("Type", "").rpartition("/")[2].lower()
        target, mode = attrs.get("Target", ""), attrs.get("TargetMode", "Internal")
        if mode != "External":  # resolved as openpyxl does (packaging/relationship.py)
            folder = _rels_folder(source)
            target = target[1:] if target.startswith("/") else _join(folder, target)
        if code := _FORBIDDEN_RELS.get(kind):
            self.rel_codes[code] = None
        elif mode == "External" and kind != "hyperlink" and self.remote is None:
            self.remote = (source, target)
        if kind in _KEPT_RELS:  # hyperlinks and the rest need not be kept
            self._count()
            self.rels.append((source, attrs.get("Id", ""), kind, target, mode))

    def check_relationships(self) -> None:
        if self.rel_codes:
            raise Reject(*(error(f"returns.file.{code}") for code in self.rel_codes))
        if self.remote is not None:
            source, target = self.remote
            raise refuse("returns.filecheck.remote_link", part=source, value=target[:200])

    # -- the workbook and its parts
    def workbook(self, by_name: dict[str, zipfile.ZipInfo]) -> str:
        """The workbook part openpyxl reads; it must be the one Excel reads, too."""
        part = next((p for kind in _WORKBOOK_TYPES for p, t in self.overrides if t == kind), None)
        if part is None and set(self.defaults.values()) & set(_WORKBOOK_TYPES):
            part = "xl/workbook.xml"  # openpyxl's fallback for a reassigned default
        if part is None or part not in by_name:
            raise reject("not_workbook")
        root = "_rels/.rels"
        named = [t for s, _, k, t, _ in self.rels if s == root and k == "officedocument"]
        if not any(t in by_name for t in named):  # Excel cannot open a package without it
            raise reject("corrupt")
        if [t.lower() for t in named] != [part.lower()]:
            parts = ", ".join(dict.fromkeys([part, *named]))
            raise refuse("returns.filecheck.workbook_ambiguous", part=parts)
        return part

    def sheet_entry(self, name: str, attrs: dict[str, str]) -> None:
        """expat start handler for the workbook part."""
        if local_name(name) == "sheet":
            rid = next((v for k, v in attrs.items() if local_name(k) == "id"), "")
            state = attrs.get("state", _VISIBLE)
            self._count()
            self.sheet_list.append((attrs.get("name", ""), rid, state))

    def read_parts(
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
            raise refuse("returns.filecheck.parts_ambiguous", part=parts)
        return sheets, {p for p in (by_type, by_rel) if p and p in by_name}


def _rels_folder(rels_part: str) -> str:
    """The folder a relationship part's targets are relative to: a/_rels/b.rels -> a."""
    return posixpath.split(posixpath.dirname(rels_part))[0]


def _rels_of(part: str) -> str:
    """The relationship part of a part: a/b.xml -> a/_rels/b.xml.rels (as openpyxl)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _join(folder: str, target: str) -> str:
    return posixpath.normpath(posixpath.join(folder, target))
