"""The review of a plan year (ita.core.review), each case computed by hand in its comments."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from ita.core.review import CAUSE_NOTE, review, review_plan

A = "อบต.ทดสอบ"


def plan(*rows: tuple) -> pd.DataFrame:
    """Measures rows: (number, title, status, indicators[, target[, note]])."""
    cols = ["number", "title", "status", "indicators", "target", "note"]
    return pd.DataFrame([dict(zip(cols, (*r, *([None] * (len(cols) - len(r)))), strict=True)) for r in rows],
                        columns=cols)


def scores(values: list[float | None]) -> dict[str, float | None]:
    return {str(i): v for i, v in enumerate(values, start=1) if v is not None}


# Scores 1–10 in 2567 and 2568. Changes: 1 +1.00, 2 +2.00, 3 −1.00, 4 +4.00, 5 0.00, 6 +0.50, 7 +3.00, 8 −2.00,
# 9 +6.00, 10 +5.00.
BEFORE = scores([90, 80, 95, 70, 88, 90, 85, 92, 80, 75])
AFTER = scores([91, 82, 94, 74, 88, 90.5, 88, 90, 86, 80])
TOTALS = {2567: 84.0, 2568: 87.5}


def test_targeted_and_untargeted_means_with_a_measure_of_several_indicators(fw):
    """Measure 1 targets 9 and 10, measure 2 targets 4: targeted {4, 9, 10} = (4 + 6 + 5) / 3 = 5.00; the other
    seven (1 2 3 5 6 7 8) = (1 + 2 − 1 + 0 + 0.5 + 3 − 2) / 7 = 3.5 / 7 = 0.50."""
    r = review_plan(A, 2568, plan(("1", "เปิดเผยข้อมูล", "แล้วเสร็จ", "9,10"), ("2", "ทรัพย์สิน", "ยังไม่เริ่ม", "4")),
                    {2567: BEFORE, 2568: AFTER}, TOTALS, fw)
    assert r.mode == "indicators"
    assert [c.code for c in r.targeted] == ["4", "9", "10"]
    assert [c.code for c in r.untargeted] == ["1", "2", "3", "5", "6", "7", "8"]
    assert r.targeted_change == 5.0 and r.untargeted_change == 0.5
    assert r.measures[0].indicators == ("9", "10") and dict((c.code, c.change) for c in r.measures[0].changes) == {
        "9": 6.0, "10": 5.0}
    assert r.measures[0].mean_change == 5.5
    assert (r.done, r.count) == (1, 2)
    assert r.total_change == 3.5
    assert r.notes[0] == CAUSE_NOTE
    assert r.headline() == ("มาตรการปี 2568 แล้วเสร็จ 1 จาก 2 · ตัวชี้วัดที่มาตรการมุ่งเปลี่ยนเฉลี่ย +5.00 "
                            "เทียบกับ +0.50 ของตัวชี้วัดอื่น (2567→2568)")


def test_an_indicator_targeted_by_two_measures_counts_once(fw):
    """Both measures target 9; measure 2 also 1. Targeted {1, 9} = (1 + 6) / 2 = 3.50 (9 once, not (1+6+6)/3);
    the rest (2 3 4 5 6 7 8 10) = (2 − 1 + 4 + 0 + 0.5 + 3 − 2 + 5) / 8 = 11.5 / 8 = 1.4375 → 1.44."""
    r = review_plan(A, 2568, plan(("1", "ก", "แล้วเสร็จ", "9"), ("2", "ข", "แล้วเสร็จ", "9.2,1")),
                    {2567: BEFORE, 2568: AFTER}, TOTALS, fw)
    assert [c.code for c in r.targeted] == ["1", "9"]
    assert r.targeted_change == 3.5
    assert r.untargeted_change == 1.44
    # 9.2 has no score of its own in either year, so measure 2 is compared on indicator 9, and the note says so.
    assert r.measures[1].indicators == ("1", "9")
    assert "มาตรการที่ 2 ระบุตัวชี้วัดย่อย 9.2" in r.note and "จึงเทียบกับตัวชี้วัดที่ 9" in r.note
    assert "มาจากตัวชี้วัดเพียง 2 ตัว" in r.note  # two targeted indicators: few


def test_a_sub_indicator_with_scores_in_both_years_is_compared_itself(fw):
    """9.4 scored 70 → 85 (+15): measure 1 targets 9.4, not 9; indicator 9 is then neither targeted nor among
    the untargeted (a sub-indicator of it is targeted). Targeted {9.4} = 15.00; untargeted {1..8, 10} =
    (1 + 2 − 1 + 4 + 0 + 0.5 + 3 − 2 + 5) / 9 = 12.5 / 9 = 1.3888… → 1.39."""
    r = review_plan(A, 2568, plan(("1", "บุคคล", "แล้วเสร็จ", "9.4")),
                    {2567: {**BEFORE, "9.4": 70.0}, 2568: {**AFTER, "9.4": 85.0}}, TOTALS, fw)
    assert r.measures[0].indicators == ("9.4",)
    assert r.targeted_change == 15.0
    assert "9" not in [c.code for c in r.untargeted] and len(r.untargeted) == 9
    assert r.untargeted_change == 1.39
    assert "ระบุตัวชี้วัดย่อย" not in r.note


def test_missing_scores_on_either_side_are_null_with_the_reason(fw):
    """Indicator 9 has no 2567 score, 10 no 2568 score, 7 neither: their changes are None with the years
    missing, and they are left out of the means: targeted {9, 10} has no change → None; untargeted = 1 2 3 4 5 6
    8 = (1 + 2 − 1 + 4 + 0 + 0.5 − 2) / 7 = 4.5 / 7 = 0.642… → 0.64."""
    before = {k: v for k, v in BEFORE.items() if k not in ("9", "7")}
    after = {k: v for k, v in AFTER.items() if k not in ("10", "7")}
    r = review_plan(A, 2568, plan(("1", "ก", "เริ่มแล้ว", "9,10")), {2567: before, 2568: after}, TOTALS, fw)
    changes = {c.code: c for c in r.measures[0].changes}
    assert changes["9"].change is None and changes["9"].reason == "ไม่มีคะแนนปี 2567"
    assert changes["10"].change is None and changes["10"].reason == "ไม่มีคะแนนปี 2568"
    assert r.targeted_change is None
    assert r.untargeted_change == 0.64
    assert "ตัวชี้วัดที่ 7 ไม่มีคะแนนปี 2567 และ 2568" in r.note
    assert "ตัวชี้วัดที่ 9 ไม่มีคะแนนปี 2567" in r.note
    assert r.as_json()["measures"][0]["change"] == {"9": None, "10": None}
    assert r.as_json()["targeted_change"] is None


def test_an_agency_with_totals_only_says_what_can_and_cannot_be_said(fw):
    """อบต.ป่าตึง-like: totals 90.36 → 98.80 (+8.44), three measures done, no indicator scores."""
    r = review_plan(A, 2568, plan(("1", "ก", "แล้วเสร็จ", "9.4"), ("2", "ข", "แล้วเสร็จ", "8"),
                                  ("3", "ค", "แล้วเสร็จ", "4")),
                    {2567: {}, 2568: {}}, {2567: 90.36, 2568: 98.80}, fw)
    assert r.mode == "totals"
    assert r.targeted_change is None and r.untargeted_change is None
    assert r.total_change == 8.44
    assert r.notes[0].startswith("หน่วยงานมีเฉพาะคะแนนรวม: ปี 2567 ได้ 90.36 ปี 2568 ได้ 98.80 (+8.44) "
                                 "ขณะที่มาตรการปี 2568 แล้วเสร็จ 3 จาก 3 มาตรการ")
    assert "บอกไม่ได้ว่าตัวชี้วัดที่มาตรการมุ่งเปลี่ยนต่างจากตัวชี้วัดอื่นหรือไม่" in r.notes[0]
    assert r.headline() == "มาตรการปี 2568 แล้วเสร็จ 3 จาก 3 · คะแนนรวม 2567→2568 เปลี่ยน +8.44"
    assert CAUSE_NOTE not in r.notes


def test_no_results_of_the_plan_year_yet(fw):
    r = review_plan(A, 2569, plan(("1", "ก", "เริ่มแล้ว", "7")), {2568: AFTER, 2569: {}}, {2568: 87.5}, fw)
    assert r.mode == "none"
    assert r.notes[0] == "ยังเปรียบเทียบไม่ได้: ยังไม่มีผลการประเมินปี 2569"
    assert r.headline().endswith("ยังเปรียบเทียบไม่ได้: ยังไม่มีผลการประเมินปี 2569")


def test_measures_without_indicators_and_inferred_statuses_are_said(fw):
    note = "สถานะ “แล้วเสร็จ” อนุมานจากการที่รายงานแสดงสรุปผล (รายงานไม่ได้ระบุสถานะไว้โดยตรง)"
    r = review_plan(A, 2568, plan(("1", "ก", "แล้วเสร็จ", "", None, note), ("2", "ข", "แล้วเสร็จ", "5")),
                    {2567: BEFORE, 2568: AFTER}, TOTALS, fw)
    assert r.measures[0].indicators == () and r.measures[0].status_inferred
    assert "มาตรการที่ 1 ไม่ได้ระบุตัวชี้วัด" in r.note
    assert "สถานะของมาตรการที่ 1 อนุมานจากรายงาน" in r.note


def test_measure_target_and_scenario_targets_beside_the_reached_scores(fw):
    """Measure target 85 on indicator 9: reached 86.00. Scenario 'เข้ม' saved on 2567: 9 → 90 (reached 86, not
    met) and 10 → 78 (reached 80, met). Its total: the 2567 scores with 9 = 90 and 10 = 78, by the 2568 rule
    (IIT 30 %, EIT 30 %, OIT 40 %, a plain mean inside each tool): IIT (90+80+95+70+88)/5 = 84.6, EIT
    (90+85+92)/3 = 89, OIT (90+78)/2 = 84 → 0.3·84.6 + 0.3·89 + 0.4·84 = 25.38 + 26.7 + 33.6 = 85.68."""
    scen = pd.DataFrame([{"name": "เข้ม", "targets": json.dumps({"9": 90, "10": 78})}])
    r = review_plan(A, 2568, plan(("1", "ก", "แล้วเสร็จ", "9", 85.0)), {2567: BEFORE, 2568: AFTER}, TOTALS, fw,
                    scenarios=scen)
    assert r.measures[0].target_line() == "เป้าหมาย 85.00 ได้ 86.00 (ตัวชี้วัดที่ 9)"
    (s,) = r.scenarios
    assert s.rows == (("9", 90.0, 86.0), ("10", 78.0, 80.0))
    assert s.met == 1
    assert s.total_target == pytest.approx(85.68)
    assert s.total_reached == 87.5


def test_the_fictional_agency_2568_matches_the_hand_computation(bundled, fw):
    """data/build/demo.py: 2567 → 2568 indicator 9 88.30 → 94.50 (+6.20), 10 81.60 → 87.90 (+6.30), 8 86.90 →
    93.20 (+6.30): targeted (6.20 + 6.30 + 6.30) / 3 = 6.2666… → 6.27. Untargeted 1 +2.80, 2 +3.30, 3 +3.50,
    4 +3.20, 5 +4.90, 6 +1.80, 7 −1.60: 17.90 / 7 = 2.557… → 2.56."""
    r = review(bundled, "อบต.สุขใจ (ข้อมูลสมมุติ)", 2568, fw)
    assert r.as_json() == {
        "year": 2568,
        "measures": [
            {"number": "1", "title": "มาตรการเผยแพร่ข้อมูลการจัดซื้อจัดจ้างรายเดือน (สมมุติ)", "status": "แล้วเสร็จ",
             "indicators": ["9"], "change": {"9": 6.2}},
            {"number": "2", "title": "มาตรการประกาศนโยบาย No Gift Policy และรายงานผล (สมมุติ)", "status": "แล้วเสร็จ",
             "indicators": ["10"], "change": {"10": 6.3}},
            {"number": "3", "title": "มาตรการสำรวจความพึงพอใจผู้รับบริการ (สมมุติ)", "status": "แล้วเสร็จ",
             "indicators": ["8"], "change": {"8": 6.3}},
        ],
        "targeted_change": 6.27,
        "untargeted_change": 2.56,
        "note": r.note,
    }
    assert r.fictional and "ข้อมูลสมมุติ" in r.note


def test_the_real_agency_2568_has_totals_only(bundled, fw):
    r = review(bundled, "องค์การบริหารส่วนตำบลป่าตึง", 2568, fw)
    assert r.mode == "totals" and r.total_change == 8.44 and (r.done, r.count) == (3, 3)
    assert "สถานะของมาตรการที่ 1, 2, 3 อนุมานจากรายงานของหน่วยงาน" in r.note
    assert not r.fictional and "ข้อมูลสมมุติ" not in r.note
