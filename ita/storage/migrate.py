"""The store's migrations: Alembic's revisions (ita/storage/migrations/versions) on either engine, run by
`upgrade` when a store is opened and by `python -m ita db migrate`.

A SQLite store made before Alembic (its `meta` table says `schema_version` 1–7 and it has no `alembic_version`)
is upgraded in place: its own remaining SQL migrations (LEGACY_SQL) first, its two case-blind indexes made
again as the revision makes them, then it is marked as being at revision 0007 and goes on from there."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from ita.storage.db import WRITING

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BASELINE = "0007"  # the revision that is the legacy migration 7's schema

# The SQLite store's own migrations before Alembic, frozen: a store made then is brought to 7 with them, then
# marked as Alembic's revision 0007 (the same schema). A later change is an Alembic revision, never an entry here.
LEGACY_SQL: tuple[str, ...] = (
    # 1: one table per template table, plus ids, versions, soft deletes and the history.
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE agencies (id INTEGER PRIMARY KEY, agency TEXT NOT NULL, kind TEXT, district TEXT,
        province TEXT, fictional TEXT NOT NULL, source TEXT, note TEXT,
        version INTEGER NOT NULL DEFAULT 1, deleted INTEGER NOT NULL DEFAULT 0);
    CREATE UNIQUE INDEX agencies_key ON agencies(agency) WHERE deleted = 0;
    CREATE TABLE units (id INTEGER PRIMARY KEY, agency TEXT NOT NULL, unit TEXT NOT NULL, source TEXT,
        version INTEGER NOT NULL DEFAULT 1, deleted INTEGER NOT NULL DEFAULT 0);
    CREATE UNIQUE INDEX units_key ON units(agency, unit) WHERE deleted = 0;
    CREATE TABLE results (id INTEGER PRIMARY KEY, agency TEXT NOT NULL, year INTEGER NOT NULL, IIT REAL,
        EIT REAL, OIT REAL, total REAL, level TEXT, source TEXT, note TEXT,
        version INTEGER NOT NULL DEFAULT 1, deleted INTEGER NOT NULL DEFAULT 0);
    CREATE UNIQUE INDEX results_key ON results(agency, year) WHERE deleted = 0;
    CREATE TABLE indicator_scores (id INTEGER PRIMARY KEY, agency TEXT NOT NULL, year INTEGER NOT NULL,
        indicator TEXT NOT NULL, score REAL NOT NULL CHECK (score BETWEEN 0 AND 100), source TEXT,
        version INTEGER NOT NULL DEFAULT 1, deleted INTEGER NOT NULL DEFAULT 0);
    CREATE UNIQUE INDEX indicator_scores_key ON indicator_scores(agency, year, indicator) WHERE deleted = 0;
    CREATE TABLE national (id INTEGER PRIMARY KEY, year INTEGER NOT NULL, agencies_count INTEGER, mean REAL,
        share_pass REAL, confidence TEXT, source TEXT, note TEXT,
        version INTEGER NOT NULL DEFAULT 1, deleted INTEGER NOT NULL DEFAULT 0);
    CREATE UNIQUE INDEX national_key ON national(year) WHERE deleted = 0;
    CREATE TABLE national_indicators (id INTEGER PRIMARY KEY, year INTEGER NOT NULL, indicator TEXT NOT NULL,
        score REAL NOT NULL, confidence TEXT, source TEXT, note TEXT,
        version INTEGER NOT NULL DEFAULT 1, deleted INTEGER NOT NULL DEFAULT 0);
    CREATE UNIQUE INDEX national_indicators_key ON national_indicators(year, indicator) WHERE deleted = 0;
    CREATE TABLE oit_items (id INTEGER PRIMARY KEY, agency TEXT NOT NULL, year INTEGER NOT NULL,
        item TEXT NOT NULL, item_printed TEXT, sub_indicator TEXT, title TEXT, owner TEXT, status TEXT,
        progress TEXT, source TEXT, version INTEGER NOT NULL DEFAULT 1, deleted INTEGER NOT NULL DEFAULT 0);
    CREATE UNIQUE INDEX oit_items_key ON oit_items(agency, year, item) WHERE deleted = 0;
    CREATE TABLE approaches (id INTEGER PRIMARY KEY, agency TEXT NOT NULL, year INTEGER NOT NULL,
        indicator TEXT NOT NULL, approach TEXT NOT NULL, owner TEXT, period TEXT, status TEXT, progress TEXT,
        source TEXT, version INTEGER NOT NULL DEFAULT 1, deleted INTEGER NOT NULL DEFAULT 0);
    CREATE UNIQUE INDEX approaches_key ON approaches(agency, year, indicator) WHERE deleted = 0;
    CREATE TABLE measures (id INTEGER PRIMARY KEY, agency TEXT NOT NULL, year INTEGER NOT NULL,
        number TEXT NOT NULL, title TEXT NOT NULL, indicators TEXT, weakness TEXT, method TEXT, owner_text TEXT,
        units TEXT, period TEXT, followup TEXT, budget TEXT, target REAL, status TEXT NOT NULL, summary TEXT,
        results TEXT, updated TEXT, source TEXT, note TEXT, position INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL DEFAULT 1, deleted INTEGER NOT NULL DEFAULT 0);
    CREATE UNIQUE INDEX measures_key ON measures(agency, year, number) WHERE deleted = 0;
    CREATE TABLE progress (id INTEGER PRIMARY KEY, agency TEXT NOT NULL, year INTEGER NOT NULL,
        number TEXT NOT NULL, date TEXT NOT NULL, text TEXT NOT NULL, evidence TEXT, author TEXT, source TEXT,
        version INTEGER NOT NULL DEFAULT 1, deleted INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX progress_measure ON progress(agency, year, number);
    CREATE TABLE remarks (id INTEGER PRIMARY KEY, agency TEXT NOT NULL, year INTEGER, topic TEXT NOT NULL,
        remark TEXT NOT NULL, source TEXT, version INTEGER NOT NULL DEFAULT 1, deleted INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE history (id INTEGER PRIMARY KEY, at TEXT NOT NULL, author TEXT NOT NULL, tbl TEXT NOT NULL,
        row_id INTEGER NOT NULL, action TEXT NOT NULL, before TEXT, after TEXT);
    CREATE INDEX history_row ON history(tbl, row_id);
    """,
    # 2: a progress entry belongs to a measure by its id, not by its number: renumbering a measure
    # keeps its log, and a new measure given a deleted one's number starts with an empty log.
    """
    ALTER TABLE progress ADD COLUMN measure_id INTEGER REFERENCES measures(id);
    UPDATE progress SET measure_id = (SELECT m.id FROM measures m WHERE m.deleted = 0 AND m.agency = progress.agency
        AND m.year = progress.year AND m.number = progress.number);
    CREATE INDEX progress_measure_id ON progress(measure_id);
    """,
    # 3: what-if scenarios of the weak-points page: named target scores per agency and year (JSON).
    """
    CREATE TABLE scenarios (id INTEGER PRIMARY KEY, agency TEXT NOT NULL, year INTEGER NOT NULL,
        name TEXT NOT NULL, targets TEXT NOT NULL, author TEXT, saved TEXT,
        version INTEGER NOT NULL DEFAULT 1, deleted INTEGER NOT NULL DEFAULT 0);
    CREATE UNIQUE INDEX scenarios_key ON scenarios(agency, year, name) WHERE deleted = 0;
    """,
    # 4: accounts and their grants (ita.storage.accounts); the hash is Argon2id's encoded string, the lock
    # time seconds since the epoch. A grant is an agency, a unit of an agency, or a province/district.
    """
    CREATE TABLE accounts (id INTEGER PRIMARY KEY, username TEXT NOT NULL, display TEXT NOT NULL,
        position TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '', role TEXT NOT NULL,
        password_hash TEXT, active INTEGER NOT NULL DEFAULT 1, failed INTEGER NOT NULL DEFAULT 0,
        locked_until REAL, created_at TEXT NOT NULL, created_by TEXT NOT NULL, changed_at TEXT, changed_by TEXT,
        version INTEGER NOT NULL DEFAULT 1);
    CREATE UNIQUE INDEX accounts_username ON accounts(username COLLATE NOCASE);
    CREATE UNIQUE INDEX accounts_email ON accounts(email COLLATE NOCASE) WHERE email <> '';
    CREATE TABLE grants (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts(id),
        kind TEXT NOT NULL, agency TEXT NOT NULL DEFAULT '', value TEXT NOT NULL DEFAULT '');
    CREATE UNIQUE INDEX grants_key ON grants(account_id, kind, agency, value);
    """,
    # 5: the agency's settings for its documents (ita.core.schema.AGENCY_SETTINGS): the head of the agency
    # and the preparer of its reports (name and position), and its address line; all optional.
    """
    ALTER TABLE agencies ADD COLUMN head_name TEXT;
    ALTER TABLE agencies ADD COLUMN head_position TEXT;
    ALTER TABLE agencies ADD COLUMN preparer_name TEXT;
    ALTER TABLE agencies ADD COLUMN preparer_position TEXT;
    ALTER TABLE agencies ADD COLUMN address TEXT;
    """,
    # 6: the problems/obstacles and suggestions of the O28 report (ita.core.schema.REPORT_TEXTS): per measure,
    # and for the agency's whole year in `reports`; all optional.
    """
    ALTER TABLE measures ADD COLUMN problems TEXT;
    ALTER TABLE measures ADD COLUMN suggestions TEXT;
    CREATE TABLE reports (id INTEGER PRIMARY KEY, agency TEXT NOT NULL, year INTEGER NOT NULL, problems TEXT,
        suggestions TEXT, source TEXT, version INTEGER NOT NULL DEFAULT 1, deleted INTEGER NOT NULL DEFAULT 0);
    CREATE UNIQUE INDEX reports_key ON reports(agency, year) WHERE deleted = 0;
    """,
    # 7: the agency's size group and ministry (ita.core.schema.AGENCY_ATTRIBUTES; kind, district and province
    # were there from 1), for comparing agencies with their peers; optional.
    """
    ALTER TABLE agencies ADD COLUMN size TEXT;
    ALTER TABLE agencies ADD COLUMN ministry TEXT;
    """,
)



def _config(conn: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = conn
    return cfg


def head() -> str:
    """Returns the newest revision of the code."""
    return ScriptDirectory.from_config(_config(None)).get_current_head()  # type: ignore[arg-type]


def current(conn: Connection) -> str | None:
    """Returns the store's revision (None: no store yet, or one made before Alembic)."""
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def legacy_version(conn: Connection) -> int:
    """Returns the `schema_version` a store made before Alembic records (0: none)."""
    if not sa.inspect(conn).has_table("meta"):
        return 0
    value = conn.execute(sa.text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar()
    return int(value) if value else 0


def upgrade(engine: Engine) -> None:
    """Brings the store to the newest revision in one write transaction (both engines' DDL is transactional):
    all of it or none. Holding the write lock, two servers opening a new store at once migrate it once."""
    with engine.connect().execution_options(**{WRITING: True}) as conn, conn.begin():
        revision = current(conn)
        if revision == head():
            return
        if revision is None and (legacy := legacy_version(conn)):
            for sql in LEGACY_SQL[legacy:]:
                for statement in sql.split(";"):
                    if statement.strip():
                        conn.exec_driver_sql(statement)
            # Before: COLLATE NOCASE; now lower(), which both engines index (the same for ASCII letters).
            conn.exec_driver_sql("DROP INDEX accounts_username")
            conn.exec_driver_sql("DROP INDEX accounts_email")
            conn.exec_driver_sql("CREATE UNIQUE INDEX accounts_username ON accounts(lower(username))")
            conn.exec_driver_sql("CREATE UNIQUE INDEX accounts_email ON accounts(lower(email)) WHERE email <> ''")
            command.stamp(_config(conn), BASELINE)
        command.upgrade(_config(conn), "head")
