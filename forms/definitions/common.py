"""Vocabularies and field groups several official forms share (DOMAIN §8). Codes are stored; labels are printed.

Income subtype and amount-unit codes must exist in the rule tables (resources/rules/income.json); a test checks
that, so a form can never offer a code the assessment would refuse.
"""

from __future__ import annotations

from decimal import Decimal

from app.domain.idnumber import ID_TYPE_LABELS, IdType
from app.workflow.assessment import EXCLUSION_LABELS, AssetKind
from app.workflow.rules import AREA_TYPE_LABELS
from forms.model import Choice, Field, FieldType, When, choices, labelled

YES, NO = "是", "否"
YES_NO = labelled(YES, NO)

ID_TYPES = tuple(Choice(t.value, ID_TYPE_LABELS[t]) for t in IdType)
AREA_TYPES = tuple(Choice(t.value, label) for t, label in AREA_TYPE_LABELS.items())
RELATIONS = labelled(
    "本人", "配偶", "子女", "父母", "兄弟姐妹", "祖父母、外祖父母", "孙子女、外孙子女", "儿媳、女婿", "其他"
)
MARITAL = labelled("未婚", "已婚", "离异", "丧偶")
HEALTH = labelled("健康", "慢性病", "重病")
DISABILITY_NONE = "无"
DISABILITY_KINDS = labelled(DISABILITY_NONE, "视力", "听力", "言语", "肢体", "智力", "精神", "多重")
DISABILITY_GRADES = labelled("一级", "二级", "三级", "四级")
LABOUR_CAPACITY = labelled("有劳动能力", "部分丧失劳动能力", "完全丧失劳动能力")
IN_SCHOOL = "在校"
EMPLOYMENT = labelled(
    "学龄前", IN_SCHOOL, "在职", "灵活就业", "登记失业", "未登记失业", "退休", "务农", "其他"
)
SCHOOL_STAGES = labelled("小学", "初中", "高中或中职", "大专", "本科")
EDUCATION = labelled("未上学", "小学", "初中", "高中或中专", "大专及以上")
SPECIAL_STATUS = labelled("退役军人", "归侨侨眷", "刑释人员", "其他")
EXCLUSION_REASONS = tuple(Choice(r.value, label) for r, label in EXCLUSION_LABELS.items())
HARDSHIP_CAUSES = labelled("残疾", "重病", "孤寡", "单亲", "受灾", "失业", "缺乏劳动力", "其他")
PROGRAMMES = choices(
    ("DIBAO", "最低生活保障"),
    ("TEKUN", "特困人员救助供养"),
    ("TEMP", "临时救助"),
    ("EDGE", "低保边缘家庭"),
    ("RIGID", "刚性支出困难家庭"),
)

# Codes of rule income.subtypes (labels as in the rule table).
INCOME_SUBTYPES = choices(
    ("WAGE_SALARY", "工资、奖金、津贴补贴"),
    ("CASUAL_LABOUR", "零星务工、劳务报酬"),
    ("FARMING_NET", "种植、养殖净收入"),
    ("HOUSEHOLD_BUSINESS_NET", "个体经营净收入"),
    ("RENT", "出租房屋等租金收入"),
    ("LAND_TRANSFER", "土地流转收入"),
    ("INTEREST_DIVIDEND", "利息、股息红利"),
    ("PENSION", "离退休金、职工养老金"),
    ("RESIDENT_BASIC_PENSION", "城乡居民基本养老保险基础养老金"),
    ("MAINTENANCE_RECEIVED", "赡养费、抚养费、扶养费"),
    ("SOCIAL_ASSISTANCE", "政府发放的各类社会救助款物"),
    ("OTHER_TRANSFER", "其他转移性收入"),
)
# Codes of rule income.amount_units.
AMOUNT_UNITS = choices(
    ("PER_MONTH", "每月"),
    ("PER_QUARTER", "每季度"),
    ("PER_HALF_YEAR", "每半年"),
    ("PER_YEAR", "每年"),
    ("PERIOD_TOTAL", "期间合计"),
)
ASSET_KINDS = choices(
    (AssetKind.DEPOSIT.value, "存款"),
    (AssetKind.SECURITY.value, "有价证券"),
    (AssetKind.WEALTH_PRODUCT.value, "理财产品"),
    (AssetKind.INTERNET_FINANCE.value, "互联网金融资产"),
    (AssetKind.INSURANCE_CASH_VALUE.value, "商业保险现金价值"),
    (AssetKind.CASH.value, "现金"),
    (AssetKind.VEHICLE.value, "机动车辆"),
    (AssetKind.HOUSE.value, "房产"),
    (AssetKind.ENTERPRISE_CAPITAL.value, "企业出资"),
    (AssetKind.MACHINERY.value, "大型农机、船舶、工程机械"),
    (AssetKind.LAND.value, "土地"),
    (AssetKind.FOREST.value, "林地"),
)
PHOTO_CATEGORIES = choices(
    ("EXTERIOR", "外景"),
    ("INTERIOR", "室内"),
    ("KITCHEN", "厨房"),
    ("DOCUMENT", "证件"),
    ("OTHER", "其他"),
)
CONCLUSIONS = labelled("符合", "不符合", "待核")

MAX_NAME = 32
MAX_ADDRESS = 200
MAX_NOTE = 2000
MONEY_MAX = Decimal("100000000")  # an amount above 1亿 is a typing slip in any of these forms


def id_fields(
    prefix: str = "", *, label: str = "身份证号", required: bool = True
) -> tuple[Field, Field, Field]:
    """Document type, number (checked per type with GB 11643) and the reason when there is no number yet."""
    type_key, number_key, reason_key = f"{prefix}id_type", f"{prefix}id_number", f"{prefix}id_pending_reason"
    return (
        Field(type_key, "证件类型", FieldType.CHOICE, choices=ID_TYPES, required=required),
        Field(number_key, label, FieldType.ID_NUMBER, required=required, id_type_field=type_key),
        Field(
            reason_key,
            "暂无号码原因",
            FieldType.TEXT,
            max_length=100,
            required_if=When(type_key, (IdType.PENDING.value,)),
        ),
    )


def money(
    key: str, label: str, *, required: bool = False, unit: str = "元", when: When | None = None
) -> Field:
    return Field(
        key,
        label,
        FieldType.MONEY,
        required=required,
        required_if=when,
        min_value=Decimal(0),
        max_value=MONEY_MAX,
        unit=unit,
    )


def member_fields(*, with_income: bool) -> tuple[Field, ...]:
    """One household member (DOMAIN §8.1 member table; §8.2 adds education and special status)."""
    fields: list[Field] = [
        Field("name", "姓名", FieldType.TEXT, required=True, max_length=MAX_NAME),
        *id_fields(),
        Field("relation", "与申请人关系", FieldType.CHOICE, choices=RELATIONS, required=True),
        Field("coresident", "是否共同生活", FieldType.CHOICE, choices=YES_NO, required=True),
        Field(
            "exclusion_reason",
            "不计入家庭成员原因",
            FieldType.CHOICE,
            choices=EXCLUSION_REASONS,
            required_if=When("coresident", (NO,)),
        ),
        Field("health", "健康状况", FieldType.CHOICE, choices=HEALTH, required=True),
        Field("disability_kind", "残疾类别", FieldType.CHOICE, choices=DISABILITY_KINDS, required=True),
        Field(
            "disability_grade",
            "残疾等级",
            FieldType.CHOICE,
            choices=DISABILITY_GRADES,
            required_if=When(
                "disability_kind", tuple(c.code for c in DISABILITY_KINDS if c.code != DISABILITY_NONE)
            ),
        ),
        Field("labour_capacity", "劳动能力", FieldType.CHOICE, choices=LABOUR_CAPACITY, required=True),
        Field("employment", "就业或在校状态", FieldType.CHOICE, choices=EMPLOYMENT, required=True),
        Field(
            "school_stage",
            "学段",
            FieldType.CHOICE,
            choices=SCHOOL_STAGES,
            required_if=When("employment", (IN_SCHOOL,)),
        ),
    ]
    if with_income:
        fields.append(money("monthly_income", "月收入（申报）", unit="元/月"))
    return tuple(fields)
