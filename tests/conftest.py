"""Fixtures for every test folder: a throwaway PostgreSQL server (tests/pgserver.py), started only when a
test asks for it, once per session (per worker under pytest-xdist), and stopped at the session's end.

    def test_x(pg_url):          # a new empty database; a SQLAlchemy URL (postgresql+psycopg://...)
        engine = sqlalchemy.create_engine(pg_url)

Set ITA_TEST_PG_URL to a superuser's URL to use a running server instead of starting one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.pgserver import Server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    """Returns the session's PostgreSQL server; a missing PostgreSQL fails the test, saying what to install."""
    # Imported here: psycopg and SQLAlchemy take 0.2 s to import, which runs without PostgreSQL need not pay.
    from tests import pgserver

    try:
        server = pgserver.from_env()
    except pgserver.PgServerError as e:
        # The message alone (no traceback, no "During handling..." repeat): it says what to install.
        raise pytest.fail.Exception(str(e), pytrace=False) from None
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server: Server) -> Iterator[str]:
    """Returns the SQLAlchemy URL of a new empty database, dropped after the test (its connections ended)."""
    # Unique across workers and sessions sharing one ITA_TEST_PG_URL server.
    name = f"ita_test_{uuid.uuid4().hex[:12]}"
    pg_server.create_database(name)
    yield pg_server.url_for(name)
    pg_server.drop_database(name)
