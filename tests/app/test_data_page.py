"""The data page under AppTest: it renders, a year's scores are saved to the store (and a bad entry
is not), a workbook is checked before anything is imported, and an earlier version is restored.

Every test opens dashboard.py (so the shared sidebar runs), switches to pages/data.py and checks the
store itself (ita.storage.store.Store on the test's own ITA_DB), not only what the page says.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import ita.ui.data_entry
from ita.core.markdown import unescape
from ita.services import data_entry as de
from ita.storage.store import Store
from tests.app.session import signed_in
from tests.unit.conftest import actor
from tests.unit.storage import raw_xlsx as raw

REPO_ROOT = Path(__file__).resolve().parents[2]
PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
NEW = "อบต.ทดสอบนำเข้า"
SOURCE = "หนังสือแจ้งผล ITA ปี 2568"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEAD = ["หน่วยงาน", "ปีงบประมาณ", *[f"ตัวชี้วัดที่ {i}" for i in range(1, 11)], "คะแนนรวม"]


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[AppTest]:
    """AppTest of dashboard.py on the data page, with a throwaway ITA_DB and empty caches."""
    monkeypatch.chdir(REPO_ROOT)
    monkeypatch.setenv("ITA_DB", str(tmp_path / "ita.db"))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=30)
    signed_in(at, "ผู้ทดสอบ")  # an admin: importing and entering scores need an account that may
    at.run()
    at.switch_page("pages/data.py")
    at.run()
    _no_exception(at)
    yield at
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Store]:
    """A second connection to the app's store, to check what was really saved."""
    s = Store(tmp_path / "ita.db")
    yield s
    s.close()


def _no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _key(widgets: Any, prefix: str) -> str:
    keys = [w.key for w in widgets if w.key and w.key.startswith(prefix)]
    assert len(keys) == 1, keys
    return keys[0]


def _button(at: AppTest, label_start: str) -> Any:
    found = [b for b in at.button if b.label.startswith(label_start)]
    assert len(found) == 1, [b.label for b in at.button]
    return found[0]


def _enter(at: AppTest, scores: dict[int, float], source: str = SOURCE, press: str = "บันทึกคะแนน") -> None:
    """Types scores into the editor's rows (0–9 indicators, 10–12 tools, 13 total), the source,
    and presses save (or the button `press`)."""
    editor = _key(at.data_editor, "scores_")
    at.session_state[editor] = {
        "edited_rows": {row: {"score": v} for row, v in scores.items()},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.text_input(key=_key(at.text_input, "source_")).set_value(source)
    _button(at, press).click()
    at.run()
    _no_exception(at)


def _scores(store: Store, agency: str, year: int) -> dict[str, float]:
    df = store.dataset()["indicator_scores"]
    rows = df[(df["agency"] == agency) & (df["year"] == year)]
    return dict(zip(rows["indicator"], rows["score"], strict=True))


def _workbook(rows: list[list[Any]]) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(at: AppTest, name: str, data: bytes) -> None:
    at.file_uploader[0].set_value((name, data, XLSX))
    at.run()
    _no_exception(at)


def test_page_renders_for_an_agency_with_only_totals(app: AppTest) -> None:
    assert [t.value for t in app.main.title] == ["ข้อมูล: นำเข้า กรอก และแก้ไข"]
    assert [t.label for t in app.tabs] == ["นำเข้าจาก Excel", "กรอกหรือแก้ไขคะแนน", "ประวัติการแก้ไข"]
    assert not app.error
    # Patueng's report gives totals only: the page says so and where to get the scores.
    assert any("ไม่มีคะแนนรายตัวชี้วัด" in i.value and "ป.ป.ช." in i.value for i in app.info)
    editor = app.data_editor[0].value
    assert len(editor) == 14 and editor["score"][:13].isna().all()
    assert editor["score"].iloc[13] == pytest.approx(98.8)
    assert [d.label for d in app.get("download_button")] == [
        "ดาวน์โหลดแม่แบบ Excel (ว่าง)",
        "ดาวน์โหลดข้อมูลทั้งหมดของหน่วยงานนี้ (Excel)",
    ]
    assert "20 MB" in app.file_uploader[0].label
    assert app.selectbox(key="agency").value == PATUENG


def test_entering_scores_saves_them_with_their_source(app: AppTest, db: Store) -> None:
    _enter(app, {0: 91.5, 8: 97.25, 9: 100.0})
    assert not app.error, [e.value for e in app.error]
    assert any("บันทึกคะแนนของ" in s.value for s in app.success)
    assert _scores(db, PATUENG, 2568) == {"1": 91.5, "9": 97.25, "10": 100.0}
    df = db.dataset()["indicator_scores"]
    assert set(df[df["agency"] == PATUENG]["source"]) == {SOURCE}
    # The published total is untouched, and the page now shows the saved scores.
    res = db.dataset()["results"]
    assert res[(res["agency"] == PATUENG) & (res["year"] == 2568)]["total"].tolist() == [98.8]
    assert app.data_editor[0].value["score"].iloc[0] == 91.5
    assert not any("ไม่มีคะแนนรายตัวชี้วัด" in i.value for i in app.info)


def test_a_score_of_120_is_refused_and_nothing_is_saved(app: AppTest, db: Store) -> None:
    version = db.data_version()
    _enter(app, {0: 91.5, 9: 120.0})
    errors = [e.value for e in app.error]
    assert len(errors) == 1 and "บันทึกไม่ได้" in errors[0] and "120" in errors[0]
    assert "ตัวชี้วัดที่ 10" in errors[0]
    assert db.data_version() == version
    assert _scores(db, PATUENG, 2568) == {}
    assert not app.success


def test_a_figure_without_a_source_is_not_saved(app: AppTest, db: Store) -> None:
    version = db.data_version()
    _enter(app, {0: 91.5}, source="   ")
    assert any("แหล่งที่มา" in e.value for e in app.error)
    assert db.data_version() == version


def test_a_new_fiscal_year_is_added(app: AppTest, db: Store) -> None:
    app.number_input(key=_key(app.number_input, "entry_year_")).set_value(2569)
    app.run()
    assert any("ยังไม่มีข้อมูลของปี 2569" in i.value for i in app.info)
    assert app.data_editor[0].value["score"].isna().all()
    _enter(app, {0: 95.0, 13: 96.5}, source="หนังสือแจ้งผล ITA ปี 2569")
    assert any("ปีงบประมาณ 2569" in s.value for s in app.success)
    assert _scores(db, PATUENG, 2569) == {"1": 95.0}
    res = db.dataset()["results"]
    assert res[(res["agency"] == PATUENG) & (res["year"] == 2569)]["total"].tolist() == [96.5]
    # The sidebar offers the new year at once.
    assert 2569 in app.selectbox(key="year").options or "2569" in app.selectbox(key="year").options


def test_restore_an_earlier_version(app: AppTest, db: Store) -> None:
    _enter(app, {8: 80.0})
    _enter(app, {8: 85.0})
    assert _scores(db, PATUENG, 2568) == {"9": 85.0}
    choice = app.selectbox(key="restore_choice")
    older = next(o for o in choice.options if "ตัวชี้วัดที่ 9" in o and "คะแนน 80.00" in o)
    # The options are history ids shown through a label that starts with "เลขที่ <id> ·".
    choice.set_value(int(older.split(" ")[1]))
    app.run()
    restore = _button(app, "กู้คืนรุ่นนี้")
    assert restore.disabled  # not before it is confirmed
    app.checkbox(key=_key(app.checkbox, "restore_confirm_")).check()
    app.run()
    _button(app, "กู้คืนรุ่นนี้").click()
    app.run()
    _no_exception(app)
    assert any("กู้คืนรุ่น" in s.value for s in app.success)
    assert _scores(db, PATUENG, 2568) == {"9": 80.0}


def test_a_bad_workbook_is_reported_and_nothing_is_imported(app: AppTest, db: Store) -> None:
    version = db.data_version()
    _upload(app, "bad.xlsx", _workbook([HEAD, [NEW, 2567, *[90] * 9, 120, 90]]))
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["ข้อผิดพลาด"] == "1"
    report = app.dataframe[0].value
    assert report.iloc[0]["ค่าในไฟล์"] == "120" and report.iloc[0]["คอลัมน์"] == "ตัวชี้วัดที่ 10"
    assert any("จะไม่นำเข้าข้อมูลใด ๆ" in e.value for e in app.error)
    assert not [b for b in app.button if b.label.startswith("นำเข้าข้อมูล")]
    assert db.data_version() == version and NEW not in db.dataset().agencies()


def test_a_good_workbook_is_previewed_then_imported(app: AppTest, db: Store) -> None:
    good = _workbook([HEAD, [NEW, 2567, *[90] * 10, 90], [NEW, 2568, *[95] * 10, 95]])
    _upload(app, "good.xlsx", good)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["ข้อผิดพลาด"] == "0" and metrics["เพิ่ม"] == "23" and metrics["แก้ไข"] == "0"
    assert NEW not in db.dataset().agencies()  # not before the button
    _button(app, "นำเข้าข้อมูล").click()
    app.run()
    _no_exception(app)
    assert any("นำเข้าข้อมูลจาก good" in s.value for s in app.success)
    assert _scores(db, NEW, 2568) == {str(i): 95.0 for i in range(1, 11)}
    assert NEW in app.selectbox(key="agency").options
    # The uploader starts empty again.
    assert app.file_uploader[0].value is None and not app.metric


def test_a_workbook_with_a_header_and_no_rows_says_so(app: AppTest, db: Store) -> None:
    _upload(app, "empty.xlsx", _workbook([HEAD]))
    assert {m.label: m.value for m in app.metric}["คำเตือน"] == "1"
    problems = app.dataframe[0].value.astype(str).to_string()
    assert "มีแถวหัวตารางแต่ไม่มีแถวข้อมูล" in problems
    assert [i.value for i in app.info if "ไม่มีอะไรต้องนำเข้า" in i.value] == [
        "ไฟล์นี้ไม่มีแถวข้อมูล ไม่มีอะไรต้องนำเข้า"]
    assert not [b for b in app.button if b.label.startswith("นำเข้าข้อมูล")]


def test_the_agency_download_imported_again_changes_nothing(app: AppTest, db: Store) -> None:
    # What the "download all of the agency's data" button sends (AppTest exposes no bytes).
    _upload(app, "patueng.xlsx", de.agency_workbook(db.dataset(), PATUENG))
    assert {m.label: m.value for m in app.metric}["เหมือนเดิม"] != "0"
    assert any("ไม่มีอะไรต้องนำเข้า" in i.value for i in app.info)
    assert not [b for b in app.button if b.label.startswith("นำเข้าข้อมูล")]


def test_a_wide_file_without_an_agency_column_asks_for_the_agency(app: AppTest, db: Store) -> None:
    _upload(app, "no_agency.xlsx", _workbook([HEAD[1:], [2568, *[88] * 10, 88]]))
    box = app.text_input(key=_key(app.text_input, "import_agency_"))
    assert box.value == PATUENG  # the sidebar's agency by default
    box.set_value(NEW)
    app.run()
    _no_exception(app)
    assert {m.label: m.value for m in app.metric}["ข้อผิดพลาด"] == "0"
    _button(app, "นำเข้าข้อมูล").click()
    app.run()
    assert _scores(db, NEW, 2568) == {str(i): 88.0 for i in range(1, 11)}


def test_an_unreadable_file_is_one_thai_error(app: AppTest, db: Store) -> None:
    version = db.data_version()
    _upload(app, "notes.xlsx", b"this is not a workbook")
    errors = [e.value for e in app.error]
    assert len(errors) == 1 and "อ่านไฟล์นี้ไม่ได้" in errors[0] and "ไม่ใช่ไฟล์ Excel" in errors[0]
    assert not app.metric and db.data_version() == version


def test_a_workbook_with_a_corrupt_compressed_sheet_is_one_thai_error(app: AppTest, db: Store) -> None:
    # Issue 11, case 1: zlib.error escaped the reader and the page showed a traceback.
    version = db.data_version()
    sheet = raw.HEADER + raw.row(2, raw.text("A2", NEW), raw.number("B2", 2568), raw.number("C2", 90))
    broken = raw.flip_to_zlib_error(raw.workbook(sheet))
    _upload(app, "เสีย.xlsx", broken)
    errors = [e.value for e in app.error]
    assert len(errors) == 1 and "อ่านไฟล์นี้ไม่ได้" in errors[0] and "ไฟล์เสียหายหรือไม่สมบูรณ์" in errors[0]
    assert not app.metric and db.data_version() == version


def test_a_failure_the_reader_did_not_foresee_is_a_thai_message_not_a_traceback(
    app: AppTest, db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_reader(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(ita.ui.data_entry, "read_workbook", broken_reader)
    version = db.data_version()
    _upload(app, "any.xlsx", _workbook([HEAD, [NEW, 2568, *[95] * 10, 95]]))
    errors = [e.value for e in app.error]
    assert len(errors) == 1 and "อ่านไฟล์นี้ไม่ได้" in errors[0] and "ไม่คาดคิด" in errors[0]
    assert not app.metric and db.data_version() == version


def test_a_file_over_the_limit_is_refused_with_the_limit(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITA_MAX_UPLOAD_MB", "0.001")
    app.run()
    assert "2 KB" in app.file_uploader[0].label or "1 KB" in app.file_uploader[0].label
    _upload(app, "big.xlsx", _workbook([HEAD, [NEW, 2568, *[95] * 10, 95]]))
    errors = [e.value for e in app.error]
    assert len(errors) == 1 and "เกินขนาดสูงสุด" in errors[0]
    assert not app.metric


def test_another_persons_save_does_not_wipe_what_is_being_typed(app: AppTest, db: Store) -> None:
    # Someone else saves (another agency) between this person's typing and pressing save.
    db.save_year("จังหวัดตราด", 2564, {"1": 50.0}, {}, actor("คนอื่น"), "หนังสือแจ้งผล ITA ปี 2564")
    _enter(app, {0: 91.5})
    assert any("บันทึกคะแนนของ" in s.value for s in app.success)
    assert _scores(db, PATUENG, 2568) == {"1": 91.5}


def test_a_save_over_another_persons_save_of_the_same_year_is_refused(app: AppTest, db: Store) -> None:
    """Two people have the same year open. B saves indicator 3; A, whose form still shows the year
    as it was, saves indicator 1 — fine, B's 3 stays — then A changes indicator 3 too: refused,
    with what B changed, and nothing of A's is written."""
    app.run()  # the form is open (its read of the year is kept)
    db.save_year(PATUENG, 2568, {"3": 77.0}, {}, actor("คนที่สอง"), "หนังสือแจ้งผล ITA ปี 2568")
    _enter(app, {0: 91.5})
    assert any("บันทึกคะแนนของ" in s.value for s in app.success)
    assert _scores(db, PATUENG, 2568) == {"1": 91.5, "3": 77.0}  # B's save is not undone

    app.run()  # a new form, read after A's save
    db.save_year(PATUENG, 2568, {"3": 78.0}, {}, actor("คนที่สอง"), "หนังสือแจ้งผล ITA ปี 2568")
    version = db.data_version()
    _enter(app, {0: 92.0, 2: 80.0})
    assert any("คนที่สอง" in e.value and "ตัวชี้วัดที่ 3" in e.value for e in app.error)
    table = next(d.value for d in app.dataframe if "ช่อง" in d.value.columns)
    assert table.values.tolist() == [["ตัวชี้วัดที่ 3", "77.00", "78.00"]]
    assert db.data_version() == version
    assert _scores(db, PATUENG, 2568) == {"1": 91.5, "3": 78.0}


def test_starting_again_after_a_conflict_opens_the_form_on_the_latest_data(app: AppTest, db: Store) -> None:
    """The 'start again' button shown with a conflict works: its click arrives in a run without a
    submit, and the form then shows the other person's save."""
    app.run()
    db.save_year(PATUENG, 2568, {"3": 78.0}, {}, actor("คนที่สอง"), "หนังสือแจ้งผล ITA ปี 2568")
    _enter(app, {2: 80.0})
    assert any("คนที่สอง" in e.value for e in app.error)
    app.run()  # any later run (a click elsewhere) still shows the conflict and its button
    assert any("คนที่สอง" in e.value for e in app.error)
    _button(app, "เริ่มใหม่จากข้อมูลล่าสุด").click()
    app.run()
    _no_exception(app)
    assert not [e.value for e in app.error]
    frame = app.data_editor(key=_key(app.data_editor, "scores_")).value
    assert frame.loc[frame["code"] == "3", "score"].tolist() == [78.0]
    _enter(app, {2: 80.0})  # the save now goes through, against the latest data
    assert _scores(db, PATUENG, 2568)["3"] == 80.0


def test_a_saved_total_that_disagrees_with_its_indicators_is_pointed_out(app: AppTest, db: Store) -> None:
    _enter(app, {**{row: 90.0 for row in range(10)}, 13: 95.0})
    [message] = [s.value for s in app.success if "บันทึกคะแนนของ" in s.value]
    assert "คะแนนรวมที่ประกาศ 95" in message and "90" in message
    assert _scores(db, PATUENG, 2568)["10"] == 90.0  # saved all the same: the published total is kept


def test_checking_before_saving_points_out_findings_and_saves_nothing(app: AppTest, db: Store) -> None:
    version = db.data_version()
    _enter(app, {**{row: 90.0 for row in range(10)}, 13: 95.0}, press="ตรวจก่อนบันทึก")
    [warning] = [w.value for w in app.warning if "ตรวจแล้ว" in w.value]
    assert "ยังไม่ได้บันทึก" in warning and "คะแนนรวมที่ประกาศ 95" in warning
    assert not app.success and not app.error
    assert db.data_version() == version and _scores(db, PATUENG, 2568) == {}
    # What was typed is still in the form: saving now stores it, with the same finding.
    _button(app, "บันทึกคะแนน").click()
    app.run()
    [message] = [s.value for s in app.success if "บันทึกคะแนนของ" in s.value]
    assert "คะแนนรวมที่ประกาศ 95" in message
    assert _scores(db, PATUENG, 2568)["1"] == 90.0


def test_checking_a_score_of_120_says_what_is_wrong_and_saves_nothing(app: AppTest, db: Store) -> None:
    version = db.data_version()
    _enter(app, {0: 91.5, 9: 120.0}, press="ตรวจก่อนบันทึก")
    [error] = [e.value for e in app.error]
    assert error.startswith("ตรวจแล้ว ยังบันทึกไม่ได้") and "120" in error and "ตัวชี้วัดที่ 10" in error
    assert db.data_version() == version


def test_checking_good_scores_says_so_and_saves_nothing(app: AppTest, db: Store) -> None:
    app.number_input(key=_key(app.number_input, "entry_year_")).set_value(2569)  # a year with no published total
    app.run()
    version = db.data_version()
    _enter(app, {row: 90.0 + row for row in range(10)}, press="ตรวจก่อนบันทึก")
    assert [s.value for s in app.success] == ["ตรวจแล้ว ไม่พบปัญหา ยังไม่ได้บันทึก กด 'บันทึกคะแนน' เพื่อบันทึก"]
    assert db.data_version() == version


def test_a_year_saved_with_indicator_scores_only_can_be_emptied(app: AppTest, db: Store) -> None:
    year_box = _key(app.number_input, "entry_year_")
    app.number_input(key=year_box).set_value(2569)
    app.run()
    _enter(app, {row: 90.0 for row in range(10)}, source="หนังสือแจ้งผล ITA ปี 2569")
    assert _scores(db, PATUENG, 2569) == {str(i): 90.0 for i in range(1, 11)}
    assert db.year_values(PATUENG, 2569).keys() == {str(i) for i in range(1, 11)}  # no result row
    app.number_input(key=_key(app.number_input, "entry_year_")).set_value(2569)
    app.run()
    assert app.data_editor[0].value["score"].iloc[:10].tolist() == [90.0] * 10
    _enter(app, dict.fromkeys(range(10)), source="ลบคะแนนที่กรอกผิดปี")
    assert not app.error, [e.value for e in app.error]
    assert any("บันทึกคะแนนของ" in s.value for s in app.success)
    assert _scores(db, PATUENG, 2569) == {}
    # The removed scores are kept in the history, like any other change.
    assert (db.history("indicator_scores")["action"] == "delete").sum() == 10


def test_an_empty_save_of_a_year_with_nothing_stored_is_still_refused(app: AppTest, db: Store) -> None:
    app.number_input(key=_key(app.number_input, "entry_year_")).set_value(2569)
    app.run()
    version = db.data_version()
    _enter(app, {}, source="หนังสือแจ้งผล ITA ปี 2569")
    assert any("ยังไม่ได้กรอกคะแนนหรือระดับ" in e.value for e in app.error)
    assert db.data_version() == version


def test_the_agency_download_says_which_texts_lose_their_control_characters(app: AppTest, db: Store) -> None:
    # Issue 11, case 8: the download of the agency's data is written through the one sanitiser, and
    # the page names the texts it changes.
    assert not [w.value for w in app.main.warning if "อักขระควบคุม" in w.value]
    first = db.measures(PATUENG, 2569).iloc[0]
    db.update_measure(int(first["id"]), {"method": "ประชุม\x0bชี้แจง"}, int(first["version"]), actor("สมหญิง"))
    app.run()
    _no_exception(app)
    warned = [unescape(w.value) for w in app.main.warning if "อักขระควบคุม" in w.value]
    assert len(warned) == 1 and "ไฟล์ข้อมูลของหน่วยงานที่ดาวน์โหลด" in warned[0]
    assert f"มาตรการ ปี 2569 ลำดับ {first['number']} · วิธีการดำเนินการ" in warned[0]
    data = de.agency_workbook(db.dataset(), PATUENG)
    ws = openpyxl.load_workbook(io.BytesIO(data))["มาตรการ"]
    column = next(c.column_letter for c in ws[1] if c.value == "วิธีการดำเนินการ")
    assert "ประชุม\nชี้แจง" in [c.value for c in ws[column]]
