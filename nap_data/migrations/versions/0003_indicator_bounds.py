"""indicator bounds: the highest value a return may report, the one organisation reporting

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 11:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Both nullable: NULL means the unit's default bound and any organisation. The
    # framework file fills them on the next `python -m nap_data init`.
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.add_column(sa.Column("max_value", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("reporter", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_column("reporter")
        batch_op.drop_column("max_value")
