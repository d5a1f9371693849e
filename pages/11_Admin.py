"""Admin: who may sign in with which role, and backups of the store."""

from nap_data import ui
from nap_data.ui import admin_panel

page = ui.page_setup("admin")
ui.title(page)
admin_panel.notice(page)
users = admin_panel.users_table(page)
admin_panel.user_form(page, users)
admin_panel.remove_form(page, users)
admin_panel.backups(page)
