"""The activity table with its drill-down: the source of a picked row and its original file."""

from __future__ import annotations

import polars as pl
import streamlit as st

from nap_data.i18n import t
from nap_data.labels import md
from nap_data.services import access
from nap_data.services.review import original_file
from nap_data.ui import loaders, tables
from nap_data.ui.widgets import XLSX, acting_user

# Columns of every activity table, in reading order, with their label keys.
ACTIVITY_COLUMNS = {
    "organisation_name": "col.organisation", "reference": "col.reference", "title": "col.title",
    "goal": "col.goal", "focus": "col.focus", "countries": "col.countries",
    "status": "col.status", "progress": "col.progress", "budget_eur": "col.budget_period",
    "year": "col.latest_report", "years": "col.years_reported", "start_date": "col.start_date",
    "end_date": "col.end_date", "version": "col.version",
}  # fmt: skip


def activity_table(frame: pl.DataFrame, lang: str, key: str, goals: dict[int, str]) -> None:
    """Activities (one row each, counted by the rules) with their source: pick a row to see
    the return version and file its latest report came from."""
    event = tables.table(frame, ACTIVITY_COLUMNS, lang, key=key, select=True, goals=goals)
    rows = event.selection.rows if event else []
    if not rows:
        st.caption(t("drill.hint", lang))
        return
    row = frame.row(rows[0], named=True)
    with st.container(border=True):
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
        original_download(row, lang, key)


def original_download(row: dict, lang: str, key: str) -> None:
    """The workbook as received, for a reviewer or the organisation's own signatory."""
    actor = acting_user()
    # Asked first, so that merely selecting a row never writes a refusal to the audit trail.
    if not access.allowed(actor, access.DOWNLOAD_ORIGINAL, row["organisation_code"]):
        st.caption(t("permissions.original_who", lang))
        return
    original = original_file(loaders.engine(), actor, row["submission_id"])
    if original is None:
        st.caption(t("drill.no_file", lang))
        return
    st.download_button(
        t("drill.download", lang),
        original[1],
        key=f"src_{key}",
        file_name=f"{row['organisation_code']}-{row['year']}-v{row['version']}.xlsx",
        mime=XLSX,
        on_click="ignore",
    )
