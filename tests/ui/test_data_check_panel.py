"""信息核对 from the desktop: the township asks from the case, the county records the report (with an anomaly) through
the dialog, the township's case shows it and settles the anomaly; refusals in Chinese keep the dialog and what was
typed; the worklist marks overdue requests in red; a result arriving after a lock is dropped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Case
from app.db.store import unlock
from app.domain.clock import FixedClock
from app.services.demo import DEMO_TOWNSHIP
from app.services.supervision.data_checks import Conclusion, Resolution, request_data_check
from app.services.workflow import apply_action
from app.workflow.states import Action
from tests.ui.conftest import ROLE_PASSWORD
from ui.dialogs.data_check_dialogs import ReportDialog
from ui.panels.case_data_checks import CaseDataChecksTab
from ui.panels.case_detail import CaseDetailPanel
from ui.panels.data_check_panel import DataCheckPanel
from ui.panels.tables import RED
from ui.session import UserSession
from ui.tasks import Executor

WAIT = 20000
PDF = b"%PDF-1.4\n% synthetic scan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def open_as(demo_dir: Path, clock: FixedClock, qtbot: QtBot) -> Iterator[Callable[..., UserSession]]:
    del qtbot
    opened: list[UserSession] = []

    def open_(login: str, on: FixedClock | None = None) -> UserSession:
        store = unlock(demo_dir, login, ROLE_PASSWORD, clock=on or clock)
        user = UserSession(store, db=Executor(threads=1), clock=on or clock)
        opened.append(user)
        return user

    yield open_
    for user in opened:
        user.db.wait_idle()
        if user.store.is_open:
            user.store.close()


def accepted_cases(user: UserSession) -> list[str]:
    """Demo cases accepted at the window whose data check has not been asked for."""
    with user.store.reading() as s:
        return [
            str(i)
            for i in s.scalars(
                select(Case.id)
                .where(
                    Case.township_code == DEMO_TOWNSHIP,
                    Case.state == "ACCEPTED",
                    Case.data_check_state.is_(None),
                )
                .order_by(Case.id)
            )
        ]


def error_text(qtbot: QtBot, parent: QWidget) -> str:
    qtbot.waitUntil(lambda: parent.findChild(QMessageBox, "errorBox") is not None, timeout=WAIT)
    box = parent.findChild(QMessageBox, "errorBox")
    assert box is not None and box.isVisible()
    text = box.text()
    box.setObjectName("seenErrorBox")
    box.close()
    assert "Traceback" not in text and box.windowTitle() == "提示"
    return text


def case_tab(qtbot: QtBot, user: UserSession, case_id: str) -> tuple[CaseDetailPanel, CaseDataChecksTab]:
    detail = CaseDetailPanel(user, case_id)
    qtbot.addWidget(detail)
    qtbot.waitUntil(lambda: detail.data_checks is not None, timeout=WAIT)
    tab = detail.data_checks
    assert tab is not None
    qtbot.waitUntil(lambda: tab.notice.text() != "", timeout=WAIT)
    return detail, tab


def worklist(qtbot: QtBot, user: UserSession) -> DataCheckPanel:
    panel = DataCheckPanel(user)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=WAIT):
        pass
    return panel


def report_dialog(panel: DataCheckPanel, case_id: str) -> ReportDialog:
    assert panel.select_case(case_id)
    dialog = panel.open_report()
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_township_asks_county_records_with_an_anomaly_township_settles_it(
    qtbot: QtBot, open_as: Callable[..., UserSession], tmp_path: Path
) -> None:
    clerk = open_as("window_clerk")
    case_id = accepted_cases(clerk)[0]

    # The township asks from the case's 信息核对 tab.
    detail, tab = case_tab(qtbot, clerk, case_id)
    assert not tab.request_button.isHidden() and tab.request_button.isEnabled()
    assert "尚未收到" in tab.notice.text()
    with qtbot.waitSignal(detail.changed, timeout=WAIT):
        tab.request_button.click()
    assert "2026-09-29" in tab.message.text()  # Fri 9/18 + 7 working days (Sun 9/20 is a make-up day)

    # The county's worklist shows it, head named, ID masked.
    county = open_as("county_reviewer")
    panel = worklist(qtbot, county)
    row = next(r for r in panel.rows if r.case_id == case_id)
    n = panel.rows.index(row)
    assert panel.model.item(n, 1).text() == row.head_name != ""
    assert panel.model.item(n, 2).text() == row.head_id_masked and "*" in row.head_id_masked
    assert panel.model.item(n, 4).text() == "2026-09-29"
    assert panel.model.item(n, 0).foreground().color() != RED

    dialog = report_dialog(panel, case_id)
    dialog.report_no.setText("浮民核〔2026〕101号")
    dialog.set_items(["户籍", "车辆"])
    dialog.add_anomaly("车辆", "名下有小型汽车一辆", "约 5 万元")
    dialog.set_conclusion(Conclusion.UNCLEAR)

    # 待核 without a reason: refused over the dialog, which keeps everything typed.
    dialog.ok.click()
    assert "写明理由" in error_text(qtbot, dialog)
    assert dialog.isVisible() and dialog.ok.isEnabled()
    assert dialog.report_no.text() == "浮民核〔2026〕101号" and dialog.anomalies.rowCount() == 1

    # A scan that is not a PDF: refused.
    dialog.reason.setPlainText("车辆信息待乡镇说明")
    not_pdf = tmp_path / "scan.jpg"
    not_pdf.write_bytes(b"\xff\xd8\xff\xe0 not a pdf")
    dialog.set_scan(not_pdf)
    dialog.ok.click()
    assert "PDF" in error_text(qtbot, dialog)
    assert dialog.isVisible() and dialog.reason.toPlainText() == "车辆信息待乡镇说明"

    # A missing file: refused in Chinese too.
    dialog.set_scan(tmp_path / "gone.pdf")
    dialog.ok.click()
    assert "无法读取扫描件 gone.pdf" in error_text(qtbot, dialog)

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(PDF)
    dialog.set_scan(scan)
    with (
        qtbot.waitSignal(panel.recorded, timeout=WAIT) as recorded,
        qtbot.waitSignal(panel.loaded, timeout=WAIT),
    ):
        dialog.ok.click()
    view = recorded.args[0] if recorded.args else None
    assert view is not None and view.scan_attachment_id and [a.item for a in view.anomalies] == ["车辆"]
    assert panel.dialog is None
    assert "已登记核对报告 浮民核〔2026〕101号" in panel.message.text() and "1 项异常" in panel.message.text()
    assert case_id not in [r.case_id for r in panel.rows]  # no longer open
    with qtbot.waitSignal(panel.loaded, timeout=WAIT):
        panel.status_filter.setCurrentIndex(panel.status_filter.findData("ALL"))
    assert next(r for r in panel.rows if r.case_id == case_id).time_status_label.startswith("已出具报告")

    # The township's case shows the report and the anomaly; the decision waits until it is settled.
    detail, tab = case_tab(qtbot, clerk, case_id)
    qtbot.waitUntil(lambda: tab.reports != (), timeout=WAIT)
    assert tab.report_model.item(0, 0).text() == "浮民核〔2026〕101号"
    assert tab.report_model.item(0, 4).text() == "待核" and tab.report_model.item(0, 6).text() == "有"
    assert "1 项核对异常尚未处理" in tab.notice.text() and "不能作出批准" in tab.notice.text()
    index = detail.tabs.indexOf(tab)
    assert "1 项异常待处理" in detail.tabs.tabText(index)
    assert tab.anomaly_model.item(0, 2).text() == "名下有小型汽车一辆"
    assert tab.anomaly_model.item(0, 4).foreground().color() == RED
    assert not tab.explain_button.isEnabled()  # nothing selected yet
    anomaly = view.anomalies[0]
    assert tab.select_anomaly(anomaly.id)
    assert tab.explain_button.isEnabled() and tab.assess_button.isEnabled()

    resolve = tab.open_resolve(Resolution.EXPLAINED)
    assert resolve is not None
    resolve.ok.click()  # no note
    assert "写明说明内容" in error_text(qtbot, resolve)
    assert resolve.isVisible()
    resolve.note.setPlainText("车辆为亲属借用，已提供借用协议")
    with qtbot.waitSignal(tab.resolved, timeout=WAIT), qtbot.waitSignal(tab.loaded, timeout=WAIT):
        resolve.ok.click()
    assert tab.dialog is None
    assert "均已处理" in tab.notice.text()
    assert tab.anomaly_model.item(0, 4).text() == "已说明"
    assert tab.anomaly_model.item(0, 5).text() == "车辆为亲属借用，已提供借用协议"
    assert tab.anomaly_model.item(0, 4).foreground().color() != RED
    assert detail.tabs.tabText(index) == "信息核对"


def test_overdue_requests_are_red_and_counted(
    qtbot: QtBot, open_as: Callable[..., UserSession], clock: FixedClock
) -> None:
    clerk = open_as("window_clerk")
    case_id = accepted_cases(clerk)[0]
    with clerk.store.unit_of_work() as s:  # asked Fri 9/18, due Tue 9/29
        request_data_check(
            s, clerk.actor, case_id, clock=clock, calendar=clerk.calendar(s), rules=clerk.rules
        )
    later = FixedClock(datetime(2026, 10, 12, 2, 0, tzinfo=UTC))  # the first working day after 国庆
    panel = worklist(qtbot, open_as("county_reviewer", later))
    n = next(i for i, r in enumerate(panel.rows) if r.case_id == case_id)
    assert panel.rows[n].time_status == "OVERDUE"
    assert panel.model.item(n, 5).text().startswith("已逾期（超")
    assert all(panel.model.item(n, c).foreground().color() == RED for c in range(panel.model.columnCount()))
    overdue = sum(r.time_status == "OVERDUE" for r in panel.rows)  # the demo's own requests count too
    assert f"已逾期 {overdue} 件" in panel.summary.text()
    soon = worklist(qtbot, open_as("county_reviewer", FixedClock(datetime(2026, 9, 28, 2, 0, tzinfo=UTC))))
    m = next(i for i, r in enumerate(soon.rows) if r.case_id == case_id)
    assert soon.rows[m].time_status == "DUE_SOON"
    assert soon.model.item(m, 5).text().startswith("即将到期（剩")
    due_soon = sum(r.time_status == "DUE_SOON" for r in soon.rows)
    assert (
        soon.model.item(m, 5).foreground().color() != RED and f"即将到期 {due_soon} 件" in soon.summary.text()
    )
    with qtbot.waitSignal(panel.case_activated, timeout=WAIT) as opened:
        panel.table.activated.emit(panel.model.index(n, 0))
    assert opened.args == [case_id]


def test_a_case_that_cannot_ask_is_refused_in_chinese(
    qtbot: QtBot, open_as: Callable[..., UserSession]
) -> None:
    clerk = open_as("window_clerk")
    with clerk.store.reading() as s:
        draft = str(s.scalars(select(Case.id).where(Case.state == "DRAFT")).first())
    _, tab = case_tab(qtbot, clerk, draft)
    assert not tab.request_button.isEnabled()
    tab.request_check()  # e.g. a stale button: the service refuses, in Chinese
    text = error_text(qtbot, tab)
    assert "信息核对" in text or "不能" in text
    county = open_as("county_reviewer")
    _, county_tab = case_tab(qtbot, county, draft)
    assert county_tab.request_button.isHidden() and county_tab.explain_button.isHidden()


def test_a_report_recorded_after_lock_is_dropped(
    qtbot: QtBot, open_as: Callable[..., UserSession], clock: FixedClock
) -> None:
    clerk = open_as("window_clerk")
    case_id = accepted_cases(clerk)[0]
    with clerk.store.unit_of_work() as s:
        request_data_check(
            s, clerk.actor, case_id, clock=clock, calendar=clerk.calendar(s), rules=clerk.rules
        )
    county = open_as("county_reviewer")
    panel = worklist(qtbot, county)
    dialog = report_dialog(panel, case_id)
    dialog.report_no.setText("浮民核〔2026〕102号")
    dialog.set_items(["户籍"])
    recorded: list[object] = []
    panel.recorded.connect(recorded.append)
    dialog.ok.click()
    county.db.invalidate()  # the store locks before the result reaches the UI thread
    assert county.db.wait_idle()
    qtbot.wait(200)
    assert recorded == [] and panel.message.text() == ""
    assert (
        panel.findChild(QMessageBox, "errorBox") is None and dialog.findChild(QMessageBox, "errorBox") is None
    )


def test_county_records_from_the_case_when_asked_through_the_plain_action(
    qtbot: QtBot, open_as: Callable[..., UserSession], clock: FixedClock
) -> None:
    """A case asked before requests were filed (the plain case action): the county records from the case's tab."""
    clerk = open_as("window_clerk")
    case_id = accepted_cases(clerk)[0]
    with clerk.store.unit_of_work() as s:
        apply_action(s, clerk.actor, case_id, Action.REQUEST_DATA_CHECK, clock=clock, calendar=clerk.calendar(s),
                     rules=clerk.rules)  # fmt: skip
    county = open_as("county_reviewer")
    detail, tab = case_tab(qtbot, county, case_id)
    assert not tab.record_button.isHidden()
    dialog = tab.open_report()
    dialog.report_no.setText("浮民核〔2026〕103号")
    dialog.set_items(["户籍", "社保"])
    with qtbot.waitSignal(detail.changed, timeout=WAIT):
        dialog.ok.click()
    qtbot.waitUntil(lambda: detail.data_checks is not tab and detail.data_checks is not None, timeout=WAIT)
    new_tab = detail.data_checks
    assert new_tab is not None
    qtbot.waitUntil(lambda: new_tab.reports != (), timeout=WAIT)
    assert (
        new_tab.reports[0].report_no == "浮民核〔2026〕103号"
        and new_tab.reports[0].conclusion_label == "符合"
    )
    assert new_tab.record_button.isHidden()  # the lane is checked now
