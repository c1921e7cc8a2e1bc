"""Analysis used everywhere (pages, CLI, documents): weak-indicator classification, headroom,
and the per-agency yearly results built from a dataset.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from ita.framework import TOOLS, Framework
from ita.model import Dataset
from ita.scoring import YearResult, clean, evaluate_year, round2

Category = Literal["urgent", "improve", "strong"]

CATEGORY_TH: dict[str, str] = {
    "urgent": "ต้องแก้ไขเร่งด่วน",
    "improve": "ควรพัฒนา",
    "strong": "จุดแข็ง",
}


@dataclass(frozen=True)
class Thresholds:
    """Category boundaries: urgent below `urgent_below`, strong from `strong_from`."""

    urgent_below: float = 85.0
    strong_from: float = 95.0

    def __post_init__(self) -> None:
        if not 0 <= self.urgent_below <= self.strong_from <= 100:
            raise ValueError("thresholds must satisfy 0 ≤ urgent_below ≤ strong_from ≤ 100")


DEFAULT_THRESHOLDS = Thresholds()


def classify(score: float, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Category:
    """Returns 'urgent' below 85, 'improve' from 85 to below 95, 'strong' from 95 (by default)."""
    if score < thresholds.urgent_below:
        return "urgent"
    if score < thresholds.strong_from:
        return "improve"
    return "strong"


def headroom(score: float, weight: float) -> float:
    """Returns the total points still available from an indicator: weight × (100 − score)."""
    return weight * (100.0 - score)


INDICATOR_COLUMNS = ["indicator", "name_th", "tool", "score", "weight", "headroom", "category"]


def indicator_table(
    year: int,
    indicators: dict[str, float | None],
    fw: Framework,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> pd.DataFrame:
    """Returns one row per known indicator score with weight, headroom and category,
    sorted by headroom (largest first), ties by indicator number."""
    rows: list[dict[str, Any]] = []
    for ind in fw.indicators:
        score = clean(indicators.get(ind.code))
        weight = fw.indicator_weight(year, ind.code)
        if score is None or weight is None:
            continue
        rows.append(
            {
                "indicator": ind.code,
                "name_th": ind.name_th,
                "tool": ind.tool,
                "score": score,
                "weight": weight,
                "headroom": headroom(score, weight),
                "category": classify(score, thresholds),
            }
        )
    df = pd.DataFrame(rows, columns=INDICATOR_COLUMNS)
    if df.empty:
        return df
    df["_order"] = df["indicator"].astype(int)
    return df.sort_values(["headroom", "_order"], ascending=[False, True]).drop(columns="_order").reset_index(
        drop=True
    )


def weak_indicators(
    year: int,
    indicators: dict[str, float | None],
    fw: Framework,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> pd.DataFrame:
    """Returns the urgent and improve indicators, ranked by headroom, largest first."""
    df = indicator_table(year, indicators, fw, thresholds)
    return df[df["category"] != "strong"].reset_index(drop=True) if not df.empty else df


def agency_years(ds: Dataset, agency: str, fw: Framework) -> list[YearResult]:
    """Returns the agency's evaluated results for every year it has data, ascending."""
    res = ds["results"][ds["results"]["agency"] == agency]
    ind = ds["indicator_scores"][ds["indicator_scores"]["agency"] == agency]
    out: list[YearResult] = []
    for year in ds.years(agency):
        r = res[res["year"] == year]
        scores = {
            str(row.indicator): clean(row.score) for row in ind[ind["year"] == year].itertuples(index=False)
        }
        first = r.iloc[0] if len(r) else None
        out.append(
            evaluate_year(
                year,
                scores,
                fw,
                total=clean(first["total"]) if first is not None else None,
                level=(first["level"] or None) if first is not None else None,
                tools_published={t: clean(first[t]) for t in TOOLS} if first is not None else None,
            )
        )
    return out


def agency_summary(
    ds: Dataset, agency: str, fw: Framework, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> dict[str, Any]:
    """Returns the agency's years as plain data (the CLI's `summary --json` object)."""
    years: list[dict[str, Any]] = []
    prev_total: float | None = None
    prev_year: int | None = None
    for yr in agency_years(ds, agency, fw):
        total = yr.best_total
        change = (
            round2(total - prev_total)
            if total is not None and prev_total is not None and prev_year == yr.year - 1
            else None
        )
        weak = weak_indicators(yr.year, yr.indicators, fw, thresholds)
        years.append(
            {
                "year": yr.year,
                "total": round2(yr.total),
                "total_computed": round2(yr.total_computed),
                "level": yr.level,
                "level_computed": yr.level_computed,
                "level_computed_note": yr.level_reason_th,
                "tools": {t: round2(v) for t, v in yr.tools.items()},
                "indicators": {code: round2(v) for code, v in yr.indicators.items()},
                "change": change,
                "weak": [
                    {
                        "indicator": row.indicator,
                        "category": row.category,
                        "score": round2(row.score),
                        "headroom": round2(row.headroom),
                    }
                    for row in weak.itertuples(index=False)
                ],
                "findings": [f.message_th for f in yr.findings],
            }
        )
        prev_total, prev_year = total, yr.year
    return {"agency": agency, "fictional": ds.is_fictional(agency), "years": years}
