"""The framework's next years (issue 16): 2570 carried forward from 2569 and marked unconfirmed, the Thai notice a
page shows for a provisional or unknown year, the check of a year an admin adds, Framework.with_years, and a year
added to a copied file (ITA_FRAMEWORK) reaching the scoring."""

from __future__ import annotations

import json

import pytest

from ita.core.framework import load_framework, provisional_note_th, year_problems, years_text
from ita.core.scoring import evaluate_year

WEIGHTS = {"IIT": 0.3, "EIT": 0.3, "OIT": 0.4}


def body(**changes):
    """An added year's body as the admin page writes it (2571, carried from 2570), with `changes`."""
    return {"year": 2571, "weights": dict(WEIGHTS), "level_scheme": "pass", "carried_from": 2570,
            "weights_source": "ยกมาจากปี 2570 จนกว่า ป.ป.ช. จะประกาศคู่มือ ITA 2571", **changes}


def fields(problems):
    return [f for f, _ in problems]


# -- 2570 in the file ------------------------------------------------------------------------------


def test_2570_is_2569_carried_forward_and_unconfirmed(fw):
    y69, y70 = fw.for_year(2569), fw.for_year(2570)
    assert y70.weights == y69.weights == WEIGHTS
    assert y70.level_scheme is y69.level_scheme and y70.level_scheme.key == "pass"
    assert y70.pass_mark == y69.pass_mark == 85
    assert (y70.weights_confidence, y70.level_confidence) == ("U", "U")
    assert (y70.provisional, y70.carried_from, y70.added) == (True, 2569, False)
    assert y70.provisional_note.startswith("กรอบการประเมินปี 2570 ยังไม่ยืนยัน: ยกมาจากปี 2569")
    assert "ป.ป.ช. จะประกาศคู่มือการประเมิน" in y70.provisional_note
    # The years before are not marked.
    assert not any(fw.for_year(y).provisional for y in range(2563, 2570))


def test_the_notice_of_a_provisional_a_known_and_an_unknown_year(fw):
    assert fw.provisional_notice(2570) == fw.for_year(2570).provisional_note
    assert fw.provisional_notice(2568) is None and fw.provisional_notice(2569) is None
    notice = fw.provisional_notice(2575)
    assert notice.startswith("ยังไม่มีกรอบการประเมินของปี 2575 ในระบบ (มีปี 2563–2570)")
    assert "ยังไม่คำนวณคะแนนรวมและระดับ" in notice and "กรอบการประเมินรายปี" in notice
    # One way of saying it: the import's and the scoring's findings start with the same words.
    finding = evaluate_year(2575, {}, fw).findings[0]
    assert finding.code == "unknown_year" and finding.message_th.startswith(fw.unknown_year_th(2575))


def test_years_text_gives_runs():
    assert years_text([2565, 2563, 2564, 2570]) == "2563–2565, 2570"
    assert years_text([]) == "–"


def test_a_provisional_year_without_its_own_note_gets_the_default(tmp_path, fw):
    raw = json.loads(open(fw.path, encoding="utf-8").read())
    for y in raw["years"]:
        y.pop("oit_items", None)
        if y["year"] == 2570:
            del y["provisional_note"]
    path = tmp_path / "fw.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    custom = load_framework(path)
    assert custom.provisional_notice(2570) == provisional_note_th(2570, 2569)
    assert "ยกมาจากปี 2569" in custom.provisional_notice(2570)


# -- the check of an added year ----------------------------------------------------------------------


def test_a_good_body_has_no_problem(fw):
    assert year_problems(body(), fw) == []
    assert year_problems(body(carried_from=None, level_scheme="letter"), fw) == []
    assert year_problems(body(weights={"IIT": 0.25, "EIT": 0.25, "OIT": 0.5}), fw) == []


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"year": 2570, "carried_from": 2569}, "ปีงบประมาณ", "มีอยู่ในไฟล์กรอบการประเมินแล้ว"),
    ({"year": 2563}, "ปีงบประมาณ", "มีอยู่ในไฟล์"),
    ({"year": 2027}, "ปีงบประมาณ", "อยู่นอกช่วง"),
    ({"year": 3000}, "ปีงบประมาณ", "อยู่นอกช่วง"),
    ({"year": 2571.5}, "ปีงบประมาณ", "จำนวนเต็ม"),
    ({"year": "ปีหน้า"}, "ปีงบประมาณ", "จำนวนเต็ม"),
    ({"year": True}, "ปีงบประมาณ", "จำนวนเต็ม"),
    ({"weights": {"IIT": 0.3, "EIT": 0.3}}, "น้ำหนัก", "ขาดน้ำหนักของ OIT"),
    ({"weights": {"IIT": 0.3, "EIT": 0.3, "OIT": 0.3}}, "น้ำหนัก", "ต้องเท่ากับ 100% (ตอนนี้ 90%)"),
    ({"weights": {**WEIGHTS, "XIT": 0.0}}, "น้ำหนัก", "ไม่มีเครื่องมือ XIT"),
    ({"weights": {"IIT": -0.1, "EIT": 0.7, "OIT": 0.4}}, "น้ำหนัก", "ตั้งแต่ 0 ถึง 1"),
    ({"weights": {"IIT": "30", "EIT": 0.3, "OIT": 0.4}}, "น้ำหนัก", "ตั้งแต่ 0 ถึง 1"),
    ({"weights": None}, "น้ำหนัก", "IIT, EIT, OIT"),
    ({"level_scheme": "stars"}, "เกณฑ์ระดับ", "pass (ระดับ ผ่าน / ผ่านดี / ผ่านดีเยี่ยม)"),
    ({"level_scheme": None}, "เกณฑ์ระดับ", "letter"),
    ({"weights_source": "  "}, "แหล่งที่มา/หมายเหตุ", "ต้องระบุแหล่งที่มา"),
    ({"weights_source": None}, "แหล่งที่มา/หมายเหตุ", "ต้องระบุแหล่งที่มา"),
    ({"carried_from": 2400}, "ยกมาจากปี", "2550–2700"),
    ({"carried_from": 2571}, "ยกมาจากปี", "ไม่ใช่ปีที่เพิ่ม"),
    ({"oit_items": "/etc/passwd"}, "ข้อมูลของปี", "oit_items"),
    ({"sub_indicators": [{"code": "9.1"}]}, "ตัวชี้วัดย่อย", "รหัสและชื่อ"),
])
def test_each_problem_names_its_field(fw, changes, field, words):
    problems = year_problems(body(**changes), fw)
    assert fields(problems) == [field], problems
    assert words in problems[0][1]


def test_every_problem_of_a_bad_body_at_once(fw):
    problems = year_problems({"year": 2569, "weights": {"IIT": 1.0}, "level_scheme": "x"}, fw)
    assert fields(problems) == ["ปีงบประมาณ", "น้ำหนัก", "เกณฑ์ระดับ", "แหล่งที่มา/หมายเหตุ"]
    assert year_problems(["not", "a", "body"], fw) == [("ข้อมูลของปี", "ข้อมูลของปีต้องเป็นรายการช่องตามไฟล์กรอบการประเมิน")]


# -- with_years ------------------------------------------------------------------------------------------


def test_with_years_adds_a_provisional_year_marked_as_an_admins(fw):
    added = fw.with_years({2571: body(weights={"IIT": 0.25, "EIT": 0.25, "OIT": 0.5},
                                      weights_confidence="C", level_confidence="C")})
    y = added.for_year(2571)
    assert y.weights == {"IIT": 0.25, "EIT": 0.25, "OIT": 0.5}
    assert (y.weights_confidence, y.level_confidence) == ("U", "U")  # never confirmed by an admin's say-so
    assert (y.provisional, y.added, y.carried_from) == (True, True, 2570)
    assert y.level_scheme is fw.level_schemes["pass"] and y.pass_mark == 85
    assert y.weights_source.startswith("ยกมาจากปี 2570")
    notice = added.provisional_notice(2571)
    assert notice.startswith("กรอบการประเมินปี 2571 ยังไม่ยืนยัน: ผู้ดูแลระบบเพิ่มไว้ในระบบ ยกมาจากปี 2570")
    assert added.indicator_weight(2571, "9") == pytest.approx(0.25)
    assert added.provisional_notice(2575).startswith("ยังไม่มีกรอบการประเมินของปี 2575 ในระบบ (มีปี 2563–2571)")
    # The framework it came from is unchanged.
    assert fw.for_year(2571) is None and set(fw.years) == set(range(2563, 2571))


def test_the_file_wins_over_a_stored_year_and_a_bad_body_is_left_out(fw):
    added = fw.with_years({
        2569: body(year=2569, weights={"IIT": 0.2, "EIT": 0.2, "OIT": 0.6}),
        2572: body(year=2572, weights={"IIT": 0.5, "EIT": 0.5, "OIT": 0.5}),
        2573: body(year=2574),  # stored under another year than its body says
        2571: body(),
    })
    assert added.for_year(2569) == fw.for_year(2569)
    assert added.for_year(2572) is None and added.for_year(2573) is None and added.for_year(2574) is None
    assert added.for_year(2571).added
    assert fw.with_years({}) is fw


def test_an_added_year_is_scored(fw):
    added = fw.with_years({2571: body(weights={"IIT": 0.2, "EIT": 0.3, "OIT": 0.5})})
    scores = {str(i): 90.0 for i in range(1, 9)} | {"9": 100.0, "10": 100.0}
    result = evaluate_year(2571, scores, added)
    assert result.total_computed == pytest.approx(95.0)
    assert result.level_computed == "ผ่านดี"  # IIT and EIT under 95: not ผ่านดีเยี่ยม
    assert [f.code for f in result.findings] == []


# -- ITA_FRAMEWORK: a copied file with 2571 --------------------------------------------------------------


def test_a_copied_file_with_2571_makes_2571_known_to_the_scoring(tmp_path, monkeypatch, fw):
    raw = json.loads(open(fw.path, encoding="utf-8").read())
    raw["years"].append({"year": 2571, "weights": {"IIT": 0.25, "EIT": 0.25, "OIT": 0.5}, "weights_confidence": "U",
                         "weights_source": "test copy", "level_scheme": "pass", "level_confidence": "U",
                         "provisional": True, "carried_from": 2570})
    path = tmp_path / "framework_2571.json"  # a path of its own: load_framework caches by path
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    assert evaluate_year(2571, {}, load_framework()).findings[0].code == "unknown_year"  # the bundled file
    monkeypatch.setenv("ITA_FRAMEWORK", str(path))
    custom = load_framework()
    assert custom.path == str(path.resolve()) and max(custom.years) == 2571
    scores = {str(i): 80.0 for i in range(1, 9)} | {"9": 100.0, "10": 90.0}
    result = evaluate_year(2571, scores, custom)
    # 0.25 × 80 + 0.25 × 80 + 0.5 × 95
    assert result.total_computed == pytest.approx(87.5)
    assert result.level_computed == "ผ่าน" and result.findings == []
    assert custom.provisional_notice(2571) == provisional_note_th(2571, 2570)
    # oit_items of the copy still point at the bundled lists (relative names), as before.
    assert len(custom.for_year(2568).oit_items) == 28
