"""Case state machine (DOMAIN §6.2): generated from the transition table, plus the guards and tasks."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.errors import InvalidTransition, PermissionDenied, RecusalRequired, ValidationError
from app.domain.roles import Role
from app.workflow.deadlines import Step
from app.workflow.states import (
    ACTION_LABELS,
    GUARDS,
    STATE_LABELS,
    TRANSITION_BY_ACTION,
    TRANSITIONS,
    Action,
    CaseSnapshot,
    CaseState,
    CaseStatus,
    Guard,
    PublicityPlace,
    TaskKind,
    Transition,
    TransitionInput,
    all_statuses,
    available_actions,
    plan_transition,
)

ON = date(2026, 9, 18)
FULL = TransitionInput(
    missing_items=("户口簿复印件", "残疾证"),
    investigator_ids=("inv-1", "inv-2"),
    objection="邻居反映申请人家有轿车，并提供照片",
    reason="经入户调查核实",
    certificate_issued=True,
    family_heard_on=date(2026, 9, 10),
)
S = CaseState


def snap(status: CaseStatus, **kw: Any) -> CaseSnapshot:
    return replace(CaseSnapshot("case-1", status, publicity_ends_on=date(2026, 9, 1)), **kw)


def allowed_by_data(status: CaseStatus, t: Transition) -> bool:
    """Read the table's columns directly (not ``Transition.matches``), so a bug there shows up here."""
    lane_ok = t.data_check_from is None or status.data_check in t.data_check_from
    return status.state in t.from_states and lane_ok


STATUSES = list(all_statuses())
INVALID = [(s, t) for s in STATUSES for t in TRANSITIONS if not allowed_by_data(s, t)]
VALID = [(s, t) for s in STATUSES for t in TRANSITIONS if allowed_by_data(s, t)]


def test_statuses_cover_every_state() -> None:
    main = {s.state for s in STATUSES}
    lanes = {s.data_check for s in STATUSES}
    assert main | lanes == set(CaseState) | {None}
    assert len(INVALID) + len(VALID) == len(STATUSES) * len(Action)
    assert INVALID
    assert VALID


@pytest.mark.parametrize(
    ("status", "t"), INVALID, ids=[f"{s.state}/{s.data_check}-{t.action}" for s, t in INVALID]
)
def test_every_pair_not_in_the_table_is_rejected(status: CaseStatus, t: Transition) -> None:
    for role in Role:
        with pytest.raises(InvalidTransition) as err:
            plan_transition(snap(status), t.action, role, ON, actor_id="u1", inputs=FULL)
        assert err.value.params == {"state": status.label, "action": t.label, "required": t.required}


@pytest.mark.parametrize(
    ("status", "t"), VALID, ids=[f"{s.state}/{s.data_check}-{t.action}" for s, t in VALID]
)
def test_every_pair_in_the_table_is_accepted_for_its_roles_only(status: CaseStatus, t: Transition) -> None:
    for role in Role:
        if role in t.roles:
            plan = plan_transition(snap(status), t.action, role, ON, actor_id="u1", inputs=FULL)
            assert plan.before == status
            assert plan.after.state == (t.to_state or status.state)
            assert {o.step for o in plan.opens} >= set(t.opens)
            assert plan.closes == t.closes
        else:
            with pytest.raises(PermissionDenied) as err:
                plan_transition(snap(status), t.action, role, ON, actor_id="u1", inputs=FULL)
            assert not isinstance(err.value, RecusalRequired)


def test_table_has_one_row_per_action_and_chinese_labels() -> None:
    assert set(TRANSITION_BY_ACTION) == set(Action)
    assert len(TRANSITIONS) == len(Action)
    han = re.compile(r"[\u4e00-\u9fff]")
    assert all(han.search(text) for text in STATE_LABELS.values())
    assert set(STATE_LABELS) == set(CaseState)
    for t in TRANSITIONS:
        assert han.search(t.label), t.action
        assert han.search(t.required), t.action
        assert t.roles, t.action
    assert all(han.search(g.required) for g in GUARDS.values())


def test_every_state_is_reachable_from_draft() -> None:
    seen = {CaseStatus(S.DRAFT)}
    queue = deque(seen)
    while queue:
        status = queue.popleft()
        for t in TRANSITIONS:
            if allowed_by_data(status, t):
                role = next(iter(t.roles))
                nxt = plan_transition(snap(status), t.action, role, ON, actor_id="u", inputs=FULL).after
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
    assert {s.state for s in seen} | {s.data_check for s in seen} == set(CaseState) | {None}


# --------------------------------------------------------------------------------------------------- parallel


@pytest.mark.parametrize(
    ("status", "ok"),
    [
        (CaseStatus(S.INVESTIGATED, S.DATA_CHECKED), True),
        (CaseStatus(S.INVESTIGATED, S.DATA_CHECK_REQUESTED), False),
        (CaseStatus(S.INVESTIGATED), False),
        (CaseStatus(S.INVESTIGATING, S.DATA_CHECKED), False),
        (CaseStatus(S.ACCEPTED, S.DATA_CHECKED), False),
        (CaseStatus(S.RECHECK, S.DATA_CHECKED), False),
    ],
)
def test_assessment_needs_both_branches(status: CaseStatus, ok: bool) -> None:
    if ok:
        plan = plan_transition(snap(status), Action.ASSESS, Role.INVESTIGATOR, ON, inputs=FULL)
        assert plan.after == CaseStatus(S.ASSESSED)
    else:
        with pytest.raises(InvalidTransition) as err:
            plan_transition(snap(status), Action.ASSESS, Role.INVESTIGATOR, ON, inputs=FULL)
        assert err.value.params["required"] == "完成入户调查并收到县级信息核对报告"


@pytest.mark.parametrize(
    ("state", "lane"),
    [(S.DATA_CHECKED, None), (S.ASSESSED, S.DATA_CHECKED), (S.INVESTIGATING, S.ACTIVE), (S.RECHECK, None)],
)
def test_impossible_statuses_cannot_be_built(state: CaseState, lane: CaseState | None) -> None:
    with pytest.raises(ValidationError):
        CaseStatus(state, lane)


@settings(max_examples=200)
@given(st.data())
def test_random_walks_only_assess_after_both_branches(data: st.DataObject) -> None:
    status = CaseStatus(S.DRAFT)
    investigated = checked = False
    for _ in range(40):
        options = [t for t in TRANSITIONS if allowed_by_data(status, t)]
        if not options:
            break
        t = data.draw(st.sampled_from(options))
        role = data.draw(st.sampled_from(sorted(t.roles)))
        plan = plan_transition(snap(status), t.action, role, ON, actor_id="u", inputs=FULL)
        if t.action in {Action.COMPLETE_INVESTIGATION, Action.COMPLETE_RECHECK}:
            investigated = True
        if t.action is Action.RECORD_DATA_CHECK:
            checked = True
        if plan.after.state is S.ASSESSED:
            assert investigated
            assert checked
        status = plan.after


# --------------------------------------------------------------------------------------------------- guards

_GUARD_CASES = [
    (Action.REQUEST_MATERIALS, CaseStatus(S.DRAFT), TransitionInput(missing_items=("  ", "")),
     Guard.MISSING_ITEMS_LISTED),
    (Action.COMPLETE_INVESTIGATION, CaseStatus(S.INVESTIGATING), TransitionInput(investigator_ids=("a", "a")),
     Guard.TWO_INVESTIGATORS),
    (Action.COMPLETE_RECHECK, CaseStatus(S.RECHECK, S.DATA_CHECKED), TransitionInput(investigator_ids=("a",)),
     Guard.TWO_INVESTIGATORS),
    (Action.START_RECHECK, CaseStatus(S.INVESTIGATED, S.DATA_CHECKED), TransitionInput(), Guard.APPLICANT_OBJECTION),
    (Action.REFER_DEMOCRATIC_REVIEW, CaseStatus(S.PUBLICIZING), TransitionInput(), Guard.MAJOR_OBJECTION),
    (Action.DENY, CaseStatus(S.DECISION_PENDING), TransitionInput(reason=" "), Guard.REASON_GIVEN),
    (Action.TERMINATE_NONCOOPERATION, CaseStatus(S.INVESTIGATING), TransitionInput(), Guard.REASON_GIVEN),
    (Action.ACTIVATE, CaseStatus(S.APPROVED), TransitionInput(), Guard.CERTIFICATE_ISSUED),
    (Action.TERMINATE, CaseStatus(S.ACTIVE), TransitionInput(reason="收入超标"), Guard.FAMILY_HEARD),
    (Action.TERMINATE, CaseStatus(S.ACTIVE), TransitionInput(reason="收入超标", family_heard_on=date(2026, 9, 19)),
     Guard.FAMILY_HEARD),
]  # fmt: skip


@pytest.mark.parametrize(("action", "status", "given_inputs", "guard"), _GUARD_CASES)
def test_guards_refuse_with_what_must_happen_first(
    action: Action, status: CaseStatus, given_inputs: TransitionInput, guard: Guard
) -> None:
    role = sorted(TRANSITION_BY_ACTION[action].roles)[0]
    with pytest.raises(InvalidTransition) as err:
        plan_transition(snap(status), action, role, ON, inputs=given_inputs)
    assert err.value.params["required"] == GUARDS[guard].required
    assert err.value.params["action"] == ACTION_LABELS[action]


def test_pending_materials_carries_the_one_time_list() -> None:
    items = TransitionInput(missing_items=(" 户口簿复印件 ", "残疾证", "户口簿复印件", ""))
    plan = plan_transition(snap(CaseStatus(S.SUBMITTED_ONLINE)), Action.REQUEST_MATERIALS, Role.WINDOW_CLERK, ON,
                           inputs=items)  # fmt: skip
    assert plan.after == CaseStatus(S.PENDING_MATERIALS)
    assert plan.missing_items == ("户口簿复印件", "残疾证")
    assert plan.closes == (Step.ACCEPTANCE_ONLINE,)


@pytest.mark.parametrize(
    ("action", "start", "opens"),
    [
        (Action.SUBMIT_WINDOW, CaseStatus(S.DRAFT), {Step.INVESTIGATION, Step.WHOLE_PROCESS}),
        (Action.SUBMIT_ONLINE, CaseStatus(S.DRAFT), {Step.ACCEPTANCE_ONLINE}),
        (Action.ACCEPT_ONLINE, CaseStatus(S.SUBMITTED_ONLINE), {Step.INVESTIGATION, Step.WHOLE_PROCESS}),
    ],
)
def test_window_versus_online_acceptance(action: Action, start: CaseStatus, opens: set[Step]) -> None:
    plan = plan_transition(snap(start), action, Role.WINDOW_CLERK, ON)
    assert {o.step for o in plan.opens} == opens
    assert all(o.start_on == ON for o in plan.opens)


def test_publicity_must_be_over_before_the_decision() -> None:
    publicizing = CaseStatus(S.PUBLICIZING)
    for ends in (None, ON):
        with pytest.raises(InvalidTransition) as err:
            plan_transition(
                snap(publicizing, publicity_ends_on=ends), Action.END_PUBLICITY, Role.WINDOW_CLERK, ON
            )
        assert err.value.params["required"] == GUARDS[Guard.PUBLICITY_PERIOD_OVER].required
    plan = plan_transition(snap(publicizing, publicity_ends_on=date(2026, 9, 17)), Action.END_PUBLICITY,
                           Role.WINDOW_CLERK, ON)  # fmt: skip
    assert plan.after.state is S.DECISION_PENDING
    assert plan.opens[0].step is Step.DECISION
    assert plan.opens[0].start_on == date(2026, 9, 17)  # J2 Art. 21: the clock runs from the end of publicity


def test_democratic_review_only_on_a_major_objection() -> None:
    publicizing = snap(CaseStatus(S.PUBLICIZING), publicity_ends_on=date(2026, 9, 15))
    plan = plan_transition(publicizing, Action.REFER_DEMOCRATIC_REVIEW, Role.WINDOW_CLERK, ON, inputs=FULL)
    assert plan.after.state is S.DEMOCRATIC_REVIEW
    assert [(o.step, o.start_on) for o in plan.opens] == [(Step.DEMOCRATIC_REVIEW, date(2026, 9, 15))]
    resurvey = plan_transition(snap(plan.after), Action.RESURVEY, Role.WINDOW_CLERK, ON, inputs=FULL)
    assert resurvey.after == CaseStatus(S.INVESTIGATING, S.DATA_CHECKED)


# --------------------------------------------------------------------------------------------------- 人户分离


def test_renhu_fenli_is_publicised_at_both_places_with_feedback() -> None:
    plan = plan_transition(snap(CaseStatus(S.PRELIM_OPINION), renhu_fenli=True), Action.POST_PUBLICITY,
                           Role.WINDOW_CLERK, ON)  # fmt: skip
    assert plan.publicity_places == (PublicityPlace.HUKOU, PublicityPlace.RESIDENCE)
    kinds = [t.kind for t in plan.tasks]
    assert kinds.count(TaskKind.POST_NOTICE) == 2
    assert TaskKind.PUBLICITY_FEEDBACK in kinds
    single = plan_transition(snap(CaseStatus(S.PRELIM_OPINION)), Action.POST_PUBLICITY, Role.WINDOW_CLERK, ON)
    assert single.publicity_places == (PublicityPlace.HUKOU,)
    assert TaskKind.PUBLICITY_FEEDBACK not in [t.kind for t in single.tasks]


def test_renhu_fenli_at_residence_opens_the_one_day_cross_township_check_request() -> None:
    case = snap(CaseStatus(S.DRAFT), renhu_fenli=True, applied_at_residence=True)
    plan = plan_transition(case, Action.SUBMIT_WINDOW, Role.WINDOW_CLERK, ON)
    assert Step.RENHU_FENLI_CHECK_REQUEST in {o.step for o in plan.opens}
    assert TaskKind.RENHU_FENLI_CHECK_REQUEST in {t.kind for t in plan.tasks}
    request = plan_transition(snap(plan.after), Action.REQUEST_DATA_CHECK, Role.WINDOW_CLERK, ON)
    assert Step.RENHU_FENLI_CHECK_REQUEST in request.closes
    assert request.after == CaseStatus(S.ACCEPTED, S.DATA_CHECK_REQUESTED)
    at_hukou = plan_transition(
        snap(CaseStatus(S.DRAFT), renhu_fenli=True), Action.SUBMIT_WINDOW, Role.WINDOW_CLERK, ON
    )
    assert Step.RENHU_FENLI_CHECK_REQUEST not in {o.step for o in at_hukou.opens}


# --------------------------------------------------------------------------------------------------- near relatives


@pytest.mark.parametrize("status", STATUSES, ids=[f"{s.state}/{s.data_check}" for s in STATUSES])
def test_a_related_staff_member_is_blocked_from_every_transition(status: CaseStatus) -> None:
    case = snap(status, near_relative=True, blocked_user_ids=frozenset({"relative"}))
    for action in Action:
        for role in Role:
            with pytest.raises(RecusalRequired):
                plan_transition(case, action, role, ON, actor_id="relative", inputs=FULL)
    assert available_actions(case, Role.WINDOW_CLERK, "relative") == ()


def test_recusal_needs_to_know_the_actor_and_lets_others_act() -> None:
    case = snap(CaseStatus(S.DRAFT), near_relative=True, blocked_user_ids=frozenset({"relative"}))
    with pytest.raises(ValidationError, match="操作人"):
        plan_transition(case, Action.SUBMIT_WINDOW, Role.WINDOW_CLERK, ON)
    plan = plan_transition(case, Action.SUBMIT_WINDOW, Role.WINDOW_CLERK, ON, actor_id="colleague")
    kinds = {t.kind for t in plan.tasks}
    assert {TaskKind.NEAR_RELATIVE_FILING, TaskKind.COUNTY_FIELD_CHECK} <= kinds


def test_a_related_investigator_cannot_sign_the_investigation() -> None:
    case = snap(CaseStatus(S.INVESTIGATING), blocked_user_ids=frozenset({"relative"}))
    with pytest.raises(InvalidTransition) as err:
        plan_transition(case, Action.COMPLETE_INVESTIGATION, Role.INVESTIGATOR, ON, actor_id="inv-1",
                        inputs=TransitionInput(investigator_ids=("inv-1", "relative")))  # fmt: skip
    assert err.value.params["required"] == GUARDS[Guard.NO_RELATED_INVESTIGATOR].required


def test_county_field_check_is_signalled_until_scheduled() -> None:
    status = CaseStatus(S.DECISION_PENDING)
    plan = plan_transition(snap(status, near_relative=True), Action.APPROVE, Role.WINDOW_CLERK, ON)
    assert TaskKind.COUNTY_FIELD_CHECK in {t.kind for t in plan.tasks}
    done = plan_transition(snap(status, near_relative=True, county_field_check_scheduled=True), Action.APPROVE,
                           Role.WINDOW_CLERK, ON)  # fmt: skip
    assert TaskKind.COUNTY_FIELD_CHECK not in {t.kind for t in done.tasks}
    plain = plan_transition(snap(status), Action.APPROVE, Role.WINDOW_CLERK, ON)
    assert TaskKind.COUNTY_FIELD_CHECK not in {t.kind for t in plain.tasks}


# --------------------------------------------------------------------------------------------------- endings


@pytest.mark.parametrize("action", [Action.WITHDRAW, Action.TERMINATE_NONCOOPERATION])
def test_leaving_before_the_decision_clears_the_branch_and_every_clock(action: Action) -> None:
    plan = plan_transition(snap(CaseStatus(S.INVESTIGATING, S.DATA_CHECK_REQUESTED)), action, Role.WINDOW_CLERK, ON,
                           inputs=FULL)  # fmt: skip
    assert plan.after.data_check is None
    assert {Step.INVESTIGATION, Step.DATA_CHECK, Step.WHOLE_PROCESS} <= set(plan.closes)


def test_terminating_an_active_household_needs_a_hearing_and_starts_leaver_publicity() -> None:
    plan = plan_transition(snap(CaseStatus(S.ACTIVE)), Action.TERMINATE, Role.WINDOW_CLERK, ON, inputs=FULL)
    assert plan.after.state is S.TERMINATED
    assert plan.reason == "经入户调查核实"
    assert TaskKind.LEAVER_PUBLICITY in {t.kind for t in plan.tasks}


def test_denial_opens_the_notice_clock_and_approval_asks_for_certificate() -> None:
    pending = snap(CaseStatus(S.DECISION_PENDING))
    denied = plan_transition(pending, Action.DENY, Role.WINDOW_CLERK, ON, inputs=FULL)
    assert [o.step for o in denied.opens] == [Step.DENIAL_NOTICE]
    assert set(denied.closes) == {Step.DECISION, Step.WHOLE_PROCESS}
    approved = plan_transition(pending, Action.APPROVE, Role.WINDOW_CLERK, ON)
    assert TaskKind.ISSUE_CERTIFICATE in {t.kind for t in approved.tasks}


def test_available_actions_match_the_table() -> None:
    status = CaseStatus(S.ACCEPTED)
    assert set(available_actions(snap(status), Role.INVESTIGATOR)) == {
        Action.START_INVESTIGATION,
        Action.REQUEST_DATA_CHECK,
    }
    assert Action.SUBMIT_WINDOW not in available_actions(snap(status), Role.WINDOW_CLERK)
