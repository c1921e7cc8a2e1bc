import pytest

from ita.core.analysis import (
    Thresholds,
    agency_indicator_table,
    agency_summaries,
    agency_summary,
    classify,
    headroom,
    indicator_rows,
    indicator_table,
    weak_rows,
)
from ita.core.model import Dataset
from ita.core.scoring import round2


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


def test_summaries_of_many_agencies_read_once_equal_each_alone_and_the_one_ranking(fw):
    """`summary` on a national file reads the tables once for every agency; each agency's object
    must be what it is alone, and its weak list the weak rows of agency_indicator_table."""
    results = [
        {"agency": "ข", "year": 2567, "total": 88.0, "level": "ผ่าน"},
        {"agency": "ก", "year": 2568, "total": 91.0},
        {"agency": "ข", "year": 2568, "total": 90.0},
    ]
    scores = []
    for agency, year, base in (("ก", 2567, 80.0), ("ข", 2567, 86.0), ("ก", 2568, 84.0), ("ข", 2568, 90.0)):
        scores += [{"agency": agency, "year": year, "indicator": str(i), "score": base + i} for i in range(1, 11)]
    ds = Dataset.from_records({
        "agencies": [{"agency": "ก", "fictional": "ไม่ใช่"}, {"agency": "ข", "fictional": "ใช่"},
                     {"agency": "ค", "fictional": "ไม่ใช่"}],
        "results": results,
        "indicator_scores": scores,
        "national_indicators": [{"year": 2568, "indicator": "9", "score": 88.0}],
    })
    together = list(agency_summaries(ds, ["ข", "ก", "ค"], fw))
    assert [s["agency"] for s in together] == ["ข", "ก", "ค"]
    assert together == [agency_summary(ds, a, fw) for a in ("ข", "ก", "ค")]
    assert together[2]["years"] == [] and together[0]["fictional"] is True and together[1]["fictional"] is False
    assert [y["change"] for y in together[0]["years"]] == [None, 2.0]
    for s in together[:2]:
        for y in s["years"]:
            weak = weak_rows(agency_indicator_table(ds, s["agency"], y["year"], fw))
            assert [w["indicator"] for w in y["weak"]] == list(weak["indicator"])
            assert [w["headroom"] for w in y["weak"]] == [round2(h) for h in weak["headroom"]]


def test_indicator_rows_and_table_rank_alike_with_previous_and_national(fw):
    scores = {str(i): 90.0 for i in range(1, 11)} | {"1": 70.0}
    rows = indicator_rows(2568, scores, fw, previous={"1": 72.0}, national={"1": 75.0})
    table = indicator_table(2568, scores, fw, previous={"1": 72.0}, national={"1": 75.0})
    assert [r["indicator"] for r in rows] == list(table["indicator"])
    # Equal headrooms fall back to the indicator number (9 and 10: 0.20 × 10; 6–8: 0.10 × 10, which
    # is 0.9999… in floats; 2–5: 0.06 × 10).
    assert [r["indicator"] for r in rows] == ["9", "10", "1", "6", "7", "8", "2", "3", "4", "5"]
    first = next(r for r in rows if r["indicator"] == "1")
    assert first["change"] == -2.0 and first["dropped"] is True and first["below_national"] is True
