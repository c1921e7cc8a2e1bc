"""Closing the loop (issue 16): a measure carried forward keeps a link to the one it came from, and an admin can
add a framework year from the app.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

LIVE = sa.text("deleted = 0")


def upgrade() -> None:
    with op.batch_alter_table("measures") as batch:
        batch.add_column(sa.Column("carried_from", sa.Integer(), nullable=True))
        batch.create_foreign_key("measures_carried_from_fkey", "measures", ["carried_from"], ["id"])
        batch.create_index("measures_carried_from", ["carried_from"], unique=False)
    op.create_table(
        "framework_years",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("saved", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("deleted", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("framework_years_key", "framework_years", ["year"], unique=True,
                    sqlite_where=LIVE, postgresql_where=LIVE)


def downgrade() -> None:
    op.drop_index("framework_years_key", table_name="framework_years")
    op.drop_table("framework_years")
    with op.batch_alter_table("measures") as batch:
        batch.drop_index("measures_carried_from")
        batch.drop_constraint("measures_carried_from_fkey", type_="foreignkey")
        batch.drop_column("carried_from")
