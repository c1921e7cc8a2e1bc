"""What the weak-points page (the planners' meeting page) shows, as plain data: every indicator
of the year in its category ranked by headroom with its flags, the focus indicators, the OIT items
not done, and — for an agency with totals only — the weaknesses its own measures name.

The ranking, categories and flags come from ita.core.analysis.agency_indicator_table, the table
behind `summary`'s weak list and the measures page's weak indicators, so they never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ita.core.analysis import CATEGORY_TH, DEFAULT_THRESHOLDS, Thresholds, agency_indicator_table, weak_rows
from ita.core.framework import Framework
from ita.core.model import Dataset
from ita.core.schema import ITEM_STATUSES
from ita.core.text import as_text, is_blank, split_indicators
from ita.services import plan
from ita.services.indicators import oit_items

DONE_ITEM = ITEM_STATUSES[-1]
NO_STATUS = "ไม่มีบันทึกสถานะ"

MEETING_COLUMNS = [
    "rank", "indicator", "label", "tool", "score", "prev_score", "change", "national", "headroom", "category",
    "category_th", "dropped", "below_national", "flags",
]


def flags_text(row: Any, thresholds: Thresholds) -> str:
    """Returns the row's flags in Thai ('' when none): a drop of more than the threshold, and
    a score below the national figure."""
    out = []
    if row.dropped:
        out.append(f"ลดลง {abs(row.change):.2f} (เกิน {thresholds.drop_over:g} คะแนน)")
    if row.below_national:
        out.append(f"ต่ำกว่าค่าประเทศ ({row.national:.2f})")
    return " · ".join(out)


def meeting_table(
    ds: Dataset, agency: str, year: int, fw: Framework, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> pd.DataFrame:
    """Returns the weak-points page's table: every indicator with a score in the year, ranked by
    headroom (`rank` 1 = the most total points left), with its Thai label and category and the
    flags as text."""
    table = agency_indicator_table(ds, agency, year, fw, thresholds)
    if table.empty:
        return pd.DataFrame(columns=MEETING_COLUMNS)
    out = table.assign(
        rank=range(1, len(table) + 1),
        flags=[flags_text(r, thresholds) for r in table.itertuples(index=False)],
    )
    return out[MEETING_COLUMNS].reset_index(drop=True)


def focus(table: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """Returns the first `n` rows of `meeting_table` that are not strong (the most points left)."""
    return weak_rows(table).head(max(0, int(n))).reset_index(drop=True) if not table.empty else table


def category_counts(table: pd.DataFrame) -> dict[str, int]:
    """Returns how many indicators fall in each category, urgent first."""
    return {c: int((table["category"] == c).sum()) if not table.empty else 0 for c in CATEGORY_TH}


OIT_COLUMNS = ["sub_indicator", "sub_label", "item", "printed", "title", "status", "owner", "progress"]


def oit_not_done(ds: Dataset, agency: str, year: int, fw: Framework) -> pd.DataFrame:
    """Returns the year's OIT items not recorded as done ('ดำเนินการ'), by sub-indicator then item
    number: items marked not done, and items of the year's list with no status at all. Empty when
    the agency recorded no OIT item for the year (nothing is known, which the page says)."""
    df = ds["oit_items"]
    if not ((df["agency"] == agency) & (df["year"] == int(year))).any():
        return pd.DataFrame(columns=OIT_COLUMNS)
    items = oit_items(ds, agency, int(year), fw)
    left = items[items["status"] != DONE_ITEM].copy()
    left["status"] = [s or NO_STATUS for s in left["status"]]
    left["sub_label"] = [fw.indicator_label(s) if s else "ไม่ระบุตัวชี้วัดย่อย" for s in left["sub_indicator"]]
    left["_sub"] = [tuple(int(p) if p.isdigit() else 99 for p in (s or "99").split(".")) for s in left["sub_indicator"]]
    left["_item"] = [int(i[1:]) if i[1:].isdigit() else 999 for i in left["item"]]
    left = left.sort_values(["_sub", "_item"], kind="stable")
    return left[OIT_COLUMNS].reset_index(drop=True)


def by_sub_indicator(items: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Returns the OIT items (oit_not_done) in groups under their sub-indicator, in list order."""
    return [(str(sub), group) for sub, group in items.groupby("sub_label", sort=False)]


def oit_recorded(ds: Dataset, agency: str, year: int) -> int:
    """Returns how many OIT items the agency recorded for the year."""
    df = ds["oit_items"]
    return int(((df["agency"] == agency) & (df["year"] == int(year))).sum())


RECORDED_COLUMNS = ["year", "number", "title", "indicators", "labels", "weakness", "source"]


def recorded_weaknesses(ds: Dataset, agency: str, fw: Framework) -> pd.DataFrame:
    """Returns the weaknesses the agency's own measures name (their 'จุดอ่อน' text), newest plan
    year first and in plan order: for an agency whose report gives no indicator scores, these are
    the only record of where it was weak (อบต.ป่าตึง FY2568: indicators 9.4, 8 and 4)."""
    m = ds["measures"]
    rows = m[(m["agency"] == agency) & (m["weakness"].map(as_text) != "")]
    out = []
    for r in rows.itertuples(index=False):
        codes = split_indicators(r.indicators)
        out.append({"year": int(r.year), "number": as_text(r.number), "title": as_text(r.title),
                    "indicators": ", ".join(codes), "labels": ", ".join(fw.indicator_label(c) for c in codes),
                    "weakness": as_text(r.weakness), "source": as_text(r.source)})
    df = pd.DataFrame(out, columns=RECORDED_COLUMNS)
    return df.sort_values("year", ascending=False, kind="stable").reset_index(drop=True)


def recorded_weakness(recorded: pd.DataFrame, code: str) -> str:
    """Returns the first recorded weakness (newest plan first, as `recorded_weaknesses` orders them)
    whose measure names indicator `code` or one of its sub-indicators (9.4 counts for 9); '' when none."""
    for text, weakness in zip(recorded["indicators"], recorded["weakness"], strict=True):
        if code in {c.split(".")[0] for c in split_indicators(text)} or code in split_indicators(text):
            return as_text(weakness)
    return ""


def recorded_weak_codes(recorded: pd.DataFrame) -> list[str]:
    """Returns the indicators 1–10 that the recorded weaknesses concern (9.4 counts for 9), in
    first-named order."""
    codes: dict[str, None] = {}
    for text in recorded["indicators"]:
        for c in split_indicators(text):
            codes.setdefault(c.split(".")[0], None)
    return list(codes)


def weak_codes(table: pd.DataFrame, recorded: pd.DataFrame) -> list[str]:
    """Returns the indicators to suggest measures for: the non-strong rows of `meeting_table` in its
    order when the year has indicator scores, else the indicators the recorded weaknesses concern."""
    if not table.empty:
        return [str(c) for c in weak_rows(table)["indicator"]]
    return recorded_weak_codes(recorded)


def candidate_weakness(table: pd.DataFrame, recorded: pd.DataFrame, code: str, fw: Framework, year: int) -> str:
    """Returns the weakness text of a measure suggested for indicator `code`: the sentence made from
    the year's score when the indicator is in `meeting_table`, else the agency's own recorded weakness
    for it ('' when there is neither)."""
    rows = table[table["indicator"] == code] if not table.empty else table
    if len(rows):
        r = rows.iloc[0]
        return plan.weakness_text(code, fw.indicator(code).name_th, float(r["score"]), str(r["category"]),
                                  float(r["headroom"]), int(year))
    return recorded_weakness(recorded, code)


@dataclass(frozen=True)
class Published:
    """The total and level an agency's year was published with (None / '' when not given)."""

    total: float | None
    level: str


def published_result(ds: Dataset, agency: str, year: int) -> Published | None:
    """Returns the published total and level of the agency's year, None when the year has no
    results row."""
    df = ds["results"]
    rows = df[(df["agency"] == agency) & (df["year"] == int(year))]
    if rows.empty:
        return None
    row = rows.iloc[0]
    total = None if is_blank(row["total"]) else float(row["total"])
    return Published(total=total, level=as_text(row["level"]))
