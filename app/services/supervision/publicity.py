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
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.db.models import Case, CaseAssessment, CaseDeadline, CaseDecision, Division, Household, Person
from app.db.models.workflow import DEADLINE_CANCELLED, DEADLINE_SUPERSEDED
from app.domain.actor import Actor
from app.domain.errors import ValidationError
from app.domain.idnumber import age_between
from app.domain.money import from_fen
from app.domain.roles import Permission
from app.services.documents import DocumentKind, PublicityDoc, PublicityKind, PublicityRow
from app.services.printing import Place, PrintSettings, issuer_name, require_print_permission
from app.services.supervision.common import require_township, rule_int, township_scope
from app.services.workflow import RESULT_APPROVED, latest_assessment
from app.workflow.deadlines import Step
from app.workflow.rules import AREA_TYPE_LABELS, AreaType, RuleReader, add_months
from app.workflow.states import PUBLICITY_PLACE_LABELS, CaseState, PublicityPlace

LEAVER_RULE = "publicity.leaver_min_months"
ADULT_AGE = 18
# The registration place of a 人户分离 household whose registered village/community is not on file.
UNRECORDED_PLACE = ""
UNRECORDED_PLACE_NAME = "户籍所在地张贴联（户籍地村/社区未登记）"


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
    """Where the household's notices go: its village, and its registration place too when 人户分离.

    A 人户分离 household whose registered village/community was not recorded still has a second notice: its
    place code is ``UNRECORDED_PLACE`` (the township sends that sheet to the registration place)."""
    places: list[tuple[PublicityPlace, str]] = []
    if household.is_renhu_fenli and household.hukou_division_code:
        places.append((PublicityPlace.HUKOU, household.hukou_division_code))
        if household.area_code != household.hukou_division_code:
            places.append((PublicityPlace.RESIDENCE, household.area_code))
    elif household.is_renhu_fenli:
        places.append((PublicityPlace.HUKOU, UNRECORDED_PLACE))
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
    village_name: str  # where the household lives (the 村（居） column of a notice)
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
        # An initial notice shows the proposed amount: the latest assessment's, as the decision will take it.
        basis = (
            decision
            if decision is not None or kind is not NoticeKind.INITIAL
            else latest_assessment(session, case.id)
        )
        for role, code in household_places(household):
            # The unrecorded registration place goes with the boards of the household's own village.
            under = household.area_code if code == UNRECORDED_PLACE else code
            if not under.startswith(place) or (kind, case.id, code) in seen:
                continue
            seen.add((kind, case.id, code))
            for known in (code, household.area_code):
                if known not in names:
                    names[known] = (
                        UNRECORDED_PLACE_NAME if known == UNRECORDED_PLACE else _division_name(session, known)
                    )
            rows.append(
                PublicityDueRow(
                    kind=kind,
                    kind_label=NOTICE_LABELS[kind],
                    case_id=str(case.id),
                    household_id=str(household.id),
                    place_code=code,
                    place_name=names[code],
                    place_role=PUBLICITY_PLACE_LABELS[role],
                    village_name=names[household.area_code],
                    head_name=head.name if head else "",
                    head_is_minor=bool(
                        head and head.birth_date and age_between(head.birth_date, on) < ADULT_AGE
                    ),
                    household_size=sum(1 for p in members if p.coresident),
                    covered_persons=basis.covered_persons if basis else 0,
                    category=_category(household, basis),
                    monthly_amount=_amount(case, basis),
                    starts_on=period.starts_on,
                    ends_on=period.ends_on,
                )
            )
    order = {k: i for i, k in enumerate(NoticeKind)}
    rows.sort(
        key=lambda r: (
            order[r.kind],
            r.place_code == UNRECORDED_PLACE,  # the sheet for an unrecorded registration place comes last
            r.place_code,
            r.starts_on,
            r.head_name,
            r.case_id,
        )
    )
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


def _category(household: Household, decision: CaseDecision | CaseAssessment | None) -> str:
    try:
        area = AREA_TYPE_LABELS[AreaType(household.area_type)]
    except ValueError:
        area = ""
    if decision is not None and decision.classification == "SINGLE_PERSON":
        return f"{area}低保（单人保）"
    return f"{area}低保"


def _amount(case: Case, decision: CaseDecision | CaseAssessment | None) -> Decimal | None:
    if decision is not None and decision.amount_fen:
        return from_fen(decision.amount_fen)
    if case.monthly_amount_fen:
        return from_fen(case.monthly_amount_fen)
    return None


# --------------------------------------------------------------------------------------------------- printed sheets

NOTICE_DOC_KINDS: Mapping[NoticeKind, PublicityKind] = MappingProxyType(
    {
        NoticeKind.INITIAL: PublicityKind.INITIAL,
        NoticeKind.APPROVED: PublicityKind.RESULT,
        NoticeKind.LEAVER: PublicityKind.LEAVER,
    }
)


def publicity_townships(session: Session, actor: Actor) -> tuple[tuple[str, str], ...]:
    """(code, name) of the townships whose boards the actor prints for: the account's own township; when the account
    names none (a township laptop holds only its township), every township with cases on this laptop."""
    actor.require(Permission.VIEW_CASES)
    own = township_scope(session, actor, None)
    codes = [own] if own else sorted({c for c in session.scalars(select(Case.township_code).distinct()) if c})
    return tuple((code, _division_name(session, code)) for code in codes)


def build_notice_doc(
    session: Session,
    actor: Actor,
    *,
    township_code: str,
    kind: NoticeKind,
    on: date,
    settings: PrintSettings,
    rules: RuleReader,
    place_codes: Collection[str] = (),
    case_ids: Collection[str] = (),
) -> tuple[PublicityDoc, tuple[str, ...]]:
    """The printed notice of one kind for the township's boards on ``on``, one sheet per board (``place_codes``
    picks boards; empty = all; ``case_ids`` picks households), exactly the households :func:`publicity_due` lists;
    and the case ids on it (for the print audit). Only :class:`PublicityRow`'s columns reach the paper: no ID numbers, no addresses."""
    require_print_permission(actor, DocumentKind.PUBLICITY)
    township_scope(session, actor, township_code)  # another township's boards are refused
    township = require_township(session, township_code)
    wanted = set(place_codes)
    due = publicity_due(session, actor, place_code=township_code, on=on, rules=rules)
    cases = set(case_ids)
    chosen = [
        r
        for r in due.by_kind(kind)
        if (not wanted or r.place_code in wanted) and (not cases or r.case_id in cases)
    ]
    by_case: dict[str, list[PublicityDueRow]] = {}
    for row in chosen:
        by_case.setdefault(row.case_id, []).append(row)
    rows = tuple(_sheet_row(posted) for posted in by_case.values())
    place = Place(_division_name(session, township.parent_code or ""), township.name, "")
    if kind is NoticeKind.INITIAL:
        # Posted when the publicity clock started; counting runs from the next day to the latest clock's end.
        posted_on = min((r.starts_on for r in chosen), default=on)
        start, end = (
            posted_on + timedelta(days=1),
            max((r.ends_on for r in chosen if r.ends_on), default=None),
        )
    else:
        posted_on, start, end = on, on, None
    doc = PublicityDoc(
        kind=NOTICE_DOC_KINDS[kind],
        doc_no="",
        issuer=issuer_name(place, settings),
        township_name=place.township_full,
        posted_on=posted_on,
        period_start=start,
        period_end=end,
        township_phone=settings.township_phone,
        county_hotline=settings.county_hotline,
        rows=rows,
    )
    return doc, tuple(by_case)


def _sheet_row(posted: list[PublicityDueRow]) -> PublicityRow:
    """One household on a notice, listed on the sheet of every board it is due on."""
    first = posted[0]
    return PublicityRow(
        head_name=first.head_name,
        village=first.village_name,
        household_size=first.household_size,
        covered_persons=first.covered_persons,
        category=first.category,
        monthly_amount=first.monthly_amount,
        places=tuple(dict.fromkeys(r.place_name for r in posted)),
        head_is_minor=first.head_is_minor,
        left_on=first.starts_on if first.kind is NoticeKind.LEAVER else None,
    )
