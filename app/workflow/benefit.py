"""Benefit computation (DOMAIN §4.5, §5): classify the household and compute the monthly amount.

Everything before the final amount is exact; the amount is rounded once by rule ``benefit.rounding``. The decision
keeps its inputs, the standard and every rule version it read, so a review or a back-pay run can reproduce it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from app.domain.errors import ValidationError
from app.domain.money import FEN
from app.workflow.assessment import (
    AssessmentInput,
    AssetTestResult,
    CheckOutcome,
    DeductionLine,
    IncomeAssessment,
    SupporterTestResult,
    assess_assets,
    assess_deductions,
    assess_income,
    assess_supporters,
    display,
)
from app.workflow.rules import (
    AreaType,
    BenefitMethod,
    RoundingMode,
    RoundingRule,
    RoundingUnit,
    RuleReader,
    RuleTrace,
    SinglePersonMode,
    benefit_method,
    edge_factor,
    per_person_floor,
    rounding,
    single_person_rule,
    standard,
    standard_key,
    supplements,
    tier_table,
)


class Classification(StrEnum):
    DIBAO = "DIBAO"
    SINGLE_PERSON = "SINGLE_PERSON"
    EDGE = "EDGE"
    NOT_ELIGIBLE = "NOT_ELIGIBLE"


CLASSIFICATION_LABELS: dict[Classification, str] = {
    Classification.DIBAO: "低保",
    Classification.SINGLE_PERSON: "单人保",
    Classification.EDGE: "低保边缘家庭",
    Classification.NOT_ELIGIBLE: "不符合",
}


class IneligibleReason(StrEnum):
    HUKOU = "HUKOU"
    INCOME_ABOVE_STANDARD = "INCOME_ABOVE_STANDARD"
    ASSET_TEST_FAILED = "ASSET_TEST_FAILED"
    SUPPORTER_TEST_FAILED = "SUPPORTER_TEST_FAILED"
    SUPPORTER_NOT_VERIFIED = "SUPPORTER_NOT_VERIFIED"


INELIGIBLE_LABELS: dict[IneligibleReason, str] = {
    IneligibleReason.HUKOU: "户籍或申请地不符合规定",
    IneligibleReason.INCOME_ABOVE_STANDARD: "家庭人均收入不低于当地低保标准",
    IneligibleReason.ASSET_TEST_FAILED: "家庭财产状况不符合规定",
    IneligibleReason.SUPPORTER_TEST_FAILED: "法定赡养（抚养、扶养）义务人家庭经济状况不符合规定",
    IneligibleReason.SUPPORTER_NOT_VERIFIED: "法定赡养（抚养、扶养）义务人未授权核对",
}


@dataclass(frozen=True, slots=True)
class SupplementLine:
    member_id: str
    tag: str
    label: str
    amount_exact: Fraction
    basis: str

    @property
    def amount(self) -> Decimal:
        return display(self.amount_exact)


@dataclass(frozen=True, slots=True)
class BenefitDecision:
    case_id: str
    computed_for: date
    area_code: str
    area_type: AreaType
    classification: Classification
    reasons: tuple[IneligibleReason, ...]
    method: BenefitMethod
    tier: str | None
    standard_used: Decimal
    standard_rule: str
    edge_standard: Decimal
    household_size: int
    covered_persons: int
    covered_member_ids: tuple[str, ...]
    income: IncomeAssessment
    deductions: tuple[DeductionLine, ...]
    household_monthly_income_exact: Fraction
    per_capita_income_exact: Fraction
    asset_results: tuple[AssetTestResult, ...]
    supporter_results: tuple[SupporterTestResult, ...]
    per_person_amount_exact: Fraction
    floor_applied: bool
    supplements: tuple[SupplementLine, ...]
    # The one rounded money figure: yuan, two places. Zero unless DIBAO or SINGLE_PERSON.
    monthly_amount: Decimal
    rounding: RoundingRule
    rule_versions: tuple[str, ...]
    inputs: AssessmentInput

    @property
    def eligible(self) -> bool:
        return self.classification in {Classification.DIBAO, Classification.SINGLE_PERSON}

    @property
    def household_monthly_income(self) -> Decimal:
        return display(self.household_monthly_income_exact)

    @property
    def per_capita_income(self) -> Decimal:
        return display(self.per_capita_income_exact)

    @property
    def annual_counted_income(self) -> Decimal:
        return display(self.income.annual_exact)


def round_money(value: Fraction, rule: RoundingRule) -> Decimal:
    """Exact rounding of an exact value, so a half is a half and not 0.4999… from a division."""
    quantum = Fraction(1) if rule.unit is RoundingUnit.YUAN else Fraction(1, 100)
    units = abs(value) / quantum
    if rule.mode is RoundingMode.HALF_UP:
        whole = math.floor(units + Fraction(1, 2))
    elif rule.mode is RoundingMode.UP:
        whole = math.ceil(units)
    else:
        whole = math.floor(units)
    result = Fraction(whole) * quantum * (1 if value >= 0 else -1)
    return (Decimal(result.numerator) / Decimal(result.denominator)).quantize(FEN)


def compute_benefit(inputs: AssessmentInput, rules: RuleReader, on: date | None = None) -> BenefitDecision:
    """Classify and compute for the rules in force ``on`` (default: the reference date).

    The income window stays anchored on ``inputs.reference_date``; only the rules move with ``on``. A back-pay run
    therefore recomputes an existing decision under a new standard without touching its income.
    """
    when = on or inputs.reference_date
    trace = RuleTrace(rules)
    size = inputs.household_size
    if size == 0:
        raise ValidationError("家庭没有共同生活成员，无法计算", case=inputs.case_id)

    std = standard(trace, inputs.area_code, inputs.area_type, when)
    std_rule = trace.get(standard_key(inputs.area_code, inputs.area_type), when).version
    edge = std * edge_factor(trace, when)
    method = benefit_method(trace, when)
    validate_single_person(inputs, trace, when)

    income = assess_income(inputs, trace, when)
    deductions = assess_deductions(inputs, income, std, trace, when)
    monthly_income = max(
        Fraction(0), income.monthly_exact - sum((d.monthly_exact for d in deductions), Fraction(0))
    )
    per_capita = monthly_income / size

    assets = assess_assets(inputs, std, trace, when)
    supporters = assess_supporters(inputs, trace, when)

    reasons: list[IneligibleReason] = []
    if not inputs.hukou_ok:
        reasons.append(IneligibleReason.HUKOU)
    if not all(a.passed for a in assets):
        reasons.append(IneligibleReason.ASSET_TEST_FAILED)
    if any(s.outcome is CheckOutcome.FAIL for s in supporters):
        reasons.append(IneligibleReason.SUPPORTER_TEST_FAILED)
    if any(s.outcome is CheckOutcome.NOT_VERIFIED for s in supporters):
        reasons.append(IneligibleReason.SUPPORTER_NOT_VERIFIED)
    classification = _classify(inputs, per_capita, Fraction(std), Fraction(edge), reasons)

    covered: tuple[str, ...] = ()
    per_person = Fraction(0)
    floor_applied = False
    tier: str | None = None
    extra: tuple[SupplementLine, ...] = ()
    if classification is Classification.DIBAO:
        covered = tuple(m.member_id for m in inputs.members if m.included and m.covered)
        if not covered:
            raise ValidationError("没有被保障的成员：请至少勾选一名保障对象", case=inputs.case_id)
        if method is BenefitMethod.TIER:
            tier = _require_tier(inputs)
            table = tier_table(trace, inputs.area_code, inputs.area_type, when)
            if tier not in table:
                raise ValidationError(
                    f"档次“{tier}”不在分档表中（可选：{'、'.join(sorted(table))}）", tier=tier
                )
            per_person = Fraction(table[tier])
        else:
            per_person = Fraction(std) - per_capita
            floor = per_person_floor(trace, when)
            floor_amount = Fraction(floor.ratio_of_standard) * Fraction(std)
            if floor.enabled and per_person < floor_amount:
                per_person, floor_applied = floor_amount, True
    elif classification is Classification.SINGLE_PERSON:
        covered = (str(inputs.single_person_member_id),)
        per_person = _single_person_amount(trace, when, Fraction(std), per_capita)
    if covered:
        extra = _supplements(inputs, covered, Fraction(std), trace, when)
    exact_total = per_person * len(covered) + sum((s.amount_exact for s in extra), Fraction(0))
    rounding_rule = rounding(trace, when)

    return BenefitDecision(
        case_id=inputs.case_id,
        computed_for=when,
        area_code=inputs.area_code,
        area_type=inputs.area_type,
        classification=classification,
        reasons=tuple(reasons),
        method=method,
        tier=tier,
        standard_used=std,
        standard_rule=std_rule,
        edge_standard=edge,
        household_size=size,
        covered_persons=len(covered),
        covered_member_ids=covered,
        income=income,
        deductions=deductions,
        household_monthly_income_exact=monthly_income,
        per_capita_income_exact=per_capita,
        asset_results=assets,
        supporter_results=supporters,
        per_person_amount_exact=per_person,
        floor_applied=floor_applied,
        supplements=extra,
        monthly_amount=round_money(exact_total, rounding_rule),
        rounding=rounding_rule,
        rule_versions=trace.versions,
        inputs=inputs,
    )


def _classify(
    inputs: AssessmentInput,
    per_capita: Fraction,
    std: Fraction,
    edge: Fraction,
    reasons: list[IneligibleReason],
) -> Classification:
    hard_fail = IneligibleReason.HUKOU in reasons or IneligibleReason.ASSET_TEST_FAILED in reasons
    supporter_fail = any(
        r in reasons
        for r in (IneligibleReason.SUPPORTER_TEST_FAILED, IneligibleReason.SUPPORTER_NOT_VERIFIED)
    )
    if not hard_fail and not supporter_fail and per_capita < std:
        return Classification.DIBAO
    if not hard_fail and per_capita < edge:
        # DOMAIN §4.1: a marginal household may have one qualifying member covered alone.
        if inputs.single_person_member_id is not None and not supporter_fail:
            return Classification.SINGLE_PERSON
        if per_capita >= std:
            return Classification.EDGE
    if per_capita >= std:
        reasons.append(IneligibleReason.INCOME_ABOVE_STANDARD)
    return Classification.NOT_ELIGIBLE


def _require_tier(inputs: AssessmentInput) -> str:
    if not inputs.tier:
        raise ValidationError("分档施保须由经办人选定档次", case=inputs.case_id)
    if not inputs.tier_reason.strip():
        raise ValidationError("请填写定档理由", case=inputs.case_id)
    return inputs.tier


def _single_person_amount(rules: RuleReader, on: date, std: Fraction, per_capita: Fraction) -> Fraction:
    rule = single_person_rule(rules, on)
    if rule.mode is SinglePersonMode.FULL_STANDARD:
        return std
    if rule.mode is SinglePersonMode.RATIO_OF_STANDARD:
        return std * Fraction(rule.ratio_of_standard)
    return max(Fraction(0), std - per_capita)


def _supplements(
    inputs: AssessmentInput, covered: tuple[str, ...], std: Fraction, rules: RuleReader, on: date
) -> tuple[SupplementLine, ...]:
    lines: list[SupplementLine] = []
    configured = supplements(rules, on)
    for member_id in covered:
        member = inputs.member(member_id)
        for rule in configured:
            if rule.tag in member.tags:
                amount = Fraction(rule.amount) + Fraction(rule.ratio_of_standard) * std
                lines.append(SupplementLine(member_id, rule.tag, rule.label, amount, rule.basis))
    return tuple(lines)


def validate_single_person(inputs: AssessmentInput, rules: RuleReader, on: date) -> None:
    """The member chosen for single-person inclusion must carry a qualifying tag (DOMAIN §4.1)."""
    if inputs.single_person_member_id is None:
        return
    rule = single_person_rule(rules, on)
    member = inputs.member(inputs.single_person_member_id)
    if not (member.tags & rule.qualifying_tags):
        raise ValidationError(
            "单独纳入仅适用于重度残疾、重病或确有特殊困难的成员", member=inputs.single_person_member_id
        )
