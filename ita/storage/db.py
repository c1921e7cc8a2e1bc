"""Where the store's database is and how it is opened: a SQLite file (ITA_DB a path, the default data/ita.db)
or a PostgreSQL server (ITA_DB a postgresql:// URL), both through SQLAlchemy's engine and connection pool.

What differs between the two engines lives here and nowhere else:
- how a write transaction excludes other writers: SQLite's BEGIN IMMEDIATE (the file's write lock);
  PostgreSQL's transaction-level advisory lock WRITE_LOCK, so that every write sees the store as the
  previous write left it, as with SQLite (reads never wait, on either engine);
- how long a write waits for that lock (ITA_DB_BUSY_SECONDS) and which driver errors mean "busy" or
  "the database cannot be used", turned into a Thai StoreError by ita.storage.store;
- how the id sequences are moved after rows are written with their ids (PostgreSQL's serial columns).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url

from ita.core.errors import ItaError

DEFAULT_DB = Path(__file__).resolve().parents[2] / "data" / "ita.db"
POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
# The key of PostgreSQL's advisory lock that one write transaction at a time holds (any constant: the app
# takes no other advisory lock). Migrations take it too, so two servers starting at once migrate once.
WRITE_LOCK = 0x17A
WRITING = "ita_writing"  # the execution option that makes a connection's next transaction a write


class TargetError(ItaError):
    """ITA_DB (or --db) names no database the store can use."""


@dataclass(frozen=True)
class Target:
    """A store's database: `url` for SQLAlchemy, `path` the SQLite file (None on PostgreSQL)."""

    url: URL
    path: Path | None

    @property
    def dialect(self) -> str:
        return "sqlite" if self.path is not None else "postgresql"

    def shown(self) -> str:
        """The path, or the URL without its password (for messages and logs)."""
        return str(self.path) if self.path is not None else self.url.render_as_string(hide_password=True)


def target(value: str | os.PathLike[str] | None = None) -> Target:
    """Returns the database `value` names (else ITA_DB, else data/ita.db): a file path is SQLite, a
    postgresql:// (or postgres://) URL is PostgreSQL through psycopg 3; any other URL is refused."""
    raw = str(value or os.environ.get("ITA_DB") or DEFAULT_DB)
    if "://" not in raw:
        return Target(URL.create("sqlite+pysqlite", database=str(Path(raw))), Path(raw))
    try:
        url = make_url(raw)
    except sa.exc.ArgumentError as exc:
        raise TargetError(f"ที่อยู่ฐานข้อมูลไม่ถูกต้อง: {raw!r}", f"not a database URL: {raw!r}") from exc
    if url.drivername not in POSTGRES_SCHEMES:
        raise TargetError(
            f"ไม่รู้จักฐานข้อมูลชนิด '{url.drivername}' (ใช้ได้: ชื่อไฟล์ SQLite หรือ postgresql://…)",
            f"unknown database kind {url.drivername!r}: give a SQLite file path or a postgresql:// URL")
    return Target(url.set(drivername="postgresql+psycopg"), None)


def engine(where: Target, busy_seconds: float) -> Engine:
    """Returns an engine for `where` whose write transactions wait at most `busy_seconds` for another."""
    if where.path is not None:
        where.path.parent.mkdir(parents=True, exist_ok=True)
        # `timeout` is SQLite's busy timeout: a statement waits that long for a lock.
        eng = sa.create_engine(where.url, connect_args={"timeout": busy_seconds, "check_same_thread": False},
                               pool_size=8, max_overflow=32)

        @event.listens_for(eng, "connect")
        def _sqlite_connect(dbapi: sqlite3.Connection, _record: Any) -> None:
            dbapi.isolation_level = None  # the transactions are this module's, not pysqlite's
            dbapi.execute("PRAGMA journal_mode=WAL")
            dbapi.execute("PRAGMA synchronous=FULL")

        @event.listens_for(eng, "begin")
        def _sqlite_begin(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITING) else "BEGIN")

        return eng
    # prepare_threshold None: psycopg would prepare a statement run five times on a connection, and the server
    # could keep a generic plan made while a table was small (a sequential scan of the national score table,
    # 0.5 s a query, in the second import of a long-lived app server; BENCHMARKS.md, issue 15).
    eng = sa.create_engine(where.url, pool_size=8, max_overflow=32, pool_pre_ping=True,
                           connect_args={"connect_timeout": 10, "application_name": "ita-dashboard",
                                         "prepare_threshold": None})
    lock_ms = int(busy_seconds * 1000)

    @event.listens_for(eng, "begin")
    def _pg_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(WRITING):
            # lock_timeout (local to the transaction) bounds the wait for the write lock, and any row lock, as
            # SQLite's busy timeout does; set in the subquery, before the lock is asked for, in one round trip.
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK}) FROM (SELECT set_config("
                                 f"'lock_timeout', '{lock_ms}', true)) AS timeout")

    return eng


def analyse(conn: Connection, tables: list[str]) -> None:
    """After a bulk write: PostgreSQL's planner statistics of `tables` brought up to date at once, rather than
    when autovacuum comes by (until then it plans for the tables as they were, small)."""
    if conn.dialect.name == "postgresql":
        for name in tables:
            conn.exec_driver_sql(f"ANALYZE {name}")


def move_sequences(conn: Connection, tables: list[str]) -> None:
    """After rows were written with ids chosen by the writer (an import, a copy): PostgreSQL's id sequences
    continue after the largest id, so the next insert without an id does not take one already used."""
    if conn.dialect.name != "postgresql":
        return  # SQLite gives the largest id + 1
    for name in tables:
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, "
            "false)")
