"""Optional single sign-on (issue 12, item 6): Streamlit's `st.login` with an organisation's OpenID Connect
provider, configured by the `[auth]` section of the server's secrets (README, "เข้าระบบด้วยบัญชีองค์กร").

The provider only proves an e-mail: the person is signed in as the active account with that e-mail
(Accounts.by_email), with that account's role and grants, or as nobody. The rules are in ita.core.sso.
"""

from __future__ import annotations

from importlib.util import find_spec
from typing import Any

import streamlit as st

from ita.core.access import Account
from ita.core.sso import DEFAULT_PROVIDER, login_provider, unverified_email, verified_email
from ita.storage.accounts import Accounts

SSO_BUTTON = "ลงชื่อเข้าใช้ด้วยบัญชีองค์กร (SSO)"


def _auth_secrets() -> dict[str, Any]:
    """Returns the [auth] secrets as a dict, empty when there is no secrets file or no such section."""
    try:
        return st.secrets["auth"].to_dict()
    except (KeyError, FileNotFoundError, AttributeError):  # FileNotFoundError: no (readable) secrets file
        return {}


def _provider() -> str | None:
    """Returns the provider st.login should use, or None when single sign-on cannot work here."""
    # st.login needs Authlib, and Authlib's Starlette client needs httpx2 or httpx (requirements.txt pins them).
    if find_spec("authlib") is None or (find_spec("httpx2") is None and find_spec("httpx") is None):
        return None
    return login_provider(_auth_secrets())


def _user() -> dict[str, Any]:
    """Returns st.user's claims as a plain dict (empty without [auth]: st.user then has no is_logged_in)."""
    return dict(st.user.to_dict())


def sso_configured() -> bool:
    """Whether the secrets hold an [auth] section st.login can use; never raises, even with no secrets."""
    return _provider() is not None


def sso_account(accounts: Accounts) -> Account | None:
    """The active account whose e-mail the provider gave (and did not mark unverified), else None."""
    email = verified_email(_user())
    return accounts.by_email(email) if email else None


def sso_unknown_email(accounts: Accounts) -> str | None:
    """The signed-in, verified e-mail that no active account has, so the page can send the person to an admin."""
    email = verified_email(_user())
    return email if email and accounts.by_email(email) is None else None


def sso_unverified_email() -> str | None:
    """The signed-in e-mail the provider marks unverified, which signs nobody in, so the page can say why."""
    return unverified_email(_user())


def sso_button() -> None:
    """Draws the organisation sign-in button (only when single sign-on is configured); a click goes to the provider."""
    provider = _provider()
    if provider is not None and st.button(SSO_BUTTON, key="ita_sso_login"):
        st.login(None if provider == DEFAULT_PROVIDER else provider)


def sso_sign_out() -> None:
    """Removes the provider's identity cookie and ends the provider's session where it offers that."""
    st.logout()
