"""Find cases fast: a query returns ordered ids; rows are fetched for the ids a view actually shows.

A clerk types a name, a full ID number or its last digits, picks a village, a state or "overdue". The list view
holds only ids and asks for rows a page at a time, so 100,000 cases cost one id query, not 100,000 row objects.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import Select, String, and_, exists, select, type_coerce
from sqlalchemy.orm import Session

from app.db.models import Case, CaseDeadline, Household, Person
from app.db.models.workflow import DEADLINE_OPEN
from app.domain.actor import Actor
from app.domain.idnumber import normalize_id_text
from app.domain.roles import Permission
from app.services.deadline_board import (
    DeadlineRow,
    deadline_row,
    due_soon_threshold,
    head_id_masked,
    heads_of,
)
from app.services.workflow import case_status
from app.workflow.calendar import WorkCalendar
from app.workflow.deadlines import RuleSource
from app.workflow.states import DATA_CHECK_LANE, CaseState

ID_CHARS = frozenset("0123456789X")


@dataclass(frozen=True, slots=True)
class CaseRow:
    id: str
    state: CaseState
    data_check: CaseState | None
    state_label: str
    township_code: str
    area_code: str
    head_name: str
    head_id_masked: str
    near_relative: bool
    next_deadline: DeadlineRow | None
    overdue: bool


class DeadlineFilter(StrEnum):
    ANY = "any"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"  # overdue or within the due-soon rule's working days


@dataclass(frozen=True, slots=True)
class CaseQuery:
    text: str = ""
    township_code: str | None = None
    village_code: str | None = None
    state: CaseState | None = None
    deadline: DeadlineFilter = DeadlineFilter.ANY


def _person_match(text: str) -> Select[uuid.UUID] | None:
    """Households with a member whose name or ID number matches what was typed."""
    cleaned = text.strip()
    if not cleaned:
        return None
    as_id = normalize_id_text(cleaned)
    if as_id and set(as_id) <= ID_CHARS:
        if len(as_id) == 4:
            cond = Person.id_last4 == as_id  # indexed: the common "last four digits" lookup
        elif len(as_id) >= 15:
            cond = Person.id_number == as_id
        else:
            cond = Person.id_number.endswith(as_id, autoescape=True)
    else:
        # A range on the name index serves prefix search for Chinese names, which LIKE cannot use here.
        cond = and_(Person.name >= cleaned, Person.name < cleaned + "\U0010ffff")
    return select(Person.household_id).where(cond)


def search_case_ids(
    session: Session,
    actor: Actor,
    query: CaseQuery,
    *,
    today: date,
    due_soon_until: date | None = None,
) -> list[str]:
    """Ids in display order: most recently opened first. ``due_soon_until`` is the last date counted as due soon."""
    actor.require(Permission.VIEW_CASES)
    # Ids travel as the stored hex text: converting 100,000 of them to UUID objects and back costs more than the query.
    stmt = select(type_coerce(Case.id, String))
    matched = _person_match(query.text)
    if matched is not None:
        stmt = stmt.where(Case.household_id.in_(matched))
    if query.township_code:
        stmt = stmt.where(Case.township_code == query.township_code)
    if query.village_code:
        stmt = stmt.where(
            Case.household_id.in_(select(Household.id).where(Household.area_code == query.village_code))
        )
    if query.state is not None:
        column = Case.data_check_state if query.state in DATA_CHECK_LANE else Case.state
        stmt = stmt.where(column == query.state.value)
    if query.deadline != DeadlineFilter.ANY:
        limit = today if query.deadline == DeadlineFilter.OVERDUE else (due_soon_until or today)
        # Overdue means the due day has passed; due soon includes today and the next few working days.
        compare = (
            CaseDeadline.due_on < limit
            if query.deadline == DeadlineFilter.OVERDUE
            else CaseDeadline.due_on <= limit
        )
        stmt = stmt.where(
            exists().where(CaseDeadline.case_id == Case.id, CaseDeadline.status == DEADLINE_OPEN, compare)
        )
    stmt = stmt.order_by(Case.created_at.desc(), Case.id.desc())  # one backward walk of the covering index
    # Core execution on the session's connection: the ORM's per-row bookkeeping is wasted on a column of ids.
    return list(session.connection().execute(stmt).scalars())


def due_soon_horizon(rules: RuleSource, calendar: WorkCalendar, today: date) -> date:
    return calendar.add_working_days(today, due_soon_threshold(rules, today)).date


def case_rows(
    session: Session,
    actor: Actor,
    case_ids: Sequence[str],
    *,
    calendar: WorkCalendar,
    rules: RuleSource,
    today: date,
) -> list[CaseRow]:
    """Rows for the given ids, in the same order; ids that no longer exist are skipped."""
    actor.require(Permission.VIEW_CASES)
    given = {uuid.UUID(i): i for i in case_ids}  # rows carry the id as the caller spelled it (hex or dashed)
    ids = list(given)
    if not ids:
        return []
    found = {
        case.id: (case, area)
        for case, area in session.execute(
            select(Case, Household.area_code)
            .join(Household, Household.id == Case.household_id)
            .where(Case.id.in_(ids))
        )
    }
    heads = heads_of(session, [case.household_id for case, _ in found.values()])
    open_rows: dict[uuid.UUID, list[CaseDeadline]] = {}
    for row in session.scalars(
        select(CaseDeadline)
        .where(CaseDeadline.status == DEADLINE_OPEN, CaseDeadline.case_id.in_(ids))
        .order_by(CaseDeadline.due_on, CaseDeadline.step)
    ):
        open_rows.setdefault(row.case_id, []).append(row)
    threshold = due_soon_threshold(rules, today)
    rows: list[CaseRow] = []
    for case_id in ids:
        if case_id not in found:
            continue
        case, area = found[case_id]
        head = heads.get(case.household_id)
        mine = open_rows.get(case_id, [])
        status = case_status(case)
        upcoming = (
            deadline_row(
                mine[0],
                township_code=case.township_code,
                head=head,
                today=today,
                threshold=threshold,
                calendar=calendar,
            )
            if mine
            else None
        )
        rows.append(
            CaseRow(
                id=given[case_id],
                state=status.state,
                data_check=status.data_check,
                state_label=status.label,
                township_code=case.township_code,
                area_code=area,
                head_name=head.name if head else "",
                head_id_masked=head_id_masked(head),
                near_relative=case.near_relative_flag,
                next_deadline=upcoming,
                overdue=any(r.due_on < today for r in mine),
            )
        )
    return rows
