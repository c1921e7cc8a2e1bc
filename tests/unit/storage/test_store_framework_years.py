"""Years an admin adds to the framework from the app (issue 16), on both engines: added with the core check,
refused in Thai with the field of each problem, an admin's alone, soft-deleted with the history, and read back
as what Framework.with_years takes."""

from __future__ import annotations

import json

import pytest

from ita.core.access import AccessDenied
from ita.core.framework import load_framework
from ita.storage.store import ConflictError, InvalidEntry, Store, StoreError
from tests.unit.conftest import actor
from tests.unit.storage import sql

ADMIN = actor("ผู้ดูแล ก")
BODY = {"year": 2571, "weights": {"IIT": 0.25, "EIT": 0.25, "OIT": 0.5}, "weights_confidence": "U",
        "weights_source": "ยกมาจากปี 2570 จนกว่า ป.ป.ช. จะประกาศคู่มือ", "level_scheme": "pass",
        "level_confidence": "U", "provisional": True, "carried_from": 2570}


@pytest.fixture
def store(new_db):
    s = Store(new_db("ita"))
    yield s
    s.close()


def test_an_admin_adds_a_year_the_history_records_it_and_the_framework_takes_it(store):
    before = store.data_version()
    year_id = store.add_framework_year(2571, BODY, ADMIN)
    assert store.data_version() > before  # the pages' caches (ita.ui.data.framework) see it at once
    assert store.framework_years() == {2571: BODY}
    rows = store.framework_year_rows()
    assert list(rows["year"]) == [2571] and rows["author"].iloc[0] == "ผู้ดูแล ก" and rows["version"].iloc[0] == 1
    history = store.history("framework_years", year_id)
    assert list(history["action"]) == ["insert"] and history["author"].iloc[0] == "ผู้ดูแล ก"
    assert json.loads(json.loads(history["after"].iloc[0])["body"]) == BODY
    fw = load_framework().with_years(store.framework_years())
    assert fw.for_year(2571).weights == BODY["weights"] and fw.for_year(2571).added


def test_a_body_without_its_year_takes_the_year_given(store):
    store.add_framework_year(2572, {k: v for k, v in BODY.items() if k != "year"}, ADMIN)
    assert store.framework_years()[2572]["year"] == 2572


@pytest.mark.parametrize(("year", "changes", "field", "words"), [
    (2570, {"year": 2570, "carried_from": 2569}, "ปีงบประมาณ", "มีอยู่ในไฟล์กรอบการประเมินแล้ว"),
    (2571, {"year": 2572}, "ปีงบประมาณ", "ไม่ตรงกับปีที่เพิ่ม"),
    (2571, {"weights": {"IIT": 0.3, "EIT": 0.3, "OIT": 0.3}}, "น้ำหนัก", "100%"),
    (2571, {"level_scheme": "stars"}, "เกณฑ์ระดับ", "ต้องเลือกเกณฑ์ระดับ"),
    (2571, {"weights_source": ""}, "แหล่งที่มา/หมายเหตุ", "ต้องระบุแหล่งที่มา"),
])
def test_a_bad_year_is_refused_with_its_problems_and_nothing_written(store, year, changes, field, words):
    before, version = sql.dump(store), store.data_version()
    with pytest.raises(InvalidEntry) as refused:
        store.add_framework_year(year, {**BODY, **changes}, ADMIN)
    assert [f for f, _ in refused.value.problems] == [field]
    assert words in refused.value.problems[0][1]
    assert sql.dump(store) == before and store.data_version() == version


def test_a_year_added_twice_is_refused(store):
    store.add_framework_year(2571, BODY, ADMIN)
    with pytest.raises(InvalidEntry) as refused:
        store.add_framework_year(2571, BODY, actor("ผู้ดูแล ข"))
    assert refused.value.problems == [("ปีงบประมาณ", "มีผู้เพิ่มกรอบการประเมินของปี 2571 ไว้แล้ว "
                                                     "(ลบรายการเดิมก่อนจึงเพิ่มใหม่ได้)")]
    assert len(store.framework_year_rows()) == 1


@pytest.mark.parametrize("who", [actor("plan", "planner", agencies={"อบต.ทดสอบ"}),
                                 actor("exec", "viewer", agencies={"อบต.ทดสอบ"}),
                                 actor("head", "unit", units={("อบต.ทดสอบ", "กองคลัง")}),
                                 actor("old", "admin", active=False), None],
                         ids=["planner", "viewer", "unit", "disabled admin", "signed out"])
def test_only_an_admin_adds_or_deletes_a_year(store, who):
    year_id = store.add_framework_year(2571, BODY, ADMIN)
    before, version = sql.dump(store), store.data_version()
    with pytest.raises(AccessDenied) as refused:
        store.add_framework_year(2572, {**BODY, "year": 2572}, who)
    assert "แก้ไขกรอบการประเมินรายปี" in refused.value.message_th
    with pytest.raises(AccessDenied):
        store.add_framework_year(2572, {"year": "bad"}, who)  # refused for who they are before the body is read
    with pytest.raises(AccessDenied):
        store.delete_framework_year(year_id, 1, who)
    assert sql.dump(store) == before and store.data_version() == version


def test_an_admin_deletes_an_added_year_softly_and_may_add_it_again(store):
    year_id = store.add_framework_year(2571, BODY, ADMIN)
    with pytest.raises(ConflictError):
        store.delete_framework_year(year_id, 2, ADMIN)  # not the version the page showed
    store.delete_framework_year(year_id, 1, ADMIN)
    assert store.framework_years() == {} and store.framework_year_rows().empty
    assert sql.scalar(store, "SELECT deleted FROM framework_years WHERE id = :id", id=year_id) == 1
    assert list(store.history("framework_years", year_id)["action"]) == ["delete", "insert"]
    with pytest.raises(StoreError, match="ถูกลบไปแล้ว"):
        store.delete_framework_year(year_id, 2, ADMIN)
    again = store.add_framework_year(2571, {**BODY, "weights": {"IIT": 0.3, "EIT": 0.3, "OIT": 0.4}}, ADMIN)
    assert again != year_id and store.framework_years()[2571]["weights"]["OIT"] == 0.4
    # Restoring an added year from the history is not offered: adding it again is the way back.
    with pytest.raises(StoreError, match="กู้คืนจากประวัติไม่ได้"):
        store.restore_version(int(store.history("framework_years", year_id)["id"].iloc[-1]), ADMIN)
