"""form records and sign-offs: captured official forms (versioned, locked when final) and who signed them

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 22:21:49.182372
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "form_records",
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("form_code", sa.String(length=32), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("data_json", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.Uuid(), nullable=True),
        sa.Column("correction_reason", sa.String(length=400), nullable=True),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("finalized_at", sa.DateTime(), nullable=True),
        sa.Column("finalized_by", sa.String(length=36), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_rev", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_form_records_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["supersedes_id"], ["form_records.id"], name=op.f("fk_form_records_supersedes_id_form_records")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_records")),
    )
    with op.batch_alter_table("form_records", schema=None) as batch_op:
        batch_op.create_index("ix_form_records_case_id_form_code", ["case_id", "form_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_form_records_supersedes_id"), ["supersedes_id"], unique=False)

    op.create_table(
        "form_sign_offs",
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("signer_user_id", sa.String(length=36), nullable=True),
        sa.Column("signer_name", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("signature_attachment_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_rev", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["record_id"], ["form_records.id"], name=op.f("fk_form_sign_offs_record_id_form_records")
        ),
        sa.ForeignKeyConstraint(
            ["signature_attachment_id"],
            ["attachments.id"],
            name=op.f("fk_form_sign_offs_signature_attachment_id_attachments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_sign_offs")),
    )
    with op.batch_alter_table("form_sign_offs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_form_sign_offs_record_id"), ["record_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("form_sign_offs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_sign_offs_record_id"))

    op.drop_table("form_sign_offs")
    with op.batch_alter_table("form_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_records_supersedes_id"))
        batch_op.drop_index("ix_form_records_case_id_form_code")

    op.drop_table("form_records")
