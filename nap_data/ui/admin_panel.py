"""The Admin page's parts: the users with their roles, a form to add or change one,
removal with a confirmation, and backups of the store.

Every write goes through a service that checks the acting user again; each outcome is
said in words (a success kept over the rerun that shows the new table, a refusal in
place, never a traceback).
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from nap_data.formatting import format_datetime, format_int, format_number
from nap_data.services import ROLES, access
from nap_data.services.backup import (
    BackupError,
    backup_folder,
    list_backups,
    make_backup,
    new_backup_path,
)
from nap_data.services.users import UserError, list_users, remove_user, save_user
from nap_data.ui import loaders, md, tables, widgets

_NOTICE, _PENDING_REMOVAL, _MADE = "_admin_notice", "_admin_remove", "_admin_backup_made"
NEW = ""  # the user picker's entry for someone not yet in the table


def notice(page) -> None:
    """The outcome of the last write, kept over the rerun that shows the new state."""
    message = st.session_state.pop(_NOTICE, None)
    if message:
        st.success(message, icon=":material/check:")


def _done(message: str) -> None:
    st.session_state[_NOTICE] = message
    st.rerun()


def _refused(page, exc: Exception) -> None:
    if isinstance(exc, UserError | BackupError):  # addresses and paths shown as typed
        text = page.t(exc.code, **{k: md(v) for k, v in exc.params.items()})
    elif isinstance(exc, access.Denied):
        text = exc.message(page.lang)
    else:
        raise exc
    st.error(text, icon=":material/block:")


def _organisation_names() -> dict[str, str]:
    orgs = loaders.organisations()
    return dict(zip(orgs["organisation_code"], orgs["organisation_name"], strict=True))


# --- users ------------------------------------------------------------------------------


def users_table(page) -> list:
    """The users, in the reader's words; returns them for the forms below."""
    users = list_users(loaders.engine(), widgets.acting_user())
    st.subheader(page.t("admin.users"))
    st.caption(page.t("admin.users_help"))
    if not users:
        st.info(page.t("users.none"), icon=":material/person_off:")
        return users
    names = _organisation_names()
    frame = pl.DataFrame(
        {
            "email": [u.email for u in users],
            "name": [u.name for u in users],
            "role": [page.t(f"access.role.{u.role}") for u in users],
            "organisations": ["; ".join(names.get(c, c) for c in u.organisations) for u in users],
            "created_at": [u.created_at for u in users],
            "created_by": [u.created_by for u in users],
        },
        schema_overrides={"created_at": pl.Datetime},
    )
    columns = {c: f"users.col.{c}" for c in frame.columns}
    tables.table(frame, columns, page.lang, key="admin_users")
    return users


def user_form(page, users: list) -> None:
    """Add someone, or change the role and organisations of someone in the table."""
    st.subheader(page.t("admin.edit"))
    by_email = {u.email: u for u in users}
    picked = st.selectbox(
        page.t("admin.pick"),
        [NEW, *by_email],
        format_func=lambda e: e or page.t("admin.new_user"),
        key="admin_pick",
    )
    current = by_email.get(picked)
    names = _organisation_names()
    # Keys carry the picked address, so choosing another user shows that user's values.
    prefix = f"admin_{picked or 'new'}_"
    with st.form("admin_user"):
        email = st.text_input(
            page.t("admin.email"), value=picked, key=prefix + "email", disabled=bool(current)
        )
        name = st.text_input(
            page.t("admin.name"), value=current.name if current else "", key=prefix + "name"
        )
        role = st.selectbox(
            page.t("admin.role"),
            ROLES,
            index=ROLES.index(current.role) if current else 0,
            format_func=lambda r: page.t(f"access.role.{r}"),
            key=prefix + "role",
        )
        codes = st.multiselect(
            page.t("admin.organisations"),
            sorted(names, key=lambda c: names[c].lower()),
            default=[c for c in (current.organisations if current else ()) if c in names],
            format_func=lambda c: f"{names[c]} ({c})",
            key=prefix + "orgs",
        )
        if not st.form_submit_button(page.t("admin.save"), type="primary", key="admin_save"):
            return
    _save(page, current.email if current else email, role, tuple(codes), name)


def _save(page, email: str, role: str, codes: tuple[str, ...], name: str) -> None:
    from nap_data.services.users import normalise_email, principal

    engine, actor = loaders.engine(), widgets.acting_user()
    existed = principal(engine, email) is not None
    try:
        changed = save_user(engine, actor, email, role, codes, name)
    except (UserError, access.Denied) as exc:
        _refused(page, exc)
        return
    key = ("users.changed" if existed else "users.added") if changed else "users.unchanged"
    role_name = page.t(f"access.role.{role}")
    _done(page.t(key, email=md(normalise_email(email)), role=role_name))


def remove_form(page, users: list) -> None:
    """Removal in two steps: choose and ask, then confirm (or cancel)."""
    if not users:
        return
    st.subheader(page.t("admin.remove"))
    pending = st.session_state.get(_PENDING_REMOVAL)
    if pending is None:
        email = st.selectbox(
            page.t("admin.remove_pick"), [u.email for u in users], key="admin_remove_pick"
        )
        if st.button(page.t("admin.remove_button"), key="admin_remove", icon=":material/delete:"):
            st.session_state[_PENDING_REMOVAL] = email
            st.rerun()
        return
    st.warning(page.t("admin.remove_confirm", email=md(pending)), icon=":material/warning:")
    yes, no = st.columns(2)
    if no.button(page.t("admin.remove_no"), key="admin_remove_no"):
        del st.session_state[_PENDING_REMOVAL]
        _done(page.t("admin.remove_cancelled"))
    if yes.button(page.t("admin.remove_yes"), key="admin_remove_yes", type="primary"):
        del st.session_state[_PENDING_REMOVAL]
        _remove(page, pending)


def _remove(page, email: str) -> None:
    try:
        removed = remove_user(loaders.engine(), widgets.acting_user(), email)
    except (UserError, access.Denied) as exc:
        _refused(page, exc)
        return
    if not removed:  # someone else removed them meanwhile
        st.error(page.t("users.no_such_user", email=md(email)), icon=":material/block:")
        return
    _done(page.t("users.removed", email=md(email)))


# --- backups ----------------------------------------------------------------------------


def backups(page) -> None:
    folder = backup_folder()
    st.subheader(page.t("admin.backups"))
    st.caption(page.t("admin.backups_help", folder=md(folder)))
    if st.button(page.t("admin.make_backup"), key="admin_backup", icon=":material/backup:"):
        _make(page, folder)
    made = st.session_state.get(_MADE)
    if made:
        _download(page, made, "admin_backup_download")
    _listing(page, folder)


def _make(page, folder) -> None:
    engine = loaders.engine()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        made = make_backup(engine, widgets.acting_user(), new_backup_path(engine, folder))
    except (BackupError, access.Denied) as exc:
        _refused(page, exc)
        return
    st.session_state[_MADE] = str(made.path)
    text = page.t(
        "backup.made",
        path=md(made.path),
        size=_size(page, made.size),
        rows=format_int(sum(made.counts.values()), page.lang),
        sha256=made.sha256,
    )
    st.success(text, icon=":material/check:")


def _download(page, path: str, key: str) -> None:
    from pathlib import Path

    file = Path(path)
    if not file.is_file():
        return
    st.download_button(
        page.t("admin.download"),
        lambda: file.read_bytes(),  # read only when someone asks for it
        file_name=file.name,
        mime="application/octet-stream",
        key=key,
        icon=":material/download:",
        on_click="ignore",
    )


def _listing(page, folder) -> None:
    files = list_backups(loaders.engine(), widgets.acting_user(), folder)
    if not files:
        st.caption(page.t("admin.no_backups", folder=md(folder)))
        return
    frame = pl.DataFrame(
        {
            "name": [f.name for f in files],
            "size": [_size(page, f.size) for f in files],
            "modified": [format_datetime(f.modified, page.lang) for f in files],
        }
    )
    config = {c: st.column_config.Column(page.t(f"admin.col.{c}")) for c in frame.columns}
    st.dataframe(frame, hide_index=True, column_config=config, key="admin_backups")
    by_name = {f.name: str(f.path) for f in files}
    chosen = st.selectbox(page.t("admin.pick_backup"), list(by_name), key="admin_backup_pick")
    _download(page, by_name[chosen], "admin_backup_pick_download")


def _size(page, size: int) -> str:
    return page.t("admin.size", n=format_number(size / 1_000_000, page.lang, 1))
