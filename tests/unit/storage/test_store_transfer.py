"""Moving a store between engines and checking it (`python -m ita db copy | check | migrate`): the bundled store
copied from SQLite to PostgreSQL and back gives identical exports and identical tables; a copy into a store
that holds anything is refused, writing nothing; `check` finds a row changed behind the history's back, an
orphan progress entry, and a schema behind the newest revision."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from ita.core.model import Dataset
from ita.storage import migrate, transfer
from ita.storage.excel import read_workbook, write_workbook
from ita.storage.store import MIGRATIONS, Store, StoreError
from tests.unit.conftest import actor
from tests.unit.storage import sql

ROOT = Path(__file__).resolve().parents[3]
PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"


def run(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ita", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def _busy(store: Store) -> None:
    """Some of everything: a measure edited and deleted, progress, a scenario, an account with a grant."""
    from ita.storage.accounts import Accounts
    m = store.measures(PATUENG, 2569).iloc[0]
    store.update_measure(int(m["id"]), {"note": "หมายเหตุ 'ทดสอบ'\nสองบรรทัด"}, int(m["version"]), actor("สมชาย"))
    store.add_progress(int(m["id"]), "2026-01-10", "ประชุมแล้ว", "https://example.go.th/x", actor("สมชาย"))
    store.delete_measure(int(m["id"]), int(store.measure(int(m["id"]))["version"]), actor("สมชาย"))
    store.save_year(PATUENG, 2569, {"1": 87.125}, {"total": 90.5}, actor("สมชาย"), "หนังสือ")
    store.save_scenario(PATUENG, 2569, "ลอง", '{"9": 95}', actor("สมชาย"))
    accounts = Accounts(store)
    accounts.add("ระบบ (ทดสอบ)", "planner1", "planner", "รหัสผ่าน-ยาวพอ-123", display="นักวางแผน")
    accounts.grant("ระบบ (ทดสอบ)", "planner1", "agency", PATUENG)


def _export(store: Store) -> Dataset:
    return read_workbook(write_workbook(store.dataset())).dataset


def test_sqlite_to_postgresql_and_back_gives_identical_exports(tmp_path: Path, pg_url: str, bundled: Dataset,
                                                               request: pytest.FixtureRequest) -> None:
    first = Store(tmp_path / "first.db")
    first.seed(bundled)
    _busy(first)
    middle = Store(pg_url)
    report = transfer.copy(first, middle)
    assert report.source == report.target and report.source["history"].rows > 190
    back = Store(tmp_path / "back.db")
    transfer.copy(middle, back)
    assert _export(back).equals(_export(first)) and _export(middle).equals(_export(first))
    assert sql.dump(back) == sql.dump(first)  # every row of every table, ids, history and accounts included
    assert transfer.check(middle).problems == [] and transfer.check(back).problems == []
    # The copy goes on working: ids continue after the copied ones on PostgreSQL too (its sequences moved).
    new = middle.add_measure({"agency": PATUENG, "year": 2569, "number": "99", "title": "มาตรการใหม่"}, actor("ส"))
    assert new == sql.scalar(first, "SELECT MAX(id) FROM measures") + 1
    assert middle.data_version() == first.data_version() + 1  # the data version came along, and moves on
    for s in (first, middle, back):
        s.close()


def test_a_copy_into_a_store_that_holds_anything_is_refused_and_writes_nothing(
        new_db: Callable[..., str], bundled: Dataset) -> None:
    source = Store(new_db("source"))
    source.seed(bundled)
    target = Store(new_db("target"))
    target.save_scenario(PATUENG, 2569, "มีอยู่แล้ว", '{"9": 90}', actor("ส"))
    before = sql.dump(target)
    with pytest.raises(StoreError, match="ฐานข้อมูลปลายทางมีข้อมูลอยู่แล้ว"):
        transfer.copy(source, target)
    assert sql.dump(target) == before
    source.close()
    target.close()


def test_check_finds_a_row_changed_behind_the_history_and_an_orphan(store: Store) -> None:
    assert transfer.check(store).problems == []
    with store.transaction() as conn:  # as a hand edit of the database would
        conn.execute(sa.text("UPDATE results SET total = 12.5 WHERE id = (SELECT MIN(id) FROM results)"))
    orphan = sa.text("INSERT INTO progress(agency, year, number, date, text, measure_id) "
                     "VALUES ('ก', 2569, '1', '2026-01-01', 'ไม่มีมาตรการ', 999999)")
    if store.dialect == "postgresql":  # the server enforces the reference itself
        with pytest.raises(sa.exc.IntegrityError), store.transaction() as conn:
            conn.execute(orphan)
    else:  # SQLite does not (foreign keys are off): check must find it
        with store.transaction() as conn:
            conn.execute(orphan)
    problems = transfer.check(store).problems
    assert any(p.startswith("results: 1 แถวไม่ตรงกับประวัติการแก้ไขล่าสุด") for p in problems), problems
    if store.dialect == "sqlite":
        assert any(p.startswith("progress: 1 แถวอ้างถึงมาตรการที่ไม่มีอยู่") for p in problems), problems
        assert any(p.startswith("progress: 1 แถวไม่มีในประวัติการแก้ไข") for p in problems), problems
    assert len(problems) == (3 if store.dialect == "sqlite" else 1), problems


def test_the_db_commands_as_a_person_runs_them(tmp_path: Path, pg_url: str) -> None:
    """migrate brings a pre-Alembic SQLite file to the newest revision; copy moves it to PostgreSQL and says
    the counts and digests match; check says there is no problem; a second copy is refused (exit 1)."""
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    for script in MIGRATIONS:
        conn.executescript(script)
    conn.execute("INSERT INTO meta(key, value) VALUES('schema_version', '7')")
    conn.commit()
    conn.close()
    migrated = run("db", "migrate", "--db", old)
    assert migrated.returncode == 0 and f"ก่อน Alembic รุ่น 7 → {migrate.head()}" in migrated.stdout, migrated
    # The test server trusts loopback, so any password is taken: it must not be printed.
    with_password = sa.make_url(pg_url).set(password="s3cret-word").render_as_string(hide_password=False)
    copied = run("db", "copy", "--from", old, "--to", with_password)
    assert copied.returncode == 0 and "จำนวนและค่าตรวจสอบตรงกันทุกตาราง" in copied.stdout, copied
    assert "s3cret-word" not in copied.stdout + copied.stderr
    checked = run("db", "check", "--db", pg_url)
    assert checked.returncode == 0 and "ไม่พบปัญหา" in checked.stdout, checked
    again = run("db", "copy", "--from", old, "--to", pg_url)
    assert again.returncode == 1 and "มีข้อมูลอยู่แล้ว" in again.stderr and "Traceback" not in again.stderr
    wrong = run("db", "check", "--db", "mysql://x@localhost/ita")
    assert wrong.returncode == 1 and "ไม่รู้จักฐานข้อมูลชนิด" in wrong.stderr and "Traceback" not in wrong.stderr


def test_a_server_that_cannot_be_reached_is_a_thai_store_error_without_the_password() -> None:
    with pytest.raises(StoreError, match="เชื่อมต่อเซิร์ฟเวอร์ฐานข้อมูลไม่ได้") as refused:
        Store("postgresql://ita:s3cret-word@127.0.0.1:1/ita")  # nothing listens on port 1
    assert "s3cret-word" not in refused.value.message_th and "127.0.0.1:1/ita" in refused.value.message_th
