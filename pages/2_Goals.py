"""Per strategic goal: activities, focus, status, progress, countries, organisations."""

import polars as pl
import streamlit as st

from nap_data import charts, metrics, ui
from nap_data.countries import country_name
from nap_data.formatting import format_int
from nap_data.ui import activity_drill, chart_widgets, loaders, tables
from nap_data.vocab import ActivityStatus, Progress

page = ui.page_setup("goals")
f, lang = page.filters, page.lang
ui.title(page, "goals.caption")
reports = loaders.activities(f.scope)
acts = metrics.activities_in_period(reports, f)
if ui.empty_notice(page, acts.height):
    st.stop()

per_goal = metrics.activities_per_goal(acts, tuple(page.goals))
event = chart_widgets.chart(
    charts.goal_focus_bar(per_goal, lang, page.goals), key="goals_bar", select=True
)
picked = chart_widgets.picked(event, "goal_pick", "goal")
shown = acts.filter(pl.col("goal").is_in(picked)) if picked else acts
goals = page.plan.goal_labels(lang, tuple(picked)) if picked else page.goals

left, right = st.columns(2)
for column, field, kinds in (
    (left, "status", ActivityStatus),
    (right, "progress", Progress),
):
    with column:
        dist = metrics.distribution(shown, field, tuple(str(s) for s in kinds), tuple(goals))
        title = page.t(f"goals.{field}_title")
        legend = page.t(f"filter.{field}")
        bar = charts.distribution_bar(dist, field, field, title, lang, goals, legend)
        chart_widgets.chart(bar)

left, right = st.columns(2)
with left:
    in_period = metrics.reports_of(reports, shown, f)
    top = metrics.per_country(in_period, f.places, n=12)
    if not ui.empty_notice(page, top.height):
        names = {c: country_name(c, lang) for c in top["country"].to_list()}
        bar = charts.country_bar(top, lang, names)
        country_event = chart_widgets.chart(bar, key="goal_countries", select=True)
        countries = chart_widgets.picked(country_event, "country_pick", "country")
        if countries:  # a click on a country narrows the activity table below as well
            listed = pl.col("countries").list.eval(pl.element().is_in(countries)).list.any()
            shown = shown.filter(listed)
with right:
    st.subheader(page.t("goals.organisations"))
    per_org = metrics.activities_per_organisation(shown).head(15)
    tables.table(
        per_org,
        {
            "organisation_name": "col.organisation",
            "activities": "col.activities",
            "budget_eur": "col.budget_period",
        },
        lang,
        key="goal_organisations",
    )

st.subheader(page.t("goals.activities", n=format_int(shown.height, lang)))
activity_drill.activity_table(shown, lang, key="goal_activities_table", goals=page.all_goals)
