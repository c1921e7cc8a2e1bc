"""The overseer's view (issue 14, item 3): many agencies at once — a province, a district, a type, a ministry, the
whole country, or the agencies an account's grants cover — for one fiscal year, as plain data and figures.

Everything is computed for the whole group at once (isin, groupby, pivot), never agency by agency: a type
group nationwide holds thousands of agencies. Totals are ita.core.peers.year_totals (published, else computed
from the ten indicators), so this page and the peers page count the same agencies; levels are the published
level, else the one ita.core.scoring.level_for would compute, evaluated here for every agency at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ita.core.access import Account
from ita.core.analysis import DEFAULT_THRESHOLDS
from ita.core.framework import TOOLS, Framework, LevelScheme
from ita.core.model import Dataset
from ita.core.peers import year_totals
from ita.core.schema import MEASURE_STATUSES, YES

DONE = MEASURE_STATUSES[-1]  # as ita.services.plan.DONE: "แล้วเสร็จ"
# An indicator below this is weak (the weak page's "urgent" boundary, 85).
WEAK_BELOW = DEFAULT_THRESHOLDS.urgent_below
FELL_AT_MOST = 10  # how many of the agencies that fell most are listed

KINDS: tuple[str, ...] = ("province", "district", "type", "ministry", "all", "granted")
KIND_TH: dict[str, str] = {
    "province": "จังหวัด",
    "district": "อำเภอ",
    "type": "ประเภทหน่วยงาน",
    "ministry": "กระทรวง",
    "all": "ทั้งประเทศ",
    "granted": "หน่วยงานตามสิทธิ์ของบัญชี",
}
# The agencies table's column a kind groups by (district: province and district together).
_COLUMN = {"province": "province", "type": "kind", "ministry": "ministry"}
NO_LEVEL_TH = "ไม่ทราบระดับ"

TABLE_COLUMNS = ["agency", "fictional", "total", "computed", "level", "level_source", "prev_total", "change",
                 "passed", "measures", "done", "completion"]


def _attributes(ds: Dataset) -> pd.DataFrame:
    """Returns the agencies table, one row per agency (the first wins, as Dataset.is_fictional reads it), with
    blank strings for missing attributes."""
    table = ds["agencies"].drop_duplicates("agency")
    cols = ["kind", "province", "district", "ministry"]
    out = table[["agency", *cols]].copy()
    out[cols] = out[cols].fillna("").astype(str).apply(lambda c: c.str.strip())
    out["fictional"] = (table["fictional"] == YES).to_numpy()
    return out.set_index("agency")


def group_values(ds: Dataset, kind: str, among: Iterable[str] | None = None, province: str = "") -> list[str]:
    """Returns the keys one may choose for `kind` (sorted, blank left out): provinces, types, ministries, or
    the districts of `province`. `among` keeps only the agencies one may read (None: all)."""
    attrs = _attributes(ds)
    if among is not None:
        attrs = attrs[attrs.index.isin(list(among))]
    if kind == "district":
        return sorted(set(attrs.loc[attrs["province"] == province, "district"]) - {""}) if province else []
    if kind not in _COLUMN:
        return []
    return sorted(set(attrs[_COLUMN[kind]]) - {""})


def _every_agency(ds: Dataset, attrs: pd.DataFrame) -> pd.Index:
    """Returns every agency of the dataset: the agencies table's (in its order), then any with results or
    indicator scores but no row there."""
    return pd.Index(list(dict.fromkeys([*attrs.index, *ds["results"]["agency"], *ds["indicator_scores"]["agency"]])))


def group_members(ds: Dataset, kind: str, key: str, among: Iterable[str] | None = None) -> list[str]:
    """Returns the agencies of the group (in the agencies table's order): `key` is the province, the type, the
    ministry, or 'province/district'; kind 'all' is every agency of the dataset (`key` unused); kind 'granted' is
    `among` itself. `among` (None: all) keeps only the agencies one may read, whatever the kind."""
    if kind == "granted":
        return list(dict.fromkeys(among or ()))
    attrs = _attributes(ds)
    if kind == "all":
        found = _every_agency(ds, attrs)
        return list(found if among is None else found[found.isin(list(among))])
    if kind == "district":
        province, _, district = key.partition("/")
        mask = (attrs["province"] == province) & (attrs["district"] == district) & (district != "")
    elif kind in _COLUMN:
        mask = (attrs[_COLUMN[kind]] == key) & (key != "")
    else:
        raise ValueError(f"unknown group kind {kind!r}")
    found = attrs.index[mask]
    if among is not None:
        found = found[found.isin(list(among))]
    return list(found)


def covered(ds: Dataset, account: Account | None) -> list[str]:
    """Returns the agencies the account's grants cover (ita.core.access.may_read in signed-in mode, at once for
    every agency): its agencies, its units' agencies, and for a viewer every agency of a granted province or
    district. An admin's grants are everything; no account covers nothing."""
    if account is None or not account.active:
        return []
    attrs = _attributes(ds)
    names = _every_agency(ds, attrs)
    if account.role == "admin":
        return list(names)
    attrs = attrs.reindex(names).fillna("")
    mask = names.isin(list(account.agencies))
    if account.role == "unit":
        mask |= names.isin([a for a, _ in account.units])
    if account.role == "viewer":
        provinces = [n for k, n in account.areas if k == "province"]
        districts = [n for k, n in account.areas if k == "district"]
        mask |= (attrs["province"] != "").to_numpy() & attrs["province"].isin(provinces).to_numpy()
        both = attrs["province"] + "/" + attrs["district"]
        mask |= (attrs["district"] != "").to_numpy() & both.isin(districts).to_numpy()
    return list(names[mask])


def level_levels(scheme: LevelScheme, totals: pd.Series, tools: pd.DataFrame) -> pd.Series:
    """Returns the level `scheme` gives each agency (None where it cannot be decided), the rules of
    ita.core.scoring.level_for applied to every agency at once: rules from best to worst; a rule needing every
    tool at a mark is skipped when a known tool is below it, and stops the search (None) when a tool is unknown."""
    out = pd.Series(None, index=totals.index, dtype=object)
    open_ = totals.notna().to_numpy().copy()
    tools = tools.reindex(index=totals.index, columns=list(TOOLS)).astype(float)
    for rule in scheme.rules:  # five rules or so, each over every agency
        hit = open_ & (totals.to_numpy(dtype=float) >= rule.min_total)
        if rule.min_each_tool is None:
            out[hit] = rule.level
            open_ &= ~hit
            continue
        below = (tools < rule.min_each_tool).any(axis=1).to_numpy()
        missing = tools.isna().any(axis=1).to_numpy()
        ok = hit & ~below & ~missing
        out[ok] = rule.level
        open_ &= ~(ok | (hit & ~below & missing))
    return out


def _tool_scores(ds: Dataset, year: int, fw: Framework, agencies: pd.Index, published: pd.DataFrame) -> pd.DataFrame:
    """Returns each agency's tool scores: the published ones, else the mean of the tool's indicators (unknown
    unless all are known, as ita.core.scoring.tool_scores)."""
    scores = ds["indicator_scores"]
    scores = scores[(scores["year"] == year) & scores["agency"].isin(agencies)
                    & scores["indicator"].isin(list(fw.indicator_codes))]
    grid = scores.drop_duplicates(["agency", "indicator"]).pivot(index="agency", columns="indicator", values="score")
    grid = grid.reindex(index=agencies, columns=list(fw.indicator_codes)).astype(float)
    computed = pd.DataFrame({t.code: grid[list(t.indicators)].mean(axis=1, skipna=False) for t in fw.tools})
    return published.reindex(index=agencies, columns=list(TOOLS)).astype(float).combine_first(computed)


def _levels(ds: Dataset, year: int, fw: Framework, totals: pd.Series) -> pd.DataFrame:
    """Returns level and level_source per agency with a total: the published level ('ประกาศ'), else the computed
    one ('คำนวณ'), else None ('')."""
    res = ds["results"]
    res = res[(res["year"] == year) & res["agency"].isin(totals.index)].drop_duplicates("agency").set_index("agency")
    published = res["level"].reindex(totals.index)
    published = published.where(published.fillna("").astype(str).str.strip() != "")
    yf = fw.for_year(year)
    if yf is None:
        computed = pd.Series(None, index=totals.index, dtype=object)
    else:
        computed = level_levels(yf.level_scheme, totals, _tool_scores(ds, year, fw, totals.index, res))
    level = published.combine_first(computed)
    source = np.where(published.notna(), "ประกาศ", np.where(computed.notna(), "คำนวณ", ""))
    return pd.DataFrame({"level": level, "level_source": source}, index=totals.index)


@dataclass(frozen=True)
class GroupView:
    """What the overseer page shows for a group and year. `members` counts the group's agencies, `n` those
    with a total in the year; rates and means are over those n (None when n is 0)."""

    year: int
    members: int
    n: int
    fictional: int  # how many of the members are fictional
    passed: int
    pass_rate: float | None  # % of n at or above the pass mark
    pass_mark: float
    mean: float | None
    median: float | None
    prev_n: int
    prev_mean: float | None
    prev_median: float | None
    levels: pd.DataFrame  # level, agencies (the scheme's order, then others, then NO_LEVEL_TH)
    table: pd.DataFrame  # TABLE_COLUMNS, one row per member
    below: pd.DataFrame  # agency, total, change: below the pass mark, lowest first
    fell: pd.DataFrame  # agency, prev_total, total, change: the largest falls (change < 0) first
    weak: pd.DataFrame  # indicator, label, weak, scored: agencies below WEAK_BELOW per indicator
    plan_year: int
    plans_kept: bool  # whether any member has measures in the store at all
    with_plan: int  # members with measures for plan_year
    measures: int
    done: int
    # The members, lowest total first (by name among equal totals; those without a total last): the list that
    # opens an agency's pages. Sorted here, once per cached view: 9 ms a run for a type's 5,263 agencies.
    lowest_first: tuple[str, ...]

    @property
    def mean_change(self) -> float | None:
        return None if self.mean is None or self.prev_mean is None else self.mean - self.prev_mean

    @property
    def median_change(self) -> float | None:
        return None if self.median is None or self.prev_median is None else self.median - self.prev_median

    @property
    def completion(self) -> float | None:
        """The share (%) of the group's plan_year measures whose status is DONE."""
        return self.done / self.measures * 100 if self.measures else None

    @property
    def mixed_note(self) -> str:
        """Says when the group holds real and fictional agencies together ('' when it does not)."""
        if 0 < self.fictional < self.members:
            return (f"กลุ่มนี้มีทั้งหน่วยงานจริงและหน่วยงานสมมุติ (สมมุติ {self.fictional:,} จาก {self.members:,} แห่ง) "
                    "ตัวเลขรวมของกลุ่มจึงปนข้อมูลสมมุติ ใช้อย่างระมัดระวัง")
        return ""

    @property
    def all_fictional(self) -> bool:
        return self.members > 0 and self.fictional == self.members


def group_view(ds: Dataset, members: Iterable[str], year: int, fw: Framework) -> GroupView:
    """Returns the GroupView of `members` (ita.services.overseer.group_members) in fiscal year `year`."""
    year = int(year)
    names = pd.Index(list(dict.fromkeys(members)), dtype=object)
    attrs = _attributes(ds)
    totals = year_totals(ds, year, fw)
    now = totals[totals.index.isin(names)]
    before = year_totals(ds, year - 1, fw)
    before = before[before.index.isin(names)]
    pass_mark = fw.for_year(year).pass_mark if fw.for_year(year) else fw.pass_mark
    res = ds["results"]
    published_total = res.loc[(res["year"] == year) & res["total"].notna(), "agency"]

    table = pd.DataFrame(index=names)
    table["fictional"] = attrs["fictional"].reindex(names).fillna(False).astype(bool)
    table["total"] = now.reindex(names)
    table["computed"] = table["total"].notna() & ~names.isin(published_total)
    table = table.join(_levels(ds, year, fw, now))
    table["level_source"] = table["level_source"].fillna("")
    table["prev_total"] = before.reindex(names)
    table["change"] = table["total"] - table["prev_total"]
    table["passed"] = table["total"] >= pass_mark

    plan_year = year + 1
    measures = ds["measures"]
    measures = measures[measures["agency"].isin(names)]
    kept = measures[measures["year"] == plan_year]
    counts = kept.assign(done=kept["status"] == DONE).groupby("agency")["done"].agg(["size", "sum"])
    table["measures"] = counts["size"].reindex(names).fillna(0).astype(int)
    table["done"] = counts["sum"].reindex(names).fillna(0).astype(int)
    table["completion"] = (table["done"] / table["measures"].where(table["measures"] > 0)) * 100
    table = table.rename_axis("agency").reset_index()[TABLE_COLUMNS]

    scored = table[table["total"].notna()]
    below = scored[~scored["passed"]].sort_values(["total", "agency"], kind="stable")
    fell = table[table["change"] < 0].sort_values(["change", "agency"], kind="stable").head(FELL_AT_MOST)
    n = len(scored)
    return GroupView(
        year=year, members=len(names), n=n, fictional=int(table["fictional"].sum()),
        passed=int(scored["passed"].sum()), pass_rate=float(scored["passed"].mean() * 100) if n else None,
        pass_mark=pass_mark,
        mean=float(now.mean()) if n else None, median=float(now.median()) if n else None,
        prev_n=len(before), prev_mean=float(before.mean()) if len(before) else None,
        prev_median=float(before.median()) if len(before) else None,
        levels=_distribution(scored["level"], fw, year),
        table=table,
        below=below[["agency", "total", "change"]].reset_index(drop=True),
        fell=fell[["agency", "prev_total", "total", "change"]].reset_index(drop=True),
        weak=weak_indicators(ds, names, year, fw),
        plan_year=plan_year, plans_kept=bool(len(measures)), with_plan=int((table["measures"] > 0).sum()),
        measures=int(table["measures"].sum()), done=int(table["done"].sum()),
        lowest_first=tuple(table.sort_values(["total", "agency"], na_position="last", kind="stable")["agency"]),
    )


def _distribution(levels: pd.Series, fw: Framework, year: int) -> pd.DataFrame:
    """Returns level, agencies: the count of each level, in the year's scheme order (others after, then the
    agencies whose level is unknown)."""
    counts = levels.fillna(NO_LEVEL_TH).value_counts()
    yf = fw.for_year(year)
    order = [lv for lv in (yf.level_scheme.levels if yf else ()) if lv in counts.index]
    order += sorted(set(counts.index) - set(order) - {NO_LEVEL_TH})
    order += [NO_LEVEL_TH] if NO_LEVEL_TH in counts.index else []
    return pd.DataFrame({"level": order, "agencies": [int(counts[lv]) for lv in order]})


def weak_indicators(ds: Dataset, members: Iterable[str], year: int, fw: Framework) -> pd.DataFrame:
    """Returns, per indicator (1–10) any member has a score for: how many members score below WEAK_BELOW
    (`weak`) of those with a score (`scored`), most often weak first (ties in the framework's order).
    Empty when the group has no indicator scores in the year."""
    scores = ds["indicator_scores"]
    codes = list(fw.indicator_codes)
    scores = scores[(scores["year"] == int(year)) & scores["agency"].isin(list(members))
                    & scores["indicator"].isin(codes)]
    scores = scores.drop_duplicates(["agency", "indicator"])  # a repeated row: the first counts
    cols = ["indicator", "label", "weak", "scored"]
    if scores.empty:
        return pd.DataFrame(columns=cols)
    by = scores.assign(weak=scores["score"].astype(float) < WEAK_BELOW).groupby("indicator")["weak"]
    out = pd.DataFrame({"weak": by.sum().astype(int), "scored": by.size().astype(int)})
    out = out.reindex([c for c in codes if c in out.index]).rename_axis("indicator").reset_index()
    out["label"] = [fw.indicator_label(c) for c in out["indicator"]]  # ten labels, not one per agency
    out = out.sort_values("weak", ascending=False, kind="stable").reset_index(drop=True)
    return out[cols]


def group_years(ds: Dataset, members: Iterable[str]) -> list[int]:
    """Returns the fiscal years in which any member has a total or indicator scores, ascending."""
    names = list(members)
    years = pd.concat([ds[k].loc[ds[k]["agency"].isin(names), "year"] for k in ("results", "indicator_scores")])
    return sorted({int(y) for y in years.dropna().unique()})
