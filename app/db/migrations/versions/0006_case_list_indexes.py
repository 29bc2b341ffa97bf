"""indexes for the case list: newest first, full ID lookup

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 22:56:54.096521
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_created_at", ["created_at", "id"], unique=False)

    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.create_index("ix_persons_id_number", ["id_number"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_index("ix_persons_id_number")

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_created_at")
