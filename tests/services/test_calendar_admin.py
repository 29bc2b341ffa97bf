"""Importing an official year: audited, stored, and every provisional open deadline recomputed in the same go."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any, cast

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import audit
from app.db.changelog import verify_outbox_sequence
from app.db.models import AuditEvent, CalendarYear, Case, CaseDeadline, OutboxEntry
from app.db.store import OpenStore
from app.domain.clock import FixedClock
from app.domain.errors import PermissionDenied, ValidationError
from app.services.calendar_admin import effective_calendar, import_calendar_year, show_calendar_year
from app.services.deadline_board import list_open_deadlines
from app.services.workflow import apply_action
from app.workflow.calendar import CalendarImportError, YearStatus
from app.workflow.deadlines import Step
from app.workflow.states import Action
from tests.services.workflow_support import FULL, RULES, World, make_world
from tests.workflow.test_calendar import FICTIONAL_2027

A = Action
JAN_29 = date(2027, 1, 29)
FILE = json.dumps(FICTIONAL_2027, ensure_ascii=False)


@pytest.fixture
def world(store: OpenStore) -> World:
    return make_world(store, FixedClock(datetime(2027, 1, 29, 2, 0, tzinfo=UTC)))


def _act(world: World, session: Session, case_id: str, action: Action, on: date) -> None:
    assessment = None
    if action is A.ASSESS:
        assessment = replace(world.assessment(session, case_id), reference_date=on)
    apply_action(
        session,
        world.actor_for(action),
        case_id,
        action,
        clock=world.clock,
        calendar=effective_calendar(session),
        rules=RULES,
        inputs=FULL,
        assessment=assessment,
        on_date=on,
    )


def _setup_cases(world: World) -> tuple[str, str]:
    """One case accepted on 2027-01-29; one posted for publicity that day (assessed in 2026, under its standard)."""
    with world.work() as session:
        fresh = world.new_case(session)
        _act(world, session, fresh, A.SUBMIT_WINDOW, JAN_29)
        _act(world, session, fresh, A.REQUEST_DATA_CHECK, JAN_29)
        posted = world.new_case(session)
        late_2026 = date(2026, 12, 28)
        for action in (
            A.SUBMIT_WINDOW,
            A.REQUEST_DATA_CHECK,
            A.START_INVESTIGATION,
            A.RECORD_DATA_CHECK,
            A.COMPLETE_INVESTIGATION,
            A.ASSESS,
        ):
            _act(world, session, posted, action, late_2026)
        _act(world, session, posted, A.GIVE_PRELIM_OPINION, JAN_29)
        _act(world, session, posted, A.POST_PUBLICITY, JAN_29)
    return fresh, posted


def _due(session: Session, case_id: str) -> dict[str, tuple[date, bool]]:
    rows = session.scalars(
        select(CaseDeadline).where(CaseDeadline.case_id == uuid.UUID(case_id), CaseDeadline.status == "OPEN")
    )
    return {r.step: (r.due_on, r.provisional) for r in rows}


def test_import_recomputes_provisional_open_deadlines_and_is_audited(world: World) -> None:
    fresh, posted = _setup_cases(world)
    with world.store.reading() as session:
        # Before the notice: the statutory prediction (春节 2/5–2/10 with two make-up days), marked provisional.
        assert _due(session, fresh) == {
            "investigation": (date(2027, 2, 3), True),
            "data_check": (date(2027, 2, 15), True),
            "whole_process": (date(2027, 3, 2), True),
        }
        assert _due(session, posted)["publicity"] == (date(2027, 2, 11), True)
        before_audit = audit.count_events(session)
        before_outbox = int(session.scalar(select(func.count()).select_from(OutboxEntry)) or 0)

    with world.work() as session:
        report = import_calendar_year(
            session, world.store.actor, FILE, "json", world.clock, rules=RULES, year=2027
        )

    assert report.year == 2027 and not report.replaced
    assert report.failures == ()
    moved = {(m.case_id, m.step): (m.old_due_on, m.new_due_on) for m in report.moved}
    assert moved[(fresh, Step.DATA_CHECK)] == (date(2027, 2, 15), date(2027, 2, 17))
    assert moved[(fresh, Step.WHOLE_PROCESS)] == (date(2027, 3, 2), date(2027, 3, 3))
    assert moved[(posted, Step.PUBLICITY)] == (date(2027, 2, 11), date(2027, 2, 15))
    assert (fresh, Step.INVESTIGATION) not in moved  # same date, only the provisional mark goes
    assert any(c.case_id == fresh and c.step is Step.INVESTIGATION for c in report.changed)

    with world.store.reading() as session:
        assert _due(session, fresh) == {
            "investigation": (date(2027, 2, 3), False),
            "data_check": (date(2027, 2, 17), False),
            "whole_process": (date(2027, 3, 3), False),
        }
        case = session.get(Case, uuid.UUID(posted))
        assert case is not None and case.publicity_ends_on == date(2027, 2, 15)
        versions = set(
            session.scalars(select(CaseDeadline.calendar_version).where(CaseDeadline.status == "OPEN"))
        )
        assert versions == {report.calendar_version}
        assert effective_calendar(session).year_status(2027) is YearStatus.OFFICIAL
        assert session.get(CalendarYear, 2027) is not None

        imported = session.scalars(select(AuditEvent).where(AuditEvent.action == "calendar.imported")).one()
        details = json.loads(imported.details_json)
        assert details["year"] == 2027 and details["moved"] == len(report.moved)
        recomputed = audit.count_events(session, "deadline.recomputed")
        assert recomputed == len(report.changed)
        # calendar.imported + one audit event and one outbox entry per changed deadline + the moved publicity end.
        assert audit.count_events(session) - before_audit == 1 + recomputed + 1
        assert (
            int(session.scalar(select(func.count()).select_from(OutboxEntry)) or 0) - before_outbox
            == recomputed + 1
        )
        assert audit.verify_chain(session).ok
        assert verify_outbox_sequence(session) == (True, "")
        board = list_open_deadlines(
            session,
            world.store.actor,
            calendar=effective_calendar(session),
            rules=RULES,
            today=world.clock.today(),
        )
        assert board and not any(r.provisional for r in board)

    # The same file again: the year is replaced, nothing is left to recompute.
    with world.work() as session:
        again = import_calendar_year(session, world.store.actor, FILE, "json", world.clock, rules=RULES)
    assert again.replaced and again.checked == 0 and again.changed == ()


def test_only_an_admin_may_import_and_a_refused_import_stores_nothing(world: World) -> None:
    with world.work() as session:
        before = audit.count_events(session)
        with pytest.raises(PermissionDenied):
            import_calendar_year(session, world.clerk, FILE, "json", world.clock, rules=RULES)
        with pytest.raises(CalendarImportError):
            import_calendar_year(
                session, world.store.actor, FILE, "json", world.clock, rules=RULES, year=2028
            )
        with pytest.raises(CalendarImportError):
            import_calendar_year(session, world.store.actor, "{not json", "json", world.clock, rules=RULES)
        with pytest.raises(ValidationError, match="年份"):
            import_calendar_year(
                session, world.store.actor, "date,kind,name\n", "csv", world.clock, rules=RULES
            )
        with pytest.raises(ValidationError, match="json 或 csv"):
            import_calendar_year(session, world.store.actor, FILE, "xls", world.clock, rules=RULES)
        assert audit.count_events(session) == before
        assert session.scalars(select(CalendarYear)).all() == []


def test_csv_typed_from_the_notice_imports_too(world: World) -> None:
    rows = ["date,kind,name"] + [
        f"{d['date']},{'OFF' if d['isOffDay'] else 'WORK'},{d['name']}"
        for d in cast(list[dict[str, Any]], FICTIONAL_2027["days"])
    ]
    with world.work() as session:
        report = import_calendar_year(
            session, world.store.actor, "\n".join(rows), "csv", world.clock, rules=RULES, year=2027
        )
        assert report.special_days == len(rows) - 1
        view = show_calendar_year(effective_calendar(session), 2027, imported=frozenset({2027}))
        assert not view.provisional and view.imported
        assert date(2027, 2, 20) in {d.date for d in view.days}
