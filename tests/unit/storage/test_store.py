import io
import json
import sqlite3
from datetime import date, timedelta

import openpyxl
import pandas as pd
import pytest

from ita.core.model import Dataset
from ita.storage import migrate
from ita.storage import store as store_module
from ita.storage.excel import read_workbook, write_workbook
from ita.storage.store import MIGRATIONS, ConflictError, InvalidEntry, Store, StoreError
from tests.unit.conftest import actor
from tests.unit.storage import sql

PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"


def _fy69(store):
    return store.measures(PATUENG, 2569)


def test_created_with_the_latest_schema(new_db):
    s = Store(new_db("new"))
    assert s.schema_version() == int(migrate.head())
    assert not s.is_seeded()
    assert s.dataset().equals(Dataset())


def test_migrations_apply_in_order_to_an_old_database(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute("INSERT INTO meta(key, value) VALUES('schema_version', '1')")
    conn.commit()
    conn.close()
    s = Store(path)
    assert s.schema_version() == int(migrate.head())


def test_migration_2_links_progress_to_its_measure_by_id(tmp_path):
    """A version-1 database links progress by (agency, year, number); migration 2 gives each entry
    its measure's id, so the log survives renumbering from then on."""
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute("INSERT INTO meta(key, value) VALUES('schema_version', '1')")
    conn.execute("INSERT INTO measures(agency, year, number, title, status) VALUES ('ก', 2569, '1', 'ม1', 'เริ่มแล้ว')")
    conn.execute("INSERT INTO measures(agency, year, number, title, status) VALUES ('ก', 2569, '2', 'ม2', 'เริ่มแล้ว')")
    add_progress = "INSERT INTO progress(agency, year, number, date, text) VALUES ('ก', 2569, ?, ?, ?)"
    conn.execute(add_progress, ("2", "2026-01-05", "ทำแล้ว"))
    conn.execute(add_progress, ("9", "2026-01-06", "กำพร้า"))
    conn.commit()
    conn.close()
    s = Store(path)
    second = int(s.measures("ก", 2569).iloc[1]["id"])
    assert list(s.progress(second)["text"]) == ["ทำแล้ว"]
    s.update_measure(second, {"number": "5"}, 1, actor("ทดสอบ"))
    assert list(s.progress(second)["text"]) == ["ทำแล้ว"]
    # The entry whose number matched no measure is kept, with its number, not attached to anything.
    log = s.dataset()["progress"]
    assert sorted(zip(log["number"], log["text"], strict=True)) == [("5", "ทำแล้ว"), ("9", "กำพร้า")]
    s.close()


def test_progress_follows_its_measure_through_renumbering_delete_and_export(store, new_db):
    plan = _fy69(store)
    mid = int(plan.iloc[0]["id"])
    store.add_progress(mid, "2026-01-10", "ประชุมแล้ว", "", actor("สมชาย"))
    store.update_measure(mid, {"number": "10"}, int(plan.iloc[0]["version"]), actor("สมชาย"))
    # The export shows the measure's number now, and a re-import attaches the entry to it.
    ds = store.dataset().for_agency(PATUENG)
    assert ds["progress"][["number", "text"]].values.tolist() == [["10", "ประชุมแล้ว"]]
    other = Store(new_db("other"))
    other.import_dataset(read_workbook(write_workbook(ds)).dataset, actor("ทดสอบ"))
    moved = other.measures(PATUENG, 2569)
    assert list(other.progress(int(moved.loc[moved["number"] == "10", "id"].iloc[0]))["text"]) == ["ประชุมแล้ว"]
    assert set(other.preview_import(ds)["action"]) == {"เหมือนเดิม"}
    other.close()
    # A deleted measure's log leaves the data with it and comes back with the undo.
    store.delete_measure(mid, int(store.measure(mid)["version"]), actor("สมชาย"))
    assert store.dataset().for_agency(PATUENG)["progress"].empty
    store.undelete_measure(mid, actor("สมชาย"))
    assert len(store.dataset().for_agency(PATUENG)["progress"]) == 1


def test_seed_twice_adds_nothing(store, bundled):
    before = store.dataset()
    assert store.seed(bundled) is False
    assert store.dataset().equals(before)
    # The seeded data is the bundled data, table by table.
    for key in ("results", "measures", "oit_items", "indicator_scores"):
        assert len(store.dataset()[key]) == len(bundled[key]), key


def test_import_twice_changes_nothing(store, bundled):
    preview = store.preview_import(bundled)
    assert set(preview["action"]) == {"เหมือนเดิม"}
    version = store.data_version()
    store.import_dataset(bundled, actor("ทดสอบ"))
    assert len(store.dataset()["progress"]) == len(bundled["progress"])
    assert store.data_version() == version + 1


def test_seeded_plan_of_patueng(store):
    plan = _fy69(store)
    assert list(plan["number"]) == ["1", "2", "3", "4", "6", "7"]
    done = store.measures(PATUENG, 2568)
    assert set(done["status"]) == {"แล้วเสร็จ"}


def test_edit_with_history_and_restore(store):
    m = _fy69(store).iloc[0]
    saved = store.update_measure(int(m["id"]), {"status": "เริ่มแล้ว", "target": 99.0}, int(m["version"]), actor("สมชาย"))
    assert saved["status"] == "เริ่มแล้ว" and saved["version"] == m["version"] + 1
    hist = store.history("measures", int(m["id"]))
    assert hist.iloc[0]["author"] == "สมชาย" and "status" in hist.iloc[0]["changes"]
    original = hist[hist["action"] == "insert"].iloc[0]
    restored = store.restore_version(int(original["id"]), actor("สมหญิง"))
    assert restored["status"] == "ยังไม่เริ่ม" and restored["target"] is None
    assert store.history("measures", int(m["id"])).iloc[0]["action"] == "restore"


def test_conflict_is_refused_and_shows_the_other_change(store):
    m = _fy69(store).iloc[1]
    mid, v = int(m["id"]), int(m["version"])
    store.update_measure(mid, {"followup": "รายงานทุกเดือน"}, v, actor("คนแรก"))
    with pytest.raises(ConflictError) as err:
        store.update_measure(mid, {"status": "แล้วเสร็จ"}, v, actor("คนที่สอง"))
    assert err.value.by == "คนแรก"
    assert "followup" in err.value.theirs
    assert err.value.theirs["followup"][1] == "รายงานทุกเดือน"
    assert "คนแรก" in err.value.message_th
    assert "การติดตามผล" in err.value.message_th and "followup" not in err.value.message_th
    # Nothing was overwritten.
    now = store.measure(mid)
    assert now["followup"] == "รายงานทุกเดือน" and now["status"] == "ยังไม่เริ่ม"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "มาตรการ/แนวทาง"),
        ({"period": "ก.ย.๖๙ ถึง ต.ค.๖๘"}, "ระยะเวลาดำเนินการ"),
        ({"units": "กองไม่มีจริง"}, "ส่วนงานที่รับผิดชอบ"),
        ({"indicators": "11"}, "ตัวชี้วัดที่เกี่ยวข้อง"),
        ({"status": "เสร็จ"}, "สถานะ"),
        ({"target": 120.0}, "คะแนนเป้าหมาย"),
        ({"target": "ไม่ทราบ"}, "คะแนนเป้าหมาย"),
    ],
)
def test_bad_entries_are_not_saved(store, changes, field):
    m = _fy69(store).iloc[0]
    with pytest.raises(InvalidEntry) as err:
        store.update_measure(int(m["id"]), changes, int(m["version"]), actor("ทดสอบ"))
    assert field in [f for f, _ in err.value.problems]
    assert store.measure(int(m["id"]))["version"] == m["version"]


def test_bad_progress_link_is_not_saved(store):
    mid = int(_fy69(store).iloc[0]["id"])
    with pytest.raises(InvalidEntry, match="ลิงก์"):
        store.add_progress(mid, "2025-11-01", "ประชุมแล้ว", "javascript:alert(1)", actor("ทดสอบ"))
    assert store.progress(mid).empty


def test_add_delete_undo_reorder(store):
    pid = store.add_measure({"agency": PATUENG, "year": 2569, "number": "8", "title": "มาตรการทดสอบ",
                             "units": "กองช่าง", "period": "ต.ค.๖๘ ถึง ธ.ค.๖๘", "indicators": "7,9.4"}, actor("ทดสอบ"))
    assert list(_fy69(store)["number"])[-1] == "8"
    with pytest.raises(InvalidEntry, match="ลำดับ 8"):
        store.add_measure({"agency": PATUENG, "year": 2569, "number": "8", "title": "ซ้ำ"}, actor("ทดสอบ"))
    ids = list(_fy69(store)["id"])
    store.reorder_measures([ids[-1], *ids[:-1]], actor("ทดสอบ"))
    assert list(_fy69(store)["number"]) == ["8", "1", "2", "3", "4", "6", "7"]
    store.delete_measure(pid, int(store.measure(pid)["version"]), actor("ทดสอบ"))
    assert "8" not in list(_fy69(store)["number"])
    store.undelete_measure(pid, actor("ทดสอบ"))
    assert "8" in list(_fy69(store)["number"])


def test_a_target_typed_in_thai_digits_is_stored_as_a_number(store):
    mid = store.add_measure({"agency": PATUENG, "year": 2569, "number": "20", "title": "ทดสอบ", "target": "๙๒.๕"},
                            actor("สมชาย"))
    assert store.measure(mid)["target"] == 92.5
    store.update_measure(mid, {"target": ""}, 1, actor("สมชาย"))
    assert store.measure(mid)["target"] is None


def test_progress_log(store):
    mid = int(_fy69(store).iloc[2]["id"])
    store.add_progress(mid, "๑ พฤศจิกายน ๒๕๖๘", "ปรับปรุงเว็บไซต์แล้ว", "https://www.patueng.go.th/", actor("สมชาย"))
    log = store.progress(mid)
    assert list(log["date"]) == ["2025-11-01"] and log.iloc[0]["author"] == "สมชาย"
    assert len(store.dataset().for_agency(PATUENG)["progress"]) == 1


def test_save_year_scores_with_history(store):
    store.save_year("อบต.ใหม่", 2568, {"1": 90.0, "9": 80.0}, {"total": 85.5}, actor("สมชาย"), "พิมพ์จากหนังสือแจ้งผล")
    ds = store.dataset()
    assert len(ds["indicator_scores"][ds["indicator_scores"]["agency"] == "อบต.ใหม่"]) == 2
    store.save_year("อบต.ใหม่", 2568, {"1": None, "9": 81.0}, {}, actor("สมหญิง"), "แก้ไข")
    ds = store.dataset()
    scores = ds["indicator_scores"][ds["indicator_scores"]["agency"] == "อบต.ใหม่"]
    assert list(scores["indicator"]) == ["9"] and scores.iloc[0]["score"] == 81.0
    with pytest.raises(InvalidEntry):
        store.save_year("อบต.ใหม่", 2568, {"1": 101.0}, {}, actor("สมชาย"), "x")
    assert set(store.history("indicator_scores")["action"]) >= {"insert", "update", "delete"}


def test_export_import_round_trip(store, new_db):
    ds = store.dataset().for_agency(PATUENG)
    data = write_workbook(ds)
    back = read_workbook(data)
    assert back.report.ok
    assert back.dataset.equals(ds)
    other = Store(new_db("other"))
    other.import_dataset(back.dataset, actor("ทดสอบ"))
    assert other.dataset().for_agency(PATUENG).equals(ds)


def test_migration_5_adds_the_agency_settings_and_they_round_trip(store, new_db, tmp_path):
    """A version-4 database gets the agencies' settings columns (blank); the bundled signers of
    อบต.ป่าตึง go through the store, a workbook and another store unchanged; a workbook without the
    columns still imports and leaves the stored settings as they are."""
    path = tmp_path / "v4.db"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:4]:
        conn.executescript(script)
    conn.execute("INSERT INTO meta(key, value) VALUES('schema_version', '4')")
    conn.execute("INSERT INTO agencies(agency, fictional) VALUES ('ก', 'ไม่ใช่')")
    conn.commit()
    conn.close()
    old = Store(path)
    assert old.schema_version() == int(migrate.head()) >= 5
    assert list(old.dataset()["agencies"].iloc[0][["head_name", "preparer_name", "address"]]) == [""] * 3
    row = store.dataset()["agencies"].set_index("agency").loc[PATUENG]
    assert (row["head_name"], row["preparer_position"]) == ("นายณัฐกรณ์ ใจรังสี", "หัวหน้าฝ่ายอำนวยการ")
    other = Store(new_db("other"))
    other.import_dataset(read_workbook(write_workbook(store.dataset().for_agency(PATUENG))).dataset, actor("ท"))
    assert other.dataset()["agencies"].equals(store.dataset().for_agency(PATUENG)["agencies"])
    bare = Dataset.from_records({"agencies": [{"agency": PATUENG, "fictional": "ไม่ใช่", "source": "ไฟล์เก่า"}]})
    other.import_dataset(bare, actor("ท"))
    assert other.dataset()["agencies"].iloc[0]["head_name"] == "นายณัฐกรณ์ ใจรังสี"


def test_save_year_with_what_the_form_read_writes_only_the_changes_and_refuses_a_clash(store):
    agency = "อบต.ใหม่"
    store.save_year(agency, 2568, {"1": 90.0, "2": 80.0}, {"total": 85.0, "level": "ผ่าน"}, actor("ก"), "หนังสือแจ้งผล")
    read = store.year_values(agency, 2568)
    assert read == {"1": 90.0, "2": 80.0, "IIT": None, "EIT": None, "OIT": None, "total": 85.0, "level": "ผ่าน",
                    "note": None}
    store.save_year(agency, 2568, {"2": 82.0}, {}, actor("ข"), "แก้ตามหนังสือ")  # someone else, meanwhile
    # Unchanged fields (2, level) are not written back over ข's save; the changed one (1) is.
    store.save_year(agency, 2568, {"1": 91.0, "2": 80.0}, {"total": 85.0, "level": "ผ่าน"}, actor("ก"), "แก้", read=read)
    assert store.year_values(agency, 2568)["2"] == 82.0 and store.year_values(agency, 2568)["1"] == 91.0
    # Changing a field someone else changed since the read is refused, and nothing is written.
    read = store.year_values(agency, 2568)
    store.save_year(agency, 2568, {"2": 83.0}, {}, actor("ข"), "แก้ตามหนังสือ")
    version = store.data_version()
    with pytest.raises(ConflictError) as err:
        store.save_year(agency, 2568, {"1": 95.0, "2": 70.0}, {}, actor("ก"), "แก้", read=read)
    assert err.value.by == "ข"
    assert "ตัวชี้วัดที่ 2" in err.value.theirs and err.value.theirs["ตัวชี้วัดที่ 2"] == (82.0, 83.0)
    assert store.data_version() == version and store.year_values(agency, 2568)["1"] == 91.0


def test_an_import_of_progress_for_a_measure_nowhere_to_be_found_changes_nothing(store):
    ds = store.dataset().for_agency(PATUENG)
    progress = ds["progress"]
    row = {c: "" for c in progress.columns} | {"agency": PATUENG, "year": 2569, "number": "5", "date": "2026-01-05",
                                                "text": "ทำแล้ว"}
    bad = Dataset({"progress": pd.concat([progress, pd.DataFrame([row])], ignore_index=True)})
    version = store.data_version()
    with pytest.raises(InvalidEntry, match="ไม่พบมาตรการลำดับ 5"):
        store.import_dataset(bad, actor("ทดสอบ"))
    assert store.data_version() == version


def test_units_of_an_agency_without_a_unit_list_are_refused_with_the_way_to_add_one(store):
    with pytest.raises(InvalidEntry, match="ยังไม่มีรายชื่อส่วนงาน"):
        store.add_measure({"agency": "อบต.ใหม่", "year": 2569, "number": "1", "title": "ก", "units": "กองช่าง"},
                          actor("ก"))
    assert store.measures("อบต.ใหม่").empty
    # Without units, the measure is saved (the owners can be written as text).
    store.add_measure({"agency": "อบต.ใหม่", "year": 2569, "number": "1", "title": "ก", "owner_text": "กองช่าง"},
                      actor("ก"))
    assert len(store.measures("อบต.ใหม่")) == 1


# -- correcting and removing a progress entry ------------------------------------------------------


def _entry(store, author="สมชาย"):
    mid = int(_fy69(store).iloc[0]["id"])
    pid = store.add_progress(mid, "2025-11-01", "ประชุมชีแจงแล้ว", "https://www.patueng.go.th/a", actor(author))
    return mid, pid


def test_a_progress_entry_is_corrected_keeping_its_reporter_with_the_editor_in_the_history(store):
    mid, pid = _entry(store)
    log = store.progress(mid)
    assert list(log["version"]) == [1]  # the log carries what an edit needs
    saved = store.update_progress(pid, {"date": "๒ พฤศจิกายน ๒๕๖๘", "text": " ประชุมชี้แจงแล้ว ", "evidence": ""},
                                  int(log.iloc[0]["version"]), actor("สมหญิง"))
    assert (saved["date"], saved["text"], saved["evidence"], saved["version"]) == (
        "2025-11-02", "ประชุมชี้แจงแล้ว", "", 2)
    row = store.progress(mid).iloc[0]
    assert (row["id"], row["text"], row["author"], row["version"]) == (pid, "ประชุมชี้แจงแล้ว", "สมชาย", 2)
    hist = store.history("progress", pid)
    assert list(hist["action"]) == ["update", "insert"]
    assert hist.iloc[0]["author"] == "สมหญิง" and "text" in hist.iloc[0]["changes"]
    # Only what changed is written: the same values again add no version and no history.
    store.update_progress(pid, {"text": "ประชุมชี้แจงแล้ว"}, 2, actor("สมหญิง"))
    assert store.progress(mid).iloc[0]["version"] == 2 and len(store.history("progress", pid)) == 2
    assert store.dataset().for_agency(PATUENG)["progress"]["text"].tolist() == ["ประชุมชี้แจงแล้ว"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date": "31 ก.พ. 2569"}, "วันที่"),
        ({"date": ""}, "วันที่"),
        ({"text": "   "}, "ความก้าวหน้า"),
        ({"evidence": "javascript:alert(1)"}, "ลิงก์หลักฐาน"),
        ({"evidence": "www.patueng.go.th"}, "ลิงก์หลักฐาน"),
    ],
)
def test_a_bad_progress_correction_is_not_saved(store, changes, field):
    mid, pid = _entry(store)
    version = store.data_version()
    with pytest.raises(InvalidEntry) as err:
        store.update_progress(pid, changes, 1, actor("สมหญิง"))
    assert [f for f, _ in err.value.problems] == [field]
    assert store.data_version() == version
    assert store.progress(mid).iloc[0]["version"] == 1


def test_a_progress_entry_refuses_fields_other_than_date_text_and_link(store):
    mid, pid = _entry(store)
    for changes in ({"author": "คนอื่น"}, {"measure_id": mid + 1}):
        with pytest.raises(StoreError, match="แก้ไขช่องนี้"):
            store.update_progress(pid, changes, 1, actor("สมหญิง"))
    assert store.progress(mid).iloc[0]["author"] == "สมชาย"


def test_a_stale_progress_edit_or_delete_is_refused_with_what_changed(store):
    mid, pid = _entry(store)
    store.update_progress(pid, {"text": "ฉบับของคนแรก"}, 1, actor("คนแรก"))
    for attempt in (lambda: store.update_progress(pid, {"evidence": "https://x.go.th/b"}, 1, actor("คนที่สอง")),
                    lambda: store.update_progress(pid, {"text": "ฉบับของคนแรก"}, 1, actor("คนที่สอง")),
                    lambda: store.delete_progress(pid, 1, actor("คนที่สอง"))):
        with pytest.raises(ConflictError) as err:
            attempt()
        assert err.value.by == "คนแรก" and err.value.theirs["text"] == ("ประชุมชีแจงแล้ว", "ฉบับของคนแรก")
        assert "ความก้าวหน้า" in err.value.message_th
    row = store.progress(mid).iloc[0]
    assert (row["text"], row["evidence"], row["version"]) == ("ฉบับของคนแรก", "https://www.patueng.go.th/a", 2)


def test_a_deleted_progress_entry_leaves_the_log_and_the_undo_brings_it_back(store):
    mid, pid = _entry(store)
    store.delete_progress(pid, 1, actor("สมหญิง"))
    assert store.progress(mid).empty
    assert store.dataset().for_agency(PATUENG)["progress"].empty
    with pytest.raises(StoreError, match="ถูกลบไปแล้ว"):
        store.delete_progress(pid, 2, actor("สมหญิง"))
    with pytest.raises(StoreError, match="ถูกลบแล้ว"):
        store.update_progress(pid, {"text": "แก้หลังลบ"}, 2, actor("สมหญิง"))
    store.undelete_progress(pid, actor("สมศรี"))
    row = store.progress(mid).iloc[0]
    assert (row["id"], row["text"], row["author"], row["version"]) == (pid, "ประชุมชีแจงแล้ว", "สมชาย", 3)
    hist = store.history("progress", pid)
    assert list(zip(hist["action"], hist["author"], strict=True)) == [
        ("restore", "สมศรี"), ("delete", "สมหญิง"), ("insert", "สมชาย")]
    store.undelete_progress(pid, actor("สมศรี"))  # a second undo writes nothing
    assert len(store.history("progress", pid)) == 3


def test_progress_of_a_deleted_measure_cannot_be_edited_deleted_or_brought_back(store):
    mid, pid = _entry(store)
    other = store.add_progress(mid, "2025-11-05", "ครั้งที่สอง", "", actor("สมชาย"))
    store.delete_progress(other, 1, actor("สมชาย"))
    store.delete_measure(mid, int(store.measure(mid)["version"]), actor("สมชาย"))
    version = store.data_version()
    for attempt in (lambda: store.update_progress(pid, {"text": "แก้"}, 1, actor("สมหญิง")),
                    lambda: store.delete_progress(pid, 1, actor("สมหญิง")),
                    lambda: store.undelete_progress(other, actor("สมหญิง"))):
        with pytest.raises(StoreError, match="มาตรการของบันทึกนี้ถูกลบแล้ว"):
            attempt()
    assert store.data_version() == version
    store.undelete_measure(mid, actor("สมชาย"))
    assert list(store.progress(mid)["text"]) == ["ประชุมชีแจงแล้ว"]


# -- provenance on import and dates of progress ---------------------------------------------------


def _wide_total(agency, year, total):
    wb = openpyxl.Workbook()
    wb.active.append(["หน่วยงาน", "ปีงบประมาณ", "คะแนนรวม"])
    wb.active.append([agency, year, total])
    out = io.BytesIO()
    wb.save(out)
    return read_workbook(out.getvalue()).dataset


def _result(store, agency, year):
    res = store.dataset()["results"]
    return res[(res["agency"] == agency) & (res["year"] == year)].iloc[0]


def test_reimporting_an_unchanged_total_keeps_its_cited_source(store):
    """A wide sheet gives each row a generated "sheet, row" source; that alone is no change."""
    before = _result(store, PATUENG, 2568)
    assert before["source"].startswith("รายงานผลการดำเนินการ")
    ds = _wide_total(PATUENG, 2568, 98.8)
    assert ds["results"].iloc[0]["source"].startswith("นำเข้าจากชีต")
    preview = store.preview_import(ds)
    assert set(preview["action"]) == {"เหมือนเดิม"} and set(preview["fields"]) == {""}
    history = len(store.history("results"))
    store.import_dataset(ds, actor("ทดสอบ"))
    assert _result(store, PATUENG, 2568)["source"] == before["source"]
    assert len(store.history("results")) == history


def test_an_import_that_changes_a_value_records_the_files_source(store):
    ds = _wide_total(PATUENG, 2568, 97.5)
    [changed] = store.preview_import(ds).query("table == 'ผลรวมรายปี'").to_dict("records")
    assert changed["action"] == "แก้ไข" and changed["fields"] == "คะแนนรวม, แหล่งที่มา"
    store.import_dataset(ds, actor("ทดสอบ"))
    after = _result(store, PATUENG, 2568)
    assert after["total"] == 97.5 and after["source"] == "นำเข้าจากชีต 'Sheet' แถว 2"


def _tomorrow():
    return (date.today() + timedelta(days=1)).isoformat()


def test_progress_dated_after_today_is_refused_when_added_or_corrected(store):
    mid = int(_fy69(store).iloc[0]["id"])
    version = store.data_version()
    with pytest.raises(InvalidEntry) as err:
        store.add_progress(mid, _tomorrow(), "ประชุมแล้ว", "", actor("สมชาย"))
    [(field, message)] = err.value.problems
    assert field == "วันที่" and "ต้องไม่เลยวันนี้" in message
    assert store.progress(mid).empty and store.data_version() == version
    # Today is fine; so is correcting it to another past day, but not to tomorrow.
    pid = store.add_progress(mid, date.today().isoformat(), "ประชุมแล้ว", "", actor("สมชาย"))
    with pytest.raises(InvalidEntry, match="ต้องไม่เลยวันนี้"):
        store.update_progress(pid, {"date": _tomorrow()}, 1, actor("สมหญิง"))
    assert store.progress(mid).iloc[0]["date"] == date.today().isoformat()
    store.update_progress(pid, {"date": "2025-11-01"}, 1, actor("สมหญิง"))
    assert store.progress(mid).iloc[0]["date"] == "2025-11-01"


def test_an_import_of_progress_dated_after_today_changes_nothing(store):
    ds = store.dataset().for_agency(PATUENG)
    progress = ds["progress"]
    row = {c: "" for c in progress.columns} | {"agency": PATUENG, "year": 2569, "number": "1", "date": _tomorrow(),
                                                "text": "ประชุมแล้ว"}
    bad = Dataset({"progress": pd.concat([progress, pd.DataFrame([row])], ignore_index=True)})
    version = store.data_version()
    with pytest.raises(InvalidEntry) as err:
        store.import_dataset(bad, actor("ทดสอบ"))
    [(field, message)] = err.value.problems
    assert field == "วันที่" and "ลำดับ 1" in message and "ต้องไม่เลยวันนี้" in message
    assert store.data_version() == version and store.dataset().for_agency(PATUENG)["progress"].empty


def test_an_imported_measure_without_a_status_has_not_started(store):
    measures = store.dataset().for_agency(PATUENG)["measures"].iloc[:0]
    row = {c: "" for c in measures.columns} | {"agency": PATUENG, "year": 2570, "number": "1",
                                                 "title": "มาตรการจากไฟล์ที่ไม่ได้ระบุสถานะ", "target": None}
    store.import_dataset(Dataset({"measures": pd.DataFrame([row])}), actor("ทดสอบ"))
    assert list(store.measures(PATUENG, 2570)["status"]) == ["ยังไม่เริ่ม"]


def test_an_import_matched_a_few_rows_at_a_time_finds_every_stored_row(store, bundled, monkeypatch):
    """Rows are matched MATCH_CHUNK at a time with one query each; with chunks of 3 every bundled row
    (progress entries matched through their measure included) is still found, and one changed score is
    the only change."""
    monkeypatch.setattr(store_module, "MATCH_CHUNK", 3)
    assert set(store.preview_import(bundled)["action"]) == {"เหมือนเดิม"}
    scores = bundled["indicator_scores"].copy()
    row = scores.index[len(scores) // 2]
    scores.loc[row, "score"] = 50.0
    changed = Dataset({**{t: bundled[t] for t in bundled.tables}, "indicator_scores": scores})
    preview = store.preview_import(changed)
    assert preview["action"].value_counts().to_dict() == {"เหมือนเดิม": len(preview) - 1, "แก้ไข": 1}
    [key] = preview.loc[preview["action"] == "แก้ไข", "key"]
    assert key == " / ".join(str(scores.loc[row, k]) for k in ("agency", "year", "indicator"))


@pytest.mark.parametrize("year", [2568, 2568.0, "2568"])
def test_an_import_matches_a_year_given_as_a_float_or_text_as_sqlite_compares_it(store, year):
    ds = _wide_total(PATUENG, 2568, 98.8)
    ds["results"]["year"] = pd.Series([year], dtype=object)
    [result] = store.preview_import(ds).query("table == 'ผลรวมรายปี'").to_dict("records")
    assert result["action"] == "เหมือนเดิม"


def test_the_dataset_read_a_few_rows_at_a_time_equals_the_whole_read(store, monkeypatch):
    whole = store.dataset()
    monkeypatch.setattr(store_module, "READ_CHUNK", 7)
    chunked = store.dataset()
    assert len(whole["indicator_scores"]) > 7 and len(whole["measures"]) > 7
    for key in whole.tables:
        pd.testing.assert_frame_equal(chunked[key], whole[key], check_dtype=True, obj=key)


def test_a_saved_row_is_logged_exactly_as_it_reads_back(store):
    """A whole score (85.0) is logged as the row reads back, on both engines (SQLite's RETURNING gives 85)."""
    store.save_year(PATUENG, 2568, {"9": 85.0}, {"total": 99.0}, actor("สมชาย"), "หนังสือแจ้งผล")
    for table in ("indicator_scores", "results"):
        entry = store.history(table).iloc[0]
        row = sql.rows(store, f"SELECT * FROM {table} WHERE id = :id", id=int(entry["row_id"]))[0]
        assert entry["after"] == json.dumps(row, ensure_ascii=False), table
        assert isinstance(row["score" if table == "indicator_scores" else "total"], float)
