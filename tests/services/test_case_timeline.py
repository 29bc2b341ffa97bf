"""The case page's 办理记录 (``case_views.case_detail(...).timeline``) tells who was put on the case as 主调查人 or
协同调查人 and by whom, who was taken off and why, and each home visit planned, moved, cancelled or done, with its
day, in Chinese, in the order it happened; another case's staffing stays off it. Fictional staff only."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.db.store import OpenStore
from app.domain.actor import Actor
from app.domain.clock import FixedClock
from app.domain.roles import Role
from app.services import accounts, case_views
from app.services import assignments as svc
from app.workflow.states import Action
from tests.conftest import CHEAP_KDF
from tests.services.workflow_support import RULES, TOWNSHIP, World, make_world

TODAY = date(2026, 9, 18)  # the conftest clock


@pytest.fixture
def world(store: OpenStore, clock: FixedClock) -> World:
    w = make_world(store, clock)
    with w.work() as session:
        for login, name, role in (
            ("li", "李调查", Role.INVESTIGATOR),
            ("wang", "王调查", Role.INVESTIGATOR),
            ("zhao", "赵调查", Role.INVESTIGATOR),
            ("zhang", "张协调", Role.COORDINATOR),
        ):
            accounts.add_user(
                store,
                session,
                login=login,
                display_name=name,
                role=role,
                password="pass-word-123",
                clock=clock,
                township_code=TOWNSHIP,
                kdf=CHEAP_KDF,
            )
    return w


def _coordinator(world: World) -> Actor:
    with world.store.reading() as session:
        account = next(u for u in accounts.list_users(session, world.store.actor) if u.login == "zhang")
    return replace(world.store.actor, role=Role.COORDINATOR, user_id=account.id, login="zhang")


def _accepted_case(world: World) -> str:
    with world.work() as session:
        case_id = world.new_case(session)
        world.act(session, case_id, Action.SUBMIT_WINDOW)
    return case_id


def _timeline(world: World, case_id: str) -> list[tuple[str, str, str]]:
    """(actor login, action code, line) of each event, as the 办理记录 tab lists them."""
    with world.store.reading() as session:
        detail = case_views.case_detail(
            session,
            world.store.actor,
            case_id,
            calendar=world.calendar(session),
            rules=RULES,
            today=TODAY,
        )
    return [(e.actor_login, e.action, e.text) for e in detail.timeline]


def _staffing(lines: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    return [(who, text) for who, action, text in lines if action.startswith(("visit.", "case.investigator"))]


def test_assignments_and_visits_appear_on_the_case_timeline_in_chinese(world: World) -> None:
    zhang, clock = _coordinator(world), world.clock
    case_id = _accepted_case(world)
    other_case = _accepted_case(world)
    with world.work() as session:
        svc.assign_investigator(session, zhang, case_id, user="li", clock=clock)
        svc.assign_investigator(session, zhang, case_id, user="wang", clock=clock)
        svc.assign_investigator(session, zhang, case_id, user="zhao", clock=clock)
        svc.assign_investigator(session, zhang, other_case, user="zhao", clock=clock)
        first = svc.schedule_visit(session, zhang, case_id, planned_on=date(2026, 9, 21), clock=clock)
        svc.reschedule_visit(session, zhang, first.id, planned_on=date(2026, 9, 23), clock=clock)
        svc.end_assignment(session, zhang, case_id, user="zhao", reason="调往他村", clock=clock)
        svc.cancel_visit(session, zhang, first.id, reason="户主外出务工", clock=clock)
        second = svc.schedule_visit(session, zhang, case_id, planned_on=TODAY, clock=clock)
        svc.complete_visit(session, zhang, second.id, clock=clock)

    lines = _timeline(world, case_id)
    assert _staffing(lines) == [
        ("zhang", "分派调查人员：李调查 为主调查人（分派人：张协调）"),
        ("zhang", "分派调查人员：王调查 为协同调查人（分派人：张协调）"),
        ("zhang", "分派调查人员：赵调查 为协同调查人（分派人：张协调）"),
        ("zhang", "安排入户调查：2026-09-21"),
        ("zhang", "入户调查改期：2026-09-21 → 2026-09-23"),
        ("zhang", "结束调查人员分派：赵调查（协同调查人），原因：调往他村"),
        ("zhang", "2026-09-23 的入户调查去掉已结束分派的调查人员"),
        ("zhang", "取消入户调查（原定 2026-09-23）：户主外出务工"),
        ("zhang", "安排入户调查：2026-09-18"),
        ("zhang", "完成入户调查（入户日期 2026-09-18）"),
    ]
    assert lines[0][2].startswith("登记申请")  # the case's own events are still there, in order
    assert all(text != action for _, action, text in lines)  # every line in Chinese, no raw action code

    other = _timeline(world, other_case)
    # The first on that case leads it; nothing of the first case's staffing shows there.
    assert _staffing(other) == [("zhang", "分派调查人员：赵调查 为主调查人（分派人：张协调）")]
