"""Read models of cases for lists, the case page and the command line: masked ID numbers, Chinese labels.

Nothing here writes. ID numbers are always masked to the last 4 (DOMAIN §13); revealing a full number is a
separate, audited use case.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import (
    AuditEvent,
    Case,
    CaseAssessment,
    CaseDeadline,
    CaseDecision,
    CaseTask,
    Division,
    Household,
    MissingMaterialItem,
    NearRelativeFiling,
    Person,
    User,
)
from app.db.models.assignments import CaseAssignment, ScheduledVisit
from app.domain.actor import Actor
from app.domain.errors import NotFound, ValidationError
from app.domain.money import format_yuan, from_fen
from app.domain.roles import Permission
from app.services.assignments import ASSIGNMENT_ROLE_LABELS
from app.services.case_search import CaseQuery, CaseRow, DeadlineFilter, case_rows, search_case_ids
from app.services.deadline_board import (
    DISPLAY_LABELS,
    STEP_LABELS,
    DeadlineRow,
    case_projection,
    deadline_row,
    due_soon_threshold,
    head_id_masked,
)
from app.services.workflow import RESULT_LABELS, TaskRow, case_status, snapshot_of, task_row
from app.workflow.benefit import CLASSIFICATION_LABELS, INELIGIBLE_LABELS, Classification, IneligibleReason
from app.workflow.calendar import WorkCalendar
from app.workflow.deadlines import DeadlineStatus, RuleSource, Step
from app.workflow.states import (
    ACTION_LABELS,
    STATE_LABELS,
    TASK_LABELS,
    Action,
    CaseState,
    TaskKind,
    available_actions,
)

CHANNEL_LABELS: Mapping[str, str] = MappingProxyType(
    {"WINDOW": "窗口申请", "ONLINE": "网上申请", "PROXY": "代为申请"}
)


# --------------------------------------------------------------------------------------------------- lookups


def resolve_case_id(session: Session, text: str) -> str:
    """A full case id, or a unique leading part of one (at least 4 characters), as people type it from a list."""
    wanted = text.strip().lower().replace("-", "")
    if len(wanted) < 4 or any(c not in "0123456789abcdef" for c in wanted):
        raise ValidationError(f"案件编号“{text}”格式不对，请至少输入编号的前 4 位。")
    if len(wanted) == 32:
        case_id = uuid.UUID(wanted)
        if session.get(Case, case_id) is None:
            raise NotFound(what=f"案件 {text}")
        return str(case_id)
    found = [cid for cid in session.scalars(select(Case.id)) if cid.hex.startswith(wanted)]
    if not found:
        raise NotFound(what=f"案件 {text}")
    if len(found) > 1:
        raise ValidationError(f"有 {len(found)} 件案件的编号以“{text}”开头，请多输入几位。")
    return str(found[0])


def parse_state(text: str) -> CaseState:
    """A state code (ACTIVE) or its Chinese label (保障中)."""
    cleaned = text.strip()
    for state in CaseState:
        if cleaned.upper() == state.value or cleaned == STATE_LABELS[state]:
            return state
    raise ValidationError(f"没有“{text}”这个案件状态。可用：{'、'.join(s.value for s in CaseState)}")


# --------------------------------------------------------------------------------------------------- list


def list_cases(
    session: Session,
    actor: Actor,
    *,
    calendar: WorkCalendar,
    rules: RuleSource,
    today: date,
    state: CaseState | None = None,
    township_code: str | None = None,
    overdue_only: bool = False,
) -> tuple[CaseRow, ...]:
    """Cases with their next open deadline; the most urgent first, then cases without a running clock."""
    query = CaseQuery(
        township_code=township_code,
        state=state,
        deadline=DeadlineFilter.OVERDUE if overdue_only else DeadlineFilter.ANY,
    )
    # Scripts print the dashed form people know (and `cases show` accepts a prefix of it).
    ids = [str(uuid.UUID(i)) for i in search_case_ids(session, actor, query, today=today)]
    rows = case_rows(session, actor, ids, calendar=calendar, rules=rules, today=today)
    return tuple(
        sorted(
            rows,
            key=lambda r: (r.next_deadline is None, r.next_deadline.due_on if r.next_deadline else date.max),
        )
    )


# --------------------------------------------------------------------------------------------------- detail


@dataclass(frozen=True, slots=True)
class MemberRow:
    name: str
    relation: str
    id_masked: str
    is_head: bool
    coresident: bool
    person_id: str = ""  # for an audited reveal of the full number (app.services.privacy)


@dataclass(frozen=True, slots=True)
class MaterialRow:
    ordinal: int
    description: str
    notified_on: date
    received_on: date | None


@dataclass(frozen=True, slots=True)
class AssessmentView:
    id: str
    assessed_on: date
    classification: Classification
    classification_label: str
    reasons: tuple[str, ...]
    per_capita_income: Decimal
    standard: Decimal
    standard_rule: str
    household_size: int
    covered_persons: int
    method: str
    amount: Decimal
    rule_versions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DecisionView:
    """What a certificate (确认同意) or a denial notice (不予同意) is printed from."""

    id: str
    result: str
    result_label: str
    decided_on: date
    decided_by: str
    amount: Decimal
    standard: Decimal | None
    standard_rule: str
    method: str
    covered_persons: int
    start_month: str | None
    end_month: str | None
    reason: str
    reason_labels: tuple[str, ...]
    rule_versions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FilingView:
    staff_user_id: str
    staff_name: str
    staff_post: str
    relation: str
    declared_on: date


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    seq: int
    at: datetime
    actor_login: str
    action: str
    text: str


@dataclass(frozen=True, slots=True)
class CaseDetail:
    id: str
    state: CaseState
    data_check: CaseState | None
    state_label: str
    channel_label: str
    township_code: str
    township_name: str
    area_code: str
    area_name: str
    area_type: str
    renhu_fenli: bool
    accepted_on: date | None
    state_changed_on: date | None
    publicity_ends_on: date | None
    near_relative: bool
    monthly_amount: Decimal | None
    last_reason: str
    members: tuple[MemberRow, ...]
    deadlines: tuple[DeadlineRow, ...]
    tasks: tuple[TaskRow, ...]
    materials: tuple[MaterialRow, ...]
    assessment: AssessmentView | None
    decisions: tuple[DecisionView, ...]
    filings: tuple[FilingView, ...]
    timeline: tuple[TimelineEntry, ...]
    # What the viewing user may do now (guards may still refuse); empty for a recused user.
    actions: tuple[tuple[Action, str], ...]
    projected_finish: date | None
    whole_process_due_on: date | None
    projection_warning: str
    provisional: bool


def case_detail(
    session: Session, actor: Actor, case_id: str, *, calendar: WorkCalendar, rules: RuleSource, today: date
) -> CaseDetail:
    actor.require(Permission.VIEW_CASES)
    try:
        case = session.get(Case, uuid.UUID(case_id))
    except ValueError:
        case = None
    if case is None:
        raise NotFound(what=f"案件 {case_id}")
    household = session.get(Household, case.household_id)
    if household is None:
        raise NotFound(what=f"家庭 {case.household_id}")
    people = list(
        session.scalars(select(Person).where(Person.household_id == household.id).order_by(Person.ordinal))
    )
    head = next((p for p in people if p.is_head), people[0] if people else None)
    threshold = due_soon_threshold(rules, today)
    deadline_rows = session.scalars(
        select(CaseDeadline)
        .where(CaseDeadline.case_id == case.id)
        .order_by(CaseDeadline.started_on, CaseDeadline.created_at)
    )
    deadlines = tuple(
        deadline_row(
            r,
            township_code=case.township_code,
            head=head,
            today=today,
            threshold=threshold,
            calendar=calendar,
        )
        for r in deadline_rows
    )
    tasks = tuple(
        task_row(t)
        for t in session.scalars(
            select(CaseTask).where(CaseTask.case_id == case.id).order_by(CaseTask.created_on)
        )
    )
    materials = tuple(
        MaterialRow(m.ordinal, m.description, m.notified_on, m.received_on)
        for m in session.scalars(
            select(MissingMaterialItem)
            .where(MissingMaterialItem.case_id == case.id)
            .order_by(MissingMaterialItem.notified_on, MissingMaterialItem.ordinal)
        )
    )
    assessments = list(
        session.scalars(
            select(CaseAssessment)
            .where(CaseAssessment.case_id == case.id)
            .order_by(CaseAssessment.assessed_on, CaseAssessment.created_at)
        )
    )
    decisions = list(
        session.scalars(
            select(CaseDecision)
            .where(CaseDecision.case_id == case.id)
            .order_by(CaseDecision.decided_on, CaseDecision.created_at)
        )
    )
    filings = list(
        session.scalars(
            select(NearRelativeFiling)
            .where(NearRelativeFiling.household_id == household.id)
            .order_by(NearRelativeFiling.declared_on)
        )
    )
    child_ids = {str(case.id)} | {d.deadline_id for d in deadlines} | {t.id for t in tasks}
    child_ids |= {str(a.id) for a in assessments} | {str(d.id) for d in decisions}
    child_ids |= {str(f.id) for f in filings if f.case_id == case.id}
    child_ids |= {
        str(m)
        for m in session.scalars(select(MissingMaterialItem.id).where(MissingMaterialItem.case_id == case.id))
    }
    staffing = _staffing(session, case.id)
    child_ids |= set(staffing.assignments) | set(staffing.visits)
    events = list(
        session.scalars(
            select(AuditEvent).where(AuditEvent.entity_id.in_(child_ids)).order_by(AuditEvent.seq)
        )
    )
    staffing.names.update(_display_names(session, {e.actor_user_id for e in events}))
    timeline = tuple(
        TimelineEntry(
            e.seq,
            e.at,
            e.actor_login,
            e.action,
            timeline_text(
                e.action,
                json.loads(e.details_json),
                entity_id=e.entity_id,
                actor=staffing.names.get(e.actor_user_id) or e.actor_login,
                staffing=staffing,
            ),
        )
        for e in events
    )
    timeline = _with_synced_staffing(session, timeline, staffing, {e.entity_id for e in events})
    snapshot = snapshot_of(session, case)
    actions = tuple((a, ACTION_LABELS[a]) for a in available_actions(snapshot, actor.role, actor.user_id))
    projection = case_projection(session, str(case.id), calendar=calendar, rules=rules, today=today)
    township = session.get(Division, case.township_code)
    area = session.get(Division, household.area_code)
    status = case_status(case)
    detail: dict[str, Any] = json.loads(case.state_detail_json or "{}")
    return CaseDetail(
        id=str(case.id),
        state=status.state,
        data_check=status.data_check,
        state_label=status.label,
        channel_label=CHANNEL_LABELS.get(case.channel, case.channel),
        township_code=case.township_code,
        township_name=township.name if township else "",
        area_code=household.area_code,
        area_name=area.name if area else "",
        area_type=household.area_type,
        renhu_fenli=household.is_renhu_fenli,
        accepted_on=case.accepted_on,
        state_changed_on=case.state_changed_on,
        publicity_ends_on=case.publicity_ends_on,
        near_relative=case.near_relative_flag,
        monthly_amount=from_fen(case.monthly_amount_fen) if case.monthly_amount_fen is not None else None,
        last_reason=str(detail.get("reason", "")),
        members=tuple(
            MemberRow(p.name, p.relation, head_id_masked(p), p.is_head, p.coresident, str(p.id))
            for p in people
        ),
        deadlines=deadlines,
        tasks=tasks,
        materials=materials,
        assessment=_assessment_view(assessments[-1]) if assessments else None,
        decisions=tuple(_decision_view(d) for d in decisions),
        filings=tuple(
            FilingView(f.staff_user_id, f.staff_name, f.staff_post, f.relation, f.declared_on)
            for f in filings
        ),
        timeline=timeline,
        actions=actions,
        projected_finish=projection.projected_finish if projection else None,
        whole_process_due_on=projection.whole.due_on if projection else None,
        projection_warning=projection.warning() if projection else "",
        provisional=any(d.provisional and d.status in _RUNNING for d in deadlines)
        or bool(projection and projection.provisional),
    )


_RUNNING = frozenset({s.value for s in DeadlineStatus if s is not DeadlineStatus.DONE})


def _assessment_view(row: CaseAssessment) -> AssessmentView:
    classification = Classification(row.classification)
    reasons: list[str] = json.loads(row.reasons_json)
    return AssessmentView(
        id=str(row.id),
        assessed_on=row.assessed_on,
        classification=classification,
        classification_label=CLASSIFICATION_LABELS[classification],
        reasons=tuple(INELIGIBLE_LABELS[IneligibleReason(r)] for r in reasons),
        per_capita_income=from_fen(row.per_capita_income_fen),
        standard=from_fen(row.standard_fen),
        standard_rule=row.standard_rule,
        household_size=row.household_size,
        covered_persons=row.covered_persons,
        method=row.method,
        amount=from_fen(row.amount_fen),
        rule_versions=tuple(json.loads(row.rule_versions_json)),
    )


def _decision_view(row: CaseDecision) -> DecisionView:
    codes: list[str] = json.loads(row.reason_codes_json)
    return DecisionView(
        id=str(row.id),
        result=row.result,
        result_label=RESULT_LABELS.get(row.result, row.result),
        decided_on=row.decided_on,
        decided_by=row.decided_by,
        amount=from_fen(row.amount_fen),
        standard=from_fen(row.standard_used_fen) if row.standard_used_fen is not None else None,
        standard_rule=row.standard_rule,
        method=row.method,
        covered_persons=row.covered_persons,
        start_month=row.start_month,
        end_month=row.end_month,
        reason=row.reason,
        reason_labels=tuple(INELIGIBLE_LABELS.get(IneligibleReason(c), c) for c in codes),
        rule_versions=tuple(json.loads(row.rule_versions_json)),
    )


# --------------------------------------------------------------------------------------------------- timeline


def _step_label(value: object) -> str:
    try:
        return STEP_LABELS[Step(str(value))]
    except ValueError:
        return str(value)


def _state_label(value: object) -> str:
    try:
        return STATE_LABELS[CaseState(str(value))]
    except ValueError:
        return str(value)


def _task_label(value: object) -> str:
    try:
        return TASK_LABELS[TaskKind(str(value))]
    except ValueError:
        return str(value)


@dataclass(slots=True)
class TimelineStaffing:
    """What the lines about investigators and home visits name beyond their audit details (which hold ids and codes
    only): the case's assignment and visit rows by id, display names by user id, and each visit's planned day as the
    events walk forward (so a move reads "from → to")."""

    assignments: dict[str, CaseAssignment] = field(default_factory=dict[str, CaseAssignment])
    visits: dict[str, ScheduledVisit] = field(default_factory=dict[str, ScheduledVisit])
    names: dict[str, str] = field(default_factory=dict[str, str])
    planned: dict[str, str] = field(default_factory=dict[str, str])


def _staffing(session: Session, case_id: uuid.UUID) -> TimelineStaffing:
    return TimelineStaffing(
        assignments={
            str(a.id): a
            for a in session.scalars(select(CaseAssignment).where(CaseAssignment.case_id == case_id))
        },
        visits={
            str(v.id): v
            for v in session.scalars(select(ScheduledVisit).where(ScheduledVisit.case_id == case_id))
        },
    )


def _display_names(session: Session, user_ids: set[str]) -> dict[str, str]:
    keys: list[uuid.UUID] = []
    for text in user_ids:
        try:
            keys.append(uuid.UUID(text))
        except ValueError:
            continue
    if not keys:
        return {}
    return {
        str(uid): name
        for uid, name in session.execute(select(User.id, User.display_name).where(User.id.in_(keys)))
    }


def _with_synced_staffing(
    session: Session,
    timeline: tuple[TimelineEntry, ...],
    staffing: TimelineStaffing,
    audited: set[str],
) -> tuple[TimelineEntry, ...]:
    """Audit events stay on the laptop that wrote them; an assignment or a visit made on another laptop (the
    coordinator's) arrives only as its row. Those rows get their lines from the row itself, so the investigator's
    timeline shows them too."""
    extra: list[TimelineEntry] = []
    names = _display_names(
        session,
        {a.assigned_by for a in staffing.assignments.values()}
        | {v.scheduled_by for v in staffing.visits.values()},
    )
    for key, a in staffing.assignments.items():
        if key in audited:
            continue
        role = ASSIGNMENT_ROLE_LABELS.get(a.role, a.role)
        by = names.get(a.assigned_by, "")
        extra.append(
            _synced_entry(a.created_at, by, "case.investigator_assigned", f"分派调查人员：{a.user_name} 为{role}"
                          + (f"（分派人：{by}）" if by else ""))
        )  # fmt: skip
        if a.status == "ENDED":
            reason = f"，原因：{a.end_reason}" if a.end_reason else ""
            extra.append(
                _synced_entry(a.updated_at, "", "case.investigator_unassigned",
                              f"结束调查人员分派：{a.user_name}（{role}）{reason}")
            )  # fmt: skip
    for key, v in staffing.visits.items():
        if key in audited:
            continue
        on = v.planned_on.isoformat()
        extra.append(
            _synced_entry(
                v.created_at, names.get(v.scheduled_by, ""), "visit.scheduled", f"安排入户调查：{on}"
            )
        )
        if v.status == "DONE":
            done = v.done_on.isoformat() if v.done_on else on
            extra.append(_synced_entry(v.updated_at, "", "visit.done", f"完成入户调查（入户日期 {done}）"))
        elif v.status == "CANCELLED":
            reason = f"：{v.cancel_reason}" if v.cancel_reason else ""
            extra.append(
                _synced_entry(v.updated_at, "", "visit.cancelled", f"取消入户调查（原定 {on}）{reason}")
            )
    if not extra:
        return timeline
    return tuple(sorted((*timeline, *extra), key=lambda e: e.at))


def _synced_entry(at: datetime, actor: str, action: str, text: str) -> TimelineEntry:
    # seq 0: not one of this laptop's audit events; the line says it came with the county's data.
    return TimelineEntry(0, at, actor or "（同步）", action, text + "（经同步收到）")


def _staffing_text(
    action: str, d: Mapping[str, Any], entity_id: str, actor: str, staffing: TimelineStaffing
) -> str | None:
    """Investigator assignments and home visits, or None for any other action."""
    if action in ("case.investigator_assigned", "case.investigator_unassigned"):
        row = staffing.assignments.get(entity_id)
        name = row.user_name if row is not None else str(d.get("user_id", ""))
        role_code = str(d.get("role") or (row.role if row is not None else ""))
        role = ASSIGNMENT_ROLE_LABELS.get(role_code, role_code)
        if action == "case.investigator_assigned":
            return f"分派调查人员：{name} 为{role}（分派人：{actor}）"
        reason = f"，原因：{row.end_reason}" if row is not None and row.end_reason else ""
        return f"结束调查人员分派：{name}（{role}）{reason}"
    if not action.startswith("visit."):
        return None
    visit = staffing.visits.get(entity_id)
    before = staffing.planned.get(entity_id) or (visit.planned_on.isoformat() if visit is not None else "")
    if action == "visit.scheduled":
        on = str(d.get("planned_on") or before)
        staffing.planned[entity_id] = on
        return f"安排入户调查：{on}"
    if action == "visit.rescheduled":
        on = str(d.get("planned_on") or "")
        staffing.planned[entity_id] = on
        return f"入户调查改期：{before} → {on}" if before and before != on else f"入户调查改期至 {on}"
    if action == "visit.cancelled":
        reason = f"：{visit.cancel_reason}" if visit is not None and visit.cancel_reason else ""
        return f"取消入户调查（原定 {before}）{reason}"
    if action == "visit.done":
        return f"完成入户调查（入户日期 {d.get('done_on') or before}）"
    if action == "visit.investigator_removed":
        return f"{before} 的入户调查去掉已结束分派的调查人员"
    return None


def timeline_text(
    action: str,
    d: Mapping[str, Any],
    *,
    entity_id: str = "",
    actor: str = "",
    staffing: TimelineStaffing | None = None,
) -> str:
    """One line per audit event of a case, in Chinese. Lines about investigators and home visits name people and
    days from ``staffing`` (``case_detail`` builds it; walk the events in order, as it does)."""
    text = _staffing_text(action, d, entity_id, actor, staffing or TimelineStaffing())
    if text is not None:
        return text
    if action == "case.opened":
        return f"登记申请（{CHANNEL_LABELS.get(str(d.get('channel')), d.get('channel'))}）"
    if action == "case.transition":
        try:
            label = ACTION_LABELS[Action(str(d.get("action")))]
        except ValueError:
            label = str(d.get("action"))
        moved = f"{_state_label(d.get('from'))} → {_state_label(d.get('to'))}"
        if d.get("from") == d.get("to"):
            lane_from = _state_label(d["from_lane"]) if d.get("from_lane") else "未申请"
            moved = f"{lane_from} → {_state_label(d.get('to_lane')) if d.get('to_lane') else '未申请'}"
        return f"{label}：{moved}（办理日期 {d.get('on_date')}）"
    if action == "deadline.opened":
        mark = "（暂定日历）" if d.get("provisional") else ""
        return f"开始计时：{_step_label(d.get('step'))}，应于 {d.get('due_on')} 前办结{mark}"
    if action == "deadline.closed":
        late = "（超过期限）" if d.get("late") else ""
        return f"停止计时：{_step_label(d.get('step'))}，{DISPLAY_LABELS.get(str(d.get('status')), '')}{late}"
    if action == "deadline.recomputed":
        return (
            f"导入 {d.get('calendar_year')} 年官方日历后重新计算：{_step_label(d.get('step'))} "
            f"{d.get('old_due_on')} → {d.get('new_due_on')}"
        )
    if action == "task.created":
        return f"新任务：{_task_label(d.get('kind'))}"
    if action == "task.done":
        return f"任务办结：{_task_label(d.get('kind'))}"
    if action == "task.cancelled":
        return f"任务撤销：{_task_label(d.get('kind'))}"
    if action == "materials.listed":
        return f"一次性告知补正材料（第 {d.get('ordinal')} 项）"
    if action == "materials.received":
        return f"补正材料已收到（第 {d.get('ordinal')} 项）"
    if action == "case.assessed":
        try:
            label = CLASSIFICATION_LABELS[Classification(str(d.get("classification")))]
        except ValueError:
            label = str(d.get("classification"))
        return (
            f"家庭经济状况评估：{label}，月保障金额 {format_yuan(from_fen(int(d.get('amount_fen') or 0)))} 元"
        )
    if action == "case.decided":
        result = RESULT_LABELS.get(str(d.get("result")), str(d.get("result")))
        if d.get("result") == "APPROVED":
            return f"{result}：月保障金额 {format_yuan(from_fen(int(d.get('amount_fen') or 0)))} 元，自 {d.get('start_month')} 起发放"
        return result
    if action == "decision.ended":
        return f"停止发放，最后发放月份 {d.get('end_month')}"
    if action == "case.near_relative_registered":
        return "近亲属关系单独登记备案"
    if action == "case.flagged_near_relative":
        return "标记为近亲属备案家庭（县级全部实地核查）"
    if action == "case.application_place":
        return "登记为在实际居住地申请（人户分离）" if d.get("applied_at_residence") else "登记为在户籍地申请"
    if action == "case.publicity_end_recomputed":
        return f"公示期满日重新计算为 {d.get('publicity_ends_on')}"
    return action
