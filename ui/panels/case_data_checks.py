"""The 信息核对 tab of a case: the county's check reports with their anomalies; township staff explain each open
anomaly (说明…) or record that the assessment counts it (纳入评估…) through ``resolve_anomaly`` — the decision is
refused until every anomaly is settled, and the tab says so in red — and ask for the check (申请信息核对) through
``request_data_check`` when the case may. A county reviewer sees the same tab and may record a report from it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.domain.roles import PERMISSIONS, Permission
from app.services.supervision.anomalies import RESOLUTION_OPEN
from app.services.supervision.data_checks import (
    AnomalyView,
    DataCheckReportView,
    DataCheckRequestRow,
    Resolution,
    case_data_checks,
    request_data_check,
    resolve_anomaly,
)
from ui.dialogs.data_check_dialogs import ReportDialog, ReportInput, ResolveAnomalyDialog
from ui.errors import show_error
from ui.panels.action_host import ActionHost, current_row, select_row
from ui.panels.data_check_panel import record_report_work
from ui.panels.tables import fill_rows, read_only_table
from ui.session import UserSession

_TOWNSHIP_STAFF = (Permission.ACCEPT_APPLICATION, Permission.INVESTIGATE)


class CaseDataChecksTab(ActionHost):
    loaded = Signal()
    changed = Signal(str)  # the case changed (a request or a report moved its data-check lane)
    resolved = Signal(object)  # AnomalyView after 说明 / 纳入评估
    open_anomalies_changed = Signal(int)

    def __init__(
        self,
        user: UserSession,
        case_id: str,
        *,
        can_request: bool = False,
        can_record: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(user, parent)
        self.setObjectName("caseDataChecks")
        self.case_id = case_id
        self.reports: tuple[DataCheckReportView, ...] = ()
        self.anomaly_rows: list[tuple[DataCheckReportView, AnomalyView]] = []
        permissions = PERMISSIONS[user.actor.role]
        self.is_township_staff = any(p in permissions for p in _TOWNSHIP_STAFF)
        self.notice = QLabel()
        self.notice.setObjectName("dataCheckNotice")
        self.notice.setWordWrap(True)
        self.request_button = QPushButton(self.tr("申请信息核对"))
        self.request_button.setObjectName("requestDataCheck")
        self.request_button.setVisible(self.is_township_staff)
        self.request_button.setEnabled(can_request)
        limit = user.rules.find("deadline.data_check", user.clock.today())  # the time limit is rule data
        self.request_button.setToolTip(
            self.tr("向县级民政部门申请信息核对，县级应在 %1 个工作日内出具报告").replace(
                "%1", str(limit.value)
            )
            if limit is not None
            else self.tr("向县级民政部门申请信息核对，县级应在规定期限内出具报告")
        )
        self.request_button.clicked.connect(self.request_check)
        self.record_button = QPushButton(self.tr("登记核对报告…"))
        self.record_button.setObjectName("recordDataCheck")
        self.record_button.setVisible(can_record)
        self.record_button.clicked.connect(self.open_report)
        top = QHBoxLayout()
        top.addWidget(self.notice, 1)
        top.addWidget(self.request_button)
        top.addWidget(self.record_button)
        self.report_table, self.report_model = read_only_table(
            "dataCheckReports",
            (
                self.tr("报告编号"),
                self.tr("出具日期"),
                self.tr("收到日期"),
                self.tr("核对项目"),
                self.tr("结论"),
                self.tr("理由"),
                self.tr("扫描件"),
            ),
        )
        self.anomaly_table, self.anomaly_model = read_only_table(
            "dataCheckAnomalies",
            (
                self.tr("报告编号"),
                self.tr("项目"),
                self.tr("异常情况"),
                self.tr("数值/金额"),
                self.tr("处理情况"),
                self.tr("说明/计入方式"),
            ),
        )
        self.anomaly_table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.explain_button = QPushButton(self.tr("说明…"))
        self.explain_button.setObjectName("anomalyExplain")
        self.explain_button.clicked.connect(lambda: self.open_resolve(Resolution.EXPLAINED))
        self.assess_button = QPushButton(self.tr("纳入评估…"))
        self.assess_button.setObjectName("anomalyInAssessment")
        self.assess_button.clicked.connect(lambda: self.open_resolve(Resolution.IN_ASSESSMENT))
        for button in (self.explain_button, self.assess_button):
            button.setVisible(self.is_township_staff)
        actions = QHBoxLayout()
        actions.addWidget(self.explain_button)
        actions.addWidget(self.assess_button)
        actions.addStretch(1)
        self.message = QLabel()
        self.message.setObjectName("dataCheckTabMessage")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel(self.tr("县级核对报告")))
        layout.addWidget(self.report_table, 1)
        layout.addWidget(QLabel(self.tr("核对发现的异常")))
        layout.addWidget(self.anomaly_table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        self._update_buttons()
        self.refresh()

    # ----------------------------------------------------------------------------------------------- showing

    def refresh(self) -> None:
        user, case_id = self._user, self.case_id
        actor = user.actor
        user.read(
            lambda s: case_data_checks(s, actor, case_id), self._show, lambda exc: show_error(self, exc)
        )

    @property
    def open_anomalies(self) -> int:
        return sum(r.open_anomalies for r in self.reports)

    def _show(self, reports: tuple[DataCheckReportView, ...]) -> None:
        self.reports = reports
        fill_rows(
            self.report_model,
            [
                [
                    r.report_no,
                    r.issued_on.isoformat(),
                    r.received_on.isoformat(),
                    "、".join(r.items),
                    r.conclusion_label,
                    r.conclusion_text,
                    self.tr("有") if r.scan_attachment_id else self.tr("无"),
                ]
                for r in reports
            ],
            lambda n: reports[n].open_anomalies > 0,
        )
        self.anomaly_rows = [(r, a) for r in reports for a in r.anomalies]
        rows = self.anomaly_rows
        fill_rows(
            self.anomaly_model,
            [
                [r.report_no, a.item, a.description, a.value_text, a.resolution_label, a.resolution_note]
                for r, a in rows
            ],
            lambda n: rows[n][1].resolution == RESOLUTION_OPEN,
        )
        open_count = self.open_anomalies
        if open_count:
            self.notice.setProperty("role", "error")
            self.notice.setStyleSheet("color: #b3261e")
            self.notice.setText(
                self.tr(
                    "有 %1 项核对异常尚未处理：逐项说明或纳入评估之前，不能作出批准或不予批准的决定。"
                ).replace("%1", str(open_count))
            )
        elif reports:
            self.notice.setStyleSheet("")
            self.notice.setText(self.tr("核对异常均已处理。"))
        else:
            self.notice.setStyleSheet("")
            self.notice.setText(self.tr("尚未收到县级信息核对报告。"))
        self._update_buttons()
        self.open_anomalies_changed.emit(open_count)
        self.loaded.emit()

    def selected_anomaly(self) -> AnomalyView | None:
        row = current_row(self.anomaly_table, self.anomaly_rows)
        return row[1] if row is not None else None

    def select_anomaly(self, anomaly_id: str) -> bool:
        return select_row(self.anomaly_table, self.anomaly_rows, lambda row: row[1].id == anomaly_id)

    def _update_buttons(self) -> None:
        a = self.selected_anomaly()
        settle = a is not None and a.resolution == RESOLUTION_OPEN
        self.explain_button.setEnabled(settle)
        self.assess_button.setEnabled(settle)

    # ----------------------------------------------------------------------------------------------- acting

    def request_check(self) -> None:
        """申请信息核对 through the service (files the request the county's worklist shows)."""
        user, case_id = self._user, self.case_id
        actor, clock = user.actor, user.clock

        def work(session: Session) -> DataCheckRequestRow:
            return request_data_check(
                session, actor, case_id, clock=clock, calendar=user.calendar(session), rules=user.rules
            )

        def done(row: DataCheckRequestRow) -> None:
            self.request_button.setEnabled(False)
            self.message.setText(
                self.tr("已申请信息核对，县级应于 %1 前出具报告。").replace(
                    "%1", row.due_on.isoformat() + (self.tr("（暂定日历）") if row.provisional else "")
                )
            )
            self.changed.emit(case_id)

        self.message.clear()
        user.write(work, done, lambda exc: show_error(self, exc))

    def open_resolve(self, resolution: Resolution) -> ResolveAnomalyDialog | None:
        a = self.selected_anomaly()
        if a is None or a.resolution != RESOLUTION_OPEN:
            self.message.setText(self.tr("请先在异常列表中选中一项未处理的异常。"))
            return None
        dialog = ResolveAnomalyDialog(a, resolution, self)
        self._open(dialog, lambda note: self._resolve_work(a, resolution, str(note)), self._resolved)
        return dialog

    def _resolve_work(
        self, a: AnomalyView, resolution: Resolution, note: str
    ) -> Callable[[Session], AnomalyView]:
        actor, clock = self._user.actor, self._user.clock
        return lambda s: resolve_anomaly(s, actor, a.id, resolution=resolution, note=note, clock=clock)

    def _resolved(self, view: AnomalyView) -> None:
        self.message.setText(
            self.tr("异常“%1”已%2。").replace("%1", view.item).replace("%2", view.resolution_label)
        )
        self.resolved.emit(view)
        self.refresh()

    def _clear_message(self) -> None:
        self.message.clear()

    def open_report(self) -> ReportDialog:
        """The county reviewer records the report from the case itself (same dialog as the worklist)."""
        dialog = ReportDialog(self.tr("本案的县级信息核对报告"), today=self._user.clock.today(), parent=self)
        case_id = self.case_id

        def run(value: object) -> Callable[[Session], DataCheckReportView]:
            assert isinstance(value, ReportInput)
            return record_report_work(self._user, case_id, value)

        self._open(dialog, run, lambda _: self.changed.emit(case_id), clear=False)
        return dialog
