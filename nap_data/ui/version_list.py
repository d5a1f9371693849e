"""A list of return versions to pick one from: click its row, or choose it in the select box.

The select box holds the choice (by version id, so it survives the list reordering after
an approval); a click on a row sets it through a callback, and before the table is drawn
its highlighted row is set to the chosen version. The select box also serves keyboards.
"""

from __future__ import annotations

import functools

import polars as pl
import streamlit as st

from nap_data.formatting import display_frame
from nap_data.i18n import t
from nap_data.labels import readable
from nap_data.ui import tables, widgets

COLUMNS = {
    "state": "col.state", "organisation_code": "col.code",
    "organisation_name": "col.organisation", "year": "col.year", "version": "col.version",
    "created_at": "col.received", "created_by": "col.by", "file_name": "col.file",
    "review_comment": "col.comment",
}  # fmt: skip


def with_state(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """A `state` column in words: waiting for review, or the review state, and
    "(superseded)" for a version that a newer one replaced."""
    states = {s: t(f"return_state.{s}", lang) for s in ("submitted", "approved", "returned")}
    word = (
        pl.when(pl.col("waiting"))
        .then(pl.lit(t("review.state_waiting", lang)))
        .otherwise(pl.col("review_status").replace_strict(states, default=pl.col("review_status")))
    )
    old = pl.lit(t("review.superseded_suffix", lang))
    return frame.with_columns(
        state=pl.when(pl.col("current")).then(word).otherwise(pl.concat_str([word, old]))
    )


def label(page, row: dict) -> str:
    # Without the state: the select box sends its label back, so a label that changed
    # with an approval would no longer match and lose the choice. The table shows the state.
    return page.t(
        "review.pick_label",
        code=row["organisation_code"],
        year=row["year"],
        version=row["version"],
        organisation=row["organisation_name"],
    )


def _clicked(table_key: str, pick_key: str, ids: list[int], on_pick) -> None:
    # `ids` are those of the list the reader clicked in, bound when it was drawn.
    rows = st.session_state[table_key]["selection"]["rows"]
    if rows and rows[0] < len(ids) and st.session_state.get(pick_key) != ids[rows[0]]:
        st.session_state[pick_key] = ids[rows[0]]
        if on_pick is not None:
            on_pick()


def pick(page, frame: pl.DataFrame, table_key: str, pick_key: str, on_pick=None) -> dict:
    """Draw the list (with CSV/XLSX of it) and the select box; the chosen version's row.

    `frame` needs submission_id, waiting, current and the COLUMNS; its order is kept.
    `on_pick` runs when the choice changes (e.g. to clear a half-written comment)."""
    ids = frame["submission_id"].to_list()
    chosen = st.session_state.get(pick_key)
    if chosen not in ids:
        chosen = st.session_state[pick_key] = ids[0]
    st.session_state[table_key] = {"selection": {"rows": [ids.index(chosen)], "columns": []}}
    words = with_state(frame, page.lang)
    shown = readable(words.select([c for c in COLUMNS if c in words.columns]), page.lang)
    st.html(widgets.NO_TOOLBAR_EXPORT)  # its CSV would skip neutralisation and the check
    st.dataframe(
        display_frame(shown.with_columns(pl.col("year", "version").cast(pl.String)), page.lang),
        hide_index=True,
        key=table_key,
        on_select=functools.partial(_clicked, table_key, pick_key, ids, on_pick),
        selection_mode="single-row",
        column_config={c: page.t(k) for c, k in COLUMNS.items() if c in shown.columns},
    )
    tables.downloads(shown, page.lang, table_key.replace("_", "-"), page.t("review.list_caption"))
    labels = {r["submission_id"]: label(page, r) for r in frame.iter_rows(named=True)}
    st.selectbox(
        page.t("returns.pick_version"),
        ids,
        format_func=labels.get,
        key=pick_key,
        on_change=on_pick,
    )
    return words.row(ids.index(st.session_state[pick_key]), named=True)
