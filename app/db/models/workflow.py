"""The statutory case workflow as rows: deadline clocks, one-time material notices, assessments, decisions,
near-relative filings and follow-up tasks (DOMAIN §6–§8).

Values are stored as the codes of ``app.workflow`` (step names, task kinds, results) so that this layer does not
import the workflow package; money is integer fen (decision 7).
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, SyncedMixin

# Lifecycle of a stored deadline row. The time status (on time / due soon / overdue) is computed when read.
DEADLINE_OPEN = "OPEN"
DEADLINE_DONE = "DONE"
DEADLINE_CANCELLED = "CANCELLED"  # the case left the process (withdrawn, terminated for non-cooperation)
DEADLINE_SUPERSEDED = "SUPERSEDED"  # the same step was started again (recheck, re-survey)

TASK_OPEN = "OPEN"
TASK_DONE = "DONE"
TASK_CANCELLED = "CANCELLED"


class CaseDeadline(SyncedMixin, Base):
    """One statutory clock of one case, with the rule row and calendar version it was computed from."""

    __tablename__ = "case_deadlines"
    __table_args__ = (Index("ix_case_deadlines_status_due_on", "status", "due_on"),)

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    step: Mapped[str] = mapped_column(String(32))
    started_on: Mapped[date] = mapped_column()
    due_on: Mapped[date] = mapped_column()
    unit: Mapped[str] = mapped_column(String(4))  # WD | CD
    limit_days: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default=DEADLINE_OPEN)
    provisional: Mapped[bool] = mapped_column(default=False)
    rule_version: Mapped[str] = mapped_column(String(100))
    calendar_version: Mapped[str] = mapped_column(String(64))
    done_on: Mapped[date | None] = mapped_column(default=None)


class MissingMaterialItem(SyncedMixin, Base):
    """One line of a one-time notice of missing materials (一次性告知书, 57号 Art. 10)."""

    __tablename__ = "missing_material_items"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    notice_id: Mapped[uuid.UUID] = mapped_column()  # the items of one notice share it
    ordinal: Mapped[int] = mapped_column()
    description: Mapped[str] = mapped_column(String(200))
    notified_on: Mapped[date] = mapped_column()
    received_on: Mapped[date | None] = mapped_column(default=None)


class CaseAssessment(SyncedMixin, Base):
    """The household economic assessment and benefit computation as made at ASSESS (reproducible by versions)."""

    __tablename__ = "case_assessments"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    assessed_on: Mapped[date] = mapped_column()
    classification: Mapped[str] = mapped_column(String(16))
    reasons_json: Mapped[str] = mapped_column(String(400), default="[]")
    method: Mapped[str] = mapped_column(String(8))
    tier: Mapped[str | None] = mapped_column(String(8), default=None)
    area_code: Mapped[str] = mapped_column(String(12))
    area_type: Mapped[str] = mapped_column(String(8))
    standard_fen: Mapped[int] = mapped_column()
    standard_rule: Mapped[str] = mapped_column(String(100))
    household_size: Mapped[int] = mapped_column()
    covered_persons: Mapped[int] = mapped_column()
    per_capita_income_fen: Mapped[int] = mapped_column()
    amount_fen: Mapped[int] = mapped_column()
    rule_versions_json: Mapped[str] = mapped_column(Text, default="[]")


class CaseDecision(SyncedMixin, Base):
    """确认同意 or 不予同意: what the certificate or the denial notice is printed from."""

    __tablename__ = "case_decisions"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    assessment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("case_assessments.id"), default=None)
    result: Mapped[str] = mapped_column(String(16))  # APPROVED | DENIED
    decided_on: Mapped[date] = mapped_column()
    decided_by: Mapped[str] = mapped_column(String(36))
    classification: Mapped[str] = mapped_column(String(16), default="")
    amount_fen: Mapped[int] = mapped_column(default=0)
    standard_used_fen: Mapped[int | None] = mapped_column(default=None)
    standard_rule: Mapped[str] = mapped_column(String(100), default="")
    method: Mapped[str] = mapped_column(String(8), default="")
    covered_persons: Mapped[int] = mapped_column(default=0)
    rule_versions_json: Mapped[str] = mapped_column(Text, default="[]")
    start_month: Mapped[str | None] = mapped_column(String(7), default=None)  # YYYY-MM, first month paid
    end_month: Mapped[str | None] = mapped_column(String(7), default=None)  # YYYY-MM, last month paid
    reason: Mapped[str] = mapped_column(String(2000), default="")
    reason_codes_json: Mapped[str] = mapped_column(String(400), default="[]")


class NearRelativeFiling(SyncedMixin, Base):
    """近亲属备案 (DOMAIN §7.3, §8.12): the related staff member is blocked from every action on the household's cases."""

    __tablename__ = "near_relative_filings"

    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"), index=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id"), default=None, index=True)
    staff_user_id: Mapped[str] = mapped_column(String(36), index=True)
    staff_name: Mapped[str] = mapped_column(String(64))
    staff_post: Mapped[str] = mapped_column(String(64), default="")
    relation: Mapped[str] = mapped_column(String(32))
    declared_on: Mapped[date] = mapped_column()


class CaseTask(SyncedMixin, Base):
    """Follow-up work a transition creates, e.g. the county's 100% field check or a publicity feedback."""

    __tablename__ = "case_tasks"
    __table_args__ = (Index("ix_case_tasks_status_kind", "status", "kind"),)

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(16), default=None)
    scope: Mapped[str] = mapped_column(String(16))  # TOWNSHIP | COUNTY
    status: Mapped[str] = mapped_column(String(16), default=TASK_OPEN)
    created_on: Mapped[date] = mapped_column()
    done_on: Mapped[date | None] = mapped_column(default=None)
    note: Mapped[str] = mapped_column(String(400), default="")
