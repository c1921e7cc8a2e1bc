"""The weak-points page's data on small hand-computed datasets: categories and adjustable
thresholds, headroom ranking, drops against the previous year, the national figure, OIT items not
done, the weaknesses an agency recorded itself, and that `summary` lists the same weak indicators."""

import pandas as pd
import pytest

from ita.core.analysis import Thresholds, agency_indicator_table, agency_summary, classify, indicator_table
from ita.core.model import Dataset
from ita.services import plan, weak

A = "อบต.ทดสอบ"
# 2568: headroom = weight × (100 − score); IIT 0.06, EIT 0.10, OIT 0.20 each.
S2568 = {"1": 96.0, "2": 90.0, "3": 99.0, "4": 84.0, "5": 95.0, "6": 93.0, "7": 87.7, "8": 94.0,
         "9": 97.0, "10": 88.0}
S2567 = {"1": 95.0, "2": 90.0, "3": 99.0, "4": 85.01, "5": 95.0, "6": 94.0, "7": 88.7, "8": 94.0,
         "9": 96.0, "10": 85.0}
# Headroom 2568: 10 → 2.40, 7 → 1.23, 4 → 0.96, 6 → 0.70, 2 → 0.60, 9 → 0.60, 8 → 0.60, 5 → 0.30,
# 1 → 0.24, 3 → 0.06. Ties (9, 2, 8 at 0.60) go by indicator number: 2, 8, 9.
RANKED = ["10", "7", "4", "6", "2", "8", "9", "5", "1", "3"]


def dataset(**extra: list[dict]) -> Dataset:
    scores = [{"agency": A, "year": y, "indicator": c, "score": v}
              for y, s in ((2567, S2567), (2568, S2568)) for c, v in s.items()]
    return Dataset.from_records({
        "agencies": [{"agency": A, "fictional": "ใช่"}],
        "indicator_scores": scores,
        "national_indicators": [{"year": 2568, "indicator": "3", "score": 99.45},
                                {"year": 2568, "indicator": "8", "score": 94.0}],
        **extra,
    })


def test_classify_boundaries_and_custom_thresholds():
    assert classify(84.99) == "urgent"
    assert classify(85.0) == "improve"
    assert classify(94.99) == "improve"
    assert classify(95.0) == "strong"
    t = Thresholds(urgent_below=88, strong_from=97)
    assert [classify(v, t) for v in (87.99, 88.0, 96.99, 97.0)] == ["urgent", "improve", "improve", "strong"]
    with pytest.raises(ValueError):
        Thresholds(urgent_below=90, strong_from=80)
    with pytest.raises(ValueError):
        Thresholds(drop_over=-1)


def test_ranking_by_headroom_with_ties_by_number(fw):
    table = agency_indicator_table(dataset(), A, 2568, fw)
    assert list(table["indicator"]) == RANKED
    assert list(table["headroom"].round(2)) == [2.40, 1.23, 0.96, 0.70, 0.60, 0.60, 0.60, 0.30, 0.24, 0.06]
    assert list(table["category"][:3]) == ["improve", "improve", "urgent"]


def test_drops_of_more_than_one_point_are_flagged(fw):
    table = agency_indicator_table(dataset(), A, 2568, fw).set_index("indicator")
    # 7: 88.70 → 87.70 is a drop of exactly 1.00 (not more); 6: 94 → 93 is 1.00 too; 4: 85.01 → 84 is 1.01.
    assert table.loc["7", "change"] == pytest.approx(-1.0)
    assert not table.loc["7", "dropped"]
    assert not table.loc["6", "dropped"]
    assert table.loc["4", "dropped"]
    assert table.loc["10", "change"] == pytest.approx(3.0) and not table.loc["10", "dropped"]
    assert table["dropped"].sum() == 1
    # A stricter threshold flags the exact 1-point drops too.
    strict = agency_indicator_table(dataset(), A, 2568, fw, Thresholds(drop_over=0.5)).set_index("indicator")
    assert set(strict.index[strict["dropped"]]) == {"4", "6", "7"}


def test_no_previous_year_means_no_change_and_no_flag(fw):
    table = agency_indicator_table(dataset(), A, 2567, fw)
    assert table["prev_score"].isna().all() and table["change"].isna().all()
    assert not table["dropped"].any()


def test_below_the_national_figure_where_known(fw):
    table = agency_indicator_table(dataset(), A, 2568, fw).set_index("indicator")
    assert table.loc["3", "national"] == 99.45 and table.loc["3", "below_national"]
    assert table.loc["8", "national"] == 94.0 and not table.loc["8", "below_national"]  # equal is not below
    assert table["national"].notna().sum() == 2
    assert not table.drop(index=["3"])["below_national"].any()


def test_indicator_table_without_previous_or_national_keeps_its_old_meaning(fw):
    table = indicator_table(2568, S2568, fw)
    assert list(table["indicator"]) == RANKED
    assert table["national"].isna().all() and not table["below_national"].any()


def test_page_table_moves_an_indicator_when_a_threshold_changes(fw):
    ds = dataset()
    default = weak.meeting_table(ds, A, 2568, fw).set_index("indicator")
    assert default.loc["7", "category_th"] == "ควรพัฒนา"
    assert default.loc["1", "category_th"] == "จุดแข็ง"
    moved = weak.meeting_table(ds, A, 2568, fw, Thresholds(urgent_below=88, strong_from=96.5)).set_index("indicator")
    assert moved.loc["7", "category"] == "urgent"  # 87.70 < 88
    assert moved.loc["1", "category"] == "improve"  # 96.00 < 96.5
    assert list(default["rank"]) == list(range(1, 11))
    assert default.loc["10", "label"] == "ตัวชี้วัดที่ 10 การป้องกันการทุจริต"


def test_flags_text(fw):
    table = weak.meeting_table(dataset(), A, 2568, fw).set_index("indicator")
    assert table.loc["4", "flags"] == "ลดลง 1.01 (เกิน 1 คะแนน)"
    assert table.loc["3", "flags"] == "ต่ำกว่าค่าประเทศ (99.45)"
    assert table.loc["10", "flags"] == ""


def test_focus_is_the_first_non_strong_rows(fw):
    table = weak.meeting_table(dataset(), A, 2568, fw)
    assert list(weak.focus(table, 3)["indicator"]) == ["10", "7", "4"]
    assert list(weak.focus(table, 20)["indicator"]) == ["10", "7", "4", "6", "2", "8"]
    assert weak.category_counts(table) == {"urgent": 1, "improve": 5, "strong": 4}
    assert weak.focus(weak.meeting_table(dataset(), "ไม่มี", 2568, fw)).empty


def test_summary_weak_list_is_the_page_tables_non_strong_rows(fw):
    ds = dataset()
    years = {y["year"]: y for y in agency_summary(ds, A, fw)["years"]}
    page = weak.meeting_table(ds, A, 2568, fw)
    page = page[page["category"] != "strong"]
    assert [w["indicator"] for w in years[2568]["weak"]] == list(page["indicator"])
    assert [w["headroom"] for w in years[2568]["weak"]] == list(page["headroom"].round(2))
    t = Thresholds(urgent_below=90, strong_from=99.5)
    summary = {y["year"]: y for y in agency_summary(ds, A, fw, t)["years"]}[2568]["weak"]
    page = weak.meeting_table(ds, A, 2568, fw, t)
    assert [w["indicator"] for w in summary] == list(page.loc[page["category"] != "strong", "indicator"])


def test_measures_page_choices_are_the_meeting_tables_non_strong_rows(fw):
    ds = dataset()
    meeting = weak.meeting_table(ds, A, 2568, fw)
    choices = plan.weak_choices(ds, A, 2568, fw)
    assert list(choices["indicator"]) == weak.weak_codes(meeting, weak.recorded_weaknesses(ds, A, fw))
    weak_meeting = meeting[meeting["category"] != "strong"].reset_index(drop=True)
    for column in ("label", "score", "category_th", "headroom"):
        assert list(choices[column]) == list(weak_meeting[column])


def test_no_scores_gives_an_empty_table_with_its_columns(fw):
    table = weak.meeting_table(dataset(), A, 2560, fw)
    assert table.empty and list(table.columns) == weak.MEETING_COLUMNS


# -- OIT -------------------------------------------------------------------------------------------


def oit(item: str, sub: str, status: str) -> dict:
    return {"agency": A, "year": 2568, "item": item, "sub_indicator": sub, "title": f"ข้อ {item}", "status": status}


def test_oit_not_done_by_sub_indicator(fw):
    listed = [it for it in fw.for_year(2568).oit_items]
    records = [oit(it.code, it.sub_indicator, "ดำเนินการ") for it in listed
               if it.code not in {"O10", "O23", "O2", "O27"}]
    records += [oit("O23", "10.1", "ยังไม่ได้ดำเนินการ"), oit("O10", "9.2", "ยังไม่ได้ดำเนินการ"),
                oit("O2", "9.1", "ยังไม่ได้ดำเนินการ")]
    left = weak.oit_not_done(dataset(oit_items=records), A, 2568, fw)
    # O27 was not recorded at all: it is listed with no status, not silently counted as done.
    assert list(left["item"]) == ["O2", "O10", "O23", "O27"]
    assert list(left["sub_indicator"]) == ["9.1", "9.2", "10.1", "10.2"]
    assert list(left["status"]) == ["ยังไม่ได้ดำเนินการ"] * 3 + [weak.NO_STATUS]
    assert left.loc[0, "sub_label"] == "ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้นฐาน"
    assert weak.oit_recorded(dataset(oit_items=records), A, 2568) == 27


def test_oit_not_done_is_empty_when_nothing_was_recorded_or_all_done(fw):
    assert weak.oit_not_done(dataset(), A, 2568, fw).empty
    done = [oit(it.code, it.sub_indicator, "ดำเนินการ") for it in fw.for_year(2568).oit_items]
    assert weak.oit_not_done(dataset(oit_items=done), A, 2568, fw).empty


# -- an agency with totals only -----------------------------------------------------------------


def test_recorded_weaknesses_from_the_measures(fw):
    measures = [
        {"agency": A, "year": 2568, "number": "1", "title": "ก", "indicators": "9.4", "weakness": "จุดอ่อน ๙.๔",
         "status": "แล้วเสร็จ"},
        {"agency": A, "year": 2568, "number": "2", "title": "ข", "indicators": "8", "weakness": "จุดอ่อน ๘",
         "status": "แล้วเสร็จ"},
        {"agency": A, "year": 2569, "number": "1", "title": "ค", "indicators": "", "weakness": "",
         "status": "ยังไม่เริ่ม"},
        {"agency": A, "year": 2569, "number": "2", "title": "ง", "indicators": "4,9", "weakness": "จุดอ่อน ๔",
         "status": "ยังไม่เริ่ม"},
        {"agency": "อื่น", "year": 2568, "number": "1", "title": "จ", "indicators": "1", "weakness": "ไม่ใช่",
         "status": "แล้วเสร็จ"},
    ]
    rec = weak.recorded_weaknesses(dataset(measures=measures), A, fw)
    assert list(rec["title"]) == ["ง", "ก", "ข"]  # newest plan year first, plan order within a year
    assert rec.loc[1, "labels"] == "ตัวชี้วัดย่อยที่ 9.4 การบริหารและพัฒนาทรัพยากรบุคคล"
    assert weak.recorded_weak_codes(rec) == ["4", "9", "8"]
    assert weak.recorded_weak_codes(rec.iloc[0:0]) == []


def test_patueng_recorded_weaknesses_are_9_4_8_and_4(fw):
    from ita.storage.bundled import load_bundled

    ds, _ = load_bundled()
    rec = weak.recorded_weaknesses(ds, "องค์การบริหารส่วนตำบลป่าตึง", fw)
    assert list(rec["indicators"]) == ["9.4", "8", "4"]
    assert set(rec["year"]) == {2568}
    assert all(w.startswith("จากผลการประเมิน ITA ตัวชี้วัดที่") for w in rec["weakness"])
    assert weak.meeting_table(ds, "องค์การบริหารส่วนตำบลป่าตึง", 2568, fw).empty
    assert isinstance(rec, pd.DataFrame)


# -- what the page shows, computed here -------------------------------------------------------------


RECORDED = [
    {"agency": A, "year": 2568, "number": "1", "title": "ก", "indicators": "9.4", "weakness": "จุดอ่อน ๙.๔ เดิม",
     "status": "แล้วเสร็จ"},
    {"agency": A, "year": 2569, "number": "1", "title": "ข", "indicators": "9.4,8", "weakness": "จุดอ่อน ๙.๔ ใหม่",
     "status": "ยังไม่เริ่ม"},
]


def test_recorded_weakness_is_the_newest_naming_the_indicator_or_a_sub_indicator(fw):
    rec = weak.recorded_weaknesses(dataset(measures=RECORDED), A, fw)
    assert weak.recorded_weakness(rec, "9") == "จุดอ่อน ๙.๔ ใหม่"
    assert weak.recorded_weakness(rec, "9.4") == "จุดอ่อน ๙.๔ ใหม่"
    assert weak.recorded_weakness(rec, "8") == "จุดอ่อน ๙.๔ ใหม่"
    assert weak.recorded_weakness(rec, "4") == ""
    assert weak.recorded_weakness(rec.iloc[0:0], "9") == ""


def test_weak_codes_are_the_non_strong_rows_else_the_recorded_ones(fw):
    ds = dataset(measures=RECORDED)
    table = weak.meeting_table(ds, A, 2568, fw)
    rec = weak.recorded_weaknesses(ds, A, fw)
    assert weak.weak_codes(table, rec) == ["10", "7", "4", "6", "2", "8"]  # 9, 5, 1, 3 are 95 and above
    assert weak.weak_codes(weak.meeting_table(ds, A, 2560, fw), rec) == ["9", "8"]  # no scores in 2560
    assert weak.weak_codes(weak.meeting_table(ds, A, 2560, fw), rec.iloc[0:0]) == []


def test_candidate_weakness_from_the_score_else_from_the_record(fw):
    ds = dataset(measures=RECORDED)
    rec = weak.recorded_weaknesses(ds, A, fw)
    table = weak.meeting_table(ds, A, 2568, fw)
    text = weak.candidate_weakness(table, rec, "10", fw, 2568)
    assert text.startswith("ตัวชี้วัดที่ 10 ได้ 88.00 (ควรพัฒนา) ในปี 2568")
    assert text.endswith("ยังเพิ่มคะแนนรวมได้อีก 2.40 คะแนน")
    empty = weak.meeting_table(ds, A, 2560, fw)
    assert weak.candidate_weakness(empty, rec, "9", fw, 2560) == "จุดอ่อน ๙.๔ ใหม่"
    assert weak.candidate_weakness(empty, rec, "1", fw, 2560) == ""


def test_published_result_total_and_level():
    ds = dataset(results=[{"agency": A, "year": 2568, "total": 91.93, "level": "ผ่าน"},
                          {"agency": A, "year": 2567, "level": "ผ่าน"},
                          {"agency": "อื่น", "year": 2566, "total": 80.0, "level": "ไม่ผ่าน"}])
    assert weak.published_result(ds, A, 2568) == weak.Published(total=91.93, level="ผ่าน")
    assert weak.published_result(ds, A, 2567) == weak.Published(total=None, level="ผ่าน")
    assert weak.published_result(ds, A, 2566) is None


def test_oit_items_grouped_under_their_sub_indicator_in_list_order():
    items = pd.DataFrame({"sub_label": ["9.2 ก", "9.5 ข", "9.2 ก", "10.1 ค"], "item": ["O10", "O19", "O11", "O23"]})
    groups = weak.by_sub_indicator(items)
    assert [(sub, list(g["item"])) for sub, g in groups] == [("9.2 ก", ["O10", "O11"]), ("9.5 ข", ["O19"]),
                                                            ("10.1 ค", ["O23"])]
