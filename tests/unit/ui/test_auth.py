"""ita.ui.auth without a running app: the setup code printed once and only while there is no account; the
session's account re-read at every run, signed out when idle (the message said once) or disabled."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
import streamlit as st

from ita.core.access import Account
from ita.ui import auth


class FakeAccounts:
    """The store's accounts as auth reads them: a count and the accounts by user name."""

    def __init__(self, *accounts: Account) -> None:
        self.by_name = {a.username: a for a in accounts}

    def count(self) -> int:
        return len(self.by_name)

    def account(self, username: str) -> Account | None:
        return self.by_name.get(username)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    moment = [1_800_000_000.0]
    monkeypatch.setattr(auth, "now", lambda: moment[0])
    monkeypatch.delenv("ITA_IDLE_MINUTES", raising=False)
    return moment


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """Streamlit as auth sees it: the session state and the warnings drawn."""
    fake = SimpleNamespace(session_state={}, warnings=[])
    fake.warning = lambda text, icon=None: fake.warnings.append(text)
    monkeypatch.setattr(auth, "st", fake)
    return fake


@pytest.fixture
def no_cache() -> Iterator[None]:
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def test_the_setup_code_is_printed_once_and_only_while_there_is_no_account(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], no_cache: None
) -> None:
    store = FakeAccounts()
    monkeypatch.setattr(auth, "accounts", lambda: store)
    code = auth.setup_code()
    assert len(code) == 14 and code.count("-") == 2
    assert auth.setup_code() == code
    lines = capsys.readouterr().err.splitlines()
    assert [line for line in lines if code in line] == [auth.SETUP_MESSAGE.format(code=code)]
    store.by_name["somchai"] = Account("somchai", "สมชาย", "admin")
    assert auth.setup_code() == ""


def test_the_account_is_read_at_every_run_and_an_idle_session_ends(
    monkeypatch: pytest.MonkeyPatch, clock: list[float], shown: SimpleNamespace
) -> None:
    store = FakeAccounts(Account("somying", "สมหญิง", "planner"))
    monkeypatch.setattr(auth, "accounts", lambda: store)
    assert auth.current_account() is None
    auth._start("somying")
    assert set(shown.session_state) == {auth.USER, auth.SEEN}, "only the name and the last activity"

    clock[0] += 30 * 60  # exactly 30 minutes is not yet too long, and counts as activity
    store.by_name["somying"] = Account("somying", "สมหญิง", "viewer")
    assert auth.current_account() == store.by_name["somying"], "the role as stored now"
    clock[0] += 30 * 60 + 1
    assert auth.current_account() is None
    assert auth.USER not in shown.session_state
    auth.expiry_notice()
    auth.expiry_notice()
    assert shown.warnings == [auth.EXPIRED_TH], "said once"


def test_a_disabled_or_deleted_account_is_signed_out(
    monkeypatch: pytest.MonkeyPatch, clock: list[float], shown: SimpleNamespace
) -> None:
    store = FakeAccounts(Account("somying", "สมหญิง", "planner", active=False))
    monkeypatch.setattr(auth, "accounts", lambda: store)
    auth._start("somying")
    assert auth.current_account() is None and auth.USER not in shown.session_state
    auth._start("ghost")
    assert auth.current_account() is None and auth.USER not in shown.session_state
    auth.expiry_notice()
    assert shown.warnings == [], "not an idle session: no idle message"


def test_the_idle_time_follows_the_setting(
    monkeypatch: pytest.MonkeyPatch, clock: list[float], shown: SimpleNamespace
) -> None:
    monkeypatch.setattr(auth, "accounts", lambda: FakeAccounts(Account("a", "a", "admin")))
    monkeypatch.setenv("ITA_IDLE_MINUTES", "2")
    auth._start("a")
    clock[0] += 121
    assert auth.current_account() is None
