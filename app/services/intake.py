"""Window intake in one transaction: register the household, open the case, and either accept it on the spot or
give the one-time notice of every missing material (一次性告知). A clerk's single click, a single unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import Session

from app.domain.actor import Actor
from app.domain.clock import Clock
from app.services import cases
from app.services.households import HouseholdInput, register_household
from app.services.workflow import apply_action
from app.workflow.calendar import WorkCalendar
from app.workflow.rules import RuleReader
from app.workflow.states import Action, TransitionInput


class IntakeOutcome(StrEnum):
    ACCEPTED = "ACCEPTED"  # window application, materials complete
    ONLINE_REGISTERED = (
        "ONLINE_REGISTERED"  # online application recorded; accept within the rule's working days
    )
    MATERIALS_REQUESTED = "MATERIALS_REQUESTED"  # one-time notice of the missing items


@dataclass(frozen=True, slots=True)
class IntakeInput:
    household: HouseholdInput
    township_code: str
    online: bool = False
    missing_items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IntakeResult:
    case_id: str
    household_id: str
    outcome: IntakeOutcome


def take_application(
    session: Session,
    actor: Actor,
    data: IntakeInput,
    *,
    clock: Clock,
    calendar: WorkCalendar,
    rules: RuleReader,
) -> IntakeResult:
    household = register_household(session, actor, data.household, clock=clock)
    case = cases.open_case(
        session,
        actor,
        household_id=household.id,
        township_code=data.township_code,
        channel="ONLINE" if data.online else "WINDOW",
        clock=clock,
    )
    missing = tuple(item for item in (i.strip() for i in data.missing_items) if item)
    if missing:
        action, outcome = Action.REQUEST_MATERIALS, IntakeOutcome.MATERIALS_REQUESTED
    elif data.online:
        action, outcome = Action.SUBMIT_ONLINE, IntakeOutcome.ONLINE_REGISTERED
    else:
        action, outcome = Action.SUBMIT_WINDOW, IntakeOutcome.ACCEPTED
    apply_action(
        session,
        actor,
        case.id,
        action,
        clock=clock,
        calendar=calendar,
        rules=rules,
        inputs=TransitionInput(missing_items=missing),
    )
    return IntakeResult(case.id, household.id, outcome)
