"""Payments (DOMAIN §5.3–§5.5, §6.6): first month, roster, back-pay, grace, reviews."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import ValidationError
from app.workflow.assessment import AssessmentInput, IncomeItem, Member
from app.workflow.benefit import BenefitDecision, compute_benefit
from app.workflow.payments import (
    Entitlement,
    GracePeriod,
    ReviewSubject,
    back_pay,
    entitlement_for,
    first_payment_month,
    grace_alerts,
    grant_grace,
    monthly_roster,
    next_review_due,
    pay_by_date,
    reviews_due,
)
from app.workflow.rules import (
    AreaType,
    GraceReason,
    IncomeCategory,
    ReviewClass,
    Rule,
    RuleBook,
    YearMonth,
    default_rule_book,
    month_range,
)

AREA = "369999"
BASE = default_rule_book()
YM = YearMonth


def rule(key: str, value: Any, unit: str = "", since: date = date(2025, 1, 1)) -> Rule:
    return Rule(key, value, unit, since, None, "测试")


OLD = BASE.with_rules([rule(f"standard.{AREA}.URBAN", "900.00", "YUAN_PER_PERSON_MONTH")])
NEXT_MONTH_RULES = OLD.with_rules([rule("payment.start_month_rule", "NEXT_MONTH", "ENUM")])


def decision(
    monthly_income: str, rules: RuleBook = OLD, size: int = 3, ref: date = date(2026, 3, 2)
) -> BenefitDecision:
    members = tuple(Member(f"m{i}") for i in range(size))
    month = YM.of(ref)
    item = IncomeItem("m0", IncomeCategory.WAGE, "WAGE_SALARY", Decimal(monthly_income), "PER_MONTH",
                      month.plus(-12), month.plus(-1))  # fmt: skip
    return compute_benefit(
        AssessmentInput(f"case-{monthly_income}", AREA, AreaType.URBAN, ref, members, (item,)), rules
    )


def ent(
    case: str, approved: date, start: YearMonth, end: YearMonth | None = None, amount: str = "100"
) -> Entitlement:
    return Entitlement(case, f"hh-{case}", Decimal(amount), approved, start, end)


# --------------------------------------------------------------------------------------------------- start month


@pytest.mark.parametrize(
    ("rules", "approved", "first"),
    [
        (OLD, date(2026, 3, 31), YM(2026, 3)),
        (OLD, date(2026, 12, 1), YM(2026, 12)),
        (NEXT_MONTH_RULES, date(2026, 3, 31), YM(2026, 4)),
        (NEXT_MONTH_RULES, date(2026, 12, 1), YM(2027, 1)),
    ],
    ids=["approval-month", "approval-month-dec", "next-month", "next-month-year-end"],
)
def test_first_payment_month_follows_the_rule(rules: RuleBook, approved: date, first: YearMonth) -> None:
    assert first_payment_month(approved, rules) == first
    assert entitlement_for(decision("1200", rules), "hh", approved, rules).start_month == first


def test_pay_by_is_the_day_before_the_rule_day() -> None:
    assert pay_by_date(YM(2026, 3), OLD) == date(2026, 3, 9)
    earlier = OLD.with_rules([rule("payment.day_before", 5, "DAY_OF_MONTH")])
    assert pay_by_date(YM(2026, 3), earlier) == date(2026, 3, 4)


def test_ineligible_decision_gets_no_entitlement() -> None:
    with pytest.raises(ValidationError):
        entitlement_for(decision("5000"), "hh", date(2026, 3, 20), OLD)


# --------------------------------------------------------------------------------------------------- roster


def lines(
    entitlements: list[Entitlement], month: YearMonth, rules: RuleBook = OLD
) -> list[tuple[str, str, bool]]:
    return [
        (ln.case_id, str(ln.for_month), ln.catch_up)
        for ln in monthly_roster(entitlements, month, rules).lines
    ]


def test_roster_approval_before_and_after_pay_day() -> None:
    early = ent("early", date(2026, 3, 9), YM(2026, 3))
    late = ent("late", date(2026, 3, 10), YM(2026, 3))
    assert lines([early, late], YM(2026, 3)) == [("early", "2026-03", False)]
    assert lines([early, late], YM(2026, 4)) == [
        ("early", "2026-04", False),
        ("late", "2026-03", True),
        ("late", "2026-04", False),
    ]
    assert lines([early, late], YM(2026, 5)) == [("early", "2026-05", False), ("late", "2026-05", False)]


def test_roster_next_month_rule_has_no_catch_up() -> None:
    approved = date(2026, 3, 20)
    e = ent("n", approved, first_payment_month(approved, NEXT_MONTH_RULES))
    assert lines([e], YM(2026, 3), NEXT_MONTH_RULES) == []
    assert lines([e], YM(2026, 4), NEXT_MONTH_RULES) == [("n", "2026-04", False)]


def test_roster_stops_after_the_end_month_and_totals() -> None:
    e = ent("t", date(2026, 1, 5), YM(2026, 1), end=YM(2026, 2), amount="1500")
    other = ent("o", date(2026, 1, 5), YM(2026, 1), amount="700.50")
    feb = monthly_roster([e, other], YM(2026, 2), OLD)
    assert feb.total == Decimal("2200.50")
    assert feb.pay_by == date(2026, 2, 9)
    assert feb.household_ids == ("hh-o", "hh-t")
    assert lines([e], YM(2026, 3)) == []


@given(
    st.dates(date(2025, 1, 1), date(2026, 12, 31)),
    st.booleans(),
    st.one_of(st.none(), st.integers(0, 18)),
)
def test_every_entitled_month_is_paid_exactly_once(
    approved: date, next_month: bool, length: int | None
) -> None:
    rules = NEXT_MONTH_RULES if next_month else OLD
    start = first_payment_month(approved, rules)
    end = None if length is None else start.plus(length)
    e = ent("x", approved, start, end)
    horizon = start.plus(24)
    paid = Counter(
        ln.for_month
        for m in month_range(start.plus(-2), horizon)
        for ln in monthly_roster([e], m, rules).lines
    )
    expected = list(month_range(start, end or horizon))
    assert sorted(paid) == expected
    assert set(paid.values()) == {1}


# --------------------------------------------------------------------------------------------------- back-pay


def test_retroactive_standard_gives_the_right_back_pay_list() -> None:
    raised = OLD.with_rules(
        [rule(f"standard.{AREA}.URBAN", "950.00", "YUAN_PER_PERSON_MONTH", date(2026, 1, 1))]
    )
    d_gap = decision("1200")  # (900 − 400) × 3 = 1500 → (950 − 400) × 3 = 1650
    d_ended = decision("2400")  # (900 − 800) × 3 = 300 → 450
    assert (d_gap.monthly_amount, d_ended.monthly_amount) == (Decimal("1500.00"), Decimal("300.00"))
    ents = [
        entitlement_for(d_gap, "hh-a", date(2026, 3, 5), OLD),
        Entitlement(
            "case-2400", "hh-b", d_ended.monthly_amount, date(2026, 3, 5), YM(2026, 3), YM(2026, 4), d_ended
        ),
    ]
    result = back_pay(ents, raised, YM(2026, 1), YM(2026, 6))
    by_household = {h.household_id: h for h in result.households}
    a, b = by_household["hh-a"], by_household["hh-b"]
    assert [str(m.month) for m in a.months] == ["2026-03", "2026-04", "2026-05", "2026-06"]
    assert {m.arrears for m in a.months} == {Decimal("150.00")}
    assert a.total == Decimal("600.00")
    assert [str(m.month) for m in b.months] == ["2026-03", "2026-04"]
    assert b.total == Decimal("300.00")
    assert result.total == Decimal("900.00")
    first = a.months[0]
    assert (first.paid, first.due, first.standard_paid, first.standard_new) == (
        Decimal("1500.00"),
        Decimal("1650.00"),
        Decimal("900.00"),
        Decimal("950.00"),
    )
    assert first.standard_rule == f"standard.{AREA}.URBAN@2026-01-01"


def test_back_pay_starts_from_the_month_the_new_standard_applies() -> None:
    mid_year = OLD.with_rules(
        [rule(f"standard.{AREA}.URBAN", "1000.00", "YUAN_PER_PERSON_MONTH", date(2026, 5, 1))]
    )
    e = entitlement_for(decision("1200"), "hh", date(2026, 3, 5), OLD)
    (household,) = back_pay([e], mid_year, YM(2026, 3), YM(2026, 6)).households
    assert [(str(m.month), m.arrears) for m in household.months] == [
        ("2026-05", Decimal("300.00")),
        ("2026-06", Decimal("300.00")),
    ]


def test_unchanged_or_lower_standard_gives_no_back_pay() -> None:
    lower = OLD.with_rules(
        [rule(f"standard.{AREA}.URBAN", "850.00", "YUAN_PER_PERSON_MONTH", date(2026, 1, 1))]
    )
    e = entitlement_for(decision("1200"), "hh", date(2026, 3, 5), OLD)
    assert back_pay([e], OLD, YM(2026, 1), YM(2026, 12)).households == ()
    assert back_pay([e], lower, YM(2026, 1), YM(2026, 12)).households == ()


def test_back_pay_needs_the_original_decision() -> None:
    with pytest.raises(ValidationError):
        back_pay([ent("x", date(2026, 3, 1), YM(2026, 3))], OLD, YM(2026, 1), YM(2026, 6))


# --------------------------------------------------------------------------------------------------- grace


@pytest.mark.parametrize(
    ("reason", "kw", "end"),
    [
        (GraceReason.PENSION_INCOME, {"per_capita_income": Decimal("1350"), "standard_amount": Decimal("900")},
         date(2026, 9, 14)),
        (GraceReason.GRADUATE_EMPLOYED, {"months": 9}, date(2026, 12, 14)),
        (GraceReason.HARD_TO_EMPLOY_PLACED, {}, date(2028, 3, 14)),
        (GraceReason.DISABLED_PLACED, {}, date(2029, 3, 14)),
    ],
)  # fmt: skip
def test_grace_periods(reason: GraceReason, kw: dict[str, Any], end: date) -> None:
    period = grant_grace("c", reason, date(2026, 3, 15), OLD, **kw)
    assert period.end == end
    assert period.rule_version.startswith(f"grace.{reason.value.lower()}@")


@pytest.mark.parametrize(
    ("reason", "kw"),
    [
        (
            GraceReason.PENSION_INCOME,
            {"per_capita_income": Decimal("2000"), "standard_amount": Decimal("900")},
        ),
        (
            GraceReason.PENSION_INCOME,
            {"per_capita_income": Decimal("800"), "standard_amount": Decimal("900")},
        ),
        (GraceReason.PENSION_INCOME, {}),
        (GraceReason.GRADUATE_EMPLOYED, {}),
        (GraceReason.GRADUATE_EMPLOYED, {"months": 13}),
        (GraceReason.DISABLED_PLACED, {"months": 12}),
    ],
)
def test_grace_outside_the_rule_is_refused(reason: GraceReason, kw: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        grant_grace("c", reason, date(2026, 3, 15), OLD, **kw)


def test_grace_alerts_before_the_end() -> None:
    def period(case: str, end: date) -> GracePeriod:
        return GracePeriod(case, GraceReason.DISABLED_PLACED, date(2025, 1, 1), end, 36, "v")

    today = date(2026, 6, 1)
    periods = [
        period("far", today + timedelta(days=31)),
        period("edge", today + timedelta(days=30)),
        period("today", today),
        period("past", today - timedelta(days=2)),
    ]
    alerts = grace_alerts(periods, today, OLD)
    assert [(a.case_id, a.days_left) for a in alerts] == [("past", -2), ("today", 0), ("edge", 30)]
    assert "届满" in alerts[0].message


# --------------------------------------------------------------------------------------------------- reviews


@pytest.mark.parametrize(
    ("review_class", "last", "due"),
    [
        (ReviewClass.STABLE, date(2025, 8, 31), date(2026, 8, 31)),
        (ReviewClass.IRREGULAR, date(2025, 8, 31), date(2026, 2, 28)),
    ],
)
def test_next_review(review_class: ReviewClass, last: date, due: date) -> None:
    assert next_review_due(last, review_class, OLD) == due


def test_reviews_due_in_order_with_overdue_flag() -> None:
    subjects = [
        ReviewSubject("stable", ReviewClass.STABLE, date(2025, 6, 10)),
        ReviewSubject("irregular", ReviewClass.IRREGULAR, date(2025, 11, 20)),
        ReviewSubject("recent", ReviewClass.STABLE, date(2026, 5, 1)),
    ]
    due = reviews_due(subjects, date(2026, 6, 1), OLD, horizon_days=14)
    assert [(d.case_id, d.due_on, d.overdue) for d in due] == [
        ("irregular", date(2026, 5, 20), True),
        ("stable", date(2026, 6, 10), False),
    ]
