"""``dibao demo``: a sample township filled with synthetic households (made-up people, fake but valid IDs) whose
applications stand in every state of the statutory process.

Each case is driven through the real services (``apply_action`` and friends), so deadlines, tasks, assessments,
decisions, the audit trail and the sync queue are exactly what daily work would leave behind. Actions are dated in
the past (``on_date``) so that a case's steps are spread over working days the way they would have happened; the
audit events carry the real time of entry.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Case, Division, User
from app.db.models.assignments import ScheduledVisit
from app.db.models.supervision import DiscoveryRefItem
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.errors import RuleMissing
from app.domain.roles import Permission, Role
from app.domain.synthetic import SyntheticHousehold, synthetic_households
from app.services import assignments, cases, reference
from app.services.calendar_admin import effective_calendar
from app.services.households import HouseholdInput, MemberInput, register_household
from app.services.supervision import data_checks, discovery
from app.services.workflow import (
    apply_action,
    load_case,
    record_application_place,
    register_near_relative,
    simple_assessment_input,
)
from app.workflow.calendar import WorkCalendar
from app.workflow.rules import RuleReader, default_rule_book
from app.workflow.states import TRANSITION_BY_ACTION, Action, CaseState, TransitionInput

DEMO_TOWNSHIP = "360222900"
_NS = uuid.UUID("5b0c8a9e-3c1d-4f4e-9a55-6d656d6f0001")
# Staff who exist only in the demo story: two investigators and one related case-worker (not accounts here).
DEMO_INVESTIGATORS = (str(uuid.uuid5(_NS, "investigator-1")), str(uuid.uuid5(_NS, "investigator-2")))
DEMO_RELATED_STAFF = str(uuid.uuid5(_NS, "related-staff"))
DEMO_RELATED_STAFF_NAME = "周演示（虚构经办人）"
DEMO_INVESTIGATOR_NAMES = ("演示调查员甲（虚构）", "演示调查员乙（虚构）")
# Cases an investigator is sent to: accepted, under investigation, or re-checked after an objection.
_TO_VISIT = (CaseState.ACCEPTED, CaseState.INVESTIGATING, CaseState.RECHECK)

A = Action
_ACCEPT = (A.SUBMIT_WINDOW,)
_INVESTIGATED = (*_ACCEPT, A.REQUEST_DATA_CHECK, A.START_INVESTIGATION, A.COMPLETE_INVESTIGATION)
_ASSESSED = (
    *_ACCEPT,
    A.REQUEST_DATA_CHECK,
    A.START_INVESTIGATION,
    A.RECORD_DATA_CHECK,
    A.COMPLETE_INVESTIGATION,
    A.ASSESS,
)  # the county report arrives before the field work ends, so the opinion can follow within its 2 working days
_PUBLICIZING = (*_ASSESSED, A.GIVE_PRELIM_OPINION, A.POST_PUBLICITY)
_PENDING = (*_PUBLICIZING, A.END_PUBLICITY)
_ACTIVE = (*_PENDING, A.APPROVE, A.ACTIVATE)
_DENIED = (*_PENDING, A.DENY)


@dataclass(frozen=True, slots=True)
class _Story:
    actions: tuple[Action, ...]
    eligible: bool = True
    near_relative: bool = False
    renhu_fenli: bool = False
    # Extra working days before the story starts, e.g. households approved months ago that are on the roster.
    earlier: int = 0


# One story per state (and per data-check lane value); the rest of the households repeat the common ones.
STORIES: tuple[_Story, ...] = (
    _Story(()),  # DRAFT
    _Story((A.SUBMIT_ONLINE,)),  # SUBMITTED_ONLINE
    _Story((A.SUBMIT_ONLINE, A.REQUEST_MATERIALS)),  # PENDING_MATERIALS
    _Story(_ACCEPT),  # ACCEPTED
    _Story((*_ACCEPT, A.REQUEST_DATA_CHECK)),  # ACCEPTED ∥ DATA_CHECK_REQUESTED
    _Story((*_ACCEPT, A.START_INVESTIGATION)),  # INVESTIGATING
    _Story((*_ACCEPT, A.START_INVESTIGATION, A.REQUEST_DATA_CHECK, A.RECORD_DATA_CHECK)),  # ∥ DATA_CHECKED
    _Story(_INVESTIGATED, near_relative=True),  # INVESTIGATED (county field check task)
    _Story((*_INVESTIGATED, A.RECORD_DATA_CHECK, A.START_RECHECK)),  # RECHECK
    _Story(_ASSESSED),  # ASSESSED
    _Story((*_ASSESSED, A.GIVE_PRELIM_OPINION)),  # PRELIM_OPINION
    _Story(_PUBLICIZING, renhu_fenli=True),  # PUBLICIZING, posted at both places
    _Story((*_PUBLICIZING, A.REFER_DEMOCRATIC_REVIEW)),  # DEMOCRATIC_REVIEW
    _Story(_PENDING),  # DECISION_PENDING
    _Story((*_PENDING, A.APPROVE)),  # APPROVED: a certificate to print
    _Story(_ACTIVE),  # ACTIVE
    _Story(_DENIED, eligible=False),  # DENIED: a denial notice to send
    _Story((*_DENIED, A.SERVE_DENIAL_NOTICE), eligible=False),  # DENIAL_NOTIFIED
    _Story((*_DENIED, A.SERVE_DENIAL_NOTICE, A.CLOSE), eligible=False),  # CLOSED
    _Story((*_ACCEPT, A.START_INVESTIGATION, A.WITHDRAW)),  # WITHDRAWN
    _Story((*_ACCEPT, A.START_INVESTIGATION, A.TERMINATE_NONCOOPERATION)),  # TERMINATED_NONCOOPERATION
    _Story((*_ACTIVE, A.TERMINATE)),  # TERMINATED
)
_REPEATED: tuple[_Story, ...] = (
    _Story(_ACTIVE, earlier=30),
    _Story(_ACCEPT),
    _Story((*_ACCEPT, A.START_INVESTIGATION)),
)

# Done on the same working day as the step before (the check is requested at acceptance, the assessment is made
# when the field report comes in, publicity is posted the day the opinion is given).
_SAME_DAY = frozenset({A.REQUEST_DATA_CHECK, A.ASSESS, A.POST_PUBLICITY})

_REASONS: dict[Action, str] = {
    A.DENY: "经入户调查和信息核对，家庭人均收入高于当地低保标准，不符合最低生活保障条件。",
    A.RESURVEY: "民主评议认为需重新核实家庭收入。",
    A.TERMINATE_NONCOOPERATION: "申请人无正当理由拒不配合入户调查。",
    A.TERMINATE: "家庭成员稳定就业，人均收入已超过当地低保标准。",
}
# Monthly household income (yuan) declared in the demo: clearly below or clearly above the demo standards.
_LOW_INCOME_PER_PERSON = Decimal("150")
_HIGH_INCOME_PER_PERSON = Decimal("3000")


@dataclass(frozen=True, slots=True)
class DemoSummary:
    township_code: str
    households: int
    cases: int
    # (main state, count), in the order of the process.
    states: tuple[tuple[CaseState, int], ...] = ()
    assigned_cases: int = 0
    planned_visits: int = 0


def add_demo_certificate_range(session: Session, actor: Actor, clock: Clock) -> None:
    """A clearly-marked demo serial range with a throwaway signing key, so approved demo cases print a certificate.

    A real range and key come from the county (`dibao certificates range-add`); this one is for training only.
    """
    from app.services.certificates import allocate_range, ranges
    from app.services.documents import new_signing_key

    if ranges(session, DEMO_TOWNSHIP):
        return
    private_pem, _ = new_signing_key()
    allocate_range(
        session,
        actor,
        township_code=DEMO_TOWNSHIP,
        prefix="DEMO-360222900-",
        first=1,
        last=500,
        signing_key_pem=private_pem,
        clock=clock,
        reference="演示号段（培训用，非正式证号）",
    )


def fill_demo(
    session: Session,
    actor: Actor,
    *,
    clock: Clock,
    households: int = 30,
    seed: int = 2026,
    rules: RuleReader | None = None,
    calendar: WorkCalendar | None = None,
) -> DemoSummary:
    actor.require(Permission.MANAGE_REFERENCE)
    if session.get(Division, DEMO_TOWNSHIP) is None:
        reference.import_divisions(session, actor, reference.bundled_divisions_text(), clock=clock)
    if (
        session.scalar(select(DiscoveryRefItem.id).limit(1)) is None
    ):  # the nine groups and four teams, to log visits
        discovery.import_discovery_reference(session, actor, discovery.bundled_reference_text(), clock=clock)
    book = rules or default_rule_book()
    work = calendar or effective_calendar(session)
    villages = list(
        session.scalars(
            select(Division.code).where(Division.parent_code == DEMO_TOWNSHIP).order_by(Division.code)
        )
    )
    # Demo records are entered as the staff of each step would enter them, under the admin's own identity.
    staff = {role: replace(actor, role=role) for role in Role}
    reached: Counter[CaseState] = Counter()
    made = 0
    for n, h in enumerate(synthetic_households(seed, households, today=clock.today())):
        story = STORIES[n] if n < len(STORIES) else _REPEATED[(n - len(STORIES)) % len(_REPEATED)]
        household_id = _register(
            session, staff[Role.WINDOW_CLERK], h, villages[n % len(villages)], story, clock
        )
        ref = cases.open_case(
            session,
            staff[Role.WINDOW_CLERK],
            household_id=household_id,
            township_code=DEMO_TOWNSHIP,
            channel="ONLINE" if story.actions[:1] == (A.SUBMIT_ONLINE,) else "WINDOW",
            clock=clock,
        )
        final = _drive(session, staff, ref.id, story, n, book, work, clock)
        reached[final] += 1
        made += 1
    assigned, planned = assign_demo_work(session, staff[Role.COORDINATOR], clock=clock, calendar=work)
    order = {s: i for i, s in enumerate(CaseState)}
    return DemoSummary(
        DEMO_TOWNSHIP,
        made,
        made,
        tuple(sorted(reached.items(), key=lambda kv: order[kv[0]])),
        assigned_cases=assigned,
        planned_visits=planned,
    )


def demo_team(session: Session) -> list[tuple[str, str]]:
    """The demo's two investigators: this store's investigator accounts first (so an investigator who logs in sees
    work), made up to two with the fictional demo investigators."""
    accounts = [
        (str(u.id), u.display_name)
        for u in session.scalars(
            select(User)
            .where(User.active.is_(True), User.role == Role.INVESTIGATOR.value)
            .order_by(User.login)
        )
        if not u.township_code or u.township_code == DEMO_TOWNSHIP
    ][:2]
    fictional = list(zip(DEMO_INVESTIGATORS, DEMO_INVESTIGATOR_NAMES, strict=True))
    return accounts + fictional[: 2 - len(accounts)]


def assign_demo_work(
    session: Session,
    actor: Actor,
    *,
    clock: Clock,
    team: Sequence[tuple[str, str]] | None = None,
    calendar: WorkCalendar | None = None,
) -> tuple[int, int]:
    """Put ``team`` (user id, name; default ``demo_team``) on the demo cases that need a home visit and plan visits:
    the first today, the next ones on the following working days of this week, one on the first working day of next
    week. Someone else already on such a case is taken off and their planned visit cancelled, so this can hand the
    demo's work to an account added later. Returns (cases assigned, visits planned)."""
    people = list(team) if team is not None else demo_team(session)
    work = calendar or effective_calendar(session)
    today = clock.today()
    _, sunday = assignments.week_of(today)
    days = [today] + [
        d
        for d in (today + timedelta(days=i) for i in range(1, (sunday - today).days + 1))
        if work.is_working_day(d).working
    ]
    days.append(work.next_working_day(sunday + timedelta(days=1)).date)
    wanted = {user_id for user_id, _ in people}
    targets = session.scalars(
        select(Case)
        .where(Case.township_code == DEMO_TOWNSHIP, Case.state.in_([s.value for s in _TO_VISIT]))
        .order_by(Case.created_at, Case.id)
    ).all()
    planned = 0
    for n, case in enumerate(targets):
        case_id = str(case.id)
        staffing = assignments.case_staffing(session, actor, case_id)
        leaving = [a for a in staffing.assignments if a.active and a.user_id not in wanted]
        if leaving:
            for visit in staffing.visits:
                if visit.status == assignments.PLANNED:
                    assignments.cancel_visit(session, actor, visit.id, reason="演示数据重新分派", clock=clock)
            for a in leaving:
                assignments.end_assignment(
                    session, actor, case_id, user=a.user_id, reason="演示数据重新分派", clock=clock
                )
        on_case = {a.user_id for a in staffing.assignments if a.active}
        for user_id, name in people:
            if user_id not in on_case:
                assignments.assign_staff(
                    session, actor, case_id, user_id=user_id, user_name=name, clock=clock
                )
        has_plan = session.scalar(
            select(ScheduledVisit.id)
            .where(ScheduledVisit.case_id == case.id, ScheduledVisit.status == assignments.PLANNED)
            .limit(1)
        )
        if n < len(days) and has_plan is None:
            assignments.schedule_visit(
                session,
                actor,
                case_id,
                planned_on=days[n],
                time_slot="上午" if n % 2 == 0 else "下午",
                note="演示：请携带入户调查表",
                clock=clock,
            )
            planned += 1
    return len(targets), planned


def _register(
    session: Session, clerk: Actor, h: SyntheticHousehold, village: str, story: _Story, clock: Clock
) -> str:
    members = tuple(
        MemberInput(
            name=p.name,
            id_number=p.id_number,
            relation=p.relation,
            id_type=p.id_type,
            phone=p.phone,
            pending_reason=p.pending_reason,
        )
        for p in h.members
    )
    row = register_household(
        session,
        clerk,
        HouseholdInput(
            area_code=village,
            members=members,
            hukou_address=h.address,
            residence_address=h.address,
            is_renhu_fenli=story.renhu_fenli,
        ),
        clock=clock,
    )
    return row.id


def _start_date(story: _Story, n: int, calendar: WorkCalendar, today: date) -> date:
    """Working days back from today so the last step lands a few working days ago (0–4, so some clocks run late);
    a publicity period counts as 7 working days, which always covers 7 calendar days."""
    needed = max(sum(1 for a in story.actions if a not in _SAME_DAY) - 1, 0) + n % 5 + story.earlier
    if A.END_PUBLICITY in story.actions or A.REFER_DEMOCRATIC_REVIEW in story.actions:
        needed += 7
    day = today
    while needed > 0:
        day -= timedelta(days=1)
        if calendar.is_working_day(day).working:
            needed -= 1
    return day


def _drive(
    session: Session,
    staff: dict[Role, Actor],
    case_id: str,
    story: _Story,
    n: int,
    rules: RuleReader,
    calendar: WorkCalendar,
    clock: Clock,
) -> CaseState:
    today = clock.today()
    on = _start_date(story, n, calendar, today)
    if story.near_relative:
        register_near_relative(
            session,
            staff[Role.WINDOW_CLERK],
            case_id,
            staff_user_id=DEMO_RELATED_STAFF,
            staff_name=DEMO_RELATED_STAFF_NAME,
            staff_post="乡镇社会救助经办人员",
            relation="兄弟姐妹",
            declared_on=min(on, today),
            clock=clock,
        )
    if story.renhu_fenli:
        record_application_place(
            session, staff[Role.WINDOW_CLERK], case_id, applied_at_residence=True, clock=clock
        )
    state = CaseState.DRAFT
    publicity_end: date | None = None
    for index, action in enumerate(story.actions):
        if index > 0 and action not in _SAME_DAY:
            on = calendar.next_working_day(on + timedelta(days=1)).date
        if action in (A.END_PUBLICITY, A.REFER_DEMOCRATIC_REVIEW) and publicity_end is not None:
            on = max(on, publicity_end + timedelta(days=1))
        on = min(on, today)
        roles = TRANSITION_BY_ACTION[action].roles
        role = next(r for r in (Role.WINDOW_CLERK, Role.INVESTIGATOR, Role.COUNTY_REVIEWER) if r in roles)
        assessment = None
        if action is A.ASSESS:
            per_person = _LOW_INCOME_PER_PERSON if story.eligible else _HIGH_INCOME_PER_PERSON
            draft = simple_assessment_input(
                session, case_id, monthly_income=Decimal(0), rules=rules, reference_date=on
            )
            assessment = simple_assessment_input(
                session,
                case_id,
                monthly_income=per_person * draft.household_size,
                rules=rules,
                reference_date=on,
            )
        if action in (A.REQUEST_DATA_CHECK, A.RECORD_DATA_CHECK):
            # Through the supervision services, as the staff do it: the request row puts the case on the county's
            # worklist, the report row puts the result on the case.
            _data_check(session, staff, case_id, action, on, n, rules, calendar, clock)
            state = CaseState(load_case(session, case_id).state)
            continue
        try:
            result = apply_action(
                session,
                staff[role],
                case_id,
                action,
                clock=clock,
                calendar=calendar,
                rules=rules,
                inputs=_inputs(action, on),
                assessment=assessment,
                on_date=on,
            )
        except RuleMissing:
            # No standard in the rule tables for this date (e.g. a demo run after the demo standards end): the
            # story stops before the assessment rather than inventing a figure.
            break
        state = result.after.state
        if action is A.POST_PUBLICITY:
            publicity_end = next(o.due_on for o in result.opened)
    return state


def _data_check(
    session: Session,
    staff: dict[Role, Actor],
    case_id: str,
    action: Action,
    on: date,
    n: int,
    rules: RuleReader,
    calendar: WorkCalendar,
    clock: Clock,
) -> None:
    if action is A.REQUEST_DATA_CHECK:
        data_checks.request_data_check(
            session,
            staff[Role.WINDOW_CLERK],
            case_id,
            clock=clock,
            calendar=calendar,
            rules=rules,
            on_date=on,
        )
        return
    data_checks.record_data_check_report(
        session,
        staff[Role.COUNTY_REVIEWER],
        case_id,
        report_no=f"演示核〔{on.year}〕{n + 1:03d}号",
        issued_on=on,
        received_on=on,
        items=("户籍", "社保", "不动产", "车辆", "存款"),
        anomalies=(),
        conclusion=data_checks.Conclusion.PASS,
        clock=clock,
        calendar=calendar,
        rules=rules,
    )


def _inputs(action: Action, on: date) -> TransitionInput:
    return TransitionInput(
        missing_items=("户口簿复印件", "近6个月收入证明"),
        investigator_ids=DEMO_INVESTIGATORS,
        objection=(
            "申请人对核对报告中的存款数据提出异议，并提供了银行流水"
            if action is A.START_RECHECK
            else "有村民反映申请人家庭有经营收入，并提供了照片"
        ),
        reason=_REASONS.get(action, ""),
        certificate_issued=action is A.ACTIVATE,
        family_heard_on=on,
    )
