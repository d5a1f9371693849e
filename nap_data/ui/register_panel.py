"""The Register page's parts: upload with preview and import, the table, one-at-a-time forms;
and the register's bits on other pages (profile history, reminder link)."""

from __future__ import annotations

import datetime as dt
import hashlib

import polars as pl
import streamlit as st

from nap_data.formatting import format_int
from nap_data.register import findings as where
from nap_data.register.frames import (
    Reminder,
    pledges_and_work,
    register_table,
    reminder,
    with_contacts,
)
from nap_data.register.words import changes_words, history_words
from nap_data.services import access
from nap_data.services.register import (
    ACCEPTED,
    COUNTS,
    REJECTED,
    RegisterError,
    add_organisation,
    import_register,
    mark_left,
    organisation_history,
    record_rejection,
    update_organisation,
)
from nap_data.ui import loaders, md, tables, widgets
from nap_data.vocab import OrgType

REGISTER_COLUMNS = {
    "organisation_code": "col.code", "organisation_name": "col.organisation",
    "organisation_type": "col.org_type", "joined_on": "col.joined_on", "left_on": "col.left_on",
    "pledged_goals": "col.pledged_goals", "contact_email": "col.contact_email",
    "website": "col.website", "pledge": "col.pledge",
}  # fmt: skip
FINDING_COLUMNS = {
    "severity": "col.severity", "row": "col.row", "column": "col.column", "cell": "col.cell",
    "value": "col.value", "message": "col.message",
}  # fmt: skip
EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2100, 12, 31)


def notice(page) -> None:
    """The outcome of the last write, kept over the rerun that shows the new register."""
    message = st.session_state.pop("_register_notice", None)
    if message:
        st.success(message, icon=":material/check:")


def _done(message: str) -> None:
    st.session_state["_register_notice"] = message
    st.rerun()


def _refused(page, exc: RegisterError) -> None:
    st.error("\n\n".join(md(m) for m in exc.messages(page.lang)))


def _may_change(page) -> bool:
    """The register's file upload and forms are for the secretariat; anyone else reads in
    each tab who can change it (the service refuses them anyway)."""
    if page.may(access.CHANGE_REGISTER):
        return True
    st.info(page.t("permissions.register_who"), icon=":material/lock:")
    return False


# --- the table --------------------------------------------------------------------------


def table(page) -> None:
    orgs = loaders.organisations()
    st.subheader(page.t("register_page.table", n=format_int(orgs.height, page.lang)))
    if orgs.is_empty():
        st.info(page.t("register_page.empty"), icon=":material/group_add:")
        return
    hint = page.t("register_page.download_hint")  # the filters' period does not apply here
    tables.table(register_table(orgs), REGISTER_COLUMNS, page.lang, key="register", caption=hint)


# --- a register file --------------------------------------------------------------------


def upload_and_import(page) -> None:
    if not _may_change(page):
        return
    upload = st.file_uploader(
        page.t("register_page.upload"),
        type=["csv", "xlsx"],
        key="register_upload",
        help=page.t("register_page.upload_help"),
    )
    if upload is None:
        return
    data = upload.getvalue()
    preview = _preview(upload.name, data, page.lang)
    with st.container(border=True):
        st.markdown(f"**{md(upload.name)}** — {page.t(f'register_page.status_{preview.status}')}")
        st.markdown(md(preview.summary(page.lang)))
        if preview.status != REJECTED:
            lang = page.lang
            counts = [
                (page.t(f"register_page.count_{k}"), format_int(preview.counts[k], lang), None)
                for k in COUNTS
            ]
            widgets.metric_row(counts)
        if preview.changes:
            st.markdown(f"**{page.t('register_page.changes')}**")
            _changes_table(page, preview)
        if preview.findings:
            _findings_table(page, preview)
        if preview.status == ACCEPTED and st.button(
            page.t("register_page.import"), key="register_import", type="primary"
        ):
            _import(page, upload.name, data)


def _import(page, name: str, data: bytes) -> None:
    try:
        result = import_register(
            loaders.engine(), data, name, widgets.acting_user(), lang=page.lang
        )
    except RegisterError as exc:
        _refused(page, exc)
        return
    if result.status == REJECTED:  # the store changed since the preview
        record_rejection(loaders.engine(), result, widgets.acting_user())
        st.error(md(result.summary(page.lang)))
        return
    _done(page.t("register_page.imported", summary=result.summary(page.lang)))


def _preview(name: str, data: bytes, lang: str):
    """The dry run of the file, made again only when the store changed, not on every rerun;
    a rejected file is recorded in the audit trail once per session."""
    sha = hashlib.sha256(data).hexdigest()
    previews = st.session_state.setdefault("_register_previews", {})
    cached = previews.get((sha, lang))
    if cached is not None and cached[0] == loaders.version():
        return cached[1]
    result = import_register(
        loaders.engine(), data, name, widgets.acting_user(), dry_run=True, lang=lang
    )
    recorded = st.session_state.setdefault("_register_rejections", set())
    if result.status == REJECTED and sha not in recorded:
        record_rejection(loaders.engine(), result, widgets.acting_user())
        recorded.add(sha)
    previews[(sha, lang)] = (loaders.version(), result)
    return result


def _findings_table(page, preview) -> None:
    rows = [where.as_dict(f, page.lang) for f in preview.findings]
    frame = pl.DataFrame(rows, schema={k: pl.String for k in rows[0]} | {"row": pl.Int64})
    words = {"error": page.t("returns.error"), "warning": page.t("returns.warning")}
    frame = frame.with_columns(pl.col("severity").replace_strict(words))
    tables.table(frame, FINDING_COLUMNS, page.lang, key="register_findings", caption=preview.file)


def _changes_table(page, preview) -> None:
    columns = {"code": "col.code", "action": "col.action", "field": "col.field"}
    columns |= {"old": "col.old", "new": "col.new"}
    frame = changes_words(preview.changes, page.lang)
    tables.table(frame, columns, page.lang, key="changes", caption=preview.file)


# --- one organisation -------------------------------------------------------------------


def _fields(page, prefix: str, current: dict | None = None) -> dict[str, object]:
    """The register's fields as form widgets, prefilled with `current` when editing."""
    now, goals = current or {}, page.all_goals
    types = [str(o) for o in OrgType]
    dates = {
        "min_value": EARLIEST,
        "max_value": LATEST,
        "format": "DD-MM-YYYY" if page.lang == "nl" else "YYYY-MM-DD",
    }
    values: dict[str, object] = {}
    values["name"] = st.text_input(
        page.t("col.organisation"), now.get("name", ""), key=prefix + "name"
    )
    values["type"] = st.selectbox(
        page.t("col.org_type"),
        types,
        index=types.index(now.get("type") or "cso"),
        format_func=lambda v: page.t(f"org_type.{v}"),
        key=prefix + "type",
    )
    left, right = st.columns(2)
    joined = now.get("joined_on", dt.date.today())
    values["joined_on"] = left.date_input(
        page.t("col.joined_on"), joined, key=prefix + "joined_on", **dates
    )
    if current is not None:  # leaving has a form of its own; an edit may correct or clear it
        values["left_on"] = right.date_input(
            page.t("col.left_on"), now.get("left_on"), key=prefix + "left_on", **dates
        )
    values["pledged_goals"] = st.multiselect(
        page.t("col.pledged_goals"),
        list(goals),
        [g for g in now.get("pledged_goals", ()) if g in goals],
        format_func=goals.get,
        key=prefix + "goals",
    )
    values["pledge"] = st.text_area(
        page.t("col.pledge"), now.get("pledge", ""), key=prefix + "pledge"
    )
    values["contact_email"] = st.text_input(
        page.t("col.contact_email"), now.get("contact_email") or "", key=prefix + "email"
    )
    values["website"] = st.text_input(
        page.t("col.website"), now.get("website") or "", key=prefix + "web"
    )
    return values


def add_form(page) -> None:
    if not _may_change(page):
        return
    with st.form("register_add", clear_on_submit=False):
        code = st.text_input(
            page.t("col.code"), key="add_code", help=page.t("register_page.code_help")
        )
        values = {"code": code, **_fields(page, "add_")}
        reason = st.text_input(page.t("register_page.reason_optional"), key="add_reason")
        if not st.form_submit_button(
            page.t("register_page.add"), type="primary", key="register_add_submit"
        ):
            return
    try:
        change = add_organisation(
            loaders.engine(), widgets.acting_user(), values, reason, page.lang
        )
    except RegisterError as exc:
        _refused(page, exc)
        return
    _done(page.t("register_page.added", code=change.code))


def _current(code: str) -> dict[str, object]:
    orgs = loaders.organisations()
    row = orgs.filter(pl.col("organisation_code") == code).row(0, named=True)
    return {
        "name": row["organisation_name"],
        "type": row["organisation_type"],
        "joined_on": row["joined_on"],
        "left_on": row["left_on"],
        "pledged_goals": tuple(row["pledged_goals"] or ()),
        "pledge": row["pledge"] or "",
        "contact_email": row["contact_email"],
        "website": row["website"],
    }


def _pick(page, key: str, only_active: bool = False) -> str | None:
    orgs = loaders.organisations()
    if only_active:
        orgs = orgs.filter(pl.col("left_on").is_null())
    names = dict(zip(orgs["organisation_code"], orgs["organisation_name"], strict=True))
    if not names:
        st.info(page.t("register_page.empty"))
        return None
    return st.selectbox(
        page.t("filter.organisation"),
        list(names),
        format_func=lambda c: f"{names[c]} ({c})",
        key=key,
    )


def edit_form(page) -> None:
    if not _may_change(page):
        return
    code = _pick(page, "edit_pick")
    if code is None:
        return
    with st.form("register_edit"):
        # Keys carry the code, so picking another organisation shows its own values.
        values = _fields(page, f"edit_{code}_", _current(code))
        reason = st.text_input(page.t("register_page.reason"), key=f"edit_{code}_reason")
        if not st.form_submit_button(
            page.t("register_page.save"), type="primary", key="register_edit_submit"
        ):
            return
    try:
        update_organisation(
            loaders.engine(), widgets.acting_user(), code, values, reason, page.lang
        )
    except RegisterError as exc:
        _refused(page, exc)
        return
    _done(page.t("register_page.saved", code=code))


def leave_form(page) -> None:
    if not _may_change(page):
        return
    code = _pick(page, "leave_pick", only_active=True)
    if code is None:
        return
    with st.form("register_leave"):
        left_on = st.date_input(
            page.t("col.left_on"),
            dt.date.today(),
            EARLIEST,
            LATEST,
            format="DD-MM-YYYY" if page.lang == "nl" else "YYYY-MM-DD",
            key="leave_on",
        )
        reason = st.text_input(page.t("register_page.reason"), key="leave_reason")
        st.caption(page.t("register_page.leave_help"))
        if not st.form_submit_button(
            page.t("register_page.leave"), type="primary", key="register_leave_submit"
        ):
            return
    try:
        mark_left(loaders.engine(), widgets.acting_user(), code, left_on, reason, page.lang)
    except RegisterError as exc:
        _refused(page, exc)
        return
    _done(page.t("register_page.left", code=code))


# --- on other pages ---------------------------------------------------------------------


def contacts(page, org: dict) -> None:
    """Contact e-mail and website of an organisation (profile), as text, never as markup."""
    parts = [
        f"{page.t(f'col.{name}')}: {md(org[name])}"
        for name in ("contact_email", "website")
        if org.get(name)
    ]
    if parts:
        st.caption(" · ".join(parts))


def pledges(page, org: dict, acts: pl.DataFrame) -> None:
    """Per goal: pledged or not, beside the organisation's activities under it."""
    goals = tuple(page.plan.goal_numbers)
    frame = pledges_and_work(org.get("pledged_goals") or [], acts, goals)
    columns = {"goal": "col.goal", "pledged": "col.pledged", "activities": "col.activities"}
    st.markdown(f"**{page.t('register_page.pledges')}**")
    tables.table(frame, columns, page.lang, key="profile_pledges", goals=page.all_goals)


@st.cache_data(show_spinner=False, max_entries=32)
def _history(data_version: int, code: str) -> pl.DataFrame:
    return organisation_history(loaders.engine(), code)


def history(page, code: str) -> None:
    """The organisation's changes (profile on the Organisations page)."""
    frame = history_words(_history(loaders.version(), code), page.lang)
    st.markdown(f"**{page.t('register_page.history')}**")
    if frame.is_empty():
        st.caption(page.t("register_page.no_history"))
        return
    columns = {"at": "col.when", "actor": "col.by", "action": "col.action"}
    columns |= {"field": "col.field", "old": "col.old", "new": "col.new", "reason": "col.reason"}
    tables.table(frame, columns, page.lang, key="profile_history", caption=code)


def compliance_with_contacts(status: pl.DataFrame) -> pl.DataFrame:
    return with_contacts(status, loaders.organisations())


def reminder_link(page, status: pl.DataFrame, year: int) -> None:
    """The link "mail those who have not reported": their contact e-mails in BCC, how many."""
    found: Reminder = reminder(status, page.t("register_page.reminder_subject", year=year))
    lang = page.lang
    if found.url is None and not found.without_address:
        return  # everyone expected has reported
    if found.url is None:
        st.caption(
            page.t("register_page.reminder_none", without=format_int(found.without_address, lang))
        )
        return
    n = format_int(len(found.addresses), lang)
    st.link_button(
        page.t("register_page.reminder", n=n), found.url, icon=":material/mail:", key="reminder"
    )
    help_text = page.t("register_page.reminder_help", n=n)
    if found.without_address:
        without = format_int(found.without_address, lang)
        help_text += " " + page.t("register_page.reminder_without", without=without)
    st.caption(help_text)
    with st.expander(page.t("register_page.reminder_addresses")):
        st.code("; ".join(found.addresses), language=None, wrap_lines=True)
