"""The file gate's checks on the container: the bytes, the ZIP directory, the entry names.

They run before any entry is decompressed: a file that is no ZIP is named by what it
looks like (.xls, PDF, HTML, CSV, ...), and the ZIP's directory is held to the `Limits`.
"""

from __future__ import annotations

import re
import zipfile

from nap_data.returns.file_limits import MB, Limits, size_text
from nap_data.returns.file_package import TYPES_PART
from nap_data.returns.file_refusal import Reject, refuse, reject
from nap_data.returns.file_xml import CONTROL_BYTES
from nap_data.returns.findings import error

_RATIO_FLOOR = MB  # the ratio check is for entries above this size: small XML compresses well
_OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
_FORBIDDEN = (  # code, pattern over lower-cased entry names
    ("macros", re.compile(r"(^|/)vbaproject\.bin$|^xl/macrosheets/")),
    ("external_links", re.compile(r"^xl/externallinks/")),
    ("connections", re.compile(r"^xl/connections\.xml$")),
    ("activex", re.compile(r"^xl/activex/")),
    ("embeddings", re.compile(r"^xl/embeddings/")),
)


def check_bytes(data: bytes, limits: Limits) -> None:
    if not data:
        raise reject("empty")
    if len(data) > limits.max_bytes:
        raise reject("too_large", size=size_text(len(data)), limit=size_text(limits.max_bytes))
    if not data.startswith(b"PK"):
        raise reject(_look_alike(data))


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
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or not CONTROL_BYTES.search(head):
        return "csv"
    return "not_xlsx"


def check_archive(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_entries:
        raise reject("too_many_entries", count=len(infos), limit=limits.max_entries)
    seen: set[str] = set()
    for info in infos:  # zipfile would read the last of two, another reader the first
        if (key := info.filename.lower()) in seen:
            raise refuse("returns.filecheck.duplicate_entry", part=info.filename)
        seen.add(key)
    for info in infos:
        part, packed = info.filename, max(info.compress_size, 1)
        if info.flag_bits & 0x1:
            raise reject("encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise reject("compression", part=part)
        if info.file_size > _RATIO_FLOOR and info.file_size > limits.max_ratio * packed:
            ratio = info.file_size // packed
            raise reject("zip_ratio", part=part, ratio=ratio, limit=limits.max_ratio)
        stored = info.compress_type == zipfile.ZIP_STORED
        if info.compress_size > info.file_size + (0 if stored else info.file_size // 100 + 1024):
            raise reject("zip_size_mismatch", part=part)  # the header understates the content
    total, cap = sum(info.file_size for info in infos), limits.max_uncompressed
    if total > cap:
        raise reject("too_large_uncompressed", size=size_text(total), limit=size_text(cap))


def check_structure(infos: list[zipfile.ZipInfo]) -> None:
    names = {info.filename for info in infos}
    lower = {name.lower() for name in names}
    if "xl/workbook.bin" in lower:
        raise reject("xlsb")
    if {"mimetype", "content.xml"} <= lower:
        raise reject("ods")
    if TYPES_PART not in names:
        raise reject("not_workbook")
    found = [code for code, pattern in _FORBIDDEN if any(map(pattern.search, lower))]
    if found:
        raise Reject(*(error(f"returns.file.{code}") for code in found))
