"""Read models of the printed documents (DOMAIN §8.8–§8.12), and the certificate QR code's signed payload.

``reports/`` turns these frozen dataclasses into PDF bytes. This module imports no database code, so reports can
import it under the import contract "Reports read models, not the database"; the builders that fill these models
from the store live in :mod:`app.services.printing` and :mod:`app.services.certificates`.

Privacy is decided here, by what a model *can* hold: a publicity row has no field for an ID number, an account, a
phone, a house number, a diagnosis or a minor; forms that may show an identity number get it already masked.

Every model can say what it lacks (``missing()``); a renderer refuses an incomplete model with
:class:`DocumentIncomplete`, whose message lists every missing item at once.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from hashlib import sha256

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
    load_pem_public_key,
)

from app.domain.errors import ValidationError
from app.domain.money import to_fen
from app.workflow.assessment import OUTCOME_LABELS, CheckOutcome
from app.workflow.benefit import CLASSIFICATION_LABELS, INELIGIBLE_LABELS, BenefitDecision, IneligibleReason
from app.workflow.rules import AREA_TYPE_LABELS, INCOME_CATEGORY_LABELS, YearMonth

# --------------------------------------------------------------------------------------------------- common


class DocumentIncomplete(ValidationError):
    code = "DOCUMENT_INCOMPLETE"
    default_message = "无法生成《{title}》，缺少：{missing}。请补全后再打印。"


class DocumentKind(StrEnum):
    CERTIFICATE = "certificate"
    DENIAL = "denial"
    PUBLICITY = "publicity"
    INVESTIGATION = "investigation"
    NEIGHBOUR = "neighbour"
    ASSESSMENT = "assessment"
    NEAR_RELATIVE = "near-relative"
    ROSTER = "roster"
    CHANGE = "change"


DOCUMENT_TITLES: Mapping[DocumentKind, str] = {
    DocumentKind.CERTIFICATE: "最低生活保障证",
    DocumentKind.DENIAL: "最低生活保障不予同意告知书",
    DocumentKind.PUBLICITY: "最低生活保障公示",
    DocumentKind.INVESTIGATION: "最低生活保障入户调查表",
    DocumentKind.NEIGHBOUR: "邻里访问记录",
    DocumentKind.ASSESSMENT: "家庭经济状况评估表",
    DocumentKind.NEAR_RELATIVE: "最低生活保障经办人员近亲属备案表",
    DocumentKind.ROSTER: "最低生活保障金发放花名册",
    DocumentKind.CHANGE: "最低生活保障调整（终止）告知书",
}

# Posted for anyone to read (DOMAIN §8.8): the strictest privacy rules apply.
PUBLIC_KINDS: frozenset[DocumentKind] = frozenset({DocumentKind.PUBLICITY})
# Working papers for the file: printed with the "仅限低保审核使用" watermark (DOMAIN §13).
INTERNAL_KINDS: frozenset[DocumentKind] = frozenset(
    {
        DocumentKind.INVESTIGATION,
        DocumentKind.NEIGHBOUR,
        DocumentKind.ASSESSMENT,
        DocumentKind.NEAR_RELATIVE,
        DocumentKind.ROSTER,
    }
)
INTERNAL_WATERMARK = "仅限低保审核使用"


def require_complete(title: str, missing: Iterable[str]) -> None:
    items = list(dict.fromkeys(m for m in missing if m))
    if items:
        raise DocumentIncomplete(title=title, missing="、".join(items), items=tuple(items))


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


@dataclass(frozen=True, slots=True)
class RemedyPeriods:
    """Appeal periods printed on notices; statute figures, kept as settings so a legal office can correct them."""

    review_days: int  # 行政复议法(2023) 第20条：自知道之日起60日内
    litigation_months: int  # 行政诉讼法 第46条：自知道之日起6个月内
    after_review_days: int  # 行政诉讼法 第45条：收到复议决定书之日起15日内


STATUTORY_REMEDIES = RemedyPeriods(review_days=60, litigation_months=6, after_review_days=15)


@dataclass(frozen=True, slots=True)
class Remedy:
    review_body: str  # 行政复议机关, e.g. 浮梁县人民政府
    court: str  # 人民法院, e.g. 浮梁县人民法院
    periods: RemedyPeriods = STATUTORY_REMEDIES

    def missing(self) -> list[str]:
        out: list[str] = []
        if _blank(self.review_body):
            out.append("行政复议机关")
        if _blank(self.court):
            out.append("管辖人民法院")
        return out


@dataclass(frozen=True, slots=True)
class Signer:
    name: str = ""
    unit: str = ""


# --------------------------------------------------------------------------------------------------- certificate


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One line of the certificate's 复核记录 table."""

    reviewed_on: date
    result: str
    new_amount: Decimal | None
    reviewer: str


@dataclass(frozen=True, slots=True)
class CertificateDoc:
    number: str
    township_code: str
    issuer: str  # 发证机关
    head_name: str
    address: str  # 村/社区 level only
    household_size: int
    covered_members: tuple[str, ...]
    category: str  # 城市低保 / 农村低保 / 单人保 …
    monthly_amount: Decimal | None
    start_month: YearMonth | None
    issued_on: date
    payment_method: str = ""  # bank name + last 4 digits, already masked
    reprint: int = 0  # 0 = original; n = n-th reprint (补打)
    qr_payload: str = ""
    reviews: tuple[ReviewRecord, ...] = ()

    TITLE = "最低生活保障证"

    def missing(self) -> list[str]:
        out: list[str] = []
        if _blank(self.number):
            out.append("证号")
        if _blank(self.issuer):
            out.append("发证机关")
        if _blank(self.head_name):
            out.append("户主姓名")
        if not self.covered_members:
            out.append("保障成员")
        if _blank(self.category):
            out.append("保障类别")
        if self.monthly_amount is None or self.monthly_amount <= 0:
            out.append("月保障金额")
        if self.start_month is None:
            out.append("起始年月")
        if _blank(self.qr_payload):
            out.append("防伪二维码签名")
        return out

    def require_complete(self) -> None:
        require_complete(self.TITLE, self.missing())
        claims = decode_certificate_qr(self.qr_payload)
        # A payload signed for other figures would vouch for a certificate it does not describe.
        assert self.monthly_amount is not None
        assert self.start_month is not None
        if (
            claims.number != self.number
            or claims.amount_fen != to_fen(self.monthly_amount)
            or claims.covered_persons != len(self.covered_members)
            or claims.start_month != str(self.start_month)
        ):
            raise DocumentIncomplete(title=self.TITLE, missing="与证件内容一致的二维码签名（请重新签发）")


# --------------------------------------------------------------------------------------------------- QR payload

QR_PREFIX = "DBZ1"
QR_SEPARATOR = "*"
# Upper-case letters, digits and "-": the payload stays in the QR alphanumeric mode (a smaller, faster code).
CERTIFICATE_NUMBER_RE = re.compile(r"^[0-9A-Z-]{1,40}$")


class CertificateQrInvalid(ValidationError):
    code = "CERTIFICATE_QR_INVALID"
    default_message = "二维码验证失败：{reason}"


@dataclass(frozen=True, slots=True)
class CertificateClaims:
    """What the QR code vouches for. No name and no ID number: the code is read by anyone holding the paper."""

    number: str
    township_code: str
    amount_fen: int
    covered_persons: int
    start_month: str  # YYYY-MM
    issued_on: str  # YYYY-MM-DD
    key_id: str

    def fields(self) -> tuple[str, ...]:
        return (
            QR_PREFIX,
            self.number,
            self.township_code,
            str(self.amount_fen),
            str(self.covered_persons),
            self.start_month,
            self.issued_on,
            self.key_id,
        )

    @property
    def monthly_amount(self) -> Decimal:
        return (Decimal(self.amount_fen) / 100).quantize(Decimal("0.01"))


def key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return sha256(raw).hexdigest()[:8].upper()


def certificate_claims(doc: CertificateDoc, public_key: Ed25519PublicKey) -> CertificateClaims:
    """The claims to sign for ``doc`` (everything but the payload must already be complete)."""
    require_complete(CertificateDoc.TITLE, [m for m in doc.missing() if m != "防伪二维码签名"])
    assert doc.monthly_amount is not None
    assert doc.start_month is not None
    if not CERTIFICATE_NUMBER_RE.match(doc.number):
        raise ValidationError(f"证号“{doc.number}”只能由大写字母、数字和连字符组成")
    if not doc.township_code.isdigit():
        raise ValidationError(f"乡镇代码“{doc.township_code}”应为数字")
    return CertificateClaims(
        number=doc.number,
        township_code=doc.township_code,
        amount_fen=to_fen(doc.monthly_amount),
        covered_persons=len(doc.covered_members),
        start_month=str(doc.start_month),
        issued_on=doc.issued_on.isoformat(),
        key_id=key_id(public_key),
    )


def sign_certificate_qr(claims: CertificateClaims, private_key: Ed25519PrivateKey) -> str:
    message = QR_SEPARATOR.join(claims.fields())
    signature = private_key.sign(message.encode("ascii"))
    return f"{message}{QR_SEPARATOR}{base64.b32encode(signature).decode('ascii').rstrip('=')}"


def decode_certificate_qr(payload: str) -> CertificateClaims:
    """The claims of a payload, **not** verified: for checking that a payload matches its certificate."""
    parts = payload.strip().split(QR_SEPARATOR)
    if len(parts) != 9 or parts[0] != QR_PREFIX:
        raise CertificateQrInvalid(reason="不是本系统签发的最低生活保障证二维码")
    try:
        return CertificateClaims(
            number=parts[1],
            township_code=parts[2],
            amount_fen=int(parts[3]),
            covered_persons=int(parts[4]),
            start_month=parts[5],
            issued_on=parts[6],
            key_id=parts[7],
        )
    except ValueError:
        raise CertificateQrInvalid(reason="二维码内容格式错误") from None


def verify_certificate_qr(payload: str, public_key: Ed25519PublicKey | bytes) -> CertificateClaims:
    """Check the Ed25519 signature with the county's copy of the public key; return the vouched-for claims.

    ``public_key`` may be a key object, 32 raw bytes or PEM. Any changed character (amount, number, month…)
    fails with :class:`CertificateQrInvalid`.
    """
    key = load_public_key(public_key)
    claims = decode_certificate_qr(payload)
    message, _, sig_text = payload.strip().rpartition(QR_SEPARATOR)
    if claims.key_id != key_id(key):
        raise CertificateQrInvalid(reason=f"签名密钥（{claims.key_id}）不是所给公钥（{key_id(key)}）")
    try:
        signature = base64.b32decode(sig_text + "=" * (-len(sig_text) % 8))
        key.verify(signature, message.encode("ascii"))
    except (InvalidSignature, ValueError, UnicodeEncodeError):
        raise CertificateQrInvalid(reason="签名不符，证件内容可能被改动") from None
    return claims


def load_public_key(value: Ed25519PublicKey | bytes) -> Ed25519PublicKey:
    if isinstance(value, Ed25519PublicKey):
        return value
    if value.lstrip().startswith(b"-----BEGIN"):
        key = load_pem_public_key(value)
        if not isinstance(key, Ed25519PublicKey):
            raise CertificateQrInvalid(reason="公钥不是 Ed25519 公钥")
        return key
    if len(value) != 32:
        raise CertificateQrInvalid(reason="公钥应为32字节或PEM格式")
    return Ed25519PublicKey.from_public_bytes(value)


def load_private_key(pem: bytes) -> Ed25519PrivateKey:
    key = load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValidationError("证书签名私钥必须是 Ed25519 私钥（PEM 格式）")
    return key


def new_signing_key() -> tuple[bytes, bytes]:
    """A county-side helper: a fresh Ed25519 key pair as (private PEM, public PEM)."""
    private = Ed25519PrivateKey.generate()
    return (
        private.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()),
        private.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo),
    )


# --------------------------------------------------------------------------------------------------- denial


class DenialReasonCode(StrEnum):
    INCOME_ABOVE_STANDARD = "INCOME_ABOVE_STANDARD"
    ASSET_TEST_FAILED = "ASSET_TEST_FAILED"
    SUPPORTER_TEST_FAILED = "SUPPORTER_TEST_FAILED"
    SUPPORTER_NOT_VERIFIED = "SUPPORTER_NOT_VERIFIED"
    HUKOU = "HUKOU"
    NON_COOPERATION = "NON_COOPERATION"
    FALSE_DECLARATION = "FALSE_DECLARATION"
    OTHER = "OTHER"


DENIAL_REASON_LABELS: Mapping[DenialReasonCode, str] = {
    DenialReasonCode.INCOME_ABOVE_STANDARD: "家庭月人均收入不低于当地最低生活保障标准",
    DenialReasonCode.ASSET_TEST_FAILED: "家庭财产状况不符合规定",
    DenialReasonCode.SUPPORTER_TEST_FAILED: "法定赡养（抚养、扶养）义务人家庭经济状况不符合规定",
    DenialReasonCode.SUPPORTER_NOT_VERIFIED: "法定赡养（抚养、扶养）义务人未授权核对家庭经济状况",
    DenialReasonCode.HUKOU: "不属于共同生活的家庭成员或户籍、申请地不符合规定",
    DenialReasonCode.NON_COOPERATION: "无正当理由拒不配合家庭经济状况调查",
    DenialReasonCode.FALSE_DECLARATION: "隐瞒、虚报家庭收入或财产状况",
    DenialReasonCode.OTHER: "其他不符合规定的情形",
}


@dataclass(frozen=True, slots=True)
class DenialReason:
    code: DenialReasonCode
    detail: str = ""  # the specific facts, in the officer's words
    per_capita_income: Decimal | None = None
    standard: Decimal | None = None
    failed_tests: tuple[str, ...] = ()  # e.g. "人均金融资产：52,000.00元，上限45,000.00元"

    def missing(self) -> list[str]:
        label = DENIAL_REASON_LABELS[self.code]
        if self.code is DenialReasonCode.INCOME_ABOVE_STANDARD:
            out: list[str] = []
            if self.per_capita_income is None:
                out.append(f"“{label}”的家庭月人均收入")
            if self.standard is None:
                out.append(f"“{label}”的低保标准")
            return out
        if self.code in (DenialReasonCode.ASSET_TEST_FAILED, DenialReasonCode.SUPPORTER_TEST_FAILED):
            return [] if self.failed_tests or not _blank(self.detail) else [f"“{label}”的具体情形"]
        return [] if not _blank(self.detail) else [f"“{label}”的具体事实"]


def denial_reasons_from_decision(decision: BenefitDecision) -> tuple[DenialReason, ...]:
    """The reason codes and figures of a NOT_ELIGIBLE assessment, ready for the notice."""
    reasons: list[DenialReason] = []
    for code in decision.reasons:
        if code is IneligibleReason.INCOME_ABOVE_STANDARD:
            reasons.append(
                DenialReason(
                    DenialReasonCode.INCOME_ABOVE_STANDARD,
                    per_capita_income=decision.per_capita_income,
                    standard=decision.standard_used,
                )
            )
        elif code is IneligibleReason.ASSET_TEST_FAILED:
            tests = tuple(
                f"{a.label}：{_fig(a.measure)}，规定上限{_fig(a.limit)}"
                for a in decision.asset_results
                if a.outcome is CheckOutcome.FAIL
            )
            reasons.append(DenialReason(DenialReasonCode.ASSET_TEST_FAILED, failed_tests=tests))
        elif code is IneligibleReason.SUPPORTER_TEST_FAILED:
            tests = tuple(
                f"{s.name}：{'；'.join(s.details) or '、'.join(s.failed)}"
                for s in decision.supporter_results
                if s.outcome is CheckOutcome.FAIL
            )
            reasons.append(DenialReason(DenialReasonCode.SUPPORTER_TEST_FAILED, failed_tests=tests))
        elif code is IneligibleReason.SUPPORTER_NOT_VERIFIED:
            names = "、".join(
                s.name for s in decision.supporter_results if s.outcome is CheckOutcome.NOT_VERIFIED
            )
            reasons.append(
                DenialReason(
                    DenialReasonCode.SUPPORTER_NOT_VERIFIED,
                    detail=f"法定义务人{names}未签署核对授权，无法核对其家庭经济状况。",
                )
            )
        else:
            reasons.append(DenialReason(DenialReasonCode.HUKOU, detail=INELIGIBLE_LABELS[code] + "。"))
    return tuple(reasons)


def _fig(value: Decimal) -> str:
    return f"{value:,.2f}" if value != value.to_integral_value() or value >= 1000 else f"{value:,.0f}"


@dataclass(frozen=True, slots=True)
class DenialNoticeDoc:
    doc_no: str
    issuer: str
    applicant_name: str
    applicant_id_last4: str  # the last 4 characters only (DOMAIN §8.9)
    applied_on: date | None
    accepted_on: date | None
    decided_on: date | None
    issued_on: date
    reasons: tuple[DenialReason, ...]
    legal_basis: tuple[str, ...]
    remedy: Remedy
    area_label: str = ""  # 城市 / 农村, names the standard compared with
    application_item: str = "最低生活保障"

    TITLE = "最低生活保障不予同意告知书"

    def missing(self) -> list[str]:
        out: list[str] = []
        if _blank(self.doc_no):
            out.append("文号")
        if _blank(self.issuer):
            out.append("作出决定的机关")
        if _blank(self.applicant_name):
            out.append("申请人姓名")
        if self.accepted_on is None:
            out.append("受理日期")
        if self.decided_on is None:
            out.append("决定日期")
        if not self.reasons:
            out.append("不予同意的理由")
        for reason in self.reasons:
            out.extend(reason.missing())
        if not self.legal_basis:
            out.append("法律依据")
        out.extend(self.remedy.missing())
        return out

    def require_complete(self) -> None:
        require_complete(self.TITLE, self.missing())


# --------------------------------------------------------------------------------------------------- publicity


class PublicityKind(StrEnum):
    INITIAL = "INITIAL"  # 初审意见公示 (拟保障)
    RESULT = "RESULT"  # 确认结果公示 (长期公示)
    LEAVER = "LEAVER"  # 退出家庭公示 (自确认退出之日起不少于半年)


PUBLICITY_TITLES: Mapping[PublicityKind, str] = {
    PublicityKind.INITIAL: "最低生活保障初审意见公示",
    PublicityKind.RESULT: "最低生活保障对象公示",
    PublicityKind.LEAVER: "最低生活保障退出家庭公示",
}


@dataclass(frozen=True, slots=True)
class PublicityRow:
    """Exactly the columns DOMAIN §8.8 allows. There is deliberately nowhere to put anything else."""

    head_name: str
    village: str  # 村(居)/组, never a house number
    household_size: int
    covered_persons: int
    category: str  # 城市低保 / 农村低保 / 单人保
    monthly_amount: Decimal | None
    opinion: str = "拟同意"
    # Where this household's notice is posted: both places for 人户分离 (DOMAIN §4.2); empty = its village.
    places: tuple[str, ...] = ()
    # An applicant under 18 is not named on a notice (PIPL Art. 28/31; DOMAIN §8.8).
    head_is_minor: bool = False
    # On a leaver notice: the day the household's exit was confirmed (its notice runs at least half a year from it).
    left_on: date | None = None

    @property
    def posting_places(self) -> tuple[str, ...]:
        return self.places or (self.village,)


@dataclass(frozen=True, slots=True)
class PublicityDoc:
    kind: PublicityKind
    doc_no: str
    issuer: str
    township_name: str
    posted_on: date
    period_start: date
    period_end: date | None  # None on a result notice: 自批准之日起至停止保障之日止
    township_phone: str
    county_hotline: str
    rows: tuple[PublicityRow, ...]

    def missing(self) -> list[str]:
        out: list[str] = []
        if _blank(self.issuer):
            out.append("发布单位")
        if _blank(self.township_phone):
            out.append("乡镇（街道）监督电话")
        if _blank(self.county_hotline):
            out.append("县级民政部门监督举报电话")
        if self.kind is PublicityKind.INITIAL and self.period_end is None:
            out.append("公示截止日期")
        if not self.rows:
            out.append("公示家庭")
        for n, row in enumerate(self.rows, start=1):
            if _blank(row.head_name):
                out.append(f"第{n}户申请人姓名")
            if row.monthly_amount is None:
                out.append(f"第{n}户保障金额")
            if self.kind is PublicityKind.LEAVER and row.left_on is None:
                out.append(f"第{n}户退出日期")
        return out

    def require_complete(self) -> None:
        require_complete(PUBLICITY_TITLES[self.kind], self.missing())

    def sheets(self) -> list[tuple[str, tuple[PublicityRow, ...]]]:
        """One sheet per posting place, in a stable order (a 人户分离 household appears on two sheets)."""
        places = sorted({p for row in self.rows for p in row.posting_places})
        return [(p, tuple(r for r in self.rows if p in r.posting_places)) for p in places]


# --------------------------------------------------------------------------------------------------- working forms


@dataclass(frozen=True, slots=True)
class MemberLine:
    name: str
    relation: str
    sex: str = ""
    age: int | None = None
    id_masked: str = ""  # masked by the builder; a full number never reaches a printed form
    health: str = ""
    disability: str = ""
    labour: str = ""
    occupation: str = ""
    monthly_income: Decimal | None = None


@dataclass(frozen=True, slots=True)
class IncomeRow:
    member: str
    category: str
    monthly: Decimal | None  # None when declared only as a total over a period (the note says so)
    annual: Decimal | None
    note: str = ""


@dataclass(frozen=True, slots=True)
class InvestigationDoc:
    case_no: str
    county_name: str
    township_name: str
    village_name: str
    area_label: str  # 城市 / 农村
    investigated_at: datetime | None
    method: str = "实地入户"
    members: tuple[MemberLine, ...] = ()
    incomes: tuple[IncomeRow, ...] = ()
    housing_type: str = ""
    housing_area: str = ""
    decoration: str = ""
    housing_owner: str = ""
    durable_goods: str = ""
    vehicles: str = ""
    living_expenses: str = ""
    rigid_expenses: str = ""
    supporters: str = ""
    hardship_causes: tuple[str, ...] = ()
    findings: str = ""
    conclusion: str = ""  # 符合 / 不符合 / 待核; "" leaves the boxes for the pen
    investigators: tuple[Signer, ...] = ()
    interviewee: str = ""
    witness: str = ""

    TITLE = "最低生活保障入户调查表"

    def missing(self) -> list[str]:
        out: list[str] = []
        if _blank(self.case_no):
            out.append("受理编号")
        if self.investigated_at is None:
            out.append("调查日期")
        if not self.members:
            out.append("家庭成员")
        # Investigators may sign on paper: a form printed for signing before the in-app sign-off leaves
        # their boxes empty. Two distinct names are checked at sign-off (forms), not here.
        return out

    def require_complete(self) -> None:
        require_complete(self.TITLE, self.missing())


# The 了解事项 choices of forms/definitions/neighbour_interview.py, in the same words.
NEIGHBOUR_TOPICS: tuple[str, ...] = (
    "家庭成员",
    "就业和收入",
    "住房和财产",
    "车辆",
    "实际生活水平",
    "赡养人帮助情况",
)


@dataclass(frozen=True, slots=True)
class NeighbourInterview:
    visited_on: date | None
    place: str
    interviewee_name: str
    relation: str  # 邻居 / 村组干部 / 同事
    location: str = ""  # 居住位置, e.g. "同组，相距约50米"
    topics: tuple[str, ...] = ()
    statement: str = ""
    opinion: str = ""


@dataclass(frozen=True, slots=True)
class NeighbourVisitDoc:
    case_no: str
    township_name: str
    village_name: str
    applicant_name: str
    interviews: tuple[NeighbourInterview, ...]
    investigators: tuple[Signer, ...] = ()

    TITLE = "邻里访问记录"

    def missing(self) -> list[str]:
        out: list[str] = []
        if _blank(self.case_no):
            out.append("受理编号")
        if _blank(self.applicant_name):
            out.append("申请人姓名")
        if not self.interviews:
            out.append("访问记录")
        for n, iv in enumerate(self.interviews, start=1):
            if iv.visited_on is None:
                out.append(f"第{n}次访问日期")
            if _blank(iv.interviewee_name):
                out.append(f"第{n}次被访问人")
            if _blank(iv.statement):
                out.append(f"第{n}次被访问人陈述")
        # As on the 入户调查表: visitors who have not signed in the app sign the paper (two boxes are printed).
        return out

    def require_complete(self) -> None:
        require_complete(self.TITLE, self.missing())


@dataclass(frozen=True, slots=True)
class AssessmentIncomeLine:
    member: str
    category: str
    subtype: str
    window_amount: Decimal
    counted: bool
    note: str = ""


@dataclass(frozen=True, slots=True)
class AssessmentDeduction:
    member: str
    label: str
    monthly: Decimal


@dataclass(frozen=True, slots=True)
class AssessmentTestLine:
    label: str
    outcome: str
    measure: str
    limit: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class AssessmentDoc:
    case_no: str
    township_name: str
    village_name: str
    applicant_name: str
    computed_for: date
    window: str
    income_lines: tuple[AssessmentIncomeLine, ...]
    deductions: tuple[AssessmentDeduction, ...]
    household_monthly_income: Decimal
    household_size: int
    per_capita_income: Decimal
    standard_label: str
    standard_used: Decimal
    asset_tests: tuple[AssessmentTestLine, ...]
    supporter_tests: tuple[AssessmentTestLine, ...]
    classification: str
    method: str
    tier: str
    covered_persons: int
    monthly_amount: Decimal
    reasons: tuple[str, ...] = ()
    rule_versions: tuple[str, ...] = ()
    assessors: tuple[Signer, ...] = ()

    TITLE = "家庭经济状况评估表"

    def missing(self) -> list[str]:
        out: list[str] = []
        if _blank(self.case_no):
            out.append("受理编号")
        if _blank(self.applicant_name):
            out.append("申请人姓名")
        if self.household_size <= 0:
            out.append("家庭人口")
        return out

    def require_complete(self) -> None:
        require_complete(self.TITLE, self.missing())


_METHOD_LABELS = {"GAP": "补差", "TIER": "分档"}


def assessment_doc_from_decision(
    decision: BenefitDecision,
    *,
    case_no: str,
    township_name: str,
    village_name: str,
    applicant_name: str,
    member_names: Mapping[str, str],
    assessors: tuple[Signer, ...] = (),
) -> AssessmentDoc:
    """The assessment sheet of a computed decision: every figure the decision used, as it used it."""

    def who(member_id: str) -> str:
        return member_names.get(member_id) or next(
            (m.name for m in decision.inputs.members if m.member_id == member_id and m.name), "（成员）"
        )

    income = decision.income
    lines = tuple(
        AssessmentIncomeLine(
            member=who(ln.item.member_id),
            category=INCOME_CATEGORY_LABELS[ln.item.category],
            subtype=ln.subtype_label,
            window_amount=ln.window_amount,
            counted=ln.counted,
            note=ln.not_counted_reason,
        )
        for ln in income.lines
    )
    deductions = tuple(AssessmentDeduction(who(d.member_id), d.label, d.monthly) for d in decision.deductions)
    assets = tuple(
        AssessmentTestLine(
            a.label, OUTCOME_LABELS[a.outcome], _fig(a.measure), _fig(a.limit), a.exemption_reason
        )
        for a in decision.asset_results
    )
    supporters = tuple(
        AssessmentTestLine(s.name, OUTCOME_LABELS[s.outcome], "", "", "；".join(s.details))
        for s in decision.supporter_results
    )
    area = AREA_TYPE_LABELS[decision.area_type]
    return AssessmentDoc(
        case_no=case_no,
        township_name=township_name,
        village_name=village_name,
        applicant_name=applicant_name,
        computed_for=decision.computed_for,
        window=f"{income.window_first}至{income.window_last}，共{income.window_months}个月",
        income_lines=lines,
        deductions=deductions,
        household_monthly_income=decision.household_monthly_income,
        household_size=decision.household_size,
        per_capita_income=decision.per_capita_income,
        standard_label=f"{area}低保标准",
        standard_used=decision.standard_used,
        asset_tests=assets,
        supporter_tests=supporters,
        classification=CLASSIFICATION_LABELS[decision.classification],
        method=_METHOD_LABELS.get(decision.method.value, decision.method.value),
        tier=decision.tier or "",
        covered_persons=decision.covered_persons,
        monthly_amount=decision.monthly_amount,
        reasons=tuple(INELIGIBLE_LABELS[r] for r in decision.reasons),
        rule_versions=decision.rule_versions,
        assessors=assessors,
    )


@dataclass(frozen=True, slots=True)
class RelatedStaff:
    name: str
    unit: str
    post: str
    relation: str


@dataclass(frozen=True, slots=True)
class NearRelativeDoc:
    archive_no: str
    township_name: str
    applicant_name: str
    applicant_id_masked: str
    staff: tuple[RelatedStaff, ...]
    declared_on: date | None
    recusal_confirmed: bool = False
    county_check_on: date | None = None
    county_checkers: str = ""
    county_check_result: str = ""

    TITLE = "最低生活保障经办人员近亲属备案表"

    def missing(self) -> list[str]:
        out: list[str] = []
        if _blank(self.archive_no):
            out.append("备案编号")
        if _blank(self.applicant_name):
            out.append("申请人姓名")
        if not self.staff:
            out.append("有近亲属关系的经办人员")
        if self.declared_on is None:
            out.append("申报日期")
        return out

    def require_complete(self) -> None:
        require_complete(self.TITLE, self.missing())


@dataclass(frozen=True, slots=True)
class RosterLine:
    head_name: str
    village: str
    covered_persons: int
    amount: Decimal
    bank: str = ""
    account_masked: str = ""  # last 4 only
    note: str = ""  # e.g. 补发2026-08


@dataclass(frozen=True, slots=True)
class RosterDoc:
    month: YearMonth
    township_name: str
    issuer: str
    pay_by: date
    lines: tuple[RosterLine, ...]
    prepared_by: str = ""
    reviewed_by: str = ""

    TITLE = "最低生活保障金发放花名册"

    @property
    def total(self) -> Decimal:
        return sum((ln.amount for ln in self.lines), Decimal("0.00"))

    @property
    def persons(self) -> int:
        return sum(ln.covered_persons for ln in self.lines)

    def missing(self) -> list[str]:
        out: list[str] = []
        if _blank(self.issuer):
            out.append("编制单位")
        if not self.lines:
            out.append("发放家庭")
        return out

    def require_complete(self) -> None:
        require_complete(self.TITLE, self.missing())


# --------------------------------------------------------------------------------------------------- change notice


class ChangeKind(StrEnum):
    INCREASE = "INCREASE"
    DECREASE = "DECREASE"
    TERMINATE = "TERMINATE"


CHANGE_KIND_LABELS: Mapping[ChangeKind, str] = {
    ChangeKind.INCREASE: "增发",
    ChangeKind.DECREASE: "减发",
    ChangeKind.TERMINATE: "停发（终止保障）",
}


class ChangeReasonCode(StrEnum):
    INCOME_CHANGED = "INCOME_CHANGED"
    MEMBERS_CHANGED = "MEMBERS_CHANGED"
    ASSETS_CHANGED = "ASSETS_CHANGED"
    STANDARD_ADJUSTED = "STANDARD_ADJUSTED"
    REVIEW_RESULT = "REVIEW_RESULT"
    FALSE_DECLARATION = "FALSE_DECLARATION"
    REFUSED_WORK = "REFUSED_WORK"
    OTHER = "OTHER"


CHANGE_REASON_LABELS: Mapping[ChangeReasonCode, str] = {
    ChangeReasonCode.INCOME_CHANGED: "家庭收入发生变化",
    ChangeReasonCode.MEMBERS_CHANGED: "家庭人口发生变化",
    ChangeReasonCode.ASSETS_CHANGED: "家庭财产状况发生变化",
    ChangeReasonCode.STANDARD_ADJUSTED: "最低生活保障标准调整",
    ChangeReasonCode.REVIEW_RESULT: "定期复核结果",
    ChangeReasonCode.FALSE_DECLARATION: "隐瞒、虚报家庭收入或财产状况",
    ChangeReasonCode.REFUSED_WORK: "有劳动能力成员无正当理由拒绝就业",
    ChangeReasonCode.OTHER: "其他情形",
}


@dataclass(frozen=True, slots=True)
class ChangeReason:
    code: ChangeReasonCode
    facts: str


@dataclass(frozen=True, slots=True)
class HearingRecord:
    """听取意见 before a reduction or termination (社会救助法 第48条)."""

    heard_on: date
    method: str  # 当面 / 电话 / 书面
    statement: str


@dataclass(frozen=True, slots=True)
class ChangeNoticeDoc:
    kind: ChangeKind
    doc_no: str
    issuer: str
    recipient_name: str
    recipient_id_last4: str
    old_amount: Decimal | None
    new_amount: Decimal | None  # None when terminated
    reasons: tuple[ChangeReason, ...]
    effective_month: YearMonth | None
    issued_on: date
    remedy: Remedy
    hearing: HearingRecord | None = None
    legal_basis: tuple[str, ...] = ()

    TITLE = "最低生活保障调整（终止）告知书"

    def missing(self) -> list[str]:
        out: list[str] = []
        if _blank(self.doc_no):
            out.append("文号")
        if _blank(self.issuer):
            out.append("作出决定的机关")
        if _blank(self.recipient_name):
            out.append("保障对象姓名")
        if self.old_amount is None:
            out.append("原保障金额")
        if self.kind is not ChangeKind.TERMINATE and self.new_amount is None:
            out.append("调整后保障金额")
        if not self.reasons:
            out.append("调整（终止）原因")
        for reason in self.reasons:
            if _blank(reason.facts):
                out.append(f"“{CHANGE_REASON_LABELS[reason.code]}”的具体事实")
        if self.effective_month is None:
            out.append("执行月份")
        if self.kind is not ChangeKind.INCREASE and self.hearing is None:
            out.append("听取意见记录")
        if not self.legal_basis:
            out.append("法律依据")
        out.extend(self.remedy.missing())
        return out

    def require_complete(self) -> None:
        require_complete(self.TITLE, self.missing())


DEFAULT_LEGAL_BASIS: tuple[str, ...] = (
    "《中华人民共和国社会救助法》第十八条、第二十三条、第四十五条",
    "《最低生活保障审核确认办法》（民发〔2021〕57号）",
    "《江西省最低生活保障操作规程》（赣民发〔2020〕7号）",
    "《关于全面提升社会救助服务能力的工作方案》（景民字〔2024〕40号）",
)
DEFAULT_CHANGE_BASIS: tuple[str, ...] = (
    "《中华人民共和国社会救助法》第四十六条、第四十八条",
    "《最低生活保障审核确认办法》（民发〔2021〕57号）",
)


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What the audit trail records about one printed file: kind and case, never the content."""

    kind: DocumentKind
    case_ids: tuple[str, ...] = field(default=())
    reprint: bool = False
