# ruff: noqa: E501  (rendered by Alembic's autogenerate, one column a line)
"""The store's schema as it stood at the SQLite store's own migration 7 (ita.storage.migrate.LEGACY_SQL), the
first Alembic revision: a new store, on either engine, starts here; a SQLite store made before Alembic is
brought to migration 7 by its own SQL and then marked as being at this revision (ita.storage.migrate).

Frozen: a later schema change is a new revision, never an edit of this one.

Revision ID: 0007
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = None
branch_labels = None
depends_on = None

LIVE = sa.text("deleted = 0")


def upgrade() -> None:
    op.create_table('accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.Text(), nullable=False),
    sa.Column('display', sa.Text(), nullable=False),
    sa.Column('position', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('email', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('role', sa.Text(), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=True),
    sa.Column('active', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('failed', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('locked_until', sa.Float(), nullable=True),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Text(), nullable=False),
    sa.Column('changed_at', sa.Text(), nullable=True),
    sa.Column('changed_by', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('agencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency', sa.Text(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=True),
    sa.Column('district', sa.Text(), nullable=True),
    sa.Column('province', sa.Text(), nullable=True),
    sa.Column('fictional', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('head_name', sa.Text(), nullable=True),
    sa.Column('head_position', sa.Text(), nullable=True),
    sa.Column('preparer_name', sa.Text(), nullable=True),
    sa.Column('preparer_position', sa.Text(), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('size', sa.Text(), nullable=True),
    sa.Column('ministry', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('agencies_key', 'agencies', ['agency'], unique=True, sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_table('approaches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency', sa.Text(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('indicator', sa.Text(), nullable=False),
    sa.Column('approach', sa.Text(), nullable=False),
    sa.Column('owner', sa.Text(), nullable=True),
    sa.Column('period', sa.Text(), nullable=True),
    sa.Column('status', sa.Text(), nullable=True),
    sa.Column('progress', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('approaches_key', 'approaches', ['agency', 'year', 'indicator'], unique=True, sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_table('history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.Text(), nullable=False),
    sa.Column('author', sa.Text(), nullable=False),
    sa.Column('tbl', sa.Text(), nullable=False),
    sa.Column('row_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('before', sa.Text(), nullable=True),
    sa.Column('after', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('history_row', 'history', ['tbl', 'row_id'], unique=False)
    op.create_table('indicator_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency', sa.Text(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('indicator', sa.Text(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.CheckConstraint('score BETWEEN 0 AND 100'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('indicator_scores_key', 'indicator_scores', ['agency', 'year', 'indicator'], unique=True, sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_table('measures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency', sa.Text(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('indicators', sa.Text(), nullable=True),
    sa.Column('weakness', sa.Text(), nullable=True),
    sa.Column('method', sa.Text(), nullable=True),
    sa.Column('owner_text', sa.Text(), nullable=True),
    sa.Column('units', sa.Text(), nullable=True),
    sa.Column('period', sa.Text(), nullable=True),
    sa.Column('followup', sa.Text(), nullable=True),
    sa.Column('budget', sa.Text(), nullable=True),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('results', sa.Text(), nullable=True),
    sa.Column('updated', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('problems', sa.Text(), nullable=True),
    sa.Column('suggestions', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('measures_key', 'measures', ['agency', 'year', 'number'], unique=True, sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_table('meta',
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('national',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('agencies_count', sa.Integer(), nullable=True),
    sa.Column('mean', sa.Float(), nullable=True),
    sa.Column('share_pass', sa.Float(), nullable=True),
    sa.Column('confidence', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('national_key', 'national', ['year'], unique=True, sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_table('national_indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('indicator', sa.Text(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('confidence', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('national_indicators_key', 'national_indicators', ['year', 'indicator'], unique=True, sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_table('oit_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency', sa.Text(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('item', sa.Text(), nullable=False),
    sa.Column('item_printed', sa.Text(), nullable=True),
    sa.Column('sub_indicator', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('owner', sa.Text(), nullable=True),
    sa.Column('status', sa.Text(), nullable=True),
    sa.Column('progress', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('oit_items_key', 'oit_items', ['agency', 'year', 'item'], unique=True, sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_table('remarks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency', sa.Text(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('topic', sa.Text(), nullable=False),
    sa.Column('remark', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency', sa.Text(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('problems', sa.Text(), nullable=True),
    sa.Column('suggestions', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('reports_key', 'reports', ['agency', 'year'], unique=True, sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_table('results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency', sa.Text(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('IIT', sa.Float(), nullable=True),
    sa.Column('EIT', sa.Float(), nullable=True),
    sa.Column('OIT', sa.Float(), nullable=True),
    sa.Column('total', sa.Float(), nullable=True),
    sa.Column('level', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('results_key', 'results', ['agency', 'year'], unique=True, sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_table('scenarios',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency', sa.Text(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('targets', sa.Text(), nullable=False),
    sa.Column('author', sa.Text(), nullable=True),
    sa.Column('saved', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('scenarios_key', 'scenarios', ['agency', 'year', 'name'], unique=True, sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_table('units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency', sa.Text(), nullable=False),
    sa.Column('unit', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('units_key', 'units', ['agency', 'unit'], unique=True, sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_table('grants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('agency', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('value', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('grants_key', 'grants', ['account_id', 'kind', 'agency', 'value'], unique=True)
    op.create_table('progress',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency', sa.Text(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Text(), nullable=False),
    sa.Column('date', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.Column('author', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('deleted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('progress_measure', 'progress', ['agency', 'year', 'number'], unique=False)
    op.create_index('progress_measure_id', 'progress', ['measure_id'], unique=False)
    # ### end Alembic commands ###

    # Unique whatever the case (expression indexes: autogenerate does not render them on SQLite).
    op.create_index("accounts_username", "accounts", [sa.text("lower(username)")], unique=True)
    op.create_index("accounts_email", "accounts", [sa.text("lower(email)")], unique=True,
                    sqlite_where=sa.text("email <> ''"), postgresql_where=sa.text("email <> ''"))


def downgrade() -> None:
    raise NotImplementedError("the first revision is not undone: remove the database instead")
