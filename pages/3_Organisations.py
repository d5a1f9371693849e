"""The signatory register, its growth, and who works on which goal."""

import streamlit as st

from nap_data import charts, metrics, ui
from nap_data.formatting import format_date, format_int
from nap_data.ui import activity_drill, chart_widgets, loaders, register_panel, tables

HEATMAP_ROWS = 25  # the busiest organisations: a pattern on one screen, not 1,700 px of rows

page = ui.page_setup("organisations")
f, lang = page.filters, page.lang
ui.title(page, "organisations.caption")
orgs = loaders.organisations()
acts = metrics.activities_in_period(loaders.activities(f.scope), f)
years = tuple(y for y in page.plan.years if y <= f.year_to)

left, right = st.columns([2, 3])
with left:
    growth = metrics.signatory_growth(orgs, years)
    chart_widgets.chart(charts.growth_line(growth, lang))
with right:
    coverage = metrics.coverage_matrix(acts)
    if not ui.empty_notice(page, coverage.height):
        total = coverage["organisation_code"].n_unique()
        box = st.container()  # the chart first, the switch for all rows under it
        every = total <= HEATMAP_ROWS or st.toggle(
            page.t("heatmap.show_all", total=format_int(total, lang)), key="coverage_all"
        )
        rows = None if every else HEATMAP_ROWS
        shown = format_int(min(total, rows or total), lang)
        note = "heatmap.all" if every else "heatmap.top"
        st.caption(page.t(note, shown=shown, total=format_int(total, lang)))
        with box:
            heatmap = charts.coverage_heatmap(coverage, lang, page.goals, rows=rows)
            event = chart_widgets.chart(heatmap, key="coverage", select=True)
        clicked = chart_widgets.picked(event, "org_pick", "organisation_code")
        if clicked and clicked[0] != st.session_state.get("_profile_clicked"):
            # A click on a row opens that organisation's profile below.
            st.session_state["profile_org"] = st.session_state["_profile_clicked"] = clicked[0]

signatories = metrics.signatories_at(orgs, f.year_to)
st.subheader(
    page.t("organisations.register", n=format_int(signatories.height, lang), year=f.year_to)
)
register = metrics.register_with_activity(orgs, acts)
if f.org_types:
    register = register.filter(register["organisation_type"].is_in(list(f.org_types)))
tables.table(
    register,
    {
        "organisation_code": "col.code",
        "organisation_name": "col.organisation",
        "organisation_type": "col.org_type",
        "joined_on": "col.joined_on",
        "left_on": "col.left_on",
        "activities": "col.activities",
        "pledge": "col.pledge",
    },
    lang,
    key="register",
)

st.subheader(page.t("organisations.profile"))
names = dict(zip(orgs["organisation_code"], orgs["organisation_name"], strict=True))
default = [c for c in (*f.organisations, "BZ") if c in names][:1] or list(names)[:1]
if not default:
    st.stop()
code = st.selectbox(
    page.t("filter.organisation"),
    list(names),
    index=list(names).index(default[0]),
    format_func=lambda c: f"{names[c]} ({c})",
    key="profile_org",
)
if code:
    org = orgs.filter(orgs["organisation_code"] == code).row(0, named=True)
    facts = [page.t(f"org_type.{org['organisation_type']}")]
    facts.append(f"{page.t('col.joined_on')} {format_date(org['joined_on'], lang)}")
    if org["left_on"] is not None:
        facts.append(f"{page.t('col.left_on')} {format_date(org['left_on'], lang)}")
    st.markdown(f"**{ui.md(org['organisation_name'])}** · " + " · ".join(facts))
    st.caption(ui.md(org["pledge"] or ""))
    register_panel.contacts(page, org)
    mine = acts.filter(acts["organisation_code"] == code)
    register_panel.pledges(page, org, mine)
    record = metrics.reporting_record(orgs, loaders.submissions(), code, years)
    tables.table(
        record,
        {"year": "col.year", "state": "col.state", "versions": "col.versions"},
        lang,
        key="profile_record",
        kinds={"state": "return_state"},
    )
    st.markdown(f"**{page.t('goals.activities', n=format_int(mine.height, lang))}**")
    activity_drill.activity_table(mine, lang, key="profile_activities", goals=page.all_goals)
    register_panel.history(page, code)
