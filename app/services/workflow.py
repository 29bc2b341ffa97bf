"""Driving a case through the statutory process (DOMAIN §6.2): the persistence side of ``app.workflow.states``.

``apply_action`` reads the case into a ``CaseSnapshot``, lets ``plan_transition`` decide (recusal, state, role,
guards), checks what only the store knows (an assessment before approval), computes every deadline it will open, and
only then writes: the case's status lanes, closed and opened deadline rows, tasks, the one-time notice, the assessment
or the decision. Every changed row gets exactly one ``record_change`` (audit event + outbox entry) in the caller's
transaction; nothing here commits. A refused action raises before the first write.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.changelog import record_change
from app.db.models import (
    Case,
    CaseAssessment,
    CaseDeadline,
    CaseDecision,
    CaseTask,
    Household,
    MissingMaterialItem,
    NearRelativeFiling,
    Person,
    User,
)
from app.db.models.workflow import (
    DEADLINE_CANCELLED,
    DEADLINE_DONE,
    DEADLINE_OPEN,
    DEADLINE_SUPERSEDED,
    TASK_CANCELLED,
    TASK_DONE,
    TASK_OPEN,
)
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.errors import InvalidTransition, NotFound, RecusalRequired, ValidationError
from app.domain.money import to_fen
from app.domain.roles import Permission
from app.services.supervision.anomalies import anomaly_requirement, unexplained_anomalies
from app.workflow.assessment import AssessmentInput, IncomeItem, Member, income_window
from app.workflow.benefit import BenefitDecision, compute_benefit
from app.workflow.calendar import WorkCalendar
from app.workflow.deadlines import Deadline, Step, compute_deadline
from app.workflow.payments import first_payment_month
from app.workflow.rules import AreaType, IncomeCategory, RuleReader, YearMonth
from app.workflow.states import (
    STATE_LABELS,
    Action,
    CaseSnapshot,
    CaseState,
    CaseStatus,
    TaskKind,
    TransitionInput,
    TransitionPlan,
    plan_transition,
)

ENTITY_CASE = "case"
ENTITY_DEADLINE = "case_deadline"
ENTITY_TASK = "case_task"
ENTITY_MATERIAL = "missing_material_item"
ENTITY_ASSESSMENT = "case_assessment"
ENTITY_DECISION = "case_decision"
ENTITY_FILING = "near_relative_filing"

RESULT_APPROVED = "APPROVED"
RESULT_DENIED = "DENIED"
RESULT_LABELS = {RESULT_APPROVED: "确认同意", RESULT_DENIED: "不予同意"}

_ACCEPTING = frozenset({Action.SUBMIT_WINDOW, Action.ACCEPT_ONLINE, Action.COMPLETE_MATERIALS})
# States in which the case has left the process: its clocks are cancelled rather than done.
_LEFT_PROCESS = frozenset({CaseState.WITHDRAWN, CaseState.TERMINATED_NONCOOPERATION})
# Tasks a later action settles by itself.
_TASKS_DONE_BY: dict[Action, frozenset[TaskKind]] = {
    Action.REQUEST_DATA_CHECK: frozenset({TaskKind.RENHU_FENLI_CHECK_REQUEST}),
    Action.END_PUBLICITY: frozenset({TaskKind.POST_NOTICE}),
    Action.REFER_DEMOCRATIC_REVIEW: frozenset({TaskKind.POST_NOTICE}),
    Action.ACTIVATE: frozenset({TaskKind.ISSUE_CERTIFICATE}),
}
_COUNTY_TASKS = frozenset({TaskKind.COUNTY_FIELD_CHECK})
SCOPE_COUNTY = "COUNTY"
SCOPE_TOWNSHIP = "TOWNSHIP"


# --------------------------------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class OpenedDeadline:
    deadline_id: str
    step: Step
    started_on: date
    due_on: date
    provisional: bool


@dataclass(frozen=True, slots=True)
class CreatedTask:
    task_id: str
    kind: TaskKind
    label: str
    scope: str


@dataclass(frozen=True, slots=True)
class TransitionResult:
    case_id: str
    action: Action
    action_label: str
    before: CaseStatus
    after: CaseStatus
    on_date: date
    opened: tuple[OpenedDeadline, ...]
    closed: tuple[Step, ...]
    tasks: tuple[CreatedTask, ...]
    assessment_id: str | None = None
    decision_id: str | None = None
    # Audit events (= outbox entries) written: one per changed row.
    changes: int = 0

    @property
    def message(self) -> str:
        return f"{self.action_label}：{self.before.label} → {self.after.label}"


# --------------------------------------------------------------------------------------------------- loading


def parse_case_id(case_id: str) -> uuid.UUID:
    try:
        return uuid.UUID(case_id)
    except ValueError:
        raise ValidationError(f"案件编号“{case_id}”格式不对。") from None


def load_case(session: Session, case_id: str) -> Case:
    case = session.get(Case, parse_case_id(case_id))
    if case is None:
        raise NotFound(what=f"案件 {case_id}")
    return case


def case_status(case: Case) -> CaseStatus:
    lane = CaseState(case.data_check_state) if case.data_check_state else None
    return CaseStatus(CaseState(case.state), lane)


def blocked_user_ids(session: Session, household_id: uuid.UUID) -> frozenset[str]:
    return frozenset(
        session.scalars(
            select(NearRelativeFiling.staff_user_id).where(NearRelativeFiling.household_id == household_id)
        )
    )


def snapshot_of(session: Session, case: Case) -> CaseSnapshot:
    household = session.get(Household, case.household_id)
    blocked = blocked_user_ids(session, case.household_id)
    return CaseSnapshot(
        case_id=str(case.id),
        status=case_status(case),
        renhu_fenli=bool(household and household.is_renhu_fenli),
        applied_at_residence=case.applied_at_residence,
        near_relative=case.near_relative_flag or bool(blocked),
        blocked_user_ids=blocked,
        county_field_check_scheduled=case.county_field_check_scheduled,
        publicity_ends_on=case.publicity_ends_on,
    )


def latest_assessment(session: Session, case_id: uuid.UUID) -> CaseAssessment | None:
    return session.scalars(
        select(CaseAssessment)
        .where(CaseAssessment.case_id == case_id)
        .order_by(CaseAssessment.assessed_on.desc(), CaseAssessment.created_at.desc())
        .limit(1)
    ).first()


def approval_decision(session: Session, case_id: uuid.UUID) -> CaseDecision | None:
    return session.scalars(
        select(CaseDecision)
        .where(CaseDecision.case_id == case_id, CaseDecision.result == RESULT_APPROVED)
        .order_by(CaseDecision.decided_on.desc(), CaseDecision.created_at.desc())
        .limit(1)
    ).first()


# --------------------------------------------------------------------------------------------------- the action


class _Writer:
    """Counts the audit/outbox pairs one service call writes."""

    def __init__(self, session: Session, actor: Actor, clock: Clock) -> None:
        self.session = session
        self.actor = actor
        self.at = clock.now()
        self.count = 0

    def change(
        self,
        entity_type: str,
        entity_id: uuid.UUID,
        op: str,
        fields: dict[str, Any],
        audit_action: str,
        details: dict[str, Any],
        *,
        before: dict[str, Any] | None = None,
        base_rev: int | None = None,
    ) -> None:
        record_change(
            self.session,
            self.actor,
            at=self.at,
            entity_type=entity_type,
            entity_id=str(entity_id),
            op=op,
            fields=fields,
            before=before,
            base_rev=base_rev,
            audit_action=audit_action,
            audit_details=details,
        )
        self.count += 1


def _check_date(case: Case, on: date, today: date) -> None:
    if on > today:
        raise ValidationError(f"办理日期 {on.isoformat()} 不能晚于今天（{today.isoformat()}）。")
    if case.state_changed_on is not None and on < case.state_changed_on:
        raise ValidationError(
            f"办理日期 {on.isoformat()} 早于本案上一步的办理日期 {case.state_changed_on.isoformat()}，请核对。"
        )


def _require_assessment(
    plan: TransitionPlan, assessment: AssessmentInput | None, case_id: str
) -> AssessmentInput:
    if assessment is None:
        raise InvalidTransition(
            state=plan.before.label,
            action=plan.action_label,
            required="录入家庭成员、收入和财产，计算家庭经济状况",
        )
    if assessment.case_id != case_id:
        raise ValidationError("评估数据不属于本案，请重新录入。", case=case_id)
    return assessment


def _require_eligible(session: Session, case: Case, plan: TransitionPlan) -> CaseAssessment:
    found = latest_assessment(session, case.id)
    if found is None:
        raise InvalidTransition(
            state=plan.before.label, action=plan.action_label, required="完成家庭经济状况评估并计算保障金额"
        )
    if found.amount_fen <= 0 or found.classification not in {"DIBAO", "SINGLE_PERSON"}:
        raise InvalidTransition(
            state=plan.before.label,
            action=plan.action_label,
            required="家庭经济状况评估结果为符合保障条件（当前评估结果为不符合，请作出不予同意决定或重新评估）",
        )
    return found


def apply_action(
    session: Session,
    actor: Actor,
    case_id: str,
    action: Action,
    *,
    clock: Clock,
    calendar: WorkCalendar,
    rules: RuleReader,
    inputs: TransitionInput | None = None,
    assessment: AssessmentInput | None = None,
    on_date: date | None = None,
) -> TransitionResult:
    """Perform ``action`` on the case as ``actor``; ``on_date`` is the day it happened (default today, never later).

    Raises ``InvalidTransition`` (Chinese message naming the current state and what must come first),
    ``PermissionDenied``, ``RecusalRequired`` or ``ValidationError`` before anything is written.
    """
    case = load_case(session, case_id)
    today = clock.today()
    on = on_date or today
    _check_date(case, on, today)
    given = inputs or TransitionInput()
    snapshot = snapshot_of(session, case)
    plan = plan_transition(snapshot, action, actor.role, on, actor_id=actor.user_id, inputs=given)
    # The county data check's anomalies are settled before any decision (DOMAIN §8.5; county supervision hook).
    if action in (Action.APPROVE, Action.DENY) and (pending := unexplained_anomalies(session, case.id)):
        raise InvalidTransition(
            state=plan.before.label, action=plan.action_label, required=anomaly_requirement(pending)
        )

    # Everything that can still refuse or fail is worked out before the first write.
    benefit: BenefitDecision | None = None
    if action is Action.ASSESS:
        benefit = compute_benefit(_require_assessment(plan, assessment, str(case.id)), rules, on)
    basis: CaseAssessment | None = None
    if action is Action.APPROVE:
        basis = _require_eligible(session, case, plan)
    elif action is Action.DENY:
        basis = latest_assessment(session, case.id)
    start_month = first_payment_month(on, rules) if action is Action.APPROVE else None
    ending = approval_decision(session, case.id) if action is Action.TERMINATE else None
    computed = [
        compute_deadline(opening.step, opening.start_on, rules, calendar, today) for opening in plan.opens
    ]

    writer = _Writer(session, actor, clock)
    # The case's own change first, so its timeline reads: the step, then the clocks and tasks it moved.
    before = _case_fields(case)
    case.state = plan.after.state.value
    case.data_check_state = plan.after.data_check.value if plan.after.data_check else None
    case.state_changed_on = on
    if action in _ACCEPTING:
        case.accepted_on = on
    for_publicity = next((d for d in computed if d.step is Step.PUBLICITY), None)
    if for_publicity is not None:
        case.publicity_ends_on = for_publicity.due_on
    if any(t.kind is TaskKind.COUNTY_FIELD_CHECK for t in plan.tasks):
        case.county_field_check_scheduled = True
    if action is Action.APPROVE and basis is not None:
        case.monthly_amount_fen = basis.amount_fen
    case.state_detail_json = json.dumps(
        {"action": action.value, "on": on.isoformat(), "reason": plan.reason}, ensure_ascii=False
    )
    after = _case_fields(case)
    writer.change(
        ENTITY_CASE,
        case.id,
        "patch",
        {k: v for k, v in after.items() if before.get(k) != v} | {"last_action": action.value},
        "case.transition",
        {
            "action": action.value,
            "from": plan.before.state.value,
            "to": plan.after.state.value,
            "from_lane": plan.before.data_check.value if plan.before.data_check else None,
            "to_lane": plan.after.data_check.value if plan.after.data_check else None,
            "on_date": on.isoformat(),
        },
        before={k: v for k, v in before.items() if after.get(k) != v},
        base_rev=case.server_rev,
    )

    _close_deadlines(session, writer, case, plan)
    opened = [_open_deadline(session, writer, case, d) for d in computed]
    tasks = _settle_tasks(session, writer, case, plan)
    assessment_row: CaseAssessment | None = None
    decision_row: CaseDecision | None = None
    if action is Action.REQUEST_MATERIALS:
        _list_missing_items(session, writer, case, plan)
    elif action is Action.COMPLETE_MATERIALS:
        _receive_missing_items(session, writer, case, on)
    elif benefit is not None:
        assessment_row = _store_assessment(session, writer, case, benefit, on)
    elif action in (Action.APPROVE, Action.DENY):
        decision_row = _store_decision(session, writer, case, plan, basis, start_month)
    elif ending is not None:
        _end_decision(writer, ending, on)
    session.flush()
    return TransitionResult(
        case_id=str(case.id),
        action=action,
        action_label=plan.action_label,
        before=plan.before,
        after=plan.after,
        on_date=on,
        opened=tuple(opened),
        closed=plan.closes,
        tasks=tuple(tasks),
        assessment_id=str(assessment_row.id) if assessment_row else None,
        decision_id=str(decision_row.id) if decision_row else None,
        changes=writer.count,
    )


def _case_fields(case: Case) -> dict[str, Any]:
    return {
        "state": case.state,
        "data_check_state": case.data_check_state,
        "state_changed_on": case.state_changed_on.isoformat() if case.state_changed_on else None,
        "accepted_on": case.accepted_on.isoformat() if case.accepted_on else None,
        "publicity_ends_on": case.publicity_ends_on.isoformat() if case.publicity_ends_on else None,
        "county_field_check_scheduled": case.county_field_check_scheduled,
        "monthly_amount_fen": case.monthly_amount_fen,
        "state_detail_json": case.state_detail_json,
    }


def _open_rows(session: Session, case: Case, steps: Iterable[Step]) -> list[CaseDeadline]:
    wanted = [s.value for s in steps]
    if not wanted:
        return []
    return list(
        session.scalars(
            select(CaseDeadline)
            .where(
                CaseDeadline.case_id == case.id,
                CaseDeadline.status == DEADLINE_OPEN,
                CaseDeadline.step.in_(wanted),
            )
            .order_by(CaseDeadline.started_on)
        )
    )


def _close_deadlines(session: Session, writer: _Writer, case: Case, plan: TransitionPlan) -> None:
    end = DEADLINE_CANCELLED if plan.after.state in _LEFT_PROCESS else DEADLINE_DONE
    closing = [(row, end) for row in _open_rows(session, case, plan.closes)]
    # A step started again (re-check, re-survey) replaces its running clock.
    restarting = {o.step for o in plan.opens} - set(plan.closes)
    closing += [(row, DEADLINE_SUPERSEDED) for row in _open_rows(session, case, restarting)]
    for row, status in closing:
        row.status = status
        row.done_on = plan.on_date
        writer.change(
            ENTITY_DEADLINE,
            row.id,
            "patch",
            {"status": status, "done_on": plan.on_date.isoformat()},
            "deadline.closed",
            {
                "case_id": str(case.id),
                "step": row.step,
                "status": status,
                "late": status == DEADLINE_DONE
                and row.step != Step.PUBLICITY.value
                and plan.on_date > row.due_on,
            },
            before={"status": DEADLINE_OPEN, "done_on": None},
            base_rev=row.server_rev,
        )


def _open_deadline(session: Session, writer: _Writer, case: Case, deadline: Deadline) -> OpenedDeadline:
    row = CaseDeadline(
        id=uuid.uuid4(),
        case_id=case.id,
        step=deadline.step.value,
        started_on=deadline.started_on,
        due_on=deadline.due_on,
        unit=deadline.unit.value,
        limit_days=deadline.limit,
        status=DEADLINE_OPEN,
        provisional=deadline.provisional,
        rule_version=deadline.rule_version,
        calendar_version=deadline.calendar_version,
    )
    session.add(row)
    writer.change(
        ENTITY_DEADLINE,
        row.id,
        "create",
        {
            "case_id": str(case.id),
            "step": row.step,
            "started_on": row.started_on.isoformat(),
            "due_on": row.due_on.isoformat(),
            "unit": row.unit,
            "limit_days": row.limit_days,
            "provisional": row.provisional,
            "rule_version": row.rule_version,
            "calendar_version": row.calendar_version,
        },
        "deadline.opened",
        {
            "case_id": str(case.id),
            "step": row.step,
            "due_on": row.due_on.isoformat(),
            "provisional": row.provisional,
        },
    )
    return OpenedDeadline(str(row.id), deadline.step, row.started_on, row.due_on, row.provisional)


def _settle_tasks(session: Session, writer: _Writer, case: Case, plan: TransitionPlan) -> list[CreatedTask]:
    open_tasks = list(
        session.scalars(select(CaseTask).where(CaseTask.case_id == case.id, CaseTask.status == TASK_OPEN))
    )
    settle = _TASKS_DONE_BY.get(plan.action, frozenset())
    leaving = plan.after.state in _LEFT_PROCESS
    for task in open_tasks:
        if not leaving and TaskKind(task.kind) not in settle:
            continue
        status = TASK_CANCELLED if leaving else TASK_DONE
        task.status = status
        task.done_on = plan.on_date
        writer.change(
            ENTITY_TASK,
            task.id,
            "patch",
            {"status": status, "done_on": plan.on_date.isoformat()},
            "task.cancelled" if leaving else "task.done",
            {"case_id": str(case.id), "kind": task.kind},
            before={"status": TASK_OPEN, "done_on": None},
            base_rev=task.server_rev,
        )
    still_open = {(t.kind, t.place) for t in open_tasks if t.status == TASK_OPEN}
    created: list[CreatedTask] = []
    for planned in plan.tasks:
        place = planned.place.value if planned.place else None
        if (planned.kind.value, place) in still_open:
            continue
        scope = SCOPE_COUNTY if planned.kind in _COUNTY_TASKS else SCOPE_TOWNSHIP
        task = CaseTask(
            id=uuid.uuid4(),
            case_id=case.id,
            kind=planned.kind.value,
            label=planned.label,
            place=place,
            scope=scope,
            status=TASK_OPEN,
            created_on=plan.on_date,
        )
        session.add(task)
        still_open.add((task.kind, place))
        writer.change(
            ENTITY_TASK,
            task.id,
            "create",
            {
                "case_id": str(case.id),
                "kind": task.kind,
                "label": task.label,
                "place": place,
                "scope": scope,
                "created_on": plan.on_date.isoformat(),
            },
            "task.created",
            {"case_id": str(case.id), "kind": task.kind, "scope": scope},
        )
        created.append(CreatedTask(str(task.id), planned.kind, planned.label, scope))
    return created


def _list_missing_items(session: Session, writer: _Writer, case: Case, plan: TransitionPlan) -> None:
    notice_id = uuid.uuid4()
    for ordinal, text in enumerate(plan.missing_items, start=1):
        item = MissingMaterialItem(
            id=uuid.uuid4(),
            case_id=case.id,
            notice_id=notice_id,
            ordinal=ordinal,
            description=text[:200],
            notified_on=plan.on_date,
        )
        session.add(item)
        writer.change(
            ENTITY_MATERIAL,
            item.id,
            "create",
            {
                "case_id": str(case.id),
                "notice_id": str(notice_id),
                "ordinal": ordinal,
                "description": item.description,
                "notified_on": plan.on_date.isoformat(),
            },
            "materials.listed",
            {"case_id": str(case.id), "notice_id": str(notice_id), "ordinal": ordinal},
        )


def _receive_missing_items(session: Session, writer: _Writer, case: Case, on: date) -> None:
    items = session.scalars(
        select(MissingMaterialItem)
        .where(MissingMaterialItem.case_id == case.id, MissingMaterialItem.received_on.is_(None))
        .order_by(MissingMaterialItem.notified_on, MissingMaterialItem.ordinal)
    )
    for item in items:
        item.received_on = on
        writer.change(
            ENTITY_MATERIAL,
            item.id,
            "patch",
            {"received_on": on.isoformat()},
            "materials.received",
            {"case_id": str(case.id), "ordinal": item.ordinal},
            before={"received_on": None},
            base_rev=item.server_rev,
        )


def _store_assessment(
    session: Session, writer: _Writer, case: Case, benefit: BenefitDecision, on: date
) -> CaseAssessment:
    row = CaseAssessment(
        id=uuid.uuid4(),
        case_id=case.id,
        assessed_on=on,
        classification=benefit.classification.value,
        reasons_json=json.dumps([r.value for r in benefit.reasons]),
        method=benefit.method.value,
        tier=benefit.tier,
        area_code=benefit.area_code,
        area_type=benefit.area_type.value,
        standard_fen=to_fen(benefit.standard_used),
        standard_rule=benefit.standard_rule,
        household_size=benefit.household_size,
        covered_persons=benefit.covered_persons,
        per_capita_income_fen=to_fen(benefit.per_capita_income),
        amount_fen=to_fen(benefit.monthly_amount),
        rule_versions_json=json.dumps(list(benefit.rule_versions)),
    )
    session.add(row)
    writer.change(
        ENTITY_ASSESSMENT,
        row.id,
        "create",
        {
            "case_id": str(case.id),
            "assessed_on": on.isoformat(),
            "classification": row.classification,
            "reasons": [r.value for r in benefit.reasons],
            "method": row.method,
            "tier": row.tier,
            "area_code": row.area_code,
            "area_type": row.area_type,
            "standard_fen": row.standard_fen,
            "standard_rule": row.standard_rule,
            "household_size": row.household_size,
            "covered_persons": row.covered_persons,
            "per_capita_income_fen": row.per_capita_income_fen,
            "amount_fen": row.amount_fen,
            "rule_versions": list(benefit.rule_versions),
        },
        "case.assessed",
        {"case_id": str(case.id), "classification": row.classification, "amount_fen": row.amount_fen},
    )
    return row


def _store_decision(
    session: Session,
    writer: _Writer,
    case: Case,
    plan: TransitionPlan,
    basis: CaseAssessment | None,
    start_month: YearMonth | None,
) -> CaseDecision:
    approved = plan.action is Action.APPROVE
    versions: list[str] = json.loads(basis.rule_versions_json) if basis else []
    row = CaseDecision(
        id=uuid.uuid4(),
        case_id=case.id,
        assessment_id=basis.id if basis else None,
        result=RESULT_APPROVED if approved else RESULT_DENIED,
        decided_on=plan.on_date,
        decided_by=writer.actor.user_id,
        classification=basis.classification if basis else "",
        amount_fen=basis.amount_fen if (basis and approved) else 0,
        standard_used_fen=basis.standard_fen if basis else None,
        standard_rule=basis.standard_rule if basis else "",
        method=basis.method if basis else "",
        covered_persons=basis.covered_persons if (basis and approved) else 0,
        rule_versions_json=json.dumps(versions),
        start_month=str(start_month) if start_month else None,
        reason=plan.reason[:2000],
        reason_codes_json=basis.reasons_json if (basis and not approved) else "[]",
    )
    session.add(row)
    writer.change(
        ENTITY_DECISION,
        row.id,
        "create",
        {
            "case_id": str(case.id),
            "assessment_id": str(row.assessment_id) if row.assessment_id else None,
            "result": row.result,
            "decided_on": plan.on_date.isoformat(),
            "decided_by": row.decided_by,
            "classification": row.classification,
            "amount_fen": row.amount_fen,
            "standard_used_fen": row.standard_used_fen,
            "standard_rule": row.standard_rule,
            "method": row.method,
            "covered_persons": row.covered_persons,
            "rule_versions": versions,
            "start_month": row.start_month,
            "reason": row.reason,
            "reason_codes": json.loads(row.reason_codes_json),
        },
        "case.decided",
        {
            "case_id": str(case.id),
            "result": row.result,
            "amount_fen": row.amount_fen,
            "start_month": row.start_month,
        },
    )
    return row


def _end_decision(writer: _Writer, decision: CaseDecision, on: date) -> None:
    # [A] the termination month is the last month paid; the change notice states it (DOMAIN §8.11).
    before = decision.end_month
    decision.end_month = str(YearMonth.of(on))
    writer.change(
        ENTITY_DECISION,
        decision.id,
        "patch",
        {"end_month": decision.end_month},
        "decision.ended",
        {"case_id": str(decision.case_id), "end_month": decision.end_month},
        before={"end_month": before},
        base_rev=decision.server_rev,
    )


# --------------------------------------------------------------------------------------------------- intake facts


@dataclass(frozen=True, slots=True)
class FilingRow:
    id: str
    case_id: str
    household_id: str
    staff_user_id: str
    staff_name: str
    staff_post: str
    relation: str
    declared_on: date


def register_near_relative(
    session: Session,
    actor: Actor,
    case_id: str,
    *,
    staff_user_id: str,
    relation: str,
    declared_on: date,
    clock: Clock,
    staff_name: str = "",
    staff_post: str = "",
) -> FilingRow:
    """近亲属备案 at intake (DOMAIN §7.3): the household is flagged and the staff member is blocked on its cases."""
    actor.require(Permission.ACCEPT_APPLICATION)
    case = load_case(session, case_id)
    if not staff_user_id.strip():
        raise ValidationError("请填写有近亲属关系的工作人员。")
    if not relation.strip():
        raise ValidationError("请填写与申请家庭成员的关系。")
    if declared_on > clock.today():
        raise ValidationError("申报日期不能晚于今天。")
    user = session.scalar(select(User).where(User.id == _maybe_uuid(staff_user_id)))
    name = staff_name.strip() or (user.display_name if user else "")
    if not name:
        raise ValidationError("请填写该工作人员的姓名。")
    if staff_user_id in blocked_user_ids(session, case.household_id):
        raise ValidationError(f"{name} 与该家庭的近亲属关系已经备案。")
    writer = _Writer(session, actor, clock)
    filing = NearRelativeFiling(
        id=uuid.uuid4(),
        household_id=case.household_id,
        case_id=case.id,
        staff_user_id=staff_user_id,
        staff_name=name[:64],
        staff_post=staff_post.strip()[:64],
        relation=relation.strip()[:32],
        declared_on=declared_on,
    )
    session.add(filing)
    writer.change(
        ENTITY_FILING,
        filing.id,
        "create",
        {
            "household_id": str(case.household_id),
            "case_id": str(case.id),
            "staff_user_id": staff_user_id,
            "staff_name": filing.staff_name,
            "staff_post": filing.staff_post,
            "relation": filing.relation,
            "declared_on": declared_on.isoformat(),
        },
        "case.near_relative_registered",
        {"case_id": str(case.id), "staff_user_id": staff_user_id},
    )
    if not case.near_relative_flag:
        case.near_relative_flag = True
        writer.change(
            ENTITY_CASE,
            case.id,
            "patch",
            {"near_relative_flag": True},
            "case.flagged_near_relative",
            {"filing_id": str(filing.id)},
            before={"near_relative_flag": False},
            base_rev=case.server_rev,
        )
    session.flush()
    return FilingRow(
        str(filing.id),
        str(case.id),
        str(case.household_id),
        staff_user_id,
        filing.staff_name,
        filing.staff_post,
        filing.relation,
        declared_on,
    )


def _maybe_uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def record_application_place(
    session: Session, actor: Actor, case_id: str, *, applied_at_residence: bool, clock: Clock
) -> None:
    """For a 人户分离 family: whether it applied at the residence township (J2 Art. 19), before acceptance."""
    actor.require(Permission.ACCEPT_APPLICATION)
    case = load_case(session, case_id)
    state = CaseState(case.state)
    if state not in {CaseState.DRAFT, CaseState.SUBMITTED_ONLINE, CaseState.PENDING_MATERIALS}:
        raise InvalidTransition(state=STATE_LABELS[state], action="登记申请地", required="案件尚未受理")
    household = session.get(Household, case.household_id)
    if applied_at_residence and not (household and household.is_renhu_fenli):
        raise ValidationError("该家庭未登记为人户分离，不能登记为在居住地申请。")
    if case.applied_at_residence == applied_at_residence:
        return
    before = case.applied_at_residence
    case.applied_at_residence = applied_at_residence
    _Writer(session, actor, clock).change(
        ENTITY_CASE,
        case.id,
        "patch",
        {"applied_at_residence": applied_at_residence},
        "case.application_place",
        {"applied_at_residence": applied_at_residence},
        before={"applied_at_residence": before},
        base_rev=case.server_rev,
    )
    session.flush()


@dataclass(frozen=True, slots=True)
class TaskRow:
    id: str
    case_id: str
    kind: TaskKind
    label: str
    scope: str
    status: str
    created_on: date
    done_on: date | None
    note: str


def task_row(task: CaseTask) -> TaskRow:
    return TaskRow(
        str(task.id),
        str(task.case_id),
        TaskKind(task.kind),
        task.label,
        task.scope,
        task.status,
        task.created_on,
        task.done_on,
        task.note,
    )


def complete_task(
    session: Session, actor: Actor, task_id: str, *, clock: Clock, note: str = "", on_date: date | None = None
) -> TaskRow:
    """Mark a task done, e.g. the county's 100% field check of a near-relative household (with its result)."""
    try:
        task = session.get(CaseTask, uuid.UUID(task_id))
    except ValueError:
        task = None
    if task is None:
        raise NotFound(what=f"任务 {task_id}")
    scope_permission = (
        Permission.COUNTY_REVIEW if task.scope == SCOPE_COUNTY else Permission.ACCEPT_APPLICATION
    )
    actor.require(scope_permission)
    case = load_case(session, str(task.case_id))
    if actor.user_id in blocked_user_ids(session, case.household_id):
        raise RecusalRequired(action=task.label)
    if task.status != TASK_OPEN:
        raise ValidationError(f"任务“{task.label}”已经办结或撤销。")
    on = on_date or clock.today()
    if on > clock.today():
        raise ValidationError("办结日期不能晚于今天。")
    task.status = TASK_DONE
    task.done_on = on
    task.note = note.strip()[:400]
    _Writer(session, actor, clock).change(
        ENTITY_TASK,
        task.id,
        "patch",
        {"status": TASK_DONE, "done_on": on.isoformat(), "note": task.note},
        "task.done",
        {"case_id": str(case.id), "kind": task.kind},
        before={"status": TASK_OPEN, "done_on": None, "note": ""},
        base_rev=task.server_rev,
    )
    session.flush()
    return task_row(task)


# --------------------------------------------------------------------------------------------------- assessment input


def simple_assessment_input(
    session: Session, case_id: str, *, monthly_income: Decimal, rules: RuleReader, reference_date: date
) -> AssessmentInput:
    """A minimal assessment from the stored household: co-resident members, one declared monthly wage income of
    the head over the whole averaging window, no assets. For scripts and the demo; the desktop form builds the full
    ``AssessmentInput`` (each member's incomes, assets, supporters)."""
    case = load_case(session, case_id)
    household = session.get(Household, case.household_id)
    if household is None:
        raise NotFound(what=f"家庭 {case.household_id}")
    if monthly_income < 0:
        raise ValidationError("家庭月收入不能为负数。")
    people = list(
        session.scalars(
            select(Person)
            .where(Person.household_id == household.id, Person.coresident.is_(True))
            .order_by(Person.ordinal)
        )
    )
    if not people:
        raise ValidationError("家庭没有共同生活成员，无法评估。")
    members = tuple(Member(str(p.id), p.name) for p in people)
    head = next((p for p in people if p.is_head), people[0])
    first, last, _ = income_window(reference_date, rules, reference_date)
    incomes = ()
    if monthly_income > 0:
        incomes = (
            IncomeItem(
                str(head.id), IncomeCategory.WAGE, "WAGE_SALARY", monthly_income, "PER_MONTH", first, last
            ),
        )
    return AssessmentInput(
        case_id=str(case.id),
        area_code=household.area_code[:6],
        area_type=AreaType(household.area_type),
        reference_date=reference_date,
        members=members,
        incomes=incomes,
    )
