"""ita.ui.sso: whether single sign-on is offered (never an error when there are no secrets, or bad ones),
which account the signed-in e-mail maps to, and the button that calls st.login. Streamlit's own secrets
loader reads real files; st.user and the button are stand-ins (the browser test drives the real ones)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from argon2 import PasswordHasher
from streamlit import config
from streamlit.runtime.secrets import Secrets

from ita.storage.accounts import Accounts
from ita.storage.store import Store
from ita.ui import sso

AUTH = """[auth]
redirect_uri = "http://127.0.0.1:8501/oauth2callback"
cookie_secret = "a-long-random-secret-for-the-test"
client_id = "ita"
client_secret = "secret"
server_metadata_url = "https://id.example.go.th/.well-known/openid-configuration"
"""
NAMED = AUTH.replace('client_id = "ita"', '[auth.org]\nclient_id = "ita"')


@pytest.fixture
def fake_st(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> SimpleNamespace:
    """Streamlit as ita.ui.sso sees it: real secrets read from tmp_path/secrets.toml (absent at first),
    a settable st.user, and a button that records the st.login calls."""
    old = config.get_option("secrets.files")
    config.set_option("secrets.files", [str(tmp_path / "secrets.toml")])
    fake = SimpleNamespace(secrets=Secrets(), claims={}, logins=[], clicked=False, buttons=[])
    fake.user = SimpleNamespace(to_dict=lambda: dict(fake.claims))

    def button(label: str, key: str | None = None) -> bool:
        fake.buttons.append(label)
        return fake.clicked

    fake.button = button
    fake.login = fake.logins.append
    monkeypatch.setattr(sso, "st", fake)
    yield fake
    config.set_option("secrets.files", old)


def _secrets(fake: SimpleNamespace, tmp_path: Path, text: str) -> None:
    (tmp_path / "secrets.toml").write_text(text, encoding="utf-8")
    fake.secrets = Secrets()


@pytest.fixture
def accounts(tmp_path: Path) -> Any:
    store = Store(tmp_path / "ita.db")
    accounts = Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    accounts.add("ระบบ (ทดสอบ)", "planner1", "planner", None, display="ผู้วางแผน หนึ่ง", email="planner1@example.go.th")
    accounts.add("ระบบ (ทดสอบ)", "gone", "planner", None, email="gone@example.go.th")
    accounts.set_active("ระบบ (ทดสอบ)", "gone", False)
    yield accounts
    store.close()


def test_no_secrets_file_means_no_sso_and_no_button(fake_st: SimpleNamespace) -> None:
    assert sso.sso_configured() is False
    sso.sso_button()
    assert fake_st.buttons == [] and fake_st.logins == []


@pytest.mark.parametrize("text", ["[auth\nbroken", 'other = "x"\n', 'auth = "not a table"\n',
                                  AUTH.replace("/oauth2callback", "/")])
def test_unusable_secrets_mean_no_sso(fake_st: SimpleNamespace, tmp_path: Path, text: str) -> None:
    _secrets(fake_st, tmp_path, text)
    assert sso.sso_configured() is False


@pytest.mark.parametrize(("text", "provider"), [(AUTH, None), (NAMED, "org")])
def test_the_button_logs_in_with_the_configured_provider(fake_st: SimpleNamespace, tmp_path: Path, text: str,
                                                         provider: str | None) -> None:
    _secrets(fake_st, tmp_path, text)
    assert sso.sso_configured() is True
    sso.sso_button()
    assert fake_st.buttons == [sso.SSO_BUTTON] and fake_st.logins == []
    fake_st.clicked = True
    sso.sso_button()
    assert fake_st.logins == [provider]


def test_without_authlib_there_is_no_sso(fake_st: SimpleNamespace, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _secrets(fake_st, tmp_path, AUTH)
    monkeypatch.setattr(sso, "find_spec", lambda name: None)
    assert sso.sso_configured() is False


@pytest.mark.parametrize(("claims", "label", "unknown", "unverified"), [
    ({"is_logged_in": True, "email": "planner1@example.go.th"}, "ผู้วางแผน หนึ่ง (planner1)", None, None),
    ({"is_logged_in": True, "email": "Planner1@Example.GO.TH", "email_verified": True},
     "ผู้วางแผน หนึ่ง (planner1)", None, None),
    ({"is_logged_in": True, "email": "stranger@example.go.th"}, None, "stranger@example.go.th", None),
    ({"is_logged_in": True, "email": "gone@example.go.th"}, None, "gone@example.go.th", None),  # disabled
    ({"is_logged_in": True, "email": "planner1@example.go.th", "email_verified": False},
     None, None, "planner1@example.go.th"),
    ({"is_logged_in": False}, None, None, None),
    ({}, None, None, None),
])
def test_the_signed_in_email_maps_to_an_active_account_or_to_nothing(
        fake_st: SimpleNamespace, accounts: Accounts, claims: dict[str, Any], label: str | None,
        unknown: str | None, unverified: str | None) -> None:
    fake_st.claims = claims
    account = sso.sso_account(accounts)
    assert (account.label if account else None) == label
    assert sso.sso_unknown_email(accounts) == unknown
    assert sso.sso_unverified_email() == unverified
