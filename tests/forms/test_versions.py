"""A record names its form version; a newer version still opens and prints an older record."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from app.workflow.assessment import AssessmentInput, Member
from app.workflow.benefit import compute_benefit
from app.workflow.rules import AreaType, Rule, default_rule_book
from forms.definitions import ASSESSMENT, NEIGHBOUR_INTERVIEW
from forms.display import UNKNOWN_SECTION_TITLE, DisplayRow, DisplayTable, describe
from forms.model import Field, FieldType, Section
from forms.prefill import assessment_data
from forms.registry import default_registry
from forms.validation import validate

TODAY = date(2026, 9, 18)

# v2 of the neighbour interview: the phone is dropped, a "years known" number is added.
V2 = replace(
    NEIGHBOUR_INTERVIEW,
    version=2,
    sections=(
        replace(
            NEIGHBOUR_INTERVIEW.sections[0],
            fields=tuple(f for f in NEIGHBOUR_INTERVIEW.sections[0].fields if f.key != "interviewee_phone"),
        ),
        NEIGHBOUR_INTERVIEW.sections[1],
        Section("extra", "补充", (Field("years_known", "相识年数", FieldType.NUMBER, integer=True),)),
    ),
)

OLD_RECORD = {
    "visit_date": "2026-09-01",
    "place": "桃源村3组",
    "interviewee_name": "邻居甲",
    "interviewee_relation": "邻居",
    "interviewee_phone": "19900001234",
    "topics": ["家庭成员"],
    "statement": "情况属实。",
    "opinion": "同意。",
}


def test_registry_keeps_every_version_and_hands_out_the_newest_for_new_records() -> None:
    registry = default_registry().with_definitions([V2])
    assert registry.versions("NEIGHBOUR_INTERVIEW") == [1, 2]
    assert registry.latest("NEIGHBOUR_INTERVIEW") is V2
    assert registry.get("NEIGHBOUR_INTERVIEW", 1) is NEIGHBOUR_INTERVIEW


def test_old_record_opens_with_its_own_version_and_prints_with_the_new_one() -> None:
    registry = default_registry().with_definitions([V2])
    own = registry.get("NEIGHBOUR_INTERVIEW", 1)
    assert validate(own, OLD_RECORD, today=TODAY) == ()
    printed = describe(V2, OLD_RECORD)
    rows = {i.label: i.text for s in printed for i in s.items if isinstance(i, DisplayRow)}
    assert rows["被访问人姓名"] == "邻居甲"
    assert rows["相识年数"] == ""  # unknown to the old record: blank, not an error
    assert printed[-1].title == UNKNOWN_SECTION_TITLE
    assert printed[-1].items == (DisplayRow("interviewee_phone", "19900001234"),)  # nothing is hidden


def test_display_shows_labels_for_codes_money_and_tables() -> None:
    data = {
        "income_lines": [
            {"member_name": "王伟", "category": "WAGE", "window_amount": "18000.00", "counted": "是"}
        ]
    }
    sections = describe(ASSESSMENT, {**data, "classification": "DIBAO", "monthly_amount": "1770.00"})
    items = [i for s in sections for i in s.items]
    table = next(i for i in items if isinstance(i, DisplayTable) and i.label == "收入明细")
    assert table.rows[0][:4] == ("王伟", "工资性收入", "", "18,000.00 元")
    rows = {i.label: i.text for i in items if isinstance(i, DisplayRow)}
    assert rows["认定结果"] == "低保"
    assert rows["拟保障金额"] == "1,770.00 元/月"


def test_assessment_sheet_is_filled_from_the_workflow_decision_and_validates() -> None:
    area = "369999"
    book = default_rule_book().with_rules(
        [
            Rule(f"standard.{area}.URBAN", "900.00", "YUAN_PER_PERSON_MONTH", date(2025, 1, 1), None, "测试"),
            Rule(
                f"stat.prior_year_disposable_income.{area}.URBAN",
                "40000",
                "YUAN_PER_PERSON_YEAR",
                date(2025, 1, 1),
                None,
                "测试",
            ),
            Rule(
                f"stat.prior_year_floor_area_per_capita.{area}.URBAN",
                "40",
                "M2_PER_PERSON",
                date(2025, 1, 1),
                None,
                "测试",
            ),
        ]
    )
    inputs = AssessmentInput(
        "case-1", area, AreaType.URBAN, date(2026, 3, 15), (Member("a"), Member("b"), Member("c"))
    )
    decision = compute_benefit(inputs, book, date(2026, 3, 15))
    data = assessment_data(
        decision, member_names={"a": "王伟", "b": "李芳", "c": "王小明"}, assessed_on=TODAY
    )
    assert data["monthly_amount"] == f"{decision.monthly_amount:.2f}"
    assert Decimal(data["standard_used"]) == decision.standard_used
    assert data["household_size"] == "3" and data["classification"] == decision.classification.value
    problems = validate(ASSESSMENT, data, today=TODAY)
    assert [p.path for p in problems] == [
        ("assessor_signature",)
    ]  # only the signature is left to the assessor
