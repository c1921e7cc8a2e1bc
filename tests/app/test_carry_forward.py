"""AppTest of carrying unfinished measures into the next plan (issue 16): a planner of the fictional agency opens
the measures page on its 2569 plan (three unfinished measures, one done), carries the three into 2570 with one
click, and the 2570 plan shows where each came from; the progress page shows, under a carried measure's own
log, the log of the measure it came from, to read only."""

from __future__ import annotations

from pathlib import Path

from ita.core.markdown import unescape
from ita.storage.accounts import Accounts
from ita.storage.store import Store
from tests.app.session import FAST_HASHER, Page

SUKJAI = "อบต.สุขใจ (ข้อมูลสมมุติ)"
MEASURES, PROGRESS = "pages/measures.py", "pages/progress.py"
PLANNER = "plan_sukjai"


def _planner_page(db: Path) -> Page:
    """The measures page for สุขใจ with the sidebar's year 2568 (so the plan of 2569), as its planner."""
    store = Store(db)
    try:
        accounts = Accounts(store, hasher=FAST_HASHER)
        accounts.add("ผู้ทดสอบระบบ", PLANNER, "planner", None, display="ผู้วางแผนสุขใจ")
        accounts.grant("ผู้ทดสอบระบบ", PLANNER, "agency", SUKJAI)
    finally:
        store.close()
    return Page(MEASURES, SUKJAI, 2568, PLANNER)  # the account exists: signed in as that planner


def _ids(db: Path, year: int) -> dict[str, int]:
    store = Store(db)
    try:
        m = store.measures(SUKJAI, year)
        return {str(n): int(i) for n, i in zip(m["number"], m["id"], strict=True)}
    finally:
        store.close()


def _carry_pick(page: Page):
    picks = [w for w in page.at.multiselect if (w.key or "").startswith("measures_carry_pick|")]
    assert len(picks) == 1
    return picks[0]


def test_a_planner_carries_the_unfinished_measures_into_2570_with_one_click(db: Path) -> None:
    page = _planner_page(db)
    at = page.at
    year_box = f"measures_plan_year|{SUKJAI}|2568"
    assert at.selectbox(key=year_box).value == 2569
    assert [int(y) for y in at.selectbox(key=year_box).options] == [2568, 2569]
    ids = _ids(db, 2569)
    assert "ยกมาตรการที่ยังไม่แล้วเสร็จไปปีงบประมาณ 2570" in [e.label for e in at.expander]
    # Every unfinished measure, with its status, is chosen by default; the done one (4) is not offered.
    pick = _carry_pick(page)
    assert pick.value == [ids["1"], ids["2"], ids["3"]]
    assert [pick.format_func(i) for i in pick.value] == [  # type: ignore[misc]
        "1. มาตรการปรับปรุงการสื่อสารผ่านไลน์และเว็บไซต์ (สมมุติ) · ดำเนินการบางส่วน",
        "2. มาตรการจัดการความเสี่ยงการทุจริตด้านสินบน (สมมุติ) · เริ่มแล้ว",
        "3. มาตรการคู่มือการใช้ทรัพย์สินของราชการ (สมมุติ) · ยังไม่เริ่ม",
    ]

    page.click("measures_carry")
    assert "ยก 3 มาตรการไปแผนปี 2570 แล้ว" in page.texts()
    assert not [w for w in at.multiselect if (w.key or "").startswith("measures_carry_pick|")], "nothing left"
    assert "ยังไม่ได้ยกไปแผนปี 2570" in page.texts()
    store = Store(db)
    try:
        copies = store.measures(SUKJAI, 2570)
        history = store.history("measures", int(copies["id"].iloc[0]))
    finally:
        store.close()
    assert list(copies["carried_from"].astype(int)) == [ids["1"], ids["2"], ids["3"]]
    assert history["author"].iloc[0] == "ผู้วางแผนสุขใจ (plan_sukjai)"

    # The plan year now reaches 2570, whose plan shows where each measure came from.
    at.selectbox(key=year_box).set_value(2570)
    page.run()
    table = at.dataframe[0].value
    assert list(table["number"]) == ["1", "2", "3"]
    assert list(table["status"]) == ["ดำเนินการบางส่วน", "เริ่มแล้ว", "ยังไม่เริ่ม"]
    assert list(table["period"]) == ["ต.ค.๖๙ ถึง ก.ย.๗๐", "ต.ค.๖๙ ถึง ก.ย.๗๐", "ม.ค.๗๐ ถึง มิ.ย.๗๐"]
    assert list(table["carried"]) == [f"ยกมาจากปี 2569 มาตรการที่ {n}" for n in ("1", "2", "3")]
    assert "ยกมาจาก: ยกมาจากปี 2569 มาตรการที่ 2" in page.texts()  # the measure's details

    # The progress page (the plan year is shared): measure 2's copy shows its own, empty log, then the original's.
    page.open(PROGRESS)
    copy_of_2 = _ids(db, 2570)["2"]
    at.selectbox(key=f"progress_pick|{SUKJAI}|2570").set_value(copy_of_2)
    page.run()
    texts = page.texts()
    assert "มาตรการนี้ยังไม่มีบันทึกความก้าวหน้า" in texts
    assert "ความก้าวหน้าจากมาตรการเดิม ปี 2569 มาตรการที่ 2" in texts
    logs = [d.value for d in at.main.dataframe if "text" in d.value.columns and "number" not in d.value.columns]
    assert [list(log["text"]) for log in logs] == [["แต่งตั้งคณะทำงาน (สมมุติ)"]]
    # To read only: no correction of the original's entries is offered here.
    assert not [w for w in at.selectbox if (w.key or "").startswith(f"progress_entry_pick|{ids['2']}")]


def test_the_plan_of_a_year_nothing_was_carried_into_has_no_carried_column(db: Path) -> None:
    page = _planner_page(db)
    assert set(page.at.dataframe[0].value["carried"]) == {""}
    assert not any("ยกมาจาก:" in unescape(str(t.value)) for t in page.at.main.text)
