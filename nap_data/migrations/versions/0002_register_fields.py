"""register fields: pledged goals, contact e-mail, website

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Batch mode rebuilds the table on SQLite; on PostgreSQL it is a plain ALTER TABLE.
    # The server default fills the existing rows, so NOT NULL holds from the start.
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("pledged_goals", sa.JSON(), server_default="[]", nullable=False)
        )
        batch_op.add_column(sa.Column("contact_email", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("website", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("website")
        batch_op.drop_column("contact_email")
        batch_op.drop_column("pledged_goals")
