"""The plan of measures (the content of O27) and its follow-up (the content of O28), as plain data.

Everything the measures and progress pages show is computed here, from the frames the store
returns (`Store.measures()`, `Store.progress()`, `Store.history()`, `Dataset["progress"]`):
the plan table, suggestions for new measures (next number, weak indicators; earlier measures and
the report's measures are ita.services.catalogue's entries), what changed in a conflict or in the history,
the implementation rate, the counts by unit and by quarter, the timeline and the measures nobody
has updated. Pure functions: the inputs are never changed, and `today` is always a parameter so
results do not depend on the clock.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from ita.core import rules
from ita.core.analysis import CATEGORY_TH, DEFAULT_THRESHOLDS, Thresholds, weak_points
from ita.core.framework import Framework
from ita.core.markdown import plain_line
from ita.core.model import Dataset
from ita.core.schema import INDICATOR_SEP, MEASURE_STATUSES, TABLES_BY_KEY, UNIT_SEP
from ita.core.thai import (
    THAI_MONTHS_ABBR,
    ThaiParseError,
    fiscal_year_bounds,
    format_number,
    format_period,
    format_thai_date,
    parse_period,
    quarter_bounds,
    to_arabic_digits,
)

NOT_STARTED = MEASURE_STATUSES[0]
DONE = MEASURE_STATUSES[-1]
NO_BUDGET = rules.NO_BUDGET
NO_UNIT = "ไม่ระบุส่วนงาน"
DEFAULT_STALE_DAYS = 90

# Thai names of the measure fields, for conflict and history tables; the template's headers first.
FIELD_LABELS: dict[str, str] = {
    **{c.key: c.header for c in TABLES_BY_KEY["measures"].columns},
    "position": "ลำดับในแผน",
    "deleted": "ถูกลบ",
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


# -- small conversions -----------------------------------------------------------------------


def is_blank(value: Any) -> bool:
    """Returns True for None, NaN, pd.NA and text that is empty or only spaces."""
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def as_text(value: Any) -> str:
    """Returns the value as stripped text ('' for None and NaN)."""
    return "" if is_blank(value) else str(value).strip()


def _iso_date(value: Any) -> date | None:
    """Returns the date of an ISO 'YYYY-MM-DD' text (or a date), None when blank or unreadable."""
    if isinstance(value, date):
        return date(value.year, value.month, value.day)
    text = as_text(value)
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def thai_date(value: Any) -> str:
    """Returns an ISO date as '25 ต.ค. 2568' (B.E., Arabic digits); unreadable text unchanged."""
    d = _iso_date(value)
    if d is None:
        return as_text(value)
    return format_thai_date(d, digits="arabic", style="abbr")


def thai_datetime(value: Any) -> str:
    """Returns an ISO timestamp as '25 ต.ค. 2568 14:05'; unreadable text unchanged."""
    text = as_text(value)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    return f"{thai_date(moment.date())} {moment:%H:%M}"


def split_units(text: Any) -> list[str]:
    """Returns the units of a ';'-separated cell, stripped, without blanks."""
    return [u.strip() for u in as_text(text).split(UNIT_SEP) if u.strip()]


def split_indicators(text: Any) -> list[str]:
    """Returns the indicator codes of a ','-separated cell, stripped, without blanks."""
    return [c.strip() for c in as_text(text).split(INDICATOR_SEP) if c.strip()]


def _code_key(code: str) -> tuple[tuple[int, int, str], ...]:
    # Numeric parts sort as numbers (9.4 before 10), anything else after them as text.
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in code.split("."))


def plain_label(text: Any) -> str:
    """Returns text safe for a Streamlit label (expander titles read Markdown): marks escaped."""
    return plain_line(as_text(text))


def measure_label(number: Any, title: Any, width: int = 70) -> str:
    """Returns '3. title' cut to `width` characters (for lists and chart axes)."""
    text = f"{as_text(number)}. {' '.join(as_text(title).split())}"
    return text if len(text) <= width else text[: width - 1] + "…"


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


def next_number(numbers: Iterable[Any]) -> str:
    """Returns one more than the largest whole number among `numbers` (Thai digits read too),
    '1' when there is none. Gaps are not filled: after 1,2,3,4,6,7 comes 8."""
    whole = [int(t) for t in (to_arabic_digits(as_text(n)) for n in numbers) if t.isdigit()]
    return str(max(whole, default=0) + 1)


def indicator_options(fw: Framework, year: int, extra: Iterable[str] = ()) -> list[str]:
    """Returns the indicator codes a measure of `year` can name: 1–10, the sub-indicators of the
    latest framework year up to `year` that has any (a plan answers the previous year's results),
    and any `extra` codes already on the measure, in numeric order."""
    codes = set(fw.indicator_codes)
    with_subs = sorted(y for y, yf in fw.years.items() if yf.sub_indicators and y <= int(year))
    if with_subs:
        codes.update(s.code for s in fw.years[with_subs[-1]].sub_indicators)
    codes.update(c for c in extra if c)
    return sorted(codes, key=_code_key)


def default_period(fy: int) -> str:
    """Returns the whole fiscal year as documents write it: 'ต.ค.๖๘ ถึง ก.ย.๖๙' for 2569."""
    return format_period(*fiscal_year_bounds(int(fy)))


def shift_period(text: Any, from_year: int, to_year: int) -> str:
    """Returns the period of a `from_year` measure moved to `to_year` (same months, years shifted);
    the whole of `to_year` when the text cannot be read."""
    try:
        period = parse_period(as_text(text), fiscal_year=int(from_year))
    except ThaiParseError:
        return default_period(to_year)
    shift = int(to_year) - int(from_year)
    start = date(period.start.year + shift, period.start.month, 1)
    end = date(period.end.year + shift, period.end.month, 1)
    return format_period(start, end)


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


WEAK_COLUMNS = ["indicator", "label", "score", "category_th", "headroom", "weakness"]


def weak_table(ds: Dataset, agency: str, year: int, fw: Framework,
               thresholds: Thresholds = DEFAULT_THRESHOLDS) -> pd.DataFrame:
    """Returns the agency's weak indicators of `year` (the non-strong rows of
    ita.core.analysis.weak_points, largest headroom first) with a Thai label, category and the
    weakness sentence."""
    table = weak_points(ds, agency, int(year), fw, thresholds)
    weak = table[table["category"] != "strong"] if not table.empty else table
    if weak.empty:
        return pd.DataFrame(columns=WEAK_COLUMNS)
    out = pd.DataFrame({
        "indicator": weak["indicator"],
        "label": [fw.indicator_label(c) for c in weak["indicator"]],
        "score": weak["score"],
        "category_th": [CATEGORY_TH[c] for c in weak["category"]],
        "headroom": weak["headroom"],
        "weakness": [
            weakness_text(r.indicator, r.name_th, r.score, r.category, r.headroom, int(year))
            for r in weak.itertuples(index=False)
        ],
    })
    return out.reset_index(drop=True)


def prefill_from_weak(weak: pd.DataFrame, code: str) -> dict[str, Any]:
    """Returns the form values suggested by one row of `weak_table`: indicator, weakness, title."""
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
        "indicators": INDICATOR_SEP.join(sorted({c.strip() for c in indicators if c.strip()}, key=_code_key)),
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
                "results"]


def plan_table(measures: pd.DataFrame) -> pd.DataFrame:
    """Returns the plan as shown: number, title, indicators, units (', '), period, status, target,
    last update (Thai date) and the recorded results (summary and results), in plan order."""
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
        })
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


def has_results(measures: pd.DataFrame) -> bool:
    """Returns True when any measure has a recorded summary or result."""
    return any(not is_blank(v) for col in ("summary", "results") for v in measures[col])


DETAIL_FIELDS = ("indicators", "weakness", "method", "owner_text", "units", "period", "followup", "budget",
                 "target", "status", "summary", "results", "updated", "source", "note")


def measure_details(measure: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Returns (Thai field name, text) for each filled field of a measure, in document order."""
    out = []
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
        cut = 40
        old_text = old_text if len(old_text) <= cut else old_text[: cut - 1] + "…"
        new_text = new_text if len(new_text) <= cut else new_text[: cut - 1] + "…"
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


# -- progress: rates and counts ------------------------------------------------------------------


def plan_progress(progress: pd.DataFrame, agency: str, year: int) -> pd.DataFrame:
    """Returns the progress entries of the agency's plan of `year` (Dataset['progress'] rows)."""
    rows = progress[(progress["agency"] == agency) & (progress["year"].astype("Int64") == int(year))]
    return rows.reset_index(drop=True)


def implementation_rate(measures: pd.DataFrame) -> float | None:
    """Returns the percentage of measures whose status is 'แล้วเสร็จ' (None when there are none)."""
    if measures.empty:
        return None
    return 100.0 * int((measures["status"] == DONE).sum()) / len(measures)


def done_count(measures: pd.DataFrame) -> int:
    """Returns how many measures are 'แล้วเสร็จ'."""
    return int((measures["status"] == DONE).sum())


STATUS_COUNT_COLUMNS = ["status", "count", "share"]


def status_counts(measures: pd.DataFrame) -> pd.DataFrame:
    """Returns every status of the five-step scale, in order, with its count and share (%);
    a status outside the scale is listed after them rather than dropped."""
    statuses = [as_text(s) for s in measures["status"]]
    order = list(MEASURE_STATUSES) + sorted({s for s in statuses if s not in MEASURE_STATUSES})
    n = len(statuses)
    return pd.DataFrame(
        [{"status": s, "count": statuses.count(s), "share": 100.0 * statuses.count(s) / n if n else 0.0}
         for s in order],
        columns=STATUS_COUNT_COLUMNS,
    )


UNIT_COLUMNS = ["unit", "measures", "done", "rate"]


def by_unit(measures: pd.DataFrame, unit_order: Sequence[str] = ()) -> pd.DataFrame:
    """Returns, per responsible unit, its measures, how many are done and the rate (%). A measure
    with several units counts once for each; one with none counts for 'ไม่ระบุส่วนงาน'. Units come
    in `unit_order` (the agency's list), then any others in first-seen order."""
    counts: dict[str, list[int]] = {}
    for r in measures.itertuples(index=False):
        for unit in split_units(r.units) or [NO_UNIT]:
            total_done = counts.setdefault(unit, [0, 0])
            total_done[0] += 1
            total_done[1] += int(r.status == DONE)
    order = [u for u in unit_order if u in counts] + [u for u in counts if u not in unit_order]
    return pd.DataFrame(
        [{"unit": u, "measures": counts[u][0], "done": counts[u][1],
          "rate": 100.0 * counts[u][1] / counts[u][0]} for u in order],
        columns=UNIT_COLUMNS,
    )


# -- progress: time --------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanPeriods:
    """The measures' periods: `parsed` (id, number, label, status, period, start, end) and
    `unparsed` (id, number, title, period, problem) for the texts that cannot be read."""

    parsed: pd.DataFrame
    unparsed: pd.DataFrame


PERIOD_COLUMNS = ["id", "number", "label", "status", "period", "start", "end"]
UNPARSED_COLUMNS = ["id", "number", "title", "period", "problem"]


def measure_periods(measures: pd.DataFrame) -> PlanPeriods:
    """Returns each measure's period read with ita.core.thai.parse_period (in its own fiscal year);
    a blank or unreadable period goes to `unparsed` with the reason, never silently dropped."""
    parsed, unparsed = [], []
    for r in measures.itertuples(index=False):
        text = as_text(r.period)
        if not text:
            unparsed.append({"id": int(r.id), "number": as_text(r.number), "title": as_text(r.title),
                             "period": "", "problem": "ไม่ได้ระบุระยะเวลาดำเนินการ"})
            continue
        try:
            p = parse_period(text, fiscal_year=int(r.year))
        except ThaiParseError as exc:
            unparsed.append({"id": int(r.id), "number": as_text(r.number), "title": as_text(r.title),
                             "period": text, "problem": exc.message_th})
            continue
        parsed.append({"id": int(r.id), "number": as_text(r.number),
                       "label": measure_label(r.number, r.title, 45), "status": as_text(r.status),
                       "period": text, "start": p.start, "end": p.end})
    return PlanPeriods(pd.DataFrame(parsed, columns=PERIOD_COLUMNS),
                       pd.DataFrame(unparsed, columns=UNPARSED_COLUMNS))


def quarter_label(fy: int, quarter: int) -> str:
    """Returns 'ไตรมาส 1 (ต.ค.–ธ.ค. 2568)' for quarter 1 of FY2569 (B.E. calendar year shown)."""
    start, end = quarter_bounds(int(fy), int(quarter))
    return (f"ไตรมาส {quarter} ({THAI_MONTHS_ABBR[start.month - 1]}–{THAI_MONTHS_ABBR[end.month - 1]} "
            f"{start.year + 543})")


QUARTER_COLUMNS = ["quarter", "label", "start", "end", "active", "entries"]


def by_quarter(periods: pd.DataFrame, progress: pd.DataFrame, fy: int) -> pd.DataFrame:
    """Returns the four quarters of fiscal year `fy` (Q1 = ต.ค.–ธ.ค. … Q4 = ก.ค.–ก.ย.), each with the
    number of measures whose period overlaps it (`periods` is PlanPeriods.parsed; a period that
    crosses quarters counts in each) and the progress entries dated in it."""
    days = [d for d in (_iso_date(v) for v in progress["date"]) if d is not None]
    rows = []
    for q in (1, 2, 3, 4):
        start, end = quarter_bounds(int(fy), q)
        active = sum(1 for p in periods.itertuples(index=False) if p.start <= end and p.end >= start)
        entries = sum(1 for d in days if start <= d <= end)
        rows.append({"quarter": q, "label": quarter_label(fy, q), "start": start, "end": end,
                     "active": active, "entries": entries})
    return pd.DataFrame(rows, columns=QUARTER_COLUMNS)


def entries_outside_year(progress: pd.DataFrame, fy: int) -> int:
    """Returns how many progress entries are dated outside fiscal year `fy` (or not readable)."""
    first, last = fiscal_year_bounds(int(fy))
    return sum(1 for v in progress["date"] if (d := _iso_date(v)) is None or not first <= d <= last)


LAST_UPDATE_COLUMNS = ["id", "number", "title", "status", "units", "last_update", "days"]


def last_updates(measures: pd.DataFrame, progress: pd.DataFrame, today: date) -> pd.DataFrame:
    """Returns each measure's last update (the latest of its `updated` date and its progress
    entries' dates, matched on the measure's number) and the days from it to `today`
    (None when the measure was never updated)."""
    latest: dict[str, date] = {}
    for p in progress.itertuples(index=False):
        d = _iso_date(p.date)
        key = as_text(p.number)
        if d is not None and (key not in latest or d > latest[key]):
            latest[key] = d
    rows = []
    for r in measures.itertuples(index=False):
        dates = [d for d in (_iso_date(r.updated), latest.get(as_text(r.number))) if d is not None]
        last = max(dates) if dates else None
        rows.append({"id": int(r.id), "number": as_text(r.number), "title": as_text(r.title),
                     "status": as_text(r.status), "units": ", ".join(split_units(r.units)),
                     "last_update": last, "days": (today - last).days if last else None})
    out = pd.DataFrame(rows, columns=LAST_UPDATE_COLUMNS)
    out["days"] = out["days"].astype("Int64")
    return out


def stale_measures(measures: pd.DataFrame, progress: pd.DataFrame, today: date,
                   days: int = DEFAULT_STALE_DAYS) -> pd.DataFrame:
    """Returns the measures not 'แล้วเสร็จ' whose last update is `days` or more days before
    `today`, or that were never updated; never-updated first, then the longest silence first."""
    if days < 0:
        raise ValueError("days must not be negative")
    table = last_updates(measures, progress, today)
    keep = [status != DONE and (is_blank(d) or d >= days) for status, d in zip(table["status"], table["days"],
                                                                                strict=True)]
    stale = table[keep]
    never = stale[stale["days"].isna()]
    silent = stale[stale["days"].notna()].sort_values("days", ascending=False, kind="stable")
    return pd.concat([never, silent]).reset_index(drop=True) if len(never) else silent.reset_index(drop=True)


LOG_COLUMNS = ["date", "text", "evidence", "author"]


def progress_log(log: pd.DataFrame) -> pd.DataFrame:
    """Returns a measure's progress log as shown (Store.progress order, newest first): Thai date,
    text, evidence link (None when there is none, so a link column stays empty), author."""
    return pd.DataFrame(
        [{"date": thai_date(r.date), "text": as_text(r.text), "evidence": as_text(r.evidence) or None,
          "author": as_text(r.author)} for r in log.itertuples(index=False)],
        columns=LOG_COLUMNS,
    )


# Thai names of a progress entry's fields, for the message of a refused edit.
PROGRESS_FIELD_LABELS: dict[str, str] = {c.key: c.header for c in TABLES_BY_KEY["progress"].columns}


def progress_label(row: Mapping[str, Any], width: int = 60) -> str:
    """Returns '5 ม.ค. 2569 · text' of one progress entry, the text cut to `width` characters."""
    text = " ".join(as_text(row.get("text")).split())
    text = text if len(text) <= width else text[: width - 1] + "…"
    return f"{thai_date(row.get('date'))} · {text}"


def progress_choices(log: pd.DataFrame) -> dict[int, str]:
    """Returns {id: '5 ม.ค. 2569 · text · author'} of a measure's entries (Store.progress), in its
    order, to pick one to edit or delete."""
    return {
        int(r["id"]): progress_label(r) + (f" · {as_text(r['author'])}" if as_text(r.get("author")) else "")
        for r in log.to_dict("records")
    }


def progress_entry(log: pd.DataFrame, progress_id: int) -> dict[str, Any]:
    """Returns one entry of Store.progress as its edit form reads it: id, version, date (ISO text),
    day (a date, None when the stored date is unreadable), text, evidence ('' when none), author
    and label. Raises KeyError for an id that is not in the log."""
    rows = [r for r in log.to_dict("records") if int(r["id"]) == int(progress_id)]
    if not rows:
        raise KeyError(progress_id)
    r = rows[0]
    return {"id": int(r["id"]), "version": int(r["version"]), "date": as_text(r["date"]), "day": _iso_date(r["date"]),
            "text": as_text(r["text"]), "evidence": as_text(r["evidence"]), "author": as_text(r["author"]),
            "label": progress_label(r)}


def progress_changes(read: Mapping[str, Any], day: date | None, text: str, evidence: str) -> dict[str, str]:
    """Returns what the edit form changed in an entry read by `progress_entry` (ISO date, text,
    link; a cleared date is ''), as Store.update_progress takes it; {} when nothing changed."""
    edited = {"date": day.isoformat() if day else "", "text": text, "evidence": evidence}
    return {k: as_text(v) for k, v in changed_fields({k: read.get(k) for k in edited}, edited).items()}


ALL_LOG_COLUMNS = ["number", "title", "date", "text", "evidence", "author"]
ORPHAN_TITLE = "(ไม่พบมาตรการลำดับนี้ในแผน: อาจถูกลบหรือเปลี่ยนลำดับ)"


def plan_log(measures: pd.DataFrame, progress: pd.DataFrame) -> pd.DataFrame:
    """Returns every progress entry of the plan, newest first, with its measure's number and
    title; an entry whose number matches no live measure is kept and says so."""
    titles = {as_text(r.number): as_text(r.title) for r in measures.itertuples(index=False)}
    rows = [
        {"number": as_text(p.number), "title": titles.get(as_text(p.number), ORPHAN_TITLE),
         "_date": _iso_date(p.date) or date.min, "date": thai_date(p.date), "text": as_text(p.text),
         "evidence": as_text(p.evidence) or None, "author": as_text(p.author)}
        for p in progress.itertuples(index=False)
    ]
    rows.sort(key=lambda row: row["_date"], reverse=True)
    shown = [{k: v for k, v in row.items() if k != "_date"} for row in rows]
    return pd.DataFrame(shown, columns=ALL_LOG_COLUMNS)
