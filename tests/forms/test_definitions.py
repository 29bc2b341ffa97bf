"""Every shipped form definition passes the strict definition check; the check catches each kind of mistake."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from app.workflow.rules import default_rule_book, income_subtype, income_unit_months
from forms.checker import DefinitionError, definition_problems, require_valid
from forms.definitions import ALL_DEFINITIONS, HOME_INVESTIGATION, NEIGHBOUR_INTERVIEW, PROACTIVE_VISIT
from forms.definitions.common import AMOUNT_UNITS, INCOME_SUBTYPES
from forms.definitions.proactive_visit import GROUPS, TEAMS
from forms.model import (
    AtLeastOne,
    Choice,
    Compare,
    Field,
    FieldType,
    FormDefinition,
    Need,
    Section,
    SignOffSpec,
    Unique,
    When,
)
from forms.registry import FormRegistry, default_registry

TODAY = date(2026, 9, 18)


@pytest.mark.parametrize("definition", ALL_DEFINITIONS, ids=lambda d: d.ref)
def test_every_shipped_definition_passes_the_strict_check(definition: FormDefinition) -> None:
    assert definition_problems(definition) == []


def test_registry_holds_every_official_form_once() -> None:
    registry = default_registry()
    assert registry.codes() == sorted(
        [
            "APPLICATION",
            "ASSESSMENT",
            "DEMOCRATIC_REVIEW",
            "EVIDENCE_LETTER",
            "HOME_INVESTIGATION",
            "NEIGHBOUR_INTERVIEW",
            "PROACTIVE_VISIT",
            "PUBLICITY",
        ]
    )
    assert len(registry.all()) == len(ALL_DEFINITIONS)
    with pytest.raises(DefinitionError, match="出现两次"):
        FormRegistry([HOME_INVESTIGATION, HOME_INVESTIGATION])


def test_field_types_in_use_cover_the_whole_vocabulary() -> None:
    used: set[str] = set()
    for definition in ALL_DEFINITIONS:
        for f in definition.fields():
            used.add(f.type)
            used.update(s.type for s in f.fields)
    assert used == {t.value for t in FieldType}


def test_sign_off_rules_follow_domain_8_2_and_8_3() -> None:
    assert HOME_INVESTIGATION.sign_off.investigators == 2
    assert HOME_INVESTIGATION.sign_off.applicant == Need.REQUIRED
    assert NEIGHBOUR_INTERVIEW.sign_off.investigators == 2
    assert NEIGHBOUR_INTERVIEW.sign_off.applicant == Need.OPTIONAL  # some neighbours refuse to sign
    assert (NEIGHBOUR_INTERVIEW.per_case_min, NEIGHBOUR_INTERVIEW.per_case_max) == (2, 3)


def test_proactive_visit_lists_the_nine_groups_and_four_teams_of_the_seed() -> None:
    assert len(GROUPS) == 9 and len(TEAMS) == 4
    assert GROUPS[0].label == "家庭成员中有年老、残疾、生活不能自理、患有重大疾病的家庭"
    assert GROUPS[8].label == "县级民政部门规定的其他重点对象"
    assert [t.label for t in TEAMS] == [
        "基层社会救助工作队伍",
        "社会救助协理员队伍",
        "社会救助网格员队伍",
        "购买服务专业社工队伍",
    ]
    team = PROACTIVE_VISIT.field("team")
    assert team is not None and team.required


def test_income_codes_on_the_forms_exist_in_the_rule_tables() -> None:
    book = default_rule_book()
    for choice in INCOME_SUBTYPES:
        assert income_subtype(book, choice.code, TODAY).label == choice.label
    for choice in AMOUNT_UNITS:
        income_unit_months(book, choice.code, TODAY)  # raises on an unknown unit


def _form(*fields: Field, checks: tuple[Compare | Unique | AtLeastOne, ...] = ()) -> FormDefinition:
    return FormDefinition("TEST_FORM", 1, "测试表", (Section("s", "第一节", fields),), checks=checks)


NAME = Field("name", "姓名", FieldType.TEXT)
KIND = Field("kind", "类别", FieldType.CHOICE, choices=(Choice("A", "甲"), Choice("B", "乙")))


@pytest.mark.parametrize(
    ("definition", "expected"),
    [
        (_form(Field("x", "某项", "textt")), "类型“textt”未知"),
        (_form(NAME, replace(NAME, label="名字")), "字段键“name”重复"),
        (_form(Field("Bad-Key", "某项", FieldType.TEXT)), "键应为小写字母"),
        (_form(Field("x", " ", FieldType.TEXT)), "缺少标签"),
        (_form(Field("x", "某项", FieldType.CHOICE)), "没有选项"),
        (_form(replace(KIND, choices=(Choice("A", "甲"), Choice("A", "乙")))), "选项代码“A”重复"),
        (_form(Field("x", "某项", FieldType.TEXT, choices=KIND.choices)), "不是选择题，不应有选项"),
        (
            _form(Field("n", "数量", FieldType.NUMBER, min_value=Decimal(5), max_value=Decimal(1))),
            "最小值大于最大值",
        ),
        (_form(Field("x", "某项", FieldType.DATE, min_value=Decimal(1))), "取值范围只用于数字或金额字段"),
        (_form(Field("x", "某项", FieldType.TEXT, required_if=When("nope"))), "条件字段“nope”不存在"),
        (_form(KIND, Field("x", "某项", FieldType.TEXT, required_if=When("kind", ("C",)))), "条件选项“C”"),
        (_form(NAME, Field("x", "某项", FieldType.TEXT, required_if=When("name", ("A",)))), "不是选择题"),
        (_form(Field("r", "表", FieldType.REPEAT)), "重复组没有字段"),
        (_form(Field("r", "表", FieldType.REPEAT, fields=(NAME, NAME))), "重复组“r”内字段键“name”重复"),
        (
            _form(
                Field(
                    "r",
                    "表",
                    FieldType.REPEAT,
                    fields=(Field("p", "照片", FieldType.PHOTO, photo_categories=KIND.choices),),
                )
            ),
            "重复组内不能再放",
        ),
        (_form(Field("p", "照片", FieldType.PHOTO)), "须列出照片类别"),
        (_form(Field("x", "号码", FieldType.ID_NUMBER, id_type_field="kind"), KIND), "证件类型选项“A”无效"),
        (
            _form(Field("r", "表", FieldType.REPEAT, fields=(NAME,), min_items=3, max_items=2)),
            "数量限制不合理",
        ),
        (_form(NAME, checks=(Compare("name", "<=", "name", "x"),)), "不是日期、数字或金额"),
        (_form(NAME, checks=(Compare("d1", "<=", "d2", "x"),)), "比较校验的字段“d1”不存在"),
        (_form(NAME, checks=(Unique("people", "id", "x"),)), "唯一性校验的重复组“people”不存在"),
        (_form(NAME, checks=(AtLeastOne(("name", "phone"), "x"),)), "“至少填一项”校验的字段“phone”不存在"),
        (replace(_form(NAME), version=0), "版本号应为正整数"),
        (replace(_form(NAME), code="test"), "表单代码"),
        (replace(_form(NAME), sign_off=SignOffSpec(witness="maybe")), "见证人签名要求“maybe”无效"),
        (replace(_form(NAME), permissions=()), "没有指定可填写的权限"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_the_strict_check_rejects_each_kind_of_mistake(definition: FormDefinition, expected: str) -> None:
    problems = definition_problems(definition)
    assert any(expected in p for p in problems), problems
    with pytest.raises(DefinitionError):
        require_valid(definition)
    with pytest.raises(DefinitionError):
        FormRegistry([definition])
