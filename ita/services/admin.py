"""What the admin page and `python -m ita users list` show of the accounts: tables in Thai, never a hash; and the
framework's years for the admin page's section 'กรอบการประเมินรายปี' (issue 16)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import pandas as pd

from ita.core.access import ROLES
from ita.core.framework import Framework, provisional_note_th, year_problems
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


# -- the framework's years (issue 16) ------------------------------------------------------------------

FRAMEWORK_COLUMNS = ["year", "origin", "weights", "weights_confidence", "level_scheme", "level_confidence",
                     "provisional", "state"]
CONFIDENCE_TH = {"C": "C ยืนยันจากแหล่งทางการ", "W": "W แหล่งเดียว", "U": "U ยังไม่ยืนยัน"}


def weights_text(weights: Mapping[str, float]) -> str:
    """Returns weights as percentages: 'IIT 30% · EIT 30% · OIT 40%'."""
    return " · ".join(f"{tool} {round(float(w) * 100, 2):g}%" for tool, w in weights.items())


def _stored_body(row: Mapping[str, object]) -> dict[str, object] | None:
    try:
        body = json.loads(str(row["body"]))
    except json.JSONDecodeError:
        return None
    return body if isinstance(body, dict) else None


def added_state(row: Mapping[str, object], file_fw: Framework) -> str:
    """Returns in Thai whether the framework uses a stored year (Store.framework_year_rows' row), and why not:
    superseded by the file's year, or refused by the check (ita.core.framework.year_problems)."""
    year = int(str(row["year"]))
    if year in file_fw.years:
        return "ไม่ใช้: ปีนี้มีในไฟล์กรอบการประเมินแล้ว (ไฟล์มีผลเหนือกว่า ลบรายการนี้ได้)"
    body = _stored_body(row)
    if body is None:
        return "ไม่ใช้: อ่านข้อมูลของปีนี้ไม่ได้"
    problems = year_problems(body, file_fw)
    if not problems and str(body.get("year")) != str(year):
        problems = [("ปีงบประมาณ", f"ปีของข้อมูล ({body.get('year')}) ไม่ตรงกับปี {year}")]
    if problems:
        return "ไม่ใช้: " + "; ".join(f"{field}: {message}" for field, message in problems)
    return "ใช้อยู่"


def framework_table(file_fw: Framework, fw: Framework, added: pd.DataFrame) -> pd.DataFrame:
    """Returns one row per year, by year: every year of the framework the pages use (`fw`: the file's, `file_fw`,
    with the admin's years) and every stored year it does not use (superseded by the file, or refused by the
    check): its origin, weights, level scheme, confidences, the provisional mark and whether it is used.
    `added` is Store.framework_year_rows()."""
    rows: list[dict[str, object]] = []
    stored = {int(r["year"]): r for r in added.to_dict("records")}
    for year in sorted(set(fw.years) | set(stored)):
        yf = fw.for_year(year)
        row = stored.get(year)
        by = f"เพิ่มโดย {row['author']} เมื่อ {thai_datetime(str(row['saved']))}" if row is not None else ""
        if yf is not None and not yf.added:
            origin, state = "ไฟล์กรอบการประเมิน", "ใช้อยู่"
        else:
            origin = f"ผู้ดูแลระบบ ({by})" if by else "ผู้ดูแลระบบ"
            state = added_state(row, file_fw) if row is not None else "ใช้อยู่"
        if yf is not None:
            mark = "ยังไม่ยืนยัน" + (f" (ยกมาจากปี {yf.carried_from})" if yf.carried_from is not None else "") \
                if yf.provisional else "–"
            rows.append({"year": year, "origin": origin, "weights": weights_text(yf.weights),
                         "weights_confidence": CONFIDENCE_TH.get(yf.weights_confidence, yf.weights_confidence),
                         "level_scheme": yf.level_scheme.name_th,
                         "level_confidence": CONFIDENCE_TH.get(yf.level_confidence, yf.level_confidence),
                         "provisional": mark, "state": state})
        if row is not None and (yf is None or not yf.added):
            # A stored year the framework does not use: shown as stored, under the file's year when there is one.
            body = _stored_body(row) or {}
            weights = body.get("weights")
            scheme = file_fw.level_schemes.get(str(body.get("level_scheme")))
            rows.append({"year": year, "origin": f"ผู้ดูแลระบบ ({by})",
                         "weights": weights_text(weights) if isinstance(weights, dict) and all(
                             isinstance(v, (int, float)) for v in weights.values()) else "–",
                         "weights_confidence": CONFIDENCE_TH["U"],
                         "level_scheme": scheme.name_th if scheme else str(body.get("level_scheme", "–")),
                         "level_confidence": CONFIDENCE_TH["U"], "provisional": "ยังไม่ยืนยัน",
                         "state": added_state(row, file_fw)})
    return pd.DataFrame(rows, columns=FRAMEWORK_COLUMNS)


def carried_values(fw: Framework, year: int) -> tuple[dict[str, float], str]:
    """Returns what the form to add a year starts from when it carries `year` forward: its weights in percent
    (IIT, EIT, OIT) and its level scheme's key."""
    yf = fw.years[int(year)]
    return {t: round(float(w) * 100, 4) for t, w in yf.weights.items()}, yf.level_scheme.key


def year_body(year: int, carried_from: int | None, weights_percent: Mapping[str, float], level_scheme: str,
              source: str, fw: Framework) -> dict[str, object]:
    """Returns the body of a year the admin adds, as framework.json writes a year (Store.add_framework_year
    checks it): weights from percentages, confidence U, provisional, carried from `carried_from`, with its
    Thai note, and the sub-indicators and document items of the year carried forward, when it has them."""
    body: dict[str, object] = {
        "year": int(year),
        "weights": {t: round(float(w) / 100, 6) for t, w in weights_percent.items()},
        "weights_confidence": "U",
        "weights_source": " ".join(str(source or "").split()),
        "level_scheme": level_scheme,
        "level_confidence": "U",
        "provisional": True,
        "carried_from": int(carried_from) if carried_from is not None else None,
        "provisional_note": provisional_note_th(int(year), carried_from, added=True),
    }
    source_year = fw.for_year(carried_from) if carried_from is not None else None
    if source_year is not None:
        if source_year.sub_indicators:
            body["sub_indicators"] = [{"code": s.code, "name_th": s.name_th} for s in source_year.sub_indicators]
        if source_year.document_items:
            body["document_items"] = dict(source_year.document_items)
    return body


def added_years(fw: Framework, added: pd.DataFrame) -> list[dict[str, object]]:
    """Returns the stored years an admin may delete (id, year, version and a Thai label), by year."""
    return [{"id": int(r["id"]), "year": int(r["year"]), "version": int(r["version"]),
             "label": f"ปี {int(r['year'])} (เพิ่มโดย {r['author']})"
             + ("" if (yf := fw.for_year(int(r["year"]))) is not None and yf.added else " — ไม่ใช้อยู่")}
            for r in added.to_dict("records")]
