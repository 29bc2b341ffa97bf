"""Evidence letters (信函索证): letters sent and replies received, and the replies' figures for the assessment.

A letter is an EVIDENCE_LETTER form record (``forms.definitions.evidence_letter``): it is saved as a draft when the
letter goes out and finalised once the reply, its figures and its scan are in. ``letter_evidence`` turns the figures
of every current final reply into ``app.workflow.assessment`` inputs marked ``EvidenceSource.LETTER``, matched to
household members by ID number.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Case, Person
from app.db.models.records import RECORD_FINAL
from app.domain.errors import NotFound
from app.domain.idnumber import normalize_id_text
from app.services.field_records import list_records
from app.workflow.assessment import Asset, AssetKind, EvidenceSource, IncomeItem
from app.workflow.rules import RuleReader, YearMonth, income_subtype
from forms.definitions.evidence_letter import ASSET, EVIDENCE_LETTER, INCOME
from forms.values import parse_date, parse_money

FORM_CODE = EVIDENCE_LETTER.code


class LetterStatus(StrEnum):
    SENT = "SENT"
    REPLIED = "REPLIED"


LETTER_STATUS_LABELS: dict[LetterStatus, str] = {
    LetterStatus.SENT: "已发函，待回函",
    LetterStatus.REPLIED: "已回函",
}


@dataclass(frozen=True, slots=True)
class LetterFigure:
    kind: str  # INCOME | ASSET
    amount: Decimal
    subtype: str = ""
    unit: str = ""
    period_from: date | None = None
    period_to: date | None = None
    asset_kind: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class LetterSummary:
    record_id: str
    letter_no: str
    recipient_unit: str
    subject_name: str
    subject_id_number: str
    sent_on: date | None
    reply_on: date | None
    status: LetterStatus
    is_final: bool
    figures: tuple[LetterFigure, ...]
    scans: int


def _date(value: Any) -> date | None:
    try:
        return parse_date(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _figures(data: dict[str, Any]) -> tuple[LetterFigure, ...]:
    out: list[LetterFigure] = []
    for raw in cast(list[Any], data.get("figures") or []):
        if not isinstance(raw, dict):
            continue
        row = cast(dict[str, Any], raw)
        try:
            amount = parse_money(str(row.get("amount", "")))
        except ValueError:
            continue
        out.append(
            LetterFigure(
                kind=str(row.get("kind", "")),
                amount=amount,
                subtype=str(row.get("subtype", "") or ""),
                unit=str(row.get("unit", "") or ""),
                period_from=_date(row.get("period_from")),
                period_to=_date(row.get("period_to")),
                asset_kind=str(row.get("asset_kind", "") or ""),
                note=str(row.get("note", "") or ""),
            )
        )
    return tuple(out)


def letters(session: Session, *, case_id: str) -> list[LetterSummary]:
    """Every current letter of the case (drafts included: a letter sent but not yet answered is a draft)."""
    out: list[LetterSummary] = []
    for view in list_records(session, case_id=case_id, form_code=FORM_CODE):
        data = view.data
        reply_on = _date(data.get("reply_on"))
        out.append(
            LetterSummary(
                record_id=view.id,
                letter_no=str(data.get("letter_no", "")),
                recipient_unit=str(data.get("recipient_unit", "")),
                subject_name=str(data.get("subject_name", "")),
                subject_id_number=str(data.get("subject_id_number", "")),
                sent_on=_date(data.get("sent_on")),
                reply_on=reply_on,
                status=LetterStatus.REPLIED if reply_on else LetterStatus.SENT,
                is_final=view.status == RECORD_FINAL,
                figures=_figures(data),
                scans=len(cast(list[Any], data.get("scans") or [])),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class LetterEvidence:
    incomes: tuple[IncomeItem, ...]
    assets: tuple[Asset, ...]
    # Letter numbers whose subject is not a member of the case's household (their figures are left out).
    unmatched_letters: tuple[str, ...]
    pending_letters: tuple[str, ...]


def letter_evidence(session: Session, *, case_id: str, rules: RuleReader, on: date) -> LetterEvidence:
    """Income items and assets from the replies, ready to join the assessment input."""
    case = session.get(Case, uuid.UUID(case_id))
    if case is None:
        raise NotFound(what=f"案件 {case_id}")
    members = {
        normalize_id_text(p.id_number): str(p.id)
        for p in session.scalars(select(Person).where(Person.household_id == case.household_id))
        if p.id_number
    }
    incomes: list[IncomeItem] = []
    assets: list[Asset] = []
    unmatched: list[str] = []
    pending: list[str] = []
    for letter in letters(session, case_id=case_id):
        if not letter.is_final or letter.status is not LetterStatus.REPLIED:
            pending.append(letter.letter_no)
            continue
        member_id = members.get(normalize_id_text(letter.subject_id_number))
        if member_id is None:
            unmatched.append(letter.letter_no)
            continue
        for n, figure in enumerate(letter.figures):
            item_id = f"{letter.record_id}:{n}"
            if figure.kind == INCOME and figure.period_from and figure.period_to:
                subtype = income_subtype(rules, figure.subtype, on)
                incomes.append(
                    IncomeItem(
                        member_id=member_id,
                        category=subtype.category,
                        subtype=figure.subtype,
                        amount=figure.amount,
                        unit=figure.unit,
                        first_month=YearMonth.of(figure.period_from),
                        last_month=YearMonth.of(figure.period_to),
                        evidence=EvidenceSource.LETTER,
                        item_id=item_id,
                    )
                )
            elif figure.kind == ASSET and figure.asset_kind:
                assets.append(
                    Asset(
                        asset_id=item_id,
                        kind=AssetKind(figure.asset_kind),
                        value=figure.amount,
                        member_id=member_id,
                        evidence=EvidenceSource.LETTER,
                    )
                )
    return LetterEvidence(tuple(incomes), tuple(assets), tuple(unmatched), tuple(pending))
