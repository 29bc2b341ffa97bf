"""Real-name reports (实名举报) from the county's panel: log one about a family found by name, verify it, answer the
reporter; refusals in Chinese over a dialog that keeps what was typed; the reporter's contact never in the list and in
full only on an audited request; a result arriving after lock is dropped; township staff are refused."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import AuditEvent
from app.db.store import unlock
from app.domain.clock import FixedClock
from app.services.case_search import CaseQuery, CaseRow, find_cases
from app.services.demo import DEMO_TOWNSHIP
from app.services.supervision.real_name_reports import ReportRow
from tests.ui.conftest import ROLE_PASSWORD
from tests.ui.test_warning_actions import error_text
from ui.dialogs.real_name_report_dialogs import LogReportDialog, ReplyReportDialog, VerifyReportDialog
from ui.dialogs.spot_check_dialogs import ActionDialog
from ui.panels.real_name_reports_panel import ALL, RealNameReportsPanel
from ui.session import UserSession
from ui.tasks import Executor

WAIT = 20000
CONTACT = "19900001234"
D = TypeVar("D", bound=QWidget)


@pytest.fixture
def open_as(demo_dir: Path, clock: FixedClock, qtbot: QtBot) -> Iterator[Callable[[str], UserSession]]:
    del qtbot
    opened: list[UserSession] = []

    def open_(login: str) -> UserSession:
        store = unlock(demo_dir, login, ROLE_PASSWORD, clock=clock)
        user = UserSession(store, db=Executor(threads=1), clock=clock)
        opened.append(user)
        return user

    yield open_
    for user in opened:
        user.db.wait_idle()
        user.store.close()


def open_panel(qtbot: QtBot, user: UserSession) -> RealNameReportsPanel:
    panel = RealNameReportsPanel(user)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=WAIT):
        pass
    return panel


def dialog_of(qtbot: QtBot, panel: RealNameReportsPanel, kind: type[D]) -> D:
    qtbot.waitUntil(lambda: isinstance(panel.dialog, kind) and panel.dialog.isVisible(), timeout=WAIT)
    assert isinstance(panel.dialog, kind)
    return panel.dialog


def submit_ok(qtbot: QtBot, panel: RealNameReportsPanel, dialog: ActionDialog) -> ReportRow:
    with qtbot.waitSignal(panel.acted, timeout=WAIT) as acted, qtbot.waitSignal(panel.loaded, timeout=WAIT):
        dialog.ok.click()
    row = acted.args[0] if acted.args else None
    assert isinstance(row, ReportRow)
    assert panel.dialog is None
    return row


def refused(qtbot: QtBot, dialog: ActionDialog) -> str:
    dialog.ok.click()
    text = error_text(qtbot, dialog)
    assert dialog.isVisible() and dialog.ok.isEnabled()
    return text


def list_text(panel: RealNameReportsPanel) -> str:
    m = panel.model
    return "|".join(str(m.index(r, c).data()) for r in range(m.rowCount()) for c in range(m.columnCount()))


def a_demo_case(user: UserSession) -> CaseRow:
    with user.store.reading() as s:
        rows = find_cases(
            s,
            user.actor,
            CaseQuery(),
            page=1,
            calendar=user.calendar(s),
            rules=user.rules,
            today=user.clock.today(),
        ).first_rows
    return rows[0]


def same(a: str | None, b: str) -> bool:
    return a is not None and uuid.UUID(a) == uuid.UUID(b)


def test_a_report_is_logged_verified_and_answered(
    qtbot: QtBot, open_as: Callable[[str], UserSession]
) -> None:
    user = open_as("county_reviewer")
    panel = open_panel(qtbot, user)
    assert panel.rows == () and "共 0 条" in panel.summary.text()
    case = a_demo_case(user)

    # 登记举报: a reporter without a name is refused; what was typed stays.
    panel.log_button.click()
    dialog = dialog_of(qtbot, panel, LogReportDialog)
    dialog.choose(channel="HOTLINE")
    dialog.reporter_contact.setText(CONTACT)
    dialog.content.setPlainText("反映该户家中有营运车辆")
    assert "实名举报须登记举报人姓名" in refused(qtbot, dialog)
    assert dialog.content.toPlainText() == "反映该户家中有营运车辆"
    # The family is found by the head's name and the report tied to its case.
    dialog.reporter_name.setText("举报人甲")
    dialog.search_text.setText(case.head_name)
    dialog.search_button.click()
    log_dialog = dialog
    qtbot.waitUntil(lambda: log_dialog.case.findData(case.id) >= 0, timeout=WAIT)
    assert "找到" in dialog.search_note.text()
    dialog.choose(case_id=case.id)
    assert not dialog.township.isEnabled()  # the case names the township
    logged = submit_ok(qtbot, panel, dialog)
    assert same(logged.case_id, case.id) and logged.township_code == DEMO_TOWNSHIP and logged.status == "OPEN"
    assert "已登记" in panel.message.text()

    # A second report, about a township and without a contact.
    panel.log_button.click()
    dialog = dialog_of(qtbot, panel, LogReportDialog)
    dialog.reporter_name.setText("举报人乙")
    dialog.choose(channel="LETTER", township_code=DEMO_TOWNSHIP)
    dialog.content.setPlainText("反映某村评议走过场")
    other = submit_ok(qtbot, panel, dialog)
    assert other.case_id is None and other.township_code == DEMO_TOWNSHIP

    # The contact never shows in the list; the detail shows it masked, in full only on request (audited).
    assert [r.id for r in panel.rows] == [logged.id, other.id]
    assert "共 2 条，其中待核实 2 条" in panel.summary.text()
    assert "1234" not in list_text(panel) and "举报人甲" in list_text(panel)
    assert panel.select_report(logged.id)
    assert "*******1234" in panel.detail.text() and CONTACT not in panel.detail.text()
    with qtbot.waitSignal(panel.contact_revealed, timeout=WAIT):
        panel.reveal_button.click()
    assert CONTACT in panel.detail.text() and CONTACT not in list_text(panel)
    with user.store.reading() as s:
        (event,) = s.scalars(select(AuditEvent).where(AuditEvent.action == "report.contact_revealed"))
        assert event.entity_id == logged.id
    assert panel.select_report(other.id)
    assert not panel.reveal_button.isEnabled()  # nothing to reveal
    assert panel.select_report(logged.id)
    assert CONTACT not in panel.detail.text()  # shown again only on a new request

    # 登记答复 before the verification is refused.
    panel.reply_button.click()
    dialog = dialog_of(qtbot, panel, ReplyReportDialog)
    dialog.text.setPlainText("已电话反馈")
    assert "须先登记核实结果" in refused(qtbot, dialog)
    assert dialog.text.toPlainText() == "已电话反馈"
    dialog.reject()

    # 登记核查结果: incomplete is refused, then recorded.
    panel.verify_button.click()
    dialog = dialog_of(qtbot, panel, VerifyReportDialog)
    dialog.finding.setPlainText("经入户核实，车辆已于 2025 年报废")
    assert "请填写核实人员和核实结果" in refused(qtbot, dialog)
    dialog.verifier.setText("县民政局 丙")
    verified = submit_ok(qtbot, panel, dialog)
    assert verified.status_label == "已核实待反馈" and verified.verifier == "县民政局 丙"
    assert "车辆已于 2025 年报废" in panel.detail.text()
    # A second verification is refused.
    panel.verify_button.click()
    dialog = dialog_of(qtbot, panel, VerifyReportDialog)
    dialog.verifier.setText("甲")
    dialog.finding.setPlainText("x")
    assert "不能重复登记核实结果" in refused(qtbot, dialog)
    dialog.reject()

    # 登记答复 closes the report: gone from the open list, shown under 全部.
    panel.reply_button.click()
    dialog = dialog_of(qtbot, panel, ReplyReportDialog)
    assert "车辆已于 2025 年报废" in dialog.findChild(QWidget, "reportFound").text()  # type: ignore[union-attr]
    dialog.choose(method="PHONE")
    dialog.text.setPlainText("已电话告知举报人核实结果")
    replied = submit_ok(qtbot, panel, dialog)
    assert replied.status == "REPLIED" and replied.reply_method_label == "电话"
    assert [r.id for r in panel.rows] == [other.id]
    with qtbot.waitSignal(panel.loaded, timeout=WAIT):
        panel.filter.setCurrentIndex(panel.filter.findData(ALL))
    assert [r.status_label for r in panel.rows] == ["已反馈举报人", "待核实"]
    assert panel.select_report(logged.id)
    assert "已电话告知举报人核实结果" in panel.detail.text()

    # A report tied to a case opens it on double-click.
    with qtbot.waitSignal(panel.case_activated, timeout=WAIT) as opened:
        panel.table.activated.emit(panel.model.index(0, 0))
    assert opened.args is not None and same(opened.args[0], case.id)


def test_a_result_arriving_after_lock_is_dropped(qtbot: QtBot, open_as: Callable[[str], UserSession]) -> None:
    user = open_as("county_reviewer")
    panel = open_panel(qtbot, user)
    seen: list[object] = []
    panel.acted.connect(seen.append)
    panel.log_button.click()
    dialog = dialog_of(qtbot, panel, LogReportDialog)
    dialog.reporter_name.setText("举报人丙")
    dialog.content.setPlainText("反映某户隐瞒收入")
    dialog.ok.click()
    user.db.invalidate()  # the store locks before the result reaches the UI thread
    assert user.db.wait_idle()
    qtbot.wait(200)
    assert seen == [] and panel.message.text() == "" and panel.rows == ()


def test_township_staff_are_refused_in_chinese(qtbot: QtBot, open_as: Callable[[str], UserSession]) -> None:
    panel = RealNameReportsPanel(open_as("window_clerk"))
    qtbot.addWidget(panel)
    text = error_text(qtbot, panel)
    assert "无权执行此操作" in text
