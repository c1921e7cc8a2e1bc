"""The schema in ita/storage/tables.py and the one Alembic's revisions build are the same, on each engine:
autogenerate compares a store migrated to the head with the metadata and must find nothing to change."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from ita.storage import db, migrate
from ita.storage.store import Store
from ita.storage.tables import metadata


def test_migrated_store_matches_the_tables_module(new_db: Callable[..., str]) -> None:
    s = Store(new_db())
    try:
        with s.engine.connect() as conn:
            assert migrate.current(conn) == migrate.head() == "0008"
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == [], diff
    finally:
        s.close()


def test_a_store_at_0007_gains_the_carry_forward_link_and_the_framework_years(new_db: Callable[..., str]) -> None:
    """A store made by the previous release (revision 0007) is brought to 0008 when opened, its rows kept."""
    target = new_db()
    eng = db.engine(db.target(target), 5.0)
    with eng.connect() as conn, conn.begin():
        command.upgrade(migrate._config(conn), "0007")
        conn.execute(sa.text("INSERT INTO measures (agency, year, number, title, status) "
                             "VALUES ('ก', 2569, '1', 'มาตรการ', 'ยังไม่เริ่ม')"))
    eng.dispose()
    s = Store(target)
    try:
        m = s.measures("ก")
        assert list(m["title"]) == ["มาตรการ"] and m["carried_from"].isna().all()
        with s.engine.connect() as conn:
            assert migrate.current(conn) == "0008"
            assert conn.execute(sa.text("SELECT COUNT(*) FROM framework_years")).scalar() == 0
    finally:
        s.close()
