"""What the admin page and `python -m ita users list` show of the accounts: tables in Thai, never a hash."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pandas as pd

from ita.core.access import ROLES
from ita.core.model import Dataset
from ita.core.text import as_text, thai_datetime
from ita.storage.accounts import ROLE_GRANTS, AccountRow

GRANT_KINDS_TH = {"agency": "หน่วยงาน", "unit": "ส่วนงาน", "province": "จังหวัด", "district": "อำเภอ"}
ACCOUNT_COLUMNS = ["username", "display", "position", "email", "role", "state", "grants", "changed"]
ACTIONS_TH = {
    "insert": "เพิ่ม", "update": "แก้ไข", "password": "ตั้งรหัสผ่านใหม่", "disable": "ระงับ", "enable": "เปิดใช้",
    "unlock": "ปลดล็อก", "lock": "ล็อกอัตโนมัติ (กรอกรหัสผิดเกินกำหนด)", "delete": "ถอน",
}


def grant_label(kind: str, agency: str, value: str) -> str:
    """Returns a grant in Thai: 'หน่วยงาน อบต.ป่าตึง', 'ส่วนงาน อบต.ป่าตึง/กองคลัง', 'จังหวัด ตราด'."""
    if kind == "unit":
        return f"ส่วนงาน {agency}/{value}"
    return f"{GRANT_KINDS_TH.get(kind, kind)} {agency or value}"


def state_th(row: AccountRow, now: float) -> str:
    return "ระงับ" if not row.active else "ล็อกชั่วคราว" if row.locked(now) else "ใช้งาน"


def accounts_table(rows: Sequence[AccountRow], now: float) -> pd.DataFrame:
    """Returns one row per account: name, display name, position, e-mail, role (Thai), state, grants, last change."""
    return pd.DataFrame(
        [{
            "username": r.username, "display": r.display, "position": r.position, "email": r.email,
            "role": ROLES.get(r.role, r.role), "state": state_th(r, now),
            "grants": "; ".join(grant_label(*g) for g in r.grants) or ("ทุกหน่วยงาน" if r.role == "admin" else "–"),
            "changed": f"{r.changed_at or r.created_at} โดย {r.changed_by or r.created_by}",
        } for r in rows],
        columns=ACCOUNT_COLUMNS,
    )


def grant_options(role: str, ds: Dataset, units_of: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    """Returns the grants the role can take, as (kind, agency, value), from the agencies and units in the
    store: a planner agencies, a unit head units, a viewer agencies, provinces and districts."""
    agencies = ds["agencies"]
    out: list[tuple[str, str, str]] = []
    for kind in ROLE_GRANTS.get(role, ()):
        if kind == "agency":
            out += [("agency", a, "") for a in ds.agencies()]
        elif kind == "unit":
            out += [("unit", a, u) for a in ds.agencies() for u in units_of.get(a, [])]
        elif kind == "province":
            out += [("province", "", p) for p in sorted({as_text(p) for p in agencies["province"]} - {""})]
        else:
            pairs = {(as_text(p), as_text(d)) for p, d in zip(agencies["province"], agencies["district"], strict=True)}
            out += [("district", "", f"{p}/{d}") for p, d in sorted(pairs) if p and d]
    return out


def history_table(accounts: pd.DataFrame, grants: pd.DataFrame) -> pd.DataFrame:
    """Returns the accounts' and grants' history (Store.history of each), newest first, in Thai: when,
    by whom, what was done, to which account, and what changed (the store never holds a hash)."""
    frames = [f for f in (accounts, grants) if not f.empty]
    history = pd.concat(frames).sort_values("id", ascending=False) if frames else accounts
    rows = []
    for r in history.itertuples(index=False):
        after = json.loads(r.after) if isinstance(r.after, str) else {}
        before = json.loads(r.before) if isinstance(r.before, str) else {}
        entry = after or before
        what = ACTIONS_TH.get(r.action, r.action)
        if r.tbl == "grants":
            given = grant_label(entry["kind"], entry["agency"], entry["value"])
            what = f"{'ให้' if r.action == 'insert' else 'ถอน'}สิทธิ์ {given}"
        rows.append({"at": thai_datetime(r.at), "author": r.author, "account": entry.get("username", ""),
                     "action": what, "changes": r.changes if r.tbl == "accounts" else ""})
    return pd.DataFrame(rows, columns=["at", "author", "account", "action", "changes"])
