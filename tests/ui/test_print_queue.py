"""The clerk's print queue lists what each case waits for and explains a refusal (no certificate numbers yet)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.db.store import unlock
from app.domain.clock import FixedClock
from app.services.documents import DocumentKind
from tests.ui.conftest import ROLE_PASSWORD
from ui.panels.print_queue import PrintQueuePanel
from ui.session import UserSession
from ui.tasks import Executor


@pytest.fixture
def clerk(demo_dir: Path, clock: FixedClock, qtbot: QtBot) -> Iterator[UserSession]:
    del qtbot
    store = unlock(demo_dir, "window_clerk", ROLE_PASSWORD, clock=clock)
    executor = Executor(threads=1)
    yield UserSession(store, db=executor, clock=clock)
    executor.wait_idle()
    store.close()


def test_queue_lists_certificates_and_notices_waiting(qtbot: QtBot, clerk: UserSession) -> None:
    panel = PrintQueuePanel(clerk)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=20000):
        pass
    kinds = {item.kind for item in panel.items}
    assert DocumentKind.CERTIFICATE in kinds  # the demo has an approved case
    assert DocumentKind.DENIAL in kinds  # and a denied one
    assert all(
        "*" in panel.model.index(r, 1).data() or not panel.model.index(r, 1).data()
        for r in range(panel.model.rowCount())
    )


def test_an_approved_demo_case_gets_a_certificate_number_and_a_preview(
    qtbot: QtBot, clerk: UserSession
) -> None:
    from dataclasses import replace

    from sqlalchemy import select

    from app.db.models.certificates import IssuedCertificate
    from app.domain.roles import Role
    from app.services.demo import add_demo_certificate_range

    with clerk.store.unit_of_work() as session:  # what `dibao demo` adds after the cases
        add_demo_certificate_range(session, replace(clerk.actor, role=Role.ADMIN), clerk.clock)
    panel = PrintQueuePanel(clerk)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=20000):
        pass
    row = next(n for n, item in enumerate(panel.items) if item.kind is DocumentKind.CERTIFICATE)
    panel.print_item(row)

    def issued() -> list[str]:
        with clerk.store.reading() as session:
            return list(session.scalars(select(IssuedCertificate.number)))

    qtbot.waitUntil(lambda: len(issued()) == 1, timeout=20000)
    assert issued()[0].startswith("DEMO-360222900-")  # the demo's clearly-marked training range
    assert "号段" not in panel.message.text()
    # Let the preview's PDF job finish and close its dialog before the panel goes away with the test.
    from PySide6.QtWidgets import QApplication, QDialog

    from ui.printing.worker import pdf_pool

    qtbot.waitUntil(lambda: pdf_pool().activeThreadCount() == 0, timeout=30000)
    qtbot.waitUntil(
        lambda: any(isinstance(w, QDialog) and w.isVisible() for w in QApplication.topLevelWidgets()),
        timeout=30000,
    )
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog):
            widget.close()


def test_case_detail_offers_the_documents_its_state_allows(qtbot: QtBot, clerk: UserSession) -> None:
    from PySide6.QtWidgets import QToolButton
    from sqlalchemy import select

    from app.db.models import Case
    from ui.panels.case_detail import CaseDetailPanel

    with clerk.store.reading() as session:
        denied = str(session.scalars(select(Case.id).where(Case.state == "DENIED")).first())
        approved = str(session.scalars(select(Case.id).where(Case.state == "APPROVED")).first())
    offered: dict[str, list[str]] = {}
    for case_id in (denied, approved):
        panel = CaseDetailPanel(clerk, case_id)
        qtbot.addWidget(panel)
        qtbot.waitUntil(lambda p=panel: p.detail is not None, timeout=10000)
        button = panel.findChild(QToolButton, "printMenu")
        assert button is not None
        offered[case_id] = [a.text() for a in button.menu().actions()]
    assert "最低生活保障不予同意告知书" in offered[denied]
    assert "最低生活保障证" not in offered[denied]
    assert "最低生活保障证" in offered[approved]
