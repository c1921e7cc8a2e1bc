"""Analysis used everywhere (pages, CLI, documents): weak-indicator classification, headroom,
and the per-agency yearly results built from a dataset.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from ita.core.framework import TOOLS, Framework
from ita.core.model import Dataset
from ita.core.scoring import YearResult, clean, evaluate_year, round2

Category = Literal["urgent", "improve", "strong"]

CATEGORY_TH: dict[str, str] = {
    "urgent": "ต้องแก้ไขเร่งด่วน",
    "improve": "ควรพัฒนา",
    "strong": "จุดแข็ง",
}


@dataclass(frozen=True)
class Thresholds:
    """Category boundaries: urgent below `urgent_below`, strong from `strong_from`; a fall of more
    than `drop_over` points from the previous year is flagged as a drop."""

    urgent_below: float = 85.0
    strong_from: float = 95.0
    drop_over: float = 1.0

    def __post_init__(self) -> None:
        if not 0 <= self.urgent_below <= self.strong_from <= 100:
            raise ValueError("thresholds must satisfy 0 ≤ urgent_below ≤ strong_from ≤ 100")
        if not 0 <= self.drop_over <= 100:
            raise ValueError("drop_over must be between 0 and 100")


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


INDICATOR_COLUMNS = [
    "indicator", "name_th", "label", "tool", "score", "weight", "headroom", "category", "category_th",
    "prev_score", "change", "dropped", "national", "below_national",
]


def indicator_table(
    year: int,
    indicators: Mapping[str, float | None],
    fw: Framework,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    previous: Mapping[str, float | None] | None = None,
    national: Mapping[str, float | None] | None = None,
) -> pd.DataFrame:
    """Returns one row per known indicator score with its Thai label ('ตัวชี้วัดที่ 10 …'), weight,
    headroom and category (also in Thai), the previous year's score and the change (None where
    unknown), `dropped` when it fell by more than `thresholds.drop_over`, the national figure and
    `below_national` where that is known; sorted by headroom (largest first), ties by indicator
    number. This is the one ranking of indicators: the weak-points page, the measures page,
    `summary` and the documents all read it."""
    rows: list[dict[str, Any]] = []
    for ind in fw.indicators:
        score = clean(indicators.get(ind.code))
        weight = fw.indicator_weight(year, ind.code)
        if score is None or weight is None:
            continue
        prev = clean((previous or {}).get(ind.code))
        change = score - prev if prev is not None else None
        nat = clean((national or {}).get(ind.code))
        category = classify(score, thresholds)
        rows.append(
            {
                "indicator": ind.code,
                "name_th": ind.name_th,
                "label": fw.indicator_label(ind.code),
                "tool": ind.tool,
                "score": score,
                "weight": weight,
                "headroom": headroom(score, weight),
                "category": category,
                "category_th": CATEGORY_TH[category],
                "prev_score": prev,
                "change": change,
                # Compared on two decimals, as scores are published: 88.70 → 87.70 is exactly 1.
                "dropped": change is not None and round(-change, 6) > thresholds.drop_over,
                "national": nat,
                "below_national": nat is not None and score < nat,
            }
        )
    df = pd.DataFrame(rows, columns=INDICATOR_COLUMNS)
    if df.empty:
        return df
    df["_order"] = df["indicator"].astype(int)
    # Equal headrooms differ in the last bits (0.06 × 10 and 0.20 × 3 are not the same float);
    # rounding first lets such ties fall back to the indicator number, as documented.
    df["_headroom"] = df["headroom"].round(9)
    return (
        df.sort_values(["_headroom", "_order"], ascending=[False, True])
        .drop(columns=["_order", "_headroom"])
        .reset_index(drop=True)
    )


def weak_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Returns the weak indicators of an `indicator_table` (urgent and improve, not strong), in its
    order: the most points left first."""
    return table[table["category"] != "strong"].reset_index(drop=True) if not table.empty else table


def year_scores(ds: Dataset, agency: str, year: int) -> dict[str, float | None]:
    """Returns the agency's indicator (and sub-indicator) scores of one year by code."""
    df = ds["indicator_scores"]
    rows = df[(df["agency"] == agency) & (df["year"] == int(year))]
    return {str(r.indicator): clean(r.score) for r in rows.itertuples(index=False)}


def national_indicator_scores(ds: Dataset, year: int) -> dict[str, float | None]:
    """Returns the published national figure per indicator code for the year (often only a few)."""
    df = ds["national_indicators"]
    rows = df[df["year"] == int(year)]
    return {str(r.indicator): clean(r.score) for r in rows.itertuples(index=False)}


def agency_indicator_table(
    ds: Dataset, agency: str, year: int, fw: Framework, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> pd.DataFrame:
    """Returns `indicator_table` for the agency's year with the previous year's scores and the
    national figures: every indicator with a score, ranked by headroom. The weak-points page, the
    measures page's weak indicators and `summary`'s weak list all come from here."""
    return indicator_table(
        int(year),
        year_scores(ds, agency, year),
        fw,
        thresholds,
        previous=year_scores(ds, agency, int(year) - 1),
        national=national_indicator_scores(ds, year),
    )


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
        weak = weak_rows(agency_indicator_table(ds, agency, yr.year, fw, thresholds))
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
