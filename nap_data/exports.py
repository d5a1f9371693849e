"""CSV and XLSX exports: every row and column, no truncation, no formula injection."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from sqlalchemy import Engine

from nap_data import labels, queries
from nap_data.i18n import t
from nap_data.vocab import DataScope

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: object) -> object:
    """A text that a spreadsheet would run as a formula gets a leading apostrophe.

    Leading spaces do not protect: spreadsheets skip them. Numbers stay numbers.
    """
    if isinstance(value, str) and value.lstrip(" ").startswith(TRIGGERS):
        return "'" + value
    return value


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
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header(c, lang) for c in frame.columns])
    for row in frame.iter_rows():
        writer.writerow(["" if v is None else neutralise(v) for v in row])
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


def export_table(
    engine: Engine, what: str, path: Path, fmt: str, *, scope: str = "submitted", lang: str = "nl"
) -> int:
    builders = {"activities": activities_frame, "indicators": indicators_frame}
    frame = builders[what](engine, DataScope(scope), lang)
    data = to_csv_bytes(frame, lang) if fmt == "csv" else to_xlsx_bytes(frame, lang, what)
    path.write_bytes(data)
    return frame.height
