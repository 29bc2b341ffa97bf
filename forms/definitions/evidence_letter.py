"""信函索证: a letter sent to a unit or department and its reply, with the reply's figures and a scan (DOMAIN §8.4).

The reply figures feed the assessment (``app.services.evidence``) as evidence of kind LETTER.
"""

from __future__ import annotations

from app.domain.roles import Permission
from forms.definitions.common import (
    AMOUNT_UNITS,
    ASSET_KINDS,
    INCOME_SUBTYPES,
    MAX_NAME,
    MAX_NOTE,
    id_fields,
    money,
)
from forms.model import (
    Compare,
    Field,
    FieldType,
    FormDefinition,
    Section,
    When,
    choices,
    labelled,
)

INCOME, ASSET = "INCOME", "ASSET"
FIGURE_KINDS = choices((INCOME, "收入"), (ASSET, "财产"))

EVIDENCE_LETTER = FormDefinition(
    code="EVIDENCE_LETTER",
    version=1,
    title="信函索证",
    source="DOMAIN §8.4 [A]",
    permissions=(Permission.INVESTIGATE, Permission.ACCEPT_APPLICATION),
    sections=(
        Section(
            "letter",
            "发函",
            (
                Field("letter_no", "函号", FieldType.TEXT, required=True, max_length=32),
                Field("recipient_unit", "收函单位", FieldType.TEXT, required=True, max_length=100),
                Field("subject_name", "查询对象", FieldType.TEXT, required=True, max_length=MAX_NAME),
                *id_fields("subject_", label="查询对象身份证号"),
                Field(
                    "query_items",
                    "查询事项",
                    FieldType.MULTI_CHOICE,
                    required=True,
                    min_items=1,
                    choices=labelled("工资", "社会保险", "经营", "不动产", "车辆", "存款", "公积金", "其他"),
                ),
                Field("sent_on", "发函日期", FieldType.DATE, required=True, not_in_future=True),
            ),
        ),
        Section(
            "reply",
            "回函",
            (
                Field("reply_on", "回函日期", FieldType.DATE, not_in_future=True),
                Field(
                    "reply_conclusion",
                    "回函结论",
                    FieldType.TEXT,
                    multiline=True,
                    max_length=MAX_NOTE,
                    required_if=When("reply_on"),
                ),
                Field(
                    "figures",
                    "回函数据",
                    FieldType.REPEAT,
                    max_items=30,
                    fields=(
                        Field("kind", "类别", FieldType.CHOICE, choices=FIGURE_KINDS, required=True),
                        Field(
                            "subtype",
                            "收入类别",
                            FieldType.CHOICE,
                            choices=INCOME_SUBTYPES,
                            required_if=When("kind", (INCOME,)),
                        ),
                        Field(
                            "unit",
                            "计算单位",
                            FieldType.CHOICE,
                            choices=AMOUNT_UNITS,
                            required_if=When("kind", (INCOME,)),
                        ),
                        Field("period_from", "起始日期", FieldType.DATE, required_if=When("kind", (INCOME,))),
                        Field("period_to", "截止日期", FieldType.DATE, required_if=When("kind", (INCOME,))),
                        Field(
                            "asset_kind",
                            "财产类别",
                            FieldType.CHOICE,
                            choices=ASSET_KINDS,
                            required_if=When("kind", (ASSET,)),
                        ),
                        money("amount", "金额", required=True),
                        Field("note", "说明", FieldType.TEXT, max_length=200),
                    ),
                ),
                Field(
                    "scans",
                    "回函扫描件",
                    FieldType.PHOTO,
                    max_items=10,
                    photo_categories=choices(("REPLY_SCAN", "回函扫描件"), ("LETTER_COPY", "发函存根")),
                ),
            ),
        ),
    ),
    checks=(
        Compare("reply_on", ">=", "sent_on", "回函日期不能早于发函日期"),
        Compare("period_to", ">=", "period_from", "截止日期不能早于起始日期", repeat="figures"),
    ),
)
