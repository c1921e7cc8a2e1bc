"""Accounts in the store (issue 12): who may sign in, with what role and grants, and the sign-in checks.

Passwords are kept only as Argon2id hashes (argon2-cffi; its default parameters are RFC 9106's
second recommended profile, 64 MiB and 3 passes); no password, hash or setup code is logged, shown,
returned by `list`/`get` or written to the history. Every change to an account goes through the store's
transaction and is written to the history (table `accounts` or `grants`) with who made it.
"""

from __future__ import annotations

import hmac
import secrets
import time
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ita.core.access import AREA_KINDS, ROLES, AccessDenied, Account, require
from ita.core.errors import ItaError
from ita.storage.store import Store, StoreError
from ita.storage.tables import accounts as ACCOUNTS
from ita.storage.tables import grants as GRANTS

MAX_FAILED = 5  # failed sign-ins in a row before the account is locked (the figure)
LOCK_SECONDS = 15 * 60
MIN_PASSWORD = 10
MAX_PASSWORD = 256  # Argon2 takes any length; a bound keeps a pasted book from costing memory
GRANT_KINDS = ("agency", "unit", *AREA_KINDS)
# What each role can be granted: an admin needs nothing, a unit head their units, a viewer agencies or groups.
ROLE_GRANTS: dict[str, tuple[str, ...]] = {
    "admin": (), "planner": ("agency",), "unit": ("unit",), "viewer": ("agency", *AREA_KINDS),
}

# The same words for an unknown name, a wrong password, a locked or a disabled account: the form must not
# tell someone guessing which names exist.
SIGN_IN_REFUSED_TH = (
    "ลงชื่อเข้าใช้ไม่สำเร็จ: ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง หรือบัญชีถูกพักการใช้ "
    f"(กรอกผิด {MAX_FAILED} ครั้งติดกัน บัญชีจะถูกพักการใช้ {LOCK_SECONDS // 60} นาที)"
)
SIGN_IN_REFUSED_EN = "sign-in refused: unknown user, wrong password, or the account is locked or disabled"

# Common passwords refused whatever their length (the few a guesser tries first, as NIST SP 800-63B asks).
COMMON_PASSWORDS = frozenset({
    "1234567890", "0123456789", "12345678910", "1111111111", "0000000000", "qwertyuiop", "1q2w3e4r5t",
    "password123", "password1234", "passw0rd123", "administrator", "admin12345", "admin123456",
    "iloveyou123", "abcdefghij", "abc1234567", "qwerty12345", "1qaz2wsx3edc", "asdfghjkl1",
})

SYSTEM_CLI = "ระบบ (คำสั่ง python -m ita users)"


class SignInRefused(ItaError):
    """A sign-in that did not succeed; always the same message."""

    def __init__(self) -> None:
        super().__init__(SIGN_IN_REFUSED_TH, SIGN_IN_REFUSED_EN)


class AccountError(ItaError):
    """A refused account change (bad name, weak password, unknown account…); nothing was changed."""


@dataclass(frozen=True)
class AccountRow:
    """An account as the admin page and `users list` show it (never the hash)."""

    username: str
    display: str
    position: str
    email: str
    role: str
    active: bool
    failed: int
    locked_until: float | None
    created_at: str
    created_by: str
    changed_at: str
    changed_by: str
    grants: tuple[tuple[str, str, str], ...]  # (kind, agency, value)

    def locked(self, now: float) -> bool:
        return self.locked_until is not None and self.locked_until > now


def _now_text() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


def check_username(name: str) -> str:
    """Returns the user name, trimmed; raises AccountError for one that is empty, too long or holds
    spaces or control characters."""
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name or len(name) > 64 or any(c.isspace() or unicodedata.category(c).startswith("C") for c in name):
        raise AccountError(
            "ชื่อผู้ใช้ต้องมี 1–64 ตัวอักษร ไม่มีช่องว่างหรืออักขระควบคุม",
            "a user name has 1–64 characters, without spaces or control characters",
        )
    return name


def check_password(password: str, username: str = "") -> None:
    """Raises AccountError for a password that is too short or too long, the user name, one character
    repeated, or a commonly used one (NIST SP 800-63B: length and a block list, no composition rules)."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD} ตัวอักษร",
                           f"a password has at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"รหัสผ่านยาวได้ไม่เกิน {MAX_PASSWORD} ตัวอักษร",
                           f"a password has at most {MAX_PASSWORD} characters")
    lowered = password.casefold()
    if (lowered == username.casefold() or len(set(password)) == 1 or lowered in COMMON_PASSWORDS):
        raise AccountError("รหัสผ่านนี้เดาง่ายเกินไป (ซ้ำกับชื่อผู้ใช้ ใช้ตัวอักษรเดียวซ้ำ หรือเป็นรหัสที่ใช้กันทั่วไป)",
                           "this password is too easy to guess")


def new_setup_code() -> str:
    """Returns a one-time setup code for the first admin: 12 characters from an alphabet without look-alikes
    (about 60 bits), shown as three groups of four."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return "-".join(raw[i:i + 4] for i in range(0, 12, 4))


def same_code(given: str, expected: str) -> bool:
    """Compares a typed setup code with the expected one in constant time (case, spaces and dashes ignored)."""
    def norm(code: str) -> bytes:
        return "".join(c for c in code.upper() if c.isalnum()).encode()
    return bool(expected) and hmac.compare_digest(norm(given), norm(expected))


class Accounts:
    """The accounts of one store. `clock` gives seconds since the epoch (tests move it)."""

    def __init__(self, store: Store, hasher: PasswordHasher | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.hasher = hasher or PasswordHasher()
        self.clock = clock
        # Verified for an unknown user name, so that it takes as long as a wrong password.
        self._dummy = self.hasher.hash(secrets.token_urlsafe(16))

    # -- reading --------------------------------------------------------------------------------

    def count(self) -> int:
        with self.store.reading() as conn:
            return int(conn.execute(sa.text("SELECT COUNT(*) FROM accounts")).scalar_one())

    def _grants(self, account_id: int) -> tuple[tuple[str, str, str], ...]:
        with self.store.reading() as conn:
            rows = conn.execute(sa.text("SELECT kind, agency, value FROM grants WHERE account_id = :id "
                                        "ORDER BY kind, agency, value"), {"id": account_id}).all()
        return tuple((r.kind, r.agency, r.value) for r in rows)

    def _row_of(self, row: Mapping[str, Any]) -> AccountRow:
        return AccountRow(
            username=row["username"], display=row["display"], position=row["position"], email=row["email"],
            role=row["role"], active=bool(row["active"]), failed=int(row["failed"]),
            locked_until=row["locked_until"], created_at=row["created_at"], created_by=row["created_by"],
            changed_at=row["changed_at"] or "", changed_by=row["changed_by"] or "", grants=self._grants(row["id"]),
        )

    def list(self) -> list[AccountRow]:
        with self.store.reading() as conn:
            rows = conn.execute(sa.text("SELECT * FROM accounts ORDER BY lower(username)")).mappings().all()
        return [self._row_of(r) for r in rows]

    def get(self, username: str) -> AccountRow | None:
        row = self.get_row(username)
        return self._row_of(row) if row is not None else None

    def get_row(self, username: str) -> Mapping[str, Any] | None:
        """The stored row of the account (its hash and counters included), None when there is none."""
        with self.store.reading() as conn:
            return self._find(conn, username)

    def account(self, username: str) -> Account | None:
        """Returns the account as the access rules see it (None when there is none)."""
        row = self.get(username)
        return to_account(row) if row is not None else None

    def by_email(self, email: str) -> Account | None:
        """Returns the active account whose e-mail is `email` (single sign-on), else None."""
        if not email.strip():
            return None
        with self.store.reading() as conn:
            name = conn.execute(sa.text("SELECT username FROM accounts WHERE lower(email) = lower(:email) "
                                        "AND active = 1"), {"email": email.strip()}).scalar()
        return self.account(name) if name is not None else None

    @staticmethod
    def _find(conn: sa.Connection, username: str) -> Mapping[str, Any] | None:
        """The account named `username` whatever the case of its letters (the unique index's lower())."""
        return conn.execute(sa.text("SELECT * FROM accounts WHERE lower(username) = lower(:name)"),
                            {"name": unicodedata.normalize("NFC", (username or "").strip())}).mappings().first()

    # -- signing in -----------------------------------------------------------------------------

    def sign_in(self, username: str, password: str) -> Account:
        """Returns the account when the password is right and the account active and not locked; raises
        SignInRefused otherwise (the same message for every reason). Five failures in a row lock the
        account for 15 minutes; a success clears the count."""
        password = password or ""
        now = self.clock()
        row = self.get_row(username) if len(password) <= MAX_PASSWORD else None
        if row is None:
            self._verify(self._dummy, password)  # the same time as a wrong password
            raise SignInRefused
        if not row["active"] or (row["locked_until"] is not None and row["locked_until"] > now):
            self._verify(self._dummy, password)
            raise SignInRefused
        ok = bool(row["password_hash"]) and self._verify(row["password_hash"], password)
        this = ACCOUNTS.c.id == row["id"]
        with self.store.transaction(counted=False) as conn:
            current = conn.execute(sa.select(ACCOUNTS.c.failed).where(this)).scalar_one()
            if ok:
                conn.execute(sa.update(ACCOUNTS).where(this).values(failed=0, locked_until=None))
                if self.hasher.check_needs_rehash(row["password_hash"]):
                    conn.execute(sa.update(ACCOUNTS).where(this).values(password_hash=self.hasher.hash(password)))
            else:
                failed = int(current) + 1
                if failed >= MAX_FAILED:
                    conn.execute(sa.update(ACCOUNTS).where(this).values(failed=0, locked_until=now + LOCK_SECONDS))
                    self.store._log(conn, "ระบบ (ลงชื่อเข้าใช้ผิดเกินกำหนด)", "accounts", row["id"], "lock",
                                    None, {"username": row["username"], "locked_minutes": LOCK_SECONDS // 60})
                else:
                    conn.execute(sa.update(ACCOUNTS).where(this).values(failed=failed))
        if not ok:
            raise SignInRefused
        account = self.account(row["username"])
        assert account is not None
        return account

    def _verify(self, hashed: str, password: str) -> bool:
        try:
            return self.hasher.verify(hashed, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    # -- changing -------------------------------------------------------------------------------

    @contextmanager
    def _change(self, actor: Account | str) -> Iterator[tuple[sa.Connection, str]]:
        """One account change: admins only (or the command line, `actor` a text naming the system)."""
        if not isinstance(actor, str):
            require(actor, "accounts")
        with self.store.transaction() as conn:
            yield conn, actor if isinstance(actor, str) else actor.label

    def add(self, actor: Account | str, username: str, role: str, password: str | None, display: str = "",
            position: str = "", email: str = "") -> None:
        """Creates an account; `password` None leaves it without one (single sign-on only)."""
        username = check_username(username)
        if role not in ROLES:
            raise AccountError(f"ไม่รู้จักบทบาท '{role}' (มี: {', '.join(ROLES)})", f"unknown role {role!r}")
        if password is not None:
            check_password(password, username)
        hashed = self.hasher.hash(password) if password is not None else None
        with self._change(actor) as (conn, by):
            if self._find(conn, username) is not None:
                raise AccountError(f"มีบัญชีชื่อ '{username}' อยู่แล้ว", f"account {username!r} exists")
            self._check_email(conn, email, None)
            self._insert(conn, by, username, display, position, email, role, hashed)

    def create_first_admin(self, code: str, expected_code: str, username: str, password: str,
                           display: str = "", position: str = "", email: str = "") -> Account:
        """Creates the first admin when the setup code is right and there is no account yet (checked in
        the same transaction, so two browsers racing cannot both succeed)."""
        if not same_code(code, expected_code):
            raise AccountError("รหัสตั้งค่าไม่ถูกต้อง ดูรหัสได้ที่หน้าต่างคำสั่งที่เปิดโปรแกรม",
                               "wrong setup code (it is printed in the terminal that started the app)")
        username = check_username(username)
        check_password(password, username)
        hashed = self.hasher.hash(password)
        with self.store.transaction() as conn:
            if conn.execute(sa.text("SELECT COUNT(*) FROM accounts")).scalar_one():
                raise AccountError("มีบัญชีผู้ใช้แล้ว รหัสตั้งค่าใช้ไม่ได้อีก", "accounts exist: setup is over")
            self._check_email(conn, email, None)
            by = f"ระบบ (ตั้งค่าครั้งแรกด้วยรหัสตั้งค่า: {username})"
            self._insert(conn, by, username, display, position, email, "admin", hashed)
        account = self.account(username)
        assert account is not None
        return account

    def _insert(self, conn: sa.Connection, by: str, username: str, display: str, position: str, email: str,
                role: str, hashed: str | None) -> None:
        account_id = int(conn.execute(sa.insert(ACCOUNTS).values(
            username=username, display=display.strip() or username, position=position.strip(), email=email.strip(),
            role=role, password_hash=hashed, created_at=_now_text(), created_by=by).returning(ACCOUNTS.c.id))
            .scalar_one())
        self.store._log(conn, by, "accounts", account_id, "insert", None, self._public(conn, account_id))

    def _check_email(self, conn: sa.Connection, email: str, account_id: int | None) -> None:
        email = email.strip()
        if not email:
            return
        if "@" not in email or len(email) > 254 or any(c.isspace() for c in email):
            raise AccountError(f"อีเมล '{email}' ไม่ถูกต้อง", f"invalid e-mail {email!r}")
        other = conn.execute(sa.text("SELECT id FROM accounts WHERE lower(email) = lower(:email)"),
                             {"email": email}).scalar()
        if other is not None and other != account_id:
            raise AccountError(f"อีเมล '{email}' เป็นของบัญชีอื่นแล้ว", f"e-mail {email!r} belongs to another account")

    def _existing(self, conn: sa.Connection, username: str) -> Mapping[str, Any]:
        row = self._find(conn, username)
        if row is None:
            raise AccountError(f"ไม่พบบัญชี '{username}'", f"no account {username!r}")
        return row

    def _public(self, conn: sa.Connection, account_id: int) -> dict[str, Any]:
        """The account's row without its hash and sign-in counters (what the history may hold)."""
        row = dict(conn.execute(sa.select(ACCOUNTS).where(ACCOUNTS.c.id == account_id)).mappings().one())
        for secret in ("password_hash", "failed", "locked_until"):
            row.pop(secret, None)
        return row

    def _set(self, actor: Account | str, username: str, values: Mapping[str, Any], action: str) -> None:
        with self._change(actor) as (conn, by):
            row = self._existing(conn, username)
            before = self._public(conn, row["id"])
            conn.execute(sa.update(ACCOUNTS).where(ACCOUNTS.c.id == row["id"]).values(
                {**values, "changed_at": _now_text(), "changed_by": by, "version": ACCOUNTS.c.version + 1}))
            self.store._log(conn, by, "accounts", row["id"], action, before, self._public(conn, row["id"]))

    def set_password(self, actor: Account | str, username: str, password: str) -> None:
        check_password(password, username)
        self._set(actor, username, {"password_hash": self.hasher.hash(password), "failed": 0,
                                    "locked_until": None}, "password")

    def update(self, actor: Account | str, username: str, *, display: str | None = None,
               position: str | None = None, email: str | None = None, role: str | None = None) -> None:
        values: dict[str, Any] = {}
        if display is not None:
            values["display"] = display.strip() or username
        if position is not None:
            values["position"] = position.strip()
        if role is not None:
            if role not in ROLES:
                raise AccountError(f"ไม่รู้จักบทบาท '{role}' (มี: {', '.join(ROLES)})", f"unknown role {role!r}")
            values["role"] = role
        if email is not None:
            with self.store.reading() as conn:
                row = self._find(conn, username)
                self._check_email(conn, email, row["id"] if row is not None else None)
            values["email"] = email.strip()
        if values:
            self._set(actor, username, values, "update")

    def set_active(self, actor: Account | str, username: str, active: bool) -> None:
        if not isinstance(actor, str):
            require(actor, "accounts")  # a refusal first: the next message is for admins
        if not active and not isinstance(actor, str) and actor.username.casefold() == username.casefold():
            raise AccountError("ระงับบัญชีของตนเองไม่ได้", "you cannot disable your own account")
        self._set(actor, username, {"active": int(active)}, "enable" if active else "disable")

    def unlock(self, actor: Account | str, username: str) -> None:
        self._set(actor, username, {"failed": 0, "locked_until": None}, "unlock")

    def grant(self, actor: Account | str, username: str, kind: str, agency: str = "", value: str = "") -> None:
        """Grants an agency ('agency', agency), a unit of an agency ('unit', agency, unit) or a viewer's
        group ('province', value=province; 'district', value='province/district')."""
        self._grant(actor, username, kind, agency.strip(), value.strip(), add=True)

    def revoke(self, actor: Account | str, username: str, kind: str, agency: str = "", value: str = "") -> None:
        self._grant(actor, username, kind, agency.strip(), value.strip(), add=False)

    def _grant(self, actor: Account | str, username: str, kind: str, agency: str, value: str, add: bool) -> None:
        if kind not in GRANT_KINDS:
            raise AccountError(f"ไม่รู้จักสิทธิ์ชนิด '{kind}' (มี: {', '.join(GRANT_KINDS)})", f"unknown grant {kind!r}")
        needs = {"agency": (True, False), "unit": (True, True), "province": (False, True), "district": (False, True)}
        if (bool(agency), bool(value)) != needs[kind] or (kind == "district" and value.count("/") != 1):
            raise AccountError(
                "สิทธิ์ไม่ครบ: หน่วยงานต้องระบุชื่อหน่วยงาน ส่วนงานต้องระบุหน่วยงานและส่วนงาน "
                "จังหวัดต้องระบุจังหวัด อำเภอต้องระบุเป็น 'จังหวัด/อำเภอ'",
                "incomplete grant: agency needs an agency, unit an agency and a unit, province a province, "
                "district 'province/district'",
            )
        with self._change(actor) as (conn, by):
            row = self._existing(conn, username)
            if add and kind not in ROLE_GRANTS[row["role"]]:
                fits = ", ".join(ROLE_GRANTS[row["role"]]) or "ไม่ต้องให้สิทธิ์ (เห็นและแก้ได้ทุกหน่วยงาน)"
                raise AccountError(
                    f"บัญชี '{row['username']}' ({ROLES[row['role']]}) รับสิทธิ์ชนิด '{kind}' ไม่ได้ (ให้ได้: {fits})",
                    f"a {row['role']} account takes no {kind!r} grant",
                )
            key = {"account_id": row["id"], "kind": kind, "agency": agency, "value": value}
            found = conn.execute(sa.select(GRANTS.c.id).filter_by(**key)).scalar()
            entry = {"username": row["username"], "kind": kind, "agency": agency, "value": value}
            if add and found is None:
                grant_id = conn.execute(sa.insert(GRANTS).values(key).returning(GRANTS.c.id)).scalar_one()
                self.store._log(conn, by, "grants", int(grant_id), "insert", None, entry)
            elif not add and found is not None:
                conn.execute(sa.delete(GRANTS).where(GRANTS.c.id == found))
                self.store._log(conn, by, "grants", int(found), "delete", entry, None)
            elif not add:
                raise AccountError("บัญชีนี้ไม่มีสิทธิ์ที่จะถอน", "the account has no such grant")


def to_account(row: AccountRow) -> Account:
    """Returns the access rules' view of a stored account."""
    agencies = frozenset(a for kind, a, _ in row.grants if kind == "agency")
    units = frozenset((a, v) for kind, a, v in row.grants if kind == "unit")
    areas = frozenset((kind, v) for kind, _, v in row.grants if kind in AREA_KINDS)
    return Account(username=row.username, display=row.display, role=row.role,  # type: ignore[arg-type]
                   position=row.position, active=row.active, agencies=agencies, units=units, areas=areas)


__all__ = ["AccessDenied", "AccountError", "AccountRow", "Accounts", "SignInRefused", "StoreError", "to_account"]
