"""ita.services.plan: the plan of measures (O27), on small hand-computed frames (its follow-up, O28, is
test_progress.py).

At the end, tests of ita.storage.store behaviour the pages rely on (measures renumbered, deleted, restored)."""

import json

import pandas as pd
import pytest

from ita.core.model import Dataset
from ita.services import plan
from ita.storage.bundled import load_bundled
from ita.storage.store import InvalidEntry, Store, StoreError
from tests.unit.conftest import actor
from tests.unit.services.measure_frames import A, measures

PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"


# -- plan year, numbers, options ----------------------------------------------------------------


def test_plan_years_offer_measure_years_the_chosen_year_and_the_next():
    assert plan.plan_years([2568, 2568, 2569], 2568) == [2568, 2569]
    assert plan.plan_years([2565], 2568) == [2565, 2568, 2569]
    assert plan.plan_years([], 2564) == [2564, 2565]


def test_a_plan_answers_the_results_of_the_year_before():
    assert plan.results_year(2569) == 2568
    assert plan.results_year("2568") == 2567


def test_earlier_measures_are_listed_by_the_catalogue_only():
    # One list of earlier measures: ita.services.catalogue.own_entries (tests/unit/test_catalogue.py).
    assert not hasattr(plan, "catalogue") and not hasattr(plan, "copy_fields")


def test_default_plan_year_is_the_next_year_only_when_it_has_measures():
    assert plan.default_plan_year([2568, 2569], 2568) == 2569
    assert plan.default_plan_year([2568], 2568) == 2568
    assert plan.default_plan_year([], 2567) == 2567


def test_next_number_follows_the_largest_and_leaves_gaps_alone():
    assert plan.next_number(["1", "2", "3", "4", "6", "7"]) == "8"  # ป่าตึง 2569 has no 5
    assert plan.next_number([]) == "1"
    assert plan.next_number(["๑", "๒"]) == "3"
    assert plan.next_number(["1", "1.1", "ก", None]) == "2"


def test_indicator_options_add_the_sub_indicators_of_the_latest_year_that_has_them(fw):
    options = plan.indicator_options(fw, 2569)  # 2569 has none of its own: 2568's are offered
    assert options[:9] == [str(i) for i in range(1, 10)]
    assert options[9:] == ["9.1", "9.2", "9.3", "9.4", "9.5", "10", "10.1", "10.2"]
    assert plan.indicator_options(fw, 2565) == [str(i) for i in range(1, 11)]
    assert plan.indicator_options(fw, 2565, extra=["9.4", ""]) == [*map(str, range(1, 10)), "9.4", "10"]


def test_default_period_is_the_whole_fiscal_year_in_thai_digits():
    assert plan.default_period(2569) == "ต.ค.๖๘ ถึง ก.ย.๖๙"
    assert plan.default_period(2568) == "ต.ค.๖๗ ถึง ก.ย.๖๘"


def test_shift_period_moves_the_months_to_the_new_year():
    assert plan.shift_period("ม.ค.๖๘ ถึง ก.ย.๖๘", 2568, 2569) == "ม.ค.๖๙ ถึง ก.ย.๖๙"
    assert plan.shift_period("มี.ค. 68", 2568, 2570) == "มี.ค.๗๐"
    assert plan.shift_period("ตลอดปีงบประมาณ", 2568, 2569) == "ต.ค.๖๘ ถึง ก.ย.๖๙"
    assert plan.shift_period("ตลอดปี", 2568, 2569) == "ต.ค.๖๘ ถึง ก.ย.๖๙"  # unreadable: the whole year
    assert plan.shift_period(None, 2568, 2569) == "ต.ค.๖๘ ถึง ก.ย.๖๙"


# -- weak indicators ----------------------------------------------------------------------------


@pytest.fixture
def scored() -> Dataset:
    scores = {"1": 96, "2": 97, "3": 99, "4": 80, "5": 95, "6": 98, "7": 96, "8": 95.5, "9": 97, "10": 87.9}
    return Dataset.from_records({
        "indicator_scores": [{"agency": A, "year": 2568, "indicator": k, "score": v} for k, v in scores.items()]
        + [{"agency": A, "year": 2565, "indicator": "9", "score": 70.0},
           {"agency": A, "year": 2566, "indicator": "9.4", "score": 70.0},  # a sub-indicator only
           {"agency": "อื่น", "year": 2567, "indicator": "1", "score": 50.0}],
    })


def test_scored_years_count_only_indicators_1_to_10(scored, fw):
    assert plan.scored_years(scored, A, fw) == [2565, 2568]
    assert plan.scored_years(scored, "ไม่มี", fw) == []


def test_weak_source_year_is_the_latest_before_the_plan_year():
    assert plan.weak_source_year([2565, 2568], 2569) == 2568
    assert plan.weak_source_year([2565, 2568], 2568) == 2565
    assert plan.weak_source_year([2568], 2568) == 2568  # none before: the latest there is
    assert plan.weak_source_year([], 2569) is None


def test_weak_choices_rank_by_headroom_with_the_weakness_sentence(scored, fw):
    weak = plan.weak_choices(scored, A, 2568, fw)
    # 10: 0.20 × (100 − 87.9) = 2.42 (ควรพัฒนา); 4: 0.06 × (100 − 80) = 1.20 (ต้องแก้ไขเร่งด่วน);
    # every other indicator is 95 or more.
    assert list(weak["indicator"]) == ["10", "4"]
    assert list(weak["headroom"].round(2)) == [2.42, 1.20]
    assert list(weak["category_th"]) == ["ควรพัฒนา", "ต้องแก้ไขเร่งด่วน"]
    assert weak["weakness"].iloc[0] == (
        "ตัวชี้วัดที่ 10 ได้ 87.90 (ควรพัฒนา) ในปี 2568: การป้องกันการทุจริต ยังเพิ่มคะแนนรวมได้อีก 2.42 คะแนน"
    )
    assert weak["weakness"].iloc[1].startswith("ตัวชี้วัดที่ 4 ได้ 80.00 (ต้องแก้ไขเร่งด่วน)")
    prefill = plan.prefill_from_weak(weak, "10")
    assert prefill["indicators"] == "10"
    assert prefill["weakness"].startswith("ตัวชี้วัดที่ 10 ได้ 87.90 (ควรพัฒนา)")
    assert prefill["title"] == "มาตรการยกระดับตัวชี้วัดที่ 10 การป้องกันการทุจริต"


def test_weak_choices_are_empty_without_scores(scored, fw):
    assert plan.weak_choices(scored, A, 2560, fw).empty
    assert list(plan.weak_choices(scored, A, 2560, fw).columns) == plan.WEAK_CHOICE_COLUMNS


# -- entering and editing -------------------------------------------------------------------------


def test_entry_fields_strip_join_and_read_thai_digits():
    fields = plan.entry_fields(number=" ๘ ", title="  ชื่อ ", indicators=["9.4", "10", "8", "9.4"],
                               units=["กองคลัง", " สำนักปลัด ", "กองคลัง"], target=None, weakness=" ",
                               budget="ไม่ใช้งบประมาณ")
    assert fields == {"number": "8", "title": "ชื่อ", "indicators": "8,9.4,10", "units": "กองคลัง;สำนักปลัด",
                      "target": None, "weakness": "", "budget": "ไม่ใช้งบประมาณ"}
    assert plan.entry_fields(number="1", title="x", target=95)["target"] == 95.0
    with pytest.raises(TypeError):
        plan.entry_fields(number="1", title="x", agency="อื่น")


def test_changed_fields_treat_blank_and_none_alike():
    read = {"title": "เดิม", "budget": None, "target": 92.0, "note": ""}
    edited = {"title": "เดิม", "budget": "", "target": 92, "note": "ใหม่"}
    assert plan.changed_fields(read, edited) == {"note": "ใหม่"}
    assert plan.changed_fields(read, {"target": None}) == {"target": None}


def test_conflict_table_names_fields_in_thai_with_their_change_and_mine():
    theirs = {"title": ("เดิม", "ของเขา"), "status": ("ยังไม่เริ่ม", "เริ่มแล้ว"), "budget": (None, ""),
              "updated": ("2025-10-25", "2026-01-05")}
    table = plan.conflict_table(theirs, {"title": "ของฉัน"})
    assert table.to_dict("records") == [
        {"field": "มาตรการ/แนวทาง", "before": "เดิม", "theirs": "ของเขา", "mine": "ของฉัน"},
        {"field": "สถานะ", "before": "ยังไม่เริ่ม", "theirs": "เริ่มแล้ว", "mine": ""},
        {"field": "ปรับปรุงล่าสุด", "before": "2025-10-25", "theirs": "2026-01-05", "mine": ""},
    ]


def test_conflict_message_is_thai_throughout():
    theirs = {"title": ("เดิม", "ของเขา"), "status": ("ยังไม่เริ่ม", "เริ่มแล้ว"), "note": ("", None)}
    assert plan.conflict_message("สมหญิง", "2026-11-25T22:20:08", theirs) == (
        "บันทึกไม่ได้: สมหญิง แก้ไขรายการนี้ไปแล้วเมื่อ 25 พ.ย. 2569 22:20 (ช่อง: มาตรการ/แนวทาง, สถานะ) "
        "ข้อมูลของคุณยังไม่ถูกบันทึกและยังอยู่ในแบบฟอร์ม"
    )
    assert plan.conflict_message("", "", {}).startswith("บันทึกไม่ได้: ผู้ใช้อื่น แก้ไขรายการนี้ไปแล้วเมื่อ ก่อนหน้านี้ (ช่อง: –)")


def test_move_swaps_with_the_neighbour_and_stays_inside():
    assert plan.move([11, 12, 13], 11, 1) == [12, 11, 13]
    assert plan.move([11, 12, 13], 13, -1) == [11, 13, 12]
    assert plan.move([11, 12, 13], 11, -1) == [11, 12, 13]
    assert plan.move([11, 12, 13], 13, 1) == [11, 12, 13]


def test_carried_versions_follow_only_forms_read_just_before_the_own_change():
    read = {1: 3, 2: 1, 3: 5}
    before = {1: 3, 2: 2, 3: 5}  # measure 2 was saved by someone else after its form was read
    after = {1: 4, 2: 3, 3: 5}
    assert plan.carried_versions(read, before, after) == {1: 4, 2: 1, 3: 5}


def test_plan_table_in_plan_order_with_thai_dates_and_results():
    df = measures(
        {"number": "1", "units": "สำนักปลัด;กองคลัง", "indicators": "9.4,8", "updated": "2025-10-25",
         "target": 95.0},
        {"number": "6", "summary": "สรุป", "results": "ผล", "status": "แล้วเสร็จ"},
    )
    table = plan.plan_table(df)
    assert list(table["number"]) == ["1", "6"]
    assert table["units"].iloc[0] == "สำนักปลัด, กองคลัง"
    assert table["indicators"].iloc[0] == "9.4, 8"
    assert table["updated"].iloc[0] == "25 ต.ค. 2568"
    assert table["updated"].iloc[1] == ""
    assert table["results"].tolist() == ["", "สรุป\nผล"]
    assert plan.has_results(df) and not plan.has_results(df.iloc[:1])


def test_measure_details_list_filled_fields_with_thai_names():
    details = plan.measure_details({"indicators": "9.4", "weakness": "", "units": "ก;ข", "target": 95.0,
                                    "updated": "2025-10-21", "note": None, "problems": "คนไม่พอ", "suggestions": ""})
    assert details == [("ตัวชี้วัดที่เกี่ยวข้อง", "9.4"), ("ส่วนงานที่รับผิดชอบ", "ก, ข"), ("คะแนนเป้าหมาย", "95.00"),
                       ("ปัญหา/อุปสรรค", "คนไม่พอ"), ("ปรับปรุงล่าสุด", "21 ต.ค. 2568")]


def test_measure_labels():
    assert plan.measure_label("3", "ก  ข\nค") == "3. ก ข ค"
    assert plan.measure_label("1", "ก" * 100, width=10) == "1. กกกกกก…"


# -- history ----------------------------------------------------------------------------------------


def _entry(hid: int, action: str, before: dict | None, after: dict | None, row_id: int = 7,
           at: str = "2026-01-05T10:30:00", author: str = "สมชาย") -> dict:
    return {"id": hid, "at": at, "author": author, "tbl": "measures", "row_id": row_id, "action": action,
            "before": json.dumps(before, ensure_ascii=False) if before else None,
            "after": json.dumps(after, ensure_ascii=False) if after else None}


def _row(version: int, **values) -> dict:
    return {"id": 7, "agency": A, "year": 2569, "number": "1", "title": "ก", "status": "ยังไม่เริ่ม",
            "deleted": 0, "version": version, **values}


@pytest.fixture
def history() -> pd.DataFrame:
    v1, v2 = _row(1), _row(2, status="เริ่มแล้ว")
    v3, v4 = _row(3, status="เริ่มแล้ว", deleted=1), _row(4, status="เริ่มแล้ว")
    return pd.DataFrame([
        _entry(4, "restore", v3, v4, at="2026-01-07T09:00:00"),
        _entry(3, "delete", v2, v3, at="2026-01-06T09:00:00"),
        _entry(2, "update", v1, v2),
        _entry(1, "insert", None, v1, author="ระบบ"),
    ])


def test_history_table_says_who_when_and_what_in_thai(history):
    table = plan.history_table(history)
    assert list(table["action"]) == ["กู้คืน", "ลบ", "แก้ไข", "สร้าง"]
    assert list(table["version"]) == [4, 3, 2, 1]
    assert list(table["changes"]) == ["กู้คืนรายการที่ลบ", "ลบรายการ", "สถานะ: ยังไม่เริ่ม → เริ่มแล้ว", "สร้างรายการ"]
    assert table["at"].iloc[2] == "5 ม.ค. 2569 10:30"
    assert table["author"].iloc[3] == "ระบบ"


def test_restorable_versions_skip_the_current_and_deleted_states(history):
    versions = plan.restorable_versions(history, current_version=4)
    assert list(versions["version"]) == [2, 1]
    assert list(versions["id"]) == [2, 1]
    assert versions["label"].iloc[0] == "ฉบับที่ 2 · 5 ม.ค. 2569 10:30 · สมชาย (แก้ไข)"


def test_deleted_measures_are_those_whose_latest_entry_deleted_them(history):
    assert plan.deleted_measures(history, A, 2569).empty  # deleted, then restored
    gone = pd.concat([pd.DataFrame([_entry(5, "delete", _row(4), _row(5, deleted=1))]), history])
    found = plan.deleted_measures(gone, A, 2569)
    assert list(found["id"]) == [7]
    assert found["label"].iloc[0] == "1. ก (ลบเมื่อ 5 ม.ค. 2569 10:30)"
    assert plan.deleted_measures(gone, A, 2568).empty
    assert plan.deleted_measures(gone, "อื่น", 2569).empty


# -- ita.storage.store behaviour found while building the pages (reported to the lead) ----------------------


@pytest.fixture
def store(tmp_path):
    ds, _ = load_bundled()
    s = Store(tmp_path / "ita.db")
    s.seed(ds)
    yield s
    s.close()


def _measure_id(store: Store, number: str) -> int:
    plan_df = store.measures(PATUENG, 2569)
    return int(plan_df.loc[plan_df["number"] == number, "id"].iloc[0])


def test_store_restoring_a_version_whose_number_is_taken_is_refused_in_thai(store):
    mid = _measure_id(store, "1")
    first = int(store.history("measures", mid).iloc[-1]["id"])
    store.update_measure(mid, {"number": "9"}, 1, actor("ก"))
    other = _measure_id(store, "2")
    store.update_measure(other, {"number": "1"}, 1, actor("ข"))
    with pytest.raises(StoreError, match="กู้คืนรุ่นนี้ไม่ได้"):
        store.restore_version(first, actor("ค"))


def test_store_a_text_target_is_an_invalid_entry(store):
    with pytest.raises(InvalidEntry):
        store.add_measure({"agency": PATUENG, "year": 2569, "number": "20", "title": "x", "target": "ไม่ทราบ"},
                          actor("ก"))


def test_store_renumbering_a_measure_keeps_its_progress(store):
    mid = _measure_id(store, "7")
    store.add_progress(mid, "2026-03-10", "จัดอบรมแล้ว", "", actor("ก"))
    store.update_measure(mid, {"number": "5"}, int(store.measure(mid)["version"]), actor("ก"))
    assert list(store.progress(mid)["text"]) == ["จัดอบรมแล้ว"]


def test_store_a_new_measure_does_not_inherit_a_deleted_measures_progress(store):
    mid = _measure_id(store, "7")
    store.add_progress(mid, "2026-03-10", "จัดอบรมแล้ว", "", actor("ก"))
    store.delete_measure(mid, int(store.measure(mid)["version"]), actor("ก"))
    new = store.add_measure({"agency": PATUENG, "year": 2569, "number": "7", "title": "มาตรการใหม่"}, actor("ก"))
    assert store.progress(new).empty



def test_store_progress_cannot_be_added_to_a_deleted_measure(store):
    mid = _measure_id(store, "7")
    store.delete_measure(mid, int(store.measure(mid)["version"]), actor("ก"))
    with pytest.raises(StoreError):
        store.add_progress(mid, "2026-03-10", "จัดอบรมแล้ว", "", actor("ก"))


def test_budget_entry_takes_the_box_or_the_text_and_refuses_both():
    assert plan.budget_entry(" 20,000 บาท ", False) == ("20,000 บาท", [])
    assert plan.budget_entry("", True) == (plan.NO_BUDGET, [])
    assert plan.budget_entry(plan.NO_BUDGET, True) == (plan.NO_BUDGET, [])
    budget, problems = plan.budget_entry("20,000 บาท", True)
    assert budget == "20,000 บาท" and [f for f, _ in problems] == ["งบประมาณ"]
    assert "20,000 บาท" in problems[0][1]
