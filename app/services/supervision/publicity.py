"""What must be on which notice board on a given day (seed 三(四)2; DOMAIN §8.8): a read model for the township, the
village/community and the printed-documents engineer.

Duration rules (the numbers come from the rule tables):

* 初审公示 (INITIAL): from the posting day to the last day of the ``publicity.length`` period (the case's publicity
  clock), or until the case left the process.
* 保障家庭 (APPROVED): from the approval decision until the day the household leaves (停止之日止).
* 退出家庭 (LEAVER): from the day the termination was confirmed for at least ``publicity.leaver_min_months`` months;
  the last required day is the same day of the month that many months later (the safe side of 不少于).
* A 人户分离 household is posted at both places: where it lives (the household's village) and where it is registered
  (``hukou_division_code``).

A place is a division code; a township or county code covers every board below it. Rows carry only what a notice may
show (no ID numbers, no house numbers; ``head_is_minor`` tells the printer to withhold a minor's name).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.db.models import Case, CaseDeadline, CaseDecision, Division, Household, Person
from app.db.models.workflow import DEADLINE_CANCELLED, DEADLINE_SUPERSEDED
from app.domain.actor import Actor
from app.domain.errors import ValidationError
from app.domain.idnumber import age_between
from app.domain.money import from_fen
from app.domain.roles import Permission
from app.services.supervision.common import rule_int
from app.services.workflow import RESULT_APPROVED
from app.workflow.deadlines import Step
from app.workflow.rules import AREA_TYPE_LABELS, AreaType, RuleReader, add_months
from app.workflow.states import PUBLICITY_PLACE_LABELS, CaseState, PublicityPlace

LEAVER_RULE = "publicity.leaver_min_months"
ADULT_AGE = 18


class NoticeKind(StrEnum):
    INITIAL = "INITIAL"
    APPROVED = "APPROVED"
    LEAVER = "LEAVER"


NOTICE_LABELS: Mapping[NoticeKind, str] = MappingProxyType(
    {
        NoticeKind.INITIAL: "初审意见公示",
        NoticeKind.APPROVED: "保障家庭长期公示",
        NoticeKind.LEAVER: "退出家庭公示",
    }
)


# --------------------------------------------------------------------------------------------------- pure rules


@dataclass(frozen=True, slots=True)
class Period:
    starts_on: date
    ends_on: date | None  # inclusive; None = open-ended (until the household leaves)

    def covers(self, on: date) -> bool:
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)


def approved_period(approved_on: date, left_on: date | None) -> Period:
    """From approval to the day before the leaver notice takes over (the day of leaving is on the leaver notice)."""
    return Period(approved_on, None if left_on is None else left_on - timedelta(days=1))


def leaver_period(left_on: date, months: int) -> Period:
    return Period(left_on, add_months(left_on, months))


def leaver_months(rules: RuleReader, left_on: date) -> int:
    return rule_int(rules, LEAVER_RULE, left_on, "MONTHS")[0]


def notice_periods(
    approved_on: date | None, left_on: date | None, rules: RuleReader
) -> tuple[tuple[NoticeKind, Period], ...]:
    """The long-term notices of one approval: the approved period and, once the household left, the leaver one."""
    out: list[tuple[NoticeKind, Period]] = []
    if approved_on is not None:
        period = approved_period(approved_on, left_on)
        if period.ends_on is None or period.ends_on >= period.starts_on:
            out.append((NoticeKind.APPROVED, period))
    if left_on is not None:
        out.append((NoticeKind.LEAVER, leaver_period(left_on, leaver_months(rules, left_on))))
    return tuple(out)


def household_places(household: Household) -> tuple[tuple[PublicityPlace, str], ...]:
    """Where the household's notices go: its village, and its registration place too when 人户分离."""
    places: list[tuple[PublicityPlace, str]] = []
    if household.is_renhu_fenli and household.hukou_division_code:
        places.append((PublicityPlace.HUKOU, household.hukou_division_code))
        if household.area_code != household.hukou_division_code:
            places.append((PublicityPlace.RESIDENCE, household.area_code))
    else:
        places.append((PublicityPlace.HUKOU, household.area_code))
    return tuple(places)


# --------------------------------------------------------------------------------------------------- read model


@dataclass(frozen=True, slots=True)
class PublicityDueRow:
    kind: NoticeKind
    kind_label: str
    case_id: str
    household_id: str
    place_code: str  # the board (village/community division code)
    place_name: str
    place_role: str  # 户籍所在地 / 实际居住地
    head_name: str
    head_is_minor: bool
    household_size: int
    covered_persons: int
    category: str  # 城市低保 / 农村低保 / 单人保
    monthly_amount: Decimal | None
    starts_on: date
    ends_on: date | None  # None: until the household leaves


@dataclass(frozen=True, slots=True)
class PublicityDue:
    place_code: str
    place_name: str
    on: date
    rows: tuple[PublicityDueRow, ...]

    def by_kind(self, kind: NoticeKind) -> tuple[PublicityDueRow, ...]:
        return tuple(r for r in self.rows if r.kind is kind)


def _left_on(case: Case) -> date | None:
    if case.state == CaseState.TERMINATED.value:
        return case.state_changed_on
    return None


def publicity_due(
    session: Session, actor: Actor, *, place_code: str, on: date, rules: RuleReader
) -> PublicityDue:
    """Households that must be on the boards at or under ``place_code`` on ``on``, by notice kind then village."""
    actor.require(Permission.VIEW_CASES)
    place = place_code.strip()
    if not place:
        raise ValidationError("请指定公示地点（村/社区或乡镇代码）。")
    households = {
        h.id: h
        for h in session.scalars(
            select(Household).where(
                or_(Household.area_code.startswith(place), Household.hukou_division_code.startswith(place))
            )
        )
    }
    if not households:
        return PublicityDue(place, _division_name(session, place), on, ())
    cases = {c.id: c for c in session.scalars(select(Case).where(Case.household_id.in_(set(households))))}
    entries: list[tuple[NoticeKind, Period, Case, CaseDecision | None]] = []
    if cases:
        for decision in session.scalars(
            select(CaseDecision)
            .where(
                CaseDecision.case_id.in_(set(cases)),
                CaseDecision.result == RESULT_APPROVED,
                CaseDecision.decided_on <= on,
            )
            .order_by(CaseDecision.decided_on, CaseDecision.created_at)
        ):
            case = cases[decision.case_id]
            for kind, period in notice_periods(decision.decided_on, _left_on(case), rules):
                if period.covers(on):
                    entries.append((kind, period, case, decision))
        for clock in session.scalars(
            select(CaseDeadline).where(
                CaseDeadline.case_id.in_(set(cases)),
                CaseDeadline.step == Step.PUBLICITY.value,
                CaseDeadline.status != DEADLINE_SUPERSEDED,
                CaseDeadline.started_on <= on,
            )
        ):
            end = clock.due_on
            if clock.status == DEADLINE_CANCELLED and clock.done_on is not None:
                end = min(end, clock.done_on)
            period = Period(clock.started_on, end)
            if period.covers(on):
                entries.append((NoticeKind.INITIAL, period, cases[clock.case_id], None))
    people = _people(session, {c.household_id for _, _, c, _ in entries})
    names: dict[str, str] = {}
    rows: list[PublicityDueRow] = []
    seen: set[tuple[NoticeKind, uuid.UUID, str]] = set()
    for kind, period, case, decision in entries:
        household = households[case.household_id]
        members = people.get(household.id, [])
        head = next((p for p in members if p.is_head), members[0] if members else None)
        for role, code in household_places(household):
            if not code.startswith(place) or (kind, case.id, code) in seen:
                continue
            seen.add((kind, case.id, code))
            if code not in names:
                names[code] = _division_name(session, code)
            rows.append(
                PublicityDueRow(
                    kind=kind,
                    kind_label=NOTICE_LABELS[kind],
                    case_id=str(case.id),
                    household_id=str(household.id),
                    place_code=code,
                    place_name=names[code],
                    place_role=PUBLICITY_PLACE_LABELS[role],
                    head_name=head.name if head else "",
                    head_is_minor=bool(
                        head and head.birth_date and age_between(head.birth_date, on) < ADULT_AGE
                    ),
                    household_size=sum(1 for p in members if p.coresident),
                    covered_persons=decision.covered_persons if decision else 0,
                    category=_category(household, decision),
                    monthly_amount=_amount(case, decision),
                    starts_on=period.starts_on,
                    ends_on=period.ends_on,
                )
            )
    order = {k: i for i, k in enumerate(NoticeKind)}
    rows.sort(key=lambda r: (order[r.kind], r.place_code, r.starts_on, r.head_name, r.case_id))
    return PublicityDue(place, _division_name(session, place), on, tuple(rows))


def _people(session: Session, household_ids: set[uuid.UUID]) -> dict[uuid.UUID, list[Person]]:
    out: dict[uuid.UUID, list[Person]] = {}
    if not household_ids:
        return out
    for p in session.scalars(
        select(Person)
        .where(Person.household_id.in_(household_ids))
        .order_by(Person.household_id, Person.ordinal)
    ):
        out.setdefault(p.household_id, []).append(p)
    return out


def _division_name(session: Session, code: str) -> str:
    found = session.get(Division, code)
    return found.name if found else code


def _category(household: Household, decision: CaseDecision | None) -> str:
    try:
        area = AREA_TYPE_LABELS[AreaType(household.area_type)]
    except ValueError:
        area = ""
    if decision is not None and decision.classification == "SINGLE_PERSON":
        return f"{area}低保（单人保）"
    return f"{area}低保"


def _amount(case: Case, decision: CaseDecision | None) -> Decimal | None:
    if decision is not None and decision.amount_fen:
        return from_fen(decision.amount_fen)
    if case.monthly_amount_fen:
        return from_fen(case.monthly_amount_fen)
    return None
