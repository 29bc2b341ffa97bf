"""Investigators on a case and planned home visits: who may assign, who may not be assigned, the two-investigator
rule, the visit lifecycle, and the investigator's "my cases" / "my visits" read models."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.db import audit
from app.db.changelog import verify_outbox_sequence
from app.db.models import OutboxEntry
from app.db.models.assignments import CaseAssignment, ScheduledVisit
from app.db.store import OpenStore
from app.domain.actor import Actor
from app.domain.clock import FixedClock
from app.domain.errors import NotFound, PermissionDenied, RecusalRequired, ValidationError
from app.domain.roles import Role
from app.services import accounts
from app.services import assignments as svc
from app.services.workflow import register_near_relative
from app.workflow.states import Action
from tests.conftest import CHEAP_KDF
from tests.services.workflow_support import RULES, TOWNSHIP, World, counts, make_world

TODAY = date(2026, 9, 18)  # the conftest clock: a Friday


@pytest.fixture
def world(store: OpenStore, clock: FixedClock) -> World:
    w = make_world(store, clock)
    with w.work() as session:
        for login, name, role, town in (
            ("li", "李调查", Role.INVESTIGATOR, TOWNSHIP),
            ("wang", "王调查", Role.INVESTIGATOR, TOWNSHIP),
            ("zhao", "赵调查", Role.INVESTIGATOR, TOWNSHIP),
            ("other", "外镇调查", Role.INVESTIGATOR, "360203900"),
            ("clerk", "窗口", Role.WINDOW_CLERK, TOWNSHIP),
        ):
            accounts.add_user(
                store,
                session,
                login=login,
                display_name=name,
                role=role,
                password="pass-word-123",
                clock=clock,
                township_code=town,
                kdf=CHEAP_KDF,
            )
    return w


def user_id(world: World, login: str) -> str:
    with world.store.reading() as session:
        return next(u.id for u in accounts.list_users(session, world.store.actor) if u.login == login)


def as_investigator(world: World, login: str) -> Actor:
    return replace(world.store.actor, role=Role.INVESTIGATOR, user_id=user_id(world, login), login=login)


def coordinator(world: World) -> Actor:
    return world.staff[Role.COORDINATOR]


def accepted_case(world: World) -> str:
    with world.work() as session:
        case_id = world.new_case(session)
        world.act(session, case_id, Action.SUBMIT_WINDOW)
    return case_id


def assign(world: World, case_id: str, *logins: str, actor: Actor | None = None) -> None:
    with world.work() as session:
        for login in logins:
            svc.assign_investigator(
                session, actor or coordinator(world), case_id, user=login, clock=world.clock
            )


# --------------------------------------------------------------------------------------------------- assigning


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.WINDOW_CLERK, Role.ADMIN])
def test_coordinator_clerk_and_admin_may_assign(world: World, role: Role) -> None:
    case_id = accepted_case(world)
    with world.work() as session:
        before = counts(session)
        row = svc.assign_investigator(session, world.staff[role], case_id, user="li", clock=world.clock)
        assert (row.user_name, row.role, row.role_label, row.active) == ("李调查", "LEAD", "主调查人", True)
        assert counts(session) == (before[0] + 1, before[1] + 1)  # one audit event, one outbox entry
        entry = session.scalars(select(OutboxEntry).order_by(OutboxEntry.device_seq.desc())).first()
        assert entry is not None and entry.entity_type == "case_assignment" and entry.op == "create"
        assert json.loads(entry.fields_json)["user_id"] == user_id(world, "li")
        assert verify_outbox_sequence(session) == (True, "")
        assert audit.count_events(session, "case.investigator_assigned") == 1


@pytest.mark.parametrize("role", [Role.INVESTIGATOR, Role.COUNTY_REVIEWER])
def test_investigators_and_the_county_may_not_assign(world: World, role: Role) -> None:
    case_id = accepted_case(world)
    with world.work() as session, pytest.raises(PermissionDenied, match="分派调查人员"):
        svc.assign_investigator(session, world.staff[role], case_id, user="li", clock=world.clock)


def test_second_person_is_second_investigator_and_the_same_person_twice_is_refused(world: World) -> None:
    case_id = accepted_case(world)
    assign(world, case_id, "li", "wang")
    with world.work() as session:
        rows = session.scalars(select(CaseAssignment).order_by(CaseAssignment.created_at)).all()
        assert [(r.user_name, r.role) for r in rows] == [("李调查", "LEAD"), ("王调查", "SECOND")]
        with pytest.raises(ValidationError, match="已分派到本案，不能重复分派"):
            svc.assign_investigator(session, coordinator(world), case_id, user="li", clock=world.clock)
        with pytest.raises(ValidationError, match="已有主调查人 李调查"):
            svc.assign_investigator(
                session, coordinator(world), case_id, user="zhao", role="lead", clock=world.clock
            )
        third = svc.assign_investigator(
            session, coordinator(world), case_id, user="zhao", role="协同调查人", clock=world.clock
        )
        assert third.role == "SECOND"


@pytest.mark.parametrize(
    ("login", "message"),
    [
        ("nobody", "没有可用的账号"),
        ("clerk", "不能做入户调查"),
        ("other", "不属于该案件所在乡镇"),
    ],
)
def test_only_investigators_of_the_case_township_can_be_assigned(
    world: World, login: str, message: str
) -> None:
    case_id = accepted_case(world)
    with world.work() as session, pytest.raises(ValidationError, match=message):
        svc.assign_investigator(session, coordinator(world), case_id, user=login, clock=world.clock)


def test_an_unknown_role_word_is_refused(world: World) -> None:
    case_id = accepted_case(world)
    with world.work() as session, pytest.raises(ValidationError, match="调查分工"):
        svc.assign_investigator(
            session, coordinator(world), case_id, user="li", role="boss", clock=world.clock
        )


def test_a_related_staff_member_is_never_assigned_and_a_related_coordinator_cannot_assign(
    world: World,
) -> None:
    case_id = accepted_case(world)
    related = user_id(world, "wang")
    with world.work() as session:
        register_near_relative(
            session,
            world.clerk,
            case_id,
            staff_user_id=related,
            staff_name="王调查",
            relation="配偶",
            declared_on=TODAY,
            clock=world.clock,
        )
    with world.work() as session:
        with pytest.raises(RecusalRequired, match="王调查 与本案申请家庭有近亲属关系"):
            svc.assign_investigator(session, coordinator(world), case_id, user="wang", clock=world.clock)
        related_coordinator = replace(coordinator(world), user_id=related)
        with pytest.raises(RecusalRequired):
            svc.assign_investigator(session, related_coordinator, case_id, user="li", clock=world.clock)
        staffing = svc.case_staffing(session, coordinator(world), case_id)
        flags = {c.login: c.related for c in staffing.candidates}
        assert flags == {"li": False, "wang": True, "zhao": False}  # "other" is of another township


def test_a_filing_after_the_assignment_keeps_the_relative_off_the_visit(world: World) -> None:
    case_id = accepted_case(world)
    assign(world, case_id, "li", "wang")
    with world.work() as session:
        register_near_relative(
            session,
            world.clerk,
            case_id,
            staff_user_id=user_id(world, "wang"),
            staff_name="王调查",
            relation="兄弟姐妹",
            declared_on=TODAY,
            clock=world.clock,
        )
    with world.work() as session, pytest.raises(RecusalRequired, match="不能参加入户调查"):
        svc.schedule_visit(session, coordinator(world), case_id, planned_on=TODAY, clock=world.clock)


def test_a_case_that_left_the_process_gets_nobody(world: World) -> None:
    case_id = accepted_case(world)
    with world.work() as session:
        world.act(session, case_id, Action.START_INVESTIGATION)
        world.act(session, case_id, Action.WITHDRAW)
    with world.work() as session, pytest.raises(ValidationError, match="已撤回"):
        svc.assign_investigator(session, coordinator(world), case_id, user="li", clock=world.clock)


def test_ending_an_assignment_takes_the_person_off_planned_visits(world: World) -> None:
    case_id = accepted_case(world)
    assign(world, case_id, "li", "wang")
    with world.work() as session:
        visit = svc.schedule_visit(session, coordinator(world), case_id, planned_on=TODAY, clock=world.clock)
        assert visit.investigator_names == ("李调查", "王调查") and not visit.short_of_staff
        ended = svc.end_assignment(
            session, coordinator(world), case_id, user="wang", reason="调岗", clock=world.clock
        )
        assert not ended.active and ended.ended_on == TODAY
        with pytest.raises(NotFound):
            svc.end_assignment(session, coordinator(world), case_id, user="wang", clock=world.clock)
    with world.work() as session:
        row = svc.case_staffing(session, coordinator(world), case_id).visits[0]
        assert row.investigator_names == ("李调查",) and row.short_of_staff
        with pytest.raises(ValidationError, match="只剩 1 名"):
            svc.complete_visit(session, coordinator(world), row.id, clock=world.clock)
        # The same person may come back once their assignment has ended.
        again = svc.assign_investigator(session, coordinator(world), case_id, user="wang", clock=world.clock)
        assert again.active and again.role == "SECOND"


# --------------------------------------------------------------------------------------------------- visits


def test_a_visit_needs_two_assigned_investigators(world: World) -> None:
    case_id = accepted_case(world)
    assign(world, case_id, "li")
    with world.work() as session:
        with pytest.raises(ValidationError, match="至少 2 名调查人员，本次只有 1 名"):
            svc.schedule_visit(session, coordinator(world), case_id, planned_on=TODAY, clock=world.clock)
        with pytest.raises(ValidationError, match="没有分派到本案"):
            svc.schedule_visit(
                session,
                coordinator(world),
                case_id,
                planned_on=TODAY,
                investigators=["li", "zhao"],
                clock=world.clock,
            )


def test_visit_lifecycle_plan_move_complete_and_refusals(world: World) -> None:
    case_id = accepted_case(world)
    assign(world, case_id, "li", "wang")
    li = as_investigator(world, "li")
    with world.work() as session:
        with pytest.raises(ValidationError, match="早于今天"):
            svc.schedule_visit(session, li, case_id, planned_on=TODAY - timedelta(days=1), clock=world.clock)
        visit = svc.schedule_visit(
            session,
            li,
            case_id,
            planned_on=TODAY + timedelta(days=3),
            time_slot="上午",
            note="带表",
            clock=world.clock,
        )
        assert (visit.status, visit.status_label, visit.time_slot) == ("PLANNED", "待入户", "上午")
        with pytest.raises(ValidationError, match="已安排 2026-09-21 入户"):
            svc.schedule_visit(session, li, case_id, planned_on=TODAY, clock=world.clock)
        moved = svc.reschedule_visit(
            session, li, visit.id, planned_on=TODAY, time_slot="下午", clock=world.clock
        )
        assert (moved.planned_on, moved.time_slot, moved.note) == (TODAY, "下午", "带表")
        with pytest.raises(ValidationError, match="不能晚于今天"):
            svc.complete_visit(session, li, visit.id, done_on=TODAY + timedelta(days=1), clock=world.clock)
        outsider = as_investigator(world, "zhao")
        with pytest.raises(PermissionDenied):
            svc.complete_visit(session, outsider, visit.id, clock=world.clock)
        with pytest.raises(PermissionDenied):
            svc.reschedule_visit(session, outsider, visit.id, planned_on=TODAY, clock=world.clock)
        done = svc.complete_visit(session, li, visit.id, clock=world.clock)
        assert (done.status, done.done_on) == ("DONE", TODAY)
        with pytest.raises(ValidationError, match="已入户，不能再取消"):
            svc.cancel_visit(session, coordinator(world), visit.id, reason="x", clock=world.clock)
        assert audit.count_events(session, "visit.done") == 1
        assert verify_outbox_sequence(session) == (True, "")


def test_cancelling_needs_a_reason_and_frees_the_case_for_a_new_plan(world: World) -> None:
    case_id = accepted_case(world)
    assign(world, case_id, "li", "wang")
    with world.work() as session:
        visit = svc.schedule_visit(session, coordinator(world), case_id, planned_on=TODAY, clock=world.clock)
        with pytest.raises(ValidationError, match="写明原因"):
            svc.cancel_visit(session, coordinator(world), visit.id, reason="  ", clock=world.clock)
        cancelled = svc.cancel_visit(
            session, coordinator(world), visit.id, reason="户主外出", clock=world.clock
        )
        assert (cancelled.status, cancelled.cancel_reason) == ("CANCELLED", "户主外出")
        again = svc.schedule_visit(session, coordinator(world), case_id, planned_on=TODAY, clock=world.clock)
        assert again.status == "PLANNED"
        stored = session.scalars(select(ScheduledVisit).order_by(ScheduledVisit.created_at)).all()
        assert [v.status for v in stored] == ["CANCELLED", "PLANNED"]


def test_an_investigator_not_on_the_case_cannot_plan_its_visit(world: World) -> None:
    case_id = accepted_case(world)
    assign(world, case_id, "li", "wang")
    with world.work() as session, pytest.raises(PermissionDenied, match="须为本案调查人员或协调员"):
        svc.schedule_visit(
            session, as_investigator(world, "zhao"), case_id, planned_on=TODAY, clock=world.clock
        )


# --------------------------------------------------------------------------------------------------- read models


@pytest.mark.parametrize(
    ("today", "monday", "sunday"),
    [
        (date(2026, 9, 14), date(2026, 9, 14), date(2026, 9, 20)),  # Monday
        (date(2026, 9, 18), date(2026, 9, 14), date(2026, 9, 20)),  # Friday
        (date(2026, 9, 20), date(2026, 9, 14), date(2026, 9, 20)),  # Sunday (a make-up working day in 2026)
        (date(2026, 12, 31), date(2026, 12, 28), date(2027, 1, 3)),  # across the year
    ],
)
def test_week_is_monday_to_sunday_containing_today(today: date, monday: date, sunday: date) -> None:
    assert svc.week_of(today) == (monday, sunday)


def test_my_visits_keeps_the_week_boundaries_and_only_my_visits(world: World) -> None:
    monday, sunday = svc.week_of(TODAY)
    plans = {
        "today": TODAY,
        "sunday": sunday,
        "next monday": sunday + timedelta(days=1),
    }
    ids: dict[str, str] = {}
    for label, day in plans.items():
        case_id = accepted_case(world)
        assign(world, case_id, "li", "wang" if label != "sunday" else "zhao")
        with world.work() as session:
            ids[label] = svc.schedule_visit(
                session, coordinator(world), case_id, planned_on=day, clock=world.clock
            ).case_id
    # A visit last Monday, done: planned while it was still ahead.
    past_case = accepted_case(world)
    assign(world, past_case, "li", "wang")
    early = FixedClock(world.clock.now() - timedelta(days=4))
    with world.work() as session:
        visit = svc.schedule_visit(session, coordinator(world), past_case, planned_on=monday, clock=early)
        svc.complete_visit(session, coordinator(world), visit.id, clock=early)
    li, wang = as_investigator(world, "li"), as_investigator(world, "wang")
    with world.store.reading() as session:
        mine = svc.my_visits(session, li, monday, sunday)
        assert [(r.planned_on, r.status) for r in mine] == [
            (monday, "DONE"),
            (TODAY, "PLANNED"),
            (sunday, "PLANNED"),
        ]
        assert ids["next monday"] not in {r.case_id for r in mine}
        assert [r.case_id for r in svc.my_visits(session, li, TODAY, TODAY)] == [ids["today"]]
        assert ids["sunday"] not in {r.case_id for r in svc.my_visits(session, wang, monday, sunday)}
        assert all(r.head_id_masked.startswith("*" * 14) for r in mine)
        assert all(r.village_name == "窑前社区（样例）" for r in mine)
        with pytest.raises(ValidationError, match="早于开始日期"):
            svc.my_visits(session, li, sunday, monday)


def test_my_cases_are_sorted_by_the_next_open_deadline(world: World) -> None:
    """Three cases accepted on different days: the oldest acceptance has the earliest investigation deadline."""
    made: list[str] = []
    for back in (0, 6, 3):  # calendar days before today
        then = FixedClock(world.clock.now() - timedelta(days=back))
        w = replace(world, clock=then)
        with w.work() as session:
            case_id = w.new_case(session)
            w.act(session, case_id, Action.SUBMIT_WINDOW)
        made.append(case_id)
    for case_id in made:
        assign(world, case_id, "li", "wang")
    unassigned = accepted_case(world)
    with world.work() as session:
        svc.end_assignment(session, coordinator(world), made[0], user="li", clock=world.clock)
        svc.schedule_visit(
            session,
            coordinator(world),
            made[2],
            planned_on=TODAY,
            investigators=["li", "wang"],
            clock=world.clock,
        )
    li = as_investigator(world, "li")
    with world.store.reading() as session:
        rows = svc.my_cases(session, li, TODAY, calendar=world.calendar(session), rules=RULES)
        assert [r.case_id for r in rows] == [made[1], made[2]]  # made[0]: no longer mine; unassigned: never
        assert unassigned not in {r.case_id for r in rows}
        dues = [r.next_deadline.due_on for r in rows if r.next_deadline]
        assert dues == sorted(dues) and len(dues) == 2 and dues[0] < dues[1]
        assert all(r.next_deadline and r.next_deadline.step_label == "入户调查" for r in rows)
        assert rows[0].overdue and not rows[1].overdue  # accepted 6 days ago: 3 working days have passed
        assert [r.my_role_label for r in rows] == ["主调查人", "主调查人"]
        assert rows[1].co_investigators == ("王调查",) and rows[1].next_visit_on == TODAY
        assert rows[0].state_label.startswith("已受理") and rows[0].head_id_masked.startswith("*" * 14)
        wang = svc.my_cases(
            session, as_investigator(world, "wang"), TODAY, calendar=world.calendar(session), rules=RULES
        )
        assert [r.case_id for r in wang] == [made[1], made[2], made[0]]
        assert [r.my_role_label for r in wang] == ["协同调查人"] * 3
