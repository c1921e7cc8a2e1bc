"""AppTest of the measures page (O27) and the progress page (O28) on the seeded store: every run
executes dashboard.py (its sidebar chooses the agency and year) and then the page, as a server does."""

from pathlib import Path

import pytest

from ita.core.markdown import unescape
from ita.storage.store import Store
from tests.app.session import Page as Session
from tests.unit.conftest import actor

REPO_ROOT = Path(__file__).resolve().parents[2]
MEASURES, PROGRESS = "pages/measures.py", "pages/progress.py"
PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
SUKJAI = "อบต.สุขใจ (ข้อมูลสมมุติ)"


def Page(page: str, agency: str = PATUENG, year: int = 2568, name: str = "ผู้ทดสอบ") -> Session:  # noqa: N802
    """The page for the agency and year (ป่าตึง's 2568 by default), signed in as `name`."""
    return Session(page, agency, year, name)


def test_the_signed_in_account_is_named_on_every_page_and_there_is_no_name_box(db: Path) -> None:
    page = Page(MEASURES, name="สมศรี")
    for where in (MEASURES, "pages/overview.py", PROGRESS):
        page.open(where)
        assert not page.at.sidebar.text_input, "the name box is gone: the history records the account"
        assert any(unescape(m.value) == "ผู้ใช้: สมศรี · ผู้ดูแลระบบ" for m in page.at.sidebar.markdown)


def _store(db: Path) -> Store:
    return Store(db)


def _plan(db: Path, agency: str = PATUENG, year: int = 2569) -> list[str]:
    s = _store(db)
    try:
        return list(s.measures(agency, year)["number"])
    finally:
        s.close()


# -- measures page ------------------------------------------------------------------------------


def test_patueng_plan_2569_is_measures_1_to_7_without_5(db: Path) -> None:
    page = Page(MEASURES)
    at = page.at
    assert at.selectbox(key=f"measures_plan_year|{PATUENG}|2568").value == 2569
    table = at.dataframe[0].value
    assert list(table["number"]) == ["1", "2", "3", "4", "6", "7"]
    assert "5" not in set(table["number"])
    assert set(table["status"]) == {"ยังไม่เริ่ม"}
    assert "แผนมาตรการปีงบประมาณ 2569" in page.texts()


def test_patueng_2568_measures_show_their_recorded_results_as_done(db: Path) -> None:
    page = Page(MEASURES)
    page.at.selectbox(key=f"measures_plan_year|{PATUENG}|2568").set_value(2568)
    table = page.run().dataframe[0].value
    assert list(table["number"]) == ["1", "2", "3"]
    assert set(table["status"]) == {"แล้วเสร็จ"}
    assert all(table["results"].str.len() > 0)
    assert "มีคู่มือการปฏิบัติงานของเจ้าหน้าที่" in table["results"].iloc[0]


def test_adding_a_measure_through_the_form_saves_it(db: Path) -> None:
    page = Page(MEASURES)
    at = page.at
    assert at.text_input(key=page.key("add|", "|number")).value == "8"  # after 1,2,3,4,6,7
    at.text_area(key=page.key("add|", "|title")).input("มาตรการทดสอบจาก AppTest")
    at.multiselect(key=page.key("add|", "|units")).set_value(["กองคลัง", "กองช่าง"])
    at.multiselect(key=page.key("add|", "|indicators")).set_value(["9.4", "8"])
    at.checkbox(key=page.key("add|", "|no_budget")).check()
    page.click("measures_add_submit")

    s = _store(db)
    plan = s.measures(PATUENG, 2569)
    new = plan[plan["number"] == "8"].iloc[0]
    assert new["title"] == "มาตรการทดสอบจาก AppTest"
    assert new["units"] == "กองคลัง;กองช่าง"
    assert new["indicators"] == "8,9.4"
    assert new["budget"] == "ไม่ใช้งบประมาณ"
    assert new["period"] == "ต.ค.๖๘ ถึง ก.ย.๖๙"
    assert s.history("measures", int(new["id"])).iloc[0]["author"] == "ผู้ทดสอบ"
    s.close()
    assert "เพิ่มมาตรการ '8. มาตรการทดสอบจาก AppTest'" in page.texts()
    assert list(page.at.dataframe[0].value["number"]) == ["1", "2", "3", "4", "6", "7", "8"]
    # The form starts again, with the next free number.
    assert page.at.text_input(key=page.key("add|", "|number")).value == "9"


def test_an_empty_title_is_refused_with_a_message_and_nothing_is_saved(db: Path) -> None:
    page = Page(MEASURES)
    page.at.text_area(key=page.key("add|", "|method")).input("วิธีการที่พิมพ์ไว้")
    page.click("measures_add_submit")
    assert any("ต้องกรอกชื่อมาตรการ" in e.value for e in page.at.error)
    assert _plan(db) == ["1", "2", "3", "4", "6", "7"]
    # What the person typed is still there.
    assert page.at.text_area(key=page.key("add|", "|method")).value == "วิธีการที่พิมพ์ไว้"


def test_a_bad_period_is_refused_with_the_reason(db: Path) -> None:
    page = Page(MEASURES)
    page.at.text_area(key=page.key("add|", "|title")).input("มาตรการ")
    page.at.text_input(key=page.key("add|", "|period")).input("ตุลา 68 ถึง กันยา 69")
    page.click("measures_add_submit")
    assert any("ระยะเวลาดำเนินการ" in e.value and "ไม่รู้จักชื่อเดือน" in e.value for e in page.at.error)
    assert _plan(db) == ["1", "2", "3", "4", "6", "7"]


def test_a_period_outside_the_plan_year_is_saved_with_a_warning(db: Path) -> None:
    page = Page(MEASURES)
    assert not [w for w in page.at.warning if "นอกปีงบประมาณ" in w.value]
    page.at.text_area(key=page.key("add|", "|title")).input("มาตรการข้ามปี")
    page.at.text_input(key=page.key("add|", "|period")).input("ม.ค.70 - ก.พ.70")
    page.click("measures_add_submit")
    assert _plan(db) == ["1", "2", "3", "4", "6", "7", "8"]
    assert any("มาตรการ 8" in w.value and "นอกปีงบประมาณ 2569" in w.value for w in page.at.warning)


def test_from_a_weak_indicator_prefills_indicator_and_weakness(db: Path) -> None:
    page = Page(MEASURES, agency=SUKJAI)
    page.at.radio(key="measures_add_mode").set_value("weak")
    page.run()
    assert page.at.selectbox(key="measures_weak_year").value == 2568
    assert page.at.selectbox(key="measures_weak_code").value == "10"  # largest headroom first
    weakness = page.at.text_area(key=page.key("add|", "|weakness")).value
    assert weakness.startswith("ตัวชี้วัดที่ 10 ได้ 87.90 (ควรพัฒนา)")
    assert page.at.multiselect(key=page.key("add|", "|indicators")).value == ["10"]
    assert page.at.text_input(key=page.key("add|", "|number")).value == "5"
    page.click("measures_add_submit")
    s = _store(db)
    new = s.measures(SUKJAI, 2569).iloc[-1]
    assert (new["number"], new["indicators"]) == ("5", "10")
    assert new["weakness"].startswith("ตัวชี้วัดที่ 10 ได้ 87.90")
    s.close()


def test_from_a_weak_indicator_says_so_when_the_agency_has_no_indicator_scores(db: Path) -> None:
    page = Page(MEASURES)
    page.at.radio(key="measures_add_mode").set_value("weak")
    page.run()
    assert any("ยังไม่มีคะแนนรายตัวชี้วัด" in i.value for i in page.at.info)


def test_from_the_catalogue_an_earlier_measure_moves_its_period_to_the_plan_year(db: Path) -> None:
    page = Page(MEASURES, agency=SUKJAI)
    page.at.radio(key="measures_add_mode").set_value("catalogue")
    page.run()
    assert "คัดลอกมาตรการปีก่อน" not in page.at.radio(key="measures_add_mode").options  # one way, not two
    choice = page.at.selectbox(key=f"measures_cat_key|{SUKJAI}|2569|None")
    # The agency's own earlier measures first, then the report's (with their inferred links marked).
    assert choice.options[0].startswith("มาตรการเดิมของหน่วยงานนี้ ปี 2568 · 1.")
    assert any(o.startswith("มาตรการปี 2569 ของ อบต.ป่าตึง · 1.") and o.endswith("(ยังไม่ยืนยัน)")
               for o in choice.options)
    choice.set_value("own-3")  # 2568 measure 3, ม.ค.๖๘ ถึง ก.ย.๖๘
    page.run()
    assert page.at.text_input(key=page.key("add|", "|period")).value == "ม.ค.๖๙ ถึง ก.ย.๖๙"
    assert page.at.text_area(key=page.key("add|", "|title")).value.startswith("มาตรการสำรวจความพึงพอใจ")
    assert page.at.multiselect(key=page.key("add|", "|units")).value == ["สำนักปลัด", "กองช่าง"]
    assert not any("ยังไม่ยืนยัน" in w.value for w in page.at.main.warning)


def test_from_the_catalogue_a_report_measure_shows_its_source_and_unconfirmed_link(db: Path) -> None:
    page = Page(MEASURES, agency=SUKJAI)
    page.at.radio(key="measures_add_mode").set_value("catalogue")
    page.run()
    page.at.selectbox(key="measures_cat_indicator").set_value("10")
    page.run()
    choice = page.at.selectbox(key=f"measures_cat_key|{SUKJAI}|2569|10")
    assert all("10" in o.rsplit("ตัวชี้วัด", 1)[1] for o in choice.options)  # only what serves 10 (10.1 too)
    assert any(o.startswith("มาตรการปี 2569 ของ อบต.ป่าตึง · 6. ยกระดับการดำเนินการเพื่อป้องกันการทุจริต")
               and o.endswith("(ยังไม่ยืนยัน)") for o in choice.options)
    choice.set_value("patueng-2569-6")  # the report names no indicator: linked to 10 by the program (U)
    page.run()
    assert any("ยังไม่ยืนยัน" in w.value and "ตัวชี้วัด 10" in w.value for w in page.at.main.warning)
    assert any("ที่มา: รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรม" in unescape(c.value) for c in page.at.main.caption)
    assert page.at.text_area(key=page.key("add|", "|title")).value == "ยกระดับการดำเนินการเพื่อป้องกันการทุจริต"
    assert page.at.multiselect(key=page.key("add|", "|indicators")).value == ["10"]
    assert page.at.text_input(key=page.key("add|", "|period")).value == "ต.ค.๖๘ ถึง ก.ย.๖๙"
    page.click("measures_add_submit")
    assert not page.at.error, [e.value for e in page.at.error]
    s = _store(db)
    new = s.measures(SUKJAI, 2569).iloc[-1]
    assert (new["number"], new["title"]) == ("5", "ยกระดับการดำเนินการเพื่อป้องกันการทุจริต")
    assert new["source"].startswith("คลังมาตรการ (หน้ามาตรการ) จาก: รายงานผลการดำเนินการ")
    assert new["note"] == "เพิ่มจากคลังมาตรการ; การเชื่อมโยงตัวชี้วัด: โปรแกรมเชื่อมโยงจากเนื้อหา (ยังไม่ยืนยัน)"
    s.close()


def test_a_conflicting_save_shows_what_the_other_person_changed_and_overwrites_nothing(db: Path) -> None:
    page = Page(MEASURES)
    mid = int(page.at.selectbox(key=f"measures_pick|{PATUENG}|2569").value)
    # Someone else saves the same measure after this form was read.
    other = _store(db)
    version = int(other.measure(mid)["version"])
    other.update_measure(mid, {"title": "ชื่อที่อีกคนแก้", "status": "เริ่มแล้ว"}, version, actor("สมหญิง"))
    other.close()

    page.at.text_area(key=page.key(f"edit|{mid}|", "|title")).input("ชื่อที่ฉันแก้")
    page.click("measures_edit_submit")

    assert any("แก้ไขรายการนี้ไปแล้ว" in e.value and "สมหญิง" in e.value for e in page.at.error)
    changed = page.at.dataframe[1].value  # the plan, then what the other person changed
    rows = dict(zip(changed["field"], zip(changed["theirs"], changed["mine"], strict=True), strict=True))
    assert rows["มาตรการ/แนวทาง"] == ("ชื่อที่อีกคนแก้", "ชื่อที่ฉันแก้")
    assert rows["สถานะ"] == ("เริ่มแล้ว", "")
    s = _store(db)
    assert s.measure(mid)["title"] == "ชื่อที่อีกคนแก้"
    s.close()
    # The person's input is kept; choosing to use it and saving again saves only what they changed.
    assert page.at.text_area(key=page.key(f"edit|{mid}|", "|title")).value == "ชื่อที่ฉันแก้"
    page.click("measures_conflict_mine")
    page.click("measures_edit_submit")
    s = _store(db)
    saved = s.measure(mid)
    assert (saved["title"], saved["status"]) == ("ชื่อที่ฉันแก้", "เริ่มแล้ว")
    s.close()


def test_delete_asks_for_confirmation_and_undo_brings_it_back(db: Path) -> None:
    page = Page(MEASURES)
    page.at.selectbox(key=f"measures_pick|{PATUENG}|2569").set_value(14)  # measure 4
    page.click("measures_delete")
    assert _plan(db) == ["1", "2", "3", "4", "6", "7"]  # not before the confirmation
    assert any("ยืนยันการลบ" in w.value for w in page.at.warning)
    page.click("measures_delete_confirm")
    assert _plan(db) == ["1", "2", "3", "6", "7"]
    assert list(page.at.dataframe[0].value["number"]) == ["1", "2", "3", "6", "7"]
    page.click("measures_undo_button")
    assert _plan(db) == ["1", "2", "3", "4", "6", "7"]
    assert "กู้คืนมาตรการ" in page.texts()


def test_move_down_changes_the_plan_order(db: Path) -> None:
    page = Page(MEASURES)
    page.click("measures_down")  # the first measure is chosen
    assert _plan(db) == ["2", "1", "3", "4", "6", "7"]
    assert list(page.at.dataframe[0].value["number"]) == ["2", "1", "3", "4", "6", "7"]
    page.click("measures_up")
    assert _plan(db) == ["1", "2", "3", "4", "6", "7"]


def test_an_edit_after_a_move_is_not_a_conflict(db: Path) -> None:
    page = Page(MEASURES)
    mid = int(page.at.selectbox(key=f"measures_pick|{PATUENG}|2569").value)
    page.click("measures_down")
    page.at.text_input(key=page.key(f"edit|{mid}|", "|budget")).input("ไม่ใช้งบประมาณ")
    page.click("measures_edit_submit")
    assert not page.at.error, [e.value for e in page.at.error]
    s = _store(db)
    assert s.measure(mid)["budget"] == "ไม่ใช้งบประมาณ"
    s.close()


def test_no_budget_is_a_box_in_both_forms_and_a_budget_typed_beside_it_is_refused(db: Path) -> None:
    page = Page(MEASURES)
    mid = int(page.at.selectbox(key=f"measures_pick|{PATUENG}|2569").value)
    page.at.checkbox(key=page.key(f"edit|{mid}|", "|no_budget")).check()
    page.click("measures_edit_submit")
    s = _store(db)
    assert s.measure(mid)["budget"] == "ไม่ใช้งบประมาณ"
    # The edit form opens again from the saved row: the box ticked, the budget box empty.
    assert page.at.checkbox(key=page.key(f"edit|{mid}|", "|no_budget")).value is True
    assert page.at.text_input(key=page.key(f"edit|{mid}|", "|budget")).value == ""
    version = s.measure(mid)["version"]
    page.at.text_input(key=page.key(f"edit|{mid}|", "|budget")).input("20,000 บาท")
    page.click("measures_edit_submit")
    assert any("ยังกรอกงบประมาณ '20,000 บาท'" in e.value for e in page.at.error), [e.value for e in page.at.error]
    assert s.measure(mid)["version"] == version and s.measure(mid)["budget"] == "ไม่ใช้งบประมาณ"
    # The same rule in the add form: nothing is added.
    page.at.checkbox(key=page.key("add|", "|no_budget")).check()
    page.at.text_input(key=page.key("add|", "|budget")).input("5,000 บาท")
    page.at.text_area(key=page.key("add|", "|title")).input("มาตรการที่มีงบและไม่มีงบ")
    page.click("measures_add_submit")
    assert any("ยังกรอกงบประมาณ '5,000 บาท'" in e.value for e in page.at.error)
    assert "8" not in set(s.measures(PATUENG, 2569)["number"])
    s.close()


def test_history_shows_the_edit_and_restores_the_earlier_version(db: Path) -> None:
    page = Page(MEASURES)
    mid = int(page.at.selectbox(key=f"measures_pick|{PATUENG}|2569").value)
    page.at.selectbox(key=page.key(f"edit|{mid}|", "|status")).set_value("เริ่มแล้ว")
    page.click("measures_edit_submit")
    history = page.at.dataframe[-1].value
    assert list(history["action"]) == ["แก้ไข", "สร้าง"]
    assert "สถานะ: ยังไม่เริ่ม → เริ่มแล้ว" in history["changes"].iloc[0]
    assert history["author"].iloc[0] == "ผู้ทดสอบ"
    page.click("measures_restore_button")  # the only earlier version: 1
    s = _store(db)
    assert s.measure(mid)["status"] == "ยังไม่เริ่ม"
    s.close()


def test_a_measure_with_progress_can_be_renumbered_and_keeps_its_log(db: Path) -> None:
    page = Page(MEASURES)  # the first run seeds the store
    mid = int(page.at.selectbox(key=f"measures_pick|{PATUENG}|2569").value)
    s = _store(db)
    s.add_progress(mid, "2025-11-03", "ประชุมชี้แจงแล้ว", "", actor("สมหญิง"))
    s.close()
    page.run()
    number = page.at.text_input(key=page.key(f"edit|{mid}|", "|number"))
    assert not number.disabled
    number.input("10")
    page.click("measures_edit_submit")
    assert not page.at.error, [e.value for e in page.at.error]
    s = _store(db)
    assert s.measure(mid)["number"] == "10"
    assert list(s.progress(mid)["text"]) == ["ประชุมชี้แจงแล้ว"]
    s.close()


def test_a_refused_restore_shows_the_stores_message_with_user_text_escaped(db: Path) -> None:
    page = Page(MEASURES)  # the first run seeds the store
    s = _store(db)
    fields = {"agency": PATUENG, "year": 2569, "title": "มาตรการ ก", "status": "ยังไม่เริ่ม"}
    mid = s.add_measure({**fields, "number": "_8_"}, actor("x"))
    s.update_measure(mid, {"number": "9"}, 1, actor("x"))
    s.add_measure({**fields, "title": "มาตรการ ข", "number": "_8_"}, actor("x"))  # now holds the old number
    s.close()
    page.run()
    page.at.selectbox(key=f"measures_pick|{PATUENG}|2569").set_value(mid)
    page.run()
    page.click("measures_restore_button")  # version 1, numbered _8_
    errors = [e.value for e in page.at.error]
    assert len(errors) == 1 and "กู้คืนรุ่นนี้ไม่ได้" in errors[0]
    assert "/ \\_8\\_'" in errors[0]  # shown literally, not as italics
    s = _store(db)
    assert s.measure(mid)["number"] == "9"
    s.close()


def test_delete_and_undo_errors_are_shown_with_user_text_escaped(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ita.core.markdown import plain_line
    from ita.storage.store import StoreError

    message = "ลบไม่ได้: ผู้ใช้ **สม_ชาย** [ลิงก์](http://x)"

    def refuse(*args: object, **kwargs: object) -> None:
        raise StoreError(message, "refused")

    page = Page(MEASURES)
    page.at.selectbox(key=f"measures_pick|{PATUENG}|2569").set_value(14)  # measure 4
    page.run()
    page.click("measures_delete")
    with monkeypatch.context() as m:
        m.setattr(Store, "delete_measure", refuse)
        page.click("measures_delete_confirm")
    assert [e.value for e in page.at.error] == [plain_line(message)]
    assert _plan(db) == ["1", "2", "3", "4", "6", "7"]
    page.click("measures_delete")
    page.click("measures_delete_confirm")
    assert _plan(db) == ["1", "2", "3", "6", "7"]
    monkeypatch.setattr(Store, "undelete_measure", refuse)
    page.click("measures_undo_button")
    assert [e.value for e in page.at.error] == [plain_line(message)]


@pytest.mark.parametrize(("year", "plan_year", "shown"), [
    (2568, 2568, "(ผลปี 2567, มาตรการปี 2568)"),
    (2568, 2569, "(ผลปี 2568, มาตรการปี 2569)"),
    (2567, 2569, "(ผลปี 2568, มาตรการปี 2569)"),
])
def test_the_brief_reads_the_results_of_the_year_before_the_plan(db: Path, year: int, plan_year: int,
                                                                  shown: str) -> None:
    page = Page(MEASURES, year=year)
    page.at.selectbox(key=f"measures_plan_year|{PATUENG}|{year}").set_value(plan_year)
    page.run()
    assert f"สรุปหนึ่งหน้าสำหรับผู้บริหาร** {shown}" in page.texts()
    assert any(f"การวิเคราะห์ผลการประเมินปี {plan_year - 1} และมาตรการปีงบประมาณ {plan_year}" in c.value
               for c in page.at.main.caption)


def test_both_pages_render_for_an_agency_without_measures(db: Path) -> None:
    page = Page(MEASURES, agency="จังหวัดตราด", year=2564)
    assert any("ยังไม่มีมาตรการของปีงบประมาณ 2564" in i.value for i in page.at.info)
    assert page.at.text_input(key=page.key("add|", "|number")).value == "1"
    page.open(PROGRESS)
    assert any("ยังไม่มีมาตรการของปีงบประมาณ 2564" in i.value for i in page.at.info)


# -- progress page --------------------------------------------------------------------------------


def test_progress_page_shows_the_implementation_rate_of_sukjai_2569(db: Path) -> None:
    page = Page(PROGRESS, agency=SUKJAI)
    at = page.at
    assert at.selectbox(key=f"progress_plan_year|{SUKJAI}|2568").value == 2569
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["อัตราการดำเนินการแล้วเสร็จ"] == "25.00%"
    assert metrics["มาตรการแล้วเสร็จ"] == "1 จาก 4"
    counts = at.dataframe[0].value
    assert dict(zip(counts["status"], counts["count"], strict=True)) == {
        "ยังไม่เริ่ม": 1, "เริ่มแล้ว": 1, "ดำเนินการบางส่วน": 1, "ดำเนินการเกือบแล้วเสร็จ": 0, "แล้วเสร็จ": 1,
    }
    units = at.dataframe[1].value
    assert dict(zip(units["unit"], units["measures"], strict=True)) == {"สำนักปลัด": 3, "กองคลัง": 2,
                                                                      "กองการศึกษาฯ": 1}
    quarters = at.dataframe[2].value
    assert list(quarters["active"]) == [2, 4, 3, 2] and list(quarters["entries"]) == [2, 1, 0, 0]
    assert at.get("plotly_chart"), "the timeline is drawn"


def test_the_plan_year_chosen_on_one_page_is_kept_on_the_other(db: Path) -> None:
    page = Page(MEASURES)
    page.at.selectbox(key=f"measures_plan_year|{PATUENG}|2568").set_value(2568)
    page.run()
    page.open(PROGRESS)
    assert page.at.selectbox(key=f"progress_plan_year|{PATUENG}|2568").value == 2568
    assert {m.label: m.value for m in page.at.metric}["อัตราการดำเนินการแล้วเสร็จ"] == "100.00%"


def test_progress_page_flags_stale_measures_and_remembers_the_number_of_days(db: Path) -> None:
    page = Page(PROGRESS)
    assert any("ไม่มีการปรับปรุงมาแล้ว 90 วันขึ้นไป" in w.value for w in page.at.warning)
    page.at.number_input(key="progress_stale_days_input").set_value(3650)
    page.run()
    assert any("ภายใน 3650 วัน" in m.value for m in page.at.success)
    page.open(MEASURES)
    page.open(PROGRESS)
    assert page.at.number_input(key="progress_stale_days_input").value == 3650


def test_adding_a_progress_entry_with_evidence_and_a_new_status(db: Path) -> None:
    page = Page(PROGRESS)
    mid = int(page.at.selectbox(key=f"progress_pick|{PATUENG}|2569").value)
    page.at.text_area(key=page.key("progress|", "|text")).input("ประชุมชี้แจงเจ้าหน้าที่แล้ว")
    page.at.text_input(key=page.key("progress|", "|evidence")).input("ftp://example.org/x")
    page.click("progress_submit")
    assert any("ลิงก์หลักฐาน" in e.value for e in page.at.error)
    s = _store(db)
    assert s.progress(mid).empty
    s.close()

    page.at.text_input(key=page.key("progress|", "|evidence")).input("https://www.patueng.go.th/ita/1")
    page.at.selectbox(key=page.key("progress|", "|status")).set_value("เริ่มแล้ว")
    page.click("progress_submit")
    s = _store(db)
    log = s.progress(mid)
    assert list(log["text"]) == ["ประชุมชี้แจงเจ้าหน้าที่แล้ว"]
    assert list(log["evidence"]) == ["https://www.patueng.go.th/ita/1"]
    assert list(log["author"]) == ["ผู้ทดสอบ"]
    assert s.measure(mid)["status"] == "เริ่มแล้ว"
    s.close()
    shown = page.at.dataframe[-2].value  # this measure's log, then the whole plan's
    assert list(shown["evidence"]) == ["https://www.patueng.go.th/ita/1"]
    assert "เปลี่ยนสถานะ" in page.texts()


def _add_entry(db: Path, page: Page, text: str) -> tuple[int, int]:
    """Adds a progress entry (reported by สมหญิง) to the measure chosen on the progress page."""
    mid = int(page.at.selectbox(key=f"progress_pick|{PATUENG}|2569").value)
    s = _store(db)
    pid = s.add_progress(mid, "2025-11-03", text, "", actor("สมหญิง"))
    s.close()
    page.run()
    return mid, pid


def test_a_progress_entry_with_a_typo_is_corrected_on_the_page(db: Path) -> None:
    page = Page(PROGRESS)  # the first run seeds the store
    mid, pid = _add_entry(db, page, "ประชุมชีแจงแล้ว")
    assert page.at.selectbox(key=f"progress_entry_pick|{mid}").value == pid
    text = page.at.text_area(key=page.key("progress_edit|", "|text"))
    assert text.value == "ประชุมชีแจงแล้ว"  # the form is filled with the entry
    assert page.at.date_input(key=page.key("progress_edit|", "|date")).value.isoformat() == "2025-11-03"
    text.input("ประชุมชี้แจงแล้ว")
    page.at.text_input(key=page.key("progress_edit|", "|evidence")).input("ftp://example.org/x")
    page.click("progress_edit_submit")
    assert any("ลิงก์หลักฐาน" in e.value for e in page.at.error)
    page.at.text_input(key=page.key("progress_edit|", "|evidence")).input("https://www.patueng.go.th/ita/2")
    page.click("progress_edit_submit")
    assert not page.at.error, [e.value for e in page.at.error]
    s = _store(db)
    row = s.progress(mid).iloc[0]
    assert (row["text"], row["evidence"], row["author"]) == ("ประชุมชี้แจงแล้ว", "https://www.patueng.go.th/ita/2",
                                                             "สมหญิง")
    assert s.history("progress", pid).iloc[0]["author"] == "ผู้ทดสอบ"
    s.close()
    assert "แก้ไขบันทึกความก้าวหน้า '3 พ.ย. 2568 · ประชุมชี้แจงแล้ว' แล้ว" in page.texts()
    assert page.at.dataframe[-2].value["text"].tolist() == ["ประชุมชี้แจงแล้ว"]  # this measure's log
    assert "ประชุมชี้แจงแล้ว" in page.at.dataframe[-1].value["text"].tolist()  # the whole plan's
    assert page.at.text_area(key=page.key("progress_edit|", "|text")).value == "ประชุมชี้แจงแล้ว"


def test_a_progress_entry_is_deleted_after_confirmation_and_undo_brings_it_back(db: Path) -> None:
    page = Page(PROGRESS)
    mid, pid = _add_entry(db, page, "ประชุม **ด่วน** _1_")
    confirm = page.at.checkbox(key=page.key(f"progress_delete_confirm|{pid}|"))
    assert "\\*\\*ด่วน\\*\\* \\_1\\_" in confirm.label  # the entry's text is shown literally
    assert page.at.button(key="progress_delete").disabled  # not before the confirmation
    page.at.checkbox(key=page.key(f"progress_delete_confirm|{pid}|")).check()
    page.run()
    page.click("progress_delete")
    s = _store(db)
    assert s.progress(mid).empty
    assert s.history("progress", pid).iloc[0]["action"] == "delete"
    s.close()
    assert any("ยังกู้คืนได้" in i.value and "\\*\\*ด่วน" in i.value for i in page.at.info)
    assert any("ยังไม่มีบันทึกความก้าวหน้า" in c.value for c in page.at.main.caption)
    page.click("progress_undo_button")
    s = _store(db)
    assert list(s.progress(mid)["text"]) == ["ประชุม **ด่วน** _1_"]
    assert s.history("progress", pid).iloc[0]["author"] == "ผู้ทดสอบ"
    s.close()
    assert "กู้คืนบันทึกความก้าวหน้า" in page.texts()
    assert page.at.dataframe[-2].value["text"].tolist() == ["ประชุม **ด่วน** _1_"]
    assert not any("ยังกู้คืนได้" in i.value for i in page.at.info)


def test_a_progress_correction_over_someone_elses_newer_one_is_refused_until_reloaded(db: Path) -> None:
    page = Page(PROGRESS)
    mid, pid = _add_entry(db, page, "ประชุมชีแจงแล้ว")
    s = _store(db)
    s.update_progress(pid, {"evidence": "https://www.patueng.go.th/ita/3"}, 1, actor("สมศรี"))  # after the form was read
    s.close()
    page.at.text_area(key=page.key("progress_edit|", "|text")).input("ประชุมชี้แจงแล้ว")
    page.click("progress_edit_submit")
    errors = [unescape(e.value) for e in page.at.error]
    assert len(errors) == 1 and "สมศรี" in errors[0] and "(ช่อง: ลิงก์หลักฐาน)" in errors[0]
    s = _store(db)
    row = s.progress(mid).iloc[0]
    assert (row["text"], row["evidence"]) == ("ประชุมชีแจงแล้ว", "https://www.patueng.go.th/ita/3")
    s.close()
    assert page.at.text_area(key=page.key("progress_edit|", "|text")).value == "ประชุมชี้แจงแล้ว"  # input kept
    page.click("progress_entry_reload")
    assert page.at.text_input(key=page.key("progress_edit|", "|evidence")).value == "https://www.patueng.go.th/ita/3"
    page.at.text_area(key=page.key("progress_edit|", "|text")).input("ประชุมชี้แจงแล้ว")
    page.click("progress_edit_submit")
    s = _store(db)
    row = s.progress(mid).iloc[0]
    assert (row["text"], row["evidence"]) == ("ประชุมชี้แจงแล้ว", "https://www.patueng.go.th/ita/3")
    s.close()


# -- the edit form's states (ita.ui.measures over ita.services.open_forms) ------------------------


def test_taking_the_other_persons_change_reloads_the_form_and_drops_mine(db: Path) -> None:
    page = Page(MEASURES)
    mid = int(page.at.selectbox(key=f"measures_pick|{PATUENG}|2569").value)
    other = _store(db)
    other.update_measure(mid, {"title": "ชื่อที่อีกคนแก้"}, int(other.measure(mid)["version"]), actor("สมหญิง"))
    other.close()
    page.run()
    # Before any save, the page says the measure was saved since the form was read.
    assert any("มีการบันทึกมาตรการนี้หลังจากที่คุณเปิดแบบฟอร์ม (ฉบับที่ 2)" in i.value for i in page.at.info)
    assert any("แบบฟอร์มนี้อ่านจากฉบับที่ 1" in c.value for c in page.at.caption)
    page.at.text_area(key=page.key(f"edit|{mid}|0", "|title")).input("ชื่อที่ฉันแก้")
    page.click("measures_edit_submit")
    assert any("สมหญิง" in e.value for e in page.at.error)
    assert not any("มีการบันทึกมาตรการนี้หลังจากที่คุณเปิดแบบฟอร์ม" in i.value for i in page.at.info)
    page.click("measures_conflict_reload")
    assert not page.at.error
    assert page.at.text_area(key=page.key(f"edit|{mid}|1", "|title")).value == "ชื่อที่อีกคนแก้"
    assert any("แบบฟอร์มนี้อ่านจากฉบับที่ 2" in c.value for c in page.at.caption)
    page.at.text_area(key=page.key(f"edit|{mid}|1", "|title")).input("ชื่อที่ตกลงกันแล้ว")
    page.click("measures_edit_submit")
    assert "บันทึกการแก้ไข '1. ชื่อที่ตกลงกันแล้ว' แล้ว (ฉบับที่ 3)" in page.texts()
    assert _measure(db, mid)["title"] == "ชื่อที่ตกลงกันแล้ว"


def _measure(db: Path, measure_id: int) -> dict:
    """Returns the measure as stored (read through a connection of the test's own)."""
    stored = _store(db)
    try:
        return stored.measure(measure_id)
    finally:
        stored.close()


def test_a_save_with_nothing_changed_writes_nothing(db: Path) -> None:
    page = Page(MEASURES)
    page.click("measures_edit_submit")
    assert any("ไม่มีช่องใดเปลี่ยน จึงไม่ได้บันทึก" in i.value for i in page.at.info)
    assert _measure(db, int(page.at.selectbox(key=f"measures_pick|{PATUENG}|2569").value))["version"] == 1


def test_a_cancelled_delete_keeps_the_measure_and_a_deleted_one_comes_back_from_the_list(db: Path) -> None:
    page = Page(MEASURES)
    page.at.selectbox(key=f"measures_pick|{PATUENG}|2569").set_value(14)  # measure 4
    page.run()
    page.click("measures_delete")
    page.click("measures_delete_cancel")
    assert not any("ยืนยันการลบ" in w.value for w in page.at.warning)
    assert _plan(db) == ["1", "2", "3", "4", "6", "7"]
    page.click("measures_delete")
    page.click("measures_delete_confirm")
    page.click("measures_down")  # another change: the undo is no longer offered, the list still is
    assert not any("ยังกู้คืนได้" in i.value for i in page.at.info)
    assert _plan(db) == ["2", "1", "3", "6", "7"]
    page.click("measures_undelete")
    assert "กู้คืนมาตรการ '4." in page.texts()
    assert sorted(_plan(db)) == ["1", "2", "3", "4", "6", "7"]


def test_progress_saved_while_someone_changed_the_status_keeps_the_entry_and_warns(db: Path) -> None:
    page = Page(PROGRESS)
    mid = int(page.at.selectbox(key=f"progress_pick|{PATUENG}|2569").value)
    other = _store(db)  # after the form opened: the status change is refused, the entry is not
    other.update_measure(mid, {"status": "ดำเนินการบางส่วน"}, int(other.measure(mid)["version"]), actor("สมหญิง"))
    other.close()
    page.at.text_area(key=page.key("progress|", "|text")).input("ประชุมแล้ว")
    page.at.selectbox(key=page.key("progress|", "|status")).set_value("เริ่มแล้ว")
    page.click("progress_submit")
    assert any("บันทึกความก้าวหน้าแล้ว แต่ยังไม่เปลี่ยนสถานะ" in unescape(w.value) and "สมหญิง" in w.value
               for w in page.at.warning)
    stored = _store(db)
    assert list(stored.progress(mid)["text"]) == ["ประชุมแล้ว"]
    assert stored.measure(mid)["status"] == "ดำเนินการบางส่วน"
    stored.close()
    # The form starts again, read at the measure's new version.
    assert page.at.text_area(key=page.key("progress|", "|text")).value == ""
