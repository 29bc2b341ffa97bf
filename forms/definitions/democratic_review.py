"""民主评议记录: minutes of the review held after a major objection during publicity (DOMAIN §8.7, §6.5)."""

from __future__ import annotations

from decimal import Decimal

from app.domain.roles import Permission
from forms.definitions.common import MAX_ADDRESS, MAX_NAME, MAX_NOTE, NO, YES, YES_NO
from forms.model import Compare, Field, FieldType, FormDefinition, Section, When, choices, labelled


def _count(key: str, label: str) -> Field:
    return Field(
        key,
        label,
        FieldType.NUMBER,
        required=True,
        integer=True,
        min_value=Decimal(0),
        max_value=Decimal(500),
        unit="人",
    )


DEMOCRATIC_REVIEW = FormDefinition(
    code="DEMOCRATIC_REVIEW",
    version=1,
    title="民主评议记录",
    source="DOMAIN §8.7 [2nd]; 赣民规字〔2022〕6号 [JX]",
    permissions=(Permission.ACCEPT_APPLICATION, Permission.DECIDE, Permission.INVESTIGATE),
    sections=(
        Section(
            "meeting",
            "会议",
            (
                Field("held_on", "会议日期", FieldType.DATE, required=True, not_in_future=True),
                Field("held_time", "会议时间", FieldType.TEXT, max_length=16),
                Field("place", "地点", FieldType.TEXT, required=True, max_length=MAX_ADDRESS),
                Field("chair", "主持人", FieldType.TEXT, required=True, max_length=MAX_NAME),
                Field("recorder", "记录人", FieldType.TEXT, required=True, max_length=MAX_NAME),
                _count("expected_count", "应到人数"),
                _count("present_count", "实到人数"),
                Field(
                    "members",
                    "评议小组成员",
                    FieldType.REPEAT,
                    required=True,
                    min_items=1,
                    max_items=100,
                    default_rows=1,
                    fields=(
                        Field("name", "姓名", FieldType.TEXT, required=True, max_length=MAX_NAME),
                        Field(
                            "category",
                            "身份类别",
                            FieldType.CHOICE,
                            required=True,
                            choices=labelled(
                                "乡镇干部",
                                "村（居）两委",
                                "村（居）监委",
                                "党员代表",
                                "人大代表",
                                "政协委员",
                                "群众代表",
                            ),
                        ),
                        Field("present", "是否到会", FieldType.CHOICE, choices=YES_NO, required=True),
                        Field("recused", "是否回避", FieldType.CHOICE, choices=YES_NO, required=True),
                        Field(
                            "recusal_reason",
                            "回避理由",
                            FieldType.TEXT,
                            max_length=200,
                            required_if=When("recused", (YES,)),
                        ),
                    ),
                ),
            ),
        ),
        Section(
            "subject",
            "议题",
            (
                Field("applicant_name", "申请人", FieldType.TEXT, required=True, max_length=MAX_NAME),
                Field("objection_by", "异议提出人", FieldType.TEXT, max_length=MAX_NAME),
                Field(
                    "objection",
                    "异议内容",
                    FieldType.TEXT,
                    multiline=True,
                    required=True,
                    max_length=MAX_NOTE,
                ),
                Field(
                    "objection_evidence", "证据或理由", FieldType.TEXT, multiline=True, max_length=MAX_NOTE
                ),
                Field(
                    "investigator_summary",
                    "调查情况介绍",
                    FieldType.TEXT,
                    multiline=True,
                    required=True,
                    max_length=MAX_NOTE,
                ),
                Field("discussion", "询问讨论记录", FieldType.TEXT, multiline=True, max_length=MAX_NOTE),
            ),
        ),
        Section(
            "votes",
            "表决",
            (
                _count("votes_agree", "同意（真实完整）"),
                _count("votes_disagree", "不同意"),
                _count("votes_abstain", "弃权"),
                Field("disagree_reasons", "不同意理由", FieldType.TEXT, multiline=True, max_length=MAX_NOTE),
                Field(
                    "result",
                    "评议结果",
                    FieldType.CHOICE,
                    choices=choices(("PASSED", "通过"), ("FAILED", "未通过")),
                    required=True,
                ),
                Field(
                    "conclusion", "结论", FieldType.TEXT, multiline=True, required=True, max_length=MAX_NOTE
                ),
                Field("secret_ballot", "是否无记名投票", FieldType.CHOICE, choices=YES_NO, required=True),
                Field(
                    "no_secret_ballot_reason",
                    "未无记名投票的原因",
                    FieldType.TEXT,
                    max_length=200,
                    required_if=When("secret_ballot", (NO,)),
                ),
                Field(
                    "meeting_photos",
                    "会议照片",
                    FieldType.PHOTO,
                    max_items=10,
                    photo_categories=choices(("MEETING", "会议照片"), ("OTHER", "其他")),
                ),
                Field(
                    "chair_signature", "主持人签名", FieldType.SIGNATURE, required=True, signer_role="主持人"
                ),
                Field(
                    "recorder_signature",
                    "记录人签名",
                    FieldType.SIGNATURE,
                    required=True,
                    signer_role="记录人",
                ),
            ),
        ),
    ),
    checks=(
        Compare("present_count", "<=", "expected_count", "实到人数不能多于应到人数"),
        Compare("votes_agree", "<=", "present_count", "同意票数不能多于实到人数"),
    ),
)
