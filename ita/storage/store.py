"""The store: the one place pages read data from and write data to, in a SQLite file (the default) or
on a PostgreSQL server (ITA_DB a postgresql:// URL; ita.storage.db), through SQLAlchemy Core. Nothing
entered is ever lost or silently overwritten, on either engine:

- every write is one transaction, and one write transaction runs at a time (SQLite's BEGIN IMMEDIATE,
  PostgreSQL's advisory lock: ita.storage.db), so each sees what the previous one left; it is kept
  short: an import matches and compares its rows before it takes the write lock, and only writes
  while it holds it. Reads never wait for a write;
- a write still waiting after ITA_DB_BUSY_SECONDS (another person's long write), or a database that
  cannot be written or reached, is a StoreError with a Thai message, never a traceback;
- measures carry a version number: a save based on an older version is refused with what the
  other person changed (optimistic concurrency), never applied over it;
- every change is kept in `history` (who, when, the row before and after), viewable, and any
  earlier version can be restored; deleting a measure is a soft delete that can be undone.

The schema is ita.storage.tables, brought up to date by Alembic when the store is opened
(ita.storage.migrate). A data version in `meta`, moved by every write, is what caches are keyed on:
every app server sharing the database reads it, so a save through one is seen by the others' next run.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import psycopg
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection

from ita.core import rules, thai
from ita.core.access import Account, Action, require, require_all
from ita.core.errors import ItaError
from ita.core.framework import FIELDS_TH as FRAMEWORK_FIELDS_TH
from ita.core.framework import Framework, load_framework, year_problems
from ita.core.model import Dataset, normalise_frame
from ita.core.rules import PROGRESS_FIELDS
from ita.core.schema import MEASURE_STATUSES, NO, TABLES, TABLES_BY_KEY, Table
from ita.core.text import split_units
from ita.storage import db, migrate
from ita.storage.db import WRITING, TargetError
from ita.storage.migrate import LEGACY_SQL as MIGRATIONS  # noqa: F401  (tests build pre-Alembic stores with it)
from ita.storage.tables import metadata

# How long a write waits for another one to finish before it is refused (ITA_DB_BUSY_SECONDS). Every
# write transaction, a national import's included, takes a few seconds at most (BENCHMARKS.md), so
# a save waits for it; a person is not kept waiting much longer before being told to try again.
DEFAULT_BUSY_SECONDS = 10.0

# Tables without a natural key are matched on all of these when importing, so that importing
# the same workbook twice adds nothing. A progress entry is matched within its measure.
MATCH_KEYS: dict[str, tuple[str, ...]] = {
    "progress": ("measure_id", "date", "text"),
    "remarks": ("agency", "year", "topic", "remark"),
}


class StoreError(ItaError):
    """A refused write, with a Thai message for the user and an English one."""


class ConflictError(StoreError):
    """Someone else saved the row since it was read; `theirs` is what they changed."""

    def __init__(self, current: dict[str, Any], theirs: dict[str, tuple[Any, Any]], by: str, at: str,
                 table: str = "measures") -> None:
        t = TABLES_BY_KEY.get(table)
        headers = [t.column(k).header if t and k in t.keys else k for k in theirs]
        super().__init__(
            f"บันทึกไม่ได้: {by or 'ผู้ใช้อื่น'} แก้ไขรายการนี้ไปแล้วเมื่อ {at} (ช่อง: {', '.join(headers) or '–'}) "
            "ข้อมูลของคุณยังไม่ถูกบันทึก กรุณาโหลดใหม่แล้วแก้อีกครั้ง",
            f"conflict: changed by {by or 'another user'} at {at} ({', '.join(theirs) or '–'}); "
            "nothing was overwritten",
        )
        self.current = current
        self.theirs = theirs
        self.by = by
        self.at = at


class InvalidEntry(StoreError):
    """The entry breaks a rule; `problems` lists (field, Thai message)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(
            "บันทึกไม่ได้: " + "; ".join(f"{f}: {m}" for f, m in problems),
            "invalid entry: " + ", ".join(f for f, _ in problems),
        )
        self.problems = problems


class StoreBusyError(StoreError):
    """The database stayed locked by another write for the whole busy timeout; nothing was changed."""


# SQLite's primary result codes (https://sqlite.org/rescode.html) a user can meet, as opposed to a
# fault in this code (SQLITE_ERROR: a wrong statement), which stays an OperationalError.
SQLITE_BUSY_CODES = frozenset({5, 6, 15})  # SQLITE_BUSY, SQLITE_LOCKED, SQLITE_PROTOCOL (WAL locks)
SQLITE_UNUSABLE_TH = {
    3: "ไม่มีสิทธิ์เข้าถึงไฟล์ฐานข้อมูล",  # SQLITE_PERM
    8: "ไฟล์ฐานข้อมูลเขียนไม่ได้ (อ่านได้อย่างเดียว)",  # SQLITE_READONLY
    10: "อ่านหรือเขียนดิสก์ไม่สำเร็จ",  # SQLITE_IOERR
    13: "พื้นที่ดิสก์เต็ม",  # SQLITE_FULL
    14: "เปิดไฟล์ฐานข้อมูลไม่ได้",  # SQLITE_CANTOPEN
}
# PostgreSQL's errors a user can meet (by SQLSTATE class or code), as opposed to a fault in this code.
PG_BUSY = (psycopg.errors.LockNotAvailable, psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure)
PG_UNUSABLE_TH: dict[type[Exception], str] = {
    psycopg.errors.InsufficientPrivilege: "บัญชีฐานข้อมูลไม่มีสิทธิ์เขียน",
    psycopg.errors.ReadOnlySqlTransaction: "ฐานข้อมูลเปิดให้อ่านได้อย่างเดียว",
    psycopg.errors.DiskFull: "พื้นที่ดิสก์ของเซิร์ฟเวอร์ฐานข้อมูลเต็ม",
    psycopg.errors.InsufficientResources: "เซิร์ฟเวอร์ฐานข้อมูลมีทรัพยากรไม่พอ",
    psycopg.errors.AdminShutdown: "เซิร์ฟเวอร์ฐานข้อมูลกำลังปิด",
    psycopg.OperationalError: "เชื่อมต่อเซิร์ฟเวอร์ฐานข้อมูลไม่ได้",
}


def busy_seconds() -> float:
    """Returns how long a write waits for another to finish: ITA_DB_BUSY_SECONDS (default 10 s)."""
    try:
        seconds = float(os.environ.get("ITA_DB_BUSY_SECONDS", DEFAULT_BUSY_SECONDS))
    except ValueError:
        return DEFAULT_BUSY_SECONDS
    return seconds if 0 <= seconds <= 24 * 3600 else DEFAULT_BUSY_SECONDS


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _columns(table: Table) -> list[str]:
    return table.keys


def _clean_value(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, float) and pd.isna(v):
        return None
    if v is pd.NA:
        return None
    if hasattr(v, "item"):
        return v.item()
    return v


def _match_key(values: Mapping[str, Any], keys: Sequence[str], numeric: set[str]) -> tuple[Any, ...]:
    """Returns the values of `keys` as SQLite's `IS` compares them with the columns: a number with a number
    (2568 is 2568.0), anything else as text (an INTEGER or REAL column's text that is no number stays text)."""
    out = []
    for k in keys:
        v = values[k]
        if v is None or isinstance(v, bool):
            out.append(v)
        elif k in numeric:
            try:
                out.append(float(v))
            except (TypeError, ValueError):
                out.append(str(v))
        else:
            out.append(v if isinstance(v, str) else str(v))
    return tuple(out)


# An import's progress: (fraction done, 0 to 1; what it is doing, in Thai). Matching the rows takes most of
# its time; PLANNED is the share given to it, the write the rest.
Progress = Callable[[float, str], None]
PROGRESS_EVERY = 2_000
PLANNED = 0.9
MATCH_CHUNK = 5_000  # rows of a file matched against the store at a time (one query each)
READ_CHUNK = 50_000  # rows of a table Store.dataset reads at a time
ANALYSE_AFTER = 10_000  # rows an import writes from which PostgreSQL's statistics are made again at once

# The prefix of the connection's temporary tables an import is prepared in (both engines drop them with the
# connection, even when the process is killed; Store._scratch drops them after each import).
SCRATCH = "import_"
HISTORY = metadata.tables["history"]


def _scratch_table(name: str, columns: Sequence[sa.Column]) -> sa.Table:
    """A temporary table of `columns` (names, types and defaults copied, no indexes or constraints)."""
    copied = [sa.Column(c.name, c.type, primary_key=c.primary_key, autoincrement=False,
                        server_default=sa.text(c.server_default.arg.text) if c.server_default is not None else None)
              for c in columns]
    return sa.Table(name, sa.MetaData(), *copied, prefixes=["TEMPORARY"])


SCRATCH_HISTORY = sa.Table(f"{SCRATCH}history", sa.MetaData(), sa.Column("seq", sa.Integer, primary_key=True),
                           *(sa.Column(c, sa.Text) for c in ("author", "tbl")), sa.Column("row_id", sa.Integer),
                           *(sa.Column(c, sa.Text) for c in ("action", "before", "after")), prefixes=["TEMPORARY"])


def _insert_many(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Inserts rows (all with the same keys) into an import's temporary table, on the connection's own driver:
    PostgreSQL's COPY, ~10× faster than psycopg's row-by-row executemany there (BENCHMARKS.md, issue 15);
    sqlite3's executemany."""
    if not rows:
        return
    columns = list(rows[0])
    listed = ", ".join(_q(c) for c in columns)
    if conn.dialect.name != "postgresql":
        # The driver's own executemany on tuples: SQLAlchemy's, on dicts, took ~1.5× as long for a national file.
        conn.connection.driver_connection.executemany(
            f"INSERT INTO {table.name} ({listed}) VALUES ({', '.join('?' for _ in columns)})",
            [tuple(row[c] for c in columns) for row in rows])
        return
    with conn.connection.driver_connection.cursor() as cursor:  # the same connection, the same transaction
        with cursor.copy(f"COPY {table.name} ({listed}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])


def _any_of(conn: Connection, column: sa.Column, ids: list[int]) -> sa.ColumnElement[bool]:
    """`column` is one of `ids`: one array parameter on PostgreSQL (a list of 5,000 parameters costs it ~50 ms
    to bind), IN on SQLite."""
    if conn.dialect.name == "postgresql":
        return column == sa.any_(sa.bindparam("ids", ids, type_=postgresql.ARRAY(sa.Integer)))
    return column.in_(ids)


def _create_scratch(conn: Connection, table: sa.Table) -> None:
    """Creates an import's temporary table on `conn` (anew), noting it for Store._scratch to drop."""
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table.name}")
    table.create(conn)
    conn.info.setdefault(SCRATCH, set()).add(table.name)


class _PreparedTable:
    """The rows an import adds to and changes in one table, written to temporary tables before the write
    transaction: `import_<table>_added` (new rows, ids included) and `import_<table>_changed` (changed rows as
    they will be), copies of the table (same columns, types and defaults), and their history entries in
    `import_history`, exactly as Store._insert and Store._update log them (the row as the database stores it
    is read back from the copy). Rows are handled CHUNK at a time, so memory stays small."""

    CHUNK = 5_000

    def __init__(self, conn: Connection, table: str, author: str, action: str) -> None:
        self.conn, self.table, self.author, self.action = conn, table, author, action
        self.target = metadata.tables[table]
        self.parts = {part: _scratch_table(f"{SCRATCH}{table}_{part}", list(self.target.columns))
                      for part in ("added", "changed")}
        for tmp in self.parts.values():
            _create_scratch(conn, tmp)
        # Ids as the database would give them (the largest + 1); the data version check in import_dataset
        # guarantees that nobody took them before the write (and ita.storage.db.move_sequences moves
        # PostgreSQL's sequences past them).
        self.next_id = int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(self.target.c.id), 0) + 1))
                           .scalar_one())
        self.steps: list[tuple[int, dict[str, Any] | None, dict[str, Any]]] = []  # (id, before, row)
        self.count = 0

    def insert(self, values: Mapping[str, Any]) -> int:
        row_id = self.next_id
        self.next_id += 1
        self._add(row_id, None, {"id": row_id, **{c: _clean_value(v) for c, v in values.items()}})
        return row_id

    def update(self, before: dict[str, Any], changes: Mapping[str, Any]) -> None:
        after = {**before, **{c: _clean_value(v) for c, v in changes.items()}, "version": before["version"] + 1}
        self._add(before["id"], before, after)

    def _add(self, row_id: int, before: dict[str, Any] | None, row: dict[str, Any]) -> None:
        self.steps.append((row_id, before, row))
        self.count += 1
        if len(self.steps) >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        """Writes the rows gathered so far and their history entries to the temporary tables."""
        if not self.steps:
            return
        stored: dict[int, dict[str, Any]] = {}
        for part, changed in (("added", False), ("changed", True)):
            tmp = self.parts[part]
            rows = [row for _, before, row in self.steps if (before is not None) == changed]
            by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
            for row in rows:
                by_columns.setdefault(tuple(row), []).append(row)
            for same in by_columns.values():
                _insert_many(self.conn, tmp, same)
            if rows:
                ids = [row["id"] for row in rows]
                # The added rows' ids follow one another (insert() counts them out); the changed rows' do not.
                where = (tmp.c.id.between(ids[0], ids[-1]) if part == "added"
                         else _any_of(self.conn, tmp.c.id, ids))
                stored.update((r["id"], dict(r)) for r in self.conn.execute(sa.select(tmp).where(where)).mappings())
        _insert_many(self.conn, SCRATCH_HISTORY, [
            {"author": self.author, "tbl": self.table, "row_id": row_id,
             "action": "insert" if before is None else self.action,
             "before": None if before is None else json.dumps(before, ensure_ascii=False),
             "after": json.dumps(stored[row_id], ensure_ascii=False)} for row_id, before, _ in self.steps])
        self.steps.clear()

    def write(self) -> None:
        """Copies the prepared rows into the store (inside the write transaction)."""
        cols = [c.name for c in self.target.columns]
        added, changed = self.parts["added"], self.parts["changed"]
        self.conn.execute(sa.insert(self.target).from_select(cols, sa.select(*(added.c[c] for c in cols))))
        self.conn.execute(sa.update(self.target).where(self.target.c.id == changed.c.id)
                          .values({c: changed.c[c] for c in cols if c != "id"}))


@dataclass
class _ImportPlan:
    """What an import does, read at data version `version`: the preview, and the tables whose
    prepared rows (in the scratch database) it writes."""

    version: int
    # The preview's columns, one entry per row of the file: lists rather than an object per row, since a
    # national file has ~466k rows (table, action and fields are a few shared strings).
    tables_th: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    tables: list[_PreparedTable] = field(default_factory=list)

    def preview(self) -> pd.DataFrame:
        return pd.DataFrame({"table": self.tables_th, "key": self.keys, "action": self.actions,
                             "fields": self.fields}, columns=["table", "key", "action", "fields"])

    def add(self, table_th: str, key: str, action: str, fields: str = "") -> None:
        self.tables_th.append(table_th)
        self.keys.append(key)
        self.actions.append(action)
        self.fields.append(fields)

    def changes_national(self) -> bool:
        """Whether the import adds or changes a national figure."""
        return any(
            t in NATIONAL_SHEETS and a != rules.UNCHANGED for t, a in zip(self.tables_th, self.actions, strict=True))

    def write(self, conn: Connection) -> None:
        """Writes every prepared row, then their history entries (one time for all of them)."""
        for table in self.tables:
            table.write()
        h = SCRATCH_HISTORY
        conn.execute(sa.insert(HISTORY).from_select(
            ["at", "author", "tbl", "row_id", "action", "before", "after"],
            sa.select(sa.cast(sa.literal(_now()), sa.Text), h.c.author, h.c.tbl, h.c.row_id, h.c.action, h.c.before,
                      h.c.after).order_by(h.c.seq)))
        db.move_sequences(conn, [t.table for t in self.tables] + ["history"])


class Store:
    """The store on SQLite or PostgreSQL. One per process is enough: its engine's pool hands each read and
    each write a connection of its own, so sessions' threads never share one."""

    def __init__(self, path: str | os.PathLike[str] | None = None, fw: Framework | None = None) -> None:
        try:
            self.target = db.target(path)
        except TargetError as exc:
            raise StoreError(exc.message_th, exc.message_en) from exc
        self.path: Path | None = self.target.path  # the SQLite file (None on PostgreSQL)
        self.name = self.target.shown()  # what names the store in messages and cache keys (no password)
        self.dialect = self.target.dialect
        self.fw = fw or load_framework()
        self.busy_seconds = busy_seconds()
        self.engine = db.engine(self.target, self.busy_seconds)
        # Writes committed through this object: a reader that kept the data version for a while (a page run,
        # ita.ui.data.version) reads it again once this moves.
        self.writes = 0
        self.migrate()

    # -- infrastructure -----------------------------------------------------------------------

    @contextmanager
    def _refusals(self) -> Iterator[None]:
        """Turns the engines' "busy" and "cannot use the database" errors into a StoreError (a Thai message
        the pages show in an error box). Used where the store connects or takes a lock: every connection
        and every write transaction (Store.transaction), so no method needs its own handling."""
        try:
            yield
        except sa.exc.DBAPIError as exc:
            problem = self._problem(exc.orig)
            if problem is None:
                raise
            busy, reason = problem
            if busy:
                raise StoreBusyError(
                    f"ข้อมูลกำลังถูกปรับปรุงโดยผู้ใช้อื่น (รอแล้ว {self.busy_seconds:g} วินาที) "
                    "ยังไม่มีการเปลี่ยนแปลงข้อมูลใด ๆ กรุณารอสักครู่แล้วลองอีกครั้ง",
                    f"store busy: the data is being updated by someone else (waited {self.busy_seconds:g} s); "
                    f"nothing was changed, try again in a moment ({exc.orig})",
                ) from exc
            raise StoreError(
                f"ใช้ฐานข้อมูลไม่ได้: {reason} ({self.name}) ยังไม่มีการเปลี่ยนแปลงข้อมูลใด ๆ กรุณาแจ้งผู้ดูแลระบบ",
                f"the database cannot be used: {exc.orig} ({self.name}); nothing was changed",
            ) from exc

    @staticmethod
    def _problem(orig: BaseException | None) -> tuple[bool, str] | None:
        """Returns (busy, Thai reason) for a driver error a user can meet, None for a fault in the code."""
        if isinstance(orig, sqlite3.OperationalError):
            code = (getattr(orig, "sqlite_errorcode", None) or 0) & 0xFF
            if code in SQLITE_BUSY_CODES:
                return True, ""
            return (False, SQLITE_UNUSABLE_TH[code]) if code in SQLITE_UNUSABLE_TH else None
        if isinstance(orig, PG_BUSY):
            return True, ""
        for kind, reason in PG_UNUSABLE_TH.items():
            if isinstance(orig, kind):
                return False, reason
        return None

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        """A connection from the pool for the block (a read outside any transaction of ours rolls back)."""
        with self._refusals():
            conn = self.engine.connect()
        try:
            yield conn
        finally:
            conn.close()

    @contextmanager
    def _begin(self, conn: Connection, counted: bool = True) -> Iterator[Connection]:
        """One write transaction on `conn`: all of it is applied, or none of it. A database that stays busy
        for the busy timeout, or cannot be written, raises StoreError and nothing is written.
        `counted` adds one to the data version (a migration or a sign-in does not change the data)."""
        with self._refusals():
            conn.execution_options(**{WRITING: True})
            try:
                with conn.begin():
                    yield conn
                    if counted:
                        conn.execute(sa.text(
                            "INSERT INTO meta(key, value) VALUES('data_version', '1') ON CONFLICT(key) DO UPDATE "
                            "SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)"))
                if counted:
                    self.writes += 1
            finally:
                conn.execution_options(**{WRITING: False})

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(self, counted: bool = True) -> Iterator[Connection]:
        """One write transaction (Store._begin) on a connection of its own."""
        with self._connection() as conn, self._begin(conn, counted):
            yield conn

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection to read with, statement by statement (each sees every write committed before it). On
        PostgreSQL in autocommit: no BEGIN and ROLLBACK around a page's small reads (two round trips of the four a
        read took; the progress page makes a dozen). Reads that must agree with each other use snapshot()."""
        with self._connection() as conn:
            if self.dialect == "postgresql":
                conn.execution_options(isolation_level="AUTOCOMMIT")
            yield conn

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """A read transaction: every statement in it sees the store as of one moment (SQLite's WAL, PostgreSQL's
        REPEATABLE READ), so tables read one after the other agree; it never blocks a writer."""
        with self._connection() as conn, self._snapshot(conn):
            yield conn

    def _one(self, sql: str, **params: Any) -> dict[str, Any] | None:
        """Returns the first row of a read as a dict (None when there is none)."""
        with self.reading() as conn:
            row = conn.execute(sa.text(sql), params).mappings().first()
        return dict(row) if row is not None else None

    def _frame(self, sql: str, **params: Any) -> pd.DataFrame:
        with self.reading() as conn:
            return pd.read_sql_query(sa.text(sql), conn, params=params)

    def schema_version(self) -> int:
        """Returns the store's Alembic revision as a number (0007 → 7; 0: none yet)."""
        with self.reading() as conn:
            revision = migrate.current(conn)
        return int(revision) if revision else 0

    def migrate(self) -> None:
        """Brings the store's schema to the newest revision (ita.storage.migrate), all or nothing."""
        with self._refusals():
            migrate.upgrade(self.engine)

    def data_version(self) -> int:
        """Returns a number that grows with every committed write (a cache key), as the database says: a
        write through another process or app server moves it too."""
        with self.reading() as conn:
            return self._data_version(conn)

    def is_seeded(self) -> bool:
        return self._one("SELECT 1 AS seeded FROM meta WHERE key = 'seeded'") is not None

    def seed(self, ds: Dataset, author: str = "ระบบ (ข้อมูลที่รวมมากับโปรแกรม)") -> bool:
        """Imports the bundled data once; returns False when the store was already seeded."""
        with self._connection() as conn, self._scratch(conn), self._begin(conn):
            if conn.execute(sa.text("SELECT 1 FROM meta WHERE key = 'seeded'")).first():
                return False
            self._plan_import(conn, ds, author).write(conn)
            conn.execute(sa.text("INSERT INTO meta(key, value) VALUES('seeded', :at)"), {"at": _now()})
        return True

    # -- reading ------------------------------------------------------------------------------

    def dataset(self) -> Dataset:
        """Returns every live row as a Dataset (measures in plan order)."""
        frames = {}
        with self.snapshot() as conn:
            if self.dialect == "postgresql":
                # A server-side cursor: rows come READ_CHUNK at a time, not the whole table into the client.
                conn = conn.execution_options(stream_results=True, max_row_buffer=READ_CHUNK)
            for t in TABLES:
                if t.key == "progress":
                    # An entry shows its measure's current number, and goes away with a deleted measure.
                    cols = ", ".join("COALESCE(m.number, p.number) AS number" if c == "number" else f"p.{_q(c)}"
                                     for c in _columns(t))
                    sql = (f"SELECT {cols} FROM progress p LEFT JOIN measures m ON m.id = p.measure_id "
                           "WHERE p.deleted = 0 AND (m.id IS NULL OR m.deleted = 0) ORDER BY p.id")
                else:
                    order = "agency, year, position, id" if t.key == "measures" else "id"
                    sql = (f"SELECT {', '.join(_q(c) for c in _columns(t))} FROM {t.key} WHERE deleted = 0 "
                           f"ORDER BY {order}")
                # In chunks: a whole national score table fetched at once is ~466k row tuples beside its frame
                # (~140 MB of the first run's peak); chunks are freed as they are concatenated.
                chunks = list(pd.read_sql_query(sa.text(sql), conn, chunksize=READ_CHUNK))
                frames[t.key] = (pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else
                                 chunks[0] if chunks else pd.DataFrame(columns=_columns(t)))
        return Dataset(frames)

    def measures(self, agency: str, year: int | None = None) -> pd.DataFrame:
        """Returns the agency's live measures (with id, version, position), in plan order."""
        sql = "SELECT * FROM measures WHERE deleted = 0 AND agency = :agency"
        params: dict[str, Any] = {"agency": agency}
        if year is not None:
            sql += " AND year = :year"
            params["year"] = int(year)
        return self._frame(sql + " ORDER BY year, position, id", **params).drop(columns=["deleted"])

    def measure(self, measure_id: int) -> dict[str, Any]:
        row = self._one("SELECT * FROM measures WHERE id = :id", id=int(measure_id))
        if row is None:
            raise StoreError("ไม่พบมาตรการนี้", f"no measure {measure_id}")
        return row

    def progress(self, measure_id: int) -> pd.DataFrame:
        """Returns the dated progress log of a measure, newest first, with each entry's id and
        version (what update_progress and delete_progress take)."""
        self.measure(measure_id)  # an unknown id is refused
        return self._frame(
            "SELECT id, date, text, evidence, author, source, version FROM progress WHERE deleted = 0 "
            "AND measure_id = :id ORDER BY date DESC, id DESC", id=int(measure_id))

    def history(self, table: str | None = None, row_id: int | None = None) -> pd.DataFrame:
        """Returns the change history (newest first) with the fields each entry changed."""
        sql, params = "SELECT * FROM history", {}
        if table is not None:
            sql += " WHERE tbl = :tbl"
            params["tbl"] = table
            if row_id is not None:
                sql += " AND row_id = :row_id"
                params["row_id"] = int(row_id)
        df = self._frame(sql + " ORDER BY id DESC", **params)
        df["changes"] = [
            _describe(json.loads(b) if isinstance(b, str) else None, json.loads(a) if isinstance(a, str) else None)
            for b, a in zip(df["before"], df["after"], strict=True)
        ]
        return df

    def agency_history(self, agency: str, tables: Sequence[str] = ("indicator_scores", "results"),
                       limit: int = 30, offset: int = 0) -> tuple[pd.DataFrame, int]:
        """Returns one page of the history of the agency's rows of `tables` (newest first; only entries with
        a version to restore, i.e. an `after` row) as history() gives it, and how many such entries there
        are. Read with LIMIT in SQL, joined on each row's agency: a national store's history holds ~457k
        entries, which history() read whole and parsed on every run of the data page (8.3 s)."""
        for t in tables:
            if t not in TABLES_BY_KEY:
                raise StoreError("ไม่พบตาราง", f"no table {t}")
        # A row's agency is part of its key and never changes, so the row's agency is its entries' agency.
        union = " UNION ALL ".join(
            f"SELECT h.* FROM {t} r JOIN history h ON h.tbl = '{t}' AND h.row_id = r.id "
            "WHERE r.agency = :agency AND h.after IS NOT NULL" for t in tables)
        with self.reading() as conn:
            total = int(conn.execute(sa.text(f"SELECT COUNT(*) FROM ({union}) AS entries"),
                                     {"agency": agency}).scalar_one())
            df = pd.read_sql_query(
                sa.text(f"SELECT * FROM ({union}) AS entries ORDER BY id DESC LIMIT :limit OFFSET :offset"), conn,
                params={"agency": agency, "limit": int(limit), "offset": int(offset)})
        df["changes"] = [
            _describe(json.loads(b) if isinstance(b, str) else None, json.loads(a) if isinstance(a, str) else None)
            for b, a in zip(df["before"], df["after"], strict=True)
        ]
        return df, total

    def units(self, agency: str) -> list[str]:
        with self.reading() as conn:
            return list(conn.execute(sa.text("SELECT unit FROM units WHERE deleted = 0 AND agency = :agency "
                                             "ORDER BY id"), {"agency": agency}).scalars())

    # -- writing: generic -----------------------------------------------------------------------

    def _log(self, conn: Connection, author: str, table: str, row_id: int, action: str,
             before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> None:
        conn.execute(sa.insert(HISTORY).values(
            at=_now(), author=author or "ไม่ระบุ", tbl=table, row_id=row_id, action=action,
            before=json.dumps(dict(before), ensure_ascii=False) if before is not None else None,
            after=json.dumps(dict(after), ensure_ascii=False) if after is not None else None))

    def _row(self, conn: Connection, table: str, row_id: int) -> dict[str, Any]:
        t = metadata.tables[table]
        row = conn.execute(sa.select(t).where(t.c.id == int(row_id))).mappings().first()
        if row is None:
            raise StoreError("ไม่พบรายการ", f"no row {row_id} in {table}")
        return dict(row)

    def _insert(self, conn: Connection, table: str, values: Mapping[str, Any], author: str) -> int:
        t = metadata.tables[table]
        # RETURNING the whole row: the row as stored (defaults, types) in the same round trip.
        row = _as_read(t, conn.execute(sa.insert(t).values({c: _clean_value(v) for c, v in values.items()})
                                       .returning(*t.c)).mappings().one())
        self._log(conn, author, table, int(row["id"]), "insert", None, row)
        return int(row["id"])

    def _update(self, conn: Connection, table: str, row_id: int, values: Mapping[str, Any],
                author: str, expected_version: int | None = None, action: str = "update") -> dict[str, Any]:
        before = self._row(conn, table, row_id)
        if expected_version is not None and before["version"] != expected_version:
            self._conflict(conn, table, row_id, expected_version, before)
        t = metadata.tables[table]
        after = _as_read(t, conn.execute(
            sa.update(t).where(t.c.id == int(row_id))
            .values({**{c: _clean_value(v) for c, v in values.items()}, "version": t.c.version + 1})
            .returning(*t.c)).mappings().one())
        self._log(conn, author, table, row_id, action, before, after)
        return after

    def _conflict(self, conn: Connection, table: str, row_id: int, expected: int,
                  current: dict[str, Any]) -> None:
        # The version the user started from is in the history; compare it with now.
        rows = conn.execute(sa.text("SELECT after, author, at FROM history WHERE tbl = :tbl AND row_id = :row_id "
                                    "ORDER BY id"), {"tbl": table, "row_id": int(row_id)}).mappings().all()
        base = next((json.loads(r["after"]) for r in rows if r["after"] and
                     json.loads(r["after"]).get("version") == expected), None)
        last = rows[-1] if rows else None
        theirs = {
            k: (base.get(k) if base else None, v)
            for k, v in current.items()
            if k not in {"version", "id"} and (base is None or base.get(k) != v)
        }
        raise ConflictError(current, theirs, last["author"] if last else "", last["at"] if last else "", table)

    # -- importing ------------------------------------------------------------------------------

    def _update_changed(self, conn: Connection, table: str, row: dict[str, Any], values: Mapping[str, Any],
                        author: str, expected_version: int) -> dict[str, Any]:
        """Writes the `values` that differ from `row` (read in this transaction) against `expected_version`.
        With nothing to write the row is returned as it is, but a stale form is still told what changed."""
        changed = {k: v for k, v in values.items() if _differs(row[k], v)}
        if not changed:
            if row["version"] != expected_version:
                self._conflict(conn, table, row["id"], expected_version, row)
            return row
        return self._update(conn, table, row["id"], changed, author, expected_version)

    def preview_import(self, ds: Dataset) -> pd.DataFrame:
        """Returns what importing `ds` would do, row by row, without changing anything."""
        with self._connection() as conn, self._snapshot(conn):
            return self._plan_import(conn, ds, "", writing=False).preview()

    def import_dataset(self, ds: Dataset, actor: Account | None,
                       progress: Progress | None = None) -> pd.DataFrame:
        """Adds or updates every row of `ds` in one transaction; returns what was done. `actor` must
        be allowed to import for every agency of `ds`, and be an admin to change national figures.
        `progress(fraction, text_th)` is told how far it is (0 to 1, at most every PROGRESS_EVERY rows),
        for a progress bar.

        The rows are matched, compared and their history prepared before the write lock is taken
        (a national file takes seconds), so the write transaction only writes. If someone wrote in
        between (the data version moved), the plan is made again inside the transaction: an import
        is still all or nothing, and never based on data older than what it overwrites."""
        require_all(actor, "import", ds.agencies())
        author = actor.label  # type: ignore[union-attr]  # require_all refused None
        with self._connection() as conn, self._scratch(conn):
            with self._snapshot(conn):
                plan = self._plan_import(conn, ds, author, progress=progress)
            _refuse_national_changes(actor, plan)
            with self._begin(conn):
                if self._data_version(conn) != plan.version:
                    plan = self._plan_import(conn, ds, author, progress=progress)
                    _refuse_national_changes(actor, plan)
                if progress is not None:
                    progress(PLANNED, "กำลังบันทึกลงฐานข้อมูล…")
                plan.write(conn)
            if sum(t.count for t in plan.tables) >= ANALYSE_AFTER:
                with conn.begin():
                    db.analyse(conn, [t.table for t in plan.tables] + ["history"])
        if progress is not None:
            progress(1.0, "นำเข้าเสร็จแล้ว")
        return plan.preview()

    @contextmanager
    def _snapshot(self, conn: Connection) -> Iterator[Connection]:
        """A read transaction on `conn`: every read in it sees the store as of one moment (SQLite's WAL,
        PostgreSQL's REPEATABLE READ), and it never blocks a writer. It writes nothing to the store, only to
        the temporary tables, and commits (keeping them)."""
        postgres = self.dialect == "postgresql"
        with self._refusals():
            if postgres:
                conn.execution_options(isolation_level="REPEATABLE READ")
            try:
                with conn.begin():
                    yield conn
            finally:
                if postgres:
                    conn.execution_options(isolation_level="READ COMMITTED")

    @contextmanager
    def _scratch(self, conn: Connection) -> Iterator[None]:
        """Drops the temporary tables an import prepared on `conn` after the block (a pooled connection lives
        on). Temporary tables that cannot be written (temporary folder full) are refused like the store."""
        with self._refusals():
            try:
                yield
            finally:
                try:
                    if conn.in_transaction():
                        conn.rollback()
                    for name in conn.info.pop(SCRATCH, ()):
                        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
                    conn.commit()
                except sa.exc.DBAPIError:
                    conn.invalidate()  # never back to the pool with an import's tables (nor mask the error)

    @staticmethod
    def _data_version(conn: Connection) -> int:
        value = conn.execute(sa.text("SELECT value FROM meta WHERE key = 'data_version'")).scalar()
        return int(value) if value is not None else 0

    def _matches(self, conn: Connection, t: Table, df: pd.DataFrame,
                 added_measures: Mapping[tuple[Any, Any, Any], int]) -> Iterator[
            tuple[str, dict[str, Any], dict[str, Any] | None]]:
        """Yields each row of `df` as (its key in Thai, its values, the live stored row it updates or None).
        MATCH_CHUNK rows at a time, and the stored rows of a chunk are read with one query, so that a national
        file is neither held as dicts whole nor matched with a query per row."""
        keys = t.unique or MATCH_KEYS.get(t.key, tuple(t.keys))
        shown = ("agency", "year", "number", "date") if t.key == "progress" else keys
        numeric = {c.name for c in metadata.tables[t.key].columns if isinstance(c.type, sa.Integer | sa.Float)}
        for start in range(0, len(df), MATCH_CHUNK):
            chunk = [{c: _clean_value(rec[c]) for c in t.keys}
                     for rec in df.iloc[start:start + MATCH_CHUNK].to_dict("records")]
            if t.key == "progress":
                for values in chunk:
                    # The entry belongs to the live measure holding its number now, or to a measure the
                    # same workbook adds (`added_measures`: measures are imported first).
                    m = conn.execute(sa.text(
                        "SELECT id FROM measures WHERE deleted = 0 AND agency = :agency AND year = :year "
                        "AND number = :number"),
                        {k: values[k] for k in ("agency", "year", "number")}).scalar()
                    values["measure_id"] = m if m is not None else added_measures.get(
                        (values["agency"], values["year"], values["number"]))
            stored = self._stored_rows(conn, t.key, keys, numeric, chunk)
            for values in chunk:
                yield (" / ".join(str(values[k]) for k in shown), values,
                       stored.get(_match_key(values, keys, numeric)))

    @staticmethod
    def _stored_rows(conn: Connection, table: str, keys: Sequence[str], numeric: set[str],
                     chunk: list[dict[str, Any]]) -> dict[tuple[Any, ...], dict[str, Any]]:
        """Returns the live rows of `table` whose first key column holds a value of `chunk`, by their
        _match_key (the first of equal keys, by id, as a LIMIT 1 query would find in id order)."""
        t = metadata.tables[table]
        first = t.c[keys[0]]
        wanted = {v[keys[0]] for v in chunk}
        where = first.in_([v for v in wanted if v is not None])
        if None in wanted:
            where = sa.or_(where, first.is_(None))
        rows: dict[tuple[Any, ...], dict[str, Any]] = {}
        for r in conn.execute(sa.select(t).where(t.c.deleted == 0, where).order_by(t.c.id)).mappings():
            row = dict(r)
            rows.setdefault(_match_key(row, keys, numeric), row)
        return rows

    def _plan_import(self, conn: Connection, ds: Dataset, author: str,
                     writing: bool = True, progress: Progress | None = None) -> _ImportPlan:
        """Returns what importing `ds` does, as read through `conn`: the preview and, when `writing`,
        the rows to insert and update with their history entries. Raises InvalidEntry (when
        `writing`) for a progress entry whose measure is nowhere, or dated after today."""
        plan = _ImportPlan(self._data_version(conn))
        positions: dict[tuple[Any, Any], int] = {}
        added_measures: dict[tuple[Any, Any, Any], int] = {}
        if writing:
            _create_scratch(conn, SCRATCH_HISTORY)
        total, seen = max(1, sum(len(ds[t.key]) for t in TABLES)), 0
        for t in TABLES:
            rows = _PreparedTable(conn, t.key, author or "ไม่ระบุ", "import") if writing and len(ds[t.key]) else None
            for key, values, existing in self._matches(conn, t, ds[t.key], added_measures):
                seen += 1
                if progress is not None and seen % PROGRESS_EVERY == 0:
                    progress(PLANNED * seen / total, f"กำลังตรวจเทียบกับข้อมูลในระบบ {seen:,} จาก {total:,} แถว")
                if rows is not None and t.key == "progress":
                    if values["measure_id"] is None:
                        raise InvalidEntry([("ความก้าวหน้ามาตรการ", (
                            f"ไม่พบมาตรการลำดับ {values['number']} ปี {values['year']} ของ {values['agency']} "
                            "ทั้งในไฟล์และในระบบ จึงไม่นำเข้าข้อมูลใด ๆ"))])
                    if existing is None or _differs(existing.get("date"), values["date"]):
                        _refuse_a_future_date(values["date"], (
                            f"บันทึกความก้าวหน้าของมาตรการลำดับ {values['number']} ปี {values['year']} "
                            f"ของ {values['agency']}: "), "จึงไม่นำเข้าข้อมูลใด ๆ")
                if existing is not None:
                    changes = _import_changes(existing, values)
                    plan.add(t.sheet, key, rules.CHANGED if changes else rules.UNCHANGED,
                             ", ".join(t.column(c).header for c in changes))
                    if changes and rows is not None:
                        rows.update(existing, changes)
                    continue
                plan.add(t.sheet, key, rules.ADDED)
                if rows is None:
                    continue
                if t.key == "measures":
                    place = (values["agency"], values["year"])
                    if place not in positions:
                        positions[place] = self._next_position(conn, *place)
                    values["position"] = positions[place]
                    positions[place] += 1
                    # A new measure without a status has not started, as when added in the app.
                    values["status"] = values.get("status") or MEASURE_STATUSES[0]
                if t.key == "agencies" and _blank(values.get("fictional")):
                    values["fictional"] = NO  # a wide file names the agency only
                row_id = rows.insert(values)
                if t.key == "measures":
                    added_measures[(values["agency"], values["year"], values["number"])] = row_id
            if rows is not None and rows.count:
                rows.flush()
                plan.tables.append(rows)
        return plan

    # -- scores ---------------------------------------------------------------------------------

    def year_values(self, agency: str, year: int) -> dict[str, Any]:
        """Returns a year's stored values as save_year takes them: indicator code → score, and the
        result's IIT, EIT, OIT, total, level and note (absent when not stored)."""
        with self.reading() as conn:
            return self._year_values(conn, agency, year)

    def _year_values(self, conn: Connection, agency: str, year: int) -> dict[str, Any]:
        where = {"agency": agency, "year": int(year)}
        values: dict[str, Any] = {
            r["indicator"]: r["score"] for r in conn.execute(sa.text(
                "SELECT indicator, score FROM indicator_scores WHERE deleted = 0 AND agency = :agency "
                "AND year = :year"), where).mappings()
        }
        row = conn.execute(sa.text("SELECT * FROM results WHERE deleted = 0 AND agency = :agency AND year = :year"),
                           where).mappings().first()
        if row is not None:
            values.update({k: row[k] for k in ("IIT", "EIT", "OIT", "total", "level", "note")})
        return values

    def _year_conflict(self, conn: Connection, agency: str, year: int, read: Mapping[str, Any],
                       now: Mapping[str, Any], keys: Sequence[str]) -> None:
        """Raises ConflictError when someone saved one of `keys` since the form read the year."""
        theirs = {k: (read.get(k), now.get(k)) for k in keys if _differs(read.get(k), now.get(k))}
        if not theirs:
            return
        # Who saved last among the rows behind the clashing fields (scores by code, or the result).
        codes = [k for k in theirs if k in self.fw.known_codes()]
        last = conn.execute(sa.text(
            "SELECT h.author, h.at FROM history h WHERE (h.tbl = 'indicator_scores' AND h.row_id IN (SELECT id FROM "
            "indicator_scores WHERE agency = :agency AND year = :year AND indicator IN :codes)) "
            "OR (:result AND h.tbl = 'results' AND h.row_id IN (SELECT id FROM results WHERE agency = :agency "
            "AND year = :year)) ORDER BY h.id DESC LIMIT 1").bindparams(sa.bindparam("codes", expanding=True)),
            {"agency": agency, "year": int(year), "codes": codes, "result": len(codes) < len(theirs)},
        ).mappings().first()
        named = {(f"ตัวชี้วัดที่ {k}" if k in self.fw.known_codes() else _YEAR_FIELDS_TH.get(k, k)): v
                 for k, v in theirs.items()}
        raise ConflictError(dict(now), named, last["author"] if last else "", last["at"] if last else "",
                            table="results")

    def save_year(self, agency: str, year: int, indicators: Mapping[str, float | None],
                  result: Mapping[str, Any], actor: Account | None, source: str,
                  read: Mapping[str, Any] | None = None) -> None:
        """Saves one year's indicator scores and published result in one transaction; a None
        score removes that score (soft delete, in the history).

        `read` is the year as the form showed it (Store.year_values at the time). With it, only
        the fields the person changed are written, and if someone else saved one of those fields
        since, nothing is written and ConflictError says what they changed."""
        author = _allowed(actor, "scores", agency)
        problems = []
        for code, score in indicators.items():
            problem = rules.indicators_problem([code], self.fw.known_codes()) or rules.score_problem(score)
            if problem is not None:
                problems.append((f"ตัวชี้วัด {code}", problem.message_th))
        for key in ("IIT", "EIT", "OIT", "total"):
            if problem := rules.score_problem(result.get(key)):
                problems.append((key, problem.message_th))
        if problems:
            raise InvalidEntry(problems)
        with self.transaction() as conn:
            if read is not None:
                indicators = {c: v for c, v in indicators.items() if _differs(read.get(c), v)}
                result = {k: v for k, v in result.items() if _differs(read.get(k), v)}
                self._year_conflict(conn, agency, year, read, self._year_values(conn, agency, year),
                                    [*indicators, *result])
            for code, score in indicators.items():
                row = conn.execute(sa.text(
                    "SELECT * FROM indicator_scores WHERE deleted = 0 AND agency = :agency AND year = :year "
                    "AND indicator = :code"), {"agency": agency, "year": int(year), "code": code}).mappings().first()
                if row is None and score is not None:
                    self._insert(conn, "indicator_scores", {"agency": agency, "year": year, "indicator": code,
                                                            "score": float(score), "source": source}, author)
                elif row is not None and score is None:
                    self._update(conn, "indicator_scores", row["id"], {"deleted": 1}, author, action="delete")
                elif row is not None and _differs(row["score"], float(score)):  # type: ignore[arg-type]
                    self._update(conn, "indicator_scores", row["id"], {"score": float(score), "source": source},
                                 author)
            fields = {k: result.get(k) for k in ("IIT", "EIT", "OIT", "total", "level", "note") if k in result}
            if fields:
                row = conn.execute(sa.text(
                    "SELECT * FROM results WHERE deleted = 0 AND agency = :agency AND year = :year"),
                    {"agency": agency, "year": int(year)}).mappings().first()
                if row is None:
                    self._insert(conn, "results", {"agency": agency, "year": year, **fields, "source": source},
                                 author)
                elif any(_differs(row[k], v) for k, v in fields.items()):
                    self._update(conn, "results", row["id"], {**fields, "source": source}, author)

    # -- measures -------------------------------------------------------------------------------

    def _next_position(self, conn: Connection, agency: str, year: int) -> int:
        return int(conn.execute(sa.text(
            "SELECT COALESCE(MAX(position), 0) + 1 FROM measures WHERE agency = :agency AND year = :year"),
            {"agency": agency, "year": int(year)}).scalar_one())

    def _refuse_a_taken_number(self, conn: Connection, agency: str, year: int, number: Any,
                               measure_id: int | None = None, restoring: bool = False) -> None:
        """Raises InvalidEntry when a live measure other than `measure_id` has this number in the plan."""
        clash = conn.execute(sa.text(
            "SELECT 1 FROM measures WHERE deleted = 0 AND agency = :agency AND year = :year AND number = :number "
            "AND id != :id"), {"agency": agency, "year": int(year), "number": str(number),
                               "id": -1 if measure_id is None else int(measure_id)}).first()
        if clash:
            raise InvalidEntry([rules.number_taken_problem(number, restoring)])

    def validate_measure(self, fields: Mapping[str, Any], agency: str) -> list[tuple[str, str]]:
        """Returns the problems of a measure's fields as (field, Thai message), by the measure rules
        (ita.core.rules) with the agency's units and the framework's indicators; empty when it can
        be saved."""
        return rules.measure_problems(fields, known_units=set(self.units(agency)),
                                      known_indicators=self.fw.known_codes(),
                                      fiscal_year=int(fields.get("year") or 0) or None)

    def add_measure(self, fields: Mapping[str, Any], actor: Account | None) -> int:
        """Adds a measure at the end of its year's plan; returns its id."""
        author = _allowed(actor, "measures", str(fields.get("agency") or ""))
        values = {c: fields.get(c) for c in TABLES_BY_KEY["measures"].keys}
        values["status"] = values.get("status") or MEASURE_STATUSES[0]
        values["updated"] = datetime.now().date().isoformat()
        problems = self.validate_measure(values, values["agency"])
        if problems:
            raise InvalidEntry(problems)
        values["target"] = rules.read_score(values.get("target"))
        with self.transaction() as conn:
            self._refuse_a_taken_number(conn, values["agency"], values["year"], values["number"])
            values["position"] = self._next_position(conn, values["agency"], values["year"])
            return self._insert(conn, "measures", values, author)

    def update_measure(self, measure_id: int, changes: Mapping[str, Any], expected_version: int,
                       actor: Account | None) -> dict[str, Any]:
        """Saves changed fields if nobody saved since `expected_version`; raises ConflictError
        (showing what they changed) otherwise. Returns the saved row."""
        allowed = set(TABLES_BY_KEY["measures"].keys) - {"agency", "year"}
        unknown = set(changes) - allowed
        if unknown:
            raise StoreError("แก้ไขช่องนี้ไม่ได้", f"cannot change {sorted(unknown)}")
        current = self.measure(measure_id)
        author = _allowed(actor, "measures", current["agency"])
        merged = {**current, **changes}
        problems = self.validate_measure(merged, current["agency"])
        if problems:
            raise InvalidEntry(problems)
        with self.transaction() as conn:
            if "number" in changes and changes["number"] != current["number"]:
                self._refuse_a_taken_number(conn, current["agency"], current["year"], changes["number"], measure_id)
            values = {**changes, "updated": datetime.now().date().isoformat()}
            if "target" in values:
                values["target"] = rules.read_score(values["target"])
            return self._update(conn, "measures", measure_id, values, author, expected_version)

    def delete_measure(self, measure_id: int, expected_version: int, actor: Account | None) -> None:
        """Soft-deletes a measure (undo with `undelete_measure`)."""
        with self.transaction() as conn:
            author = _allowed(actor, "measures", self._row(conn, "measures", measure_id)["agency"])
            self._update(conn, "measures", measure_id, {"deleted": 1}, author, expected_version, action="delete")

    def undelete_measure(self, measure_id: int, actor: Account | None) -> None:
        with self.transaction() as conn:
            row = self._row(conn, "measures", measure_id)
            author = _allowed(actor, "measures", row["agency"])
            self._refuse_a_taken_number(conn, row["agency"], row["year"], row["number"], restoring=True)
            self._refuse_a_second_copy(conn, row)
            self._update(conn, "measures", measure_id, {"deleted": 0}, author, action="restore")

    def reorder_measures(self, ordered_ids: Sequence[int], actor: Account | None) -> None:
        """Sets the plan order of a year's measures to `ordered_ids` (positions 1…n)."""
        with self.transaction() as conn:
            for pos, mid in enumerate(ordered_ids, start=1):
                row = self._row(conn, "measures", mid)
                author = _allowed(actor, "measures", row["agency"])
                if row["position"] != pos:
                    self._update(conn, "measures", mid, {"position": pos}, author, action="reorder")

    # -- carrying unfinished measures forward ----------------------------------------------------

    def carry_forward(self, measure_ids: Sequence[int], to_year: int, actor: Account | None) -> list[int]:
        """Copies unfinished measures into the agency's plan of `to_year`, in one transaction (all or none);
        returns the new measures' ids, in the originals' plan order. Each measure must be live, of one agency,
        of a year before `to_year`, not done, and not carried into `to_year` already (a live measure there
        whose carried_from is its id); otherwise InvalidEntry names every measure refused and why, and nothing
        is written. Whoever may write the agency's measures may carry them (as add_measure).

        A copy keeps the original's planning fields (CARRIED_FIELDS) and its status (the work goes on from
        where it stood); its period is shifted to `to_year` (thai.shift_period), it is numbered after the
        plan's largest number (rules.next_number), placed at the plan's end, and links to the original
        (`carried_from`; `source` and `note` say so in words). The original's results, problems and
        suggestions stay with it (they are its year's report), and so does its progress log
        (carried_progress reads it)."""
        ids = list(dict.fromkeys(int(i) for i in measure_ids))
        if not ids:
            raise InvalidEntry([rules.nothing_to_carry_problem()])
        if problem := rules.carry_year_problem(to_year):
            raise InvalidEntry([problem])
        to_year = int(to_year)
        today = datetime.now().date().isoformat()
        with self.transaction() as conn:
            originals = [self._measure_row(conn, i) for i in ids]
            agency = originals[0]["agency"]
            author = _allowed(actor, "measures", agency)
            for other in {m["agency"] for m in originals} - {agency}:  # refused for the account, or said below
                _allowed(actor, "measures", other)
            originals.sort(key=lambda m: (m["year"], m["position"], m["id"]))
            carried = self._carried_into(conn, ids, to_year)
            problems = [p for m in originals if (p := rules.carry_problem(m, to_year, agency, carried.get(m["id"])))]
            if problems:
                raise InvalidEntry(problems)
            t = metadata.tables["measures"]
            numbers = list(conn.execute(sa.select(t.c.number).where(
                t.c.deleted == 0, t.c.agency == agency, t.c.year == to_year)).scalars())
            copies = []
            for m in originals:
                values = {
                    **{c: m[c] for c in CARRIED_FIELDS}, "agency": agency, "year": to_year,
                    "number": rules.next_number(numbers), "period": thai.shift_period(m["period"], m["year"], to_year),
                    "updated": today, "source": rules.carried_source(m["number"], m["year"]),
                    "note": rules.carried_note(m["year"], m["status"]), "carried_from": m["id"],
                }
                numbers.append(values["number"])
                problems.extend((f"{rules.carried_label(m['number'], m['year'])} · {field}", message)
                                for field, message in self.validate_measure(values, agency))
                copies.append(values)
            if problems:
                raise InvalidEntry(problems)
            new_ids = []
            for values in copies:
                values["position"] = self._next_position(conn, agency, to_year)
                new_ids.append(self._insert(conn, "measures", values, author))
            return new_ids

    def _measure_row(self, conn: Connection, measure_id: int) -> dict[str, Any]:
        """Returns a measure's row (deleted or not); StoreError naming the id when there is none."""
        t = metadata.tables["measures"]
        row = conn.execute(sa.select(t).where(t.c.id == int(measure_id))).mappings().first()
        if row is None:
            raise StoreError(f"ไม่พบมาตรการรหัส {measure_id}", f"no measure {measure_id}")
        return dict(row)

    @staticmethod
    def _carried_into(conn: Connection, ids: Sequence[int], year: int) -> dict[int, str]:
        """Returns {original id: number of its live copy} for those of `ids` carried into the plan of `year`."""
        t = metadata.tables["measures"]
        rows = conn.execute(sa.select(t.c.carried_from, t.c.number).where(
            t.c.deleted == 0, t.c.year == int(year), t.c.carried_from.in_([int(i) for i in ids])))
        return {int(r.carried_from): r.number for r in rows}

    def _refuse_a_second_copy(self, conn: Connection, row: Mapping[str, Any]) -> None:
        """Raises InvalidEntry when a measure being brought back (undelete, restore) was carried from a
        measure that another live measure of its plan was carried from too (carry_forward's one copy a year)."""
        if row.get("carried_from") is None:
            return
        if self._carried_into(conn, [row["carried_from"]], row["year"]):
            original = self._row(conn, "measures", row["carried_from"])
            raise InvalidEntry([rules.second_copy_problem(row["number"], row["year"], original)])

    def carry_origins(self, agency: str, year: int) -> pd.DataFrame:
        """Returns, for each live measure of the agency's plan of `year` carried from another, the measure it
        was carried from: id (the carried measure), from_id, from_year, from_number, from_title, from_status and
        from_deleted (1 when the original was deleted since: the link stays)."""
        return self._frame(
            "SELECT m.id, o.id AS from_id, o.year AS from_year, o.number AS from_number, o.title AS from_title, "
            "o.status AS from_status, o.deleted AS from_deleted "
            "FROM measures m JOIN measures o ON o.id = m.carried_from "
            "WHERE m.deleted = 0 AND m.agency = :agency AND m.year = :year ORDER BY m.position, m.id",
            agency=agency, year=int(year))

    def carried_chain(self, measure_id: int) -> pd.DataFrame:
        """Returns the measures `measure_id` was carried from, nearest first (the one it was carried from, the
        one that was carried from, …): id, agency, year, number, title, status, deleted. Empty for a measure not
        carried; a deleted original is listed (deleted 1). An unknown id is refused."""
        with self.reading() as conn:
            return pd.DataFrame(self._chain(conn, measure_id), columns=CHAIN_COLUMNS)

    def _chain(self, conn: Connection, measure_id: int) -> list[dict[str, Any]]:
        t = metadata.tables["measures"]
        row = self._measure_row(conn, measure_id)
        chain: list[dict[str, Any]] = []
        seen = {row["id"]}
        while row["carried_from"] is not None and row["carried_from"] not in seen:
            row = dict(conn.execute(sa.select(t).where(t.c.id == row["carried_from"])).mappings().one())
            seen.add(row["id"])
            chain.append({c: row[c] for c in CHAIN_COLUMNS})
        return chain

    def carried_progress(self, measure_id: int) -> pd.DataFrame:
        """Returns the progress logs of the measures `measure_id` was carried from (carried_chain), to read:
        each entry (id, date, text, evidence, author, source) with the measure it belongs to (measure_id, and its
        year and number now), the nearest original's first, newest first within each. Store.progress stays the
        measure's own log."""
        with self.reading() as conn:
            ids = [m["id"] for m in self._chain(conn, measure_id)]
            if not ids:
                return pd.DataFrame(columns=CARRIED_PROGRESS_COLUMNS)
            return pd.read_sql_query(sa.text(
                "SELECT p.id, p.measure_id, m.year, m.number, p.date, p.text, p.evidence, p.author, p.source "
                "FROM progress p JOIN measures m ON m.id = p.measure_id WHERE p.deleted = 0 AND p.measure_id IN :ids "
                "ORDER BY m.year DESC, p.date DESC, p.id DESC").bindparams(sa.bindparam("ids", expanding=True)),
                conn, params={"ids": ids})

    def add_progress(self, measure_id: int, day: str, text: str, evidence: str, actor: Account | None) -> int:
        """Adds a dated progress entry to a measure; returns its id. A unit head may add one only to a
        measure their unit is responsible for."""
        values = _progress_values({"date": day, "text": text, "evidence": evidence})
        with self.transaction() as conn:
            m = self._row(conn, "measures", measure_id)
            author = _allowed(actor, "progress", m["agency"], split_units(m["units"]))
            if m["deleted"]:
                raise StoreError("มาตรการนี้ถูกลบแล้ว จึงเพิ่มความก้าวหน้าไม่ได้ (กู้คืนมาตรการก่อน)",
                                 f"measure {measure_id} is deleted")
            pid = self._insert(conn, "progress", {
                "measure_id": measure_id, "agency": m["agency"], "year": m["year"], "number": m["number"],
                "date": values["date"], "text": values["text"], "evidence": values["evidence"], "author": author,
                "source": f"บันทึกในโปรแกรมโดย {author}",
            }, author)
            # The measure row itself is not touched: its last update is the latest of its own
            # `updated` and its progress dates (ita.services.progress), so adding progress never makes a
            # planner's open edit of the measure conflict.
            return pid

    def _progress_author(self, conn: Connection, actor: Account | None, row: Mapping[str, Any],
                         measure: Mapping[str, Any] | None = None) -> str:
        """Returns the actor's label when they may write the progress entry `row` (its measure's units)."""
        if measure is None and row["measure_id"] is not None:
            measure = self._row(conn, "measures", row["measure_id"])
        return _allowed(actor, "progress", row["agency"], split_units(measure["units"]) if measure else [])

    def _live_progress(self, conn: Connection, progress_id: int, doing: str,
                       actor: Account | None) -> tuple[dict[str, Any], str]:
        """Returns a progress entry `actor` may write and whose measure is not deleted (refusing `doing`
        otherwise), with the label the history records for `actor`."""
        row = self._row(conn, "progress", progress_id)
        measure = self._row(conn, "measures", row["measure_id"]) if row["measure_id"] is not None else None
        author = self._progress_author(conn, actor, row, measure)
        if measure is not None and measure["deleted"]:
            raise StoreError(f"มาตรการของบันทึกนี้ถูกลบแล้ว จึง{doing}ไม่ได้ (กู้คืนมาตรการก่อน)",
                             f"the measure of progress entry {progress_id} is deleted")
        return row, author

    def update_progress(self, progress_id: int, changes: Mapping[str, Any], expected_version: int,
                        actor: Account | None) -> dict[str, Any]:
        """Corrects the date, text or evidence link of a progress entry if nobody saved it since
        `expected_version` (ConflictError otherwise), with the same rules as add_progress. The
        entry keeps its reporter as author; the history records who edited. Returns the saved row."""
        unknown = set(changes) - set(PROGRESS_FIELDS)
        if unknown:
            raise StoreError("แก้ไขช่องนี้ของบันทึกความก้าวหน้าไม่ได้", f"cannot change {sorted(unknown)}")
        values = _progress_values(changes)
        with self.transaction() as conn:
            row, author = self._live_progress(conn, progress_id, "แก้ไขบันทึกความก้าวหน้า", actor)
            if row["deleted"]:
                raise StoreError("บันทึกความก้าวหน้านี้ถูกลบแล้ว จึงแก้ไขไม่ได้ (กู้คืนก่อน)",
                                 f"progress entry {progress_id} is deleted")
            return self._update_changed(conn, "progress", row, values, author, expected_version)

    def delete_progress(self, progress_id: int, expected_version: int, actor: Account | None) -> None:
        """Soft-deletes a progress entry (undo with `undelete_progress`); ConflictError when someone
        saved it since `expected_version`."""
        with self.transaction() as conn:
            row, author = self._live_progress(conn, progress_id, "ลบบันทึกความก้าวหน้า", actor)
            if row["deleted"]:
                raise StoreError("บันทึกความก้าวหน้านี้ถูกลบไปแล้ว", f"progress entry {progress_id} is already deleted")
            self._update(conn, "progress", progress_id, {"deleted": 1}, author, expected_version, action="delete")

    def undelete_progress(self, progress_id: int, actor: Account | None) -> None:
        """Brings back a deleted progress entry (nothing is written when it is not deleted)."""
        with self.transaction() as conn:
            row, author = self._live_progress(conn, progress_id, "กู้คืนบันทึกความก้าวหน้า", actor)
            if row["deleted"]:
                self._update(conn, "progress", progress_id, {"deleted": 0}, author, action="restore")

    # -- the O28 report's problems and suggestions ------------------------------------------------

    def save_measure_report(self, measure_id: int, problems: str, suggestions: str, expected_version: int,
                            actor: Account | None) -> dict[str, Any]:
        """Saves the problems/obstacles and suggestions the O28 report gives for a measure (blank clears
        them) if nobody saved the measure since `expected_version`; raises ConflictError (with what they
        changed) otherwise. Whoever may report progress on the measure may write them (a head of one of
        its units, a planner of the agency); a deleted measure is refused. Returns the saved row."""
        values = rules.report_texts(problems, suggestions)
        with self.transaction() as conn:
            m = self._row(conn, "measures", measure_id)
            author = _allowed(actor, "progress", m["agency"], split_units(m["units"]))
            if m["deleted"]:
                raise StoreError("มาตรการนี้ถูกลบแล้ว จึงบันทึกปัญหา/อุปสรรคและข้อเสนอแนะไม่ได้ (กู้คืนมาตรการก่อน)",
                                 f"measure {measure_id} is deleted")
            # `updated` (the plan's last edit) is left as it is, as add_progress leaves it: these texts are
            # the report's account of the measure, not a change of the plan or of its progress, so they
            # neither move the stale-measure count (ita.services.progress) nor the date the export carries.
            # The version does move: a planner's form opened before this save is told what changed.
            return self._update_changed(conn, "measures", m, values, author, expected_version)

    def year_report(self, agency: str, year: int) -> dict[str, Any]:
        """Returns the problems/obstacles and suggestions of the agency's O28 report of `year` as
        save_year_report takes them: id, agency, year, problems, suggestions, source and version; the
        texts '' and version 0 (id None) when none is stored."""
        with self.reading() as conn:
            return self._year_report(conn, agency, year)

    def _year_report(self, conn: Connection, agency: str, year: int) -> dict[str, Any]:
        row = conn.execute(sa.text("SELECT * FROM reports WHERE deleted = 0 AND agency = :agency AND year = :year"),
                           {"agency": agency, "year": int(year)}).mappings().first()
        if row is None:
            return {"id": None, "agency": agency, "year": int(year), "problems": "", "suggestions": "",
                    "source": "", "version": 0}
        found = dict(row)
        found.pop("deleted")
        return {**found, **{k: found[k] or "" for k in (*rules.REPORT_FIELDS, "source")}}

    def save_year_report(self, agency: str, year: int, problems: str, suggestions: str, expected_version: int,
                         actor: Account | None) -> dict[str, Any]:
        """Saves the problems/obstacles and suggestions of the agency's O28 report of `year` (blank clears
        them): a planner's (the action "measures"), as the plan is. `expected_version` is the version the
        form read (year_report; 0 when there was none): a save over someone else's since is refused with
        ConflictError. Returns the report as year_report gives it after the save."""
        author = _allowed(actor, "measures", agency)
        values = rules.report_texts(problems, suggestions)
        year = int(year)
        with self.transaction() as conn:
            current = self._year_report(conn, agency, year)
            if current["version"] != expected_version:
                self._year_report_conflict(conn, current, expected_version)
            if current["id"] is None:
                if any(values.values()):
                    self._insert(conn, "reports", {"agency": agency, "year": year, **values,
                                                   "source": f"บันทึกในโปรแกรมโดย {author}"}, author)
            else:
                values = {k: v for k, v in values.items() if _differs(current[k], v)}
                if values:
                    self._update(conn, "reports", current["id"], values, author, expected_version)
            return self._year_report(conn, agency, year)

    def _year_report_conflict(self, conn: Connection, current: dict[str, Any], expected: int) -> None:
        """Raises ConflictError for a save of a year's report read at version `expected`, which is not
        the stored one (`current`, version 0 when there is none)."""
        if current["id"] is not None and expected:
            self._conflict(conn, "reports", current["id"], expected, self._row(conn, "reports", current["id"]))
        # The form read no report and one was saved since, or the other way round: what it holds now.
        last = conn.execute(sa.text("SELECT author, at FROM history WHERE tbl = 'reports' AND row_id = :id "
                                    "ORDER BY id DESC LIMIT 1"),
                            {"id": current["id"] if current["id"] is not None else -1}).mappings().first()
        theirs = {k: ("", current[k]) for k in rules.REPORT_FIELDS if current[k]}
        raise ConflictError(current, theirs, last["author"] if last else "", last["at"] if last else "",
                            table="reports")

    # -- history --------------------------------------------------------------------------------

    def restore_version(self, history_id: int, actor: Account | None) -> dict[str, Any]:
        """Makes the row as it was after history entry `history_id` the current version."""
        entry = self._one("SELECT * FROM history WHERE id = :id", id=int(history_id))
        if entry is None or entry["after"] is None:
            raise StoreError("ไม่พบรุ่นที่ต้องการกู้คืน", f"no version in history entry {history_id}")
        snapshot = json.loads(entry["after"])
        table = entry["tbl"]
        if table not in TABLES_BY_KEY:  # e.g. a saved what-if scenario: saving it again is the way back
            raise StoreError("รายการประเภทนี้กู้คืนจากประวัติไม่ได้", f"history of {table} cannot be restored")
        cols = set(TABLES_BY_KEY[table].keys) | {"deleted"} | ({"position"} if table == "measures" else set())
        values = {k: v for k, v in snapshot.items() if k in cols}
        t = TABLES_BY_KEY[table]
        key = t.unique or (("agency", "year", "number") if table == "measures" else ())
        with self.transaction() as conn:
            current = self._row(conn, table, entry["row_id"])
            if table == "progress":
                author = self._progress_author(conn, actor, current)
            else:
                # Restoring is the same write as saving the row: national figures are an admin's.
                author = _allowed(actor, RESTORE_ACTIONS.get(table, "import"), current.get("agency"))
            merged = {**current, **values}
            if table == "measures" and current["deleted"] and not merged.get("deleted"):
                self._refuse_a_second_copy(conn, merged)
            if key and not merged.get("deleted"):
                t = metadata.tables[table]
                clash = conn.execute(sa.select(t.c.id).where(
                    t.c.deleted == 0, t.c.id != entry["row_id"],
                    *(t.c[k].is_not_distinct_from(merged.get(k)) for k in key))).first()
                if clash:
                    shown = " / ".join(str(merged.get(k)) for k in key)
                    raise StoreError(
                        f"กู้คืนรุ่นนี้ไม่ได้: มีรายการอื่นที่ใช้ '{shown}' อยู่แล้ว "
                        "(แก้รายการนั้นหรือเลือกรุ่นอื่นก่อน) ไม่มีข้อมูลใดถูกเปลี่ยน",
                        f"cannot restore: another live row holds the key {shown}",
                    )
            return self._update(conn, table, entry["row_id"], values, author, action="restore")

    # -- what-if scenarios ----------------------------------------------------------------------

    def scenarios(self, agency: str, year: int) -> pd.DataFrame:
        """Returns the agency's saved scenarios of `year` (id, name, targets as JSON text, author,
        saved, version), the latest saved first."""
        return self._frame(
            "SELECT id, agency, year, name, targets, author, saved, version FROM scenarios WHERE deleted = 0 "
            "AND agency = :agency AND year = :year ORDER BY saved DESC, id DESC", agency=agency, year=int(year))

    def save_scenario(self, agency: str, year: int, name: str, targets: str, actor: Account | None) -> int:
        """Saves named targets (JSON text); a scenario of the same name is replaced (its earlier
        targets stay in the history). Returns its id."""
        author = _allowed(actor, "scenarios", agency)
        name = " ".join(str(name or "").split())
        if not name:
            raise InvalidEntry([("ชื่อสถานการณ์", "ต้องกรอกชื่อสถานการณ์")])
        try:
            parsed = json.loads(targets)
        except (TypeError, json.JSONDecodeError):
            parsed = None
        if not isinstance(parsed, dict) or not parsed:
            raise InvalidEntry([("เป้าหมาย", "ต้องมีเป้าหมายอย่างน้อยหนึ่งตัวชี้วัด")])
        values = {"targets": targets, "author": author, "saved": _now()}
        with self.transaction() as conn:
            row = conn.execute(sa.text(
                "SELECT id FROM scenarios WHERE deleted = 0 AND agency = :agency AND year = :year AND name = :name"),
                {"agency": agency, "year": int(year), "name": name}).mappings().first()
            if row is not None:
                self._update(conn, "scenarios", row["id"], values, author)
                return int(row["id"])
            return self._insert(conn, "scenarios", {"agency": agency, "year": int(year), "name": name, **values},
                                author)

    def delete_scenario(self, scenario_id: int, expected_version: int, actor: Account | None) -> None:
        """Soft-deletes a saved scenario (kept in the history)."""
        with self.transaction() as conn:
            author = _allowed(actor, "scenarios", self._row(conn, "scenarios", scenario_id)["agency"])
            self._update(conn, "scenarios", scenario_id, {"deleted": 1}, author, expected_version, action="delete")

    # -- the framework's years an admin adds (issue 16) -----------------------------------------------

    def framework_year_rows(self) -> pd.DataFrame:
        """Returns the live years an admin added, by year: id, year, body (JSON text), author, saved, version
        (what delete_framework_year takes)."""
        return self._frame("SELECT id, year, body, author, saved, version FROM framework_years WHERE deleted = 0 "
                           "ORDER BY year, id")

    def framework_years(self) -> dict[int, dict[str, Any]]:
        """Returns the live years an admin added, year → body (the year's entry as framework.json writes it),
        what Framework.with_years takes."""
        out: dict[int, dict[str, Any]] = {}
        for year, text in self.framework_year_rows()[["year", "body"]].itertuples(index=False):
            try:
                parsed = json.loads(text)
            except (TypeError, json.JSONDecodeError):
                continue  # never written so (add_framework_year writes JSON); the admin page shows the row
            if isinstance(parsed, dict):
                out[int(year)] = parsed
        return out

    def add_framework_year(self, year: int, body: Mapping[str, Any], actor: Account | None) -> int:
        """Adds a year to the framework (an admin's write, ita.core.access "framework"): `body` is the year's
        entry as framework.json writes it, checked by ita.core.framework.year_problems against the file's
        framework (a year the file has is refused) and refused as well when a live added year has it; raises
        InvalidEntry with the problems, nothing written. Returns the row's id; the history records it."""
        author = _allowed(actor, "framework", None)
        entry = {**dict(body), "year": body.get("year", year)}
        problems = year_problems(entry, self.fw)
        if str(entry["year"]).strip() != str(year) and not any(f == FRAMEWORK_FIELDS_TH["year"] for f, _ in problems):
            problems.insert(0, (FRAMEWORK_FIELDS_TH["year"], f"ปีของข้อมูล ({entry['year']}) ไม่ตรงกับปีที่เพิ่ม ({year})"))
        if problems:
            raise InvalidEntry(problems)
        text = json.dumps({**entry, "year": int(year)}, ensure_ascii=False)
        with self.transaction() as conn:
            taken = conn.execute(sa.text("SELECT 1 FROM framework_years WHERE deleted = 0 AND year = :year"),
                                 {"year": int(year)}).first()
            if taken:
                raise InvalidEntry([(FRAMEWORK_FIELDS_TH["year"],
                                     f"มีผู้เพิ่มกรอบการประเมินของปี {int(year)} ไว้แล้ว (ลบรายการเดิมก่อนจึงเพิ่มใหม่ได้)")])
            return self._insert(conn, "framework_years",
                                {"year": int(year), "body": text, "author": author, "saved": _now()}, author)

    def delete_framework_year(self, year_id: int, expected_version: int, actor: Account | None) -> None:
        """Soft-deletes a year an admin added (kept in the history) if nobody changed it since
        `expected_version` (ConflictError otherwise)."""
        with self.transaction() as conn:
            author = _allowed(actor, "framework", None)
            row = self._row(conn, "framework_years", year_id)
            if row["deleted"]:
                raise StoreError(f"กรอบการประเมินของปี {row['year']} ถูกลบไปแล้ว",
                                 f"the framework year {row['year']} is already deleted")
            self._update(conn, "framework_years", year_id, {"deleted": 1}, author, expected_version, action="delete")


def _as_read(table: sa.Table, row: Mapping[str, Any]) -> dict[str, Any]:
    """A row RETURNING gave, as a SELECT reads it: SQLite returns a whole REAL as an integer there (85 for 85.0),
    which would make the history's JSON differ from the row read back."""
    return {k: float(v) if v is not None and isinstance(table.c[k].type, sa.Float) else v for k, v in row.items()}


def _q(name: str) -> str:
    return f'"{name}"'


# What a measure carried into a later plan takes from its original (Store.carry_forward), besides its status:
# the planning fields. Its period is shifted; results, problems and suggestions are the old year's report.
CARRIED_FIELDS = ("title", "indicators", "weakness", "method", "owner_text", "units", "followup", "budget", "target",
                  "status")
CHAIN_COLUMNS = ["id", "agency", "year", "number", "title", "status", "deleted"]
CARRIED_PROGRESS_COLUMNS = ["id", "measure_id", "year", "number", "date", "text", "evidence", "author", "source"]


# The action a restore from the history is, by the row's table (other tables: an import's).
RESTORE_ACTIONS: dict[str, Action] = {
    "measures": "measures", "indicator_scores": "scores", "results": "scores", "scenarios": "scenarios",
    "reports": "measures",
}
# Tables without an agency (national figures): shared by every agency, so only an admin changes them.
NATIONAL_SHEETS = frozenset(t.sheet for t in TABLES if "agency" not in t.keys)


def _allowed(actor: Account | None, action: Action, agency: str | None, units: Sequence[str] | None = None) -> str:
    """Returns what the history records for `actor` when the access rules (ita.core.access) allow the
    write; raises AccessDenied, before anything is written, otherwise."""
    require(actor, action, agency, units)
    return actor.label  # type: ignore[union-attr]  # require refused None


def _refuse_national_changes(actor: Account | None, plan: _ImportPlan) -> None:
    """Raises AccessDenied when an import would add or change national figures and `actor` is no admin
    (a planner's workbook may carry them unchanged)."""
    if plan.changes_national():
        require(actor, "import", None)


_YEAR_FIELDS_TH = {"total": "คะแนนรวม", "level": "ระดับที่ประกาศ", "note": "หมายเหตุ"}


def _progress_values(fields: Mapping[str, Any]) -> dict[str, str]:
    """Returns the given fields of a progress entry as stored (ISO date, stripped text and link);
    raises InvalidEntry listing every problem by the progress rules (ita.core.rules)."""
    values, problems = rules.progress_values(fields, date.today())
    if problems:
        raise InvalidEntry(problems)
    return values


def _refuse_a_future_date(value: Any, prefix: str, suffix: str) -> None:
    """Raises InvalidEntry (field วันที่) when an imported progress date lies after today."""
    try:
        day = thai.parse_thai_date(value)
    except thai.ThaiParseError:
        return  # an unreadable date is the file check's to report
    if problem := rules.future_date_problem(day, date.today()):
        raise InvalidEntry([(rules.DATE_LABEL, f"{prefix}{problem.message_th} {suffix}")])


def _blank(value: Any) -> bool:
    value = _clean_value(value)
    return value is None or (isinstance(value, str) and not value.strip())


# Fields that say where a row's values come from, not what they are: a different one alone never
# makes an imported row "changed" (a wide sheet gives every row a generated "sheet, row" source),
# so an unchanged row keeps its citation; when values do change, the file's source is recorded.
PROVENANCE_FIELDS = frozenset({"source"})


def _import_changes(existing: Mapping[str, Any], incoming: Mapping[str, Any]) -> dict[str, Any]:
    """Returns the fields an import changes in an existing row. A blank cell means "not given",
    never "erase": a wide file without a level column, or an agency named without its details,
    leaves what is stored as it is (clearing a value is done in the app, with its history).
    Provenance (PROVENANCE_FIELDS) is changed only together with a value."""
    changes = {c: v for c, v in incoming.items() if not _blank(v) and _differs(existing.get(c), v)}
    return changes if set(changes) - PROVENANCE_FIELDS else {}


def _differs(a: Any, b: Any) -> bool:
    a, b = _clean_value(a), _clean_value(b)
    if a is None or b is None:
        return (a is None) != (b is None) and not (a in ("", None) and b in ("", None))
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) > 1e-9
    return str(a) != str(b)


def _describe(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    if before is None:
        return "สร้างรายการ"
    if after is None:
        return "ลบรายการ"
    changed = [k for k in after if k not in {"version"} and _differs(before.get(k), after.get(k))]
    return ", ".join(f"{k}: {before.get(k)!s:.40} → {after.get(k)!s:.40}" for k in changed)


def frame_for_export(store: Store, agency: str) -> Dataset:
    """Returns all of an agency's data (plus national figures) in the template's tables."""
    return store.dataset().for_agency(agency)


def typed(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Returns `df` with the template table's columns and types."""
    return normalise_frame(TABLES_BY_KEY[table], df)
