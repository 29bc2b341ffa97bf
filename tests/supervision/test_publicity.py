"""公示 durations: approved households from approval until they leave, leavers for at least the rule's months, 人户分离
households at both places, the 7-day initial notice; what must be on a board on a given day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.services.supervision import publicity
from app.services.supervision.publicity import (
    NoticeKind,
    Period,
    approved_period,
    leaver_period,
    notice_periods,
)
from app.workflow.rules import default_rule_book
from app.workflow.states import Action
from tests.services.workflow_support import World
from tests.supervision.support import (
    TOWN_A,
    VILLAGE_A,
    VILLAGE_A2,
    VILLAGE_B,
    act,
    approved_case,
    new_case,
    to_decision_pending,
)

BOOK = default_rule_book()
MONTHS = int(BOOK.get("publicity.leaver_min_months", date(2026, 1, 1)).value)


@pytest.mark.parametrize(
    ("period", "on", "posted"),
    [
        (approved_period(date(2026, 8, 11), None), date(2026, 8, 10), False),
        (approved_period(date(2026, 8, 11), None), date(2026, 8, 11), True),
        (approved_period(date(2026, 8, 11), None), date(2031, 1, 1), True),
        (approved_period(date(2026, 8, 11), date(2026, 10, 15)), date(2026, 10, 14), True),
        (approved_period(date(2026, 8, 11), date(2026, 10, 15)), date(2026, 10, 15), False),
        (leaver_period(date(2026, 10, 15), MONTHS), date(2026, 10, 15), True),
        (leaver_period(date(2026, 10, 15), MONTHS), date(2027, 4, 15), True),
        (leaver_period(date(2026, 10, 15), MONTHS), date(2027, 4, 16), False),
        (leaver_period(date(2026, 8, 31), MONTHS), date(2027, 2, 28), True),
        (leaver_period(date(2026, 8, 31), MONTHS), date(2027, 3, 1), False),
        (Period(date(2026, 9, 1), date(2026, 9, 8)), date(2026, 9, 8), True),
    ],
)
def test_duration_rules(period: Period, on: date, posted: bool) -> None:
    assert period.covers(on) is posted


def test_leaver_months_come_from_the_rule_table() -> None:
    assert MONTHS == 6  # 景民字〔2024〕40号 三(四)2: 自确认之日起不少于半年
    periods = dict(notice_periods(date(2026, 1, 5), date(2026, 3, 2), BOOK))
    assert periods[NoticeKind.APPROVED] == Period(date(2026, 1, 5), date(2026, 3, 1))
    assert periods[NoticeKind.LEAVER] == Period(date(2026, 3, 2), date(2026, 9, 2))
    assert dict(notice_periods(date(2026, 1, 5), None, BOOK))[NoticeKind.APPROVED].ends_on is None
    # Approved and stopped the same day: only the leaver notice.
    assert [k for k, _ in notice_periods(date(2026, 3, 2), date(2026, 3, 2), BOOK)] == [NoticeKind.LEAVER]


def _due(world: World, place: str, on: date) -> publicity.PublicityDue:
    with world.work() as s:
        return publicity.publicity_due(s, world.clerk, place_code=place, on=on, rules=world.rules)


def test_the_board_of_a_village_over_time(world: World) -> None:
    with world.work() as s:
        stays, approved_on = approved_case(world, s, date(2026, 7, 1), village=VILLAGE_A)
        leaves, _ = approved_case(world, s, date(2026, 7, 1), village=VILLAGE_A)
        act(world, s, leaves, Action.ACTIVATE, approved_on)
        left_on = date(2026, 9, 2)
        act(world, s, leaves, Action.TERMINATE, left_on)
        elsewhere, _ = approved_case(world, s, date(2026, 7, 1), village=VILLAGE_B)

    before = _due(world, VILLAGE_A, approved_on - timedelta(days=1))
    assert before.by_kind(NoticeKind.APPROVED) == ()
    during = _due(world, VILLAGE_A, approved_on)
    assert {r.case_id for r in during.by_kind(NoticeKind.APPROVED)} == {stays, leaves}
    row = next(r for r in during.by_kind(NoticeKind.APPROVED) if r.case_id == stays)
    assert row.monthly_amount is not None and row.monthly_amount > 0 and row.ends_on is None
    assert row.place_name == "窑前社区（样例）" and row.category == "城市低保" and row.household_size >= 1
    after_leaving = _due(world, VILLAGE_A, left_on)
    assert [r.case_id for r in after_leaving.by_kind(NoticeKind.APPROVED)] == [stays]
    (leaver,) = after_leaving.by_kind(NoticeKind.LEAVER)
    assert leaver.case_id == leaves and leaver.starts_on == left_on and leaver.ends_on == date(2027, 3, 2)
    assert [r.case_id for r in _due(world, VILLAGE_A, date(2027, 3, 2)).by_kind(NoticeKind.LEAVER)] == [
        leaves
    ]
    assert _due(world, VILLAGE_A, date(2027, 3, 3)).by_kind(NoticeKind.LEAVER) == ()
    # A township code covers its villages; the other township's household is not on these boards.
    town = _due(world, TOWN_A, date(2026, 9, 18))
    assert elsewhere not in {r.case_id for r in town.rows}
    assert {r.case_id for r in _due(world, VILLAGE_B, date(2026, 9, 18)).rows} == {elsewhere}


def test_renhu_fenli_household_is_posted_at_both_places(world: World) -> None:
    with world.work() as s:
        case_id = new_case(world, s, village=VILLAGE_A, renhu_fenli=True, hukou_division=VILLAGE_A2)
        decided = to_decision_pending(world, s, case_id, date(2026, 7, 1))
        act(world, s, case_id, Action.APPROVE, decided)
    town = _due(world, TOWN_A, decided)
    places = {(r.place_code, r.place_role) for r in town.by_kind(NoticeKind.APPROVED) if r.case_id == case_id}
    assert places == {(VILLAGE_A2, "户籍所在地"), (VILLAGE_A, "实际居住地")}
    assert [r.case_id for r in _due(world, VILLAGE_A2, decided).rows] == [case_id]


def test_initial_notice_runs_for_the_publicity_period(world: World) -> None:
    start = date(2026, 9, 1)
    with world.work() as s:
        case_id = new_case(world, s)
        to_decision_pending(world, s, case_id, start)
    # Posted on the start day; the period's last day is publicity.length calendar days later (rolled past rest days).
    rows = _due(world, VILLAGE_A, start).by_kind(NoticeKind.INITIAL)
    assert [r.case_id for r in rows] == [case_id]
    ends = rows[0].ends_on
    assert ends is not None and ends >= start + timedelta(days=7)
    assert _due(world, VILLAGE_A, ends).by_kind(NoticeKind.INITIAL) != ()
    assert _due(world, VILLAGE_A, ends + timedelta(days=1)).by_kind(NoticeKind.INITIAL) == ()
    assert _due(world, VILLAGE_A, start - timedelta(days=1)).rows == ()
    # Nothing a notice may not show: rows carry no ID number field at all.
    assert not any("id" in f and "number" in f for f in publicity.PublicityDueRow.__dataclass_fields__)
