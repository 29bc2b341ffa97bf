"""Payments: the monthly roster of a township from the approval decisions of its cases (DOMAIN §5.3, §6.3).

Every case in payment (ACTIVE), or terminated with a last paid month, contributes its approved monthly amount from
its start month; the pure ``app.workflow.payments.monthly_roster`` decides which months each roster carries.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Case, CaseDecision, Household
from app.domain.actor import Actor
from app.domain.money import from_fen
from app.domain.roles import Permission
from app.services.deadline_board import head_id_masked, heads_of
from app.services.workflow import RESULT_APPROVED
from app.workflow.payments import Entitlement, monthly_roster
from app.workflow.rules import RuleReader, YearMonth
from app.workflow.states import CaseState

_PAID_STATES = (CaseState.ACTIVE.value, CaseState.TERMINATED.value)


@dataclass(frozen=True, slots=True)
class RosterRow:
    case_id: str
    household_id: str
    area_code: str
    head_name: str
    head_id_masked: str
    for_month: str
    amount: Decimal
    # An earlier month paid with this roster because approval came after that month's pay-by day.
    catch_up: bool


@dataclass(frozen=True, slots=True)
class RosterView:
    township_code: str
    month: str
    pay_by: date
    rows: tuple[RosterRow, ...]
    total: Decimal
    households: int


def entitlements(session: Session, township_code: str) -> list[tuple[Entitlement, str]]:
    """(entitlement, village code) for every paid case of the township, from its latest approval decision."""
    stmt = (
        select(Case, Household.area_code, CaseDecision)
        .join(Household, Household.id == Case.household_id)
        .join(CaseDecision, CaseDecision.case_id == Case.id)
        .where(
            Case.township_code == township_code,
            Case.state.in_(_PAID_STATES),
            CaseDecision.result == RESULT_APPROVED,
        )
        .order_by(Case.id, CaseDecision.decided_on, CaseDecision.created_at)
    )
    latest: dict[str, tuple[Entitlement, str]] = {}
    for case, area, decision in session.execute(stmt):
        if decision.start_month is None:
            continue
        latest[str(case.id)] = (
            Entitlement(
                case_id=str(case.id),
                household_id=str(case.household_id),
                monthly_amount=from_fen(decision.amount_fen),
                approved_on=decision.decided_on,
                start_month=YearMonth.parse(decision.start_month),
                end_month=YearMonth.parse(decision.end_month) if decision.end_month else None,
            ),
            area,
        )
    return list(latest.values())


def township_roster(
    session: Session, actor: Actor, *, township_code: str, month: YearMonth, rules: RuleReader
) -> RosterView:
    actor.require(Permission.VIEW_CASES)
    found = entitlements(session, township_code)
    areas = {ent.case_id: area for ent, area in found}
    roster = monthly_roster([ent for ent, _ in found], month, rules)
    heads = heads_of(session, [uuid.UUID(h) for h in roster.household_ids])
    rows = tuple(
        RosterRow(
            case_id=line.case_id,
            household_id=line.household_id,
            area_code=areas[line.case_id],
            head_name=head.name if (head := heads.get(uuid.UUID(line.household_id))) else "",
            head_id_masked=head_id_masked(heads.get(uuid.UUID(line.household_id))),
            for_month=str(line.for_month),
            amount=line.amount,
            catch_up=line.catch_up,
        )
        for line in roster.lines
    )
    return RosterView(
        township_code=township_code,
        month=str(month),
        pay_by=roster.pay_by,
        rows=rows,
        total=roster.total,
        households=len(roster.household_ids),
    )
