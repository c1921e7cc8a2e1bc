"""Who may do what (issue 12): roles, their scope, and the one check every write path calls.

Pure rules, no storage: an `Account` says what its holder was granted, `allows` answers for one
action on one agency (and unit), `require` raises `AccessDenied` with a Thai and an English message.
The store calls `require` inside each write, so a page that forgets to hide a button still cannot
write; the pages call `allows` only to decide what to show.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from ita.core.errors import ItaError

Role = Literal["admin", "planner", "unit", "viewer"]
ROLES: dict[str, str] = {
    "admin": "ผู้ดูแลระบบ",
    "planner": "ผู้วางแผน",
    "unit": "หัวหน้าส่วนงาน",
    "viewer": "ผู้บริหาร / ผู้กำกับดูแล",
}

# What can be written. `restore` and `delete` are the same action as the write of the row they touch
# (restoring a measure's version is a measure write), so they are not separate actions.
Action = Literal["import", "scores", "measures", "progress", "scenarios", "accounts", "framework"]
ACTIONS_TH: dict[str, str] = {
    "import": "นำเข้าข้อมูล",
    "scores": "บันทึกคะแนน",
    "measures": "บันทึกมาตรการ",
    "progress": "รายงานความก้าวหน้า",
    "scenarios": "บันทึกสถานการณ์จำลอง",
    "accounts": "จัดการบัญชีผู้ใช้",
    "framework": "แก้ไขกรอบการประเมินรายปี",
}
# What only an admin does: the accounts, and the framework's years added from the app (shared by every agency).
ADMIN_ACTIONS = frozenset({"accounts", "framework"})
PLANNER_ACTIONS = frozenset({"import", "scores", "measures", "progress", "scenarios"})

# A viewer's group of agencies: every agency of a province or of a district (its province given,
# since district names repeat across provinces).
AREA_KINDS = ("province", "district")

READ_MODES = ("public", "signed-in")
DEFAULT_IDLE_MINUTES = 30.0


@dataclass(frozen=True)
class Account:
    """A signed-in person and what they were granted. `agencies` are the agencies a planner or viewer
    was granted; `units` the (agency, unit) pairs of a unit head; `areas` a viewer's (kind, name) groups,
    a district written 'province/district'."""

    username: str
    display: str
    role: Role
    position: str = ""
    active: bool = True
    agencies: frozenset[str] = field(default_factory=frozenset)
    units: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    areas: frozenset[tuple[str, str]] = field(default_factory=frozenset)

    @property
    def label(self) -> str:
        """What the history records: 'display (username)'."""
        return f"{self.display} ({self.username})" if self.display and self.display != self.username else self.username

    @property
    def role_th(self) -> str:
        return ROLES.get(self.role, self.role)


class AccessDenied(ItaError):
    """A write (or read) the account's role or grants do not allow; nothing was changed."""


def allows(account: Account | None, action: Action, agency: str | None = None,
           unit: str | Iterable[str] | None = None) -> bool:
    """Returns whether `account` may do `action` on `agency` (and, for progress, on a measure owned by
    `unit`, or by any of several units). No account, a disabled one, or a viewer may write nothing."""
    if account is None or not account.active:
        return False
    if account.role == "admin":
        return True
    if action in ADMIN_ACTIONS:
        return False
    if account.role == "planner":
        return action in PLANNER_ACTIONS and agency is not None and agency in account.agencies
    if account.role == "unit":
        units = [unit] if isinstance(unit, str) else list(unit or ())
        return action == "progress" and agency is not None and any((agency, u) in account.units for u in units)
    return False


def require(account: Account | None, action: Action, agency: str | None = None,
            unit: str | Iterable[str] | None = None) -> None:
    """Raises AccessDenied unless `allows(account, action, agency, unit)`."""
    if allows(account, action, agency, unit):
        return
    if unit is not None and not isinstance(unit, str):
        unit = ", ".join(unit) or "ไม่ระบุ"
    what_th, what_en = ACTIONS_TH[action], action
    where_th = f" ของ {agency}" if agency else ""
    where_en = f" for {agency}" if agency else ""
    if unit:
        where_th += f" (ส่วนงาน {unit})"
        where_en += f" (unit {unit})"
    if account is None:
        raise AccessDenied(
            f"ต้องลงชื่อเข้าใช้ก่อนจึงจะ{what_th}ได้ ยังไม่มีการเปลี่ยนแปลงข้อมูลใด ๆ",
            f"sign in to {what_en}; nothing was changed",
        )
    if not account.active:
        raise AccessDenied(
            f"บัญชี {account.username} ถูกระงับ จึง{what_th}ไม่ได้ ยังไม่มีการเปลี่ยนแปลงข้อมูลใด ๆ",
            f"account {account.username} is disabled; nothing was changed",
        )
    raise AccessDenied(
        f"บัญชี {account.username} ({account.role_th}) ไม่มีสิทธิ์{what_th}{where_th} "
        "ยังไม่มีการเปลี่ยนแปลงข้อมูลใด ๆ หากต้องการสิทธิ์ กรุณาติดต่อผู้ดูแลระบบ",
        f"account {account.username} ({account.role}) may not {what_en}{where_en}; nothing was changed",
    )


def require_all(account: Account | None, action: Action, agencies: Iterable[str]) -> None:
    """Raises AccessDenied unless `account` may do `action` on every agency given (an import)."""
    for agency in sorted(set(agencies)):
        require(account, action, agency)
    if account is None or not account.active:  # a file naming no agency is still a write
        require(account, action)


def read_mode(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """Returns ITA_READ: 'public' (default: ITA results and O27/O28 are published) or 'signed-in'."""
    value = (environ if environ is not None else os.environ).get("ITA_READ", "public").strip().lower()
    return value if value in READ_MODES else "signed-in"  # a typo must not open what was meant closed


def idle_minutes(environ: os._Environ[str] | dict[str, str] | None = None) -> float:
    """Returns ITA_IDLE_MINUTES, after which an idle browser is signed out: default 30, which a value that is
    not a positive number (or is over a day) also gives, so a typo never keeps a session open for ever."""
    try:
        minutes = float((environ if environ is not None else os.environ).get("ITA_IDLE_MINUTES", DEFAULT_IDLE_MINUTES))
    except ValueError:
        return DEFAULT_IDLE_MINUTES
    return minutes if 0 < minutes <= 24 * 60 else DEFAULT_IDLE_MINUTES


def may_read(account: Account | None, agency: str, area: tuple[str, str] = ("", ""), mode: str = "public") -> bool:
    """Returns whether the agency's data may be shown. Public mode: to everyone. Signed-in mode: an admin
    reads all; a planner or viewer the agencies granted; a viewer also every agency of a granted
    province or district (`area` is the agency's (province, district)); a unit head their agency."""
    if mode == "public":
        return True
    if account is None or not account.active:
        return False
    if account.role == "admin" or agency in account.agencies:
        return True
    if account.role == "unit":
        return any(a == agency for a, _ in account.units)
    province, district = area
    if account.role == "viewer" and province:
        return ("province", province) in account.areas or (
            bool(district) and ("district", f"{province}/{district}") in account.areas
        )
    return False
