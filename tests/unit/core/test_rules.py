"""The rules every writer and reader applies (ita.core.rules): the score range, a measure's fields,
a progress entry and the import actions, each with its one message."""

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from ita.core import rules
from ita.core.schema import MEASURE_STATUSES
from ita.core.thai import ThaiParseError

TODAY = date(2025, 10, 25)

# -- scores --------------------------------------------------------------------------------------


@pytest.mark.parametrize("score", [0, 0.0, 100, 100.0, 55.5, rules.SCORE_MIN, rules.SCORE_MAX, None])
def test_a_score_within_the_range_or_blank_has_no_problem(score):
    assert rules.score_problem(score) is None


@pytest.mark.parametrize(("score", "shown"), [(-0.01, "-0.01"), (100.01, "100.01"), (120, "120"), (-1, "-1")])
def test_a_score_outside_the_range_has_the_one_message_with_its_value(score, shown):
    problem = rules.score_problem(score)
    assert problem == rules.RuleProblem(f"คะแนนต้องอยู่ระหว่าง 0 ถึง 100 (ได้ {shown})",
                                        f"score must be 0–100, got {shown}")


def test_nan_is_not_a_score():
    # A caller that reads NaN as blank turns it into None first (the Excel reader, score entry).
    problem = rules.score_problem(float("nan"))
    assert problem is not None and problem.message_th.startswith(rules.SCORE_RULE_TH)


def test_the_rule_in_words_names_the_range_of_the_constants():
    assert f"{rules.SCORE_MIN:g} ถึง {rules.SCORE_MAX:g}" in rules.SCORE_RULE_TH
    assert f"{rules.SCORE_MIN:g}–{rules.SCORE_MAX:g}" in rules.SCORE_RULE_EN


@pytest.mark.parametrize(("typed", "number"), [
    ("๙๕.๕", 95.5), (" 90 ", 90.0), ("1,000", 1000.0), (95, 95.0), (None, None), ("  ", None),
    (float("nan"), None), (np.float32("nan"), None), (pd.NA, None),
])
def test_read_score(typed, number):
    assert rules.read_score(typed) == number


@pytest.mark.parametrize("typed", ["ไม่ทราบ", "abc", "9 5", "9,5", "95,0"])
def test_read_score_refuses_text_that_is_not_a_number(typed):
    with pytest.raises(ThaiParseError) as err:
        rules.read_score(typed)
    assert err.value.message_th == f"คะแนนต้องเป็นตัวเลข (ได้ '{typed}')"
    assert isinstance(err.value, ValueError)


def test_typed_score_reads_and_checks():
    assert rules.typed_score("๙๕") == (95.0, None)
    assert rules.typed_score("") == (None, None)
    score, problem = rules.typed_score("100.01")
    assert score == 100.01 and problem == rules.score_problem(100.01)
    score, problem = rules.typed_score("text")
    assert score is None and problem is not None and "ต้องเป็นตัวเลข" in problem.message_th


# -- choices and indicators ------------------------------------------------------------------------


def test_choice_problem():
    assert rules.choice_problem("ใช่", ("ใช่", "ไม่ใช่")) is None
    problem = rules.choice_problem("เสร็จ", MEASURE_STATUSES)
    assert problem is not None and problem.message_th == f"ต้องเป็นหนึ่งใน: {', '.join(MEASURE_STATUSES)}"


def test_indicators_problem_names_every_unknown_code(fw):
    assert rules.indicators_problem(["1", "9.1", "10"], fw.known_codes()) is None
    assert rules.indicators_problem([], fw.known_codes()) is None
    problem = rules.indicators_problem(["1", "11", "9.9"], fw.known_codes())
    assert problem is not None and problem.message_th.startswith("ไม่รู้จักตัวชี้วัด 11, 9.9 ")
    assert "11, 9.9" in problem.message_en


# -- measures --------------------------------------------------------------------------------------

UNITS = {"กองช่าง", "สำนักปลัด"}
GOOD = {"number": "1", "title": "เปิดเผยข้อมูล", "status": MEASURE_STATUSES[0], "units": "กองช่าง;สำนักปลัด",
        "indicators": "9.1,10", "period": "ตลอดปีงบประมาณ", "target": "๙๕"}


def _problems(fw, fiscal_year=2569, known_units=UNITS, **changes):
    return rules.measure_problems({**GOOD, **changes}, known_units=known_units, known_indicators=fw.known_codes(),
                                  fiscal_year=fiscal_year)


def test_a_good_measure_has_no_problem(fw):
    assert _problems(fw) == []
    assert _problems(fw, target=None, status=None, units="", indicators="", period="") == []


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"title": "  "}, "มาตรการ/แนวทาง", "ต้องกรอกชื่อมาตรการ"),
    ({"number": ""}, "ลำดับ", "ต้องกรอกลำดับ"),
    ({"status": "เสร็จ"}, "สถานะ", "ต้องเป็นหนึ่งใน"),
    ({"units": "กองช่าง;กองไม่มีจริง"}, "ส่วนงานที่รับผิดชอบ", "'กองไม่มีจริง' ไม่อยู่ในรายชื่อส่วนงาน"),
    ({"indicators": "9.1,11"}, "ตัวชี้วัดที่เกี่ยวข้อง", "ไม่รู้จักตัวชี้วัด 11"),
    ({"period": "ก.ย.๖๙ ถึง ต.ค.๖๘"}, "ระยะเวลาดำเนินการ", "เดือนสิ้นสุดอยู่ก่อนเดือนเริ่มต้น"),
    ({"target": 100.01}, "คะแนนเป้าหมาย", "คะแนนต้องอยู่ระหว่าง 0 ถึง 100 (ได้ 100.01)"),
    ({"target": -0.01}, "คะแนนเป้าหมาย", "(ได้ -0.01)"),
    ({"target": "ไม่ทราบ"}, "คะแนนเป้าหมาย", "คะแนนต้องเป็นตัวเลข"),
])
def test_each_broken_measure_rule_is_reported_at_its_field(fw, changes, field, words):
    [(label, message)] = _problems(fw, **changes)
    assert label == field and words in message


def test_a_measure_without_a_number_field_needs_none(fw):
    fields = {k: v for k, v in GOOD.items() if k != "number"}
    assert rules.measure_problems(fields, known_units=UNITS, known_indicators=fw.known_codes(), fiscal_year=2569) == []


def test_every_unknown_unit_and_indicator_is_a_problem_of_its_own(fw):
    problems = _problems(fw, units="ก;ข", indicators="11,12")
    assert [f for f, _ in problems] == ["ส่วนงานที่รับผิดชอบ"] * 2 + ["ตัวชี้วัดที่เกี่ยวข้อง"] * 2


def test_units_of_an_agency_without_a_list_are_refused_saying_how_to_add_one(fw):
    [(label, message)] = _problems(fw, known_units=set(), units="กองช่าง")
    assert label == "ส่วนงานที่รับผิดชอบ" and "ยังไม่มีรายชื่อส่วนงาน" in message and "'กองช่าง'" in message


def test_the_period_is_read_within_the_fiscal_year(fw):
    # "ตลอดปีงบประมาณ" means something only once the fiscal year is known.
    [(label, _)] = _problems(fw, fiscal_year=None)
    assert label == "ระยะเวลาดำเนินการ"
    assert rules.period_problem("ตลอดปีงบประมาณ", 2569) is None


def test_budget_problems():
    assert rules.budget_problems("20,000 บาท", False) == []
    assert rules.budget_problems("", True) == []
    assert rules.budget_problems(rules.NO_BUDGET, True) == []
    [(label, message)] = rules.budget_problems("20,000 บาท", True)
    assert label == "งบประมาณ" and "20,000 บาท" in message and rules.NO_BUDGET in message


# -- progress entries ------------------------------------------------------------------------------


def test_a_date_after_today_is_refused_today_is_not():
    assert rules.future_date_problem(TODAY, TODAY) is None
    assert rules.future_date_problem(TODAY - timedelta(days=400), TODAY) is None
    problem = rules.future_date_problem(TODAY + timedelta(days=1), TODAY)
    assert problem is not None
    assert problem.message_th == ("ต้องไม่เลยวันนี้ (26 ต.ค. 2568 อยู่หลังวันนี้ 25 ต.ค. 2568) "
                                  "บันทึกความก้าวหน้าได้เฉพาะสิ่งที่ทำไปแล้ว")
    assert "2025-10-26" in problem.message_en


@pytest.mark.parametrize("link", ["", "https://example.go.th/x", "http://a.b", "HTTPS://EXAMPLE.GO.TH"])
def test_links_that_are_fine(link):
    assert rules.evidence_problem(link) is None


@pytest.mark.parametrize("link", ["www.example.go.th", "javascript:alert(1)", "https://", "http:// a", "ftp://x.y"])
def test_links_that_are_refused(link):
    problem = rules.evidence_problem(link)
    assert problem is not None and "http:// หรือ https://" in problem.message_th


def test_progress_values_are_stored_as_iso_date_and_stripped_text():
    values, problems = rules.progress_values({"date": "25 ต.ค. 2568", "text": " ประชุม ", "evidence": " "}, TODAY)
    assert values == {"date": "2025-10-25", "text": "ประชุม", "evidence": ""} and problems == []
    assert rules.progress_values({"text": "แก้ข้อความ"}, TODAY) == ({"text": "แก้ข้อความ"}, [])


def test_every_progress_problem_is_reported_at_its_field():
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    _, problems = rules.progress_values({"date": tomorrow, "text": "  ", "evidence": "www.x.th"}, TODAY)
    assert [f for f, _ in problems] == ["วันที่", "ความก้าวหน้า", "ลิงก์หลักฐาน"]
    assert "ต้องไม่เลยวันนี้" in problems[0][1] and problems[1][1] == "ต้องกรอกข้อความ"
    _, problems = rules.progress_values({"date": "31/02/2568"}, TODAY)
    [(label, message)] = problems
    assert label == "วันที่" and "31/02/2568" in message
    _, problems = rules.progress_values({"date": ""}, TODAY)
    assert [f for f, _ in problems] == ["วันที่"]


# -- importing -------------------------------------------------------------------------------------


def test_import_actions():
    assert rules.IMPORT_ACTIONS == (rules.ADDED, rules.CHANGED, rules.UNCHANGED) == ("เพิ่ม", "แก้ไข", "เหมือนเดิม")


def test_a_taken_measure_number_names_the_number_field():
    assert rules.number_taken_problem("5") == ("ลำดับ", "มีมาตรการลำดับ 5 ในปีนี้แล้ว")
    assert rules.number_taken_problem("5", restoring=True) == ("ลำดับ", "มีมาตรการลำดับ 5 ในปีนี้แล้ว จึงกู้คืนไม่ได้")
