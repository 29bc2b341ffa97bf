"""Who investigates a case and when the home visit is planned (issue 5; DOMAIN §2 入户调查 needs ≥2 staff, §7.3
related staff withdraw).

Both tables are ``SyncedMixin`` tables: rows are created and changed only through ``record_change`` (the services'
``Recorder``) so that an assignment made on the coordinator's laptop reaches the investigator's. An assignment is
never deleted: it ends (``status`` ENDED) so the record of who was on the case stays. Codes are the strings of
``app.services.assignments``; the investigators of a visit are a JSON list of ``{"id": user id, "name": name}``.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, SyncedMixin


class CaseAssignment(SyncedMixin, Base):
    """One investigator on one case: lead (主调查人) or second (协同调查人), from ``assigned_on`` until ended."""

    __tablename__ = "case_assignments"
    __table_args__ = (Index("ix_case_assignments_user_id_status", "user_id", "status"),)

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    user_id: Mapped[str] = mapped_column(String(36))
    user_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(8))  # LEAD | SECOND
    assigned_on: Mapped[date] = mapped_column()
    assigned_by: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(8), default="ACTIVE")  # ACTIVE | ENDED
    ended_on: Mapped[date | None] = mapped_column(default=None)
    ended_by: Mapped[str | None] = mapped_column(String(36), default=None)
    end_reason: Mapped[str] = mapped_column(String(200), default="")


class ScheduledVisit(SyncedMixin, Base):
    """A planned home visit (入户调查) of a case: the day, an optional time slot and note, who goes, how it ended."""

    __tablename__ = "scheduled_visits"
    __table_args__ = (Index("ix_scheduled_visits_planned_on_status", "planned_on", "status"),)

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    planned_on: Mapped[date] = mapped_column()
    time_slot: Mapped[str] = mapped_column(String(32), default="")
    note: Mapped[str] = mapped_column(String(400), default="")
    investigators_json: Mapped[str] = mapped_column(String(1000), default="[]")
    status: Mapped[str] = mapped_column(String(12), default="PLANNED")  # PLANNED | DONE | CANCELLED
    scheduled_by: Mapped[str] = mapped_column(String(36))
    done_on: Mapped[date | None] = mapped_column(default=None)
    cancel_reason: Mapped[str] = mapped_column(String(400), default="")
