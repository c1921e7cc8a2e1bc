"""Single sign-on rules (issue 12, item 6), pure: which provider Streamlit's `st.login` can use from the
`[auth]` secrets, and which e-mail a signed-in person's claims give.

No Streamlit here: ita.ui.sso reads the secrets and `st.user` and passes plain mappings in, so the rules
are tested without a server. The e-mail is only a key to look an account up; the account's role and
grants decide what the person may do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DEFAULT_PROVIDER = "default"  # Streamlit's name for a provider written flat in [auth]
SHARED_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
CALLBACK_PATH = "/oauth2callback"  # the only path Streamlit's server answers the provider on


def _has_all(section: Mapping[str, Any], keys: tuple[str, ...]) -> bool:
    return all(isinstance(section.get(key), str) and section[key].strip() for key in keys)


def login_provider(auth: Mapping[str, Any] | None) -> str | None:
    """Returns the provider name for `st.login` ('default' for a flat [auth], else the first complete
    [auth.NAME]), or None when the section cannot sign anyone in, so no button leads to an error."""
    if not auth or not _has_all(auth, SHARED_KEYS) or not auth["redirect_uri"].rstrip().endswith(CALLBACK_PATH):
        return None
    if _has_all(auth, PROVIDER_KEYS):
        return DEFAULT_PROVIDER
    # Streamlit refuses a provider name with an underscore (st.login's documented limit).
    return next((name for name, section in auth.items()
                 if isinstance(section, Mapping) and "_" not in name and _has_all(section, PROVIDER_KEYS)), None)


def _marked_unverified(value: Any) -> bool:
    # Most providers send a JSON boolean; a few (AWS Cognito among them) send the string "false".
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def signed_in_email(user: Mapping[str, Any]) -> str | None:
    """Returns the e-mail of a signed-in person's claims, or None when nobody is signed in or no e-mail came."""
    email = user.get("email") if user.get("is_logged_in") is True else None
    return email.strip() if isinstance(email, str) and email.strip() else None


def verified_email(user: Mapping[str, Any]) -> str | None:
    """Returns the signed-in e-mail unless the provider marks it unverified (`email_verified` false):
    anyone may type an address they do not own into an account at such a provider."""
    email = signed_in_email(user)
    return None if email is None or _marked_unverified(user.get("email_verified")) else email


def unverified_email(user: Mapping[str, Any]) -> str | None:
    """Returns the signed-in e-mail when the provider marks it unverified, so the page can say why."""
    email = signed_in_email(user)
    return email if email is not None and _marked_unverified(user.get("email_verified")) else None
