"""Household economic assessment (DOMAIN §4): who counts, which income counts, asset and supporter tests.

Arithmetic is exact (``Fraction``) from input to the final benefit; money is rounded once, by the rule, in
``benefit.py``. The ``Decimal`` figures on result records are for display (to the fen) and are never fed back into
a computation, so a monthly figure is never re-derived from a rounded one (DOMAIN §4.3 "calculation hygiene").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from app.domain.errors import ValidationError
from app.domain.money import FEN
from app.workflow.rules import (
    ASSET_TEST_LABELS,
    INCOME_CATEGORY_LABELS,
    AreaType,
    AssetTest,
    IncomeCategory,
    RuleReader,
    YearMonth,
    asset_test_params,
    averaging_window_months,
    employment_cost,
    income_exclusion,
    income_subtype,
    income_unit_months,
    rigid_expense_kinds,
    standard,
    statistic,
    supporter_test_params,
)


class EvidenceSource(StrEnum):
    DECLARED = "DECLARED"
    INTERVIEW = "INTERVIEW"
    CHECK_REPORT = "CHECK_REPORT"
    LETTER = "LETTER"


EVIDENCE_LABELS: dict[EvidenceSource, str] = {
    EvidenceSource.DECLARED: "申报",
    EvidenceSource.INTERVIEW: "入户调查/邻里访问",
    EvidenceSource.CHECK_REPORT: "核对报告",
    EvidenceSource.LETTER: "信函索证",
}


class ExclusionReason(StrEnum):
    """Why a person is not a co-resident member (DOMAIN §4.1)."""

    CLERGY_APART = "CLERGY_APART"
    IMPRISONED = "IMPRISONED"
    DRUG_REHAB = "DRUG_REHAB"
    DECLARED_MISSING = "DECLARED_MISSING"
    OTHER_PROVINCIAL = "OTHER_PROVINCIAL"


EXCLUSION_LABELS: dict[ExclusionReason, str] = {
    ExclusionReason.CLERGY_APART: "宗教教职人员连续三年以上脱离家庭",
    ExclusionReason.IMPRISONED: "在监狱服刑",
    ExclusionReason.DRUG_REHAB: "强制隔离戒毒",
    ExclusionReason.DECLARED_MISSING: "经法院宣告失踪",
    ExclusionReason.OTHER_PROVINCIAL: "省级民政部门规定的其他情形",
}


class AssetKind(StrEnum):
    DEPOSIT = "DEPOSIT"
    SECURITY = "SECURITY"
    WEALTH_PRODUCT = "WEALTH_PRODUCT"
    INTERNET_FINANCE = "INTERNET_FINANCE"
    INSURANCE_CASH_VALUE = "INSURANCE_CASH_VALUE"
    CASH = "CASH"
    VEHICLE = "VEHICLE"
    HOUSE = "HOUSE"
    ENTERPRISE_CAPITAL = "ENTERPRISE_CAPITAL"
    MACHINERY = "MACHINERY"
    LAND = "LAND"
    FOREST = "FOREST"


_FINANCIAL = frozenset(
    {
        AssetKind.DEPOSIT,
        AssetKind.SECURITY,
        AssetKind.WEALTH_PRODUCT,
        AssetKind.INTERNET_FINANCE,
        AssetKind.INSURANCE_CASH_VALUE,
        AssetKind.CASH,
    }
)
# Which assets feed which test, and whether the test counts items or adds up their value.
ASSET_TEST_KINDS: dict[AssetTest, frozenset[AssetKind]] = {
    AssetTest.FINANCIAL: _FINANCIAL,
    AssetTest.VEHICLE: frozenset({AssetKind.VEHICLE}),
    AssetTest.HOUSE: frozenset({AssetKind.HOUSE}),
    AssetTest.ENTERPRISE: frozenset({AssetKind.ENTERPRISE_CAPITAL}),
    AssetTest.MACHINERY: frozenset({AssetKind.MACHINERY}),
}
_COUNTED_BY_NUMBER = frozenset({AssetTest.VEHICLE, AssetTest.HOUSE})


class CheckOutcome(StrEnum):
    PASS = "PASS"
    FAIL = "FAIL"
    EXEMPT = "EXEMPT"
    NOT_VERIFIED = "NOT_VERIFIED"


OUTCOME_LABELS: dict[CheckOutcome, str] = {
    CheckOutcome.PASS: "符合",
    CheckOutcome.FAIL: "不符合",
    CheckOutcome.EXEMPT: "经认定豁免",
    CheckOutcome.NOT_VERIFIED: "未授权核对",
}


# --------------------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class Member:
    member_id: str
    name: str = ""
    included: bool = True
    exclusion_reason: ExclusionReason | None = None
    # Included members are covered unless the officer says otherwise; single-person inclusion overrides this.
    covered: bool = True
    employed: bool = False
    # Free tags the rules refer to: ELDERLY, MINOR, SEVERE_DISABILITY, SERIOUS_ILLNESS, SPECIAL_HARDSHIP, …
    tags: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.included and self.exclusion_reason is not None:
            raise ValidationError("共同生活成员不应填写不计入原因", member=self.member_id)
        if not self.included and self.exclusion_reason is None:
            raise ValidationError("不计入家庭成员的人员须填写原因", member=self.member_id)


@dataclass(frozen=True, slots=True)
class IncomeItem:
    """``amount`` per ``unit`` (a key of rule income.amount_units) over the months first..last inclusive."""

    member_id: str
    category: IncomeCategory
    subtype: str
    amount: Decimal
    unit: str
    first_month: YearMonth
    last_month: YearMonth
    evidence: EvidenceSource = EvidenceSource.DECLARED
    item_id: str = ""

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValidationError("收入金额不能为负数", item=self.item_id or self.subtype)
        if self.last_month < self.first_month:
            raise ValidationError("收入期间的结束月份早于开始月份", item=self.item_id or self.subtype)


@dataclass(frozen=True, slots=True)
class RigidExpense:
    member_id: str
    kind: str
    monthly_amount: Decimal
    evidence: EvidenceSource = EvidenceSource.DECLARED

    def __post_init__(self) -> None:
        if self.monthly_amount < 0:
            raise ValidationError("刚性支出金额不能为负数", kind=self.kind)


@dataclass(frozen=True, slots=True)
class Asset:
    """``value`` in yuan (vehicles and houses are counted; their value is kept for the record)."""

    asset_id: str
    kind: AssetKind
    value: Decimal = Decimal(0)
    member_id: str | None = None
    evidence: EvidenceSource = EvidenceSource.DECLARED
    # e.g. "维持生产生活必需", "残疾人功能性补偿代步机动车": the item then leaves the test.
    exempt_reason: str = ""


@dataclass(frozen=True, slots=True)
class Supporter:
    """A non-co-resident legal supporter's family (DOMAIN §4.6). Values are the supporter family's totals."""

    supporter_id: str
    name: str
    consent_signed: bool
    family_size: int
    houses: int = 0
    floor_area_total: Decimal = Decimal(0)
    # Transaction values of each non-business vehicle, ship, construction or large farm machine (exempt ones left out).
    vehicle_values: tuple[Decimal, ...] = ()
    financial_assets: Decimal = Decimal(0)
    enterprise_capital: Decimal = Decimal(0)
    # A county-defined disqualifying situation, described by the officer (§4.6 item 5).
    county_other_reason: str = ""
    evidence: EvidenceSource = EvidenceSource.DECLARED

    def __post_init__(self) -> None:
        if self.family_size < 1:
            raise ValidationError("赡养人家庭人口至少为1", supporter=self.supporter_id)


@dataclass(frozen=True, slots=True)
class AssessmentInput:
    """Everything a benefit decision depends on besides the rules; kept on the decision to reproduce it."""

    case_id: str
    area_code: str
    area_type: AreaType
    # Anchors the income averaging window (usually the application date).
    reference_date: date
    members: tuple[Member, ...]
    incomes: tuple[IncomeItem, ...] = ()
    rigid_expenses: tuple[RigidExpense, ...] = ()
    assets: tuple[Asset, ...] = ()
    supporters: tuple[Supporter, ...] = ()
    hukou_ok: bool = True
    tier: str | None = None
    tier_reason: str = ""
    single_person_member_id: str | None = None
    asset_exemptions: tuple[tuple[AssetTest, str], ...] = ()

    def __post_init__(self) -> None:
        ids = [m.member_id for m in self.members]
        if len(set(ids)) != len(ids):
            raise ValidationError("家庭成员编号重复", case=self.case_id)
        known = set(ids)
        for who in [i.member_id for i in self.incomes] + [r.member_id for r in self.rigid_expenses]:
            if who not in known:
                raise ValidationError(f"收入或支出所属成员“{who}”不在家庭成员中", member=who)
        if self.single_person_member_id is not None and self.single_person_member_id not in known:
            raise ValidationError("单独纳入的成员不在家庭成员中", member=self.single_person_member_id)

    @property
    def household_size(self) -> int:
        """The means-test denominator: every co-resident member, covered or not (DOMAIN §5.2 step 1)."""
        return sum(1 for m in self.members if m.included)

    def member(self, member_id: str) -> Member:
        for m in self.members:
            if m.member_id == member_id:
                return m
        raise ValidationError(f"成员“{member_id}”不在家庭成员中", member=member_id)


# --------------------------------------------------------------------------------------------------- results


def display(value: Fraction) -> Decimal:
    """An exact figure shown to the fen. For display only: never compute with it."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class IncomeLine:
    item: IncomeItem
    subtype_label: str
    counted: bool
    # Rule.version of the rule that excludes it; None when counted or when the member is not in the household.
    excluding_rule: str | None
    not_counted_reason: str
    months_in_window: int
    window_amount_exact: Fraction

    @property
    def window_amount(self) -> Decimal:
        return display(self.window_amount_exact)


@dataclass(frozen=True, slots=True)
class IncomeAssessment:
    window_first: YearMonth
    window_last: YearMonth
    window_months: int
    lines: tuple[IncomeLine, ...]
    counted_window_total_exact: Fraction

    @property
    def monthly_exact(self) -> Fraction:
        return self.counted_window_total_exact / self.window_months

    @property
    def annual_exact(self) -> Fraction:
        """Annualised counted income: the authoritative value monthly figures derive from."""
        return self.counted_window_total_exact * 12 / self.window_months

    def category_totals(self) -> Mapping[IncomeCategory, Decimal]:
        """Counted window totals per category (display)."""
        sums: dict[IncomeCategory, Fraction] = {c: Fraction(0) for c in IncomeCategory}
        for line in self.lines:
            if line.counted:
                sums[line.item.category] += line.window_amount_exact
        return {c: display(v) for c, v in sums.items()}

    def counted_monthly_for(self, member_id: str, categories: Iterable[IncomeCategory]) -> Fraction:
        wanted = frozenset(categories)
        total = sum(
            (
                ln.window_amount_exact
                for ln in self.lines
                if ln.counted and ln.item.member_id == member_id and ln.item.category in wanted
            ),
            Fraction(0),
        )
        return total / self.window_months


@dataclass(frozen=True, slots=True)
class DeductionLine:
    member_id: str
    kind: str
    label: str
    monthly_exact: Fraction
    rule_version: str

    @property
    def monthly(self) -> Decimal:
        return display(self.monthly_exact)


@dataclass(frozen=True, slots=True)
class AssetTestResult:
    test: AssetTest
    label: str
    outcome: CheckOutcome
    measure: Decimal
    limit: Decimal
    evidence: tuple[EvidenceSource, ...]
    asset_ids: tuple[str, ...]
    exempt_asset_ids: tuple[str, ...]
    exemption_reason: str
    rule_version: str

    @property
    def passed(self) -> bool:
        return self.outcome in {CheckOutcome.PASS, CheckOutcome.EXEMPT}


@dataclass(frozen=True, slots=True)
class SupporterTestResult:
    supporter_id: str
    name: str
    outcome: CheckOutcome
    # Codes of the tripped tests: HOUSES, VEHICLE, FINANCIAL, ENTERPRISE, COUNTY_OTHER.
    failed: tuple[str, ...]
    details: tuple[str, ...]
    evidence: EvidenceSource
    rule_version: str

    @property
    def passed(self) -> bool:
        return self.outcome is CheckOutcome.PASS


@dataclass(frozen=True, slots=True)
class _Window:
    first: YearMonth
    last: YearMonth
    months: int

    def overlap(self, first: YearMonth, last: YearMonth) -> int:
        lo, hi = max(first, self.first), min(last, self.last)
        return max(0, lo.months_until(hi) + 1)


# --------------------------------------------------------------------------------------------------- income


def income_window(reference_date: date, rules: RuleReader, on: date) -> tuple[YearMonth, YearMonth, int]:
    """The N whole months before the reference date's month [A: the application month itself is left out]."""
    months = averaging_window_months(rules, on)
    ref = YearMonth.of(reference_date)
    return ref.plus(-months), ref.plus(-1), months


def assess_income(inputs: AssessmentInput, rules: RuleReader, on: date) -> IncomeAssessment:
    first, last, months = income_window(inputs.reference_date, rules, on)
    window = _Window(first, last, months)
    lines: list[IncomeLine] = []
    total = Fraction(0)
    for item in inputs.incomes:
        subtype = income_subtype(rules, item.subtype, on)
        if subtype.category is not item.category:
            raise ValidationError(
                f"收入子类“{subtype.label}”属于{INCOME_CATEGORY_LABELS[subtype.category]}，"
                f"与所填类别“{INCOME_CATEGORY_LABELS[item.category]}”不符",
                subtype=item.subtype,
            )
        rate = _monthly_rate(item, rules, on)
        overlap = window.overlap(item.first_month, item.last_month)
        amount = rate * overlap
        member = inputs.member(item.member_id)
        exclusion = income_exclusion(rules, item.subtype, on)
        if not member.included:
            line = IncomeLine(item, subtype.label, False, None, "成员不计入共同生活家庭成员", overlap, amount)
        elif exclusion is not None:
            line = IncomeLine(
                item, subtype.label, False, exclusion.version, "按规定不计入收入", overlap, amount
            )
        else:
            line = IncomeLine(item, subtype.label, True, None, "", overlap, amount)
            total += amount
        lines.append(line)
    return IncomeAssessment(first, last, months, tuple(lines), total)


def _monthly_rate(item: IncomeItem, rules: RuleReader, on: date) -> Fraction:
    unit_months = income_unit_months(rules, item.unit, on)
    if unit_months is None:  # a lump sum spread over its own period
        unit_months = item.first_month.months_until(item.last_month) + 1
    return Fraction(item.amount) / unit_months


# --------------------------------------------------------------------------------------------------- deductions


def assess_deductions(
    inputs: AssessmentInput, income: IncomeAssessment, standard_amount: Decimal, rules: RuleReader, on: date
) -> tuple[DeductionLine, ...]:
    lines: list[DeductionLine] = []
    cost = employment_cost(rules, on)
    cost_rule = rules.get("deduction.employment_cost", on).version
    for member in inputs.members:
        if not (member.included and member.employed):
            continue
        amount = Fraction(cost.ratio_of_standard) * Fraction(standard_amount)
        if cost.cap_at_member_earnings:
            # Deducting more than the member earns would subsidise the rest of the household's income.
            earned = income.counted_monthly_for(
                member.member_id, (IncomeCategory.WAGE, IncomeCategory.BUSINESS)
            )
            amount = min(amount, earned)
        if amount > 0:
            lines.append(
                DeductionLine(member.member_id, "EMPLOYMENT_COST", "必要就业成本", amount, cost_rule)
            )
    if inputs.rigid_expenses:
        kinds = rigid_expense_kinds(rules, on)
        rigid_rule = rules.get("deduction.rigid_expenditure", on).version
        for expense in inputs.rigid_expenses:
            if expense.kind not in kinds:
                raise ValidationError(
                    f"刚性支出类型“{expense.kind}”不在规则允许的扣减范围内", kind=expense.kind
                )
            if inputs.member(expense.member_id).included and expense.monthly_amount > 0:
                lines.append(
                    DeductionLine(
                        expense.member_id,
                        expense.kind,
                        kinds[expense.kind],
                        Fraction(expense.monthly_amount),
                        rigid_rule,
                    )
                )
    return tuple(lines)


# --------------------------------------------------------------------------------------------------- assets


def assess_assets(
    inputs: AssessmentInput, standard_amount: Decimal, rules: RuleReader, on: date
) -> tuple[AssetTestResult, ...]:
    exemptions = dict(inputs.asset_exemptions)
    size = inputs.household_size
    results: list[AssetTestResult] = []
    for test in AssetTest:
        params = asset_test_params(rules, test, on)
        version = rules.get(f"asset.{test.value.lower()}", on).version
        relevant = [a for a in inputs.assets if a.kind in ASSET_TEST_KINDS[test]]
        counted = [a for a in relevant if not a.exempt_reason]
        if test in _COUNTED_BY_NUMBER:
            measure = Fraction(len(counted))
        else:
            measure = sum((Fraction(a.value) for a in counted), Fraction(0))
        if params.per_capita:
            measure /= size
        limit = Fraction(params.limit)
        if params.base == "STANDARD":
            limit *= Fraction(standard_amount)
        elif params.base == "DISPOSABLE_INCOME":
            limit *= Fraction(
                statistic(rules, "prior_year_disposable_income", inputs.area_code, inputs.area_type, on)
            )
        reason = exemptions.get(test, "")
        if measure <= limit:
            outcome = CheckOutcome.PASS
        elif reason:
            outcome = CheckOutcome.EXEMPT
        else:
            outcome = CheckOutcome.FAIL
        results.append(
            AssetTestResult(
                test=test,
                label=ASSET_TEST_LABELS[test],
                outcome=outcome,
                measure=display(measure),
                limit=display(limit),
                evidence=tuple(sorted({a.evidence for a in counted})),
                asset_ids=tuple(a.asset_id for a in counted),
                exempt_asset_ids=tuple(a.asset_id for a in relevant if a.exempt_reason),
                exemption_reason=reason if outcome is CheckOutcome.EXEMPT else "",
                rule_version=version,
            )
        )
    return tuple(results)


# --------------------------------------------------------------------------------------------------- supporters


def assess_supporters(
    inputs: AssessmentInput, rules: RuleReader, on: date
) -> tuple[SupporterTestResult, ...]:
    if not inputs.supporters:
        return ()
    params = supporter_test_params(rules, on)
    version = rules.get("supporter.tests", on).version
    results: list[SupporterTestResult] = []
    for s in inputs.supporters:
        if not s.consent_signed:
            # L1 Art. 41: without the supporter's own consent the means cannot be checked at all.
            results.append(
                SupporterTestResult(
                    s.supporter_id,
                    s.name,
                    CheckOutcome.NOT_VERIFIED,
                    (),
                    ("赡养人未签署核对授权",),
                    s.evidence,
                    version,
                )
            )
            continue
        failed: list[str] = []
        details: list[str] = []
        area_avg = statistic(
            rules, "prior_year_floor_area_per_capita", inputs.area_code, inputs.area_type, on
        )
        per_capita_area = Fraction(s.floor_area_total) / s.family_size
        if s.houses >= params.min_houses and per_capita_area > Fraction(area_avg):
            failed.append("HOUSES")
            details.append(
                f"有产权房屋{s.houses}套，人均面积{display(per_capita_area)}平方米，超过当地上年人均{area_avg}"
            )
        vehicle_limit = params.vehicle_value_multiple_of_urban_standard * standard(
            rules, inputs.area_code, AreaType.URBAN, on
        )
        dear = [v for v in s.vehicle_values if v > vehicle_limit]
        if dear:
            failed.append("VEHICLE")
            details.append(f"车辆或大型机械价值{max(dear)}元，超过{vehicle_limit}元")
        income = statistic(rules, "prior_year_disposable_income", inputs.area_code, inputs.area_type, on)
        financial_limit = Fraction(params.financial_multiple_of_disposable_income) * Fraction(income)
        per_capita_financial = Fraction(s.financial_assets) / s.family_size
        if per_capita_financial > financial_limit:
            failed.append("FINANCIAL")
            details.append(f"人均金融资产{display(per_capita_financial)}元，超过{display(financial_limit)}元")
        if s.enterprise_capital >= params.enterprise_capital_limit:
            failed.append("ENTERPRISE")
            details.append(f"企业认缴出资{s.enterprise_capital}元，达到{params.enterprise_capital_limit}元")
        if s.county_other_reason:
            failed.append("COUNTY_OTHER")
            details.append(s.county_other_reason)
        outcome = CheckOutcome.FAIL if failed else CheckOutcome.PASS
        results.append(
            SupporterTestResult(
                s.supporter_id, s.name, outcome, tuple(failed), tuple(details), s.evidence, version
            )
        )
    return tuple(results)
