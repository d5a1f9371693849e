"""The Framework page's parts: the plans in the store, a framework upload with its
difference, and the confirmation that applies it."""

from __future__ import annotations

import polars as pl
import streamlit as st

from nap_data.framework import FrameworkError, parse_framework
from nap_data.services import access
from nap_data.services.framework import FrameworkRefused, load, preview
from nap_data.ui import loaders, md, tables, widgets

MAX_BYTES = 1_000_000  # a framework is a few kilobytes of text


def plans_table(page) -> None:
    frameworks = loaders.frameworks()
    rows = [
        (
            f.code,
            f.name_nl if page.lang == "nl" else f.name_en,
            f"{f.start_year}–{f.end_year}",
            len(f.goals),
            len(f.indicators),
        )
        for f in frameworks
    ]
    schema = {
        "code": pl.String,
        "name": pl.String,
        "period": pl.String,
        "goals": pl.Int64,
        "indicators": pl.Int64,
    }
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    columns = {
        "code": "col.code",
        "name": "framework_page.plan",
        "period": "framework_page.period",
        "goals": "framework_page.goals",
        "indicators": "framework_page.indicators",
    }
    tables.table(frame, columns, page.lang, key="plans", caption=page.t("framework_page.all"))


def upload(page) -> None:
    """A framework file: its difference with the store first, applied only when confirmed;
    only for admins (a changed framework changes what every return is checked against)."""
    if not page.may(access.CHANGE_FRAMEWORK):
        st.info(page.t("permissions.framework_who"), icon=":material/lock:")
        return
    file = st.file_uploader(page.t("framework_page.upload"), type=["toml"], key="framework_file")
    if file is None:
        return
    data = file.getvalue()
    if len(data) > MAX_BYTES:
        st.error(page.t("framework_page.too_large"), icon=":material/error:")
        return
    try:
        fw = parse_framework(data, file.name)
    except FrameworkError as exc:
        st.error(page.t("framework_page.invalid", detail=md(str(exc))), icon=":material/error:")
        return
    changes = preview(loaders.engine(), fw)
    if not changes:
        st.success(page.t("framework.no_changes"), icon=":material/check:")
        return
    _show(page, changes)
    refused = [c for c in changes if c.refused]
    if refused:
        for change in refused:
            st.error(md(change.describe(page.lang)), icon=":material/block:")
        return
    label = page.t("framework_page.apply", n=len(changes), code=md(fw.code))
    if st.button(label, type="primary", key="framework_apply"):
        try:
            load(loaders.engine(), fw, widgets.acting_user())
        except FrameworkRefused as exc:
            st.error(md(str(exc)), icon=":material/block:")
            return
        except access.Denied as exc:  # the role changed since this page was drawn
            st.error(exc.message(page.lang), icon=":material/lock:")
            return
        st.success(page.t("framework_page.applied", code=md(fw.code)), icon=":material/check:")


def _show(page, changes) -> None:
    frame = pl.DataFrame(
        {
            "what": [c.describe(page.lang) for c in changes],
            "kind": [page.t(f"framework_page.kind_{c.change}") for c in changes],
        }
    )
    st.subheader(page.t("framework_page.preview", n=len(changes)))
    tables.table(
        frame,
        {"kind": "framework_page.kind", "what": "framework_page.what"},
        page.lang,
        key="framework_changes",
    )


def history(page) -> None:
    events = loaders.framework_history()
    st.subheader(page.t("framework_page.history"))
    if not events.height:
        st.caption(page.t("framework_page.no_history"))
        return
    columns = {
        "at": "framework_page.at",
        "action": "framework_page.kind",
        "actor": "col.by",
        "plan": "framework_page.plan",
        "key": "framework_page.key",
        "field": "framework_page.field",
        "old": "framework_page.old",
        "new": "framework_page.new",
    }
    tables.table(
        events,
        columns,
        page.lang,
        key="framework_history",
        kinds={"action": "framework_action"},
        caption=page.t("framework_page.all"),
    )
