"""Set-up for the county-supervision tests: synthetic households in the two sample townships, cases driven through the
workflow on chosen dates, township and county accounts."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta
from itertools import count

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Case, OutboxEntry
from app.domain.actor import Actor
from app.domain.idnumber import IdType
from app.domain.roles import Role
from app.domain.synthetic import synthetic_households
from app.services import accounts, cases
from app.services.households import HouseholdInput, MemberInput, register_household
from app.services.supervision import data_checks
from app.services.workflow import apply_action, register_near_relative
from app.workflow.states import Action, TransitionInput
from tests.conftest import CHEAP_KDF
from tests.services.workflow_support import FULL, World

TOWN_A = "360222900"  # 示例镇（样例数据）
VILLAGE_A = "360222900003"  # 窑前社区（样例）, URBAN
VILLAGE_A2 = "360222900001"  # 青石村（样例）, RURAL
TOWN_B = "360203900"  # 示例街道（样例数据）
VILLAGE_B = "360203900001"  # 陶苑社区（样例）

_seeds = count(5000)


def new_case(
    world: World,
    session: Session,
    *,
    village: str = VILLAGE_A,
    township: str | None = None,
    renhu_fenli: bool = False,
    hukou_division: str | None = None,
) -> str:
    """A synthetic household registered in ``village`` and a DRAFT case at its township."""
    h = synthetic_households(next(_seeds), 1, today=world.clock.today())[0]
    members = tuple(
        MemberInput(name=p.name, id_number=p.id_number, relation=p.relation, id_type=p.id_type)
        for p in h.members
        if p.id_type is not IdType.PENDING
    )
    row = register_household(
        session,
        world.clerk,
        HouseholdInput(
            area_code=village,
            members=members,
            is_renhu_fenli=renhu_fenli,
            hukou_division_code=hukou_division,
        ),
        clock=world.clock,
    )
    return cases.open_case(
        session,
        world.clerk,
        household_id=row.id,
        township_code=township or village[:9],
        channel="WINDOW",
        clock=world.clock,
    ).id


def act(world: World, session: Session, case_id: str, action: Action, on: date, actor: Actor | None = None,
        inputs: TransitionInput = FULL) -> None:  # fmt: skip
    apply_action(
        session,
        actor or world.actor_for(action),
        case_id,
        action,
        clock=world.clock,
        calendar=world.calendar(session),
        rules=world.rules,
        inputs=inputs,
        assessment=world.assessment(session, case_id) if action is Action.ASSESS else None,
        on_date=on,
    )


def to_decision_pending(world: World, session: Session, case_id: str, start: date) -> date:
    """Drive a DRAFT case to DECISION_PENDING, every step on ``start`` except the end of publicity; returns the
    first day a decision can be made (the day after publicity)."""
    act(world, session, case_id, Action.SUBMIT_WINDOW, start)
    data_checks.request_data_check(
        session, world.clerk, case_id, clock=world.clock, calendar=world.calendar(session), rules=world.rules,
        on_date=start,
    )  # fmt: skip
    act(world, session, case_id, Action.START_INVESTIGATION, start)
    data_checks.record_data_check_report(
        session, world.county, case_id, report_no=f"HD-{case_id[:8]}", issued_on=start, items=("户籍", "社保"),
        anomalies=(), conclusion=data_checks.Conclusion.PASS, clock=world.clock, calendar=world.calendar(session),
        rules=world.rules, received_on=start,
    )  # fmt: skip
    act(world, session, case_id, Action.COMPLETE_INVESTIGATION, start)
    act(world, session, case_id, Action.ASSESS, start)
    act(world, session, case_id, Action.GIVE_PRELIM_OPINION, start)
    act(world, session, case_id, Action.POST_PUBLICITY, start)
    case = session.get(Case, uuid.UUID(case_id))
    assert case is not None and case.publicity_ends_on is not None
    after = case.publicity_ends_on + timedelta(days=1)
    act(world, session, case_id, Action.END_PUBLICITY, after)
    return after


def approved_case(
    world: World, session: Session, start: date, *, village: str = VILLAGE_A, near_relative: bool = False
) -> tuple[str, date]:
    """A case approved on the first possible day after ``start``; returns (case id, decided_on)."""
    case_id = new_case(world, session, village=village)
    if near_relative:
        register_near_relative(
            session, world.clerk, case_id, staff_user_id=str(uuid.uuid4()), relation="配偶", declared_on=start,
            clock=world.clock, staff_name="某工作人员", staff_post="村委委员",
        )  # fmt: skip
    decided = to_decision_pending(world, session, case_id, start)
    act(world, session, case_id, Action.APPROVE, decided)
    return case_id, decided


def staff(world: World, session: Session, login: str, role: Role, township: str | None) -> Actor:
    """A real account (so its township is on record) acting on this store's device."""
    row = accounts.add_user(
        world.store,
        session,
        login=login,
        display_name=login,
        role=role,
        password="staff-pass-123",
        clock=world.clock,
        township_code=township,
        kdf=CHEAP_KDF,
    )
    return replace(world.store.actor, user_id=row.id, login=login, role=role)


def outbox_count(session: Session, entity_type: str) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(OutboxEntry).where(OutboxEntry.entity_type == entity_type)
        )
        or 0
    )
