"""Printing as a use case: who printed or exported which document of which case, and when (never the content).

The read-model builders that turn stored cases into documents live further down this module; the certificate's
numbering lives in :mod:`app.services.certificates`.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import audit
from app.db.atomic import write_atomic
from app.db.models import (
    Case,
    CaseAssessment,
    CaseDecision,
    CaseTask,
    Division,
    FormRecord,
    FormSignOff,
    Household,
    NearRelativeFiling,
    Person,
)
from app.db.models.records import SIGNER_INVESTIGATOR, SIGNER_WITNESS
from app.domain.actor import Actor
from app.domain.clock import CHINA_TZ, Clock
from app.domain.errors import AppError, NotFound, PermissionDenied, ValidationError
from app.domain.idnumber import SEX_LABELS, IdType, mask_id_number, parse_id_number
from app.domain.money import from_fen, quantize_yuan
from app.domain.roles import ROLE_LABELS, Permission
from app.services.documents import (
    DEFAULT_CHANGE_BASIS,
    DEFAULT_LEGAL_BASIS,
    DOCUMENT_TITLES,
    INTERNAL_KINDS,
    STATUTORY_REMEDIES,
    AssessmentDoc,
    CertificateDoc,
    ChangeKind,
    ChangeNoticeDoc,
    ChangeReason,
    ChangeReasonCode,
    DenialNoticeDoc,
    DenialReason,
    DenialReasonCode,
    DocumentKind,
    HearingRecord,
    IncomeRow,
    InvestigationDoc,
    MemberLine,
    NearRelativeDoc,
    NeighbourInterview,
    NeighbourVisitDoc,
    RelatedStaff,
    Remedy,
    RemedyPeriods,
    RosterDoc,
    RosterLine,
    Signer,
    require_complete,
)
from app.services.payments import township_roster
from app.services.workflow import (
    RESULT_DENIED,
    approval_decision,
    latest_assessment,
    load_case,
    parse_case_id,
)
from app.workflow.benefit import CLASSIFICATION_LABELS, INELIGIBLE_LABELS, Classification, IneligibleReason
from app.workflow.rules import AREA_TYPE_LABELS, AreaType, RuleReader, YearMonth
from app.workflow.states import TaskKind
from forms.definitions.common import INCOME_SUBTYPES
from forms.definitions.home_investigation import HOME_INVESTIGATION
from forms.definitions.neighbour_interview import NEIGHBOUR_INTERVIEW
from forms.values import parse_date, parse_money

PrintOutput = Literal["print", "pdf"]

ACTION_PRINTED = "document.printed"
ACTION_REPRINTED = "document.reprinted"
ACTION_EXPORTED = "document.exported"

# Working papers are printed by investigators in the field as well; notices and certificates by the office.
_WORKING_PAPER_PERMISSIONS = frozenset(
    {Permission.PRINT_DOCUMENTS, Permission.INVESTIGATE, Permission.COUNTY_REVIEW}
)


def require_print_permission(actor: Actor, kind: DocumentKind) -> None:
    if kind in INTERNAL_KINDS:
        for permission in _WORKING_PAPER_PERMISSIONS:
            try:
                actor.require(permission)
            except PermissionDenied:
                continue
            return
        raise PermissionDenied(role=ROLE_LABELS[actor.role], action=f"打印《{DOCUMENT_TITLES[kind]}》")
    actor.require(Permission.PRINT_DOCUMENTS)


def record_print(
    session: Session,
    actor: Actor,
    kind: DocumentKind | str,
    case_id: str,
    *,
    clock: Clock,
    reprint: bool,
    output: PrintOutput = "print",
    scope: str = "",
) -> None:
    """One audit event per printed (or saved) document and case. ``scope`` names a batch, e.g. "360222900 2026-09"."""
    kind = DocumentKind(kind)
    require_print_permission(actor, kind)
    action = ACTION_EXPORTED if output == "pdf" else ACTION_REPRINTED if reprint else ACTION_PRINTED
    details: dict[str, object] = {"kind": kind.value, "output": output, "reprint": reprint}
    if scope:
        details["scope"] = scope
    audit.append(
        session,
        actor,
        action,
        at=clock.now(),
        entity_type="case" if case_id else "document",
        entity_id=case_id,
        details=details,
    )


# --------------------------------------------------------------------------------------------------- settings


@dataclass(frozen=True, slots=True)
class PrintSettings:
    """What printed documents need that the case data does not hold; one JSON file per installation.

    Empty names fall back to the division names: 发文机关 "{县}{乡镇}人民政府" (街道: "…办事处"), 复议机关
    "{县}人民政府" (DOMAIN §8.9: the review body for a township decision under delegated power [NAT-m/A, confirm]),
    法院 "{县}人民法院". Telephone numbers have no fallback: a publicity list without them is refused.
    """

    issuer: str = ""
    review_body: str = ""
    court: str = ""
    township_phone: str = ""
    county_hotline: str = ""
    legal_basis: tuple[str, ...] = DEFAULT_LEGAL_BASIS
    change_basis: tuple[str, ...] = DEFAULT_CHANGE_BASIS
    remedy: RemedyPeriods = STATUTORY_REMEDIES
    payment_method: str = ""
    font_dir: str = ""
    serial_low_count: int = 20  # warn when a township has this many certificate numbers or fewer left


SETTINGS_FILE = "print-settings.json"
_SETTING_KEYS = frozenset(f for f in PrintSettings.__dataclass_fields__)


def load_print_settings(path: Path | None) -> PrintSettings:
    """Read ``path`` (UTF-8 JSON object of PrintSettings fields); a missing file gives the defaults."""
    if path is None or not path.exists():
        return PrintSettings()
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationError(f"打印设置文件 {path} 无法读取：{exc}") from None
    if not isinstance(raw, dict):
        raise ValidationError(f"打印设置文件 {path} 应为 JSON 对象")
    data = cast(dict[str, Any], raw)
    unknown = sorted(set(data) - _SETTING_KEYS)
    if unknown:
        raise ValidationError(f"打印设置文件 {path} 中有不认识的项目：{'、'.join(unknown)}")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in ("legal_basis", "change_basis"):
            values[key] = tuple(str(v) for v in cast(list[Any], value))
        elif key == "remedy":
            periods = cast(dict[str, Any], value)
            values[key] = RemedyPeriods(
                review_days=int(periods["review_days"]),
                litigation_months=int(periods["litigation_months"]),
                after_review_days=int(periods["after_review_days"]),
            )
        elif key == "serial_low_count":
            values[key] = int(value)
        else:
            values[key] = str(value)
    return PrintSettings(**values)


# --------------------------------------------------------------------------------------------------- saving

ACTION_SETTINGS_SAVED = "print_settings.saved"

# The settings an administrator edits in 数据维护 → 打印设置, in the order the dialog shows them, with the Chinese
# names used in messages. The legal bases and the appeal periods are kept as the file has them.
SETTING_LABELS: dict[str, str] = {
    "issuer": "发文机关",
    "review_body": "行政复议机关",
    "court": "人民法院",
    "township_phone": "乡镇（街道）监督电话",
    "county_hotline": "县级民政部门监督举报电话",
    "payment_method": "发放方式",
    "font_dir": "字体目录",
    "serial_low_count": "证号余量提醒",
    "legal_basis": "法律依据",
    "change_basis": "变更依据",
    "remedy": "救济期限",
}
NAME_MAX = 60  # 发文机关, 复议机关, 法院
PAYMENT_MAX = 40
FONT_DIR_MAX = 260  # Windows MAX_PATH
BASIS_MAX = 200  # one legal basis line
PHONE_MIN, PHONE_MAX = 7, 20
SERIAL_LOW_MAX = 100_000
_PHONE_CHARS = re.compile(r"[0-9\-\s()（）]+")


@dataclass(frozen=True, slots=True)
class PrintSettingsFile:
    """The settings file as the 打印设置 dialog finds it: the settings to start from and, for a file that exists but
    cannot be read, why (in Chinese; the settings are then the defaults and saving must replace the file)."""

    path: Path
    settings: PrintSettings
    exists: bool
    problem: str = ""


@dataclass(frozen=True, slots=True)
class SavedPrintSettings:
    settings: PrintSettings  # as written: texts trimmed
    changed: tuple[str, ...]  # field names, in SETTING_LABELS order
    written: bool  # False when nothing changed and the file was left alone
    replaced_malformed: bool = False


def read_print_settings_file(path: Path) -> PrintSettingsFile:
    """Like :func:`load_print_settings`, but a malformed file is described instead of raised."""
    exists = path.exists()
    try:
        return PrintSettingsFile(path, load_print_settings(path), exists)
    except AppError as exc:
        return PrintSettingsFile(path, PrintSettings(), exists, exc.message)
    except (TypeError, ValueError, KeyError, AttributeError):  # a known key with a value of the wrong shape
        return PrintSettingsFile(
            path, PrintSettings(), exists, f"打印设置文件 {path} 中有项目的格式不对，无法读取。"
        )


def _single_line(label: str, value: str, limit: int, problems: list[str]) -> str:
    text = value.strip()
    if len(text) > limit:
        problems.append(f"{label}不能超过 {limit} 个字（现有 {len(text)} 个字）")
    if any(ch in text for ch in "\r\n\t"):
        problems.append(f"{label}只能写一行")
    return text


def _phone(label: str, value: str, problems: list[str]) -> str:
    text = value.strip()
    if not text:
        return text  # allowed: the 公示 sheet is refused until the number is set
    if not _PHONE_CHARS.fullmatch(text) or not any(ch.isdigit() for ch in text):
        problems.append(f"{label}只能由数字、短横线“-”、空格和括号组成，例如 0798-1234567")
    if not PHONE_MIN <= len(text) <= PHONE_MAX:
        problems.append(f"{label}应为 {PHONE_MIN}–{PHONE_MAX} 个字符（现有 {len(text)} 个）")
    return text


def _basis(label: str, lines: Sequence[str], problems: list[str]) -> tuple[str, ...]:
    out = tuple(line.strip() for line in lines)
    if not out or any(not line for line in out):
        problems.append(f"{label}不能有空行")
    for n, line in enumerate(out, start=1):
        if len(line) > BASIS_MAX:
            problems.append(f"{label}第 {n} 条不能超过 {BASIS_MAX} 个字")
    return out


def normalized_print_settings(settings: PrintSettings) -> PrintSettings:
    """``settings`` with texts trimmed; raises :class:`ValidationError` listing every problem."""
    problems: list[str] = []
    label = SETTING_LABELS
    issuer = _single_line(label["issuer"], settings.issuer, NAME_MAX, problems)
    review_body = _single_line(label["review_body"], settings.review_body, NAME_MAX, problems)
    court = _single_line(label["court"], settings.court, NAME_MAX, problems)
    township_phone = _phone(label["township_phone"], settings.township_phone, problems)
    county_hotline = _phone(label["county_hotline"], settings.county_hotline, problems)
    payment_method = _single_line(label["payment_method"], settings.payment_method, PAYMENT_MAX, problems)
    font_dir = _single_line(label["font_dir"], settings.font_dir, FONT_DIR_MAX, problems)
    if font_dir and len(font_dir) <= FONT_DIR_MAX and not Path(font_dir).expanduser().exists():
        problems.append(f"{label['font_dir']} {font_dir} 不存在（留空则自动查找系统字体）")
    low = cast(object, settings.serial_low_count)  # a JSON or widget value may not be an int after all
    if isinstance(low, bool) or not isinstance(low, int) or not 0 <= low <= SERIAL_LOW_MAX:
        problems.append(f"{label['serial_low_count']}应为 0–{SERIAL_LOW_MAX} 之间的整数")
    legal_basis = _basis(label["legal_basis"], settings.legal_basis, problems)
    change_basis = _basis(label["change_basis"], settings.change_basis, problems)
    remedy = settings.remedy
    if min(remedy.review_days, remedy.litigation_months, remedy.after_review_days) < 1:
        problems.append(f"{label['remedy']}（复议天数、诉讼月数、复议后诉讼天数）都应至少为 1")
    if problems:
        raise ValidationError("打印设置不能保存：\n" + "\n".join(problems))
    return replace(
        settings,
        issuer=issuer,
        review_body=review_body,
        court=court,
        township_phone=township_phone,
        county_hotline=county_hotline,
        payment_method=payment_method,
        font_dir=font_dir,
        legal_basis=legal_basis,
        change_basis=change_basis,
    )


def print_settings_json(settings: PrintSettings) -> dict[str, Any]:
    """The file's JSON object: the edited settings always; the legal bases and the appeal periods only where they
    differ from the built-in ones, so a correction of the statutory text reaches installations that never changed it.
    Only PrintSettings fields are written."""
    data: dict[str, Any] = {
        "issuer": settings.issuer,
        "review_body": settings.review_body,
        "court": settings.court,
        "township_phone": settings.township_phone,
        "county_hotline": settings.county_hotline,
        "payment_method": settings.payment_method,
        "font_dir": settings.font_dir,
        "serial_low_count": settings.serial_low_count,
    }
    if settings.legal_basis != DEFAULT_LEGAL_BASIS:
        data["legal_basis"] = list(settings.legal_basis)
    if settings.change_basis != DEFAULT_CHANGE_BASIS:
        data["change_basis"] = list(settings.change_basis)
    if settings.remedy != STATUTORY_REMEDIES:
        data["remedy"] = {
            "review_days": settings.remedy.review_days,
            "litigation_months": settings.remedy.litigation_months,
            "after_review_days": settings.remedy.after_review_days,
        }
    assert set(data) <= _SETTING_KEYS
    return data


def save_print_settings(
    session: Session,
    actor: Actor,
    path: Path,
    settings: PrintSettings,
    *,
    clock: Clock,
    replace_malformed: bool = False,
) -> SavedPrintSettings:
    """Check ``settings`` (every problem listed in Chinese), write them to ``path`` atomically in the shape
    :func:`load_print_settings` reads, and audit which fields changed (names only: the file holds no personal data).

    A file that exists but cannot be read is replaced only with ``replace_malformed`` (the administrator confirmed);
    unchanged settings leave the file alone. The audit event is flushed before the write, so a failed write rolls
    it back with the caller's unit of work and the old file stays as it was.
    """
    actor.require(Permission.MANAGE_REFERENCE)
    new = normalized_print_settings(settings)
    current = read_print_settings_file(path)
    if current.problem and not replace_malformed:
        raise ValidationError(
            f"{current.problem}\n为免误删，未保存。确认用新的打印设置替换这个文件后再保存。"
        )
    malformed = bool(current.problem)
    old = current.settings
    changed = tuple(key for key in SETTING_LABELS if malformed or getattr(old, key) != getattr(new, key))
    if current.exists and not malformed and not changed:
        return SavedPrintSettings(new, (), written=False)
    details: dict[str, Any] = {"file": path.name, "changed": list(changed), "created": not current.exists}
    if malformed:
        details["replaced_malformed"] = True
    audit.append(
        session, actor, ACTION_SETTINGS_SAVED, at=clock.now(), entity_type="settings", details=details
    )
    body = json.dumps(print_settings_json(new), ensure_ascii=False, indent=2) + "\n"
    try:
        write_atomic(path, body.encode("utf-8"))
    except OSError as exc:
        raise AppError(
            f"无法写入打印设置文件 {path}：{exc.strerror or type(exc).__name__}。原来的文件没有改变。"
        ) from None
    return SavedPrintSettings(new, changed, written=True, replaced_malformed=malformed)


# --------------------------------------------------------------------------------------------------- places


@dataclass(frozen=True, slots=True)
class Place:
    county_name: str
    township_name: str
    village_name: str

    @property
    def township_full(self) -> str:
        return f"{self.county_name}{self.township_name}"


def _division_name(session: Session, code: str | None) -> str:
    if not code:
        return ""
    row = session.get(Division, code)
    return row.name if row else ""


def place_of(session: Session, case: Case, household: Household) -> Place:
    township = session.get(Division, case.township_code)
    county = _division_name(session, township.parent_code if township else None)
    return Place(
        county,
        township.name if township else case.township_code,
        _division_name(session, household.area_code),
    )


def issuer_name(place: Place, settings: PrintSettings) -> str:
    if settings.issuer.strip():
        return settings.issuer.strip()
    suffix = "办事处" if place.township_name.endswith("街道") else "人民政府"
    return f"{place.township_full}{suffix}"


def remedy_of(place: Place, settings: PrintSettings) -> Remedy:
    county = place.county_name
    return Remedy(
        review_body=settings.review_body.strip() or (f"{county}人民政府" if county else ""),
        court=settings.court.strip() or (f"{county}人民法院" if county else ""),
        periods=settings.remedy,
    )


def _members(session: Session, household_id: uuid.UUID) -> list[Person]:
    return list(
        session.scalars(
            select(Person)
            .where(Person.household_id == household_id, Person.coresident.is_(True))
            .order_by(Person.is_head.desc(), Person.ordinal)
        )
    )


def _head(members: list[Person]) -> Person | None:
    return next((p for p in members if p.is_head), members[0] if members else None)


def _household(session: Session, case: Case) -> Household:
    household = session.get(Household, case.household_id)
    if household is None:
        raise NotFound(what=f"家庭 {case.household_id}")
    return household


def _category(area_type: str, classification: str) -> str:
    area = AREA_TYPE_LABELS.get(AreaType(area_type), "") if area_type in AreaType.__members__ else ""
    if classification == "SINGLE_PERSON":
        return f"{area}低保（单人保）"
    return f"{area}低保"


def _latest_decision(session: Session, case_id: uuid.UUID, result: str) -> CaseDecision | None:
    return session.scalars(
        select(CaseDecision)
        .where(CaseDecision.case_id == case_id, CaseDecision.result == result)
        .order_by(CaseDecision.decided_on.desc(), CaseDecision.created_at.desc())
        .limit(1)
    ).first()


def _doc_no(kind: str, case: Case, on: date) -> str:
    # 文号 style: 代字〔年份〕序号号; the case id keeps it unique without a shared counter (works offline).
    return f"{kind}〔{on.year}〕{case.township_code}-{case.id.hex[:8].upper()}号"


def _local_date(at: datetime | None) -> date | None:
    return at.astimezone(CHINA_TZ).date() if at else None


# --------------------------------------------------------------------------------------------------- certificate


def build_certificate_doc(
    session: Session,
    case_id: str,
    *,
    settings: PrintSettings,
    issued_on: date,
    number: str = "",
    reprint: int = 0,
) -> tuple[CertificateDoc, CaseDecision]:
    """The certificate of a case's latest approval, without number and signature (the issuing service adds them)."""
    case = load_case(session, case_id)
    decision = approval_decision(session, case.id)
    if decision is None:
        require_complete(CertificateDoc.TITLE, ["确认同意的审核确认决定"])
        raise AssertionError("unreachable")
    household = _household(session, case)
    members = _members(session, household.id)
    head = _head(members)
    place = place_of(session, case, household)
    missing: list[str] = []
    covered: tuple[str, ...] = ()
    if decision.covered_persons == len(members):
        covered = tuple(p.name for p in members)
    else:
        # The decision keeps how many are covered, not who (单人保): the names must come from the form.
        missing.append(
            f"被保障成员名单（决定记录保障{decision.covered_persons}人，家庭共同生活{len(members)}人）"
        )
    if decision.start_month is None:
        missing.append("起始年月")
    require_complete(CertificateDoc.TITLE, missing)
    doc = CertificateDoc(
        number=number,
        township_code=case.township_code,
        issuer=issuer_name(place, settings),
        head_name=head.name if head else "",
        address=f"{place.township_full}{place.village_name}",
        household_size=len(members),
        covered_members=covered,
        category=_category(household.area_type, decision.classification),
        monthly_amount=from_fen(decision.amount_fen) if decision.amount_fen else None,
        start_month=YearMonth.parse(decision.start_month) if decision.start_month else None,
        issued_on=issued_on,
        payment_method=settings.payment_method,
        reprint=reprint,
    )
    return doc, decision


# --------------------------------------------------------------------------------------------------- denial


def build_denial_doc(
    session: Session, case_id: str, *, settings: PrintSettings, issued_on: date
) -> DenialNoticeDoc:
    case = load_case(session, case_id)
    decision = _latest_decision(session, case.id, RESULT_DENIED)
    if decision is None:
        require_complete(DenialNoticeDoc.TITLE, ["不予同意的审核确认决定"])
        raise AssertionError("unreachable")
    household = _household(session, case)
    head = _head(_members(session, household.id))
    place = place_of(session, case, household)
    basis = session.get(CaseAssessment, decision.assessment_id) if decision.assessment_id else None
    basis = basis or latest_assessment(session, case.id)
    codes = [str(c) for c in cast(list[Any], json.loads(decision.reason_codes_json or "[]"))]
    detail = decision.reason.strip()
    reasons: list[DenialReason] = []
    for code in codes:
        if code == IneligibleReason.INCOME_ABOVE_STANDARD.value:
            standard = decision.standard_used_fen if decision.standard_used_fen is not None else None
            if standard is None and basis is not None:
                standard = basis.standard_fen
            reasons.append(
                DenialReason(
                    DenialReasonCode.INCOME_ABOVE_STANDARD,
                    per_capita_income=from_fen(basis.per_capita_income_fen) if basis else None,
                    standard=from_fen(standard) if standard is not None else None,
                )
            )
        elif code in DenialReasonCode.__members__:
            reasons.append(DenialReason(DenialReasonCode(code), detail=detail))
        else:
            reasons.append(DenialReason(DenialReasonCode.OTHER, detail=detail))
    if not reasons and detail:
        reasons.append(DenialReason(DenialReasonCode.OTHER, detail=detail))
    return DenialNoticeDoc(
        doc_no=_doc_no("低保不", case, decision.decided_on),
        issuer=issuer_name(place, settings),
        applicant_name=head.name if head else "",
        applicant_id_last4=head.id_last4 if head else "",
        applied_on=_local_date(case.submitted_at),
        accepted_on=case.accepted_on,
        decided_on=decision.decided_on,
        issued_on=issued_on,
        reasons=tuple(reasons),
        legal_basis=settings.legal_basis,
        remedy=remedy_of(place, settings),
        area_label=AREA_TYPE_LABELS.get(AreaType(household.area_type), "")
        if household.area_type in AreaType.__members__
        else "",
    )


# --------------------------------------------------------------------------------------------------- publicity


# --------------------------------------------------------------------------------------------------- working forms


def _records(session: Session, case: Case, form_code: str) -> list[FormRecord]:
    """The current version of each record of a form (superseded versions left out), oldest first."""
    rows = list(
        session.scalars(
            select(FormRecord)
            .where(FormRecord.case_id == case.id, FormRecord.form_code == form_code)
            .order_by(FormRecord.created_at, FormRecord.version)
        )
    )
    superseded = {r.supersedes_id for r in rows if r.supersedes_id is not None}
    return [r for r in rows if r.id not in superseded]


def _signers(session: Session, record: FormRecord, kind: str) -> list[FormSignOff]:
    return list(
        session.scalars(
            select(FormSignOff)
            .where(FormSignOff.record_id == record.id, FormSignOff.kind == kind)
            .order_by(FormSignOff.at)
        )
    )


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(str(v) for v in cast(list[Any], value))
    return str(value).strip()


def _money(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse_money(str(value))
    except ValidationError:
        return None


def _date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return parse_date(str(value))
    except ValidationError:
        return None


_UNIT_MONTHS = {"PER_MONTH": 1, "PER_QUARTER": 3, "PER_HALF_YEAR": 6, "PER_YEAR": 12}


def _income_row(item: Mapping[str, Any]) -> IncomeRow:
    amount = _money(item.get("amount"))
    unit = _text(item, "unit")
    subtype = _text(item, "subtype")
    label = next((c.label for c in INCOME_SUBTYPES if c.code == subtype), subtype)
    note = _text(item, "note")
    months = _UNIT_MONTHS.get(unit)
    if amount is None or months is None:
        total = f"期间合计{amount:,.2f}元" if amount is not None else ""
        return IncomeRow(
            _text(item, "member_name"), label, None, None, "；".join(t for t in (total, note) if t)
        )
    monthly = quantize_yuan(amount / months)
    return IncomeRow(_text(item, "member_name"), label, monthly, quantize_yuan(monthly * 12), note)


def _member_line(item: Mapping[str, Any], on: date) -> MemberLine:
    number = _text(item, "id_number")
    sex, age = "", None
    if number:
        try:
            parsed = parse_id_number(number, id_type=IdType(_text(item, "id_type") or "resident"), today=on)
        except (ValidationError, ValueError):
            parsed = None
        if parsed is not None and parsed.sex is not None:
            sex = SEX_LABELS[parsed.sex]
            age = parsed.age_on(on)
    kind = _text(item, "disability_kind")
    disability = "" if kind in ("", "无") else f"{kind}{_text(item, 'disability_grade')}"
    employment = _text(item, "employment")
    stage = _text(item, "school_stage")
    return MemberLine(
        name=_text(item, "name"),
        relation=_text(item, "relation"),
        sex=sex,
        age=age,
        id_masked=mask_id_number(number) if number else "",
        health=_text(item, "health"),
        disability=disability,
        labour=_text(item, "labour_capacity"),
        occupation=f"{employment}（{stage}）" if stage else employment,
    )


def build_investigation_doc(session: Session, case_id: str) -> InvestigationDoc:
    """The 入户调查表 from the case's current home-investigation record (final or draft)."""
    case = load_case(session, case_id)
    records = _records(session, case, HOME_INVESTIGATION.code)
    if not records:
        require_complete(InvestigationDoc.TITLE, ["入户调查记录（尚未录入）"])
    record = records[-1]
    data = cast(dict[str, Any], json.loads(record.data_json or "{}"))
    household = _household(session, case)
    place = place_of(session, case, household)
    visit = _date(data.get("visit_date"))
    at: datetime | None = None
    if visit is not None:
        hour, minute = 0, 0
        parts = _text(data, "visit_time").replace("：", ":").split(":")
        if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
            hour, minute = min(int(parts[0]), 23), min(int(parts[1]), 59)
        at = datetime(visit.year, visit.month, visit.day, hour, minute)
    on = visit or case.accepted_on or date.today()
    items = cast(list[dict[str, Any]], data.get("members") or [])
    incomes = cast(list[dict[str, Any]], data.get("incomes") or [])
    expenses = [
        (label, _money(data.get(key)))
        for key, label in (("utilities", "水电燃气"), ("telecom", "通讯"), ("property_fee", "物业"))
    ]
    rigid = [
        (label, _money(data.get(key))) for key, label in (("medical", "医疗自付"), ("education_cost", "教育"))
    ]
    area = _text(data, "area_type")
    return InvestigationDoc(
        case_no=_doc_no("受理", case, case.accepted_on or on),
        county_name=place.county_name,
        township_name=place.township_name,
        village_name=_text(data, "village") or place.village_name,
        area_label=AREA_TYPE_LABELS.get(AreaType(area), "") if area in AreaType.__members__ else area,
        investigated_at=at,
        method=_text(data, "method") or "实地入户",
        members=tuple(_member_line(m, on) for m in items),
        incomes=tuple(_income_row(i) for i in incomes),
        housing_type=_text(data, "housing_type"),
        housing_area=_text(data, "housing_area"),
        decoration=_text(data, "decoration"),
        housing_owner=_text(data, "housing_owner"),
        durable_goods=_text(data, "durable_goods"),
        vehicles=_text(data, "vehicles"),
        living_expenses="，".join(f"{k}{v:,.2f}元/月" for k, v in expenses if v is not None),
        rigid_expenses="，".join(f"{k}{v:,.2f}元/月" for k, v in rigid if v is not None),
        supporters=_text(data, "supporters_situation"),
        hardship_causes=tuple(str(c) for c in cast(list[Any], data.get("hardship_causes") or [])),
        findings=_text(data, "findings"),
        conclusion=_text(data, "conclusion"),
        investigators=tuple(
            Signer(s.signer_name, s.role) for s in _signers(session, record, SIGNER_INVESTIGATOR)
        ),
        interviewee=_text(data, "interviewee_name"),
        witness=next((s.signer_name for s in _signers(session, record, SIGNER_WITNESS)), ""),
    )


def build_neighbour_doc(session: Session, case_id: str) -> NeighbourVisitDoc:
    case = load_case(session, case_id)
    records = _records(session, case, NEIGHBOUR_INTERVIEW.code)
    if not records:
        require_complete(NeighbourVisitDoc.TITLE, ["邻里访问记录（尚未录入）"])
    household = _household(session, case)
    place = place_of(session, case, household)
    head = _head(_members(session, household.id))
    interviews: list[NeighbourInterview] = []
    investigators: dict[str, Signer] = {}
    for record in records:
        data = cast(dict[str, Any], json.loads(record.data_json or "{}"))
        interviews.append(
            NeighbourInterview(
                visited_on=_date(data.get("visit_date")),
                place=_text(data, "place"),
                interviewee_name=_text(data, "interviewee_name"),
                relation=_text(data, "interviewee_relation"),
                location=_text(data, "interviewee_location"),
                topics=tuple(str(t) for t in cast(list[Any], data.get("topics") or [])),
                statement=_text(data, "statement"),
                opinion=_text(data, "opinion"),
            )
        )
        for s in _signers(session, record, SIGNER_INVESTIGATOR):
            investigators.setdefault(s.signer_name, Signer(s.signer_name, s.role))
    return NeighbourVisitDoc(
        case_no=_doc_no("受理", case, case.accepted_on or date.today()),
        township_name=place.township_name,
        village_name=place.village_name,
        applicant_name=head.name if head else "",
        interviews=tuple(interviews),
        investigators=tuple(investigators.values()),
    )


def build_assessment_doc(session: Session, case_id: str) -> AssessmentDoc:
    """The assessment sheet from the stored result. The itemised lines exist only while the computation is in
    memory (:func:`app.services.documents.assessment_doc_from_decision` prints those); the stored row keeps the
    totals and every rule version, which is what this sheet shows."""
    case = load_case(session, case_id)
    basis = latest_assessment(session, case.id)
    if basis is None:
        require_complete(AssessmentDoc.TITLE, ["家庭经济状况评估结果"])
        raise AssertionError("unreachable")
    household = _household(session, case)
    place = place_of(session, case, household)
    head = _head(_members(session, household.id))
    area = (
        AREA_TYPE_LABELS.get(AreaType(basis.area_type), "") if basis.area_type in AreaType.__members__ else ""
    )
    per_capita = from_fen(basis.per_capita_income_fen)
    reason_codes = [str(c) for c in cast(list[Any], json.loads(basis.reasons_json or "[]"))]
    return AssessmentDoc(
        case_no=_doc_no("受理", case, case.accepted_on or basis.assessed_on),
        township_name=place.township_name,
        village_name=place.village_name,
        applicant_name=head.name if head else "",
        computed_for=basis.assessed_on,
        window="见入户调查表及核对报告",
        income_lines=(),
        deductions=(),
        household_monthly_income=quantize_yuan(per_capita * basis.household_size),
        household_size=basis.household_size,
        per_capita_income=per_capita,
        standard_label=f"{area}低保标准",
        standard_used=from_fen(basis.standard_fen),
        asset_tests=(),
        supporter_tests=(),
        classification=CLASSIFICATION_LABELS.get(Classification(basis.classification), basis.classification)
        if basis.classification in Classification.__members__
        else basis.classification,
        method={"GAP": "补差", "TIER": "分档"}.get(basis.method, basis.method),
        tier=basis.tier or "",
        covered_persons=basis.covered_persons,
        monthly_amount=from_fen(basis.amount_fen),
        reasons=tuple(
            INELIGIBLE_LABELS[IneligibleReason(c)] if c in IneligibleReason.__members__ else c
            for c in reason_codes
        ),
        rule_versions=tuple(str(v) for v in cast(list[Any], json.loads(basis.rule_versions_json or "[]"))),
    )


def build_near_relative_doc(session: Session, case_id: str) -> NearRelativeDoc:
    case = load_case(session, case_id)
    household = _household(session, case)
    filings = list(
        session.scalars(
            select(NearRelativeFiling)
            .where(NearRelativeFiling.household_id == household.id)
            .order_by(NearRelativeFiling.declared_on, NearRelativeFiling.created_at)
        )
    )
    if not filings:
        require_complete(NearRelativeDoc.TITLE, ["近亲属备案记录"])
    place = place_of(session, case, household)
    head = _head(_members(session, household.id))
    check = session.scalars(
        select(CaseTask)
        .where(CaseTask.case_id == case.id, CaseTask.kind == TaskKind.COUNTY_FIELD_CHECK.value)
        .order_by(CaseTask.created_on.desc())
        .limit(1)
    ).first()
    return NearRelativeDoc(
        archive_no=_doc_no("近亲属备案", case, filings[0].declared_on),
        township_name=place.township_name,
        applicant_name=head.name if head else "",
        applicant_id_masked=mask_id_number(head.id_number) if head and head.id_number else "",
        staff=tuple(
            RelatedStaff(f.staff_name, place.township_name, f.staff_post, f.relation) for f in filings
        ),
        declared_on=filings[0].declared_on,
        recusal_confirmed=True,  # a filing blocks the related staff member from every action on the case
        county_check_on=check.done_on if check else None,
        county_check_result=check.note if check and check.done_on else "",
    )


def build_roster_doc(
    session: Session,
    actor: Actor,
    *,
    township_code: str,
    month: YearMonth,
    settings: PrintSettings,
    rules: RuleReader,
) -> tuple[RosterDoc, tuple[str, ...]]:
    """The month's payment roster and the case ids it covers (for the print audit)."""
    view = township_roster(session, actor, township_code=township_code, month=month, rules=rules)
    township = session.get(Division, township_code)
    county = _division_name(session, township.parent_code if township else None)
    place = Place(county, township.name if township else township_code, "")
    lines: list[RosterLine] = []
    for row in view.rows:
        decision = approval_decision(session, parse_case_id(row.case_id))
        note = f"补发{row.for_month}" if row.catch_up else ""
        lines.append(
            RosterLine(
                head_name=row.head_name,
                village=_division_name(session, row.area_code),
                covered_persons=decision.covered_persons if decision else 0,
                amount=row.amount,
                note=note,
            )
        )
    doc = RosterDoc(
        month=month,
        township_name=place.township_full,
        issuer=issuer_name(place, settings),
        pay_by=view.pay_by,
        lines=tuple(lines),
    )
    return doc, tuple(dict.fromkeys(r.case_id for r in view.rows))


def build_change_notice_doc(
    session: Session,
    case_id: str,
    *,
    settings: PrintSettings,
    issued_on: date,
    reason: ChangeReasonCode = ChangeReasonCode.OTHER,
    hearing: HearingRecord | None = None,
) -> ChangeNoticeDoc:
    """The termination notice of a terminated case (the only change the workflow stores as a decision today)."""
    case = load_case(session, case_id)
    decision = approval_decision(session, case.id)
    if decision is None or decision.end_month is None:
        require_complete(ChangeNoticeDoc.TITLE, ["终止保障的决定（停发月份）"])
        raise AssertionError("unreachable")
    household = _household(session, case)
    head = _head(_members(session, household.id))
    place = place_of(session, case, household)
    facts = _termination_reason(session, case) or decision.reason
    return ChangeNoticeDoc(
        kind=ChangeKind.TERMINATE,
        doc_no=_doc_no("低保终", case, issued_on),
        issuer=issuer_name(place, settings),
        recipient_name=head.name if head else "",
        recipient_id_last4=head.id_last4 if head else "",
        old_amount=from_fen(decision.amount_fen),
        new_amount=None,
        reasons=(ChangeReason(reason, facts),),
        effective_month=YearMonth.parse(decision.end_month).plus(1),
        issued_on=issued_on,
        remedy=remedy_of(place, settings),
        hearing=hearing,
        legal_basis=settings.change_basis,
    )


def _termination_reason(session: Session, case: Case) -> str:
    """The reason given with the TERMINATE action (kept with the case's last transition)."""
    detail = cast(dict[str, Any], json.loads(case.state_detail_json or "{}"))
    if detail.get("action") == "TERMINATE":
        return str(detail.get("reason") or "")
    return ""
