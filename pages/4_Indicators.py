"""Indicators: values over the years against baseline and target, and their status."""

import streamlit as st

from nap_data import charts, metrics, ui
from nap_data.formatting import format_datetime, format_int
from nap_data.ui import chart_widgets, loaders, tables

page = ui.page_setup("indicators")
f, lang = page.filters, page.lang
ui.title(page, "indicators.caption")
indicators = loaders.indicators(page.plan.code)
values = metrics.filter_values(loaders.indicator_values(f.scope), f)
series = metrics.indicator_series(values, indicators)
status = metrics.indicator_status(series, indicators, f.year_to)
if f.goals:
    status = status.filter(status["goal"].is_in(list(f.goals)))

names = dict(zip(status["code"], status[f"name_{lang}"], strict=True))
code = st.selectbox(
    page.t("indicators.pick"),
    list(names),
    format_func=lambda c: f"{c} · {names[c]}",
    key="indicator",
)
if code:
    row = status.filter(status["code"] == code).row(0, named=True)
    one = series.filter(series["indicator_code"] == code)
    if not ui.empty_notice(page, one.height):
        chart_widgets.chart(charts.indicator_line(one, row, lang))
        if row["unit"] == "percent":
            st.caption(page.t("indicators.ratio_note"))
            tables.table(
                one.with_columns(one["value"].round(1)),
                {
                    "year": "col.year",
                    "sex": "col.sex",
                    "value": "col.value",
                    "numerator": "col.numerator",
                    "denominator": "col.denominator",
                    "organisations": "col.organisations",
                },
                lang,
            )
    reported = metrics.latest_values(values.filter(values["indicator_code"] == code))
    n_orgs = format_int(reported["organisation_code"].n_unique(), lang)
    with st.expander(page.t("indicators.per_organisation", n=n_orgs)):
        st.caption(page.t("indicators.per_organisation_rule"))
        tables.table(
            reported,
            {
                "organisation_name": "col.organisation",
                "year": "col.year",
                "sex": "col.sex",
                "value": "col.value",
                "numerator": "col.numerator",
                "denominator": "col.denominator",
                "note": "col.note",
                "reporting_year": "col.reporting_year",
                "version": "col.version",
                "review_status": "col.state",
            },
            lang,
            key="indicator_values",
        )
    for change in loaders.framework_history(code).iter_rows(named=True):
        if change["field"] in ("target", "baseline"):  # a moved target must not go unnoticed
            st.caption(
                page.t(
                    f"framework_page.{change['field']}_changed",
                    at=format_datetime(change["at"], lang),
                    old=ui.md(change["old"]),  # from an uploaded framework file: text
                    new=ui.md(change["new"]),
                    actor=ui.md(change["actor"]),
                )
            )
    if row["to_confirm"]:
        st.warning(page.t("indicators.to_confirm"), icon=":material/pending:")

st.subheader(page.t("indicators.all", year=f.year_to))
st.caption(page.t("indicators.rule"))
rounded = status.with_columns(status["latest_value"].round(1), status["expected"].round(1))
tables.table(
    rounded,
    {
        "code": "col.code",
        f"name_{lang}": "col.indicator",
        "state": "col.state",
        "latest_value": "col.latest_value",
        "latest_year": "col.latest_year",
        "target": "col.target",
        "target_year": "col.target_year",
        "expected": "col.expected",
        "baseline": "col.baseline",
        "baseline_year": "col.baseline_year",
        "organisations": "col.organisations",
        "goal": "col.goal",
        "unit": "col.unit",
        "source": "col.source",
    },
    lang,
    key="indicator_table",
    goals=page.all_goals,
    kinds={"state": "indicator_state"},
)
