"""Effective-dated rule tables: the one place numbers from DOMAIN.md live (as data, with their source).

A rule file is JSON: ``{"rules": [{"key", "value", "unit", "effective_from", "effective_to", "source", "note"}]}``.
``effective_to`` is inclusive and may be null (open-ended). Code asks ``book.get(key, on=date)``; a missing value is
an error (``RuleMissing``), never a silent fallback. When two rows of a key overlap, the one that starts later wins,
so a new version can be added without editing the old row.

The typed accessors at the bottom turn raw rows into checked values. They take any ``RuleReader`` so that a
``RuleTrace`` can sit in between and record exactly which rows (``Rule.version``) a computation used.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from itertools import pairwise
from pathlib import Path
from typing import Any, Protocol, TypeVar, cast

from app.domain.errors import RuleInvalid, RuleMissing

# resources/ is data, not an importable dependency of the pure workflow layer, so it is found by path.
RULES_DIR = Path(__file__).resolve().parents[2] / "resources" / "rules"


@dataclass(frozen=True, slots=True)
class Rule:
    key: str
    value: Any
    unit: str
    effective_from: date
    effective_to: date | None
    source: str
    note: str = ""

    def applies_on(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    @property
    def version(self) -> str:
        """Identifies the exact row used, so a decision can be reproduced later."""
        return f"{self.key}@{self.effective_from.isoformat()}"


class RuleReader(Protocol):
    def get(self, key: str, on: date) -> Rule: ...

    def find(self, key: str, on: date) -> Rule | None: ...


class RuleBook:
    def __init__(self, rules: Iterable[Rule]) -> None:
        self._by_key: dict[str, list[Rule]] = {}
        for rule in rules:
            self._by_key.setdefault(rule.key, []).append(rule)
        for versions in self._by_key.values():
            versions.sort(key=lambda r: r.effective_from)
            # Two rows with one version id would make a stored decision ambiguous to reproduce.
            for earlier, later in pairwise(versions):
                if earlier.effective_from == later.effective_from:
                    raise RuleInvalid(rule=later.version, detail="同一规则在同一生效日期有两行")

    def get(self, key: str, on: date) -> Rule:
        for rule in reversed(self._by_key.get(key, [])):
            if rule.applies_on(on):
                return rule
        raise RuleMissing(rule=key, on=on.isoformat())

    def find(self, key: str, on: date) -> Rule | None:
        try:
            return self.get(key, on)
        except RuleMissing:
            return None

    def keys(self) -> list[str]:
        return sorted(self._by_key)

    def versions(self, key: str) -> list[Rule]:
        return list(self._by_key.get(key, []))

    @classmethod
    def from_json(cls, text: str) -> RuleBook:
        raw: dict[str, Any] = json.loads(text)
        return cls(_rule_from_dict(item) for item in raw["rules"])

    @classmethod
    def from_files(cls, paths: Iterable[Path]) -> RuleBook:
        rules: list[Rule] = []
        for path in paths:
            try:
                rules.extend(cls.from_json(path.read_text(encoding="utf-8")).all_rules())
            except (ValueError, KeyError, TypeError) as exc:
                # Name the file: an admin editing rules must know which one to fix.
                raise RuleInvalid(rule=path.name, detail=f"{type(exc).__name__}: {exc}") from exc
        return cls(rules)

    def all_rules(self) -> list[Rule]:
        return [r for versions in self._by_key.values() for r in versions]

    def with_rules(self, rules: Iterable[Rule]) -> RuleBook:
        """A new book with extra rows, e.g. a retroactive standard, for back-pay comparison."""
        return RuleBook([*self.all_rules(), *rules])


def default_rule_book(directory: Path | None = None) -> RuleBook:
    """Every ``*.json`` in resources/rules (files from several owners; none is special-cased)."""
    folder = directory or RULES_DIR
    paths = sorted(folder.glob("*.json"))
    if not paths:
        raise RuleMissing(rule=str(folder / "*.json"), on="任何日期")
    return RuleBook.from_files(paths)


class RuleTrace:
    """Reads through to a book and remembers every row it handed out."""

    def __init__(self, book: RuleReader) -> None:
        self._book = book
        self._used: dict[str, Rule] = {}

    def get(self, key: str, on: date) -> Rule:
        rule = self._book.get(key, on)
        self._used[rule.version] = rule
        return rule

    def find(self, key: str, on: date) -> Rule | None:
        rule = self._book.find(key, on)
        if rule is not None:
            self._used[rule.version] = rule
        return rule

    @property
    def versions(self) -> tuple[str, ...]:
        return tuple(sorted(self._used))


def _rule_from_dict(item: dict[str, Any]) -> Rule:
    to = item.get("effective_to")
    return Rule(
        key=str(item["key"]),
        value=item["value"],
        unit=str(item.get("unit", "")),
        effective_from=date.fromisoformat(item["effective_from"]),
        effective_to=date.fromisoformat(to) if to else None,
        source=str(item["source"]),
        note=str(item.get("note", "")),
    )


# ---------------------------------------------------------------------------------------------------------------
# Calendar months. Rules speak in months (averaging windows, start months, review intervals), so they live here.


@dataclass(frozen=True, order=True, slots=True)
class YearMonth:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")

    @classmethod
    def of(cls, day: date) -> YearMonth:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> YearMonth:
        year, month = text.split("-")
        return cls(int(year), int(month))

    def plus(self, months: int) -> YearMonth:
        index = self.year * 12 + self.month - 1 + months
        return YearMonth(index // 12, index % 12 + 1)

    def months_until(self, other: YearMonth) -> int:
        """``other - self`` in months; 0 for the same month."""
        return (other.year - self.year) * 12 + other.month - self.month

    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def last_day(self) -> date:
        return self.plus(1).first_day() - timedelta(days=1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def month_range(first: YearMonth, last: YearMonth) -> Iterator[YearMonth]:
    """Inclusive; empty when ``last`` is before ``first``."""
    for i in range(first.months_until(last) + 1):
        yield first.plus(i)


def add_months(day: date, months: int) -> date:
    """Same day-of-month ``months`` later, clamped to the month's end (1-31 + 1 month = 2-28/29)."""
    target = YearMonth.of(day).plus(months)
    return min(date(target.year, target.month, 1) + timedelta(days=day.day - 1), target.last_day())


# ---------------------------------------------------------------------------------------------------------------
# Vocabularies used in rule values. The JSON stores these strings.


class AreaType(StrEnum):
    URBAN = "URBAN"
    RURAL = "RURAL"


AREA_TYPE_LABELS: dict[AreaType, str] = {AreaType.URBAN: "城市", AreaType.RURAL: "农村"}


class IncomeCategory(StrEnum):
    WAGE = "WAGE"
    BUSINESS = "BUSINESS"
    PROPERTY = "PROPERTY"
    TRANSFER = "TRANSFER"


INCOME_CATEGORY_LABELS: dict[IncomeCategory, str] = {
    IncomeCategory.WAGE: "工资性收入",
    IncomeCategory.BUSINESS: "经营净收入",
    IncomeCategory.PROPERTY: "财产净收入",
    IncomeCategory.TRANSFER: "转移净收入",
}


class BenefitMethod(StrEnum):
    GAP = "GAP"
    TIER = "TIER"


class StartMonthRule(StrEnum):
    APPROVAL_MONTH = "APPROVAL_MONTH"
    NEXT_MONTH = "NEXT_MONTH"


class RoundingUnit(StrEnum):
    YUAN = "YUAN"
    FEN = "FEN"


class RoundingMode(StrEnum):
    HALF_UP = "HALF_UP"
    UP = "UP"
    DOWN = "DOWN"


class SinglePersonMode(StrEnum):
    FULL_STANDARD = "FULL_STANDARD"
    RATIO_OF_STANDARD = "RATIO_OF_STANDARD"
    GAP = "GAP"


class ReviewClass(StrEnum):
    STABLE = "STABLE"
    IRREGULAR = "IRREGULAR"


REVIEW_CLASS_LABELS: dict[ReviewClass, str] = {
    ReviewClass.STABLE: "收入稳定家庭",
    ReviewClass.IRREGULAR: "收入不稳定或有劳动能力成员家庭",
}


class GraceReason(StrEnum):
    PENSION_INCOME = "PENSION_INCOME"
    GRADUATE_EMPLOYED = "GRADUATE_EMPLOYED"
    HARD_TO_EMPLOY_PLACED = "HARD_TO_EMPLOY_PLACED"
    DISABLED_PLACED = "DISABLED_PLACED"


GRACE_REASON_LABELS: dict[GraceReason, str] = {
    GraceReason.PENSION_INCOME: "因领取养老金收入超标",
    GraceReason.GRADUATE_EMPLOYED: "高中或大学毕业后就业",
    GraceReason.HARD_TO_EMPLOY_PLACED: "就业困难家庭经公共就业服务安置就业",
    GraceReason.DISABLED_PLACED: "残疾人经公共就业服务安置就业",
}


class AssetTest(StrEnum):
    FINANCIAL = "FINANCIAL"
    VEHICLE = "VEHICLE"
    HOUSE = "HOUSE"
    ENTERPRISE = "ENTERPRISE"
    MACHINERY = "MACHINERY"


ASSET_TEST_LABELS: dict[AssetTest, str] = {
    AssetTest.FINANCIAL: "人均金融资产",
    AssetTest.VEHICLE: "非营运机动车辆",
    AssetTest.HOUSE: "房产套数",
    AssetTest.ENTERPRISE: "企业出资额",
    AssetTest.MACHINERY: "大型农机、船舶、工程机械",
}


# ---------------------------------------------------------------------------------------------------------------
# Value parsing: a malformed row is the admin's to fix, so every failure names the row.

_E = TypeVar("_E", bound=StrEnum)


def _decimal(rule: Rule, raw: Any, what: str) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        raise RuleInvalid(rule=rule.version, detail=f"{what} 应为数字")
    try:
        value = Decimal(str(raw))
    except InvalidOperation as exc:
        raise RuleInvalid(rule=rule.version, detail=f"{what} 应为数字") from exc
    if not value.is_finite() or value < 0:
        raise RuleInvalid(rule=rule.version, detail=f"{what} 应为非负数")
    return value


def _int(rule: Rule, raw: Any, what: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        raise RuleInvalid(rule=rule.version, detail=f"{what} 应为非负整数")
    return raw


def _mapping(rule: Rule) -> dict[str, Any]:
    value: object = rule.value
    if not isinstance(value, dict):
        raise RuleInvalid(rule=rule.version, detail="取值应为对象")
    return cast(dict[str, Any], value)


def _list(rule: Rule) -> list[Any]:
    value: object = rule.value
    if not isinstance(value, list):
        raise RuleInvalid(rule=rule.version, detail="取值应为列表")
    return cast(list[Any], value)


def _field(rule: Rule, name: str) -> Any:
    value = _mapping(rule)
    if name not in value:
        raise RuleInvalid(rule=rule.version, detail=f"缺少字段 {name}")
    return value[name]


def _enum(rule: Rule, raw: Any, enum: type[_E]) -> _E:
    try:
        return enum(str(raw))
    except ValueError as exc:
        allowed = "/".join(e.value for e in enum)
        raise RuleInvalid(rule=rule.version, detail=f"“{raw}”不在 {allowed} 中") from exc


def _require_unit(rule: Rule, unit: str) -> None:
    # A standard typed in per year instead of per month would be silently 12× off; the unit column catches it.
    if rule.unit != unit:
        raise RuleInvalid(rule=rule.version, detail=f"单位应为 {unit}，实际为 {rule.unit or '空'}")


# ---------------------------------------------------------------------------------------------------------------
# Typed accessors. Key names are the contract with resources/rules/*.json.

YUAN_PER_PERSON_MONTH = "YUAN_PER_PERSON_MONTH"


def standard_key(area_code: str, area_type: AreaType) -> str:
    return f"standard.{area_code}.{area_type.value}"


def standard(book: RuleReader, area_code: str, area_type: AreaType, on: date) -> Decimal:
    """Dibao standard, yuan/person/month. No row for the date → RuleMissing naming the key."""
    rule = book.get(standard_key(area_code, area_type), on)
    _require_unit(rule, YUAN_PER_PERSON_MONTH)
    return _decimal(rule, rule.value, "标准")


def edge_factor(book: RuleReader, on: date) -> Decimal:
    rule = book.get("edge.factor", on)
    return _decimal(rule, rule.value, "边缘倍数")


@dataclass(frozen=True, slots=True)
class EmploymentCostRule:
    ratio_of_standard: Decimal
    cap_at_member_earnings: bool


def employment_cost(book: RuleReader, on: date) -> EmploymentCostRule:
    rule = book.get("deduction.employment_cost", on)
    cap = _field(rule, "cap_at_member_earnings")
    if not isinstance(cap, bool):
        raise RuleInvalid(rule=rule.version, detail="cap_at_member_earnings 应为 true/false")
    return EmploymentCostRule(_decimal(rule, _field(rule, "ratio_of_standard"), "比例"), cap)


def rigid_expense_kinds(book: RuleReader, on: date) -> Mapping[str, str]:
    """Deductible rigid-expenditure kinds → Chinese label."""
    rule = book.get("deduction.rigid_expenditure", on)
    kinds = _field(rule, "kinds")
    if not isinstance(kinds, dict):
        raise RuleInvalid(rule=rule.version, detail="kinds 应为对象")
    return {str(k): str(v) for k, v in cast(dict[Any, Any], kinds).items()}


def income_categories(book: RuleReader, on: date) -> tuple[IncomeCategory, ...]:
    rule = book.get("income.categories", on)
    return tuple(_enum(rule, v, IncomeCategory) for v in _list(rule))


@dataclass(frozen=True, slots=True)
class IncomeSubtype:
    code: str
    category: IncomeCategory
    label: str


def income_subtype(book: RuleReader, code: str, on: date) -> IncomeSubtype:
    """A subtype the rules do not list is refused, so a typo cannot turn into counted income."""
    rule = book.get("income.subtypes", on)
    entry = _mapping(rule).get(code)
    if not isinstance(entry, dict):
        raise RuleMissing(rule=f"income.subtypes → {code}", on=on.isoformat())
    fields = cast(dict[str, Any], entry)
    category = _enum(rule, fields.get("category"), IncomeCategory)
    if category not in income_categories(book, on):
        raise RuleInvalid(rule=rule.version, detail=f"{code} 的类别 {category} 不在 income.categories 中")
    return IncomeSubtype(code, category, str(fields.get("label", code)))


def income_exclusion(book: RuleReader, subtype: str, on: date) -> Rule | None:
    """The rule that makes ``subtype`` not counted on ``on``, if any; its ``version`` is the excluding rule id."""
    return book.find(f"income.excluded.{subtype}", on)


def income_unit_months(book: RuleReader, unit: str, on: date) -> int | None:
    """Months one ``unit`` of an income amount covers; None means "the whole stated period" (a lump sum)."""
    rule = book.get("income.amount_units", on)
    units = _mapping(rule)
    if unit not in units:
        raise RuleMissing(rule=f"income.amount_units → {unit}", on=on.isoformat())
    raw = units[unit]
    if raw is None:
        return None
    months = _int(rule, raw, unit)
    if months == 0:
        raise RuleInvalid(rule=rule.version, detail=f"{unit} 的月数不能为 0")
    return months


def averaging_window_months(book: RuleReader, on: date) -> int:
    rule = book.get("income.averaging_window_months", on)
    months = _int(rule, rule.value, "计算期月数")
    if months == 0:
        raise RuleInvalid(rule=rule.version, detail="计算期月数不能为 0")
    return months


@dataclass(frozen=True, slots=True)
class AssetTestParams:
    """Thresholds of one household asset test. ``limit`` is compared with ``measure <= limit`` to pass.

    ``base`` says what ``limit`` multiplies: NONE (an absolute number), STANDARD (monthly dibao standard) or
    DISPOSABLE_INCOME (prior-year local per-capita disposable income statistic).
    """

    test: AssetTest
    limit: Decimal
    base: str
    per_capita: bool


def asset_test_params(book: RuleReader, test: AssetTest, on: date) -> AssetTestParams:
    rule = book.get(f"asset.{test.value.lower()}", on)
    base = str(_field(rule, "base"))
    if base not in {"NONE", "STANDARD", "DISPOSABLE_INCOME"}:
        raise RuleInvalid(rule=rule.version, detail=f"base “{base}” 不在 NONE/STANDARD/DISPOSABLE_INCOME 中")
    per_capita = _field(rule, "per_capita")
    if not isinstance(per_capita, bool):
        raise RuleInvalid(rule=rule.version, detail="per_capita 应为 true/false")
    return AssetTestParams(test, _decimal(rule, _field(rule, "limit"), "limit"), base, per_capita)


@dataclass(frozen=True, slots=True)
class SupporterTestParams:
    """DOMAIN §4.6. A supporter family fails if any test trips."""

    min_houses: int
    vehicle_value_multiple_of_urban_standard: Decimal
    financial_multiple_of_disposable_income: Decimal
    enterprise_capital_limit: Decimal


def supporter_test_params(book: RuleReader, on: date) -> SupporterTestParams:
    rule = book.get("supporter.tests", on)
    return SupporterTestParams(
        min_houses=_int(rule, _field(rule, "min_houses"), "min_houses"),
        vehicle_value_multiple_of_urban_standard=_decimal(
            rule, _field(rule, "vehicle_value_multiple"), "车辆倍数"
        ),
        financial_multiple_of_disposable_income=_decimal(
            rule, _field(rule, "financial_multiple"), "金融资产倍数"
        ),
        enterprise_capital_limit=_decimal(rule, _field(rule, "enterprise_capital"), "出资额"),
    )


def statistic(book: RuleReader, name: str, area_code: str, area_type: AreaType, on: date) -> Decimal:
    """Local statistics the tests compare against, e.g. ``prior_year_disposable_income`` (yuan/person/year)."""
    rule = book.get(f"stat.{name}.{area_code}.{area_type.value}", on)
    return _decimal(rule, rule.value, name)


def tier_table(book: RuleReader, area_code: str, area_type: AreaType, on: date) -> Mapping[str, Decimal]:
    """Tier → yuan/person/month (method TIER)."""
    rule = book.get(f"tier.{area_code}.{area_type.value}", on)
    _require_unit(rule, YUAN_PER_PERSON_MONTH)
    return {tier: _decimal(rule, amount, f"档次 {tier}") for tier, amount in _mapping(rule).items()}


def benefit_method(book: RuleReader, on: date) -> BenefitMethod:
    rule = book.get("benefit.method", on)
    return _enum(rule, rule.value, BenefitMethod)


@dataclass(frozen=True, slots=True)
class FloorRule:
    enabled: bool
    ratio_of_standard: Decimal


def per_person_floor(book: RuleReader, on: date) -> FloorRule:
    rule = book.get("benefit.floor", on)
    enabled = _field(rule, "enabled")
    if not isinstance(enabled, bool):
        raise RuleInvalid(rule=rule.version, detail="enabled 应为 true/false")
    return FloorRule(enabled, _decimal(rule, _field(rule, "ratio_of_standard"), "保底比例"))


@dataclass(frozen=True, slots=True)
class SinglePersonRule:
    mode: SinglePersonMode
    ratio_of_standard: Decimal
    qualifying_tags: frozenset[str]


def single_person_rule(book: RuleReader, on: date) -> SinglePersonRule:
    rule = book.get("benefit.single_person", on)
    tags = _field(rule, "qualifying_tags")
    if not isinstance(tags, list):
        raise RuleInvalid(rule=rule.version, detail="qualifying_tags 应为列表")
    return SinglePersonRule(
        mode=_enum(rule, _field(rule, "mode"), SinglePersonMode),
        ratio_of_standard=_decimal(rule, _field(rule, "ratio_of_standard"), "比例"),
        qualifying_tags=frozenset(str(t) for t in cast(list[Any], tags)),
    )


@dataclass(frozen=True, slots=True)
class SupplementRule:
    """Per-person increment for covered members carrying ``tag`` (elderly, minor, severe disability, …)."""

    tag: str
    label: str
    amount: Decimal
    ratio_of_standard: Decimal
    basis: str


def supplements(book: RuleReader, on: date) -> tuple[SupplementRule, ...]:
    rule = book.get("benefit.supplements", on)
    result: list[SupplementRule] = []
    for raw in _list(rule):
        if not isinstance(raw, dict):
            raise RuleInvalid(rule=rule.version, detail="每项应为对象")
        item = cast(dict[str, Any], raw)
        result.append(
            SupplementRule(
                tag=str(item["tag"]),
                label=str(item.get("label", item["tag"])),
                amount=_decimal(rule, item.get("amount", 0), "金额"),
                ratio_of_standard=_decimal(rule, item.get("ratio_of_standard", 0), "比例"),
                basis=str(item.get("basis", rule.source)),
            )
        )
    return tuple(result)


@dataclass(frozen=True, slots=True)
class RoundingRule:
    unit: RoundingUnit
    mode: RoundingMode


def rounding(book: RuleReader, on: date) -> RoundingRule:
    rule = book.get("benefit.rounding", on)
    return RoundingRule(
        _enum(rule, _field(rule, "unit"), RoundingUnit), _enum(rule, _field(rule, "mode"), RoundingMode)
    )


def review_interval_months(book: RuleReader, review_class: ReviewClass, on: date) -> int:
    rule = book.get(f"review.interval.{review_class.value.lower()}", on)
    _require_unit(rule, "MONTHS")
    return _int(rule, rule.value, "复核间隔")


@dataclass(frozen=True, slots=True)
class GraceRule:
    """Grace (延退) length in months: an officer may choose within [min_months, max_months].

    For PENSION_INCOME the per-capita income must lie within [min_ratio, max_ratio] × standard.
    """

    reason: GraceReason
    min_months: int
    max_months: int
    min_ratio: Decimal | None
    max_ratio: Decimal | None
    version: str


def grace_rule(book: RuleReader, reason: GraceReason, on: date) -> GraceRule:
    rule = book.get(f"grace.{reason.value.lower()}", on)
    fields = _mapping(rule)
    lo = _int(rule, _field(rule, "min_months"), "min_months")
    hi = _int(rule, _field(rule, "max_months"), "max_months")
    if hi < lo or lo == 0:
        raise RuleInvalid(rule=rule.version, detail="月数区间无效")
    min_ratio = _decimal(rule, fields["min_ratio"], "min_ratio") if "min_ratio" in fields else None
    max_ratio = _decimal(rule, fields["max_ratio"], "max_ratio") if "max_ratio" in fields else None
    return GraceRule(reason, lo, hi, min_ratio, max_ratio, rule.version)


def grace_alert_days(book: RuleReader, on: date) -> int:
    rule = book.get("grace.alert_days_before_end", on)
    _require_unit(rule, "CD")
    return _int(rule, rule.value, "提前提醒天数")


def payment_day_before(book: RuleReader, on: date) -> int:
    rule = book.get("payment.day_before", on)
    day = _int(rule, rule.value, "发放日")
    if not 2 <= day <= 28:
        raise RuleInvalid(rule=rule.version, detail="发放日应在 2–28 之间")
    return day


def payment_start_month_rule(book: RuleReader, on: date) -> StartMonthRule:
    rule = book.get("payment.start_month_rule", on)
    return _enum(rule, rule.value, StartMonthRule)
