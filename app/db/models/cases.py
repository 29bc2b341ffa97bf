from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, SyncedMixin
from app.db.models.households import Household


class Case(SyncedMixin, Base):
    """One application of a household for one programme, and its way through the statutory process."""

    __tablename__ = "cases"
    # The case list shows the newest first; without this index every search sorts the whole table.
    __table_args__ = (Index("ix_cases_created_at", "created_at", "id"),)  # covering: ids come from the index alone

    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"), index=True)
    programme: Mapped[str] = mapped_column(String(16), default="DIBAO")
    channel: Mapped[str] = mapped_column(String(16))  # WINDOW | ONLINE | PROXY
    state: Mapped[str] = mapped_column(String(32), index=True)
    township_code: Mapped[str] = mapped_column(ForeignKey("divisions.code"), index=True)
    submitted_at: Mapped[datetime | None] = mapped_column(default=None)
    accepted_on: Mapped[date | None] = mapped_column(default=None)
    near_relative_flag: Mapped[bool] = mapped_column(default=False)
    state_detail_json: Mapped[str] = mapped_column(String(4000), default="{}")
    monthly_amount_fen: Mapped[int | None] = mapped_column(default=None)
    # The parallel county data-check lane (DATA_CHECK_REQUESTED | DATA_CHECKED), None when not requested.
    data_check_state: Mapped[str | None] = mapped_column(String(32), default=None)
    # 人户分离 family that applied at the residence township (the registration township must request the check).
    applied_at_residence: Mapped[bool] = mapped_column(default=False)
    county_field_check_scheduled: Mapped[bool] = mapped_column(default=False)
    publicity_ends_on: Mapped[date | None] = mapped_column(default=None)
    # Date of the last transition (the action's date, which may be before the day it was entered).
    state_changed_on: Mapped[date | None] = mapped_column(default=None)

    household: Mapped[Household] = relationship()
