"""Sign-in: the first admin's form while the store has no account, then the user name and password form."""

from ita.ui.auth import signin_page
from ita.ui.shell import ensure_frame

ensure_frame(signin=True)
signin_page()
