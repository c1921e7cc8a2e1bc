"""Reading a store's tables in tests, on either engine: through the store's own pool (Store.reading), by
SQLAlchemy, never through a driver's connection of the test's own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from ita.storage.store import Store
from ita.storage.tables import metadata


def rows(store: Store, sql: str, **params: Any) -> list[dict[str, Any]]:
    with store.reading() as conn:
        return [dict(r) for r in conn.execute(sa.text(sql), params).mappings()]


def scalar(store: Store, sql: str, **params: Any) -> Any:
    with store.reading() as conn:
        return conn.execute(sa.text(sql), params).scalar()


def dump(store: Store) -> tuple[tuple[str, list[tuple[Any, ...]]], ...]:
    """Every row of every table of the schema (and Alembic's), in a fixed order: equal dumps, equal stores."""
    with store.reading() as conn:
        out = []
        for name, table in sorted(metadata.tables.items()):
            key = [table.c.id] if "id" in table.c else list(table.c)
            out.append((name, [tuple(r) for r in conn.execute(sa.select(table).order_by(*key))]))
        out.append(("alembic_version", [tuple(r) for r in conn.execute(sa.text("SELECT * FROM alembic_version"))]))
    return tuple(out)


@contextmanager
def statements(store: Store) -> Iterator[list[str]]:
    """Collects the SQL the store sends (its transactions' ends as 'COMMIT' and 'ROLLBACK') during the block."""
    seen: list[str] = []

    def sent(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    def commit(conn: Any) -> None:
        seen.append("COMMIT")

    def rollback(conn: Any) -> None:
        seen.append("ROLLBACK")

    hooks = (("before_cursor_execute", sent), ("commit", commit), ("rollback", rollback))
    for name, fn in hooks:
        event.listen(store.engine, name, fn)
    try:
        yield seen
    finally:
        for name, fn in hooks:
            event.remove(store.engine, name, fn)
