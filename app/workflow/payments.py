"""Payments and dynamic management (DOMAIN §5.3–§5.5, §6.6): monthly roster, back-pay, grace periods, reviews.

Pure functions over ``Entitlement`` records the service keeps per active case. An entitlement pays one amount from
``start_month`` to ``end_month``; an increase or reduction ends one entitlement and starts the next.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from app.domain.errors import ValidationError
from app.workflow.benefit import BenefitDecision, compute_benefit
from app.workflow.rules import (
    GRACE_REASON_LABELS,
    GraceReason,
    ReviewClass,
    RuleReader,
    StartMonthRule,
    YearMonth,
    add_months,
    grace_alert_days,
    grace_rule,
    month_range,
    payment_day_before,
    payment_start_month_rule,
    review_interval_months,
)

_ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Entitlement:
    case_id: str
    household_id: str
    monthly_amount: Decimal
    approved_on: date
    start_month: YearMonth
    # Last month paid, inclusive; None while the household stays in the programme.
    end_month: YearMonth | None = None
    # The decision the amount came from; back-pay recomputes it under new rules.
    decision: BenefitDecision | None = None

    def __post_init__(self) -> None:
        if self.monthly_amount < 0:
            raise ValidationError("保障金额不能为负数", case=self.case_id)
        if self.end_month is not None and self.end_month < self.start_month:
            raise ValidationError("停发月份早于起始月份", case=self.case_id)

    def covers(self, month: YearMonth) -> bool:
        return self.start_month <= month and (self.end_month is None or month <= self.end_month)


def first_payment_month(approved_on: date, rules: RuleReader) -> YearMonth:
    """Seed 三(一)6: from the approval month (Jingdezhen) or, by rule, the month after (national 57号 Art. 23)."""
    month = YearMonth.of(approved_on)
    if payment_start_month_rule(rules, approved_on) is StartMonthRule.NEXT_MONTH:
        return month.plus(1)
    return month


def entitlement_for(
    decision: BenefitDecision, household_id: str, approved_on: date, rules: RuleReader
) -> Entitlement:
    if not decision.eligible:
        raise ValidationError("该家庭评估结果不符合保障条件，不能生成发放记录", case=decision.case_id)
    return Entitlement(
        case_id=decision.case_id,
        household_id=household_id,
        monthly_amount=decision.monthly_amount,
        approved_on=approved_on,
        start_month=first_payment_month(approved_on, rules),
        decision=decision,
    )


def pay_by_date(month: YearMonth, rules: RuleReader) -> date:
    """ "每月10日前发放": the last day strictly before rule payment.day_before [A: 前 read as exclusive]."""
    day = payment_day_before(rules, month.first_day())
    return date(month.year, month.month, day) - timedelta(days=1)


def first_roster_month(entitlement: Entitlement, rules: RuleReader) -> YearMonth:
    """The first roster that can carry this household: approval must come no later than that roster's pay-by day.

    A household approved on the 15th under APPROVAL_MONTH is paid its first month late, with the next roster.
    """
    month = entitlement.start_month
    while entitlement.approved_on > pay_by_date(month, rules):
        month = month.plus(1)
    return month


@dataclass(frozen=True, slots=True)
class RosterLine:
    case_id: str
    household_id: str
    for_month: YearMonth
    amount: Decimal
    # True for an earlier month paid late because approval came after its pay-by day.
    catch_up: bool


@dataclass(frozen=True, slots=True)
class Roster:
    month: YearMonth
    pay_by: date
    lines: tuple[RosterLine, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), _ZERO)

    @property
    def household_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(line.household_id for line in self.lines))


def monthly_roster(entitlements: Iterable[Entitlement], month: YearMonth, rules: RuleReader) -> Roster:
    lines: list[RosterLine] = []
    for ent in entitlements:
        first_roster = first_roster_month(ent, rules)
        if month < first_roster:
            continue
        # The first roster also carries the months that could not be paid on time; later rosters only their own.
        owed = month_range(ent.start_month, month) if month == first_roster else iter((month,))
        for for_month in owed:
            if ent.covers(for_month):
                lines.append(
                    RosterLine(
                        ent.case_id, ent.household_id, for_month, ent.monthly_amount, for_month != month
                    )
                )
    lines.sort(key=lambda ln: (ln.household_id, ln.case_id, ln.for_month))
    return Roster(month, pay_by_date(month, rules), tuple(lines))


# --------------------------------------------------------------------------------------------------- back-pay


@dataclass(frozen=True, slots=True)
class BackPayMonth:
    month: YearMonth
    paid: Decimal
    due: Decimal
    standard_paid: Decimal
    standard_new: Decimal
    standard_rule: str

    @property
    def arrears(self) -> Decimal:
        return self.due - self.paid


@dataclass(frozen=True, slots=True)
class BackPayHousehold:
    case_id: str
    household_id: str
    months: tuple[BackPayMonth, ...]

    @property
    def total(self) -> Decimal:
        return sum((m.arrears for m in self.months), _ZERO)


@dataclass(frozen=True, slots=True)
class BackPayList:
    first_month: YearMonth
    last_month: YearMonth
    households: tuple[BackPayHousehold, ...]

    @property
    def total(self) -> Decimal:
        return sum((h.total for h in self.households), _ZERO)


def back_pay(
    entitlements: Iterable[Entitlement], new_rules: RuleReader, first_month: YearMonth, last_month: YearMonth
) -> BackPayList:
    """补发 after a retroactive standard (DOMAIN §5.4): per household and month, what the new rules owe beyond
    what was paid. Each decision is recomputed with its own inputs; only the rules move.

    Months where the new amount is not higher are left out: a retroactive change never claws money back [A].
    """
    households: list[BackPayHousehold] = []
    for ent in entitlements:
        if ent.decision is None:
            raise ValidationError("发放记录缺少原审核决定，无法重新计算", case=ent.case_id)
        months: list[BackPayMonth] = []
        for month in month_range(first_month, last_month):
            if not ent.covers(month):
                continue
            again = compute_benefit(ent.decision.inputs, new_rules, month.first_day())
            due = again.monthly_amount if again.eligible else _ZERO
            if due > ent.monthly_amount:
                months.append(
                    BackPayMonth(
                        month=month,
                        paid=ent.monthly_amount,
                        due=due,
                        standard_paid=ent.decision.standard_used,
                        standard_new=again.standard_used,
                        standard_rule=again.standard_rule,
                    )
                )
        if months:
            households.append(BackPayHousehold(ent.case_id, ent.household_id, tuple(months)))
    households.sort(key=lambda h: (h.household_id, h.case_id))
    return BackPayList(first_month, last_month, tuple(households))


# --------------------------------------------------------------------------------------------------- grace (延退)


@dataclass(frozen=True, slots=True)
class GracePeriod:
    case_id: str
    reason: GraceReason
    start: date
    end: date
    months: int
    rule_version: str


def grant_grace(
    case_id: str,
    reason: GraceReason,
    start: date,
    rules: RuleReader,
    *,
    months: int | None = None,
    per_capita_income: Decimal | None = None,
    standard_amount: Decimal | None = None,
) -> GracePeriod:
    rule = grace_rule(rules, reason, start)
    label = GRACE_REASON_LABELS[reason]
    if months is None:
        if rule.min_months != rule.max_months:
            raise ValidationError(
                f"{label}的延退期须在{rule.min_months}–{rule.max_months}个月之间选定", case=case_id
            )
        months = rule.min_months
    if not rule.min_months <= months <= rule.max_months:
        raise ValidationError(f"{label}的延退期应为{rule.min_months}–{rule.max_months}个月", case=case_id)
    if rule.min_ratio is not None or rule.max_ratio is not None:
        if per_capita_income is None or standard_amount is None or standard_amount <= 0:
            raise ValidationError(f"{label}须提供人均收入和保障标准", case=case_id)
        ratio = per_capita_income / standard_amount
        if (rule.min_ratio is not None and ratio < rule.min_ratio) or (
            rule.max_ratio is not None and ratio > rule.max_ratio
        ):
            raise ValidationError(
                f"{label}仅适用于人均收入为标准{rule.min_ratio}–{rule.max_ratio}倍的家庭", case=case_id
            )
    end = add_months(start, months) - timedelta(days=1)
    return GracePeriod(case_id, reason, start, end, months, rule.version)


@dataclass(frozen=True, slots=True)
class GraceAlert:
    case_id: str
    end: date
    # Negative once the period has ended without being closed.
    days_left: int
    message: str


def grace_alerts(periods: Iterable[GracePeriod], today: date, rules: RuleReader) -> tuple[GraceAlert, ...]:
    """Open grace periods ending within the alert window (or already past their end)."""
    window = grace_alert_days(rules, today)
    alerts: list[GraceAlert] = []
    for p in periods:
        left = (p.end - today).days
        if left > window:
            continue
        if left >= 0:
            message = f"延退期将于{p.end.isoformat()}届满（还有{left}天），请复核家庭收入并作出决定"
        else:
            message = f"延退期已于{p.end.isoformat()}届满，尚未作出停发或继续保障的决定"
        alerts.append(GraceAlert(p.case_id, p.end, left, message))
    alerts.sort(key=lambda a: (a.end, a.case_id))
    return tuple(alerts)


# --------------------------------------------------------------------------------------------------- reviews


@dataclass(frozen=True, slots=True)
class ReviewSubject:
    case_id: str
    review_class: ReviewClass
    last_review: date


@dataclass(frozen=True, slots=True)
class ReviewDue:
    case_id: str
    review_class: ReviewClass
    due_on: date
    overdue: bool


def next_review_due(last_review: date, review_class: ReviewClass, rules: RuleReader) -> date:
    """Yearly for stable households, half-yearly otherwise (57号); interval read when the last review was done."""
    return add_months(last_review, review_interval_months(rules, review_class, last_review))


def reviews_due(
    subjects: Iterable[ReviewSubject], today: date, rules: RuleReader, *, horizon_days: int = 0
) -> tuple[ReviewDue, ...]:
    """Households whose periodic review falls on or before ``today + horizon_days``, earliest first."""
    limit = today + timedelta(days=horizon_days)
    due: list[ReviewDue] = []
    for s in subjects:
        on = next_review_due(s.last_review, s.review_class, rules)
        if on <= limit:
            due.append(ReviewDue(s.case_id, s.review_class, on, on < today))
    due.sort(key=lambda d: (d.due_on, d.case_id))
    return tuple(due)
