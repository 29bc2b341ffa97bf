"""The county store (SYNC.md §4.5). Its own metadata and migrations: nothing here is shared with the laptop store.

Times are ISO-8601 UTC strings (they sort as text on both SQLite and PostgreSQL); JSON is text.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class CountyBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ServerMeta(CountyBase):
    __tablename__ = "server_meta"
    k: Mapped[str] = mapped_column(String(64), primary_key=True)
    v: Mapped[str] = mapped_column(Text)


class Counter(CountyBase):
    """``server_seq`` comes from one row, locked for the whole write transaction: commit order = sequence order."""

    __tablename__ = "counter"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class Device(CountyBase):
    __tablename__ = "device"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    label: Mapped[str] = mapped_column(String(128), default="")
    township_id: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | frozen | revoked
    status_reason: Mapped[str] = mapped_column(String(200), default="")
    sign_pubkey: Mapped[str] = mapped_column(String(64))
    box_pubkey: Mapped[str] = mapped_column(String(64))
    cert_serial: Mapped[str] = mapped_column(String(40), unique=True)
    cert_json: Mapped[str] = mapped_column(Text)
    enrolled_at: Mapped[str] = mapped_column(String(40))
    revoked_at: Mapped[str | None] = mapped_column(String(40), default=None)
    max_device_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    acked_before_revocation: Mapped[int | None] = mapped_column(BigInteger, default=None)
    backup_watermark: Mapped[int] = mapped_column(BigInteger, default=0)
    current_session: Mapped[str | None] = mapped_column(String(80), default=None)
    last_seen: Mapped[str | None] = mapped_column(String(40), default=None)
    last_clock_skew_ms: Mapped[int | None] = mapped_column(BigInteger, default=None)
    clock_suspect: Mapped[bool] = mapped_column(Boolean, default=False)
    app_version: Mapped[str] = mapped_column(String(32), default="")
    bundle_cursors_json: Mapped[str] = mapped_column(Text, default="{}")


class Enrolment(CountyBase):
    __tablename__ = "enrolment"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    township_id: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[str] = mapped_column(String(40))
    expires_at: Mapped[str] = mapped_column(String(40))
    used_at: Mapped[str | None] = mapped_column(String(40), default=None)
    device_id: Mapped[str | None] = mapped_column(String(36), default=None)


class Nonce(CountyBase):
    __tablename__ = "nonce"
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    expires_at: Mapped[str] = mapped_column(String(40))
    used_at: Mapped[str | None] = mapped_column(String(40), default=None)


class AccessToken(CountyBase):
    __tablename__ = "access_token"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    user_login: Mapped[str] = mapped_column(String(64), default="")
    role: Mapped[str] = mapped_column(String(16))  # device | coordinator | admin
    township_id: Mapped[str | None] = mapped_column(String(32), default=None)
    expires_at: Mapped[str] = mapped_column(String(40))


class LoginAttempt(CountyBase):
    __tablename__ = "login_attempt"
    __table_args__ = (Index("ix_login_attempt_key_at", "key", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(80))
    at: Mapped[str] = mapped_column(String(40))
    ok: Mapped[bool] = mapped_column(Boolean)


class CountyUser(CountyBase):
    __tablename__ = "county_user"
    login: Mapped[str] = mapped_column(String(64), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(64), default="")
    role: Mapped[str] = mapped_column(String(16))  # coordinator | admin
    township_id: Mapped[str | None] = mapped_column(String(32), default=None)
    pw_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ChangeLedger(CountyBase):
    """Append-only: every change received, with its result (idempotency and audit)."""

    __tablename__ = "change_ledger"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    change_id: Mapped[str] = mapped_column(String(36), unique=True)
    payload_sha256: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    change_json: Mapped[str] = mapped_column(Text)
    batch_sig: Mapped[str] = mapped_column(String(256))
    received_at: Mapped[str] = mapped_column(String(40))
    via: Mapped[str] = mapped_column(String(80))
    result: Mapped[str] = mapped_column(String(16))
    result_json: Mapped[str] = mapped_column(Text)
    server_seq: Mapped[int | None] = mapped_column(BigInteger, default=None)
    clock_suspect: Mapped[bool] = mapped_column(Boolean, default=False)


class Entity(CountyBase):
    __tablename__ = "entity"
    entity_type: Mapped[str] = mapped_column(String(32), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    stream: Mapped[str] = mapped_column(String(80), index=True)
    rev: Mapped[int] = mapped_column(Integer)
    data_json: Mapped[str] = mapped_column(Text)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    conflict: Mapped[str | None] = mapped_column(String(8), default=None)  # None | soft | hard
    last_server_seq: Mapped[int] = mapped_column(BigInteger)


class EntityVersion(CountyBase):
    __tablename__ = "entity_version"
    entity_type: Mapped[str] = mapped_column(String(32), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    rev: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    data_json: Mapped[str] = mapped_column(Text)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    change_id: Mapped[str | None] = mapped_column(String(36), default=None)
    origin_device: Mapped[str | None] = mapped_column(String(36), default=None)
    author: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[str] = mapped_column(String(40))


class Feed(CountyBase):
    """What ``/pull`` reads, per stream, in ``server_seq`` order."""

    __tablename__ = "feed"
    __table_args__ = (Index("ix_feed_stream_seq", "stream", "server_seq"),)
    server_seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    stream: Mapped[str] = mapped_column(String(80))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    rev: Mapped[int] = mapped_column(Integer)
    op: Mapped[str] = mapped_column(String(16))
    origin_device: Mapped[str | None] = mapped_column(String(36), default=None)


class StreamStat(CountyBase):
    """Count and XOR digest of (entity_type, entity_id, rev) per stream, kept incrementally (verify step)."""

    __tablename__ = "stream_stat"
    stream: Mapped[str] = mapped_column(String(80), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger, default=0)
    digest: Mapped[str] = mapped_column(String(64))


class Conflict(CountyBase):
    __tablename__ = "conflict"
    __table_args__ = (Index("ix_conflict_status_stream", "status", "stream"),)
    conflict_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64), index=True)
    stream: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(24))  # soft | hard | invalid_transition | quarantine
    status: Mapped[str] = mapped_column(String(16), default="open")
    fields_json: Mapped[str] = mapped_column(Text)
    base_values_json: Mapped[str] = mapped_column(Text)
    server_values_json: Mapped[str] = mapped_column(Text)
    incoming_values_json: Mapped[str] = mapped_column(Text)
    base_rev: Mapped[int | None] = mapped_column(Integer, default=None)
    server_rev: Mapped[int] = mapped_column(Integer)
    incoming_change_id: Mapped[str | None] = mapped_column(String(36), default=None)
    incoming_device: Mapped[str | None] = mapped_column(String(36), default=None)
    incoming_author: Mapped[str | None] = mapped_column(String(64), default=None)
    server_author: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[str] = mapped_column(String(40))
    resolved_by: Mapped[str | None] = mapped_column(String(64), default=None)
    resolved_at: Mapped[str | None] = mapped_column(String(40), default=None)
    resolution_rev: Mapped[int | None] = mapped_column(Integer, default=None)
    note: Mapped[str] = mapped_column(String(500), default="")


class Backlog(CountyBase):
    """Changes held until what they need arrives: their create, a blob, or (USB) the earlier device_seq."""

    __tablename__ = "backlog"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(16))  # gap | entity | blob
    waiting_for: Mapped[str] = mapped_column(String(120), index=True)
    change_json: Mapped[str] = mapped_column(Text)
    batch_sig: Mapped[str] = mapped_column(String(256))
    via: Mapped[str] = mapped_column(String(80))
    held_since: Mapped[str] = mapped_column(String(40))


class Blob(CountyBase):
    __tablename__ = "blob"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    mime: Mapped[str] = mapped_column(String(64), default="")
    state: Mapped[str] = mapped_column(String(16))  # expected | complete
    created_at: Mapped[str] = mapped_column(String(40))


class Upload(CountyBase):
    __tablename__ = "upload"
    upload_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    offset: Mapped[int] = mapped_column(BigInteger, default=0)
    mime: Mapped[str] = mapped_column(String(64), default="")
    device_id: Mapped[str | None] = mapped_column(String(36), default=None)
    created_at: Mapped[str] = mapped_column(String(40))
    expires_at: Mapped[str] = mapped_column(String(40))


class Quarantine(CountyBase):
    """Data from a revoked or frozen device: kept for the coordinator, never applied automatically."""

    __tablename__ = "quarantine"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), index=True)
    via: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str] = mapped_column(String(40))
    received_at: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text)  # the batch JSON, or the stored bundle's path
    status: Mapped[str] = mapped_column(String(16), default="open")


class Dataset(CountyBase):
    """A county reference dataset version; laptops apply a version only when it arrived whole."""

    __tablename__ = "dataset"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    stream: Mapped[str] = mapped_column(String(80))
    sha256: Mapped[str] = mapped_column(String(64))
    items_json: Mapped[str] = mapped_column(Text)
    published_at: Mapped[str] = mapped_column(String(40))
    published_by: Mapped[str] = mapped_column(String(64), default="")


class ImportedBundle(CountyBase):
    __tablename__ = "imported_bundle"
    bundle_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    imported_at: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16))  # imported | quarantined
    summary_json: Mapped[str] = mapped_column(Text, default="{}")
