"""Validation lives with the definition: required and required-if, ranges, ID checksums, cross-field checks."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from forms.definitions import APPLICATION, DEMOCRATIC_REVIEW, EVIDENCE_LETTER, HOME_INVESTIGATION
from forms.model import Field, FieldType
from forms.validation import ProblemCode, progress, validate
from forms.values import normalize

TODAY = date(2026, 9, 18)
GOOD_ID = "360203198001010015"  # synthetic vector from DOMAIN §12
BAD_ID = "360203198001010016"


def _codes(form: Any, data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    return [(p.path, p.code.value) for p in validate(form, data, today=TODAY)]


def _letter(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "letter_no": "浮民函〔2026〕12号",
        "recipient_unit": "浮梁县人力资源和社会保障局",
        "subject_name": "王伟",
        "subject_id_type": "resident",
        "subject_id_number": GOOD_ID,
        "query_items": ["社会保险"],
        "sent_on": "2026-09-10",
    }
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    ("over", "expected"),
    [
        ({}, []),
        ({"letter_no": ""}, [(("letter_no",), "required")]),
        ({"subject_id_number": BAD_ID}, [(("subject_id_number",), "bad_id_number")]),
        (
            {"subject_id_type": "pending", "subject_id_number": None},
            [(("subject_id_pending_reason",), "required")],
        ),
        (
            {"subject_id_type": "pending", "subject_id_number": None, "subject_id_pending_reason": "新生儿"},
            [],
        ),
        ({"sent_on": "2026-13-01"}, [(("sent_on",), "bad_date")]),
        ({"sent_on": "2026-09-19"}, [(("sent_on",), "date_in_future")]),
        ({"reply_on": "2026-09-12"}, [(("reply_conclusion",), "required")]),
        ({"reply_on": "2026-09-09", "reply_conclusion": "无"}, [(("reply_on",), "check_failed")]),
        ({"query_items": []}, [(("query_items",), "required")]),
        ({"query_items": ["房租"]}, [(("query_items",), "bad_choice")]),
        (
            {"figures": [{"kind": "INCOME", "amount": "1500"}]},
            [
                (("figures", 0, "subtype"), "required"),
                (("figures", 0, "unit"), "required"),
                (("figures", 0, "period_from"), "required"),
                (("figures", 0, "period_to"), "required"),
            ],
        ),
        (
            {"figures": [{"kind": "ASSET", "asset_kind": "DEPOSIT", "amount": "-5"}]},
            [(("figures", 0, "amount"), "bad_money")],
        ),
        (
            {
                "figures": [
                    {
                        "kind": "INCOME",
                        "subtype": "WAGE_SALARY",
                        "unit": "PER_MONTH",
                        "period_from": "2026-06-01",
                        "period_to": "2026-01-01",
                        "amount": "1,500元",
                    }
                ]
            },
            [(("figures", 0, "period_to"), "check_failed")],
        ),
        ({"surprise": "x"}, [(("surprise",), "unknown_field")]),
    ],
    ids=[
        "valid",
        "required",
        "id-checksum",
        "pending-needs-reason",
        "pending-with-reason",
        "bad-date",
        "future-date",
        "required-if-reply",
        "reply-before-sent",
        "multi-empty",
        "multi-unknown",
        "required-if-in-row",
        "negative-money",
        "period-order-in-row",
        "unknown-field",
    ],
)
def test_evidence_letter_rules(
    over: dict[str, Any], expected: list[tuple[tuple[str | int, ...], str]]
) -> None:
    assert _codes(EVIDENCE_LETTER, _letter(**over)) == expected


def test_ranges_integers_duplicates_and_cross_checks_on_the_review_minutes() -> None:
    data: dict[str, Any] = {"expected_count": "15", "present_count": "16", "votes_agree": "3.5"}
    codes = dict(_codes(DEMOCRATIC_REVIEW, data))
    assert codes[("present_count",)] == "check_failed"
    assert codes[("votes_agree",)] == "not_integer"
    assert ("members",) in codes  # required repeat group
    assert dict(_codes(DEMOCRATIC_REVIEW, {"expected_count": "600"}))[("expected_count",)] == "above_max"
    assert dict(_codes(DEMOCRATIC_REVIEW, {"expected_count": "十五"}))[("expected_count",)] == "not_a_number"


def test_duplicate_id_numbers_in_the_member_table_are_refused() -> None:
    row = {"name": "王伟", "id_type": "resident", "id_number": GOOD_ID}
    problems = validate(APPLICATION, {"members": [row, dict(row)]}, today=TODAY)
    dup = [p for p in problems if p.code is ProblemCode.DUPLICATE]
    assert [p.path for p in dup] == [("members", 1, "id_number")]
    assert dup[0].where == "家庭成员 第2行 身份证号"


def test_problem_messages_name_the_place_in_chinese() -> None:
    problems = validate(HOME_INVESTIGATION, {"members": [{"name": ""}]}, today=TODAY)
    first_member = next(p for p in problems if p.path == ("members", 0, "name"))
    assert first_member.message == "家庭成员 第1行 姓名：必填"
    assert problems[0].path == ("village",)  # form order: the renderer focuses the first


@pytest.mark.parametrize(
    ("type_", "typed", "stored"),
    [
        (FieldType.MONEY, " 1,500元 ", "1500.00"),
        (FieldType.MONEY, "０.８万", "8000.00"),
        (FieldType.MONEY, "12.345", "12.345"),  # unreadable amounts stay as typed for the user to fix
        (FieldType.NUMBER, "８５.50", "85.5"),
        (FieldType.DATE, "2026/9/8", "2026-09-08"),
        (FieldType.DATE, "2026年9月8日", "2026-09-08"),
        (FieldType.DATE, "20260908", "2026-09-08"),
        (FieldType.ID_NUMBER, "360203 19800101 001x", "36020319800101001X"),
        (FieldType.PHONE, "0798 8223456", "07988223456"),
        (FieldType.TEXT, "  王伟 ", "王伟"),
    ],
)
def test_typed_values_are_stored_in_one_canonical_form(type_: str, typed: str, stored: str) -> None:
    assert normalize(Field("x", "某项", type_), typed) == stored


def test_progress_counts_required_items_including_active_conditions() -> None:
    empty = progress(EVIDENCE_LETTER, {})
    assert (empty.filled, empty.required) == (0, 7)
    replied = progress(EVIDENCE_LETTER, _letter(reply_on="2026-09-12"))
    assert (replied.filled, replied.required) == (7, 8)  # reply conclusion now required, not filled
    assert not replied.done
