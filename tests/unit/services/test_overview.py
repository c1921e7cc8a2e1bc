import pytest

from ita.core.analysis import agency_years
from ita.core.model import Dataset
from ita.services.indicators import (
    changes_of,
    compare_of,
    compare_years,
    indicator_changes,
    indicator_matrix,
    matrix_of,
    oit_framework_change,
    oit_items,
    sub_indicator_scores,
)
from ita.services.overview import drivers, drivers_of, overview, overview_cards, tools_frame, trend_frame

A = "อบต.ทดสอบ"
S67 = [90, 90, 90, 90, 90, 80, 80, 80, 70, 70]
S68 = [95, 90, 90, 90, 90, 80, 90, 80, 80, 70]


def _scores(year, scores):
    return [{"agency": A, "year": year, "indicator": str(i), "score": s} for i, s in enumerate(scores, 1)]


@pytest.fixture
def ds():
    return Dataset.from_records({
        "agencies": [{"agency": A, "fictional": "ใช่"}],
        "results": [
            {"agency": A, "year": 2566, "total": 80.00, "level": "ต้องปรับปรุง"},
            {"agency": A, "year": 2568, "total": 83.00, "level": "ผ่าน"},
        ],
        "indicator_scores": _scores(2567, S67) + _scores(2568, S68),
        "national": [{"year": 2568, "mean": 93.82, "confidence": "C", "source": "test"}],
        "oit_items": [
            {"agency": A, "year": 2568, "item": "O1", "status": "ดำเนินการ", "owner": "สำนักปลัด"},
            {"agency": A, "year": 2568, "item": "O27", "status": "ยังไม่ได้ดำเนินการ"},
        ],
    })


def test_cards_for_a_year_with_indicators(ds, fw):
    # 2568: IIT = 91, EIT = 83.33…, OIT = 75 → total = 27.3 + 25 + 30 = 82.3 computed; published 83.00.
    c = overview_cards(ds, A, 2568, fw)
    assert c.total == 83.00 and not c.total_is_computed
    # 2567 has no published total: its computed one is used, 0.3·90 + 0.3·80 + 0.4·70 = 79.
    assert c.prev_total == pytest.approx(79.0)
    assert c.change == pytest.approx(4.0)
    assert c.gap_to_pass == pytest.approx(-2.0)
    assert c.gap_to_excellent == pytest.approx(-12.0)
    assert c.diff_national == pytest.approx(83.0 - 93.82)
    assert c.fictional
    assert any("82.30" in f for f in c.findings)  # published 83.00 vs computed 82.30 is reported
    # 83 < 85 → ต้องปรับปรุง under the 2568 rule; published says ผ่าน → flagged.
    assert c.level_computed == "ต้องปรับปรุง" and c.level_disagrees


def test_cards_without_previous_year_or_national(ds, fw):
    c = overview_cards(ds, A, 2566, fw)
    assert c.change is None and c.prev_total is None
    assert c.national_mean is None and c.diff_national is None


def test_trend_marks_computed_totals(ds, fw):
    t = trend_frame(ds, A, fw)
    assert list(t["year"]) == [2566, 2567, 2568]
    assert list(t["computed"]) == [False, True, False]
    assert t.loc[1, "total"] == pytest.approx(79.0)
    assert t.loc[2, "national_mean"] == 93.82 and t["national_mean"].isna().sum() == 2


def test_tools_frame_long_form(ds, fw):
    tools = tools_frame(ds, A, fw)
    assert set(tools["year"]) == {2567, 2568}
    row = tools[(tools["year"] == 2568) & (tools["tool"] == "OIT")]
    assert row["score"].iloc[0] == pytest.approx(75.0)


def test_drivers_sum_to_the_change(ds, fw):
    d = drivers(ds, A, 2567, 2568, fw)
    assert d.missing_th == ""
    contrib = dict(zip(d.table["indicator"], d.table["contribution"], strict=True))
    # Indicator 1 +5 × 0.06, indicator 7 +10 × 0.10, indicator 9 +10 × 0.20.
    assert contrib["1"] == pytest.approx(0.3)
    assert contrib["7"] == pytest.approx(1.0)
    assert contrib["9"] == pytest.approx(2.0)
    assert d.table["contribution"].sum() == pytest.approx(d.change)
    assert d.change == pytest.approx(3.3)


def test_drivers_say_what_is_missing(ds, fw):
    d = drivers(ds, A, 2566, 2568, fw)
    assert d.table.empty and d.change is None
    assert "2566" in d.missing_th and "2568" not in d.missing_th.split("เพราะ")[1].split("ไม่มี")[0]


def test_indicator_matrix_and_changes(ds, fw):
    m = indicator_matrix(ds, A, fw)
    assert len(m) == 20
    assert set(m[m["year"] == 2568].set_index("indicator").loc[["1", "7", "10"], "category"]) == {
        "strong", "improve", "urgent"}
    ch = indicator_changes(ds, A, 2568, fw).set_index("indicator")
    assert ch.loc["7", "change"] == pytest.approx(10)
    assert ch.loc["1", "prev_score"] == 90 and ch.loc["1", "score"] == 95
    cmp = compare_years(ds, A, 2566, 2568, fw)
    assert cmp["score_a"].isna().all() and cmp["change"].isna().all()


def test_oit_items_join_the_framework_list(ds, fw):
    items = oit_items(ds, A, 2568, fw)
    assert len(items) == 28
    by = items.set_index("item")
    assert by.loc["O1", "status"] == "ดำเนินการ" and by.loc["O1", "owner"] == "สำนักปลัด"
    assert by.loc["O27", "status"] == "ยังไม่ได้ดำเนินการ"
    assert by.loc["O2", "status"] == ""  # not recorded by the agency: shown as unknown, not as done
    assert by.loc["O16", "printed"] == "๐๑๕"
    ten = oit_items(ds, A, 2568, fw, parent="10")
    assert list(ten["item"]) == [f"O{n}" for n in range(21, 29)]
    assert oit_items(ds, A, 2567, fw).empty


def test_sub_indicators_listed_with_known_scores(fw):
    ds = Dataset.from_records({"indicator_scores": [
        {"agency": A, "year": 2568, "indicator": "9.1", "score": 100.0}]})
    subs = sub_indicator_scores(ds, A, 2568, "9", fw)
    assert list(subs["code"]) == ["9.1", "9.2", "9.3", "9.4", "9.5"]
    assert subs.loc[0, "score"] == 100.0 and subs["score"].isna().sum() == 4


def test_oit_framework_change_warns_across_years(fw):
    assert oit_framework_change(fw, 2568, 2568) == ""
    assert "ห้ามเทียบ" in oit_framework_change(fw, 2567, 2568)


# --------------------------------------------------------------------------- one evaluation per page


def test_overview_at_once_equals_the_parts(ds, fw):
    ov = overview(ds, A, 2568, fw)

    assert ov.cards == overview_cards(ds, A, 2568, fw)
    assert ov.trend.equals(trend_frame(ds, A, fw))
    assert ov.tools.equals(tools_frame(ds, A, fw))
    assert ov.years == tuple(ds.years(A)) == (2566, 2567, 2568)
    assert [r.year for r in ov.results] == list(ov.years)
    for a, b in ((2567, 2568), (2566, 2568)):
        by_parts, at_once = drivers(ds, A, a, b, fw), drivers_of(ov.results, a, b, fw)
        assert at_once.table.equals(by_parts.table)
        assert (at_once.total_from, at_once.total_to, at_once.missing_th) == (
            by_parts.total_from, by_parts.total_to, by_parts.missing_th)


def test_scored_years_are_those_with_every_indicator(ds, fw):
    # 2566 has a published total only; 2567 and 2568 have all ten indicators.
    assert overview(ds, A, 2568, fw).scored_years == (2567, 2568)
    totals_only = Dataset.from_records({"results": [
        {"agency": A, "year": 2567, "total": 90.36}, {"agency": A, "year": 2568, "total": 98.80}]})
    assert overview(totals_only, A, 2568, fw).scored_years == ()


def test_indicator_views_from_results_equal_the_dataset_functions(ds, fw):
    results = agency_years(ds, A, fw)

    assert matrix_of(results, fw).equals(indicator_matrix(ds, A, fw))
    assert changes_of(results, 2568, fw).equals(indicator_changes(ds, A, 2568, fw))
    for a, b in ((2567, 2568), (2566, 2568), (2565, 2566)):
        assert compare_of(results, a, b, fw).equals(compare_years(ds, A, a, b, fw))
