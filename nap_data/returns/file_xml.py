"""The file gate's reading of entries: chunked against one byte budget, XML through expat.

Every entry is decompressed in chunks against the budget (`Limits.max_uncompressed`). XML
is streamed through expat handlers (no tree, flat memory) and a DTD is refused before the
parser sees it; its bytes are checked for the encoding, control characters and giant
tokens on the way.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from typing import TYPE_CHECKING
from xml.parsers import expat

from nap_data.returns.file_limits import MB, Limits, size_text
from nap_data.returns.file_refusal import Reject, reject

if TYPE_CHECKING:
    from nap_data.returns.file_cells import CellHandlers

_CHUNK = 64 * 1024
_MAX_RUN = MB  # bytes without any "<": no cell text or attribute is that long
_DTD = (b"<!DOCTYPE", b"<!ENTITY")
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# C0 and C1 control characters and DEL; tab, line feed and carriage return are text. The
# file check and the validator (returns.validate_cells) refuse the same characters.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([^"']*)""")
_ASCII_SAFE = {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "windows-1252"}


def local_name(name: str) -> str:
    return name.rpartition(" ")[2]  # expat with namespace_separator=" " gives "uri local"


def excerpt(text: str, at: int) -> str:
    """Up to 20 characters either side, control characters shown as visible symbols."""
    part = text[max(at - 20, 0) : at + 20]
    return CONTROL.sub(lambda m: chr(0x2400 + ord(m[0])) if m[0] < " " else "\ufffd", part)


class PartReader:
    """Reads the entries of one archive, each once, against the byte budget."""

    def __init__(self, zf: zipfile.ZipFile, limits: Limits) -> None:
        self.zf, self.limits, self.budget = zf, limits, limits.max_uncompressed

    def parse(
        self,
        info: zipfile.ZipInfo,
        start: Callable[[str, dict[str, str]], None] | None = None,
        *,
        cells: CellHandlers | None = None,
        sheet: str | None = None,
    ) -> None:
        """Streams an XML entry through expat: to `start`, or to all the `cells` handlers."""
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = self._dtd
        parser.ExternalEntityRefHandler = self._dtd
        if cells is not None:
            parser.StartElementHandler, parser.EndElementHandler = cells.start, cells.end
            parser.CharacterDataHandler = cells.data
        elif start is not None:
            parser.StartElementHandler = start
        try:
            self.read(info, True, sheet, lambda chunk: parser.Parse(chunk, False))
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise reject("xml_invalid", sheet=sheet, part=info.filename, line=exc.lineno) from None

    def _dtd(self, *_: object) -> None:
        raise reject("xml_entities")

    def read(self, info: zipfile.ZipInfo, xml: bool, sheet: str | None, feed) -> None:
        tail, run = b"", 0
        dtd = xml or not info.filename.lower().startswith("xl/media/")  # SVGs may have a DTD
        with self.zf.open(info) as fh:
            try:
                while chunk := fh.read(_CHUNK):
                    self.budget -= len(chunk)
                    if self.budget < 0:
                        raise reject("zip_budget", limit=size_text(self.limits.max_uncompressed))
                    if dtd and any(pattern in tail + chunk for pattern in _DTD):
                        raise reject("xml_entities")
                    if xml:
                        run = _check_xml(chunk, tail, run, info.filename, sheet)
                    tail = chunk[-16:]
                    feed(chunk)
            except (Reject, expat.ExpatError):
                while fh.read(_CHUNK):  # a damaged entry reads as garbage: say "damaged"
                    pass  # (bad CRC or zlib error); zipfile stops at the declared size
                raise


def _check_xml(chunk: bytes, tail: bytes, run: int, part: str, sheet: str | None) -> int:
    """Byte checks on XML: encoding, control characters, giant tokens. Returns the new run."""
    if not tail:  # only ASCII-compatible encodings, so the DTD check sees every DTD
        declared = _ENCODING.search(chunk[:256])
        encoding = declared[1].decode("ascii", "replace").lower() if declared else "utf-8"
        if b"\x00" in chunk[:4] or chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
            encoding = "utf-16"
        if encoding not in _ASCII_SAFE:
            raise reject("xml_invalid", sheet=sheet, part=part, line=1)
    if CONTROL_BYTES.search(window := tail + chunk):
        text = window.decode("utf-8", "replace")  # show the text between tags, if it is there
        shown = next((s for s in re.split(r"<[^>]*>", text) if CONTROL.search(s)), text)
        at = CONTROL.search(shown).start()
        raise reject("control_chars", sheet=sheet, value=excerpt(shown, at))
    first = chunk.find(b"<")
    if run + (len(chunk) if first < 0 else first) > _MAX_RUN:
        raise reject("huge_text", sheet=sheet, part=part, limit=size_text(_MAX_RUN))
    return run + len(chunk) if first < 0 else len(chunk) - chunk.rfind(b"<") - 1
