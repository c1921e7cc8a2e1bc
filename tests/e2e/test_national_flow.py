"""Many agencies in the real app in Chromium (issue 14): a store holding the bundled data and 600 fictional
agencies from ita.storage.fictional (seed 1, every province, 2564–2568), imported as `python -m ita import` does.

1. Public reading: the sidebar filtered to a province, an agency of it chosen; the peers page shows that agency's
   rank in every group exactly as ita.core.peers.agency_peers computes it; the overseer page opens on that province
   with the number of agencies, the pass rate and the fictional label ita.services.overseer gives; a row clicked in
   its table offers that row's agency, and its button opens the agency's overview.
2. ITA_READ=signed-in: a viewer granted one province sees only that province's agencies, in the sidebar (filters,
   search, list) and on the overseer page (count and the table's own CSV download), and typing the name of an
   agency elsewhere finds nothing.

Every expected figure is computed here from the store the server reads, never written down by hand."""

from __future__ import annotations

import csv
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import REPO_ROOT, ServerError, add_account, choose, error_boxes, go_to, serve, wait_for_app
from playwright.sync_api import Locator, Page, expect

from ita.core.access import Account
from ita.core.framework import load_framework
from ita.core.model import Dataset
from ita.core.peers import GROUP_TH, agency_peers
from ita.services import overseer as svc
from ita.services.agencies import SEARCH_ABOVE
from ita.storage import fictional
from ita.storage.bundled import load_bundled
from ita.storage.excel import read_workbook
from ita.storage.store import Store

SEED, AGENCIES, YEAR = 1, 600, 2568
VIEWER, VIEWER_PASSWORD = "overseer1", "ผู้กำกับดูแล-รหัส-2568"
# Streamlit's CSV download uses the File System Access API where the browser has it (a save dialog, no download
# event); without it, it falls back to an ordinary download that Playwright can catch.
NO_SAVE_PICKER = "window.showSaveFilePicker = undefined;"


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Dataset]:
    """Returns the store (its path) and the dataset the server will read: the bundled data, then the fictional
    workbook read and imported in one transaction as the CLI's import does (~2 s)."""
    db = tmp_path_factory.mktemp("national") / "ita.db"
    read = read_workbook(fictional.workbook_bytes(fictional.generate(SEED, AGENCIES), SEED))
    assert read.report.problems == []
    store = Store(db)
    try:
        store.seed(load_bundled()[0])
        store.import_dataset(read.dataset, Account(username="e2e", display="ทดสอบ", role="admin"))
        return db, store.dataset()
    finally:
        store.close()


@pytest.fixture(scope="module")
def public_url(national: tuple[Path, Dataset], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db, _ = national
    log = tmp_path_factory.mktemp("national-public") / "streamlit.log"
    try:
        with serve(REPO_ROOT / "dashboard.py", REPO_ROOT, log, {"ITA_DB": str(db)}) as url:
            yield url
    except ServerError as exc:
        pytest.fail(str(exc), pytrace=False)


def _provinces(ds: Dataset) -> list[tuple[str, int]]:
    """Returns the provinces of the fictional agencies only (none of the bundled ones lives there) with their
    number of agencies, largest first."""
    attrs = ds["agencies"].drop_duplicates("agency")
    real = set(attrs.loc[attrs["fictional"] != "ใช่", "province"].dropna())
    counts = Counter(p for p in attrs.loc[attrs["fictional"] == "ใช่", "province"].dropna() if p not in real)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _offers_none(page: Page, scope: Locator, label: str, typed: str) -> None:
    """Asserts that typing `typed` into the select labelled `label` offers no option holding it."""
    box = scope.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True)).get_by_role("combobox")
    box.click()
    box.fill(typed)
    expect(page.get_by_role("option").filter(has_text=typed)).to_have_count(0)
    box.press("Escape")


def _metrics(page: Page) -> dict[str, str]:
    """Returns each metric card of the main area as label → value, as drawn."""
    cards = page.get_by_test_id("stMain").get_by_test_id("stMetric")
    expect(cards.first).to_be_visible()
    return {c.get_by_test_id("stMetricLabel").inner_text().strip():
            c.get_by_test_id("stMetricValue").inner_text().strip() for c in cards.all()}


def _group_table(page: Page) -> Locator:
    """The overseer page's table of the group's agencies (the page's last dataframe)."""
    table = page.get_by_test_id("stMain").get_by_test_id("stDataFrame").last
    table.scroll_into_view_if_needed()
    return table


def _table_csv(page: Page, table: Locator) -> list[dict[str, str]]:
    """Returns the rows of the table as its own toolbar's "Download as CSV" gives them."""
    table.hover()
    with page.expect_download() as download:
        table.get_by_role("button", name="Download as CSV").click()
    with open(download.value.path(), encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _expected_cards(ds: Dataset, agency: str) -> dict[str, str]:
    """Returns the peers page's cards as ita.core.peers gives them: group (and key) → 'อันดับ r จาก n'."""
    cards = {}
    for g in agency_peers(ds, agency, YEAR, load_framework()).groups:
        label = GROUP_TH[g["group"]] + (f" ({g['key']})" if g["key"] and g["group"] != "all" else "")
        cards[label] = f"อันดับ {g['rank']} จาก {g['n']}" if g["rank"] is not None else "ไม่จัดอันดับ"
    return cards


def test_a_province_filtered_agency_has_its_rank_and_its_province_overview(
    page: Page, public_url: str, national: tuple[Path, Dataset]
) -> None:
    _, ds = national
    fw = load_framework()
    province, count = next((p, n) for p, n in _provinces(ds) if n <= SEARCH_ABOVE)  # a province, not the capital
    members = svc.group_members(ds, "province", province)
    assert len(members) == count >= 8
    # The agency: the middle of its province by rank, so that neither "first" nor "last" could pass by chance.
    ranks = {a: next(g["rank"] for g in agency_peers(ds, a, YEAR, fw).groups if g["group"] == "province")
             for a in members}
    agency = sorted(members, key=lambda a: (ranks[a], a))[len(members) // 2]
    assert 1 < ranks[agency] < len(members)

    page.goto(public_url)
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    choose(page, sidebar, "จังหวัด", province)
    expect(sidebar.get_by_text(f"พบ {len(members)} หน่วยงาน", exact=True)).to_be_visible()
    choose(page, sidebar, "หน่วยงาน", agency)

    # The peers page: every group's card says what ita.core.peers says.
    go_to(page, "เทียบกับหน่วยงานอื่น")
    expect(page.get_by_test_id("stMain").get_by_role("heading", name=f"{agency} · ปีงบประมาณ {YEAR}")).to_be_visible()
    expected = _expected_cards(ds, agency)
    assert expected[f"จังหวัดเดียวกัน ({province})"] == f"อันดับ {ranks[agency]} จาก {len(members)}"
    assert _metrics(page) == expected
    expect(page.get_by_text(f"'{agency}' เป็นหน่วยงานสมมุติเพื่อการสาธิต", exact=False)).to_be_visible()
    assert error_boxes(page) == []

    # The overseer page opens on the chosen agency's province.
    go_to(page, "ภาพรวมหลายหน่วยงาน")
    view = svc.group_view(ds, members, YEAR, fw)
    assert view.all_fictional and view.n == len(members)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name=f"จังหวัด{province} · ปีงบประมาณ {YEAR}")).to_be_visible()
    shown = _metrics(page)
    assert shown["จำนวนหน่วยงาน"] == str(len(members))
    assert shown[f"อัตราผ่าน (≥ {view.pass_mark:g})"] == f"{view.pass_rate:.1f} %"
    expect(main.get_by_text(f"ผ่าน {view.passed} จาก {view.n} แห่ง", exact=True)).to_be_visible()
    expect(main.get_by_text("ทุกหน่วยงานในกลุ่มนี้เป็นหน่วยงานสมมุติ", exact=False)).to_be_visible()
    expect(main.get_by_text("ข้อมูลสมมุติปนอยู่", exact=False)).to_have_count(0)
    assert error_boxes(page) == []

    # A row of the table clicked (its row marker, third row) offers that row's agency; its button opens the
    # agency's overview, which becomes the sidebar's agency.
    row = 2
    target = str(view.table["agency"].iloc[row])
    assert target != agency
    grid = _group_table(page).locator(".dvn-scroller")
    header, height = 36, 35  # Streamlit's dataframe: header and row heights, px
    grid.click(position={"x": 15, "y": header + height * row + height // 2})
    wait_for_app(page)
    main.get_by_role("button", name=f"เปิดหน้าภาพรวมของ {target}").click()
    wait_for_app(page)
    expect(main.get_by_role("heading", name="ภาพรวมผลการประเมิน ITA")).to_be_visible()
    expect(main.get_by_role("heading", name=f"{target} · ปีงบประมาณ {YEAR}")).to_be_visible()
    agency_box = sidebar.get_by_test_id("stSelectbox").filter(has=page.get_by_text("หน่วยงาน", exact=True))
    expect(agency_box.get_by_role("combobox")).to_have_value(target)
    assert error_boxes(page) == []


def test_a_viewer_granted_a_province_sees_only_its_agencies(
    page: Page, national: tuple[Path, Dataset], tmp_path: Path
) -> None:
    source, ds = national
    province, count = _provinces(ds)[0]
    members = svc.group_members(ds, "province", province)
    assert len(members) == count > SEARCH_ABOVE  # enough for the sidebar's filters and search box
    # A type the province shares with the rest of the country (its central agencies' types are the capital's
    # alone), and an agency of that type elsewhere: the type group would show it to anyone else.
    kind = next(k for k, _ in Counter(svc.group_values(ds, "type", [a])[0] for a in members).most_common()
                if set(svc.group_members(ds, "type", k)) - set(members))
    elsewhere = next(a for a in svc.group_members(ds, "type", kind) if a not in members)
    db = tmp_path / "ita.db"  # a copy: the account is this test's alone
    with sqlite3.connect(source) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    add_account(db, VIEWER, "viewer", VIEWER_PASSWORD, display="ผู้กำกับ จังหวัด", grants=(("province", "", province),))
    page.context.add_init_script(NO_SAVE_PICKER)
    env = {"ITA_DB": str(db), "ITA_READ": "signed-in"}
    with serve(REPO_ROOT / "dashboard.py", REPO_ROOT, tmp_path / "streamlit.log", env) as url:
        page.goto(url)
        wait_for_app(page)
        form = page.get_by_test_id("stForm")
        form.get_by_role("textbox", name="ชื่อผู้ใช้", exact=True).fill(VIEWER)
        form.get_by_role("textbox", name="รหัสผ่าน", exact=True).fill(VIEWER_PASSWORD)
        form.get_by_role("button", name="ลงชื่อเข้าใช้").click()
        wait_for_app(page)
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar).to_contain_text("ผู้ใช้: ผู้กำกับ จังหวัด")

        # The sidebar: the province filter offers that province alone, and a search matching every fictional
        # agency of the country (600 of them) finds the province's agencies, no more.
        province_box = sidebar.get_by_test_id("stSelectbox").filter(
            has=page.get_by_text("จังหวัด", exact=True)).get_by_role("combobox")
        province_box.click()
        expect(page.get_by_role("option")).to_have_text(["ทั้งหมด", province])
        province_box.press("Escape")
        search = sidebar.get_by_role("textbox", name="ค้นหาหน่วยงาน")
        search.fill("สมมุติ")
        search.press("Enter")
        wait_for_app(page)
        expect(sidebar.get_by_text(f"พบ {len(members)} หน่วยงาน", exact=True)).to_be_visible()
        # Typing the name of an agency elsewhere finds nothing, in the search box or in the list itself.
        search.fill(elsewhere)
        search.press("Enter")
        wait_for_app(page)
        expect(sidebar.get_by_text("ไม่พบหน่วยงานที่ตรงกับคำค้น", exact=True)).to_be_visible()
        _offers_none(page, sidebar, "หน่วยงาน", elsewhere)
        search.fill("")
        search.press("Enter")
        wait_for_app(page)

        # The overseer page: a viewer starts on their own group, which is the province, agency for agency.
        go_to(page, "ภาพรวมหลายหน่วยงาน")
        main = page.get_by_test_id("stMain")
        expect(main.get_by_role("radio", name="หน่วยงานตามสิทธิ์ของบัญชี")).to_be_checked()
        assert _metrics(page)["จำนวนหน่วยงาน"] == str(len(members))
        rows = _table_csv(page, _group_table(page))
        assert sorted(r["agency"] for r in rows) == sorted(members)
        assert {r["fictional"] for r in rows} == {"สมมุติ"}
        _offers_none(page, main, "เปิดหน้าของหน่วยงาน", elsewhere)
        # Another kind of group holds only what the account may read: the one province, nothing of the rest.
        main.get_by_test_id("stRadio").get_by_text("ประเภทหน่วยงาน", exact=True).click()
        wait_for_app(page)
        choose(page, main, "ประเภทหน่วยงาน", kind)
        rows = _table_csv(page, _group_table(page))
        assert {r["agency"] for r in rows} == set(svc.group_members(ds, "type", kind, among=members))
        assert elsewhere not in {r["agency"] for r in rows}
        assert error_boxes(page) == []
