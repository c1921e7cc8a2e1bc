"""The store's schema as SQLAlchemy Core tables: what both engines (SQLite, PostgreSQL) hold, and what the
store's inserts and updates are built from. Alembic's migrations (ita/storage/migrations) create it; a test
holds the two together (autogenerate finds no difference on either engine).

Columns keep the types the SQLite store always had: TEXT, INTEGER and REAL (double precision on PostgreSQL);
`deleted` and `active` are 0/1 integers, dates are ISO text. A live row's natural key is unique among live
rows only (partial unique indexes, `WHERE deleted = 0`), so a soft-deleted row keeps its key."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    func,
    text,
)

metadata = MetaData()
LIVE = text("deleted = 0")


def _live_key(table: Table, name: str, *columns: str) -> Index:
    """A unique index of the live rows (both engines support partial indexes)."""
    return Index(name, *(table.c[c] for c in columns), unique=True, sqlite_where=LIVE, postgresql_where=LIVE)


def _kept() -> list[Column]:
    """Every data table's version (optimistic concurrency) and soft-delete mark."""
    return [Column("version", Integer, nullable=False, server_default=text("1")),
            Column("deleted", Integer, nullable=False, server_default=text("0"))]


meta = Table("meta", metadata, Column("key", Text, primary_key=True), Column("value", Text, nullable=False))

agencies = Table(
    "agencies", metadata,
    Column("id", Integer, primary_key=True), Column("agency", Text, nullable=False), Column("kind", Text),
    Column("district", Text), Column("province", Text), Column("fictional", Text, nullable=False),
    Column("source", Text), Column("note", Text), *_kept(),
    Column("head_name", Text), Column("head_position", Text), Column("preparer_name", Text),
    Column("preparer_position", Text), Column("address", Text), Column("size", Text), Column("ministry", Text),
)
_live_key(agencies, "agencies_key", "agency")

units = Table(
    "units", metadata,
    Column("id", Integer, primary_key=True), Column("agency", Text, nullable=False),
    Column("unit", Text, nullable=False), Column("source", Text), *_kept(),
)
_live_key(units, "units_key", "agency", "unit")

results = Table(
    "results", metadata,
    Column("id", Integer, primary_key=True), Column("agency", Text, nullable=False),
    Column("year", Integer, nullable=False), Column("IIT", Float), Column("EIT", Float), Column("OIT", Float),
    Column("total", Float), Column("level", Text), Column("source", Text), Column("note", Text), *_kept(),
)
_live_key(results, "results_key", "agency", "year")

indicator_scores = Table(
    "indicator_scores", metadata,
    Column("id", Integer, primary_key=True), Column("agency", Text, nullable=False),
    Column("year", Integer, nullable=False), Column("indicator", Text, nullable=False),
    Column("score", Float, CheckConstraint("score BETWEEN 0 AND 100"), nullable=False), Column("source", Text),
    *_kept(),
)
_live_key(indicator_scores, "indicator_scores_key", "agency", "year", "indicator")

national = Table(
    "national", metadata,
    Column("id", Integer, primary_key=True), Column("year", Integer, nullable=False),
    Column("agencies_count", Integer), Column("mean", Float), Column("share_pass", Float),
    Column("confidence", Text), Column("source", Text), Column("note", Text), *_kept(),
)
_live_key(national, "national_key", "year")

national_indicators = Table(
    "national_indicators", metadata,
    Column("id", Integer, primary_key=True), Column("year", Integer, nullable=False),
    Column("indicator", Text, nullable=False), Column("score", Float, nullable=False), Column("confidence", Text),
    Column("source", Text), Column("note", Text), *_kept(),
)
_live_key(national_indicators, "national_indicators_key", "year", "indicator")

oit_items = Table(
    "oit_items", metadata,
    Column("id", Integer, primary_key=True), Column("agency", Text, nullable=False),
    Column("year", Integer, nullable=False), Column("item", Text, nullable=False), Column("item_printed", Text),
    Column("sub_indicator", Text), Column("title", Text), Column("owner", Text), Column("status", Text),
    Column("progress", Text), Column("source", Text), *_kept(),
)
_live_key(oit_items, "oit_items_key", "agency", "year", "item")

approaches = Table(
    "approaches", metadata,
    Column("id", Integer, primary_key=True), Column("agency", Text, nullable=False),
    Column("year", Integer, nullable=False), Column("indicator", Text, nullable=False),
    Column("approach", Text, nullable=False), Column("owner", Text), Column("period", Text),
    Column("status", Text), Column("progress", Text), Column("source", Text), *_kept(),
)
_live_key(approaches, "approaches_key", "agency", "year", "indicator")

measures = Table(
    "measures", metadata,
    Column("id", Integer, primary_key=True), Column("agency", Text, nullable=False),
    Column("year", Integer, nullable=False), Column("number", Text, nullable=False),
    Column("title", Text, nullable=False), Column("indicators", Text), Column("weakness", Text),
    Column("method", Text), Column("owner_text", Text), Column("units", Text), Column("period", Text),
    Column("followup", Text), Column("budget", Text), Column("target", Float), Column("status", Text, nullable=False),
    Column("summary", Text), Column("results", Text), Column("updated", Text), Column("source", Text),
    Column("note", Text), Column("position", Integer, nullable=False, server_default=text("0")), *_kept(),
    Column("problems", Text), Column("suggestions", Text),
    # The measure of an earlier plan this one was carried forward from (unfinished there), NULL for a new one;
    # its progress log stays with the original and is read through this link (Store.carry_forward).
    Column("carried_from", Integer, ForeignKey("measures.id")),
)
_live_key(measures, "measures_key", "agency", "year", "number")
Index("measures_carried_from", measures.c.carried_from)

progress = Table(
    "progress", metadata,
    Column("id", Integer, primary_key=True), Column("agency", Text, nullable=False),
    Column("year", Integer, nullable=False), Column("number", Text, nullable=False),
    Column("date", Text, nullable=False), Column("text", Text, nullable=False), Column("evidence", Text),
    Column("author", Text), Column("source", Text), *_kept(),
    Column("measure_id", Integer, ForeignKey("measures.id")),
)
Index("progress_measure", progress.c.agency, progress.c.year, progress.c.number)
Index("progress_measure_id", progress.c.measure_id)

remarks = Table(
    "remarks", metadata,
    Column("id", Integer, primary_key=True), Column("agency", Text, nullable=False), Column("year", Integer),
    Column("topic", Text, nullable=False), Column("remark", Text, nullable=False), Column("source", Text), *_kept(),
)

history = Table(
    "history", metadata,
    Column("id", Integer, primary_key=True), Column("at", Text, nullable=False),
    Column("author", Text, nullable=False), Column("tbl", Text, nullable=False),
    Column("row_id", Integer, nullable=False), Column("action", Text, nullable=False),
    Column("before", Text), Column("after", Text),
)
Index("history_row", history.c.tbl, history.c.row_id)

scenarios = Table(
    "scenarios", metadata,
    Column("id", Integer, primary_key=True), Column("agency", Text, nullable=False),
    Column("year", Integer, nullable=False), Column("name", Text, nullable=False),
    Column("targets", Text, nullable=False), Column("author", Text), Column("saved", Text), *_kept(),
)
_live_key(scenarios, "scenarios_key", "agency", "year", "name")

accounts = Table(
    "accounts", metadata,
    Column("id", Integer, primary_key=True), Column("username", Text, nullable=False),
    Column("display", Text, nullable=False), Column("position", Text, nullable=False, server_default=text("''")),
    Column("email", Text, nullable=False, server_default=text("''")), Column("role", Text, nullable=False),
    Column("password_hash", Text), Column("active", Integer, nullable=False, server_default=text("1")),
    Column("failed", Integer, nullable=False, server_default=text("0")), Column("locked_until", Float),
    Column("created_at", Text, nullable=False), Column("created_by", Text, nullable=False),
    Column("changed_at", Text), Column("changed_by", Text),
    Column("version", Integer, nullable=False, server_default=text("1")),
)
# User names and e-mails are unique whatever the case of their ASCII letters: lower() on both engines (SQLite's
# folds ASCII letters only, as its NOCASE did before; PostgreSQL's also folds other letters in a UTF-8 locale).
Index("accounts_username", func.lower(accounts.c.username), unique=True)
Index("accounts_email", func.lower(accounts.c.email), unique=True,
      sqlite_where=text("email <> ''"), postgresql_where=text("email <> ''"))

grants = Table(
    "grants", metadata,
    Column("id", Integer, primary_key=True), Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("kind", Text, nullable=False), Column("agency", Text, nullable=False, server_default=text("''")),
    Column("value", Text, nullable=False, server_default=text("''")),
)
Index("grants_key", grants.c.account_id, grants.c.kind, grants.c.agency, grants.c.value, unique=True)

reports = Table(
    "reports", metadata,
    Column("id", Integer, primary_key=True), Column("agency", Text, nullable=False),
    Column("year", Integer, nullable=False), Column("problems", Text), Column("suggestions", Text),
    Column("source", Text), *_kept(),
)
_live_key(reports, "reports_key", "agency", "year")

# Framework years an admin added from the app (a year framework.json does not know, until NACC publishes its
# manual and the file is updated): `body` is the year's entry as framework.json writes it (JSON text).
framework_years = Table(
    "framework_years", metadata,
    Column("id", Integer, primary_key=True), Column("year", Integer, nullable=False),
    Column("body", Text, nullable=False), Column("author", Text), Column("saved", Text), *_kept(),
)
_live_key(framework_years, "framework_years_key", "year")

# The tables whose rows carry an id that history entries point to (everything but meta).
DATA_TABLES = tuple(t for name, t in metadata.tables.items() if name != "meta")
