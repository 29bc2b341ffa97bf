"""The case workflow through the service: every change audited and queued once, refusals write nothing."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import audit
from app.db.changelog import verify_outbox_sequence
from app.db.models import (
    AuditEvent,
    Case,
    CaseAssessment,
    CaseDeadline,
    CaseDecision,
    CaseTask,
    MissingMaterialItem,
    OutboxEntry,
)
from app.db.store import OpenStore
from app.domain.clock import FixedClock
from app.domain.errors import InvalidTransition, PermissionDenied, RecusalRequired, ValidationError
from app.domain.roles import Role
from app.services import case_views, payments
from app.services.workflow import complete_task, record_application_place, register_near_relative
from app.workflow.deadlines import Step
from app.workflow.rules import YearMonth
from app.workflow.states import Action, CaseState, TaskKind, TransitionInput
from tests.services.workflow_support import FULL, HIGH_INCOME, TOWNSHIP, World, counts, make_world

A = Action


@pytest.fixture
def world(store: OpenStore, clock: FixedClock) -> World:
    return make_world(store, clock)


_TO_DECISION = (
    A.SUBMIT_WINDOW,
    A.REQUEST_DATA_CHECK,
    A.START_INVESTIGATION,
    A.RECORD_DATA_CHECK,
    A.COMPLETE_INVESTIGATION,
    A.ASSESS,
    A.GIVE_PRELIM_OPINION,
    A.POST_PUBLICITY,
    A.END_PUBLICITY,
)
PATHS: dict[str, tuple[tuple[Action, ...], bool]] = {
    "approve-activate-terminate": ((*_TO_DECISION, A.APPROVE, A.ACTIVATE, A.TERMINATE), True),
    "deny-notify-close": ((*_TO_DECISION, A.DENY, A.SERVE_DENIAL_NOTICE, A.CLOSE), False),
    "democratic-review-resurvey": (
        (
            *_TO_DECISION[:-1],
            A.REFER_DEMOCRATIC_REVIEW,
            A.RESURVEY,
            A.COMPLETE_INVESTIGATION,
            A.ASSESS,
            A.GIVE_PRELIM_OPINION,
            A.POST_PUBLICITY,
            A.REFER_DEMOCRATIC_REVIEW,
            A.CONCLUDE_DEMOCRATIC_REVIEW,
            A.APPROVE,
        ),
        True,
    ),
    "online-materials-withdraw": (
        (A.SUBMIT_ONLINE, A.REQUEST_MATERIALS, A.COMPLETE_MATERIALS, A.START_INVESTIGATION, A.WITHDRAW),
        True,
    ),
    "recheck-noncooperation": (
        (
            A.SUBMIT_WINDOW,
            A.START_INVESTIGATION,
            A.REQUEST_DATA_CHECK,
            A.RECORD_DATA_CHECK,
            A.COMPLETE_INVESTIGATION,
            A.START_RECHECK,
            A.COMPLETE_RECHECK,
            A.TERMINATE_NONCOOPERATION,
        ),
        True,
    ),
}


def _new_outbox(session: Session, after_seq: int) -> list[OutboxEntry]:
    return list(session.scalars(select(OutboxEntry).where(OutboxEntry.device_seq > after_seq)))


def _new_audit(session: Session, after_seq: int) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.seq > after_seq)))


def _last_seqs(session: Session) -> tuple[int, int]:
    a = session.scalar(select(AuditEvent.seq).order_by(AuditEvent.seq.desc()).limit(1)) or 0
    o = session.scalar(select(OutboxEntry.device_seq).order_by(OutboxEntry.device_seq.desc()).limit(1)) or 0
    return a, o


@pytest.mark.parametrize("path", list(PATHS), ids=list(PATHS))
def test_every_transition_writes_one_audit_event_and_one_outbox_entry_per_changed_row(
    world: World, path: str
) -> None:
    actions, eligible = PATHS[path]
    with world.work() as session:
        case_id = world.new_case(session)
        for action in actions:
            if action in (A.END_PUBLICITY, A.REFER_DEMOCRATIC_REVIEW):
                world.clock.advance(
                    timedelta(days=20)
                )  # the guard needs the publicity period over (even over 国庆)
            assessment = None
            if action is A.ASSESS:
                assessment = world.assessment(session, case_id, *(() if eligible else (HIGH_INCOME,)))
            audit_seq, outbox_seq = _last_seqs(session)
            result = world.act(session, case_id, action, assessment=assessment)
            events, entries = _new_audit(session, audit_seq), _new_outbox(session, outbox_seq)
            assert len(events) == len(entries) == result.changes >= 1, action
            keys = [(e.entity_type, e.entity_id) for e in entries]
            assert len(keys) == len(set(keys)), f"{action}: a row was queued twice"
            assert [(e.entity_type, e.entity_id) for e in events] == keys
            transitions = [e for e in events if e.action == "case.transition"]
            assert len(transitions) == 1
            assert transitions[0].entity_id == case_id
            assert json.loads(transitions[0].details_json)["action"] == action.value
            case = session.get(Case, uuid.UUID(case_id))
            assert case is not None
            assert case.state == result.after.state.value
            assert case.data_check_state == (
                result.after.data_check.value if result.after.data_check else None
            )
        assert audit.verify_chain(session).ok
        assert verify_outbox_sequence(session) == (True, "")


def test_invalid_transition_names_state_and_prerequisite_in_chinese_and_writes_nothing(world: World) -> None:
    with world.work() as session:
        case_id = world.new_case(session)
    with world.work() as session:
        before = counts(session)
        with pytest.raises(InvalidTransition) as err:
            world.act(session, case_id, A.APPROVE)
        assert "草稿" in str(err.value)
        assert "确认同意" in str(err.value)
        assert "公示期满" in str(err.value)
        assert counts(session) == before
        assert not session.new and not session.dirty
    # Through a unit of work the refusal also leaves the store untouched.
    with pytest.raises(InvalidTransition), world.work() as session:
        world.act(session, case_id, A.CLOSE)
    with world.store.reading() as session:
        assert counts(session) == before
        case = session.get(Case, uuid.UUID(case_id))
        assert case is not None and case.state == "DRAFT"
        assert session.scalars(select(CaseDeadline)).all() == []


@pytest.mark.parametrize(
    ("action", "inputs", "expected"),
    [
        (A.COMPLETE_INVESTIGATION, TransitionInput(investigator_ids=("only-one",)), "至少两名调查人员"),
        (A.START_RECHECK, TransitionInput(investigator_ids=("a", "b")), "先"),
    ],
)
def test_guard_refusals_write_nothing(
    world: World, action: Action, inputs: TransitionInput, expected: str
) -> None:
    with world.work() as session:
        case_id = world.new_case(session)
        world.act(session, case_id, A.SUBMIT_WINDOW)
        world.act(session, case_id, A.START_INVESTIGATION)
    with world.work() as session:
        before = counts(session)
        with pytest.raises(InvalidTransition, match=expected):
            world.act(session, case_id, action, inputs=inputs)
        assert counts(session) == before


def test_wrong_role_is_refused(world: World) -> None:
    with world.work() as session:
        case_id = world.new_case(session)
        before = counts(session)
        with pytest.raises(PermissionDenied, match="调查员"):
            world.act(session, case_id, A.SUBMIT_WINDOW, actor=world.investigator)
        with pytest.raises(PermissionDenied):
            world.act(session, case_id, A.SUBMIT_WINDOW, actor=world.store.actor)  # admin
        assert counts(session) == before


def test_accepting_on_the_worked_example_day_opens_the_statutory_clocks(world: World) -> None:
    assert world.clock.today() == date(2026, 9, 18)
    with world.work() as session:
        case_id = world.new_case(session)
        accepted = world.act(session, case_id, A.SUBMIT_WINDOW)
        checked = world.act(session, case_id, A.REQUEST_DATA_CHECK)
    due = {o.step: o.due_on for o in (*accepted.opened, *checked.opened)}
    # DOMAIN §6.3 worked example.
    assert due == {
        Step.INVESTIGATION: date(2026, 9, 22),
        Step.WHOLE_PROCESS: date(2026, 10, 20),
        Step.DATA_CHECK: date(2026, 9, 29),
    }
    with world.store.reading() as session:
        rows = session.scalars(select(CaseDeadline).where(CaseDeadline.case_id == uuid.UUID(case_id))).all()
        assert {(r.step, r.status, r.provisional) for r in rows} == {
            ("investigation", "OPEN", False),
            ("whole_process", "OPEN", False),
            ("data_check", "OPEN", False),
        }
        assert all(r.rule_version.startswith("deadline.") and r.calendar_version for r in rows)
        case = session.get(Case, uuid.UUID(case_id))
        assert case is not None and case.accepted_on == date(2026, 9, 18)


def test_closing_a_step_marks_its_clock_done_and_late_when_after_the_due_date(world: World) -> None:
    with world.work() as session:
        case_id = world.new_case(session)
        world.act(session, case_id, A.SUBMIT_WINDOW)
        world.act(session, case_id, A.START_INVESTIGATION)
    world.clock.advance(timedelta(days=7))  # 2026-09-25: past the 3-WD investigation limit (2026-09-22)
    with world.work() as session:
        world.act(session, case_id, A.COMPLETE_INVESTIGATION)
        rows = {r.step: r for r in session.scalars(select(CaseDeadline))}
        assert rows["investigation"].status == "DONE"
        assert rows["investigation"].done_on == date(2026, 9, 25)
        assert rows["prelim_opinion"].status == "OPEN"
        closed = session.scalars(select(AuditEvent).where(AuditEvent.action == "deadline.closed")).one()
        assert json.loads(closed.details_json)["late"] is True


def test_action_dates_cannot_be_in_the_future_or_before_the_previous_step(world: World) -> None:
    with world.work() as session:
        case_id = world.new_case(session)
        cal = world.calendar(session)
        from app.services.workflow import apply_action

        def act(action: Action, on: date) -> None:
            apply_action(
                session,
                world.actor_for(action),
                case_id,
                action,
                clock=world.clock,
                calendar=cal,
                rules=world.rules,
                inputs=FULL,
                on_date=on,
            )

        with pytest.raises(ValidationError, match="不能晚于今天"):
            act(A.SUBMIT_WINDOW, date(2026, 9, 19))
        act(A.SUBMIT_WINDOW, date(2026, 9, 14))
        with pytest.raises(ValidationError, match="早于本案上一步"):
            act(A.START_INVESTIGATION, date(2026, 9, 11))
        act(A.START_INVESTIGATION, date(2026, 9, 15))


def test_assessment_and_approval_store_the_decision_in_fen_with_rule_versions(world: World) -> None:
    with world.work() as session:
        case_id = world.new_case(session)
        for action in _TO_DECISION[:5]:
            world.act(session, case_id, action)
        with pytest.raises(InvalidTransition, match="计算家庭经济状况"):
            world.act(session, case_id, A.ASSESS)  # no assessment input
        assessed = world.act(session, case_id, A.ASSESS, assessment=world.assessment(session, case_id))
        for action in (A.GIVE_PRELIM_OPINION, A.POST_PUBLICITY):
            world.act(session, case_id, action)
        with pytest.raises(InvalidTransition, match="公示期满"):
            world.act(session, case_id, A.END_PUBLICITY)
        world.clock.advance(timedelta(days=20))
        world.act(session, case_id, A.END_PUBLICITY)
        approved = world.act(session, case_id, A.APPROVE)

        row = session.get(CaseAssessment, uuid.UUID(str(assessed.assessment_id)))
        decision = session.get(CaseDecision, uuid.UUID(str(approved.decision_id)))
        assert row is not None and decision is not None
        assert row.classification == "DIBAO"
        size = row.household_size
        # Urban 360222 standard in 2026 is 940.00 (demo table); household income 300/month → gap = 940*n − 300.
        assert row.standard_fen == 94000
        assert row.amount_fen == (940 * size - 300) * 100
        assert decision.result == "APPROVED"
        assert decision.amount_fen == row.amount_fen
        assert decision.start_month == str(YearMonth.of(world.clock.today()))  # APPROVAL_MONTH in Jingdezhen
        assert row.standard_rule in json.loads(decision.rule_versions_json)
        case = session.get(Case, uuid.UUID(case_id))
        assert case is not None and case.monthly_amount_fen == row.amount_fen
        kinds = {t.kind for t in session.scalars(select(CaseTask))}
        assert {TaskKind.ISSUE_CERTIFICATE.value, TaskKind.PUBLISH_APPROVAL.value} <= kinds
        # The decision clock started at the end of publicity (J2 Art. 21), not on the day it was recorded.
        decision_clock = session.scalars(select(CaseDeadline).where(CaseDeadline.step == "decision")).one()
        assert decision_clock.started_on == case.publicity_ends_on


def test_an_ineligible_assessment_cannot_be_approved_but_can_be_denied_with_reasons(world: World) -> None:
    with world.work() as session:
        case_id = world.new_case(session)
        for action in _TO_DECISION:
            if action is A.END_PUBLICITY:
                world.clock.advance(timedelta(days=20))
            assessment = world.assessment(session, case_id, HIGH_INCOME) if action is A.ASSESS else None
            world.act(session, case_id, action, assessment=assessment)
        before = counts(session)
        with pytest.raises(InvalidTransition, match="符合保障条件"):
            world.act(session, case_id, A.APPROVE)
        assert counts(session) == before
        with pytest.raises(InvalidTransition, match="事实和理由"):
            world.act(session, case_id, A.DENY, inputs=TransitionInput())
        denied = world.act(session, case_id, A.DENY)
        decision = session.get(CaseDecision, uuid.UUID(str(denied.decision_id)))
        assert decision is not None
        assert decision.result == "DENIED" and decision.amount_fen == 0
        assert decision.reason == FULL.reason
        assert "INCOME_ABOVE_STANDARD" in json.loads(decision.reason_codes_json)
        assert [o.step for o in denied.opened] == [Step.DENIAL_NOTICE]


def test_one_time_notice_lists_every_item_and_completion_receives_them(world: World) -> None:
    with world.work() as session:
        case_id = world.new_case(session, channel="ONLINE")
        world.act(session, case_id, A.SUBMIT_ONLINE)
        with pytest.raises(InvalidTransition, match="一次性告知书"):
            world.act(session, case_id, A.REQUEST_MATERIALS, inputs=TransitionInput(missing_items=(" ",)))
        world.act(session, case_id, A.REQUEST_MATERIALS)
        items = session.scalars(select(MissingMaterialItem).order_by(MissingMaterialItem.ordinal)).all()
        assert [i.description for i in items] == list(FULL.missing_items)
        assert len({i.notice_id for i in items}) == 1
        assert all(i.received_on is None for i in items)
        world.act(session, case_id, A.COMPLETE_MATERIALS)
        assert all(i.received_on == world.clock.today() for i in items)
        online = session.scalars(select(CaseDeadline).where(CaseDeadline.step == "acceptance_online")).one()
        assert online.status == "DONE"


def test_withdrawal_cancels_running_clocks_and_open_tasks(world: World) -> None:
    with world.work() as session:
        case_id = world.new_case(session)
        register_near_relative(
            session,
            world.clerk,
            case_id,
            staff_user_id=str(uuid.uuid4()),
            staff_name="李某",
            relation="配偶",
            declared_on=world.clock.today(),
            clock=world.clock,
        )
        world.act(session, case_id, A.SUBMIT_WINDOW)
        world.act(session, case_id, A.WITHDRAW)
        assert {r.status for r in session.scalars(select(CaseDeadline))} == {"CANCELLED"}
        assert {t.status for t in session.scalars(select(CaseTask))} == {"CANCELLED"}


def test_near_relative_staff_are_blocked_from_every_action_and_task(world: World) -> None:
    related = world.person(Role.WINDOW_CLERK)
    with world.work() as session:
        case_id = world.new_case(session)
        filing = register_near_relative(
            session,
            world.clerk,
            case_id,
            staff_user_id=related.user_id,
            staff_name="王某",
            staff_post="乡镇低保经办人",
            relation="兄弟姐妹",
            declared_on=world.clock.today(),
            clock=world.clock,
        )
        assert filing.household_id
        case = session.get(Case, uuid.UUID(case_id))
        assert case is not None and case.near_relative_flag
    with world.work() as session:
        before = counts(session)
        with pytest.raises(RecusalRequired, match="回避"):
            world.act(session, case_id, A.SUBMIT_WINDOW, actor=related)
        with pytest.raises(RecusalRequired):
            world.act(session, case_id, A.WITHDRAW, actor=related)
        assert counts(session) == before
        detail = case_views.case_detail(
            session,
            related,
            case_id,
            calendar=world.calendar(session),
            rules=world.rules,
            today=world.clock.today(),
        )
        assert detail.actions == ()
        # Someone else may act; acceptance files the household and asks the county for its 100% field check.
        accepted = world.act(session, case_id, A.SUBMIT_WINDOW)
        assert {t.kind for t in accepted.tasks} == {
            TaskKind.NEAR_RELATIVE_FILING,
            TaskKind.COUNTY_FIELD_CHECK,
        }
        county_task = next(t for t in accepted.tasks if t.kind is TaskKind.COUNTY_FIELD_CHECK)
        assert county_task.scope == "COUNTY"
        world.act(session, case_id, A.START_INVESTIGATION)
        with pytest.raises(InvalidTransition, match="回避"):
            world.act(
                session,
                case_id,
                A.COMPLETE_INVESTIGATION,
                inputs=TransitionInput(investigator_ids=("inv-a", related.user_id)),
            )
        # The field check task is created once, not again on every later step.
        assert len(session.scalars(select(CaseTask).where(CaseTask.kind == "COUNTY_FIELD_CHECK")).all()) == 1
        with pytest.raises(RecusalRequired):
            complete_task(
                session,
                world.person(Role.COUNTY_REVIEWER, related.user_id),
                county_task.task_id,
                clock=world.clock,
            )
        with pytest.raises(PermissionDenied):
            complete_task(session, world.clerk, county_task.task_id, clock=world.clock)
        done = complete_task(
            session, world.county, county_task.task_id, clock=world.clock, note="实地核查无异常"
        )
        assert done.status == "DONE" and done.note == "实地核查无异常"


def test_renhu_fenli_family_applying_at_residence_gets_the_check_request_and_two_notices(
    world: World,
) -> None:
    with world.work() as session:
        plain = world.new_case(session)
        with pytest.raises(ValidationError, match="人户分离"):
            record_application_place(
                session, world.clerk, plain, applied_at_residence=True, clock=world.clock
            )
        case_id = world.new_case(session, renhu_fenli=True)
        record_application_place(session, world.clerk, case_id, applied_at_residence=True, clock=world.clock)
        accepted = world.act(session, case_id, A.SUBMIT_WINDOW)
        assert Step.RENHU_FENLI_CHECK_REQUEST in {o.step for o in accepted.opened}
        assert TaskKind.RENHU_FENLI_CHECK_REQUEST in {t.kind for t in accepted.tasks}
        world.act(session, case_id, A.REQUEST_DATA_CHECK)
        request = session.scalars(
            select(CaseDeadline).where(CaseDeadline.step == "renhu_fenli_check_request")
        ).one()
        assert request.status == "DONE"
        task = session.scalars(select(CaseTask).where(CaseTask.kind == "RENHU_FENLI_CHECK_REQUEST")).one()
        assert task.status == "DONE"
        for action in _TO_DECISION[2:8]:
            assessment = world.assessment(session, case_id) if action is A.ASSESS else None
            posted = world.act(session, case_id, action, assessment=assessment)
        places = sorted(t.label for t in posted.tasks if t.kind is TaskKind.POST_NOTICE)
        assert places == ["张贴公示（实际居住地）", "张贴公示（户籍所在地）"]
        assert TaskKind.PUBLICITY_FEEDBACK in {t.kind for t in posted.tasks}


def test_termination_ends_payment_after_the_termination_month(world: World) -> None:
    with world.work() as session:
        case_id = world.new_case(session)
        for action in (*_TO_DECISION, A.APPROVE, A.ACTIVATE):
            if action is A.END_PUBLICITY:
                world.clock.advance(timedelta(days=20))
            assessment = world.assessment(session, case_id) if action is A.ASSESS else None
            world.act(session, case_id, action, assessment=assessment)
        approved_month = YearMonth.of(world.clock.today())
        roster = payments.township_roster(
            session,
            world.store.actor,
            township_code=TOWNSHIP,
            month=approved_month.plus(1),
            rules=world.rules,
        )
        assert [r.case_id for r in roster.rows if r.for_month == str(approved_month.plus(1))] == [case_id]
        world.clock.advance(timedelta(days=40))
        world.act(session, case_id, A.TERMINATE)
        end = YearMonth.of(world.clock.today())
        decision = session.scalars(select(CaseDecision)).one()
        assert decision.end_month == str(end)
        later = payments.township_roster(
            session, world.store.actor, township_code=TOWNSHIP, month=end.plus(1), rules=world.rules
        )
        assert later.rows == ()
        case = session.get(Case, uuid.UUID(case_id))
        assert case is not None and case.state == CaseState.TERMINATED.value
