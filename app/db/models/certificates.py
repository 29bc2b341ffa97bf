"""最低生活保障证 numbering (DOMAIN §8.10): serial ranges the county allocates to a township, and every certificate
issued from them.

A range is allocated by the county with its own Ed25519 signing key, so a township can issue and sign offline; the
county keeps the public key to verify the QR code. The private key lives only in this encrypted store and is never
put in a sync payload. ``next_serial`` only grows: a number, once issued, is never issued again, whether its
certificate is reprinted (same number, ``reprint_count`` + 1) or voided (kept, with when and why).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, SyncedMixin


class CertificateRange(SyncedMixin, Base):
    __tablename__ = "certificate_ranges"
    __table_args__ = (UniqueConstraint("prefix", "first_serial", name="uq_certificate_ranges_prefix_first"),)

    township_code: Mapped[str] = mapped_column(ForeignKey("divisions.code"), index=True)
    prefix: Mapped[str] = mapped_column(String(24))  # e.g. "360222900-2026-"
    first_serial: Mapped[int] = mapped_column()
    last_serial: Mapped[int] = mapped_column()  # inclusive
    next_serial: Mapped[int] = mapped_column()  # > last_serial when used up
    width: Mapped[int] = mapped_column()  # digits of the serial part, zero-padded
    allocated_on: Mapped[date] = mapped_column()
    reference: Mapped[str] = mapped_column(String(100), default="")  # the county's allocation document
    key_id: Mapped[str] = mapped_column(String(16))
    signing_key_pem: Mapped[str] = mapped_column(Text)


class IssuedCertificate(SyncedMixin, Base):
    __tablename__ = "issued_certificates"

    number: Mapped[str] = mapped_column(String(40), unique=True)
    range_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("certificate_ranges.id"), index=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    decision_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("case_decisions.id"), default=None)
    issued_at: Mapped[datetime] = mapped_column()
    issued_on: Mapped[date] = mapped_column()
    issued_by: Mapped[str] = mapped_column(String(36))
    # What the QR code vouches for, as signed: a reprint must show the same.
    amount_fen: Mapped[int] = mapped_column()
    covered_persons: Mapped[int] = mapped_column()
    start_month: Mapped[str] = mapped_column(String(7))
    qr_payload: Mapped[str] = mapped_column(String(400))
    reprint_count: Mapped[int] = mapped_column(default=0)
    last_printed_at: Mapped[datetime | None] = mapped_column(default=None)
    voided_at: Mapped[datetime | None] = mapped_column(default=None)
    void_reason: Mapped[str] = mapped_column(String(200), default="")
    voided_by: Mapped[str] = mapped_column(String(36), default="")
