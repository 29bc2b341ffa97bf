"""The county's 信息核对 worklist names the township and the household head (ID number masked), as the desktop shows."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select

from app.db.models import Case, Division, Person
from app.services.supervision import data_checks
from app.workflow.states import Action
from tests.services.workflow_support import World
from tests.supervision.support import act, new_case


def test_worklist_rows_name_the_township_and_the_head_with_a_masked_id(world: World) -> None:
    on = date(2026, 9, 18)
    with world.work() as s:
        case_id = new_case(world, s)
        act(world, s, case_id, Action.SUBMIT_WINDOW, on)
        data_checks.request_data_check(
            s,
            world.clerk,
            case_id,
            clock=world.clock,
            calendar=world.calendar(s),
            rules=world.rules,
            on_date=on,
        )
    with world.work() as s:
        (row,) = data_checks.list_data_check_requests(
            s, world.county, calendar=world.calendar(s), rules=world.rules, today=on
        )
        case = s.get(Case, uuid.UUID(row.case_id))
        assert case is not None
        head = s.scalars(
            select(Person).where(Person.household_id == case.household_id, Person.is_head.is_(True))
        ).one()
        town = s.scalars(select(Division.name).where(Division.code == case.township_code)).one()
    assert row.head_name == head.name
    assert row.head_id_masked != head.id_number and row.head_id_masked.endswith(head.id_number[-4:])
    assert head.id_number[:6] not in row.head_id_masked
    assert row.township_name == town
