"""信息核对 for the county reviewer: the requests of every township on the statutory 7-working-day clock (overdue in
red, due soon marked, 人户分离 flagged), and 登记核对报告… through ``record_data_check_report``, the same service as
``dibao datacheck``. Double-click (or Enter) opens the case.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.domain.errors import ValidationError
from app.services.supervision.data_checks import (
    DataCheckReportView,
    DataCheckRequestRow,
    list_data_check_requests,
    record_data_check_report,
)
from ui.dialogs.data_check_dialogs import ReportDialog, ReportInput
from ui.errors import show_error
from ui.panels.action_host import ActionHost, current_row, select_row
from ui.panels.tables import fill_rows, read_only_table
from ui.session import UserSession

OPEN, ALL = "OPEN", "ALL"


def record_report_work(
    user: UserSession, case_id: str, value: ReportInput
) -> Callable[[Session], DataCheckReportView]:
    """The database-thread work of 登记核对报告: read the scan (if any) and record through the service."""
    actor, clock = user.actor, user.clock
    unreadable = scan_unreadable_text()

    def work(session: Session) -> DataCheckReportView:
        scan: bytes | None = None
        if value.scan_path is not None:
            try:
                scan = value.scan_path.read_bytes()
            except OSError:
                raise ValidationError(unreadable.replace("%1", value.scan_path.name)) from None
        return record_data_check_report(
            session,
            actor,
            case_id,
            report_no=value.report_no,
            issued_on=value.issued_on,
            received_on=value.received_on,
            items=value.items,
            anomalies=value.anomalies,
            conclusion=value.conclusion,
            conclusion_text=value.conclusion_text,
            scan=scan,
            clock=clock,
            calendar=user.calendar(session),
            rules=user.rules,
        )

    return work


def scan_unreadable_text() -> str:
    return QCoreApplication.translate(
        "DataCheckPanel", "无法读取扫描件 %1，请确认文件存在且没有被其他程序占用。"
    )


class DataCheckPanel(ActionHost):
    """The county's worklist of data-check requests, earliest due first; records the reports."""

    case_activated = Signal(str)
    loaded = Signal()
    recorded = Signal(object)  # DataCheckReportView

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(user, parent)
        self.rows: tuple[DataCheckRequestRow, ...] = ()
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("dataCheckFilter")
        self.status_filter.addItem(self.tr("未出具报告"), OPEN)
        self.status_filter.addItem(self.tr("全部"), ALL)
        self.status_filter.currentIndexChanged.connect(lambda _: self.refresh())
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("显示")))
        filters.addWidget(self.status_filter)
        filters.addStretch(1)
        self.table, self.model = read_only_table(
            "dataCheckTable",
            (
                self.tr("乡镇/街道"),
                self.tr("户主"),
                self.tr("身份证号"),
                self.tr("申请日期"),
                self.tr("应出具报告日期"),
                self.tr("时限"),
                self.tr("人户分离"),
            ),
        )
        self.table.activated.connect(self._on_row_activated)
        self.summary = QLabel()
        self.summary.setObjectName("dataCheckSummary")
        self.message = QLabel()
        self.message.setObjectName("dataCheckMessage")
        self.message.setWordWrap(True)
        self.record_button = QPushButton(self.tr("登记核对报告…"))
        self.record_button.setObjectName("dataCheckRecord")
        self.record_button.clicked.connect(self.open_report)
        self.open_button = QPushButton(self.tr("打开案件"))
        self.open_button.setObjectName("dataCheckOpenCase")
        self.open_button.clicked.connect(self._on_open_clicked)
        actions = QHBoxLayout()
        actions.addWidget(self.record_button)
        actions.addWidget(self.open_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        self.refresh()

    # ----------------------------------------------------------------------------------------------- listing

    def refresh(self) -> None:
        user = self._user
        actor, today = user.actor, user.clock.today()
        open_only = self.status_filter.currentData() == OPEN

        def work(session: Session) -> tuple[DataCheckRequestRow, ...]:
            return list_data_check_requests(
                session,
                actor,
                calendar=user.calendar(session),
                rules=user.rules,
                today=today,
                open_only=open_only,
            )

        user.read(work, self._show, lambda exc: show_error(self, exc))

    def _time_text(self, r: DataCheckRequestRow) -> str:
        text = r.time_status_label
        if r.time_status == "DUE_SOON" and r.working_days_left is not None:
            text += self.tr("（剩 %1 个工作日）").replace("%1", str(r.working_days_left))
        elif r.time_status == "OVERDUE" and r.working_days_left is not None:
            text += self.tr("（超 %1 个工作日）").replace("%1", str(-r.working_days_left))
        return text

    def _show(self, rows: tuple[DataCheckRequestRow, ...]) -> None:
        self.rows = rows
        fill_rows(
            self.model,
            [
                [
                    r.township_name or r.township_code,
                    r.head_name,
                    r.head_id_masked,
                    r.requested_on.isoformat(),
                    r.due_on.isoformat() + (self.tr("（暂定日历）") if r.provisional else ""),
                    self._time_text(r),
                    self.tr("人户分离（核对机关 %1）").replace("%1", r.county_code) if r.renhu_fenli else "",
                ]
                for r in rows
            ],
            lambda n: rows[n].time_status == "OVERDUE" or rows[n].late,
        )
        overdue = sum(1 for r in rows if r.time_status == "OVERDUE")
        soon = sum(1 for r in rows if r.time_status == "DUE_SOON")
        self.summary.setText(
            self.tr("共 %1 件，已逾期 %2 件，即将到期 %3 件")
            .replace("%1", str(len(rows)))
            .replace("%2", str(overdue))
            .replace("%3", str(soon))
        )
        self.loaded.emit()

    def selected(self) -> DataCheckRequestRow | None:
        return current_row(self.table, self.rows)

    def select_case(self, case_id: str) -> bool:
        return select_row(self.table, self.rows, lambda r: r.case_id == case_id)

    def _on_row_activated(self, index: object) -> None:
        row = getattr(index, "row", lambda: -1)()
        if 0 <= row < len(self.rows):
            self.case_activated.emit(self.rows[row].case_id)

    def _on_open_clicked(self) -> None:
        r = self.selected()
        if r is None:
            self.message.setText(self.tr("请先在列表中选中一件核对申请。"))
            return
        self.case_activated.emit(r.case_id)

    # ----------------------------------------------------------------------------------------------- recording

    def open_report(self) -> ReportDialog | None:
        r = self.selected()
        if r is None:
            self.message.setText(self.tr("请先在列表中选中一件核对申请。"))
            return None
        if r.status != "OPEN":
            self.message.setText(self.tr("该申请已出具报告。"))
            return None
        about = (
            self.tr("%1 %2（%3），%4 申请，应于 %5 前出具报告")
            .replace("%1", r.township_name or r.township_code)
            .replace("%2", r.head_name)
            .replace("%3", r.head_id_masked)
            .replace("%4", r.requested_on.isoformat())
            .replace("%5", r.due_on.isoformat())
        )
        dialog = ReportDialog(about, today=self._user.clock.today(), parent=self)
        self._open(dialog, lambda value: self._record_work(r, value), lambda view: self._recorded(r, view))
        return dialog

    def _record_work(self, r: DataCheckRequestRow, value: object) -> Callable[[Session], DataCheckReportView]:
        assert isinstance(value, ReportInput)
        return record_report_work(self._user, r.case_id, value)

    def _recorded(self, r: DataCheckRequestRow, view: DataCheckReportView) -> None:
        text = self.tr("已登记核对报告 %1（%2）").replace("%1", view.report_no).replace("%2", r.head_name)
        if view.anomalies:
            text += self.tr("，%1 项异常待乡镇处理").replace("%1", str(len(view.anomalies)))
        self.message.setText(text)
        self.recorded.emit(view)
        self.refresh()

    def _clear_message(self) -> None:
        self.message.clear()
