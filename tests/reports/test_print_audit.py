"""record_print: who printed or exported what, when; never the content; only roles that may print."""

from __future__ import annotations

import dataclasses
import json

import pytest
from sqlalchemy import select

from app.db.audit import verify_chain
from app.db.models import AuditEvent
from app.db.store import OpenStore
from app.domain.clock import FixedClock
from app.domain.errors import PermissionDenied
from app.domain.roles import Role
from app.services.documents import DocumentKind
from app.services.printing import ACTION_EXPORTED, ACTION_PRINTED, ACTION_REPRINTED, record_print


def test_prints_reprints_and_exports_are_audited_without_content(store: OpenStore, clock: FixedClock) -> None:
    clerk = dataclasses.replace(store.actor, role=Role.WINDOW_CLERK)
    with store.unit_of_work() as session:
        record_print(session, clerk, DocumentKind.CERTIFICATE, "case-1", clock=clock, reprint=False)
        record_print(session, clerk, "certificate", "case-1", clock=clock, reprint=True)
        record_print(
            session,
            clerk,
            DocumentKind.ROSTER,
            "",
            clock=clock,
            reprint=False,
            output="pdf",
            scope="360222900 2026-09",
        )
    with store.reading() as session:
        events = list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.action.like("document.%")).order_by(AuditEvent.seq)
            )
        )
        assert verify_chain(session).ok
    assert [e.action for e in events] == [ACTION_PRINTED, ACTION_REPRINTED, ACTION_EXPORTED]
    first = events[0]
    assert (first.entity_type, first.entity_id, first.actor_login) == ("case", "case-1", clerk.login)
    assert first.at == clock.now()
    assert json.loads(first.details_json) == {"kind": "certificate", "output": "print", "reprint": False}
    assert json.loads(events[2].details_json)["scope"] == "360222900 2026-09"


@pytest.mark.parametrize(
    ("role", "kind", "allowed"),
    [
        (Role.INVESTIGATOR, DocumentKind.INVESTIGATION, True),
        (Role.INVESTIGATOR, DocumentKind.NEIGHBOUR, True),
        (Role.INVESTIGATOR, DocumentKind.CERTIFICATE, False),
        (Role.INVESTIGATOR, DocumentKind.PUBLICITY, False),
        (Role.WINDOW_CLERK, DocumentKind.DENIAL, True),
        (Role.COORDINATOR, DocumentKind.ROSTER, True),
        (Role.ADMIN, DocumentKind.CERTIFICATE, False),
        (Role.ADMIN, DocumentKind.ASSESSMENT, False),
    ],
)
def test_only_roles_that_print_may_print(
    store: OpenStore, clock: FixedClock, role: Role, kind: DocumentKind, allowed: bool
) -> None:
    actor = dataclasses.replace(store.actor, role=role)
    with store.unit_of_work() as session:
        if allowed:
            record_print(session, actor, kind, "c", clock=clock, reprint=False)
        else:
            with pytest.raises(PermissionDenied):
                record_print(session, actor, kind, "c", clock=clock, reprint=False)
