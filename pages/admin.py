"""Users and rights (admins only): accounts, roles and grants, unlock, disable, and their history."""

from ita.ui.admin import admin_page
from ita.ui.page import selection

selection()  # the frame first, as every page
admin_page()
