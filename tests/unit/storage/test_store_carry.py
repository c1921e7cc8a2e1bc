"""Carrying unfinished measures of a plan into a later one (Store.carry_forward, issue 16) on both engines: the
copies checked field by field, every refusal writing nothing, the history, the link kept when the original is
deleted, and the progress logs of a chain of originals (Store.carried_chain, Store.carried_progress)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ita.core.access import AccessDenied
from ita.storage import transfer
from ita.storage.store import InvalidEntry, Store, StoreError
from tests.unit.conftest import actor
from tests.unit.storage import sql

SUKJAI = "อบต.สุขใจ (ข้อมูลสมมุติ)"  # 2569: 1 ดำเนินการบางส่วน, 2 เริ่มแล้ว, 3 ยังไม่เริ่ม, 4 แล้วเสร็จ
PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
PLANNER = actor("ผู้วางแผนสุขใจ", "planner", agencies={SUKJAI})


def _ids(store: Store, year: int = 2569, agency: str = SUKJAI) -> dict[str, int]:
    """Returns {number: id} of the agency's plan of `year`."""
    m = store.measures(agency, year)
    return {str(n): int(i) for n, i in zip(m["number"], m["id"], strict=True)}


def _unchanged(store: Store):
    """Returns a check that nothing at all was written since it was made (every table, the data version)."""
    before, version = sql.dump(store), store.data_version()

    def check() -> None:
        assert store.data_version() == version
        assert sql.dump(store) == before
    return check


def test_three_unfinished_measures_are_carried_in_one_call_after_the_plans_last_number(store):
    ids = _ids(store)
    # The plan of 2570 already has a measure numbered 5: the copies follow it, at the plan's end.
    store.add_measure({"agency": SUKJAI, "year": 2570, "number": "5", "title": "มาตรการใหม่ของปี 2570"}, PLANNER)
    # The original's report texts are its year's: they must stay behind.
    original = store.measure(ids["1"])
    store.save_measure_report(ids["1"], "งบไม่พอ", "เพิ่มงบ", original["version"], PLANNER)
    originals = {n: store.measure(ids[n]) for n in ("1", "2", "3")}

    new = store.carry_forward([ids["3"], ids["1"], ids["2"]], 2570, PLANNER)  # any order: the plan's is kept

    plan = store.measures(SUKJAI, 2570)
    assert list(plan["number"]) == ["5", "6", "7", "8"]
    assert list(plan["id"])[1:] == new
    assert list(plan["position"]) == [1, 2, 3, 4]
    copies = [store.measure(i) for i in new]
    assert [c["carried_from"] for c in copies] == [ids["1"], ids["2"], ids["3"]]
    assert [c["status"] for c in copies] == ["ดำเนินการบางส่วน", "เริ่มแล้ว", "ยังไม่เริ่ม"]
    # Periods by hand: the whole of 2569 becomes the whole of 2570; ม.ค.–มิ.ย. 69 becomes ม.ค.–มิ.ย. 70.
    assert [c["period"] for c in copies] == ["ต.ค.๖๙ ถึง ก.ย.๗๐", "ต.ค.๖๙ ถึง ก.ย.๗๐", "ม.ค.๗๐ ถึง มิ.ย.๗๐"]
    assert [c["source"] for c in copies] == [f"ยกมาจากมาตรการที่ {n} ปีงบประมาณ 2569" for n in ("1", "2", "3")]
    for copy, n in zip(copies, ("1", "2", "3"), strict=True):
        old = originals[n]
        assert (copy["agency"], copy["year"], copy["version"], copy["deleted"]) == (SUKJAI, 2570, 1, 0)
        for field in ("title", "indicators", "weakness", "method", "owner_text", "units", "followup", "budget",
                      "target"):
            assert copy[field] == old[field], field
        for field in ("summary", "results", "problems", "suggestions"):
            assert not copy[field], field
        assert "ปีงบประมาณ 2569" in copy["note"] and old["status"] in copy["note"]
    # The originals are untouched, and keep their own log.
    for n, old in originals.items():
        assert store.measure(ids[n]) == old
    assert store.progress(new[0]).empty
    assert list(store.progress(ids["1"])["text"]) == ["ตั้งกลุ่มไลน์ประชาสัมพันธ์ (สมมุติ)"]


def test_measures_and_measure_return_the_link(store):
    ids = _ids(store)
    new = store.carry_forward([ids["2"]], 2570, PLANNER)
    assert int(store.measures(SUKJAI, 2570)["carried_from"].iloc[0]) == ids["2"]
    assert store.measures(SUKJAI, 2569)["carried_from"].isna().all()
    assert store.measure(new[0])["carried_from"] == ids["2"]
    origins = store.carry_origins(SUKJAI, 2570)
    assert origins[["id", "from_id", "from_year", "from_number", "from_deleted"]].values.tolist() == [
        [new[0], ids["2"], 2569, "2", 0]]


def test_the_history_records_each_copy_as_written_by_the_account(store):
    ids = _ids(store)
    new = store.carry_forward([ids["1"], ids["2"]], 2570, PLANNER)
    for copy_id, original in zip(new, (ids["1"], ids["2"]), strict=True):
        entries = store.history("measures", copy_id)
        assert list(entries["action"]) == ["insert"]
        assert entries["author"].iloc[0] == PLANNER.label
        assert f'"carried_from": {original}' in entries["after"].iloc[0]


def test_a_done_measure_is_refused_naming_it_and_nothing_is_written(store):
    ids = _ids(store)
    unchanged = _unchanged(store)
    with pytest.raises(InvalidEntry) as refused:
        store.carry_forward([ids["1"], ids["4"]], 2570, PLANNER)
    assert "มาตรการที่ 4 ปีงบประมาณ 2569" in refused.value.message_th
    assert "แล้วเสร็จ" in refused.value.message_th
    assert [f for f, _ in refused.value.problems] == ["มาตรการที่ 4 ปีงบประมาณ 2569"]
    unchanged()


def test_a_second_carry_into_the_same_year_is_refused_and_writes_nothing(store):
    ids = _ids(store)
    store.carry_forward([ids["2"]], 2570, PLANNER)
    unchanged = _unchanged(store)
    with pytest.raises(InvalidEntry) as refused:
        store.carry_forward([ids["1"], ids["2"]], 2570, PLANNER)  # 1 alone would be fine: all or nothing
    assert "มาตรการที่ 2 ปีงบประมาณ 2569" in refused.value.message_th
    assert "ยกไปแผนปี 2570 แล้ว (เป็นมาตรการที่ 1)" in refused.value.message_th
    unchanged()
    assert list(store.measures(SUKJAI, 2570)["number"]) == ["1"]


@pytest.mark.parametrize("to_year", [2569, 2568])
def test_a_measure_is_carried_only_into_a_later_year(store, to_year):
    ids = _ids(store)
    unchanged = _unchanged(store)
    with pytest.raises(InvalidEntry, match="ยกไปได้เฉพาะแผนของปีหลังจากปี 2569"):
        store.carry_forward([ids["1"]], to_year, PLANNER)
    unchanged()


def test_a_deleted_measure_an_unknown_id_a_bad_year_and_no_measure_are_refused(store):
    ids = _ids(store)
    store.delete_measure(ids["3"], store.measure(ids["3"])["version"], PLANNER)
    unchanged = _unchanged(store)
    with pytest.raises(InvalidEntry, match="มาตรการที่ 3 ปีงบประมาณ 2569: ถูกลบแล้ว"):
        store.carry_forward([ids["3"]], 2570, PLANNER)
    with pytest.raises(StoreError, match="ไม่พบมาตรการรหัส 99999"):
        store.carry_forward([ids["1"], 99999], 2570, PLANNER)
    with pytest.raises(InvalidEntry, match="ปีงบประมาณที่จะยกไป"):
        store.carry_forward([ids["1"]], 9999, PLANNER)
    with pytest.raises(InvalidEntry, match="ยังไม่ได้เลือกมาตรการ"):
        store.carry_forward([], 2570, PLANNER)
    unchanged()


def test_another_agencys_measure_is_refused_and_measures_of_two_agencies_are_not_carried_together(store):
    patueng = _ids(store, agency=PATUENG)
    unchanged = _unchanged(store)
    with pytest.raises(AccessDenied):
        store.carry_forward([patueng["1"]], 2570, PLANNER)
    with pytest.raises(AccessDenied):
        store.carry_forward([_ids(store)["1"], patueng["1"]], 2570, PLANNER)
    with pytest.raises(InvalidEntry, match="ยกได้ครั้งละหน่วยงาน"):
        store.carry_forward([_ids(store)["1"], patueng["1"]], 2570, actor("ผู้ดูแล"))
    unchanged()


@pytest.mark.parametrize("who", [
    actor("ผู้บริหาร", "viewer", agencies={SUKJAI}),
    actor("หัวหน้าสำนักปลัด", "unit", units={(SUKJAI, "สำนักปลัด")}),
    None,
], ids=["viewer", "unit", "signed out"])
def test_a_viewer_a_unit_head_and_nobody_signed_in_may_not_carry(store, who):
    ids = _ids(store)
    unchanged = _unchanged(store)
    with pytest.raises(AccessDenied):
        store.carry_forward([ids["1"], ids["2"]], 2570, who)
    unchanged()


def test_copies_that_break_a_measure_rule_are_refused_naming_the_measure(store, monkeypatch):
    ids = _ids(store)
    # สำนักปลัด is no longer one of the agency's units: measure 1's copy could not be saved as it is.
    monkeypatch.setattr(store, "units", lambda agency: ["กองคลัง"])
    unchanged = _unchanged(store)
    with pytest.raises(InvalidEntry) as refused:
        store.carry_forward([ids["1"], ids["3"]], 2570, PLANNER)
    assert [f for f, _ in refused.value.problems] == ["มาตรการที่ 1 ปีงบประมาณ 2569 · ส่วนงานที่รับผิดชอบ"]
    unchanged()


def test_the_link_cannot_be_changed_by_an_edit(store):
    ids = _ids(store)
    new = store.carry_forward([ids["1"]], 2570, PLANNER)[0]
    copy = store.measure(new)
    with pytest.raises(StoreError, match="แก้ไขช่องนี้ไม่ได้"):
        store.update_measure(new, {"carried_from": ids["2"]}, copy["version"], PLANNER)
    with pytest.raises(StoreError, match="แก้ไขช่องนี้ไม่ได้"):
        store.update_measure(new, {"carried_from": None}, copy["version"], PLANNER)
    # An edit of its fields (the number included) keeps it.
    store.update_measure(new, {"number": "9", "title": "ชื่อใหม่"}, copy["version"], PLANNER)
    assert store.measure(new)["carried_from"] == ids["1"]


def test_deleting_the_original_keeps_the_copy_and_its_link(store):
    ids = _ids(store)
    new = store.carry_forward([ids["2"]], 2570, PLANNER)[0]
    store.delete_measure(ids["2"], store.measure(ids["2"])["version"], PLANNER)
    copy = store.measure(new)
    assert copy["deleted"] == 0 and copy["carried_from"] == ids["2"]
    assert list(store.measures(SUKJAI, 2570)["id"]) == [new]
    origins = store.carry_origins(SUKJAI, 2570)
    assert origins["from_deleted"].tolist() == [1]
    chain = store.carried_chain(new)
    assert chain[["id", "year", "number", "deleted"]].values.tolist() == [[ids["2"], 2569, "2", 1]]
    assert list(store.carried_progress(new)["text"]) == ["แต่งตั้งคณะทำงาน (สมมุติ)"]


def test_a_deleted_copy_can_be_carried_again_and_then_is_not_brought_back_beside_the_new_one(store):
    ids = _ids(store)
    first = store.carry_forward([ids["2"]], 2570, PLANNER)[0]
    store.delete_measure(first, 1, PLANNER)
    second = store.carry_forward([ids["2"]], 2570, PLANNER)[0]
    unchanged = _unchanged(store)
    with pytest.raises(InvalidEntry, match="จึงกู้คืนไม่ได้"):
        store.undelete_measure(first, PLANNER)
    insert = int(store.history("measures", first)["id"].iloc[-1])
    with pytest.raises(InvalidEntry, match="จึงกู้คืนไม่ได้"):
        store.restore_version(insert, PLANNER)
    unchanged()
    store.delete_measure(second, 1, PLANNER)
    store.undelete_measure(first, PLANNER)
    assert list(store.measures(SUKJAI, 2570)["id"]) == [first]


def test_a_measure_carried_twice_reads_both_earlier_logs_with_their_year_and_number(store):
    ids = _ids(store)
    in_2570 = store.carry_forward([ids["2"]], 2570, PLANNER)[0]
    earlier, later = (str(date.today() - timedelta(days=d)) for d in (20, 2))  # no date after today is taken
    store.add_progress(in_2570, earlier, "ประชุมคณะทำงานครั้งที่ 2", "", PLANNER)
    store.add_progress(in_2570, later, "ส่งร่างคู่มือ", "https://example.go.th/ร่าง", PLANNER)
    store.update_measure(in_2570, {"number": "7"}, 1, PLANNER)  # renumbered: the log says its number now
    in_2571 = store.carry_forward([in_2570], 2571, PLANNER)[0]
    assert store.measure(in_2571)["source"] == "ยกมาจากมาตรการที่ 7 ปีงบประมาณ 2570"
    assert store.progress(in_2571).empty  # its own log
    chain = store.carried_chain(in_2571)
    assert chain[["id", "year", "number"]].values.tolist() == [[in_2570, 2570, "7"], [ids["2"], 2569, "2"]]
    log = store.carried_progress(in_2571)
    assert log[["measure_id", "year", "number", "date", "text"]].values.tolist() == [
        [in_2570, 2570, "7", later, "ส่งร่างคู่มือ"],
        [in_2570, 2570, "7", earlier, "ประชุมคณะทำงานครั้งที่ 2"],
        [ids["2"], 2569, "2", "2025-10-20", "แต่งตั้งคณะทำงาน (สมมุติ)"],
    ]
    assert log["evidence"].iloc[0] == "https://example.go.th/ร่าง"
    assert store.carried_chain(ids["2"]).empty and store.carried_progress(ids["2"]).empty
    with pytest.raises(StoreError):
        store.carried_progress(99999)


def test_a_store_with_carried_measures_is_copied_and_checked_with_its_links(store, new_db):
    """The link points to an earlier row (an original is always older than its copy), so a copy between stores in
    id order keeps it (PostgreSQL checks the foreign key row by row)."""
    ids = _ids(store)
    new = store.carry_forward([ids["1"], ids["2"]], 2570, PLANNER)
    target = Store(new_db("copy"))
    try:
        transfer.copy(store, target)
        assert [target.measure(i)["carried_from"] for i in new] == [ids["1"], ids["2"]]
        assert transfer.check(target).problems == []
    finally:
        target.close()
