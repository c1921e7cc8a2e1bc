"""The throwaway PostgreSQL of the tests (tests/pgserver.py, fixtures in tests/conftest.py): a real server,
empty and writable databases kept apart, not run as root, stopped and removed; a clear message when
PostgreSQL is not installed. Without PostgreSQL these tests fail (never skip): the store must be tested on it.
"""

from __future__ import annotations

import os
import pwd
import socket
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tests import pgserver


def unique(prefix: str) -> str:
    """Returns a database name no other session on a shared ITA_TEST_PG_URL server uses."""
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def scalar(url: str, query: str) -> object:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(query)).scalar()
    finally:
        engine.dispose()


def test_the_server_is_postgresql_in_utf8(pg_url: str) -> None:
    assert str(scalar(pg_url, "SELECT version()")).startswith("PostgreSQL ")
    assert scalar(pg_url, "SHOW server_encoding") == "UTF8"
    assert make_url(pg_url).drivername == "postgresql+psycopg"


def test_a_database_is_empty_and_writable(pg_url: str) -> None:
    # Tables, views, sequences, indexes: none outside the system schemas.
    relations = (
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'"
    )
    assert scalar(pg_url, relations) == 0
    engine = sa.create_engine(pg_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE t (name text)"))
            conn.execute(sa.text("INSERT INTO t VALUES (:n)"), {"n": "อบต.ทดสอบ"})
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT name FROM t")).scalar() == "อบต.ทดสอบ"
    finally:
        engine.dispose()


def test_two_databases_are_separate(pg_server: pgserver.Server, pg_url: str) -> None:
    name = unique("ita_test_other")
    pg_server.create_database(name)
    try:
        other = pg_server.url_for(name)
        engine = sa.create_engine(pg_url)
        try:
            with engine.begin() as conn:
                conn.execute(sa.text("CREATE TABLE only_here (x int)"))
        finally:
            engine.dispose()
        assert scalar(other, "SELECT to_regclass('only_here') IS NULL") is True
        assert scalar(pg_url, "SELECT current_database()") != scalar(other, "SELECT current_database()")
    finally:
        pg_server.drop_database(name)


def test_drop_database_ends_open_connections(pg_server: pgserver.Server) -> None:
    name = unique("ita_test_busy")
    pg_server.create_database(name)
    engine = sa.create_engine(pg_server.url_for(name))
    conn = engine.connect()  # left open, as a failing test would leave it
    try:
        pg_server.drop_database(name)
        assert scalar(pg_server.url, f"SELECT count(*) FROM pg_database WHERE datname = '{name}'") == 0
    finally:
        conn.invalidate()
        engine.dispose()


def test_the_server_does_not_run_as_root() -> None:
    # A server of its own (not the session's, which ITA_TEST_PG_URL may name on another machine): what start()
    # makes is what this checks, whatever the environment.
    try:
        server = pgserver.start()
    except pgserver.PgServerError as e:
        raise pytest.fail.Exception(str(e), pytrace=False) from None
    try:
        _not_root(server)
    finally:
        server.stop()


def _not_root(server: pgserver.Server) -> None:
    data_dir = Path(str(scalar(server.url, "SELECT current_setting('data_directory')")))
    # The postmaster's pid is the first line of postmaster.pid; a process's real uid, the first of "Uid:".
    postmaster = (data_dir / "postmaster.pid").read_text().split()[0]
    status = Path(f"/proc/{postmaster}/status").read_text()
    uid = int(next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1])
    uids = {data_dir.stat().st_uid, uid}
    expected = pwd.getpwnam("postgres").pw_uid if os.geteuid() == 0 else os.geteuid()
    assert uids == {expected} and 0 not in uids


def test_stop_stops_the_server_and_removes_its_folder() -> None:
    try:
        server = pgserver.start()
    except pgserver.PgServerError as e:
        raise pytest.fail.Exception(str(e), pytrace=False) from None
    port = make_url(server.url).port
    assert scalar(server.url, "SELECT 1") == 1
    server.stop()
    server.stop()  # twice is harmless (the atexit hook calls it again)
    assert server.data is not None and not server.data.exists()
    with socket.socket() as s, pytest.raises(OSError):
        s.connect(("127.0.0.1", port))


def test_from_env_uses_the_given_server_and_leaves_it_running(
    pg_server: pgserver.Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(pgserver.ENV_URL, pg_server.url.replace("postgresql+psycopg://", "postgresql://"))
    given = pgserver.from_env()
    assert given.url == pg_server.url and given.data is None
    name = unique("ita_test_env")
    given.create_database(name)
    given.drop_database(name)
    given.stop()
    assert scalar(pg_server.url, "SELECT 1") == 1


def test_without_postgresql_the_message_says_what_to_install(tmp_path: Path) -> None:
    (tmp_path / "15" / "bin").mkdir(parents=True)  # a client-only install has no initdb
    with pytest.raises(pgserver.PgServerError, match="install Debian's postgresql package"):
        pgserver.find_bin_dir(tmp_path)


def test_the_newest_version_is_chosen(tmp_path: Path) -> None:
    for version in ("9.6", "15", "17"):
        for program in ("initdb", "pg_ctl", "postgres"):
            path = tmp_path / version / "bin" / program
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
    assert pgserver.find_bin_dir(tmp_path) == tmp_path / "17" / "bin"
