"""case workflow: deadlines, notices, assessments, decisions, near-relative filings, tasks

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 22:16:24.904241
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_assessments",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("classification", sa.String(length=16), nullable=False),
        sa.Column("reasons_json", sa.String(length=400), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("tier", sa.String(length=8), nullable=True),
        sa.Column("area_code", sa.String(length=12), nullable=False),
        sa.Column("area_type", sa.String(length=8), nullable=False),
        sa.Column("standard_fen", sa.Integer(), nullable=False),
        sa.Column("standard_rule", sa.String(length=100), nullable=False),
        sa.Column("household_size", sa.Integer(), nullable=False),
        sa.Column("covered_persons", sa.Integer(), nullable=False),
        sa.Column("per_capita_income_fen", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("rule_versions_json", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_rev", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_assessments_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_assessments")),
    )
    with op.batch_alter_table("case_assessments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_assessments_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_deadlines",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("unit", sa.String(length=4), nullable=False),
        sa.Column("limit_days", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("rule_version", sa.String(length=100), nullable=False),
        sa.Column("calendar_version", sa.String(length=64), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_rev", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_deadlines_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_deadlines")),
    )
    with op.batch_alter_table("case_deadlines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_deadlines_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_case_deadlines_status_due_on", ["status", "due_on"], unique=False)

    op.create_table(
        "case_tasks",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("place", sa.String(length=16), nullable=True),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=400), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_rev", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_tasks_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_tasks")),
    )
    with op.batch_alter_table("case_tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_tasks_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_case_tasks_status_kind", ["status", "kind"], unique=False)

    op.create_table(
        "missing_material_items",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("notice_id", sa.Uuid(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("notified_on", sa.Date(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_rev", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_missing_material_items_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_missing_material_items")),
    )
    with op.batch_alter_table("missing_material_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_missing_material_items_case_id"), ["case_id"], unique=False)

    op.create_table(
        "near_relative_filings",
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("staff_user_id", sa.String(length=36), nullable=False),
        sa.Column("staff_name", sa.String(length=64), nullable=False),
        sa.Column("staff_post", sa.String(length=64), nullable=False),
        sa.Column("relation", sa.String(length=32), nullable=False),
        sa.Column("declared_on", sa.Date(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_rev", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_near_relative_filings_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_near_relative_filings_household_id_households")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_near_relative_filings")),
    )
    with op.batch_alter_table("near_relative_filings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_near_relative_filings_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_near_relative_filings_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_near_relative_filings_staff_user_id"), ["staff_user_id"], unique=False
        )

    op.create_table(
        "case_decisions",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=True),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("decided_by", sa.String(length=36), nullable=False),
        sa.Column("classification", sa.String(length=16), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("standard_used_fen", sa.Integer(), nullable=True),
        sa.Column("standard_rule", sa.String(length=100), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("covered_persons", sa.Integer(), nullable=False),
        sa.Column("rule_versions_json", sa.Text(), nullable=False),
        sa.Column("start_month", sa.String(length=7), nullable=True),
        sa.Column("end_month", sa.String(length=7), nullable=True),
        sa.Column("reason", sa.String(length=2000), nullable=False),
        sa.Column("reason_codes_json", sa.String(length=400), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_rev", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["case_assessments.id"],
            name=op.f("fk_case_decisions_assessment_id_case_assessments"),
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_decisions_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_decisions")),
    )
    with op.batch_alter_table("case_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_decisions_case_id"), ["case_id"], unique=False)

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("data_check_state", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("applied_at_residence", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("county_field_check_scheduled", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("publicity_ends_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("state_changed_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("state_changed_on")
        batch_op.drop_column("publicity_ends_on")
        batch_op.drop_column("county_field_check_scheduled")
        batch_op.drop_column("applied_at_residence")
        batch_op.drop_column("data_check_state")

    with op.batch_alter_table("case_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_decisions_case_id"))

    op.drop_table("case_decisions")
    with op.batch_alter_table("near_relative_filings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_near_relative_filings_staff_user_id"))
        batch_op.drop_index(batch_op.f("ix_near_relative_filings_household_id"))
        batch_op.drop_index(batch_op.f("ix_near_relative_filings_case_id"))

    op.drop_table("near_relative_filings")
    with op.batch_alter_table("missing_material_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_missing_material_items_case_id"))

    op.drop_table("missing_material_items")
    with op.batch_alter_table("case_tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_case_tasks_status_kind")
        batch_op.drop_index(batch_op.f("ix_case_tasks_case_id"))

    op.drop_table("case_tasks")
    with op.batch_alter_table("case_deadlines", schema=None) as batch_op:
        batch_op.drop_index("ix_case_deadlines_status_due_on")
        batch_op.drop_index(batch_op.f("ix_case_deadlines_case_id"))

    op.drop_table("case_deadlines")
    with op.batch_alter_table("case_assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_assessments_case_id"))

    op.drop_table("case_assessments")
