"""National versus foreign: shares, then activities and budget side by side per goal, type, year."""

import streamlit as st

from nap_data import metrics, ui
from nap_data.charts import focus_grouped_bar
from nap_data.formatting import format_eur, format_int, format_percent
from nap_data.metrics.comparison import COMPARISON_BY, focus_comparison, focus_shares
from nap_data.ui import chart_widgets, loaders

page = ui.page_setup("national_foreign")
f, lang = page.filters, page.lang
ui.title(page, "national_foreign.caption")
reports = loaders.activities(f.scope)
acts = metrics.activities_in_period(reports, f)
if ui.empty_notice(page, acts.height):
    st.stop()

shares = focus_shares(acts).rows(named=True)
n, budget = acts.height, float(acts["budget_eur"].sum() or 0.0)
ui.widgets.metric_row(
    [
        (
            page.t("metric.share_abroad"),
            format_percent(metrics.share_abroad(acts), lang),
            page.t("metric.share_abroad_help"),
        ),
        *(
            (
                page.t("national_foreign.share_activities", focus=page.t(f"focus.{s['focus']}")),
                format_percent(s["activity_share"], lang),
                page.t(
                    "national_foreign.share_activities_help",
                    n=format_int(s["activities"], lang),
                    total=format_int(n, lang),
                ),
            )
            for s in shares
        ),
    ]
)
ui.widgets.metric_row(
    [
        (
            page.t("national_foreign.share_budget", focus=page.t(f"focus.{s['focus']}")),
            format_percent(s["budget_share"], lang),
            page.t(
                "national_foreign.share_budget_help",
                amount=format_eur(s["budget_eur"], lang),
                total=format_eur(budget, lang),
            ),
        )
        for s in shares
    ]
)

in_period = metrics.reports_of(reports, acts, f)
for by in COMPARISON_BY:
    st.subheader(page.t(f"national_foreign.by_{by}"))
    frame = focus_comparison(acts, by, tuple(page.goals), reports=in_period)
    for column, measure in zip(st.columns(2), ("activities", "budget_eur"), strict=True):
        with column:
            chart = focus_grouped_bar(frame, by, measure, lang, page.goals)
            chart_widgets.chart(chart, key=f"nf_{by}_{measure}")
