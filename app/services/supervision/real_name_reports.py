"""实名举报 (seed 三(四)1: 对接到实名举报的，应当逐一核实，并及时向举报人反馈核实结果).

Each report is logged (OPEN), verified with a recorded result (VERIFIED), and the reply to the reporter is recorded
(REPLIED). The reporter's contact is kept for the reply and shown masked in lists (DOMAIN §13). No time limit is set
by the sources for the reply ("及时"), so none is computed; open reports are listed oldest first.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import audit
from app.db.models import Case, Household
from app.db.models.supervision import RealNameReport
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.errors import ValidationError
from app.domain.idnumber import mask_phone
from app.domain.roles import Permission
from app.services.supervision.common import (
    Recorder,
    clean,
    entity_type,
    get_row,
    not_after_today,
    require_township,
    row_fields,
)

STATUS_OPEN = "OPEN"
STATUS_VERIFIED = "VERIFIED"
STATUS_REPLIED = "REPLIED"
STATUS_LABELS: Mapping[str, str] = MappingProxyType(
    {STATUS_OPEN: "待核实", STATUS_VERIFIED: "已核实待反馈", STATUS_REPLIED: "已反馈举报人"}
)
CHANNELS: Mapping[str, str] = MappingProxyType(
    {"PHONE": "电话", "LETTER": "信函", "VISIT": "来访", "ONLINE": "网络", "HOTLINE": "监督举报电话"}
)
REPLY_METHODS: Mapping[str, str] = MappingProxyType(
    {"PHONE": "电话", "LETTER": "书面", "IN_PERSON": "当面", "SMS": "短信"}
)


@dataclass(frozen=True, slots=True)
class ReportRow:
    id: str
    received_on: date
    channel: str
    channel_label: str
    reporter_name: str
    reporter_contact_masked: str
    township_code: str | None
    household_id: str | None
    case_id: str | None
    content: str
    status: str
    status_label: str
    verified_on: date | None
    verifier: str
    verification_result: str
    reply_on: date | None
    reply_method_label: str
    reply_text: str


def _row(r: RealNameReport) -> ReportRow:
    return ReportRow(
        id=str(r.id),
        received_on=r.received_on,
        channel=r.channel,
        channel_label=CHANNELS.get(r.channel, r.channel),
        reporter_name=r.reporter_name,
        reporter_contact_masked=mask_phone(r.reporter_contact) if r.reporter_contact else "",
        township_code=r.township_code,
        household_id=str(r.household_id) if r.household_id else None,
        case_id=str(r.case_id) if r.case_id else None,
        content=r.content,
        status=r.status,
        status_label=STATUS_LABELS.get(r.status, r.status),
        verified_on=r.verified_on,
        verifier=r.verifier,
        verification_result=r.verification_result,
        reply_on=r.reply_on,
        reply_method_label=REPLY_METHODS.get(r.reply_method, r.reply_method),
        reply_text=r.reply_text,
    )


def log_report(
    session: Session,
    actor: Actor,
    *,
    received_on: date,
    channel: str,
    reporter_name: str,
    content: str,
    clock: Clock,
    reporter_contact: str = "",
    case_id: str | None = None,
    township_code: str | None = None,
) -> ReportRow:
    """Log a real-name report (county reviewer). A report about a case names the case; otherwise a township."""
    actor.require(Permission.COUNTY_REVIEW)
    problems: list[str] = []
    if received_on > clock.today():
        problems.append("收到日期不能晚于今天")
    if channel not in CHANNELS:
        problems.append(f"举报方式应为 {'/'.join(CHANNELS)} 之一")
    if not reporter_name.strip():
        problems.append("实名举报须登记举报人姓名")
    if not content.strip():
        problems.append("请填写举报内容")
    if problems:
        raise ValidationError("举报不能登记：\n" + "\n".join(problems))
    household_id: uuid.UUID | None = None
    case_key: uuid.UUID | None = None
    town = township_code
    if case_id:
        case = get_row(session, Case, case_id, "案件")
        case_key, household_id, town = case.id, case.household_id, case.township_code
        if session.get(Household, case.household_id) is None:  # pragma: no cover - FK guarantees it
            raise ValidationError("案件的家庭不存在。")
    elif town:
        require_township(session, town)
    report = RealNameReport(
        id=uuid.uuid4(),
        received_on=received_on,
        channel=channel,
        reporter_name=reporter_name.strip()[:64],
        reporter_contact=reporter_contact.strip()[:64],
        township_code=town,
        household_id=household_id,
        case_id=case_key,
        content=clean(content, 2000),
        status=STATUS_OPEN,
        recorded_by=actor.user_id,
    )
    Recorder(session, actor, clock).create(
        report, "report.logged", {"channel": channel, "case_id": str(case_key) if case_key else None}
    )
    session.flush()
    return _row(report)


def record_report_verification(
    session: Session,
    actor: Actor,
    report_id: str,
    *,
    verified_on: date,
    verifier: str,
    result: str,
    clock: Clock,
) -> ReportRow:
    actor.require(Permission.COUNTY_REVIEW)
    report = get_row(session, RealNameReport, report_id, "举报")
    if report.status != STATUS_OPEN:
        raise ValidationError(f"该举报{STATUS_LABELS[report.status]}，不能重复登记核实结果。")
    not_after_today(verified_on, clock.today(), "核实日期")
    if verified_on < report.received_on:
        raise ValidationError("核实日期不能早于收到举报的日期。")
    if not verifier.strip() or not result.strip():
        raise ValidationError("请填写核实人员和核实结果。")
    before = row_fields(report)
    report.status = STATUS_VERIFIED
    report.verified_on = verified_on
    report.verifier = verifier.strip()[:64]
    report.verification_result = clean(result, 2000)
    Recorder(session, actor, clock).patch(report, before, "report.verified", {})
    session.flush()
    return _row(report)


def record_report_reply(
    session: Session, actor: Actor, report_id: str, *, reply_on: date, method: str, text: str, clock: Clock
) -> ReportRow:
    """The feedback to the reporter, which closes the report."""
    actor.require(Permission.COUNTY_REVIEW)
    report = get_row(session, RealNameReport, report_id, "举报")
    if report.status != STATUS_VERIFIED:
        raise ValidationError(
            "须先登记核实结果，再反馈举报人。" if report.status == STATUS_OPEN else "该举报已经反馈。"
        )
    not_after_today(reply_on, clock.today(), "反馈日期")
    if report.verified_on is not None and reply_on < report.verified_on:
        raise ValidationError("反馈日期不能早于核实日期。")
    if method not in REPLY_METHODS:
        raise ValidationError(f"反馈方式应为 {'/'.join(REPLY_METHODS)} 之一。")
    if not text.strip():
        raise ValidationError("请填写反馈内容。")
    before = row_fields(report)
    report.status = STATUS_REPLIED
    report.reply_on = reply_on
    report.reply_method = method
    report.reply_text = clean(text, 2000)
    Recorder(session, actor, clock).patch(report, before, "report.replied", {"method": method})
    session.flush()
    return _row(report)


def list_reports(session: Session, actor: Actor, *, open_only: bool = False) -> tuple[ReportRow, ...]:
    """Reports oldest first; ``open_only`` = not yet replied to."""
    actor.require(Permission.COUNTY_REVIEW)
    stmt = select(RealNameReport)
    if open_only:
        stmt = stmt.where(RealNameReport.status != STATUS_REPLIED)
    return tuple(
        _row(r) for r in session.scalars(stmt.order_by(RealNameReport.received_on, RealNameReport.created_at))
    )


def reveal_reporter_contact(session: Session, actor: Actor, report_id: str, *, clock: Clock) -> str:
    """The reporter's full contact, for replying (DOMAIN §13: lists show it masked). The audit row records who looked,
    never the contact itself."""
    actor.require(Permission.COUNTY_REVIEW)
    report = get_row(session, RealNameReport, report_id, "举报")
    audit.append(
        session,
        actor,
        "report.contact_revealed",
        at=clock.now(),
        entity_type=entity_type(report),
        entity_id=str(report.id),
        details={},
    )
    return report.reporter_contact
