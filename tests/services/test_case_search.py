"""The case list's reads: ids in display order, and rows that say the same as the case, its head and its clocks."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.db.models import Case, CaseDeadline, Person
from app.db.models.workflow import DEADLINE_DONE, DEADLINE_OPEN
from app.db.store import OpenStore
from app.domain.clock import FixedClock
from app.services import case_search
from app.services.calendar_admin import effective_calendar
from app.services.case_search import CaseQuery, CaseRow, case_rows, find_cases, search_case_ids
from app.services.deadline_board import deadline_row, due_soon_threshold, head_id_masked, heads_of
from app.services.demo import fill_demo
from app.services.workflow import case_status
from app.workflow.rules import default_rule_book

RULES = default_rule_book()


@pytest.fixture
def demo(store: OpenStore, clock: FixedClock) -> OpenStore:
    with store.unit_of_work() as session:
        fill_demo(session, store.actor, clock=clock, households=12)
    return store


def _expected(session: Session, case_id: str, *, today: date) -> CaseRow:
    """What a row must say, worked out the long way: the mapped case, its head and every open clock."""
    calendar = effective_calendar(session)
    case = session.get_one(Case, uuid.UUID(case_id))
    head = heads_of(session, [case.household_id]).get(case.household_id)
    clocks = list(
        session.scalars(
            select(CaseDeadline)
            .where(CaseDeadline.case_id == case.id, CaseDeadline.status == DEADLINE_OPEN)
            .order_by(CaseDeadline.due_on, CaseDeadline.step)
        )
    )
    status = case_status(case)
    threshold = due_soon_threshold(RULES, today)
    return CaseRow(
        id=case_id,
        state=status.state,
        data_check=status.data_check,
        state_label=status.label,
        township_code=case.township_code,
        area_code=case.household.area_code,
        head_name=head.name if head else "",
        head_id_masked=head_id_masked(head),
        near_relative=case.near_relative_flag,
        next_deadline=deadline_row(
            clocks[0],
            township_code=case.township_code,
            head=head,
            today=today,
            threshold=threshold,
            calendar=calendar,
        )
        if clocks
        else None,
        overdue=any(c.due_on < today for c in clocks),
    )


@pytest.mark.parametrize("days_later", [0, 20, 60])
def test_rows_say_what_the_case_its_head_and_its_earliest_open_clock_say(
    demo: OpenStore, clock: FixedClock, days_later: int
) -> None:
    today = clock.today() + timedelta(days=days_later)
    with demo.reading() as session:
        ids = search_case_ids(session, demo.actor, CaseQuery(), today=today)
        rows = case_rows(
            session, demo.actor, ids, calendar=effective_calendar(session), rules=RULES, today=today
        )
        assert rows == [_expected(session, i, today=today) for i in ids]
    assert any(r.next_deadline is not None for r in rows)  # the demo has running clocks to compare
    assert all("*" in r.head_id_masked for r in rows if r.head_id_masked != "（无证件号）")


def test_rows_keep_the_callers_spelling_and_order_and_skip_unknown_ids(
    demo: OpenStore, clock: FixedClock
) -> None:
    today = clock.today()
    with demo.reading() as session:
        ids = search_case_ids(session, demo.actor, CaseQuery(), today=today)[:5]
        dashed = [str(uuid.UUID(i)) for i in reversed(ids)]
        asked = [dashed[0], uuid.uuid4().hex, *dashed[1:]]
        rows = case_rows(
            session, demo.actor, asked, calendar=effective_calendar(session), rules=RULES, today=today
        )
    assert [r.id for r in rows] == dashed


def test_the_member_marked_head_is_shown_even_when_not_first(demo: OpenStore, clock: FixedClock) -> None:
    with demo.unit_of_work() as session:
        household_id = session.scalars(
            select(Person.household_id).where(Person.ordinal == 1, Person.id_number != "")
        ).first()
        assert household_id is not None
        session.execute(update(Person).where(Person.household_id == household_id).values(is_head=False))
        session.execute(
            update(Person)
            .where(Person.household_id == household_id, Person.ordinal == 1)
            .values(is_head=True)
        )
        marked = session.scalars(
            select(Person).where(Person.household_id == household_id, Person.ordinal == 1)
        ).one()
        name, masked = marked.name, head_id_masked(marked)
        case_id = session.scalars(select(Case.id).where(Case.household_id == household_id)).first()
        assert case_id is not None
    with demo.reading() as session:
        (row,) = case_rows(
            session,
            demo.actor,
            [case_id.hex],
            calendar=effective_calendar(session),
            rules=RULES,
            today=clock.today(),
        )
    assert (row.head_name, row.head_id_masked) == (name, masked)


def test_the_next_deadline_is_the_earliest_open_clock_and_closed_clocks_do_not_count(
    demo: OpenStore, clock: FixedClock
) -> None:
    today = clock.today()
    with demo.unit_of_work() as session:
        clock_row = session.scalars(select(CaseDeadline).where(CaseDeadline.status == DEADLINE_OPEN)).first()
        assert clock_row is not None
        case_id = clock_row.case_id
        template = {
            c: getattr(clock_row, c)
            for c in ("step", "started_on", "unit", "limit_days", "rule_version", "calendar_version")
        }
        # A closed clock long overdue, and an open one due after every other open clock of the case.
        session.add(
            CaseDeadline(case_id=case_id, due_on=today - timedelta(days=90), status=DEADLINE_DONE, **template)
        )
        session.add(CaseDeadline(case_id=case_id, due_on=today + timedelta(days=400), **template))
    with demo.reading() as session:
        (row,) = case_rows(
            session, demo.actor, [case_id.hex], calendar=effective_calendar(session), rules=RULES, today=today
        )
        assert row == _expected(session, case_id.hex, today=today)
    assert row.next_deadline is not None and row.next_deadline.due_on < today + timedelta(days=400)


def test_a_page_of_rows_reads_the_clocks_of_its_own_cases_only(demo: OpenStore) -> None:
    """Not every open clock of the store by the (status, due_on) index: with 60,000 open clocks that is the page."""
    with demo.reading() as session:
        connection = session.connection()
        ids = search_case_ids(session, demo.actor, CaseQuery(), today=date(2026, 9, 18))[:3]
        sql = str(
            case_search._ROWS.params(ids=ids).compile(  # pyright: ignore[reportPrivateUsage]
                connection, compile_kwargs={"render_postcompile": True, "literal_binds": True}
            )
        )
        plan = " / ".join(str(r[-1]) for r in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
    assert "ix_case_deadlines_case_id" in plan, plan
    assert "ix_case_deadlines_status_due_on" not in plan, plan


@pytest.mark.parametrize("text", ["", "name", "last4", "no such person"])
def test_search_ids_come_in_display_order_as_hex_text(demo: OpenStore, clock: FixedClock, text: str) -> None:
    with demo.reading() as session:
        head = session.scalars(select(Person).where(Person.is_head, Person.id_number != "")).first()
        assert head is not None
        typed = {"name": head.name, "last4": head.id_number[-4:]}.get(text, text)
        ids = search_case_ids(session, demo.actor, CaseQuery(text=typed), today=clock.today())
        everything = session.execute(
            select(Case.id).order_by(Case.created_at.desc(), Case.id.desc())
        ).scalars()
        in_order = [i.hex for i in everything]
    assert all(type(i) is str for i in ids)
    assert ids == [i for i in in_order if i in set(ids)]
    if text == "no such person":
        assert ids == []
    elif text == "":
        assert ids == in_order
    else:
        assert ids


def test_find_cases_is_the_search_and_its_first_page_in_one_read(demo: OpenStore, clock: FixedClock) -> None:
    today = clock.today()
    with demo.reading() as session:
        calendar = effective_calendar(session)
        found = find_cases(
            session, demo.actor, CaseQuery(), page=5, calendar=calendar, rules=RULES, today=today
        )
        ids = search_case_ids(session, demo.actor, CaseQuery(), today=today)
        first = case_rows(session, demo.actor, ids[:5], calendar=calendar, rules=RULES, today=today)
    assert found.ids == tuple(ids)
    assert found.first_rows == tuple(first)
    assert len(found.first_rows) == 5 < len(found.ids)
