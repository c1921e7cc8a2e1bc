"""The plan of measures (the content of O27), as plain data.

What the measures page shows is computed here, from the frames the store returns
(`Store.measures()`, `Store.history()`): the plan table, suggestions for new measures (next number,
weak indicators; earlier measures and the report's measures are ita.services.catalogue's entries),
the form's fields, and what changed in a conflict or in the history. The follow-up (O28: rates,
counts, periods, progress entries) is ita.services.progress. Pure functions: the inputs are never
changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

# next_number, default_period and shift_period are core's pure rules, re-exported here by these names: the store
# numbers a carried measure and shifts its period with them too (Store.carry_forward).
from ita.core import rules
from ita.core.analysis import CATEGORY_TH, DEFAULT_THRESHOLDS, Thresholds, agency_indicator_table, weak_rows
from ita.core.framework import Framework
from ita.core.model import Dataset
from ita.core.rules import next_number as next_number
from ita.core.schema import INDICATOR_SEP, MEASURE_STATUSES, TABLES_BY_KEY, UNIT_SEP
from ita.core.text import as_text, code_key, is_blank, shorten, split_indicators, split_units, thai_date, thai_datetime
from ita.core.thai import default_period as default_period
from ita.core.thai import format_number, to_arabic_digits
from ita.core.thai import shift_period as shift_period

NOT_STARTED = MEASURE_STATUSES[0]
DONE = MEASURE_STATUSES[-1]
NO_BUDGET = rules.NO_BUDGET

# Thai names of the measure fields, for conflict and history tables; the template's headers first.
FIELD_LABELS: dict[str, str] = {
    **{c.key: c.header for c in TABLES_BY_KEY["measures"].columns},
    "position": "ลำดับในแผน",
    "deleted": "ถูกลบ",
    "carried_from": "ยกมาจาก",
}

ACTION_LABELS: dict[str, str] = {
    "insert": "สร้าง",
    "update": "แก้ไข",
    "delete": "ลบ",
    "restore": "กู้คืน",
    "reorder": "เปลี่ยนลำดับ",
    "import": "นำเข้า",
}

# The fields a person fills in when planning a measure (the rest are kept by the store).
ENTRY_FIELDS: tuple[str, ...] = (
    "number", "title", "indicators", "weakness", "method", "owner_text", "units", "period",
    "followup", "budget", "target", "status", "summary", "results", "note",
)


# -- labels and versions ---------------------------------------------------------------------


def measure_label(number: Any, title: Any, width: int = 70) -> str:
    """Returns '3. title' cut to `width` characters (for lists and chart axes)."""
    return shorten(f"{as_text(number)}. {' '.join(as_text(title).split())}", width)


def measure_labels(measures: pd.DataFrame) -> dict[int, str]:
    """Returns {id: '3. title'} for the measures, in their order."""
    return {int(r.id): measure_label(r.number, r.title) for r in measures.itertuples(index=False)}


def versions(measures: pd.DataFrame) -> dict[int, int]:
    """Returns {id: version} of the measures."""
    return {int(r.id): int(r.version) for r in measures.itertuples(index=False)}


def carried_versions(read: Mapping[int, int], before: Mapping[int, int], after: Mapping[int, int]) -> dict[int, int]:
    """Returns the versions open forms were read at, moved on past this person's own change
    (`before` → `after`, e.g. a reorder) when a form was read at the version just before it;
    a form read earlier keeps its version, so someone else's change is still caught."""
    return {mid: after.get(mid, v) if v == before.get(mid) else v for mid, v in read.items()}


# -- choosing the plan year --------------------------------------------------------------------


def plan_years(measure_years: Iterable[Any], chosen_year: int) -> list[int]:
    """Returns the years a plan can be shown for: every year with measures, the chosen year and
    the one after it (the plan that the chosen year's results feed), ascending."""
    return sorted({int(y) for y in measure_years} | {int(chosen_year), int(chosen_year) + 1})


def default_plan_year(measure_years: Iterable[Any], chosen_year: int) -> int:
    """Returns the chosen year + 1 when that year has measures, else the chosen year."""
    following = int(chosen_year) + 1
    return following if following in {int(y) for y in measure_years} else int(chosen_year)


def results_year(plan_year: int) -> int:
    """Returns the year whose results a plan answers: the year before it (results of N feed the
    plan of N+1), as O27 and the executive brief both read it."""
    return int(plan_year) - 1


# -- suggestions for a new measure ---------------------------------------------------------------


def indicator_options(fw: Framework, year: int, extra: Iterable[str] = ()) -> list[str]:
    """Returns the indicator codes a measure of `year` can name: 1–10, the sub-indicators of the
    latest framework year up to `year` that has any (a plan answers the previous year's results),
    and any `extra` codes already on the measure, in numeric order."""
    codes = set(fw.indicator_codes)
    with_subs = sorted(y for y, yf in fw.years.items() if yf.sub_indicators and y <= int(year))
    if with_subs:
        codes.update(s.code for s in fw.years[with_subs[-1]].sub_indicators)
    codes.update(c for c in extra if c)
    return sorted(codes, key=code_key)


def scored_years(ds: Dataset, agency: str, fw: Framework) -> list[int]:
    """Returns the years in which the agency has a score for at least one of indicators 1–10."""
    df = ds["indicator_scores"]
    mask = (df["agency"] == agency) & df["indicator"].isin(fw.indicator_codes) & df["score"].notna()
    return sorted({int(y) for y in df.loc[mask, "year"]})


def weak_source_year(years: Sequence[int], plan_year: int) -> int | None:
    """Returns the latest scored year before the plan year (results of N feed the plan of N+1),
    else the latest scored year, else None."""
    before = [y for y in years if y < int(plan_year)]
    if before:
        return max(before)
    return max(years) if years else None


def weakness_text(code: str, name_th: str, score: float, category: str, headroom: float, year: int) -> str:
    """Returns the weakness sentence of a weak indicator, e.g. 'ตัวชี้วัดที่ 10 ได้ 87.90 (ควรพัฒนา)
    ในปี 2568: การป้องกันการทุจริต ยังเพิ่มคะแนนรวมได้อีก 2.42 คะแนน'."""
    return (
        f"ตัวชี้วัดที่ {code} ได้ {format_number(score, digits='arabic')} ({CATEGORY_TH.get(category, category)}) "
        f"ในปี {year}: {name_th} ยังเพิ่มคะแนนรวมได้อีก {format_number(headroom, digits='arabic')} คะแนน"
    )


WEAK_CHOICE_COLUMNS = ["indicator", "label", "score", "category_th", "headroom", "weakness"]


def weak_choices(ds: Dataset, agency: str, year: int, fw: Framework,
                 thresholds: Thresholds = DEFAULT_THRESHOLDS) -> pd.DataFrame:
    """Returns the measures page's choices for a measure made from a weak indicator: the agency's
    weak indicators of `year` (ita.core.analysis.weak_rows of its ranking, the most points left
    first) with their Thai label and category, headroom and the weakness sentence."""
    weak = weak_rows(agency_indicator_table(ds, agency, int(year), fw, thresholds))
    if weak.empty:
        return pd.DataFrame(columns=WEAK_CHOICE_COLUMNS)
    out = weak.assign(weakness=[
        weakness_text(r.indicator, r.name_th, r.score, r.category, r.headroom, int(year))
        for r in weak.itertuples(index=False)
    ])
    return out[WEAK_CHOICE_COLUMNS]


def prefill_from_weak(weak: pd.DataFrame, code: str) -> dict[str, Any]:
    """Returns the form values suggested by one row of `weak_choices`: indicator, weakness, title."""
    row = weak[weak["indicator"] == code].iloc[0]
    return {
        "indicators": str(code),
        "weakness": str(row["weakness"]),
        "title": f"มาตรการยกระดับ{row['label']}",
    }


# -- entering and editing ----------------------------------------------------------------------


def entry_fields(
    *,
    number: Any,
    title: Any,
    indicators: Sequence[str] = (),
    units: Sequence[str] = (),
    target: float | None = None,
    **text: Any,
) -> dict[str, Any]:
    """Returns the store's fields from a form's values: texts stripped, lists joined with the
    template's separators, a missing target as None. Unknown names raise TypeError."""
    unknown = set(text) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"unknown measure fields: {sorted(unknown)}")
    out: dict[str, Any] = {
        "number": to_arabic_digits(as_text(number)),
        "title": as_text(title),
        "indicators": INDICATOR_SEP.join(sorted({c.strip() for c in indicators if c.strip()}, key=code_key)),
        "units": UNIT_SEP.join(dict.fromkeys(u.strip() for u in units if u.strip())),
        "target": None if target is None or is_blank(target) else float(target),
    }
    out.update({k: as_text(v) for k, v in text.items()})
    return out


def budget_entry(text: Any, no_budget: bool) -> tuple[str, list[tuple[str, str]]]:
    """Returns the budget to save from the form's text and its 'ไม่ใช้งบประมาณ' box, and the
    problems: a budget typed while the box is ticked is refused rather than dropped silently."""
    typed = as_text(text)
    problems = rules.budget_problems(typed, no_budget)
    return (NO_BUDGET if no_budget and not problems else typed), problems


def _same(a: Any, b: Any) -> bool:
    if is_blank(a) or is_blank(b):
        return is_blank(a) and is_blank(b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) < 1e-9
    return str(a).strip() == str(b).strip()


def changed_fields(read: Mapping[str, Any], edited: Mapping[str, Any]) -> dict[str, Any]:
    """Returns the fields of `edited` whose value differs from the row as it was read
    ('' and None count as the same), so a save sends only what the person changed."""
    return {k: v for k, v in edited.items() if not _same(read.get(k), v)}


def _shown(value: Any) -> str:
    return "–" if is_blank(value) else str(value)


def conflict_message(by: str, at: str, theirs: Mapping[str, tuple[Any, Any]],
                     labels: Mapping[str, str] = FIELD_LABELS) -> str:
    """Returns the Thai message of a refused save, with the Thai field names (`labels`: a measure's
    by default) and a Thai date (the store's own message gives the time in ISO form)."""
    fields = ", ".join(labels.get(k, k) for k, (old, new) in theirs.items() if not _same(old, new)) or "–"
    when = thai_datetime(at) if at else "ก่อนหน้านี้"
    return (f"บันทึกไม่ได้: {by or 'ผู้ใช้อื่น'} แก้ไขรายการนี้ไปแล้วเมื่อ {when} (ช่อง: {fields}) "
            "ข้อมูลของคุณยังไม่ถูกบันทึกและยังอยู่ในแบบฟอร์ม")


CONFLICT_COLUMNS = ["field", "before", "theirs", "mine"]


def conflict_table(theirs: Mapping[str, tuple[Any, Any]], mine: Mapping[str, Any]) -> pd.DataFrame:
    """Returns what the other person changed: one row per field (Thai name), their old → new
    value, and what this person entered for that field ('' when they did not change it)."""
    rows = [
        {
            "field": FIELD_LABELS.get(k, k),
            "before": _shown(old),
            "theirs": _shown(new),
            "mine": _shown(mine[k]) if k in mine else "",
        }
        for k, (old, new) in theirs.items()
        if not _same(old, new)
    ]
    return pd.DataFrame(rows, columns=CONFLICT_COLUMNS)


def move(ids: Sequence[int], measure_id: int, step: int) -> list[int]:
    """Returns `ids` with `measure_id` moved `step` places (−1 up, +1 down), kept within the list."""
    order = [int(i) for i in ids]
    at = order.index(int(measure_id))
    to = min(max(at + step, 0), len(order) - 1)
    order.insert(to, order.pop(at))
    return order


PLAN_COLUMNS = ["id", "number", "title", "indicators", "units", "period", "status", "target", "updated",
                "results", "carried"]


def plan_table(measures: pd.DataFrame, origins: pd.DataFrame | None = None) -> pd.DataFrame:
    """Returns the plan as shown: number, title, indicators, units (', '), period, status, target,
    last update (Thai date), the recorded results (summary and results), in plan order, and where a
    carried measure came from (`origins`: Store.carry_origins; '' for a measure not carried)."""
    carried = origin_labels(origins) if origins is not None else {}
    rows = []
    for r in measures.itertuples(index=False):
        done = "\n".join(t for t in (as_text(r.summary), as_text(r.results)) if t)
        rows.append({
            "id": int(r.id),
            "number": as_text(r.number),
            "title": as_text(r.title),
            "indicators": ", ".join(split_indicators(r.indicators)),
            "units": ", ".join(split_units(r.units)),
            "period": as_text(r.period),
            "status": as_text(r.status),
            "target": None if is_blank(r.target) else float(r.target),
            "updated": thai_date(r.updated),
            "results": done,
            "carried": carried.get(int(r.id), ""),
        })
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


def has_results(measures: pd.DataFrame) -> bool:
    """Returns True when any measure has a recorded summary or result."""
    return any(not is_blank(v) for col in ("summary", "results") for v in measures[col])


DETAIL_FIELDS = ("indicators", "weakness", "method", "owner_text", "units", "period", "followup", "budget",
                 "target", "status", "summary", "results", "problems", "suggestions", "updated", "source", "note")


def measure_details(measure: Mapping[str, Any], origin: str = "") -> list[tuple[str, str]]:
    """Returns (Thai field name, text) for each filled field of a measure, in document order; first,
    when it was carried from an earlier plan, `origin` (carried_label) under 'ยกมาจาก'."""
    out = [(FIELD_LABELS["carried_from"], origin)] if origin else []
    for key in DETAIL_FIELDS:
        value = measure.get(key)
        if is_blank(value):
            continue
        if key == "updated":
            text = thai_date(value)
        elif key == "target":
            text = format_number(float(value), digits="arabic")
        elif key == "units":
            text = ", ".join(split_units(value))
        else:
            text = str(value)
        out.append((FIELD_LABELS[key], text))
    return out


# -- carrying unfinished measures into the next plan ----------------------------------------------

ORIGINAL_DELETED = "มาตรการเดิมถูกลบแล้ว"


def carried_label(year: Any, number: Any, deleted: Any = False) -> str:
    """Returns the link of a carried measure as shown: 'ยกมาจากปี 2569 มาตรการที่ 2', saying so when the
    original was deleted since ('… (มาตรการเดิมถูกลบแล้ว)')."""
    label = f"ยกมาจากปี {int(year)} มาตรการที่ {as_text(number)}"
    return f"{label} ({ORIGINAL_DELETED})" if not is_blank(deleted) and int(deleted) else label


def origin_labels(origins: pd.DataFrame) -> dict[int, str]:
    """Returns {id of a carried measure: its carried_label} from Store.carry_origins."""
    return {int(r.id): carried_label(r.from_year, r.from_number, r.from_deleted)
            for r in origins.itertuples(index=False)}


CANDIDATE_COLUMNS = ["id", "number", "title", "status", "label"]


def carry_candidates(measures: pd.DataFrame, next_plan: pd.DataFrame) -> pd.DataFrame:
    """Returns the measures of a plan (Store.measures of year Y, in plan order) that can be carried into
    `next_plan` (Store.measures of the later year): those not done whose id no measure of `next_plan` was
    carried from; each with a label '2. title · เริ่มแล้ว' for the choice."""
    carried = ({int(v) for v in next_plan["carried_from"] if not is_blank(v)}
               if "carried_from" in next_plan.columns else set())
    rows = [
        {"id": int(r.id), "number": as_text(r.number), "title": as_text(r.title), "status": as_text(r.status),
         "label": f"{measure_label(r.number, r.title)} · {as_text(r.status)}"}
        for r in measures.itertuples(index=False)
        if as_text(r.status) != DONE and int(r.id) not in carried
    ]
    return pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)


def carried_message(count: int, to_year: int) -> str:
    """Returns the message after a carry: 'ยก 3 มาตรการไปแผนปี 2570 แล้ว'."""
    return f"ยก {count} มาตรการไปแผนปี {int(to_year)} แล้ว"


# -- history -----------------------------------------------------------------------------------


def _json(value: Any) -> dict[str, Any] | None:
    return json.loads(value) if isinstance(value, str) and value else None


def describe_change(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> str:
    """Returns what one history entry changed, in Thai: 'สถานะ: ยังไม่เริ่ม → เริ่มแล้ว; …'."""
    if before is None:
        return "สร้างรายการ"
    if after is None:
        return "ลบรายการ"
    parts = []
    for key, new in after.items():
        if key in {"version", "id"} or _same(before.get(key), new):
            continue
        if key == "deleted":
            parts.append("ลบรายการ" if new else "กู้คืนรายการที่ลบ")
            continue
        old_text, new_text = _shown(before.get(key)), _shown(new)
        old_text, new_text = shorten(old_text, 40), shorten(new_text, 40)
        parts.append(f"{FIELD_LABELS.get(key, key)}: {old_text} → {new_text}")
    return "; ".join(parts) or "ไม่มีการเปลี่ยนแปลงข้อมูล"


HISTORY_COLUMNS = ["id", "at", "author", "action", "version", "changes"]


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """Returns a measure's history as shown (newest first): when (Thai), who, what was done,
    the version it produced and what changed, with Thai field names."""
    rows = []
    for r in history.itertuples(index=False):
        before, after = _json(r.before), _json(r.after)
        rows.append({
            "id": int(r.id),
            "at": thai_datetime(r.at),
            "author": as_text(r.author),
            "action": ACTION_LABELS.get(r.action, r.action),
            "version": int(after["version"]) if after and "version" in after else None,
            "changes": describe_change(before, after),
        })
    return pd.DataFrame(rows, columns=HISTORY_COLUMNS)


RESTORABLE_COLUMNS = ["id", "version", "label"]


def restorable_versions(history: pd.DataFrame, current_version: int) -> pd.DataFrame:
    """Returns the earlier versions of a measure that can be restored (not the current one, not
    a deleted state), newest first, each with a label 'ฉบับที่ 2 · 25 ต.ค. 2568 10:00 · สมชาย (แก้ไข)'."""
    rows = []
    seen: set[int] = set()
    for r in history.itertuples(index=False):
        after = _json(r.after)
        if after is None or after.get("deleted") or "version" not in after:
            continue
        version = int(after["version"])
        if version == int(current_version) or version in seen:
            continue
        seen.add(version)
        label = (f"ฉบับที่ {version} · {thai_datetime(r.at)} · {as_text(r.author)} "
                 f"({ACTION_LABELS.get(r.action, r.action)})")
        rows.append({"id": int(r.id), "version": version, "label": label})
    return pd.DataFrame(rows, columns=RESTORABLE_COLUMNS)


DELETED_COLUMNS = ["id", "number", "title", "at", "author", "label"]


def deleted_measures(history: pd.DataFrame, agency: str, year: int) -> pd.DataFrame:
    """Returns the agency's measures of `year` whose latest history entry deleted them (so they
    can be brought back), newest deletion first. `history` is Store.history('measures')."""
    rows = []
    seen: set[int] = set()
    for r in history.sort_values("id", ascending=False).itertuples(index=False):
        if int(r.row_id) in seen:
            continue
        seen.add(int(r.row_id))
        after = _json(r.after)
        if not after or not after.get("deleted"):
            continue
        if after.get("agency") != agency or int(after.get("year") or 0) != int(year):
            continue
        rows.append({
            "id": int(r.row_id),
            "number": as_text(after.get("number")),
            "title": as_text(after.get("title")),
            "at": thai_datetime(r.at),
            "author": as_text(r.author),
            "label": (f"{measure_label(after.get('number'), after.get('title'))} "
                      f"(ลบเมื่อ {thai_datetime(r.at)})"),
        })
    return pd.DataFrame(rows, columns=DELETED_COLUMNS)
