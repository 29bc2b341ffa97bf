from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base


class Division(Base):
    """Administrative division: 市 → 区/县 → 乡镇/街道 → 村/社区 (GB/T 2260 codes, then local codes)."""

    __tablename__ = "divisions"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))  # city | county | township | village
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("divisions.code"), default=None, index=True)
    area_type: Mapped[str | None] = mapped_column(String(8), default=None)  # URBAN | RURAL for villages
    is_sample: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(String(200), default="")
