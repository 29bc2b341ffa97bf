"""Case print buttons end to end: DB thread builds, PDF pool renders, the audit hook records on the DB thread."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import AuditEvent
from app.db.store import OpenStore
from app.domain.clock import FixedClock
from app.domain.roles import Role
from app.services import certificates
from app.services.documents import DocumentKind
from app.services.printing import PrintSettings
from tests.reports.demo_store import DEMO_CLOCK_AT, TOWNSHIP, case_in, county_key, demo, demo_template  # noqa: F401  (fixtures)
from tests.reports.pdfcheck import flat
from ui.printing.case_actions import CasePrinting
from ui.session import UserSession
from ui.tasks import Executor


@pytest.fixture
def printing(qtbot: QtBot, demo: OpenStore, county_key: tuple[bytes, bytes]) -> Iterator[CasePrinting]:  # noqa: F811
    clock = FixedClock(DEMO_CLOCK_AT)
    with demo.unit_of_work() as session:
        certificates.allocate_range(
            session,
            demo.actor,
            township_code=TOWNSHIP,
            prefix="360222900-2026-",
            first=1,
            last=9,
            signing_key_pem=county_key[0],
            clock=clock,
        )
    demo.actor = dataclasses.replace(demo.actor, role=Role.WINDOW_CLERK)
    window = QWidget()
    qtbot.addWidget(window)
    db = Executor(threads=1)
    user = UserSession(demo, db=db, clock=clock)
    yield CasePrinting(window, user, settings=PrintSettings(serial_low_count=0))
    db.wait_idle()


def _events(store: OpenStore, action: str) -> list[AuditEvent]:
    with store.reading() as session:
        rows = list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))
        session.expunge_all()
    return rows


def test_issue_certificate_saves_and_audits(
    qtbot: QtBot,
    printing: CasePrinting,
    demo: OpenStore,  # noqa: F811
    tmp_path: Path,
) -> None:
    approved = case_in(demo, "APPROVED")
    with qtbot.waitSignal(printing.controller.saved, timeout=60000) as saved:
        printing.issue_certificate(approved, tmp_path / "证")
    text = flat(Path(saved.args[0]).read_bytes())
    assert "证号：360222900-2026-1" in text
    qtbot.waitUntil(lambda: len(_events(demo, "document.exported")) == 1, timeout=10000)
    event = _events(demo, "document.exported")[0]
    assert event.entity_id == approved and '"kind":"certificate"' in event.details_json

    with qtbot.waitSignal(printing.controller.saved, timeout=60000):
        printing.reprint_certificate(approved, tmp_path / "补")
    assert "补打件（第1次补打）" in flat((tmp_path / "补.pdf").read_bytes())


def test_preview_of_a_case_document_and_a_refusal(
    qtbot: QtBot,
    printing: CasePrinting,
    demo: OpenStore,  # noqa: F811
) -> None:
    with qtbot.waitSignal(printing.controller.preview_ready, timeout=60000) as ready:
        printing.preview(DocumentKind.DENIAL, case_in(demo, "DENIED"))
    ready.args[0].reject()
    with qtbot.waitSignal(printing.failed, timeout=30000) as failed:
        printing.issue_certificate(case_in(demo, "DENIED"))
    assert "已确认同意" in failed.args[0]
    with qtbot.waitSignal(printing.failed, timeout=30000) as failed:
        printing.preview(DocumentKind.INVESTIGATION, case_in(demo, "ACCEPTED"))
    assert "入户调查记录" in failed.args[0]
