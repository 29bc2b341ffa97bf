"""Benefit computation (DOMAIN §4–§5): worked example, income normalisation, tests, methods, rounding."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import RuleMissing, ValidationError
from app.workflow.assessment import (
    AssessmentInput,
    Asset,
    AssetKind,
    CheckOutcome,
    EvidenceSource,
    ExclusionReason,
    IncomeItem,
    Member,
    RigidExpense,
    Supporter,
)
from app.workflow.benefit import Classification, IneligibleReason, compute_benefit
from app.workflow.rules import (
    AreaType,
    AssetTest,
    IncomeCategory,
    Rule,
    RuleBook,
    YearMonth,
    default_rule_book,
)

AREA = "369999"  # a test-only area code, so these tests never depend on the demo standards
REF = date(2026, 3, 15)  # window: 2025-03 … 2026-02
W_FIRST, W_LAST = YearMonth(2025, 3), YearMonth(2026, 2)
BASE = default_rule_book()


def rule(
    key: str, value: Any, unit: str = "", since: date = date(2025, 1, 1), until: date | None = None
) -> Rule:
    return Rule(key, value, unit, since, until, "测试")


def book(*extra: Rule, standard: str = "900.00") -> RuleBook:
    return BASE.with_rules(
        [
            rule(f"standard.{AREA}.URBAN", standard, "YUAN_PER_PERSON_MONTH", until=date(2026, 12, 31)),
            rule(f"stat.prior_year_disposable_income.{AREA}.URBAN", "40000", "YUAN_PER_PERSON_YEAR"),
            rule(f"stat.prior_year_floor_area_per_capita.{AREA}.URBAN", "40", "M2_PER_PERSON"),
            *extra,
        ]
    )


def income(
    member: str,
    amount: str,
    subtype: str = "WAGE_SALARY",
    category: IncomeCategory = IncomeCategory.WAGE,
    unit: str = "PER_MONTH",
    first: YearMonth = W_FIRST,
    last: YearMonth = W_LAST,
) -> IncomeItem:
    return IncomeItem(member, category, subtype, Decimal(amount), unit, first, last)


def household(*items: IncomeItem, members: tuple[Member, ...] | None = None, **kw: Any) -> AssessmentInput:
    people = members or (Member("a", employed=False), Member("b"), Member("c"))
    return AssessmentInput("case-1", AREA, AreaType.URBAN, REF, people, tuple(items), **kw)


# --------------------------------------------------------------------------------------------------- §5.2


@pytest.mark.parametrize(
    ("employed", "expected", "per_capita"),
    [
        pytest.param(False, Decimal("1500.00"), Decimal("400.00"), id="gap-1500"),
        pytest.param(True, Decimal("1770.00"), Decimal("310.00"), id="employment-cost-1770"),
    ],
)
def test_domain_worked_example(employed: bool, expected: Decimal, per_capita: Decimal) -> None:
    members = (Member("a", employed=employed), Member("b"), Member("c"))
    inputs = household(
        income("a", "1000"),
        income("b", "200", "PENSION", IncomeCategory.TRANSFER),
        members=members,
    )
    decision = compute_benefit(inputs, book())
    assert decision.classification is Classification.DIBAO
    assert decision.standard_used == Decimal("900.00")
    assert decision.household_size == 3
    assert decision.covered_persons == 3
    assert decision.per_capita_income == per_capita
    assert decision.monthly_amount == expected
    if employed:
        (deduction,) = decision.deductions
        assert deduction.monthly == Decimal("270.00")
        assert deduction.rule_version in decision.rule_versions


@given(st.integers(min_value=0, max_value=2699), st.integers(min_value=1, max_value=6))
def test_gap_equals_standard_times_n_minus_income_when_all_covered(total: int, size: int) -> None:
    members = tuple(Member(f"m{i}") for i in range(size))
    limit = 900 * size
    total = total % limit
    decision = compute_benefit(household(income("m0", str(total)), members=members), book())
    assert decision.classification is Classification.DIBAO
    assert decision.monthly_amount == Decimal(limit - total).quantize(Decimal("0.01"))


@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=0, max_value=5000))
def test_more_income_never_means_more_benefit(low: int, extra: int) -> None:
    a = compute_benefit(household(income("a", str(low))), book())
    b = compute_benefit(household(income("a", str(low + extra))), book())
    assert b.monthly_amount <= a.monthly_amount
    assert a.monthly_amount >= 0


def test_no_standard_for_the_date_raises_rule_missing_naming_the_rule() -> None:
    late = AssessmentInput("case-1", AREA, AreaType.URBAN, date(2027, 2, 1), (Member("a"),))
    with pytest.raises(RuleMissing) as err:
        compute_benefit(late, book())
    assert err.value.params["rule"] == f"standard.{AREA}.URBAN"
    assert err.value.params["on"] == "2027-02-01"


def test_rural_household_needs_its_own_standard() -> None:
    rural = AssessmentInput("case-1", AREA, AreaType.RURAL, REF, (Member("a"),))
    with pytest.raises(RuleMissing) as err:
        compute_benefit(rural, book())
    assert err.value.params["rule"] == f"standard.{AREA}.RURAL"


# --------------------------------------------------------------------------------------------------- income


@pytest.mark.parametrize(
    ("item", "monthly"),
    [
        pytest.param(income("a", "12000", unit="PER_YEAR"), "1000.00", id="per-year"),
        pytest.param(income("a", "3000", unit="PER_QUARTER"), "1000.00", id="per-quarter"),
        pytest.param(
            income("a", "6000", unit="PERIOD_TOTAL", first=YearMonth(2025, 9), last=YearMonth(2026, 2)),
            "500.00",
            id="lump-sum-over-6-months-averaged-over-12",
        ),
        pytest.param(
            income("a", "1000", first=YearMonth(2024, 1), last=YearMonth(2025, 2)), "0.00", id="before-window"
        ),
        pytest.param(
            income("a", "1000", first=YearMonth(2026, 3), last=YearMonth(2026, 8)), "0.00", id="after"
        ),
        pytest.param(
            income("a", "1200", first=YearMonth(2026, 1), last=YearMonth(2026, 6)),
            "200.00",
            id="partly-in-window",
        ),
    ],
)
def test_income_is_normalised_to_monthly_over_the_averaging_window(item: IncomeItem, monthly: str) -> None:
    decision = compute_benefit(household(item), book())
    assert decision.household_monthly_income == Decimal(monthly)
    assert (decision.income.window_first, decision.income.window_last) == (W_FIRST, W_LAST)


def test_averaging_window_is_a_rule() -> None:
    six = book(rule("income.averaging_window_months", 6, "MONTHS"))
    item = income("a", "6000", unit="PERIOD_TOTAL", first=YearMonth(2025, 9), last=YearMonth(2026, 2))
    decision = compute_benefit(household(item), six)
    assert decision.income.window_months == 6
    assert decision.household_monthly_income == Decimal("1000.00")
    assert "income.averaging_window_months@2025-01-01" in decision.rule_versions


def test_annual_value_is_authoritative() -> None:
    decision = compute_benefit(household(income("a", "1000.01")), book())
    assert decision.annual_counted_income == Decimal("12000.12")


@pytest.mark.parametrize(
    ("subtype", "excluding_rule"),
    [
        ("SCHOLARSHIP", "income.excluded.SCHOLARSHIP@2021-07-01"),
        ("SOCIAL_ASSISTANCE", "income.excluded.SOCIAL_ASSISTANCE@2021-07-01"),
        ("PREFERENTIAL_PENSION", "income.excluded.PREFERENTIAL_PENSION@2021-07-01"),
        ("OLD_AGE_ALLOWANCE", "income.excluded.OLD_AGE_ALLOWANCE@2024-01-01"),
    ],
)
def test_not_counted_subtypes_carry_the_excluding_rule(subtype: str, excluding_rule: str) -> None:
    inputs = household(income("a", "1000"), income("b", "500", subtype, IncomeCategory.TRANSFER))
    decision = compute_benefit(inputs, book())
    wage, other = decision.income.lines
    assert (wage.counted, wage.excluding_rule) == (True, None)
    assert (other.counted, other.excluding_rule) == (False, excluding_rule)
    assert excluding_rule in decision.rule_versions
    assert decision.household_monthly_income == Decimal("1000.00")


@pytest.mark.parametrize(
    ("on", "counted"), [(date(2025, 12, 31), False), (date(2026, 1, 1), True)], ids=["14th-FYP", "after"]
)
def test_resident_basic_pension_exclusion_is_effective_dated(on: date, counted: bool) -> None:
    item = income("a", "150", "RESIDENT_BASIC_PENSION", IncomeCategory.TRANSFER)
    decision = compute_benefit(household(item), book(), on)
    assert decision.income.lines[0].counted is counted


def test_unknown_income_unit_is_refused_by_name() -> None:
    with pytest.raises(RuleMissing) as err:
        compute_benefit(household(income("a", "100", unit="PER_FORTNIGHT")), book())
    assert err.value.params["rule"] == "income.amount_units → PER_FORTNIGHT"


def test_unknown_income_subtype_is_refused_by_name() -> None:
    with pytest.raises(RuleMissing) as err:
        compute_benefit(household(income("a", "100", subtype="SCHOLARSHP")), book())
    assert "SCHOLARSHP" in err.value.params["rule"]


def test_subtype_must_match_its_category() -> None:
    with pytest.raises(ValidationError, match="工资性收入"):
        compute_benefit(household(income("a", "100", "WAGE_SALARY", IncomeCategory.PROPERTY)), book())


def test_income_of_a_person_outside_the_household_is_not_counted_and_not_in_the_denominator() -> None:
    members = (
        Member("a"),
        Member("b"),
        Member("p", included=False, exclusion_reason=ExclusionReason.IMPRISONED),
    )
    decision = compute_benefit(household(income("a", "600"), income("p", "3000"), members=members), book())
    assert decision.household_size == 2
    assert decision.income.lines[1].counted is False
    assert decision.monthly_amount == Decimal("1200.00")  # 900×2 − 600


def test_covered_persons_differ_from_household_size() -> None:
    members = (Member("a"), Member("b"), Member("c", covered=False))
    decision = compute_benefit(household(income("a", "1200"), members=members), book())
    assert (decision.household_size, decision.covered_persons) == (3, 2)
    assert decision.monthly_amount == Decimal("1000.00")  # (900 − 400) × 2


def test_employment_cost_is_capped_at_member_earnings() -> None:
    members = (Member("a", employed=True), Member("b"), Member("c"))
    decision = compute_benefit(household(income("a", "100"), members=members), book())
    assert decision.deductions[0].monthly == Decimal("100.00")
    assert decision.monthly_amount == Decimal("2700.00")


def test_employment_cost_ratio_is_configurable() -> None:
    members = (Member("a", employed=True), Member("b"), Member("c"))
    cheap = book(
        rule("deduction.employment_cost", {"ratio_of_standard": "0.10", "cap_at_member_earnings": True})
    )
    decision = compute_benefit(household(income("a", "1200"), members=members), cheap)
    assert decision.monthly_amount == Decimal("1590.00")  # 2700 − (1200 − 90)


def test_rigid_expenditure_is_deducted_and_income_never_goes_negative() -> None:
    expenses = (RigidExpense("b", "RIGID_DISABILITY_ILLNESS", Decimal("2000")),)
    decision = compute_benefit(household(income("a", "1200"), rigid_expenses=expenses), book())
    assert decision.household_monthly_income == Decimal("0.00")
    assert decision.monthly_amount == Decimal("2700.00")


def test_unknown_rigid_expense_kind_is_refused() -> None:
    expenses = (RigidExpense("b", "LUXURY", Decimal("10")),)
    with pytest.raises(ValidationError, match="LUXURY"):
        compute_benefit(household(rigid_expenses=expenses), book())


# --------------------------------------------------------------------------------------------------- assets


def test_asset_tests_pass_fail_exempt_with_evidence() -> None:
    assets = (
        Asset("dep", AssetKind.DEPOSIT, Decimal("70000"), evidence=EvidenceSource.CHECK_REPORT),
        Asset("car", AssetKind.VEHICLE, Decimal("30000"), evidence=EvidenceSource.DECLARED),
        Asset("trike", AssetKind.VEHICLE, Decimal("3000"), exempt_reason="残疾人功能性补偿代步机动车"),
    )
    decision = compute_benefit(household(assets=assets), book())
    results = {r.test: r for r in decision.asset_results}
    # 70000 / 3 = 23333.33 > 24 × 900 = 21600 (demo limit)
    assert results[AssetTest.FINANCIAL].outcome is CheckOutcome.FAIL
    assert results[AssetTest.FINANCIAL].evidence == (EvidenceSource.CHECK_REPORT,)
    assert results[AssetTest.FINANCIAL].limit == Decimal("21600.00")
    assert results[AssetTest.VEHICLE].outcome is CheckOutcome.FAIL
    assert results[AssetTest.VEHICLE].exempt_asset_ids == ("trike",)
    assert results[AssetTest.HOUSE].outcome is CheckOutcome.PASS
    assert decision.classification is Classification.NOT_ELIGIBLE
    assert IneligibleReason.ASSET_TEST_FAILED in decision.reasons
    assert decision.monthly_amount == Decimal("0.00")


def test_an_officer_exemption_turns_a_failed_test_into_exempt() -> None:
    assets = (Asset("car", AssetKind.VEHICLE, Decimal("8000")),)
    exemptions = ((AssetTest.VEHICLE, "维持生产生活必需的农用车"),)
    decision = compute_benefit(household(assets=assets, asset_exemptions=exemptions), book())
    vehicle = next(r for r in decision.asset_results if r.test is AssetTest.VEHICLE)
    assert vehicle.outcome is CheckOutcome.EXEMPT
    assert vehicle.exemption_reason == "维持生产生活必需的农用车"
    assert decision.classification is Classification.DIBAO


# --------------------------------------------------------------------------------------------------- supporters


def supporter(**kw: Any) -> Supporter:
    base: dict[str, Any] = {"supporter_id": "s1", "name": "赡养人", "consent_signed": True, "family_size": 2}
    return Supporter(**(base | kw))


@pytest.mark.parametrize(
    ("who", "outcome", "failed"),
    [
        pytest.param(supporter(), CheckOutcome.PASS, (), id="pass"),
        pytest.param(
            supporter(houses=2, floor_area_total=Decimal("200")), CheckOutcome.FAIL, ("HOUSES",), id="2h"
        ),
        pytest.param(
            supporter(houses=2, floor_area_total=Decimal("80")), CheckOutcome.PASS, (), id="2h-small"
        ),
        pytest.param(
            supporter(vehicle_values=(Decimal("13500.01"),)), CheckOutcome.FAIL, ("VEHICLE",), id="car"
        ),
        pytest.param(supporter(vehicle_values=(Decimal("13500"),)), CheckOutcome.PASS, (), id="car-at-limit"),
        pytest.param(
            supporter(financial_assets=Decimal("120000.02")), CheckOutcome.FAIL, ("FINANCIAL",), id="fin"
        ),
        pytest.param(
            supporter(enterprise_capital=Decimal("100000")), CheckOutcome.FAIL, ("ENTERPRISE",), id="ent"
        ),
        pytest.param(
            supporter(enterprise_capital=Decimal("99999.99")), CheckOutcome.PASS, (), id="ent-below"
        ),
        pytest.param(supporter(consent_signed=False), CheckOutcome.NOT_VERIFIED, (), id="no-consent"),
    ],
)
def test_supporter_tests(who: Supporter, outcome: CheckOutcome, failed: tuple[str, ...]) -> None:
    decision = compute_benefit(household(supporters=(who,)), book())
    (result,) = decision.supporter_results
    assert (result.outcome, result.failed) == (outcome, failed)
    assert decision.eligible is (outcome is CheckOutcome.PASS)


# --------------------------------------------------------------------------------------------------- methods


def test_tier_method_uses_the_officer_tier_times_covered_persons() -> None:
    tiers = book(
        rule("benefit.method", "TIER"),
        rule(f"tier.{AREA}.URBAN", {"A": "900", "C": "585"}, "YUAN_PER_PERSON_MONTH"),
    )
    decision = compute_benefit(household(income("a", "1200"), tier="C", tier_reason="一般困难"), tiers)
    assert (decision.method, decision.tier) == ("TIER", "C")
    assert decision.monthly_amount == Decimal("1755.00")
    with pytest.raises(ValidationError, match="档次"):
        compute_benefit(household(income("a", "1200")), tiers)
    with pytest.raises(ValidationError, match="Z"):
        compute_benefit(household(income("a", "1200"), tier="Z", tier_reason="x"), tiers)


def test_single_person_inclusion_in_a_marginal_household() -> None:
    members = (Member("a"), Member("b", tags=frozenset({"SEVERE_DISABILITY"})))
    # per capita 1000: above the 900 standard, below the 1350 edge standard
    inputs = household(income("a", "2000"), members=members, single_person_member_id="b")
    decision = compute_benefit(inputs, book())
    assert decision.classification is Classification.SINGLE_PERSON
    assert (decision.household_size, decision.covered_persons, decision.covered_member_ids) == (2, 1, ("b",))
    assert decision.monthly_amount == Decimal("900.00")


def test_single_person_needs_a_qualifying_member() -> None:
    inputs = household(income("a", "2000"), members=(Member("a"), Member("b")), single_person_member_id="b")
    with pytest.raises(ValidationError, match="单独纳入"):
        compute_benefit(inputs, book())


@pytest.mark.parametrize(
    ("monthly_income", "classification"),
    [("2699", Classification.DIBAO), ("2700", Classification.EDGE), ("4049", Classification.EDGE),
     ("4050", Classification.NOT_ELIGIBLE)],
)  # fmt: skip
def test_classification_thresholds(monthly_income: str, classification: Classification) -> None:
    decision = compute_benefit(household(income("a", monthly_income)), book())
    assert decision.classification is classification
    assert decision.edge_standard == Decimal("1350.0")
    if classification is Classification.NOT_ELIGIBLE:
        assert decision.reasons == (IneligibleReason.INCOME_ABOVE_STANDARD,)


def test_optional_floor_is_off_by_default_and_applies_when_on() -> None:
    inputs = household(income("a", "2650"))  # gap per person 16.67
    assert compute_benefit(inputs, book()).monthly_amount == Decimal("50.00")
    floored = compute_benefit(
        inputs, book(rule("benefit.floor", {"enabled": True, "ratio_of_standard": "0.20"}))
    )
    assert floored.floor_applied
    assert floored.monthly_amount == Decimal("540.00")  # 180 × 3


def test_supplements_for_covered_members_with_the_tag() -> None:
    members = (
        Member("a", tags=frozenset({"ELDERLY"})),
        Member("b"),
        Member("c", tags=frozenset({"ELDERLY"})),
    )
    plus = book(rule("benefit.supplements", [{"tag": "ELDERLY", "label": "老年人", "amount": "50"}]))
    decision = compute_benefit(household(income("a", "1200"), members=members), plus)
    assert [s.member_id for s in decision.supplements] == ["a", "c"]
    assert decision.monthly_amount == Decimal("1600.00")


@pytest.mark.parametrize(
    ("rounding", "expected"),
    [
        ({"unit": "YUAN", "mode": "HALF_UP"}, "1699.00"),
        ({"unit": "FEN", "mode": "HALF_UP"}, "1698.50"),
        ({"unit": "YUAN", "mode": "DOWN"}, "1698.00"),
        ({"unit": "YUAN", "mode": "UP"}, "1699.00"),
    ],
)
def test_rounding_rule(rounding: dict[str, str], expected: str) -> None:
    decision = compute_benefit(household(income("a", "1001.50")), book(rule("benefit.rounding", rounding)))
    assert decision.monthly_amount == Decimal(expected)


def test_rounding_happens_once() -> None:
    # per capita 1001/3 = 333.666…; rounding it first would give (900 − 333.67) × 3 = 1698.99
    fen = book(rule("benefit.rounding", {"unit": "FEN", "mode": "HALF_UP"}))
    assert compute_benefit(household(income("a", "1001")), fen).monthly_amount == Decimal("1699.00")


def test_decision_is_reproducible_from_its_inputs_and_names_its_rule_versions() -> None:
    rules = book()
    decision = compute_benefit(household(income("a", "1200")), rules)
    again = compute_benefit(decision.inputs, rules, decision.computed_for)
    assert again == decision
    assert decision.standard_rule == f"standard.{AREA}.URBAN@2025-01-01"
    for version in decision.rule_versions:
        key, since = version.rsplit("@", 1)
        assert any(r.effective_from.isoformat() == since for r in rules.versions(key))


def test_demo_standards_compute_for_a_real_area_code() -> None:
    inputs = AssessmentInput("c", "360203", AreaType.URBAN, date(2025, 6, 1), (Member("a"),))
    decision = compute_benefit(inputs, BASE)
    assert decision.standard_rule == "standard.360203.URBAN@2025-01-01"
    source = next(r.source for r in BASE.versions("standard.360203.URBAN"))
    assert "演示数据" in source
