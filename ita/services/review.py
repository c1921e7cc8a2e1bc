"""The review page ("did last year's measures work?") as plain data: the plan years that can be reviewed, the
measures' table, the indicators of both groups, the scenarios' targets beside the scores reached. The review
itself (rules, means, honest notes) is ita.core.review; the chart is ita.services.charts.review_chart. Pure
functions: the inputs are never changed."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ita.core.framework import Framework
from ita.core.review import Review, fmt

MEASURE_COLUMNS = ["number", "title", "status", "indicators", "change", "target"]
INDICATOR_COLUMNS = ["code", "label", "group", "before", "after", "change", "reason"]
SCENARIO_COLUMNS = ["scenario", "indicator", "target", "reached", "gap", "met"]
TARGETED_TH, UNTARGETED_TH = "มีมาตรการมุ่ง", "ไม่มีมาตรการมุ่ง"


def review_years(measure_years: Iterable[object]) -> list[int]:
    """Returns the plan years with measures, newest first (the years a review can be made of)."""
    return sorted({int(y) for y in measure_years if y is not None and not pd.isna(y)}, reverse=True)  # type: ignore[call-overload]


def default_review_year(years: list[int], chosen_year: int) -> int | None:
    """Returns the chosen (results) year when its plan has measures, else the latest plan year before it, else
    the latest one; None without any."""
    if int(chosen_year) in years:
        return int(chosen_year)
    earlier = [y for y in years if y < int(chosen_year)]
    return max(earlier) if earlier else (max(years) if years else None)


def measures_table(review: Review) -> pd.DataFrame:
    """Returns one row per measure: number, title, status (marked when inferred), the indicators compared,
    their changes ('ตัวชี้วัดที่ 9: +6.20'), and the target beside the score reached."""
    rows = []
    for m in review.measures:
        rows.append({
            "number": m.number,
            "title": m.title,
            "status": m.status + (" (อนุมานจากรายงาน)" if m.status_inferred else ""),
            "indicators": ", ".join(m.indicators) or "ไม่ระบุ",
            "change": "; ".join(f"ตัวชี้วัดที่ {c.code}: {fmt(c.change, True)}" + (f" ({c.reason})" if c.reason else "")
                                for c in m.changes) if review.mode == "indicators" else "ไม่มีคะแนนรายตัวชี้วัด",
            "target": m.target_line() if review.mode == "indicators" else (
                f"เป้าหมาย {fmt(m.target)}" if m.target is not None else ""),
        })
    return pd.DataFrame(rows, columns=MEASURE_COLUMNS)


def indicators_table(review: Review, fw: Framework) -> pd.DataFrame:
    """Returns every indicator compared, targeted first then the others, with both years' scores, the change
    and why it is missing."""
    rows = [
        {"code": c.code, "label": fw.indicator_label(c.code), "group": group, "before": c.before, "after": c.after,
         "change": c.change, "reason": c.reason}
        for group, changes in ((TARGETED_TH, review.targeted), (UNTARGETED_TH, review.untargeted))
        for c in changes
    ]
    return pd.DataFrame(rows, columns=INDICATOR_COLUMNS).astype(
        {"before": "float64", "after": "float64", "change": "float64"})


def scenarios_table(review: Review) -> pd.DataFrame:
    """Returns each saved scenario's targets beside the scores reached ('target 90, reached 92.4'), and a row
    for the total its targets gave beside the total reached."""
    rows = []
    for s in review.scenarios:
        for code, target, reached in s.rows:
            rows.append({"scenario": s.name, "indicator": f"ตัวชี้วัดที่ {code}", "target": target, "reached": reached,
                         "gap": None if reached is None else round(reached - target, 2),
                         "met": "–" if reached is None else ("ถึงเป้า" if reached >= target - 1e-9 else "ไม่ถึงเป้า")})
        if s.total_target is not None:
            reached = s.total_reached
            rows.append({"scenario": s.name, "indicator": "คะแนนรวม (คำนวณจากเป้าหมาย)", "target": s.total_target,
                         "reached": reached, "gap": None if reached is None else round(reached - s.total_target, 2),
                         "met": "–" if reached is None else (
                             "ถึงเป้า" if reached >= s.total_target - 1e-9 else "ไม่ถึงเป้า")})
    return pd.DataFrame(rows, columns=SCENARIO_COLUMNS).astype({"target": "float64", "reached": "float64",
                                                               "gap": "float64"})
