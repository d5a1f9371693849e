"""Overview for the oversight board: the chosen year at a glance."""

import streamlit as st

from nap_data import charts, metrics, ui
from nap_data.formatting import format_eur, format_int, format_percent, format_points, signed
from nap_data.metrics.overview import overview_figures
from nap_data.ui import chart_widgets, loaders, prepared

page = ui.page_setup("overview")
f, lang = page.filters, page.lang
year = f.year_to
ui.title(page, None)
st.caption(page.t("overview.caption", year=year, scope=page.t(f"scope.{f.scope}")))
caption = ui.widgets.view_caption(lang, year=year)

# Prepared once per data version and shared by the sessions; a filter change filters it.
figures = overview_figures(prepared.overview(f.scope, page.plan), f, tuple(page.goals))
now, change = figures.now, figures.change
ui.widgets.metric_row(
    [
        (
            page.t("metric.signatories"),
            format_int(now["signatories"], lang),
            page.t("metric.signatories_help", year=year),
            change["signatories"],
        ),
        (
            page.t("metric.returns"),
            page.t(
                "metric.of",
                part=format_int(now["returns_received"], lang),
                whole=format_int(now["returns_expected"], lang),
            ),
            page.t("metric.returns_help"),
            change["returns_received"],
        ),
        (
            page.t("metric.activities"),
            format_int(now["activities"], lang),
            page.t("metric.change_help", year=year - 1),
            change["activities"],
        ),
        (
            page.t("metric.budget"),
            format_eur(now["budget_eur"], lang),
            page.t("metric.budget_help"),
            signed(change["budget_eur"], lambda v: format_eur(v, lang)),
        ),
        (
            page.t("metric.share_abroad"),
            format_percent(now["share_abroad"], lang),
            page.t("metric.share_abroad_help"),
            None
            if change["share_abroad_points"] is None
            else format_points(change["share_abroad_points"], lang),
        ),
    ]
)

per_goal = figures.per_goal
# Charts through chart_widgets.figure: written straight as Vega-Lite specs (no Altair objects
# on a rerun) and kept per inputs, so a filter change that leaves a chart's figures as they
# were redraws it from the cache.
left, right = st.columns(2)
with left:
    if not ui.empty_notice(page, now["activities"]):
        bar = chart_widgets.figure(charts.goal_focus_bar, per_goal, lang, page.goals, "activities")
        event = chart_widgets.chart(bar, key="goal_activities", select=True, caption=caption)
        picked = chart_widgets.picked(event, "goal_pick", "goal")
        if picked:  # a click on a goal leads to its activities, with the same view
            label = page.t("overview.to_goal", goal=page.goal_name(picked[0]))
            ui.link_with_filters("pages/2_Goals.py", label, goals=str(picked[0]))
with right:
    if not ui.empty_notice(page, now["activities"]):
        bar = chart_widgets.figure(charts.goal_focus_bar, per_goal, lang, page.goals, "budget_eur")
        chart_widgets.chart(bar, key="goal_budget", caption=caption)

left, right = st.columns(2)
with left:
    summary = figures.returns_summary
    title = page.t("chart.returns", year=year)
    bar = chart_widgets.figure(
        charts.state_bar, summary, "state", "organisations", "return_state", title, lang
    )
    chart_widgets.chart(bar, caption=caption)
with right:
    counts = figures.indicator_counts
    title = page.t("chart.indicator_status", year=year)
    bar = chart_widgets.figure(
        charts.state_bar, counts, "state", "indicators", "indicator_state", title, lang
    )
    chart_widgets.chart(bar, caption=caption)

st.subheader(page.t("overview.highlights", year=year))
highlights = metrics.highlights(loaders.narratives(f.scope), f.with_year(year), limit=6)
if not ui.empty_notice(page, highlights.height):
    for column, row in zip(st.columns(3) * 2, highlights.iter_rows(named=True), strict=False):
        with column.container(border=True):
            st.markdown(f"**{ui.md(row['organisation_name'])}** · {page.goal_name(row['goal'])}")
            st.text(row["highlights"])
