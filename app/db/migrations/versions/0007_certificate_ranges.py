"""certificate ranges and issued certificates

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 22:57:21.413355
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('certificate_ranges',
    sa.Column('township_code', sa.String(length=12), nullable=False),
    sa.Column('prefix', sa.String(length=24), nullable=False),
    sa.Column('first_serial', sa.Integer(), nullable=False),
    sa.Column('last_serial', sa.Integer(), nullable=False),
    sa.Column('next_serial', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('allocated_on', sa.Date(), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=False),
    sa.Column('key_id', sa.String(length=16), nullable=False),
    sa.Column('signing_key_pem', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('server_rev', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['township_code'], ['divisions.code'], name=op.f('fk_certificate_ranges_township_code_divisions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_ranges')),
    sa.UniqueConstraint('prefix', 'first_serial', name='uq_certificate_ranges_prefix_first')
    )
    with op.batch_alter_table('certificate_ranges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_ranges_township_code'), ['township_code'], unique=False)

    op.create_table('issued_certificates',
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('range_id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('decision_id', sa.Uuid(), nullable=True),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('issued_by', sa.String(length=36), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('covered_persons', sa.Integer(), nullable=False),
    sa.Column('start_month', sa.String(length=7), nullable=False),
    sa.Column('qr_payload', sa.String(length=400), nullable=False),
    sa.Column('reprint_count', sa.Integer(), nullable=False),
    sa.Column('last_printed_at', sa.DateTime(), nullable=True),
    sa.Column('voided_at', sa.DateTime(), nullable=True),
    sa.Column('void_reason', sa.String(length=200), nullable=False),
    sa.Column('voided_by', sa.String(length=36), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('server_rev', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_issued_certificates_case_id_cases')),
    sa.ForeignKeyConstraint(['decision_id'], ['case_decisions.id'], name=op.f('fk_issued_certificates_decision_id_case_decisions')),
    sa.ForeignKeyConstraint(['range_id'], ['certificate_ranges.id'], name=op.f('fk_issued_certificates_range_id_certificate_ranges')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_certificates')),
    sa.UniqueConstraint('number', name=op.f('uq_issued_certificates_number'))
    )
    with op.batch_alter_table('issued_certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_certificates_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_issued_certificates_range_id'), ['range_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('issued_certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issued_certificates_range_id'))
        batch_op.drop_index(batch_op.f('ix_issued_certificates_case_id'))
    op.drop_table('issued_certificates')
    with op.batch_alter_table('certificate_ranges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_ranges_township_code'))

    op.drop_table('certificate_ranges')
