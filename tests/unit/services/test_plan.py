"""ita.services.plan: the plan of measures (O27) and its follow-up (O28), on small hand-computed frames.

At the end, tests of ita.storage.store behaviour the pages rely on (measures renumbered, deleted, restored)."""

import json
from datetime import date

import pandas as pd
import pytest

from ita.core.model import Dataset
from ita.services import charts, plan
from ita.storage.bundled import load_bundled
from ita.storage.store import InvalidEntry, Store, StoreError

A = "อบต.ทดสอบ"
PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"


def measures(*rows: dict) -> pd.DataFrame:
    """Returns measures as Store.measures() does, with defaults for the columns a test leaves out."""
    base = {"agency": A, "year": 2569, "title": "มาตรการ", "indicators": "", "weakness": "", "method": "",
            "owner_text": "", "units": "", "period": "", "followup": "", "budget": "", "target": None,
            "status": "ยังไม่เริ่ม", "summary": "", "results": "", "updated": "", "source": "", "note": "",
            "version": 1}
    out = []
    for i, row in enumerate(rows, start=1):
        out.append({**base, "id": i, "number": str(i), "position": i, **row})
    return pd.DataFrame(out)


def progress(*rows: tuple[str, str]) -> pd.DataFrame:
    """Returns progress entries (number, ISO date) as Dataset['progress'] holds them."""
    return pd.DataFrame(
        [{"agency": A, "year": 2569, "number": n, "date": d, "text": f"ทำแล้ว {d}", "evidence": "", "author": "x",
          "source": ""} for n, d in rows],
        columns=["agency", "year", "number", "date", "text", "evidence", "author", "source"],
    )


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


def test_weak_table_ranks_by_headroom_with_the_weakness_sentence(scored, fw):
    weak = plan.weak_table(scored, A, 2568, fw)
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


def test_weak_table_is_empty_without_scores(scored, fw):
    assert plan.weak_table(scored, A, 2560, fw).empty
    assert list(plan.weak_table(scored, A, 2560, fw).columns) == plan.WEAK_COLUMNS


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
                                    "updated": "2025-10-21", "note": None})
    assert details == [("ตัวชี้วัดที่เกี่ยวข้อง", "9.4"), ("ส่วนงานที่รับผิดชอบ", "ก, ข"), ("คะแนนเป้าหมาย", "95.00"),
                       ("ปรับปรุงล่าสุด", "21 ต.ค. 2568")]


def test_thai_dates_and_labels():
    assert plan.thai_date("2025-10-25") == "25 ต.ค. 2568"
    assert plan.thai_date("ไม่ทราบ") == "ไม่ทราบ"
    assert plan.thai_datetime("2026-11-25T21:57:10") == "25 พ.ย. 2569 21:57"
    assert plan.measure_label("3", "ก  ข\nค") == "3. ก ข ค"
    assert plan.measure_label("1", "ก" * 100, width=10) == "1. กกกกกก…"
    assert plan.plain_label("**หนา** [ลิงก์](x)\nบรรทัด") == "\\*\\*หนา\\*\\* \\[ลิงก์\\]\\(x\\) บรรทัด"


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


# -- rates and counts --------------------------------------------------------------------------------


def test_implementation_rate_is_the_share_done():
    df = measures({"status": "แล้วเสร็จ"}, {"status": "เริ่มแล้ว"}, {"status": "ยังไม่เริ่ม"},
                  {"status": "ดำเนินการบางส่วน"})
    assert plan.implementation_rate(df) == 25.0
    assert plan.done_count(df) == 1
    assert plan.implementation_rate(df.iloc[:0]) is None
    assert plan.implementation_rate(measures({"status": "แล้วเสร็จ"}, {"status": "แล้วเสร็จ"},
                                             {"status": "เริ่มแล้ว"})) == pytest.approx(200 / 3)


def test_status_counts_keep_the_five_steps_in_order_and_unknown_ones():
    df = measures({"status": "แล้วเสร็จ"}, {"status": "แล้วเสร็จ"}, {"status": "เริ่มแล้ว"}, {"status": "รอ"})
    counts = plan.status_counts(df)
    assert list(counts["status"]) == [
        "ยังไม่เริ่ม", "เริ่มแล้ว", "ดำเนินการบางส่วน", "ดำเนินการเกือบแล้วเสร็จ", "แล้วเสร็จ", "รอ"]
    assert list(counts["count"]) == [0, 1, 0, 0, 2, 1]
    assert list(counts["share"]) == [0.0, 25.0, 0.0, 0.0, 50.0, 25.0]


def test_by_unit_counts_a_measure_for_each_of_its_units():
    df = measures(
        {"units": "กองคลัง;สำนักปลัด", "status": "แล้วเสร็จ"},
        {"units": "สำนักปลัด", "status": "เริ่มแล้ว"},
        {"units": " ", "status": "แล้วเสร็จ"},
        {"units": "กองช่าง", "status": "เริ่มแล้ว"},
    )
    table = plan.by_unit(df, ["สำนักปลัด", "กองคลัง"])
    assert table.to_dict("records") == [
        {"unit": "สำนักปลัด", "measures": 2, "done": 1, "rate": 50.0},
        {"unit": "กองคลัง", "measures": 1, "done": 1, "rate": 100.0},
        {"unit": "ไม่ระบุส่วนงาน", "measures": 1, "done": 1, "rate": 100.0},
        {"unit": "กองช่าง", "measures": 1, "done": 0, "rate": 0.0},
    ]


# -- periods, quarters, staleness -----------------------------------------------------------------


@pytest.fixture
def timed() -> pd.DataFrame:
    return measures(
        {"period": "ต.ค.๖๘ ถึง ก.ย.๖๙"},        # Q1–Q4
        {"period": "ธ.ค.๖๘ ถึง ม.ค.๖๙"},        # crosses Q1 and Q2
        {"period": "ม.ค. 69 - มิ.ย. 69"},       # Q2 and Q3
        {"period": "เม.ย.๖๙"},                  # Q3 only
        {"period": "ก.ย.๖๙ ถึง ต.ค.๖๙"},        # Q4, running past the fiscal year
        {"period": "ตลอดปีงบประมาณ"},           # Q1–Q4, read with the measure's year
        {"period": ""},
        {"period": "ตุลา 68 ถึง กันยา 69"},
    )


def test_measure_periods_read_each_period_and_list_the_unreadable(timed):
    periods = plan.measure_periods(timed)
    parsed = periods.parsed
    assert list(parsed["number"]) == ["1", "2", "3", "4", "5", "6"]
    assert (parsed["start"].iloc[0], parsed["end"].iloc[0]) == (date(2025, 10, 1), date(2026, 9, 30))
    assert (parsed["start"].iloc[1], parsed["end"].iloc[1]) == (date(2025, 12, 1), date(2026, 1, 31))
    assert (parsed["start"].iloc[4], parsed["end"].iloc[4]) == (date(2026, 9, 1), date(2026, 10, 31))
    assert (parsed["start"].iloc[5], parsed["end"].iloc[5]) == (date(2025, 10, 1), date(2026, 9, 30))
    unparsed = periods.unparsed
    assert list(unparsed["number"]) == ["7", "8"]
    assert unparsed["problem"].iloc[0] == "ไม่ได้ระบุระยะเวลาดำเนินการ"
    assert "ไม่รู้จักชื่อเดือน" in unparsed["problem"].iloc[1]
    assert unparsed["period"].iloc[1] == "ตุลา 68 ถึง กันยา 69"


def test_quarter_labels_name_the_months_and_the_calendar_year():
    assert plan.quarter_label(2569, 1) == "ไตรมาส 1 (ต.ค.–ธ.ค. 2568)"
    assert plan.quarter_label(2569, 2) == "ไตรมาส 2 (ม.ค.–มี.ค. 2569)"
    assert plan.quarter_label(2569, 4) == "ไตรมาส 4 (ก.ค.–ก.ย. 2569)"


def test_by_quarter_counts_measures_in_every_quarter_they_cross_and_dated_entries(timed):
    periods = plan.measure_periods(timed).parsed
    entries = progress(("1", "2025-10-01"), ("1", "2025-12-31"), ("2", "2026-01-01"), ("1", "2026-09-30"),
                       ("1", "2026-10-01"), ("2", "2025-09-30"))
    table = plan.by_quarter(periods, entries, 2569)
    assert list(table["quarter"]) == [1, 2, 3, 4]
    # Q1: 1, 2, 6 · Q2: 1, 2, 3, 6 · Q3: 1, 3, 4, 6 · Q4: 1, 5, 6
    assert list(table["active"]) == [3, 4, 4, 3]
    assert list(table["entries"]) == [2, 1, 0, 1]
    assert (table["start"].iloc[1], table["end"].iloc[1]) == (date(2026, 1, 1), date(2026, 3, 31))
    assert plan.entries_outside_year(entries, 2569) == 2


def test_stale_measures_use_the_latest_update_or_progress_and_skip_done_ones():
    today = date(2026, 1, 31)
    df = measures(
        {"updated": "2025-10-25", "title": "A"},                          # 98 days: stale
        {"updated": "2025-10-25", "title": "B"},                          # progress 21 days ago
        {"updated": "2025-10-01", "title": "C", "status": "แล้วเสร็จ"},   # done: never flagged
        {"updated": "", "title": "D"},                                     # never updated: stale
        {"updated": "2025-11-02", "title": "E"},                          # exactly 90 days: stale
        {"updated": "2025-11-03", "title": "F"},                          # 89 days
    )
    entries = progress(("2", "2026-01-10"), ("2", "2025-09-01"), ("9", "2026-01-30"))
    last = plan.last_updates(df, entries, today)
    assert [None if pd.isna(d) else int(d) for d in last["days"]] == [98, 21, 122, None, 90, 89]
    assert last["last_update"].iloc[1] == date(2026, 1, 10)
    stale = plan.stale_measures(df, entries, today, 90)
    assert list(stale["title"]) == ["D", "A", "E"]
    assert list(plan.stale_measures(df, entries, today, 99)["title"]) == ["D"]
    assert list(plan.stale_measures(df, entries, today, 1)["title"]) == ["D", "A", "E", "F", "B"]
    with pytest.raises(ValueError):
        plan.stale_measures(df, entries, today, -1)


def test_plan_progress_keeps_the_agency_and_year():
    entries = pd.concat([progress(("1", "2026-01-01")),
                         progress(("1", "2025-01-01")).assign(year=2568),
                         progress(("1", "2026-01-02")).assign(agency="อื่น")])
    assert list(plan.plan_progress(entries, A, 2569)["date"]) == ["2026-01-01"]


def test_progress_log_shows_thai_dates_and_no_link_for_a_blank_evidence():
    log = pd.DataFrame([{"id": 2, "date": "2026-01-05", "text": " ประชุม ", "evidence": "https://x.go.th/a",
                         "author": "สมชาย", "source": ""},
                        {"id": 1, "date": "2025-12-01", "text": "เริ่ม", "evidence": "", "author": "", "source": ""}])
    shown = plan.progress_log(log)
    assert list(shown["date"]) == ["5 ม.ค. 2569", "1 ธ.ค. 2568"]
    assert shown["text"].iloc[0] == "ประชุม"
    assert shown["evidence"].iloc[0] == "https://x.go.th/a"
    assert pd.isna(shown["evidence"].iloc[1])


def _entries() -> pd.DataFrame:
    return pd.DataFrame([{"id": 7, "date": "2026-01-05", "text": "ประชุม  ชี้แจง\nเจ้าหน้าที่", "evidence": None,
                          "author": "สมชาย", "source": "", "version": 3},
                         {"id": 4, "date": "เมื่อวาน", "text": "เริ่ม", "evidence": "https://x.go.th/a", "author": "",
                          "source": "", "version": 1}])


def test_progress_choices_and_entry_give_what_the_edit_form_shows():
    assert plan.progress_choices(_entries()) == {7: "5 ม.ค. 2569 · ประชุม ชี้แจง เจ้าหน้าที่ · สมชาย",
                                                 4: "เมื่อวาน · เริ่ม"}
    entry = plan.progress_entry(_entries(), 7)
    assert entry == {"id": 7, "version": 3, "date": "2026-01-05", "day": date(2026, 1, 5),
                     "text": "ประชุม  ชี้แจง\nเจ้าหน้าที่", "evidence": "", "author": "สมชาย",
                     "label": "5 ม.ค. 2569 · ประชุม ชี้แจง เจ้าหน้าที่"}
    assert plan.progress_entry(_entries(), 4)["day"] is None  # an unreadable stored date leaves the box empty
    with pytest.raises(KeyError):
        plan.progress_entry(_entries(), 99)


def test_progress_changes_are_only_what_the_form_changed():
    read = plan.progress_entry(_entries(), 7)
    assert plan.progress_changes(read, date(2026, 1, 5), "ประชุม  ชี้แจง\nเจ้าหน้าที่ ", "") == {}
    assert plan.progress_changes(read, date(2026, 1, 6), " ประชุมแล้ว ", "https://x.go.th/b") == {
        "date": "2026-01-06", "text": "ประชุมแล้ว", "evidence": "https://x.go.th/b"}
    assert plan.progress_changes(read, None, read["text"], "") == {"date": ""}  # the store refuses it


def test_a_progress_conflict_names_the_entry_fields_in_thai():
    message = plan.conflict_message("สมหญิง", "2026-01-05T10:00:00", {"text": ("ก", "ข"), "date": ("x", "x")},
                                    plan.PROGRESS_FIELD_LABELS)
    assert "สมหญิง" in message and "(ช่อง: ความก้าวหน้า)" in message and "5 ม.ค. 2569 10:00" in message


def test_plan_log_is_newest_first_and_keeps_entries_of_missing_measures():
    df = measures({"number": "1", "title": "ก"})
    table = plan.plan_log(df, progress(("1", "2025-11-01"), ("5", "2026-02-01"), ("1", "2026-01-01")))
    assert list(table["date"]) == ["1 ก.พ. 2569", "1 ม.ค. 2569", "1 พ.ย. 2568"]
    assert table["title"].iloc[0] == plan.ORPHAN_TITLE
    assert table["title"].iloc[1] == "ก"


def test_timeline_chart_draws_one_bar_per_measure_coloured_by_status():
    df = measures({"period": "ต.ค.๖๘ ถึง ก.ย.๖๙", "status": "แล้วเสร็จ", "title": "ก"},
                  {"period": "มี.ค.๖๙", "status": "ยังไม่เริ่ม", "title": "ข"},
                  {"period": "ม.ค.๖๙ ถึง มิ.ย.๖๙", "status": "แล้วเสร็จ", "title": "ค"})
    fig = charts.timeline_chart(plan.measure_periods(df).parsed, "ช่วงเวลา", today=date(2026, 2, 15))
    traces = {t.name: t for t in fig.data}
    assert list(traces) == ["ยังไม่เริ่ม", "แล้วเสร็จ"]  # the scale's order
    done = traces["แล้วเสร็จ"]
    assert done.marker.color == charts.STATUS_COLOURS["แล้วเสร็จ"] == "#009E73"
    assert list(done.y) == ["1. ก", "3. ค"]
    assert list(done.base) == ["2025-10-01", "2026-01-01"]
    day = 24 * 3600 * 1000
    assert list(done.x) == [365 * day, 181 * day]  # Oct–Sep 2025/26 and Jan–Jun 2026, days inclusive
    assert list(traces["ยังไม่เริ่ม"].x) == [31 * day]
    assert list(fig.layout.yaxis.categoryarray) == ["1. ก", "2. ข", "3. ค"]
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.xaxis.ticktext[:2] == ("ต.ค.68", "พ.ย.68")
    assert fig.layout.shapes[0].x0 == "2026-02-15"
    assert fig.layout.showlegend is True
    assert len(set(charts.STATUS_COLOURS.values())) == 5
    outside = charts.timeline_chart(plan.measure_periods(df).parsed, "x", today=date(2027, 1, 1))
    assert not outside.layout.shapes


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
    store.update_measure(mid, {"number": "9"}, 1, "ก")
    other = _measure_id(store, "2")
    store.update_measure(other, {"number": "1"}, 1, "ข")
    with pytest.raises(StoreError, match="กู้คืนรุ่นนี้ไม่ได้"):
        store.restore_version(first, "ค")


def test_store_a_text_target_is_an_invalid_entry(store):
    with pytest.raises(InvalidEntry):
        store.add_measure({"agency": PATUENG, "year": 2569, "number": "20", "title": "x", "target": "ไม่ทราบ"},
                          "ก")


def test_store_renumbering_a_measure_keeps_its_progress(store):
    mid = _measure_id(store, "7")
    store.add_progress(mid, "2026-03-10", "จัดอบรมแล้ว", "", "ก")
    store.update_measure(mid, {"number": "5"}, int(store.measure(mid)["version"]), "ก")
    assert list(store.progress(mid)["text"]) == ["จัดอบรมแล้ว"]


def test_store_a_new_measure_does_not_inherit_a_deleted_measures_progress(store):
    mid = _measure_id(store, "7")
    store.add_progress(mid, "2026-03-10", "จัดอบรมแล้ว", "", "ก")
    store.delete_measure(mid, int(store.measure(mid)["version"]), "ก")
    new = store.add_measure({"agency": PATUENG, "year": 2569, "number": "7", "title": "มาตรการใหม่"}, "ก")
    assert store.progress(new).empty



def test_store_progress_cannot_be_added_to_a_deleted_measure(store):
    mid = _measure_id(store, "7")
    store.delete_measure(mid, int(store.measure(mid)["version"]), "ก")
    with pytest.raises(StoreError):
        store.add_progress(mid, "2026-03-10", "จัดอบรมแล้ว", "", "ก")


def test_budget_entry_takes_the_box_or_the_text_and_refuses_both():
    assert plan.budget_entry(" 20,000 บาท ", False) == ("20,000 บาท", [])
    assert plan.budget_entry("", True) == (plan.NO_BUDGET, [])
    assert plan.budget_entry(plan.NO_BUDGET, True) == (plan.NO_BUDGET, [])
    budget, problems = plan.budget_entry("20,000 บาท", True)
    assert budget == "20,000 บาท" and [f for f, _ in problems] == ["งบประมาณ"]
    assert "20,000 บาท" in problems[0][1]
