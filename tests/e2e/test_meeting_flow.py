"""The planners' meeting in the real app in Chromium: open the weak-points page for the fictional
agency, switch to meeting mode (sidebar hidden), set a what-if target for indicator 10 and see the
new total, add a suggested measure for it, and find that measure in next year's plan on the
measures page."""

from helpers import TESTER, TESTER_PASSWORD, error_boxes, full_page_shot, go_to, sign_in, wait_for_app
from playwright.sync_api import Page, expect

SUKJAI = "อบต.สุขใจ (ข้อมูลสมมุติ)"
TITLE = "ยกระดับการดำเนินการเพื่อป้องกันการทุจริต"  # อบต.ป่าตึง's FY2569 measure 6, offered for indicator 10


def _metric(page: Page, label: str):
    return page.get_by_test_id("stMetric").filter(has_text=label)


def test_meeting_set_a_target_add_a_measure_and_see_it_in_the_plan(page: Page, app_url: str) -> None:
    page.goto(app_url)
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stSelectbox").filter(has_text="หน่วยงาน").click()
    page.locator('[role="option"]').filter(has_text=SUKJAI).first.click()
    wait_for_app(page)

    # Signed in (writing needs an account), the page, then meeting mode: the sidebar goes, the focus
    # indicators come first in large type.
    sign_in(page, TESTER, TESTER_PASSWORD)
    go_to(page, "จุดอ่อนและเป้าหมาย")
    expect(page.get_by_role("heading", name="จุดอ่อนและเป้าหมาย")).to_be_visible()
    page.get_by_text("โหมดประชุม", exact=False).first.click()
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_text("ตัวชี้วัดที่ควรเน้น (3 อันดับแรกตามคะแนนที่ยังเพิ่มได้)")).to_be_visible()
    first_card = page.get_by_test_id("stMetric").first
    expect(first_card).to_contain_text("ตัวชี้วัดที่ 10 การป้องกันการทุจริต")
    # The size of the text itself: the innermost element of the value.
    size = first_card.get_by_test_id("stMetricValue").evaluate(
        "e => { while (e.firstElementChild) e = e.firstElementChild;"
        " return parseFloat(getComputedStyle(e).fontSize); }")
    assert size >= 48, size  # 3.4rem: readable from the back of a meeting room
    expect(_metric(page, "คะแนนรวมตามเป้า")).to_contain_text("91.93")

    # What-if: indicator 10 from 87.90 to 95 adds 0.20 × 7.10 = 1.42 points.
    picker = page.get_by_test_id("stMultiSelect").filter(has_text="ตัวชี้วัดที่จะลองตั้งเป้า")
    box = picker.get_by_role("combobox")
    box.click()
    box.press_sequentially("ตัวชี้วัดที่ 10")
    page.locator('[role="option"]').filter(has_text="ตัวชี้วัดที่ 10 การป้องกันการทุจริต").first.click()
    box.press("Escape")
    wait_for_app(page)
    target = page.get_by_role("spinbutton", name="เป้าหมาย", exact=True)
    expect(target).to_have_value("87.90")
    target.fill("95")
    target.press("Enter")
    expect(_metric(page, "คะแนนรวมตามเป้า")).to_contain_text("93.35")
    wait_for_app(page)
    expect(_metric(page, "คะแนนรวมตามเป้า")).to_contain_text("+1.42")
    expect(_metric(page, "ระดับตามเป้า")).to_contain_text("ผ่านดี")
    assert error_boxes(page) == []
    full_page_shot(page, "meeting_mode.png")

    # A suggested measure for indicator 10 goes into the 2569 plan with the target just set.
    suggestions = page.get_by_test_id("stExpander").filter(has_text="ตัวชี้วัดที่ 10 การป้องกันการทุจริต · ควรพัฒนา")
    suggestions.get_by_text(TITLE, exact=True).locator("xpath=following::button[1]").click()
    expect(page.get_by_text(f"เพิ่มมาตรการ '5. {TITLE}' ในแผนปี 2569 แล้ว")).to_be_visible()
    wait_for_app(page)
    assert error_boxes(page) == []

    # Out of meeting mode, the measures page shows it in the 2569 plan.
    page.get_by_text("โหมดประชุม", exact=False).first.click()
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    go_to(page, "มาตรการ")
    expect(page.get_by_text("แผนมาตรการปีงบประมาณ 2569")).to_be_visible()
    wait_for_app(page)
    section = page.locator('[data-testid="stHeading"]', has_text="แผนมาตรการปีงบประมาณ 2569")
    grid = section.locator("xpath=following::*[@data-testid='stDataFrame'][1]")
    grid.scroll_into_view_if_needed()
    expect(grid).to_contain_text(TITLE)
    assert error_boxes(page) == []
