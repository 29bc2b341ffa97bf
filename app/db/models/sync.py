"""Laptop-side sync state (SYNC.md §4.4), inside the encrypted store like everything else.

``sync.client`` reads and writes these tables; nothing in ``app`` needs to know what they mean beyond
``server_shadow.rev`` (the base revision a local edit starts from).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base


class SyncState(Base):
    """Small facts: server epoch, cursor:<stream>, acked_through, revocations, last verify per stream."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ServerShadow(Base):
    """The last server copy of each entity: the base of the next local edit and of the verify digest."""

    __tablename__ = "server_shadow"
    __table_args__ = (Index("ix_server_shadow_stream", "stream"),)

    entity_type: Mapped[str] = mapped_column(String(32), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    stream: Mapped[str] = mapped_column(String(80))
    rev: Mapped[int] = mapped_column(Integer)
    server_seq: Mapped[int] = mapped_column(Integer)
    data_json: Mapped[str | None] = mapped_column(Text, default=None)
    tombstone: Mapped[bool] = mapped_column(Boolean, default=False)
    conflict: Mapped[str | None] = mapped_column(String(8), default=None)
    # False while the local working row could not take the server copy yet (pending edits, missing parent/blob).
    applied: Mapped[bool] = mapped_column(Boolean, default=True)


class ConflictMirror(Base):
    """What the county's coordinator queue says about entities on this laptop (banner; read-only here)."""

    __tablename__ = "conflict_mirror"

    conflict_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16))
    fields_json: Mapped[str] = mapped_column(Text)
    device_seq: Mapped[int | None] = mapped_column(Integer, default=None)
    server_seq: Mapped[int | None] = mapped_column(Integer, default=None)


class SyncBlob(Base):
    """Attachment bytes on their way up or down (content-addressed by SHA-256)."""

    __tablename__ = "sync_blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer, default=0)
    mime: Mapped[str] = mapped_column(String(64), default="")
    # queued_upload | synced | queued_download | missing
    state: Mapped[str] = mapped_column(String(16), index=True)
    upload_id: Mapped[str | None] = mapped_column(String(36), default=None)
    upload_offset: Mapped[int] = mapped_column(Integer, default=0)
    partial: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)  # a download in progress
    last_error: Mapped[str | None] = mapped_column(String(200), default=None)


class DeviceIdentity(Base):
    """This laptop's enrolment: Ed25519 and X25519 keys, the county certificate, the pinned CA and county keys."""

    __tablename__ = "device_identity"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sign_key: Mapped[bytes] = mapped_column(LargeBinary)
    box_key: Mapped[bytes] = mapped_column(LargeBinary)
    certificate_json: Mapped[str] = mapped_column(Text)
    county_sign_pubkey: Mapped[str] = mapped_column(String(64))
    county_box_pubkey: Mapped[str] = mapped_column(String(64))
    county_id: Mapped[str] = mapped_column(String(32))
    server_id: Mapped[str] = mapped_column(String(36))
    ca_pem: Mapped[str] = mapped_column(Text)
    server_url: Mapped[str] = mapped_column(String(400))
    enrolled_at: Mapped[datetime] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | revoked | frozen


class RefDataset(Base):
    """The county reference dataset versions this laptop holds (applied whole, hash checked)."""

    __tablename__ = "ref_dataset"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    stream: Mapped[str] = mapped_column(String(80))
    sha256: Mapped[str] = mapped_column(String(64))
    items_json: Mapped[str] = mapped_column(Text)
    applied_at: Mapped[datetime] = mapped_column()
