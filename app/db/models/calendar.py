from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base


class CalendarYear(Base):
    """An official work-calendar year imported after the build (the State Council notice), kept as data."""

    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    data_json: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(400))
    imported_at: Mapped[datetime] = mapped_column()
    imported_by: Mapped[str] = mapped_column(String(64))
