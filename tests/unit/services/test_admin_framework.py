"""The admin page's section 'กรอบการประเมินรายปี' as plain data (ita.services.admin, issue 16): the body of a year
the form adds, what the form starts from, and the table of every year with the state of each stored one."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from ita.core.framework import year_problems
from ita.services import admin

COLUMNS = ["id", "year", "body", "author", "saved", "version"]


def stored(*rows: tuple[int, int, object]) -> pd.DataFrame:
    """Store.framework_year_rows() of (id, year, body) rows."""
    return pd.DataFrame([{"id": i, "year": y, "body": b if isinstance(b, str) else json.dumps(b, ensure_ascii=False),
                          "author": "ผู้ดูแล ก (root)", "saved": "2026-10-01T09:30:00", "version": 1}
                         for i, y, b in rows], columns=COLUMNS)


def test_the_form_starts_from_the_year_carried_forward(fw):
    assert admin.carried_values(fw, 2570) == ({"IIT": 30.0, "EIT": 30.0, "OIT": 40.0}, "pass")
    assert admin.carried_values(fw, 2564)[1] == "letter"


def test_the_body_of_an_added_year(fw):
    body = admin.year_body(2571, 2570, {"IIT": 25, "EIT": 25, "OIT": 50}, "pass", "  ยกมาจากปี 2570\nจนกว่าจะมีคู่มือ ",
                           fw)
    assert body["weights"] == {"IIT": 0.25, "EIT": 0.25, "OIT": 0.5}
    assert body["weights_source"] == "ยกมาจากปี 2570 จนกว่าจะมีคู่มือ"
    assert (body["provisional"], body["carried_from"], body["weights_confidence"], body["level_confidence"]) == (
        True, 2570, "U", "U")
    assert str(body["provisional_note"]).startswith("กรอบการประเมินปี 2571 ยังไม่ยืนยัน: ผู้ดูแลระบบเพิ่มไว้ในระบบ")
    assert "sub_indicators" not in body  # 2570 has none
    assert year_problems(body, fw) == []
    # Carrying 2568 forward brings its sub-indicators and document items along.
    from_2568 = admin.year_body(2572, 2568, {"IIT": 30, "EIT": 30, "OIT": 40}, "pass", "ทดสอบ", fw)
    assert [s["code"] for s in from_2568["sub_indicators"]][:2] == ["9.1", "9.2"]  # type: ignore[index]
    assert from_2568["document_items"] == {"analysis": "O27", "report": "O28"}
    assert year_problems(from_2568, fw) == []


def test_the_table_lists_every_year_with_its_mark_and_state(fw):
    body = admin.year_body(2571, 2570, {"IIT": 20, "EIT": 30, "OIT": 50}, "letter", "ทดสอบ", fw)
    rows = stored((1, 2571, body))
    table = admin.framework_table(fw, fw.with_years({2571: body}), rows).set_index("year")
    assert list(table.index) == list(range(2563, 2572))
    assert table.loc[2571].to_dict() == {
        "origin": "ผู้ดูแลระบบ (เพิ่มโดย ผู้ดูแล ก (root) เมื่อ " + table.loc[2571, "origin"].split("เมื่อ ")[1],
        "weights": "IIT 20% · EIT 30% · OIT 50%", "weights_confidence": "U ยังไม่ยืนยัน", "level_scheme": "ระดับ AA–F",
        "level_confidence": "U ยังไม่ยืนยัน", "provisional": "ยังไม่ยืนยัน (ยกมาจากปี 2570)", "state": "ใช้อยู่"}
    assert table.loc[2570, "provisional"] == "ยังไม่ยืนยัน (ยกมาจากปี 2569)"
    assert table.loc[2565, "weights_confidence"] == "C ยืนยันจากแหล่งทางการ" and table.loc[2565, "provisional"] == "–"
    assert admin.added_years(fw.with_years({2571: body}), rows) == [
        {"id": 1, "year": 2571, "version": 1, "label": "ปี 2571 (เพิ่มโดย ผู้ดูแล ก (root))"}]


@pytest.mark.parametrize(("year", "body", "state"), [
    (2569, {"year": 2569, "weights": {"IIT": 0.2, "EIT": 0.2, "OIT": 0.6}, "level_scheme": "pass",
            "weights_source": "ก่อนไฟล์"}, "ไม่ใช้: ปีนี้มีในไฟล์กรอบการประเมินแล้ว"),
    (2572, {"year": 2572, "weights": {"IIT": 0.5, "EIT": 0.5, "OIT": 0.5}, "level_scheme": "pass",
            "weights_source": "x"}, "ไม่ใช้: น้ำหนัก: น้ำหนักรวมกันต้องเท่ากับ 100%"),
    (2573, {"year": 2574, "weights": {"IIT": 0.3, "EIT": 0.3, "OIT": 0.4}, "level_scheme": "pass",
            "weights_source": "x"}, "ไม่ใช้: ปีงบประมาณ: ปีของข้อมูล (2574) ไม่ตรงกับปี 2573"),
    (2575, "{not json", "ไม่ใช้: อ่านข้อมูลของปีนี้ไม่ได้"),
])
def test_a_stored_year_the_framework_does_not_use_says_why(fw, year, body, state):
    rows = stored((7, year, body))
    bodies = {} if isinstance(body, str) else {year: body}
    used = fw.with_years(bodies)
    assert used.years == fw.years  # none of them joins the framework
    table = admin.framework_table(fw, used, rows)
    mine = table[(table["year"] == year) & table["origin"].str.startswith("ผู้ดูแลระบบ")]
    assert len(mine) == 1 and mine["state"].iloc[0].startswith(state), mine["state"].iloc[0]
    assert admin.added_years(used, rows)[0]["label"].endswith("— ไม่ใช้อยู่")
