"""Shared set-up for the case-workflow service tests: a store with the sample divisions, staff actors, new cases."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import AuditEvent, OutboxEntry
from app.db.store import OpenStore
from app.domain.actor import Actor
from app.domain.clock import FixedClock
from app.domain.idnumber import IdType
from app.domain.roles import Role
from app.domain.synthetic import synthetic_households
from app.services import cases, reference
from app.services.calendar_admin import effective_calendar
from app.services.households import HouseholdInput, MemberInput, register_household
from app.services.workflow import TransitionResult, apply_action, simple_assessment_input
from app.workflow.assessment import AssessmentInput
from app.workflow.calendar import WorkCalendar
from app.workflow.rules import RuleBook, default_rule_book
from app.workflow.states import Action, TransitionInput

TOWNSHIP = "360222900"
VILLAGE = "360222900003"  # 窑前社区（样例）, URBAN
RULES = default_rule_book()
INVESTIGATORS = ("inv-a", "inv-b")
FULL = TransitionInput(
    missing_items=("户口簿复印件", "残疾证"),
    investigator_ids=INVESTIGATORS,
    objection="邻居反映申请人家有轿车，并提供照片",
    reason="经入户调查核实",
    certificate_issued=True,
    family_heard_on=date(2026, 9, 1),
)
LOW_INCOME = Decimal("300")  # per month for the whole household: eligible under every demo standard
HIGH_INCOME = Decimal("20000")  # far above 1.5 x the standard for any household size used here


def counts(session: Session) -> tuple[int, int]:
    audits = int(session.scalar(select(func.count()).select_from(AuditEvent)) or 0)
    outbox = int(session.scalar(select(func.count()).select_from(OutboxEntry)) or 0)
    return audits, outbox


@dataclass
class World:
    store: OpenStore
    clock: FixedClock
    rules: RuleBook = RULES
    staff: dict[Role, Actor] = field(default_factory=dict[Role, Actor])
    _households: Iterator[int] = field(default_factory=lambda: iter(range(10_000)))

    @property
    def clerk(self) -> Actor:
        return self.staff[Role.WINDOW_CLERK]

    @property
    def investigator(self) -> Actor:
        return self.staff[Role.INVESTIGATOR]

    @property
    def county(self) -> Actor:
        return self.staff[Role.COUNTY_REVIEWER]

    def person(self, role: Role, user_id: str | None = None) -> Actor:
        """Another staff member of ``role`` (a different user id)."""
        return replace(
            self.store.actor, role=role, user_id=user_id or str(uuid.uuid4()), login=f"{role.value}-x"
        )

    def calendar(self, session: Session) -> WorkCalendar:
        return effective_calendar(session)

    @contextmanager
    def work(self) -> Iterator[Session]:
        with self.store.unit_of_work() as session:
            yield session

    def new_case(self, session: Session, *, renhu_fenli: bool = False, channel: str = "WINDOW") -> str:
        n = next(self._households)
        h = synthetic_households(100 + n, 1, today=self.clock.today())[0]
        members = tuple(
            MemberInput(name=p.name, id_number=p.id_number, relation=p.relation, id_type=p.id_type)
            for p in h.members
            if p.id_type is not IdType.PENDING
        )
        row = register_household(
            session,
            self.clerk,
            HouseholdInput(area_code=VILLAGE, members=members, is_renhu_fenli=renhu_fenli),
            clock=self.clock,
        )
        return cases.open_case(
            session,
            self.clerk,
            household_id=row.id,
            township_code=TOWNSHIP,
            channel=channel,
            clock=self.clock,
        ).id

    def act(
        self,
        session: Session,
        case_id: str,
        action: Action,
        *,
        actor: Actor | None = None,
        inputs: TransitionInput = FULL,
        assessment: AssessmentInput | None = None,
    ) -> TransitionResult:
        return apply_action(
            session,
            actor or self.actor_for(action),
            case_id,
            action,
            clock=self.clock,
            calendar=self.calendar(session),
            rules=self.rules,
            inputs=inputs,
            assessment=assessment,
        )

    def assessment(
        self, session: Session, case_id: str, monthly_income: Decimal = LOW_INCOME
    ) -> AssessmentInput:
        return simple_assessment_input(
            session,
            case_id,
            monthly_income=monthly_income,
            rules=self.rules,
            reference_date=self.clock.today(),
        )

    def actor_for(self, action: Action) -> Actor:
        from app.workflow.states import TRANSITION_BY_ACTION

        roles = TRANSITION_BY_ACTION[action].roles
        role = next(r for r in (Role.WINDOW_CLERK, Role.INVESTIGATOR, Role.COUNTY_REVIEWER) if r in roles)
        return self.staff[role]


def make_world(store: OpenStore, clock: FixedClock) -> World:
    with store.unit_of_work() as session:
        reference.import_divisions(session, store.actor, reference.bundled_divisions_text(), clock=clock)
    staff = {role: replace(store.actor, role=role) for role in Role}
    return World(store, clock, staff=staff)
