"""The app with many agencies (issue 14): the sidebar's search and its capped list, the chosen agency kept
across pages, and the data page's bounded history, bounded import preview made once, and progress bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.elements.progress import ProgressMixin
from streamlit.testing.v1 import AppTest

import ita.storage.store
from ita.services import data_entry as de
from ita.services.agencies import SHOWN_AT_MOST
from ita.storage.store import Store
from tests.app.conftest import seeded_with
from tests.app.session import signed_in
from tests.app.test_data_page import HEAD, XLSX, _workbook
from tests.unit.storage.test_store_busy import national

REPO_ROOT = Path(__file__).resolve().parents[2]
PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
MANY = SHOWN_AT_MOST + 50


def _no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.fixture
def many(db: Path) -> Path:
    """An ITA_DB holding the bundled data and MANY more agencies (2567-2568, ten indicators)."""
    return seeded_with(db, national(MANY))


def _app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60)
    signed_in(at, "ผู้ทดสอบ")
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    _no_exception(at)
    return at


def _captions(at: AppTest) -> list[str]:
    return [c.value for c in at.sidebar.caption]


def test_the_list_is_capped_with_a_thai_message(many: Path) -> None:
    at = _app()
    agencies = at.sidebar.selectbox(key="agency")
    assert len(agencies.options) == SHOWN_AT_MOST
    assert agencies.value == PATUENG  # the default, as with the bundled data
    assert f"พบ {MANY + 3:,} หน่วยงาน แสดง {SHOWN_AT_MOST} รายการแรก กรุณาพิมพ์ชื่อให้ละเอียดขึ้นเพื่อค้นหา" in _captions(at)


def test_typing_part_of_a_name_narrows_the_list(many: Path) -> None:
    at = _app()
    at.sidebar.text_input(key="agency_search").input("ทดสอบที่ 24").run()
    _no_exception(at)
    options = at.sidebar.selectbox(key="agency").options
    # the chosen agency stays first (typing does not change what every page shows), then the matches
    assert options == [PATUENG, "หน่วยงานทดสอบที่ 24", *[f"หน่วยงานทดสอบที่ {n}" for n in range(240, 250)]]
    assert "พบ 11 หน่วยงาน" in _captions(at)
    at.sidebar.text_input(key="agency_search").input("  ทดสอบ ที่ 249 ").run()  # spaces ignored
    assert at.sidebar.selectbox(key="agency").options == [PATUENG, "หน่วยงานทดสอบที่ 249"]
    at.sidebar.text_input(key="agency_search").input("ไม่มีหน่วยงานนี้").run()
    assert at.sidebar.selectbox(key="agency").options == [PATUENG]
    assert "ไม่พบหน่วยงานที่ตรงกับคำค้น" in _captions(at)


def test_the_chosen_agency_survives_a_page_change(many: Path) -> None:
    at = _app()
    at.sidebar.text_input(key="agency_search").input("ทดสอบที่ 249").run()
    at.sidebar.selectbox(key="agency").select("หน่วยงานทดสอบที่ 249").run()
    at.sidebar.selectbox(key="year").select(2567).run()
    at.switch_page("pages/indicators.py")
    at.run()
    _no_exception(at)
    assert at.sidebar.selectbox(key="agency").value == "หน่วยงานทดสอบที่ 249"
    assert at.sidebar.selectbox(key="year").value == 2567
    assert at.sidebar.text_input(key="agency_search").value == "ทดสอบที่ 249"
    # a new search that leaves it out keeps it chosen and selectable
    at.sidebar.text_input(key="agency_search").input("ป่าตึง").run()
    agencies = at.sidebar.selectbox(key="agency")
    assert agencies.value == "หน่วยงานทดสอบที่ 249" and agencies.options == ["หน่วยงานทดสอบที่ 249", PATUENG]
    at.switch_page("pages/overview.py")
    at.run()
    _no_exception(at)
    assert at.sidebar.selectbox(key="agency").value == "หน่วยงานทดสอบที่ 249"


def test_the_bundled_data_has_no_search_box(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(REPO_ROOT)
    monkeypatch.setenv("ITA_DB", str(tmp_path / "ita.db"))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = _app()
    assert not at.sidebar.text_input
    assert at.sidebar.selectbox(key="agency").options == ["อบต.สุขใจ (ข้อมูลสมมุติ)", PATUENG, "จังหวัดตราด"]
    st.cache_data.clear()
    st.cache_resource.clear()


def test_the_history_tab_shows_one_page_with_the_count(many: Path) -> None:
    at = _app("pages/data.py")
    at.sidebar.selectbox(key="agency").select("อบต.สุขใจ (ข้อมูลสมมุติ)").run()
    s = Store(many)
    total = s.agency_history("อบต.สุขใจ (ข้อมูลสมมุติ)")[1]
    s.close()
    assert total > de.HISTORY_PAGE
    pages = de.history_pages(total)
    assert any(f"ทั้งหมด {total:,} รายการ หน้า 1 จาก {pages}" in c.value for c in at.caption)
    table = at.dataframe[-1].value
    assert len(table) == de.HISTORY_PAGE
    first_ids = list(table["เลขที่"])
    assert first_ids == sorted(first_ids, reverse=True)
    at.number_input(key="history_page").set_value(2).run()
    _no_exception(at)
    second = list(at.dataframe[-1].value["เลขที่"])
    assert len(second) == total - de.HISTORY_PAGE and max(second) < min(first_ids)


def _preview_table(at: AppTest) -> Any:
    [table] = [d.value for d in at.dataframe if list(d.value.columns) == de.PREVIEW_COLUMNS_TH]
    return table


def _national_workbook(agencies: int) -> bytes:
    rows: list[list[Any]] = [HEAD]
    for i in range(agencies):
        for year in (2567, 2568):
            rows.append([f"อบต.นำเข้าทดสอบ {i}", year, *[80.0 + k for k in range(10)], 90.0])
    return _workbook(rows)


def test_a_large_import_previews_a_bounded_sample_once_and_shows_progress(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(REPO_ROOT)
    monkeypatch.setenv("ITA_DB", str(tmp_path / "ita.db"))
    st.cache_data.clear()
    st.cache_resource.clear()
    previews = []
    preview = Store.preview_import
    monkeypatch.setattr(Store, "preview_import", lambda self, ds: previews.append(1) or preview(self, ds))
    bars: list[tuple[float, str]] = []
    progress = ProgressMixin.progress

    def spied(self: Any, value: float, text: str | None = None, **kw: Any) -> Any:
        bars.append((value, text))
        return progress(self, value, text, **kw)
    monkeypatch.setattr(ProgressMixin, "progress", spied)
    monkeypatch.setattr(ita.storage.store, "PROGRESS_EVERY", 100)
    at = _app("pages/data.py")
    at.file_uploader[0].set_value(("national.xlsx", _national_workbook(30), XLSX))
    at.run()
    _no_exception(at)
    added = 30 + 30 * 2 * 11  # the agencies, then each year's total and ten indicator scores
    assert {m.label: m.value for m in at.metric}["เพิ่ม"] == str(added)
    assert f"แสดง {de.PREVIEW_SHOWN:,} แถวแรกจาก {added:,} แถว (จำนวนทั้งหมดอยู่ในตัวเลขด้านบน)" in [
        c.value for c in at.caption]
    assert len(_preview_table(at)) == de.PREVIEW_SHOWN
    at.checkbox(key="preview_show_all").check().run()  # another run of the page: the preview is not made again
    assert previews == [1]
    [button] = [b for b in at.button if b.label.startswith("นำเข้าข้อมูล")]
    button.click().run()
    _no_exception(at)
    assert any("นำเข้าข้อมูลจาก national" in s.value for s in at.success), [s.value for s in at.success]
    values = [v for v, _ in bars]
    assert values[-1] == 1.0 and values == sorted(values)
    assert len([t for _, t in bars if t.startswith("กำลังตรวจเทียบ")]) == added // 100  # one per 100 rows matched
    assert bars[-1][1] == "นำเข้าเสร็จแล้ว"
    s = Store(tmp_path / "ita.db")
    assert len(s.dataset().for_agency("อบต.นำเข้าทดสอบ 29")["indicator_scores"]) == 20
    s.close()
    st.cache_data.clear()
    st.cache_resource.clear()


def test_the_province_and_type_filters_narrow_the_list_and_are_kept(many: Path) -> None:
    at = _app()
    province = at.sidebar.selectbox(key="filter_province")
    assert province.value == "" and "เชียงราย" in province.options  # ป่าตึง's province, from its report
    province.select("เชียงราย").run()
    _no_exception(at)
    chiang_rai = at.sidebar.selectbox(key="agency").options
    assert PATUENG in chiang_rai and not any(a.startswith("หน่วยงานทดสอบ") for a in chiang_rai)
    assert f"พบ {len(chiang_rai):,} หน่วยงาน" in _captions(at)
    at.sidebar.selectbox(key="filter_kind").select("อบต.").run()
    assert PATUENG in at.sidebar.selectbox(key="agency").options
    at.switch_page("pages/indicators.py")
    at.run()
    _no_exception(at)
    assert at.sidebar.selectbox(key="filter_province").value == "เชียงราย"
    assert at.sidebar.selectbox(key="agency").options == chiang_rai
