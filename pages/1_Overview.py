"""Overview for the oversight board: the chosen year at a glance."""

import streamlit as st

from nap_data import charts, metrics, ui
from nap_data.formatting import format_eur, format_int, format_percent, signed
from nap_data.ui import loaders

page = ui.page_setup("overview")
f, lang = page.filters, page.lang
year = f.year_to
ui.title(page, None)
st.caption(page.t("overview.caption", year=year, scope=page.t(f"scope.{f.scope}")))

all_acts = loaders.activities(f.scope)
acts = metrics.filter_activities(all_acts, f.with_year(year))
prev = metrics.filter_activities(all_acts, f.with_year(year - 1))
orgs, subs = loaders.organisations(), loaders.submissions()
now, before = (metrics.key_figures(a, orgs, subs, y) for a, y in ((acts, year), (prev, year - 1)))
change = metrics.key_figure_changes(now, before)
ui.widgets.metric_row([
    (page.t("metric.signatories"), format_int(now["signatories"], lang), page.t("metric.signatories_help", year=year), change["signatories"]),
    (page.t("metric.returns"), f"{now['returns_received']} / {now['returns_expected']}", page.t("metric.returns_help"), change["returns_received"]),
    (page.t("metric.activities"), format_int(now["activities"], lang), page.t("metric.change_help", year=year - 1), change["activities"]),
    (page.t("metric.budget"), format_eur(now["budget_eur"], lang), page.t("metric.budget_help"), signed(change["budget_eur"], lambda v: format_eur(v, lang))),
    (page.t("metric.foreign_share"), format_percent(now["foreign_share"], lang), page.t("metric.foreign_share_help"), f"{change['foreign_share_points']:+.0f} pp" if change["foreign_share_points"] is not None else None),
])  # fmt: skip

per_goal = metrics.activities_per_goal(acts, f.goals)
left, right = st.columns(2)
with left:
    if not ui.empty_notice(page, acts.height):
        event = ui.widgets.chart(
            charts.goal_focus_bar(per_goal, lang, "activities"), key="goal_activities", select=True
        )
        picked = ui.widgets.picked(event, "goal_pick", "goal")
        if picked:  # a click on a goal leads to its activities, with the same view
            ui.link_with_filters(
                "pages/2_Goals.py",
                page.t("overview.to_goal", goal=ui.goal_name(picked[0], lang)),
                goals=str(picked[0]),
            )
with right:
    if not ui.empty_notice(page, acts.height):
        ui.widgets.chart(charts.goal_focus_bar(per_goal, lang, "budget_eur"), key="goal_budget")

left, right = st.columns(2)
with left:
    status = metrics.returns_status(loaders.organisations(), loaders.submissions(), year)
    summary = metrics.returns_summary(status)
    ui.widgets.chart(
        charts.state_bar(
            summary,
            "state",
            "organisations",
            "return_state",
            page.t("chart.returns", year=year),
            lang,
        )
    )
with right:
    series = metrics.indicator_series(loaders.indicator_values(f.scope), loaders.indicators())
    states = metrics.indicator_status(series, loaders.indicators(), year)
    counts = states.group_by("state").len("indicators").sort("state")
    ui.widgets.chart(
        charts.state_bar(
            counts,
            "state",
            "indicators",
            "indicator_state",
            page.t("chart.indicator_status", year=year),
            lang,
        )
    )

st.subheader(page.t("overview.highlights", year=year))
highlights = metrics.highlights(loaders.narratives(f.scope), f.with_year(year), limit=6)
if not ui.empty_notice(page, highlights.height):
    for column, row in zip(st.columns(3) * 2, highlights.iter_rows(named=True), strict=False):
        with column.container(border=True):
            st.markdown(
                f"**{ui.md(row['organisation_name'])}** · {ui.goal_name(row['goal'], lang)}"
            )
            st.text(row["highlights"])
