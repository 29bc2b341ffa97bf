"""抽查 of new recipients (seed 三(四)1; DOMAIN §7.1, §7.3, §8.13).

For each approval cohort (the approvals decided in one calendar month, optionally within a township-code prefix) the
county draws a random sample of at least ``spot_check.sample_ratio`` of the cases, of which at least
``spot_check.field_ratio`` are checked in the field, within ``spot_check.window_days`` of each decision. Every
near-relative case (近亲属备案) is in the sample and in the field part. The draw is reproducible: it uses
``random.Random(seed)`` over the population sorted by case id, and both the seed and the population are stored
(:func:`verify_draw` repeats it). Cases approved after a draw can be drawn in a further draw of the same cohort.

A cohort smaller than ``spot_check.min_cohort_size`` — or one where the ratios already demand every case — cannot be
sampled by percentage: the draw says so and takes everything.
"""

from __future__ import annotations

import json
import random
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Case, CaseDecision, CaseTask, NearRelativeFiling, Person
from app.db.models.supervision import SpotCheck, SpotCheckDraw
from app.db.models.workflow import TASK_OPEN
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.errors import RecusalRequired, ValidationError
from app.domain.idnumber import mask_id_number
from app.domain.roles import Permission
from app.services import workflow
from app.services.supervision.common import (
    Recorder,
    clean,
    dumps,
    get_row,
    percent,
    row_fields,
    rule_int,
    rule_ratio,
)
from app.workflow.calendar import WorkCalendar
from app.workflow.rules import RuleReader, YearMonth
from app.workflow.states import TaskKind

SAMPLE_RULE = "spot_check.sample_ratio"
FIELD_RULE = "spot_check.field_ratio"
WINDOW_RULE = "spot_check.window_days"
MIN_COHORT_RULE = "spot_check.min_cohort_size"
ALERT_RULE = "spot_check.alert_days_before_close"

STATUS_PENDING = "PENDING"
STATUS_DONE = "DONE"


class CheckType(StrEnum):
    FIELD = "FIELD"
    DESK = "DESK"


CHECK_TYPE_LABELS: Mapping[CheckType, str] = MappingProxyType(
    {CheckType.FIELD: "实地抽查", CheckType.DESK: "书面抽查"}
)


class CheckResult(StrEnum):
    OK = "OK"
    PROBLEM = "PROBLEM"


RESULT_LABELS: Mapping[CheckResult, str] = MappingProxyType(
    {CheckResult.OK: "无问题", CheckResult.PROBLEM: "发现问题"}
)


# --------------------------------------------------------------------------------------------------- the draw (pure)


@dataclass(frozen=True, slots=True)
class Candidate:
    case_id: str
    near_relative: bool = False


@dataclass(frozen=True, slots=True)
class DrawPlan:
    sample: tuple[str, ...]  # case ids in the order drawn (near relatives first)
    field: tuple[str, ...]  # the field part of the sample
    took_everything: bool
    message: str
    required_sample: int
    required_field: int


def ceil_part(count: int, ratio: Decimal) -> int:
    return int((Decimal(count) * ratio).to_integral_value(rounding=ROUND_CEILING))


def draw_sample(
    population: Sequence[Candidate],
    *,
    seed: int,
    sample_ratio: Decimal,
    field_ratio: Decimal,
    min_cohort: int,
) -> DrawPlan:
    """The reproducible draw: same population (in any order) and seed → same sample and field part."""
    ordered = sorted({c.case_id: c for c in population}.values(), key=lambda c: c.case_id)
    n = len(ordered)
    if n == 0:
        raise ValidationError("本批次没有可抽查的新增保障家庭。")
    rng = random.Random(seed)
    near = [c.case_id for c in ordered if c.near_relative]
    others = [c.case_id for c in ordered if not c.near_relative]
    required = ceil_part(n, sample_ratio)
    if n < min_cohort or max(required, len(near)) >= n:
        if n < min_cohort:
            message = (
                f"本批次仅 {n} 户新增保障家庭，少于按比例抽样所需的 {min_cohort} 户，"
                f"无法按比例（{percent_text(sample_ratio)}）抽取，已全部抽查。"
            )
        else:
            message = f"本批次 {n} 户，按比例（{percent_text(sample_ratio)}）及近亲属备案须抽查的户数已达全部，已全部抽查。"
        sample = [*near, *rng.sample(others, len(others))]
        took_everything = True
    else:
        sample = [*near, *rng.sample(others, max(required, len(near)) - len(near))]
        message = ""
        took_everything = False
    required_field = max(ceil_part(len(sample), field_ratio), len(near))
    near_set = set(near)
    drawn_others = [c for c in sample if c not in near_set]
    field = [*near, *rng.sample(drawn_others, required_field - len(near))]
    return DrawPlan(tuple(sample), tuple(field), took_everything, message, required, required_field)


def percent_text(ratio: Decimal) -> str:
    return f"{(ratio * 100).normalize():f}%"


# --------------------------------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class SpotCheckRow:
    id: str
    draw_id: str
    case_id: str
    township_code: str
    head_name: str
    head_id_masked: str
    cohort: str
    decided_on: date
    window_ends_on: date
    check_type: CheckType
    check_type_label: str
    near_relative: bool
    status: str
    check_date: date | None
    checkers: str
    result: CheckResult | None
    result_label: str
    problem_desc: str
    rectification: str
    closed_date: date | None
    in_window: bool | None  # None while pending


@dataclass(frozen=True, slots=True)
class DrawResult:
    draw_id: str
    cohort: str
    scope_code: str
    seed: int
    population: int
    sample_size: int
    field_size: int
    required_sample: int
    required_field: int
    took_everything: bool
    message: str
    checks: tuple[SpotCheckRow, ...]


def _heads(session: Session, household_ids: set[uuid.UUID]) -> dict[uuid.UUID, Person]:
    heads: dict[uuid.UUID, Person] = {}
    if not household_ids:
        return heads
    for p in session.scalars(
        select(Person)
        .where(Person.household_id.in_(household_ids))
        .order_by(Person.household_id, Person.is_head.desc(), Person.ordinal)
    ):
        heads.setdefault(p.household_id, p)
    return heads


def _rows(session: Session, checks: Sequence[SpotCheck]) -> tuple[SpotCheckRow, ...]:
    cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_({s.case_id for s in checks})))}
    heads = _heads(session, {c.household_id for c in cases.values()})
    out: list[SpotCheckRow] = []
    for s in checks:
        case = cases.get(s.case_id)
        head = heads.get(case.household_id) if case else None
        check_type = CheckType(s.check_type)
        result = CheckResult(s.result) if s.result else None
        out.append(
            SpotCheckRow(
                id=str(s.id),
                draw_id=str(s.draw_id),
                case_id=str(s.case_id),
                township_code=case.township_code if case else "",
                head_name=head.name if head else "",
                head_id_masked=mask_id_number(head.id_number) if head and head.id_number else "（无证件号）",
                cohort=s.cohort,
                decided_on=s.decided_on,
                window_ends_on=s.window_ends_on,
                check_type=check_type,
                check_type_label=CHECK_TYPE_LABELS[check_type],
                near_relative=s.near_relative,
                status=s.status,
                check_date=s.check_date,
                checkers=s.checkers,
                result=result,
                result_label=RESULT_LABELS[result] if result else "待抽查",
                problem_desc=s.problem_desc,
                rectification=s.rectification,
                closed_date=s.closed_date,
                in_window=None if s.check_date is None else s.check_date <= s.window_ends_on,
            )
        )
    return tuple(out)


# --------------------------------------------------------------------------------------------------- population


@dataclass(frozen=True, slots=True)
class _Member:
    case: Case
    decision: CaseDecision
    near_relative: bool


def _population(session: Session, cohort: YearMonth, scope_code: str) -> list[_Member]:
    stmt = (
        select(CaseDecision, Case)
        .join(Case, Case.id == CaseDecision.case_id)
        .where(
            CaseDecision.result == workflow.RESULT_APPROVED,
            CaseDecision.decided_on >= cohort.first_day(),
            CaseDecision.decided_on <= cohort.last_day(),
        )
        .order_by(CaseDecision.decided_on, CaseDecision.created_at)
    )
    if scope_code:
        stmt = stmt.where(Case.township_code.startswith(scope_code))
    latest: dict[uuid.UUID, tuple[CaseDecision, Case]] = {}
    for decision, case in session.execute(stmt):
        latest[case.id] = (decision, case)
    filed = set(
        session.scalars(
            select(NearRelativeFiling.household_id).where(
                NearRelativeFiling.household_id.in_({c.household_id for _, c in latest.values()})
            )
        )
    )
    return [_Member(c, d, c.near_relative_flag or c.household_id in filed) for d, c in latest.values()]


def _drawn_case_ids(session: Session, cohort: YearMonth) -> set[uuid.UUID]:
    """Cases already in the population of an earlier draw of the cohort (sampled or not)."""
    drawn: set[uuid.UUID] = set()
    for text in session.scalars(
        select(SpotCheckDraw.population_json).where(SpotCheckDraw.cohort == str(cohort))
    ):
        raw: list[list[Any]] = json.loads(text or "[]")
        drawn.update(uuid.UUID(str(case_id)) for case_id, _ in raw)
    return drawn


@dataclass(frozen=True, slots=True)
class _Rules:
    sample_ratio: Decimal
    field_ratio: Decimal
    window_days: int
    min_cohort: int
    versions: tuple[str, ...]


def _rules(rules: RuleReader, on: date) -> _Rules:
    sample, v1 = rule_ratio(rules, SAMPLE_RULE, on)
    field, v2 = rule_ratio(rules, FIELD_RULE, on)
    window, v3 = rule_int(rules, WINDOW_RULE, on, "CD")
    minimum, v4 = rule_int(rules, MIN_COHORT_RULE, on, "CASES")
    return _Rules(sample, field, window, minimum, (v1, v2, v3, v4))


def draw_spot_checks(
    session: Session,
    actor: Actor,
    cohort: YearMonth,
    *,
    clock: Clock,
    calendar: WorkCalendar,
    rules: RuleReader,
    seed: int | None = None,
    scope_code: str = "",
) -> DrawResult:
    """Draw the cohort's not-yet-drawn approvals (county reviewer). ``seed`` defaults to a fresh random one."""
    actor.require(Permission.COUNTY_REVIEW)
    today = clock.today()
    if cohort.first_day() > today:
        raise ValidationError(f"{cohort} 还没有到，不能抽查。")
    if seed is not None and not 0 <= seed < 2**63:
        raise ValidationError("随机种子应为 0 到 2^63-1 之间的整数。")
    drawn = _drawn_case_ids(session, cohort)
    members = [m for m in _population(session, cohort, scope_code) if m.case.id not in drawn]
    if not members:
        if drawn:
            raise ValidationError(f"{cohort} 批次的新增保障家庭已全部抽取，没有新的可抽。")
        raise ValidationError(f"{cohort} 没有确认同意的新增保障家庭，无需抽查。")
    params = _rules(rules, cohort.first_day())
    chosen_seed = seed if seed is not None else secrets.randbelow(2**31)
    population = [Candidate(str(m.case.id), m.near_relative) for m in members]
    plan = draw_sample(
        population,
        seed=chosen_seed,
        sample_ratio=params.sample_ratio,
        field_ratio=params.field_ratio,
        min_cohort=params.min_cohort,
    )
    rec = Recorder(session, actor, clock)
    draw = SpotCheckDraw(
        id=uuid.uuid4(),
        cohort=str(cohort),
        scope_code=scope_code,
        seed=chosen_seed,
        drawn_on=today,
        drawn_by=actor.user_id,
        population=len(population),
        population_json=dumps(sorted([c.case_id, c.near_relative] for c in population)),
        sample_size=len(plan.sample),
        field_size=len(plan.field),
        took_everything=plan.took_everything,
        message=plan.message[:400],
        rule_versions_json=dumps(list(params.versions)),
    )
    rec.create(
        draw,
        "spot_check.drawn",
        {
            "cohort": str(cohort),
            "seed": chosen_seed,
            "population": len(population),
            "sample": len(plan.sample),
            "field": len(plan.field),
            "took_everything": plan.took_everything,
        },
    )
    by_id = {str(m.case.id): m for m in members}
    field = set(plan.field)
    checks: list[SpotCheck] = []
    for case_id in plan.sample:
        member = by_id[case_id]
        window_end = calendar.calendar_deadline(member.decision.decided_on, params.window_days).date
        check = SpotCheck(
            id=uuid.uuid4(),
            draw_id=draw.id,
            case_id=member.case.id,
            decision_id=member.decision.id,
            cohort=str(cohort),
            decided_on=member.decision.decided_on,
            window_ends_on=window_end,
            check_type=(CheckType.FIELD if case_id in field else CheckType.DESK).value,
            near_relative=member.near_relative,
            status=STATUS_PENDING,
        )
        rec.create(check, "spot_check.sampled", {"case_id": case_id, "check_type": check.check_type})
        checks.append(check)
    session.flush()
    return DrawResult(
        draw_id=str(draw.id),
        cohort=str(cohort),
        scope_code=scope_code,
        seed=chosen_seed,
        population=len(population),
        sample_size=len(plan.sample),
        field_size=len(plan.field),
        required_sample=plan.required_sample,
        required_field=plan.required_field,
        took_everything=plan.took_everything,
        message=plan.message,
        checks=_rows(session, checks),
    )


def verify_draw(session: Session, actor: Actor, draw_id: str, *, rules: RuleReader) -> bool:
    """Repeat a stored draw from its seed and population: True when it gives the stored sample and field part."""
    actor.require(Permission.COUNTY_REVIEW)
    draw = get_row(session, SpotCheckDraw, draw_id, "抽查批次")
    raw: list[list[Any]] = json.loads(draw.population_json)
    population = [Candidate(str(c), bool(nr)) for c, nr in raw]
    params = _rules(rules, YearMonth.parse(draw.cohort).first_day())
    plan = draw_sample(
        population,
        seed=draw.seed,
        sample_ratio=params.sample_ratio,
        field_ratio=params.field_ratio,
        min_cohort=params.min_cohort,
    )
    stored = {
        str(s.case_id): s.check_type
        for s in session.scalars(select(SpotCheck).where(SpotCheck.draw_id == draw.id))
    }
    redrawn = {c: (CheckType.FIELD if c in set(plan.field) else CheckType.DESK).value for c in plan.sample}
    return stored == redrawn


@dataclass(frozen=True, slots=True)
class DrawRecord:
    """A stored draw as the county sees it again: its seed, sizes and what the draw said."""

    id: str
    cohort: str
    scope_code: str
    seed: int
    drawn_on: date
    population: int
    sample_size: int
    field_size: int
    took_everything: bool
    message: str


def list_draws(session: Session, actor: Actor, *, cohort: str | None = None) -> tuple[DrawRecord, ...]:
    """The recorded draws (of one cohort), oldest first."""
    actor.require(Permission.COUNTY_REVIEW)
    stmt = select(SpotCheckDraw)
    if cohort:
        stmt = stmt.where(SpotCheckDraw.cohort == cohort)
    return tuple(
        DrawRecord(
            id=str(d.id),
            cohort=d.cohort,
            scope_code=d.scope_code,
            seed=d.seed,
            drawn_on=d.drawn_on,
            population=d.population,
            sample_size=d.sample_size,
            field_size=d.field_size,
            took_everything=d.took_everything,
            message=d.message,
        )
        for d in session.scalars(stmt.order_by(SpotCheckDraw.cohort, SpotCheckDraw.created_at))
    )


# --------------------------------------------------------------------------------------------------- results


def record_spot_check(
    session: Session,
    actor: Actor,
    check_id: str,
    *,
    check_date: date,
    checkers: str,
    result: CheckResult,
    clock: Clock,
    problem_desc: str = "",
    rectification: str = "",
    closed_date: date | None = None,
) -> SpotCheckRow:
    """Record (or complete, until closed) the result of one sampled case; a near-relative field check also settles
    the workflow's county field-check task of the case."""
    actor.require(Permission.COUNTY_REVIEW)
    check = get_row(session, SpotCheck, check_id, "抽查记录")
    case = workflow.load_case(session, str(check.case_id))
    if actor.user_id in workflow.blocked_user_ids(session, case.household_id):
        raise RecusalRequired(action="抽查该家庭")
    today = clock.today()
    problems: list[str] = []
    if check.closed_date is not None:
        problems.append("该抽查记录已经办结，不能再修改")
    if check_date > today:
        problems.append("抽查日期不能晚于今天")
    if check_date < check.decided_on:
        problems.append("抽查日期不能早于确认决定日期")
    if not checkers.strip():
        problems.append("请填写抽查人员")
    if result is CheckResult.PROBLEM and not problem_desc.strip():
        problems.append("发现问题时请写明问题")
    if closed_date is not None:
        if closed_date < check_date or closed_date > today:
            problems.append("办结日期应在抽查日期和今天之间")
        if result is CheckResult.PROBLEM and not rectification.strip():
            problems.append("发现问题的抽查须写明整改情况后才能办结")
    if problems:
        raise ValidationError("抽查结果不能保存：\n" + "\n".join(problems))
    before = row_fields(check)
    check.status = STATUS_DONE
    check.check_date = check_date
    check.checkers = clean(checkers, 200)
    check.result = result.value
    check.problem_desc = clean(problem_desc, 2000)
    check.rectification = clean(rectification, 2000)
    check.closed_date = (
        closed_date if closed_date is not None else (check_date if result is CheckResult.OK else None)
    )
    Recorder(session, actor, clock).patch(
        check,
        before,
        "spot_check.recorded",
        {"case_id": str(case.id), "result": result.value, "in_window": check_date <= check.window_ends_on},
    )
    if check.near_relative and check.check_type == CheckType.FIELD.value:
        task = session.scalars(
            select(CaseTask).where(
                CaseTask.case_id == case.id,
                CaseTask.kind == TaskKind.COUNTY_FIELD_CHECK.value,
                CaseTask.status == TASK_OPEN,
            )
        ).first()
        if task is not None:
            workflow.complete_task(
                session,
                actor,
                str(task.id),
                clock=clock,
                note=f"抽查实地核查：{RESULT_LABELS[result]}",
                on_date=check_date,
            )
    session.flush()
    return _rows(session, [check])[0]


def list_spot_checks(
    session: Session, actor: Actor, *, cohort: str | None = None, pending_only: bool = False
) -> tuple[SpotCheckRow, ...]:
    actor.require(Permission.COUNTY_REVIEW)
    stmt = select(SpotCheck)
    if cohort:
        stmt = stmt.where(SpotCheck.cohort == cohort)
    if pending_only:
        stmt = stmt.where(SpotCheck.status == STATUS_PENDING)
    return _rows(session, list(session.scalars(stmt.order_by(SpotCheck.window_ends_on, SpotCheck.case_id))))


# --------------------------------------------------------------------------------------------------- coverage


@dataclass(frozen=True, slots=True)
class CohortCoverage:
    cohort: str
    population: int
    drawn: int
    field_drawn: int
    required_sample: int
    required_field: int
    near_relatives: int
    near_relatives_field_done: int
    done: int
    done_in_window: int
    field_done_in_window: int
    undrawn: int
    window_closes_on: date | None  # the earliest open window among pending checks and undrawn cases
    meets_target: bool
    alerts: tuple[str, ...]

    @property
    def sample_percent(self) -> str:
        return percent(self.drawn, self.population)

    @property
    def field_percent(self) -> str:
        return percent(self.field_drawn, self.drawn)

    @property
    def done_percent(self) -> str:
        return percent(self.done_in_window, self.population)


def spot_check_coverage(
    session: Session,
    actor: Actor,
    *,
    today: date,
    calendar: WorkCalendar,
    rules: RuleReader,
    scope_code: str = "",
    cohorts: Sequence[YearMonth] | None = None,
) -> tuple[CohortCoverage, ...]:
    """Per approval cohort: sample and field coverage against the rules, and alerts before windows close."""
    actor.require(Permission.COUNTY_REVIEW)
    alert_days = rule_int(rules, ALERT_RULE, today, "CD")[0]
    stmt = select(CaseDecision.decided_on).where(CaseDecision.result == workflow.RESULT_APPROVED)
    months = (
        sorted({YearMonth.of(d) for d in session.scalars(stmt)}) if cohorts is None else sorted(set(cohorts))
    )
    out: list[CohortCoverage] = []
    for cohort in months:
        members = _population(session, cohort, scope_code)
        if not members:
            continue
        params = _rules(rules, cohort.first_day())
        ids = {m.case.id for m in members}
        checks = [
            c
            for c in session.scalars(select(SpotCheck).where(SpotCheck.cohort == str(cohort)))
            if c.case_id in ids
        ]
        drawn_ids = _drawn_case_ids(session, cohort)
        n = len(members)
        near_ids = {m.case.id for m in members if m.near_relative}
        required = max(ceil_part(n, params.sample_ratio), min(n, len(near_ids)))
        if n < params.min_cohort:
            required = n
        required_field = max(ceil_part(required, params.field_ratio), len(near_ids))
        done = [c for c in checks if c.status == STATUS_DONE and c.check_date is not None]
        in_window = [c for c in done if c.check_date is not None and c.check_date <= c.window_ends_on]
        field_in_window = [c for c in in_window if c.check_type == CheckType.FIELD.value]
        near_field_done = {c.case_id for c in field_in_window if c.case_id in near_ids}
        pending = [c for c in checks if c.status == STATUS_PENDING]
        undrawn = [m for m in members if m.case.id not in drawn_ids]
        undrawn_ends = [
            calendar.calendar_deadline(m.decision.decided_on, params.window_days).date for m in undrawn
        ]
        open_ends = [c.window_ends_on for c in pending if c.window_ends_on >= today] + [
            d for d in undrawn_ends if d >= today
        ]
        alerts: list[str] = []
        closing = [c for c in pending if 0 <= (c.window_ends_on - today).days <= alert_days]
        if closing:
            first = min(c.window_ends_on for c in closing)
            alerts.append(
                f"{len(closing)} 户抽查将超出 {params.window_days} 日期限（最早 {first.isoformat()}），请尽快完成"
            )
        late = [c for c in pending if c.window_ends_on < today]
        if late:
            alerts.append(f"{len(late)} 户抽查已超过 {params.window_days} 日期限仍未完成")
        if undrawn:
            soon = [d for d in undrawn_ends if (d - today).days <= alert_days]
            extra = f"，其中 {len(soon)} 户抽查期限将满或已过" if soon else ""
            alerts.append(f"{len(undrawn)} 户新增保障家庭尚未抽取{extra}")
        missing_near = near_ids - near_field_done
        if missing_near:
            alerts.append(f"{len(missing_near)} 户近亲属备案家庭尚未完成实地核查")
        meets = len(in_window) >= required and len(field_in_window) >= required_field and not missing_near
        out.append(
            CohortCoverage(
                cohort=str(cohort),
                population=n,
                drawn=len(checks),
                field_drawn=sum(1 for c in checks if c.check_type == CheckType.FIELD.value),
                required_sample=required,
                required_field=required_field,
                near_relatives=len(near_ids),
                near_relatives_field_done=len(near_field_done),
                done=len(done),
                done_in_window=len(in_window),
                field_done_in_window=len(field_in_window),
                undrawn=len(undrawn),
                window_closes_on=min(open_ends) if open_ends else None,
                meets_target=meets,
                alerts=tuple(alerts),
            )
        )
    return tuple(out)
