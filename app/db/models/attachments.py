from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, SyncedMixin


class Attachment(SyncedMixin, Base):
    """Photos, signatures and scans live inside the encrypted store (decision 4), hashed over the stored bytes."""

    __tablename__ = "attachments"

    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id"), index=True, default=None)
    kind: Mapped[str] = mapped_column(String(16))  # PHOTO | SIGNATURE | SCAN
    category: Mapped[str] = mapped_column(String(16), default="")
    caption: Mapped[str] = mapped_column(String(200), default="")
    mime: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column()
    data: Mapped[bytes] = mapped_column(LargeBinary)
