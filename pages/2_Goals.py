"""Per strategic goal: activities, focus, status, progress, countries, organisations."""

import polars as pl
import streamlit as st

from nap_data import charts, metrics, ui
from nap_data.countries import country_name
from nap_data.formatting import format_eur, format_int
from nap_data.ui import loaders
from nap_data.vocab import ActivityStatus, Progress

page = ui.page_setup("goals")
f, lang = page.filters, page.lang
ui.title(page, "goals.caption")
acts = metrics.filter_activities(loaders.activities(f.scope), f)
if ui.empty_notice(page, acts.height):
    st.stop()

per_goal = metrics.activities_per_goal(acts, f.goals)
event = ui.widgets.chart(charts.goal_focus_bar(per_goal, lang), key="goals_bar", select=True)
picked = ui.widgets.picked(event, "goal_pick", "goal")
shown = acts.filter(acts["goal"].is_in(picked)) if picked else acts

left, right = st.columns(2)
with left:
    dist = metrics.distribution(shown, "status", tuple(str(s) for s in ActivityStatus), f.goals)
    ui.widgets.chart(
        charts.distribution_bar(dist, "status", "status", page.t("filter.status"), lang)
    )
with right:
    dist = metrics.distribution(shown, "progress", tuple(str(p) for p in Progress), f.goals)
    ui.widgets.chart(
        charts.distribution_bar(
            dist.drop_nulls("progress"), "progress", "progress", page.t("filter.progress"), lang
        )
    )

left, right = st.columns(2)
with left:
    top = metrics.top_countries(shown, 12)
    if not ui.empty_notice(page, top.height):
        names = {c: country_name(c, lang) for c in top["country"].to_list()}
        country_event = ui.widgets.chart(
            charts.country_bar(top, lang, names), key="goal_countries", select=True
        )
        countries = ui.widgets.picked(country_event, "country_pick", "country")
        if countries:  # a click on a country narrows the activity table below as well
            shown = shown.filter(
                shown["countries"].list.eval(pl.element().is_in(countries)).list.any()
            )
with right:
    st.subheader(page.t("goals.organisations"))
    per_org = metrics.activities_per_organisation(shown).head(15)
    ui.widgets.table(
        per_org.with_columns(
            per_org["budget_eur"].map_elements(lambda v: format_eur(v, lang), return_dtype=str)
        ),
        {
            "organisation_name": "col.organisation",
            "activities": "col.activities",
            "budget_eur": "col.budget",
        },
        lang,
    )

st.subheader(page.t("goals.activities", n=format_int(shown.height, lang)))
ui.widgets.activity_table(shown, ui.ACTIVITY_COLUMNS, lang, key="goal_activities_table")
