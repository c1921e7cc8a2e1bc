"""Issue 16 in Chromium: the fictional agency's 2569 results arrive (a workbook uploaded on the data page), the
review page shows how its 2569 measures did, its unfinished measures are carried into the 2570 plan, and the 2570
plan shows them with their link. Its own server and store: the bundled data without the fictional 2569 results."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from helpers import (
    REPO_ROOT,
    TESTER,
    TESTER_DISPLAY,
    TESTER_PASSWORD,
    ServerError,
    add_account,
    choose,
    error_boxes,
    full_page_shot,
    go_to,
    serve,
    sign_in,
    wait_for_app,
)
from playwright.sync_api import Page, expect

FICTION = "อบต.สุขใจ (ข้อมูลสมมุติ)"
S69 = [95.90, 93.80, 97.40, 91.10, 93.30, 92.50, 90.60, 93.00, 95.30, 89.70]  # data/build/demo.py, fictional
HEAD = ["หน่วยงาน", "ปีงบประมาณ", *[f"ตัวชี้วัดที่ {i}" for i in range(1, 11)], "ข้อมูลสมมุติ", "แหล่งที่มา"]
MEASURE_1 = "มาตรการปรับปรุงการสื่อสารผ่านไลน์และเว็บไซต์ (สมมุติ)"


@pytest.fixture(scope="module")
def loop_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from ita.core.model import Dataset
    from ita.storage.bundled import load_bundled
    from ita.storage.store import Store

    tmp = tmp_path_factory.mktemp("loop")
    ds = load_bundled()[0]
    tables = {k: (df[~((df["agency"] == FICTION) & (df["year"] == 2569))] if k in ("results", "indicator_scores")
                  else df).reset_index(drop=True) for k, df in ds.tables.items()}
    store = Store(tmp / "ita.db")
    store.seed(Dataset(tables))
    store.close()
    add_account(tmp / "ita.db", TESTER, "admin", TESTER_PASSWORD, display=TESTER_DISPLAY)
    try:
        env = {"ITA_DB": str(tmp / "ita.db")}
        with serve(REPO_ROOT / "dashboard.py", REPO_ROOT, tmp / "streamlit.log", env) as url:
            yield url
    except ServerError as exc:
        pytest.fail(str(exc), pytrace=False)


def test_results_arrive_the_review_shows_and_a_measure_is_carried_into_2570(page: Page, loop_url: str,
                                                                           tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "ผลคะแนน"
    wb.active.append(HEAD)
    wb.active.append([FICTION, 2569, *S69, "ใช่", "ผลสมมุติปี 2569 (ข้อมูลสมมุติเพื่อการสาธิต)"])
    workbook = tmp_path / "sukjai_2569.xlsx"
    wb.save(workbook)

    page.goto(loop_url)
    wait_for_app(page)
    sign_in(page, TESTER, TESTER_PASSWORD)
    go_to(page, "ข้อมูล")
    page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(str(workbook))
    expect(page.get_by_text("รูปแบบที่พบ:")).to_be_visible()
    wait_for_app(page)
    page.get_by_role("button", name=re.compile("^นำเข้าข้อมูล")).click()
    expect(page.get_by_text(re.compile("นำเข้าข้อมูลจาก sukjai_2569.xlsx แล้ว"))).to_be_visible()
    wait_for_app(page)
    assert error_boxes(page) == []

    # The review of the 2569 plan: one of four done; targeted +1.28 against +0.26 for the rest.
    sidebar = page.get_by_test_id("stSidebar")
    choose(page, sidebar, "หน่วยงาน", FICTION)
    choose(page, sidebar, "ปีงบประมาณ (พ.ศ.)", "2569")
    go_to(page, "มาตรการได้ผลหรือไม่")
    expect(page.get_by_role("heading", name="มาตรการได้ผลหรือไม่")).to_be_visible()
    done = page.get_by_test_id("stMetric").filter(has_text="มาตรการปี 2569 แล้วเสร็จ")
    expect(done.get_by_test_id("stMetricValue")).to_have_text("1 จาก 4")
    targeted = page.get_by_test_id("stMetric").filter(has_text="ตัวชี้วัดที่มาตรการมุ่ง")
    expect(targeted.get_by_test_id("stMetricValue")).to_have_text("+1.28")
    others = page.get_by_test_id("stMetric").filter(has_text="ตัวชี้วัดอื่น")
    expect(others.get_by_test_id("stMetricValue")).to_have_text("+0.26")
    expect(page.get_by_text("ไม่ใช่หลักฐานว่าคะแนนเปลี่ยนเพราะมาตรการ", exact=False).first).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(1)
    assert error_boxes(page) == []
    full_page_shot(page, "loop_1_review.png")

    # The measures page, plan of 2569: its three unfinished measures are chosen; carry them in one click.
    go_to(page, "มาตรการ")
    expect(page.get_by_text("แผนมาตรการปีงบประมาณ 2569")).to_be_visible()
    page.get_by_text("ยกมาตรการที่ยังไม่แล้วเสร็จไปปีงบประมาณ 2570").click()
    wait_for_app(page)
    page.get_by_role("button", name="ยก 3 มาตรการไปแผนปี 2570").click()
    expect(page.get_by_text("ยก 3 มาตรการไปแผนปี 2570 แล้ว")).to_be_visible()
    wait_for_app(page)
    assert error_boxes(page) == []

    # The 2570 plan has it, with where it came from.
    choose(page, page.get_by_test_id("stMain"), "แผนมาตรการของปีงบประมาณ (พ.ศ.)", "2570")
    expect(page.get_by_text("แผนมาตรการปีงบประมาณ 2570")).to_be_visible()
    page.get_by_text("รายละเอียดของแต่ละมาตรการ").click()
    expect(page.get_by_text(f"1. {MEASURE_1}", exact=True)).to_be_visible()
    expect(page.get_by_text("ยกมาจาก: ยกมาจากปี 2569 มาตรการที่ 1")).to_be_visible()
    assert error_boxes(page) == []
    full_page_shot(page, "loop_2_plan_2570.png")
