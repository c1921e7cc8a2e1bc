import json

import pytest

from ita.core.framework import load_framework


def test_ten_indicators_in_three_tools(fw):
    assert fw.indicator_codes == tuple(str(i) for i in range(1, 11))
    assert {t.code: t.indicators for t in fw.tools} == {
        "IIT": ("1", "2", "3", "4", "5"),
        "EIT": ("6", "7", "8"),
        "OIT": ("9", "10"),
    }
    assert fw.indicator("9").name_th == "การเปิดเผยข้อมูล"
    assert fw.indicator("4").name_en == "Use of government property"


def test_weights_per_year_with_confidence(fw):
    for year in (2563, 2564, 2565):
        assert fw.for_year(year).weights == {"IIT": 0.30, "EIT": 0.30, "OIT": 0.40}
        assert fw.for_year(year).weights_confidence == "C"
    for year in (2566, 2567, 2568):
        assert fw.for_year(year).weights_confidence == "W"
    assert fw.for_year(2569).weights_confidence == "U"
    assert fw.for_year(2550) is None


def test_indicator_weights_are_shares_of_the_total(fw):
    # IIT 30 % over 5 indicators, EIT 30 % over 3, OIT 40 % over 2.
    assert fw.indicator_weight(2568, "1") == pytest.approx(0.06)
    assert fw.indicator_weight(2568, "7") == pytest.approx(0.10)
    assert fw.indicator_weight(2568, "10") == pytest.approx(0.20)
    assert sum(fw.indicator_weight(2564, c) for c in fw.indicator_codes) == pytest.approx(1.0)
    assert fw.indicator_weight(2550, "1") is None
    assert fw.indicator_weight(2568, "9.1") is None


def test_level_schemes_by_year(fw):
    assert fw.for_year(2565).level_scheme.levels == ("AA", "A", "B", "C", "D", "E", "F")
    assert fw.for_year(2565).level_confidence == "C"
    scheme = fw.for_year(2568).level_scheme
    assert scheme.levels[:3] == ("ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน")
    # The tool-based rule is known from one copy only: it must say so.
    assert fw.for_year(2568).level_confidence == "W"
    assert fw.for_year(2566).level_confidence == "U"
    assert "ผ่านดี" in scheme.source and "98.80" in scheme.source
    assert fw.pass_mark == 85


def test_oit_2568_items_as_the_report_has_them(fw):
    items = fw.for_year(2568).oit_items
    assert [i.code for i in items] == [f"O{n}" for n in range(1, 29)]
    by_code = {i.code: i for i in items}
    # The report prints ๐๑๕ twice; the second one is O16.
    assert by_code["O15"].printed == "๐๑๕" and by_code["O16"].printed == "๐๑๕"
    assert by_code["O16"].title.startswith("ประมวลจริยธรรม")
    assert by_code["O27"].title.startswith("มาตรการส่งเสริมคุณธรรม")
    assert by_code["O28"].sub_indicator == "10.2"
    assert all(i.contents for i in items)
    assert {i.sub_indicator for i in items} == {"9.1", "9.2", "9.3", "9.4", "9.5", "10.1", "10.2"}
    assert "O16" in fw.for_year(2568).oit_note
    assert fw.for_year(2567).oit_items == ()


def test_sub_indicators_known_for_2568(fw):
    assert {s.code for s in fw.for_year(2568).sub_indicators} == {
        "9.1", "9.2", "9.3", "9.4", "9.5", "10.1", "10.2",
    }
    assert "9.4" in fw.known_codes(2568) and "9.4" not in fw.known_codes(2565)
    assert fw.indicator_label("9.4") == "ตัวชี้วัดย่อยที่ 9.4 การบริหารและพัฒนาทรัพยากรบุคคล"
    assert fw.indicator_label("8") == "ตัวชี้วัดที่ 8 การปรับปรุงระบบการทำงาน"


def test_framework_file_is_configurable(tmp_path, monkeypatch, fw):
    raw = json.loads(open(fw.path, encoding="utf-8").read())
    raw["years"] = [y for y in raw["years"] if y["year"] != 2569]
    raw["years"].append({**raw["years"][-1], "year": 2570, "weights": {"IIT": 0.2, "EIT": 0.3, "OIT": 0.5},
                         "oit_items": None})
    path = tmp_path / "fw.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("ITA_FRAMEWORK", str(path))
    custom = load_framework()
    assert custom.for_year(2569) is None
    assert custom.indicator_weight(2570, "9") == pytest.approx(0.25)


def test_weights_that_do_not_sum_to_one_are_refused(tmp_path, fw):
    raw = json.loads(open(fw.path, encoding="utf-8").read())
    raw["years"][0]["weights"] = {"IIT": 0.3, "EIT": 0.3, "OIT": 0.3}
    raw["years"] = [{**y, "oit_items": None} for y in raw["years"]]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="sum to 1"):
        load_framework(path)
