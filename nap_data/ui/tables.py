"""A table in the reader's words and formats, a page at a time, with CSV and XLSX downloads
of every row for those who may export."""

from __future__ import annotations

import types
from collections.abc import Callable

import polars as pl
import streamlit as st

from nap_data import exports, labels
from nap_data.formatting import display_frame, format_int
from nap_data.i18n import t
from nap_data.services import access
from nap_data.ui.widgets import NO_TOOLBAR_EXPORT, XLSX, acting_user, file_slug, view_caption

PAGE_ROWS = 200  # rows a table sends to the browser at a time


def table(
    frame: pl.DataFrame,
    columns: dict[str, str],
    lang: str,
    key: str | None = None,
    height: int | str = "auto",
    select: bool = False,
    *,
    goals: dict[int, str] | None = None,
    kinds: dict[str, str] | None = None,
    percent: tuple[str, ...] = (),
    caption: str | None = None,
):
    """Show `frame` in the reader's words and formats, and offer all of it as CSV and XLSX
    to those who may export data (services.access.EXPORT); everyone sees the table.

    `columns` maps column -> label key for what is shown. Codes become words (goals by
    the plan's names, `kinds` for columns such as "state"); numbers, money
    ("budget_eur" columns), `percent` shares and dates are shown in the language's
    format and a missing value as a dash. The downloads hold every column and row as
    typed values (numbers stay numbers), with formula injection neutralised.

    A frame of more than PAGE_ROWS rows is shown a page at a time, with a page chooser
    and "Rows 1–200 of 12,345": only that page is put into words, formatted and sent.
    With `select`, the event's selected rows are positions in the whole `frame`.
    """
    name = file_slug(key or "-".join(columns))
    first = _page_start(frame.height, lang, f"{key or name}_page")
    part = frame if frame.height <= PAGE_ROWS else frame.slice(first, PAGE_ROWS)
    words = labels.readable(part, lang, goals, kinds)
    shown = words.select([c for c in columns if c in words.columns])
    money = tuple(c for c in shown.columns if c.startswith("budget"))
    display = display_frame(_plain_numbers(shown), lang, money=money, percent=percent)
    config = {
        c: st.column_config.Column(t(k, lang)) for c, k in columns.items() if c in shown.columns
    }
    st.html(NO_TOOLBAR_EXPORT)
    event = st.dataframe(
        display,
        hide_index=True,
        column_config=config,
        # A page of its own key: a row picked on one page is not taken for a row of another.
        key=key if part is frame or key is None else f"{key}_{first}",
        height=height,
        on_select="rerun" if select else "ignore",
        selection_mode="single-row",
    )
    if part is frame:
        downloads(words, lang, name, caption)
    else:  # every row, put into words only when someone downloads
        _downloads(
            frame.height, lambda: labels.readable(frame, lang, goals, kinds), lang, name, caption
        )
    if not select:
        return None
    return _shifted(event, first, frame.height)


def _page_start(rows: int, lang: str, key: str) -> int:
    """The first row of the page to show (0 for a frame that fits one page), with the page
    chooser and what the page holds."""
    if rows <= PAGE_ROWS:
        return 0
    pages = -(-rows // PAGE_ROWS)
    if st.session_state.get(key, 1) > pages:  # the frame shrank (another filter): page 1
        del st.session_state[key]
    left, right = st.columns([1, 4], vertical_alignment="bottom")
    page = left.number_input(
        t("table.page", lang),
        min_value=1,
        max_value=pages,
        value=1,
        step=1,
        key=key,
        help=t("table.page_help", lang, rows=format_int(PAGE_ROWS, lang)),
    )
    first = (int(page) - 1) * PAGE_ROWS
    right.caption(
        t(
            "table.rows_shown",
            lang,
            first=format_int(first + 1, lang),
            last=format_int(min(first + PAGE_ROWS, rows), lang),
            total=format_int(rows, lang),
            page=format_int(page, lang),
            pages=format_int(pages, lang),
        )
    )
    return first


def _shifted(event, first: int, height: int):
    """The table's selection event with its rows counted in the whole frame. A keyed table
    keeps its selection when its data changes, so a row picked before a filter shrank the
    frame may lie past its end: such rows are dropped, not handed on."""
    rows = [first + r for r in event.selection.rows] if event else []
    rows = [r for r in rows if r < height]
    columns = list(event.selection.columns) if event else []
    return types.SimpleNamespace(selection=types.SimpleNamespace(rows=rows, columns=columns))


# Whole numbers that are names, not amounts: a year reads 2025, never 2.025.
PLAIN = ("year", "years", "version", "versions", "goal")


def _plain_numbers(frame: pl.DataFrame) -> pl.DataFrame:
    plain = [
        c
        for c, dtype in frame.schema.items()
        if dtype.is_integer() and (c in PLAIN or c.endswith("_year"))
    ]
    return frame.with_columns(pl.col(plain).cast(pl.String)) if plain else frame


def downloads(frame: pl.DataFrame, lang: str, name: str, caption: str | None = None) -> None:
    """CSV and XLSX of every row and column of `frame`, with the row count and what it shows;
    without the buttons for those who may not export."""
    _downloads(frame.height, lambda: frame, lang, name, caption)


def _downloads(
    rows: int,
    make: Callable[[], pl.DataFrame],
    lang: str,
    name: str,
    caption: str | None = None,
) -> None:
    """`downloads` of the frame `make()` returns (`rows` long), made only on a click."""
    count = t("export.rows", lang, n=format_int(rows, lang))
    note_text = count + " · " + (caption or view_caption(lang))
    if not access.allowed(acting_user(), access.EXPORT):
        st.caption(note_text)
        return
    left, right, note = st.columns([2, 1, 5])
    left.download_button(
        t("export.csv_label", lang),
        lambda: exports.to_csv_bytes(make(), lang),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"csv_{name}",
        icon=":material/download:",
        on_click="ignore",
        help=t("export.csv_help", lang),
    )
    right.download_button(
        "XLSX",
        lambda: exports.to_xlsx_bytes(make(), lang),
        file_name=f"{name}.xlsx",
        mime=XLSX,
        key=f"xlsx_{name}",
        icon=":material/download:",
        on_click="ignore",
    )
    note.caption(note_text)
