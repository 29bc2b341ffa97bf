"""Evidence letters: sent, replied with figures and a scan, and the figures feed the assessment as LETTER evidence."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from app.db.keyslots import load as load_slots
from app.db.models import Person
from app.db.store import OpenStore
from app.domain.clock import FixedClock
from app.services import evidence
from app.services import field_records as fr
from app.services.field_records import SignOffInput
from app.workflow.assessment import (
    AssessmentInput,
    AssetKind,
    EvidenceSource,
    IncomeCategory,
    Member,
    assess_income,
)
from app.workflow.rules import AreaType, YearMonth, default_rule_book
from tests.forms.helpers import CaseSetup, add_investigators, jpeg_bytes, make_case

ON = date(2026, 9, 18)


@pytest.fixture
def case(store: OpenStore, clock: FixedClock) -> CaseSetup:
    setup = make_case(store, clock)
    return replace(setup, investigators=add_investigators(store, clock, ("inv_wang",)))


def _letter(case: CaseSetup, *, no: str, id_number: str) -> dict[str, Any]:
    return {
        "letter_no": no,
        "recipient_unit": "浮梁县社会保险事业管理局",
        "subject_name": case.household.head.name,
        "subject_id_type": "resident",
        "subject_id_number": id_number,
        "query_items": ["工资", "存款"],
        "sent_on": "2026-09-10",
    }


def test_reply_figures_become_letter_evidence_for_the_assessment(
    store: OpenStore, clock: FixedClock, case: CaseSetup
) -> None:
    actor = case.investigators["inv_wang"]
    head = case.household.head
    with store.unit_of_work() as session:
        sent = fr.start_record(
            session,
            actor,
            form_code="EVIDENCE_LETTER",
            case_id=case.case_id,
            clock=clock,
            data=_letter(case, no="浮民函〔2026〕12号", id_number=head.id_number),
        )
        stranger = fr.start_record(
            session,
            actor,
            form_code="EVIDENCE_LETTER",
            case_id=case.case_id,
            clock=clock,
            data=_letter(case, no="浮民函〔2026〕13号", id_number="11010519491231002X"),
        )
    with store.reading() as session:
        [first, second] = evidence.letters(session, case_id=case.case_id)
        assert (first.status, first.is_final, first.reply_on) == (evidence.LetterStatus.SENT, False, None)
        pending = evidence.letter_evidence(session, case_id=case.case_id, rules=default_rule_book(), on=ON)
        assert (
            pending.pending_letters == ("浮民函〔2026〕12号", "浮民函〔2026〕13号") and pending.incomes == ()
        )
        assert second.letter_no == "浮民函〔2026〕13号"

    reply = {
        "reply_on": "2026-09-15",
        "reply_conclusion": "该人2026年3月至8月在本县务工，月工资1800元；银行存款2万元。",
        "figures": [
            {
                "kind": "INCOME",
                "subtype": "WAGE_SALARY",
                "unit": "PER_MONTH",
                "period_from": "2026-03-01",
                "period_to": "2026-08-31",
                "amount": "1800.00",
            },
            {"kind": "ASSET", "asset_kind": "DEPOSIT", "amount": "20000.00"},
        ],
    }
    for record_id in (sent.id, stranger.id):
        with store.unit_of_work() as session:
            data = {**fr.get_record(session, record_id).data, **reply}
            fr.save_draft(session, actor, record_id=record_id, data=data, clock=clock)
            fr.attach_photo(
                session,
                actor,
                record_id=record_id,
                field_key="scans",
                raw=jpeg_bytes((1700, 2300)),
                category="REPLY_SCAN",
                caption="回函",
                clock=clock,
            )
            # A letter needs no investigator pair: the actor alone finalises it.
            fr.finalize(
                session,
                actor,
                record_id=record_id,
                sign_off=SignOffInput(),
                slots=load_slots(store.paths.slots),
                clock=clock,
            )

    with store.reading() as session:
        letters = evidence.letters(session, case_id=case.case_id)
        assert [(x.status, x.is_final, x.scans) for x in letters] == [
            (evidence.LetterStatus.REPLIED, True, 1)
        ] * 2
        found = evidence.letter_evidence(session, case_id=case.case_id, rules=default_rule_book(), on=ON)
        head_id = str(session.scalars(select(Person.id).where(Person.id_number == head.id_number)).one())
        members = [
            str(p)
            for p in session.scalars(
                select(Person.id).where(Person.household_id == uuid.UUID(case.household_id))
            )
        ]
    assert found.unmatched_letters == ("浮民函〔2026〕13号",)  # the subject is not a household member
    assert found.pending_letters == ()
    [income] = found.incomes
    assert (income.member_id, income.category, income.amount, income.evidence) == (
        head_id,
        IncomeCategory.WAGE,
        Decimal("1800.00"),
        EvidenceSource.LETTER,
    )
    assert (income.first_month, income.last_month) == (YearMonth(2026, 3), YearMonth(2026, 8))
    [asset] = found.assets
    assert (asset.kind, asset.value, asset.evidence) == (
        AssetKind.DEPOSIT,
        Decimal("20000.00"),
        EvidenceSource.LETTER,
    )

    # The assessment reads them like any other income line.
    inputs = AssessmentInput(
        case.case_id,
        "360222",
        AreaType.RURAL,
        ON,
        tuple(Member(m) for m in members),
        incomes=found.incomes,
    )
    assessed = assess_income(inputs, default_rule_book(), ON)
    assert [(ln.item.evidence, ln.counted, ln.months_in_window) for ln in assessed.lines] == [
        (EvidenceSource.LETTER, True, 6)
    ]
