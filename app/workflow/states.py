"""The dibao case state machine (DOMAIN §6.2) as data, and the pure planner that checks a transition.

A case has a main state plus one parallel lane. After acceptance the field investigation runs in the main lane
(ACCEPTED → INVESTIGATING → INVESTIGATED, with RECHECK after an objection to the data-check result) while the county
data check runs in the ``data_check`` lane (None → DATA_CHECK_REQUESTED → DATA_CHECKED). ASSESSED needs both:
main INVESTIGATED and lane DATA_CHECKED. The lane is cleared once the case is assessed or leaves the process.

``plan_transition`` decides and describes; it writes nothing. The lead's service persists the new status, opens and
closes the named deadline steps, creates the tasks, and audits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from app.domain.errors import InvalidTransition, PermissionDenied, RecusalRequired, ValidationError
from app.domain.roles import ROLE_LABELS, Role
from app.workflow.deadlines import Step


class CaseState(StrEnum):
    DRAFT = "DRAFT"
    SUBMITTED_ONLINE = "SUBMITTED_ONLINE"
    PENDING_MATERIALS = "PENDING_MATERIALS"
    ACCEPTED = "ACCEPTED"
    INVESTIGATING = "INVESTIGATING"
    DATA_CHECK_REQUESTED = "DATA_CHECK_REQUESTED"
    INVESTIGATED = "INVESTIGATED"
    DATA_CHECKED = "DATA_CHECKED"
    RECHECK = "RECHECK"
    ASSESSED = "ASSESSED"
    PRELIM_OPINION = "PRELIM_OPINION"
    PUBLICIZING = "PUBLICIZING"
    DEMOCRATIC_REVIEW = "DEMOCRATIC_REVIEW"
    DECISION_PENDING = "DECISION_PENDING"
    APPROVED = "APPROVED"
    DENIED = "DENIED"
    DENIAL_NOTIFIED = "DENIAL_NOTIFIED"
    ACTIVE = "ACTIVE"
    CLOSED = "CLOSED"
    WITHDRAWN = "WITHDRAWN"
    TERMINATED_NONCOOPERATION = "TERMINATED_NONCOOPERATION"
    TERMINATED = "TERMINATED"


STATE_LABELS: Mapping[CaseState, str] = MappingProxyType(
    {
        CaseState.DRAFT: "草稿",
        CaseState.SUBMITTED_ONLINE: "网上申请待审核",
        CaseState.PENDING_MATERIALS: "待补正材料",
        CaseState.ACCEPTED: "已受理",
        CaseState.INVESTIGATING: "入户调查中",
        CaseState.DATA_CHECK_REQUESTED: "已申请信息核对",
        CaseState.INVESTIGATED: "入户调查完成",
        CaseState.DATA_CHECKED: "信息核对完成",
        CaseState.RECHECK: "异议复查中",
        CaseState.ASSESSED: "已评估",
        CaseState.PRELIM_OPINION: "已提出初审意见",
        CaseState.PUBLICIZING: "公示中",
        CaseState.DEMOCRATIC_REVIEW: "民主评议",
        CaseState.DECISION_PENDING: "待审核确认",
        CaseState.APPROVED: "确认同意",
        CaseState.DENIED: "不予同意",
        CaseState.DENIAL_NOTIFIED: "已送达不予同意告知书",
        CaseState.ACTIVE: "保障中",
        CaseState.CLOSED: "已结案",
        CaseState.WITHDRAWN: "已撤回",
        CaseState.TERMINATED_NONCOOPERATION: "因不配合终止审核",
        CaseState.TERMINATED: "已停保退出",
    }
)

DATA_CHECK_LANE: frozenset[CaseState] = frozenset({CaseState.DATA_CHECK_REQUESTED, CaseState.DATA_CHECKED})
# Main states during which the data-check lane exists.
PARALLEL_PHASE: frozenset[CaseState] = frozenset(
    {CaseState.ACCEPTED, CaseState.INVESTIGATING, CaseState.INVESTIGATED, CaseState.RECHECK}
)
PRE_DECISION: frozenset[CaseState] = frozenset(
    {
        CaseState.DRAFT,
        CaseState.SUBMITTED_ONLINE,
        CaseState.PENDING_MATERIALS,
        CaseState.ACCEPTED,
        CaseState.INVESTIGATING,
        CaseState.INVESTIGATED,
        CaseState.RECHECK,
        CaseState.ASSESSED,
        CaseState.PRELIM_OPINION,
        CaseState.PUBLICIZING,
        CaseState.DEMOCRATIC_REVIEW,
        CaseState.DECISION_PENDING,
    }
)
# After acceptance and until the case is settled, a near-relative case needs the county's field check.
_UNDER_REVIEW: frozenset[CaseState] = (
    PRE_DECISION - {CaseState.DRAFT, CaseState.SUBMITTED_ONLINE, CaseState.PENDING_MATERIALS}
) | {CaseState.APPROVED, CaseState.DENIED, CaseState.ACTIVE}
_CASE_STEPS: tuple[Step, ...] = tuple(s for s in Step if s is not Step.WARNING_VERIFICATION)


@dataclass(frozen=True, slots=True)
class CaseStatus:
    state: CaseState
    data_check: CaseState | None = None

    def __post_init__(self) -> None:
        if self.state in DATA_CHECK_LANE:
            raise ValidationError(f"“{STATE_LABELS[self.state]}”只能出现在信息核对分支中")
        if self.data_check is not None:
            if self.data_check not in DATA_CHECK_LANE:
                raise ValidationError(f"信息核对分支不能为“{STATE_LABELS[self.data_check]}”")
            if self.state not in PARALLEL_PHASE:
                raise ValidationError(f"“{STATE_LABELS[self.state]}”阶段没有信息核对分支")
        if self.state is CaseState.RECHECK and self.data_check is not CaseState.DATA_CHECKED:
            raise ValidationError("异议复查只能在收到核对报告之后")

    @property
    def label(self) -> str:
        if self.state in PARALLEL_PHASE:
            lane = STATE_LABELS[self.data_check] if self.data_check else "未申请"
            return f"{STATE_LABELS[self.state]}（信息核对：{lane}）"
        return STATE_LABELS[self.state]


def all_statuses() -> Iterator[CaseStatus]:
    """Every representable status; the state machine's domain."""
    for state in CaseState:
        if state in DATA_CHECK_LANE:
            continue
        if state is CaseState.RECHECK:
            yield CaseStatus(state, CaseState.DATA_CHECKED)
        elif state in PARALLEL_PHASE:
            for lane in (None, CaseState.DATA_CHECK_REQUESTED, CaseState.DATA_CHECKED):
                yield CaseStatus(state, lane)
        else:
            yield CaseStatus(state)


class Action(StrEnum):
    SUBMIT_WINDOW = "SUBMIT_WINDOW"
    SUBMIT_ONLINE = "SUBMIT_ONLINE"
    ACCEPT_ONLINE = "ACCEPT_ONLINE"
    REQUEST_MATERIALS = "REQUEST_MATERIALS"
    COMPLETE_MATERIALS = "COMPLETE_MATERIALS"
    START_INVESTIGATION = "START_INVESTIGATION"
    REQUEST_DATA_CHECK = "REQUEST_DATA_CHECK"
    RECORD_DATA_CHECK = "RECORD_DATA_CHECK"
    COMPLETE_INVESTIGATION = "COMPLETE_INVESTIGATION"
    START_RECHECK = "START_RECHECK"
    COMPLETE_RECHECK = "COMPLETE_RECHECK"
    ASSESS = "ASSESS"
    GIVE_PRELIM_OPINION = "GIVE_PRELIM_OPINION"
    POST_PUBLICITY = "POST_PUBLICITY"
    END_PUBLICITY = "END_PUBLICITY"
    REFER_DEMOCRATIC_REVIEW = "REFER_DEMOCRATIC_REVIEW"
    CONCLUDE_DEMOCRATIC_REVIEW = "CONCLUDE_DEMOCRATIC_REVIEW"
    RESURVEY = "RESURVEY"
    APPROVE = "APPROVE"
    DENY = "DENY"
    SERVE_DENIAL_NOTICE = "SERVE_DENIAL_NOTICE"
    CLOSE = "CLOSE"
    ACTIVATE = "ACTIVATE"
    WITHDRAW = "WITHDRAW"
    TERMINATE_NONCOOPERATION = "TERMINATE_NONCOOPERATION"
    TERMINATE = "TERMINATE"


class LaneEffect(StrEnum):
    KEEP = "KEEP"
    CLEAR = "CLEAR"
    REQUESTED = "REQUESTED"
    CHECKED = "CHECKED"


class PublicityPlace(StrEnum):
    HUKOU = "HUKOU"
    RESIDENCE = "RESIDENCE"


PUBLICITY_PLACE_LABELS: Mapping[PublicityPlace, str] = MappingProxyType(
    {PublicityPlace.HUKOU: "户籍所在地", PublicityPlace.RESIDENCE: "实际居住地"}
)


class TaskKind(StrEnum):
    NEAR_RELATIVE_FILING = "NEAR_RELATIVE_FILING"
    COUNTY_FIELD_CHECK = "COUNTY_FIELD_CHECK"
    RENHU_FENLI_CHECK_REQUEST = "RENHU_FENLI_CHECK_REQUEST"
    POST_NOTICE = "POST_NOTICE"
    PUBLICITY_FEEDBACK = "PUBLICITY_FEEDBACK"
    ISSUE_CERTIFICATE = "ISSUE_CERTIFICATE"
    PUBLISH_APPROVAL = "PUBLISH_APPROVAL"
    LEAVER_PUBLICITY = "LEAVER_PUBLICITY"


TASK_LABELS: Mapping[TaskKind, str] = MappingProxyType(
    {
        TaskKind.NEAR_RELATIVE_FILING: "近亲属关系单独登记备案",
        TaskKind.COUNTY_FIELD_CHECK: "县级民政部门全部实地核查（近亲属备案家庭）",
        TaskKind.RENHU_FENLI_CHECK_REQUEST: "户籍地乡镇在1个工作日内向户籍地县级民政部门申请信息核对",
        TaskKind.POST_NOTICE: "张贴公示",
        TaskKind.PUBLICITY_FEEDBACK: "实际居住地乡镇向户籍地乡镇反馈公示结果",
        TaskKind.ISSUE_CERTIFICATE: "发放最低生活保障证或确认通知书",
        TaskKind.PUBLISH_APPROVAL: "在村（居）公开栏长期公示保障家庭",
        TaskKind.LEAVER_PUBLICITY: "退出家庭公示不少于半年",
    }
)


# --------------------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class CaseSnapshot:
    """What the planner needs to know about a case; the service reads it from the store."""

    case_id: str
    status: CaseStatus
    renhu_fenli: bool = False
    # True when a 人户分离 family applied at the residence township (the registration township must then act).
    applied_at_residence: bool = False
    near_relative: bool = False
    # Staff who must withdraw from this case (近亲属回避); any transition by them is refused.
    blocked_user_ids: frozenset[str] = frozenset()
    county_field_check_scheduled: bool = False
    # Last day of publicity, computed by the deadline engine when the notice was posted.
    publicity_ends_on: date | None = None


@dataclass(frozen=True, slots=True)
class TransitionInput:
    """Facts the acting user supplies with an action; each guard reads the ones it needs."""

    missing_items: tuple[str, ...] = ()
    investigator_ids: tuple[str, ...] = ()
    objection: str = ""
    reason: str = ""
    certificate_issued: bool = False
    family_heard_on: date | None = None

    @property
    def cleaned_missing_items(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(item.strip() for item in self.missing_items if item.strip()))


# --------------------------------------------------------------------------------------------------- guards

_GuardCheck = Callable[[CaseSnapshot, TransitionInput, date], bool]


class Guard(StrEnum):
    MISSING_ITEMS_LISTED = "missing_items_listed"
    TWO_INVESTIGATORS = "two_investigators"
    NO_RELATED_INVESTIGATOR = "no_related_investigator"
    APPLICANT_OBJECTION = "applicant_objection"
    MAJOR_OBJECTION = "major_objection"
    PUBLICITY_PERIOD_OVER = "publicity_period_over"
    REASON_GIVEN = "reason_given"
    FAMILY_HEARD = "family_heard"
    CERTIFICATE_ISSUED = "certificate_issued"


@dataclass(frozen=True, slots=True)
class GuardSpec:
    required: str
    check: _GuardCheck


GUARDS: Mapping[Guard, GuardSpec] = MappingProxyType(
    {
        Guard.MISSING_ITEMS_LISTED: GuardSpec(
            "在一次性告知书中列出全部需补正的材料（至少一项）", lambda s, i, d: bool(i.cleaned_missing_items)
        ),
        Guard.TWO_INVESTIGATORS: GuardSpec(
            "至少两名调查人员参加并签名", lambda s, i, d: len({x for x in i.investigator_ids if x}) >= 2
        ),
        Guard.NO_RELATED_INVESTIGATOR: GuardSpec(
            "调查人员中不得有须回避的近亲属",
            lambda s, i, d: not (set(i.investigator_ids) & s.blocked_user_ids),
        ),
        Guard.APPLICANT_OBJECTION: GuardSpec(
            "申请人对核对结果提出异议并提供证据材料", lambda s, i, d: bool(i.objection.strip())
        ),
        Guard.MAJOR_OBJECTION: GuardSpec(
            "公示期间有人提出重大异议，并有证据或合理理由", lambda s, i, d: bool(i.objection.strip())
        ),
        Guard.PUBLICITY_PERIOD_OVER: GuardSpec(
            "公示期满", lambda s, i, d: s.publicity_ends_on is not None and d > s.publicity_ends_on
        ),
        Guard.REASON_GIVEN: GuardSpec("填写事实和理由", lambda s, i, d: bool(i.reason.strip())),
        Guard.FAMILY_HEARD: GuardSpec(
            "先听取家庭意见并记录（社会救助法第48条）",
            lambda s, i, d: i.family_heard_on is not None and i.family_heard_on <= d,
        ),
        Guard.CERTIFICATE_ISSUED: GuardSpec(
            "发放最低生活保障证或确认通知书", lambda s, i, d: i.certificate_issued
        ),
    }
)


# --------------------------------------------------------------------------------------------------- the table


@dataclass(frozen=True, slots=True)
class Transition:
    action: Action
    label: str
    from_states: frozenset[CaseState]
    # None: the main state does not change (a data-check lane action).
    to_state: CaseState | None
    roles: frozenset[Role]
    # What must have happened for this action to be possible at all; shown when it is tried from a wrong state.
    required: str
    guards: tuple[Guard, ...] = ()
    # None: the data-check lane is not looked at. Otherwise the lane values (None = not requested) allowed.
    data_check_from: frozenset[CaseState | None] | None = None
    data_check_effect: LaneEffect = LaneEffect.KEEP
    opens: tuple[Step, ...] = ()
    closes: tuple[Step, ...] = ()
    # The opened clocks start at the end of publicity rather than on the action's date (J2 Art. 19/21).
    clock_from_publicity_end: bool = False

    def matches(self, status: CaseStatus) -> bool:
        if status.state not in self.from_states:
            return False
        return self.data_check_from is None or status.data_check in self.data_check_from


_S = CaseState
_CLERK = frozenset({Role.WINDOW_CLERK})
_INVESTIGATOR = frozenset({Role.INVESTIGATOR})
_ACCEPT_OPENS = (Step.INVESTIGATION, Step.WHOLE_PROCESS)

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        Action.SUBMIT_WINDOW, "窗口受理", frozenset({_S.DRAFT}), _S.ACCEPTED, _CLERK,
        "登记申请并当场审核材料（草稿状态）", opens=_ACCEPT_OPENS,
    ),
    Transition(
        Action.SUBMIT_ONLINE, "登记网上申请", frozenset({_S.DRAFT}), _S.SUBMITTED_ONLINE, _CLERK,
        "登记网上申请（草稿状态）", opens=(Step.ACCEPTANCE_ONLINE,),
    ),
    Transition(
        Action.ACCEPT_ONLINE, "网上申请受理", frozenset({_S.SUBMITTED_ONLINE}), _S.ACCEPTED, _CLERK,
        "收到网上申请", opens=_ACCEPT_OPENS, closes=(Step.ACCEPTANCE_ONLINE,),
    ),
    Transition(
        Action.REQUEST_MATERIALS, "一次性告知补正材料", frozenset({_S.DRAFT, _S.SUBMITTED_ONLINE}),
        _S.PENDING_MATERIALS, _CLERK, "收到申请且尚未受理", guards=(Guard.MISSING_ITEMS_LISTED,),
        closes=(Step.ACCEPTANCE_ONLINE,),
    ),
    Transition(
        Action.COMPLETE_MATERIALS, "材料补齐后受理", frozenset({_S.PENDING_MATERIALS}), _S.ACCEPTED, _CLERK,
        "先出具一次性告知书", opens=_ACCEPT_OPENS,
    ),
    Transition(
        Action.START_INVESTIGATION, "开始入户调查", frozenset({_S.ACCEPTED}), _S.INVESTIGATING, _INVESTIGATOR,
        "受理申请",
    ),
    Transition(
        Action.REQUEST_DATA_CHECK, "申请信息核对",
        frozenset({_S.ACCEPTED, _S.INVESTIGATING, _S.INVESTIGATED}), None,
        frozenset({Role.WINDOW_CLERK, Role.INVESTIGATOR}), "受理申请，且尚未申请信息核对",
        data_check_from=frozenset({None}), data_check_effect=LaneEffect.REQUESTED,
        opens=(Step.DATA_CHECK,), closes=(Step.RENHU_FENLI_CHECK_REQUEST,),
    ),
    Transition(
        Action.RECORD_DATA_CHECK, "登记县级核对报告",
        frozenset({_S.ACCEPTED, _S.INVESTIGATING, _S.INVESTIGATED}), None,
        frozenset({Role.WINDOW_CLERK, Role.COUNTY_REVIEWER}), "先申请信息核对",
        data_check_from=frozenset({_S.DATA_CHECK_REQUESTED}), data_check_effect=LaneEffect.CHECKED,
        closes=(Step.DATA_CHECK,),
    ),
    Transition(
        Action.COMPLETE_INVESTIGATION, "完成入户调查", frozenset({_S.INVESTIGATING}), _S.INVESTIGATED,
        _INVESTIGATOR, "开始入户调查",
        guards=(Guard.TWO_INVESTIGATORS, Guard.NO_RELATED_INVESTIGATOR),
        opens=(Step.PRELIM_OPINION,), closes=(Step.INVESTIGATION,),
    ),
    Transition(
        Action.START_RECHECK, "对核对结果异议复查", frozenset({_S.INVESTIGATED}), _S.RECHECK, _INVESTIGATOR,
        "完成入户调查并收到核对报告", guards=(Guard.APPLICANT_OBJECTION,),
        data_check_from=frozenset({_S.DATA_CHECKED}),
    ),
    Transition(
        Action.COMPLETE_RECHECK, "完成复查", frozenset({_S.RECHECK}), _S.INVESTIGATED, _INVESTIGATOR,
        "开始异议复查", guards=(Guard.TWO_INVESTIGATORS, Guard.NO_RELATED_INVESTIGATOR),
        opens=(Step.PRELIM_OPINION,),
    ),
    Transition(
        Action.ASSESS, "家庭经济状况评估", frozenset({_S.INVESTIGATED}), _S.ASSESSED,
        frozenset({Role.INVESTIGATOR, Role.WINDOW_CLERK}), "完成入户调查并收到县级信息核对报告",
        data_check_from=frozenset({_S.DATA_CHECKED}), data_check_effect=LaneEffect.CLEAR,
    ),
    Transition(
        Action.GIVE_PRELIM_OPINION, "提出初审意见", frozenset({_S.ASSESSED}), _S.PRELIM_OPINION, _CLERK,
        "完成家庭经济状况评估", closes=(Step.PRELIM_OPINION,),
    ),
    Transition(
        Action.POST_PUBLICITY, "张贴公示", frozenset({_S.PRELIM_OPINION}), _S.PUBLICIZING, _CLERK,
        "提出初审意见", opens=(Step.PUBLICITY,),
    ),
    Transition(
        Action.END_PUBLICITY, "公示期满无重大异议", frozenset({_S.PUBLICIZING}), _S.DECISION_PENDING, _CLERK,
        "张贴公示", guards=(Guard.PUBLICITY_PERIOD_OVER,),
        opens=(Step.DECISION,), closes=(Step.PUBLICITY,), clock_from_publicity_end=True,
    ),
    Transition(
        Action.REFER_DEMOCRATIC_REVIEW, "重大异议提交民主评议", frozenset({_S.PUBLICIZING}), _S.DEMOCRATIC_REVIEW,
        _CLERK, "张贴公示", guards=(Guard.PUBLICITY_PERIOD_OVER, Guard.MAJOR_OBJECTION),
        opens=(Step.DEMOCRATIC_REVIEW,), closes=(Step.PUBLICITY,), clock_from_publicity_end=True,
    ),
    Transition(
        Action.CONCLUDE_DEMOCRATIC_REVIEW, "民主评议完成", frozenset({_S.DEMOCRATIC_REVIEW}),
        _S.DECISION_PENDING, _CLERK, "因重大异议启动民主评议",
        opens=(Step.DECISION,), closes=(Step.DEMOCRATIC_REVIEW,),
    ),
    Transition(
        Action.RESURVEY, "民主评议后重新调查", frozenset({_S.DEMOCRATIC_REVIEW}), _S.INVESTIGATING, _CLERK,
        "因重大异议启动民主评议", guards=(Guard.REASON_GIVEN,),
        # The county report stays valid; only the field facts are disputed.
        data_check_effect=LaneEffect.CHECKED,
        opens=(Step.INVESTIGATION,), closes=(Step.DEMOCRATIC_REVIEW,),
    ),
    Transition(
        Action.APPROVE, "确认同意", frozenset({_S.DECISION_PENDING}), _S.APPROVED, _CLERK,
        "公示期满（或民主评议完成）", closes=(Step.DECISION, Step.WHOLE_PROCESS),
    ),
    Transition(
        Action.DENY, "不予同意", frozenset({_S.DECISION_PENDING}), _S.DENIED, _CLERK,
        "公示期满（或民主评议完成）", guards=(Guard.REASON_GIVEN,),
        opens=(Step.DENIAL_NOTICE,), closes=(Step.DECISION, Step.WHOLE_PROCESS),
    ),
    Transition(
        Action.SERVE_DENIAL_NOTICE, "送达不予同意告知书", frozenset({_S.DENIED}), _S.DENIAL_NOTIFIED, _CLERK,
        "作出不予同意决定", closes=(Step.DENIAL_NOTICE,),
    ),
    Transition(
        Action.CLOSE, "结案归档", frozenset({_S.DENIAL_NOTIFIED}), _S.CLOSED, _CLERK, "送达不予同意告知书",
    ),
    Transition(
        Action.ACTIVATE, "发证并开始保障", frozenset({_S.APPROVED}), _S.ACTIVE, _CLERK, "作出确认同意决定",
        guards=(Guard.CERTIFICATE_ISSUED,),
    ),
    Transition(
        Action.WITHDRAW, "申请人撤回申请", PRE_DECISION, _S.WITHDRAWN, _CLERK, "案件尚未作出确认决定",
        data_check_effect=LaneEffect.CLEAR, closes=_CASE_STEPS,
    ),
    Transition(
        Action.TERMINATE_NONCOOPERATION, "因不配合调查终止审核", PRE_DECISION, _S.TERMINATED_NONCOOPERATION,
        _CLERK, "案件尚未作出确认决定", guards=(Guard.REASON_GIVEN,),
        data_check_effect=LaneEffect.CLEAR, closes=_CASE_STEPS,
    ),
    Transition(
        Action.TERMINATE, "停止保障（退出）", frozenset({_S.ACTIVE}), _S.TERMINATED, _CLERK, "家庭正在享受保障",
        guards=(Guard.REASON_GIVEN, Guard.FAMILY_HEARD),
    ),
)  # fmt: skip

TRANSITION_BY_ACTION: Mapping[Action, Transition] = MappingProxyType({t.action: t for t in TRANSITIONS})
ACTION_LABELS: Mapping[Action, str] = MappingProxyType({t.action: t.label for t in TRANSITIONS})

_ACCEPTING = frozenset({Action.SUBMIT_WINDOW, Action.ACCEPT_ONLINE, Action.COMPLETE_MATERIALS})


# --------------------------------------------------------------------------------------------------- the plan


@dataclass(frozen=True, slots=True)
class StepOpen:
    step: Step
    start_on: date


@dataclass(frozen=True, slots=True)
class Task:
    kind: TaskKind
    label: str
    place: PublicityPlace | None = None


@dataclass(frozen=True, slots=True)
class TransitionPlan:
    case_id: str
    action: Action
    action_label: str
    before: CaseStatus
    after: CaseStatus
    on_date: date
    opens: tuple[StepOpen, ...]
    closes: tuple[Step, ...]
    tasks: tuple[Task, ...]
    # REQUEST_MATERIALS only: the one-time notice's list (never empty there).
    missing_items: tuple[str, ...] = ()
    # POST_PUBLICITY only: where notices go (both places for 人户分离).
    publicity_places: tuple[PublicityPlace, ...] = ()
    reason: str = ""


def plan_transition(
    snapshot: CaseSnapshot,
    action: Action,
    role: Role,
    on_date: date,
    *,
    actor_id: str | None = None,
    inputs: TransitionInput | None = None,
) -> TransitionPlan:
    """Check ``action`` by ``role`` on ``on_date`` and describe its effects, or raise.

    Order of checks: recusal (a related staff member gets the same answer for every action), then the state,
    then the role, then the guards.
    """
    given = inputs or TransitionInput()
    rule = TRANSITION_BY_ACTION[action]
    _check_recusal(snapshot, rule, actor_id)
    if not rule.matches(snapshot.status):
        raise InvalidTransition(state=snapshot.status.label, action=rule.label, required=rule.required)
    if role not in rule.roles:
        raise PermissionDenied(role=ROLE_LABELS[role], action=rule.label)
    for guard in rule.guards:
        spec = GUARDS[guard]
        if not spec.check(snapshot, given, on_date):
            raise InvalidTransition(state=snapshot.status.label, action=rule.label, required=spec.required)

    after = CaseStatus(
        rule.to_state or snapshot.status.state, _lane_after(snapshot.status, rule.data_check_effect)
    )
    start = on_date
    if rule.clock_from_publicity_end and snapshot.publicity_ends_on is not None:
        start = snapshot.publicity_ends_on
    opens = [StepOpen(step, start) for step in rule.opens]
    tasks = list(_tasks(snapshot, rule, after))
    if action in _ACCEPTING and snapshot.renhu_fenli and snapshot.applied_at_residence:
        opens.append(StepOpen(Step.RENHU_FENLI_CHECK_REQUEST, on_date))
    return TransitionPlan(
        case_id=snapshot.case_id,
        action=action,
        action_label=rule.label,
        before=snapshot.status,
        after=after,
        on_date=on_date,
        opens=tuple(opens),
        closes=rule.closes,
        tasks=tuple(tasks),
        missing_items=given.cleaned_missing_items if action is Action.REQUEST_MATERIALS else (),
        publicity_places=_publicity_places(snapshot) if action is Action.POST_PUBLICITY else (),
        reason=given.reason.strip(),
    )


def available_actions(snapshot: CaseSnapshot, role: Role, actor_id: str | None = None) -> tuple[Action, ...]:
    """Actions whose state and role fit (guards may still refuse); what a workspace offers as buttons."""
    if actor_id is not None and actor_id in snapshot.blocked_user_ids:
        return ()
    return tuple(t.action for t in TRANSITIONS if t.matches(snapshot.status) and role in t.roles)


def _check_recusal(snapshot: CaseSnapshot, rule: Transition, actor_id: str | None) -> None:
    if not snapshot.blocked_user_ids:
        return
    if actor_id is None:
        # Without knowing who acts, recusal cannot be checked; refuse rather than let a relative through.
        raise ValidationError("本案有须回避的人员，必须提供操作人", case=snapshot.case_id)
    if actor_id in snapshot.blocked_user_ids:
        raise RecusalRequired(action=rule.label)


def _lane_after(status: CaseStatus, effect: LaneEffect) -> CaseState | None:
    if effect is LaneEffect.KEEP:
        return status.data_check
    if effect is LaneEffect.CLEAR:
        return None
    return CaseState.DATA_CHECK_REQUESTED if effect is LaneEffect.REQUESTED else CaseState.DATA_CHECKED


def _publicity_places(snapshot: CaseSnapshot) -> tuple[PublicityPlace, ...]:
    # J2 Art. 19: a 人户分离 family is posted at both places.
    if snapshot.renhu_fenli:
        return (PublicityPlace.HUKOU, PublicityPlace.RESIDENCE)
    return (PublicityPlace.HUKOU,)


def _tasks(snapshot: CaseSnapshot, rule: Transition, after: CaseStatus) -> Iterator[Task]:
    if rule.action in _ACCEPTING:
        if snapshot.near_relative:
            yield Task(TaskKind.NEAR_RELATIVE_FILING, TASK_LABELS[TaskKind.NEAR_RELATIVE_FILING])
        if snapshot.renhu_fenli and snapshot.applied_at_residence:
            yield Task(TaskKind.RENHU_FENLI_CHECK_REQUEST, TASK_LABELS[TaskKind.RENHU_FENLI_CHECK_REQUEST])
    # Signalled until the service records it as scheduled, so a flag set mid-case is not missed.
    if snapshot.near_relative and not snapshot.county_field_check_scheduled and after.state in _UNDER_REVIEW:
        yield Task(TaskKind.COUNTY_FIELD_CHECK, TASK_LABELS[TaskKind.COUNTY_FIELD_CHECK])
    if rule.action is Action.POST_PUBLICITY:
        for place in _publicity_places(snapshot):
            label = f"{TASK_LABELS[TaskKind.POST_NOTICE]}（{PUBLICITY_PLACE_LABELS[place]}）"
            yield Task(TaskKind.POST_NOTICE, label, place)
        if snapshot.renhu_fenli:
            yield Task(TaskKind.PUBLICITY_FEEDBACK, TASK_LABELS[TaskKind.PUBLICITY_FEEDBACK])
    if rule.action is Action.APPROVE:
        yield Task(TaskKind.ISSUE_CERTIFICATE, TASK_LABELS[TaskKind.ISSUE_CERTIFICATE])
        yield Task(TaskKind.PUBLISH_APPROVAL, TASK_LABELS[TaskKind.PUBLISH_APPROVAL])
    if rule.action is Action.TERMINATE:
        yield Task(TaskKind.LEAVER_PUBLICITY, TASK_LABELS[TaskKind.LEAVER_PUBLICITY])
