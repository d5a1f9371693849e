"""Small Streamlit building blocks the pages share: metrics, charts and tables with downloads."""

from __future__ import annotations

import re

import altair as alt
import polars as pl
import streamlit as st

from nap_data import exports
from nap_data.charts.export import to_png, to_svg, with_caption
from nap_data.filters import Filters
from nap_data.i18n import t

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _lang() -> str:
    return st.session_state.get("_lang", "nl")


def view_caption(lang: str | None = None) -> str:
    """Period and data scope of the current view, for exported images and files."""
    lang = lang or _lang()
    f: Filters = st.session_state.get("_filters", Filters())
    period = str(f.year_to) if f.year_from == f.year_to else f"{f.year_from}–{f.year_to}"
    return t("export.caption", lang, period=period, scope=t(f"scope.{f.scope}", lang))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "export"


def metric_row(items: list[tuple]) -> None:
    """(label, value, help[, delta]) per metric, side by side with a border."""
    for column, item in zip(st.columns(len(items)), items, strict=True):
        label, value, help_text, *delta = item
        column.metric(label, value, delta=delta[0] if delta else None, help=help_text, border=True)


def chart(figure: alt.TopLevelMixin, key: str | None = None, select: bool = False):
    """Draw a chart with PNG/SVG downloads; with `select`, return the selection event."""
    lang = _lang()
    event = st.altair_chart(
        figure, key=key, on_select="rerun" if select else "ignore", width="stretch"
    )
    captioned = with_caption(figure, view_caption(lang))
    name = _slug(str(getattr(figure.title, "text", "") or key or "chart"))
    with st.popover(t("export.download_chart", lang), icon=":material/download:"):
        # Callables: the image is only made when someone asks for it.
        st.download_button(
            "PNG",
            lambda: to_png(captioned),
            file_name=f"{name}.png",
            mime="image/png",
            key=f"png_{key or name}",
            on_click="ignore",
        )
        st.download_button(
            "SVG",
            lambda: to_svg(captioned),
            file_name=f"{name}.svg",
            mime="image/svg+xml",
            key=f"svg_{key or name}",
            on_click="ignore",
        )
    return event if select else None


def picked(event, param: str, field: str) -> list:
    """The values of `field` that a click on a chart selected through its named `param`."""
    if event is None:
        return []
    return [point[field] for point in event.selection.get(param, []) if field in point]


def table(
    frame: pl.DataFrame,
    columns: dict[str, str],
    lang: str,
    key: str | None = None,
    height: int | str = "auto",
    select: bool = False,
):
    """Show `frame` with translated headers, and offer all of it as CSV and XLSX.

    `columns` maps column -> label key for what is shown; the downloads hold
    every column of `frame`, every row, with formula injection neutralised.
    """
    shown = frame.select([c for c in columns if c in frame.columns])
    config = {
        c: st.column_config.Column(t(k, lang)) for c, k in columns.items() if c in shown.columns
    }
    event = st.dataframe(
        shown,
        hide_index=True,
        column_config=config,
        key=key,
        height=height,
        on_select="rerun" if select else "ignore",
        selection_mode="single-row",
    )
    name = _slug(key or "-".join(columns))
    left, right, note = st.columns([1, 1, 6])
    left.download_button(
        "CSV",
        lambda: exports.to_csv_bytes(frame, lang),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"csv_{name}",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        "XLSX",
        lambda: exports.to_xlsx_bytes(frame, lang),
        file_name=f"{name}.xlsx",
        mime=XLSX,
        key=f"xlsx_{name}",
        icon=":material/download:",
        on_click="ignore",
    )
    note.caption(t("export.rows", lang, n=frame.height) + " · " + view_caption(lang))
    return event if select else None


def activity_table(frame: pl.DataFrame, columns: dict[str, str], lang: str, key: str) -> None:
    """Activities with their source: pick a row to see the return version and file it came from."""
    from nap_data import labels, queries
    from nap_data.ui import loaders

    shown = labels.country_names(
        labels.translate(
            frame,
            {"goal": "goal", "focus": "focus", "status": "status", "progress": "progress"},
            lang,
        ),
        lang,
    )
    event = table(shown, columns, lang, key=key, select=True)
    rows = event.selection.rows if event else []
    if not rows:
        st.caption(t("drill.hint", lang))
        return
    row = frame.row(rows[0], named=True)
    with st.container(border=True):
        from nap_data.ui import md

        st.markdown(
            t(
                "drill.source",
                lang,
                title=md(row["title"]),
                org=md(row["organisation_name"]),
                year=row["year"],
                version=row["version"],
                status=t(f"return_state.{row['review_status']}", lang),
            )
        )
        original = queries.load_submission_file(loaders.engine(), row["submission_id"])
        if original:
            st.download_button(
                t("drill.download", lang),
                original,
                key=f"src_{key}",
                file_name=f"{row['organisation_code']}-{row['year']}-v{row['version']}.xlsx",
                mime=XLSX,
                on_click="ignore",
            )
        else:
            st.caption(t("drill.no_file", lang))
