"""入户调查表: at least two investigators visit the home; the interviewee signs (DOMAIN §8.2)."""

from __future__ import annotations

from decimal import Decimal

from forms.definitions.common import (
    AMOUNT_UNITS,
    AREA_TYPES,
    CONCLUSIONS,
    EDUCATION,
    HARDSHIP_CAUSES,
    INCOME_SUBTYPES,
    MAX_ADDRESS,
    MAX_NAME,
    MAX_NOTE,
    PHOTO_CATEGORIES,
    RELATIONS,
    SPECIAL_STATUS,
    member_fields,
    money,
)
from forms.model import (
    Field,
    FieldType,
    FormDefinition,
    Need,
    Section,
    SignOffSpec,
    Unique,
    When,
    labelled,
)

REMOTE = "视频或电话"

HOME_INVESTIGATION = FormDefinition(
    code="HOME_INVESTIGATION",
    version=1,
    title="入户调查表",
    source="DOMAIN §8.2; 民发〔2021〕57号 第18条 [NAT-m]",
    per_case_min=1,
    sign_off=SignOffSpec(
        investigators=2,
        applicant=Need.REQUIRED,
        applicant_label="被调查人（申请人）",
        witness=Need.OPTIONAL,
        witness_label="村（居）委会见证人",
    ),
    sections=(
        Section(
            "header",
            "基本信息",
            (
                Field("village", "村（居）", FieldType.TEXT, required=True, max_length=64),
                Field("area_type", "申请保障类型", FieldType.CHOICE, choices=AREA_TYPES, required=True),
                Field("visit_date", "调查日期", FieldType.DATE, required=True, not_in_future=True),
                Field("visit_time", "调查时间", FieldType.TEXT, max_length=16, help="如 10:30"),
                Field(
                    "method",
                    "调查方式",
                    FieldType.CHOICE,
                    choices=labelled("实地入户", REMOTE),
                    required=True,
                ),
                Field(
                    "remote_reason",
                    "远程调查原因",
                    FieldType.TEXT,
                    max_length=200,
                    required_if=When("method", (REMOTE,)),
                    help="仅在重大突发事件期间可视频或电话调查",
                ),
                Field("interviewee_name", "被调查人", FieldType.TEXT, required=True, max_length=MAX_NAME),
                Field(
                    "interviewee_relation",
                    "被调查人与申请人关系",
                    FieldType.CHOICE,
                    choices=RELATIONS,
                    required=True,
                ),
            ),
        ),
        Section(
            "household",
            "家庭成员",
            (
                Field(
                    "members",
                    "家庭成员",
                    FieldType.REPEAT,
                    required=True,
                    min_items=1,
                    max_items=20,
                    default_rows=1,
                    fields=(
                        *member_fields(with_income=False),
                        Field("education", "学历", FieldType.CHOICE, choices=EDUCATION),
                        Field("special_status", "特殊身份", FieldType.MULTI_CHOICE, choices=SPECIAL_STATUS),
                    ),
                ),
            ),
        ),
        Section(
            "income",
            "收入情况",
            (
                Field(
                    "incomes",
                    "收入",
                    FieldType.REPEAT,
                    max_items=60,
                    fields=(
                        Field("member_name", "成员", FieldType.TEXT, required=True, max_length=MAX_NAME),
                        Field(
                            "subtype", "收入类别", FieldType.CHOICE, choices=INCOME_SUBTYPES, required=True
                        ),
                        money("amount", "金额", required=True),
                        Field("unit", "计算单位", FieldType.CHOICE, choices=AMOUNT_UNITS, required=True),
                        Field("note", "说明", FieldType.TEXT, max_length=200),
                    ),
                ),
            ),
        ),
        Section(
            "housing",
            "住房与财产",
            (
                Field(
                    "housing_type",
                    "住房类型",
                    FieldType.CHOICE,
                    choices=labelled("商品房", "自建房", "安置房", "租住", "借住"),
                    required=True,
                ),
                Field(
                    "housing_area",
                    "住房面积",
                    FieldType.NUMBER,
                    min_value=Decimal(0),
                    max_value=Decimal(5000),
                    unit="平方米",
                ),
                Field(
                    "decoration", "装修程度", FieldType.CHOICE, choices=labelled("无", "一般", "中等", "豪华")
                ),
                Field("housing_owner", "产权人", FieldType.TEXT, max_length=MAX_NAME),
                Field(
                    "durable_goods",
                    "耐用消费品及异常情况",
                    FieldType.TEXT,
                    multiline=True,
                    max_length=MAX_NOTE,
                ),
                Field(
                    "vehicles",
                    "车辆、农机、牲畜（类型和数量）",
                    FieldType.TEXT,
                    multiline=True,
                    max_length=MAX_NOTE,
                ),
            ),
        ),
        Section(
            "expenses",
            "生活支出",
            (
                money("utilities", "水电燃气", unit="元/月"),
                money("telecom", "通讯", unit="元/月"),
                money("property_fee", "物业", unit="元/月"),
                money("medical", "医疗自付", unit="元/月"),
                money("education_cost", "教育支出", unit="元/月"),
            ),
        ),
        Section(
            "findings",
            "调查结论",
            (
                Field(
                    "supporters_situation",
                    "赡养（抚养、扶养）人情况",
                    FieldType.TEXT,
                    multiline=True,
                    max_length=MAX_NOTE,
                ),
                Field(
                    "hardship_causes",
                    "致困原因",
                    FieldType.MULTI_CHOICE,
                    choices=HARDSHIP_CAUSES,
                    required=True,
                    min_items=1,
                ),
                Field(
                    "findings", "调查情况", FieldType.TEXT, multiline=True, required=True, max_length=MAX_NOTE
                ),
                Field("conclusion", "调查结论", FieldType.CHOICE, choices=CONCLUSIONS, required=True),
                Field("address_seen", "实际居住地址", FieldType.TEXT, max_length=MAX_ADDRESS),
            ),
        ),
        Section(
            "photos",
            "现场照片",
            (
                Field(
                    "photos",
                    "现场照片",
                    FieldType.PHOTO,
                    required=True,
                    min_items=1,
                    max_items=30,
                    photo_categories=PHOTO_CATEGORIES,
                    help="外景、室内、厨房、证件等",
                ),
            ),
        ),
    ),
    checks=(Unique("members", "id_number", "同一身份证号出现了两次"),),
)
