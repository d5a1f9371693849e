"""Overview for the oversight board: the chosen year at a glance."""

import streamlit as st

from nap_data import charts, metrics, ui
from nap_data.formatting import format_eur, format_int, format_percent
from nap_data.ui import loaders

page = ui.page_setup("overview")
f, lang = page.filters, page.lang
year = f.year_to
ui.title(page, None)
st.caption(page.t("overview.caption", year=year, scope=page.t(f"scope.{f.scope}")))

acts = metrics.filter_activities(loaders.activities(f.scope), f.with_year(year))
figures = metrics.key_figures(acts, loaders.organisations(), loaders.submissions(), year)
ui.widgets.metric_row([
    (page.t("metric.signatories"), format_int(figures["signatories"], lang), page.t("metric.signatories_help", year=year)),  # fmt: skip
    (page.t("metric.returns"), f"{figures['returns_received']} / {figures['returns_expected']}", page.t("metric.returns_help")),  # fmt: skip
    (page.t("metric.activities"), format_int(figures["activities"], lang), None),
    (page.t("metric.budget"), format_eur(figures["budget_eur"], lang), page.t("metric.budget_help")),
    (page.t("metric.foreign_share"), format_percent(figures["foreign_share"], lang), page.t("metric.foreign_share_help")),  # fmt: skip
])  # fmt: skip

per_goal = metrics.activities_per_goal(acts)
left, right = st.columns(2)
with left:
    if not ui.empty_notice(page, acts.height):
        ui.widgets.chart(charts.goal_focus_bar(per_goal, lang, "activities"), key="goal_activities")
with right:
    if not ui.empty_notice(page, acts.height):
        ui.widgets.chart(charts.goal_focus_bar(per_goal, lang, "budget_eur"), key="goal_budget")

left, right = st.columns(2)
with left:
    status = metrics.returns_status(loaders.organisations(), loaders.submissions(), year)
    summary = metrics.returns_summary(status)
    ui.widgets.chart(charts.state_bar(summary, "state", "organisations", "return_state", page.t("chart.returns", year=year), lang))  # fmt: skip
with right:
    series = metrics.indicator_series(loaders.indicator_values(f.scope), loaders.indicators())
    states = metrics.indicator_status(series, loaders.indicators(), year)
    counts = states.group_by("state").len("indicators").sort("state")
    ui.widgets.chart(charts.state_bar(counts, "state", "indicators", "indicator_state", page.t("chart.indicator_status", year=year), lang))  # fmt: skip
