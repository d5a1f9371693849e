"""The signatory register, its growth, and who works on which goal."""

import streamlit as st

from nap_data import charts, labels, metrics, ui
from nap_data.filters import PLAN_END, PLAN_START
from nap_data.ui import loaders

page = ui.page_setup("organisations")
f, lang = page.filters, page.lang
ui.title(page, "organisations.caption")
orgs = loaders.organisations()
acts = metrics.filter_activities(loaders.activities(f.scope), f)

left, right = st.columns([2, 3])
with left:
    growth = metrics.signatory_growth(orgs, PLAN_START, min(PLAN_END, f.year_to))
    ui.widgets.chart(charts.growth_line(growth, lang))
with right:
    coverage = metrics.coverage_matrix(acts)
    if not ui.empty_notice(page, coverage.height):
        ui.widgets.chart(charts.coverage_heatmap(coverage, lang))

st.subheader(page.t("organisations.register"))
register = metrics.register_with_activity(orgs, acts)
if f.org_types:
    register = register.filter(register["organisation_type"].is_in(list(f.org_types)))
ui.widgets.table(
    labels.translate(register, {"organisation_type": "org_type"}, lang),
    {"organisation_code": "col.code", "organisation_name": "col.organisation",
     "organisation_type": "col.org_type", "joined_on": "col.joined_on",
     "activities": "col.activities", "pledge": "col.pledge"},
    lang, key="register",
)  # fmt: skip
