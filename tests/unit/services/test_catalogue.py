"""The catalogue of candidate measures: built from the report's reviewed records (no drift), every
entry with a source and known indicator codes, candidates per indicator, and the fields of a new
measure made from one."""

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

from ita.services import catalogue
from ita.services.catalogue import Entry

ROOT = Path(__file__).resolve().parents[3]


def test_committed_catalogue_matches_its_records():
    spec = importlib.util.spec_from_file_location("build_catalogue", ROOT / "data" / "build" / "build_catalogue.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_catalogue"] = module
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0, "run python data/build/build_catalogue.py"


def test_every_entry_has_a_source_and_known_indicators(fw):
    entries = catalogue.load_catalogue()
    assert len(entries) == 3 + 8 + 6
    known = fw.known_codes()
    for e in entries:
        assert e.source.startswith("รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรม"), e.key
        assert e.indicators and set(e.indicators) <= known, e.key
        assert e.link in {"C", "U"} and e.link_note
        assert not e.fictional
    by_key = {e.key: e for e in entries}
    # The report names the indicator each FY2568 measure answers.
    assert [by_key[f"patueng-2568-{n}"].indicators for n in "123"] == [("9.4",), ("8",), ("4",)]
    assert {by_key[f"patueng-2568-{n}"].link for n in "123"} == {"C"}
    # It names none for FY2569 (1, 2, 3, 4, 6, 7 — there is no 5): those links are ours, marked U.
    assert sorted(e.number for e in entries if e.origin == "measure2569") == ["1", "2", "3", "4", "6", "7"]
    assert {e.link for e in entries if e.origin == "measure2569"} == {"U"}
    assert [e.indicators for e in entries if e.origin == "approach"] == [(str(i),) for i in range(1, 9)]


def test_serves_counts_sub_indicators_for_their_parent():
    assert catalogue.serves(["9.4"], "9")
    assert catalogue.serves(["10.1"], "10")
    assert not catalogue.serves(["10.1"], "1")
    assert not catalogue.serves([], "1")


def entry(key: str, codes: tuple[str, ...], link: str = "C", title: str = "", fictional: bool = False) -> Entry:
    return Entry(key=key, origin="approach", year=2568, number="", title=title or key, weakness="", method="วิธี",
                 owner_text="สำนักปลัด / กองคลัง", units=("สำนักปลัด", "กองคลัง"), indicators=codes, link=link,
                 link_note="", source=f"ที่มา {key}", fictional=fictional)


def test_candidates_stated_links_first_and_no_repeated_titles():
    entries = [entry("u", ("10",), "U"), entry("c", ("10.2",)), entry("x", ("1",)),
               entry("dup", ("10",), title="c")]
    out = catalogue.candidates("10", entries, planned_titles=["  u "])
    assert list(out["key"]) == ["c", "u"]
    assert list(out["planned"]) == [False, True]
    assert catalogue.candidates("5", entries).empty


def test_candidates_for_every_indicator_of_the_bundled_catalogue():
    entries = catalogue.load_catalogue()
    for code in map(str, range(1, 11)):
        assert not catalogue.candidates(code, entries).empty, code
    nine = catalogue.candidates("9", entries)
    assert nine.loc[0, "key"] == "patueng-2568-1"  # the report's own link (9.4) before inferred ones


def test_own_entries_carry_the_fictional_mark():
    measures = pd.DataFrame([
        {"id": 7, "year": 2568, "number": "1", "title": "เดิม (สมมุติ)", "indicators": "10.1", "weakness": "",
         "method": "ม", "owner_text": "", "units": "สำนักปลัด", "status": "แล้วเสร็จ", "position": 1, "source": "ส"},
        {"id": 8, "year": 2569, "number": "1", "title": "ปีแผน", "indicators": "10", "weakness": "", "method": "",
         "owner_text": "", "units": "", "status": "ยังไม่เริ่ม", "position": 1, "source": ""},
    ])
    own = catalogue.own_entries(measures, 2569, fictional=True)
    assert [e.key for e in own] == ["own-7"]
    assert own[0].fictional and own[0].indicators == ("10.1",)
    out = catalogue.candidates("10", own)
    assert out.loc[0, "origin_th"] == "มาตรการเดิมของหน่วยงานนี้ ปี 2568"
    assert bool(out.loc[0, "fictional"])


def test_measure_fields_for_next_years_plan():
    e = entry("c", ("10.2", "5"))
    fields = catalogue.measure_fields(e, "10", "ตัวชี้วัดที่ 10 ได้ 87.90", 2569, ["1", "2", "4"], ["สำนักปลัด"],
                                      target=95.0)
    assert fields["year"] == 2569 and fields["number"] == "5"
    assert fields["indicators"] == "5,10,10.2"
    assert fields["units"] == "สำนักปลัด"  # กองคลัง is not one of this agency's units
    assert fields["owner_text"] == "สำนักปลัด / กองคลัง"
    assert fields["period"] == "ต.ค.๖๘ ถึง ก.ย.๖๙"
    assert fields["status"] == "ยังไม่เริ่ม" and fields["target"] == 95.0
    assert fields["weakness"] == "ตัวชี้วัดที่ 10 ได้ 87.90"
    assert "ที่มา c" in fields["source"]
    assert not fields["note"].startswith("ข้อมูลสมมุติ")
    fictional = catalogue.measure_fields(entry("f", ("1",), fictional=True), "1", "", 2569, [], [])
    assert fictional["number"] == "1" and fictional["note"].startswith("ข้อมูลสมมุติ")
    assert fictional["target"] is None


def test_entry_by_key():
    entries = catalogue.load_catalogue()
    assert catalogue.entry_by_key(entries, "patueng-2569-7").number == "7"
    with pytest.raises(KeyError):
        catalogue.entry_by_key(entries, "none")


# -- the agency's own earlier measures, and the measures page's list and form ---------------------


def own_measures() -> pd.DataFrame:
    base = {"agency": "อบต.ทดสอบ", "indicators": "", "weakness": "", "method": "", "owner_text": "", "units": "",
            "period": "", "followup": "", "budget": "", "target": None, "status": "ยังไม่เริ่ม", "source": ""}
    rows = [
        {"id": 1, "year": 2567, "number": "1", "title": "เก่า", "position": 1},
        {"id": 2, "year": 2568, "number": "2", "title": "ข", "position": 2},
        {"id": 3, "year": 2568, "number": "3", "title": "สำรวจ", "position": 1, "indicators": "8",
         "weakness": "จุดอ่อนเดิม", "units": "สำนักปลัด;กองช่าง", "period": "ม.ค.๖๘ ถึง ก.ย.๖๘",
         "status": "แล้วเสร็จ", "target": 90.0, "budget": "ไม่ใช้งบประมาณ", "followup": "รายไตรมาส"},
        {"id": 4, "year": 2569, "number": "1", "title": "ปีแผน", "position": 1},
    ]
    return pd.DataFrame([{**base, **r} for r in rows])


def test_own_entries_list_earlier_years_newest_first_in_plan_order():
    own = catalogue.own_entries(own_measures(), 2569, fictional=False)
    assert [(e.key, e.year, e.number) for e in own] == [("own-3", 2568, "3"), ("own-2", 2568, "2"),
                                                        ("own-1", 2567, "1")]
    assert catalogue.entry_label(own[0]) == "มาตรการเดิมของหน่วยงานนี้ ปี 2568 · 3. สำรวจ · ตัวชี้วัด 8"
    assert (own[0].period, own[0].budget, own[0].target) == ("ม.ค.๖๘ ถึง ก.ย.๖๘", "ไม่ใช้งบประมาณ", 90.0)
    assert catalogue.own_entries(own_measures(), 2567, fictional=False) == []


def test_form_values_of_an_own_measure_keep_the_words_move_the_period_and_restart():
    own = catalogue.own_entries(own_measures(), 2569, fictional=False)[0]
    values = catalogue.form_values(own, 2569, ["สำนักปลัด", "กองช่าง", "กองคลัง"])
    assert values["period"] == "ม.ค.๖๙ ถึง ก.ย.๖๙"
    assert values["status"] == "ยังไม่เริ่ม"
    assert (values["title"], values["units"], values["target"]) == ("สำรวจ", "สำนักปลัด;กองช่าง", 90.0)
    assert (values["indicators"], values["weakness"], values["budget"], values["followup"]) == (
        "8", "จุดอ่อนเดิม", "ไม่ใช้งบประมาณ", "รายไตรมาส")
    assert "results" not in values and "number" not in values
    assert values["source"] == "คลังมาตรการ (หน้ามาตรการ) จาก: แผนมาตรการปี 2568 ของหน่วยงาน ลำดับ 3"


def test_form_values_of_a_report_entry():
    report = catalogue.entry_by_key(catalogue.load_catalogue(), "patueng-2569-1")
    values = catalogue.form_values(report, 2570, ["สำนักปลัด", "กองคลัง"])
    assert values["period"] == "ต.ค.๖๙ ถึง ก.ย.๗๐"  # the report gives none: the whole plan year
    assert values["units"] == "สำนักปลัด;กองคลัง"  # only the units this agency has
    assert values["owner_text"] == report.owner_text
    assert values["indicators"] == "6,8" and values["weakness"] == ""
    assert values["source"].endswith(report.source)
    assert "ยังไม่ยืนยัน" in values["note"]
    assert catalogue.form_values(report, 2570)["units"] == ";".join(report.units)  # no units known: all kept
    fictional = catalogue.form_values(entry("f", ("1",), fictional=True), 2569)
    assert fictional["note"].startswith("ข้อมูลสมมุติ")


def test_listing_shows_unconfirmed_links_filters_and_drops_repeats():
    own = catalogue.own_entries(own_measures(), 2569, fictional=False)
    entries = [*own, entry("u", ("8",), "U", title="ใหม่"), entry("dup", ("8",), title="สำรวจ")]
    out = catalogue.listing(entries, planned_titles=["ข"])
    assert list(out["key"]) == ["own-3", "own-2", "own-1", "u"]  # the report's repeat of an own title is dropped
    labels = dict(zip(out["key"], out["label"], strict=True))
    assert labels["u"].endswith("ตัวชี้วัด 8 (ยังไม่ยืนยัน)")
    assert "ยังไม่ยืนยัน" not in labels["own-3"]
    assert labels["own-2"].endswith("· อยู่ในแผนแล้ว")
    assert out.set_index("key").loc["u", "link_th"] == catalogue.LINK_TH["U"]
    assert list(catalogue.listing(entries, "8")["key"]) == ["own-3", "u"]
    assert catalogue.listing(entries, "5").empty
    assert list(catalogue.listing(entries, "5").columns) == catalogue.LISTING_COLUMNS


def test_the_bundled_listing_marks_every_inferred_link():
    out = catalogue.listing(catalogue.load_catalogue())
    assert len(out) == 3 + 8 + 6
    assert out["label"].str.endswith("(ยังไม่ยืนยัน)").sum() == (out["link"] == "U").sum() == 6


def test_measure_fields_move_an_own_measures_period_to_the_plan_year():
    own = catalogue.own_entries(own_measures(), 2569, fictional=False)[0]
    fields = catalogue.measure_fields(own, "8", "", 2569, [], ["สำนักปลัด"])
    assert fields["period"] == "ม.ค.๖๙ ถึง ก.ย.๖๙"


# -- earlier measures ranked by whether their indicators rose in their year (issue 16) ----------------


def ranked_measures() -> pd.DataFrame:
    base = {"agency": "อบต.ทดสอบ", "weakness": "", "method": "", "owner_text": "", "units": "", "period": "",
            "followup": "", "budget": "", "target": None, "status": "แล้วเสร็จ", "source": "", "position": 1}
    rows = [
        {"id": 1, "year": 2568, "number": "1", "title": "ลดลง", "indicators": "7"},
        {"id": 2, "year": 2568, "number": "2", "title": "เพิ่ม", "indicators": "9.3", "position": 2},
        {"id": 3, "year": 2568, "number": "3", "title": "ไม่ระบุ", "indicators": "", "position": 3},
        {"id": 4, "year": 2566, "number": "1", "title": "ไม่มีคะแนน", "indicators": "8"},
    ]
    return pd.DataFrame([{**base, **r} for r in rows])


def ranked_scores() -> pd.DataFrame:
    """2567 → 2568: indicator 7 88.70 → 87.10 (−1.60), 9 88.30 → 94.50 (+6.20), 8 86.90 → 93.20; no 2565/2566."""
    rows = [(2567, "7", 88.70), (2568, "7", 87.10), (2567, "9", 88.30), (2568, "9", 94.50), (2567, "8", 86.90),
            (2568, "8", 93.20)]
    return pd.DataFrame([{"agency": "อบต.ทดสอบ", "year": y, "indicator": c, "score": s} for y, c, s in rows])


def test_earlier_measures_that_preceded_a_rise_come_first_and_say_why(fw):
    own = catalogue.own_entries(ranked_measures(), 2569, False, ranked_scores(), fw)
    by_key = {e.key: e for e in own}
    assert by_key["own-2"].outcome == 6.2 and by_key["own-2"].tier == 0
    assert by_key["own-2"].outcome_th == ("ปีที่ทำมาตรการนี้ (2567→2568) ตัวชี้วัดที่มุ่งเพิ่มขึ้น: ตัวชี้วัดที่ 9 +6.20 "
                                          "(เป็นการเปรียบเทียบ ไม่ใช่หลักฐานว่าเป็นผลของมาตรการ)")
    assert by_key["own-1"].outcome == -1.6 and by_key["own-1"].tier == 2
    assert "ไม่เพิ่มขึ้น: ตัวชี้วัดที่ 7 -1.60" in by_key["own-1"].outcome_th
    assert by_key["own-3"].outcome is None and by_key["own-3"].tier == 1
    assert by_key["own-3"].outcome_th.startswith("ไม่ได้ระบุตัวชี้วัด")
    assert by_key["own-4"].outcome is None and by_key["own-4"].outcome_th == "ยังไม่มีคะแนนรายตัวชี้วัดปี 2565 และ 2566 ให้เทียบ"
    report = entry("r", ("7",), title="จากรายงาน")
    listed = catalogue.listing([*own, report])
    # Rose first; the report's entry and the measures the scores cannot tell next (in their order); fell last.
    assert list(listed["key"]) == ["own-2", "own-3", "own-4", "r", "own-1"]
    labels = dict(zip(listed["key"], listed["label"], strict=True))
    assert labels["own-2"].endswith("· คะแนนเพิ่มในปีที่ทำ (+6.20)")
    assert labels["own-1"].endswith("· คะแนนไม่เพิ่มในปีที่ทำ (-1.60)")
    cands = catalogue.candidates("7", [report, *own])
    assert list(cands["key"]) == ["r", "own-1"]  # for indicator 7: the report's entry before the measure that fell
    assert cands.iloc[1]["outcome_th"] == by_key["own-1"].outcome_th
