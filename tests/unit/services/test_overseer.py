"""The overseer's view (ita.services.overseer) on a small group computed by hand: count, pass rate, mean and
median and their change, levels (published, computed, unknown), below the pass mark, the largest falls with a
tie, the weakest indicators, next year's plans and their completion, missing totals, fictional agencies mixed
in, the groups and the grants."""

import math
from itertools import product

import pandas as pd
import pytest

from ita.core.access import Account
from ita.core.framework import TOOLS, load_framework
from ita.core.model import Dataset
from ita.core.scoring import level_for
from ita.services import overseer as svc

FW = load_framework()
CODES = [str(i) for i in range(1, 11)]


def _agency(name, province="เชียงราย", district="แม่จัน", kind="อบต.", ministry="มหาดไทย", fictional="ไม่ใช่"):
    return {"agency": name, "kind": kind, "province": province, "district": district, "ministry": ministry,
            "fictional": fictional}


# Province เชียงราย, 2568 (pass mark 85):
#   A 95 (published, ผ่านดีเยี่ยม published), 2567 96 → -1; indicator 9 = 70, indicator 1 = 100 (partial)
#   B 84.5 (published level ต้องปรับปรุง), 2567 90 → -5.5
#   C no published total: ten indicators of 80 → computed 80, level computed ต้องปรับปรุง; 2567 80 → 0
#   D 90, no level, no tools → level unknown; 2567 95.5 → -5.5 (ties with B)
#   E no 2568 total (missing), 2567 70; fictional
# F is in ลำปาง (another province), G in เชียงราย/เมือง (another district), a กรม of the ministry การคลัง.
RESULTS = [
    ("A", 2568, 95.0, "ผ่านดีเยี่ยม"), ("A", 2567, 96.0, ""), ("B", 2568, 84.5, "ต้องปรับปรุง"), ("B", 2567, 90.0, ""),
    ("C", 2567, 80.0, ""), ("D", 2568, 90.0, ""), ("D", 2567, 95.5, ""), ("E", 2567, 70.0, ""),
    ("F", 2568, 50.0, ""), ("G", 2568, 99.0, ""),
]
SCORES = [("C", 2568, {c: 80.0 for c in CODES}), ("A", 2568, {"9": 70.0, "1": 100.0})]
# Plan year 2569: A three measures (two done), B one not started; D has measures for 2568 only.
MEASURES = [("A", 2569, 1, "แล้วเสร็จ"), ("A", 2569, 2, "แล้วเสร็จ"), ("A", 2569, 3, "เริ่มแล้ว"),
            ("B", 2569, 1, "ยังไม่เริ่ม"), ("D", 2568, 1, "แล้วเสร็จ")]
AGENCIES = [_agency(a) for a in "ABCD"] + [
    _agency("E", fictional="ใช่"), _agency("F", province="ลำปาง", district="เมือง"),
    _agency("G", district="เมือง", kind="กรม", ministry="การคลัง")]


def _ds(results=RESULTS, scores=SCORES, measures=MEASURES, agencies=AGENCIES):
    return Dataset.from_records({
        "agencies": agencies,
        "results": [{"agency": a, "year": y, "total": t, "level": lv} for a, y, t, lv in results],
        "indicator_scores": [{"agency": a, "year": y, "indicator": c, "score": s}
                             for a, y, sc in scores for c, s in sc.items()],
        "measures": [{"agency": a, "year": y, "number": str(n), "title": f"มาตรการ {n}", "status": s}
                     for a, y, n, s in measures],
    })


@pytest.fixture(scope="module")
def view():
    ds = _ds()
    return svc.group_view(ds, svc.group_members(ds, "province", "เชียงราย"), 2568, FW)


def test_the_province_has_its_members_and_counts_those_with_a_total(view):
    assert view.members == 6  # A B C D E G
    assert view.n == 5  # E has no 2568 total
    assert list(view.table["agency"]) == ["A", "B", "C", "D", "E", "G"]


def test_pass_rate_mean_and_median_by_hand():
    ds = _ds()
    v = svc.group_view(ds, svc.group_members(ds, "district", "เชียงราย/แม่จัน"), 2568, FW)
    assert v.members == 5 and v.n == 4  # A B C D, E without a total
    assert v.passed == 2  # A 95, D 90; B's 84.5 is below 85
    assert v.pass_rate == pytest.approx(50.0)
    assert v.mean == pytest.approx((95 + 84.5 + 80 + 90) / 4)  # 87.375
    assert v.median == pytest.approx((84.5 + 90) / 2)  # 87.25
    assert v.prev_n == 5  # E had a 2567 total
    assert v.prev_mean == pytest.approx((96 + 90 + 80 + 95.5 + 70) / 5)  # 86.3
    assert v.prev_median == pytest.approx(90.0)
    assert v.mean_change == pytest.approx(1.075)
    assert v.median_change == pytest.approx(-2.75)


def test_a_total_computed_from_the_indicators_counts_and_is_flagged(view):
    c = view.table.set_index("agency").loc["C"]
    assert c["total"] == pytest.approx(80.0) and bool(c["computed"])
    assert not bool(view.table.set_index("agency").loc["A", "computed"])


def test_levels_published_else_computed_else_unknown():
    ds = _ds()
    v = svc.group_view(ds, svc.group_members(ds, "district", "เชียงราย/แม่จัน"), 2568, FW)
    t = v.table.set_index("agency")
    assert (t.loc["A", "level"], t.loc["A", "level_source"]) == ("ผ่านดีเยี่ยม", "ประกาศ")
    assert (t.loc["B", "level"], t.loc["B", "level_source"]) == ("ต้องปรับปรุง", "ประกาศ")
    assert (t.loc["C", "level"], t.loc["C", "level_source"]) == ("ต้องปรับปรุง", "คำนวณ")
    # D: 90 needs every tool ≥ 85 for ผ่านดี, and its tools are unknown: undecided, as level_for says
    assert pd.isna(t.loc["D", "level"]) and t.loc["D", "level_source"] == ""
    assert v.levels.to_dict("list") == {"level": ["ผ่านดีเยี่ยม", "ต้องปรับปรุง", svc.NO_LEVEL_TH],
                                        "agencies": [1, 2, 1]}


def test_below_the_pass_mark_lowest_first(view):
    assert view.below["agency"].tolist() == ["C", "B"]
    assert view.below["total"].tolist() == pytest.approx([80.0, 84.5])


def test_fell_most_with_a_tie_and_no_rise_or_flat_listed(view):
    assert view.fell["agency"].tolist() == ["B", "D", "A"]  # -5.5, -5.5 (tie: by name), -1; C is flat
    assert view.fell["change"].tolist() == pytest.approx([-5.5, -5.5, -1.0])
    assert view.fell["prev_total"].tolist() == pytest.approx([90.0, 95.5, 96.0])


def test_weak_indicators_counted_per_indicator_most_often_first(view):
    weak = view.weak.set_index("indicator")
    assert view.weak["indicator"].iloc[0] == "9"  # A (70) and C (80)
    assert (weak.loc["9", "weak"], weak.loc["9", "scored"]) == (2, 2)
    assert (weak.loc["1", "weak"], weak.loc["1", "scored"]) == (1, 2)  # C only; A has 100
    assert (weak.loc["5", "weak"], weak.loc["5", "scored"]) == (1, 1)
    # the ties (one weak agency each) stay in the framework's order
    assert view.weak["indicator"].tolist() == ["9", *[c for c in CODES if c != "9"]]
    assert weak.loc["9", "label"].startswith("ตัวชี้วัดที่ 9")


def test_no_indicator_scores_gives_an_empty_table():
    ds = _ds(scores=())
    assert svc.weak_indicators(ds, ["A", "B"], 2568, FW).empty


def test_plans_of_next_year_and_their_completion(view):
    t = view.table.set_index("agency")
    assert view.plan_year == 2569 and view.plans_kept
    assert view.with_plan == 2  # A and B; D's measures are for 2568
    assert (view.measures, view.done) == (4, 2)
    assert view.completion == pytest.approx(50.0)
    assert t.loc["A", "completion"] == pytest.approx(200 / 3)
    assert t.loc["B", "completion"] == 0.0
    assert math.isnan(t.loc["D", "completion"]) and t.loc["D", "measures"] == 0


def test_the_list_that_opens_an_agency_starts_with_the_lowest_total(view):
    assert view.lowest_first == ("C", "B", "D", "A", "G", "E")  # 80, 84.5, 90, 95, 99; E has no 2568 total
    tied = svc.group_view(_ds(results=[("B", 2568, 90.0, ""), ("A", 2568, 90.0, ""), ("D", 2568, 80.0, "")]),
                          ["B", "A", "E", "D", "C"], 2568, FW)
    assert tied.lowest_first == ("C", "D", "A", "B", "E")  # equal totals by name (C's 80 computed); E last


def test_no_measures_kept_says_so():
    ds = _ds(measures=())
    v = svc.group_view(ds, ["A", "B"], 2568, FW)
    assert not v.plans_kept and v.with_plan == 0 and v.completion is None


def test_real_and_fictional_mixed_is_said(view):
    assert view.fictional == 1
    assert "สมมุติ 1 จาก 6 แห่ง" in view.mixed_note
    ds = _ds()
    only_real = svc.group_view(ds, ["A", "B"], 2568, FW)
    assert only_real.mixed_note == "" and not only_real.all_fictional
    assert svc.group_view(ds, ["E"], 2567, FW).all_fictional


def test_no_totals_at_all():
    ds = _ds()
    v = svc.group_view(ds, ["E"], 2568, FW)
    assert (v.members, v.n, v.passed) == (1, 0, 0)
    assert v.pass_rate is None and v.mean is None and v.median is None
    assert v.mean_change is None and v.median_change is None  # no 2568 mean to compare
    assert v.prev_mean == pytest.approx(70.0)
    assert v.levels.empty and v.below.empty


def test_groups_values_and_members():
    ds = _ds()
    assert svc.group_values(ds, "province") == ["ลำปาง", "เชียงราย"]  # sorted by code point
    assert svc.group_values(ds, "district", province="เชียงราย") == ["เมือง", "แม่จัน"]
    assert svc.group_values(ds, "district") == []  # a district is chosen within its province
    assert svc.group_values(ds, "type") == ["กรม", "อบต."]
    assert svc.group_members(ds, "district", "ลำปาง/เมือง") == ["F"]
    assert svc.group_members(ds, "district", "เชียงราย/เมือง") == ["G"]  # the same district name elsewhere
    assert svc.group_members(ds, "ministry", "การคลัง") == ["G"]
    assert svc.group_members(ds, "type", "อบต.", among=["A", "F", "G"]) == ["A", "F"]
    assert svc.group_members(ds, "granted", "", among=["B", "A"]) == ["B", "A"]
    assert svc.group_members(ds, "all", "") == list("ABCDEFG")
    assert svc.group_members(ds, "all", "", among=["G", "A"]) == ["A", "G"]  # the agencies table's order
    assert svc.group_years(ds, ["E"]) == [2567]
    assert svc.group_years(ds, ["C"]) == [2567, 2568]  # 2568 from its indicator scores


def test_the_whole_country_holds_agencies_with_results_but_no_attributes():
    ds = _ds(results=[*RESULTS, ("H", 2568, 88.0, "")])  # H has a result, no row in the agencies table
    assert svc.group_members(ds, "all", "") == [*"ABCDEFG", "H"]
    assert svc.group_values(ds, "all") == []  # nothing to choose: the group is the whole country
    v = svc.group_view(ds, svc.group_members(ds, "all", ""), 2568, FW)
    assert v.members == 8 and v.n == 7  # C's 80 computed from its indicators, E without a 2568 total
    assert v.passed == 4  # A 95, D 90, G 99, H 88; B 84.5, C 80 and F 50 below 85
    assert v.mean == pytest.approx((95 + 84.5 + 80 + 90 + 50 + 99 + 88) / 7)

    ds = _ds()
    viewer = Account("v", "v", "viewer", areas=frozenset({("district", "เชียงราย/เมือง"), ("province", "ลำปาง")}),
                     agencies=frozenset({"A"}))
    assert sorted(svc.covered(ds, viewer)) == ["A", "F", "G"]
    assert sorted(svc.covered(ds, Account("p", "p", "planner", agencies=frozenset({"B"})))) == ["B"]
    # a planner's areas are not a viewer's: nothing beyond the agencies granted
    assert svc.covered(ds, Account("p", "p", "planner", areas=frozenset({("province", "ลำปาง")}))) == []
    assert sorted(svc.covered(ds, Account("a", "a", "admin"))) == list("ABCDEFG")
    assert svc.covered(ds, None) == []
    assert svc.covered(ds, Account("v", "v", "viewer", active=False, agencies=frozenset({"A"}))) == []


@pytest.mark.parametrize("year", [2564, 2568])
def test_vectorised_levels_agree_with_level_for(year):
    scheme = FW.for_year(year).level_scheme
    values = [None, 50.0, 84.99, 85.0, 90.0, 95.0, 100.0]
    cases = list(product([60.0, 80.0, 85.0, 90.0, 95.0, 99.0, None], values, values, values))
    idx = pd.RangeIndex(len(cases))
    totals = pd.Series([c[0] for c in cases], index=idx, dtype=float)
    tools = pd.DataFrame([c[1:] for c in cases], index=idx, columns=list(TOOLS), dtype=float)
    got = svc.level_levels(scheme, totals, tools)
    want = [level_for(scheme, c[0], dict(zip(TOOLS, c[1:], strict=True))).level for c in cases]
    assert [None if pd.isna(g) else g for g in got] == want
