"""Store.agency_history (one page of an agency's score history, read with LIMIT, with a count) gives what the
data page showed from the whole history, and Store.import_dataset reports its progress."""

from __future__ import annotations

from ita.core.framework import load_framework
from ita.services import data_entry
from tests.unit.conftest import actor
from tests.unit.storage.test_store_busy import national

FICTIONAL = "อบต.สุขใจ (ข้อมูลสมมุติ)"


def _whole(store, agency):
    """The page's old way: every history entry read, then filtered in Python."""
    return data_entry.agency_history([store.history("indicator_scores"), store.history("results")], agency,
                                     load_framework(), limit=10_000)


def test_a_page_is_the_newest_entries_of_the_whole_history(store):
    for i in range(3):
        store.save_year(FICTIONAL, 2568, {"1": 60.0 + i}, {}, actor("สมชาย"), "หนังสือ")
    whole = _whole(store, FICTIONAL)
    frame, total = store.agency_history(FICTIONAL, limit=30)
    assert total == len(whole) > 30
    fw = load_framework()
    page = data_entry.agency_history([frame], FICTIONAL, fw)
    assert page.equals(whole.head(30))
    assert page.iloc[0]["author"] == "สมชาย" and "61" in page.iloc[1]["value"]  # newest first
    second, _ = store.agency_history(FICTIONAL, limit=30, offset=30)
    assert data_entry.agency_history([second], FICTIONAL, fw).equals(whole.iloc[30:60].reset_index(drop=True))


def test_another_agency_s_entries_are_not_counted(store):
    store.save_year(FICTIONAL, 2568, {"1": 61.0}, {}, actor("สมชาย"), "หนังสือ")
    frame, total = store.agency_history("จังหวัดตราด")
    assert total == len(_whole(store, "จังหวัดตราด"))
    assert not frame.empty and "สมชาย" not in set(frame["author"])


def test_a_restored_version_from_a_page_restores(store):
    store.save_year(FICTIONAL, 2568, {"1": 61.0}, {}, actor("สมชาย"), "หนังสือ")
    frame, _ = store.agency_history(FICTIONAL, tables=("indicator_scores",), limit=5)
    older = frame[frame["action"] != "update"].iloc[0]
    store.restore_version(int(older["id"]), actor("สมหญิง"))
    newest, _ = store.agency_history(FICTIONAL, limit=1)
    assert newest.iloc[0]["action"] == "restore" and newest.iloc[0]["author"] == "สมหญิง"


def test_the_import_reports_its_progress_up_to_done(store):
    seen = []
    store.import_dataset(national(120), actor("สมชาย"), progress=lambda f, t: seen.append((f, t)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert len(seen) >= 3  # 2,640 rows: one report while matching, the write, done
    assert any("จาก" in t for _, t in seen) and seen[-1][1] == "นำเข้าเสร็จแล้ว"
    assert len(store.dataset().for_agency("หน่วยงานทดสอบที่ 120")["indicator_scores"]) == 20


def test_an_import_without_a_callback_still_imports(store):
    done = store.import_dataset(national(2), actor("สมชาย"))
    assert set(done["action"]) == {"เพิ่ม"}
