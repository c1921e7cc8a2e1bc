"""The executives' pages in a real browser: every page loads with no error box and in Thai, the
charts are drawn, and the agency and year chosen in the sidebar survive moving between pages.

Screenshots of each page go to test-artifacts/ (pages_*.png) for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from helpers import REPO_ROOT, ServerError, error_boxes, full_page_shot, serve, wait_for_app
from playwright.sync_api import Browser, Locator, Page, expect

FICTION = "อบต.สุขใจ (ข้อมูลสมมุติ)"
PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
THAI = re.compile(r"[\u0e00-\u0e7f]")
CHART = ".js-plotly-plot .main-svg"
NO_DATA = "ยังไม่มีข้อมูลผลการประเมินในระบบ"


def screenshot(page: Page, name: str) -> None:
    full_page_shot(page, f"pages_{name}.png")


def sidebar_box(page: Page, label: str) -> Locator:
    return page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text=label)


def choose(page: Page, label: str, option: str) -> None:
    """Picks `option` in the sidebar selectbox labelled `label` (a BaseWeb combobox)."""
    sidebar_box(page, label).click()
    page.locator('[role="option"]').filter(has_text=option).first.click()


def expect_subheader(page: Page, agency: str, year: int) -> None:
    """Waits for the page's heading of the agency and year, then for the run to finish."""
    expect(page.locator('[data-testid="stMain"] h3').filter(has_text=f"{agency} · ปีงบประมาณ {year}")).to_be_visible()
    wait_for_app(page)


def expect_sidebar_shows(page: Page, agency: str, year: int) -> None:
    # The chosen option is the combobox input's value, not text of the element.
    expect(sidebar_box(page, "หน่วยงาน").get_by_role("combobox")).to_have_value(agency)
    expect(sidebar_box(page, "ปีงบประมาณ").get_by_role("combobox")).to_have_value(str(year))


def nav_link(page: Page, title: str) -> Locator:
    # Exactly: "ภาพรวม" must not also match "ภาพรวมหลายหน่วยงาน" (the link's icon is not in its accessible name).
    return page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)


def assert_drawn_in_thai(page: Page) -> None:
    """No error box, a Thai page title, and Thai text in every plotly chart drawn."""
    assert error_boxes(page) == []
    title = page.locator('[data-testid="stMain"] h1').first
    expect(title).to_be_visible()
    assert THAI.search(title.inner_text()), title.inner_text()
    for chart in page.locator(".js-plotly-plot").all():
        # inner_text() fails on SVG text; text_content() reads it (titles, axes, legend, labels).
        assert THAI.search(chart.text_content() or ""), "a chart without any Thai text"


def test_every_page_loads_without_error_box(page: Page, app_url: str) -> None:
    page.goto(app_url)
    wait_for_app(page)
    links = page.locator('[data-testid="stSidebarNav"] a')
    # A link's text starts with its icon's ligature name ("monitoring"); the title is the last line.
    pages = [(a.inner_text().strip().split("\n")[-1].strip(), a.get_attribute("href")) for a in links.all()]
    titles = [t for t, _ in pages]
    assert "ภาพรวม" in titles and "รายตัวชี้วัด" in titles, titles

    for title, href in pages:
        nav_link(page, title).click()
        expect(nav_link(page, title)).to_have_attribute("aria-current", "page")
        wait_for_app(page)
        assert urlparse(page.url).path == urlparse(href or "").path, (title, page.url, href)
        assert_drawn_in_thai(page)
        assert NO_DATA not in page.locator('[data-testid="stMain"]').inner_text()
        screenshot(page, urlparse(href or "").path.strip("/") or "overview")

    # The default agency's overview: its 2568 total and the trend chart drawn.
    nav_link(page, "ภาพรวม").click()
    expect_subheader(page, PATUENG, 2568)
    expect(page.get_by_text("98.80").first).to_be_visible()
    expect(page.locator(CHART).first).to_be_attached()


def test_choice_of_agency_and_year_survives_moving_between_pages(page: Page, app_url: str) -> None:
    page.goto(app_url)
    wait_for_app(page)

    choose(page, "หน่วยงาน", FICTION)
    expect_subheader(page, FICTION, 2568)
    choose(page, "ปีงบประมาณ", "2566")
    expect_subheader(page, FICTION, 2566)
    expect(page.get_by_text("82.71").first).to_be_visible()
    expect(page.locator('[data-testid="stMain"] [data-testid="stAlert"]').filter(has_text="ข้อมูลสมมุติ")
           ).to_be_visible()
    expect(page.locator(CHART).first).to_be_attached()
    assert_drawn_in_thai(page)
    screenshot(page, "overview_fiction_2566")

    nav_link(page, "รายตัวชี้วัด").click()
    expect(page.locator('[data-testid="stMain"] h1').filter(has_text="ผลรายตัวชี้วัด")).to_be_visible()
    expect_subheader(page, FICTION, 2566)
    expect_sidebar_shows(page, FICTION, 2566)
    expect(page.locator(".js-plotly-plot .heatmaplayer").first).to_be_attached()  # the heat map is drawn
    assert_drawn_in_thai(page)
    screenshot(page, "indicators_fiction_2566")

    nav_link(page, "ภาพรวม").click()
    expect(page.locator('[data-testid="stMain"] h1').filter(has_text="ภาพรวม")).to_be_visible()
    expect_subheader(page, FICTION, 2566)
    expect_sidebar_shows(page, FICTION, 2566)
    expect(page.get_by_text("82.71").first).to_be_visible()


def test_a_link_to_the_indicators_page_works_on_a_freshly_started_server(
    browser: Browser, tmp_path: Path
) -> None:
    """The pages live in a folder named `pages/`, so until dashboard.py's st.navigation has run once,
    Streamlit treats the app as an old pages-folder app and runs pages/indicators.py alone for whoever
    opens /indicators first after a start (a bookmark, a shared link). The page must still show the
    sidebar (agency, year), the Thai menu and the default agency's data (ita.ui.shell.ensure_frame)."""
    try:
        with serve(REPO_ROOT / "dashboard.py", REPO_ROOT, tmp_path / "streamlit.log",
                   {"ITA_DB": str(tmp_path / "ita.db")}) as base_url:
            context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="th-TH")
            page = context.new_page()
            try:
                page.goto(f"{base_url}/indicators")
                wait_for_app(page)
                try:
                    expect(page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]')).to_have_count(2)
                    expect(page.locator('[data-testid="stMain"] h1').filter(has_text="ผลรายตัวชี้วัด")).to_be_visible()
                    expect_subheader(page, PATUENG, 2568)
                    expect(nav_link(page, "ภาพรวม")).to_be_visible()  # the Thai menu, not file names
                    assert NO_DATA not in page.locator('[data-testid="stMain"]').inner_text()
                except AssertionError:
                    screenshot(page, "deep_link_fresh_server_FAILED")
                    raise
            finally:
                context.close()
    except ServerError as exc:
        pytest.fail(str(exc), pytrace=False)
