"""AppTest of the progress page's O28 problems/obstacles and suggestions: the chosen measure's form and the
year's form save what was typed to the store (Store.save_measure_report, Store.save_year_report), the
measure's own status change is not refused because of this person's save, and a save over someone
else's newer text is refused with the Thai message."""

from pathlib import Path

from ita.storage.store import Store
from tests.app.session import Page
from tests.unit.conftest import actor

PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"


def _stored(db: Path, measure_id: int, year: int) -> tuple[dict, dict]:
    s = Store(db)
    try:
        return s.measure(measure_id), s.year_report(PATUENG, year)
    finally:
        s.close()


def _pick(page: Page) -> tuple[int, int]:
    """Returns the chosen measure's id and the plan year of the page."""
    [pick] = [s for s in page.at.main.selectbox if (s.key or "").startswith("progress_pick|")]
    return int(pick.value), int(pick.key.rsplit("|", 1)[1])


def test_the_measure_and_year_forms_save_what_was_typed(db: Path) -> None:
    page = Page("pages/progress.py", PATUENG)
    measure_id, year = _pick(page)
    at = page.at
    at.text_area(key=page.key(f"progress_report|{measure_id}|", "|problems")).input("เจ้าหน้าที่มีภารกิจมาก")
    at.text_area(key=page.key(f"progress_report|{measure_id}|", "|suggestions")).input("ควรแบ่งงานให้ชัดเจน")
    page.click("progress_report_submit")
    assert "บันทึกปัญหา/อุปสรรคและข้อเสนอแนะของ" in page.texts()
    measure, report = _stored(db, measure_id, year)
    assert (measure["problems"], measure["suggestions"]) == ("เจ้าหน้าที่มีภารกิจมาก", "ควรแบ่งงานให้ชัดเจน")
    assert report["version"] == 0
    # The form opens again on what was saved.
    assert at.text_area(key=page.key(f"progress_report|{measure_id}|", "|problems")).value == "เจ้าหน้าที่มีภารกิจมาก"

    # This person's save does not make their own status change, in the progress form, a conflict.
    at.text_area(key=page.key("progress|", "|text")).input("ประชุมแล้ว")
    at.selectbox(key=page.key("progress|", "|status")).set_value("ดำเนินการบางส่วน")
    page.click("progress_submit")
    assert "ยังไม่เปลี่ยนสถานะ" not in page.texts()
    measure, _ = _stored(db, measure_id, year)
    assert (measure["status"], measure["problems"]) == ("ดำเนินการบางส่วน", "เจ้าหน้าที่มีภารกิจมาก")

    # The year's form: inserted, then kept as the form's text.
    prefix = f"progress_year_report|{PATUENG}|{year}|"
    at.text_area(key=page.key(prefix, "|problems")).input("งบประมาณจำกัด")
    at.text_area(key=page.key(prefix, "|suggestions")).input("ขอสนับสนุนจากจังหวัด")
    page.click("progress_year_report_submit")
    assert f"บันทึกปัญหา/อุปสรรคและข้อเสนอแนะภาพรวมของปี {year} แล้ว" in page.texts()
    _, report = _stored(db, measure_id, year)
    assert (report["problems"], report["suggestions"], report["version"]) == ("งบประมาณจำกัด", "ขอสนับสนุนจากจังหวัด", 1)
    assert at.text_area(key=page.key(prefix, "|suggestions")).value == "ขอสนับสนุนจากจังหวัด"


def test_a_save_over_someone_elses_newer_text_is_refused(db: Path) -> None:
    page = Page("pages/progress.py", PATUENG)
    measure_id, year = _pick(page)
    at = page.at
    s = Store(db)
    try:  # someone else saves both while the forms are open
        s.save_year_report(PATUENG, year, "ของสมหญิง", "", 0, actor("สมหญิง"))
        s.save_measure_report(measure_id, "ของสมหญิง", "", int(s.measure(measure_id)["version"]), actor("สมหญิง"))
    finally:
        s.close()
    prefix = f"progress_year_report|{PATUENG}|{year}|"
    at.text_area(key=page.key(prefix, "|problems")).input("ของผู้ทดสอบ")
    page.click("progress_year_report_submit")
    assert "บันทึกไม่ได้: สมหญิง แก้ไขรายการนี้ไปแล้ว" in page.texts() and "ปัญหา/อุปสรรค" in page.texts()
    at.text_area(key=page.key(f"progress_report|{measure_id}|", "|problems")).input("ของผู้ทดสอบ")
    page.click("progress_report_submit")
    assert "บันทึกไม่ได้: สมหญิง แก้ไขรายการนี้ไปแล้ว" in page.texts()  # the measure's, this run
    measure, report = _stored(db, measure_id, year)
    assert (measure["problems"], report["problems"]) == ("ของสมหญิง", "ของสมหญิง")
    # Told so, the person takes the newer text and saves on top of it.
    assert "หลังจากที่คุณเปิดแบบฟอร์ม" in page.texts()
    page.click("progress_year_report_reload")
    assert at.text_area(key=page.key(prefix, "|problems")).value == "ของสมหญิง"
    at.text_area(key=page.key(prefix, "|problems")).input("ของสมหญิง และของผู้ทดสอบ")
    page.click("progress_year_report_submit")
    assert _stored(db, measure_id, year)[1]["problems"] == "ของสมหญิง และของผู้ทดสอบ"
