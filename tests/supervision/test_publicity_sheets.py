"""Printed 公示 sheets from the publicity read model: one sheet per board, the initial notice with its proposed amount,
leavers with their exit date, a 人户分离 household with an unrecorded registration place still posted twice, and
another township's boards refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.domain.errors import PermissionDenied
from app.domain.roles import Role
from app.services.documents import PublicityDoc, PublicityKind
from app.services.printing import PrintSettings
from app.services.supervision import publicity
from app.services.supervision.publicity import UNRECORDED_PLACE, UNRECORDED_PLACE_NAME, NoticeKind
from app.workflow.states import Action
from tests.services.workflow_support import World
from tests.supervision.support import (
    TOWN_A,
    TOWN_B,
    VILLAGE_A,
    VILLAGE_A2,
    act,
    approved_case,
    new_case,
    staff,
    to_decision_pending,
)

SETTINGS = PrintSettings(township_phone="0798-0000000", county_hotline="0798-1111111")


def _doc(world: World, kind: NoticeKind, on: date, places: tuple[str, ...] = ()) -> PublicityDoc:
    with world.work() as s:
        doc, _ids = publicity.build_notice_doc(
            s,
            world.clerk,
            township_code=TOWN_A,
            kind=kind,
            on=on,
            settings=SETTINGS,
            rules=world.rules,
            place_codes=places,
        )
    return doc


def test_initial_rows_carry_the_proposed_amount_and_the_sheet_its_period(world: World) -> None:
    start = date(2026, 9, 1)
    with world.work() as s:
        to_decision_pending(world, s, new_case(world, s, village=VILLAGE_A), start)
    with world.work() as s:
        (row,) = publicity.publicity_due(
            s, world.clerk, place_code=TOWN_A, on=start, rules=world.rules
        ).by_kind(NoticeKind.INITIAL)
    assert row.monthly_amount is not None and row.monthly_amount > 0 and row.covered_persons >= 1
    doc = _doc(world, NoticeKind.INITIAL, start)
    assert doc.kind is PublicityKind.INITIAL and doc.posted_on == start and doc.period_end == row.ends_on
    assert [r.head_name for r in doc.rows] == [row.head_name] and doc.missing() == []


def test_leaver_sheet_and_result_sheet_per_board(world: World) -> None:
    with world.work() as s:
        stays, approved_on = approved_case(world, s, date(2026, 7, 1), village=VILLAGE_A)
        leaves, _ = approved_case(world, s, date(2026, 7, 1), village=VILLAGE_A2)
        act(world, s, leaves, Action.ACTIVATE, approved_on)
        act(world, s, leaves, Action.TERMINATE, date(2026, 9, 2))
    on = date(2026, 9, 18)
    leaver = _doc(world, NoticeKind.LEAVER, on)
    assert leaver.kind is PublicityKind.LEAVER
    (row,) = leaver.rows
    assert row.left_on == date(2026, 9, 2) and row.village == "青石村（样例）" and leaver.missing() == []
    result = _doc(world, NoticeKind.APPROVED, on)
    assert [p for p, _ in result.sheets()] == ["窑前社区（样例）"] and len(result.rows) == 1
    # One board only: the other village's households are not on it.
    assert _doc(world, NoticeKind.APPROVED, on, (VILLAGE_A2,)).rows == ()
    del stays


def test_renhu_fenli_without_a_recorded_registration_place_still_gets_two_sheets(world: World) -> None:
    with world.work() as s:
        case_id = new_case(world, s, village=VILLAGE_A, renhu_fenli=True)
        decided = to_decision_pending(world, s, case_id, date(2026, 7, 1))
        act(world, s, case_id, Action.APPROVE, decided)
    with world.work() as s:
        due = publicity.publicity_due(s, world.clerk, place_code=VILLAGE_A, on=decided, rules=world.rules)
    places = {(r.place_code, r.place_role) for r in due.by_kind(NoticeKind.APPROVED)}
    assert places == {(VILLAGE_A, "实际居住地"), (UNRECORDED_PLACE, "户籍所在地")}
    doc = _doc(world, NoticeKind.APPROVED, decided)
    assert [p for p, _ in doc.sheets()] == sorted([UNRECORDED_PLACE_NAME, "窑前社区（样例）"])
    assert {r.village for r in doc.rows} == {"窑前社区（样例）"}


def test_another_townships_boards_are_refused(world: World) -> None:
    with world.work() as s:
        town_b_clerk = staff(world, s, "clerk_b", Role.WINDOW_CLERK, TOWN_B)
        assert publicity.publicity_townships(s, town_b_clerk) == ((TOWN_B, "示例街道（样例数据）"),)
        with pytest.raises(PermissionDenied):
            publicity.build_notice_doc(
                s,
                town_b_clerk,
                township_code=TOWN_A,
                kind=NoticeKind.APPROVED,
                on=date(2026, 9, 18),
                settings=SETTINGS,
                rules=world.rules,
            )
        with pytest.raises(PermissionDenied):  # printing needs the print permission
            publicity.build_notice_doc(
                s,
                replace(world.clerk, role=Role.COUNTY_REVIEWER),
                township_code=TOWN_A,
                kind=NoticeKind.APPROVED,
                on=date(2026, 9, 18),
                settings=SETTINGS,
                rules=world.rules,
            )
