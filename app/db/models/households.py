from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, SyncedMixin


class Household(SyncedMixin, Base):
    __tablename__ = "households"

    area_code: Mapped[str] = mapped_column(
        ForeignKey("divisions.code"), index=True
    )  # the village / community
    area_type: Mapped[str] = mapped_column(String(8))  # URBAN | RURAL
    hukou_address: Mapped[str] = mapped_column(String(200), default="")
    hukou_division_code: Mapped[str | None] = mapped_column(String(12), default=None)
    residence_address: Mapped[str] = mapped_column(String(200), default="")
    residence_since: Mapped[date | None] = mapped_column(default=None)
    is_renhu_fenli: Mapped[bool] = mapped_column(default=False)

    members: Mapped[list[Person]] = relationship(
        back_populates="household", cascade="all, delete-orphan", order_by="Person.ordinal"
    )


class Person(SyncedMixin, Base):
    __tablename__ = "persons"
    __table_args__ = (
        Index("ix_persons_id_last4", "id_last4"),
        Index("ix_persons_name", "name"),
        Index(
            "ix_persons_id_number", "id_number"
        ),  # a full ID typed at the window finds the household at once
    )

    household_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), index=True
    )
    ordinal: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(64))
    id_type: Mapped[str] = mapped_column(String(24), default="RESIDENT")
    id_number: Mapped[str] = mapped_column(String(24), default="")
    id_last4: Mapped[str] = mapped_column(String(4), default="")
    sex: Mapped[str | None] = mapped_column(String(1), default=None)
    birth_date: Mapped[date | None] = mapped_column(default=None)
    relation: Mapped[str] = mapped_column(String(16), default="本人")
    is_head: Mapped[bool] = mapped_column(default=False)
    coresident: Mapped[bool] = mapped_column(default=True)
    exclusion_reason: Mapped[str | None] = mapped_column(String(32), default=None)
    phone: Mapped[str] = mapped_column(String(20), default="")

    household: Mapped[Household] = relationship(back_populates="members")
