"""The peers page (เทียบกับหน่วยงานอื่น) under AppTest: with the bundled data (three agencies) every group is too
small and the page says so without breaking; with a fictional province imported, an agency's rank in its province
is the one ita.core.peers.agency_peers gives, and the fictional labels are shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ita.core.framework import load_framework
from ita.core.markdown import unescape
from ita.core.peers import MIN_PEERS, agency_peers, risers
from ita.storage import fictional
from ita.storage.excel import read_workbook
from ita.storage.store import Store
from ita.ui.peers import group_key
from tests.app.conftest import seeded_with
from tests.app.session import signed_in
from tests.app.test_pages import charts, run, text_of, values
from tests.unit.conftest import actor

REPO_ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/peers.py"
PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
FICTION = "อบต.สุขใจ (ข้อมูลสมมุติ)"
AGENCIES = 40  # one fictional province: enough for a ranked province, a few seconds to import


def _page(agency: str | None = None, year: int | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60)
    signed_in(at, "ผู้ทดสอบ")
    run(at)
    at.switch_page(PAGE)
    run(at)
    if agency is not None:
        at.sidebar.selectbox(key="agency").set_value(agency)
        run(at)
    if year is not None:
        at.sidebar.selectbox(key="year").set_value(year)
        run(at)
    return at


@pytest.fixture
def bundled(db: Path) -> Path:
    return db


@pytest.fixture
def province(db: Path) -> Path:
    """An ITA_DB with the bundled data and AGENCIES fictional agencies of เชียงราย (ป่าตึง's province)."""
    read = read_workbook(fictional.province_workbook(seed=3, agencies=AGENCIES))
    assert read.report.problems == []
    return seeded_with(db, read.dataset)


def _metrics(at: AppTest) -> dict[str, str]:
    return {unescape(m.label): m.value for m in at.main.metric}


def test_the_bundled_data_says_every_group_is_too_small(bundled: Path) -> None:
    at = _page()
    text = text_of(at)
    assert at.sidebar.selectbox(key="agency").value == PATUENG
    assert f"ทุกกลุ่มมีหน่วยงานที่มีคะแนนรวมปี 2568 น้อยกว่า {MIN_PEERS} แห่ง จึงยังจัดอันดับไม่ได้" in text
    metrics = _metrics(at)
    # five groups, none ranked; ป่าตึง has no size in its report, so that group says which attribute is missing
    assert len(metrics) == 5 and set(metrics.values()) == {"ไม่จัดอันดับ"}
    assert "ไม่มีข้อมูลขนาดของหน่วยงาน จึงไม่มีกลุ่มประเภทและขนาดเดียวกัน" in text
    assert "กลุ่มนี้มีหน่วยงานที่มีคะแนนรวมเพียง 2 แห่ง (น้อยกว่า 5)" in text
    # the country (ป่าตึง and the fictional สุขใจ) mixes real and fictional agencies: the note says so
    assert "กลุ่มนี้มีทั้งหน่วยงานจริงและหน่วยงานสมมุติ (สมมุติ 1 จาก 2 แห่ง)" in text
    # the default group is the largest it belongs to, the first in the page's order on a tie (type and the
    # country both hold ป่าตึง and สุขใจ); the histogram holds their two totals and marks ป่าตึง's
    assert at.radio(key=group_key(PATUENG)).value == "type"
    fig = charts(at)["chart-ita_peers_distribution"]
    assert sorted(values(fig["data"][0]["x"])) == pytest.approx([91.93, 98.80])
    assert fig["layout"]["shapes"][0]["x0"] == pytest.approx(98.80)
    assert PATUENG in fig["layout"]["annotations"][0]["text"]
    # no year has a percentile (two agencies): a sentence says why, no empty chart
    assert "chart-ita_peers_percentile" not in charts(at)
    assert "กลุ่มนี้มีน้อยกว่า 5 แห่งในทุกปีที่หน่วยงานมีคะแนนรวม (2567, 2568) จึงไม่มีเปอร์เซ็นไทล์รายปี" in text
    # ป่าตึง's report gives totals only: a note and a link to the data page, no profile chart
    assert "ให้เฉพาะคะแนนรวม" in text and "chart-ita_peers_profile" not in charts(at)
    assert ("ไปที่หน้าข้อมูลเพื่อกรอกคะแนนรายตัวชี้วัด", "data") in [(link.proto.label, link.proto.page)
                                                             for link in at.main.get("page_link")]


def test_the_fictional_agency_of_the_bundled_data_is_labelled_and_has_its_profile(bundled: Path) -> None:
    at = _page(FICTION, 2568)
    assert any("ข้อมูลสมมุติ" in w.value for w in at.main.warning)
    profile = charts(at)["chart-ita_peers_profile"]
    own = next(t for t in profile["data"] if t["name"] == "หน่วยงานนี้")
    assert len(values(own["x"])) == 10  # its ten indicator scores; the group is too small for quartiles
    assert "ไม่มีมัธยฐานและควอร์ไทล์" in text_of(at)


def test_an_agency_of_a_fictional_province_gets_the_rank_agency_peers_gives(province: Path) -> None:
    s = Store(province)
    ds = s.dataset()
    s.close()
    agency = sorted(a for a in ds.agencies() if "สมมุติ" in a and a != FICTION)[7]
    expected = {g["group"]: g for g in agency_peers(ds, agency, 2568, load_framework()).groups}
    prov = expected["province"]
    assert prov["rank"] is not None and prov["n"] == AGENCIES + 1  # the fictional province and ป่าตึง

    at = _page(agency, 2568)
    # the first group shown is the smallest that is ranked: the agencies most like it that are enough to rank
    ranked = {g: e["n"] for g, e in expected.items() if e["rank"] is not None}
    assert at.radio(key=group_key(agency)).value == min(ranked, key=ranked.get)
    metrics = _metrics(at)
    assert metrics["จังหวัดเดียวกัน (เชียงราย)"] == f"อันดับ {prov['rank']} จาก {prov['n']}"
    assert metrics["ทั้งประเทศ"] == f"อันดับ {expected['all']['rank']} จาก {expected['all']['n']}"
    text = text_of(at)
    assert f"เปอร์เซ็นไทล์ {prov['percentile']:.1f}" in text
    # fictional: the banner, and the province's note that it mixes real (ป่าตึง) and fictional agencies
    assert any("หน่วยงานสมมุติเพื่อการสาธิต" in w.value for w in at.main.warning)
    assert f"กลุ่มนี้มีทั้งหน่วยงานจริงและหน่วยงานสมมุติ (สมมุติ {AGENCIES} จาก {AGENCIES + 1} แห่ง)" in text
    assert "ทุกกลุ่มมีหน่วยงาน" not in text

    at.radio(key=group_key(agency)).set_value("province")
    run(at)
    fig = charts(at)["chart-ita_peers_distribution"]
    assert len(values(fig["data"][0]["x"])) == AGENCIES + 1
    pct = charts(at)["chart-ita_peers_percentile"]
    assert values(pct["data"][0]["y"])[-1] == pytest.approx(prov["percentile"])
    profile = charts(at)["chart-ita_peers_profile"]
    median = next(t for t in profile["data"] if t["name"] == "มัธยฐานของกลุ่ม")
    assert all(v is not None for v in values(median["x"]))  # 41 agencies with scores: quartiles for each
    # the risers are core's, each labelled fictional
    expected_risers = risers(ds, agency, 2568, "province", load_framework())
    assert len(expected_risers) > 0
    [table] = [d.value for d in at.main.dataframe]
    assert list(table["agency"]) == list(expected_risers["agency"])
    assert list(table["gain"]) == pytest.approx(list(expected_risers["gain"]))
    assert set(table["fictional"]) == {"ข้อมูลสมมุติ"}


def test_a_total_saved_elsewhere_moves_the_distribution_and_the_percentile(province: Path) -> None:
    """The group's totals and the percentile over the years are cached on the data version (ita.ui.peers)."""
    s = Store(province)
    agency = sorted(a for a in s.dataset().agencies() if "สมมุติ" in a and a != FICTION)[7]
    s.close()
    at = _page(agency, 2568)
    at.radio(key=group_key(agency)).set_value("province")
    run(at)
    assert 100.0 not in values(charts(at)["chart-ita_peers_distribution"]["data"][0]["x"])

    other = Store(province)  # another connection, as another person's save
    try:
        other.save_year(agency, 2568, {}, {"total": 100.0}, actor("ผู้แก้ไข"), "ทดสอบ")
        ds = other.dataset()
    finally:
        other.close()
    expected = next(g for g in agency_peers(ds, agency, 2568, load_framework()).groups if g["group"] == "province")
    run(at)
    assert 100.0 in values(charts(at)["chart-ita_peers_distribution"]["data"][0]["x"])
    assert values(charts(at)["chart-ita_peers_percentile"]["data"][0]["y"])[-1] == pytest.approx(expected["percentile"])
    assert expected["percentile"] == pytest.approx(100.0)  # no other agency of the province reaches 100
