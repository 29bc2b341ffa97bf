"""家庭经济状况评估表: the assessment sheet, filled from the workflow's benefit decision (DOMAIN §8.6).

``forms.prefill.assessment_data`` turns an ``app.workflow.benefit.BenefitDecision`` into this form's data, so the
figures on the sheet are the ones the rules computed; the assessor reviews, signs and finalises.
"""

from __future__ import annotations

from decimal import Decimal

from app.domain.roles import Permission
from app.workflow.assessment import OUTCOME_LABELS, CheckOutcome
from app.workflow.benefit import CLASSIFICATION_LABELS, INELIGIBLE_LABELS
from app.workflow.rules import ASSET_TEST_LABELS, INCOME_CATEGORY_LABELS, BenefitMethod
from forms.definitions.common import AREA_TYPES, MAX_NAME, MAX_NOTE, YES_NO, money
from forms.model import Choice, Field, FieldType, FormDefinition, Section, choices

OUTCOMES = tuple(Choice(o.value, label) for o, label in OUTCOME_LABELS.items())
CATEGORIES = tuple(Choice(c.value, label) for c, label in INCOME_CATEGORY_LABELS.items())
ASSET_TESTS = tuple(Choice(t.value, label) for t, label in ASSET_TEST_LABELS.items())
CLASSIFICATIONS = tuple(Choice(c.value, label) for c, label in CLASSIFICATION_LABELS.items())
REASONS = tuple(Choice(r.value, label) for r, label in INELIGIBLE_LABELS.items())
METHODS = choices((BenefitMethod.GAP.value, "补差"), (BenefitMethod.TIER.value, "分档"))
PASS_OUTCOMES = (CheckOutcome.PASS.value, CheckOutcome.EXEMPT.value)

ASSESSMENT = FormDefinition(
    code="ASSESSMENT",
    version=1,
    title="家庭经济状况评估表",
    source="DOMAIN §8.6 [A]; 计算见 app.workflow.benefit",
    permissions=(Permission.INVESTIGATE, Permission.DECIDE),
    per_case_max=None,
    sections=(
        Section(
            "basis",
            "评估依据",
            (
                Field("reference_date", "评估参考日", FieldType.DATE, required=True),
                Field("area_type", "城乡类别", FieldType.CHOICE, choices=AREA_TYPES, required=True),
                money("standard_used", "适用低保标准", required=True, unit="元/人·月"),
                Field("standard_rule", "标准依据（规则版本）", FieldType.TEXT, max_length=100),
                Field(
                    "household_size",
                    "计算人数",
                    FieldType.NUMBER,
                    required=True,
                    integer=True,
                    min_value=Decimal(1),
                    max_value=Decimal(30),
                    unit="人",
                ),
                Field("income_window", "收入计算期间", FieldType.TEXT, max_length=40),
            ),
        ),
        Section(
            "income",
            "收入核算",
            (
                Field(
                    "income_lines",
                    "收入明细",
                    FieldType.REPEAT,
                    max_items=100,
                    fields=(
                        Field("member_name", "成员", FieldType.TEXT, required=True, max_length=MAX_NAME),
                        Field("category", "收入类别", FieldType.CHOICE, choices=CATEGORIES, required=True),
                        Field("subtype_label", "收入项目", FieldType.TEXT, max_length=100),
                        money("window_amount", "计算期金额", required=True),
                        Field("counted", "是否计入", FieldType.CHOICE, choices=YES_NO, required=True),
                        Field("not_counted_reason", "不计入依据", FieldType.TEXT, max_length=200),
                    ),
                ),
                Field(
                    "deductions",
                    "扣减项目",
                    FieldType.REPEAT,
                    max_items=50,
                    fields=(
                        Field("member_name", "成员", FieldType.TEXT, required=True, max_length=MAX_NAME),
                        Field("label", "项目", FieldType.TEXT, required=True, max_length=100),
                        money("monthly", "每月扣减", required=True, unit="元/月"),
                        Field("rule_version", "规则版本", FieldType.TEXT, max_length=100),
                    ),
                ),
                money("household_monthly_income", "家庭月收入", required=True, unit="元/月"),
                money("per_capita_income", "人均月收入", required=True, unit="元/人·月"),
            ),
        ),
        Section(
            "tests",
            "财产与赡养人核定",
            (
                Field(
                    "asset_tests",
                    "财产核定",
                    FieldType.REPEAT,
                    max_items=10,
                    fields=(
                        Field("test", "项目", FieldType.CHOICE, choices=ASSET_TESTS, required=True),
                        Field("outcome", "结果", FieldType.CHOICE, choices=OUTCOMES, required=True),
                        Field("measure", "实际值", FieldType.NUMBER),
                        Field("limit", "限额", FieldType.NUMBER),
                        Field("reason", "说明", FieldType.TEXT, max_length=200),
                    ),
                ),
                Field(
                    "supporter_tests",
                    "赡养人核定",
                    FieldType.REPEAT,
                    max_items=10,
                    fields=(
                        Field("name", "赡养人", FieldType.TEXT, required=True, max_length=MAX_NAME),
                        Field("outcome", "结果", FieldType.CHOICE, choices=OUTCOMES, required=True),
                        Field("details", "说明", FieldType.TEXT, max_length=400),
                    ),
                ),
            ),
        ),
        Section(
            "result",
            "评估结论",
            (
                Field("classification", "认定结果", FieldType.CHOICE, choices=CLASSIFICATIONS, required=True),
                Field("reasons", "不符合原因", FieldType.MULTI_CHOICE, choices=REASONS),
                Field("method", "计发方式", FieldType.CHOICE, choices=METHODS, required=True),
                Field("tier", "档次", FieldType.TEXT, max_length=20),
                Field(
                    "covered_persons",
                    "保障人数",
                    FieldType.NUMBER,
                    required=True,
                    integer=True,
                    min_value=Decimal(0),
                    max_value=Decimal(30),
                    unit="人",
                ),
                money("monthly_amount", "拟保障金额", required=True, unit="元/月"),
                Field("rule_versions", "所用规则版本", FieldType.TEXT, multiline=True, max_length=MAX_NOTE),
                Field("remarks", "评估意见", FieldType.TEXT, multiline=True, max_length=MAX_NOTE),
            ),
        ),
        Section(
            "signatures",
            "签字",
            (
                Field("assessed_on", "评估日期", FieldType.DATE, required=True, not_in_future=True),
                Field(
                    "assessor_signature",
                    "评估人签名",
                    FieldType.SIGNATURE,
                    required=True,
                    signer_role="评估人",
                ),
                Field("reviewer_signature", "复核人签名", FieldType.SIGNATURE, signer_role="复核人"),
            ),
        ),
    ),
)
