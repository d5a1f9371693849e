"""The audit trail: who did what and when, and where one return's figures come from."""

from nap_data import ui
from nap_data.ui import audit_panel

page = ui.page_setup("audit")
ui.title(page, "audit.caption")
audit_panel.events(page)
audit_panel.provenance(page)
