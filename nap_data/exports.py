"""CSV and XLSX exports: every row and column, no truncation, no formula injection."""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from pathlib import Path

import polars as pl
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from sqlalchemy import Engine

from nap_data import labels, queries
from nap_data.i18n import t
from nap_data.services import ADMIN, Actor, access
from nap_data.vocab import DataScope

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: object) -> object:
    """A text that a spreadsheet would run as a formula gets a leading apostrophe.

    Leading spaces do not protect: spreadsheets skip them. Numbers stay numbers.
    """
    if isinstance(value, str) and value.lstrip(" ").startswith(TRIGGERS):
        return "'" + value
    return value


# CSV under any locale. A Dutch-locale spreadsheet reads a CSV with ";" as its separator,
# and a reader that splits before it honours quotes cuts a field at any ";", "," or tab,
# or at a line break, inside it; the rest then is a cell of its own ("UN Women;=2*21"
# gives a cell "=2*21"). Quoting alone cannot stop that, so the safe approach is both:
# 1. every text field is quoted (QUOTE_NONNUMERIC), so a reader that honours quotes sees
#    the whole field; numbers are written unquoted, as numbers;
# 2. every place where a cell could begin in some reading - the start of the field, and
#    after each ";", ",", tab, CR or LF, past spaces and quote marks - gets an apostrophe
#    when a trigger follows (and one more when apostrophes and then a trigger follow, so
#    `unneutralise` gives back the exact text). Spreadsheets show the apostrophe as "this
#    is text". XLSX needs only the first rule's start: its cells are typed.
_SEPARATED = re.compile(r"(?<=[;,\t\r\n])([ \"]*)(?='*[=+\-@\t\r\n])")
_STARTS = re.compile(r" *'*[=+\-@\t\r\n]")
_SEPARATED_BACK = re.compile(r"(?<=[;,\t\r\n])([ \"]*)'(?='*[=+\-@\t\r\n])")


def neutralise_csv(value: object) -> object:
    """`neutralise`, and a trigger after every separator a locale may use (see above)."""
    if not isinstance(value, str):
        return value
    value = _SEPARATED.sub(r"\1'", value)
    return "'" + value if _STARTS.match(value) else value


def unneutralise(text: str) -> str:
    """The text before `neutralise_csv` (for a round trip through a CSV export)."""
    if text.startswith("'") and _STARTS.match(text[1:]):
        text = text[1:]
    return _SEPARATED_BACK.sub(r"\1", text)


def write_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` all or nothing: into a temporary file in the same folder,
    flushed to disk, then renamed over `path`. A failed write (disk full, no permission)
    leaves no file and no partial file behind; an existing file stays as it was."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _goals(engine: Engine, lang: str) -> dict[int, str]:
    plan = queries.load_plan(engine)
    return plan.goal_labels(lang) if plan else {}


def activities_frame(engine: Engine, scope: DataScope, lang: str) -> pl.DataFrame:
    """One row per activity per reporting year (budgets and statuses are yearly), in words."""
    acts = queries.load_activities(engine, scope)
    return labels.readable(acts, lang, _goals(engine, lang))


def indicators_frame(engine: Engine, scope: DataScope, lang: str) -> pl.DataFrame:
    values = queries.load_indicator_values(engine, scope)
    meta = queries.load_indicators(engine).select(
        pl.col("code").alias("indicator_code"),
        pl.col(f"name_{lang}").alias("indicator_name"),
        "unit",
        "goal",
        "baseline",
        "target",
    )
    joined = values.join(meta, on="indicator_code", how="left", maintain_order="left")
    return labels.readable(joined, lang, _goals(engine, lang))


def header(column: str, lang: str) -> str:
    """The column's export header, else its table label, else its name."""
    for key in (f"export.{column}", f"col.{column}"):
        label = t(key, lang)
        if label != key:
            return label
    return column


def flat(frame: pl.DataFrame) -> pl.DataFrame:
    """List columns (countries, goals) as "a; b" text, so every format can hold them."""
    lists = [c for c, d in frame.schema.items() if isinstance(d, pl.List)]
    return frame.with_columns(
        pl.col(c).list.eval(pl.element().cast(pl.String)).list.join("; ") for c in lists
    )


def to_csv_bytes(frame: pl.DataFrame, lang: str) -> bytes:
    frame = flat(frame)
    buffer = io.StringIO()
    # Text quoted, numbers not (see neutralise_csv for why both are needed).
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow([header(c, lang) for c in frame.columns])
    for row in frame.iter_rows():
        writer.writerow(["" if v is None else neutralise_csv(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")  # BOM: Excel then reads UTF-8 correctly


def to_xlsx_bytes(frame: pl.DataFrame, lang: str, sheet: str = "Data") -> bytes:
    frame = flat(frame)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    for i, column in enumerate(frame.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(12, len(column) + 4))
    ws.freeze_panes = "A2"
    ws.append([_text_cell(ws, header(c, lang)) for c in frame.columns])
    for row in frame.iter_rows():
        ws.append([_text_cell(ws, v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text_cell(ws, value: str) -> WriteOnlyCell:
    # Typed as a string so openpyxl never stores it as a formula.
    cell = WriteOnlyCell(ws, value=neutralise(value))
    cell.data_type = "s"
    return cell


# The command line runs on the server with the store's own credentials: whoever can run it
# could read the store file anyway, so it acts as an admin (and says so in the audit trail).
COMMAND_LINE = Actor("cli", ADMIN)


def export_table(
    engine: Engine,
    what: str,
    path: Path,
    fmt: str,
    *,
    scope: str = "submitted",
    lang: str = "nl",
    actor: Actor = COMMAND_LINE,
) -> int:
    """Write every row of `what` as CSV or XLSX to `path`, for those who may export data;
    a refusal is recorded (services.access) and writes no file."""
    access.require(engine, actor, access.EXPORT)
    builders = {"activities": activities_frame, "indicators": indicators_frame}
    chosen = access.readable_scope(actor, DataScope(scope))
    frame = builders[what](engine, chosen, lang)
    data = to_csv_bytes(frame, lang) if fmt == "csv" else to_xlsx_bytes(frame, lang, what)
    write_file(path, data)
    _record_export(engine, actor, what, fmt, chosen, frame.height)
    return frame.height


def _record_export(engine: Engine, actor: Actor, what: str, fmt: str, scope, rows: int) -> None:
    # Who took which data out, and how much of it; the event moves no data version.
    from nap_data.services.audit import record
    from nap_data.store import write_session

    with write_session(engine) as session:
        detail = {"what": what, "format": fmt, "scope": str(scope), "rows": rows}
        record(session, actor, "export_made", "export", None, **detail)
