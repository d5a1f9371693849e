"""Returns: who has reported for the chosen year, and every version received."""

import streamlit as st

from nap_data import charts, labels, metrics, ui
from nap_data.ui import loaders

page = ui.page_setup("returns")
f, lang = page.filters, page.lang
year = f.year_to
ui.title(page, None)
st.caption(page.t("returns.caption", year=year))
status = metrics.returns_status(loaders.organisations(), loaders.submissions(), year)
left, right = st.columns([2, 3])
with left:
    summary = metrics.returns_summary(status)
    ui.widgets.chart(charts.state_bar(summary, "state", "organisations", "return_state", page.t("chart.returns", year=year), lang))  # fmt: skip
with right:
    st.info(page.t("returns.upload_coming"), icon=":material/upload_file:")
st.subheader(page.t("returns.compliance", year=year))
ui.widgets.table(
    labels.translate(status, {"state": "return_state", "organisation_type": "org_type"}, lang),
    {"organisation_code": "col.code", "organisation_name": "col.organisation",
     "organisation_type": "col.org_type", "state": "col.state", "version": "col.version",
     "versions": "col.versions", "created_at": "col.received"},
    lang, key="compliance",
)  # fmt: skip
