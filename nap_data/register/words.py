"""Register values and changes in the reader's words: dates formatted, types and goals named.

Pure (no store, no Streamlit): what the Register page and the profile show of a change.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from nap_data.formatting import MISSING, format_date, format_datetime
from nap_data.i18n import t
from nap_data.register import layout

HISTORY_COLUMNS = ("at", "actor", "action", "field", "old", "new", "reason")


def value_text(field: str, value: object, lang: str) -> str:
    """One stored or audited value as text: "1 aug 2020", "Ministerie", "1; 3", or a dash."""
    if value is None or value in ("", [], ()):
        return MISSING
    if field in ("joined_on", "left_on"):
        day = dt.date.fromisoformat(value) if isinstance(value, str) else value
        return format_date(day, lang)
    if field == "type":
        return t(f"org_type.{value}", lang)
    if isinstance(value, list | tuple):
        return "; ".join(map(str, value))
    return str(value)


def field_label(field: str | None, lang: str) -> str:
    return layout.column(field).label(lang) if field in layout.FIELDS else MISSING


def history_words(history: pl.DataFrame, lang: str) -> pl.DataFrame:
    """`services.register.organisation_history` as text: when, who, what, old, new, why."""
    rows = [
        (
            format_datetime(r["at"], lang),
            r["actor"],
            t(f"register_page.action_{r['action']}", lang),
            field_label(r["field"], lang),
            value_text(r["field"], r["old"], lang),  # the history keeps values as text
            value_text(r["field"], r["new"], lang),
            r["reason"] or MISSING,
        )
        for r in history.iter_rows(named=True)
    ]
    return pl.DataFrame(rows, schema=dict.fromkeys(HISTORY_COLUMNS, pl.String), orient="row")


def changes_words(changes, lang: str) -> pl.DataFrame:
    """The changes of a register import (services.register.Change) one row per field."""
    rows = [
        (
            c.code,
            t(f"register_page.action_{c.action}", lang),
            field_label(name, lang),
            value_text(name, old, lang),
            value_text(name, new, lang),
        )
        for c in changes
        for name, (old, new) in c.fields.items()
        if name != "code"
    ]
    schema = dict.fromkeys(("code", "action", "field", "old", "new"), pl.String)
    return pl.DataFrame(rows, schema=schema, orient="row")
