"""The data page in Chromium: a workbook with an error is reported and changes nothing; a good one
(a new agency, two fiscal years) is previewed, imported, and its 2568 total shows on the overview."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
from helpers import TESTER, TESTER_PASSWORD, error_boxes, full_page_shot, go_to, sign_in, wait_for_app
from playwright.sync_api import Page, expect

NEW = "อบต.ทดสอบนำเข้า"
HEAD = ["หน่วยงาน", "ปีงบประมาณ", *[f"ตัวชี้วัดที่ {i}" for i in range(1, 11)], "คะแนนรวม", "ระดับ", "แหล่งที่มา"]
SOURCE = "หนังสือแจ้งผล ITA (ทดสอบ)"
S67 = [92.1, 90.5, 95.0, 96.2, 88.4, 85.3, 84.7, 83.9, 80.2, 90.0]
S68 = [95.5, 94.0, 97.3, 98.1, 92.6, 90.2, 89.8, 88.7, 96.4, 100.0]


def _workbook(path: Path, rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "ผลคะแนน"
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def _shot(page: Page, name: str) -> None:
    full_page_shot(page, f"data_flow_{name}.png")


def _sidebar_agencies(page: Page) -> list[str]:
    """Returns the options of the sidebar's agency choice (the list is closed again)."""
    box = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first
    box.click()
    options = page.get_by_role("option")
    options.first.wait_for()
    texts = [t.strip() for t in options.all_inner_texts()]
    page.keyboard.press("Escape")
    return texts


def _upload(page: Page, path: Path) -> None:
    page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(str(path))
    expect(page.get_by_text("รูปแบบที่พบ:")).to_be_visible()
    wait_for_app(page)


def test_bad_workbook_changes_nothing_and_good_one_is_imported(page: Page, app_url: str, tmp_path: Path) -> None:
    bad = _workbook(tmp_path / "bad.xlsx", [HEAD, [NEW, 2567, *S67[:9], 120, 87.16, "ผ่าน", SOURCE]])
    good = _workbook(
        tmp_path / "good.xlsx",
        [
            HEAD,
            [NEW, 2567, *S67, 87.16, "ผ่าน", SOURCE],
            [NEW, 2568, *S68, 94.80, "ผ่านดี", SOURCE],
        ],
    )

    # Start at the root and use the navigation: a first visit straight to /data on a fresh server
    # runs pages/data.py without dashboard.py (the deep-link bug test_pages.py exposes).
    page.goto(app_url)
    wait_for_app(page)
    sign_in(page, TESTER, TESTER_PASSWORD)  # importing and entering scores need an account that may
    go_to(page, "ข้อมูล")
    expect(page.get_by_role("heading", name="ข้อมูล: นำเข้า กรอก และแก้ไข")).to_be_visible()
    assert error_boxes(page) == []

    # Patueng's report has totals only: the entry tab says where the indicator scores come from.
    page.get_by_role("tab", name="กรอกหรือแก้ไขคะแนน").click()
    expect(page.get_by_text("ไม่มีคะแนนรายตัวชี้วัด (มีเฉพาะคะแนนรวม)")).to_be_visible()
    expect(page.get_by_role("button", name="บันทึกคะแนน")).to_be_visible()
    _shot(page, "0_entry_tab")
    page.get_by_role("tab", name="ประวัติการแก้ไข").click()
    expect(page.get_by_role("button", name="กู้คืนรุ่นนี้")).to_be_disabled()
    _shot(page, "0_history_tab")
    page.get_by_role("tab", name="นำเข้าจาก Excel").click()

    # A score of 120: every problem is listed, nothing will be imported, no import button.
    _upload(page, bad)
    expect(page.get_by_text("จะไม่นำเข้าข้อมูลใด ๆ จากไฟล์นี้")).to_be_visible()
    errors = error_boxes(page)
    assert len(errors) == 1 and "พบข้อผิดพลาด 1 รายการ" in errors[0], errors
    metric = page.get_by_test_id("stMetric").filter(has_text="ข้อผิดพลาด")
    expect(metric.get_by_test_id("stMetricValue")).to_have_text("1")
    report = page.get_by_role("tabpanel", name="นำเข้าจาก Excel").get_by_test_id("stDataFrame")
    expect(report).to_have_count(1)
    expect(page.get_by_role("button", name=re.compile("^นำเข้าข้อมูล"))).to_have_count(0)
    _shot(page, "1_bad_file")

    # The store is unchanged: the overview's agency list does not have the agency.
    go_to(page, "ภาพรวม")
    agencies = _sidebar_agencies(page)
    assert agencies and NEW not in agencies, agencies

    # The good file: a preview of what it adds, then the import.
    go_to(page, "ข้อมูล")
    _upload(page, good)
    added = page.get_by_test_id("stMetric").filter(has_text="เพิ่ม")
    expect(added.get_by_test_id("stMetricValue")).to_have_text("23")
    assert error_boxes(page) == []
    _shot(page, "2_good_file_preview")
    page.get_by_role("button", name=re.compile("^นำเข้าข้อมูล")).click()
    expect(page.get_by_text(re.compile("นำเข้าข้อมูลจาก good.xlsx แล้ว"))).to_be_visible()
    wait_for_app(page)
    assert error_boxes(page) == []
    _shot(page, "3_imported")

    # Every page sees the new data: choose the agency on the overview and read its 2568 total.
    go_to(page, "ภาพรวม")
    assert NEW in _sidebar_agencies(page)
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name=NEW).click()
    wait_for_app(page)
    expect(page.get_by_text(f"{NEW} · ปีงบประมาณ 2568")).to_be_visible()
    total = page.get_by_test_id("stMetric").filter(has_text="คะแนนรวม ปี 2568")
    expect(total.get_by_test_id("stMetricValue")).to_have_text("94.80")
    assert error_boxes(page) == []
    _shot(page, "4_overview_new_agency")
