"""Home: what this is, how fresh the data is, where to go."""

import streamlit as st

from nap_data import ui
from nap_data.formatting import format_int
from nap_data.ui import loaders

page = ui.page_setup("home")
plan = loaders.plan() or {}
st.title(page.t("app.title"))
st.markdown(page.t("home.intro"))
subs = loaders.submissions()
latest = subs["created_at"].max() if subs.height else None
ui.widgets.metric_row([
    (page.t("home.plan_period"), f"{plan.get('start_year', '')}–{plan.get('end_year', '')}", None),
    (page.t("metric.signatories"), format_int(loaders.organisations().height, page.lang), None),
    (page.t("home.versions"), format_int(subs.height, page.lang), None),
    (page.t("home.latest"), latest.strftime("%d-%m-%Y") if latest else "–", None),
])  # fmt: skip
st.subheader(page.t("home.where_to"))
for key, path, icon in ui.PAGES[1:]:
    st.page_link(
        path, label=f"**{page.t(f'page.{key}')}** — {page.t(f'home.about_{key}')}", icon=icon
    )
