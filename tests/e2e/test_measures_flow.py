"""A person plans a measure and reports progress on it, in the real app in Chromium: add a measure
for อบต.ป่าตึง's FY2569 plan, add a progress entry with an evidence link on the progress page, reload,
and find both still there (they were saved in the server's store, not only in the browser session)."""

from helpers import (
    ARTIFACTS_DIR,
    TESTER,
    TESTER_DISPLAY,
    TESTER_PASSWORD,
    error_boxes,
    full_page_shot,
    go_to,
    sign_in,
    wait_for_app,
)
from playwright.sync_api import Locator, Page, expect

TITLE = "มาตรการทดสอบจากเบราว์เซอร์"
PROGRESS = "ประชุมชี้แจงเจ้าหน้าที่ทุกกองแล้ว (ทดสอบเบราว์เซอร์)"
EVIDENCE = "https://www.patueng.go.th/ita/e2e-evidence"


def _grid_after(page: Page, heading: str) -> Locator:
    """Returns the data grid that follows a subheader. Its cells are canvas, but the grid keeps an
    accessible table of the rows on screen, which is what the text assertions read."""
    section = page.locator('[data-testid="stHeading"]', has_text=heading)
    grid = section.locator("xpath=following::*[@data-testid='stDataFrame'][1]")
    grid.scroll_into_view_if_needed()
    return grid


def test_plan_a_measure_and_report_progress_that_survive_a_reload(page: Page, app_url: str) -> None:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.goto(app_url)
    wait_for_app(page)
    # Signed out, the measures page only reads: no form to add a measure.
    go_to(page, "มาตรการ")
    expect(page.get_by_text("ดูได้อย่างเดียว: ลงชื่อเข้าใช้ด้วยบัญชีที่มีสิทธิ์ก่อน")).to_be_visible()
    expect(page.get_by_role("button", name="บันทึกมาตรการใหม่")).to_have_count(0)
    sign_in(page, TESTER, TESTER_PASSWORD)
    expect(page.get_by_test_id("stSidebar")).to_contain_text(f"ผู้ใช้: {TESTER_DISPLAY}")

    # The measures page: ป่าตึง's FY2569 plan, numbered 1, 2, 3, 4, 6, 7; add measure 8.
    go_to(page, "มาตรการ")
    expect(page.get_by_text("แผนมาตรการปีงบประมาณ 2569")).to_be_visible()
    wait_for_app(page)
    add_form = page.get_by_test_id("stForm").first
    expect(add_form.get_by_role("textbox", name="ลำดับ", exact=True)).to_have_value("8")
    add_form.get_by_role("textbox", name="มาตรการ/แนวทาง", exact=True).fill(TITLE)
    add_form.get_by_role("textbox", name="วิธีการดำเนินการ", exact=True).fill("ทดสอบการเพิ่มมาตรการผ่านหน้าเว็บ")
    add_form.get_by_role("button", name="บันทึกมาตรการใหม่").click()
    expect(page.get_by_text(f"เพิ่มมาตรการ '8. {TITLE}' ในแผนปี 2569 แล้ว")).to_be_visible()
    wait_for_app(page)
    assert error_boxes(page) == []
    full_page_shot(page, "measures_added.png")

    # The progress page: choose the new measure and report progress with an evidence link.
    go_to(page, "ติดตามความก้าวหน้า")
    expect(page.get_by_text("อัตราการดำเนินการแล้วเสร็จ")).to_be_visible()
    wait_for_app(page)
    # A BaseWeb combobox: click its input, type to filter the options, Enter takes the match.
    chooser = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text("มาตรการ", exact=True))
    box = chooser.get_by_role("combobox")
    box.click()
    box.press_sequentially("ทดสอบจากเบราว์")
    expect(page.locator('[role="option"]')).to_have_text([f"8. {TITLE}"])
    box.press("Enter")
    expect(box).to_have_value(f"8. {TITLE}")
    wait_for_app(page)
    form = page.get_by_test_id("stForm").first
    form.get_by_role("textbox", name="ความก้าวหน้า", exact=True).fill(PROGRESS)
    form.get_by_role("textbox", name="ลิงก์หลักฐาน", exact=True).fill(EVIDENCE)
    form.get_by_role("button", name="บันทึกความก้าวหน้า").click()
    expect(page.get_by_text(f"บันทึกความก้าวหน้าของ '8. {TITLE}' แล้ว")).to_be_visible()
    wait_for_app(page)
    assert error_boxes(page) == []

    # A reload starts a new browser session: what is shown now comes from the store.
    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="ติดตามความก้าวหน้ามาตรการ")).to_be_visible()
    log = _grid_after(page, "บันทึกความก้าวหน้าทุกมาตรการของแผน")
    for text in (TITLE, PROGRESS, EVIDENCE):
        expect(log).to_contain_text(text)
    assert error_boxes(page) == []
    full_page_shot(page, "progress_after_reload.png")

    go_to(page, "มาตรการ")
    expect(_grid_after(page, "แผนมาตรการปีงบประมาณ 2569")).to_contain_text(TITLE)


def test_start_from_the_catalogue_and_download_the_brief_as_pdf(page: Page, app_url: str) -> None:
    """The add form starts from a report measure whose indicator link is inferred (the page says so),
    and the executive brief is made as PDF on request and downloaded (nothing is saved here, but the add form
    is offered only to an account that may add)."""
    page.goto(app_url)
    wait_for_app(page)
    sign_in(page, TESTER, TESTER_PASSWORD)
    go_to(page, "มาตรการ")
    expect(page.get_by_text("แผนมาตรการปีงบประมาณ 2569")).to_be_visible()
    wait_for_app(page)

    page.get_by_test_id("stRadio").get_by_text("จากคลังมาตรการ", exact=True).click()
    wait_for_app(page)
    chooser = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text("มาตรการในคลัง", exact=True))
    box = chooser.get_by_role("combobox")
    box.click()
    box.press_sequentially("ยกระดับการดำเนินการเพื่อป้องกัน")
    option = page.locator('[role="option"]').first
    expect(option).to_contain_text("(ยังไม่ยืนยัน)")
    box.press("Enter")
    wait_for_app(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="ยังไม่ยืนยัน").first).to_be_visible()
    add_form = page.get_by_test_id("stForm").first
    expect(add_form.get_by_role("textbox", name="มาตรการ/แนวทาง", exact=True)).to_have_value(
        "ยกระดับการดำเนินการเพื่อป้องกันการทุจริต")
    assert error_boxes(page) == []

    page.get_by_text("เอกสาร O27 (Word / Excel / PDF) และสรุปสำหรับผู้บริหาร").click()
    wait_for_app(page)  # a click landing while the app still reruns can be dropped
    page.get_by_role("button", name="ทำสรุปผู้บริหารเป็น PDF").click()
    wait_for_app(page)
    download_button = page.get_by_role("button", name="ดาวน์โหลดสรุปผู้บริหาร (PDF)")
    # Longer than Chromium's own bound (brief.html_to_pdf, 90 s), so a slow print shows its message.
    expect(download_button).to_be_visible(timeout=120_000)
    with page.expect_download() as info:
        download_button.click()
    download = info.value
    assert download.suggested_filename == "brief_2568.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    assert error_boxes(page) == []
