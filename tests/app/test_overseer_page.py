"""The overseer page (ภาพรวมหลายหน่วยงาน, issue 14 item 3) in the app: a fictional province beside the bundled data
shows the count and pass rate ita.services.overseer computes and says that real and fictional agencies are mixed;
choosing an agency makes it the sidebar's agency on the overview page, even when the sidebar's search leaves it
out; a viewer granted a district sees that district only; the bundled data alone works with its one agency."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ita.core.framework import load_framework
from ita.core.markdown import plain_line, unescape
from ita.core.model import Dataset
from ita.services import overseer as svc
from ita.storage import fictional
from ita.storage.accounts import Accounts
from ita.storage.excel import read_workbook
from ita.storage.store import Store
from tests.app.conftest import seeded_with
from tests.app.session import FAST_HASHER, REPO_ROOT, signed_in
from tests.app.test_pages import run
from tests.unit.conftest import actor

PAGE = "pages/overseer.py"
PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
PROVINCE = "เชียงราย"
DISTRICT = "อำเภอสมมุติ 07"


@pytest.fixture
def province(db: Path) -> Path:
    """An ITA_DB holding the bundled data and 40 fictional agencies of เชียงราย (ป่าตึง's province)."""
    read = read_workbook(fictional.province_workbook(seed=1, province=PROVINCE, agencies=40))
    assert read.report.problems == []
    return seeded_with(db, read.dataset)


def _open(at: AppTest) -> AppTest:
    run(at)
    at.switch_page(PAGE)
    return run(at)


def _metric(at: AppTest, start: str) -> str:
    found = [m.value for m in at.main.metric if m.label.startswith(start)]
    assert len(found) == 1, [m.label for m in at.main.metric]
    return found[0]


def _view(members: list[str], year: int = 2568) -> svc.GroupView:
    s = Store()
    try:
        return svc.group_view(s.dataset(), members, year, load_framework())
    finally:
        s.close()


def _members(kind: str, key: str) -> list[str]:
    s = Store()
    try:
        return svc.group_members(s.dataset(), kind, key)
    finally:
        s.close()


def _district_viewer(monkeypatch: pytest.MonkeyPatch, username: str) -> AppTest:
    """Signs in (ITA_READ=signed-in) a viewer granted the fictional district, and opens the page."""
    monkeypatch.setenv("ITA_READ", "signed-in")
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60)
    signed_in(at, username, "viewer")
    s = Store()
    try:
        Accounts(s, hasher=FAST_HASHER).grant("ผู้ทดสอบระบบ", username, "district", value=f"{PROVINCE}/{DISTRICT}")
    finally:
        s.close()
    return _open(at)


def _table_agencies(at: AppTest) -> set[str]:
    frames = [d.value for d in at.main.dataframe if "completion" in d.value.columns]
    assert len(frames) == 1
    return set(frames[0]["agency"])


def test_the_fictional_province_shows_the_services_count_and_pass_rate(province: Path) -> None:
    at = _open(AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60))
    assert at.main.radio(key="overseer_kind").value == "province"
    assert at.main.selectbox(key="overseer_key|province").value == PROVINCE  # ป่าตึง's, the sidebar's agency
    members = _members("province", PROVINCE)
    view = _view(members)
    assert view.members == 41 and view.n == 41 and view.fictional == 40  # 40 fictional and ป่าตึง
    assert 0 < view.passed < view.n  # the generated scores give both sides of 85
    assert _metric(at, "จำนวนหน่วยงาน") == "41"
    assert _metric(at, "อัตราผ่าน") == f"{view.pass_rate:.1f} %"
    assert f"ผ่าน {view.passed} จาก 41 แห่ง" in [c.value for c in at.main.caption]
    warnings = " ".join(w.value for w in at.main.warning)
    assert "สมมุติ 40 จาก 41 แห่ง" in warnings  # real and fictional mixed, said
    assert _table_agencies(at) == set(members)
    below = [d.value for d in at.main.dataframe if list(d.value.columns) == ["agency", "total", "change"]]
    assert len(below) == 1 and len(below[0]) == view.n - view.passed and (below[0]["total"] < 85).all()


def test_choosing_an_agency_makes_it_the_sidebars_on_the_overview(province: Path) -> None:
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60)
    run(at)
    # the sidebar's search leaves the agency out of its list: the choice must still become the selection
    at.sidebar.text_input(key="agency_search").input("ป่าตึง")
    run(at)
    at.switch_page(PAGE)
    run(at)
    target = "อบต.สมมุติ 0003"
    assert target not in at.sidebar.selectbox(key="agency").options
    at.main.selectbox(key="overseer_open").set_value(target)
    run(at)
    at.button(key="overseer_open_button").click()
    run(at)
    assert at.sidebar.selectbox(key="agency").value == target
    assert at.sidebar.selectbox(key="year").value == 2568
    assert [t.value for t in at.main.title] == ["ภาพรวมผลการประเมิน ITA"]  # the overview page
    assert any(target in unescape(s.value) for s in at.main.subheader)
    assert any("ข้อมูลสมมุติ" in w.value for w in at.main.warning)  # its fictional label


def test_a_viewer_granted_a_district_sees_that_district_only(province: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _district_viewer(monkeypatch, "exec1")
    district = _members("district", f"{PROVINCE}/{DISTRICT}")
    assert 0 < len(district) < 40 and PATUENG not in district
    assert at.main.radio(key="overseer_kind").value == "granted"  # a viewer starts on their own group
    assert _metric(at, "จำนวนหน่วยงาน") == str(len(district))
    assert _table_agencies(at) == set(district)
    assert _metric(at, "อัตราผ่าน") == f"{_view(district).pass_rate:.1f} %"
    # the other groups hold only what the account may read: the province is the district, ตราด is not offered
    at.main.radio(key="overseer_kind").set_value("province")
    run(at)
    assert at.main.selectbox(key="overseer_key|province").options == [PROVINCE]
    assert _table_agencies(at) == set(district)
    at.main.radio(key="overseer_kind").set_value("type")
    run(at)
    shown = set()
    for kind in at.main.selectbox(key="overseer_key|type").options:
        at.main.selectbox(key="overseer_key|type").set_value(kind)
        run(at)
        shown |= _table_agencies(at)
    assert shown == set(district)


def test_the_whole_country_counts_every_agency_and_a_viewer_only_what_it_may_read(
        province: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _open(AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60))
    at.main.radio(key="overseer_kind").set_value("all")
    run(at)
    everyone = _members("all", "")
    assert len(everyone) == 43  # ป่าตึง, ตราด, the bundled fictional agency and the 40 of เชียงราย
    assert _metric(at, "จำนวนหน่วยงาน") == "43"
    assert _table_agencies(at) == set(everyone)
    assert any(unescape(s.value).startswith("ทั้งประเทศ") for s in at.main.subheader)
    # signed in as a viewer granted one district: "all" is what the account may read, and not called the country
    at = _district_viewer(monkeypatch, "exec2")
    at.main.radio(key="overseer_kind").set_value("all")
    run(at)
    district = _members("district", f"{PROVINCE}/{DISTRICT}")
    assert _table_agencies(at) == set(district)
    assert not any(unescape(s.value).startswith("ทั้งประเทศ") for s in at.main.subheader)
    assert any(unescape(s.value).startswith("ทุกหน่วยงานที่บัญชีนี้เปิดดูได้") for s in at.main.subheader)


def test_the_bundled_data_alone_shows_honest_small_numbers(db: Path) -> None:
    at = _open(AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60))
    assert at.main.selectbox(key="overseer_key|province").value == PROVINCE
    assert _metric(at, "จำนวนหน่วยงาน") == "1"
    assert _metric(at, "อัตราผ่าน") == "100.0 %"
    assert _metric(at, "ค่าเฉลี่ย ปี 2568") == "98.80"
    infos = " ".join(i.value for i in at.main.info)
    assert "เพียง 1 แห่ง" in infos  # a group this small is said to be small
    assert "ไม่มีคะแนนรายตัวชี้วัด" in infos  # ป่าตึง's report gives no indicator scores
    assert _table_agencies(at) == {PATUENG}
    assert not at.main.warning  # one real agency: nothing fictional to label
    at.main.radio(key="overseer_kind").set_value("type")
    run(at)
    at.main.selectbox(key="overseer_key|type").set_value("อบต.")
    run(at)
    assert _metric(at, "จำนวนหน่วยงาน") == "2"
    assert "สมมุติ 1 จาก 2 แห่ง" in " ".join(w.value for w in at.main.warning)


def test_an_agency_imported_elsewhere_is_counted_at_the_next_run(db: Path) -> None:
    """The groups, their members and years are cached on the data version (ita.ui.overseer): a write shows."""
    at = _open(AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60))
    assert _metric(at, "จำนวนหน่วยงาน") == "1"  # ป่าตึง alone in เชียงราย
    added = Dataset.from_records({
        "agencies": [{"agency": "อบต.ทดสอบนำเข้า", "kind": "อบต.", "province": PROVINCE, "district": "เมือง",
                      "fictional": "ใช่"}],
        "results": [{"agency": "อบต.ทดสอบนำเข้า", "year": 2567, "total": 70.0, "source": "ทดสอบ"}],
    })
    other = Store(db)  # another connection, as another person's import
    try:
        other.import_dataset(added, actor("ผู้นำเข้า"))
    finally:
        other.close()
    run(at)
    assert _metric(at, "จำนวนหน่วยงาน") == "2"
    assert _table_agencies(at) == {PATUENG, "อบต.ทดสอบนำเข้า"}
    assert "ปี 2567: 80.18 (2 แห่ง)" in [c.value for c in at.main.caption]  # (90.36 + 70) / 2: its total counts


def test_a_row_selected_in_the_table_is_one_click_from_its_overview(province: Path) -> None:
    at = _open(AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60))
    target = _members("province", PROVINCE)[2]  # the table lists the group in the agencies table's order
    assert not [b for b in at.button if b.key == "overseer_open_row"]  # no row selected, no such button
    # what the browser sends when the third row is clicked (st.dataframe's on_select state)
    at.session_state[f"overseer_table|จังหวัด{PROVINCE}|2568"] = {"selection": {"rows": [2], "columns": [],
                                                                                  "cells": []}}
    run(at)
    at.button(key="overseer_open_row").click()
    run(at)
    assert at.sidebar.selectbox(key="agency").value == target
    assert [t.value for t in at.main.title] == ["ภาพรวมผลการประเมิน ITA"]


def test_a_province_name_from_a_file_is_shown_as_text_not_markdown(db: Path) -> None:
    hostile = "**จังหวัด** [ลิงก์](http://example.com)"
    added = Dataset.from_records({
        "agencies": [{"agency": "อบต.ชื่อจังหวัดแปลก", "kind": "อบต.", "province": hostile, "district": "เมือง",
                      "fictional": "ใช่"}],
        "results": [{"agency": "อบต.ชื่อจังหวัดแปลก", "year": 2568, "total": 90.0, "source": "ทดสอบ"}],
    })
    seeded = Store(db)
    try:
        seeded.import_dataset(added, actor("ผู้นำเข้า"))
    finally:
        seeded.close()
    at = _open(AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60))
    at.main.selectbox(key="overseer_key|province").set_value(hostile)
    run(at)
    [heading] = [h.value for h in at.main.subheader if " · ปีงบประมาณ" in h.value]
    assert heading == f"{plain_line('จังหวัด' + hostile)} · ปีงบประมาณ 2568"
    assert "](http" not in heading
