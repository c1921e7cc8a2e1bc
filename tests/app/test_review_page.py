"""The review page (มาตรการได้ผลหรือไม่) and the overview's line on the year's measures, under AppTest, on the
bundled data (hand computations in tests/unit/core/test_review.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from ita.core.markdown import unescape
from ita.storage.bundled import load_bundled
from ita.storage.store import Store
from tests.app.conftest import use_store
from tests.app.session import Page
from tests.unit.conftest import actor

PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
FICTION = "อบต.สุขใจ (ข้อมูลสมมุติ)"
REVIEW, OVERVIEW = "pages/review.py", "pages/overview.py"


@pytest.fixture
def db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "ita.db"
    s = Store(path)
    s.seed(load_bundled()[0])
    # A scenario saved on the 2567 results (targets for 2568): 9 → 95 (2568 reached 94.50), 7 → 90 (87.10).
    s.save_scenario(FICTION, 2567, "เป้าเข้ม", json.dumps({"9": 95, "7": 90}), actor())
    s.close()
    use_store(monkeypatch, str(path))
    yield path
    st.cache_data.clear()
    st.cache_resource.clear()


def frame(at, column: str):
    """Returns the value of the table that has `column` (AppTest's dataframes carry no key)."""
    return next(d.value for d in at.main.dataframe if column in d.value.columns)


def texts(at) -> str:
    parts = [unescape(str(e.value)) for kind in ("markdown", "caption", "info", "warning", "subheader")
             for e in getattr(at.main, kind)]
    parts += [f"{m.label} {m.value} {m.help}" for m in at.main.metric]
    return "\n".join(parts)


def test_review_of_the_fictional_agency_2568_shows_the_hand_computed_figures(db: Path) -> None:
    page = Page(REVIEW, FICTION, 2568)
    at = page.at
    assert at.main.selectbox(key=f"review_year|{FICTION}|2568").value == 2568
    metrics = {m.label: m.value for m in at.main.metric}
    assert metrics["มาตรการปี 2568 แล้วเสร็จ"] == "3 จาก 3"
    assert metrics["ตัวชี้วัดที่มาตรการมุ่ง (เฉลี่ย)"] == "+6.27"
    assert metrics["ตัวชี้วัดอื่น (เฉลี่ย)"] == "+2.56"
    assert metrics["คะแนนรวม 2567→2568"] == "+4.22"  # 87.71 → 91.93
    text = texts(at)
    assert "ไม่ใช่หลักฐานว่าคะแนนเปลี่ยนเพราะมาตรการ" in text and "ข้อมูลสมมุติ" in text
    table = frame(at, "change")
    assert list(table["number"]) == ["1", "2", "3"]
    assert table.iloc[0]["change"] == "ตัวชี้วัดที่ 9: +6.20"
    assert table.iloc[0]["target"] == "เป้าหมาย 92.00 ได้ 94.50 (ตัวชี้วัดที่ 9)"
    chart = json.loads(next(c for c in at.get("plotly_chart") if c.key == "chart-ita_review_2568").proto.spec)
    assert [t["name"] for t in chart["data"]] == ["มีมาตรการมุ่ง (เฉลี่ย +6.27)", "ไม่มีมาตรการมุ่ง (เฉลี่ย +2.56)"]
    scen = frame(at, "met")
    rows = {r.indicator: (r.target, r.reached, r.met) for r in scen.itertuples()}
    assert rows["ตัวชี้วัดที่ 9"] == (95.0, 94.5, "ไม่ถึงเป้า")
    assert rows["ตัวชี้วัดที่ 7"] == (90.0, 87.1, "ไม่ถึงเป้า")
    assert "คะแนนรวม (คำนวณจากเป้าหมาย)" in rows


def test_review_of_the_2569_plan_says_one_of_four_done_and_points_to_carrying_forward(db: Path) -> None:
    page = Page(REVIEW, FICTION, 2569)
    metrics = {m.label: m.value for m in page.at.main.metric}
    assert metrics["มาตรการปี 2569 แล้วเสร็จ"] == "1 จาก 4"
    assert metrics["ตัวชี้วัดที่มาตรการมุ่ง (เฉลี่ย)"] == "+1.28"
    assert metrics["ตัวชี้วัดอื่น (เฉลี่ย)"] == "+0.26"
    assert "ยังมีมาตรการปี 2569 ที่ไม่แล้วเสร็จ 3 มาตรการ ยกไปแผนปี 2570 ได้" in texts(page.at)


def test_review_of_the_real_agency_says_what_totals_can_and_cannot_tell(db: Path) -> None:
    page = Page(REVIEW, PATUENG, 2568)
    at = page.at
    metrics = {m.label: m.value for m in at.main.metric}
    assert metrics["มาตรการปี 2568 แล้วเสร็จ"] == "3 จาก 3"
    assert metrics["ตัวชี้วัดที่มาตรการมุ่ง (เฉลี่ย)"] == "–"
    assert metrics["คะแนนรวม 2567→2568"] == "+8.44"
    text = texts(at)
    assert "หน่วยงานมีเฉพาะคะแนนรวม: ปี 2567 ได้ 90.36 ปี 2568 ได้ 98.80 (+8.44)" in text
    assert "อนุมานจากรายงาน" in text
    assert not any(c.key == "chart-ita_review_2568" for c in at.get("plotly_chart"))
    assert "ข้อมูลสมมุติ" not in text


def test_overview_has_the_executives_line_for_the_year(db: Path) -> None:
    page = Page(OVERVIEW, FICTION, 2568)
    lines = [unescape(i.value) for i in page.at.main.info]
    assert ("มาตรการปี 2568 แล้วเสร็จ 3 จาก 3 · ตัวชี้วัดที่มาตรการมุ่งเปลี่ยนเฉลี่ย +6.27 เทียบกับ +2.56 "
            "ของตัวชี้วัดอื่น (2567→2568)") in lines
    real = Page(OVERVIEW, PATUENG, 2568)
    assert "มาตรการปี 2568 แล้วเสร็จ 3 จาก 3 · คะแนนรวม 2567→2568 เปลี่ยน +8.44" in [
        unescape(i.value) for i in real.at.main.info]
    # 2567 had no plan of measures: no line.
    older = Page(OVERVIEW, PATUENG, 2567)
    assert not any("แล้วเสร็จ" in i.value for i in older.at.main.info)
