"""case assignments and scheduled visits

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 00:48:10.253431
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_assignments',
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('user_name', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=8), nullable=False),
    sa.Column('assigned_on', sa.Date(), nullable=False),
    sa.Column('assigned_by', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('ended_by', sa.String(length=36), nullable=True),
    sa.Column('end_reason', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('server_rev', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_assignments_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_assignments'))
    )
    with op.batch_alter_table('case_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_assignments_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_case_assignments_user_id_status', ['user_id', 'status'], unique=False)

    op.create_table('scheduled_visits',
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=False),
    sa.Column('time_slot', sa.String(length=32), nullable=False),
    sa.Column('note', sa.String(length=400), nullable=False),
    sa.Column('investigators_json', sa.String(length=1000), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('scheduled_by', sa.String(length=36), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('cancel_reason', sa.String(length=400), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('server_rev', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_scheduled_visits_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduled_visits'))
    )
    with op.batch_alter_table('scheduled_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scheduled_visits_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_scheduled_visits_planned_on_status', ['planned_on', 'status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('scheduled_visits', schema=None) as batch_op:
        batch_op.drop_index('ix_scheduled_visits_planned_on_status')
        batch_op.drop_index(batch_op.f('ix_scheduled_visits_case_id'))

    op.drop_table('scheduled_visits')
    with op.batch_alter_table('case_assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_case_assignments_user_id_status')
        batch_op.drop_index(batch_op.f('ix_case_assignments_case_id'))

    op.drop_table('case_assignments')
