"""Captured official forms (decision 1): one row per record version, and who signed each finished version.

A record names the form code and version it was captured with; its data is the form's JSON (``forms.values``
describes the value shapes). A final record is locked. A correction is a new row with ``version + 1``, the id it
``supersedes`` and a reason; both rows are kept. Photos and signatures are ``Attachment`` rows the data refers to
by id, stored in the same transaction as the record (decision 4).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, SyncedMixin

RECORD_DRAFT = "draft"
RECORD_FINAL = "final"

SIGNER_INVESTIGATOR = "investigator"
SIGNER_APPLICANT = "applicant"
SIGNER_WITNESS = "witness"


class FormRecord(SyncedMixin, Base):
    __tablename__ = "form_records"
    __table_args__ = (Index("ix_form_records_case_id_form_code", "case_id", "form_code"),)

    # Proactive-discovery visits may precede any case.
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id"), default=None)
    form_code: Mapped[str] = mapped_column(String(32))
    form_version: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(8), default=RECORD_DRAFT)
    data_json: Mapped[str] = mapped_column(Text, default="{}")
    version: Mapped[int] = mapped_column(default=1)
    supersedes_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("form_records.id"), default=None, index=True
    )
    correction_reason: Mapped[str | None] = mapped_column(String(400), default=None)
    created_by: Mapped[str] = mapped_column(String(36))
    finalized_at: Mapped[datetime | None] = mapped_column(default=None)
    finalized_by: Mapped[str | None] = mapped_column(String(36), default=None)


class FormSignOff(SyncedMixin, Base):
    """One signature on a final record: an investigator who confirmed with a password, or a pad signature."""

    __tablename__ = "form_sign_offs"

    record_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("form_records.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # investigator | applicant | witness
    signer_user_id: Mapped[str | None] = mapped_column(String(36), default=None)
    signer_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column()
    signature_attachment_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("attachments.id"), default=None
    )
