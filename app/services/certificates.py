"""最低生活保障证: serial ranges from the county, issuing, reprinting and voiding (DOMAIN §8.10).

Works offline: the county allocates each township a range of numbers and a signing key in advance; the township
issues from it without asking anyone. A number is used once: ``next_serial`` only grows, a reprint keeps its number
(and says 补打), a voided certificate keeps its number forever and can no longer be printed. A range running low
warns, an exhausted township is refused with what to do. Every step is audited and queued for sync; the signing
key never enters a sync payload.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.changelog import record_change
from app.db.models import CertificateRange, Division, IssuedCertificate
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.errors import NotFound, ValidationError
from app.domain.money import to_fen
from app.domain.roles import Permission
from app.services.documents import (
    CERTIFICATE_NUMBER_RE,
    CertificateDoc,
    DocumentIncomplete,
    certificate_claims,
    key_id,
    load_private_key,
    sign_certificate_qr,
)
from app.services.printing import PrintSettings, build_certificate_doc
from app.services.workflow import load_case
from app.workflow.states import CaseState

ENTITY_RANGE = "certificate_range"
ENTITY_CERTIFICATE = "certificate"

_ISSUABLE_STATES = frozenset({CaseState.APPROVED.value, CaseState.ACTIVE.value})
_PREFIX_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-")


class SerialsExhausted(ValidationError):
    code = "CERTIFICATE_SERIALS_EXHAUSTED"
    default_message = (
        "{township}的最低生活保障证号段已用完，无法发证。请向县级民政部门申请新的号段，"
        "由管理员导入后再打印（本次没有占用任何证号）。"
    )


@dataclass(frozen=True, slots=True)
class RangeRow:
    id: str
    township_code: str
    prefix: str
    first_serial: int
    last_serial: int
    next_serial: int
    key_id: str
    reference: str

    @property
    def remaining(self) -> int:
        return max(0, self.last_serial - self.next_serial + 1)


@dataclass(frozen=True, slots=True)
class IssuedDoc:
    """A certificate ready to render, and anything the clerk should be told (e.g. numbers running low)."""

    doc: CertificateDoc
    case_id: str
    warnings: tuple[str, ...] = ()


def _row(r: CertificateRange) -> RangeRow:
    return RangeRow(
        str(r.id),
        r.township_code,
        r.prefix,
        r.first_serial,
        r.last_serial,
        r.next_serial,
        r.key_id,
        r.reference,
    )


def allocate_range(
    session: Session,
    actor: Actor,
    *,
    township_code: str,
    prefix: str,
    first: int,
    last: int,
    signing_key_pem: bytes,
    clock: Clock,
    reference: str = "",
) -> RangeRow:
    """Record a range the county allocated (an admin enters or imports it). Overlaps are refused."""
    actor.require(Permission.MANAGE_REFERENCE)
    township = session.get(Division, township_code)
    if township is None or township.level != "township":
        raise ValidationError(f"乡镇/街道代码 {township_code} 不存在。")
    prefix = prefix.strip().upper()
    if not prefix or not set(prefix) <= _PREFIX_CHARS or len(prefix) > 24:
        raise ValidationError("证号前缀只能由大写字母、数字和连字符组成，最长24位，例如 360222900-2026-")
    if first < 1 or last < first:
        raise ValidationError(f"号段起止不对：{first}–{last}（起号应不小于1，且不大于止号）")
    width = len(str(last))
    if not CERTIFICATE_NUMBER_RE.match(f"{prefix}{last:0{width}d}"):
        raise ValidationError("证号过长：前缀和序号合计不能超过40位")
    overlapping = session.scalar(
        select(func.count())
        .select_from(CertificateRange)
        .where(
            CertificateRange.prefix == prefix,
            CertificateRange.first_serial <= last,
            CertificateRange.last_serial >= first,
        )
    )
    if overlapping:
        raise ValidationError(f"号段 {prefix}{first}–{last} 与已有号段重叠，同一证号不能发两次。")
    private = load_private_key(signing_key_pem)
    row = CertificateRange(
        id=uuid.uuid4(),
        township_code=township_code,
        prefix=prefix,
        first_serial=first,
        last_serial=last,
        next_serial=first,
        width=width,
        allocated_on=clock.today(),
        reference=reference.strip()[:100],
        key_id=key_id(private.public_key()),
        signing_key_pem=signing_key_pem.decode("ascii"),
    )
    session.add(row)
    record_change(
        session,
        actor,
        at=clock.now(),
        entity_type=ENTITY_RANGE,
        entity_id=str(row.id),
        op="create",
        # The private key stays on this laptop: the county generated it and holds the public half.
        fields={
            "township_code": township_code,
            "prefix": prefix,
            "first_serial": first,
            "last_serial": last,
            "next_serial": first,
            "width": width,
            "key_id": row.key_id,
            "reference": row.reference,
        },
        audit_action="certificate.range_allocated",
        audit_details={"township_code": township_code, "first": first, "last": last, "key_id": row.key_id},
    )
    session.flush()
    return _row(row)


def ranges(session: Session, township_code: str) -> list[RangeRow]:
    rows = session.scalars(
        select(CertificateRange)
        .where(CertificateRange.township_code == township_code)
        .order_by(CertificateRange.allocated_on, CertificateRange.prefix, CertificateRange.first_serial)
    )
    return [_row(r) for r in rows]


def remaining(session: Session, township_code: str) -> int:
    return sum(r.remaining for r in ranges(session, township_code))


def low_warning(session: Session, township_code: str, settings: PrintSettings) -> str | None:
    left = remaining(session, township_code)
    if left <= settings.serial_low_count:
        return (
            f"本乡镇（街道）剩余最低生活保障证号 {left} 个，已不多于 {settings.serial_low_count} 个，"
            "请及时向县级民政部门申请新的号段。"
        )
    return None


def active_certificate(session: Session, case_id: uuid.UUID) -> IssuedCertificate | None:
    return session.scalars(
        select(IssuedCertificate)
        .where(IssuedCertificate.case_id == case_id, IssuedCertificate.voided_at.is_(None))
        .order_by(IssuedCertificate.issued_at.desc())
        .limit(1)
    ).first()


def issue_certificate(
    session: Session, actor: Actor, case_id: str, *, clock: Clock, settings: PrintSettings
) -> IssuedDoc:
    """Take the next number, sign, record. Everything is checked before a number is taken."""
    actor.require(Permission.PRINT_DOCUMENTS)
    case = load_case(session, case_id)
    if case.state not in _ISSUABLE_STATES:
        raise ValidationError("只有已确认同意（审核确认后）的案件才能发放最低生活保障证。")
    existing = active_certificate(session, case.id)
    if existing is not None:
        raise ValidationError(
            f"该案件已发证（证号 {existing.number}）。如需再次打印请使用“补打”；"
            "如保障金额等已变更，请先作废原证再重新发证。"
        )
    today = clock.today()
    draft, decision = build_certificate_doc(session, case_id, settings=settings, issued_on=today)
    # The complete check (all but number and signature) happens before a number is taken.
    missing = [m for m in draft.missing() if m not in ("证号", "防伪二维码签名")]
    if missing:
        raise DocumentIncomplete(title=CertificateDoc.TITLE, missing="、".join(missing), items=tuple(missing))
    assert draft.monthly_amount is not None
    assert draft.start_month is not None

    source = session.scalars(
        select(CertificateRange)
        .where(
            CertificateRange.township_code == case.township_code,
            CertificateRange.next_serial <= CertificateRange.last_serial,
        )
        .order_by(CertificateRange.allocated_on, CertificateRange.prefix, CertificateRange.first_serial)
        .limit(1)
    ).first()
    if source is None:
        township = session.get(Division, case.township_code)
        raise SerialsExhausted(township=township.name if township else case.township_code)
    serial = source.next_serial
    number = f"{source.prefix}{serial:0{source.width}d}"
    private = load_private_key(source.signing_key_pem.encode("ascii"))
    doc = dataclasses.replace(draft, number=number)
    payload = sign_certificate_qr(certificate_claims(doc, private.public_key()), private)
    doc = dataclasses.replace(doc, qr_payload=payload)

    source.next_serial = serial + 1
    now = clock.now()
    issued = IssuedCertificate(
        id=uuid.uuid4(),
        number=number,
        range_id=source.id,
        case_id=case.id,
        decision_id=decision.id,
        issued_at=now,
        issued_on=today,
        issued_by=actor.user_id,
        amount_fen=to_fen(draft.monthly_amount),
        covered_persons=len(draft.covered_members),
        start_month=str(draft.start_month),
        qr_payload=payload,
        last_printed_at=now,
    )
    session.add(issued)
    record_change(
        session,
        actor,
        at=now,
        entity_type=ENTITY_RANGE,
        entity_id=str(source.id),
        op="patch",
        fields={"next_serial": source.next_serial},
        before={"next_serial": serial},
        base_rev=source.server_rev,
        audit_action="certificate.serial_taken",
        audit_details={"range_id": str(source.id), "serial": serial},
    )
    record_change(
        session,
        actor,
        at=now,
        entity_type=ENTITY_CERTIFICATE,
        entity_id=str(issued.id),
        op="create",
        fields={
            "number": number,
            "range_id": str(source.id),
            "case_id": str(case.id),
            "decision_id": str(decision.id),
            "issued_on": today.isoformat(),
            "issued_by": actor.user_id,
            "amount_fen": issued.amount_fen,
            "covered_persons": issued.covered_persons,
            "start_month": issued.start_month,
            "qr_payload": payload,
        },
        audit_action="certificate.issued",
        audit_details={"case_id": str(case.id), "number": number},
    )
    session.flush()
    warning = low_warning(session, case.township_code, settings)
    return IssuedDoc(doc, str(case.id), (warning,) if warning else ())


def _by_number_or_case(session: Session, number_or_case: str) -> IssuedCertificate:
    row = session.scalars(select(IssuedCertificate).where(IssuedCertificate.number == number_or_case)).first()
    if row is not None:
        return row
    try:
        case_uuid = uuid.UUID(number_or_case)
    except ValueError:
        raise NotFound(what=f"最低生活保障证 {number_or_case}") from None
    row = active_certificate(session, case_uuid)
    if row is None:
        voided = session.scalars(
            select(IssuedCertificate).where(IssuedCertificate.case_id == case_uuid).limit(1)
        ).first()
        if voided is not None:
            raise ValidationError("该案件的最低生活保障证已作废，不能补打。如仍在保障期内，请重新发证。")
        raise NotFound(what=f"案件 {number_or_case} 的最低生活保障证")
    return row


def reprint_certificate(
    session: Session, actor: Actor, number_or_case: str, *, clock: Clock, settings: PrintSettings
) -> IssuedDoc:
    """The same certificate again, marked 补打 with its count; refused when voided or when its figures changed."""
    actor.require(Permission.PRINT_DOCUMENTS)
    row = _by_number_or_case(session, number_or_case)
    if row.voided_at is not None:
        raise ValidationError(f"证号 {row.number} 已于{row.voided_at.date().isoformat()}作废，不能补打。")
    count = row.reprint_count + 1
    doc, decision = build_certificate_doc(
        session,
        str(row.case_id),
        settings=settings,
        issued_on=row.issued_on,
        number=row.number,
        reprint=count,
    )
    # The QR code vouches for the figures at issue; a changed decision needs a new certificate, not a copy.
    if (
        decision.amount_fen != row.amount_fen
        or len(doc.covered_members) != row.covered_persons
        or str(doc.start_month) != row.start_month
    ):
        raise ValidationError(
            f"证号 {row.number} 发证后保障金额或保障人数已变更，不能补打原证。请作废原证后重新发证。"
        )
    doc = dataclasses.replace(doc, qr_payload=row.qr_payload)
    now = clock.now()
    before = row.reprint_count
    row.reprint_count = count
    row.last_printed_at = now
    record_change(
        session,
        actor,
        at=now,
        entity_type=ENTITY_CERTIFICATE,
        entity_id=str(row.id),
        op="patch",
        fields={"reprint_count": count},
        before={"reprint_count": before},
        base_rev=row.server_rev,
        audit_action="certificate.reprinted",
        audit_details={"case_id": str(row.case_id), "number": row.number, "reprint": count},
    )
    session.flush()
    return IssuedDoc(doc, str(row.case_id))


def void_certificate(session: Session, actor: Actor, number: str, *, reason: str, clock: Clock) -> None:
    """Void a certificate (lost, amount changed, programme ended). The number is kept and never reused."""
    actor.require(Permission.PRINT_DOCUMENTS)
    reason = reason.strip()
    if not reason:
        raise ValidationError("作废最低生活保障证必须填写原因。")
    row = session.scalars(select(IssuedCertificate).where(IssuedCertificate.number == number)).first()
    if row is None:
        raise NotFound(what=f"最低生活保障证 {number}")
    if row.voided_at is not None:
        raise ValidationError(f"证号 {number} 已作废。")
    now = clock.now()
    row.voided_at = now
    row.void_reason = reason[:200]
    row.voided_by = actor.user_id
    record_change(
        session,
        actor,
        at=now,
        entity_type=ENTITY_CERTIFICATE,
        entity_id=str(row.id),
        op="patch",
        fields={"voided_at": now.isoformat(), "void_reason": row.void_reason, "voided_by": actor.user_id},
        before={"voided_at": None},
        base_rev=row.server_rev,
        audit_action="certificate.voided",
        audit_details={"case_id": str(row.case_id), "number": number},
    )
    session.flush()


@dataclass(frozen=True, slots=True)
class CertificateRow:
    number: str
    case_id: str
    issued_on: date
    amount_fen: int
    reprint_count: int
    voided: bool
    void_reason: str


def certificates_of(session: Session, case_id: str) -> list[CertificateRow]:
    rows = session.scalars(
        select(IssuedCertificate)
        .where(IssuedCertificate.case_id == load_case(session, case_id).id)
        .order_by(IssuedCertificate.issued_at)
    )
    return [
        CertificateRow(
            r.number,
            str(r.case_id),
            r.issued_on,
            r.amount_fen,
            r.reprint_count,
            r.voided_at is not None,
            r.void_reason,
        )
        for r in rows
    ]
