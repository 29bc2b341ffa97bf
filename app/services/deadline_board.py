"""The deadline board: every open statutory clock, where it stands today, and the whole-process projection per case.

Stored rows keep the due date computed when the clock started (or when a calendar import recomputed it). Whether a
row is on time, due soon or overdue depends on today, so it is worked out here on the effective work calendar and the
rule ``deadline.due_soon_working_days``; nothing time-dependent is stored.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Case, CaseDeadline, Person
from app.db.models.workflow import DEADLINE_CANCELLED, DEADLINE_DONE, DEADLINE_OPEN, DEADLINE_SUPERSEDED
from app.domain.actor import Actor
from app.domain.errors import RuleInvalid
from app.domain.idnumber import mask_id_number
from app.domain.roles import Permission
from app.workflow.calendar import WorkCalendar
from app.workflow.deadlines import (
    DUE_SOON_KEY,
    DayUnit,
    DeadlineStatus,
    Projection,
    RuleSource,
    Step,
    StepDates,
    project_whole_process,
)
from app.workflow.states import PRE_DECISION, CaseState

STEP_LABELS: Mapping[Step, str] = MappingProxyType(
    {
        Step.ACCEPTANCE_ONLINE: "网上申请受理",
        Step.INVESTIGATION: "入户调查",
        Step.DATA_CHECK: "县级信息核对",
        Step.RENHU_FENLI_CHECK_REQUEST: "人户分离申请信息核对",
        Step.PRELIM_OPINION: "提出初审意见",
        Step.PUBLICITY: "公示",
        Step.DEMOCRATIC_REVIEW: "民主评议",
        Step.DECISION: "审核确认",
        Step.DENIAL_NOTICE: "送达不予同意告知书",
        Step.WHOLE_PROCESS: "办理总时限",
        Step.WARNING_VERIFICATION: "预警核查",
    }
)
UNIT_LABELS: Mapping[DayUnit, str] = MappingProxyType({DayUnit.WD: "个工作日", DayUnit.CD: "日"})

# Publicity is a period to wait out, not a deadline to beat: past its last day it has ended, not run late.
PERIOD_ENDED = "ENDED"
PERIODS: frozenset[Step] = frozenset({Step.PUBLICITY})

# What a row shows: the time status of an open clock, or how a closed clock ended.
DISPLAY_LABELS: Mapping[str, str] = MappingProxyType(
    {
        DeadlineStatus.ON_TIME.value: "未到期",
        DeadlineStatus.DUE_SOON.value: "即将到期",
        DeadlineStatus.OVERDUE.value: "已逾期",
        PERIOD_ENDED: "已期满",
        DEADLINE_DONE: "已办结",
        DEADLINE_CANCELLED: "已撤销",
        DEADLINE_SUPERSEDED: "已重新计时",
    }
)
PROVISIONAL_MARK = "（暂定日历）"
MISSING_ID = "（无证件号）"


def head_id_masked(person: Person | None) -> str:
    if person is None or not person.id_number:
        return MISSING_ID
    return mask_id_number(person.id_number)


def due_soon_threshold(rules: RuleSource, today: date) -> int:
    rule = rules.get(DUE_SOON_KEY, today)
    value = rule.value
    if rule.unit != DayUnit.WD.value or isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleInvalid(rule=rule.version, detail="应为非负整数个工作日（WD）")
    return value


@dataclass(frozen=True, slots=True)
class ClockState:
    status: DeadlineStatus
    working_days_left: int


def open_status(due_on: date, today: date, threshold: int, calendar: WorkCalendar) -> ClockState:
    """The time status of a stored open clock (same rule as ``app.workflow.deadlines.compute_deadline``)."""
    left = calendar.working_days_between(today, due_on).days
    if today > due_on:
        status = DeadlineStatus.OVERDUE
    elif left <= threshold:
        status = DeadlineStatus.DUE_SOON
    else:
        status = DeadlineStatus.ON_TIME
    return ClockState(status, left)


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    deadline_id: str
    case_id: str
    township_code: str
    head_name: str
    head_id_masked: str
    step: Step
    step_label: str
    started_on: date
    due_on: date
    limit_text: str  # "3个工作日", "7日"
    status: str  # DeadlineStatus for an open clock, else the stored lifecycle (DONE, CANCELLED, SUPERSEDED)
    status_label: str
    provisional: bool
    done_on: date | None
    late: bool
    working_days_left: int | None
    rule_version: str
    calendar_version: str

    @property
    def provisional_mark(self) -> str:
        return PROVISIONAL_MARK if self.provisional else ""


def deadline_row(
    row: CaseDeadline,
    *,
    township_code: str,
    head: Person | None,
    today: date,
    threshold: int,
    calendar: WorkCalendar,
) -> DeadlineRow:
    step = Step(row.step)
    left: int | None = None
    if row.status == DEADLINE_OPEN:
        clock = open_status(row.due_on, today, threshold, calendar)
        status, left = clock.status.value, clock.working_days_left
        late = clock.status is DeadlineStatus.OVERDUE
        if step in PERIODS and late:
            status, late = PERIOD_ENDED, False
    else:
        status = row.status
        late = (
            step not in PERIODS
            and row.status == DEADLINE_DONE
            and row.done_on is not None
            and row.done_on > row.due_on
        )
    return DeadlineRow(
        deadline_id=str(row.id),
        case_id=str(row.case_id),
        township_code=township_code,
        head_name=head.name if head else "",
        head_id_masked=head_id_masked(head),
        step=step,
        step_label=STEP_LABELS[step],
        started_on=row.started_on,
        due_on=row.due_on,
        limit_text=f"{row.limit_days}{UNIT_LABELS[DayUnit(row.unit)]}",
        status=status,
        status_label=DISPLAY_LABELS[status],
        provisional=row.provisional,
        done_on=row.done_on,
        late=late,
        working_days_left=left,
        rule_version=row.rule_version,
        calendar_version=row.calendar_version,
    )


def heads_of(session: Session, household_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Person]:
    if not household_ids:
        return {}
    people = session.scalars(
        select(Person)
        .where(Person.household_id.in_(set(household_ids)))
        .order_by(Person.household_id, Person.is_head.desc(), Person.ordinal)
    )
    heads: dict[uuid.UUID, Person] = {}
    for person in people:
        heads.setdefault(person.household_id, person)
    return heads


def list_open_deadlines(
    session: Session,
    actor: Actor,
    *,
    calendar: WorkCalendar,
    rules: RuleSource,
    today: date,
    township_code: str | None = None,
    overdue_only: bool = False,
) -> tuple[DeadlineRow, ...]:
    """Open clocks, earliest due first (then by case), for the board, ``dibao deadlines`` and the county."""
    actor.require(Permission.VIEW_CASES)
    stmt = (
        select(CaseDeadline, Case.township_code, Case.household_id)
        .join(Case, Case.id == CaseDeadline.case_id)
        .where(CaseDeadline.status == DEADLINE_OPEN)
    )
    if township_code:
        stmt = stmt.where(Case.township_code == township_code)
    if overdue_only:
        stmt = stmt.where(CaseDeadline.due_on < today, CaseDeadline.step.not_in([p.value for p in PERIODS]))
    found = session.execute(stmt.order_by(CaseDeadline.due_on, CaseDeadline.case_id, CaseDeadline.step)).all()
    heads = heads_of(session, [household for _, _, household in found])
    threshold = due_soon_threshold(rules, today)
    return tuple(
        deadline_row(
            row,
            township_code=town,
            head=heads.get(household),
            today=today,
            threshold=threshold,
            calendar=calendar,
        )
        for row, town, household in found
    )


def case_projection(
    session: Session, case_id: str, *, calendar: WorkCalendar, rules: RuleSource, today: date
) -> Projection | None:
    """Whole-process projection (DOMAIN §6.4) for an accepted case still before its decision; None otherwise."""
    case = session.get(Case, uuid.UUID(case_id))
    if case is None or case.accepted_on is None or CaseState(case.state) not in PRE_DECISION:
        return None
    rows = session.scalars(
        select(CaseDeadline)
        .where(CaseDeadline.case_id == case.id, CaseDeadline.status != DEADLINE_SUPERSEDED)
        .order_by(CaseDeadline.started_on, CaseDeadline.created_at)
    )
    progress: dict[Step, StepDates] = {}
    for row in rows:
        step = Step(row.step)
        if step is Step.WHOLE_PROCESS or row.status == DEADLINE_CANCELLED:
            continue
        # The latest clock of a step wins (a re-survey restarts the investigation).
        progress[step] = StepDates(row.started_on, row.done_on if row.status == DEADLINE_DONE else None)
    return project_whole_process(case.accepted_on, progress, rules, calendar, today)
