"""Small Streamlit building blocks the pages share."""

from __future__ import annotations

import altair as alt
import polars as pl
import streamlit as st

from nap_data.i18n import t


def metric_row(items: list[tuple[str, str, str | None]]) -> None:
    """(label, value, help) per metric, side by side with a border."""
    for column, (label, value, help_text) in zip(st.columns(len(items)), items, strict=True):
        column.metric(label, value, help=help_text, border=True)


def chart(figure: alt.TopLevelMixin, key: str | None = None, select: bool = False):
    """Draw a chart; with `select`, return the selection event (named params)."""
    if select:
        return st.altair_chart(figure, key=key, on_select="rerun", width="stretch")
    st.altair_chart(figure, key=key, width="stretch")
    return None


def table(frame: pl.DataFrame, columns: dict[str, str], lang: str, key: str | None = None,
          height: int | str = "auto") -> None:  # fmt: skip
    """Show `frame` with translated column headers; `columns` maps column -> label key."""
    shown = frame.select([c for c in columns if c in frame.columns])
    config = {c: st.column_config.Column(t(k, lang)) for c, k in columns.items() if c in shown.columns}  # fmt: skip
    st.dataframe(shown, hide_index=True, column_config=config, key=key, height=height)
