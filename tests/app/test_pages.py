"""The executives' pages (overview, indicators) under AppTest: they render with no exception, show the
right numbers for the agency and year chosen in the sidebar, and change when the choice changes.

Known figures from the bundled data: อบต.ป่าตึง (real, the default) has totals only, 90.36 in 2567 and
98.80 in 2568; อบต.สุขใจ (ข้อมูลสมมุติ) (fictional) has indicator scores for 2565–2569, totals 87.71 in
2567 and 91.93 in 2568, and 28 OIT items in 2568 (20 under indicator 9, 8 under 10).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ita.core.markdown import unescape
from ita.core.model import Dataset
from ita.storage.store import Store
from ita.ui.auth import SIGNIN_PAGE
from ita.ui.shell import PAGES
from tests.unit.conftest import actor

REPO_ROOT = Path(__file__).resolve().parents[2]
PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
FICTION = "อบต.สุขใจ (ข้อมูลสมมุติ)"
TRAT = "จังหวัดตราด"
OVERVIEW, INDICATORS = "pages/overview.py", "pages/indicators.py"
FICTION_MARK = "ข้อมูลสมมุติ"
MISSING_INDICATORS = "ยังแยกไม่ได้ว่าตัวชี้วัดใดทำให้คะแนนเปลี่ยน"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway folder for the store: these tests only read, so the module seeds it once."""
    return tmp_path_factory.mktemp("store")


def _new_app(monkeypatch: pytest.MonkeyPatch, store_dir: Path) -> AppTest:
    # The app opens bundled files by relative path, as `streamlit run` does from the repo root.
    monkeypatch.chdir(REPO_ROOT)
    # Tests must never read or write the developer's own store.
    monkeypatch.setenv("ITA_DB", str(store_dir / "ita.db"))
    st.cache_data.clear()
    st.cache_resource.clear()
    return AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=30)


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, store_dir: Path) -> Iterator[AppTest]:
    """dashboard.py under AppTest with a throwaway store and empty caches."""
    yield _new_app(monkeypatch, store_dir)
    st.cache_data.clear()
    st.cache_resource.clear()


def run(at: AppTest) -> AppTest:
    """Runs the app and fails with the exceptions' messages when it raised."""
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def choose(at: AppTest, agency: str | None = None, year: int | None = None) -> AppTest:
    """Sets the sidebar's agency and/or year, one rerun each, as a person would."""
    if agency is not None:
        at.sidebar.selectbox(key="agency").set_value(agency)
        run(at)
    if year is not None:
        at.sidebar.selectbox(key="year").set_value(year)
        run(at)
    return at


def open_page(at: AppTest, page: str) -> AppTest:
    """Moves to another page (the sidebar nav link) and runs it."""
    at.switch_page(page)
    return run(at)


def charts(at: AppTest) -> dict[str, dict[str, Any]]:
    """Returns each plotly chart's figure JSON by its element key."""
    return {c.key: json.loads(c.proto.spec) for c in at.get("plotly_chart")}


def values(data: Any) -> list[Any]:
    """Returns a figure-JSON array as a list: plotly 7 writes numpy arrays as base64 typed arrays."""
    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return list(data)


def fiction_warnings(at: AppTest) -> list[str]:
    return [unescape(w.value) for w in at.main.warning if FICTION_MARK in w.value]


def text_of(at: AppTest) -> str:
    """Returns every text the main area shows (markdown, captions, alerts, metrics, subheaders)."""
    parts: list[str] = []
    for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "success", "error"):
        parts += [unescape(str(e.value)) for e in getattr(at.main, kind)]
    parts += [f"{m.label} {m.value} {m.delta} {m.help}" for m in at.main.metric]
    return "\n".join(parts)


# --------------------------------------------------------------------------- overview


def test_overview_default_is_patueng_2568_with_its_totals(app: AppTest) -> None:
    run(app)

    assert app.sidebar.selectbox(key="agency").value == PATUENG
    assert app.sidebar.selectbox(key="year").value == 2568
    total = app.main.metric[0]
    assert total.value == "98.80"
    assert "+8.44" in total.delta
    assert "90.36" in total.help
    trend = charts(app)["chart-ita_trend"]
    total_trace = next(t for t in trend["data"] if t["name"] == "คะแนนรวม")
    assert values(total_trace["y"]) == pytest.approx([90.36, 98.80])
    assert trend["layout"]["xaxis"]["tickformat"] == "d"


def test_overview_year_with_only_a_total_explains_instead_of_a_waterfall(app: AppTest) -> None:
    run(app)  # อบต.ป่าตึง's report gives totals only

    assert any(MISSING_INDICATORS in i.value for i in app.main.info)
    assert "chart-ita_drivers" not in charts(app)
    assert any("IIT / EIT / OIT" in i.value for i in app.main.info)  # and no tool scores either
    assert "chart-ita_tools" not in charts(app)


def test_overview_numbers_follow_the_agency_and_year(app: AppTest) -> None:
    run(app)

    choose(app, agency=FICTION)
    assert app.sidebar.selectbox(key="year").value == 2568
    assert app.main.metric[0].value == "91.93"
    assert "+4.22" in app.main.metric[0].delta

    choose(app, year=2567)
    assert app.main.metric[0].value == "87.71"
    assert "+5.00" in app.main.metric[0].delta
    assert "82.71" in app.main.metric[0].help
    assert any(f"{FICTION} · ปีงบประมาณ 2567" in unescape(s.value) for s in app.main.subheader)

    choose(app, agency=PATUENG)  # 2567 exists for ป่าตึง too, so the year stays
    assert app.sidebar.selectbox(key="year").value == 2567
    assert app.main.metric[0].value == "90.36"
    assert app.main.metric[0].delta == ""  # no 2566 score, so no change is shown


def test_overview_follows_a_write_to_the_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The overview's figures are cached on the store's data version (ita.ui.data.overview_of): a
    score saved elsewhere shows at the next run, not a stale copy."""
    from ita.storage.store import Store

    app = _new_app(monkeypatch, tmp_path)  # its own store: this test writes
    try:
        run(app)
        assert app.main.metric[0].value == "98.80"

        db = Store()  # ITA_DB points at tmp_path
        db.save_year(PATUENG, 2568, {}, {"total": 97.5}, actor("ทดสอบ"), "ทดสอบ")
        db.close()
        run(app)

        assert app.main.metric[0].value == "97.50"
        assert "+7.14" in app.main.metric[0].delta
        total = next(t for t in charts(app)["chart-ita_trend"]["data"] if t["name"] == "คะแนนรวม")
        assert values(total["y"]) == pytest.approx([90.36, 97.50])
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()


def test_overview_first_year_has_no_change(app: AppTest) -> None:
    run(app)
    choose(app, agency=FICTION, year=2565)

    assert app.main.metric[0].value == "77.19"
    assert app.main.metric[0].delta == ""
    assert any("2564" in c.value for c in app.main.caption)


def test_overview_waterfall_adds_up_to_the_change_of_total(app: AppTest) -> None:
    run(app)
    choose(app, agency=FICTION)  # 2568; the waterfall defaults to 2567 → 2568

    assert app.main.selectbox(key="drivers_from").value == 2567
    assert app.main.selectbox(key="drivers_to").value == 2568
    wf = charts(app)["chart-ita_drivers"]["data"][0]
    assert wf["type"] == "waterfall"
    y, measure = values(wf["y"]), values(wf["measure"])
    assert measure == ["absolute", *["relative"] * 10, "total"]
    relative = [v for v, m in zip(y, measure, strict=True) if m == "relative"]
    assert sum(relative) == pytest.approx(91.93 - 87.71, abs=0.01)
    assert y[0] == pytest.approx(87.71, abs=0.01)
    assert y[-1] == pytest.approx(91.93, abs=0.01)
    assert charts(app)["chart-ita_tools"]["data"][0]["name"] == "IIT"


def test_overview_waterfall_follows_its_from_year(app: AppTest) -> None:
    run(app)
    choose(app, agency=FICTION)

    app.main.selectbox(key="drivers_from").set_value(2565)
    run(app)

    wf = charts(app)["chart-ita_drivers"]["data"][0]
    y = values(wf["y"])
    relative = [v for v, m in zip(y, values(wf["measure"]), strict=True) if m == "relative"]
    assert y[0] == pytest.approx(77.19, abs=0.01)
    assert sum(relative) == pytest.approx(91.93 - 77.19, abs=0.01)


# --------------------------------------------------------------------------- both pages


@pytest.mark.parametrize("page", [OVERVIEW, INDICATORS, "pages/weak.py"])
def test_fictional_agency_is_labelled_on_every_page_and_the_real_one_is_not(app: AppTest, page: str) -> None:
    run(app)
    open_page(app, page)
    assert fiction_warnings(app) == []
    assert FICTION_MARK not in text_of(app)

    choose(app, agency=FICTION)

    assert len(fiction_warnings(app)) == 1
    assert FICTION in fiction_warnings(app)[0]


def test_every_agency_and_year_renders_both_pages(app: AppTest) -> None:
    """Includes the widgets that outlive a change of agency (the waterfall's and the comparison's
    years): an earlier agency's year must never break the next agency's page."""
    run(app)
    agencies = app.sidebar.selectbox(key="agency").options
    assert {PATUENG, FICTION, TRAT} <= set(agencies)
    seen, expected = 0, 0
    for page in (OVERVIEW, INDICATORS):
        open_page(app, page)
        for agency in agencies:
            choose(app, agency=agency)
            years = app.sidebar.selectbox(key="year").options
            expected += len(years)
            for year in years:
                choose(app, year=int(year))
                assert any(f"{agency} · ปีงบประมาณ {year}" in unescape(s.value) for s in app.main.subheader)
                seen += 1
                # Pick the earliest 'from' year before moving on, the choice most likely to be
                # missing from the next agency's years.
                boxes = [s for s in app.main.selectbox if s.key in ("drivers_from", "compare_a")]
                for box in boxes:
                    box.set_value(int(box.options[0]))
                if boxes:
                    run(app)
    assert seen == expected >= 2 * (2 + 4 + 2)


# --------------------------------------------------------------------------- indicators


def test_indicators_page_for_the_fictional_agency(app: AppTest) -> None:
    run(app)
    choose(app, agency=FICTION)
    open_page(app, INDICATORS)

    assert app.main.title[0].value == "ผลรายตัวชี้วัด"
    heat = charts(app)["chart-ita_indicator_heatmap"]["data"][0]
    assert heat["type"] == "heatmap"
    assert values(heat["x"]) == [2565, 2566, 2567, 2568, 2569]
    labels = values(heat["y"])
    assert len(labels) == 10
    assert labels[0].startswith("1. ") and labels[-1].startswith("10. ")
    assert {v for row in values(heat["z"]) for v in values(row)} <= {0, 1, 2}
    assert heat["texttemplate"] == "%{text}"
    assert "chart-ita_compare" in charts(app)

    changes = app.main.dataframe[0]
    assert list(changes.value["indicator"]) == [str(i) for i in range(1, 11)]
    assert changes.value["change"].tolist()[0] == pytest.approx(95.2 - 92.4)
    columns = json.loads(changes.proto.columns)
    assert columns["label"]["pinned"] is True  # the indicator's name stays put when scrolling


def test_indicators_oit_items_filtered_by_the_radio(app: AppTest) -> None:
    run(app)
    choose(app, agency=FICTION)
    open_page(app, INDICATORS)

    def items() -> Any:
        return next(d.value for d in app.main.dataframe if "item" in d.value.columns)

    radio = app.main.radio(key="drill_parent")
    assert radio.value == "9"
    nine = items()
    assert all(s.split(".")[0] == "9" for s in nine["sub_indicator"])
    radio.set_value("10")
    run(app)
    ten = items()
    assert all(s.split(".")[0] == "10" for s in ten["sub_indicator"])
    assert (len(nine), len(ten)) == (20, 8)
    assert len(set(nine["item"]) | set(ten["item"])) == 28
    assert any("(8 ข้อ)" in c.value for c in app.main.caption)


def test_indicators_page_for_an_agency_with_totals_only(app: AppTest) -> None:
    run(app)
    open_page(app, INDICATORS)

    assert any("ยังไม่มีคะแนนรายตัวชี้วัด" in i.value for i in app.main.info)
    assert "chart-ita_indicator_heatmap" not in charts(app)
    items = next(d.value for d in app.main.dataframe if "item" in d.value.columns)
    assert len(items) == 20  # ป่าตึง's own 2568 OIT list, indicator 9


def test_selection_survives_moving_between_pages(app: AppTest) -> None:
    run(app)
    choose(app, agency=FICTION, year=2566)

    open_page(app, INDICATORS)
    assert app.sidebar.selectbox(key="agency").value == FICTION
    assert app.sidebar.selectbox(key="year").value == 2566
    assert any("ปีงบประมาณ 2566" in s.value for s in app.main.subheader)

    open_page(app, OVERVIEW)
    assert app.main.metric[0].value == "82.71"


def test_the_sidebar_widgets_carry_the_choice_as_their_default(app: AppTest) -> None:
    """The browser draws a remounted selectbox from its proto's `default` (after a page switch or
    a run cut short by a click) and sends that on the next run: the default must be the choice, or
    the sidebar jumps to the first agency or year (seen in the browser tests, 5 runs in 10)."""

    def defaults() -> tuple[str, int]:
        agency, year = app.sidebar.selectbox(key="agency"), app.sidebar.selectbox(key="year")
        return agency.options[agency.proto.default], year.options[year.proto.default]

    run(app)
    assert defaults() == (PATUENG, "2568")
    choose(app, agency=FICTION, year=2566)
    assert defaults() == (FICTION, "2566")
    open_page(app, INDICATORS)
    assert defaults() == (FICTION, "2566")


# --------------------------------------------------------------------------- the pages/ folder


@pytest.mark.cold_server
def test_a_page_run_alone_still_draws_the_frame(monkeypatch: pytest.MonkeyPatch, store_dir: Path) -> None:
    """With the pages in a folder named `pages/`, Streamlit's old pages-folder mode runs
    pages/overview.py alone (AppTest starts every run in that mode, as a new server does with its first
    request), without dashboard.py. The page must still draw the sidebar and keep the agency chosen."""
    at = _new_app(monkeypatch, store_dir)
    run(at)
    assert len(at.sidebar.selectbox) == 2

    at.sidebar.selectbox(key="agency").set_value(FICTION)
    run(at)

    assert [s.key for s in at.sidebar.selectbox] == ["agency", "year"], "the frame was not drawn"
    assert at.sidebar.selectbox(key="agency").value == FICTION
    assert any(FICTION in unescape(h.value) for h in at.main.subheader)
    at.switch_page(INDICATORS)
    run(at)
    assert [s.key for s in at.sidebar.selectbox] == ["agency", "year"]
    assert at.sidebar.selectbox(key="agency").value == FICTION
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.mark.parametrize("page", [path for path, _, _ in PAGES if path != SIGNIN_PAGE])  # it shows no data
def test_an_empty_store_gives_every_page_a_sentence_not_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, page: str
) -> None:
    """A store with no data at all (a new installation whose data were not bundled): every page says
    so in a sentence, draws no chart and raises nothing."""
    empty = Store(tmp_path / "ita.db")
    empty.seed(Dataset())  # marked as seeded, so the bundled workbooks are not loaded
    empty.close()
    at = _new_app(monkeypatch, tmp_path)
    run(at)
    at.switch_page(page)
    run(at)
    assert not at.error, [e.value for e in at.error]
    assert any("ยังไม่มีข้อมูล" in i.value or "ยังไม่มีหน่วยงาน" in i.value for i in at.info), \
        [i.value for i in at.info]
    assert not at.get("plotly_chart")
    st.cache_data.clear()
    st.cache_resource.clear()
