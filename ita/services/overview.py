"""What the executives' overview shows, as plain data: the cards, the trend, the tools by
year, and what drove the change between two years. Pure functions on a Dataset.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ita.core.analysis import agency_years
from ita.core.framework import TOOLS, Framework
from ita.core.model import Dataset
from ita.core.scoring import YearResult, clean

EXCELLENT_MARK = 95.0


@dataclass(frozen=True)
class Cards:
    agency: str
    year: int
    fictional: bool
    total: float | None
    total_is_computed: bool
    level: str | None
    level_computed: str | None
    level_note: str
    level_confidence: str
    level_disagrees: bool
    prev_year: int
    prev_total: float | None
    change: float | None
    pass_mark: float
    gap_to_pass: float | None
    gap_to_excellent: float | None
    national_mean: float | None
    national_confidence: str
    national_source: str
    diff_national: float | None
    findings: tuple[str, ...]


def national_means(ds: Dataset) -> pd.DataFrame:
    """Returns year, mean, confidence, source of the national figures, ascending by year."""
    nat = ds["national"][["year", "mean", "confidence", "source", "note"]]
    return nat.dropna(subset=["mean"]).sort_values("year").reset_index(drop=True)


def overview_cards(ds: Dataset, agency: str, year: int, fw: Framework) -> Cards:
    """Returns the overview's cards for the agency's fiscal year."""
    return _cards(ds, agency, year, fw, agency_years(ds, agency, fw), national_means(ds))


def _cards(ds: Dataset, agency: str, year: int, fw: Framework, results: Sequence[YearResult],
           nat: pd.DataFrame) -> Cards:
    years = {y.year: y for y in results}
    yr = years.get(year)
    prev = years.get(year - 1)
    total = yr.best_total if yr else None
    prev_total = prev.best_total if prev else None
    row = nat[nat["year"] == year]
    nat_mean = clean(row["mean"].iloc[0]) if len(row) else None
    yf = fw.for_year(year)
    return Cards(
        agency=agency,
        year=year,
        fictional=ds.is_fictional(agency),
        total=total,
        total_is_computed=bool(yr and yr.total is None and yr.total_computed is not None),
        level=yr.level if yr else None,
        level_computed=yr.level_computed if yr else None,
        level_note=yr.level_reason_th if yr else "",
        level_confidence=yf.level_confidence if yf else "U",
        level_disagrees=bool(yr and yr.level and yr.level_computed and yr.level != yr.level_computed),
        prev_year=year - 1,
        prev_total=prev_total,
        change=total - prev_total if total is not None and prev_total is not None else None,
        pass_mark=fw.pass_mark,
        gap_to_pass=total - fw.pass_mark if total is not None else None,
        gap_to_excellent=total - EXCELLENT_MARK if total is not None else None,
        national_mean=nat_mean,
        national_confidence=str(row["confidence"].iloc[0]) if len(row) else "",
        national_source=str(row["source"].iloc[0]) if len(row) else "",
        diff_national=total - nat_mean if total is not None and nat_mean is not None else None,
        # A year without a framework is said by the page's notice (Framework.provisional_notice), not again here.
        findings=tuple(f.message_th for f in yr.findings if f.code != "unknown_year") if yr else (),
    )


TREND_COLUMNS = ["year", "total", "computed", "level", "level_computed", "national_mean", *TOOLS]


def trend_frame(ds: Dataset, agency: str, fw: Framework) -> pd.DataFrame:
    """Returns one row per year: the total (published, else computed, flagged), levels, the
    national mean of that year and the tool scores where known."""
    return _trend(agency_years(ds, agency, fw), national_means(ds))


def _trend(results: Sequence[YearResult], national: pd.DataFrame) -> pd.DataFrame:
    nat = dict(zip(national["year"], national["mean"], strict=True))
    rows: list[dict[str, Any]] = []
    for yr in results:
        rows.append(
            {
                "year": yr.year,
                "total": yr.best_total,
                "computed": yr.total is None and yr.total_computed is not None,
                "level": yr.level,
                "level_computed": yr.level_computed,
                "national_mean": clean(nat.get(yr.year)),
                **yr.tools,
            }
        )
    return pd.DataFrame(rows, columns=TREND_COLUMNS)


def tools_frame(ds: Dataset, agency: str, fw: Framework) -> pd.DataFrame:
    """Returns year, tool, score in long form for the years where a tool score is known."""
    return _tools(trend_frame(ds, agency, fw))


def _tools(trend: pd.DataFrame) -> pd.DataFrame:
    long = trend.melt(id_vars="year", value_vars=list(TOOLS), var_name="tool", value_name="score")
    return long.dropna(subset=["score"]).sort_values(["year", "tool"]).reset_index(drop=True)


@dataclass(frozen=True)
class Drivers:
    """Each indicator's weighted contribution to the change of the computed total."""

    year_from: int
    year_to: int
    table: pd.DataFrame
    total_from: float | None
    total_to: float | None
    missing_th: str

    @property
    def change(self) -> float | None:
        if self.total_from is None or self.total_to is None:
            return None
        return self.total_to - self.total_from


DRIVER_COLUMNS = ["indicator", "name_th", "tool", "score_from", "score_to", "weight_from", "weight_to",
                  "contribution"]


def drivers(ds: Dataset, agency: str, year_from: int, year_to: int, fw: Framework) -> Drivers:
    """Returns each indicator's contribution (weight_to × score_to − weight_from × score_from)
    to the change in total; the contributions add up to the change of the computed totals.
    When a year lacks indicator scores, the table is empty and `missing_th` says what to add."""
    return drivers_of(agency_years(ds, agency, fw), year_from, year_to, fw)


def drivers_of(results: Sequence[YearResult], year_from: int, year_to: int, fw: Framework) -> Drivers:
    """Returns drivers() from the agency's evaluated years (Overview.results), without
    evaluating them again."""
    years = {y.year: y for y in results}
    a, b = years.get(year_from), years.get(year_to)
    lacking = [y for y, r in ((year_from, a), (year_to, b)) if r is None or r.total_computed is None]
    if lacking:
        listed = " และ ".join(str(y) for y in lacking)
        return Drivers(
            year_from, year_to, pd.DataFrame(columns=DRIVER_COLUMNS), None, None,
            f"ยังแยกไม่ได้ว่าตัวชี้วัดใดทำให้คะแนนเปลี่ยน เพราะปี {listed} ไม่มีคะแนนครบทั้ง ๑๐ ตัวชี้วัด "
            "เพิ่มได้โดยกรอกคะแนนในชีต 'คะแนนตัวชี้วัด' ของแม่แบบ Excel แล้วนำเข้า",
        )
    assert a is not None and b is not None
    rows = []
    for ind in fw.indicators:
        wa = fw.indicator_weight(year_from, ind.code) or 0.0
        wb = fw.indicator_weight(year_to, ind.code) or 0.0
        sa, sb = a.indicators[ind.code], b.indicators[ind.code]
        rows.append(
            {
                "indicator": ind.code,
                "name_th": ind.name_th,
                "tool": ind.tool,
                "score_from": sa,
                "score_to": sb,
                "weight_from": wa,
                "weight_to": wb,
                "contribution": wb * float(sb) - wa * float(sa),  # type: ignore[arg-type]
            }
        )
    return Drivers(year_from, year_to, pd.DataFrame(rows, columns=DRIVER_COLUMNS), a.total_computed,
                   b.total_computed, "")


@dataclass(frozen=True)
class Overview:
    """Everything the overview page shows for an agency and year but the drivers (which depend on
    two more years chosen on the page: drivers_of(results, ...))."""

    cards: Cards
    trend: pd.DataFrame
    tools: pd.DataFrame
    years: tuple[int, ...]
    results: tuple[YearResult, ...]

    @property
    def scored_years(self) -> tuple[int, ...]:
        """Returns the years with every indicator score (a computed total): the years drivers_of can
        compare."""
        return tuple(r.year for r in self.results if r.total_computed is not None)


def overview(ds: Dataset, agency: str, year: int, fw: Framework) -> Overview:
    """Returns the overview's cards, trend and tool scores for the agency and year.

    The agency's years are evaluated once (agency_years filters every table and scores every year)
    and shared by all parts; calling overview_cards, trend_frame, tools_frame and drivers one
    by one evaluates them four times."""
    results = tuple(agency_years(ds, agency, fw))
    nat = national_means(ds)
    trend = _trend(results, nat)
    return Overview(
        cards=_cards(ds, agency, year, fw, results, nat),
        trend=trend,
        tools=_tools(trend),
        years=tuple(r.year for r in results),
        results=results,
    )
