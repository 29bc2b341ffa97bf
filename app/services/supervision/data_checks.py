"""信息核对 (seed 三(一)3; DOMAIN §6.2, §8.5): the township requests, the county reports, the township settles anomalies.

* :func:`request_data_check` — township staff. Drives the case's REQUEST_DATA_CHECK action (which opens the statutory
  ``deadline.data_check`` clock on the work calendar) and files a request addressed to the county that must do the
  check: for a 人户分离 family the registration county (the registration township must ask within
  ``deadline.renhu_fenli_check_request`` working days of hearing from the residence township; that clock is opened at
  acceptance by the workflow and closed here).
* :func:`record_data_check_report` — county reviewer. Records the report (items checked, anomalies, conclusion, an
  optional PDF scan stored as an Attachment of the case) and drives RECORD_DATA_CHECK, so the report reaches the
  township's case through the same outbox as every change.
* :func:`resolve_anomaly` — township staff. Each anomaly is explained or marked as fed into the assessment; until
  then ``app.services.workflow.apply_action`` refuses APPROVE and DENY (see ``anomalies``).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.changelog import record_change
from app.db.models import Attachment, Case, CaseDeadline, Division, Household, Person
from app.db.models.supervision import DataCheckAnomaly, DataCheckReport, DataCheckRequest
from app.db.models.workflow import DEADLINE_OPEN
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.errors import InvalidTransition, RecusalRequired, ValidationError
from app.domain.idnumber import mask_id_number
from app.domain.roles import Permission
from app.services import workflow
from app.services.deadline_board import DISPLAY_LABELS, due_soon_threshold, open_status
from app.services.supervision.anomalies import (
    RESOLUTION_EXPLAINED,
    RESOLUTION_IN_ASSESSMENT,
    RESOLUTION_LABELS,
    RESOLUTION_OPEN,
)
from app.services.supervision.common import (
    TOWNSHIP_STAFF,
    Recorder,
    clean,
    dumps,
    get_row,
    loads_list,
    not_after_today,
    require_any,
    require_same_township,
    row_fields,
    township_scope,
)
from app.workflow.calendar import WorkCalendar
from app.workflow.deadlines import Step
from app.workflow.rules import RuleReader
from app.workflow.states import Action, CaseState

# DOMAIN §8.5 核对项目 (L1 Art. 41 lists the departments).
CHECK_ITEMS: tuple[str, ...] = (
    "户籍",
    "社保",
    "税务",
    "不动产",
    "车辆",
    "市场主体/企业",
    "公积金",
    "存款",
    "证券",
    "保险",
    "支付机构",
)
REQUEST_OPEN = "OPEN"
REQUEST_REPORTED = "REPORTED"
PDF_MAGIC = b"%PDF-"
SCAN_KIND = "SCAN"
SCAN_CATEGORY = "DATA_CHECK"


class Conclusion(StrEnum):
    PASS = "PASS"
    FAIL = "FAIL"
    UNCLEAR = "UNCLEAR"


CONCLUSION_LABELS: Mapping[Conclusion, str] = MappingProxyType(
    {Conclusion.PASS: "符合", Conclusion.FAIL: "不符合", Conclusion.UNCLEAR: "待核"}
)


class Resolution(StrEnum):
    EXPLAINED = RESOLUTION_EXPLAINED
    IN_ASSESSMENT = RESOLUTION_IN_ASSESSMENT


@dataclass(frozen=True, slots=True)
class AnomalyInput:
    item: str
    description: str
    value_text: str = ""


@dataclass(frozen=True, slots=True)
class DataCheckRequestRow:
    id: str
    case_id: str
    township_code: str
    county_code: str
    renhu_fenli: bool
    requested_on: date
    due_on: date
    provisional: bool
    status: str  # OPEN | REPORTED
    time_status: str  # ON_TIME | DUE_SOON | OVERDUE while open; REPORTED once reported
    time_status_label: str
    reported_on: date | None
    late: bool
    working_days_left: int | None
    # Who and where, for the county's worklist (the ID number masked): filled by list_data_check_requests.
    township_name: str = ""
    head_name: str = ""
    head_id_masked: str = ""


@dataclass(frozen=True, slots=True)
class AnomalyView:
    id: str
    ordinal: int
    item: str
    description: str
    value_text: str
    resolution: str
    resolution_label: str
    resolution_note: str
    resolved_on: date | None


@dataclass(frozen=True, slots=True)
class DataCheckReportView:
    id: str
    request_id: str
    case_id: str
    report_no: str
    issued_on: date
    received_on: date
    items: tuple[str, ...]
    conclusion: Conclusion
    conclusion_label: str
    conclusion_text: str
    scan_attachment_id: str | None
    anomalies: tuple[AnomalyView, ...]

    @property
    def open_anomalies(self) -> int:
        return sum(1 for a in self.anomalies if a.resolution == RESOLUTION_OPEN)


# --------------------------------------------------------------------------------------------------- request


def _county_of(case: Case, household: Household | None) -> tuple[str, bool]:
    renhu = bool(household and household.is_renhu_fenli)
    if renhu and household is not None and household.hukou_division_code:
        return household.hukou_division_code[:6], True
    return case.township_code[:6], renhu


def _request_row(
    request: DataCheckRequest,
    *,
    calendar: WorkCalendar,
    threshold: int,
    today: date,
    township_name: str = "",
    head: tuple[str, str] = ("", ""),
) -> DataCheckRequestRow:
    left: int | None = None
    if request.status == REQUEST_OPEN:
        clock = open_status(request.due_on, today, threshold, calendar)
        time_status, left = clock.status.value, clock.working_days_left
        late = today > request.due_on
        label = DISPLAY_LABELS[time_status]
    else:
        time_status = REQUEST_REPORTED
        late = request.reported_on is not None and request.reported_on > request.due_on
        label = "已出具报告" + ("（超期）" if late else "")
    return DataCheckRequestRow(
        id=str(request.id),
        case_id=str(request.case_id),
        township_code=request.township_code,
        county_code=request.county_code,
        renhu_fenli=request.renhu_fenli,
        requested_on=request.requested_on,
        due_on=request.due_on,
        provisional=request.provisional,
        status=request.status,
        time_status=time_status,
        time_status_label=label,
        reported_on=request.reported_on,
        late=late,
        working_days_left=left,
        township_name=township_name,
        head_name=head[0],
        head_id_masked=head[1],
    )


def _file_request(
    session: Session, rec: Recorder, case: Case, deadline: CaseDeadline, requested_by: str
) -> DataCheckRequest:
    household = session.get(Household, case.household_id)
    county, renhu = _county_of(case, household)
    request = DataCheckRequest(
        id=uuid.uuid4(),
        case_id=case.id,
        township_code=case.township_code,
        county_code=county,
        renhu_fenli=renhu,
        requested_on=deadline.started_on,
        requested_by=requested_by,
        due_on=deadline.due_on,
        provisional=deadline.provisional,
        rule_version=deadline.rule_version,
        calendar_version=deadline.calendar_version,
        status=REQUEST_OPEN,
    )
    rec.create(
        request,
        "data_check.requested",
        {"case_id": str(case.id), "county_code": county, "due_on": deadline.due_on.isoformat()},
    )
    return request


def _open_check_deadline(session: Session, case_id: uuid.UUID) -> CaseDeadline | None:
    return session.scalars(
        select(CaseDeadline)
        .where(
            CaseDeadline.case_id == case_id,
            CaseDeadline.step == Step.DATA_CHECK.value,
            CaseDeadline.status == DEADLINE_OPEN,
        )
        .order_by(CaseDeadline.started_on.desc())
        .limit(1)
    ).first()


def _open_request(session: Session, case_id: uuid.UUID) -> DataCheckRequest | None:
    return session.scalars(
        select(DataCheckRequest)
        .where(DataCheckRequest.case_id == case_id, DataCheckRequest.status == REQUEST_OPEN)
        .order_by(DataCheckRequest.requested_on.desc())
        .limit(1)
    ).first()


def request_data_check(
    session: Session,
    actor: Actor,
    case_id: str,
    *,
    clock: Clock,
    calendar: WorkCalendar,
    rules: RuleReader,
    on_date: date | None = None,
) -> DataCheckRequestRow:
    """The township asks for the county cross-check; due ``deadline.data_check`` working days after ``on_date``."""
    require_any(actor, *TOWNSHIP_STAFF)
    case = workflow.load_case(session, case_id)
    require_same_township(session, actor, case.township_code)
    workflow.apply_action(
        session,
        actor,
        case_id,
        Action.REQUEST_DATA_CHECK,
        clock=clock,
        calendar=calendar,
        rules=rules,
        on_date=on_date,
    )
    deadline = _open_check_deadline(session, case.id)
    if deadline is None:  # pragma: no cover - REQUEST_DATA_CHECK always opens it
        raise ValidationError("信息核对期限未能建立，请重试。")
    request = _file_request(session, Recorder(session, actor, clock), case, deadline, actor.user_id)
    session.flush()
    return _request_row(
        request, calendar=calendar, threshold=due_soon_threshold(rules, clock.today()), today=clock.today()
    )


def list_data_check_requests(
    session: Session,
    actor: Actor,
    *,
    calendar: WorkCalendar,
    rules: RuleReader,
    today: date,
    open_only: bool = True,
    county_code: str | None = None,
    township_code: str | None = None,
) -> tuple[DataCheckRequestRow, ...]:
    """The county's worklist (every township) or a township's own requests, earliest due first."""
    actor.require(Permission.VIEW_CASES)
    scope = township_scope(session, actor, township_code)
    stmt = select(DataCheckRequest)
    if open_only:
        stmt = stmt.where(DataCheckRequest.status == REQUEST_OPEN)
    if scope:
        stmt = stmt.where(DataCheckRequest.township_code == scope)
    if county_code:
        stmt = stmt.where(DataCheckRequest.county_code == county_code)
    threshold = due_soon_threshold(rules, today)
    requests = list(session.scalars(stmt.order_by(DataCheckRequest.due_on, DataCheckRequest.case_id)))
    names = _township_names(session, {r.township_code for r in requests})
    heads = _case_heads(session, {r.case_id for r in requests})
    return tuple(
        _request_row(
            r,
            calendar=calendar,
            threshold=threshold,
            today=today,
            township_name=names.get(r.township_code, r.township_code),
            head=heads.get(r.case_id, ("", "")),
        )
        for r in requests
    )


def _township_names(session: Session, codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    rows = session.execute(select(Division.code, Division.name).where(Division.code.in_(codes)))
    return {code: name for code, name in rows}


def _case_heads(session: Session, case_ids: set[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str]]:
    """Case → (head's name, head's masked ID number), the head first, else the first member."""
    heads: dict[uuid.UUID, tuple[str, str]] = {}
    ids = list(case_ids)
    for start in range(0, len(ids), 500):
        for case_id, name, number in session.execute(
            select(Case.id, Person.name, Person.id_number)
            .join(Person, Person.household_id == Case.household_id)
            .where(Case.id.in_(ids[start : start + 500]))
            .order_by(Case.id, Person.is_head.desc(), Person.ordinal)
        ):
            if case_id not in heads:
                heads[case_id] = (name, mask_id_number(number) if number else "（无证件号）")
    return heads


# --------------------------------------------------------------------------------------------------- report


def _check_report_input(
    report_no: str,
    issued_on: date,
    received_on: date,
    items: Sequence[str],
    anomalies: Sequence[AnomalyInput],
    conclusion: Conclusion,
    conclusion_text: str,
    scan: bytes | None,
    today: date,
) -> tuple[str, ...]:
    problems: list[str] = []
    if not report_no.strip():
        problems.append("请填写报告编号")
    if issued_on > today:
        problems.append(f"出具日期 {issued_on.isoformat()} 不能晚于今天")
    if received_on < issued_on:
        problems.append("收到日期不能早于出具日期")
    chosen = tuple(dict.fromkeys(i.strip() for i in items if i.strip()))
    if not chosen:
        problems.append("请至少选择一个核对项目")
    unknown = [i for i in chosen if i not in CHECK_ITEMS]
    if unknown:
        problems.append(f"核对项目“{'、'.join(unknown)}”无法识别，可选：{'、'.join(CHECK_ITEMS)}")
    for n, anomaly in enumerate(anomalies, start=1):
        if not anomaly.item.strip() or not anomaly.description.strip():
            problems.append(f"第 {n} 项异常：请填写项目和异常情况")
    if conclusion is not Conclusion.PASS and not conclusion_text.strip():
        problems.append(f"结论为“{CONCLUSION_LABELS[conclusion]}”时请写明理由")
    if scan is not None and not scan.startswith(PDF_MAGIC):
        problems.append("报告扫描件应为 PDF 文件")
    if problems:
        raise ValidationError("核对报告不能登记：\n" + "\n".join(problems))
    return chosen


def record_data_check_report(
    session: Session,
    actor: Actor,
    case_id: str,
    *,
    report_no: str,
    issued_on: date,
    items: Sequence[str],
    anomalies: Sequence[AnomalyInput],
    conclusion: Conclusion,
    clock: Clock,
    calendar: WorkCalendar,
    rules: RuleReader,
    conclusion_text: str = "",
    scan: bytes | None = None,
    received_on: date | None = None,
) -> DataCheckReportView:
    """The county reviewer records the report; the case's data-check lane becomes DATA_CHECKED."""
    actor.require(Permission.COUNTY_REVIEW)
    today = clock.today()
    received = received_on or today
    not_after_today(received, today, "收到日期")
    chosen = _check_report_input(
        report_no, issued_on, received, items, anomalies, conclusion, conclusion_text, scan, today
    )
    case = workflow.load_case(session, case_id)
    if case.data_check_state != CaseState.DATA_CHECK_REQUESTED.value:
        raise InvalidTransition(
            state=workflow.case_status(case).label, action="登记县级核对报告", required="乡镇先申请信息核对"
        )
    rec = Recorder(session, actor, clock)
    request = _open_request(session, case.id)
    if request is None:
        # Requested through the plain case action (e.g. the desktop button): file the request from its clock.
        deadline = _open_check_deadline(session, case.id)
        if deadline is None:
            raise ValidationError("本案没有未办结的信息核对期限，无法登记报告。")
        request = _file_request(session, rec, case, deadline, "")
    workflow.apply_action(
        session,
        actor,
        case_id,
        Action.RECORD_DATA_CHECK,
        clock=clock,
        calendar=calendar,
        rules=rules,
        on_date=received,
    )
    scan_id: uuid.UUID | None = None
    if scan is not None:
        digest = hashlib.sha256(scan).hexdigest()
        attachment = Attachment(
            id=uuid.uuid4(),
            case_id=case.id,
            kind=SCAN_KIND,
            category=SCAN_CATEGORY,
            caption=f"核对报告 {report_no.strip()}"[:200],
            mime="application/pdf",
            sha256=digest,
            size=len(scan),
            data=scan,
        )
        session.add(attachment)
        session.flush()
        fields = row_fields(attachment)
        fields.pop("data", None)  # the bytes travel as a content-addressed blob, not in the change
        record_change(
            session,
            actor,
            at=rec.at,
            entity_type="attachment",
            entity_id=str(attachment.id),
            op="create",
            fields=fields,
            audit_action="attachment.added",
            audit_details={"kind": SCAN_KIND, "sha256": digest, "size": len(scan)},
        )
        rec.count += 1
        scan_id = attachment.id
    report = DataCheckReport(
        id=uuid.uuid4(),
        request_id=request.id,
        case_id=case.id,
        report_no=report_no.strip()[:64],
        issued_on=issued_on,
        received_on=received,
        items_json=dumps(list(chosen)),
        conclusion=conclusion.value,
        conclusion_text=conclusion_text.strip()[:2000],
        scan_attachment_id=scan_id,
        recorded_by=actor.user_id,
    )
    rec.create(
        report,
        "data_check.reported",
        {
            "case_id": str(case.id),
            "report_no": report.report_no,
            "conclusion": conclusion.value,
            "anomalies": len(anomalies),
        },
    )
    for ordinal, given in enumerate(anomalies, start=1):
        rec.create(
            DataCheckAnomaly(
                id=uuid.uuid4(),
                report_id=report.id,
                case_id=case.id,
                ordinal=ordinal,
                item=given.item.strip()[:32],
                description=given.description.strip()[:400],
                value_text=given.value_text.strip()[:200],
                resolution=RESOLUTION_OPEN,
            ),
            "data_check.anomaly",
            {"case_id": str(case.id), "report_id": str(report.id), "ordinal": ordinal},
        )
    before = row_fields(request)
    request.status = REQUEST_REPORTED
    request.reported_on = received
    rec.patch(request, before, "data_check.request_reported", {"case_id": str(case.id)})
    session.flush()
    return _report_view(session, report)


def resolve_anomaly(
    session: Session,
    actor: Actor,
    anomaly_id: str,
    *,
    resolution: Resolution,
    note: str,
    clock: Clock,
    on_date: date | None = None,
) -> AnomalyView:
    """The township explains an anomaly, or records that the assessment takes it into account."""
    require_any(actor, *TOWNSHIP_STAFF)
    anomaly = get_row(session, DataCheckAnomaly, anomaly_id, "异常项")
    case = workflow.load_case(session, str(anomaly.case_id))
    require_same_township(session, actor, case.township_code)
    if actor.user_id in workflow.blocked_user_ids(session, case.household_id):
        raise RecusalRequired(action="说明核对异常")
    if anomaly.resolution != RESOLUTION_OPEN:
        raise ValidationError(f"该异常已{RESOLUTION_LABELS[anomaly.resolution]}，不能重复处理。")
    if not note.strip():
        raise ValidationError("请写明说明内容，或计入评估的方式（哪一项收入或财产）。")
    on = on_date or clock.today()
    not_after_today(on, clock.today(), "处理日期")
    before = row_fields(anomaly)
    anomaly.resolution = resolution.value
    anomaly.resolution_note = clean(note, 1000)
    anomaly.resolved_on = on
    anomaly.resolved_by = actor.user_id
    Recorder(session, actor, clock).patch(
        anomaly,
        before,
        "data_check.anomaly_resolved",
        {"case_id": str(case.id), "resolution": resolution.value},
    )
    session.flush()
    return _anomaly_view(anomaly)


# --------------------------------------------------------------------------------------------------- views


def _anomaly_view(a: DataCheckAnomaly) -> AnomalyView:
    return AnomalyView(
        id=str(a.id),
        ordinal=a.ordinal,
        item=a.item,
        description=a.description,
        value_text=a.value_text,
        resolution=a.resolution,
        resolution_label=RESOLUTION_LABELS.get(a.resolution, a.resolution),
        resolution_note=a.resolution_note,
        resolved_on=a.resolved_on,
    )


def _report_view(session: Session, report: DataCheckReport) -> DataCheckReportView:
    anomalies = session.scalars(
        select(DataCheckAnomaly)
        .where(DataCheckAnomaly.report_id == report.id)
        .order_by(DataCheckAnomaly.ordinal)
    )
    conclusion = Conclusion(report.conclusion)
    return DataCheckReportView(
        id=str(report.id),
        request_id=str(report.request_id),
        case_id=str(report.case_id),
        report_no=report.report_no,
        issued_on=report.issued_on,
        received_on=report.received_on,
        items=tuple(loads_list(report.items_json)),
        conclusion=conclusion,
        conclusion_label=CONCLUSION_LABELS[conclusion],
        conclusion_text=report.conclusion_text,
        scan_attachment_id=str(report.scan_attachment_id) if report.scan_attachment_id else None,
        anomalies=tuple(_anomaly_view(a) for a in anomalies),
    )


def case_data_checks(session: Session, actor: Actor, case_id: str) -> tuple[DataCheckReportView, ...]:
    """The reports of one case, oldest first, with their anomalies: what the township's case view shows."""
    actor.require(Permission.VIEW_CASES)
    case = workflow.load_case(session, case_id)
    require_same_township(session, actor, case.township_code)
    reports = session.scalars(
        select(DataCheckReport)
        .where(DataCheckReport.case_id == case.id)
        .order_by(DataCheckReport.issued_on, DataCheckReport.created_at)
    )
    return tuple(_report_view(session, r) for r in reports)
