import pytest

from ita.core.analysis import (
    Thresholds,
    agency_summary,
    classify,
    headroom,
    indicator_table,
    weak_rows,
)
from ita.core.model import Dataset


def test_classify_default_boundaries():
    assert classify(84.99) == "urgent"
    assert classify(85.0) == "improve"
    assert classify(94.99) == "improve"
    assert classify(95.0) == "strong"
    assert classify(100) == "strong"


def test_classify_thresholds_are_parameters():
    t = Thresholds(urgent_below=90, strong_from=98)
    assert classify(89.9, t) == "urgent"
    assert classify(95, t) == "improve"
    assert classify(98, t) == "strong"
    with pytest.raises(ValueError):
        Thresholds(urgent_below=96, strong_from=95)


def test_headroom_in_total_points():
    # Indicator 10 weighs 20 % of the total: 0.20 × (100 − 65.56) = 6.888 points.
    assert headroom(65.56, 0.20) == pytest.approx(6.888)
    assert headroom(100, 0.06) == 0


def test_ranking_by_headroom_not_by_score(fw):
    # Indicator 1 (weight 0.06) at 80 leaves 1.2 points; indicator 9 (weight 0.20) at 90 leaves 2.0.
    scores = {str(i): 100.0 for i in range(1, 11)} | {"1": 80.0, "9": 90.0, "7": 96.0}
    table = indicator_table(2568, scores, fw)
    assert list(table["indicator"][:3]) == ["9", "1", "7"]
    assert table.loc[0, "headroom"] == pytest.approx(2.0)
    assert table.loc[1, "headroom"] == pytest.approx(1.2)
    assert table.loc[2, "headroom"] == pytest.approx(0.4)
    weak = weak_rows(table)
    assert list(weak["indicator"]) == ["9", "1"]
    assert list(weak["category"]) == ["improve", "urgent"]


def test_the_table_carries_thai_labels_and_categories(fw):
    scores = {str(i): 100.0 for i in range(1, 11)} | {"4": 80.0, "10": 90.0}
    table = indicator_table(2568, scores, fw).set_index("indicator")
    assert table.loc["10", "label"] == "ตัวชี้วัดที่ 10 การป้องกันการทุจริต"
    assert [table.loc[c, "category_th"] for c in ("4", "10", "1")] == ["ต้องแก้ไขเร่งด่วน", "ควรพัฒนา", "จุดแข็ง"]
    moved = indicator_table(2568, scores, fw, Thresholds(urgent_below=95, strong_from=99)).set_index("indicator")
    assert moved.loc["10", "category_th"] == "ต้องแก้ไขเร่งด่วน"


def test_weak_rows_keep_the_ranking_and_drop_only_the_strong(fw):
    scores = {"1": 70.0, "2": 95.0, "3": 94.99, "9": 84.0}
    table = indicator_table(2568, scores, fw)
    assert list(table["indicator"]) == ["9", "1", "3", "2"]
    assert list(weak_rows(table)["indicator"]) == ["9", "1", "3"]
    assert list(weak_rows(table).index) == [0, 1, 2]
    assert list(weak_rows(table).columns) == list(table.columns)


def test_no_scores_gives_an_empty_table(fw):
    assert weak_rows(indicator_table(2568, {}, fw)).empty
    assert indicator_table(2550, {"1": 80.0}, fw).empty  # unknown year: no weight


def _ds(results, scores=()):
    return Dataset.from_records({
        "agencies": [{"agency": "ก", "fictional": "ไม่ใช่"}, {"agency": "ข", "fictional": "ใช่"}],
        "results": results,
        "indicator_scores": list(scores),
    })


def test_summary_change_against_previous_year(fw):
    ds = _ds([
        {"agency": "ก", "year": 2567, "total": 90.36},
        {"agency": "ก", "year": 2568, "total": 98.80, "level": "ผ่านดี"},
    ])
    s = agency_summary(ds, "ก", fw)
    assert [y["year"] for y in s["years"]] == [2567, 2568]
    assert s["years"][0]["change"] is None
    assert s["years"][1]["change"] == 8.44
    assert s["years"][1]["level"] == "ผ่านดี"
    assert s["years"][1]["indicators"] == {str(i): None for i in range(1, 11)}
    assert s["years"][1]["weak"] == []
    assert s["fictional"] is False


def test_summary_no_change_across_a_gap(fw):
    ds = _ds([{"agency": "ก", "year": 2565, "total": 80}, {"agency": "ก", "year": 2567, "total": 90}])
    assert [y["change"] for y in agency_summary(ds, "ก", fw)["years"]] == [None, None]


def test_summary_weak_list_and_fiction_flag(fw):
    scores = [{"agency": "ข", "year": 2568, "indicator": str(i), "score": 96.0} for i in range(1, 9)]
    scores += [{"agency": "ข", "year": 2568, "indicator": "9", "score": 84.0},
               {"agency": "ข", "year": 2568, "indicator": "10", "score": 90.0}]
    s = agency_summary(_ds([], scores), "ข", fw)
    assert s["fictional"] is True
    year = s["years"][0]
    # OIT = 87; total = 0.3 × 96 + 0.3 × 96 + 0.4 × 87 = 92.4
    assert year["total"] is None and year["total_computed"] == 92.4
    assert year["weak"] == [
        {"indicator": "9", "category": "urgent", "score": 84.0, "headroom": 3.2},
        {"indicator": "10", "category": "improve", "score": 90.0, "headroom": 2.0},
    ]
    # EIT/IIT 96, OIT 87: not every tool ≥ 95, all ≥ 85 → ผ่านดี under the [W] rule.
    assert year["level_computed"] == "ผ่านดี"
