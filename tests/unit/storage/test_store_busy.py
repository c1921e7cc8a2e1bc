"""A busy store (issue 11, case 7), on both engines: while another process holds the store's write lock
(SQLite's BEGIN IMMEDIATE, PostgreSQL's advisory lock), a save or an import waits the busy timeout
(ITA_DB_BUSY_SECONDS) and is then refused with a StoreError in Thai, writing nothing; and an import holds the
write lock only to write, not to match and compare its rows.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from ita.core.model import Dataset
from ita.storage.store import DEFAULT_BUSY_SECONDS, Store, StoreBusyError, StoreError, busy_seconds
from tests.unit.conftest import actor
from tests.unit.storage import sql

PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
BUSY_TH = "ข้อมูลกำลังถูกปรับปรุงโดยผู้ใช้อื่น"

# Run as `python -c HOLDER db`: takes the write lock as a long import would, says so, and keeps it
# until its standard input is closed.
HOLDER = r"""
import sys
target = sys.argv[1]
if "://" in target:  # PostgreSQL: the advisory lock every write transaction of the store takes
    import psycopg
    from ita.storage.db import WRITE_LOCK
    conn = psycopg.connect(target.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    conn.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK,))
else:
    import sqlite3
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.read()
conn.close()
"""


@contextmanager
def write_lock_held(target: str) -> Iterator[None]:
    """Another process holds the store's write lock during the block."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(target)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[3])
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(30)


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """A short busy timeout, so a refused write is refused at once."""
    monkeypatch.setenv("ITA_DB_BUSY_SECONDS", "0.2")


@pytest.fixture
def seeded(quick: None, new_db: Callable[..., str], bundled: Dataset) -> Iterator[Store]:
    s = Store(new_db(seeded=True))
    s.seed(bundled)
    yield s
    s.close()


def _target(store: Store) -> str:
    """The store's database as Store() takes it (a URL with its password, or the file)."""
    return store.target.url.render_as_string(hide_password=False) if store.path is None else str(store.path)


def national(agencies: int, shift: float = 0.0) -> Dataset:
    """A wide national file's tables as the reader gives them: agencies, totals, ten indicators."""
    records: dict[str, list[dict]] = {"agencies": [], "results": [], "indicator_scores": []}
    for i in range(agencies):
        agency = f"หน่วยงานทดสอบที่ {i + 1}"
        records["agencies"].append({"agency": agency})
        for year in (2567, 2568):
            source = f"นำเข้าจากชีต 'ผล' แถว {i * 2 + year - 2565}"
            records["results"].append({"agency": agency, "year": year, "total": 80 + i % 15 + shift,
                                       "level": "ผ่าน", "source": source})
            records["indicator_scores"] += [{"agency": agency, "year": year, "indicator": str(code),
                                             "score": 70 + code + shift, "source": source} for code in range(1, 11)]
    return Dataset.from_records(records)


def snapshot(store: Store) -> tuple[int, int, str]:
    """What a refused write must leave unchanged: the data version, the history and every row."""
    return store.data_version(), sql.scalar(store, "SELECT COUNT(*) FROM history"), repr(sql.dump(store))


def test_a_save_while_another_process_writes_is_refused_in_thai_and_writes_nothing(seeded):
    measure = seeded.measures(PATUENG, 2569).iloc[0]
    before = snapshot(seeded)
    with write_lock_held(_target(seeded)):
        with pytest.raises(StoreError) as refused:
            seeded.update_measure(int(measure["id"]), {"note": "บันทึกระหว่างนำเข้า"}, int(measure["version"]),
                                  actor("สมชาย"))
        assert isinstance(refused.value, StoreBusyError)
        assert BUSY_TH in refused.value.message_th and "ลองอีกครั้ง" in refused.value.message_th
        assert "0.2 วินาที" in refused.value.message_th
        assert "busy" in refused.value.message_en
        assert snapshot(seeded) == before
    # Once the other write is done, the same save goes through.
    saved = seeded.update_measure(int(measure["id"]), {"note": "บันทึกระหว่างนำเข้า"}, int(measure["version"]),
                                  actor("สมชาย"))
    assert saved["note"] == "บันทึกระหว่างนำเข้า" and saved["version"] == measure["version"] + 1


def test_an_import_while_another_process_writes_is_refused_and_imports_nothing(seeded):
    before = snapshot(seeded)
    with write_lock_held(_target(seeded)):
        with pytest.raises(StoreBusyError, match=BUSY_TH):
            seeded.import_dataset(national(3), actor("สมชาย"))
        # Reading is never blocked by a writer: the preview still works meanwhile.
        assert set(seeded.preview_import(national(3))["action"]) == {"เพิ่ม"}
    assert snapshot(seeded) == before


def test_opening_a_store_that_another_process_is_creating_is_a_store_error(quick, new_db):
    db = new_db("new")
    with write_lock_held(db):
        with pytest.raises(StoreBusyError, match=BUSY_TH):
            Store(db)
    store = Store(db)  # and once it is free, the store opens and migrates
    assert store.schema_version() >= 3
    store.close()


def test_busy_seconds_come_from_the_environment(monkeypatch):
    monkeypatch.delenv("ITA_DB_BUSY_SECONDS", raising=False)
    assert busy_seconds() == DEFAULT_BUSY_SECONDS == 10
    monkeypatch.setenv("ITA_DB_BUSY_SECONDS", "2.5")
    assert busy_seconds() == 2.5
    for wrong in ("สิบ", "-1", "nan", "inf"):  # not a sensible wait: the default, not a crash
        monkeypatch.setenv("ITA_DB_BUSY_SECONDS", wrong)
        assert busy_seconds() == DEFAULT_BUSY_SECONDS


def test_an_unwritable_store_is_a_store_error_naming_the_file(seeded):
    seeded.close()
    readonly = Store(_target(seeded))
    # The database refuses every write, as a read-only file or server would, on every connection of the pool.
    readonly.engine.dispose()
    def refuse(dbapi: Any, record: Any) -> None:
        if readonly.dialect == "sqlite":
            dbapi.execute("PRAGMA query_only = ON")
        else:  # outside a transaction, so that the setting outlives the pool's rollback
            dbapi.autocommit = True
            dbapi.execute("SET default_transaction_read_only = on")
            dbapi.autocommit = False

    event.listen(readonly.engine, "connect", refuse)
    measure = readonly.measures(PATUENG, 2569).iloc[0]
    with pytest.raises(StoreError, match="ใช้ฐานข้อมูลไม่ได้") as refused:
        readonly.update_measure(int(measure["id"]), {"note": "x"}, int(measure["version"]), actor("สมชาย"))
    assert seeded.name in refused.value.message_th
    readonly.close()


def _statements_under_the_write_lock(store: Store, write) -> list[str]:
    """Runs `write` and returns the SQL it ran while holding the write lock (until COMMIT)."""
    inside: list[str] = []
    state = {"in": False}

    def trace(sql: str) -> None:
        if sql.startswith(("BEGIN IMMEDIATE", "SELECT pg_advisory_xact_lock")):  # the write lock taken
            state["in"] = True
        elif state["in"]:
            inside.append(sql)
        if sql.startswith(("COMMIT", "ROLLBACK")):
            state["in"] = False

    with sql.statements(store) as sent:
        write()
    for statement in sent:
        trace(statement)
    return inside


def test_an_import_holds_the_write_lock_only_to_copy_prepared_rows(seeded):
    """Matching, comparing and the history are prepared before the write lock is taken: under it the
    import runs a few statements per table, however many rows it writes (before: several per row)."""
    under_lock = []
    for agencies, shift in ((40, 0.0), (80, 0.0), (80, 0.5)):  # 40 added, then 40 more, then all changed
        inside = _statements_under_the_write_lock(
            seeded, lambda a=agencies, d=shift: seeded.import_dataset(national(a, d), actor("สมชาย")))
        under_lock.append(len(inside))
        # One read under the lock: has anyone written since? (PostgreSQL also moves its id sequences: setval.)
        assert len([s for s in inside if s.lstrip().upper().startswith("SELECT") and "setval" not in s]) == 1
    assert max(under_lock) < 60 and under_lock[0] == under_lock[1], under_lock
    agency = seeded.dataset().for_agency("หน่วยงานทดสอบที่ 80")
    assert len(agency["indicator_scores"]) == 20 and set(agency["indicator_scores"]["score"] % 1) == {0.5}
    _history_is_the_rows_as_stored(seeded, "สมชาย")


def _history_is_the_rows_as_stored(store: Store, author: str) -> int:
    """Every history entry by `author` follows the previous entry of its row, and the last one is
    the row as stored now, as the same JSON text Store._update writes; returns how many."""
    entries = sql.rows(store, "SELECT tbl, row_id, action, before, after FROM history WHERE author = :author "
                              "ORDER BY id", author=author)
    last: dict[tuple[str, int], str] = {}
    for e in entries:
        key = (e["tbl"], e["row_id"])
        if e["action"] == "insert":
            assert e["before"] is None and key not in last
        else:
            assert e["action"] == "import" and e["before"] == last.get(key, e["before"])
            assert json.loads(e["after"])["version"] == json.loads(e["before"])["version"] + 1
        last[key] = e["after"]
    for (table, row_id), after in last.items():
        row = sql.rows(store, f"SELECT * FROM {table} WHERE id = :id", id=row_id)[0]
        assert after == json.dumps(row, ensure_ascii=False), (table, row_id)
    return len(entries)


def test_an_imports_history_is_each_row_exactly_as_stored(seeded, full_dataset):
    done = seeded.import_dataset(full_dataset, actor("ผู้นำเข้า"))
    added = _history_is_the_rows_as_stored(seeded, "ผู้นำเข้า")
    assert added == (done["action"] != "เหมือนเดิม").sum() >= 19
    changed = full_dataset.tables.copy()
    changed["measures"] = full_dataset["measures"].assign(target=[97.0, 60.0], method="วิธีใหม่")
    changed["results"] = full_dataset["results"].assign(IIT=[92.0, 93.0], note="แก้")
    seeded.import_dataset(Dataset(changed), actor("ผู้นำเข้า"))
    assert _history_is_the_rows_as_stored(seeded, "ผู้นำเข้า") == added + 4
    assert seeded.measures("อบต.ทดสอบ", 2569)["target"].tolist() == [97.0, 60.0]


def test_a_write_between_preparing_and_writing_an_import_is_kept(seeded, monkeypatch):
    """Someone saves while the import is being prepared: the import is prepared again under the
    lock, so it neither overwrites that save nor takes the row id it used."""
    other = Store(_target(seeded))
    plan = Store._plan_import
    calls = []

    def plan_then_someone_saves(self, conn, ds, author, writing=True, **kwargs):
        made = plan(self, conn, ds, author, writing, **kwargs)
        calls.append(conn.in_transaction)
        if len(calls) == 1:
            other.save_year("หน่วยงานทดสอบที่ 1", 2566, {"1": 55.0}, {"total": 60.0}, actor("คนอื่น"), "หนังสือ")
        return made

    monkeypatch.setattr(Store, "_plan_import", plan_then_someone_saves)
    done = seeded.import_dataset(national(2), actor("สมชาย"))
    assert len(calls) == 2  # prepared again, under the lock
    assert set(done["action"]) == {"เพิ่ม"} and len(done) == 2 + 4 + 40
    agency = seeded.dataset().for_agency("หน่วยงานทดสอบที่ 1")
    assert sorted(agency["results"]["year"]) == [2566, 2567, 2568]
    assert len(agency["indicator_scores"]) == 21
    _history_is_the_rows_as_stored(seeded, "สมชาย")
    other.close()
