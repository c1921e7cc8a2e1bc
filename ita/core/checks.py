"""Checks across rows and tables: duplicates, unknown years, totals that disagree with their
indicators, units and links of measures. Cell-level checks happen while reading (ita.storage.excel).

Each frame may carry `_sheet` and `_row` columns (where the row came from); problems then say
exactly where they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from ita.core import rules, thai
from ita.core.framework import TOOLS, Framework
from ita.core.schema import TABLES, TABLES_BY_KEY, UNIT_SEP
from ita.core.scoring import TOTAL_TOLERANCE, clean, tool_scores, total_from_tools
from ita.core.validation import Report


def _records(df: pd.DataFrame) -> Iterator[Any]:
    """Yields each row with attribute access by column name, values as plain Python values.

    `DataFrame.itertuples` cannot be used here: namedtuples rename fields that start with an
    underscore, so `_sheet` and `_row` would become `_5`, `_6` and every problem would lose
    the place it came from. Columns are turned into lists at once (`to_dict("records")` boxed
    value by value: 28 s for a national file).
    """
    names = [str(c) for c in df.columns]
    for values in zip(*(_plain(df[c]) for c in df.columns), strict=True):
        yield SimpleNamespace(**dict(zip(names, values, strict=True)))


def _plain(col: pd.Series) -> list[Any]:
    """Returns the column's values; a nullable column's missing value is None, as to_dict gave it
    (pd.NA has no truth value: `NA == ""` cannot be tested)."""
    values = col.tolist()
    if getattr(col.dtype, "na_value", None) is pd.NA:
        return [None if v is pd.NA else v for v in values]
    return values


# The checks below run their rules row by row, as written, but only over the rows that can break
# them, which pandas finds at once: a national file has 457,435 rows and no problem.


def _keys_repeated(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Returns the rows of df whose values in `columns` are also in another row (NA equal to NA)."""
    return df[df.duplicated(subset=columns, keep=False)]


def _where(row: Any, table_key: str, column: str = "") -> dict[str, Any]:
    sheet = getattr(row, "_sheet", "") or TABLES_BY_KEY[table_key].sheet
    r = getattr(row, "_row", None)
    header = TABLES_BY_KEY[table_key].column(column).header if column else ""
    # A wide sheet names its columns its own way ("ปี", "ITA"); show the header the user typed.
    headers = getattr(row, "_headers", None)
    if column and isinstance(headers, dict) and headers.get(column):
        header = headers[column]
    return {"sheet": sheet, "row": None if r is None or pd.isna(r) else int(r), "column": header}


def check_tables(frames: dict[str, pd.DataFrame], fw: Framework, report: Report) -> None:
    """Adds every cross-row and cross-table problem of the frames to the report."""
    _duplicates(frames, report)
    _unknown_years(frames, fw, report)
    _totals(frames, fw, report)
    _measures(frames, fw, report)
    _agencies(frames, report)


def _duplicates(frames: dict[str, pd.DataFrame], report: Report) -> None:
    # A repeated row of a wide sheet repeats its total and all ten indicator scores; it is one
    # mistake at one place, so it gets one error, not eleven.
    reported: set[tuple[str, int]] = set()
    for t in TABLES:
        df = frames.get(t.key)
        if df is None or df.empty or not t.unique:
            continue
        first: dict[tuple[Any, ...], Any] = {}
        for row in _records(_keys_repeated(df, list(t.unique))):
            key = tuple(getattr(row, k) for k in t.unique)
            if key in first:
                here = _where(row, t.key)
                if here["row"] is not None:
                    if (here["sheet"], here["row"]) in reported:
                        continue
                    reported.add((here["sheet"], here["row"]))
                prev = first[key]
                prev_where = _where(prev, t.key)
                at = f"แถว {prev_where['row']}" if prev_where["row"] else "ก่อนหน้า"
                if prev_where["sheet"] != _where(row, t.key)["sheet"]:
                    at = f"ชีต '{prev_where['sheet']}' {at}"
                label = " / ".join(str(k) for k in key)
                report.error(
                    "duplicate",
                    f"ข้อมูลซ้ำ ({label}) ซ้ำกับ{at}",
                    f"duplicate {'/'.join(t.unique)} ({label})",
                    value=label,
                    **_where(row, t.key, t.unique[-1]),
                )
            else:
                first[key] = row


def fact_columns(df: pd.DataFrame) -> list[str]:
    """Returns the columns that state a fact: not where a row was read, nor its cited source (two
    files agreeing on a value from different citations agree; the first file's source is kept)."""
    return [c for c in df.columns if not c.startswith("_") and c != "source"]


def _same_row(a: Any, b: Any, columns: list[str]) -> bool:
    """True when two rows hold the same values in `columns` (blanks and NaN alike)."""
    def value(row: Any, c: str) -> Any:
        v = getattr(row, c, None)
        return None if v is None or (isinstance(v, float) and v != v) or v == "" else v

    return all(value(a, c) == value(b, c) for c in columns)


def check_across_files(files: list[tuple[str, dict[str, pd.DataFrame]]], report: Report) -> None:
    """Adds an error for every row whose key (its table's unique columns) is also in an earlier
    file of `files` ([(file name, frames with _sheet/_row)] in the order given) with other values,
    naming both files: two values for one fact, and which one counts would be an accident of the
    order of the files. A row repeated exactly (the agency's details in each year's export, the
    same file given twice) is no conflict; read_many keeps it once. Duplicates within one file are
    `_duplicates`' to report, once.
    """
    reported: set[tuple[int, str, int]] = set()
    if len(files) < 2:
        return
    for t in TABLES:
        if not t.unique:
            continue
        shared = _keys_in_several_files(files, t.key, list(t.unique))
        first: dict[tuple[Any, ...], tuple[int, str, Any]] = {}
        for i, (name, frames) in enumerate(files):
            df = frames.get(t.key)
            if df is None or df.empty:
                continue
            for row in _records(df[shared[i]]):
                if not getattr(row, "_sheet", ""):
                    # Made by the reader, not typed: a wide file's agencies are the names its
                    # rows carry, which another file may list as well.
                    continue
                key = tuple(getattr(row, k) for k in t.unique)
                if key not in first:
                    first[key] = (i, name, row)
                    continue
                j, prev_name, prev = first[key]
                if j == i or _same_row(row, prev, fact_columns(df)):
                    continue
                here = _where(row, t.key, t.unique[-1])
                # A row of a wide sheet holds the year's total and its indicator scores: one
                # repeated row is one error, not eleven.
                if here["row"] is not None:
                    if (i, here["sheet"], here["row"]) in reported:
                        continue
                    reported.add((i, here["sheet"], here["row"]))
                there = _where(prev, t.key)
                label = " / ".join(str(k) for k in key)
                at_prev = f"ชีต '{there['sheet']}'" + (f" แถว {there['row']}" if there["row"] else "")
                at_here = f"ชีต '{here['sheet']}'" + (f" แถว {here['row']}" if here["row"] else "")
                same = " (ชื่อไฟล์เดียวกัน อาจระบุไฟล์เดียวกันสองครั้ง)" if prev_name == name else ""
                report.error(
                    "duplicate_across_files",
                    f"ข้อมูลขัดกันข้ามไฟล์: ({label}) มีในทั้งสองไฟล์แต่ค่าไม่ตรงกัน คือ '{prev_name}' {at_prev} "
                    f"และ '{name}' {at_here}{same} ไม่ทราบว่าควรใช้ค่าจากไฟล์ใด กรุณาเก็บไว้ในไฟล์เดียว",
                    f"{'/'.join(t.unique)} ({label}) has different values in '{prev_name}' and '{name}';"
                    " keep it in one file",
                    value=label,
                    **{**here, "sheet": f"{name} › {here['sheet']}"},
                )


def _keys_in_several_files(
    files: list[tuple[str, dict[str, pd.DataFrame]]], key: str, columns: list[str]
) -> list[pd.Series]:
    """Returns, per file, which rows of table `key` hold a key (`columns`) that a row of another file
    holds too (rows made by the reader, without a sheet, left out)."""
    frames = [f.get(key) for _, f in files]
    typed = [
        (i, df[df["_sheet"].astype(bool)] if "_sheet" in df else df)
        for i, df in enumerate(frames) if df is not None and not df.empty
    ]
    masks = [pd.Series(False, index=df.index) if df is not None else pd.Series(dtype=bool) for df in frames]
    if len(typed) < 2:
        return masks
    keyed = pd.concat([df[columns].assign(_file=i) for i, df in typed], ignore_index=True)
    files_per_key = keyed.groupby(columns, dropna=False, sort=False)["_file"].transform("nunique")
    several = (files_per_key > 1).to_numpy()
    start = 0
    for i, df in typed:
        mask = pd.Series(False, index=frames[i].index)  # type: ignore[union-attr]
        mask[df.index] = several[start : start + len(df)]
        masks[i] = mask
        start += len(df)
    return masks


def _unknown_years(frames: dict[str, pd.DataFrame], fw: Framework, report: Report) -> None:
    # One warning per sheet and year: a wide sheet holds a year's total and its indicator
    # scores in the same rows, so the set is shared by both tables.
    warned: set[tuple[str, int]] = set()
    for key in ("results", "indicator_scores"):
        df = frames.get(key)
        if df is None or df.empty:
            continue
        for row in _records(df[~df["year"].isin(list(fw.years))]):
            year = int(row.year)
            where = _where(row, key, "year")
            if fw.for_year(year) is None and (where["sheet"], year) not in warned:
                warned.add((where["sheet"], year))
                known = f"{min(fw.years)}–{max(fw.years)}"
                report.warning(
                    "unknown_year",
                    f"{fw.unknown_year_th(year)} จะไม่คำนวณคะแนนรวมและระดับของปีนี้",
                    f"no framework is known for {year} (known: {known}); "
                    "its total and level are not computed",
                    value=year,
                    **where,
                )


def _may_disagree(res: pd.DataFrame, ind: pd.DataFrame, fw: Framework) -> np.ndarray:
    """Returns which results rows have a total or a tool score that may differ from the one computed
    from their indicators by more than TOTAL_TOLERANCE (computed for all rows at once; a margin far
    above rounding keeps every row the exact check below would warn about)."""
    # One integer per (agency, year) of the results, the same for the indicator rows of that pair
    # (-1 for rows of a pair without results): lookups on integers, not on text.
    n = len(res)
    agencies, years = pd.Index(pd.unique(res["agency"])), pd.Index(pd.unique(res["year"]))

    def keys(df: pd.DataFrame) -> np.ndarray:
        a, y = agencies.get_indexer(df["agency"]), years.get_indexer(df["year"])
        return np.where((a < 0) | (y < 0), -1, a.astype(np.int64) * len(years) + y)

    res_key, ind_key = keys(res), keys(ind)
    codes, labels = pd.factorize(ind["indicator"])
    code_of = {label: i for i, label in enumerate(labels)}
    scores = ind["score"].to_numpy(dtype=float, na_value=float("nan"))

    def indicator(code: str) -> np.ndarray:
        """The indicator's score for each results row (the last one given, as a dict of them keeps)."""
        if code not in code_of:
            return np.full(n, np.nan)
        here = codes == code_of[code]
        given = pd.Series(scores[here], index=ind_key[here])
        return given[~given.index.duplicated(keep="last")].reindex(res_key).to_numpy()

    tools: dict[str, Any] = {}
    for tool in fw.tools:
        # A tool is known only when all its indicators are (a NaN in the mean leaves it unknown).
        tools[tool.code] = np.mean([indicator(c) for c in tool.indicators], axis=0)
    margin = TOTAL_TOLERANCE - 1e-6
    flagged = np.zeros(n, dtype=bool)
    year = res["year"].to_numpy(dtype=float, na_value=float("nan"))
    total = res["total"].to_numpy(dtype=float, na_value=float("nan"))
    for value, yf in fw.years.items():
        here = year == value
        if not here.any():
            continue
        computed = sum(yf.weights[t] * tools.get(t, np.nan) for t in yf.weights)
        off = abs(total - computed) > margin  # NaN compares False: nothing to compare
        for t in TOOLS:
            off |= abs(res[t].to_numpy(dtype=float, na_value=float("nan")) - tools[t]) > margin
        flagged |= here & off
    return flagged


def _totals(frames: dict[str, pd.DataFrame], fw: Framework, report: Report) -> None:
    res, ind = frames.get("results"), frames.get("indicator_scores")
    if res is None or ind is None or res.empty or ind.empty:
        return
    res = res[_may_disagree(res, ind, fw)]
    if res.empty:
        return
    wanted = set(zip(res["agency"], res["year"].astype(int), strict=True))
    ind = ind[[k in wanted for k in zip(ind["agency"], ind["year"].astype(int), strict=True)]]
    grouped = {
        (a, int(y)): dict(zip(g["indicator"], g["score"], strict=True))
        for (a, y), g in ind.groupby(["agency", "year"])
    }
    for row in _records(res):
        scores = grouped.get((row.agency, int(row.year)))
        yf = fw.for_year(int(row.year))
        if not scores or yf is None:
            continue
        tools = tool_scores(scores, fw)
        computed = total_from_tools(tools, yf.weights)
        total = clean(row.total)
        if total is not None and computed is not None and abs(total - computed) > TOTAL_TOLERANCE:
            report.warning(
                "total_mismatch",
                f"คะแนนรวม {total:.2f} ต่างจากที่คำนวณจากคะแนนตัวชี้วัด {computed:.2f} "
                f"(ต่างกัน {total - computed:+.2f} เกิน {TOTAL_TOLERANCE})",
                f"total {total:.2f} disagrees with the {computed:.2f} computed from the indicators",
                value=f"{total:.2f}",
                **_where(row, "results", "total"),
            )
        for t in TOOLS:
            pub, comp = clean(getattr(row, t)), tools[t]
            if pub is not None and comp is not None and abs(pub - comp) > TOTAL_TOLERANCE:
                report.warning(
                    "tool_mismatch",
                    f"คะแนน {t} {pub:.2f} ต่างจากค่าเฉลี่ยตัวชี้วัด {comp:.2f}",
                    f"{t} {pub:.2f} disagrees with the mean of its indicators {comp:.2f}",
                    value=f"{pub:.2f}",
                    **_where(row, "results", t),
                )


def period_outside_year(period: str, fiscal_year: int) -> str | None:
    """Returns a Thai warning when a measure's period lies wholly or partly outside its fiscal year
    (1 October to 30 September), else None; raises thai.ThaiParseError when it cannot be read.
    Such a period is allowed (a measure may run over), but the quarters of the year will not show it all."""
    p = thai.parse_period(period, fiscal_year=fiscal_year)
    first, last = thai.fiscal_year_bounds(fiscal_year)
    if p.start >= first and p.end <= last:
        return None
    where = "อยู่นอก" if p.end < first or p.start > last else "เกินช่วงของ"
    return (f"ระยะเวลา '{period}' {where}ปีงบประมาณ {fiscal_year} (ต.ค.{(fiscal_year - 1) % 100:02d} – "
            f"ก.ย.{fiscal_year % 100:02d}) ตรวจดูว่าปีถูกต้องหรือไม่")


def plan_periods_outside_year(measures: pd.DataFrame, fiscal_year: int) -> list[str]:
    """Returns a Thai line per measure of the plan whose period is not within the fiscal year."""
    lines = []
    for number, period in zip(measures["number"], measures["period"], strict=True):
        if isinstance(period, str) and period.strip():
            try:
                outside = period_outside_year(period, fiscal_year)
            except thai.ThaiParseError:
                continue  # the store refuses unreadable periods; older rows are shown as they are
            if outside:
                lines.append(f"มาตรการ {number}: {outside}")
    return lines


def _measures(frames: dict[str, pd.DataFrame], fw: Framework, report: Report) -> None:
    units = frames.get("units")
    known_units: dict[str, set[str]] = {}
    if units is not None:
        for row in _records(units):
            known_units.setdefault(row.agency, set()).add(row.unit)
    measures = frames.get("measures")
    if measures is not None:
        for row in _records(measures):
            names = [u.strip() for u in str(row.units).split(UNIT_SEP) if u.strip()]
            # Units are checked against the file's own list of the agency's units, when it has one.
            allowed = known_units.get(row.agency)
            if allowed:
                for u in names:
                    if problem := rules.unit_problem(u, allowed):
                        report.error("unknown_unit", problem.message_th, problem.message_en, value=u,
                                     **_where(row, "measures", "units"))
            if row.period:
                # An error, as in the app (Store.validate_measure): a measure saved with a period
                # nobody can read could not be edited afterwards.
                if problem := rules.period_problem(row.period, int(row.year)):
                    report.error("bad_period", problem.message_th, problem.message_en, value=row.period,
                                 **_where(row, "measures", "period"))
                elif outside := period_outside_year(row.period, int(row.year)):
                    report.warning("period_outside_year", outside,
                                   f"the period lies outside fiscal year {row.year}",
                                   value=row.period, **_where(row, "measures", "period"))
    numbers: dict[tuple[str, int], set[str]] = {}
    if measures is not None:
        for row in _records(measures):
            numbers.setdefault((row.agency, int(row.year)), set()).add(str(row.number))
    progress = frames.get("progress")
    if progress is not None:
        for row in _records(progress):
            planned = numbers.get((row.agency, int(row.year)))
            # Progress of a measure the file does not list: an error when the file lists that year's
            # plan (the store refuses an entry whose measure it cannot find either).
            if planned is not None and str(row.number) not in planned:
                report.error(
                    "unknown_measure",
                    f"ไม่มีมาตรการลำดับ {row.number} ของปี {row.year} ในชีต 'มาตรการ'",
                    f"no measure number {row.number} of {row.year} in the measures sheet",
                    value=str(row.number),
                    **_where(row, "progress", "number"),
                )
            day = _iso_date(row.date)
            # An error, as in the app (Store refuses progress dated after today).
            if day is not None and (problem := rules.future_date_problem(day, date.today())):
                report.error("future_date", problem.message_th, problem.message_en, value=str(row.date),
                             **_where(row, "progress", "date"))
            if row.evidence and (problem := rules.evidence_problem(row.evidence)):
                report.error("bad_link", problem.message_th, problem.message_en, value=row.evidence,
                             **_where(row, "progress", "evidence"))


def _iso_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _agencies(frames: dict[str, pd.DataFrame], report: Report) -> None:
    agencies = frames.get("agencies")
    if agencies is None or agencies.empty:
        return
    listed = set(agencies["agency"])
    missing: dict[str, tuple[str, Any]] = {}
    for t in TABLES:
        df = frames.get(t.key)
        if t.key == "agencies" or df is None or df.empty or "agency" not in df:
            continue
        unlisted = df[df["agency"].astype(bool) & ~df["agency"].isin(listed)].drop_duplicates("agency")
        for row in _records(unlisted):
            if row.agency and row.agency not in listed and row.agency not in missing:
                missing[row.agency] = (t.key, row)
    for agency, (key, row) in missing.items():
        report.warning(
            "agency_not_listed",
            f"หน่วยงาน '{agency}' ไม่อยู่ในชีต 'หน่วยงาน' (จะถือว่าเป็นข้อมูลจริง ไม่ใช่ข้อมูลสมมุติ)",
            f"agency '{agency}' is not in the agencies sheet (treated as real, not fictional)",
            value=agency,
            **_where(row, key, "agency"),
        )
