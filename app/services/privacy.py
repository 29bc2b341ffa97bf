"""Showing a full ID number is an audited act (SECURITY T18; GB/T 35273 7.2): lists show the last four only.

The audit row records who looked at whose number and when — never the number itself.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from app.db import audit
from app.db.models import Person
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.errors import NotFound
from app.domain.roles import Permission


def reveal_id_number(session: Session, actor: Actor, *, person_id: str, purpose: str, clock: Clock) -> str:
    actor.require(Permission.REVEAL_ID_NUMBER)
    try:
        person = session.get(Person, uuid.UUID(person_id))
    except ValueError:
        person = None
    if person is None:
        raise NotFound(what=f"人员 {person_id}")
    audit.append(
        session,
        actor,
        "person.id_revealed",
        at=clock.now(),
        entity_type="person",
        entity_id=person_id,
        details={"purpose": purpose[:100]},
    )
    return person.id_number
