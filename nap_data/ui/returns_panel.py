"""The Returns page's parts, by who uses them.

Everyone with the page (signatories and the secretariat) gets the template and the
upload (ui.upload_panel). Reviewers get the review queue (ui.review_panel) and who has
reported; a signatory gets its own returns instead (ui.own_returns_panel).
"""

from __future__ import annotations

import streamlit as st

from nap_data import charts, metrics
from nap_data.services import access
from nap_data.ui import chart_widgets, loaders, register_panel, tables, widgets


def reviews(page) -> bool:
    """The secretariat's view (queue, who has reported) rather than a signatory's own."""
    return page.may(access.APPROVE)


def compliance(page, year: int) -> None:
    """Who has reported for `year`, by state; a click on a bar shows only that state."""
    lang = page.lang
    status = metrics.returns_status(loaders.organisations(), loaders.submissions(), year)
    status = register_panel.compliance_with_contacts(status)
    event = chart_widgets.chart(
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
        caption=widgets.view_caption(lang, year=year),
    )
    register_panel.reminder_link(page, status, year)  # all missing ones, whatever is picked
    picked = chart_widgets.picked(event, "state_pick", "state")
    if picked:
        status = status.filter(status["state"].is_in(picked))
    st.caption(page.t("returns.pick_hint"))
    tables.table(
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
        caption=widgets.view_caption(lang, year=year),
    )
