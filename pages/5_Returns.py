"""Returns: template and upload for everyone with the page; the review queue and who has
reported for the secretariat; a signatory's own returns for a signatory."""

import streamlit as st

from nap_data import ui
from nap_data.ui import own_returns_panel, returns_panel, review_panel, upload_panel

page = ui.page_setup("returns")
year = page.filters.year_to
ui.title(page, None)
st.caption(page.t("returns.caption", year=year))
if returns_panel.reviews(page):
    upload, review, compliance = st.tabs(
        [
            page.t("returns.tab_upload"),
            page.t("returns.tab_review"),
            page.t("returns.tab_compliance"),
        ]
    )
else:
    upload, own = st.tabs([page.t("returns.tab_upload"), page.t("review.tab_own")])
with upload:
    st.subheader(page.t("returns.template_heading", year=year))
    upload_panel.template_download(page, year)
    st.subheader(page.t("returns.upload_heading"))
    upload_panel.upload_and_import(page)
if returns_panel.reviews(page):
    with review:
        review_panel.review(page, year)
    with compliance:
        returns_panel.compliance(page, year)
else:
    with own:
        own_returns_panel.own_returns(page)
