"""A signatory's own returns: every version of its organisations' returns and their review
state, the reviewer's comment on a returned one, and the files to correct it with."""

from __future__ import annotations

import streamlit as st

from nap_data.labels import md
from nap_data.services import access
from nap_data.services.review_queue import own_versions
from nap_data.ui import loaders, upload_panel, version_list, version_view
from nap_data.ui.original_button import original_button

TABLE, PICK = "own_versions", "own_pick"


def own_returns(page) -> None:
    versions = own_versions(loaders.submissions(), page.actor)
    if versions.is_empty():
        st.info(page.t("review.own_none"))
        return
    st.caption(page.t("review.own_hint"))
    row = version_list.pick(page, versions, TABLE, PICK)
    with st.container(border=True):
        st.markdown(f"#### {version_view.heading(page, row)}")
        _state_note(page, row)
        _correction_files(page, row)
        version_view.show(page, row, key="own_version")


def _state_note(page, row: dict) -> None:
    status, comment = row["review_status"], row["review_comment"]
    if status == "returned":
        st.warning(
            page.t("review.own_returned", comment=md(comment or "—")),
            icon=":material/assignment_return:",
        )
    elif row["waiting"]:
        st.info(page.t("review.own_waiting"))
    elif status == "approved":
        st.success(page.t("review.own_approved"), icon=":material/check:")
    if not row["current"]:
        st.caption(page.t("review.own_superseded"))


def _correction_files(page, row: dict) -> None:
    """The file as it was sent (to correct it) and the template prefilled with the current
    version of that year, for the organisation's own signatory only."""
    code, sid = row["organisation_code"], row["submission_id"]
    left, right = st.columns(2)
    if row["file_sha256"] and page.may(access.DOWNLOAD_ORIGINAL, code):
        original_button(left, page, row, page.t("review.own_download_original"), "own_original")
    elif row["review_status"] == "returned":
        left.caption(page.t("review.own_no_original"))
    if page.may(access.TEMPLATE, code):
        with right:
            upload_panel.template_button(
                page, code, row["organisation_name"], row["year"], key=f"own_template_{sid}"
            )
