"""主动发现走访记录: a visit by one of the four teams to a household of the nine must-visit groups (DOMAIN §10.2).

Groups and teams are quoted from the seed document 景民字〔2024〕40号 三（二）1-2.
"""

from __future__ import annotations

from app.domain.roles import Permission
from forms.definitions.common import MAX_ADDRESS, MAX_NAME, MAX_NOTE, PHOTO_CATEGORIES
from forms.model import Compare, Field, FieldType, FormDefinition, Section, When, choices

TEAMS = choices(
    ("BASIC_STAFF", "基层社会救助工作队伍"),
    ("AIDES", "社会救助协理员队伍"),
    ("GRID", "社会救助网格员队伍"),
    ("SOCIAL_WORKERS", "购买服务专业社工队伍"),
)
GROUPS = choices(
    ("G1", "家庭成员中有年老、残疾、生活不能自理、患有重大疾病的家庭"),
    ("G2", "无劳动能力或弱劳动能力家庭"),
    ("G3", "收入不稳定、持续增收能力较弱、返贫风险较高的脱贫不稳定人口"),
    ("G4", "曾经申请过社会救助、暂时不符合救助条件但存在一定困难的人员或家庭"),
    ("G5", "通过社会救助热线等信访渠道反映救助诉求的人员或家庭"),
    ("G6", "受灾疫情影响比较严重地区的困难群众"),
    ("G7", "经救助后生活仍存在较大困难且自身发展能力不足的困难群众"),
    ("G8", "各类服刑期内人员的家庭、刑满释放后生活存在较大困难且自身发展能力不足的人员"),
    ("G9", "县级民政部门规定的其他重点对象"),
)
NONE_NEEDED = "NONE"
REFERRALS = choices(
    (NONE_NEEDED, "暂不需要救助"),
    ("APPLICATION", "引导提出救助申请"),
    ("WARNING", "转预警核查"),
    ("OTHER_ASSISTANCE", "转介其他救助"),
)

PROACTIVE_VISIT = FormDefinition(
    code="PROACTIVE_VISIT",
    version=1,
    title="主动发现走访记录",
    source="DOMAIN §10.2 [SEED] 景民字〔2024〕40号 三（二）",
    permissions=(Permission.INVESTIGATE, Permission.ACCEPT_APPLICATION),
    sections=(
        Section(
            "visit",
            "走访",
            (
                Field("visit_date", "走访日期", FieldType.DATE, required=True, not_in_future=True),
                Field("visitor_name", "走访人", FieldType.TEXT, required=True, max_length=MAX_NAME),
                Field("team", "所属队伍", FieldType.CHOICE, choices=TEAMS, required=True),
                Field("village", "村（居）", FieldType.TEXT, required=True, max_length=64),
                Field(
                    "household_name", "走访对象（户主）", FieldType.TEXT, required=True, max_length=MAX_NAME
                ),
                Field("household_address", "住址", FieldType.TEXT, max_length=MAX_ADDRESS),
                Field("phone", "联系电话", FieldType.PHONE),
                Field(
                    "groups",
                    "所属必访人群",
                    FieldType.MULTI_CHOICE,
                    choices=GROUPS,
                    required=True,
                    min_items=1,
                ),
            ),
        ),
        Section(
            "result",
            "走访情况",
            (
                Field(
                    "findings", "走访发现", FieldType.TEXT, multiline=True, required=True, max_length=MAX_NOTE
                ),
                Field("referral", "处理", FieldType.CHOICE, choices=REFERRALS, required=True),
                Field(
                    "referral_note",
                    "转介说明",
                    FieldType.TEXT,
                    max_length=400,
                    required_if=When("referral", tuple(c.code for c in REFERRALS if c.code != NONE_NEEDED)),
                ),
                Field("next_visit_on", "下次走访日期", FieldType.DATE),
                Field("photos", "走访照片", FieldType.PHOTO, max_items=10, photo_categories=PHOTO_CATEGORIES),
            ),
        ),
    ),
    checks=(Compare("next_visit_on", ">", "visit_date", "下次走访日期应晚于本次走访日期"),),
)
