"""Alembic's environment for the store: migrations always run on the connection ita.storage.migrate gives
(inside its write transaction, holding the write lock), never on a URL of their own."""

from alembic import context

connection = context.config.attributes["connection"]
# render_as_batch: SQLite changes a table by copying it (ALTER TABLE there cannot drop or change a column).
context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite",
                  transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()
