"""Certificate numbering: county ranges, offline issue, reprint marked and same number, void final, exhaustion."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from app.db.models import CertificateRange, IssuedCertificate
from app.db.store import OpenStore
from app.domain.clock import FixedClock
from app.domain.errors import NotFound, PermissionDenied, ValidationError
from app.domain.roles import Role
from app.services import certificates
from app.services.documents import verify_certificate_qr
from app.services.printing import PrintSettings
from reports import certificate
from tests.reports.demo_store import DEMO_CLOCK_AT, TOWNSHIP, as_role, case_in
from tests.reports.pdfcheck import flat

CLOCK = FixedClock(DEMO_CLOCK_AT)
SETTINGS = PrintSettings(serial_low_count=2)
PREFIX = "360222900-2026-"


def _allocate(store: OpenStore, key: tuple[bytes, bytes], first: int = 1, last: int = 5) -> None:
    with store.unit_of_work() as session:
        certificates.allocate_range(
            session,
            store.actor,
            township_code=TOWNSHIP,
            prefix=PREFIX,
            first=first,
            last=last,
            signing_key_pem=key[0],
            clock=CLOCK,
            reference="浮民〔2026〕12号",
        )


def test_issue_reprint_void_and_reissue_never_reuse_a_number(
    demo: OpenStore, county_key: tuple[bytes, bytes]
) -> None:
    _allocate(demo, county_key)
    clerk = as_role(demo, Role.WINDOW_CLERK)
    approved = case_in(demo, "APPROVED")
    with demo.unit_of_work() as session:
        first = certificates.issue_certificate(session, clerk, approved, clock=CLOCK, settings=SETTINGS)
    assert first.doc.number == f"{PREFIX}1"
    claims = verify_certificate_qr(first.doc.qr_payload, county_key[1])
    assert claims.number == first.doc.number and claims.monthly_amount == first.doc.monthly_amount
    text = flat(certificate.render(first.doc))
    assert first.doc.head_name in text and "补打" not in text

    with demo.unit_of_work() as session, pytest.raises(ValidationError, match="已发证"):
        certificates.issue_certificate(session, clerk, approved, clock=CLOCK, settings=SETTINGS)

    with demo.unit_of_work() as session:
        again = certificates.reprint_certificate(session, clerk, approved, clock=CLOCK, settings=SETTINGS)
    assert (again.doc.number, again.doc.reprint, again.doc.qr_payload) == (
        first.doc.number,
        1,
        first.doc.qr_payload,
    )
    assert "补打件（第1次补打）" in flat(certificate.render(again.doc))

    with demo.unit_of_work() as session:
        certificates.void_certificate(session, clerk, first.doc.number, reason="保障金额调整", clock=CLOCK)
    with demo.unit_of_work() as session, pytest.raises(ValidationError, match="作废"):
        certificates.reprint_certificate(session, clerk, first.doc.number, clock=CLOCK, settings=SETTINGS)
    with demo.unit_of_work() as session, pytest.raises(ValidationError, match="作废"):
        certificates.reprint_certificate(session, clerk, approved, clock=CLOCK, settings=SETTINGS)
    with demo.unit_of_work() as session, pytest.raises(ValidationError, match="已作废"):
        certificates.void_certificate(session, clerk, first.doc.number, reason="again", clock=CLOCK)

    with demo.unit_of_work() as session:
        renewed = certificates.issue_certificate(session, clerk, approved, clock=CLOCK, settings=SETTINGS)
        active = case_in(demo, "ACTIVE")
        other = certificates.issue_certificate(session, clerk, active, clock=CLOCK, settings=SETTINGS)
    assert renewed.doc.number == f"{PREFIX}2"
    assert other.doc.number == f"{PREFIX}3"
    # 5 numbers, 3 used: 2 left, at the warning threshold.
    assert other.warnings and "剩余最低生活保障证号 2 个" in other.warnings[0]
    with demo.reading() as session:
        numbers = list(session.scalars(select(IssuedCertificate.number)))
        history = certificates.certificates_of(session, approved)
    assert len(numbers) == len(set(numbers)) == 3
    assert [(c.number, c.voided, c.reprint_count) for c in history] == [
        (f"{PREFIX}1", True, 1),
        (f"{PREFIX}2", False, 0),
    ]


def test_exhausted_township_is_refused_without_taking_a_number(
    demo: OpenStore, county_key: tuple[bytes, bytes]
) -> None:
    _allocate(demo, county_key, 7, 7)
    clerk = as_role(demo, Role.WINDOW_CLERK)
    with demo.unit_of_work() as session:
        certificates.issue_certificate(
            session, clerk, case_in(demo, "APPROVED"), clock=CLOCK, settings=SETTINGS
        )
    with demo.unit_of_work() as session, pytest.raises(certificates.SerialsExhausted, match="号段已用完"):
        certificates.issue_certificate(
            session, clerk, case_in(demo, "ACTIVE"), clock=CLOCK, settings=SETTINGS
        )
    with demo.reading() as session:
        assert session.scalar(select(func.count()).select_from(IssuedCertificate)) == 1
        assert session.scalar(select(CertificateRange.next_serial)) == 8


def test_a_new_range_continues_and_overlaps_are_refused(
    demo: OpenStore, county_key: tuple[bytes, bytes]
) -> None:
    _allocate(demo, county_key, 1, 5)
    with pytest.raises(ValidationError, match="重叠"):
        _allocate(demo, county_key, 5, 9)
    _allocate(demo, county_key, 6, 9)
    with demo.reading() as session:
        assert certificates.remaining(session, TOWNSHIP) == 9
        # The private key is never in a sync payload.
        from app.db.models import OutboxEntry

        payloads = list(session.scalars(select(OutboxEntry.fields_json)))
    assert payloads and not any("PRIVATE KEY" in p for p in payloads)


def test_refusals_before_any_number_is_taken(demo: OpenStore, county_key: tuple[bytes, bytes]) -> None:
    _allocate(demo, county_key)
    clerk = as_role(demo, Role.WINDOW_CLERK)
    with demo.unit_of_work() as session, pytest.raises(ValidationError, match="已确认同意"):
        certificates.issue_certificate(
            session, clerk, case_in(demo, "DENIED"), clock=CLOCK, settings=SETTINGS
        )
    with demo.unit_of_work() as session, pytest.raises(PermissionDenied):
        certificates.issue_certificate(
            session,
            as_role(demo, Role.INVESTIGATOR),
            case_in(demo, "APPROVED"),
            clock=CLOCK,
            settings=SETTINGS,
        )
    with demo.unit_of_work() as session, pytest.raises(PermissionDenied):
        certificates.allocate_range(
            session,
            clerk,
            township_code=TOWNSHIP,
            prefix="X-",
            first=1,
            last=2,
            signing_key_pem=county_key[0],
            clock=CLOCK,
        )
    with demo.unit_of_work() as session, pytest.raises(NotFound):
        certificates.reprint_certificate(session, clerk, "NO-SUCH-1", clock=CLOCK, settings=SETTINGS)
    with demo.unit_of_work() as session, pytest.raises(ValidationError, match="原因"):
        certificates.void_certificate(session, clerk, "NO-SUCH-1", reason=" ", clock=CLOCK)
    with demo.reading() as session:
        assert session.scalar(select(CertificateRange.next_serial)) == 1


def test_a_changed_amount_cannot_be_reprinted_on_the_old_number(
    demo: OpenStore, county_key: tuple[bytes, bytes]
) -> None:
    from app.db.models import CaseDecision

    _allocate(demo, county_key)
    clerk = as_role(demo, Role.WINDOW_CLERK)
    approved = case_in(demo, "APPROVED")
    with demo.unit_of_work() as session:
        issued = certificates.issue_certificate(session, clerk, approved, clock=CLOCK, settings=SETTINGS)
    with demo.unit_of_work() as session:
        decision = session.scalars(select(CaseDecision).where(CaseDecision.result == "APPROVED")).all()
        for d in decision:
            if str(d.case_id) == approved:
                d.amount_fen += 10000
    with demo.unit_of_work() as session, pytest.raises(ValidationError, match="作废原证后重新发证"):
        certificates.reprint_certificate(session, clerk, issued.doc.number, clock=CLOCK, settings=SETTINGS)
    assert dataclasses.replace(issued.doc).reprint == 0
