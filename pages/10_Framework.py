"""The results framework: the plans in the store, and a change shown before it is applied."""

import streamlit as st

from nap_data import ui
from nap_data.ui import framework_panel

page = ui.page_setup("framework")
ui.title(page, "framework_page.caption")
framework_panel.plans_table(page)
st.subheader(page.t("framework_page.change"))
st.caption(page.t("framework_page.change_help"))
framework_panel.upload(page)
framework_panel.history(page)
