"""Home: what this is, how fresh the data is, where to go."""

import streamlit as st

from nap_data import metrics, ui
from nap_data.formatting import format_datetime, format_int
from nap_data.ui import first_run, loaders

page = ui.page_setup("home")
plan, lang = page.plan, page.lang
st.title(page.t("app.title"))
st.markdown(
    page.t(
        "home.intro",
        plan=ui.md(plan.name(lang)),  # from an uploaded framework file: text
        code=ui.md(plan.code),
        start=plan.start_year,
        end=plan.end_year,
    )
)
subs = loaders.submissions()
latest = subs["created_at"].max() if subs.height else None
year = page.filters.year_to
signatories = metrics.signatories_at(loaders.organisations(), year).height
ui.widgets.metric_row(
    [
        (page.t("home.plan_period"), f"{plan.start_year}–{plan.end_year}", None),
        (
            page.t("metric.signatories_in", year=year),
            format_int(signatories, lang),
            page.t("metric.signatories_help", year=year),
        ),
        (page.t("home.versions"), format_int(subs.height, lang), None),
        (page.t("home.latest"), format_datetime(latest, lang), None),
    ]
)
first_run.checklist(lang)
st.subheader(page.t("home.where_to"))
for key, path, icon in ui.PAGES[1:]:
    if not page.may(ui.PAGE_ACTION.get(key, "view_dashboards")):
        continue
    label = f"**{page.t(f'page.{key}')}** — {page.t(f'home.about_{key}')}"
    st.page_link(path, label=label, icon=icon)
