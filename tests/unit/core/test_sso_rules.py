"""The single sign-on rules (ita.core.sso): which provider an [auth] section gives st.login, and which
e-mail a signed-in person's claims give (none when the provider marks it unverified)."""

import pytest

from ita.core.sso import login_provider, signed_in_email, unverified_email, verified_email

SHARED = {"redirect_uri": "https://ita.example.go.th/oauth2callback", "cookie_secret": "x" * 32}
PROVIDER = {"client_id": "ita", "client_secret": "s", "server_metadata_url": "https://id.example/.well-known/openid-configuration"}


@pytest.mark.parametrize(("auth", "expected"), [
    ({**SHARED, **PROVIDER}, "default"),
    ({**SHARED, "org": PROVIDER}, "org"),
    ({**SHARED, "incomplete": {"client_id": "a"}, "org": PROVIDER, "other": PROVIDER}, "org"),
    ({**SHARED, **PROVIDER, "org": PROVIDER}, "default"),
    (None, None),
    ({}, None),
    (PROVIDER, None),  # no redirect_uri nor cookie_secret
    ({**SHARED, "cookie_secret": "  ", **PROVIDER}, None),
    ({**SHARED, "redirect_uri": "https://ita.example.go.th/", **PROVIDER}, None),  # not Streamlit's callback
    ({**SHARED, "client_id": "ita"}, None),  # a flat provider missing keys, and no named one
    ({**SHARED, "my_org": PROVIDER}, None),  # Streamlit refuses an underscore in a provider name
    ({**SHARED, "org": {**PROVIDER, "client_secret": 5}}, None),
])
def test_login_provider(auth, expected):
    assert login_provider(auth) == expected


@pytest.mark.parametrize(("user", "verified", "unverified"), [
    ({"is_logged_in": True, "email": "a@example.go.th"}, "a@example.go.th", None),  # no claim: trusted
    ({"is_logged_in": True, "email": " a@example.go.th ", "email_verified": True}, "a@example.go.th", None),
    ({"is_logged_in": True, "email": "a@example.go.th", "email_verified": False}, None, "a@example.go.th"),
    ({"is_logged_in": True, "email": "a@example.go.th", "email_verified": "false"}, None, "a@example.go.th"),
    ({"is_logged_in": True, "email": "a@example.go.th", "email_verified": "true"}, "a@example.go.th", None),
    ({"is_logged_in": False, "email": "a@example.go.th"}, None, None),
    ({"email": "a@example.go.th"}, None, None),  # no [auth]: st.user has no is_logged_in
    ({"is_logged_in": "true", "email": "a@example.go.th"}, None, None),
    ({"is_logged_in": True}, None, None),
    ({"is_logged_in": True, "email": "  "}, None, None),
    ({"is_logged_in": True, "email": ["a@example.go.th"]}, None, None),
    ({}, None, None),
])
def test_verified_and_unverified_email(user, verified, unverified):
    assert verified_email(user) == verified
    assert unverified_email(user) == unverified
    assert signed_in_email(user) == (verified or unverified)
