"""Peers: an agency's rank and percentile among agencies like it (issue 14).

Rules (the issue's): rank 1 = the highest total; ties share the better rank; percentile = the share of the
group's OTHER agencies with a lower total × 100, to 1 decimal (half up); `n` counts the group's agencies
with a total that year, the agency included; with fewer than MIN_PEERS, rank and percentile are None and
a Thai note says why. Median and quartiles are pandas' default (linear interpolation between the two
nearest totals, as numpy's "linear").

The total is the one the overview shows (YearResult.best_total): the published total, else the one
computed from the ten indicator scores with the year's weights. Everything is computed for every agency
of a year at once (groupby/rank), never agency by agency: a national file has 8,317 agencies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ita.core.framework import Framework
from ita.core.model import Dataset
from ita.core.schema import YES

# Fewer agencies than this in a group (the agency included): no rank, no percentile.
MIN_PEERS = 5

# The groups, in the order the CLI and the page show them.
GROUPS: tuple[str, ...] = ("type", "size", "province", "district", "all")
GROUP_TH: dict[str, str] = {
    "type": "ประเภทเดียวกัน",
    "size": "ประเภทและขนาดเดียวกัน",
    "province": "จังหวัดเดียวกัน",
    "district": "อำเภอเดียวกัน",
    "all": "ทั้งประเทศ",
}
# What an agency needs for the group (the agencies table's columns), and what the note names if missing.
_NEEDS: dict[str, tuple[str, ...]] = {
    "type": ("kind",),
    "size": ("kind", "size"),
    "province": ("province",),
    "district": ("province", "district"),
    "all": (),
}
_NEED_TH = {"kind": "ประเภทหน่วยงาน", "size": "ขนาด", "province": "จังหวัด", "district": "อำเภอ"}

# `fictional`: how many of the group's n are fictional agencies (real and fictional are never mixed silently).
RANK_COLUMNS = ["agency", "total", "group", "key", "n", "rank", "percentile", "median", "q1", "q3", "note",
                "fictional"]


def _round(values: Any, digits: int) -> Any:
    """Rounds half up (12.25 → 12.3), as published figures are; NaN stays NaN."""
    scale = 10.0**digits
    return np.floor(np.asarray(values, dtype=float) * scale + 0.5 + 1e-9) / scale


def year_totals(ds: Dataset, year: int, fw: Framework) -> pd.Series:
    """Returns each agency's total of the year (published, else computed from the ten indicators with
    the year's weights; None unless every indicator is known), indexed by agency; agencies without
    either are left out."""
    res = ds["results"]
    res = res[(res["year"] == int(year)) & res["total"].notna()]
    # A repeated results row: the first counts, as in ita.core.analysis.
    published = res.drop_duplicates("agency").set_index("agency")["total"].astype(float)
    computed = _computed_totals(ds, int(year), fw, published.index)
    out = published.combine_first(computed) if len(computed) else published
    return out.dropna().rename("total")


def _computed_totals(ds: Dataset, year: int, fw: Framework, published: pd.Index) -> pd.Series:
    """Returns the totals computed from the indicators of the agencies without a published one (only those:
    a national file publishes every total, and pivoting its 415,850 scores would cost most of the time)."""
    yf = fw.for_year(year)
    scores = ds["indicator_scores"]
    codes = list(fw.indicator_codes)
    scores = scores[(scores["year"] == year)]
    scores = scores[scores["indicator"].isin(codes) & ~scores["agency"].isin(published)]
    if yf is None or scores.empty:
        return pd.Series(dtype=float)
    grid = scores.drop_duplicates(["agency", "indicator"]).pivot(index="agency", columns="indicator", values="score")
    grid = grid.reindex(columns=codes)
    total = pd.Series(0.0, index=grid.index)
    for tool in fw.tools:
        # mean(skipna=False): a tool with an unknown indicator is unknown, as scoring.tool_scores says.
        total = total + yf.weights[tool.code] * grid[list(tool.indicators)].mean(axis=1, skipna=False)
    return total


def _indicator_grid(ds: Dataset, year: int, fw: Framework) -> pd.DataFrame:
    scores = ds["indicator_scores"]
    scores = scores[(scores["year"] == int(year)) & scores["indicator"].isin(list(fw.indicator_codes))]
    grid = scores.drop_duplicates(["agency", "indicator"]).pivot(index="agency", columns="indicator", values="score")
    return grid.reindex(columns=list(fw.indicator_codes))


def group_keys(ds: Dataset, agencies: pd.Index) -> pd.DataFrame:
    """Returns, per agency (index), its key in each group ('' where it has no such group): type = the
    kind; size = kind and size ("อบต. L"); district = "province/district" (district names repeat across
    provinces); all = "ทั้งประเทศ"."""
    attrs = ds["agencies"].drop_duplicates("agency").set_index("agency")
    attrs = attrs.reindex(agencies)[["kind", "size", "province", "district"]].fillna("")
    attrs = attrs.apply(lambda c: c.astype(str).str.strip())
    keys = pd.DataFrame(index=agencies)
    keys["type"] = attrs["kind"]
    keys["size"] = np.where((attrs["kind"] != "") & (attrs["size"] != ""), attrs["kind"] + " " + attrs["size"], "")
    keys["province"] = attrs["province"]
    keys["district"] = np.where((attrs["province"] != "") & (attrs["district"] != ""),
                                attrs["province"] + "/" + attrs["district"], "")
    keys["all"] = "ทั้งประเทศ"
    return keys


def _missing_note(group: str, ds: Dataset, agency: str) -> str:
    attrs = ds["agencies"]
    row = attrs[attrs["agency"] == agency]
    missing = [_NEED_TH[c] for c in _NEEDS[group] if not len(row) or not str(row[c].iloc[0] or "").strip()]
    return f"ไม่มีข้อมูล{'และ'.join(missing)}ของหน่วยงาน จึงไม่มีกลุ่ม{GROUP_TH[group]}"


# The note of a group below MIN_PEERS, around its n (joined column-wise, not row by row).
_SMALL_TH = ("กลุ่มนี้มีหน่วยงานที่มีคะแนนรวมเพียง ", f" แห่ง (น้อยกว่า {MIN_PEERS}) จึงไม่จัดอันดับและไม่คิดเปอร์เซ็นไทล์")


def rank_all(ds: Dataset, year: int, fw: Framework, groups: tuple[str, ...] = GROUPS) -> pd.DataFrame:
    """Returns one row per agency with a total in the year and per group it belongs to (RANK_COLUMNS):
    its key, n, rank, percentile (None below MIN_PEERS, with the note), and the group's median, q1, q3."""
    totals = year_totals(ds, year, fw)
    if totals.empty:
        return pd.DataFrame(columns=RANK_COLUMNS)
    keys = group_keys(ds, totals.index)
    fictional = _fictional(ds, totals.index)
    parts = [_ranked(totals, keys[group], group, fictional) for group in groups]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=RANK_COLUMNS)
    return pd.concat(parts, ignore_index=True)[RANK_COLUMNS]


def _fictional(ds: Dataset, agencies: pd.Index) -> np.ndarray:
    """Returns, per agency, whether the agencies table marks it fictional (Dataset.is_fictional, at once)."""
    table = ds["agencies"]
    return agencies.isin(table.loc[table["fictional"] == YES, "agency"])


def _mixed_note(fictional: int, n: int) -> str:
    """The note of a group that holds real and fictional agencies together ('' when it does not)."""
    if 0 < fictional < n:
        return f"กลุ่มนี้มีทั้งหน่วยงานจริงและหน่วยงานสมมุติ (สมมุติ {fictional} จาก {n} แห่ง) ใช้เปรียบเทียบอย่างระมัดระวัง"
    return ""


def _ranked(totals: pd.Series, keys: pd.Series, group: str, fictional: np.ndarray) -> pd.DataFrame:
    """Ranks the totals within each key of one group (agencies with the key '' have no such group)."""
    df = pd.DataFrame({"agency": totals.index, "total": totals.to_numpy(), "key": keys.to_numpy(),
                       "fictional": fictional.astype(int)})
    df = df[df["key"] != ""]
    if df.empty:
        return df
    by = df.groupby("key", sort=False)["total"]
    n = by.transform("size").astype(int)
    rank = by.rank(method="min", ascending=False)
    lower = by.rank(method="min", ascending=True) - 1  # the others with a lower total
    small = n < MIN_PEERS
    pct = _round(lower / (n - 1).where(n > 1) * 100, 1)
    quant = by.quantile([0.25, 0.5, 0.75]).unstack()  # linear interpolation (pandas' default)
    return df.assign(
        group=group, n=n, fictional=df.groupby("key", sort=False)["fictional"].transform("sum"),
        rank=pd.Series(rank, dtype="float").mask(small).astype("Int64"),
        percentile=pd.Series(pct, index=df.index).mask(small),
        median=_round(df["key"].map(quant[0.5]), 2), q1=_round(df["key"].map(quant[0.25]), 2),
        q3=_round(df["key"].map(quant[0.75]), 2),
        note=np.where(small, _SMALL_TH[0] + n.astype(str) + _SMALL_TH[1], ""),
    )


@dataclass(frozen=True)
class AgencyPeers:
    """The one-agency view: its total and, per group, what rank_all gives (or a note why not)."""

    agency: str
    year: int
    total: float | None
    groups: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        return {"agency": self.agency, "year": self.year, "total": self.total, "groups": self.groups}


def agency_peers(ds: Dataset, agency: str, year: int, fw: Framework,
                 groups: tuple[str, ...] = GROUPS) -> AgencyPeers:
    """Returns the agency's place in each group. A group it has no attribute for gets key None and a note;
    without a total in the year every group says so."""
    totals = year_totals(ds, year, fw)
    total = float(totals[agency]) if agency in totals.index else None
    out: list[dict[str, Any]] = []
    if total is None:
        note = f"หน่วยงานไม่มีคะแนนรวมปี {year} จึงเทียบกับกลุ่มไม่ได้"
        return AgencyPeers(agency, int(year), None, [_empty(group, None, note) for group in groups])
    keys = group_keys(ds, totals.index)
    values = totals.to_numpy()
    fictional = _fictional(ds, totals.index)
    for group in groups:
        key = keys.at[agency, group]
        if not key:
            out.append(_empty(group, None, _missing_note(group, ds, agency)))
            continue
        # Only the agency's own group, with numpy: the same rules as _ranked, a fraction of the work.
        mask = (keys[group] == key).to_numpy()
        inside = values[mask]
        n = len(inside)
        q1, median, q3 = np.quantile(inside, [0.25, 0.5, 0.75])  # linear, as pandas' default
        item: dict[str, Any] = {"group": group, "key": key, "n": n, "rank": None, "percentile": None}
        if n >= MIN_PEERS:
            item["rank"] = int((inside > total).sum()) + 1
            item["percentile"] = float(_round((inside < total).sum() / (n - 1) * 100, 1))
        item |= {"median": float(_round(median, 2)), "q1": float(_round(q1, 2)), "q3": float(_round(q3, 2))}
        notes = [f"{_SMALL_TH[0]}{n}{_SMALL_TH[1]}" if item["rank"] is None else "",
                 _mixed_note(int(fictional[mask].sum()), n)]
        if any(notes):  # the note where rank is null; also where real and fictional agencies mix
            item["note"] = " · ".join(x for x in notes if x)
        out.append(item)
    return AgencyPeers(agency, int(year), total, out)


def _empty(group: str, key: str | None, note: str) -> dict[str, Any]:
    return {"group": group, "key": key, "n": 0, "rank": None, "percentile": None,
            "median": None, "q1": None, "q3": None, "note": note}


def percentile_over_years(ds: Dataset, agency: str, group: str, fw: Framework) -> pd.DataFrame:
    """Returns one row per year with a total for the agency: year, key, n, rank, percentile (None below
    MIN_PEERS), total, median. The group's members are those of the agencies table now (attributes are
    per agency, not per year)."""
    res = ds["results"]
    years = sorted(set(res.loc[res["agency"] == agency, "year"].dropna().astype(int))
                   | set(ds["indicator_scores"].loc[ds["indicator_scores"]["agency"] == agency, "year"]
                         .dropna().astype(int)))
    rows = []
    for year in years:  # one pass per year (five or so), each vectorised over every agency
        table = rank_all(ds, year, fw, (group,))
        r = table[table["agency"] == agency]
        if len(r):
            rows.append(r.iloc[0][["key", "n", "rank", "percentile", "total", "median"]].to_dict() | {"year": year})
    return pd.DataFrame(rows, columns=["year", "key", "n", "rank", "percentile", "total", "median"])


def members(ds: Dataset, agency: str, group: str, index: pd.Index) -> pd.Index:
    """Returns the agencies of `index` in the same group as `agency` (empty when it has no key)."""
    keys = group_keys(ds, index.union(pd.Index([agency])))[group]
    key = keys.get(agency, "")
    return keys.index[keys == key] if key else pd.Index([])


def indicator_profile(ds: Dataset, agency: str, year: int, group: str, fw: Framework) -> pd.DataFrame:
    """Returns, per indicator the agency has a score for: its score and the group's n, median, q1 and q3
    of that indicator (linear quantiles; None below MIN_PEERS agencies with a score)."""
    grid = _indicator_grid(ds, year, fw)
    cols = ["indicator", "score", "n", "median", "q1", "q3"]
    if agency not in grid.index:
        return pd.DataFrame(columns=cols)
    peers = grid.loc[members(ds, agency, group, grid.index)]
    q = peers.quantile([0.25, 0.5, 0.75])
    n = peers.notna().sum()
    own = grid.loc[agency]
    out = pd.DataFrame({"indicator": grid.columns, "score": own.to_numpy(), "n": n.reindex(grid.columns).to_numpy()})
    for name, p in (("median", 0.5), ("q1", 0.25), ("q3", 0.75)):
        out[name] = _round(q.loc[p].reindex(grid.columns).to_numpy(), 2) if len(peers) else np.nan
        out.loc[out["n"] < MIN_PEERS, name] = np.nan
    return out[out["score"].notna()].reset_index(drop=True)


def risers(ds: Dataset, agency: str, year: int, group: str, fw: Framework, within: float = 2.0,
           limit: int = 10) -> pd.DataFrame:
    """Returns the group's other agencies whose previous-year total was within ±`within` points of the
    agency's, sorted by gain (largest first): agency, before, total, gain. Empty when the agency has no
    previous-year total or no group."""
    now, before = year_totals(ds, year, fw), year_totals(ds, int(year) - 1, fw)
    cols = ["agency", "before", "total", "gain"]
    if agency not in before.index:
        return pd.DataFrame(columns=cols)
    both = pd.DataFrame({"before": before, "total": now}).dropna()
    both = both.loc[both.index.intersection(members(ds, agency, group, both.index))].drop(index=agency, errors="ignore")
    both = both[(both["before"] - before[agency]).abs() <= within + 1e-9]
    both["gain"] = _round(both["total"] - both["before"], 2)
    both = both.sort_values(["gain", "total"], ascending=False, kind="stable").head(limit)
    return both.rename_axis("agency").reset_index()[cols]
