from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base


class OutboxEntry(Base):
    """SYNC.md §4.4: one row per change, gap-free ``device_seq`` allocated in the same transaction as the change."""

    __tablename__ = "outbox"

    device_seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    change_id: Mapped[str] = mapped_column(String(36), unique=True)
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(16))  # create | patch | delete | correct | event
    base_rev: Mapped[int | None] = mapped_column(default=None)
    prev_local_seq: Mapped[int | None] = mapped_column(default=None)
    fields_json: Mapped[str] = mapped_column(Text)
    before_json: Mapped[str | None] = mapped_column(Text, default=None)
    blob_refs_json: Mapped[str | None] = mapped_column(Text, default=None)
    schema_version: Mapped[int] = mapped_column(default=1)
    hlc: Mapped[str] = mapped_column(String(64))
    author_user_id: Mapped[str] = mapped_column(String(36))
    payload_sha256: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    server_result: Mapped[str | None] = mapped_column(Text, default=None)
    acked_server_seq: Mapped[int | None] = mapped_column(default=None)
