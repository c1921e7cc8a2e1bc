"""Peers (ita.core.peers): ranks and percentiles computed by hand, ties, small groups, missing totals and
agencies without attributes; the percentile over the years, the indicator profile and the risers."""

import pandas as pd
import pytest

from ita.core import peers
from ita.core.framework import load_framework
from ita.core.model import Dataset

FW = load_framework()
CODES = [str(i) for i in range(1, 11)]

def _agency(name, kind="อบต.", size="L", province="เชียงราย", district="แม่จัน"):
    return {"agency": name, "kind": kind, "size": size, "province": province, "district": district,
            "fictional": "ใช่"}

def _ds(totals, agencies, scores=()):
    """totals: {(agency, year): total}; scores: [(agency, year, {code: score})]."""
    return Dataset.from_records({
        "agencies": agencies,
        "results": [{"agency": a, "year": y, "total": t} for (a, y), t in totals.items()],
        "indicator_scores": [{"agency": a, "year": y, "indicator": c, "score": s}
                             for a, y, sc in scores for c, s in sc.items()],
    })

# Province เชียงราย: A 95, B 90, C 90 (tie), D 85, E 80, F no total (not counted). Province ลำปาง: three.
# G has a total and no row in the agencies table.
TOTALS = {("A", 2568): 95.0, ("B", 2568): 90.0, ("C", 2568): 90.0, ("D", 2568): 85.0, ("E", 2568): 80.0,
          ("X", 2568): 99.0, ("Y", 2568): 70.0, ("Z", 2568): 60.0, ("G", 2568): 88.0}
AGENCIES = [_agency(a) for a in "ABCDEF"] + [
    _agency("X", province="ลำปาง", district="เมือง"), _agency("Y", province="ลำปาง", district="เมือง"),
    _agency("Z", province="ลำปาง", district="", size="")]

def _groups(result):
    return {g["group"]: g for g in result.as_json()["groups"]}

def test_rank_and_percentile_by_hand_with_a_tie():
    ds = _ds(TOTALS, AGENCIES)
    prov = _groups(peers.agency_peers(ds, "B", 2568, FW))["province"]
    # B (90) ties with C: both rank 2; lower than 90 among the 4 others: D, E → 2/4 = 50 %.
    assert prov == {"group": "province", "key": "เชียงราย", "n": 5, "rank": 2, "percentile": 50.0,
                    "median": 90.0, "q1": 85.0, "q3": 90.0}
    table = peers.rank_all(ds, 2568, FW, ("province",))
    got = table[table["key"] == "เชียงราย"].set_index("agency")
    assert got["rank"].tolist() == [1, 2, 2, 4, 5]
    assert got["percentile"].tolist() == [100.0, 50.0, 50.0, 25.0, 0.0]
    assert "F" not in got.index  # no total in 2568: not counted

def test_nationwide_counts_every_agency_with_a_total_and_rounds_the_percentile_to_one_decimal():
    ds = _ds(TOTALS, AGENCIES)
    nat = _groups(peers.agency_peers(ds, "G", 2568, FW))["all"]
    # 9 agencies with a total; G 88 beats D 85, E 80, Y 70, Z 60 → 4 of the 8 others = 50.0; rank 5.
    assert (nat["n"], nat["rank"], nat["percentile"]) == (9, 5, 50.0)
    d = _groups(peers.agency_peers(ds, "D", 2568, FW))["all"]
    # D 85 beats E, Y, Z: 3/8 = 37.5 %; rank 6 (X, A, B, C, G above).
    assert (d["rank"], d["percentile"]) == (6, 37.5)
    ds7 = _ds({(f"a{i}", 2568): 80.0 + i for i in range(7)}, [_agency(f"a{i}") for i in range(7)])
    one = _groups(peers.agency_peers(ds7, "a1", 2568, FW))["type"]
    assert one["percentile"] == 16.7  # 1 of 6 others lower: 16.666… → 16.7

def test_a_small_group_is_not_ranked_and_says_why():
    ds = _ds(TOTALS, AGENCIES)
    prov = _groups(peers.agency_peers(ds, "X", 2568, FW))["province"]
    assert prov["n"] == 3 and prov["rank"] is None and prov["percentile"] is None
    assert "น้อยกว่า 5" in prov["note"] and "3" in prov["note"]
    assert prov["median"] == 70.0  # the distribution is still given
    assert peers.MIN_PEERS == 5

def test_an_agency_without_an_attribute_has_no_such_group_and_a_note():
    ds = _ds(TOTALS, AGENCIES)
    g = _groups(peers.agency_peers(ds, "G", 2568, FW))
    for group in ("type", "size", "province", "district"):
        assert g[group]["key"] is None and g[group]["rank"] is None and g[group]["note"]
    z = _groups(peers.agency_peers(ds, "Z", 2568, FW))
    assert z["district"]["key"] is None and "อำเภอ" in z["district"]["note"]
    assert z["size"]["key"] is None and "ขนาด" in z["size"]["note"]
    # Z is in ลำปาง's province group but not in a district group: ลำปาง/เมือง counts X and Y only.
    table = peers.rank_all(ds, 2568, FW, ("district",))
    assert sorted(table.loc[table["key"] == "ลำปาง/เมือง", "agency"]) == ["X", "Y"]

def test_an_agency_without_a_total_gets_notes_not_ranks():
    ds = _ds(TOTALS, AGENCIES)
    res = peers.agency_peers(ds, "F", 2568, FW)
    assert res.total is None
    assert all(g["rank"] is None and "ไม่มีคะแนนรวม" in g["note"] for g in res.groups)

def test_size_group_is_type_and_size_together():
    agencies = [_agency(f"L{i}", size="L") for i in range(5)] + [_agency(f"M{i}", size="M") for i in range(5)] + [
        _agency(f"T{i}", kind="เทศบาลตำบล", size="L") for i in range(5)]
    totals = {(a["agency"], 2568): 80.0 + i for i, a in enumerate(agencies)}
    g = _groups(peers.agency_peers(_ds(totals, agencies), "M0", 2568, FW))
    assert (g["size"]["key"], g["size"]["n"], g["size"]["rank"]) == ("อบต. M", 5, 5)
    assert (g["type"]["key"], g["type"]["n"], g["type"]["rank"]) == ("อบต.", 10, 5)

def test_a_total_computed_from_the_indicators_counts_when_none_is_published():
    agencies = [_agency(a) for a in "ABCDE"]
    totals = {(a, 2568): 80.0 + i for i, a in enumerate("ABCD")}
    ds = _ds(totals, agencies, [("E", 2568, dict.fromkeys(CODES, 82.5))])
    g = _groups(peers.agency_peers(ds, "E", 2568, FW))["province"]
    assert peers.agency_peers(ds, "E", 2568, FW).total == pytest.approx(82.5)
    assert (g["n"], g["rank"], g["percentile"]) == (5, 2, 75.0)
    # A missing indicator leaves the computed total unknown: the agency is not counted.
    part = _ds(totals, agencies, [("E", 2568, {c: 82.5 for c in CODES[:9]})])
    assert _groups(peers.agency_peers(part, "A", 2568, FW))["province"]["n"] == 4

def test_percentile_over_the_years_risers_and_the_indicator_profile():
    names = [f"a{i}" for i in range(6)]
    agencies = [_agency(a) for a in names]
    # 2567: all near 85; 2568: a0 stays, the others rise by i points.
    totals = {(a, 2567): 85.0 + 0.5 * i for i, a in enumerate(names)}
    totals |= {(a, 2568): 85.0 + 0.5 * i + i for i, a in enumerate(names)}
    scores = [(a, 2568, {c: 80.0 + i for c in CODES}) for i, a in enumerate(names)]
    ds = _ds(totals, agencies, scores)
    over = peers.percentile_over_years(ds, "a0", "province", FW)
    assert over["year"].tolist() == [2567, 2568] and over["percentile"].tolist() == [0.0, 0.0]
    rise = peers.risers(ds, "a0", 2568, "province", FW, within=2.0)
    # Started within ±2 of a0's 85.0: a1..a4 (85.5–87.0); a5 started at 87.5; sorted by gain.
    assert rise["agency"].tolist() == ["a4", "a3", "a2", "a1"]
    assert rise["gain"].tolist() == [4.0, 3.0, 2.0, 1.0]
    prof = peers.indicator_profile(ds, "a2", 2568, "province", FW)
    assert prof["indicator"].tolist() == CODES
    first = prof.iloc[0]
    # Indicator 1 of six agencies: 80..85 → median 82.5, q1 81.25, q3 83.75 (linear).
    assert (first["score"], first["n"], first["median"], first["q1"], first["q3"]) == (82.0, 6, 82.5, 81.25, 83.75)

def test_rank_all_ranks_every_agency_of_the_year_at_once():
    ds = _ds(TOTALS, AGENCIES)
    table = peers.rank_all(ds, 2568, FW)
    assert set(table["group"]) == set(peers.GROUPS)
    assert len(table[table["group"] == "all"]) == 9
    assert table.loc[(table["group"] == "all") & (table["agency"] == "X"), "rank"].item() == 1


def test_the_one_agency_view_agrees_with_rank_all_for_every_agency():
    # Two code paths (rank_all with groupby, agency_peers with numpy on the agency's groups): same rules.
    names = [f"n{i}" for i in range(40)]
    kinds = ["อบต.", "เทศบาลตำบล"]
    agencies = [_agency(a, kind=kinds[i % 2], size="LMS"[i % 3], district=f"d{i % 9}") for i, a in enumerate(names)]
    totals = {(a, 2568): 80.0 + (i * 7 % 13) for i, a in enumerate(names)}  # many ties
    ds = _ds(totals, agencies)
    table = peers.rank_all(ds, 2568, FW)
    for a in names:
        mine = table[table["agency"] == a].set_index("group")
        for g in peers.agency_peers(ds, a, 2568, FW).groups:
            r = mine.loc[g["group"]]
            fields = ("key", "n", "median", "q1", "q3")
            assert tuple(g[f] for f in fields) == tuple(r[f] for f in fields)
            assert g["rank"] == (None if r["rank"] is pd.NA else r["rank"])
            assert g["percentile"] == (None if pd.isna(r["percentile"]) else r["percentile"])


def test_a_group_mixing_real_and_fictional_agencies_says_so():
    agencies = [_agency(a) for a in "ABCDE"] + [{**_agency("จริง"), "fictional": "ไม่ใช่"}]
    totals = {(a, 2568): 80.0 + i for i, a in enumerate(["A", "B", "C", "D", "E", "จริง"])}
    ds = _ds(totals, agencies)
    prov = _groups(peers.agency_peers(ds, "จริง", 2568, FW))["province"]
    assert prov["rank"] == 1 and "สมมุติ 5 จาก 6" in prov["note"]
    table = peers.rank_all(ds, 2568, FW, ("province",))
    assert set(table["fictional"]) == {5}
    only = _ds({k: v for k, v in totals.items() if k[0] != "จริง"}, agencies[:5])
    assert "note" not in _groups(peers.agency_peers(only, "A", 2568, FW))["province"]
