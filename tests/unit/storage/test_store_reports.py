"""The O28 report's problems/obstacles and suggestions in the store (issue 13): per measure
(Store.save_measure_report, whoever may report progress on the measure) and for the whole year
(Store.save_year_report, the planner's), with their versions, history, migration and workbook round trip."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
import sqlalchemy as sa

from ita.core.access import AccessDenied, Account
from ita.storage import migrate
from ita.storage.excel import read_workbook, write_workbook
from ita.storage.store import MIGRATIONS, ConflictError, Store, StoreError, frame_for_export
from tests.unit.conftest import actor
from tests.unit.storage import sql

PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
PLANNER = actor("วางแผน", "planner", agencies={PATUENG})
FINANCE_HEAD = actor("หัวหน้าคลัง", "unit", units={(PATUENG, "กองคลัง")})
WORKS_HEAD = actor("หัวหน้าช่าง", "unit", units={(PATUENG, "กองช่าง")})
VIEWER = actor("นายก", "viewer", agencies={PATUENG})
OTHER_PLANNER = actor("วางแผนที่อื่น", "planner", agencies={"อบต.อื่น"})


def _measure(store: Store, unit: str) -> dict[str, Any]:
    """Returns ป่าตึง's FY2568 measure owned by `unit` alone (กองคลัง: ลำดับ 3; สำนักปลัด: ลำดับ 1)."""
    plan = store.measures(PATUENG, 2568)
    return plan[plan["units"] == unit].iloc[0].to_dict()


def _snapshot(store: Store) -> tuple[Any, ...]:
    return (store.data_version(), sql.rows(store, "SELECT * FROM measures ORDER BY id"),
            sql.rows(store, "SELECT * FROM reports ORDER BY id"), sql.rows(store, "SELECT * FROM history ORDER BY id"))


# -- per measure ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "unit", "allowed"), [
    (PLANNER, "กองคลัง", True),
    (FINANCE_HEAD, "กองคลัง", True),  # a head of the measure's unit
    (actor("ผู้ดูแล"), "กองคลัง", True),
    (FINANCE_HEAD, "สำนักปลัด", False),  # another unit's measure
    (WORKS_HEAD, "กองคลัง", False),
    (VIEWER, "กองคลัง", False),
    (OTHER_PLANNER, "กองคลัง", False),
    (None, "กองคลัง", False),  # nobody signed in (the CLI has no such write either)
    (Account("ปิด", "ปิด", "admin", active=False), "กองคลัง", False),
], ids=["planner", "unit head", "admin", "head on another unit's measure", "other unit's head", "viewer",
        "other agency's planner", "no account", "disabled"])
def test_who_may_save_a_measures_problems_and_suggestions(store, who, unit, allowed):
    m = _measure(store, unit)
    before = _snapshot(store)
    if allowed:
        saved = store.save_measure_report(int(m["id"]), "เจ้าหน้าที่ไม่พอ", "เพิ่มอัตรากำลัง", int(m["version"]), who)
        assert (saved["problems"], saved["suggestions"]) == ("เจ้าหน้าที่ไม่พอ", "เพิ่มอัตรากำลัง")
        assert store.measure(int(m["id"]))["version"] == int(m["version"]) + 1
        assert store.history("measures", int(m["id"]))["author"].iloc[0] == who.label
    else:
        with pytest.raises(AccessDenied):
            store.save_measure_report(int(m["id"]), "เจ้าหน้าที่ไม่พอ", "เพิ่มอัตรากำลัง", int(m["version"]), who)
        assert _snapshot(store) == before


def test_a_measures_report_is_stripped_logged_kept_out_of_updated_and_cleared_by_blank(store):
    mid = int(_measure(store, "กองคลัง")["id"])
    m = store.measure(mid)
    version = int(m["version"])
    saved = store.save_measure_report(mid, "  ระบบยืมพัสดุยังเป็นกระดาษ\nผู้ยืมคืนช้า \n", "\tใช้แบบฟอร์มออนไลน์  ",
                                      version, FINANCE_HEAD)
    assert (saved["problems"], saved["suggestions"]) == ("ระบบยืมพัสดุยังเป็นกระดาษ\nผู้ยืมคืนช้า",
                                                         "ใช้แบบฟอร์มออนไลน์")
    # The plan's last edit and its other fields are as they were: only the two texts and the version moved.
    after = store.measure(mid)
    assert after["updated"] == m["updated"]
    assert {k for k in after if after[k] != m[k]} == {"problems", "suggestions", "version"}
    entry = store.history("measures", mid).iloc[0]
    assert (entry["action"], entry["author"]) == ("update", FINANCE_HEAD.label)
    assert "→ ระบบยืมพัสดุ" in entry["changes"] and "suggestions: " in entry["changes"]
    # The same texts again write nothing; blank clears them (in the history too).
    version = int(after["version"])
    rows = len(store.history("measures", mid))
    store.save_measure_report(mid, "ระบบยืมพัสดุยังเป็นกระดาษ\nผู้ยืมคืนช้า", "ใช้แบบฟอร์มออนไลน์", version, PLANNER)
    assert len(store.history("measures", mid)) == rows and store.measure(mid)["version"] == version
    cleared = store.save_measure_report(mid, "   ", None, version, PLANNER)  # type: ignore[arg-type]
    assert (cleared["problems"], cleared["suggestions"], cleared["version"]) == ("", "", version + 1)
    assert store.history("measures", mid)["author"].iloc[0] == PLANNER.label
    # Control characters are kept as typed, as every text of the store (the files clean them).
    kept = store.save_measure_report(mid, "ก\x0bข", "", version + 1, PLANNER)
    assert kept["problems"] == "ก\x0bข"


def test_a_stale_measure_report_is_refused_with_what_changed(store):
    m = _measure(store, "กองคลัง")
    mid, read = int(m["id"]), int(m["version"])
    store.save_measure_report(mid, "ของหัวหน้าคลัง", "", read, FINANCE_HEAD)
    before = _snapshot(store)
    with pytest.raises(ConflictError) as err:
        store.save_measure_report(mid, "ของผู้วางแผน", "ข้อเสนอ", read, PLANNER)
    assert "problems" in err.value.theirs and err.value.theirs["problems"][1] == "ของหัวหน้าคลัง"
    assert err.value.by == FINANCE_HEAD.label and "ปัญหา/อุปสรรค" in err.value.message_th
    # Saving what is stored now from a stale form is refused too (it is told what changed).
    with pytest.raises(ConflictError):
        store.save_measure_report(mid, "ของหัวหน้าคลัง", "", read, PLANNER)
    assert _snapshot(store) == before
    # A planner's edit form opened before the report was saved is told about it, not applied over it.
    with pytest.raises(ConflictError) as err:
        store.update_measure(mid, {"title": "ชื่อใหม่"}, read, PLANNER)
    assert set(err.value.theirs) == {"problems"}


def test_a_deleted_measures_report_is_refused(store):
    m = _measure(store, "กองคลัง")
    mid = int(m["id"])
    store.delete_measure(mid, int(m["version"]), PLANNER)
    before = _snapshot(store)
    with pytest.raises(StoreError, match="ถูกลบแล้ว") as err:
        store.save_measure_report(mid, "ปัญหา", "", int(store.measure(mid)["version"]), PLANNER)
    assert not isinstance(err.value, AccessDenied)
    # Still checked after the permission: another unit's head is refused for that reason first.
    with pytest.raises(AccessDenied):
        store.save_measure_report(mid, "ปัญหา", "", int(store.measure(mid)["version"]), WORKS_HEAD)
    assert _snapshot(store) == before


# -- the year's --------------------------------------------------------------------------------------


def test_a_years_report_is_the_planners_inserted_then_updated_against_its_version(store):
    empty = store.year_report(PATUENG, 2568)
    assert (empty["problems"], empty["suggestions"], empty["version"], empty["id"]) == ("", "", 0, None)
    before = _snapshot(store)
    for who in (FINANCE_HEAD, VIEWER, OTHER_PLANNER, None):
        with pytest.raises(AccessDenied):
            store.save_year_report(PATUENG, 2568, "ปัญหา", "ข้อเสนอ", 0, who)
    assert _snapshot(store) == before
    # Nothing typed and nothing stored: no row and no history is written.
    assert store.save_year_report(PATUENG, 2568, " ", "", 0, PLANNER)["version"] == 0
    assert _snapshot(store)[1:] == before[1:]

    first = store.save_year_report(PATUENG, 2568, " งบประมาณจำกัด\n", "ขอรับการสนับสนุนจากจังหวัด", 0, PLANNER)
    assert (first["problems"], first["suggestions"], first["version"]) == ("งบประมาณจำกัด", "ขอรับการสนับสนุนจากจังหวัด", 1)
    assert first["source"] == f"บันทึกในโปรแกรมโดย {PLANNER.label}"
    assert store.year_report(PATUENG, 2568) == first
    assert store.year_report(PATUENG, 2569)["version"] == 0  # another year has its own
    second = store.save_year_report(PATUENG, 2568, "งบประมาณจำกัด", "", 1, actor("ผู้ดูแล"))
    assert (second["suggestions"], second["version"]) == ("", 2)
    log = store.history("reports", first["id"])
    assert list(log["action"]) == ["update", "insert"]
    assert list(log["author"]) == ["ผู้ดูแล", PLANNER.label]
    assert "suggestions: ขอรับการสนับสนุน" in log["changes"].iloc[0]
    # The dataset (what the documents and the export read) holds it.
    reports = store.dataset()["reports"]
    assert reports[["agency", "year", "problems", "suggestions"]].values.tolist() == [
        [PATUENG, 2568, "งบประมาณจำกัด", ""]]


def test_a_stale_years_report_is_refused_with_what_changed(store):
    store.save_year_report(PATUENG, 2568, "ของคนแรก", "", 0, PLANNER)
    before = _snapshot(store)
    # A form that read no report, saved after someone else made one.
    with pytest.raises(ConflictError) as err:
        store.save_year_report(PATUENG, 2568, "ของคนที่สอง", "", 0, actor("ผู้ดูแล"))
    assert err.value.theirs == {"problems": ("", "ของคนแรก")} and err.value.by == PLANNER.label
    assert "ปัญหา/อุปสรรค" in err.value.message_th
    store.save_year_report(PATUENG, 2568, "แก้แล้ว", "ข้อเสนอ", 1, PLANNER)
    before = _snapshot(store)
    # A form that read version 1, saved after version 2.
    with pytest.raises(ConflictError) as err:
        store.save_year_report(PATUENG, 2568, "ของคนที่สอง", "", 1, actor("ผู้ดูแล"))
    assert set(err.value.theirs) == {"problems", "suggestions"}
    assert err.value.theirs["problems"] == ("ของคนแรก", "แก้แล้ว")
    assert _snapshot(store) == before


def test_a_years_report_is_restored_from_its_history_by_a_planner_only(store):
    first = store.save_year_report(PATUENG, 2568, "ฉบับแรก", "", 0, PLANNER)
    store.save_year_report(PATUENG, 2568, "ฉบับสอง", "", 1, PLANNER)
    insert = int(store.history("reports", first["id"])["id"].iloc[-1])
    with pytest.raises(AccessDenied):
        store.restore_version(insert, FINANCE_HEAD)
    store.restore_version(insert, PLANNER)
    assert store.year_report(PATUENG, 2568)["problems"] == "ฉบับแรก"


# -- migration and workbook ---------------------------------------------------------------------------


def test_migration_6_adds_the_report_texts_and_keeps_every_row(tmp_path):
    """A version-5 database gets blank problems/suggestions on its measures and an empty reports table;
    its measures and progress are as they were, and both texts can be saved at once."""
    path = tmp_path / "v5.db"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:5]:
        conn.executescript(script)
    conn.execute("INSERT INTO meta(key, value) VALUES('schema_version', '5')")
    conn.execute("INSERT INTO agencies(agency, fictional) VALUES ('ก', 'ไม่ใช่')")
    conn.execute("INSERT INTO measures(agency, year, number, title, status, summary, units) "
                 "VALUES ('ก', 2569, '1', 'มาตรการหนึ่ง', 'เริ่มแล้ว', 'สรุปเดิม', 'กองคลัง')")
    conn.execute("INSERT INTO progress(agency, year, number, date, text, measure_id) "
                 "VALUES ('ก', 2569, '1', '2025-12-01', 'ประชุมแล้ว', 1)")
    conn.commit()
    conn.close()
    s = Store(path)
    assert s.schema_version() == int(migrate.head()) >= 6
    ds = s.dataset()
    m = ds["measures"].iloc[0]
    assert (m["title"], m["summary"], m["problems"], m["suggestions"]) == ("มาตรการหนึ่ง", "สรุปเดิม", "", "")
    assert list(ds["progress"]["text"]) == ["ประชุมแล้ว"] and ds["reports"].empty
    assert s.save_measure_report(1, "ปัญหา", "ข้อเสนอ", 1, actor("ท"))["version"] == 2
    assert s.save_year_report("ก", 2569, "รวม", "", 0, actor("ท"))["version"] == 1
    index = sql.scalar(s, "SELECT sql FROM sqlite_master WHERE name = 'reports_key'")
    assert "WHERE deleted = 0" in index
    with pytest.raises(sa.exc.IntegrityError), s.transaction() as conn:  # one live report per agency and year
        conn.execute(sa.text("INSERT INTO reports(agency, year) VALUES ('ก', 2569)"))
    s.close()


def test_the_report_texts_go_through_a_workbook_and_another_store_unchanged(store, new_db):
    m = _measure(store, "กองคลัง")
    store.save_measure_report(int(m["id"]), "ผู้ยืมคืนช้า\nไม่มีทะเบียน", "=ทำทะเบียนออนไลน์", int(m["version"]),
                              FINANCE_HEAD)
    store.save_year_report(PATUENG, 2568, "งบประมาณจำกัด", "+ขอสนับสนุนจากจังหวัด", 0, PLANNER)
    exported = frame_for_export(store, PATUENG)
    assert exported["reports"][["year", "problems"]].values.tolist() == [[2568, "งบประมาณจำกัด"]]
    back = read_workbook(write_workbook(exported))
    assert back.report.ok, back.report.format_text()
    assert back.dataset.equals(exported)
    other = Store(new_db("other"))
    other.import_dataset(back.dataset, actor("ท"))
    moved = other.measures(PATUENG, 2568).set_index("number").loc[m["number"]]
    assert (moved["problems"], moved["suggestions"]) == ("ผู้ยืมคืนช้า\nไม่มีทะเบียน", "=ทำทะเบียนออนไลน์")
    report = other.year_report(PATUENG, 2568)
    assert (report["problems"], report["suggestions"]) == ("งบประมาณจำกัด", "+ขอสนับสนุนจากจังหวัด")
    assert other.dataset().for_agency(PATUENG).equals(exported)
    # Imported again, nothing changes; the imported report is saved in the app against its version.
    assert set(other.preview_import(back.dataset)["action"]) == {"เหมือนเดิม"}
    assert other.save_year_report(PATUENG, 2568, "แก้ในโปรแกรม", "", report["version"], PLANNER)["version"] == 2
    other.close()
