"""Field capture: drafts of official forms, photos and signatures on them, two-investigator sign-off, corrections.

Lifecycle of a record (``app.db.models.records``):

* ``start_record`` creates a draft; ``save_draft`` replaces its data (the renderer's autosave calls it every few
  seconds and after every field). Drafts are working state on this laptop: the first save is audited, later saves
  are not, and drafts are not queued for sync.
* ``attach_photo`` / ``sign_field`` store an image as an Attachment and add it to the draft's data in the same
  transaction. A refused image raises before anything is written.
* ``finalize`` checks the data against the form definition, checks the sign-off (for home investigations and
  neighbour interviews: two different active investigator accounts, each confirming with their own password, none
  a registered near relative of the household; the applicant or interviewee, and a witness where the form needs
  one, on the signature pad), then locks the record. Only then is anything written: the signatures, the sign-off
  rows, the status, the audit event and the sync outbox entry. A refusal leaves no trace except a wrong-password
  count in the unlock back-off file.
* ``start_correction`` opens a new draft version of a final record, with a reason; both versions are kept.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import audit, keyslots
from app.db.audit import canonical_json
from app.db.changelog import record_change
from app.db.keyslots import SlotFile
from app.db.lockout import Lockout
from app.db.models import Attachment, Case, FormRecord, FormSignOff, NearRelativeFiling, User
from app.db.models.records import (
    RECORD_DRAFT,
    RECORD_FINAL,
    SIGNER_APPLICANT,
    SIGNER_INVESTIGATOR,
    SIGNER_WITNESS,
)
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.errors import (
    AppError,
    NotFound,
    PermissionDenied,
    RecusalRequired,
    UnknownUser,
    UnlockBackoff,
    ValidationError,
    WrongPassword,
)
from app.domain.roles import PERMISSION_LABELS, PERMISSIONS, ROLE_LABELS, Role
from app.services import photos
from app.services.photos import PhotoRejected, PhotoSettings
from forms.model import Field, FieldType, FormDefinition, Need
from forms.registry import FormRegistry, default_registry
from forms.validation import Problem, validate

# --------------------------------------------------------------------------------------------------- errors


class RecordLocked(AppError):
    code = "RECORD_LOCKED"
    default_message = "该记录已定稿并锁定，不能修改。如需更正，请新建更正版本并写明原因。"


class FormIncomplete(ValidationError):
    """All problems of the record at once; ``problems`` are in form order, so the first is where focus goes."""

    code = "FORM_INCOMPLETE"
    default_message = "表单还有 {count} 处需要填写或更正：{summary}"

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        summary = "；".join(p.message for p in self.problems[:5]) + ("……" if len(self.problems) > 5 else "")
        super().__init__(count=len(self.problems), summary=summary)


class SignOffRefused(ValidationError):
    """Every reason the sign-off was refused; nothing was saved as signed."""

    code = "SIGN_OFF_REFUSED"
    default_message = "未能定稿：{summary}"

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = tuple(reasons)
        super().__init__(summary="；".join(self.reasons))


# --------------------------------------------------------------------------------------------------- inputs/rows


@dataclass(frozen=True, slots=True)
class InvestigatorConfirmation:
    login: str
    password: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class PadSignature:
    signer_name: str
    png: bytes = field(repr=False)
    # What the signer is to the case, printed under the signature (defaults to the form's label).
    role: str = ""


@dataclass(frozen=True, slots=True)
class SignOffInput:
    investigators: tuple[InvestigatorConfirmation, ...] = ()
    applicant: PadSignature | None = None
    witness: PadSignature | None = None


@dataclass(frozen=True, slots=True)
class RecordRef:
    id: str
    status: str
    version: int


@dataclass(frozen=True, slots=True)
class SignOffRow:
    kind: str
    signer_user_id: str | None
    signer_name: str
    role: str
    at: datetime
    signature_attachment_id: str | None


@dataclass(frozen=True, slots=True)
class RecordView:
    id: str
    case_id: str | None
    form_code: str
    form_version: int
    status: str
    version: int
    supersedes_id: str | None
    superseded_by: str | None
    correction_reason: str | None
    created_by: str
    created_at: datetime
    finalized_at: datetime | None
    finalized_by: str | None
    data_json: str
    sign_offs: tuple[SignOffRow, ...] = ()

    @property
    def data(self) -> dict[str, Any]:
        """A fresh copy of the record's data each time."""
        return cast(dict[str, Any], json.loads(self.data_json))

    @property
    def is_locked(self) -> bool:
        return self.status == RECORD_FINAL

    @property
    def is_current(self) -> bool:
        return self.superseded_by is None


# --------------------------------------------------------------------------------------------------- helpers


def _registry(registry: FormRegistry | None) -> FormRegistry:
    return registry or default_registry()


def _load(session: Session, record_id: str) -> FormRecord:
    try:
        record = session.get(FormRecord, uuid.UUID(record_id))
    except ValueError:
        record = None
    if record is None:
        raise NotFound(what=f"调查记录 {record_id}")
    return record


def _require_can_fill(actor: Actor, definition: FormDefinition) -> None:
    allowed = PERMISSIONS[actor.role]
    if not any(p in allowed for p in definition.permissions):
        raise PermissionDenied(
            role=ROLE_LABELS[actor.role],
            action=f"填写{definition.title}（{PERMISSION_LABELS[definition.permissions[0]]}）",
        )


def related_staff_ids(session: Session, case_id: str | None) -> frozenset[str]:
    """Staff registered as near relatives of the case's household (近亲属备案, DOMAIN §7.3): they may not sign."""
    if case_id is None:
        return frozenset()
    case = session.get(Case, uuid.UUID(case_id))
    if case is None:
        return frozenset()
    return frozenset(
        session.scalars(
            select(NearRelativeFiling.staff_user_id).where(
                NearRelativeFiling.household_id == case.household_id
            )
        )
    )


def _require_not_related(session: Session, actor: Actor, case_id: str | None, action: str) -> None:
    if actor.user_id in related_staff_ids(session, case_id):
        raise RecusalRequired(action=action)


def _case_id(record: FormRecord) -> str | None:
    return str(record.case_id) if record.case_id else None


def _dump(data: Mapping[str, Any]) -> str:
    try:
        return canonical_json(dict(data))
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"表单数据无法保存：{exc}") from None


def _check_keys(definition: FormDefinition, data: Mapping[str, Any]) -> None:
    unknown = sorted(set(data) - set(definition.keys()))
    if unknown:
        raise ValidationError(f"{definition.title}没有这些项：{'、'.join(unknown)}")


def _attachment_ids(definition: FormDefinition, data: Mapping[str, Any]) -> list[str]:
    ids: list[str] = []
    for f in definition.fields():
        value = data.get(f.key)
        if f.type == FieldType.PHOTO and isinstance(value, list):
            for entry in cast(list[Any], value):
                if isinstance(entry, dict):
                    ids.append(str(cast(dict[str, Any], entry).get("attachment_id")))
        elif f.type == FieldType.SIGNATURE and isinstance(value, dict):
            ids.append(str(cast(dict[str, Any], value).get("attachment_id")))
    return ids


def _check_attachments(
    session: Session, record: FormRecord, definition: FormDefinition, data: Mapping[str, Any]
) -> None:
    """Photos and signatures in the data must be stored attachments of the same case."""
    for attachment_id in _attachment_ids(definition, data):
        try:
            attachment = session.get(Attachment, uuid.UUID(attachment_id))
        except ValueError:
            attachment = None
        if attachment is None or attachment.case_id != record.case_id:
            raise ValidationError(f"表单引用的照片或签名 {attachment_id} 不存在或不属于本案")


def _view(session: Session, record: FormRecord) -> RecordView:
    successor = session.scalar(select(FormRecord.id).where(FormRecord.supersedes_id == record.id).limit(1))
    sign_offs = session.scalars(
        select(FormSignOff)
        .where(FormSignOff.record_id == record.id)
        .order_by(FormSignOff.at, FormSignOff.kind)
    ).all()
    return RecordView(
        id=str(record.id),
        case_id=_case_id(record),
        form_code=record.form_code,
        form_version=record.form_version,
        status=record.status,
        version=record.version,
        supersedes_id=str(record.supersedes_id) if record.supersedes_id else None,
        superseded_by=str(successor) if successor else None,
        correction_reason=record.correction_reason,
        created_by=record.created_by,
        created_at=record.created_at,
        finalized_at=record.finalized_at,
        finalized_by=record.finalized_by,
        data_json=record.data_json,
        sign_offs=tuple(
            SignOffRow(
                s.kind,
                s.signer_user_id,
                s.signer_name,
                s.role,
                s.at,
                str(s.signature_attachment_id) if s.signature_attachment_id else None,
            )
            for s in sign_offs
        ),
    )


def _ref(record: FormRecord) -> RecordRef:
    return RecordRef(str(record.id), record.status, record.version)


def _editable(
    session: Session, actor: Actor, record_id: str, registry: FormRegistry | None
) -> tuple[FormRecord, FormDefinition]:
    record = _load(session, record_id)
    if record.status != RECORD_DRAFT:
        raise RecordLocked()
    definition = _registry(registry).get(record.form_code, record.form_version)
    _require_can_fill(actor, definition)
    _require_not_related(session, actor, _case_id(record), f"填写{definition.title}")
    return record, definition


# --------------------------------------------------------------------------------------------------- drafts


def start_record(
    session: Session,
    actor: Actor,
    *,
    form_code: str,
    case_id: str | None,
    clock: Clock,
    data: Mapping[str, Any] | None = None,
    registry: FormRegistry | None = None,
) -> RecordRef:
    """A new draft on the newest version of the form."""
    definition = _registry(registry).latest(form_code)
    _require_can_fill(actor, definition)
    if case_id is not None and session.get(Case, uuid.UUID(case_id)) is None:
        raise NotFound(what=f"案件 {case_id}")
    _require_not_related(session, actor, case_id, f"填写{definition.title}")
    initial = dict(data or {})
    _check_keys(definition, initial)
    record = FormRecord(
        id=uuid.uuid4(),
        case_id=uuid.UUID(case_id) if case_id else None,
        form_code=definition.code,
        form_version=definition.version,
        status=RECORD_DRAFT,
        data_json=_dump(initial),
        version=1,
        created_by=actor.user_id,
    )
    session.add(record)
    if initial:
        _check_attachments(session, record, definition, initial)
    audit.append(
        session,
        actor,
        "form_record.draft_started",
        at=clock.now(),
        entity_type="form_record",
        entity_id=str(record.id),
        details={"form": definition.ref, "case_id": case_id},
    )
    session.flush()
    return _ref(record)


def save_draft(
    session: Session,
    actor: Actor,
    *,
    record_id: str,
    data: Mapping[str, Any],
    clock: Clock,
    registry: FormRegistry | None = None,
) -> RecordRef:
    """Replace the draft's data. Incomplete or invalid values are kept as typed; ``finalize`` is what checks them."""
    del clock  # drafts are working state: their saves are not audited one by one (see the module docstring)
    record, definition = _editable(session, actor, record_id, registry)
    _check_keys(definition, data)
    text = _dump(data)
    if text != record.data_json:
        _check_attachments(session, record, definition, data)
        record.data_json = text
        session.flush()
    return _ref(record)


def discard_draft(
    session: Session, actor: Actor, *, record_id: str, clock: Clock, registry: FormRegistry | None = None
) -> None:
    """Delete a draft and the photos and signatures only it referred to."""
    record, definition = _editable(session, actor, record_id, registry)
    data = cast(dict[str, Any], json.loads(record.data_json))
    for attachment_id in _attachment_ids(definition, data):
        _delete_unreferenced(session, actor, attachment_id, keep_for=record.id, clock=clock)
    audit.append(
        session,
        actor,
        "form_record.draft_discarded",
        at=clock.now(),
        entity_type="form_record",
        entity_id=str(record.id),
        details={"form": definition.ref},
    )
    session.delete(record)
    session.flush()


def _delete_unreferenced(
    session: Session, actor: Actor, attachment_id: str, *, keep_for: uuid.UUID, clock: Clock
) -> None:
    attachment = session.get(Attachment, uuid.UUID(attachment_id))
    if attachment is None:
        return
    others = session.scalar(
        select(func.count())
        .select_from(FormRecord)
        .where(FormRecord.id != keep_for, FormRecord.data_json.contains(attachment_id))
    )
    signed = session.scalar(
        select(func.count())
        .select_from(FormSignOff)
        .where(FormSignOff.signature_attachment_id == attachment.id)
    )
    if others or signed:
        return
    session.delete(attachment)
    record_change(
        session,
        actor,
        at=clock.now(),
        entity_type="attachment",
        entity_id=attachment_id,
        op="delete",
        fields={},
        audit_action="attachment.deleted",
        audit_details={"kind": attachment.kind},
    )


def _field(definition: FormDefinition, key: str, kind: str) -> Field:
    f = definition.field(key)
    if f is None or f.type != kind:
        raise ValidationError(
            f"{definition.title}没有“{key}”这一{'照片' if kind == FieldType.PHOTO else '签名'}项"
        )
    return f


def attach_photo(
    session: Session,
    actor: Actor,
    *,
    record_id: str,
    field_key: str,
    raw: bytes,
    category: str,
    caption: str,
    clock: Clock,
    settings: PhotoSettings | None = None,
    registry: FormRegistry | None = None,
) -> dict[str, Any]:
    """Store a photo (or scan) and add it to a photo field of the draft, in one transaction.

    Returns the photo entry now in the data: ``attachment_id, category, caption, taken_at, sha256``.
    """
    record, definition = _editable(session, actor, record_id, registry)
    photo_field = _field(definition, field_key, FieldType.PHOTO)
    allowed = {c.code for c in photo_field.photo_categories}
    if category not in allowed:
        raise PhotoRejected(reason=f"照片类别“{category}”不在此项的类别中")
    data = cast(dict[str, Any], json.loads(record.data_json))
    entries = cast(list[Any], data.get(field_key) or [])
    if photo_field.max_items is not None and len(entries) >= photo_field.max_items:
        raise PhotoRejected(reason=f"“{photo_field.label}”最多 {photo_field.max_items} 张")
    prepared = photos.prepare_photo(raw, settings or PhotoSettings())  # raises before any write
    stored = photos.store_image(
        session,
        actor,
        case_id=_case_id(record),
        image=prepared,
        kind=photos.KIND_SCAN if category in {"REPLY_SCAN", "LETTER_COPY"} else photos.KIND_PHOTO,
        clock=clock,
        category=category,
        caption=caption.strip(),
    )
    entry: dict[str, Any] = {
        "attachment_id": stored.id,
        "category": category,
        "caption": caption.strip(),
        "taken_at": prepared.taken_at,
        "sha256": stored.sha256,
    }
    data[field_key] = [*entries, entry]
    record.data_json = _dump(data)
    session.flush()
    return entry


def remove_photo(
    session: Session,
    actor: Actor,
    *,
    record_id: str,
    field_key: str,
    attachment_id: str,
    clock: Clock,
    registry: FormRegistry | None = None,
) -> None:
    record, definition = _editable(session, actor, record_id, registry)
    _field(definition, field_key, FieldType.PHOTO)
    data = cast(dict[str, Any], json.loads(record.data_json))
    entries = [
        cast(dict[str, Any], e) for e in cast(list[Any], data.get(field_key) or []) if isinstance(e, dict)
    ]
    kept = [e for e in entries if e.get("attachment_id") != attachment_id]
    if len(kept) == len(entries):
        raise NotFound(what=f"照片 {attachment_id}")
    data[field_key] = kept
    record.data_json = _dump(data)
    session.flush()
    _delete_unreferenced(session, actor, attachment_id, keep_for=record.id, clock=clock)
    session.flush()


def sign_field(
    session: Session,
    actor: Actor,
    *,
    record_id: str,
    field_key: str,
    png: bytes,
    signer_name: str,
    clock: Clock,
    settings: PhotoSettings | None = None,
    registry: FormRegistry | None = None,
) -> dict[str, Any]:
    """Put a pad signature into a signature field of the draft (e.g. the assessor on the assessment sheet)."""
    record, definition = _editable(session, actor, record_id, registry)
    sig_field = _field(definition, field_key, FieldType.SIGNATURE)
    if not signer_name.strip():
        raise ValidationError("请填写签名人姓名")
    prepared = photos.prepare_signature(png, settings or PhotoSettings())
    stored = photos.store_image(
        session,
        actor,
        case_id=_case_id(record),
        image=prepared,
        kind=photos.KIND_SIGNATURE,
        clock=clock,
        caption=sig_field.signer_role,
    )
    entry: dict[str, Any] = {
        "attachment_id": stored.id,
        "signer_name": signer_name.strip(),
        "role": sig_field.signer_role,
        "at": clock.now().isoformat(),
    }
    data = cast(dict[str, Any], json.loads(record.data_json))
    data[field_key] = entry
    record.data_json = _dump(data)
    session.flush()
    return entry


# --------------------------------------------------------------------------------------------------- sign-off


@dataclass(frozen=True, slots=True)
class _Investigator:
    user_id: str
    login: str
    name: str


def _check_investigators(
    session: Session,
    confirmations: Sequence[InvestigatorConfirmation],
    needed: int,
    related: frozenset[str],
    reasons: list[str],
) -> list[tuple[_Investigator, InvestigatorConfirmation]]:
    if len(confirmations) < needed:
        reasons.append(f"需要 {needed} 名不同的调查员分别输入本人密码确认，目前只有 {len(confirmations)} 名")
    checked: list[tuple[_Investigator, InvestigatorConfirmation]] = []
    seen: set[str] = set()
    for confirmation in confirmations:
        login = confirmation.login.strip()
        if not login:
            reasons.append("请填写调查员登录名")
            continue
        if login in seen:
            reasons.append(f"同一调查员（{login}）不能确认两次，需要另一名调查员")
            continue
        seen.add(login)
        user = session.scalar(select(User).where(User.login == login))
        if user is None:
            reasons.append(f"本机没有账号“{login}”")
        elif not user.active:
            reasons.append(f"账号“{login}”已停用，不能签字")
        elif user.role != Role.INVESTIGATOR.value:
            reasons.append(
                f"账号“{login}”不是调查员（{ROLE_LABELS.get(Role(user.role), user.role)}），不能作为调查人签字"
            )
        elif str(user.id) in related:
            reasons.append(f"调查员“{user.display_name}”与申请家庭有近亲属关系，须回避，不能签字")
        else:
            checked.append((_Investigator(str(user.id), login, user.display_name), confirmation))
    return checked


def _verify_passwords(
    checked: Sequence[tuple[_Investigator, InvestigatorConfirmation]],
    slots: SlotFile,
    lockout: Lockout | None,
    now: datetime,
    reasons: list[str],
) -> None:
    for who, confirmation in checked:
        try:
            if lockout is not None:
                lockout.check(who.login, now)
            slot, dek = keyslots.unwrap_user(slots, who.login, confirmation.password)
        except UnlockBackoff as exc:
            reasons.append(f"调查员“{who.name}”：{exc.message}")
            continue
        except WrongPassword:
            if lockout is not None:
                lockout.record_failure(who.login, now)
            reasons.append(f"调查员“{who.name}”的密码不正确")
            continue
        except UnknownUser:
            reasons.append(f"账号“{who.login}”在本机没有密钥（可能已停用），不能签字")
            continue
        for i in range(len(dek)):
            dek[i] = 0
        if slot.user_id != who.user_id:
            reasons.append(f"账号“{who.login}”的密钥与账号记录不一致，请联系管理员")
            continue
        if lockout is not None:
            lockout.reset(who.login)


def _check_pad(
    signature: PadSignature | None, need: str, label: str, settings: PhotoSettings, reasons: list[str]
) -> photos.PreparedImage | None:
    if signature is None or not signature.png:
        if need == Need.REQUIRED:
            reasons.append(f"缺少{label}签名")
        return None
    if need == Need.NONE:
        reasons.append(f"此表单不需要{label}签名")
        return None
    if not signature.signer_name.strip():
        reasons.append(f"请填写{label}姓名")
        return None
    try:
        return photos.prepare_signature(signature.png, settings)
    except PhotoRejected as exc:
        reasons.append(f"{label}签名无效：{exc.params.get('reason', exc.message)}")
        return None


def finalize(
    session: Session,
    actor: Actor,
    *,
    record_id: str,
    sign_off: SignOffInput,
    slots: SlotFile,
    clock: Clock,
    lockout: Lockout | None = None,
    settings: PhotoSettings | None = None,
    registry: FormRegistry | None = None,
) -> RecordView:
    """Check everything, then lock the record with its signatures (see the module docstring)."""
    record, definition = _editable(session, actor, record_id, registry)
    data = cast(dict[str, Any], json.loads(record.data_json))
    problems = validate(definition, data, today=clock.today())
    if problems:
        raise FormIncomplete(problems)
    _check_attachments(session, record, definition, data)

    spec = definition.sign_off
    image_settings = settings or PhotoSettings()
    reasons: list[str] = []
    related = related_staff_ids(session, _case_id(record))
    checked = _check_investigators(session, sign_off.investigators, spec.investigators, related, reasons)
    applicant = _check_pad(sign_off.applicant, spec.applicant, spec.applicant_label, image_settings, reasons)
    witness = _check_pad(sign_off.witness, spec.witness, spec.witness_label, image_settings, reasons)
    if not reasons and checked:
        # Argon2id is slow on purpose: only verify passwords once everything else is in order.
        _verify_passwords(checked, slots, lockout, clock.now(), reasons)
    if reasons:
        raise SignOffRefused(reasons)

    now = clock.now()
    case_id = _case_id(record)
    rows: list[FormSignOff] = [
        FormSignOff(
            id=uuid.uuid4(),
            record_id=record.id,
            kind=SIGNER_INVESTIGATOR,
            signer_user_id=who.user_id,
            signer_name=who.name,
            role=Role.INVESTIGATOR.value,
            at=now,
        )
        for who, _ in checked
    ]
    for kind, pad, prepared, label in (
        (SIGNER_APPLICANT, sign_off.applicant, applicant, spec.applicant_label),
        (SIGNER_WITNESS, sign_off.witness, witness, spec.witness_label),
    ):
        if pad is None or prepared is None:
            continue
        stored = photos.store_image(
            session,
            actor,
            case_id=case_id,
            image=prepared,
            kind=photos.KIND_SIGNATURE,
            clock=clock,
            caption=label,
        )
        rows.append(
            FormSignOff(
                id=uuid.uuid4(),
                record_id=record.id,
                kind=kind,
                signer_user_id=None,
                signer_name=pad.signer_name.strip()[:64],
                role=(pad.role.strip() or label)[:32],
                at=now,
                signature_attachment_id=uuid.UUID(stored.id),
            )
        )
    session.add_all(rows)
    _sync_photo_labels(session, definition, data)
    record.status = RECORD_FINAL
    record.finalized_at = now
    record.finalized_by = actor.user_id
    session.flush()
    record_change(
        session,
        actor,
        at=now,
        entity_type="form_record",
        entity_id=str(record.id),
        op="create" if record.supersedes_id is None else "correct",
        fields={
            "case_id": case_id,
            "form_code": record.form_code,
            "form_version": record.form_version,
            "version": record.version,
            "supersedes_id": str(record.supersedes_id) if record.supersedes_id else None,
            "correction_reason": record.correction_reason,
            "data": data,
            "sign_offs": [
                {
                    "kind": r.kind,
                    "signer_user_id": r.signer_user_id,
                    "signer_name": r.signer_name,
                    "role": r.role,
                    "at": now.isoformat(),
                    "signature_attachment_id": str(r.signature_attachment_id)
                    if r.signature_attachment_id
                    else None,
                }
                for r in rows
            ],
        },
        audit_action="form_record.finalized" if record.supersedes_id is None else "form_record.corrected",
        audit_details={
            "form": definition.ref,
            "version": record.version,
            "supersedes": str(record.supersedes_id) if record.supersedes_id else None,
            "investigators": [who.user_id for who, _ in checked],
            "applicant_signed": applicant is not None,
            "witness_signed": witness is not None,
        },
    )
    return _view(session, record)


def _sync_photo_labels(session: Session, definition: FormDefinition, data: Mapping[str, Any]) -> None:
    """Captions and categories edited on the draft become the attachments' own when the record is locked."""
    for f in definition.fields():
        value = data.get(f.key)
        if f.type != FieldType.PHOTO or not isinstance(value, list):
            continue
        for entry in cast(list[Any], value):
            if not isinstance(entry, dict):
                continue
            item = cast(dict[str, Any], entry)
            attachment = session.get(Attachment, uuid.UUID(str(item.get("attachment_id"))))
            if attachment is not None:
                attachment.category = str(item.get("category", ""))[:16]
                attachment.caption = str(item.get("caption", ""))[:200]


# --------------------------------------------------------------------------------------------------- corrections


MAX_REASON = 400


def start_correction(
    session: Session,
    actor: Actor,
    *,
    record_id: str,
    reason: str,
    clock: Clock,
    registry: FormRegistry | None = None,
) -> RecordRef:
    """A new draft version of a final record, carrying its data; finalising it needs a full sign-off again."""
    original = _load(session, record_id)
    definition = _registry(registry).get(original.form_code, original.form_version)
    _require_can_fill(actor, definition)
    _require_not_related(session, actor, _case_id(original), f"更正{definition.title}")
    if original.status != RECORD_FINAL:
        raise ValidationError("草稿可以直接修改，不需要更正版本。")
    successor = session.scalar(select(FormRecord).where(FormRecord.supersedes_id == original.id).limit(1))
    if successor is not None:
        if successor.status == RECORD_DRAFT:
            raise ValidationError("这份记录已有一个未定稿的更正版本，请先完成或放弃它。")
        raise ValidationError(f"这份记录已被第 {successor.version} 版更正，请更正最新版本。")
    text = reason.strip()
    if not text:
        raise ValidationError("更正须写明原因。")
    if len(text) > MAX_REASON:
        raise ValidationError(f"更正原因最多 {MAX_REASON} 个字。")
    correction = FormRecord(
        id=uuid.uuid4(),
        case_id=original.case_id,
        form_code=original.form_code,
        form_version=original.form_version,
        status=RECORD_DRAFT,
        data_json=original.data_json,
        version=original.version + 1,
        supersedes_id=original.id,
        correction_reason=text,
        created_by=actor.user_id,
    )
    session.add(correction)
    audit.append(
        session,
        actor,
        "form_record.correction_started",
        at=clock.now(),
        entity_type="form_record",
        entity_id=str(correction.id),
        details={"form": definition.ref, "supersedes": str(original.id), "version": correction.version},
    )
    session.flush()
    return _ref(correction)


# --------------------------------------------------------------------------------------------------- reading


def get_record(session: Session, record_id: str) -> RecordView:
    return _view(session, _load(session, record_id))


def list_records(
    session: Session, *, case_id: str, form_code: str | None = None, current_only: bool = True
) -> list[RecordView]:
    """A case's records, oldest first; ``current_only`` leaves out versions a correction has replaced."""
    stmt = select(FormRecord).where(FormRecord.case_id == uuid.UUID(case_id))
    if form_code is not None:
        stmt = stmt.where(FormRecord.form_code == form_code)
    views = [
        _view(session, r) for r in session.scalars(stmt.order_by(FormRecord.created_at, FormRecord.version))
    ]
    return [v for v in views if v.is_current] if current_only else views


def find_draft(session: Session, *, case_id: str | None, form_code: str) -> RecordView | None:
    """The newest draft of this form for the case (what the renderer reopens after a crash)."""
    stmt = select(FormRecord).where(FormRecord.form_code == form_code, FormRecord.status == RECORD_DRAFT)
    stmt = (
        stmt.where(FormRecord.case_id == uuid.UUID(case_id))
        if case_id
        else stmt.where(FormRecord.case_id.is_(None))
    )
    record = session.scalars(
        stmt.order_by(FormRecord.updated_at.desc(), FormRecord.created_at.desc()).limit(1)
    ).first()
    return _view(session, record) if record else None


def my_drafts(session: Session, actor: Actor) -> list[RecordView]:
    """The acting user's unfinished records, newest first: the investigator's "open drafts" after a visit."""
    stmt = (
        select(FormRecord)
        .where(FormRecord.status == RECORD_DRAFT, FormRecord.created_by == actor.user_id)
        .order_by(FormRecord.updated_at.desc())
    )
    return [_view(session, r) for r in session.scalars(stmt)]


def signed_investigators(
    session: Session, *, case_id: str, form_code: str = "HOME_INVESTIGATION"
) -> tuple[str, ...]:
    """User ids of the investigators who signed the case's current final records of ``form_code``, in signing order.

    What the workflow's COMPLETE_INVESTIGATION guards (two investigators, none related) read as ``investigator_ids``.
    """
    ids: list[str] = []
    for view in list_records(session, case_id=case_id, form_code=form_code):
        if view.status != RECORD_FINAL:
            continue
        for row in view.sign_offs:
            if row.kind == SIGNER_INVESTIGATOR and row.signer_user_id and row.signer_user_id not in ids:
                ids.append(row.signer_user_id)
    return tuple(ids)


@dataclass(frozen=True, slots=True)
class RecordShortfall:
    form_code: str
    title: str
    final: int
    minimum: int


def shortfalls(
    session: Session, *, case_id: str, registry: FormRegistry | None = None
) -> list[RecordShortfall]:
    """Forms with fewer current final records than a case normally needs (e.g. fewer than two neighbour interviews)."""
    out: list[RecordShortfall] = []
    views = list_records(session, case_id=case_id)
    for definition in (_registry(registry).latest(c) for c in _registry(registry).codes()):
        if definition.per_case_min <= 0:
            continue
        final = sum(1 for v in views if v.form_code == definition.code and v.status == RECORD_FINAL)
        if final < definition.per_case_min:
            out.append(RecordShortfall(definition.code, definition.title, final, definition.per_case_min))
    return out
