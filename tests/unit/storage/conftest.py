"""The store's tests run on both engines: `engine` is a parameter of every test that asks, directly or through
`new_db` or `store`, for a database (SQLite in a temporary file; PostgreSQL in a new database on the session's
throwaway server, tests/conftest.py). A test about one engine only (a pre-Alembic SQLite file, SQLite's own
locks) asks for neither and says so in its name or docstring."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ita.core.model import Dataset
from ita.storage.store import Store

if TYPE_CHECKING:
    from tests.pgserver import Server

ENGINES = ("sqlite", "postgresql")
SEEDED_TEMPLATE = "ita_test_seeded_template"


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def seeded_template(request: pytest.FixtureRequest, bundled: Dataset) -> str:
    """A PostgreSQL database migrated and seeded with the bundled data once a session: each test's seeded store
    is a copy of it (CREATE DATABASE … TEMPLATE, ~0.2 s, against ~2 s to migrate and seed)."""
    server: Server = request.getfixturevalue("pg_server")
    server.drop_database(SEEDED_TEMPLATE)
    server.create_database(SEEDED_TEMPLATE)
    s = Store(server.url_for(SEEDED_TEMPLATE))
    s.seed(bundled)
    s.close()  # a template must have no connection when it is copied
    return SEEDED_TEMPLATE


@pytest.fixture
def new_db(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Callable[..., str]:
    """Returns make(name="ita", seeded=False) -> the target (a file path or a postgresql URL) of a new database
    on the test's engine; `seeded` on PostgreSQL copies the seeded template (Store.seed is then a no-op)."""
    def make(name: str = "ita", seeded: bool = False) -> str:
        if engine == "sqlite":
            return str(tmp_path / f"{name}.db")
        server: Server = request.getfixturevalue("pg_server")
        template = request.getfixturevalue("seeded_template") if seeded else None
        database = f"ita_test_{uuid.uuid4().hex[:12]}"
        server.create_database(database, template=template)
        request.addfinalizer(lambda: server.drop_database(database))
        return server.url_for(database)
    return make


@pytest.fixture
def store(new_db: Callable[..., str], bundled: Dataset) -> Iterator[Store]:
    """Returns a store seeded with the bundled data, on each engine."""
    s = Store(new_db(seeded=True))
    s.seed(bundled)
    yield s
    s.close()
