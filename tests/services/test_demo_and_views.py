"""dibao demo fills a township with cases in every state; the read models mask IDs and find what is late."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from app.db import audit
from app.db.changelog import verify_outbox_sequence
from app.db.models import Case, CaseDecision, Person
from app.db.store import OpenStore, create_store, unlock
from app.domain.clock import FixedClock
from app.domain.errors import NotFound, ValidationError
from app.services import case_views, payments
from app.services.calendar_admin import effective_calendar
from app.services.deadline_board import list_open_deadlines
from app.services.demo import DEMO_TOWNSHIP, fill_demo
from app.workflow.rules import YearMonth, default_rule_book
from app.workflow.states import CaseState
from tests.conftest import ADMIN_PASSWORD, CHEAP_KDF

RULES = default_rule_book()
CLOCK_AT = datetime(2026, 9, 18, 2, 0, tzinfo=UTC)  # the conftest clock
FULL_ID = re.compile(r"\d{17}[\dX]")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenStore]:
    """One demo store for the module: the tests only read it."""
    clock = FixedClock(CLOCK_AT)
    root = tmp_path_factory.mktemp("demo") / "store"
    create_store(
        root,
        admin_login="admin",
        admin_password=ADMIN_PASSWORD,
        admin_name="管理员",
        clock=clock,
        kdf=CHEAP_KDF,
    )
    store = unlock(root, "admin", ADMIN_PASSWORD, clock=clock)
    with store.unit_of_work() as session:
        fill_demo(session, store.actor, clock=clock)
    yield store
    store.close()


def test_the_module_store_uses_the_shared_clock(clock: FixedClock) -> None:
    assert clock.now() == CLOCK_AT


def test_demo_has_a_case_in_every_state_and_lane(demo: OpenStore) -> None:
    with demo.reading() as session:
        main = set(session.scalars(select(Case.state)))
        lanes = set(session.scalars(select(Case.data_check_state).where(Case.data_check_state.is_not(None))))
        assert {CaseState(s) for s in main | lanes} == set(CaseState)
        assert audit.verify_chain(session).ok
        assert verify_outbox_sequence(session) == (True, "")


def test_demo_data_checks_are_on_the_county_worklist_and_visits_can_be_logged(demo: OpenStore) -> None:
    """The demo asks for its checks the way a clerk does, so the county reviewer's 信息核对 worklist is not empty;
    and it holds the nine groups and four teams an investigator needs to log a 主动发现 visit."""
    from dataclasses import replace

    from app.domain.roles import Role
    from app.services.supervision import data_checks, discovery

    reviewer = replace(demo.actor, role=Role.COUNTY_REVIEWER)
    with demo.reading() as session:
        cal = effective_calendar(session)
        waiting = data_checks.list_data_check_requests(
            session, reviewer, calendar=cal, rules=default_rule_book(), today=CLOCK_AT.date()
        )
        requested = set(
            session.scalars(
                select(Case.id).where(Case.data_check_state == CaseState.DATA_CHECK_REQUESTED.value)
            )
        )
        assert requested and {r.case_id for r in waiting} == {str(c) for c in requested}
        reference = discovery.discovery_reference(session)
        assert len(reference.groups) == 9 and len(reference.teams) == 4


def test_demo_approved_and_denied_cases_carry_what_their_documents_need(
    demo: OpenStore, clock: FixedClock
) -> None:
    with demo.reading() as session:
        for state in (CaseState.APPROVED, CaseState.ACTIVE):
            for case in session.scalars(select(Case).where(Case.state == state.value)):
                decision = session.scalars(select(CaseDecision).where(CaseDecision.case_id == case.id)).one()
                assert decision.result == "APPROVED" and decision.amount_fen > 0
                assert decision.start_month and decision.standard_used_fen
                assert case.monthly_amount_fen == decision.amount_fen
        for state in (CaseState.DENIED, CaseState.DENIAL_NOTIFIED, CaseState.CLOSED):
            case = session.scalars(select(Case).where(Case.state == state.value)).one()
            decision = session.scalars(select(CaseDecision).where(CaseDecision.case_id == case.id)).one()
            assert decision.result == "DENIED" and decision.reason.strip()
            assert "INCOME_ABOVE_STANDARD" in decision.reason_codes_json
        denied = session.scalars(select(Case).where(Case.state == CaseState.DENIED.value)).one()
        detail = case_views.case_detail(
            session,
            demo.actor,
            str(denied.id),
            calendar=effective_calendar(session),
            rules=RULES,
            today=clock.today(),
        )
        assert [
            d.step_label for d in detail.deadlines if d.status not in ("DONE", "CANCELLED", "SUPERSEDED")
        ] == ["送达不予同意告知书"]
        assert detail.decisions[0].result_label == "不予同意"
        assert any("不予同意" in e.text for e in detail.timeline)


def test_demo_near_relative_household_has_a_county_field_check(demo: OpenStore, clock: FixedClock) -> None:
    with demo.reading() as session:
        flagged = session.scalars(select(Case).where(Case.near_relative_flag.is_(True))).one()
        detail = case_views.case_detail(
            session,
            demo.actor,
            str(flagged.id),
            calendar=effective_calendar(session),
            rules=RULES,
            today=clock.today(),
        )
        assert {t.kind.value for t in detail.tasks} >= {"NEAR_RELATIVE_FILING", "COUNTY_FIELD_CHECK"}
        assert detail.filings and detail.filings[0].relation


def test_lists_show_masked_ids_only(demo: OpenStore, clock: FixedClock) -> None:
    with demo.reading() as session:
        calendar = effective_calendar(session)
        rows = case_views.list_cases(session, demo.actor, calendar=calendar, rules=RULES, today=clock.today())
        assert len(rows) == 30
        some_case = rows[0].id
        detail = case_views.case_detail(
            session, demo.actor, some_case, calendar=calendar, rules=RULES, today=clock.today()
        )
        board = list_open_deadlines(session, demo.actor, calendar=calendar, rules=RULES, today=clock.today())
        numbers = set(session.scalars(select(Person.id_number)))
        text = repr([asdict(r) for r in rows]) + repr(asdict(detail)) + repr([asdict(b) for b in board])
        assert not FULL_ID.search(text)
        assert not any(n and n in text for n in numbers)
        assert all(r.head_id_masked.startswith("*" * 14) for r in rows)


def test_case_list_filters_and_orders_by_urgency(demo: OpenStore, clock: FixedClock) -> None:
    today = clock.today()
    with demo.reading() as session:
        calendar = effective_calendar(session)

        def rows(**kw: object) -> tuple[case_views.CaseRow, ...]:
            return case_views.list_cases(
                session,
                demo.actor,
                calendar=calendar,
                rules=RULES,
                today=today,
                **kw,  # type: ignore[arg-type]
            )

        active = rows(state=CaseState.ACTIVE)
        assert active and {r.state for r in active} == {CaseState.ACTIVE}
        lane = rows(state=case_views.parse_state("已申请信息核对"))
        assert lane and {r.data_check for r in lane} == {CaseState.DATA_CHECK_REQUESTED}
        late = rows(overdue_only=True)
        assert late and all(r.overdue for r in late)
        assert all(r.next_deadline is not None and r.next_deadline.due_on < today for r in late)
        everything = rows()
        dues = [r.next_deadline.due_on for r in everything if r.next_deadline]
        assert dues == sorted(dues)
        assert rows(township_code="360203900") == ()
        board = list_open_deadlines(
            session, demo.actor, calendar=calendar, rules=RULES, today=today, overdue_only=True
        )
        assert board and all(r.due_on < today and r.late and r.status == "OVERDUE" for r in board)
        assert {r.step_label for r in board} <= {
            "入户调查",
            "网上申请受理",
            "县级信息核对",
            "提出初审意见",
            "审核确认",
            "民主评议",
            "送达不予同意告知书",
            "办理总时限",
            "人户分离申请信息核对",
        }


def test_case_ids_resolve_from_a_prefix(demo: OpenStore) -> None:
    with demo.reading() as session:
        full = str(session.scalars(select(Case.id)).first())
        assert case_views.resolve_case_id(session, full) == full
        assert case_views.resolve_case_id(session, full[:13]) == full
        with pytest.raises(ValidationError):
            case_views.resolve_case_id(session, "ab")
        with pytest.raises(NotFound):
            case_views.resolve_case_id(session, "ffffffffffff")


def test_roster_pays_active_households_of_the_township(demo: OpenStore, clock: FixedClock) -> None:
    month = YearMonth.of(clock.today())
    with demo.reading() as session:
        roster = payments.township_roster(
            session, demo.actor, township_code=DEMO_TOWNSHIP, month=month, rules=RULES
        )
        active = {
            str(c.id) for c in session.scalars(select(Case).where(Case.state == CaseState.ACTIVE.value))
        }
        assert roster.rows and {r.case_id for r in roster.rows} <= active | {
            str(c.id) for c in session.scalars(select(Case).where(Case.state == CaseState.TERMINATED.value))
        }
        assert roster.total == sum(r.amount for r in roster.rows)
        assert roster.pay_by == date(month.year, month.month, 9)
        assert not FULL_ID.search(repr(roster))


def test_demo_after_the_demo_standards_end_stops_before_assessment(store: OpenStore) -> None:
    later = FixedClock(datetime(2027, 6, 15, 2, 0, tzinfo=UTC))
    with store.unit_of_work() as session:
        summary = fill_demo(session, store.actor, clock=later, households=22)
    reached = {s for s, _ in summary.states}
    assert CaseState.DRAFT in reached and CaseState.INVESTIGATED in reached
    assert CaseState.ACTIVE not in reached  # no 2027 standard in the demo tables: nothing was invented
