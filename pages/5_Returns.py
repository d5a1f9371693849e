"""Returns: template, upload with preview and import, review, and who has reported."""

import streamlit as st

from nap_data import charts, metrics, ui
from nap_data.ui import loaders, register_panel, returns_panel

page = ui.page_setup("returns")
f, lang = page.filters, page.lang
year = f.year_to
ui.title(page, None)
st.caption(page.t("returns.caption", year=year))
upload, review, compliance = st.tabs(
    [page.t("returns.tab_upload"), page.t("returns.tab_review"), page.t("returns.tab_compliance")]
)
with upload:
    st.subheader(page.t("returns.template_heading", year=year))
    returns_panel.template_download(page, year)
    st.subheader(page.t("returns.upload_heading"))
    returns_panel.upload_and_import(page)
with review:
    subs = loaders.submissions()
    subs = subs.filter(subs["year"] == year)
    returns_panel.review(page, subs)
    ui.widgets.table(
        subs,
        {
            "organisation_code": "col.code",
            "organisation_name": "col.organisation",
            "version": "col.version",
            "review_status": "col.state",
            "created_at": "col.received",
            "created_by": "col.by",
            "file_name": "col.file",
            "review_comment": "col.comment",
        },
        lang,
        key="versions",
        caption=ui.widgets.view_caption(lang, year=year),
    )
with compliance:
    status = metrics.returns_status(loaders.organisations(), loaders.submissions(), year)
    status = register_panel.compliance_with_contacts(status)
    event = ui.widgets.chart(
        charts.state_bar(
            metrics.returns_summary(status),
            "state",
            "organisations",
            "return_state",
            page.t("chart.returns", year=year),
            lang,
        ),
        key="returns_states",
        select=True,
        caption=ui.widgets.view_caption(lang, year=year),
    )
    register_panel.reminder_link(page, status, year)  # all missing ones, whatever is picked
    picked = ui.widgets.picked(event, "state_pick", "state")
    if picked:  # a click on a bar shows only the signatories in that state
        status = status.filter(status["state"].is_in(picked))
    st.caption(page.t("returns.pick_hint"))
    ui.widgets.table(
        status,
        {
            "organisation_code": "col.code",
            "organisation_name": "col.organisation",
            "organisation_type": "col.org_type",
            "contact_email": "col.contact_email",
            "state": "col.state",
            "version": "col.version",
            "versions": "col.versions",
            "created_at": "col.received",
        },
        lang,
        key="compliance",
        kinds={"state": "return_state"},
        caption=ui.widgets.view_caption(lang, year=year),
    )
