"""The review page's tables and chart (ita.services.review, ita.services.charts.review_chart) from a review
computed by hand (see tests/unit/core/test_review.py)."""

import json

import pandas as pd

from ita.core.review import review_plan
from ita.services import review as sr
from ita.services.charts import review_chart

BEFORE = {str(i): v for i, v in enumerate([90, 80, 95, 70, 88, 90, 85, 92, 80, 75], start=1)}
AFTER = {str(i): v for i, v in enumerate([91, 82, 94, 74, 88, 90.5, 88, 90, 86, 80], start=1)}


def a_review(fw, **kw):
    plan = pd.DataFrame([
        {"number": "1", "title": "เปิดเผยข้อมูล", "status": "แล้วเสร็จ", "indicators": "9,10", "target": 85.0, "note": ""},
        {"number": "2", "title": "ทรัพย์สิน", "status": "ยังไม่เริ่ม", "indicators": "4", "target": None,
         "note": "สถานะ “ยังไม่เริ่ม” อนุมานจากรายงาน (ทดสอบ)"},
    ])
    return review_plan("ก", 2568, plan, {2567: BEFORE, 2568: AFTER}, {2567: 84.0, 2568: 87.5}, fw, **kw)


def test_years_to_review_and_the_default():
    assert sr.review_years(pd.Series([2569, 2568, 2569, None])) == [2569, 2568]
    assert sr.default_review_year([2569, 2568], 2569) == 2569
    assert sr.default_review_year([2568, 2566], 2567) == 2566  # the latest plan before the chosen year
    assert sr.default_review_year([2569], 2567) == 2569
    assert sr.default_review_year([], 2568) is None


def test_measures_and_indicators_tables(fw):
    r = a_review(fw)
    m = sr.measures_table(r)
    assert list(m.columns) == sr.MEASURE_COLUMNS
    assert m.iloc[0].to_dict() == {"number": "1", "title": "เปิดเผยข้อมูล", "status": "แล้วเสร็จ", "indicators": "9, 10",
                                   "change": "ตัวชี้วัดที่ 9: +6.00; ตัวชี้วัดที่ 10: +5.00",
                                   "target": "เป้าหมาย 85.00 ได้ 86.00 (ตัวชี้วัดที่ 9); ได้ 80.00 (ตัวชี้วัดที่ 10)"}
    assert m.iloc[1]["status"] == "ยังไม่เริ่ม (อนุมานจากรายงาน)"
    t = sr.indicators_table(r, fw)
    assert list(t["code"]) == ["4", "9", "10", "1", "2", "3", "5", "6", "7", "8"]
    assert list(t["group"]) == [sr.TARGETED_TH] * 3 + [sr.UNTARGETED_TH] * 7
    assert t.set_index("code").loc["4", "change"] == 4.0


def test_scenarios_table_puts_targets_beside_what_was_reached(fw):
    scen = pd.DataFrame([{"name": "เข้ม", "targets": json.dumps({"9": 90, "10": 78})}])
    t = sr.scenarios_table(a_review(fw, scenarios=scen))
    rows = {r.indicator: (r.target, r.reached, r.gap, r.met) for r in t.itertuples()}
    assert rows["ตัวชี้วัดที่ 9"] == (90.0, 86.0, -4.0, "ไม่ถึงเป้า")
    assert rows["ตัวชี้วัดที่ 10"] == (78.0, 80.0, 2.0, "ถึงเป้า")
    # 85.68 by the 2568 rule (tests/unit/core/test_review.py) against 87.50 reached.
    target, reached, gap, met = rows["คะแนนรวม (คำนวณจากเป้าหมาย)"]
    assert (round(target, 2), reached, round(gap, 2), met) == (85.68, 87.5, 1.82, "ถึงเป้า")
    assert sr.scenarios_table(a_review(fw)).empty


def test_review_chart_groups_the_bars_and_draws_both_means(fw):
    r = a_review(fw)
    fig = review_chart(sr.indicators_table(r, fw), 2567, 2568, r.targeted_change, r.untargeted_change)
    targeted, others = fig.data
    assert targeted.name == "มีมาตรการมุ่ง (เฉลี่ย +5.00)" and others.name == "ไม่มีมาตรการมุ่ง (เฉลี่ย +0.50)"
    assert list(targeted.x) == [4.0, 6.0, 5.0]
    assert [s.x0 for s in fig.layout.shapes] == [5.0, 0.5]
    low, high = fig.layout.xaxis.range
    assert low < -2.0 and high > 6.0  # room for the labels beyond the longest bars (−2.00 and +6.00)
