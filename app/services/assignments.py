"""Investigators on a case and planned home visits (issue 5): who goes, when, and what an investigator sees as "mine".

Rules (DOMAIN §2, §6.2, §7.3):

* The township coordinator, the window clerk or the administrator (``Permission.ASSIGN_INVESTIGATORS``) assigns
  investigators (accounts whose role may investigate) of the case's township: one lead (主调查人), any number of
  second investigators (协同调查人). The same person is never assigned twice; an assignment is ended, not deleted.
* Near relatives of staff withdraw (回避): a staff member with a near-relative filing for the household is never
  assigned, never put on a visit, and a related actor cannot assign, plan or record visits of that household.
* A home visit needs at least two investigators, all of them currently assigned to the case. It is planned for today
  or later; one planned visit per case at a time (move it with ``reschedule_visit``). It ends done (on a day not after
  today) or cancelled (with a reason). Assigners plan visits; so may an investigator assigned to the case.
* Completing a visit does not move the case: the investigation is completed in the workflow (forms, signatures).

Each written row gets one audit event and one outbox entry (``Recorder``) in the caller's transaction; nothing here
commits. Read models return frozen rows with the head of household's ID masked to the last four characters.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Case, CaseDeadline, Division, Household, User
from app.db.models.assignments import CaseAssignment, ScheduledVisit
from app.db.models.workflow import DEADLINE_OPEN
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.errors import NotFound, PermissionDenied, RecusalRequired, ValidationError
from app.domain.roles import PERMISSIONS, ROLE_LABELS, Permission, Role
from app.services.deadline_board import (
    DeadlineRow,
    deadline_row,
    due_soon_threshold,
    head_id_masked,
    heads_of,
)
from app.services.supervision.common import Recorder, require_same_township, row_fields, township_scope
from app.services.workflow import blocked_user_ids, case_status, load_case
from app.workflow.calendar import WorkCalendar
from app.workflow.deadlines import RuleSource, Step
from app.workflow.states import CaseState

LEAD = "LEAD"
SECOND = "SECOND"
ASSIGNMENT_ROLE_LABELS: Mapping[str, str] = MappingProxyType({LEAD: "主调查人", SECOND: "协同调查人"})

ACTIVE = "ACTIVE"
ENDED = "ENDED"

PLANNED = "PLANNED"
DONE = "DONE"
CANCELLED = "CANCELLED"
VISIT_STATUS_LABELS: Mapping[str, str] = MappingProxyType(
    {PLANNED: "待入户", DONE: "已入户", CANCELLED: "已取消"}
)

# The statute's home-visit rule (L1 Art. 43; seed 三(一)2 "不少于2名调查人员"), the same the workflow's
# COMPLETE_INVESTIGATION guard checks on the signatures.
MIN_VISIT_INVESTIGATORS = 2

# The case has left the process: nobody is sent to the household any more.
LEFT_PROCESS: frozenset[CaseState] = frozenset(
    {CaseState.CLOSED, CaseState.WITHDRAWN, CaseState.TERMINATED, CaseState.TERMINATED_NONCOOPERATION}
)


# --------------------------------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class AssignmentRow:
    id: str
    case_id: str
    user_id: str
    user_name: str
    role: str
    role_label: str
    assigned_on: date
    active: bool
    ended_on: date | None


@dataclass(frozen=True, slots=True)
class VisitRow:
    id: str
    case_id: str
    planned_on: date
    time_slot: str
    note: str
    head_name: str
    head_id_masked: str
    village_name: str
    investigator_ids: tuple[str, ...]
    investigator_names: tuple[str, ...]
    status: str
    status_label: str
    done_on: date | None
    cancel_reason: str

    @property
    def short_of_staff(self) -> bool:
        """Fewer than the two investigators the statute asks for (someone was unassigned after planning)."""
        return len(self.investigator_ids) < MIN_VISIT_INVESTIGATORS


@dataclass(frozen=True, slots=True)
class MyCaseRow:
    case_id: str
    head_name: str
    head_id_masked: str
    village_name: str
    state_label: str
    my_role_label: str
    co_investigators: tuple[str, ...]
    next_deadline: DeadlineRow | None
    overdue: bool
    next_visit_on: date | None


@dataclass(frozen=True, slots=True)
class Candidate:
    """An account that may be assigned to a case, and why it may not."""

    user_id: str
    login: str
    name: str
    assigned: bool
    related: bool  # near-relative filing for the household: must withdraw


@dataclass(frozen=True, slots=True)
class CaseStaffing:
    case_id: str
    head_name: str
    state_label: str
    assignments: tuple[AssignmentRow, ...]  # active ones first, then ended, oldest first within each
    visits: tuple[VisitRow, ...]  # newest plan first
    candidates: tuple[Candidate, ...]


def assignment_row(a: CaseAssignment) -> AssignmentRow:
    return AssignmentRow(
        id=str(a.id),
        case_id=str(a.case_id),
        user_id=a.user_id,
        user_name=a.user_name,
        role=a.role,
        role_label=ASSIGNMENT_ROLE_LABELS.get(a.role, a.role),
        assigned_on=a.assigned_on,
        active=a.status == ACTIVE,
        ended_on=a.ended_on,
    )


def _people(visit: ScheduledVisit) -> list[dict[str, str]]:
    raw: object = json.loads(visit.investigators_json or "[]")
    if not isinstance(raw, list):
        return []
    out: list[dict[str, str]] = []
    for item in cast(list[object], raw):
        if isinstance(item, dict):
            entry = cast(dict[str, object], item)
            out.append({"id": str(entry.get("id", "")), "name": str(entry.get("name", ""))})
    return out


def _dump_people(people: Sequence[tuple[str, str]]) -> str:
    return json.dumps([{"id": i, "name": n} for i, n in people], ensure_ascii=False)


def _case_labels(session: Session, cases: Sequence[Case]) -> dict[uuid.UUID, tuple[str, str, str]]:
    """Head name, masked head ID and village name per case id."""
    households = {
        h.id: h
        for h in session.scalars(select(Household).where(Household.id.in_({c.household_id for c in cases})))
    }
    heads = heads_of(session, [c.household_id for c in cases])
    codes = {h.area_code for h in households.values()}
    names = {
        code: name
        for code, name in session.execute(
            select(Division.code, Division.name).where(Division.code.in_(codes))
        )
    }
    out: dict[uuid.UUID, tuple[str, str, str]] = {}
    for case in cases:
        head = heads.get(case.household_id)
        household = households.get(case.household_id)
        village = names.get(household.area_code, household.area_code) if household else ""
        out[case.id] = (head.name if head else "", head_id_masked(head), village)
    return out


def _visit_rows(session: Session, visits: Sequence[ScheduledVisit]) -> list[VisitRow]:
    if not visits:
        return []
    cases = list(session.scalars(select(Case).where(Case.id.in_({v.case_id for v in visits}))))
    labels = _case_labels(session, cases)
    rows: list[VisitRow] = []
    for v in visits:
        head, masked, village = labels.get(v.case_id, ("", "", ""))
        people = _people(v)
        rows.append(
            VisitRow(
                id=str(v.id),
                case_id=str(v.case_id),
                planned_on=v.planned_on,
                time_slot=v.time_slot,
                note=v.note,
                head_name=head,
                head_id_masked=masked,
                village_name=village,
                investigator_ids=tuple(p["id"] for p in people),
                investigator_names=tuple(p["name"] for p in people),
                status=v.status,
                status_label=VISIT_STATUS_LABELS.get(v.status, v.status),
                done_on=v.done_on,
                cancel_reason=v.cancel_reason,
            )
        )
    return rows


def visit_row(session: Session, visit: ScheduledVisit) -> VisitRow:
    return _visit_rows(session, [visit])[0]


# --------------------------------------------------------------------------------------------------- checks


def _can(actor: Actor, permission: Permission) -> bool:
    return permission in PERMISSIONS[actor.role]


def _require_assigner(actor: Actor) -> None:
    actor.require(Permission.ASSIGN_INVESTIGATORS)


def _open_case(session: Session, actor: Actor, case_id: str, what: str) -> Case:
    case = load_case(session, case_id)
    require_same_township(session, actor, case.township_code)
    state = CaseState(case.state)
    if state in LEFT_PROCESS:
        raise ValidationError(f"该案件{case_status(case).label}，不能再{what}。")
    if actor.user_id in blocked_user_ids(session, case.household_id):
        raise RecusalRequired(action=what)
    return case


def _active(session: Session, case_id: uuid.UUID) -> list[CaseAssignment]:
    return list(
        session.scalars(
            select(CaseAssignment)
            .where(CaseAssignment.case_id == case_id, CaseAssignment.status == ACTIVE)
            .order_by(CaseAssignment.assigned_on, CaseAssignment.created_at)
        )
    )


def _find_user(session: Session, text: str) -> User:
    """An account by login or by id."""
    cleaned = text.strip()
    user = session.scalar(select(User).where(User.login == cleaned))
    if user is None:
        try:
            user = session.get(User, uuid.UUID(cleaned))
        except ValueError:
            user = None
    if user is None or not user.active:
        raise ValidationError(f"没有可用的账号“{text}”。")
    return user


def _assigned(session: Session, current: Sequence[CaseAssignment], text: str) -> CaseAssignment | None:
    """The active assignment of a person named by login, user id or the name they were assigned under."""
    key = text.strip()
    ids = {key}
    account = session.scalar(select(User).where(User.login == key))
    if account is not None:
        ids.add(str(account.id))
    return next((a for a in current if a.user_id in ids or a.user_name == key), None)


def _require_planner(session: Session, actor: Actor, case: Case, what: str) -> None:
    """Assigners plan visits of any case; an investigator only of a case they are assigned to."""
    if _can(actor, Permission.ASSIGN_INVESTIGATORS):
        return
    if _can(actor, Permission.INVESTIGATE) and any(
        a.user_id == actor.user_id for a in _active(session, case.id)
    ):
        return
    raise PermissionDenied(role=ROLE_LABELS[actor.role], action=f"{what}（须为本案调查人员或协调员）")


def _parse_role(role: str | None, current: Sequence[CaseAssignment]) -> str:
    if role is None or not role.strip():
        return SECOND if any(a.role == LEAD for a in current) else LEAD
    cleaned = role.strip()
    for code, label in ASSIGNMENT_ROLE_LABELS.items():
        if cleaned.upper() == code or cleaned == label:
            return code
    raise ValidationError(f"没有“{role}”这种调查分工。可用：LEAD（主调查人）、SECOND（协同调查人）。")


def _clean(text: str, limit: int) -> str:
    return " ".join(text.split())[:limit]


# --------------------------------------------------------------------------------------------------- assigning


def assign_investigator(
    session: Session,
    actor: Actor,
    case_id: str,
    *,
    user: str,
    clock: Clock,
    role: str | None = None,
) -> AssignmentRow:
    """Put an investigator account (login or id) on the case; ``role`` LEAD/SECOND, default lead if there is none."""
    _require_assigner(actor)
    case = _open_case(session, actor, case_id, "分派调查人员")
    account = _find_user(session, user)
    if Permission.INVESTIGATE not in PERMISSIONS[Role(account.role)]:
        raise ValidationError(
            f"{account.display_name}（{ROLE_LABELS[Role(account.role)]}）的账号不能做入户调查，不能分派为调查人员。"
        )
    if account.township_code and account.township_code != case.township_code:
        raise ValidationError(f"{account.display_name} 不属于该案件所在乡镇（街道），不能分派。")
    return assign_staff(
        session,
        actor,
        case_id,
        user_id=str(account.id),
        user_name=account.display_name,
        clock=clock,
        role=role,
    )


def assign_staff(
    session: Session,
    actor: Actor,
    case_id: str,
    *,
    user_id: str,
    user_name: str,
    clock: Clock,
    role: str | None = None,
) -> AssignmentRow:
    """Put a staff member on the case by id and name (an account checked by ``assign_investigator``, or a colleague
    whose account lives on another laptop). Same person twice, related staff and a second lead are refused."""
    _require_assigner(actor)
    case = _open_case(session, actor, case_id, "分派调查人员")
    name = _clean(user_name, 64)
    if not user_id.strip() or not name:
        raise ValidationError("请指定调查人员。")
    if user_id in blocked_user_ids(session, case.household_id):
        raise RecusalRequired(f"{name} 与本案申请家庭有近亲属关系（已备案），须回避，不能分派为调查人员。")
    current = _active(session, case.id)
    if any(a.user_id == user_id for a in current):
        raise ValidationError(f"{name} 已分派到本案，不能重复分派。")
    code = _parse_role(role, current)
    lead = next((a for a in current if a.role == LEAD), None)
    if code == LEAD and lead is not None:
        raise ValidationError(
            f"本案已有主调查人 {lead.user_name}。请以协同调查人分派，或先结束 {lead.user_name} 的分派。"
        )
    row = CaseAssignment(
        case_id=case.id,
        user_id=user_id,
        user_name=name,
        role=code,
        assigned_on=clock.today(),
        assigned_by=actor.user_id,
        status=ACTIVE,
    )
    Recorder(session, actor, clock).create(
        row, "case.investigator_assigned", {"case_id": str(case.id), "user_id": user_id, "role": code}
    )
    return assignment_row(row)


def end_assignment(
    session: Session,
    actor: Actor,
    case_id: str,
    *,
    user: str,
    clock: Clock,
    reason: str = "",
) -> AssignmentRow:
    """Take an investigator (login, id or name as assigned) off the case; they leave its planned visits too."""
    _require_assigner(actor)
    case = load_case(session, case_id)
    require_same_township(session, actor, case.township_code)
    found = _assigned(session, _active(session, case.id), user)
    if found is None:
        raise NotFound(what=f"本案中调查人员“{user}”的分派")
    rec = Recorder(session, actor, clock)
    before = row_fields(found)
    found.status, found.ended_on, found.ended_by = ENDED, clock.today(), actor.user_id
    found.end_reason = _clean(reason, 200)
    rec.patch(
        found, before, "case.investigator_unassigned", {"case_id": str(case.id), "user_id": found.user_id}
    )
    for visit in session.scalars(
        select(ScheduledVisit).where(ScheduledVisit.case_id == case.id, ScheduledVisit.status == PLANNED)
    ):
        people = [(p["id"], p["name"]) for p in _people(visit) if p["id"] != found.user_id]
        if len(people) != len(_people(visit)):
            before_visit = row_fields(visit)
            visit.investigators_json = _dump_people(people)
            rec.patch(visit, before_visit, "visit.investigator_removed", {"case_id": str(case.id)})
    return assignment_row(found)


# --------------------------------------------------------------------------------------------------- visits


def _team(session: Session, case: Case, wanted: Sequence[str] | None) -> list[tuple[str, str]]:
    """The visit's investigators: the named ones (login, id or name) or every active assignee; checked."""
    current = _active(session, case.id)
    if wanted is None:
        chosen = current
    else:
        chosen: list[CaseAssignment] = []
        for text in wanted:
            match = _assigned(session, current, text)
            if match is None:
                raise ValidationError(f"“{text}”没有分派到本案，请先分派再安排入户。")
            if match not in chosen:
                chosen.append(match)
    blocked = blocked_user_ids(session, case.household_id)
    for a in chosen:
        if a.user_id in blocked:
            raise RecusalRequired(
                f"{a.user_name} 与本案申请家庭有近亲属关系（已备案），须回避，不能参加入户调查。"
            )
    if len(chosen) < MIN_VISIT_INVESTIGATORS:
        raise ValidationError(
            f"入户调查须至少 {MIN_VISIT_INVESTIGATORS} 名调查人员，本次只有 {len(chosen)} 名。请先分派调查人员。"
        )
    lead_first = sorted(chosen, key=lambda a: a.role != LEAD)
    return [(a.user_id, a.user_name) for a in lead_first]


def _not_before_today(on: date, today: date) -> None:
    if on < today:
        raise ValidationError(
            f"入户日期 {on.isoformat()} 早于今天（{today.isoformat()}），只能安排今天或以后。"
        )


def schedule_visit(
    session: Session,
    actor: Actor,
    case_id: str,
    *,
    planned_on: date,
    clock: Clock,
    time_slot: str = "",
    note: str = "",
    investigators: Sequence[str] | None = None,
) -> VisitRow:
    """Plan the home visit; ``investigators`` default to everyone assigned to the case (at least two)."""
    case = _open_case(session, actor, case_id, "安排入户调查")
    _require_planner(session, actor, case, "安排入户调查")
    _not_before_today(planned_on, clock.today())
    pending = session.scalar(
        select(ScheduledVisit)
        .where(ScheduledVisit.case_id == case.id, ScheduledVisit.status == PLANNED)
        .limit(1)
    )
    if pending is not None:
        raise ValidationError(
            f"本案已安排 {pending.planned_on.isoformat()} 入户，请改期或取消后再安排新的入户。"
        )
    people = _team(session, case, investigators)
    visit = ScheduledVisit(
        case_id=case.id,
        planned_on=planned_on,
        time_slot=_clean(time_slot, 32),
        note=_clean(note, 400),
        investigators_json=_dump_people(people),
        status=PLANNED,
        scheduled_by=actor.user_id,
    )
    Recorder(session, actor, clock).create(
        visit, "visit.scheduled", {"case_id": str(case.id), "planned_on": planned_on.isoformat()}
    )
    return visit_row(session, visit)


def resolve_visit_id(session: Session, text: str) -> str:
    """A full visit id, or a unique leading part of one (at least 4 characters), as printed by a list."""
    wanted = text.strip().lower().replace("-", "")
    if len(wanted) < 4 or any(c not in "0123456789abcdef" for c in wanted):
        raise ValidationError(f"入户安排编号“{text}”格式不对，请至少输入编号的前 4 位。")
    found = [v for v in session.scalars(select(ScheduledVisit.id)) if v.hex.startswith(wanted)]
    if not found:
        raise NotFound(what=f"入户安排 {text}")
    if len(found) > 1:
        raise ValidationError(f"有 {len(found)} 次入户安排的编号以“{text}”开头，请多输入几位。")
    return str(found[0])


def _planned_visit(session: Session, actor: Actor, visit_id: str, what: str) -> tuple[ScheduledVisit, Case]:
    try:
        key = uuid.UUID(visit_id.strip())
    except ValueError:
        raise ValidationError(f"入户安排编号“{visit_id}”格式不对。") from None
    visit = session.get(ScheduledVisit, key)
    if visit is None:
        raise NotFound(what=f"入户安排 {visit_id}")
    case = _open_case(session, actor, str(visit.case_id), what)
    if visit.status != PLANNED:
        raise ValidationError(
            f"该入户安排{VISIT_STATUS_LABELS.get(visit.status, visit.status)}，不能再{what}。"
        )
    return visit, case


def reschedule_visit(
    session: Session,
    actor: Actor,
    visit_id: str,
    *,
    planned_on: date,
    clock: Clock,
    time_slot: str | None = None,
    note: str | None = None,
) -> VisitRow:
    visit, case = _planned_visit(session, actor, visit_id, "改期")
    _require_planner(session, actor, case, "调整入户安排")
    _not_before_today(planned_on, clock.today())
    before = row_fields(visit)
    visit.planned_on = planned_on
    if time_slot is not None:
        visit.time_slot = _clean(time_slot, 32)
    if note is not None:
        visit.note = _clean(note, 400)
    Recorder(session, actor, clock).patch(
        visit, before, "visit.rescheduled", {"case_id": str(case.id), "planned_on": planned_on.isoformat()}
    )
    return visit_row(session, visit)


def cancel_visit(session: Session, actor: Actor, visit_id: str, *, reason: str, clock: Clock) -> VisitRow:
    visit, case = _planned_visit(session, actor, visit_id, "取消")
    _require_planner(session, actor, case, "取消入户安排")
    text = _clean(reason, 400)
    if not text:
        raise ValidationError("取消入户安排须写明原因。")
    before = row_fields(visit)
    visit.status, visit.cancel_reason = CANCELLED, text
    Recorder(session, actor, clock).patch(visit, before, "visit.cancelled", {"case_id": str(case.id)})
    return visit_row(session, visit)


def complete_visit(
    session: Session, actor: Actor, visit_id: str, *, clock: Clock, done_on: date | None = None
) -> VisitRow:
    """The visit took place (by default today): an investigator on the visit or an assigner records it."""
    visit, case = _planned_visit(session, actor, visit_id, "登记为已入户")
    people = _people(visit)
    on_visit = any(p["id"] == actor.user_id for p in people)
    if not (
        _can(actor, Permission.ASSIGN_INVESTIGATORS) or (_can(actor, Permission.INVESTIGATE) and on_visit)
    ):
        raise PermissionDenied(
            role=ROLE_LABELS[actor.role], action="登记入户完成（须为本次入户的调查人员或协调员）"
        )
    today = clock.today()
    day = done_on or today
    if day > today:
        raise ValidationError(f"入户日期 {day.isoformat()} 不能晚于今天（{today.isoformat()}）。")
    if len(people) < MIN_VISIT_INVESTIGATORS:
        raise ValidationError(
            f"入户调查须至少 {MIN_VISIT_INVESTIGATORS} 名调查人员，本次安排只剩 {len(people)} 名。请先调整人员。"
        )
    before = row_fields(visit)
    visit.status, visit.done_on = DONE, day
    Recorder(session, actor, clock).patch(
        visit, before, "visit.done", {"case_id": str(case.id), "done_on": day.isoformat()}
    )
    return visit_row(session, visit)


# --------------------------------------------------------------------------------------------------- read models


def week_of(today: date) -> tuple[date, date]:
    """Monday and Sunday of the calendar week containing ``today``."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def list_visits(
    session: Session,
    actor: Actor,
    start: date,
    end: date,
    *,
    user_id: str | None = None,
    include_cancelled: bool = False,
) -> tuple[VisitRow, ...]:
    """Visits planned from ``start`` to ``end`` (inclusive), by day, time slot and household; ``user_id`` keeps only
    that investigator's. Township staff see their township's visits only."""
    actor.require(Permission.VIEW_CASES)
    if end < start:
        raise ValidationError(f"结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}。")
    stmt = select(ScheduledVisit).where(ScheduledVisit.planned_on >= start, ScheduledVisit.planned_on <= end)
    if not include_cancelled:
        stmt = stmt.where(ScheduledVisit.status != CANCELLED)
    visits = list(session.scalars(stmt))
    if user_id is not None:
        visits = [v for v in visits if any(p["id"] == user_id for p in _people(v))]
    visits = _in_scope(session, actor, visits)
    rows = _visit_rows(session, visits)
    rows.sort(key=lambda r: (r.planned_on, r.time_slot, r.head_name, r.id))
    return tuple(rows)


def _in_scope(session: Session, actor: Actor, visits: list[ScheduledVisit]) -> list[ScheduledVisit]:
    scope = township_scope(session, actor, None)
    if scope is None or not visits:
        return visits
    towns = {
        case_id: town
        for case_id, town in session.execute(
            select(Case.id, Case.township_code).where(Case.id.in_({v.case_id for v in visits}))
        )
    }
    return [v for v in visits if towns.get(v.case_id) == scope]


def my_visits(session: Session, actor: Actor, start: date, end: date) -> tuple[VisitRow, ...]:
    """The actor's own visits in the range (planned and done), for today and this week on the investigator's tab."""
    return list_visits(session, actor, start, end, user_id=actor.user_id)


def my_cases(
    session: Session,
    actor: Actor,
    today: date,
    *,
    calendar: WorkCalendar,
    rules: RuleSource,
) -> tuple[MyCaseRow, ...]:
    """Cases the actor is actively assigned to and still in the process, the most urgent open deadline first
    (cases without an open deadline last, by household name)."""
    actor.require(Permission.VIEW_CASES)
    mine = list(
        session.scalars(
            select(CaseAssignment).where(
                CaseAssignment.user_id == actor.user_id, CaseAssignment.status == ACTIVE
            )
        )
    )
    if not mine:
        return ()
    case_ids = {a.case_id for a in mine}
    cases = [
        c
        for c in session.scalars(select(Case).where(Case.id.in_(case_ids)))
        if CaseState(c.state) not in LEFT_PROCESS
    ]
    labels = _case_labels(session, cases)
    heads = heads_of(session, [c.household_id for c in cases])
    open_rows: dict[uuid.UUID, list[CaseDeadline]] = {}
    for row in session.scalars(
        select(CaseDeadline)
        .where(CaseDeadline.status == DEADLINE_OPEN, CaseDeadline.case_id.in_(case_ids))
        .order_by(CaseDeadline.due_on, CaseDeadline.step)
    ):
        open_rows.setdefault(row.case_id, []).append(row)
    others: dict[uuid.UUID, list[str]] = {}
    for a in session.scalars(
        select(CaseAssignment)
        .where(CaseAssignment.case_id.in_(case_ids), CaseAssignment.status == ACTIVE)
        .order_by(CaseAssignment.assigned_on, CaseAssignment.created_at)
    ):
        if a.user_id != actor.user_id:
            others.setdefault(a.case_id, []).append(a.user_name)
    next_visit: dict[uuid.UUID, date] = {}
    for v in session.scalars(
        select(ScheduledVisit)
        .where(ScheduledVisit.case_id.in_(case_ids), ScheduledVisit.status == PLANNED)
        .order_by(ScheduledVisit.planned_on)
    ):
        next_visit.setdefault(v.case_id, v.planned_on)
    role_of = {a.case_id: a.role for a in mine}
    threshold = due_soon_threshold(rules, today)
    rows: list[MyCaseRow] = []
    for case in cases:
        head, masked, village = labels[case.id]
        clocks = open_rows.get(case.id, [])
        upcoming = _first_deadline(clocks)
        rows.append(
            MyCaseRow(
                case_id=str(case.id),
                head_name=head,
                head_id_masked=masked,
                village_name=village,
                state_label=case_status(case).label,
                my_role_label=ASSIGNMENT_ROLE_LABELS.get(role_of[case.id], role_of[case.id]),
                co_investigators=tuple(others.get(case.id, [])),
                next_deadline=deadline_row(
                    upcoming,
                    township_code=case.township_code,
                    head=heads.get(case.household_id),
                    today=today,
                    threshold=threshold,
                    calendar=calendar,
                )
                if upcoming is not None
                else None,
                overdue=any(r.due_on < today and r.step != Step.PUBLICITY.value for r in clocks),
                next_visit_on=next_visit.get(case.id),
            )
        )
    rows.sort(key=_urgency)
    return tuple(rows)


def _first_deadline(clocks: Sequence[CaseDeadline]) -> CaseDeadline | None:
    """The step clock due first; the whole-process clock only when no step clock runs."""
    steps = [c for c in clocks if c.step != Step.WHOLE_PROCESS.value]
    return (steps or list(clocks) or [None])[0]


def _urgency(row: MyCaseRow) -> tuple[int, date, str, str]:
    if row.next_deadline is None:
        return (1, date.max, row.head_name, row.case_id)
    return (0, row.next_deadline.due_on, row.head_name, row.case_id)


def case_staffing(session: Session, actor: Actor, case_id: str) -> CaseStaffing:
    """Who is on the case, its visits, and the accounts that could be assigned (for the assignment dialog)."""
    actor.require(Permission.VIEW_CASES)
    case = load_case(session, case_id)
    require_same_township(session, actor, case.township_code)
    rows = list(
        session.scalars(
            select(CaseAssignment)
            .where(CaseAssignment.case_id == case.id)
            .order_by(CaseAssignment.assigned_on, CaseAssignment.created_at)
        )
    )
    rows.sort(key=lambda a: a.status != ACTIVE)
    visits = list(
        session.scalars(
            select(ScheduledVisit)
            .where(ScheduledVisit.case_id == case.id)
            .order_by(ScheduledVisit.planned_on.desc(), ScheduledVisit.created_at.desc())
        )
    )
    active_ids = {a.user_id for a in rows if a.status == ACTIVE}
    blocked = blocked_user_ids(session, case.household_id)
    investigating = [r.value for r in Role if Permission.INVESTIGATE in PERMISSIONS[r]]
    candidates = tuple(
        Candidate(
            user_id=str(u.id),
            login=u.login,
            name=u.display_name,
            assigned=str(u.id) in active_ids,
            related=str(u.id) in blocked,
        )
        for u in session.scalars(
            select(User).where(User.active.is_(True), User.role.in_(investigating)).order_by(User.login)
        )
        if not u.township_code or u.township_code == case.township_code
    )
    head, _, _ = _case_labels(session, [case])[case.id]
    return CaseStaffing(
        case_id=str(case.id),
        head_name=head,
        state_label=case_status(case).label,
        assignments=tuple(assignment_row(a) for a in rows),
        visits=tuple(_visit_rows(session, visits)),
        candidates=candidates,
    )
