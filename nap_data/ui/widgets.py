"""What the pages' charts and tables share (who acts, the language, what a view shows, a file
name, the hidden toolbar download) and the metric cards.

Charts are drawn by ui.chart_widgets, tables by ui.tables, the activity drill-down by
ui.activity_drill.
"""

from __future__ import annotations

import re

import streamlit as st

from nap_data.filters import Filters
from nap_data.i18n import t
from nap_data.services import Actor

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# st.dataframe's toolbar (and a chart's data view) has its own "Download as CSV", which
# writes the shown text as it is: no formula neutralisation and no check of who may export.
# Streamlit 1.67 can switch it off only for the whole app (client.disableDataExport, sent
# when a session starts); no argument of st.dataframe does it, so this rule hides that one
# button wherever a table or chart is drawn, and our own downloads stay the only ones.
NO_TOOLBAR_EXPORT = (
    "<style>[data-testid='stElementToolbarButton']:has(button[aria-label^='Download as CSV'])"
    "{display:none !important}</style>"
)


def acting_user() -> Actor:
    """Who acts on a page (ui.identity); the services take this actor and check it."""
    from nap_data.ui.identity import current_actor

    return current_actor()


def page_lang() -> str:
    """The language the session reads in (ui.page_setup sets it)."""
    return st.session_state.get("_lang", "nl")


def view_caption(lang: str | None = None, year: int | None = None) -> str:
    """Period and data scope of what a chart or table shows, for the screen and exports:
    the filters' period, or the one `year` that a chart of a single year shows."""
    lang = lang or page_lang()
    f: Filters | None = st.session_state.get("_filters")
    if f is None:
        return ""
    first, last = (year, year) if year is not None else (f.year_from, f.year_to)
    period = str(last) if first == last else f"{first}–{last}"
    return t("export.caption", lang, period=period, scope=t(f"scope.{f.scope}", lang))


def file_slug(text: str) -> str:
    """`text` as a download's file name."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "export"


def metric_row(items: list[tuple]) -> None:
    """(label, value, help[, delta]) per metric, side by side with a border."""
    for column, item in zip(st.columns(len(items)), items, strict=True):
        label, value, help_text, *delta = item
        column.metric(label, value, delta=delta[0] if delta else None, help=help_text, border=True)
