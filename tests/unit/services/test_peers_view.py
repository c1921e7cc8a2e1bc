"""The peers page's data and figures (ita.services.peers): the group table, the first group shown, one group's
totals, the percentile over the years read from rank_all tables (the same as core's percentile_over_years), the
fictional labels, and what each chart holds."""

import pandas as pd
import pytest

from ita.core import peers
from ita.core.framework import load_framework
from ita.core.model import Dataset
from ita.services import peers as sp

FW = load_framework()


def _agency(name, kind="อบต.", size="L", province="เชียงราย", district="แม่จัน", fictional="ใช่"):
    return {"agency": name, "kind": kind, "size": size, "province": province, "district": district,
            "fictional": fictional}


# เชียงราย: six อบต. (A real, the rest fictional); ลำปาง: two. Three years, every score rising, so A's total
# rises each year while its place among the others changes: 2566 third of six, 2567 last, 2568 first.
TOTALS = {
    2566: {"A": 88.0, "B": 90.0, "C": 89.0, "D": 80.0, "E": 85.0, "F": 70.0, "X": 91.0, "Y": 75.0},
    2567: {"A": 89.0, "B": 92.0, "C": 91.0, "D": 90.0, "E": 95.0, "F": 90.5, "X": 93.0, "Y": 80.0},
    2568: {"A": 99.0, "B": 93.0, "C": 92.0, "D": 91.0, "E": 96.0, "F": 92.5, "X": 94.0, "Y": 82.0},
}
AGENCIES = [_agency("A", fictional="ไม่ใช่")] + [_agency(a) for a in "BCDEF"] + [
    _agency("X", province="ลำปาง", district="เมือง", size="M"), _agency("Y", province="ลำปาง", district="เมือง")]


def _ds() -> Dataset:
    return Dataset.from_records({
        "agencies": AGENCIES,
        "results": [{"agency": a, "year": y, "total": t} for y, row in TOTALS.items() for a, t in row.items()],
    })


def test_the_groups_table_has_every_group_in_order_with_its_note():
    ds = _ds()
    table = sp.groups_table(peers.agency_peers(ds, "X", 2568, FW))
    assert list(table["group"]) == list(peers.GROUPS)
    assert list(table["group_th"]) == [peers.GROUP_TH[g] for g in peers.GROUPS]
    by = table.set_index("group")
    # X (94): type อบต. 8 agencies, third after A and E (ranked); size อบต. M alone; ลำปาง two; its district
    # two; the country eight
    assert by.loc["type", "ranked"] and by.loc["type", "rank"] == 3 and by.loc["type", "n"] == 8
    assert list(by.loc[["size", "province", "district"], "ranked"]) == [False, False, False]
    assert "เพียง 1 แห่ง" in by.loc["size", "note"]
    assert "สมมุติ 7 จาก 8 แห่ง" in by.loc["all", "note"]  # A is real: the country mixes them


def test_a_group_the_agency_has_no_attribute_for_has_an_empty_key_and_the_note():
    ds = Dataset.from_records({"agencies": [_agency("A", size="")] + [_agency(a) for a in "BCDE"],
                               "results": [{"agency": a, "year": 2568, "total": 90.0} for a in "ABCDE"]})
    by = sp.groups_table(peers.agency_peers(ds, "A", 2568, FW)).set_index("group")
    assert by.loc["size", "key"] == "" and by.loc["size", "n"] == 0 and not by.loc["size", "ranked"]
    assert by.loc["size", "note"] == "ไม่มีข้อมูลขนาดของหน่วยงาน จึงไม่มีกลุ่มประเภทและขนาดเดียวกัน"


def test_the_first_group_is_the_smallest_ranked_else_the_largest_it_belongs_to():
    def table(rows):
        return pd.DataFrame([{"group": g, "n": n, "ranked": r} for g, n, r in rows])
    assert sp.default_group(table([("type", 300, True), ("size", 40, True), ("province", 120, True),
                                   ("district", 3, False), ("all", 8000, True)])) == "size"
    assert sp.default_group(table([("type", 2, False), ("size", 0, False), ("province", 1, False),
                                   ("district", 1, False), ("all", 2, False)])) == "type"  # tie: the first
    assert sp.default_group(table([("type", 0, False), ("all", 0, False)])) is None


def test_group_totals_are_the_groups_agencies_highest_first():
    ranked = peers.rank_all(_ds(), 2568, FW)
    got = sp.group_totals(ranked, "province", "เชียงราย")
    assert list(got["agency"]) == ["A", "E", "B", "F", "C", "D"]
    assert list(got["total"]) == [99.0, 96.0, 93.0, 92.5, 92.0, 91.0]
    assert sp.group_totals(ranked, "province", "ไม่มี").empty


@pytest.mark.parametrize("group", ["province", "all", "size"])
def test_the_percentile_history_from_year_tables_is_cores_percentile_over_years(group):
    ds = _ds()
    tables = {y: peers.rank_all(ds, y, FW) for y in TOTALS}
    got = sp.percentile_history(tables, "A", group)
    want = peers.percentile_over_years(ds, "A", group, FW)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True), check_dtype=False)


def test_the_percentile_shows_progress_when_every_score_rises():
    ds = _ds()
    got = sp.percentile_history({y: peers.rank_all(ds, y, FW) for y in TOTALS}, "A", "province")
    # A's total rises every year (88 → 89 → 99) but it fell behind in 2567 and led in 2568
    assert list(got["total"]) == [88.0, 89.0, 99.0]
    assert list(got["percentile"]) == [60.0, 0.0, 100.0]
    assert list(got["rank"]) == [3, 6, 1]


def test_fictional_agencies_are_labelled_row_by_row():
    got = sp.label_fictional(_ds(), pd.DataFrame({"agency": ["A", "B", "nobody"]}))
    assert list(got["fictional"]) == ["", "ข้อมูลสมมุติ", ""]


def test_the_distribution_marks_the_agency_with_a_labelled_line():
    totals = sp.group_totals(peers.rank_all(_ds(), 2568, FW), "province", "เชียงราย")
    fig = sp.distribution_chart(totals, "A <b>", 99.0, "title")
    assert list(fig.data[0].x) == list(totals["total"])
    line = fig.layout.shapes[0]
    assert (line.x0, line.x1) == (99.0, 99.0)
    assert fig.layout.annotations[0].text == "A &lt;b&gt;: 99.00"  # plotly draws HTML: the name shows as typed
    assert not sp.distribution_chart(totals, "A", None, "t").layout.shapes


def test_the_percentile_chart_leaves_a_gap_where_the_group_was_too_small():
    history = pd.DataFrame({"year": [2566, 2567, 2568], "key": "k", "n": [4, 6, 6], "rank": [None, 6, 1],
                            "percentile": [None, 0.0, 100.0], "total": [88.0, 89.0, 99.0],
                            "median": [85.0, 90.75, 92.75]})
    fig = sp.percentile_chart(history)
    y = list(fig.data[0].y)
    assert pd.isna(y[0]) and y[1:] == [0.0, 100.0] and not fig.data[0].connectgaps
    assert list(fig.layout.yaxis.range) == [0, 100]
    assert "กลุ่มเล็กเกินไป" in fig.data[0].text[0]


def test_the_profile_chart_holds_the_quartile_range_median_and_score():
    profile = pd.DataFrame({"indicator": ["1", "9"], "score": [95.0, 80.0], "n": [6, 6], "median": [90.0, 85.0],
                            "q1": [88.0, 82.0], "q3": [93.0, 88.0]})
    fig = sp.profile_chart(profile, FW)
    bars, median, own = fig.data
    assert list(bars.base) == [88.0, 82.0] and list(bars.x) == [5.0, 6.0]  # Q1 to Q3
    assert list(median.x) == [90.0, 85.0] and list(own.x) == [95.0, 80.0]
    assert list(own.y) == [FW.indicator_label("1"), FW.indicator_label("9")]
