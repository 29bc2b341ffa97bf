"""``dibao demo``: a sample township filled with synthetic households (made-up people, fake but valid IDs)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Division
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.roles import Permission, Role
from app.domain.synthetic import synthetic_households
from app.services import cases, reference
from app.services.households import HouseholdInput, MemberInput, register_household


@dataclass(frozen=True, slots=True)
class DemoSummary:
    township_code: str
    households: int
    cases: int


def fill_demo(
    session: Session, actor: Actor, *, clock: Clock, households: int = 30, seed: int = 2026
) -> DemoSummary:
    actor.require(Permission.MANAGE_REFERENCE)
    if session.get(Division, "360222900") is None:
        reference.import_divisions(session, actor, reference.bundled_divisions_text(), clock=clock)
    township = "360222900"
    villages = list(
        session.scalars(select(Division.code).where(Division.parent_code == township).order_by(Division.code))
    )
    # Demo records are entered as a window clerk would enter them, under the admin's own identity.
    clerk = replace(actor, role=Role.WINDOW_CLERK)
    made = 0
    for n, h in enumerate(synthetic_households(seed, households, today=clock.today())):
        members = tuple(
            MemberInput(
                name=p.name,
                id_number=p.id_number,
                relation=p.relation,
                id_type=p.id_type,
                phone=p.phone,
                pending_reason=p.pending_reason,
            )
            for p in h.members
        )
        row = register_household(
            session,
            clerk,
            HouseholdInput(
                area_code=villages[n % len(villages)],
                members=members,
                hukou_address=h.address,
                residence_address=h.address,
            ),
            clock=clock,
        )
        cases.open_case(
            session, clerk, household_id=row.id, township_code=township, channel="WINDOW", clock=clock
        )
        made += 1
    return DemoSummary(township, made, made)
