"""What the county desktop reads besides the lists: the recorded draws of a cohort (seed, sizes, the draw's message)
and the reporter's full contact, revealed only on purpose and audited without the contact itself."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.db.models import AuditEvent
from app.domain.errors import NotFound, PermissionDenied
from app.services.supervision import real_name_reports as reports
from app.services.supervision import spot_checks
from app.workflow.rules import YearMonth
from tests.services.workflow_support import World
from tests.supervision.support import approved_case


def test_draws_of_a_cohort_are_listed_with_their_seed_and_message(world: World) -> None:
    with world.work() as s:
        approved_case(world, s, date(2026, 8, 3))
        approved_case(world, s, date(2026, 8, 3))
        result = spot_checks.draw_spot_checks(
            s, world.county, YearMonth(2026, 8), clock=world.clock, calendar=world.calendar(s),
            rules=world.rules, seed=4242,
        )  # fmt: skip
    with world.work() as s:
        (draw,) = spot_checks.list_draws(s, world.county, cohort="2026-08")
        assert (draw.id, draw.seed, draw.population, draw.sample_size) == (result.draw_id, 4242, 2, 2)
        assert draw.took_everything and draw.message == result.message and "已全部抽查" in draw.message
        assert draw.drawn_on == world.clock.today() and draw.field_size == result.field_size
        assert spot_checks.list_draws(s, world.county, cohort="2026-07") == ()
        assert spot_checks.list_draws(s, world.county) == (draw,)
        with pytest.raises(PermissionDenied):
            spot_checks.list_draws(s, world.clerk)


def test_the_reporters_contact_is_revealed_on_purpose_and_audited(world: World) -> None:
    with world.work() as s:
        row = reports.log_report(
            s, world.county, received_on=world.clock.today(), channel="PHONE", reporter_name="举报人乙",
            reporter_contact="19900005678", content="反映某户有人在外务工", township_code="360222900",
            clock=world.clock,
        )  # fmt: skip
    with world.work() as s:
        assert reports.reveal_reporter_contact(s, world.county, row.id, clock=world.clock) == "19900005678"
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "report.contact_revealed")).one()
        assert event.entity_id == row.id and event.actor_user_id == world.county.user_id
        assert "19900005678" not in (event.details_json or "")
        with pytest.raises(PermissionDenied):
            reports.reveal_reporter_contact(s, world.clerk, row.id, clock=world.clock)
        with pytest.raises(NotFound):
            reports.reveal_reporter_contact(
                s, world.county, "00000000-0000-0000-0000-000000000000", clock=world.clock
            )
