"""The deadline engine: pure functions from (step, start date, rule book, work calendar, today) to a ``Deadline``.

Limits come only from the rule book (``deadline.*``, ``publicity.length``; unit WD or CD), looked up on the day the
clock started, so a rule change never moves a running clock retroactively. Dates come only from ``WorkCalendar``.
Every result records the rule row and the calendar version it used, so a deadline computed on a provisional calendar
can be found and recomputed after ``dibao calendar import`` (:func:`recompute_open_deadlines`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol

from app.domain.errors import AppError, RuleInvalid, RuleMissing
from app.workflow.calendar import CalendarResult, WorkCalendar
from app.workflow.rules import Rule


class RuleSource(Protocol):
    """What the engine needs from a rule book; a ``RuleBook`` or anything that traces reads through to one."""

    def get(self, key: str, on: date) -> Rule: ...


class Step(StrEnum):
    ACCEPTANCE_ONLINE = "acceptance_online"
    INVESTIGATION = "investigation"
    DATA_CHECK = "data_check"
    RENHU_FENLI_CHECK_REQUEST = "renhu_fenli_check_request"
    PRELIM_OPINION = "prelim_opinion"
    PUBLICITY = "publicity"
    DEMOCRATIC_REVIEW = "democratic_review"
    DECISION = "decision"
    DENIAL_NOTICE = "denial_notice"
    WHOLE_PROCESS = "whole_process"
    WARNING_VERIFICATION = "warning_verification"


RULE_KEYS: Mapping[Step, str] = MappingProxyType(
    {step: ("publicity.length" if step is Step.PUBLICITY else f"deadline.{step.value}") for step in Step}
)
DUE_SOON_KEY = "deadline.due_soon_working_days"


class DayUnit(StrEnum):
    WD = "WD"  # working days on the official calendar
    CD = "CD"  # calendar days, last day rolled past rest days (民法典 Art. 203)


class DeadlineStatus(StrEnum):
    ON_TIME = "ON_TIME"
    DUE_SOON = "DUE_SOON"
    OVERDUE = "OVERDUE"
    DONE = "DONE"


@dataclass(frozen=True, slots=True)
class Deadline:
    step: Step
    started_on: date
    due_on: date
    unit: DayUnit
    limit: int
    status: DeadlineStatus
    provisional: bool  # the due date depends on a day of a year without an official calendar
    rule_version: str
    calendar_version: str
    done_on: date | None = None
    late: bool = False  # done after due_on, or still open and overdue
    # Open deadlines: working days in (today, due_on]; negative = working days overdue. None once done.
    working_days_left: int | None = None


# ---------------------------------------------------------------------------------------------------------------------
# Single deadlines
# ---------------------------------------------------------------------------------------------------------------------


def _non_negative_int(rule: Rule) -> int:
    value = rule.value
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleInvalid(rule=rule.version, detail=f"期限应为非负整数，实际为“{value}”")
    return value


def _limit(rules: RuleSource, step: Step, on: date) -> tuple[Rule, int, DayUnit]:
    rule = rules.get(RULE_KEYS[step], on)
    try:
        unit = DayUnit(rule.unit)
    except ValueError:
        raise RuleInvalid(rule=rule.version, detail=f"单位应为 WD 或 CD，实际为“{rule.unit}”") from None
    return rule, _non_negative_int(rule), unit


def _due(calendar: WorkCalendar, started_on: date, limit: int, unit: DayUnit) -> CalendarResult:
    if unit is DayUnit.WD:
        return calendar.add_working_days(started_on, limit)
    return calendar.calendar_deadline(started_on, limit)


def _due_soon_threshold(rules: RuleSource, today: date) -> int:
    rule = rules.get(DUE_SOON_KEY, today)
    if rule.unit != DayUnit.WD.value:
        raise RuleInvalid(rule=rule.version, detail=f"单位应为 WD，实际为“{rule.unit}”")
    return _non_negative_int(rule)


def _finish(
    step: Step,
    started_on: date,
    rule: Rule,
    limit: int,
    unit: DayUnit,
    due: CalendarResult,
    calendar: WorkCalendar,
    today: date,
    done_on: date | None,
    threshold: int,
) -> Deadline:
    if done_on is not None:
        status = DeadlineStatus.DONE
        late = done_on > due.date
        left: int | None = None
    else:
        left = calendar.working_days_between(today, due.date).days
        if today > due.date:
            status = DeadlineStatus.OVERDUE
        elif left <= threshold:
            status = DeadlineStatus.DUE_SOON
        else:
            status = DeadlineStatus.ON_TIME
        late = status is DeadlineStatus.OVERDUE
    return Deadline(
        step=step,
        started_on=started_on,
        due_on=due.date,
        unit=unit,
        limit=limit,
        status=status,
        provisional=due.provisional,
        rule_version=rule.version,
        calendar_version=due.calendar_version,
        done_on=done_on,
        late=late,
        working_days_left=left,
    )


def compute_deadline(
    step: Step,
    started_on: date,
    rules: RuleSource,
    calendar: WorkCalendar,
    today: date,
    done_on: date | None = None,
) -> Deadline:
    """The deadline of ``step`` whose clock started on ``started_on`` (the day itself does not count, Art. 201).

    DUE_SOON when at most ``deadline.due_soon_working_days`` working days remain in (today, due_on].
    """
    rule, limit, unit = _limit(rules, step, started_on)
    due = _due(calendar, started_on, limit, unit)
    threshold = _due_soon_threshold(rules, today) if done_on is None else 0
    return _finish(step, started_on, rule, limit, unit, due, calendar, today, done_on, threshold)


# ---------------------------------------------------------------------------------------------------------------------
# Whole-process projection (DOMAIN §6.2, §6.4)
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StepDates:
    """What is known about one step of a case. ``started_on`` overrides the start the chain would derive."""

    started_on: date | None = None
    done_on: date | None = None


@dataclass(frozen=True, slots=True)
class ProjectedStep:
    step: Step
    starts_on: date
    ends_on: date  # done_on if done; else the due date, or today if that has already passed
    done: bool
    deadline: Deadline


@dataclass(frozen=True, slots=True)
class Projection:
    accepted_on: date
    whole: Deadline  # the whole-process clock (deadline.whole_process) from acceptance
    projected_finish: date
    exceeds_limit: bool
    slack_working_days: int  # working days from the projected finish to whole.due_on; negative when over
    provisional: bool
    steps: tuple[ProjectedStep, ...]

    def warning(self) -> str:
        """A sentence for the CLI and the case banner; empty when the projection fits."""
        if not self.exceeds_limit:
            return ""
        return (
            f"预计办结日期 {self.projected_finish.isoformat()} 超过 {self.whole.limit} 个工作日的办理时限"
            f"（应在 {self.whole.due_on.isoformat()} 前办结），将超出 {-self.slack_working_days} 个工作日，请加快办理。"
        )


def project_whole_process(
    accepted_on: date,
    progress: Mapping[Step, StepDates],
    rules: RuleSource,
    calendar: WorkCalendar,
    today: date,
    *,
    democratic_review: bool = False,
) -> Projection:
    """Project when the decision will be made, from the steps done so far and the limits of the rest.

    Chain (DOMAIN §6.2): investigation ∥ data check → preliminary opinion → publicity → [democratic review] →
    decision. The opinion waits for both branches because assessment needs the field report and the county
    cross-check. Publicity is posted the day the opinion is made. An open step that is already past its due date
    is projected to finish today, not in the past. ``democratic_review`` (or progress for that step) adds the review.
    """
    steps: list[ProjectedStep] = []

    def run(step: Step, default_start: date) -> date:
        known = progress.get(step, StepDates())
        start = known.started_on or default_start
        deadline = compute_deadline(step, start, rules, calendar, today, known.done_on)
        end = known.done_on if known.done_on is not None else max(deadline.due_on, today)
        steps.append(ProjectedStep(step, start, end, known.done_on is not None, deadline))
        return end

    investigated = run(Step.INVESTIGATION, accepted_on)
    checked = run(Step.DATA_CHECK, accepted_on)
    opinion = run(Step.PRELIM_OPINION, max(investigated, checked))
    publicity_end = run(Step.PUBLICITY, opinion)
    before_decision = publicity_end
    if democratic_review or Step.DEMOCRATIC_REVIEW in progress:
        before_decision = run(Step.DEMOCRATIC_REVIEW, publicity_end)
    finish = run(Step.DECISION, before_decision)

    decided = progress.get(Step.DECISION, StepDates()).done_on
    whole = compute_deadline(Step.WHOLE_PROCESS, accepted_on, rules, calendar, today, decided)
    slack = calendar.working_days_between(finish, whole.due_on)
    return Projection(
        accepted_on=accepted_on,
        whole=whole,
        projected_finish=finish,
        exceeds_limit=finish > whole.due_on,
        slack_working_days=slack.days,
        provisional=whole.provisional or slack.provisional or any(s.deadline.provisional for s in steps),
        steps=tuple(steps),
    )


# ---------------------------------------------------------------------------------------------------------------------
# Batch recompute after a calendar change
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OpenDeadline:
    """A stored, still-open deadline as the persistence layer holds it."""

    key: str  # the caller's id for the row, returned unchanged
    step: Step
    started_on: date
    due_on: date
    provisional: bool
    calendar_version: str


@dataclass(frozen=True, slots=True)
class DeadlineChange:
    key: str
    old_due_on: date
    old_provisional: bool
    new: Deadline

    @property
    def moved(self) -> bool:
        return self.new.due_on != self.old_due_on


@dataclass(frozen=True, slots=True)
class RecomputeReport:
    calendar_version: str  # store this on every checked row, changed or not
    checked: int
    changes: tuple[DeadlineChange, ...]  # due date or provisional flag differs from what was stored
    # Rows that could not be recomputed (a rule missing or malformed on their start date), with the error to show.
    # One bad row must not stop the recompute of every other case; these keep their stored dates.
    failures: tuple[tuple[str, AppError], ...] = ()

    @property
    def moved(self) -> tuple[DeadlineChange, ...]:
        return tuple(c for c in self.changes if c.moved)


def recompute_open_deadlines(
    items: Iterable[OpenDeadline], rules: RuleSource, calendar: WorkCalendar, today: date
) -> RecomputeReport:
    """Recompute stored open deadlines on ``calendar`` and report the ones whose due date or provisional flag moved.

    Built for tens of thousands of rows: rule rows and due dates are memoised per (step, start), and the calendar
    memoises its own answers, so the cost is dominated by one dict lookup per row.
    """
    limits: dict[tuple[Step, date], tuple[Rule, int, DayUnit, CalendarResult] | AppError] = {}
    threshold: int | None = None
    changes: list[DeadlineChange] = []
    failures: list[tuple[str, AppError]] = []
    checked = 0
    for item in items:
        checked += 1
        memo_key = (item.step, item.started_on)
        entry = limits.get(memo_key)
        if entry is None:
            try:
                rule, limit, unit = _limit(rules, item.step, item.started_on)
                entry = (rule, limit, unit, _due(calendar, item.started_on, limit, unit))
            except (RuleMissing, RuleInvalid) as exc:
                entry = exc
            limits[memo_key] = entry
        if isinstance(entry, AppError):
            failures.append((item.key, entry))
            continue
        rule, limit, unit, due = entry
        if due.date == item.due_on and due.provisional == item.provisional:
            continue
        if threshold is None:
            threshold = _due_soon_threshold(rules, today)
        new = _finish(item.step, item.started_on, rule, limit, unit, due, calendar, today, None, threshold)
        changes.append(DeadlineChange(item.key, item.due_on, item.provisional, new))
    return RecomputeReport(calendar.calendar_version, checked, tuple(changes), tuple(failures))
