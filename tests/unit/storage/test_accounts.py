"""Accounts in the store (ita.storage.accounts): hashes, sign-in, lockout, first admin, grants, history."""

import json

import pytest
from argon2 import PasswordHasher, Type

from ita.core.access import AccessDenied, Account
from ita.storage.accounts import (
    LOCK_SECONDS,
    MAX_FAILED,
    AccountError,
    Accounts,
    SignInRefused,
    new_setup_code,
)
from ita.storage.store import Store
from tests.unit.storage import sql

PW = "ลำไยหวาน-2568!"
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # tests only: the same algorithm, cheap


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def accounts(new_db, clock):
    store = Store(new_db("a"))
    yield Accounts(store, FAST, clock)
    store.close()


def add(accounts, name="somchai", role="planner", password=PW, **kw):
    accounts.add("ระบบ (ทดสอบ)", name, role, password, **kw)


def test_the_default_hash_is_argon2id():
    assert PasswordHasher().type is Type.ID


def test_the_stored_hash_verifies_and_is_never_shown_or_logged(accounts):
    add(accounts, display="สมชาย ใจดี", position="ปลัด")
    stored = sql.scalar(accounts.store, "SELECT password_hash FROM accounts")
    assert stored.startswith("$argon2id$") and PW not in stored
    assert accounts.sign_in("somchai", PW).label == "สมชาย ใจดี (somchai)"
    accounts.set_password("ระบบ (ทดสอบ)", "somchai", "อีกรหัสหนึ่ง-ยาวพอ")
    history = sql.rows(accounts.store, "SELECT author, before, after FROM history")
    text = json.dumps([tuple(r.values()) for r in history], ensure_ascii=False)
    assert "argon2" not in text and PW not in text and "password_hash" not in text
    assert "password_hash" not in repr(accounts.list()) and "argon2" not in repr(accounts.get("somchai"))


def test_wrong_password_and_unknown_user_get_the_same_message(accounts):
    add(accounts)
    with pytest.raises(SignInRefused) as wrong:
        accounts.sign_in("somchai", "not the password")
    with pytest.raises(SignInRefused) as unknown:
        accounts.sign_in("nobody", "not the password")
    assert str(wrong.value) == str(unknown.value)


def test_five_failures_lock_for_fifteen_minutes_even_the_right_password(accounts, clock):
    add(accounts)
    for _ in range(MAX_FAILED - 1):
        with pytest.raises(SignInRefused):
            accounts.sign_in("somchai", "wrong password!")
    assert accounts.sign_in("somchai", PW).username == "somchai"  # a success clears the count
    for _ in range(MAX_FAILED):
        with pytest.raises(SignInRefused):
            accounts.sign_in("somchai", "wrong password!")
    assert accounts.get("somchai").locked(clock.now)
    with pytest.raises(SignInRefused) as locked:
        accounts.sign_in("somchai", PW)
    with pytest.raises(SignInRefused) as unknown:
        accounts.sign_in("nobody", PW)
    assert str(locked.value) == str(unknown.value)
    clock.now += LOCK_SECONDS - 1
    with pytest.raises(SignInRefused):
        accounts.sign_in("somchai", PW)
    clock.now += 2
    assert accounts.sign_in("somchai", PW).username == "somchai"
    assert "lock" in list(accounts.store.history("accounts")["action"])


def test_an_admin_unlocks_and_a_disabled_account_cannot_sign_in(accounts, clock):
    add(accounts)
    for _ in range(MAX_FAILED):
        with pytest.raises(SignInRefused):
            accounts.sign_in("somchai", "wrong password!")
    accounts.unlock("ระบบ (ทดสอบ)", "somchai")
    assert accounts.sign_in("somchai", PW)
    accounts.set_active("ระบบ (ทดสอบ)", "somchai", False)
    with pytest.raises(SignInRefused):
        accounts.sign_in("somchai", PW)
    assert accounts.account("somchai").active is False


@pytest.mark.parametrize("bad", ["short", "x" * 300, "aaaaaaaaaaaa", "1234567890", "Somchai"])
def test_password_rules(accounts, bad):
    name = "somchai" if bad != "Somchai" else "Somchai"
    with pytest.raises(AccountError):
        accounts.add("ระบบ (ทดสอบ)", name, "planner", bad if bad != "Somchai" else "somchai")
    assert accounts.count() == 0


def test_names_are_unique_whatever_their_case_and_roles_are_known(accounts):
    add(accounts)
    with pytest.raises(AccountError):
        add(accounts, name="SOMCHAI")
    with pytest.raises(AccountError):
        add(accounts, name="other", role="superuser")
    with pytest.raises(AccountError):
        add(accounts, name="with space")
    assert [r.username for r in accounts.list()] == ["somchai"]


def test_first_admin_needs_the_setup_code_and_only_once(accounts):
    code = new_setup_code()
    assert len(code) == 14 and code.count("-") == 2
    with pytest.raises(AccountError):
        accounts.create_first_admin("AAAA-BBBB-CCCC", code, "admin", PW)
    assert accounts.count() == 0
    admin = accounts.create_first_admin(code.lower().replace("-", " "), code, "admin", PW, display="ผู้ดูแล")
    assert admin.role == "admin" and accounts.sign_in("admin", PW).role == "admin"
    with pytest.raises(AccountError):
        accounts.create_first_admin(code, code, "second", PW)
    with pytest.raises(AccountError):
        accounts.create_first_admin("", "", "third", PW)  # no code expected: never matches
    assert accounts.count() == 1


def test_grants_fit_the_role_and_become_the_accounts_scope(accounts):
    add(accounts)
    add(accounts, name="head", role="unit")
    add(accounts, name="prov", role="viewer")
    by = "ระบบ (ทดสอบ)"
    accounts.grant(by, "somchai", "agency", "อบต.ก")
    accounts.grant(by, "head", "unit", "อบต.ก", "กองคลัง")
    accounts.grant(by, "prov", "district", value="เชียงราย/แม่จัน")
    with pytest.raises(AccountError):
        accounts.grant(by, "somchai", "province", value="ตราด")  # a planner is granted agencies
    with pytest.raises(AccountError):
        accounts.grant(by, "prov", "district", value="แม่จัน")  # a district needs its province
    with pytest.raises(AccountError):
        accounts.revoke(by, "somchai", "agency", "อบต.ข")
    assert accounts.account("somchai").agencies == frozenset({"อบต.ก"})
    assert accounts.account("head").units == frozenset({("อบต.ก", "กองคลัง")})
    assert accounts.account("prov").areas == frozenset({("district", "เชียงราย/แม่จัน")})
    accounts.revoke(by, "somchai", "agency", "อบต.ก")
    assert accounts.account("somchai").agencies == frozenset()
    actions = list(accounts.store.history("grants")["action"])
    assert actions.count("insert") == 3 and actions.count("delete") == 1


def test_only_an_admin_account_changes_accounts_and_a_refusal_changes_nothing(accounts):
    add(accounts)
    planner = accounts.account("somchai")
    before = accounts.store.data_version()
    for change in (
        lambda: accounts.add(planner, "newbie", "admin", PW),
        lambda: accounts.set_password(planner, "somchai", "อีกรหัสหนึ่ง-ยาวพอ"),
        lambda: accounts.grant(planner, "somchai", "agency", "อบต.ข"),
        lambda: accounts.set_active(planner, "somchai", False),
        lambda: accounts.unlock(planner, "somchai"),
        lambda: accounts.update(planner, "somchai", role="admin"),
    ):
        with pytest.raises(AccessDenied):
            change()
    assert accounts.store.data_version() == before
    assert [r.role for r in accounts.list()] == ["planner"] and accounts.sign_in("somchai", PW)
    admin = Account("root", "ผู้ดูแล", "admin")
    accounts.update(admin, "somchai", role="viewer", email="somchai@example.go.th")
    assert accounts.by_email("SOMCHAI@example.go.th").role == "viewer"
    assert accounts.store.history("accounts")["author"].iloc[0] == "ผู้ดูแล (root)"
    with pytest.raises(AccountError):
        accounts.set_active(Account("somchai", "x", "admin"), "somchai", False)  # not oneself
