"""Rule tables: loading, effective dating, provenance, typed accessors."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import RuleInvalid, RuleMissing
from app.workflow import rules as r
from app.workflow.rules import (
    RULES_DIR,
    AreaType,
    AssetTest,
    GraceReason,
    ReviewClass,
    Rule,
    RuleBook,
    RuleTrace,
    StartMonthRule,
    YearMonth,
    add_months,
    default_rule_book,
    month_range,
)

BOOK = default_rule_book()
ON = date(2025, 6, 1)


def write(folder: Path, name: str, rows: list[dict[str, Any]]) -> None:
    (folder / name).write_text(json.dumps({"rules": rows}, ensure_ascii=False), encoding="utf-8")


def row(
    key: str, value: Any, since: str = "2024-01-01", until: str | None = None, unit: str = ""
) -> dict[str, Any]:
    return {
        "key": key,
        "value": value,
        "unit": unit,
        "effective_from": since,
        "effective_to": until,
        "source": "t",
    }


# --------------------------------------------------------------------------------------------------- loading


def test_default_book_loads_every_json_file_in_the_folder(tmp_path: Path) -> None:
    write(tmp_path, "a.json", [row("x.one", 1)])
    write(tmp_path, "deadline_alerts.json", [row("deadline.due_soon_working_days", 1, unit="WD")])
    write(tmp_path, "zz_new.json", [row("x.two", 2)])
    (tmp_path / "readme.txt").write_text("not a rule file")
    book = default_rule_book(tmp_path)
    assert book.keys() == ["deadline.due_soon_working_days", "x.one", "x.two"]


def test_shipped_book_has_every_file(tmp_path: Path) -> None:
    keys_per_file = {
        p.name: {item["key"] for item in json.loads(p.read_text(encoding="utf-8"))["rules"]}
        for p in RULES_DIR.glob("*.json")
    }
    assert {"jingdezhen.json", "standards_demo.json", "income.json", "benefit.json"} <= set(keys_per_file)
    for name, keys in keys_per_file.items():
        assert keys <= set(BOOK.keys()), name


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuleMissing):
        default_rule_book(tmp_path)


def test_malformed_file_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"rules": [{"key": "x"}]}', encoding="utf-8")
    with pytest.raises(RuleInvalid) as err:
        default_rule_book(tmp_path)
    assert err.value.params["rule"] == "broken.json"


def test_two_rows_with_one_version_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "a.json", [row("x", 1)])
    write(tmp_path, "b.json", [row("x", 2)])
    with pytest.raises(RuleInvalid) as err:
        default_rule_book(tmp_path)
    assert err.value.params["rule"] == "x@2024-01-01"


def test_jingdezhen_deadline_rows_are_kept() -> None:
    for key in (
        "deadline.acceptance_online",
        "deadline.investigation",
        "deadline.data_check",
        "deadline.whole_process",
        "publicity.length",
        "payment.day_before",
        "payment.start_month_rule",
    ):
        assert BOOK.find(key, ON) is not None, key  # fmt: skip


# --------------------------------------------------------------------------------------------------- provenance


def test_every_rule_has_a_source() -> None:
    for rule in BOOK.all_rules():
        assert rule.source.strip(), rule.version


def test_demo_standards_are_labelled_and_none_claims_to_be_official() -> None:
    standards = [x for x in BOOK.all_rules() if x.key.startswith(("standard.", "tier.", "stat."))]
    assert standards
    for rule in standards:
        assert rule.source == "演示数据，非景德镇官方标准 [A]", rule.version


@pytest.mark.parametrize(
    "key",
    [
        "income.averaging_window_months", "income.amount_units", "benefit.method", "benefit.floor",
        "benefit.single_person", "benefit.supplements", "benefit.rounding", "edge.factor",
        "asset.financial", "asset.vehicle", "asset.house", "asset.enterprise", "asset.machinery",
        "grace.alert_days_before_end", "income.excluded.RESIDENT_BASIC_PENSION",
        "income.excluded.DISABILITY_SUBSIDY", "income.excluded.SUPPORT_FOR_SEVERELY_DISABLED",
        "publicity.length",
    ],
)  # fmt: skip
def test_assumptions_are_marked(key: str) -> None:
    """DOMAIN.md marks these [A] (or as needing confirmation): the row must say so."""
    for rule in BOOK.versions(key):
        assert "[A]" in rule.source + rule.note, rule.version


# --------------------------------------------------------------------------------------------------- dating


def test_later_row_wins_and_gaps_raise(tmp_path: Path) -> None:
    write(tmp_path, "a.json", [row("x", 1, "2024-01-01"), row("x", 2, "2025-01-01", "2025-12-31")])
    book = default_rule_book(tmp_path)
    assert book.get("x", date(2024, 12, 31)).value == 1
    assert book.get("x", date(2025, 1, 1)).value == 2
    assert book.get("x", date(2026, 1, 1)).value == 1  # the open-ended older row covers again
    with pytest.raises(RuleMissing) as err:
        book.get("x", date(2023, 12, 31))
    assert err.value.params == {"rule": "x", "on": "2023-12-31"}


def test_trace_records_exactly_the_rows_read() -> None:
    trace = RuleTrace(BOOK)
    r.edge_factor(trace, ON)
    assert r.income_exclusion(trace, "WAGE_SALARY", ON) is None
    assert trace.versions == ("edge.factor@2024-01-01",)


# --------------------------------------------------------------------------------------------------- accessors

_ACCESSORS: list[tuple[str, Callable[[], object]]] = [
    ("standard", lambda: r.standard(BOOK, "360203", AreaType.URBAN, ON)),
    ("edge", lambda: r.edge_factor(BOOK, ON)),
    ("employment", lambda: r.employment_cost(BOOK, ON)),
    ("rigid", lambda: r.rigid_expense_kinds(BOOK, ON)),
    ("categories", lambda: r.income_categories(BOOK, ON)),
    ("subtype", lambda: r.income_subtype(BOOK, "RENT", ON)),
    ("unit", lambda: r.income_unit_months(BOOK, "PER_YEAR", ON)),
    ("window", lambda: r.averaging_window_months(BOOK, ON)),
    *[(f"asset-{t}", (lambda t=t: r.asset_test_params(BOOK, t, ON))) for t in AssetTest],
    ("supporter", lambda: r.supporter_test_params(BOOK, ON)),
    ("stat", lambda: r.statistic(BOOK, "prior_year_disposable_income", "360222", AreaType.RURAL, ON)),
    ("tier", lambda: r.tier_table(BOOK, "360281", AreaType.RURAL, ON)),
    ("method", lambda: r.benefit_method(BOOK, ON)),
    ("floor", lambda: r.per_person_floor(BOOK, ON)),
    ("single", lambda: r.single_person_rule(BOOK, ON)),
    ("supplements", lambda: r.supplements(BOOK, ON)),
    ("rounding", lambda: r.rounding(BOOK, ON)),
    *[(f"review-{c}", (lambda c=c: r.review_interval_months(BOOK, c, ON))) for c in ReviewClass],
    *[(f"grace-{g}", (lambda g=g: r.grace_rule(BOOK, g, ON))) for g in GraceReason],
    ("alert", lambda: r.grace_alert_days(BOOK, ON)),
    ("payday", lambda: r.payment_day_before(BOOK, ON)),
    ("start", lambda: r.payment_start_month_rule(BOOK, ON)),
]


@pytest.mark.parametrize("read", [a for _, a in _ACCESSORS], ids=[n for n, _ in _ACCESSORS])
def test_every_accessor_reads_the_shipped_rows(read: Callable[[], object]) -> None:
    assert read() is not None


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        (lambda: r.employment_cost(BOOK, ON).ratio_of_standard, Decimal("0.30")),
        (lambda: r.edge_factor(BOOK, ON), Decimal("1.5")),
        (lambda: r.averaging_window_months(BOOK, ON), 12),
        (lambda: r.per_person_floor(BOOK, ON).enabled, False),
        (lambda: r.review_interval_months(BOOK, ReviewClass.STABLE, ON), 12),
        (lambda: r.review_interval_months(BOOK, ReviewClass.IRREGULAR, ON), 6),
        (lambda: r.payment_day_before(BOOK, ON), 10),
        (lambda: r.payment_start_month_rule(BOOK, ON), StartMonthRule.APPROVAL_MONTH),
        (lambda: r.supporter_test_params(BOOK, ON).enterprise_capital_limit, Decimal("100000")),
        (lambda: r.grace_rule(BOOK, GraceReason.DISABLED_PLACED, ON).max_months, 36),
        (lambda: r.income_unit_months(BOOK, "PERIOD_TOTAL", ON), None),
    ],
)
def test_documented_values(read: Callable[[], object], expected: object) -> None:
    assert read() == expected


def test_standard_with_a_wrong_unit_is_invalid() -> None:
    book = RuleBook([Rule("standard.1.URBAN", "10800", "YUAN_PER_PERSON_YEAR", date(2025, 1, 1), None, "t")])
    with pytest.raises(RuleInvalid, match="YUAN_PER_PERSON_MONTH"):
        r.standard(book, "1", AreaType.URBAN, ON)


@pytest.mark.parametrize("bad", ["abc", True, None, -5, [1]])
def test_malformed_values_name_the_row(bad: object) -> None:
    book = RuleBook([Rule("edge.factor", bad, "", date(2025, 1, 1), None, "t")])
    with pytest.raises(RuleInvalid) as err:
        r.edge_factor(book, ON)
    assert err.value.params["rule"] == "edge.factor@2025-01-01"


def test_bad_enum_value_is_invalid() -> None:
    book = RuleBook([Rule("payment.start_month_rule", "WHENEVER", "ENUM", date(2025, 1, 1), None, "t")])
    with pytest.raises(RuleInvalid, match="APPROVAL_MONTH"):
        r.payment_start_month_rule(book, ON)


def test_demo_standards_cover_2024_to_2026_and_then_stop() -> None:
    for area in ("360202", "360203", "360222", "360281"):
        for kind in AreaType:
            for day in (date(2024, 1, 1), date(2026, 12, 31)):
                assert r.standard(BOOK, area, kind, day) > 0
            with pytest.raises(RuleMissing):
                r.standard(BOOK, area, kind, date(2027, 1, 1))


def test_labels_are_chinese() -> None:
    han = re.compile(r"[\u4e00-\u9fff]")
    for labels in (r.AREA_TYPE_LABELS, r.INCOME_CATEGORY_LABELS, r.ASSET_TEST_LABELS, r.GRACE_REASON_LABELS):
        assert all(han.search(text) for text in labels.values())


# --------------------------------------------------------------------------------------------------- months

months = st.builds(YearMonth, st.integers(1990, 2100), st.integers(1, 12))


@given(months, st.integers(-500, 500))
def test_month_arithmetic_round_trips(start: YearMonth, n: int) -> None:
    assert start.months_until(start.plus(n)) == n
    assert start.plus(n).plus(-n) == start
    assert start.plus(n).first_day() <= start.plus(n).last_day()


@given(months, st.integers(0, 40))
def test_month_range_is_inclusive(start: YearMonth, n: int) -> None:
    listed = list(month_range(start, start.plus(n)))
    assert len(listed) == n + 1
    assert listed[0] == start
    assert listed == sorted(listed)


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 3, 15), 12, date(2027, 3, 15)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
    ],
)
def test_add_months_clamps_to_month_end(day: date, n: int, expected: date) -> None:
    assert add_months(day, n) == expected
