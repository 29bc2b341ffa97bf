"""The overdue board exported from the desktop: Excel (with the overdue rows) and PDF (with the title), written
atomically on the workers, a township filter for the county, a Chinese refusal when the file cannot be written, and a
PDF rendered after a lock dropped unwritten."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import AuditEvent
from app.db.store import unlock
from app.domain.clock import FixedClock
from app.services.demo import DEMO_TOWNSHIP
from tests.ui.conftest import ROLE_PASSWORD
from ui.panels.overdue_board_panel import OverdueBoardPanel
from ui.printing.worker import pdf_pool
from ui.session import UserSession
from ui.tasks import Executor

WAIT = 30000


def open_user(demo_dir: Path, clock: FixedClock, login: str) -> UserSession:
    store = unlock(demo_dir, login, ROLE_PASSWORD, clock=clock)
    return UserSession(store, db=Executor(threads=1), clock=clock)


@pytest.fixture
def reviewer(demo_dir: Path, clock: FixedClock, qtbot: QtBot) -> Iterator[UserSession]:
    del qtbot
    user = open_user(demo_dir, clock, "county_reviewer")
    yield user
    pdf_pool().waitForDone(WAIT)
    user.db.wait_idle()
    user.store.close()


def board_panel(qtbot: QtBot, user: UserSession) -> OverdueBoardPanel:
    panel = OverdueBoardPanel(user)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=WAIT):
        pass
    return panel


def exported(qtbot: QtBot, panel: OverdueBoardPanel, run: Any) -> Path:
    with qtbot.waitSignal(panel.exported, timeout=WAIT) as done:
        run()
    assert done.args is not None
    path = Path(done.args[0])
    assert path.is_file()
    assert not list(path.parent.glob(".*.tmp"))  # written atomically, no temp file left
    assert str(path) in panel.message.text() and "已导出" in panel.message.text()
    assert panel.export_xlsx_button.isEnabled() and panel.export_pdf_button.isEnabled()
    return path


def last_audit(user: UserSession) -> AuditEvent | None:
    with user.store.reading() as s:
        return s.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()


def test_excel_export_has_the_overdue_rows_and_is_audited(
    qtbot: QtBot, reviewer: UserSession, tmp_path: Path
) -> None:
    panel = board_panel(qtbot, reviewer)
    overdue_shown = sum(
        1 for r in range(panel.item_model.rowCount()) if panel.item_model.index(r, 5).data() == "已逾期"
    )
    assert overdue_shown > 0  # the demo township has overdue clocks on 2026-09-18
    path = exported(qtbot, panel, lambda: panel.export_xlsx(tmp_path / "督办表"))
    assert path.name == "督办表.xlsx"
    book: Any = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    assert book.sheetnames == ["汇总", "按乡镇", "按环节", "明细", "说明"]
    detail = [list(r) for r in book["明细"].iter_rows(values_only=True)]
    assert detail[0][6] == "状态"
    assert sum(1 for r in detail[1:] if r[6] == "已逾期") == overdue_shown
    assert all(str(r[3]).startswith("*") for r in detail[1:] if r[3])  # ID numbers masked
    event = last_audit(reviewer)
    assert event is not None and event.action == "board.exported" and '"xlsx"' in event.details_json


def test_pdf_export_has_the_title_and_is_audited(qtbot: QtBot, reviewer: UserSession, tmp_path: Path) -> None:
    panel = board_panel(qtbot, reviewer)
    path = exported(qtbot, panel, lambda: panel.export_pdf(tmp_path / "督办表.pdf"))
    text = "".join("".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)
    assert "低保办理期限督办表" in text
    assert "已逾期" in text
    event = last_audit(reviewer)
    assert event is not None and event.action == "board.exported" and '"pdf"' in event.details_json


def test_county_filters_one_township_and_exports_that_scope(
    qtbot: QtBot, reviewer: UserSession, tmp_path: Path
) -> None:
    panel = board_panel(qtbot, reviewer)
    assert panel.township_filter.isVisibleTo(panel)
    qtbot.waitUntil(lambda: panel.township_filter.findData(DEMO_TOWNSHIP) > 0, timeout=WAIT)
    with qtbot.waitSignal(panel.loaded, timeout=WAIT):
        panel.township_filter.setCurrentIndex(panel.township_filter.findData(DEMO_TOWNSHIP))
    name = panel.township_filter.currentText()
    assert name in panel.summary.text()
    assert {panel.item_model.index(r, 0).data() for r in range(panel.item_model.rowCount())} == {name}
    path = exported(qtbot, panel, lambda: panel.export_xlsx(tmp_path / "镇.xlsx"))
    book: Any = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    notes = {r[0]: r[1] for r in book["说明"].iter_rows(values_only=True)}
    assert str(notes["范围"]).startswith(name)
    event = last_audit(reviewer)
    assert event is not None and event.entity_id == DEMO_TOWNSHIP


def test_township_staff_see_no_township_filter(qtbot: QtBot, demo_dir: Path, clock: FixedClock) -> None:
    user = open_user(demo_dir, clock, "coordinator")
    try:
        panel = board_panel(qtbot, user)
        assert not panel.township_filter.isVisibleTo(panel)
    finally:
        user.db.wait_idle()
        user.store.close()


def test_a_file_that_cannot_be_written_is_refused_in_chinese(
    qtbot: QtBot, reviewer: UserSession, tmp_path: Path
) -> None:
    panel = board_panel(qtbot, reviewer)
    before = last_audit(reviewer)
    target = tmp_path / "没有这个文件夹" / "督办表.xlsx"
    with qtbot.waitSignal(panel.export_failed, timeout=WAIT) as failed:
        panel.export_xlsx(target)
    assert failed.args is not None
    assert "无法写入" in failed.args[0] and "督办表.xlsx" in failed.args[0]
    assert "导出失败" in panel.message.text()
    box = panel.findChild(QMessageBox, "errorBox")
    assert box is not None and "Traceback" not in box.text() and box.windowTitle() == "提示"
    box.close()
    assert not target.parent.exists()
    after = last_audit(reviewer)
    assert (after.seq if after else 0) == (before.seq if before else 0)  # the refused export is not audited
    assert panel.export_xlsx_button.isEnabled()


def test_a_pdf_rendered_after_lock_is_dropped_unwritten(
    qtbot: QtBot, demo_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    user = open_user(demo_dir, clock, "county_reviewer")
    panel = board_panel(qtbot, user)
    target = tmp_path / "late.pdf"
    panel.export_pdf(target)
    qtbot.waitUntil(lambda: panel.pdf_job is not None, timeout=WAIT)  # read done, rendering on the PDF pool
    user.db.invalidate()  # what the controller does on lock, then it closes the store
    user.db.wait_idle()
    user.store.close()
    assert pdf_pool().waitForDone(WAIT)
    qtbot.wait(200)
    assert not target.exists() and not list(tmp_path.glob(".*.tmp"))
    assert "已导出" not in panel.message.text()
    assert panel.findChild(QMessageBox, "errorBox") is None
