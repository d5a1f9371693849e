"""The signatory register: import a register file, add, edit or retire one organisation."""

import streamlit as st

from nap_data import ui
from nap_data.ui import register_panel

page = ui.page_setup("register")
ui.title(page, "register_page.caption")
register_panel.notice(page)
register_panel.table(page)
upload, add, edit, leave = st.tabs(
    [page.t(f"register_page.tab_{tab}") for tab in ("file", "add", "edit", "leave")]
)
with upload:
    st.caption(page.t("register_page.file_help"))
    register_panel.upload_and_import(page)
with add:
    register_panel.add_form(page)
with edit:
    register_panel.edit_form(page)
with leave:
    register_panel.leave_form(page)
