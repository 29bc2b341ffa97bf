"""county schema

Revision ID: 0001
Revises:
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
        "access_token",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=True),
        sa.Column("user_login", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("township_id", sa.String(length=32), nullable=True),
        sa.Column("expires_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_access_token")),
    )
    with op.batch_alter_table("access_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_token_device_id"), ["device_id"], unique=False)

    op.create_table(
        "backlog",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("device_seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("waiting_for", sa.String(length=120), nullable=False),
        sa.Column("change_json", sa.Text(), nullable=False),
        sa.Column("batch_sig", sa.String(length=256), nullable=False),
        sa.Column("via", sa.String(length=80), nullable=False),
        sa.Column("held_since", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "device_seq", name=op.f("pk_backlog")),
    )
    with op.batch_alter_table("backlog", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_backlog_waiting_for"), ["waiting_for"], unique=False)

    op.create_table(
        "blob",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("mime", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blob")),
    )
    op.create_table(
        "change_ledger",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("device_seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("change_id", sa.String(length=36), nullable=False),
        sa.Column("payload_sha256", sa.String(length=64), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entity_type", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("change_json", sa.Text(), nullable=False),
        sa.Column("batch_sig", sa.String(length=256), nullable=False),
        sa.Column("received_at", sa.String(length=40), nullable=False),
        sa.Column("via", sa.String(length=80), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("result_json", sa.Text(), nullable=False),
        sa.Column("server_seq", sa.BigInteger(), nullable=True),
        sa.Column("clock_suspect", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "device_seq", name=op.f("pk_change_ledger")),
        sa.UniqueConstraint("change_id", name=op.f("uq_change_ledger_change_id")),
    )
    op.create_table(
        "conflict",
        sa.Column("conflict_id", sa.String(length=36), nullable=False),
        sa.Column("entity_type", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("stream", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("fields_json", sa.Text(), nullable=False),
        sa.Column("base_values_json", sa.Text(), nullable=False),
        sa.Column("server_values_json", sa.Text(), nullable=False),
        sa.Column("incoming_values_json", sa.Text(), nullable=False),
        sa.Column("base_rev", sa.Integer(), nullable=True),
        sa.Column("server_rev", sa.Integer(), nullable=False),
        sa.Column("incoming_change_id", sa.String(length=36), nullable=True),
        sa.Column("incoming_device", sa.String(length=36), nullable=True),
        sa.Column("incoming_author", sa.String(length=64), nullable=True),
        sa.Column("server_author", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("resolved_by", sa.String(length=64), nullable=True),
        sa.Column("resolved_at", sa.String(length=40), nullable=True),
        sa.Column("resolution_rev", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("conflict_id", name=op.f("pk_conflict")),
    )
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conflict_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index("ix_conflict_status_stream", ["status", "stream"], unique=False)

    op.create_table(
        "counter",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_counter")),
    )
    op.create_table(
        "county_user",
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("township_id", sa.String(length=32), nullable=True),
        sa.Column("pw_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("login", name=op.f("pk_county_user")),
    )
    op.create_table(
        "dataset",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("stream", sa.String(length=80), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("items_json", sa.Text(), nullable=False),
        sa.Column("published_at", sa.String(length=40), nullable=False),
        sa.Column("published_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("name", "version", name=op.f("pk_dataset")),
    )
    op.create_table(
        "device",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("label", sa.String(length=128), nullable=False),
        sa.Column("township_id", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_reason", sa.String(length=200), nullable=False),
        sa.Column("sign_pubkey", sa.String(length=64), nullable=False),
        sa.Column("box_pubkey", sa.String(length=64), nullable=False),
        sa.Column("cert_serial", sa.String(length=40), nullable=False),
        sa.Column("cert_json", sa.Text(), nullable=False),
        sa.Column("enrolled_at", sa.String(length=40), nullable=False),
        sa.Column("revoked_at", sa.String(length=40), nullable=True),
        sa.Column("max_device_seq", sa.BigInteger(), nullable=False),
        sa.Column("acked_before_revocation", sa.BigInteger(), nullable=True),
        sa.Column("backup_watermark", sa.BigInteger(), nullable=False),
        sa.Column("current_session", sa.String(length=80), nullable=True),
        sa.Column("last_seen", sa.String(length=40), nullable=True),
        sa.Column("last_clock_skew_ms", sa.BigInteger(), nullable=True),
        sa.Column("clock_suspect", sa.Boolean(), nullable=False),
        sa.Column("app_version", sa.String(length=32), nullable=False),
        sa.Column("bundle_cursors_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_device")),
        sa.UniqueConstraint("cert_serial", name=op.f("uq_device_cert_serial")),
    )
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_device_township_id"), ["township_id"], unique=False)

    op.create_table(
        "enrolment",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("township_id", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("expires_at", sa.String(length=40), nullable=False),
        sa.Column("used_at", sa.String(length=40), nullable=True),
        sa.Column("device_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("code_hash", name=op.f("pk_enrolment")),
    )
    op.create_table(
        "entity",
        sa.Column("entity_type", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("stream", sa.String(length=80), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("data_json", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("conflict", sa.String(length=8), nullable=True),
        sa.Column("last_server_seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("entity_type", "entity_id", name=op.f("pk_entity")),
    )
    with op.batch_alter_table("entity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entity_stream"), ["stream"], unique=False)

    op.create_table(
        "entity_version",
        sa.Column("entity_type", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("rev", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("data_json", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("change_id", sa.String(length=36), nullable=True),
        sa.Column("origin_device", sa.String(length=36), nullable=True),
        sa.Column("author", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("entity_type", "entity_id", "rev", name=op.f("pk_entity_version")),
    )
    op.create_table(
        "feed",
        sa.Column("server_seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("stream", sa.String(length=80), nullable=False),
        sa.Column("entity_type", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("op", sa.String(length=16), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("server_seq", name=op.f("pk_feed")),
    )
    with op.batch_alter_table("feed", schema=None) as batch_op:
        batch_op.create_index("ix_feed_stream_seq", ["stream", "server_seq"], unique=False)

    op.create_table(
        "imported_bundle",
        sa.Column("bundle_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("imported_at", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("summary_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("bundle_id", name=op.f("pk_imported_bundle")),
    )
    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempt")),
    )
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.create_index("ix_login_attempt_key_at", ["key", "at"], unique=False)

    op.create_table(
        "nonce",
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("expires_at", sa.String(length=40), nullable=False),
        sa.Column("used_at", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("nonce", name=op.f("pk_nonce")),
    )
    op.create_table(
        "quarantine",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("via", sa.String(length=80), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("received_at", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quarantine")),
    )
    with op.batch_alter_table("quarantine", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quarantine_device_id"), ["device_id"], unique=False)

    op.create_table(
        "server_meta",
        sa.Column("k", sa.String(length=64), nullable=False),
        sa.Column("v", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("k", name=op.f("pk_server_meta")),
    )
    op.create_table(
        "stream_stat",
        sa.Column("stream", sa.String(length=80), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("stream", name=op.f("pk_stream_stat")),
    )
    op.create_table(
        "upload",
        sa.Column("upload_id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("offset", sa.BigInteger(), nullable=False),
        sa.Column("mime", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("expires_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("upload_id", name=op.f("pk_upload")),
    )
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_upload_sha256"), ["sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_upload_sha256"))

    op.drop_table("upload")
    op.drop_table("stream_stat")
    op.drop_table("server_meta")
    with op.batch_alter_table("quarantine", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quarantine_device_id"))

    op.drop_table("quarantine")
    op.drop_table("nonce")
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.drop_index("ix_login_attempt_key_at")

    op.drop_table("login_attempt")
    op.drop_table("imported_bundle")
    with op.batch_alter_table("feed", schema=None) as batch_op:
        batch_op.drop_index("ix_feed_stream_seq")

    op.drop_table("feed")
    op.drop_table("entity_version")
    with op.batch_alter_table("entity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entity_stream"))

    op.drop_table("entity")
    op.drop_table("enrolment")
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_device_township_id"))

    op.drop_table("device")
    op.drop_table("dataset")
    op.drop_table("county_user")
    op.drop_table("counter")
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.drop_index("ix_conflict_status_stream")
        batch_op.drop_index(batch_op.f("ix_conflict_entity_id"))

    op.drop_table("conflict")
    op.drop_table("change_ledger")
    op.drop_table("blob")
    with op.batch_alter_table("backlog", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_backlog_waiting_for"))

    op.drop_table("backlog")
    with op.batch_alter_table("access_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_token_device_id"))

    op.drop_table("access_token")
