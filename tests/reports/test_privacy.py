"""DOMAIN §8.8/§13: a public notice never shows an ID number, an account, a phone, an address detail, a diagnosis,
a disability grade, or a minor's name or age — not even masked. Fed from the store, through the real builders."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select

from app.db.models import Case, Household, Person
from app.db.store import OpenStore
from app.domain.clock import FixedClock
from app.domain.idnumber import age_between, mask_account, mask_id_number, mask_phone
from app.domain.roles import Role
from app.domain.synthetic import SyntheticGenerator
from app.services import field_records
from app.services.documents import PUBLIC_KINDS, DocumentKind, PublicityDoc, PublicityKind
from app.services.printing import PrintSettings
from app.services.supervision.publicity import NoticeKind, build_notice_doc
from app.workflow.rules import default_rule_book
from reports.catalog import render_document
from tests.reports.demo_store import DEMO_CLOCK_AT, TOWNSHIP, as_role
from tests.reports.pdfcheck import all_chars, text

TODAY = date(2026, 9, 18)
SETTINGS = PrintSettings(township_phone="0798-2620000", county_hotline="0798-12345")
DIAGNOSES = ("尿毒症", "精神分裂症", "肢体二级")
HOUSE_NUMBER = "陶瓷路88号"


def _make_sensitive(store: OpenStore) -> tuple[list[str], list[str]]:
    """Give the publicized and paid households minors, phones, accounts, diagnoses and a street address.

    Returns (forbidden strings, names that must still be printed)."""
    gen = SyntheticGenerator(99, today=TODAY)
    forbidden: list[str] = [*DIAGNOSES, HOUSE_NUMBER, "二级"]
    printed: list[str] = []
    clock = FixedClock(DEMO_CLOCK_AT)
    with store.unit_of_work() as session:
        cases = list(
            session.scalars(
                select(Case).where(
                    Case.township_code == TOWNSHIP,
                    Case.state.in_(("PUBLICIZING", "APPROVED", "ACTIVE", "TERMINATED")),
                )
            )
        )
        for n, case in enumerate(cases):
            household = session.get(Household, case.household_id)
            assert household is not None
            household.hukou_address = household.residence_address = (
                f"江西省景德镇市浮梁县示例镇{HOUSE_NUMBER}"
            )
            people = list(session.scalars(select(Person).where(Person.household_id == household.id)))
            for m, person in enumerate(people):
                if m > 0 or n == 0:  # household 0: even the applicant (head) is a minor
                    person.birth_date = date(2012 + m, 3, 1)
                person.phone = gen.phone()
                if person.id_number:
                    forbidden += [person.id_number, mask_id_number(person.id_number)]
                forbidden += [person.phone, mask_phone(person.phone)]
                if person.birth_date and age_between(person.birth_date, TODAY) < 18:
                    forbidden += [person.name, f"{age_between(person.birth_date, TODAY)}岁"]
                elif person.is_head:
                    printed.append(person.name)
            account = gen.bank_account()
            forbidden += [account, mask_account(account)]
            field_records.start_record(
                session,
                as_role(store, Role.INVESTIGATOR),
                form_code="HOME_INVESTIGATION",
                case_id=str(case.id),
                clock=clock,
                data={
                    "visit_date": "2026-09-15",
                    "members": [
                        {"name": p.name, "id_type": p.id_type.lower(), "id_number": p.id_number}
                        for p in people
                    ],
                    "findings": f"户主确诊{DIAGNOSES[0]}，配偶{DIAGNOSES[1]}，{DIAGNOSES[2]}残疾；开户账号{account}",
                    "address_seen": household.residence_address,
                    "durable_goods": f"联系电话{people[0].phone}",
                },
            )
    return forbidden, printed


def test_public_documents_leak_nothing_private(demo: OpenStore) -> None:
    forbidden, printed = _make_sensitive(demo)
    rules = default_rule_book()
    assert {DocumentKind.PUBLICITY} == PUBLIC_KINDS
    rendered = 0
    docs: list[PublicityDoc] = []
    with demo.reading() as session:
        # The boards' sheets from the publicity read model (the clerk's 公示 print and `dibao print publicity`),
        # leavers included.
        for notice in NoticeKind:
            doc, _ids = build_notice_doc(
                session,
                as_role(demo, Role.WINDOW_CLERK),
                township_code=TOWNSHIP,
                kind=notice,
                on=TODAY,
                settings=SETTINGS,
                rules=rules,
            )
            docs.append(doc)
    assert {d.kind for d in docs} == set(PublicityKind)
    for doc in docs:
        kind = doc.kind
        pdf = render_document(doc)
        everything = all_chars(pdf) + text(pdf)
        compact = "".join(everything.split())
        leaked = [s for s in forbidden if s in everything or s in compact]
        assert leaked == [], f"{kind}: {leaked}"
        assert "（未成年人）" in compact or kind is not PublicityKind.INITIAL
        rendered += 1
    assert rendered == len(NoticeKind)  # every sheet the boards get: initial, approved, leavers
    # The test can fail: the same strings are on the internal investigation form, which may carry them.
    from app.services.printing import build_investigation_doc

    with demo.reading() as session:
        case_id = session.scalars(select(Case.id).where(Case.state == "PUBLICIZING")).first()
        assert case_id is not None
        internal = render_document(build_investigation_doc(session, str(uuid.UUID(str(case_id)))))
    assert DIAGNOSES[0] in "".join(text(internal).split())
    assert printed, "adult applicants are still named"
