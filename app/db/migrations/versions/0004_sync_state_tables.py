"""sync state tables

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 22:25:43.022187
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('conflict_mirror',
    sa.Column('conflict_id', sa.String(length=36), nullable=False),
    sa.Column('entity_type', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('fields_json', sa.Text(), nullable=False),
    sa.Column('device_seq', sa.Integer(), nullable=True),
    sa.Column('server_seq', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('conflict_id', name=op.f('pk_conflict_mirror'))
    )
    with op.batch_alter_table('conflict_mirror', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflict_mirror_entity_id'), ['entity_id'], unique=False)

    op.create_table('device_identity',
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('sign_key', sa.LargeBinary(), nullable=False),
    sa.Column('box_key', sa.LargeBinary(), nullable=False),
    sa.Column('certificate_json', sa.Text(), nullable=False),
    sa.Column('county_sign_pubkey', sa.String(length=64), nullable=False),
    sa.Column('county_box_pubkey', sa.String(length=64), nullable=False),
    sa.Column('county_id', sa.String(length=32), nullable=False),
    sa.Column('server_id', sa.String(length=36), nullable=False),
    sa.Column('ca_pem', sa.Text(), nullable=False),
    sa.Column('server_url', sa.String(length=400), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('device_id', name=op.f('pk_device_identity'))
    )
    op.create_table('ref_dataset',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('stream', sa.String(length=80), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('items_json', sa.Text(), nullable=False),
    sa.Column('applied_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_ref_dataset'))
    )
    op.create_table('server_shadow',
    sa.Column('entity_type', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('stream', sa.String(length=80), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('server_seq', sa.Integer(), nullable=False),
    sa.Column('data_json', sa.Text(), nullable=True),
    sa.Column('tombstone', sa.Boolean(), nullable=False),
    sa.Column('conflict', sa.String(length=8), nullable=True),
    sa.Column('applied', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('entity_type', 'entity_id', name=op.f('pk_server_shadow'))
    )
    with op.batch_alter_table('server_shadow', schema=None) as batch_op:
        batch_op.create_index('ix_server_shadow_stream', ['stream'], unique=False)

    op.create_table('sync_blob',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('mime', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('upload_id', sa.String(length=36), nullable=True),
    sa.Column('upload_offset', sa.Integer(), nullable=False),
    sa.Column('partial', sa.LargeBinary(), nullable=True),
    sa.Column('last_error', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_sync_blob'))
    )
    with op.batch_alter_table('sync_blob', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_blob_state'), ['state'], unique=False)

    op.create_table('sync_state',
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sync_state'))
    )


def downgrade() -> None:
    op.drop_table('sync_state')
    with op.batch_alter_table('sync_blob', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_blob_state'))

    op.drop_table('sync_blob')
    with op.batch_alter_table('server_shadow', schema=None) as batch_op:
        batch_op.drop_index('ix_server_shadow_stream')

    op.drop_table('server_shadow')
    op.drop_table('ref_dataset')
    op.drop_table('device_identity')
    with op.batch_alter_table('conflict_mirror', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflict_mirror_entity_id'))

    op.drop_table('conflict_mirror')
