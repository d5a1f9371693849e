"""The file gate's caps (`Limits`) and how a size is shown in a finding."""

from __future__ import annotations

import math
from dataclasses import dataclass

MB = 1000 * 1000  # decimal, as the browser counts Streamlit's maxUploadSize


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * MB  # upload size cap: the same number as maxUploadSize = 10
    max_entries: int = 500  # zip entries
    max_uncompressed: int = 100 * 1024 * 1024  # total uncompressed bytes
    max_ratio: int = 100  # per-entry compression ratio
    max_rows: int = 20_000  # per sheet
    max_columns: int = 200  # per sheet
    max_cells: int | None = 100_000  # in all sheets: a return has a few thousand


def size_text(n: int) -> str:
    # Rounded up: a file just over the limit must not read as the limit itself.
    return f"{math.ceil(n * 10 / MB) / 10:.1f} MB" if n >= MB // 10 else f"{-(-n // 1000)} KB"
