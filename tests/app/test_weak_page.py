"""AppTest of the weak-points page (the planners' meeting page) on a seeded throwaway store: the
indicators in their categories, a threshold that moves one, a what-if target that changes the total
by the hand-computed amount, saved scenarios and their targets on the measures, a suggested measure
added to next year's plan, the agency with totals only, and meeting mode.

อบต.สุขใจ (ข้อมูลสมมุติ) 2568 (fictional): IIT 94.02, EIT 90.80, OIT 91.20, total 91.926. Headroom
(weight × (100 − score)): 10 → 2.42, 7 → 1.29, 9 → 1.10, 6 → 0.79, 8 → 0.68, 4 → 0.516, 5 → 0.432,
2 → 0.414, 1 → 0.288 (95.20, strong), 3 → 0.144 (97.60, strong). Its plan 2569 has measures 1–4.
"""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ita.core.markdown import unescape
from ita.services import whatif
from ita.storage.store import Store
from tests.app.session import Page as Session
from tests.unit.conftest import actor

REPO_ROOT = Path(__file__).resolve().parents[2]
WEAK, MEASURES, DATA = "pages/weak.py", "pages/measures.py", "pages/data.py"
PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
SUKJAI = "อบต.สุขใจ (ข้อมูลสมมุติ)"


def Page(agency: str = SUKJAI, year: int = 2568) -> Session:  # noqa: N802 - reads as the class it makes
    """The weak page for the agency and year (the fictional agency's 2568 by default)."""
    return Session(WEAK, agency, year)


def _plan(db: Path, agency: str = SUKJAI, year: int = 2569):
    s = Store(db)
    try:
        return s.measures(agency, year)
    finally:
        s.close()


def test_indicators_ranked_by_headroom_with_categories_and_flags(db: Path) -> None:
    page = Page()
    at = page.at
    assert at.title[0].value == "จุดอ่อนและเป้าหมาย"
    assert any(f"{SUKJAI} · ปีงบประมาณ 2568" in unescape(s.value) for s in at.main.subheader)
    table = page.table()
    assert list(table.index) == ["10", "7", "9", "6", "8", "4", "5", "2", "1", "3"]
    assert list(table["headroom"].round(3)[:3]) == [2.42, 1.29, 1.1]
    assert table.loc["10", "category_th"] == "ควรพัฒนา"
    assert table.loc["1", "category_th"] == "จุดแข็ง"
    assert table.loc["7", "flags"] == "ลดลง 1.60 (เกิน 1 คะแนน)"  # 88.70 → 87.10
    assert table.loc["8", "flags"] == "ต่ำกว่าค่าประเทศ (94.39)"
    assert table.loc["10", "prev_score"] == pytest.approx(81.6)
    # The focus cards: the three with the most points left.
    labels = [m.label for m in at.main.metric]
    assert labels[:3] == ["1. ตัวชี้วัดที่ 10 การป้องกันการทุจริต", "2. ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร",
                          "3. ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล"]
    # OIT items not done in 2568 (O10, O19, O23), under their sub-indicators.
    text = page.texts()
    assert "ข้อ OIT ปี 2568 ที่ยังไม่ได้ดำเนินการ" in text
    for sub in ("ตัวชี้วัดย่อยที่ 9.2", "ตัวชี้วัดย่อยที่ 9.5", "ตัวชี้วัดย่อยที่ 10.1"):
        assert sub in text
    items = [d.value for d in at.main.dataframe if "printed" in d.value.columns]
    assert [list(f["item"]) for f in items] == [["O10"], ["O19"], ["O23"]]
    assert "ข้อมูลสมมุติ" in at.main.warning[0].value


def test_changing_a_threshold_moves_an_indicator_between_categories(db: Path) -> None:
    page = Page()
    assert page.table().loc["1", "category"] == "strong"  # 95.20
    page.at.number_input(key="weak_set_strong_from").set_value(95.5)
    page.run()
    assert page.table().loc["1", "category"] == "improve"
    assert page.table().loc["10", "category"] == "improve"
    page.at.number_input(key="weak_set_urgent_below").set_value(88.0)
    page.run()
    table = page.table()
    assert table.loc["10", "category"] == "urgent" and table.loc["7", "category"] == "urgent"  # 87.90, 87.10
    # Remembered: after a visit to another page the thresholds are still the new ones.
    page.open(MEASURES)
    page.open(WEAK)
    assert page.at.number_input(key="weak_set_strong_from").value == 95.5
    assert page.table().loc["1", "category"] == "improve"
    # An impossible pair is refused and the last valid thresholds stay.
    page.at.number_input(key="weak_set_urgent_below").set_value(99.0)
    page.run()
    assert "เกณฑ์ไม่ถูกต้อง" in page.at.main.error[0].value
    assert page.table().loc["10", "category"] == "urgent"


def test_a_whatif_target_changes_the_total_by_the_hand_computed_amount(db: Path) -> None:
    page = Page()
    assert page.metric("คะแนนรวมตามเป้า") == "91.93"
    scope = f"{SUKJAI}|2568"
    page.at.multiselect(key=f"weak_wi_pick|{scope}").select("10")
    page.run()
    assert page.at.number_input(key=f"weak_wi_n|{scope}|10").value == pytest.approx(87.9)
    page.at.number_input(key=f"weak_wi_n|{scope}|10").set_value(95.0)
    page.run()
    # OIT (94.50 + 95)/2 = 94.75; total 91.926 + 0.20 × (95 − 87.90) = 93.346.
    assert page.metric("คะแนนรวมตามเป้า") == "93.35"
    delta = [m.delta for m in page.at.main.metric if m.label.startswith("คะแนนรวมตามเป้า")][0]
    assert delta == "+1.42 คะแนน"
    assert page.metric("ระดับตามเป้า") == "ผ่านดี"
    assert page.metric("ยังขาดอีกถึง 85") == "ถึงแล้ว"
    assert page.metric("ยังขาดอีกถึง 95") == "1.65"
    assert page.at.slider(key=f"weak_wi_s|{scope}|10").value == pytest.approx(95.0)  # kept in step
    tools = [d.value for d in page.at.main.dataframe if "after" in d.value.columns][0].set_index("tool")
    assert tools.loc["OIT", "after"] == pytest.approx(94.75)
    # Every indicator to 100 but EIT: the top level needs every tool at 95.
    page.at.multiselect(key=f"weak_wi_pick|{scope}").set_value(["10", "9", "7"])
    page.run()
    for code in ("9", "10"):
        page.at.number_input(key=f"weak_wi_n|{scope}|{code}").set_value(100.0)
        page.run()
    assert page.metric("คะแนนรวมตามเป้า") == "95.45"  # 28.206 + 27.24 + 40 = 95.446
    assert page.metric("ระดับตามเป้า") == "ผ่านดี"  # EIT 90.80 < 95


def _save_scenario(page: Session, targets: dict[str, float], name: str) -> None:
    """Sets the what-if targets of the fictional agency's 2568 and saves them as scenario `name`."""
    scope = f"{SUKJAI}|2568"
    page.at.multiselect(key=f"weak_wi_pick|{scope}").set_value(list(targets))
    page.run()
    for code, target in targets.items():
        page.at.number_input(key=f"weak_wi_n|{scope}|{code}").set_value(target)
        page.run()
    name_key = [t.key for t in page.at.text_input if t.key and t.key.startswith("weak_sc_name")][0]
    page.at.text_input(key=name_key).input(name)
    page.click("weak_sc_save")


def test_save_reopen_and_adopt_a_scenario(db: Path) -> None:
    page = Page()
    scope = f"{SUKJAI}|2568"
    _save_scenario(page, {"10": 96.0, "4": 95.0}, "เป้าหมายเข้ม")
    assert "บันทึกสถานการณ์ 'เป้าหมายเข้ม' แล้ว" in page.texts()
    # Clear the targets, then reopen the scenario.
    page.at.multiselect(key=f"weak_wi_pick|{scope}").set_value([])
    page.run()
    assert page.metric("คะแนนรวมตามเป้า") == "91.93"
    page.click("weak_sc_open")
    assert sorted(page.at.multiselect(key=f"weak_wi_pick|{scope}").value) == ["10", "4"]
    assert page.at.number_input(key=f"weak_wi_n|{scope}|10").value == 96.0
    # 91.926 + 0.20 × 8.10 + 0.06 × 3.60 = 93.762
    assert page.metric("คะแนนรวมตามเป้า") == "93.76"
    # Adopt: plan 2569 measure 2 serves 10 (target 93 → 96), measure 3 serves 4 (94 → 95).
    adopt = [d.value for d in page.at.main.dataframe if "reason" in d.value.columns][0]
    assert list(adopt["number"]) == ["2", "3"]
    page.click("weak_adopt")
    assert "ตั้งคะแนนเป้าหมายของ 2 มาตรการในแผนปี 2569 แล้ว" in page.texts()
    targets = _plan(db).set_index("number")["target"]
    assert targets["2"] == 96.0 and targets["3"] == 95.0 and targets["1"] == 92.0


def test_scenario_store_errors_are_shown_with_user_text_escaped(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ita.core.markdown import plain_line
    from ita.storage.store import StoreError

    message = "บันทึกไม่ได้: ผู้ใช้ **สม_ชาย** แก้ไขรายการนี้ไปแล้ว [ดู](http://x)"

    def refuse(*args: object, **kwargs: object) -> None:
        raise StoreError(message, "refused")

    page = Page()
    scope = f"{SUKJAI}|2568"
    page.at.multiselect(key=f"weak_wi_pick|{scope}").set_value(["10"])
    page.run()
    name_key = [t.key for t in page.at.text_input if t.key and t.key.startswith("weak_sc_name")][0]
    page.at.text_input(key=name_key).input("เป้าหมาย")
    with monkeypatch.context() as m:
        m.setattr(Store, "save_scenario", refuse)
        page.click("weak_sc_save")
    assert [e.value for e in page.at.main.error] == [plain_line(message)]
    page.click("weak_sc_save")
    assert "บันทึกสถานการณ์ 'เป้าหมาย' แล้ว" in page.texts()
    monkeypatch.setattr(Store, "delete_scenario", refuse)
    page.click("weak_sc_delete")
    assert [e.value for e in page.at.main.error] == [plain_line(message)]


def test_adding_a_suggested_measure_puts_it_in_next_years_plan(db: Path) -> None:
    page = Page()
    before = _plan(db)
    assert list(before["number"]) == ["1", "2", "3", "4"]
    scope = f"{SUKJAI}|2568"
    page.at.multiselect(key=f"weak_wi_pick|{scope}").select("10")
    page.run()
    page.at.number_input(key=f"weak_wi_n|{scope}|10").set_value(95.0)
    page.run()
    page.click("weak_add|10|patueng-2569-6")
    assert "เพิ่มมาตรการ '5. ยกระดับการดำเนินการเพื่อป้องกันการทุจริต' ในแผนปี 2569 แล้ว" in page.texts()
    after = _plan(db).set_index("number")
    row = after.loc["5"]
    assert row["title"] == "ยกระดับการดำเนินการเพื่อป้องกันการทุจริต"
    assert row["indicators"] == "10"
    assert row["status"] == "ยังไม่เริ่ม"
    assert row["target"] == 95.0  # the what-if target of indicator 10
    assert row["period"] == "ต.ค.๖๘ ถึง ก.ย.๖๙"
    assert row["weakness"].startswith("ตัวชี้วัดที่ 10 ได้ 87.90 (ควรพัฒนา) ในปี 2568")
    assert set(row["units"].split(";")) == {"สำนักปลัด", "กองคลัง", "กองการศึกษาฯ", "กองช่าง"}
    assert "คลังมาตรการ" in row["source"]
    # The same candidate is now marked as planned, and the measures page shows it in the 2569 plan.
    assert page.at.button(key="weak_add|10|patueng-2569-6").disabled
    page.open(MEASURES)
    assert page.at.selectbox(key=f"measures_plan_year|{SUKJAI}|2568").value == 2569
    assert "ยกระดับการดำเนินการเพื่อป้องกันการทุจริต" in list(page.at.dataframe[0].value["title"])


def test_agency_with_totals_only_shows_its_recorded_weaknesses(db: Path) -> None:
    page = Page(PATUENG, 2568)
    text = page.texts()
    assert "ไม่มีคะแนนรายตัวชี้วัด" in text
    assert "คะแนนรวม 98.80 ยังเพิ่มได้อีก 1.20 คะแนน" in text
    assert "จุดอ่อนที่หน่วยงานบันทึกไว้เอง" in text
    for code in ("ตัวชี้วัดย่อยที่ 9.4", "ตัวชี้วัดที่ 8", "ตัวชี้วัดที่ 4"):
        assert code in text
    assert "จากผลการประเมิน ITA ตัวชี้วัดที่ ๙.๔" in text
    assert "การลองตั้งเป้าต้องมีคะแนนครบทั้ง 10 ตัวชี้วัดของปี 2568" in text
    links = [link.proto for link in page.at.get("page_link")]
    assert [(link.page, link.label.startswith("กรอกคะแนนทั้ง 10 ตัวชี้วัดของปี 2568")) for link in links] == [
        ("data", True)]
    assert "ทุกข้อ OIT ที่บันทึกไว้ของปี 2568 (28 ข้อ) ดำเนินการแล้ว" in text
    # Suggestions for the indicators its report names (9, 8, 4), for the 2569 plan.
    assert "ข้อเสนอมาตรการสำหรับแผนปี 2569" in text
    assert [e.label.split(" · ")[0].split(" (")[0] for e in page.at.main.expander
            if e.label.startswith("ตัวชี้วัดที่")] == ["ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล",
                                                      "ตัวชี้วัดที่ 8 การปรับปรุงระบบการทำงาน",
                                                      "ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ"]


def test_meeting_mode_puts_the_focus_first(db: Path) -> None:
    page = Page()
    page.at.toggle(key="weak_set_meeting").set_value(True)
    page.run()
    at = page.at
    # The focus cards come before the what-if; the full table is folded away.
    subheaders = [s.value for s in at.main.subheader]
    assert subheaders.index("ตัวชี้วัดที่ควรเน้น (3 อันดับแรกตามคะแนนที่ยังเพิ่มได้)") < subheaders.index(
        "ลองตั้งเป้าหมาย (what-if)")
    assert any(e.label == "ตารางตัวชี้วัดทั้งหมด" for e in at.main.expander)
    assert any("display: none" in h.proto.body for h in at.get("html"))
    # The mode is remembered across pages, and switches off again.
    page.open(MEASURES)
    page.open(WEAK)
    assert page.at.toggle(key="weak_set_meeting").value is True
    page.at.toggle(key="weak_set_meeting").set_value(False)
    page.run()
    assert not any("display: none" in h.proto.body for h in page.at.get("html"))


def test_every_agency_and_year_renders(db: Path) -> None:
    page = Page(PATUENG, 2568)
    at = page.at
    for agency in at.sidebar.selectbox(key="agency").options:
        at.sidebar.selectbox(key="agency").set_value(agency)
        page.run()
        for year in at.sidebar.selectbox(key="year").options:
            at.sidebar.selectbox(key="year").set_value(int(year))
            page.run()
            assert any(f"{agency} · ปีงบประมาณ {year}" in unescape(s.value) for s in at.main.subheader)


@pytest.mark.cold_server
def test_the_page_run_alone_still_draws_the_frame(db: Path) -> None:
    """A fresh server runs pages/weak.py alone (Streamlit's old pages-folder mode): the page draws the
    sidebar itself and keeps the agency chosen."""
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=30)
    at.run()
    at.sidebar.selectbox(key="agency").set_value(SUKJAI)
    at.run()
    at.switch_page(WEAK)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.key for s in at.sidebar.selectbox] == ["agency", "year"]
    assert at.sidebar.selectbox(key="agency").value == SUKJAI
    assert at.title[0].value == "จุดอ่อนและเป้าหมาย"


def test_a_scenario_is_deleted_and_a_refused_adoption_names_the_measure(db: Path) -> None:
    page = Page()
    _save_scenario(page, {"10": 96.0, "4": 95.0}, "ชั่วคราว")
    page.click("weak_sc_delete")
    assert "ลบสถานการณ์ 'ชั่วคราว' แล้ว" in page.texts()
    assert "ยังไม่มีสถานการณ์ที่บันทึกไว้ของหน่วยงานและปีนี้" in page.texts()
    # Someone saves measure 2 after the page read the plan: it is named, measure 3 is still set.
    row = _plan(db).set_index("number").loc["2"]
    real = whatif.adoptable_targets

    def read_then_changed(measures, targets):  # the table as read, then another person's save
        adopt = real(measures, targets)
        other = Store(db)
        other.update_measure(int(row["id"]), {"title": "อีกคนแก้"}, int(row["version"]), actor("สมหญิง"))
        other.close()
        return adopt

    with pytest.MonkeyPatch.context() as m:
        m.setattr(whatif, "adoptable_targets", read_then_changed)
        page.click("weak_adopt")
    [error] = [unescape(e.value) for e in page.at.main.error]
    assert error.startswith("บางมาตรการบันทึกไม่ได้: 2: บันทึกไม่ได้: สมหญิง")
    targets = _plan(db).set_index("number")["target"]
    assert targets["2"] == 93.0 and targets["3"] == 95.0
