"""公示 record: where and when the notice was posted, objections received and how they were handled (DOMAIN §8.8).

The notice itself is printed by ``reports/``; this record keeps the facts of the posting.
"""

from __future__ import annotations

from app.domain.roles import Permission
from forms.definitions.common import MAX_NAME, MAX_NOTE, YES_NO
from forms.model import Compare, Field, FieldType, FormDefinition, Section, choices, labelled

PUBLICITY = FormDefinition(
    code="PUBLICITY",
    version=1,
    title="公示记录",
    source="DOMAIN §8.8; 赣民规字〔2022〕6号 [JX]",
    permissions=(Permission.ACCEPT_APPLICATION, Permission.DECIDE, Permission.INVESTIGATE),
    sections=(
        Section(
            "posting",
            "张贴",
            (
                Field(
                    "notice_kind",
                    "公示类别",
                    FieldType.CHOICE,
                    required=True,
                    choices=choices(
                        ("PRELIM", "初审意见公示"), ("APPROVAL", "确认结果公示"), ("LEAVER", "退出公示")
                    ),
                ),
                Field(
                    "places",
                    "公示地点",
                    FieldType.MULTI_CHOICE,
                    required=True,
                    min_items=1,
                    choices=labelled(
                        "村（居）公开栏", "乡镇（街道）政务公开栏", "网络平台", "实际居住地公开栏"
                    ),
                    help="人户分离的，户籍地和实际居住地同时公示",
                ),
                Field("posted_on", "张贴日期", FieldType.DATE, required=True, not_in_future=True),
                Field("ends_on", "公示截止日期", FieldType.DATE, required=True),
                Field("hotline", "监督举报电话", FieldType.PHONE, required=True),
                Field("posted_by", "张贴人", FieldType.TEXT, required=True, max_length=MAX_NAME),
                Field(
                    "notice_photos",
                    "公示照片",
                    FieldType.PHOTO,
                    max_items=10,
                    photo_categories=choices(("NOTICE", "公示照片"), ("OTHER", "其他")),
                ),
            ),
        ),
        Section(
            "objections",
            "异议",
            (
                Field(
                    "objections",
                    "收到的异议",
                    FieldType.REPEAT,
                    max_items=50,
                    fields=(
                        Field("received_on", "收到日期", FieldType.DATE, required=True),
                        Field("raised_by", "提出人", FieldType.TEXT, max_length=MAX_NAME),
                        Field("content", "异议内容", FieldType.TEXT, required=True, max_length=MAX_NOTE),
                        Field(
                            "major",
                            "是否重大异议（有证据或合理理由）",
                            FieldType.CHOICE,
                            choices=YES_NO,
                            required=True,
                        ),
                        Field("handling", "处理情况", FieldType.TEXT, max_length=MAX_NOTE),
                    ),
                ),
                Field(
                    "result",
                    "公示结果",
                    FieldType.CHOICE,
                    required=True,
                    choices=choices(
                        ("NO_OBJECTION", "无异议"),
                        ("RESOLVED", "有异议，已核实处理"),
                        ("MAJOR_OBJECTION", "有重大异议，转民主评议"),
                    ),
                ),
            ),
        ),
    ),
    checks=(Compare("ends_on", ">", "posted_on", "公示截止日期应晚于张贴日期"),),
)
