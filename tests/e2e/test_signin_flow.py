"""Sign-in in the real app in Chromium (issue 12): the first run's setup code from the server's terminal
makes the first admin, who adds a planner on the users page and grants them อบต.ป่าตึง; the planner signs
in and saves a measure, whose history names the planner's account; five wrong passwords lock the account;
with ITA_READ=signed-in a browser that has not signed in sees only the sign-in page."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import (
    REPO_ROOT,
    ServerError,
    add_account,
    error_boxes,
    go_to,
    serve,
    sign_in,
    wait_for_app,
)
from playwright.sync_api import Page, expect

from ita.storage.store import Store
from ita.ui.shell import ADMIN_PAGE, PAGES

PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
ADMIN_PASSWORD, PLANNER_PASSWORD = "ผู้ดูแลระบบ-รหัส-2568", "ผู้วางแผน-รหัส-2568"
CODE = re.compile(r"\b([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\b")
REFUSED = "ลงชื่อเข้าใช้ไม่สำเร็จ: ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"


@pytest.fixture
def fresh_app(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    """The app on a store with no account yet; yields its URL, its ITA_DB and its terminal's log."""
    db, log = tmp_path / "ita.db", tmp_path / "streamlit.log"
    try:
        with serve(REPO_ROOT / "dashboard.py", REPO_ROOT, log, {"ITA_DB": str(db)}) as url:
            yield url, db, log
    except ServerError as exc:
        pytest.fail(str(exc), pytrace=False)


def _setup_code(log: Path) -> str:
    """Returns the one-time code the server printed to its terminal (waits for the first run to print it)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = CODE.search(log.read_text(errors="replace"))
        if found:
            return found.group(1)
        time.sleep(0.2)
    raise AssertionError(f"no setup code in the server's output:\n{log.read_text(errors='replace')}")


def _choose(page: Page, scope, label: str, option: str) -> None:
    """Picks `option` in the BaseWeb select labelled `label` inside `scope`."""
    box = scope.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True)).get_by_role("combobox")
    box.click()
    page.locator('[role="option"]').filter(has_text=option).first.click()
    wait_for_app(page)


def _visible_tab(page: Page):
    return page.get_by_role("tabpanel").filter(visible=True)


def test_first_admin_adds_a_planner_who_saves_a_measure_under_their_own_name(page: Page, fresh_app) -> None:
    url, db, log = fresh_app
    page.goto(url)
    wait_for_app(page)
    code = _setup_code(log)
    assert code not in page.content()  # the code is for whoever started the server, never sent to browsers

    # First run: the sign-in page asks for the setup code and makes the first admin.
    go_to(page, "ลงชื่อเข้าใช้")
    form = page.get_by_test_id("stForm")
    form.get_by_role("textbox", name="รหัสตั้งค่า", exact=True).fill(code)
    form.get_by_role("textbox", name="ชื่อผู้ใช้", exact=True).fill("admin1")
    form.get_by_role("textbox", name="ชื่อที่แสดง", exact=True).fill("ผู้ดูแล หนึ่ง")
    form.get_by_role("textbox", name="รหัสผ่าน", exact=True).fill(ADMIN_PASSWORD)
    form.get_by_role("textbox", name="รหัสผ่านอีกครั้ง", exact=True).fill(ADMIN_PASSWORD)
    form.get_by_role("button", name="สร้างผู้ดูแลระบบและลงชื่อเข้าใช้").click()
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("ผู้ใช้: ผู้ดูแล หนึ่ง · ผู้ดูแลระบบ")

    # The users page (an admin's only): add a planner, then grant them ป่าตึง.
    go_to(page, "ผู้ใช้และสิทธิ์")
    add = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="เพิ่มบัญชี"))
    add.get_by_role("textbox", name="ชื่อผู้ใช้", exact=True).fill("planner1")
    _choose(page, add, "บทบาท", "ผู้วางแผน (planner)")
    add.get_by_role("textbox", name="ชื่อที่แสดง (ลงในประวัติ)", exact=True).fill("ผู้วางแผน หนึ่ง")
    add.get_by_role("textbox", name="รหัสผ่าน (อย่างน้อย 10 ตัวอักษร)", exact=True).fill(PLANNER_PASSWORD)
    add.get_by_role("textbox", name="รหัสผ่านอีกครั้ง", exact=True).fill(PLANNER_PASSWORD)
    add.get_by_role("button", name="เพิ่มบัญชี").click()
    wait_for_app(page)
    expect(page.get_by_text("เพิ่มบัญชี planner1 (ผู้วางแผน) แล้ว")).to_be_visible()
    page.get_by_role("tab", name="สิทธิ์ของบัญชี").click()
    wait_for_app(page)
    tab = _visible_tab(page)
    _choose(page, tab, "บัญชี", "planner1")
    _choose(page, tab, "ให้สิทธิ์เพิ่ม", f"หน่วยงาน {PATUENG}")
    tab.get_by_role("button", name="ให้สิทธิ์").click()
    wait_for_app(page)
    expect(page.get_by_text(f"ให้สิทธิ์ หน่วยงาน {PATUENG} แก่ planner1 แล้ว")).to_be_visible()
    assert error_boxes(page) == []

    # The planner signs in (after the admin signs out) and adds a measure to ป่าตึง's plan.
    page.get_by_test_id("stSidebar").get_by_role("button", name="ออกจากระบบ").click()
    wait_for_app(page)
    sign_in(page, "planner1", PLANNER_PASSWORD)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("ผู้ใช้: ผู้วางแผน หนึ่ง · ผู้วางแผน")
    expect(page.get_by_role("link", name=re.compile("ผู้ใช้และสิทธิ์"))).to_have_count(0)  # not an admin
    go_to(page, "มาตรการ")
    add_measure = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="บันทึกมาตรการใหม่"))
    add_measure.get_by_role("textbox", name="มาตรการ/แนวทาง", exact=True).fill("มาตรการของผู้วางแผน")
    add_measure.get_by_role("button", name="บันทึกมาตรการใหม่").click()
    wait_for_app(page)
    expect(page.get_by_text("มาตรการของผู้วางแผน' ในแผนปี", exact=False)).to_be_visible()
    assert error_boxes(page) == []
    store = Store(db)
    try:
        history = store.history("measures")
        added = history[history["action"] == "insert"].iloc[0]
        assert added["author"] == "ผู้วางแผน หนึ่ง (planner1)"
        assert '"title": "มาตรการของผู้วางแผน"' in added["after"]
    finally:
        store.close()

    # Five wrong passwords lock the account: the sixth try, with the right password, is refused alike.
    page.get_by_test_id("stSidebar").get_by_role("button", name="ออกจากระบบ").click()
    wait_for_app(page)
    for _ in range(5):
        sign_in(page, "planner1", "not-the-password")
        expect(page.get_by_text(REFUSED)).to_be_visible()
    sign_in(page, "planner1", PLANNER_PASSWORD)
    expect(page.get_by_text(REFUSED)).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_contain_text("ยังไม่ได้ลงชื่อเข้าใช้")


def test_signed_in_mode_shows_only_the_sign_in_page_until_signing_in(page: Page, tmp_path: Path) -> None:
    db = tmp_path / "ita.db"
    add_account(db, "exec1", "viewer", "ผู้บริหาร-รหัส-2568", display="ผู้บริหาร หนึ่ง",
                grants=(("agency", PATUENG, ""),))
    env = {"ITA_DB": str(db), "ITA_READ": "signed-in"}
    with serve(REPO_ROOT / "dashboard.py", REPO_ROOT, tmp_path / "streamlit.log", env) as url:
        page.goto(url)
        wait_for_app(page)
        nav = page.get_by_test_id("stSidebarNav")
        expect(nav).to_have_count(0)  # one page only: Streamlit draws no menu
        expect(page.get_by_role("heading", name="ลงชื่อเข้าใช้")).to_be_visible()
        expect(page.get_by_test_id("stSidebar").get_by_text("หน่วยงาน", exact=True)).to_have_count(0)
        assert PATUENG not in page.content()  # not even the agencies' names
        # A page's address typed by hand gets the sign-in page, not the page.
        page.goto(f"{url}/measures")
        wait_for_app(page)
        expect(page.get_by_role("heading", name="ลงชื่อเข้าใช้")).to_be_visible()
        expect(page.get_by_text("มาตรการส่งเสริมคุณธรรมและความโปร่งใส")).to_have_count(0)

        page.goto(url)  # (Streamlit also says "page not found" over that page: start again from the root)
        wait_for_app(page)
        form = page.get_by_test_id("stForm")
        form.get_by_role("textbox", name="ชื่อผู้ใช้", exact=True).fill("exec1")
        form.get_by_role("textbox", name="รหัสผ่าน", exact=True).fill("ผู้บริหาร-รหัส-2568")
        form.get_by_role("button", name="ลงชื่อเข้าใช้").click()
        wait_for_app(page)
        # Every page of the menu (the sign-in page among them), and no users page: a viewer is no admin.
        expect(nav.locator("a")).to_have_count(len(PAGES))
        expect(nav.get_by_role("link", name=ADMIN_PAGE[1], exact=True)).to_have_count(0)
        go_to(page, "ภาพรวม")
        agency = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(
            has=page.get_by_text("หน่วยงาน", exact=True)).get_by_role("combobox")
        expect(agency).to_have_value(PATUENG)
        agency.click()
        expect(page.locator('[role="option"]')).to_have_text([PATUENG])  # the agencies not granted are not listed
        agency.press("Escape")
        assert error_boxes(page) == []
