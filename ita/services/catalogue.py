"""Candidate measures for a weak indicator, and the fields of a measure made from one.

The catalogue is data (`ita/resources/measure_catalogue.json`, built from the reviewed records of
อบต.ป่าตึง's report by data/build/build_catalogue.py): its FY2568 measures, its FY2569 measures and
its improvement approaches per indicator, each with its place in the report and the indicators it
serves (link "C" when the report names them, "U" when the program inferred them). An agency's own
earlier measures are entries too (`own_entries`, the one list of earlier measures); they carry the
agency's fictional mark. The weak-points page offers the candidates of one indicator and adds them
(`candidates`, `measure_fields`); the measures page lists every entry and prefills its add form
(`listing`, `form_values`). Pure functions: nothing here writes; the pages call the store.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from ita.core.framework import RESOURCES, Framework
from ita.core.review import fmt, measure_changes, scores_by_year
from ita.core.schema import INDICATOR_SEP, UNIT_SEP
from ita.core.text import as_text, is_blank, shorten, split_indicators, split_units
from ita.services import plan

DEFAULT_CATALOGUE = RESOURCES / "measure_catalogue.json"

ORIGIN_TH: dict[str, str] = {
    "measure2568": "มาตรการปี 2568 ของ อบต.ป่าตึง",
    "measure2569": "มาตรการปี 2569 ของ อบต.ป่าตึง",
    "approach": "แนวทางยกระดับรายตัวชี้วัดของ อบต.ป่าตึง",
    "own": "มาตรการเดิมของหน่วยงานนี้",
}
LINK_TH: dict[str, str] = {
    "C": "เอกสารระบุตัวชี้วัดเอง",
    "U": "โปรแกรมเชื่อมโยงจากเนื้อหา (ยังไม่ยืนยัน)",
}


@dataclass(frozen=True)
class Entry:
    """One candidate measure with the indicators it serves and where it comes from."""

    key: str
    origin: str
    year: int
    number: str
    title: str
    weakness: str
    method: str
    owner_text: str
    units: tuple[str, ...]
    indicators: tuple[str, ...]
    link: str
    link_note: str
    source: str
    fictional: bool = False
    # Only the agency's own measures have these; the report's records give none of them.
    period: str = ""
    followup: str = ""
    budget: str = ""
    target: float | None = None
    # Only the agency's own measures: the mean change of their indicators from the year before theirs to their
    # year (ita.core.review), None when the scores do not tell; and that said in Thai.
    outcome: float | None = None
    outcome_th: str = ""

    @property
    def tier(self) -> int:
        """Returns 0 for an earlier measure whose indicators rose in its year, 2 for one whose did not, 1 for the
        rest (the report's measures, or own ones the scores cannot tell): the catalogue lists them in that order."""
        if self.outcome is None:
            return 1
        return 0 if self.outcome > 0 else 2


def _entry(raw: Mapping[str, Any]) -> Entry:
    return Entry(
        key=str(raw["key"]), origin=str(raw["origin"]), year=int(raw["year"]), number=str(raw.get("number", "")),
        title=str(raw["title"]), weakness=str(raw.get("weakness", "")), method=str(raw.get("method", "")),
        owner_text=str(raw.get("owner_text", "")), units=tuple(raw.get("units", ())),
        indicators=tuple(str(c) for c in raw.get("indicators", ())), link=str(raw.get("link", "U")),
        link_note=str(raw.get("link_note", "")), source=str(raw.get("source", "")),
    )


@lru_cache(maxsize=4)
def _load(path: str) -> tuple[Entry, ...]:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    return tuple(_entry(e) for e in raw["entries"])


def load_catalogue(path: str | Path | None = None) -> tuple[Entry, ...]:
    """Returns the catalogue's entries (the bundled file unless `path` is given)."""
    return _load(str(Path(path or DEFAULT_CATALOGUE).resolve()))


def serves(codes: Iterable[str], indicator: str) -> bool:
    """Returns True when one of `codes` is the indicator or one of its sub-indicators
    (a measure for 9.4 serves indicator 9)."""
    return any(c == indicator or c.split(".")[0] == indicator for c in codes)


def outcome_of(linked: Sequence[str], year: int, by_year: Mapping[int, Mapping[str, float | None]],
               fw: Framework) -> tuple[float | None, str]:
    """Returns the mean change of the indicators a measure of plan year `year` targeted, from `year` − 1 to
    `year` (ita.core.review's rules), and the Thai sentence saying it — a comparison, not proof of cause."""
    changes = measure_changes(linked, year, by_year, fw)
    known = [c for c in changes if c.change is not None]
    if not linked:
        return None, "ไม่ได้ระบุตัวชี้วัด จึงบอกไม่ได้ว่าตัวชี้วัดเพิ่มขึ้นหรือไม่"
    if not known:
        return None, f"ยังไม่มีคะแนนรายตัวชี้วัดปี {int(year) - 1} และ {year} ให้เทียบ"
    mean = sum(c.change for c in known) / len(known)  # type: ignore[misc]
    parts = ", ".join(f"ตัวชี้วัดที่ {c.code} {fmt(c.change, True)}" for c in known)
    verdict = "เพิ่มขึ้น" if mean > 0 else "ไม่เพิ่มขึ้น"
    return round(mean, 2), (f"ปีที่ทำมาตรการนี้ ({int(year) - 1}→{year}) ตัวชี้วัดที่มุ่ง{verdict}: {parts} "
                            "(เป็นการเปรียบเทียบ ไม่ใช่หลักฐานว่าเป็นผลของมาตรการ)")


def own_entries(measures: pd.DataFrame, plan_year: int, fictional: bool, scores: pd.DataFrame | None = None,
                fw: Framework | None = None) -> list[Entry]:
    """Returns the agency's measures of years before `plan_year` as catalogue entries
    (Store.measures rows; newest year first, in plan order within a year); with the agency's indicator_scores
    rows and the framework, each carries its outcome (`outcome_of`)."""
    earlier = measures[measures["year"].astype(int) < int(plan_year)]
    if earlier.empty:
        return []
    earlier = earlier.sort_values(["year", "position", "id"], ascending=[False, True, True])
    by_year: dict[int, dict[str, float | None]] = {}
    if scores is not None and fw is not None and len(earlier):
        agency = as_text(earlier["agency"].iloc[0])
        years = sorted({int(y) for y in earlier["year"]} | {int(y) - 1 for y in earlier["year"]})
        by_year = scores_by_year(scores, agency, years)
    out = []
    for r in earlier.itertuples(index=False):
        year, number = int(r.year), as_text(r.number)
        outcome, outcome_th = (outcome_of(split_indicators(r.indicators), year, by_year, fw)
                               if fw is not None and by_year else (None, ""))
        source = as_text(getattr(r, "source", ""))
        target = getattr(r, "target", None)
        out.append(Entry(
            key=f"own-{int(r.id)}", origin="own", year=year, number=number,
            title=as_text(r.title), weakness=as_text(r.weakness), method=as_text(r.method),
            owner_text=as_text(r.owner_text), units=tuple(split_units(r.units)),
            indicators=tuple(split_indicators(r.indicators)), link="C",
            link_note="หน่วยงานระบุตัวชี้วัดของมาตรการนี้เอง",
            source=f"แผนมาตรการปี {year} ของหน่วยงาน ลำดับ {number}" + (f" ({source})" if source else ""),
            fictional=fictional, period=as_text(getattr(r, "period", "")),
            followup=as_text(getattr(r, "followup", "")), budget=as_text(getattr(r, "budget", "")),
            target=None if is_blank(target) else float(target), outcome=outcome, outcome_th=outcome_th,
        ))
    return out


def origin_text(entry: Entry) -> str:
    """Returns where the entry comes from in Thai ('มาตรการเดิมของหน่วยงานนี้ ปี 2568' for own ones)."""
    return ORIGIN_TH.get(entry.origin, entry.origin) + (f" ปี {entry.year}" if entry.origin == "own" else "")


def entry_label(entry: Entry, width: int = 70) -> str:
    """Returns the entry as one line for a list: where it comes from, '1. title' and its indicators,
    with '(ยังไม่ยืนยัน)' after indicators the program inferred (link "U")."""
    title = plan.measure_label(entry.number, entry.title, width) if entry.number else shorten(entry.title, width)
    codes = ", ".join(entry.indicators) or "–"
    rose = {0: " · คะแนนเพิ่มในปีที่ทำ", 2: " · คะแนนไม่เพิ่มในปีที่ทำ"}.get(entry.tier, "")
    return (f"{origin_text(entry)} · {title} · ตัวชี้วัด {codes}" + (" (ยังไม่ยืนยัน)" if entry.link == "U" else "")
            + (f"{rose} ({fmt(entry.outcome, True)})" if rose else ""))


CANDIDATE_COLUMNS = [
    "key", "origin_th", "title", "method", "indicators", "link", "link_th", "link_note", "source", "fictional",
    "planned", "outcome_th",
]


def _norm(text: str) -> str:
    return " ".join(as_text(text).split())


def candidates(
    indicator: str,
    entries: Sequence[Entry],
    planned_titles: Iterable[str] = (),
) -> pd.DataFrame:
    """Returns the entries serving `indicator`: the agency's earlier measures whose indicators rose in their year
    first, those whose did not last (`Entry.tier`, with `outcome_th` saying why); within that, links the
    documents state ("C") before inferred ones ("U"), then in catalogue order; an entry whose title repeats an
    earlier one is dropped (the agency's own copy of a report measure). `planned` marks a title already in the
    plan."""
    planned = {_norm(t) for t in planned_titles}
    seen: set[str] = set()
    rows = []
    for e in ranked(entries):
        if not serves(e.indicators, indicator) or _norm(e.title) in seen:
            continue
        seen.add(_norm(e.title))
        rows.append({
            "key": e.key, "origin_th": origin_text(e),
            "title": e.title, "method": e.method, "indicators": ", ".join(e.indicators), "link": e.link,
            "link_th": LINK_TH.get(e.link, e.link), "link_note": e.link_note, "source": e.source,
            "fictional": e.fictional, "planned": _norm(e.title) in planned, "outcome_th": e.outcome_th,
        })
    df = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    if df.empty:
        return df
    df["_rank"] = [tier * 2 + int(link != "C") for tier, link in zip(
        [_tier(entries, k) for k in df["key"]], df["link"], strict=True)]
    return df.sort_values("_rank", kind="stable").drop(columns="_rank").reset_index(drop=True)


def ranked(entries: Sequence[Entry]) -> list[Entry]:
    """Returns the entries with the earlier measures whose indicators rose first and those whose did not last
    (`Entry.tier`), otherwise in the given order."""
    return sorted(entries, key=lambda e: e.tier)


def _tier(entries: Sequence[Entry], key: str) -> int:
    return next(e.tier for e in entries if e.key == key)


LISTING_COLUMNS = ["key", "label", "origin_th", "title", "indicators", "link", "link_th", "link_note", "source",
                   "fictional", "planned", "outcome_th"]


def listing(entries: Sequence[Entry], indicator: str | None = None,
            planned_titles: Iterable[str] = ()) -> pd.DataFrame:
    """Returns every entry (or those serving `indicator`, sub-indicators counted), the earlier measures whose
    indicators rose in their year first and those whose did not last (`ranked`), otherwise in the given order;
    an entry whose title repeats an earlier one dropped, each with its one-line label (saying whether its
    indicators rose), the Thai of its link, why it is ranked so (`outcome_th`) and `planned` when its title is
    already in the plan."""
    planned = {_norm(t) for t in planned_titles}
    seen: set[str] = set()
    rows = []
    for e in ranked(entries):
        if (indicator and not serves(e.indicators, indicator)) or _norm(e.title) in seen:
            continue
        seen.add(_norm(e.title))
        rows.append({
            "key": e.key, "label": entry_label(e) + (" · อยู่ในแผนแล้ว" if _norm(e.title) in planned else ""),
            "origin_th": origin_text(e), "title": e.title,
            "indicators": ", ".join(e.indicators), "link": e.link, "link_th": LINK_TH.get(e.link, e.link),
            "link_note": e.link_note, "source": e.source, "fictional": e.fictional,
            "planned": _norm(e.title) in planned, "outcome_th": e.outcome_th,
        })
    return pd.DataFrame(rows, columns=LISTING_COLUMNS)


def _period(entry: Entry, plan_year: int) -> str:
    # An own measure keeps its months, moved to the plan year; the report's records give no period.
    if entry.period:
        return plan.shift_period(entry.period, entry.year, plan_year)
    return plan.default_period(plan_year)


def _note(entry: Entry, what: str) -> str:
    return ("ข้อมูลสมมุติ: " if entry.fictional else "") + (
        f"{what}; การเชื่อมโยงตัวชี้วัด: {LINK_TH.get(entry.link, entry.link)}")


def form_values(entry: Entry, plan_year: int, known_units: Sequence[str] = ()) -> dict[str, Any]:
    """Returns the add form's starting values for a measure of `plan_year` made from an entry: its
    words, indicators and units (only those the agency has, when it has any; the document's wording
    stays in owner_text), budget, follow-up and target; the period moved to the plan year; status
    'ยังไม่เริ่ม'; and the source and note the new measure records. The weakness is kept only from
    the agency's own measures: a report entry's weakness is another agency's result."""
    known = set(known_units)
    return {
        "title": entry.title,
        "indicators": INDICATOR_SEP.join(entry.indicators),
        "weakness": entry.weakness if entry.origin == "own" else "",
        "method": entry.method,
        "owner_text": entry.owner_text,
        "units": UNIT_SEP.join(u for u in entry.units if not known or u in known),
        "followup": entry.followup,
        "budget": entry.budget,
        "target": entry.target,
        "period": _period(entry, plan_year),
        "status": plan.NOT_STARTED,
        "source": f"คลังมาตรการ (หน้ามาตรการ) จาก: {entry.source}",
        "note": _note(entry, "เพิ่มจากคลังมาตรการ"),
    }


def entry_by_key(entries: Sequence[Entry], key: str) -> Entry:
    for e in entries:
        if e.key == key:
            return e
    raise KeyError(key)


def measure_fields(
    entry: Entry,
    indicator: str,
    weakness: str,
    plan_year: int,
    existing_numbers: Iterable[Any],
    known_units: Sequence[str],
    target: float | None = None,
) -> dict[str, Any]:
    """Returns the store fields of a new measure for `plan_year` made from a candidate: the next
    number, the entry's title and method, the weak indicator plus the entry's own indicators, the
    entry's units that the agency has (the store refuses others; the document's wording stays in
    owner_text), the period (an own measure's months moved to the plan year, else the whole fiscal
    year), status 'ยังไม่เริ่ม', and the catalogue source."""
    codes = [indicator, *(c for c in entry.indicators if c != indicator)]
    fields = plan.entry_fields(
        number=plan.next_number(existing_numbers),
        title=entry.title,
        indicators=codes,
        units=[u for u in entry.units if u in set(known_units)],
        target=target,
        weakness=weakness,
        method=entry.method,
        owner_text=entry.owner_text,
        period=_period(entry, plan_year),
        status=plan.NOT_STARTED,
    )
    fields["source"] = f"คลังมาตรการ (หน้าจุดอ่อนและเป้าหมาย) จาก: {entry.source}"
    fields["note"] = _note(entry, f"เพิ่มจากข้อเสนอสำหรับตัวชี้วัดที่ {indicator}")
    return {"year": int(plan_year), **fields}
