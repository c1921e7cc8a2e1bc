"""The follow-up of a plan of measures (the content of O28), as plain data.

What the progress page shows is computed here, from the frames the store returns
(`Store.measures()`, `Store.progress()`, `Dataset["progress"]`): the implementation rate, the counts
by status, by unit and by quarter, the measures' periods for the timeline, each measure's last update
and the measures nobody has updated, the progress entries as logged and as their edit form reads
them, and what the forms of the report's problems and suggestions read. Pure functions: the inputs
are never changed, and `today` is always a parameter so results do not depend on the clock. Measures
themselves (numbers, labels, the form's fields) are ita.services.plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from ita.core.schema import MEASURE_STATUSES, REPORT_TEXTS, TABLES_BY_KEY
from ita.core.text import as_text, is_blank, iso_date, shorten, split_units, thai_date
from ita.core.thai import THAI_MONTHS_ABBR, ThaiParseError, fiscal_year_bounds, parse_period, quarter_bounds
from ita.services.plan import DONE, ORIGINAL_DELETED, changed_fields, measure_label

NO_UNIT = "ไม่ระบุส่วนงาน"
DEFAULT_STALE_DAYS = 90


# -- rates and counts ------------------------------------------------------------------------------


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


# -- time ------------------------------------------------------------------------------------------


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
    days = [d for d in (iso_date(v) for v in progress["date"]) if d is not None]
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
    return sum(1 for v in progress["date"] if (d := iso_date(v)) is None or not first <= d <= last)


LAST_UPDATE_COLUMNS = ["id", "number", "title", "status", "units", "last_update", "days"]


def last_updates(measures: pd.DataFrame, progress: pd.DataFrame, today: date) -> pd.DataFrame:
    """Returns each measure's last update (the latest of its `updated` date and its progress
    entries' dates, matched on the measure's number) and the days from it to `today`
    (None when the measure was never updated)."""
    latest: dict[str, date] = {}
    for p in progress.itertuples(index=False):
        d = iso_date(p.date)
        key = as_text(p.number)
        if d is not None and (key not in latest or d > latest[key]):
            latest[key] = d
    rows = []
    for r in measures.itertuples(index=False):
        dates = [d for d in (iso_date(r.updated), latest.get(as_text(r.number))) if d is not None]
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


@dataclass(frozen=True)
class OriginalLog:
    """The progress log of one measure a carried measure came from: its heading and its entries as shown."""

    heading: str
    log: pd.DataFrame  # progress_log's columns


def original_logs(chain: pd.DataFrame, entries: pd.DataFrame) -> list[OriginalLog]:
    """Returns, for each measure a carried measure came from (`chain`: Store.carried_chain, nearest first),
    its log read from `entries` (Store.carried_progress) under 'ความก้าวหน้าจากมาตรการเดิม ปี 2569
    มาตรการที่ 2' (saying so when that measure was deleted since); an original without entries gets an
    empty log."""
    out = []
    for m in chain.itertuples(index=False):
        heading = f"ความก้าวหน้าจากมาตรการเดิม ปี {int(m.year)} มาตรการที่ {as_text(m.number)}"
        if not is_blank(m.deleted) and int(m.deleted):
            heading += f" ({ORIGINAL_DELETED})"
        own = entries[entries["measure_id"].astype("Int64") == int(m.id)] if len(entries) else entries
        out.append(OriginalLog(heading, progress_log(own)))
    return out


# Thai names of a progress entry's fields, for the message of a refused edit.
PROGRESS_FIELD_LABELS: dict[str, str] = {c.key: c.header for c in TABLES_BY_KEY["progress"].columns}


def progress_label(row: Mapping[str, Any], width: int = 60) -> str:
    """Returns '5 ม.ค. 2569 · text' of one progress entry, the text cut to `width` characters."""
    text = shorten(" ".join(as_text(row.get("text")).split()), width)
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
    return {"id": int(r["id"]), "version": int(r["version"]), "date": as_text(r["date"]), "day": iso_date(r["date"]),
            "text": as_text(r["text"]), "evidence": as_text(r["evidence"]), "author": as_text(r["author"]),
            "label": progress_label(r)}


def progress_changes(read: Mapping[str, Any], day: date | None, text: str, evidence: str) -> dict[str, str]:
    """Returns what the edit form changed in an entry read by `progress_entry` (ISO date, text,
    link; a cleared date is ''), as Store.update_progress takes it; {} when nothing changed."""
    edited = {"date": day.isoformat() if day else "", "text": text, "evidence": evidence}
    return {k: as_text(v) for k, v in changed_fields({k: read.get(k) for k in edited}, edited).items()}


# -- the O28 report's problems and suggestions (a measure's and the year's) ----------------------------

# Thai names of the two texts, for the forms and the message of a refused save.
REPORT_FIELD_LABELS: dict[str, str] = {c.key: c.header for c in REPORT_TEXTS}


def report_read(row: Mapping[str, Any]) -> dict[str, Any]:
    """Returns what a report form reads of a measure (Store.measure) or of a year's report
    (Store.year_report): its problems and suggestions ('' when none) and its version."""
    return {**{k: as_text(row.get(k)) for k in REPORT_FIELD_LABELS}, "version": int(row["version"])}


def report_texts_unchanged(read: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
    """Returns True when the row (now) holds the texts its report form read: a newer version then
    changed other fields only (a measure's status or plan), which the form's two texts do not clash with."""
    return all(as_text(read.get(k)) == as_text(row.get(k)) for k in REPORT_FIELD_LABELS)


ALL_LOG_COLUMNS = ["number", "title", "date", "text", "evidence", "author"]
ORPHAN_TITLE = "(ไม่พบมาตรการลำดับนี้ในแผน: อาจถูกลบหรือเปลี่ยนลำดับ)"


def plan_log(measures: pd.DataFrame, progress: pd.DataFrame) -> pd.DataFrame:
    """Returns every progress entry of the plan, newest first, with its measure's number and
    title; an entry whose number matches no live measure is kept and says so."""
    titles = {as_text(r.number): as_text(r.title) for r in measures.itertuples(index=False)}
    rows = [
        {"number": as_text(p.number), "title": titles.get(as_text(p.number), ORPHAN_TITLE),
         "_date": iso_date(p.date) or date.min, "date": thai_date(p.date), "text": as_text(p.text),
         "evidence": as_text(p.evidence) or None, "author": as_text(p.author)}
        for p in progress.itertuples(index=False)
    ]
    rows.sort(key=lambda row: row["_date"], reverse=True)
    shown = [{k: v for k, v in row.items() if k != "_date"} for row in rows]
    return pd.DataFrame(shown, columns=ALL_LOG_COLUMNS)
