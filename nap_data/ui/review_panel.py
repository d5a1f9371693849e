"""The reviewers' tab of the Returns page: the queue, one version, and approve / return /
restore on it.

The actions run in button callbacks, before the script draws the page again, so the
queue, the labels and the message all show the new state in the same rerun. The services
check the actor again; the buttons only appear for those who may use them.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from nap_data.formatting import format_datetime
from nap_data.i18n import t
from nap_data.labels import md
from nap_data.services import access
from nap_data.services import review as reviews
from nap_data.services.review_queue import queue_order
from nap_data.ui import loaders, version_list, version_view, widgets
from nap_data.ui.original_button import original_button

TABLE, PICK, COMMENT = "review_queue", "review_pick", "review_comment"
_FLASH, _CONFIRM = "_review_flash", "_restore_confirm"


def review(page, year: int) -> None:
    everything = queue_order(loaders.submissions())
    queue = everything.filter(pl.col("year") == year)
    waiting = int(queue["waiting"].sum())
    elsewhere = int(everything["waiting"].sum()) - waiting
    st.markdown(page.t("review.queue_summary", n=waiting, year=year))
    if elsewhere:
        st.caption(page.t("review.waiting_other_years", n=elsewhere))
    if queue.is_empty():
        st.info(page.t("common.no_data"))
        return
    st.caption(page.t("review.pick_hint"))
    row = version_list.pick(page, queue, TABLE, PICK, on_pick=_forget_draft)
    with st.container(border=True):
        st.markdown(f"#### {version_view.heading(page, row)}")
        _received(page, row)
        flash(_FLASH)
        _actions(page, row)
        version_view.show(page, row, key="review_version")


def _received(page, row: dict) -> None:
    st.caption(
        page.t(
            "review.received",
            by=md(row["created_by"]),
            when=format_datetime(row["created_at"], page.lang),
        )
    )
    if row["review_comment"]:
        st.markdown(f"**{page.t('returns.comment')}:** {md(row['review_comment'])}")


def flash(key: str) -> None:
    """The message of the last action, once."""
    kind, text = st.session_state.pop(key, (None, None))
    if kind == "success":
        st.success(text, icon=":material/check:")
    elif kind == "error":
        st.error(text)


def _actions(page, row: dict) -> None:
    sid, lang = row["submission_id"], page.lang
    if row["waiting"]:
        if page.may(access.APPROVE):
            st.button(
                page.t("returns.approve"),
                key="approve",
                type="primary",
                on_click=_approve,
                args=(lang, sid),
            )
        if page.may(access.RETURN):
            with st.form("return_form", border=False):
                st.text_area(page.t("review.comment_label"), key=COMMENT, max_chars=4000)
                st.form_submit_button(
                    page.t("returns.send_back"), key="send_back", on_click=_return, args=(lang, sid)
                )
    elif not row["current"] and page.may(access.RESTORE):
        _restore_step(page, row)
    else:
        st.caption(page.t(f"review.no_action_{row['review_status']}"))
    _original(page, row)


def _restore_step(page, row: dict) -> None:
    sid = row["submission_id"]
    if st.session_state.get(_CONFIRM) != sid:
        st.button(page.t("returns.restore"), key="restore", on_click=_ask_restore, args=(sid,))
        return
    st.warning(page.t("review.restore_confirm", version=row["version"]), icon=":material/undo:")
    yes, no = st.columns(2)
    yes.button(
        page.t("review.restore_yes"),
        key="restore_yes",
        type="primary",
        on_click=_restore,
        args=(page.lang, sid, row["version"]),
    )
    no.button(page.t("review.restore_no"), key="restore_no", on_click=_cancel_restore)


def _original(page, row: dict) -> None:
    """The workbook as received, for a version that came with one (demo versions did not)."""
    if not row["file_sha256"] or not page.may(access.DOWNLOAD_ORIGINAL, row["organisation_code"]):
        return
    original_button(st, page, row, page.t("returns.download_original"), "original")


# --- callbacks: they run before the rerun draws the page ---------------------------------


def _forget_draft() -> None:
    st.session_state[COMMENT] = ""
    st.session_state.pop(_CONFIRM, None)


def _ask_restore(sid: int) -> None:
    st.session_state[_CONFIRM] = sid


def _cancel_restore() -> None:
    st.session_state.pop(_CONFIRM, None)


def _act(lang: str, action):
    """Run a review use case; the message (done, or why not) for the next draw."""
    try:
        sub = action(loaders.engine(), widgets.acting_user())
    except reviews.ReviewError as exc:
        st.session_state[_FLASH] = ("error", t(exc.code, lang, **exc.params))
    except access.Denied as exc:
        st.session_state[_FLASH] = ("error", exc.message(lang))
    else:
        return sub
    return None


def _done(lang: str, key: str, sub, **extra) -> None:
    code = md(sub.organisation.code)
    text = t(key, lang, version=sub.version, organisation=code, year=sub.year, **extra)
    st.session_state[_FLASH] = ("success", text)


def _approve(lang: str, sid: int) -> None:
    sub = _act(lang, lambda engine, actor: reviews.approve_version(engine, actor, sid))
    if sub is not None:
        _done(lang, "review.done_approved", sub)


def _return(lang: str, sid: int) -> None:
    comment = st.session_state.get(COMMENT, "")
    sub = _act(lang, lambda engine, actor: reviews.return_version(engine, actor, sid, comment))
    if sub is not None:
        _done(lang, "review.done_returned", sub)
        st.session_state[COMMENT] = ""  # sent: the box is empty for the next one


def _restore(lang: str, sid: int, old_version: int) -> None:
    st.session_state.pop(_CONFIRM, None)
    sub = _act(lang, lambda engine, actor: reviews.restore_version(engine, actor, sid))
    if sub is not None:
        _done(lang, "review.done_restored", sub, old=old_version)
        st.session_state[PICK] = sub.id  # show the version that is now current
