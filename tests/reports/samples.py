"""Hand-built read models for every document, from seeded synthetic households (no real person).

Deterministic: the same code gives the same models, so golden images stay valid. The certificate key is a fixed
test key; Ed25519 signatures are deterministic, so the QR code is too.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.domain.idnumber import mask_id_number
from app.domain.synthetic import SyntheticHousehold, synthetic_households
from app.services.documents import (
    DEFAULT_CHANGE_BASIS,
    DEFAULT_LEGAL_BASIS,
    AssessmentDeduction,
    AssessmentDoc,
    AssessmentIncomeLine,
    AssessmentTestLine,
    CertificateDoc,
    ChangeKind,
    ChangeNoticeDoc,
    ChangeReason,
    ChangeReasonCode,
    DenialNoticeDoc,
    DenialReason,
    DenialReasonCode,
    HearingRecord,
    IncomeRow,
    InvestigationDoc,
    MemberLine,
    NearRelativeDoc,
    NeighbourInterview,
    NeighbourVisitDoc,
    PublicityDoc,
    PublicityKind,
    PublicityRow,
    RelatedStaff,
    Remedy,
    ReviewRecord,
    RosterDoc,
    RosterLine,
    Signer,
    certificate_claims,
    sign_certificate_qr,
)
from app.workflow.rules import YearMonth

TODAY = date(2026, 9, 18)
TEST_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
ISSUER = "浮梁县青岭镇人民政府"
TOWNSHIP = "青岭镇"
REMEDY = Remedy(review_body="浮梁县人民政府", court="浮梁县人民法院")


def households(count: int = 6) -> tuple[SyntheticHousehold, ...]:
    return synthetic_households(2026, count, today=TODAY)


def signed(doc: CertificateDoc, key: Ed25519PrivateKey = TEST_KEY) -> CertificateDoc:
    return dataclasses.replace(
        doc, qr_payload=sign_certificate_qr(certificate_claims(doc, key.public_key()), key)
    )


def certificate(
    h: SyntheticHousehold | None = None, *, reprint: int = 0, number: str = "360222900-2026-000123"
) -> CertificateDoc:
    h = h or households()[0]
    names = tuple(p.name for p in h.members)
    doc = CertificateDoc(
        number=number,
        township_code="360222900",
        issuer=ISSUER,
        head_name=h.head.name,
        address="浮梁县青岭镇桃源村三组",
        household_size=len(h.members),
        covered_members=names,
        category="农村低保",
        monthly_amount=Decimal("1500.00"),
        start_month=YearMonth(2026, 9),
        issued_on=TODAY,
        payment_method="中国农业银行　尾号" + h.bank_account[-4:],
        reprint=reprint,
        reviews=(ReviewRecord(date(2027, 9, 10), "家庭情况无变化，维持", Decimal("1500.00"), "李娟"),),
    )
    return signed(doc)


def denial(h: SyntheticHousehold | None = None) -> DenialNoticeDoc:
    h = h or households()[1]
    return DenialNoticeDoc(
        doc_no="青岭民〔2026〕低保不字第7号",
        issuer=ISSUER,
        applicant_name=h.head.name,
        applicant_id_last4=h.head.id_number[-4:],
        applied_on=date(2026, 9, 1),
        accepted_on=date(2026, 9, 1),
        decided_on=date(2026, 9, 17),
        issued_on=TODAY,
        reasons=(
            DenialReason(
                DenialReasonCode.INCOME_ABOVE_STANDARD,
                per_capita_income=Decimal("950.00"),
                standard=Decimal("900.00"),
            ),
            DenialReason(
                DenialReasonCode.ASSET_TEST_FAILED,
                failed_tests=("人均金融资产：52,000.00元，规定上限45,000.00元",),
            ),
        ),
        legal_basis=DEFAULT_LEGAL_BASIS,
        remedy=REMEDY,
        area_label="农村",
    )


def publicity_rows(hs: tuple[SyntheticHousehold, ...]) -> tuple[PublicityRow, ...]:
    rows: list[PublicityRow] = []
    for n, h in enumerate(hs):
        village = ("桃源村三组", "竹林村一组", "清溪村五组")[n % 3]
        places = (village, "瓷都街道窑前社区") if n == 1 else ()
        rows.append(
            PublicityRow(
                head_name=h.head.name,
                village=village,
                household_size=len(h.members),
                covered_persons=len(h.members),
                category="农村低保",
                monthly_amount=Decimal(300 * len(h.members)).quantize(Decimal("0.01")),
                places=places,
            )
        )
    return tuple(rows)


def publicity(
    kind: PublicityKind = PublicityKind.INITIAL, hs: tuple[SyntheticHousehold, ...] | None = None
) -> PublicityDoc:
    hs = hs or households()
    return PublicityDoc(
        kind=kind,
        doc_no="",
        issuer=ISSUER,
        township_name="浮梁县青岭镇",
        posted_on=TODAY,
        period_start=date(2026, 9, 19),
        period_end=date(2026, 9, 25) if kind is PublicityKind.INITIAL else None,
        township_phone="0798-2620000",
        county_hotline="0798-12345",
        rows=publicity_rows(hs),
    )


def member_lines(h: SyntheticHousehold) -> tuple[MemberLine, ...]:
    return tuple(
        MemberLine(
            name=p.name,
            relation=p.relation,
            sex="男" if p.sex.value == "M" else "女",
            age=p.age_on(TODAY),
            id_masked=mask_id_number(p.id_number) if p.id_number else "",
            health="健康",
            labour="有" if 18 <= p.age_on(TODAY) < 60 else "无",
            occupation="务农" if p.age_on(TODAY) >= 18 else "在校",
            monthly_income=Decimal("600.00") if 18 <= p.age_on(TODAY) < 60 else None,
        )
        for p in h.members
    )


def investigation(h: SyntheticHousehold | None = None) -> InvestigationDoc:
    h = h or households()[0]
    return InvestigationDoc(
        case_no="360222900-2026-0042",
        county_name="浮梁县",
        township_name=TOWNSHIP,
        village_name="桃源村",
        area_label="农村",
        investigated_at=datetime(2026, 9, 21, 9, 30),
        members=member_lines(h),
        incomes=(
            IncomeRow(h.head.name, "工资性收入", Decimal("600.00"), Decimal("7200.00"), "务工，季节性"),
        ),
        housing_type="自建房",
        housing_area="86",
        decoration="一般",
        housing_owner=h.head.name,
        durable_goods="电视机1台、电冰箱1台，无高档家电",
        vehicles="电动三轮车1辆",
        living_expenses="水电约80元/月，通讯50元/月",
        rigid_expenses="慢性病自付医疗费约200元/月",
        supporters="无",
        hardship_causes=("缺乏劳动力",),
        findings="家中居住条件简陋，主要收入来自户主季节性务工，与申报情况一致。",
        conclusion="符合",
        investigators=(Signer("李娟", "青岭镇民政办"), Signer("陈伟", "青岭镇民政办")),
        interviewee=h.head.name,
        witness="张强",
    )


def neighbour(h: SyntheticHousehold | None = None) -> NeighbourVisitDoc:
    h = h or households()[0]
    return NeighbourVisitDoc(
        case_no="360222900-2026-0042",
        township_name=TOWNSHIP,
        village_name="桃源村",
        applicant_name=h.head.name,
        interviews=(
            NeighbourInterview(
                visited_on=date(2026, 9, 21),
                place="桃源村三组",
                interviewee_name="刘芳",
                relation="邻居",
                location="同组，相距约50米",
                topics=("家庭成员", "就业和收入", "实际生活水平"),
                statement="户主平时在附近打零工，收入不稳定，家里没有车。",
                opinion="陈述与入户调查情况一致。",
            ),
            NeighbourInterview(
                visited_on=date(2026, 9, 21),
                place="桃源村村委会",
                interviewee_name="周明",
                relation="村组干部",
                topics=("家庭成员", "住房和财产"),
                statement="该户住房为老旧自建房，无其他房产。",
            ),
        ),
        investigators=(Signer("李娟"), Signer("陈伟")),
    )


def assessment() -> AssessmentDoc:
    h = households()[0]
    return AssessmentDoc(
        case_no="360222900-2026-0042",
        township_name=TOWNSHIP,
        village_name="桃源村",
        applicant_name=h.head.name,
        computed_for=TODAY,
        window="2026-03至2026-08，共6个月",
        income_lines=(
            AssessmentIncomeLine(h.head.name, "工资性收入", "务工收入", Decimal("7200.00"), True),
            AssessmentIncomeLine(
                h.head.name, "转移净收入", "残疾人两项补贴", Decimal("600.00"), False, "按规定不计入"
            ),
        ),
        deductions=(AssessmentDeduction(h.head.name, "就业成本扣减", Decimal("270.00")),),
        household_monthly_income=Decimal("930.00"),
        household_size=3,
        per_capita_income=Decimal("310.00"),
        standard_label="农村低保标准",
        standard_used=Decimal("900.00"),
        asset_tests=(AssessmentTestLine("人均金融资产", "符合", "3,000.00", "45,000.00"),),
        supporter_tests=(),
        classification="低保",
        method="补差",
        tier="",
        covered_persons=3,
        monthly_amount=Decimal("1770.00"),
        rule_versions=("standard.360222.RURAL@2026-01-01",),
        assessors=(Signer("李娟"), Signer("陈伟")),
    )


def near_relative() -> NearRelativeDoc:
    h = households()[2]
    return NearRelativeDoc(
        archive_no="JQB-360222900-2026-003",
        township_name=TOWNSHIP,
        applicant_name=h.head.name,
        applicant_id_masked=mask_id_number(h.head.id_number),
        staff=(RelatedStaff("李娟", "青岭镇民政办", "低保经办人", "配偶的姐姐"),),
        declared_on=date(2026, 9, 1),
        recusal_confirmed=True,
    )


def roster(hs: tuple[SyntheticHousehold, ...] | None = None) -> RosterDoc:
    hs = hs or households()
    return RosterDoc(
        month=YearMonth(2026, 9),
        township_name="浮梁县青岭镇",
        issuer=ISSUER,
        pay_by=date(2026, 9, 9),
        lines=tuple(
            RosterLine(
                head_name=h.head.name,
                village="桃源村",
                covered_persons=len(h.members),
                amount=Decimal(300 * len(h.members)).quantize(Decimal("0.01")),
                bank="中国农业银行",
                account_masked="*" * 15 + h.bank_account[-4:],
                note="首月" if n == 0 else "",
            )
            for n, h in enumerate(hs)
        ),
        prepared_by="李娟",
    )


def change_notice(kind: ChangeKind = ChangeKind.DECREASE) -> ChangeNoticeDoc:
    h = households()[3]
    return ChangeNoticeDoc(
        kind=kind,
        doc_no="青岭民〔2026〕低保变字第3号",
        issuer=ISSUER,
        recipient_name=h.head.name,
        recipient_id_last4=h.head.id_number[-4:],
        old_amount=Decimal("1500.00"),
        new_amount=None if kind is ChangeKind.TERMINATE else Decimal("900.00"),
        reasons=(
            ChangeReason(ChangeReasonCode.INCOME_CHANGED, "经复核，家庭成员就业后月人均收入增加至620.00元。"),
        ),
        effective_month=YearMonth(2026, 10),
        issued_on=TODAY,
        remedy=REMEDY,
        hearing=HearingRecord(date(2026, 9, 15), "当面", "对收入核算无异议。"),
        legal_basis=DEFAULT_CHANGE_BASIS,
    )
