"""Single sign-on end to end (issue 12, item 6): Streamlit's st.login against a real OpenID Connect provider.

The provider is oidc-provider-mock (a Flask app built on Authlib's authorisation server) on a loopback
port in a thread of this process; the app is registered with it as a client, so the provider checks
the client secret and the redirect URI. A throwaway page in tmp_path shows ita.ui.sso's button and
what it maps the signed-in e-mail to; Chromium types the subject into the provider's own form. The
secrets file is outside the repository and reaches the server by STREAMLIT_SECRETS_FILES, the
environment form of Streamlit's `secrets.files` option.
"""

from __future__ import annotations

import json
import secrets
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import oidc_provider_mock
import pytest
import werkzeug.serving
from argon2 import PasswordHasher
from helpers import REPO_ROOT, ServerError, error_boxes, free_port, go_to, serve, wait_for_app
from playwright.sync_api import Page, expect

from ita.storage.accounts import Accounts
from ita.storage.store import Store

# oidc-provider-mock 0.3.4 (its thread runs in this process) uses an Authlib API that Authlib 1.9 calls deprecated.
pytestmark = pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning")

SSO_BUTTON = "ลงชื่อเข้าใช้ด้วยบัญชีองค์กร (SSO)"
PLANNER_EMAIL = "planner1@example.go.th"
UNVERIFIED_SUB = "someone-else"  # a provider user who typed the planner's address without proving it

# The page a real sign-in page would be: the button, then what the signed-in e-mail maps to.
PAGE = '''
import streamlit as st
from argon2 import PasswordHasher

from ita.storage.accounts import Accounts
from ita.storage.store import Store
from ita.ui.sso import (sso_account, sso_button, sso_configured, sso_sign_out, sso_unknown_email,
                        sso_unverified_email)


@st.cache_resource
def accounts() -> Accounts:
    return Accounts(Store(), hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


st.write("SSO:", "พร้อม" if sso_configured() else "ไม่ได้ตั้งค่า")
if st.user.get("is_logged_in"):
    account = sso_account(accounts())
    st.write("บัญชี:", account.label if account else "ไม่มี")
    if account:
        st.write("บทบาท:", account.role_th)
    unknown = sso_unknown_email(accounts())
    if unknown:
        st.warning(f"อีเมล {unknown} ยังไม่มีบัญชีในระบบ กรุณาติดต่อผู้ดูแลระบบ")
    unverified = sso_unverified_email()
    if unverified:
        st.warning(f"ผู้ให้บริการยังไม่ยืนยันอีเมล {unverified}")
    if st.button("ออกจากระบบ"):
        sso_sign_out()
else:
    sso_button()
'''


@dataclass(frozen=True)
class SsoApp:
    url: str
    provider: str


def _json(method: str, url: str, body: object) -> bytes:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


def _secrets(tmp: Path, provider: str, redirect_uri: str, client: dict[str, str]) -> Path:
    """Writes the [auth] secrets of a client registered with `provider` (outside the repository)."""
    path = tmp / "secrets.toml"
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "{redirect_uri}"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        f'client_id = "{client["client_id"]}"\n'
        f'client_secret = "{client["client_secret"]}"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """A real OpenID Connect provider on a free loopback port that knows only registered clients."""
    app = oidc_provider_mock.app(require_client_registration=True)
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


@pytest.fixture(scope="module")
def sso_app(provider: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SsoApp]:
    """The throwaway page served with [auth] secrets pointing at `provider`, and one planner account."""
    tmp = tmp_path_factory.mktemp("sso")
    port = free_port()
    redirect_uri = f"http://127.0.0.1:{port}/oauth2callback"
    client = json.loads(_json("POST", f"{provider}/oauth2/clients", {"redirect_uris": [redirect_uri]}))
    # The provider may say an address is not the user's: this one signs in with the planner's e-mail unverified.
    _json("PUT", f"{provider}/users/{quote(UNVERIFIED_SUB)}", {"email": PLANNER_EMAIL, "email_verified": False})

    secrets_file = _secrets(tmp, provider, redirect_uri, client)
    db = tmp / "ita.db"
    store = Store(db)
    try:
        Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)).add(
            "ระบบ (ทดสอบ)", "planner1", "planner", None, display="ผู้วางแผน หนึ่ง", email=PLANNER_EMAIL)
    finally:
        store.close()
    script = tmp / "sso_page.py"
    script.write_text(PAGE, encoding="utf-8")
    env = {"ITA_DB": str(db), "STREAMLIT_SECRETS_FILES": str(secrets_file)}
    try:
        with serve(script, REPO_ROOT, tmp / "streamlit.log", env, port=port) as url:
            yield SsoApp(url, provider)
    except ServerError as exc:
        pytest.fail(str(exc), pytrace=False)


def _sign_in_at_provider(page: Page, app: SsoApp, subject: str) -> None:
    """Clicks the SSO button, types `subject` into the provider's own form, and waits to be back in the app."""
    page.goto(app.url)
    wait_for_app(page)
    expect(page.get_by_text("SSO: พร้อม")).to_be_visible()
    page.get_by_role("button", name=SSO_BUTTON).click()
    page.wait_for_url(f"{app.provider}/oauth2/authorize?**")
    expect(page.get_by_role("heading", name="Authorize Client")).to_be_visible()
    page.get_by_placeholder("sub").fill(subject)
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(f"{app.url}/")
    wait_for_app(page)


def test_an_account_email_signs_in_as_that_account_and_signs_out(page: Page, sso_app: SsoApp) -> None:
    _sign_in_at_provider(page, sso_app, PLANNER_EMAIL)
    expect(page.get_by_text("บัญชี: ผู้วางแผน หนึ่ง (planner1)")).to_be_visible()
    expect(page.get_by_text("บทบาท: ผู้วางแผน")).to_be_visible()
    expect(page.get_by_role("button", name=SSO_BUTTON)).to_have_count(0)
    assert error_boxes(page) == []

    # Signing out passes through the provider's end-session page, then back to the app signed out.
    page.get_by_role("button", name="ออกจากระบบ").click()
    page.wait_for_url(f"{sso_app.provider}/oauth2/end_session?**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{sso_app.url}/")
    wait_for_app(page)
    expect(page.get_by_role("button", name=SSO_BUTTON)).to_be_visible()
    expect(page.get_by_text("บัญชี:")).to_have_count(0)


def test_an_email_without_an_account_signs_nobody_in_and_says_so(page: Page, sso_app: SsoApp) -> None:
    _sign_in_at_provider(page, sso_app, "stranger@example.go.th")
    expect(page.get_by_text("บัญชี: ไม่มี")).to_be_visible()
    expect(page.get_by_text("อีเมล stranger@example.go.th ยังไม่มีบัญชีในระบบ กรุณาติดต่อผู้ดูแลระบบ")).to_be_visible()
    assert error_boxes(page) == []


def test_an_email_the_provider_marks_unverified_signs_nobody_in(page: Page, sso_app: SsoApp) -> None:
    _sign_in_at_provider(page, sso_app, UNVERIFIED_SUB)
    expect(page.get_by_text("บัญชี: ไม่มี")).to_be_visible()
    expect(page.get_by_text(f"ผู้ให้บริการยังไม่ยืนยันอีเมล {PLANNER_EMAIL}")).to_be_visible()
    expect(page.get_by_text("ยังไม่มีบัญชีในระบบ")).to_have_count(0)


@pytest.fixture(scope="module")
def real_app(provider: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SsoApp]:
    """The dashboard itself (dashboard.py) with [auth] secrets pointing at `provider`, and the planner account
    granted อบต.ป่าตึง."""
    tmp = tmp_path_factory.mktemp("sso_real")
    port = free_port()
    redirect_uri = f"http://127.0.0.1:{port}/oauth2callback"
    client = json.loads(_json("POST", f"{provider}/oauth2/clients", {"redirect_uris": [redirect_uri]}))
    secrets_file = _secrets(tmp, provider, redirect_uri, client)
    db = tmp / "ita.db"
    store = Store(db)
    try:
        accounts = Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        accounts.add("ระบบ (ทดสอบ)", "planner1", "planner", None, display="ผู้วางแผน หนึ่ง", email=PLANNER_EMAIL)
        accounts.grant("ระบบ (ทดสอบ)", "planner1", "agency", "องค์การบริหารส่วนตำบลป่าตึง")
    finally:
        store.close()
    env = {"ITA_DB": str(db), "STREAMLIT_SECRETS_FILES": str(secrets_file)}
    try:
        with serve(REPO_ROOT / "dashboard.py", REPO_ROOT, tmp / "streamlit.log", env, port=port) as url:
            yield SsoApp(url, provider)
    except ServerError as exc:
        pytest.fail(str(exc), pytrace=False)


def test_the_apps_sign_in_page_signs_in_through_the_provider_and_out_again(page: Page, real_app: SsoApp) -> None:
    page.goto(real_app.url)
    wait_for_app(page)
    go_to(page, "ลงชื่อเข้าใช้")
    page.get_by_role("button", name=SSO_BUTTON).click()
    page.wait_for_url(f"{real_app.provider}/oauth2/authorize?**")
    page.get_by_placeholder("sub").fill(PLANNER_EMAIL)
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(f"{real_app.url}/**")
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text("ผู้ใช้: ผู้วางแผน หนึ่ง · ผู้วางแผน")
    go_to(page, "มาตรการ")
    expect(page.get_by_role("button", name="บันทึกมาตรการใหม่")).to_be_visible()  # the planner's own agency
    assert error_boxes(page) == []

    sidebar.get_by_role("button", name="ออกจากระบบ").click()
    page.wait_for_url(f"{real_app.provider}/oauth2/end_session?**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{real_app.url}/**")
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("ยังไม่ได้ลงชื่อเข้าใช้")
