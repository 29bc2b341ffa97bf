"""邻里访问记录: one record per interviewed neighbour, usually two or three per case (DOMAIN §8.3)."""

from __future__ import annotations

from forms.definitions.common import MAX_ADDRESS, MAX_NAME, MAX_NOTE
from forms.model import Field, FieldType, FormDefinition, Need, Section, SignOffSpec, labelled

NEIGHBOUR_INTERVIEW = FormDefinition(
    code="NEIGHBOUR_INTERVIEW",
    version=1,
    title="邻里访问记录",
    source="DOMAIN §8.3; 社会救助法第43条 [LAW]",
    per_case_min=2,
    per_case_max=3,
    sign_off=SignOffSpec(investigators=2, applicant=Need.OPTIONAL, applicant_label="被访问人"),
    sections=(
        Section(
            "visit",
            "访问情况",
            (
                Field("visit_date", "访问日期", FieldType.DATE, required=True, not_in_future=True),
                Field("place", "访问地点", FieldType.TEXT, required=True, max_length=MAX_ADDRESS),
                Field("interviewee_name", "被访问人姓名", FieldType.TEXT, required=True, max_length=MAX_NAME),
                Field(
                    "interviewee_relation",
                    "与申请家庭关系",
                    FieldType.CHOICE,
                    choices=labelled("邻居", "村组干部", "同事", "其他"),
                    required=True,
                ),
                Field("interviewee_location", "被访问人居住位置", FieldType.TEXT, max_length=MAX_ADDRESS),
                Field("interviewee_phone", "联系电话", FieldType.PHONE, help="选填"),
            ),
        ),
        Section(
            "content",
            "访问内容",
            (
                Field(
                    "topics",
                    "了解事项",
                    FieldType.MULTI_CHOICE,
                    required=True,
                    min_items=1,
                    choices=labelled(
                        "家庭成员", "就业和收入", "住房和财产", "车辆", "实际生活水平", "赡养人帮助情况"
                    ),
                ),
                Field(
                    "statement",
                    "被访问人陈述",
                    FieldType.TEXT,
                    multiline=True,
                    required=True,
                    max_length=MAX_NOTE,
                ),
                Field(
                    "opinion",
                    "访问人意见",
                    FieldType.TEXT,
                    multiline=True,
                    required=True,
                    max_length=MAX_NOTE,
                ),
            ),
        ),
    ),
)
