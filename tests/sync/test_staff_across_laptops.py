"""Accounts are made per laptop and never synced; records that name staff (assignments, warnings) still mean the
same person on every laptop, because an account's id follows from its login."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import select

from app.db.models import User
from app.domain.actor import Actor
from app.domain.roles import Role
from app.services import accounts, case_views
from app.services.assignments import assign_investigator, my_cases
from app.services.calendar_admin import effective_calendar
from app.workflow.rules import default_rule_book
from tests.sync.support import CHEAP_KDF, CountyServer, Laptop


def _add_investigator(lap: Laptop) -> None:
    with lap.store.unit_of_work() as s:
        accounts.add_user(
            lap.store, s, login="zhao.inv", display_name="赵调查", role=Role.INVESTIGATOR,
            password="investigator-1", clock=lap.clock, kdf=CHEAP_KDF,
        )  # fmt: skip


def test_a_case_assigned_on_the_coordinators_laptop_is_in_my_work_on_the_investigators(
    server: CountyServer, laptops: Callable[..., Laptop]
) -> None:
    office, field = laptops(server), laptops(server)
    for lap in (office, field):
        _add_investigator(lap)  # the administrator makes the same login on each laptop
    _, case_id = office.new_case()
    coordinator = replace(office.store.actor, role=Role.COORDINATOR)
    with office.store.unit_of_work() as s:
        assign_investigator(s, coordinator, case_id, user="zhao.inv", clock=office.clock)
    assert office.sync().verify_ok
    assert field.sync().verify_ok

    with field.store.reading() as s:
        me = s.scalars(select(User).where(User.login == "zhao.inv")).one()
        actor = Actor(str(me.id), me.login, Role.INVESTIGATOR, field.device_id)
        rows = my_cases(
            s, actor, field.clock.today(), calendar=effective_calendar(s), rules=default_rule_book()
        )
    assert [r.case_id for r in rows] == [case_id]
    # The assignment's audit event stayed on the coordinator's laptop; the timeline here shows it from the row.
    with field.store.reading() as s:
        detail = case_views.case_detail(
            s,
            actor,
            case_id,
            calendar=effective_calendar(s),
            rules=default_rule_book(),
            today=field.clock.today(),
        )
    synced = [e.text for e in detail.timeline if e.action == "case.investigator_assigned"]
    assert (
        len(synced) == 1
        and synced[0].startswith("分派调查人员：赵调查 为主调查人")
        and "经同步收到" in synced[0]
    )
    with office.store.reading() as s:  # where it was made, the audit event gives the line (no second one)
        here = case_views.case_detail(
            s, coordinator, case_id, calendar=effective_calendar(s), rules=default_rule_book(),
            today=office.clock.today(),
        )  # fmt: skip
    assert [e.text for e in here.timeline if e.action == "case.investigator_assigned"] == [
        "分派调查人员：赵调查 为主调查人（分派人：管理员）"
    ]
