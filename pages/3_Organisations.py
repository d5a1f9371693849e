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
        event = ui.widgets.chart(
            charts.coverage_heatmap(coverage, lang), key="coverage", select=True
        )
        clicked = ui.widgets.picked(event, "org_pick", "organisation_code")
        if clicked and clicked[0] != st.session_state.get("_profile_clicked"):
            # A click on a row opens that organisation's profile below.
            st.session_state["profile_org"] = st.session_state["_profile_clicked"] = clicked[0]

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

st.subheader(page.t("organisations.profile"))
names = dict(zip(orgs["organisation_code"], orgs["organisation_name"], strict=True))
default = list(f.organisations[:1]) or ["BZ"]
code = st.selectbox(
    page.t("filter.organisation"),
    list(names),
    index=list(names).index(default[0]) if default[0] in names else 0,
    format_func=lambda c: f"{names[c]} ({c})",
    key="profile_org",
)
if code:
    org = orgs.filter(orgs["organisation_code"] == code).row(0, named=True)
    kind = page.t(f"org_type.{org['organisation_type']}")
    st.markdown(
        f"**{org['organisation_name']}** · {kind} · {page.t('col.joined_on')} {org['joined_on']:%d-%m-%Y}"
    )
    st.caption(org["pledge"])
    record = metrics.reporting_record(orgs, loaders.submissions(), code, PLAN_START, f.year_to)
    ui.widgets.table(
        labels.translate(record, {"state": "return_state"}, lang),
        {"year": "col.year", "state": "col.state", "versions": "col.versions"},
        lang,
        key="profile_record",
    )
    mine = acts.filter(acts["organisation_code"] == code)
    st.markdown(f"**{page.t('goals.activities', n=mine.height)}**")
    ui.widgets.activity_table(mine, ui.ACTIVITY_COLUMNS, lang, key="profile_activities")
