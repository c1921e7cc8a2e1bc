"""What the indicators page shows, as plain data: indicator × year, changes, a two-year
comparison, and the drill-down from indicators 9/10 to sub-indicators and OIT items.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ita.core.analysis import DEFAULT_THRESHOLDS, Thresholds, agency_years, classify
from ita.core.framework import Framework
from ita.core.model import Dataset
from ita.core.scoring import YearResult

MATRIX_COLUMNS = ["year", "indicator", "label", "name_th", "tool", "score", "category"]


def indicator_matrix(
    ds: Dataset, agency: str, fw: Framework, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> pd.DataFrame:
    """Returns one row per known indicator score per year (long form, years ascending)."""
    return matrix_of(agency_years(ds, agency, fw), fw, thresholds)


def matrix_of(
    results: Sequence[YearResult], fw: Framework, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> pd.DataFrame:
    """Returns indicator_matrix() from the agency's evaluated years (ita.core.analysis.agency_years)."""
    rows: list[dict[str, Any]] = []
    for yr in results:
        for ind in fw.indicators:
            score = yr.indicators.get(ind.code)
            if score is None:
                continue
            rows.append(
                {
                    "year": yr.year,
                    "indicator": ind.code,
                    "label": f"{ind.code}. {ind.name_th}",
                    "name_th": ind.name_th,
                    "tool": ind.tool,
                    "score": score,
                    "category": classify(score, thresholds),
                }
            )
    return pd.DataFrame(rows, columns=MATRIX_COLUMNS)


CHANGE_COLUMNS = ["indicator", "label", "tool", "score", "prev_score", "change", "category"]


def indicator_changes(
    ds: Dataset, agency: str, year: int, fw: Framework, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> pd.DataFrame:
    """Returns each indicator's score in the year, the previous year's, and the change."""
    return changes_of(agency_years(ds, agency, fw), year, fw, thresholds)


def changes_of(
    results: Sequence[YearResult], year: int, fw: Framework, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> pd.DataFrame:
    """Returns indicator_changes() from the agency's evaluated years (ita.core.analysis.agency_years)."""
    return compare_of(results, year - 1, year, fw, thresholds).rename(
        columns={"score_a": "prev_score", "score_b": "score"}
    )[CHANGE_COLUMNS]


def compare_years(
    ds: Dataset, agency: str, year_a: int, year_b: int, fw: Framework,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> pd.DataFrame:
    """Returns indicator, label, tool, score_a, score_b, change (b − a) and b's category;
    rows only for indicators with a score in either year."""
    return compare_of(agency_years(ds, agency, fw), year_a, year_b, fw, thresholds)


def compare_of(
    results: Sequence[YearResult], year_a: int, year_b: int, fw: Framework,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> pd.DataFrame:
    """Returns compare_years() from the agency's evaluated years (ita.core.analysis.agency_years): the
    page evaluates them once and derives the matrix, the changes and the comparison from them."""
    years = {y.year: y for y in results}
    a, b = years.get(year_a), years.get(year_b)
    rows: list[dict[str, Any]] = []
    for ind in fw.indicators:
        sa = a.indicators.get(ind.code) if a else None
        sb = b.indicators.get(ind.code) if b else None
        if sa is None and sb is None:
            continue
        rows.append(
            {
                "indicator": ind.code,
                "label": f"{ind.code}. {ind.name_th}",
                "tool": ind.tool,
                "score_a": sa,
                "score_b": sb,
                "change": sb - sa if sa is not None and sb is not None else None,
                "category": classify(sb, thresholds) if sb is not None else None,
            }
        )
    return pd.DataFrame(
        rows, columns=["indicator", "label", "tool", "score_a", "score_b", "change", "category"]
    )


def sub_indicator_scores(ds: Dataset, agency: str, year: int, parent: str, fw: Framework) -> pd.DataFrame:
    """Returns code, name_th, score for the sub-indicators of indicator `parent` (9 or 10) in the
    year: every sub-indicator the year's framework names, with the score where one was entered."""
    yf = fw.for_year(year)
    subs = [s for s in (yf.sub_indicators if yf else ()) if s.parent == parent]
    df = ds["indicator_scores"]
    got = df[(df["agency"] == agency) & (df["year"] == year)]
    scores = dict(zip(got["indicator"], got["score"], strict=True))
    return pd.DataFrame(
        [{"code": s.code, "name_th": s.name_th, "score": scores.get(s.code)} for s in subs],
        columns=["code", "name_th", "score"],
    )


OIT_COLUMNS = ["item", "printed", "sub_indicator", "title", "contents", "owner", "status", "progress"]


def oit_items(ds: Dataset, agency: str, year: int, fw: Framework, parent: str | None = None) -> pd.DataFrame:
    """Returns the year's OIT items (framework list joined with the agency's status), optionally
    only those under indicator `parent` ('9' or '10'). Items the agency recorded but the
    framework does not list are kept, with empty contents."""
    yf = fw.for_year(year)
    df = ds["oit_items"]
    mine = df[(df["agency"] == agency) & (df["year"] == year)].set_index("item")
    rows: list[dict[str, Any]] = []
    listed = set()
    for it in yf.oit_items if yf else ():
        listed.add(it.code)
        rec = mine.loc[it.code] if it.code in mine.index else None
        rows.append(
            {
                "item": it.code,
                "printed": it.printed,
                "sub_indicator": it.sub_indicator,
                "title": it.title,
                "contents": "\n".join(f"- {c}" for c in it.contents),
                "owner": rec["owner"] if rec is not None else "",
                "status": rec["status"] if rec is not None else "",
                "progress": rec["progress"] if rec is not None else "",
            }
        )
    for code, rec in mine.iterrows():
        if code not in listed:
            rows.append(
                {
                    "item": code,
                    "printed": rec["item_printed"],
                    "sub_indicator": rec["sub_indicator"],
                    "title": rec["title"],
                    "contents": "",
                    "owner": rec["owner"],
                    "status": rec["status"],
                    "progress": rec["progress"],
                }
            )
    out = pd.DataFrame(rows, columns=OIT_COLUMNS)
    if parent is not None:
        out = out[out["sub_indicator"].str.split(".").str[0] == parent].reset_index(drop=True)
    return out


def oit_framework_change(fw: Framework, year_a: int, year_b: int) -> str:
    """Returns a Thai warning when the OIT item lists of two years differ or are unknown, so
    nobody compares items by number across years; '' when the lists are the same."""
    if year_a == year_b:
        return ""
    ya, yb = fw.for_year(year_a), fw.for_year(year_b)
    ia = [(i.code, i.title) for i in ya.oit_items] if ya else []
    ib = [(i.code, i.title) for i in yb.oit_items] if yb else []
    if ia and ia == ib:
        return ""
    if not ia or not ib:
        unknown = " และ ".join(str(y) for y, i in ((year_a, ia), (year_b, ib)) if not i)
        return (
            f"ไม่มีรายการข้อ OIT ของปี {unknown} ในเกณฑ์ที่โปรแกรมรู้จัก และเลขข้อ OIT เปลี่ยนทุกปี "
            "จึงห้ามเทียบข้อ OIT ข้ามปีด้วยเลขข้อ"
        )
    return f"รายการข้อ OIT ปี {year_a} และ {year_b} ต่างกัน (เกณฑ์เปลี่ยน) ห้ามเทียบข้อ OIT ข้ามปีด้วยเลขข้อ"
