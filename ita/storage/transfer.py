"""Moving and checking a store (`python -m ita db copy | check`): a whole store copied to another database,
on either engine, and verified; and a store's integrity checked.

`copy` writes every row of every table — deleted rows, the history, the accounts and their grants included,
ids kept — into an empty store at the newest schema, in one write transaction (all of it or none), then
compares both sides table by table: the number of rows and a SHA-256 of the rows in id order, each value
written in one canonical form (numbers as Python's repr of a float, text as it is), so a SQLite file and a
PostgreSQL database holding the same rows give the same digest."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ita.storage import db, migrate
from ita.storage.store import Store, StoreError
from ita.storage.tables import metadata

COPY_CHUNK = 10_000  # rows read and written at a time: memory stays small whatever the table's size
# Tables whose rows have a version and a history entry for each version (Store._insert, Store._update and an
# import's prepared rows; the data tables, those with a soft delete): the row as stored must be its latest
# entry's `after`. Accounts are left out: a sign-in changes their counters without an entry.
VERSIONED = tuple(name for name, t in metadata.tables.items() if "deleted" in t.c)


@dataclass(frozen=True)
class TableSum:
    """One table's row count and digest."""

    rows: int
    digest: str


@dataclass
class CopyReport:
    source: dict[str, TableSum]
    target: dict[str, TableSum]

    @property
    def differences(self) -> list[str]:
        return [name for name in self.source if self.source[name] != self.target.get(name)]


@dataclass
class CheckReport:
    """What `check` found: `problems` (Thai, each naming the table) and the rows counted per table."""

    name: str
    revision: str | None
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _ordered(table: sa.Table) -> sa.Select:
    key = [table.c.id] if "id" in table.c else list(table.c)
    return sa.select(table).order_by(*key)


def _canonical(value: Any) -> Any:
    """A value as the digest sees it: the same on both engines (an integer stored in a REAL column as a
    float, a float as its repr; text, None and integers as they are)."""
    if isinstance(value, float):
        return repr(value)
    return value


def _chunks(conn: Connection, table: sa.Table) -> Iterator[list[dict[str, Any]]]:
    result = conn.execution_options(stream_results=True, max_row_buffer=COPY_CHUNK).execute(_ordered(table))
    for part in result.mappings().partitions(COPY_CHUNK):
        yield [dict(r) for r in part]


def table_sums(store: Store) -> dict[str, TableSum]:
    """Returns each table's row count and digest (the rows in id order, every column in schema order)."""
    out: dict[str, TableSum] = {}
    with store.snapshot() as conn:
        for name, table in sorted(metadata.tables.items()):
            h = hashlib.sha256()
            count = 0
            floats = {c.name for c in table.columns if isinstance(c.type, sa.Float)}
            for chunk in _chunks(conn, table):
                for row in chunk:
                    values = [_canonical(float(v) if c in floats and v is not None else v) for c, v in row.items()]
                    h.update(json.dumps(values, ensure_ascii=False).encode())
                    h.update(b"\n")
                count += len(chunk)
            out[name] = TableSum(count, h.hexdigest())
    return out


def copy(source: Store, target: Store, progress: Callable[[str, int], None] | None = None) -> CopyReport:
    """Copies every row of `source` into `target` (which must hold no row at all), in one write transaction,
    then verifies counts and digests. Raises StoreError (nothing written) when the target is not empty."""
    with target.transaction(counted=False) as out:
        filled = [name for name, t in metadata.tables.items()
                  if out.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()]
        if filled:
            raise StoreError(
                f"ฐานข้อมูลปลายทางมีข้อมูลอยู่แล้ว (ตาราง {', '.join(sorted(filled))}) จึงไม่คัดลอก "
                "ให้คัดลอกไปยังฐานข้อมูลที่ว่างเท่านั้น ไม่มีการเปลี่ยนแปลงข้อมูลใด ๆ",
                f"the target store is not empty ({', '.join(sorted(filled))}); nothing was copied")
        with source.snapshot() as src:
            # Parents before children (accounts before grants, measures before progress).
            for table in metadata.sorted_tables:
                copied = 0
                for chunk in _chunks(src, table):
                    out.execute(sa.insert(table), chunk)
                    copied += len(chunk)
                    if progress is not None:
                        progress(table.name, copied)
        db.move_sequences(out, [t.name for t in metadata.sorted_tables if "id" in t.c])
    report = CopyReport(table_sums(source), table_sums(target))
    if report.differences:
        raise StoreError(
            f"คัดลอกแล้วแต่ข้อมูลสองฝั่งไม่ตรงกัน (ตาราง {', '.join(report.differences)}) กรุณาแจ้งผู้ดูแลระบบ",
            f"copied, but the two sides differ: {', '.join(report.differences)}")
    return report


def check(store: Store) -> CheckReport:
    """Checks a store: the engine's own integrity check (SQLite), the schema at the newest revision, the
    data version, references (progress → measures, grants → accounts), and that each versioned row is its
    latest history entry (the history in step with the rows)."""
    with store.snapshot() as conn:
        report = CheckReport(store.name, migrate.current(conn))
        if report.revision != migrate.head():
            report.problems.append(f"โครงสร้างฐานข้อมูลเป็นรุ่น {report.revision} ไม่ใช่รุ่นล่าสุด {migrate.head()} "
                                   "(สั่ง python -m ita db migrate)")
        if conn.dialect.name == "sqlite":
            for (line,) in conn.exec_driver_sql("PRAGMA integrity_check"):
                if line != "ok":
                    report.problems.append(f"SQLite integrity_check: {line}")
        for name, table in sorted(metadata.tables.items()):
            report.rows[name] = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        version = conn.execute(sa.text("SELECT value FROM meta WHERE key = 'data_version'")).scalar()
        if version is not None and not str(version).isdigit():
            report.problems.append(f"meta: data_version '{version}' ไม่ใช่ตัวเลข")
        orphans = conn.execute(sa.text(
            "SELECT COUNT(*) FROM progress p WHERE p.measure_id IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM measures m WHERE m.id = p.measure_id)")).scalar_one()
        if orphans:
            report.problems.append(f"progress: {orphans} แถวอ้างถึงมาตรการที่ไม่มีอยู่")
        orphans = conn.execute(sa.text(
            "SELECT COUNT(*) FROM grants g WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = g.account_id)"
        )).scalar_one()
        if orphans:
            report.problems.append(f"grants: {orphans} แถวอ้างถึงบัญชีที่ไม่มีอยู่")
        for name in VERSIONED:
            report.problems.extend(_history_in_step(conn, metadata.tables[name]))
    return report


def _history_in_step(conn: Connection, table: sa.Table) -> list[str]:
    """Rows of `table` that are not their latest history entry's `after` (at most five named)."""
    latest = sa.text(
        "SELECT h.row_id, h.after FROM history h JOIN (SELECT row_id, MAX(id) AS id FROM history "
        "WHERE tbl = :tbl GROUP BY row_id) last ON last.id = h.id").bindparams(tbl=table.name)
    afters = {row_id: after for row_id, after in conn.execute(latest)}
    floats = {c.name for c in table.columns if isinstance(c.type, sa.Float)}
    wrong: list[int] = []
    missing = 0
    for chunk in _chunks(conn, table):
        for row in chunk:
            after = afters.get(row["id"])
            if after is None:
                missing += 1
                continue
            logged = json.loads(after)
            same = all(_same(logged.get(k), v, k in floats) for k, v in row.items())
            if not same:
                wrong.append(int(row["id"]))
    problems = []
    if missing:
        problems.append(f"{table.name}: {missing} แถวไม่มีในประวัติการแก้ไข")
    if wrong:
        shown = ", ".join(map(str, wrong[:5]))
        problems.append(f"{table.name}: {len(wrong)} แถวไม่ตรงกับประวัติการแก้ไขล่าสุด (id {shown})")
    return problems


def _same(logged: Any, stored: Any, is_float: bool) -> bool:
    if is_float and logged is not None and stored is not None:
        return float(logged) == float(stored)
    return logged == stored
