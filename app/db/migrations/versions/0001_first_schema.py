"""first schema: users, divisions, households, persons, cases, attachments, audit, outbox, calendar

Revision ID: 0001
Revises:
Create Date: 2026-11-28 21:58:48.855641
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("actor_user_id", sa.String(length=36), nullable=False),
        sa.Column("actor_login", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("entity_type", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("details_json", sa.String(length=4000), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("event_id", name=op.f("uq_audit_events_event_id")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "calendar_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("data_json", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=400), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_calendar_years")),
    )
    op.create_table(
        "divisions",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("parent_code", sa.String(length=12), nullable=True),
        sa.Column("area_type", sa.String(length=8), nullable=True),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_code"], ["divisions.code"], name=op.f("fk_divisions_parent_code_divisions")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_divisions")),
    )
    with op.batch_alter_table("divisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_divisions_parent_code"), ["parent_code"], unique=False)

    op.create_table(
        "outbox",
        sa.Column("device_seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("change_id", sa.String(length=36), nullable=False),
        sa.Column("entity_type", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("op", sa.String(length=16), nullable=False),
        sa.Column("base_rev", sa.Integer(), nullable=True),
        sa.Column("prev_local_seq", sa.Integer(), nullable=True),
        sa.Column("fields_json", sa.Text(), nullable=False),
        sa.Column("before_json", sa.Text(), nullable=True),
        sa.Column("blob_refs_json", sa.Text(), nullable=True),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("author_user_id", sa.String(length=36), nullable=False),
        sa.Column("payload_sha256", sa.String(length=64), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("server_result", sa.Text(), nullable=True),
        sa.Column("acked_server_seq", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("device_seq", name=op.f("pk_outbox")),
        sa.UniqueConstraint("change_id", name=op.f("uq_outbox_change_id")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_state"), ["state"], unique=False)

    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=4000), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_store_meta")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("township_code", sa.String(length=12), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("disabled_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("login", name=op.f("uq_users_login")),
    )
    op.create_table(
        "households",
        sa.Column("area_code", sa.String(length=12), nullable=False),
        sa.Column("area_type", sa.String(length=8), nullable=False),
        sa.Column("hukou_address", sa.String(length=200), nullable=False),
        sa.Column("hukou_division_code", sa.String(length=12), nullable=True),
        sa.Column("residence_address", sa.String(length=200), nullable=False),
        sa.Column("residence_since", sa.Date(), nullable=True),
        sa.Column("is_renhu_fenli", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_rev", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["area_code"], ["divisions.code"], name=op.f("fk_households_area_code_divisions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_households")),
    )
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_households_area_code"), ["area_code"], unique=False)

    op.create_table(
        "cases",
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("programme", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("township_code", sa.String(length=12), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("near_relative_flag", sa.Boolean(), nullable=False),
        sa.Column("state_detail_json", sa.String(length=4000), nullable=False),
        sa.Column("monthly_amount_fen", sa.Integer(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_rev", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_cases_household_id_households")
        ),
        sa.ForeignKeyConstraint(
            ["township_code"], ["divisions.code"], name=op.f("fk_cases_township_code_divisions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_household_id"), ["household_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_township_code"), ["township_code"], unique=False)

    op.create_table(
        "persons",
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("id_type", sa.String(length=24), nullable=False),
        sa.Column("id_number", sa.String(length=24), nullable=False),
        sa.Column("id_last4", sa.String(length=4), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("relation", sa.String(length=16), nullable=False),
        sa.Column("is_head", sa.Boolean(), nullable=False),
        sa.Column("coresident", sa.Boolean(), nullable=False),
        sa.Column("exclusion_reason", sa.String(length=32), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_rev", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_persons_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
    )
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_persons_household_id"), ["household_id"], unique=False)
        batch_op.create_index("ix_persons_id_last4", ["id_last4"], unique=False)
        batch_op.create_index("ix_persons_name", ["name"], unique=False)

    op.create_table(
        "attachments",
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("caption", sa.String(length=200), nullable=False),
        sa.Column("mime", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_rev", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_attachments_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachments_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachments_sha256"), ["sha256"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_sha256"))
        batch_op.drop_index(batch_op.f("ix_attachments_case_id"))

    op.drop_table("attachments")
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_index("ix_persons_name")
        batch_op.drop_index("ix_persons_id_last4")
        batch_op.drop_index(batch_op.f("ix_persons_household_id"))

    op.drop_table("persons")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_township_code"))
        batch_op.drop_index(batch_op.f("ix_cases_state"))
        batch_op.drop_index(batch_op.f("ix_cases_household_id"))

    op.drop_table("cases")
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_households_area_code"))

    op.drop_table("households")
    op.drop_table("users")
    op.drop_table("store_meta")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_state"))
        batch_op.drop_index(batch_op.f("ix_outbox_entity_id"))

    op.drop_table("outbox")
    with op.batch_alter_table("divisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_divisions_parent_code"))

    op.drop_table("divisions")
    op.drop_table("calendar_years")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_entity_id"))
        batch_op.drop_index(batch_op.f("ix_audit_events_action"))

    op.drop_table("audit_events")
