"""Saved what-if scenarios in the store: save, replace by name, list, delete with history."""

import pytest

from ita.services.whatif import targets_from_json, targets_json
from ita.storage.store import ConflictError, InvalidEntry, Store, StoreError
from tests.unit.conftest import actor

A = "อบต.ทดสอบ"


@pytest.fixture
def store(new_db):
    s = Store(new_db("ita"))
    yield s
    s.close()


def test_save_list_replace_and_delete(store):
    first = store.save_scenario(A, 2568, "  เป้าหมาย  เข้ม ", targets_json({"10": 95}), actor("สมชาย"))
    store.save_scenario(A, 2568, "อีกแบบ", targets_json({"7": 90}), actor("สมหญิง"))
    store.save_scenario(A, 2567, "ปีอื่น", targets_json({"1": 90}), actor("สมชาย"))
    saved = store.scenarios(A, 2568)
    assert set(saved["name"]) == {"เป้าหมาย เข้ม", "อีกแบบ"}
    # Saving under the same name replaces the targets; the earlier ones stay in the history.
    again = store.save_scenario(A, 2568, "เป้าหมาย เข้ม", targets_json({"10": 97, "9": 100}), actor("สมหญิง"))
    assert again == first
    row = store.scenarios(A, 2568).set_index("id").loc[first]
    assert targets_from_json(row["targets"]) == {"9": 100.0, "10": 97.0}
    assert row["version"] == 2 and row["author"] == "สมหญิง"
    history = store.history("scenarios", first)
    assert list(history["action"]) == ["update", "insert"]
    # A scenario's history is for reading: restoring it is refused in Thai, and nothing changes.
    with pytest.raises(StoreError, match="กู้คืนจากประวัติไม่ได้"):
        store.restore_version(int(history.iloc[-1]["id"]), actor("สมชาย"))
    assert store.scenarios(A, 2568).set_index("id").loc[first]["version"] == 2
    with pytest.raises(ConflictError):
        store.delete_scenario(first, 1, actor("สมชาย"))
    store.delete_scenario(first, 2, actor("สมชาย"))
    assert list(store.scenarios(A, 2568)["name"]) == ["อีกแบบ"]
    # The name is free again once deleted.
    store.save_scenario(A, 2568, "เป้าหมาย เข้ม", targets_json({"10": 95}), actor("สมชาย"))
    assert len(store.scenarios(A, 2568)) == 2


@pytest.mark.parametrize(("name", "targets"), [("", '{"10": 95}'), ("ชื่อ", "{}"), ("ชื่อ", "ไม่ใช่ JSON")])
def test_refuses_a_blank_name_or_no_targets(store, name, targets):
    with pytest.raises(InvalidEntry):
        store.save_scenario(A, 2568, name, targets, actor("สมชาย"))
    assert store.scenarios(A, 2568).empty


def test_reopening_an_old_store_adds_the_table(new_db):
    s = Store(new_db("ita"))
    version = s.schema_version()
    s.close()
    s = Store(new_db("ita"))
    assert s.schema_version() == version >= 3
    assert s.scenarios(A, 2568).empty
    s.close()
