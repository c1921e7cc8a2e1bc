"""The data page's logic (ita.services.data_entry): reading a workbook for import, the preview, the
editable year of scores and the entry it saves, the agency's history and restoring a version.

The last tests cover store behaviour the page relies on: an import never erases what a file does
not give, and a restore that would clash with a live row is refused in Thai.
"""

from __future__ import annotations

import io
import math

import openpyxl
import pandas as pd
import pytest

from ita.core.model import Dataset
from ita.core.validation import Report
from ita.services import data_entry as de
from ita.storage.excel import read_workbook
from ita.storage.store import Store, StoreError
from tests.unit.conftest import actor

PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
TRAT = "จังหวัดตราด"
DEMO = "อบต.สุขใจ (ข้อมูลสมมุติ)"
NEW = "อบต.ทดสอบนำเข้า"
HEAD = ["หน่วยงาน", "ปีงบประมาณ", *[f"ตัวชี้วัดที่ {i}" for i in range(1, 11)], "คะแนนรวม"]


def _frame(
    fw, scores: dict[str, float | None], ds: Dataset | None = None, agency: str = NEW, year: int = 2568
) -> pd.DataFrame:
    """Returns the entry table of the agency's year (an empty one by default) with `scores` typed in."""
    df = de.entry_frame(ds or Dataset(), agency, year, fw)
    for code, v in scores.items():
        df.loc[df["code"] == code, "score"] = math.nan if v is None else v
    return df


# -- text and sizes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "text"),
    [(20 * de.MB, "20 MB"), (int(2.5 * de.MB), "2.5 MB"), (de.MB // 2, "512 KB"), (1, "1 KB")],
)
def test_size_text(n, text):
    assert de.size_text(n) == text


def test_size_problem_names_the_size_and_the_limit():
    assert de.size_problem(20 * de.MB, 20 * de.MB) is None
    message = de.size_problem(25 * de.MB, 20 * de.MB)
    assert message is not None and "25 MB" in message and "20 MB" in message and "ไม่มีการเปลี่ยนแปลง" in message


def test_upload_limit_of_the_widget_is_whole_megabytes_rounded_up():
    assert de.upload_limit_mb(20 * de.MB) == 20
    assert de.upload_limit_mb(int(0.3 * de.MB)) == 1
    assert de.upload_limit_mb(int(2.2 * de.MB)) == 3


# -- reading for import -----------------------------------------------------------------------


def test_summary_of_a_wide_file_with_an_error(wide_xlsx):
    data = wide_xlsx([HEAD, [NEW, 2567, *[90] * 9, 120, 90], [NEW, 2568, *[95] * 10, "ไม่ทราบ"]])
    res = read_workbook(data)
    summary = de.summarise(res)
    assert summary.layout_th == de.LAYOUTS_TH["wide"]
    assert summary.errors == 2 and not summary.can_import and not summary.needs_agency
    table = de.report_table(res.report)
    assert list(table.columns) == de.REPORT_COLUMNS_TH
    assert len(table) == len(res.report.problems)
    assert set(table["ระดับ"]) == {"ข้อผิดพลาด"}
    row = table[table["ค่าในไฟล์"] == "120"].iloc[0]
    assert row["ชีต"] == "ผล" and row["แถว"] == 2 and row["คอลัมน์"] == "ตัวชี้วัดที่ 10"
    assert "0 ถึง 100" in row["ปัญหา"]


def test_report_table_lists_errors_before_warnings():
    report = Report()
    report.warning("w", "คำเตือน ก", "w", sheet="ก")
    report.error("e", "ผิด ข", "e", sheet="ข", row=3, column="ปี", value="๒๕๖x")
    table = de.report_table(report)
    assert list(table["ระดับ"]) == ["ข้อผิดพลาด", "คำเตือน"]
    assert table["แถว"].isna().tolist() == [False, True]
    assert table.iloc[0]["ค่าในไฟล์"] == "๒๕๖x"


def test_a_wide_file_without_an_agency_column_asks_for_the_agency(wide_xlsx):
    data = wide_xlsx([HEAD[1:], [2568, *[95] * 10, 95]])
    first = read_workbook(data)
    assert de.needs_agency_name(first) and de.summarise(first).needs_agency
    again = read_workbook(data, default_agency=PATUENG)
    assert not de.needs_agency_name(again) and de.summarise(again).can_import
    assert set(again.dataset["results"]["agency"]) == {PATUENG}


def test_a_template_file_never_asks_for_the_agency(store):
    res = read_workbook(de.agency_workbook(store.dataset(), TRAT))
    assert res.layout == "template" and not de.needs_agency_name(res)


def test_preview_counts_and_hides_unchanged_rows(store, wide_xlsx):
    # Trat 2564 is already there with the same total; 2565 is new.
    data = wide_xlsx([["หน่วยงาน", "ปีงบประมาณ", "คะแนนรวม"], [TRAT, 2564, 81.45], [TRAT, 2565, 88.0]])
    preview = store.preview_import(read_workbook(data).dataset)
    counts = de.action_counts(preview)
    assert counts[de.ADDED] == 1 and sum(counts.values()) == len(preview)
    shown = de.preview_table(preview)
    assert list(shown.columns) == de.PREVIEW_COLUMNS_TH
    assert de.UNCHANGED not in set(shown["การเปลี่ยนแปลง"])
    assert len(de.preview_table(preview, show_unchanged=True)) == len(preview)
    assert any("2565" in k for k in shown["รายการ"])


def test_what_the_page_keeps_of_a_preview_is_bounded_and_agrees_with_the_whole(monkeypatch):
    actions = [de.ADDED] * 7 + [de.UNCHANGED] * 5 + [de.CHANGED] * 2
    preview = pd.DataFrame({"table": "ผลรวมรายปี", "key": [f"ก / {i}" for i in range(len(actions))],
                            "action": actions, "fields": ""})
    monkeypatch.setattr(de, "PREVIEW_SHOWN", 4)
    kept = de.preview_shown(preview)
    assert kept.counts == {de.ADDED: 7, de.CHANGED: 2, de.UNCHANGED: 5}
    assert kept.rows == {False: 9, True: 14}
    assert [len(kept.tables[b]) for b in (False, True)] == [4, 4]
    assert list(kept.tables[True]["รายการ"]) == ["ก / 0", "ก / 1", "ก / 2", "ก / 3"]
    assert kept.tables[False].equals(de.preview_table(preview, False, 4))


def test_action_counts_of_an_empty_preview():
    empty = pd.DataFrame(columns=["table", "key", "action", "fields"])
    assert de.action_counts(empty) == {de.ADDED: 0, de.CHANGED: 0, de.UNCHANGED: 0}


def test_import_message_counts_and_escapes_the_file_name():
    done = pd.DataFrame(
        {"table": ["ก"] * 3, "key": ["1", "2", "3"], "action": ["เพิ่ม", "เพิ่ม", "แก้ไข"], "fields": ["", "", "คะแนน"]}
    )
    msg = de.import_message(done, "ผล_[2568].xlsx")
    assert "เพิ่ม 2 แถว" in msg and "แก้ไข 1 แถว" in msg and r"ผล\_\[2568\]\.xlsx" in msg


# -- downloads --------------------------------------------------------------------------------


def test_agency_workbook_holds_the_agency_and_reads_back_unchanged(store):
    ds = store.dataset()
    data = de.agency_workbook(ds, PATUENG)
    res = read_workbook(data)
    assert res.report.ok and res.layout == "template"
    assert set(res.dataset.agencies()) == {PATUENG}
    assert res.dataset.equals(ds.for_agency(PATUENG))
    # Importing the download again changes nothing.
    assert set(store.preview_import(res.dataset)["action"]) == {de.UNCHANGED}


def test_agency_workbook_of_an_agency_named_with_a_control_character_is_written(fw):
    # Issue 11, case 8: the title cell ('ข้อมูลผลการประเมิน ITA: <agency>') was not written through the
    # safe writer, so a \x0b in the agency's name made the whole export fail (IllegalCharacterError).
    agency = "อบต.\x0bทดสอบ\x01"
    ds = Dataset.from_records({
        "agencies": [{"agency": agency, "fictional": "ไม่ใช่"}],
        "results": [{"agency": agency, "year": 2568, "total": 91.5}],
        "measures": [{"agency": agency, "year": 2569, "number": "1", "title": "ก\x1fข"}],
    })
    wb = openpyxl.load_workbook(io.BytesIO(de.agency_workbook(ds, agency, fw)))
    assert wb.worksheets[0]["A1"].value == "ข้อมูลผลการประเมิน ITA: อบต.\nทดสอบ"
    texts = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "อบต.\nทดสอบ" in texts and "กข" in texts
    assert not any(ch in t for t in texts for ch in "\x0b\x01\x1f")
    assert de.export_file_name(agency) == "ข้อมูล ITA อบต. ทดสอบ.xlsx"


def test_template_download_is_an_empty_template():
    from ita.storage.excel import template_bytes

    res = read_workbook(template_bytes())
    assert res.layout == "template" and res.report.ok
    assert res.dataset.equals(Dataset())


def test_export_file_name_has_no_forbidden_characters():
    assert de.export_file_name(PATUENG) == f"ข้อมูล ITA {PATUENG}.xlsx"
    name = de.export_file_name('อบต./ทดสอบ:"ก"?')
    assert not set('/\\:*?"<>|') & set(name) and name.endswith(".xlsx")


# -- entering a year --------------------------------------------------------------------------


def test_entry_frame_of_a_year_with_indicator_scores(bundled, fw):
    df = de.entry_frame(bundled, TRAT, 2564, fw)
    assert list(df.columns) == de.ENTRY_COLUMNS
    assert list(df["code"]) == [*[str(i) for i in range(1, 11)], "IIT", "EIT", "OIT", "total"]
    assert df.iloc[8]["item"] == "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล"
    scores = bundled["indicator_scores"]
    trat = scores[(scores["agency"] == TRAT) & (scores["year"] == 2564)]
    assert dict(zip(df["code"][:10], df["score"][:10], strict=True)) == dict(
        zip(trat["indicator"], trat["score"], strict=True)
    )
    assert df.iloc[13]["score"] == pytest.approx(81.45)
    assert df["score"].dtype == "float64"


def test_entry_frame_of_a_year_with_only_a_total(bundled, fw):
    assert not de.has_indicator_scores(bundled, PATUENG, 2568)
    assert de.has_indicator_scores(bundled, TRAT, 2564)
    df = de.entry_frame(bundled, PATUENG, 2568, fw)
    assert df["score"][:13].isna().all()
    assert df.iloc[13]["score"] == pytest.approx(98.8)
    # Only a known figure shows a source; an unknown one has none.
    assert df.iloc[13]["source"] and df.iloc[10]["source"] == ""


def test_entry_frame_of_a_new_year_is_empty(bundled, fw):
    df = de.entry_frame(bundled, PATUENG, 2569, fw)
    assert len(df) == 14 and df["score"].isna().all() and set(df["source"]) == {""}
    assert de.existing_result(bundled, PATUENG, 2569) is None


def test_existing_result_and_next_year(bundled):
    res = de.existing_result(bundled, PATUENG, 2568)
    assert res is not None and res["total"] == pytest.approx(98.8) and res["level"] == "ผ่านดี"
    assert res["IIT"] is None
    assert de.next_year(bundled, PATUENG, 2568) == 2569
    assert de.next_year(bundled, "ไม่มีหน่วยงานนี้", 2568) == 2569


def test_level_options(fw):
    assert de.level_options(fw, 2568) == ["", "ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน"]
    assert de.level_options(fw, 2564)[1:3] == ["AA", "A"]
    # A year the framework does not know yet uses the latest year's levels.
    assert de.level_options(fw, 2575) == de.level_options(fw, max(fw.years))
    assert de.level_options(fw, 2568, "ผ่าน (ประกาศเดิม)")[-1] == "ผ่าน (ประกาศเดิม)"


def test_year_note_only_for_a_year_without_criteria(fw):
    assert de.year_note(fw, 2568) is None
    note = de.year_note(fw, 2575)
    assert note is not None and "2575" in note


def test_entry_problems_of_a_good_entry_are_none(fw):
    assert de.entry_problems(_frame(fw, {"1": 90.0, "total": 91.0}), "หนังสือแจ้งผล ITA ปี 2568", "", None) == []


def test_entry_problems_list_every_problem(fw):
    problems = de.entry_problems(_frame(fw, {"1": 120.0, "IIT": -1.0, "2": 100.0, "3": 0.0}), "  ", "", None)
    fields = [f for f, _ in problems]
    assert len(problems) == 3
    assert fields[0] == "ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่" and "120" in problems[0][1]
    assert fields[1].startswith("คะแนน IIT") and "-1" in problems[1][1]
    assert fields[2] == "แหล่งที่มา"


def test_entry_problems_of_an_empty_entry(fw):
    problems = de.entry_problems(_frame(fw, {}), "หนังสือแจ้งผล", "", None)
    assert [f for f, _ in problems] == ["คะแนน"]
    # A level alone is something to save; so is clearing a year that exists.
    assert de.entry_problems(_frame(fw, {}), "หนังสือแจ้งผล", "ผ่าน", None) == []
    assert de.entry_problems(_frame(fw, {}), "หนังสือแจ้งผล", "", {"total": 90.0}) == []


def test_year_entry_gives_every_indicator_and_only_known_result_fields(fw):
    entry = de.year_entry(_frame(fw, {"1": 90.0, "9": 88.5, "total": 91.2}), "ผ่านดี", "", None, fw)
    assert list(entry.indicators) == [str(i) for i in range(1, 11)]
    assert entry.indicators["1"] == 90.0 and entry.indicators["9"] == 88.5 and entry.indicators["2"] is None
    assert entry.result == {"total": 91.2, "level": "ผ่านดี"}


def test_year_entry_without_results_adds_no_empty_result_row(fw):
    assert de.year_entry(_frame(fw, {"1": 90.0}), "", " ", None, fw).result == {}


def test_year_entry_clears_what_was_there_before(fw):
    before = {"IIT": 80.0, "EIT": None, "OIT": None, "total": 90.0, "level": "ผ่าน", "source": "x", "note": "เดิม"}
    entry = de.year_entry(_frame(fw, {"total": 92.0}), "", "", before, fw)
    assert entry.result == {"IIT": None, "total": 92.0, "level": "", "note": ""}


def test_saved_entry_shows_in_the_entry_frame(store, fw):
    entry = de.year_entry(_frame(fw, {"1": 90.0, "10": 100.0, "total": 95.5}), "ผ่านดีเยี่ยม", "", None, fw)
    store.save_year(PATUENG, 2569, entry.indicators, entry.result, actor("ทดสอบ"), "หนังสือแจ้งผล ITA ปี 2569")
    ds = store.dataset()
    df = de.entry_frame(ds, PATUENG, 2569, fw).set_index("code")
    assert df.loc["1", "score"] == 90.0 and df.loc["10", "score"] == 100.0 and math.isnan(df.loc["2", "score"])
    assert df.loc["1", "source"] == "หนังสือแจ้งผล ITA ปี 2569"
    assert de.existing_result(ds, PATUENG, 2569)["level"] == "ผ่านดีเยี่ยม"
    assert 2569 in ds.years(PATUENG)
    # Only the two scores typed in were written, not eight empty ones.
    scores = ds["indicator_scores"]
    assert len(scores[(scores["agency"] == PATUENG) & (scores["year"] == 2569)]) == 2


def test_saved_message():
    assert "ปีงบประมาณ 2569" in de.saved_message(PATUENG, 2569, True)
    assert "แถบด้านข้าง" in de.saved_message(PATUENG, 2569, True)
    assert "แถบด้านข้าง" not in de.saved_message(PATUENG, 2568, False)


# -- history ----------------------------------------------------------------------------------


def _save(store, fw, year, scores, author="ทดสอบ"):
    """Saves Patueng's year as the page does, as the admin named `author`: the stored year with `scores`
    typed over it."""
    ds = store.dataset()
    existing = de.existing_result(ds, PATUENG, year)
    frame = _frame(fw, scores, ds, PATUENG, year)
    entry = de.year_entry(frame, (existing or {}).get("level") or "", (existing or {}).get("note") or "", existing, fw)
    store.save_year(PATUENG, year, entry.indicators, entry.result, actor(author), f"หนังสือแจ้งผล ITA ปี {year}")


def _history(store, fw, agency=PATUENG, limit=30):
    return de.agency_history([store.history("indicator_scores"), store.history("results")], agency, fw, limit)


def test_agency_history_is_the_agencys_newest_first(store, fw):
    _save(store, fw, 2568, {"9": 80.0}, "สมชาย")
    _save(store, fw, 2568, {"9": 85.0}, "สมหญิง")
    hist = _history(store, fw)
    assert list(hist.columns) == de.HISTORY_COLUMNS
    assert list(hist["id"]) == sorted(hist["id"], reverse=True)
    newest, older = hist.iloc[0], hist.iloc[1]
    assert newest["author"] == "สมหญิง" and newest["action"] == "แก้ไข" and newest["value"] == "คะแนน 85.00"
    assert newest["item"] == "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล" and newest["year"] == 2568
    assert "score: 80.0 → 85.0" in newest["changes"]
    assert older["author"] == "สมชาย" and older["action"] == "เพิ่ม" and older["table"] == "คะแนนตัวชี้วัด"
    # The seeded results of the agency are there too, and nothing of another agency.
    results = hist[hist["table"] == "ผลรวมรายปี"]
    assert set(results["year"]) == {2567, 2568}
    assert "คะแนนรวม 98.80 · ระดับ ผ่านดี" in set(results["value"])
    others = de.agency_history([store.history("indicator_scores")], TRAT, fw, limit=1000)
    assert len(others) == 20 and not set(others["id"]) & set(hist["id"])


def test_agency_history_limit_and_removed_scores(store, fw):
    _save(store, fw, 2568, {"9": 80.0})
    _save(store, fw, 2568, {"9": None})  # the score is removed
    hist = _history(store, fw, limit=2)
    assert len(hist) == 2
    assert hist.iloc[0]["action"] == "ลบ" and hist.iloc[0]["value"] == "ลบแล้ว"


def test_agency_history_of_an_empty_store(tmp_path, fw):
    s = Store(tmp_path / "empty.db")
    hist = de.agency_history([s.history("indicator_scores"), s.history("results")], PATUENG, fw)
    assert hist.empty and list(hist.columns) == de.HISTORY_COLUMNS
    assert list(de.history_table(hist).columns) == de.HISTORY_COLUMNS_TH
    s.close()


def test_history_labels(store, fw):
    _save(store, fw, 2568, {"9": 80.0}, "สมชาย")
    hist = _history(store, fw)
    labels = de.history_labels(hist)
    first = int(hist.iloc[0]["id"])
    assert list(labels) == list(hist["id"])
    assert labels[first].startswith(f"เลขที่ {first} · ตัวชี้วัดที่ 9") and "คะแนน 80.00" in labels[first]
    assert "สมชาย" in labels[first]


def test_restore_brings_back_an_earlier_score(store, fw):
    _save(store, fw, 2568, {"9": 80.0})
    _save(store, fw, 2568, {"9": 85.0})
    hist = _history(store, fw)
    older = int(hist[hist["value"] == "คะแนน 80.00"].iloc[0]["id"])
    de.restore(store, older, actor("ผู้กู้คืน"))
    scores = store.dataset()["indicator_scores"]
    row = scores[(scores["agency"] == PATUENG) & (scores["indicator"] == "9")]
    assert row["score"].tolist() == [80.0]
    newest = _history(store, fw).iloc[0]
    assert newest["action"] == "กู้คืน" and newest["author"] == "ผู้กู้คืน"


def test_restore_of_a_version_whose_key_is_taken_again_is_a_thai_message(store, fw):
    _save(store, fw, 2568, {"9": 80.0})
    _save(store, fw, 2568, {"9": None})  # removed
    _save(store, fw, 2568, {"9": 90.0})  # entered again: a new row with the same key
    hist = _history(store, fw)
    first = int(hist[hist["value"] == "คะแนน 80.00"].iloc[0]["id"])
    version = store.data_version()
    with pytest.raises(StoreError) as err:
        de.restore(store, first, actor("ทดสอบ"))
    assert "กู้คืนรุ่นนี้ไม่ได้" in err.value.message_th
    assert store.data_version() == version
    scores = store.dataset()["indicator_scores"]
    assert scores[(scores["agency"] == PATUENG) & (scores["indicator"] == "9")]["score"].tolist() == [90.0]


def test_restore_of_an_unknown_entry_is_a_thai_message(store):
    with pytest.raises(StoreError, match="ไม่พบรุ่น"):
        de.restore(store, 10**9, actor("ทดสอบ"))


# -- store behaviour the page relies on ---------------------------------------------------------


def _wide_total(agency: str, year: int, total: float) -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(["หน่วยงาน", "ปีงบประมาณ", "คะแนนรวม"])
    wb.active.append([agency, year, total])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_store_wide_import_keeps_the_agency_details_and_the_fiction_mark(store):
    before = store.dataset()["agencies"].set_index("agency")
    store.import_dataset(read_workbook(_wide_total(DEMO, 2569, 90.0)).dataset, actor("ทดสอบ"))
    after = store.dataset()["agencies"].set_index("agency")
    assert after.loc[DEMO, "fictional"] == "ใช่"
    assert after.loc[DEMO, "kind"] == before.loc[DEMO, "kind"]
    assert after.loc[DEMO, "source"] == before.loc[DEMO, "source"]


def test_store_wide_import_of_a_total_keeps_the_published_level(store):
    store.import_dataset(read_workbook(_wide_total(PATUENG, 2568, 98.8)).dataset, actor("ทดสอบ"))
    res = store.dataset()["results"]
    row = res[(res["agency"] == PATUENG) & (res["year"] == 2568)].iloc[0]
    assert row["level"] == "ผ่านดี"


def test_store_restore_version_refuses_a_taken_key_with_a_store_error(store, fw):
    _save(store, fw, 2568, {"9": 80.0})
    _save(store, fw, 2568, {"9": None})
    _save(store, fw, 2568, {"9": 90.0})
    hist = _history(store, fw)
    first = int(hist[hist["value"] == "คะแนน 80.00"].iloc[0]["id"])
    version = store.data_version()
    with pytest.raises(StoreError, match="กู้คืนรุ่นนี้ไม่ได้"):
        store.restore_version(first, actor("ทดสอบ"))
    assert store.data_version() == version


def test_entry_findings_are_the_checks_an_import_runs(fw):
    ten = {str(i): 90.0 for i in range(1, 11)}
    agrees = de.year_entry(_frame(fw, {**ten, "total": 90.0}), "ผ่านดี", "", None, fw)
    assert de.entry_findings(2568, agrees, fw) == []
    disagrees = de.year_entry(_frame(fw, {**ten, "total": 95.0}), "ผ่านดี", "", None, fw)
    [finding] = de.entry_findings(2568, disagrees, fw)
    assert "คะแนนรวมที่ประกาศ 95.00" in finding and "90.00" in finding
    # A total only (ป่าตึง's report) has nothing to disagree with; a year without a framework is told elsewhere.
    assert de.entry_findings(2568, de.year_entry(_frame(fw, {"total": 98.8}), "ผ่านดี", "", None, fw), fw) == []
    assert de.entry_findings(2590, disagrees, fw) == []


def test_emptying_a_year_stored_with_indicator_scores_only_is_allowed_and_removes_them(store, fw):
    """A year with scores but no result row is still something stored: emptying every cell clears it."""
    ten = {str(i): 90.0 for i in range(1, 11)}
    store.save_year(NEW, 2569, ten, {}, actor("ทดสอบ"), "หนังสือแจ้งผล")
    stored = store.year_values(NEW, 2569)
    empty = _frame(fw, {}, store.dataset(), NEW, 2569)
    assert empty["score"].notna().sum() == 10
    empty = _frame(fw, dict.fromkeys(ten), store.dataset(), NEW, 2569)
    existing = de.existing_result(store.dataset(), NEW, 2569)
    assert existing is None
    assert de.entry_problems(empty, "หนังสือแจ้งผล", "", existing, stored=stored) == []
    entry = de.year_entry(empty, "", "", existing, fw)
    store.save_year(NEW, 2569, entry.indicators, entry.result, actor("ทดสอบ"), "ล้างคะแนน", read=stored)
    assert store.year_values(NEW, 2569) == {}
    deletes = store.history("indicator_scores").query("action == 'delete'")
    assert len(deletes) == 10
    # A year with nothing stored still refuses an empty save.
    assert [f for f, _ in de.entry_problems(empty, "หนังสือแจ้งผล", "", None, stored={})] == ["คะแนน"]
    assert [f for f, _ in de.entry_problems(empty, "หนังสือแจ้งผล", "", None, stored={"level": ""})] == ["คะแนน"]
