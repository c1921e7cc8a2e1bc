"""Issue 16 end to end under AppTest: the fictional agency's 2569 results arrive (entered on the data page), the
review of its 2569 plan appears, an unfinished measure is carried into the 2570 plan, and the 2570 plan shows it
with its link. The real agency (totals only) enters a 2569 total and plans 2570 the same way.

The store starts from the bundled data without the fictional agency's 2569 results (they "have not arrived");
the scores entered are those of data/build/demo.py, so the figures are the hand computation of
tests/unit/cli/test_cli_review.py: targeted 1.28, untargeted 0.26."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from ita.core.markdown import unescape
from ita.core.model import Dataset
from ita.storage.bundled import load_bundled
from ita.storage.store import Store
from tests.app.conftest import use_store
from tests.app.session import Page

FICTION = "อบต.สุขใจ (ข้อมูลสมมุติ)"
PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
S69 = [95.90, 93.80, 97.40, 91.10, 93.30, 92.50, 90.60, 93.00, 95.30, 89.70]  # data/build/demo.py, fictional


def without_fictional_2569(ds: Dataset) -> Dataset:
    tables = {}
    for key, df in ds.tables.items():
        if key in ("results", "indicator_scores"):
            df = df[~((df["agency"] == FICTION) & (df["year"] == 2569))]
        tables[key] = df.reset_index(drop=True)
    return Dataset(tables)


@pytest.fixture
def db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "ita.db"
    s = Store(path)
    s.seed(without_fictional_2569(load_bundled()[0]))
    s.close()
    use_store(monkeypatch, str(path))
    yield path
    st.cache_data.clear()
    st.cache_resource.clear()


def enter_year(page: Page, agency: str, year: int, scores: dict[int, float], source: str) -> None:
    """On the data page: chooses `year` in the entry form, types `scores` by row (0–9 indicators, 13 the
    total) and the source, and saves."""
    at = page.at
    at.number_input(key=page.key("entry_year_")).set_value(year)
    page.run()
    editor = next(w.key for w in at.data_editor if w.key and w.key.startswith("scores_"))
    at.session_state[editor] = {"edited_rows": {r: {"score": v} for r, v in scores.items()}, "added_rows": [],
                                "deleted_rows": []}
    at.text_input(key=page.key("source_")).set_value(source)
    next(b for b in at.button if b.label == "บันทึกคะแนน").click()
    page.run()
    assert not at.error, [e.value for e in at.error]
    assert any(f"ปีงบประมาณ {year}" in s.value for s in at.success), [s.value for s in at.success]


def choose_year(page: Page, year: int) -> None:
    page.at.sidebar.selectbox(key="year").set_value(year)
    page.run()


def test_results_of_2569_arrive_the_review_shows_and_a_measure_is_carried_into_2570(db: Path) -> None:
    page = Page("pages/data.py", FICTION, 2568)
    enter_year(page, FICTION, 2569, dict(enumerate(S69)), "ผลสมมุติปี 2569 (ข้อมูลสมมุติเพื่อการสาธิต)")
    choose_year(page, 2569)

    # The review of the 2569 plan against 2568 → 2569.
    page.open("pages/review.py")
    assert page.metric("มาตรการปี 2569 แล้วเสร็จ") == "1 จาก 4"
    assert page.metric("ตัวชี้วัดที่มาตรการมุ่ง") == "+1.28"
    assert page.metric("ตัวชี้วัดอื่น") == "+0.26"
    assert "ยังมีมาตรการปี 2569 ที่ไม่แล้วเสร็จ 3 มาตรการ" in page.texts()

    # The overview's line for 2569.
    page.open("pages/overview.py")
    assert any(unescape(i.value).startswith("มาตรการปี 2569 แล้วเสร็จ 1 จาก 4 · ตัวชี้วัดที่มาตรการมุ่งเปลี่ยนเฉลี่ย +1.28")
               for i in page.at.main.info)

    # The measures page, plan of 2569: carry only measure 1 into 2570.
    page.open("pages/measures.py")
    year_box = f"measures_plan_year|{FICTION}|2569"
    page.at.selectbox(key=year_box).set_value(2569)
    page.run()
    s = Store(db)
    try:
        first = int(s.measures(FICTION, 2569).iloc[0]["id"])
    finally:
        s.close()
    pick = next(w for w in page.at.multiselect if (w.key or "").startswith("measures_carry_pick|"))
    pick.set_value([first])
    page.run()
    page.click("measures_carry")
    assert "ยก 1 มาตรการไปแผนปี 2570 แล้ว" in page.texts()

    page.at.selectbox(key=year_box).set_value(2570)
    page.run()
    table = page.at.dataframe[0].value
    assert list(table["title"]) == ["มาตรการปรับปรุงการสื่อสารผ่านไลน์และเว็บไซต์ (สมมุติ)"]
    assert list(table["carried"]) == ["ยกมาจากปี 2569 มาตรการที่ 1"]
    s = Store(db)
    try:
        assert int(s.measures(FICTION, 2570).iloc[0]["carried_from"]) == first
    finally:
        s.close()


def test_the_real_agency_enters_a_2569_total_and_plans_2570(db: Path) -> None:
    """A total typed in a throwaway test store (no real 2569 result is known), then the 2570 plan."""
    page = Page("pages/data.py", PATUENG, 2568)
    enter_year(page, PATUENG, 2569, {13: 97.5}, "ค่าทดสอบในฐานข้อมูลทดสอบ (ไม่ใช่ผลจริง)")
    choose_year(page, 2569)
    page.open("pages/review.py")
    assert page.metric("คะแนนรวม 2568→2569") == "-1.30"
    assert "หน่วยงานมีเฉพาะคะแนนรวม" in page.texts()
    page.open("pages/measures.py")
    year_box = f"measures_plan_year|{PATUENG}|2569"
    page.at.selectbox(key=year_box).set_value(2569)
    page.run()
    page.click("measures_carry")  # its six 2569 measures, none started, all carried
    assert "ยก 6 มาตรการไปแผนปี 2570 แล้ว" in page.texts()
    page.at.selectbox(key=year_box).set_value(2570)
    page.run()
    table = page.at.dataframe[0].value
    assert list(table["carried"]) == [f"ยกมาจากปี 2569 มาตรการที่ {n}" for n in ("1", "2", "3", "4", "6", "7")]
