"""Report to parliament: the annex of the progress letter in one action (policy officers)."""

from nap_data import ui
from nap_data.ui import report_panel

page = ui.page_setup("reports")
ui.title(page, "report.panel.caption")
choice = report_panel.choices(page)
excluded = report_panel.quotes(page, choice)
report_panel.build(page, choice, excluded)
