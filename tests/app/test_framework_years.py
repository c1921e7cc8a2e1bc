"""AppTest of the framework's next years (issue 16): an admin adds a year from the admin page ('กรอบการประเมินรายปี')
and deletes it again; nobody else gets the form; a page showing or planning a year whose framework is unconfirmed
(2570, carried forward from 2569) or unknown says so in Thai."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ita.core.markdown import unescape
from ita.core.model import Dataset
from ita.storage.store import Store
from tests.app.conftest import seeded_with
from tests.app.session import REPO_ROOT, Page, signed_in
from tests.unit.conftest import actor

PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
NOTICE_2570 = "กรอบการประเมินปี 2570 ยังไม่ยืนยัน: ยกมาจากปี 2569 จนกว่า ป.ป.ช. จะประกาศคู่มือการประเมิน"


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _admin_page(name: str = "root1") -> AppTest:
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=30)
    signed_in(at, name, "admin")
    _run(at)
    at.switch_page("pages/admin.py")
    return _run(at)


def _years_table(at: AppTest):
    frames = [d.value for d in at.main.dataframe if "provisional" in d.value.columns]
    assert len(frames) == 1
    return frames[0]


def _warnings(at: AppTest) -> list[str]:
    return [unescape(w.value) for w in at.main.warning]


def _stored(db: Path) -> tuple[dict[int, dict], list[str], list[str]]:
    s = Store(db)
    try:
        history = s.history("framework_years")
        return s.framework_years(), list(history["action"]), list(history["author"])
    finally:
        s.close()


def test_an_admin_adds_2571_and_the_page_lists_it_then_deletes_it(db: Path) -> None:
    at = _admin_page()
    table = _years_table(at).set_index("year")
    assert list(table.index) == list(range(2563, 2571))
    assert table.loc[2570, "provisional"] == "ยังไม่ยืนยัน (ยกมาจากปี 2569)"
    assert table.loc[2570, "weights"] == "IIT 30% · EIT 30% · OIT 40%"
    assert table.loc[2570, "weights_confidence"].startswith("U")
    assert table.loc[2568, "weights_confidence"].startswith("W")
    assert table.loc[2568, "provisional"] == "–" and table.loc[2568, "origin"] == "ไฟล์กรอบการประเมิน"
    # The form starts from the latest year: 2571, carried from 2570, its weights and level scheme.
    assert at.selectbox(key="framework_add_from|2570").value == 2570
    assert at.number_input(key="framework_add_year|2570").value == 2571
    assert at.number_input(key="framework_add_w|OIT|2570|2570").value == 40.0
    assert at.selectbox(key="framework_add_scheme|2570|2570").value == "pass"

    # Without a source nothing is saved, and the page says why in Thai, with the field.
    at.number_input(key="framework_add_w|IIT|2570|2570").set_value(25.0)
    at.number_input(key="framework_add_w|EIT|2570|2570").set_value(25.0)
    at.number_input(key="framework_add_w|OIT|2570|2570").set_value(50.0)
    next(b for b in at.get("form_submit_button") if b.label == "เพิ่มกรอบของปีนี้").click()
    _run(at)
    errors = [unescape(e.value) for e in at.main.error]
    assert any("- แหล่งที่มา/หมายเหตุ: ต้องระบุแหล่งที่มา" in e for e in errors), errors
    assert _stored(db)[0] == {}

    at.text_area(key="framework_add_source|2570").input("ยกมาจากปี 2570 จนกว่า ป.ป.ช. จะประกาศคู่มือ ITA 2571")
    next(b for b in at.get("form_submit_button") if b.label == "เพิ่มกรอบของปีนี้").click()
    _run(at)
    assert any("เพิ่มกรอบการประเมินปี 2571 แล้ว (ยังไม่ยืนยัน ยกมาจากปี 2570)" in s.value for s in at.main.success)
    table = _years_table(at).set_index("year")
    assert table.loc[2571, "weights"] == "IIT 25% · EIT 25% · OIT 50%"
    assert table.loc[2571, "provisional"] == "ยังไม่ยืนยัน (ยกมาจากปี 2570)"
    assert table.loc[2571, "origin"].startswith("ผู้ดูแลระบบ (เพิ่มโดย root1") and table.loc[2571, "state"] == "ใช้อยู่"
    assert table.loc[2571, "weights_confidence"].startswith("U") and table.loc[2571, "level_confidence"].startswith("U")
    years, actions, authors = _stored(db)
    assert years[2571]["weights"] == {"IIT": 0.25, "EIT": 0.25, "OIT": 0.5} and years[2571]["carried_from"] == 2570
    assert (actions, authors) == (["insert"], ["root1"])
    # The next year to add is now 2572, and 2571 can be carried forward.
    assert at.number_input(key="framework_add_year|2571").value == 2572
    assert at.selectbox(key="framework_add_from|2571").value == 2571
    assert at.text_area(key="framework_add_source|2571").value == ""

    # Deleting needs the confirmation first.
    assert at.selectbox(key="framework_delete_pick").value == next(iter(_ids(db)))
    assert at.button(key="framework_delete").proto.disabled
    next(c for c in at.checkbox if c.key.startswith("framework_delete_confirm|")).check()
    _run(at)
    at.button(key="framework_delete").click()
    _run(at)
    assert any("ลบกรอบการประเมินปี 2571 ที่เพิ่มไว้แล้ว" in s.value for s in at.main.success)
    assert 2571 not in set(_years_table(at)["year"])
    years, actions, _ = _stored(db)
    assert years == {} and actions == ["delete", "insert"]


def _ids(db: Path) -> list[int]:
    s = Store(db)
    try:
        return [int(i) for i in s.framework_year_rows()["id"]]
    finally:
        s.close()


def test_a_stored_year_the_file_has_is_shown_as_superseded(db: Path) -> None:
    seeded_with(db, Dataset.from_records({}))
    s = Store(db)
    try:
        with s.transaction() as conn:  # written as an older file without 2570 would have let it be
            s._insert(conn, "framework_years", {"year": 2570, "body": json.dumps(
                {"year": 2570, "weights": {"IIT": 0.2, "EIT": 0.2, "OIT": 0.6}, "level_scheme": "pass",
                 "weights_source": "เพิ่มก่อนไฟล์มีปี 2570"}), "author": "root0", "saved": "2026-10-01T09:00:00"},
                "root0")
    finally:
        s.close()
    table = _years_table(_admin_page())
    rows = table[table["year"] == 2570].set_index("origin")
    assert rows.loc["ไฟล์กรอบการประเมิน", "weights"] == "IIT 30% · EIT 30% · OIT 40%"  # the file wins
    stored = rows.drop(index="ไฟล์กรอบการประเมิน").iloc[0]
    assert stored["weights"] == "IIT 20% · EIT 20% · OIT 60%" and stored["state"].startswith(
        "ไม่ใช้: ปีนี้มีในไฟล์กรอบการประเมินแล้ว")


def test_a_planner_gets_no_form(db: Path) -> None:
    # The page itself (a planner's menu has no link to it): it says it is an admin's and draws nothing else.
    at = AppTest.from_file(str(REPO_ROOT / "pages/admin.py"), default_timeout=30)
    signed_in(at, "plan1", "planner")
    _run(at)
    assert _warnings(at) == ["หน้านี้สำหรับผู้ดูแลระบบเท่านั้น"]
    assert not at.main.dataframe and not at.number_input and not at.get("form_submit_button")


def test_the_measures_page_planning_2570_says_its_framework_is_unconfirmed(db: Path) -> None:
    # ป่าตึง's 2569 results (its total) are out: the plan they feed is 2570's.
    seeded_with(db, Dataset.from_records({"results": [{"agency": PATUENG, "year": 2569, "total": 97.5}]}))
    page = Page("pages/measures.py", PATUENG, 2569)
    assert page.at.selectbox(key=f"measures_plan_year|{PATUENG}|2569").value == 2569
    assert not any("ยังไม่ยืนยัน" in w for w in _warnings(page.at))
    page.at.selectbox(key=f"measures_plan_year|{PATUENG}|2569").set_value(2570)
    page.run()
    assert any(w.startswith(NOTICE_2570) for w in _warnings(page.at)), _warnings(page.at)
    # The progress page shares the plan year, and says the same.
    page.open("pages/progress.py")
    assert page.at.selectbox(key=f"progress_plan_year|{PATUENG}|2569").value == 2570
    assert any(w.startswith(NOTICE_2570) for w in _warnings(page.at)), _warnings(page.at)


def test_the_overview_of_2570_and_of_a_year_an_admin_adds_say_so(db: Path) -> None:
    seeded_with(db, Dataset.from_records({"results": [{"agency": PATUENG, "year": 2570, "total": 96.0},
                                                      {"agency": PATUENG, "year": 2571, "total": 97.0}]}))
    page = Page("pages/overview.py", PATUENG, 2570)
    assert [w for w in _warnings(page.at) if "กรอบการประเมิน" in w] == [
        f"{NOTICE_2570} (น้ำหนัก เกณฑ์ระดับ และคะแนนที่คำนวณของปีนี้อาจเปลี่ยน)"]
    page.at.sidebar.selectbox(key="year").set_value(2571)
    page.run()
    unknown = [w for w in _warnings(page.at) if "กรอบการประเมิน" in w]
    assert len(unknown) == 1 and unknown[0].startswith("ยังไม่มีกรอบการประเมินของปี 2571 ในระบบ (มีปี 2563–2570)")
    assert _computed_level(page) == "ระดับที่คำนวณ: คำนวณไม่ได้"
    # An admin adds 2571 (through another session): the next run uses it and says how it came.
    s = Store(db)
    try:
        s.add_framework_year(2571, {"year": 2571, "weights": {"IIT": 0.3, "EIT": 0.3, "OIT": 0.4},
                                    "level_scheme": "letter", "weights_source": "ทดสอบเกณฑ์ AA–F", "carried_from": 2570},
                             actor("root2"))
    finally:
        s.close()
    page.run()
    added = [w for w in _warnings(page.at) if "กรอบการประเมิน" in w]
    assert len(added) == 1 and added[0].startswith(
        "กรอบการประเมินปี 2571 ยังไม่ยืนยัน: ผู้ดูแลระบบเพิ่มไว้ในระบบ ยกมาจากปี 2570"), added
    # The year is now scored with the added year's level scheme: 97 is AA.
    assert _computed_level(page) == "ระดับที่คำนวณ: AA"


def _computed_level(page: Page) -> str:
    found = [c.value for c in page.at.main.caption if c.value.startswith("ระดับที่คำนวณ")]
    assert len(found) == 1
    return found[0]
