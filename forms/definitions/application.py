"""《江西省社会救助申请及核对授权书》: application, members, supporters, assets, pledge and authorisation (DOMAIN §8.1)."""

from __future__ import annotations

from decimal import Decimal

from app.domain.roles import Permission
from forms.definitions.common import (
    AREA_TYPES,
    ASSET_KINDS,
    HARDSHIP_CAUSES,
    MARITAL,
    MAX_ADDRESS,
    MAX_NAME,
    MAX_NOTE,
    NO,
    PROGRAMMES,
    RELATIONS,
    YES_NO,
    id_fields,
    member_fields,
    money,
)
from forms.model import (
    Compare,
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

AGENT = "委托代理人"
AGREE = labelled("同意")

AUTHORISATION_TEXT = (
    "本人及共同生活家庭成员授权民政部门向政府有关部门、金融机构、非银行支付机构、大数据管理机构和公用事业单位"
    "查询核对家庭经济状况；授权自签字之日起至退出救助（含监测期）止有效。"
)
PLEDGE_TEXT = "本人承诺所申报的家庭成员、收入和财产情况真实完整；如有虚报、隐瞒，愿承担相应法律责任。"

APPLICATION = FormDefinition(
    code="APPLICATION",
    version=1,
    title="江西省社会救助申请及核对授权书",
    source="DOMAIN §8.1 [JX-county] 寻乌",
    permissions=(Permission.ACCEPT_APPLICATION,),
    per_case_min=1,
    per_case_max=1,
    sign_off=SignOffSpec(applicant=Need.REQUIRED, applicant_label="申请人"),
    sections=(
        Section(
            "applicant",
            "申请人",
            (
                Field("name", "姓名", FieldType.TEXT, required=True, max_length=MAX_NAME),
                *id_fields(),
                Field("ethnicity", "民族", FieldType.TEXT, max_length=16),
                Field("phone", "联系电话", FieldType.PHONE, required=True),
                Field("hukou_address", "户籍地址", FieldType.TEXT, required=True, max_length=MAX_ADDRESS),
                Field("hukou_division_code", "户籍区划代码", FieldType.TEXT, max_length=12),
                Field(
                    "residence_address", "现居住地址", FieldType.TEXT, required=True, max_length=MAX_ADDRESS
                ),
                Field("residence_since", "居住起始日期", FieldType.DATE, not_in_future=True),
                Field("area_type", "城乡类别", FieldType.CHOICE, choices=AREA_TYPES, required=True),
                Field(
                    "programmes",
                    "申请项目",
                    FieldType.MULTI_CHOICE,
                    choices=PROGRAMMES,
                    required=True,
                    min_items=1,
                ),
                Field(
                    "apply_mode",
                    "申请方式",
                    FieldType.CHOICE,
                    choices=labelled("本人申请", AGENT),
                    required=True,
                ),
                Field(
                    "agent_name",
                    "代理人姓名",
                    FieldType.TEXT,
                    max_length=MAX_NAME,
                    required_if=When("apply_mode", (AGENT,)),
                ),
                Field(
                    "agent_id_number",
                    "代理人身份证号",
                    FieldType.ID_NUMBER,
                    required_if=When("apply_mode", (AGENT,)),
                ),
                Field(
                    "agent_relation",
                    "代理人与申请人关系",
                    FieldType.CHOICE,
                    choices=RELATIONS,
                    required_if=When("apply_mode", (AGENT,)),
                ),
                Field(
                    "hardship_causes",
                    "致困原因",
                    FieldType.MULTI_CHOICE,
                    choices=HARDSHIP_CAUSES,
                    required=True,
                    min_items=1,
                ),
                Field("hardship_detail", "申请理由", FieldType.TEXT, multiline=True, max_length=MAX_NOTE),
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
                        *member_fields(with_income=True)[:5],
                        Field("marital", "婚姻状况", FieldType.CHOICE, choices=MARITAL),
                        *member_fields(with_income=True)[5:],
                    ),
                ),
            ),
        ),
        Section(
            "supporters",
            "法定赡养（抚养、扶养）义务人",
            (
                Field(
                    "supporters",
                    "赡养（抚养、扶养）义务人",
                    FieldType.REPEAT,
                    max_items=10,
                    fields=(
                        Field("name", "姓名", FieldType.TEXT, required=True, max_length=MAX_NAME),
                        Field("id_number", "身份证号", FieldType.ID_NUMBER, required=True),
                        Field(
                            "relation", "与被赡养人关系", FieldType.CHOICE, choices=RELATIONS, required=True
                        ),
                        Field("spouse_name", "配偶姓名", FieldType.TEXT, max_length=MAX_NAME),
                        Field("spouse_id_number", "配偶身份证号", FieldType.ID_NUMBER),
                        Field("address", "住址", FieldType.TEXT, max_length=MAX_ADDRESS),
                        Field("phone", "电话", FieldType.PHONE),
                        Field(
                            "family_size",
                            "家庭人口",
                            FieldType.NUMBER,
                            required=True,
                            integer=True,
                            min_value=Decimal(1),
                            max_value=Decimal(30),
                            unit="人",
                        ),
                        money("income", "家庭月收入", unit="元/月"),
                        Field("consent", "是否同意核对", FieldType.CHOICE, choices=YES_NO, required=True),
                    ),
                ),
            ),
        ),
        Section(
            "assets",
            "家庭财产申报",
            (
                Field(
                    "assets",
                    "财产",
                    FieldType.REPEAT,
                    max_items=50,
                    fields=(
                        Field("kind", "财产类别", FieldType.CHOICE, choices=ASSET_KINDS, required=True),
                        Field(
                            "description",
                            "说明（地址、车牌、面积等）",
                            FieldType.TEXT,
                            max_length=MAX_ADDRESS,
                        ),
                        Field("owner", "产权人或登记人", FieldType.TEXT, max_length=MAX_NAME),
                        Field(
                            "quantity",
                            "数量或面积",
                            FieldType.NUMBER,
                            min_value=Decimal(0),
                            max_value=Decimal(100000),
                        ),
                        money("value", "价值或余额"),
                    ),
                ),
            ),
        ),
        Section(
            "pledge",
            "承诺与授权",
            (
                Field(
                    "pledge", "如实申报承诺", FieldType.CHOICE, choices=AGREE, required=True, help=PLEDGE_TEXT
                ),
                Field(
                    "authorisation",
                    "核对授权",
                    FieldType.CHOICE,
                    choices=AGREE,
                    required=True,
                    help=AUTHORISATION_TEXT,
                ),
                Field("signed_on", "签字日期", FieldType.DATE, required=True, not_in_future=True),
            ),
        ),
        Section(
            "office",
            "受理（工作人员填写）",
            (
                Field("accepted_by", "受理人", FieldType.TEXT, max_length=MAX_NAME),
                Field("accepted_on", "受理日期", FieldType.DATE, not_in_future=True),
                Field("acceptance_no", "受理编号", FieldType.TEXT, max_length=32),
                Field("materials_complete", "材料是否齐全", FieldType.CHOICE, choices=YES_NO, required=True),
                Field(
                    "missing_items",
                    "一次性告知清单",
                    FieldType.TEXT,
                    multiline=True,
                    max_length=MAX_NOTE,
                    required_if=When("materials_complete", (NO,)),
                ),
            ),
        ),
    ),
    checks=(
        Unique("members", "id_number", "同一身份证号出现了两次"),
        Compare("accepted_on", ">=", "signed_on", "受理日期不能早于申请人签字日期"),
    ),
)
