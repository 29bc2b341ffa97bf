"""Cases: open an application for a household. The statutory transitions live in app.workflow.states."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.db.changelog import record_change
from app.db.models import Case, Division, Household
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.errors import NotFound, ValidationError
from app.domain.roles import Permission

CHANNELS = ("WINDOW", "ONLINE", "PROXY")


@dataclass(frozen=True, slots=True)
class CaseRef:
    id: str
    state: str


def open_case(
    session: Session,
    actor: Actor,
    *,
    household_id: str,
    township_code: str,
    channel: str,
    clock: Clock,
    programme: str = "DIBAO",
    near_relative: bool = False,
) -> CaseRef:
    actor.require(Permission.ACCEPT_APPLICATION)
    if channel not in CHANNELS:
        raise ValidationError(f"申请方式应为 {'/'.join(CHANNELS)} 之一。")
    if session.get(Household, uuid.UUID(household_id)) is None:
        raise NotFound(what=f"家庭 {household_id}")
    township = session.get(Division, township_code)
    if township is None or township.level != "township":
        raise ValidationError(f"乡镇/街道代码 {township_code} 不存在。")
    case = Case(
        id=uuid.uuid4(),
        household_id=uuid.UUID(household_id),
        programme=programme,
        channel=channel,
        state="DRAFT",
        township_code=township_code,
        submitted_at=clock.now(),
        near_relative_flag=near_relative,
    )
    session.add(case)
    record_change(
        session,
        actor,
        at=clock.now(),
        entity_type="case",
        entity_id=str(case.id),
        op="create",
        fields={
            "household_id": household_id,
            "programme": programme,
            "channel": channel,
            "state": "DRAFT",
            "township_code": township_code,
            "near_relative_flag": near_relative,
        },
        audit_action="case.opened",
        audit_details={"channel": channel, "programme": programme},
    )
    session.flush()
    return CaseRef(str(case.id), case.state)
