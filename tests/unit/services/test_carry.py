"""Carrying unfinished measures into the next plan, as the pages show it (issue 16): the link's label, the
candidates, the plan table's column, the measure's details and the logs of a chain of originals
(ita.services.plan, ita.services.progress), on hand-made frames and, at the end, on frames the store returns;
the rules under them (ita.core.rules, ita.core.thai)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from ita.core import rules, thai
from ita.services import plan, progress
from tests.unit.conftest import actor
from tests.unit.services.measure_frames import measures

SUKJAI = "อบต.สุขใจ (ข้อมูลสมมุติ)"


# -- labels ------------------------------------------------------------------------------------------


def test_the_link_is_labelled_with_the_originals_year_and_number_and_says_when_it_was_deleted():
    assert plan.carried_label(2569, "2") == "ยกมาจากปี 2569 มาตรการที่ 2"
    assert plan.carried_label(2569, "2", 0) == "ยกมาจากปี 2569 มาตรการที่ 2"
    assert plan.carried_label(2569.0, "2", 1) == "ยกมาจากปี 2569 มาตรการที่ 2 (มาตรการเดิมถูกลบแล้ว)"
    assert plan.carried_message(3, 2570) == "ยก 3 มาตรการไปแผนปี 2570 แล้ว"


def test_origin_labels_are_by_the_carried_measures_id():
    origins = pd.DataFrame([{"id": 17, "from_id": 4, "from_year": 2569, "from_number": "1", "from_title": "ก",
                             "from_status": "เริ่มแล้ว", "from_deleted": 0},
                            {"id": 18, "from_id": 5, "from_year": 2569, "from_number": "3", "from_title": "ข",
                             "from_status": "เริ่มแล้ว", "from_deleted": 1}])
    assert plan.origin_labels(origins) == {17: "ยกมาจากปี 2569 มาตรการที่ 1",
                                           18: "ยกมาจากปี 2569 มาตรการที่ 3 (มาตรการเดิมถูกลบแล้ว)"}
    assert plan.origin_labels(origins.iloc[:0]) == {}


# -- candidates ---------------------------------------------------------------------------------------


def test_candidates_are_the_unfinished_measures_not_yet_carried_in_plan_order():
    this_year = measures({"title": "ก", "status": "ดำเนินการบางส่วน"}, {"title": "ข", "status": "เริ่มแล้ว"},
                         {"title": "ค", "status": "ยังไม่เริ่ม"}, {"title": "ง", "status": "แล้วเสร็จ"})
    next_year = measures({"year": 2570, "carried_from": None}).assign(id=[10])
    found = plan.carry_candidates(this_year, next_year)
    assert found[["id", "number", "status"]].values.tolist() == [
        [1, "1", "ดำเนินการบางส่วน"], [2, "2", "เริ่มแล้ว"], [3, "3", "ยังไม่เริ่ม"]]
    assert found["label"].iloc[1] == "2. ข · เริ่มแล้ว"
    # Measure 2 is in the next plan already (its copy's carried_from; a float column when there are blanks).
    next_year = measures({"year": 2570}, {"year": 2570, "carried_from": 2.0}).assign(id=[10, 11])
    assert list(plan.carry_candidates(this_year, next_year)["id"]) == [1, 3]
    # An empty next plan, with or without the column.
    assert list(plan.carry_candidates(this_year, next_year.iloc[:0])["id"]) == [1, 2, 3]
    assert list(plan.carry_candidates(this_year, pd.DataFrame())["id"]) == [1, 2, 3]
    assert plan.carry_candidates(this_year.iloc[3:], next_year).empty


# -- the plan table and the details ------------------------------------------------------------------


def test_the_plan_table_says_where_each_carried_measure_came_from():
    df = measures({"number": "1"}, {"number": "2", "carried_from": 4})
    origins = pd.DataFrame([{"id": 2, "from_id": 4, "from_year": 2569, "from_number": "1", "from_title": "ก",
                             "from_status": "เริ่มแล้ว", "from_deleted": 0}])
    assert plan.plan_table(df, origins)["carried"].tolist() == ["", "ยกมาจากปี 2569 มาตรการที่ 1"]
    assert plan.plan_table(df)["carried"].tolist() == ["", ""]


def test_the_details_of_a_carried_measure_start_with_the_link():
    details = plan.measure_details({"indicators": "9.4", "status": "เริ่มแล้ว"}, "ยกมาจากปี 2569 มาตรการที่ 2")
    assert details == [("ยกมาจาก", "ยกมาจากปี 2569 มาตรการที่ 2"), ("ตัวชี้วัดที่เกี่ยวข้อง", "9.4"),
                       ("สถานะ", "เริ่มแล้ว")]
    assert plan.measure_details({"indicators": "9.4"}) == [("ตัวชี้วัดที่เกี่ยวข้อง", "9.4")]


# -- the originals' logs -----------------------------------------------------------------------------


def test_each_original_gets_its_log_under_its_year_and_number_nearest_first():
    chain = pd.DataFrame([{"id": 20, "agency": SUKJAI, "year": 2570, "number": "7", "title": "ก", "status": "เริ่มแล้ว",
                           "deleted": 0},
                          {"id": 5, "agency": SUKJAI, "year": 2569, "number": "2", "title": "ก", "status": "เริ่มแล้ว",
                           "deleted": 1},
                          {"id": 3, "agency": SUKJAI, "year": 2568, "number": "4", "title": "ก", "status": "เริ่มแล้ว",
                           "deleted": 0}])
    entries = pd.DataFrame([
        {"id": 9, "measure_id": 20, "year": 2570, "number": "7", "date": "2026-11-20", "text": "ส่งร่าง",
         "evidence": "https://example.go.th/ร่าง", "author": "ก", "source": ""},
        {"id": 8, "measure_id": 20, "year": 2570, "number": "7", "date": "2026-11-02", "text": "ประชุม",
         "evidence": None, "author": "ก", "source": ""},
        {"id": 2, "measure_id": 5, "year": 2569, "number": "2", "date": "2025-10-20", "text": "แต่งตั้ง",
         "evidence": "", "author": "ข", "source": ""},
    ])
    logs = progress.original_logs(chain, entries)
    assert [g.heading for g in logs] == [
        "ความก้าวหน้าจากมาตรการเดิม ปี 2570 มาตรการที่ 7",
        "ความก้าวหน้าจากมาตรการเดิม ปี 2569 มาตรการที่ 2 (มาตรการเดิมถูกลบแล้ว)",
        "ความก้าวหน้าจากมาตรการเดิม ปี 2568 มาตรการที่ 4",
    ]
    assert logs[0].log[["date", "text", "author"]].values.tolist() == [["20 พ.ย. 2569", "ส่งร่าง", "ก"],
                                                                       ["2 พ.ย. 2569", "ประชุม", "ก"]]
    assert logs[0].log["evidence"].iloc[0] == "https://example.go.th/ร่าง" and pd.isna(logs[0].log["evidence"].iloc[1])
    assert logs[1].log["text"].tolist() == ["แต่งตั้ง"]
    assert logs[2].log.empty and list(logs[2].log.columns) == progress.LOG_COLUMNS
    assert progress.original_logs(chain.iloc[:0], entries.iloc[:0]) == []


# -- the rules under them --------------------------------------------------------------------------------


def test_the_core_rules_number_and_shift_a_carried_measure():
    assert plan.next_number is rules.next_number and plan.shift_period is thai.shift_period
    assert rules.next_number(["1", "2", "4"]) == "5"
    assert thai.shift_period("ม.ค.๖๙ ถึง มิ.ย.๖๙", 2569, 2570) == "ม.ค.๗๐ ถึง มิ.ย.๗๐"
    assert thai.shift_period("", 2569, 2570) == "ต.ค.๖๙ ถึง ก.ย.๗๐"


def test_carry_problems_name_the_measure_and_say_why():
    m = {"agency": SUKJAI, "year": 2569, "number": "2", "status": "เริ่มแล้ว", "deleted": 0}
    assert rules.carry_problem(m, 2570, SUKJAI) is None
    name = "มาตรการที่ 2 ปีงบประมาณ 2569"
    assert rules.carry_problem({**m, "status": "แล้วเสร็จ"}, 2570, SUKJAI) == (
        name, "แล้วเสร็จแล้ว จึงไม่ต้องยกไปแผนปี 2570")
    assert rules.carry_problem(m, 2570, SUKJAI, "6")[1] == "ยกไปแผนปี 2570 แล้ว (เป็นมาตรการที่ 6) จึงไม่ยกซ้ำ"
    assert "ถูกลบแล้ว" in rules.carry_problem({**m, "deleted": 1}, 2570, SUKJAI)[1]
    assert "ยกได้ครั้งละหน่วยงาน" in rules.carry_problem(m, 2570, "อบต.อื่น")[1]
    assert "หลังจากปี 2569" in rules.carry_problem(m, 2569, SUKJAI)[1]
    assert rules.carry_year_problem(2570) is None
    assert rules.carry_year_problem("ปีหน้า") is not None and rules.carry_year_problem(2025) is not None
    assert rules.carried_source("2", 2569) == "ยกมาจากมาตรการที่ 2 ปีงบประมาณ 2569"
    assert not rules.inferred_status(rules.carried_note(2569, "เริ่มแล้ว")), "no O28 '*' for a carried measure"


# -- on the store's frames ------------------------------------------------------------------------------


def test_a_carry_through_the_store_reads_back_as_the_pages_show_it(store):
    """The fictional agency's 2569 plan (three unfinished, one done) carried into 2570, then one of them on into
    2571: the candidates, the plan years, the 2570 table and the chained logs, from the store's own frames."""
    planner = actor("ผู้วางแผน", "planner", agencies={SUKJAI})
    y69 = store.measures(SUKJAI, 2569)
    first = plan.carry_candidates(y69, store.measures(SUKJAI, 2570))
    assert list(first["number"]) == ["1", "2", "3"]
    assert 2570 not in plan.plan_years(store.measures(SUKJAI)["year"], 2568)
    new = store.carry_forward(list(first["id"]), 2570, planner)
    assert plan.carry_candidates(y69, store.measures(SUKJAI, 2570)).empty
    assert plan.plan_years(store.measures(SUKJAI)["year"], 2568) == [2568, 2569, 2570]
    y70 = store.measures(SUKJAI, 2570)
    table = plan.plan_table(y70, store.carry_origins(SUKJAI, 2570))
    assert table["carried"].tolist() == [f"ยกมาจากปี 2569 มาตรการที่ {n}" for n in ("1", "2", "3")]
    store.add_progress(new[1], str(date.today() - timedelta(days=1)), "ประชุมต่อ", "", planner)
    last = store.carry_forward([new[1]], 2571, planner)[0]
    logs = progress.original_logs(store.carried_chain(last), store.carried_progress(last))
    assert [(g.heading, g.log["text"].tolist()) for g in logs] == [
        ("ความก้าวหน้าจากมาตรการเดิม ปี 2570 มาตรการที่ 2", ["ประชุมต่อ"]),
        ("ความก้าวหน้าจากมาตรการเดิม ปี 2569 มาตรการที่ 2", ["แต่งตั้งคณะทำงาน (สมมุติ)"]),
    ]
