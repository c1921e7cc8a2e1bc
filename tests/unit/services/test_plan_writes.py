"""ita.services.plan_writes on the seeded store: the what-if targets set on several measures (a
refused one does not stop the others), and a progress entry with the measure's new status (the
entry kept when only the status is refused)."""

from __future__ import annotations

from datetime import date

import pytest

from ita.services.plan_writes import Adopted, adopt_targets, record_progress
from ita.services.whatif import adoptable_targets
from ita.storage.store import InvalidEntry, Store
from tests.unit.conftest import actor

SUKJAI = "อบต.สุขใจ (ข้อมูลสมมุติ)"  # plan 2569: 1 → 92 (indicator 1), 2 → 93 (10), 3 → 94 (4)
PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"


def _targets(store: Store) -> dict[str, float]:
    return dict(zip(store.measures(SUKJAI, 2569)["number"], store.measures(SUKJAI, 2569)["target"], strict=True))


def test_the_targets_are_set_on_every_measure_marked_update(store: Store) -> None:
    adopt = adoptable_targets(store.measures(SUKJAI, 2569), {"10": 96.0, "4": 95.0})
    assert list(adopt["action"]) == ["update", "update"]
    adopted = adopt_targets(store, adopt, actor("ผู้ทดสอบ"))
    assert (adopted.done, adopted.failed) == (2, [])
    targets = _targets(store)
    assert (targets["1"], targets["2"], targets["3"]) == (92.0, 96.0, 95.0)
    mid = int(adopt["id"].iloc[0])
    assert store.history("measures", mid).iloc[0]["author"] == "ผู้ทดสอบ"


def test_a_measure_saved_since_is_named_and_the_others_are_still_set(store: Store) -> None:
    adopt = adoptable_targets(store.measures(SUKJAI, 2569), {"10": 96.0, "4": 95.0})
    first = adopt.iloc[0]
    store.update_measure(int(first["id"]), {"title": "อีกคนแก้"}, int(first["version"]), actor("สมหญิง"))
    adopted = adopt_targets(store, adopt, actor("ผู้ทดสอบ"))
    assert adopted.done == 1
    assert len(adopted.failed) == 1 and adopted.failed[0].startswith(f"{first['number']}: บันทึกไม่ได้: สมหญิง")
    targets = _targets(store)
    assert (targets["2"], targets["3"]) == (93.0, 95.0)


def test_a_measure_already_at_its_target_is_not_written(store: Store) -> None:
    adopt = adoptable_targets(store.measures(SUKJAI, 2569), {"10": 93.0})
    assert list(adopt["action"]) == ["same"]
    version = store.data_version()
    assert adopt_targets(store, adopt, actor("ผู้ทดสอบ")) == Adopted(0, [])
    assert store.data_version() == version


def _first_measure(store: Store) -> dict:
    return store.measure(int(store.measures(PATUENG, 2569)["id"].iloc[0]))


def test_progress_without_a_new_status_leaves_the_measure_alone(store: Store) -> None:
    measure = _first_measure(store)
    kind, message = record_progress(store, measure["id"], "1. มาตรการ", date(2025, 11, 3), "ประชุมแล้ว", "",
                                    status=measure["status"], new_status=measure["status"],
                                    read_version=measure["version"], actor=actor("ผู้ทดสอบ"))
    assert (kind, message) == ("ok", "บันทึกความก้าวหน้าของ '1. มาตรการ' แล้ว")
    assert list(store.progress(measure["id"])["date"]) == ["2025-11-03"]
    assert store.measure(measure["id"])["version"] == measure["version"]


def test_progress_with_a_new_status_changes_it(store: Store) -> None:
    measure = _first_measure(store)
    kind, message = record_progress(store, measure["id"], "1. มาตรการ", date(2025, 11, 3), "ประชุมแล้ว", "",
                                    status=measure["status"], new_status="เริ่มแล้ว",
                                    read_version=measure["version"], actor=actor("ผู้ทดสอบ"))
    assert kind == "ok" and "เปลี่ยนสถานะของ '1. มาตรการ' เป็น 'เริ่มแล้ว'" in message
    assert store.measure(measure["id"])["status"] == "เริ่มแล้ว"


def test_a_status_saved_since_the_form_opened_keeps_the_entry_and_warns(store: Store) -> None:
    measure = _first_measure(store)
    store.update_measure(measure["id"], {"status": "ดำเนินการบางส่วน"}, measure["version"], actor("สมหญิง"))
    kind, message = record_progress(store, measure["id"], "1. มาตรการ", date(2025, 11, 3), "ประชุมแล้ว", "",
                                    status=measure["status"], new_status="เริ่มแล้ว",
                                    read_version=measure["version"], actor=actor("ผู้ทดสอบ"))
    assert kind == "warn" and message.startswith("บันทึกความก้าวหน้าแล้ว แต่ยังไม่เปลี่ยนสถานะ: บันทึกไม่ได้: สมหญิง")
    assert store.measure(measure["id"])["status"] == "ดำเนินการบางส่วน"
    assert list(store.progress(measure["id"])["text"]) == ["ประชุมแล้ว"]


@pytest.mark.parametrize(("day", "evidence"), [(date(2025, 11, 3), "ftp://x"), (None, "")])
def test_a_refused_entry_saves_nothing_and_changes_no_status(store: Store, day: date | None, evidence: str) -> None:
    measure = _first_measure(store)
    with pytest.raises(InvalidEntry):
        record_progress(store, measure["id"], "1. มาตรการ", day, "ประชุมแล้ว", evidence,
                        status=measure["status"], new_status="เริ่มแล้ว", read_version=measure["version"],
                        actor=actor("ผู้ทดสอบ"))
    assert store.progress(measure["id"]).empty
    assert store.measure(measure["id"])["status"] == measure["status"]
