"""Warnings (预警) acted on from the desktop, through the same services the `dibao warnings` commands use: the county
imports, assigns, answers data-view requests and closes (``WarningsPanel``); township staff verify at home and ask for
a data view (``TownshipWarningsPanel``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.domain.errors import ValidationError
from app.services import reference
from app.services.supervision.warnings import (
    STATUS_CLOSED,
    STATUS_OPEN,
    STATUS_VERIFIED,
    StaffChoice,
    WarningImportReport,
    WarningRow,
    answer_data_view,
    assign_warning,
    assignable_staff,
    close_warning,
    import_warnings,
    list_warnings,
    record_verification,
    request_data_view,
)
from ui.dialogs.warning_dialogs import (
    AssignChoice,
    AssignWarningDialog,
    CloseWarningDialog,
    DataViewAnswerDialog,
    DataViewRequestDialog,
    ImportReportDialog,
    VerificationInput,
    VerifyWarningDialog,
)
from ui.errors import show_error
from ui.panels.action_host import ActionHost, current_row, select_row
from ui.panels.tables import fill_rows, read_only_table
from ui.session import UserSession

UNASSIGNED = "UNASSIGNED"  # the township filter's "not yet assigned" choice
NOT_CLOSED, ALL = "NOT_CLOSED", "ALL"
STATUS_FILTERS: dict[str, tuple[str, ...] | None] = {
    STATUS_OPEN: (STATUS_OPEN,),
    STATUS_VERIFIED: (STATUS_VERIFIED,),
    NOT_CLOSED: (STATUS_OPEN, STATUS_VERIFIED),
    STATUS_CLOSED: (STATUS_CLOSED,),
    ALL: None,
}


class WarningsView(ActionHost):
    """The warnings list with its filters and the selected warning's particulars; subclasses add the actions.

    Every action goes through ``app.services.supervision.warnings`` on the user's database thread. An action dialog
    stays open until the service accepts, so a refusal (shown in Chinese over the dialog) loses nothing typed.
    """

    loaded = Signal()
    acted = Signal(object)  # WarningRow after a successful action
    COUNTY = False

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(user, parent)
        self.rows: tuple[WarningRow, ...] = ()
        self._keep: str | None = None
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("warningsStatus")
        for label, key in (
            (self.tr("待核查"), STATUS_OPEN),
            (self.tr("已核查待办结"), STATUS_VERIFIED),
            (self.tr("未办结"), NOT_CLOSED),
            (self.tr("已办结"), STATUS_CLOSED),
            (self.tr("全部"), ALL),
        ):
            self.status_filter.addItem(label, key)
        self.time_filter = QComboBox()
        self.time_filter.setObjectName("warningsTime")
        self.time_filter.addItem(self.tr("不限时限"), None)
        self.time_filter.addItem(self.tr("即将到期"), "DUE_SOON")
        self.time_filter.addItem(self.tr("已逾期"), "OVERDUE")
        self.filters = QHBoxLayout()
        self.filters.addWidget(QLabel(self.tr("状态")))
        self.filters.addWidget(self.status_filter)
        self.filters.addWidget(QLabel(self.tr("时限")))
        self.filters.addWidget(self.time_filter)
        self.summary = QLabel()
        self.summary.setObjectName("warningsSummary")
        self.table, self.model = read_only_table(
            "warningsTable",
            (
                self.tr("预警单号"),
                self.tr("姓名"),
                self.tr("身份证号"),
                self.tr("来源/类型"),
                self.tr("乡镇/街道"),
                self.tr("核查人员"),
                self.tr("核查期限"),
                self.tr("时限"),
                self.tr("办理状态"),
            ),
        )
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.detail = QLabel()
        self.detail.setObjectName("warningDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel()
        self.message.setObjectName("warningsMessage")
        self.message.setWordWrap(True)
        self.action_row = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(self.filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.detail)
        layout.addLayout(self.action_row)
        layout.addWidget(self.message)

    def _connect_filters(self) -> None:
        self.status_filter.currentIndexChanged.connect(lambda _: self.refresh())
        self.time_filter.currentIndexChanged.connect(lambda _: self.refresh())

    def _button(self, name: str, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda: slot())
        self.action_row.addWidget(button)
        return button

    # ----------------------------------------------------------------------------------------------- listing

    def _township_filter(self) -> str | None:
        return None

    def refresh(self) -> None:
        user = self._user
        actor, today = user.actor, user.clock.today()
        statuses = STATUS_FILTERS[str(self.status_filter.currentData())]
        time: str | None = self.time_filter.currentData()
        town = self._township_filter()
        unassigned = town == UNASSIGNED

        def work(session: Session) -> tuple[WarningRow, ...]:
            rows = list_warnings(
                session,
                actor,
                calendar=user.calendar(session),
                rules=user.rules,
                today=today,
                township_code=None if unassigned else town,
                open_only=statuses == (STATUS_OPEN,),
                overdue_only=time == "OVERDUE",
                unassigned_only=unassigned,
            )
            return tuple(
                r
                for r in rows
                if (statuses is None or r.status in statuses) and (time is None or r.time_status == time)
            )

        user.read(work, self._show, lambda exc: show_error(self, exc))

    def _show(self, rows: tuple[WarningRow, ...]) -> None:
        current = self.selected()
        keep = self._keep or (current.id if current else None)
        self._keep = None
        self.rows = rows
        fill_rows(
            self.model,
            [
                [
                    w.external_no,
                    w.subject_name,
                    w.subject_id_masked,
                    f"{w.source_dept}/{w.warning_type}",
                    w.township_name,
                    w.assigned_to_name or self.tr("（未指定）"),
                    w.due_on.isoformat() + w.provisional_mark,
                    w.time_status_label,
                    w.status_label + (f"（{w.data_view_label}）" if w.data_view_label else ""),
                ]
                for w in rows
            ],
            lambda n: rows[n].late,
        )
        late = sum(1 for w in rows if w.time_status == "OVERDUE")
        self.summary.setText(
            self.tr("共 %n 条", "", len(rows)) + self.tr("，其中已逾期 %1 条").replace("%1", str(late))
        )
        if keep is None or not self.select_warning(keep):
            self._show_detail()
        self.loaded.emit()

    def select_warning(self, warning_id: str) -> bool:
        if not select_row(self.table, self.rows, lambda w: w.id == warning_id):
            return False
        self._show_detail()
        return True

    def selected(self) -> WarningRow | None:
        return current_row(self.table, self.rows)

    def _show_detail(self) -> None:
        w = self.selected()
        if w is None:
            self.detail.setText(self.tr("选中一条预警查看详情。"))
            return
        parts = [
            self.tr("预警内容：%1").replace("%1", w.detail or self.tr("（无）")),
            self.tr("推送日期：%1（%2）")
            .replace("%1", w.pushed_on.isoformat())
            .replace("%2", w.origin_label),
        ]
        if w.working_days_left is not None and w.working_days_left >= 0:
            parts.append(self.tr("距核查期限还有 %1 个工作日").replace("%1", str(w.working_days_left)))
        elif w.working_days_left is not None:
            parts.append(self.tr("已超过核查期限 %1 个工作日").replace("%1", str(-w.working_days_left)))
        if w.home_visited_on is not None:
            parts.append(
                self.tr("入户核查：%1 %2；核查情况：%3；处置意见：%4 %5")
                .replace("%1", w.home_visited_on.isoformat())
                .replace("%2", w.verification_method_label)
                .replace("%3", w.findings)
                .replace("%4", w.disposition_label)
                .replace("%5", w.disposition_note)
            )
        if w.data_view_status:
            parts.append(
                self.tr("点对点查看：%1；申请理由：%2；县级答复：%3")
                .replace("%1", w.data_view_label)
                .replace("%2", w.data_view_reason)
                .replace("%3", w.data_view_answer or self.tr("（待答复）"))
            )
        if w.closed_on is not None:
            parts.append(self.tr("办结日期：%1").replace("%1", w.closed_on.isoformat()))
        self.detail.setText("\n".join(parts))

    # ----------------------------------------------------------------------------------------------- acting

    def _chosen(self) -> WarningRow | None:
        w = self.selected()
        if w is None:
            self.message.setText(self.tr("请先在列表中选中一条预警。"))
        return w

    def _acted(self, done: str) -> Callable[[WarningRow], None]:
        """After a successful action: say ``done`` (%1 = the warning), keep the warning selected, tell, refresh."""

        def acted(row: WarningRow) -> None:
            self.message.setText(done.replace("%1", row.external_no or row.subject_name))
            self._keep = row.id
            self.acted.emit(row)
            self.refresh()

        return acted

    def _clear_message(self) -> None:
        self.message.clear()

    def open_assign(self) -> None:
        """分派: townships and accounts are read first, then the dialog opens."""
        w = self._chosen()
        if w is None:
            return
        user, county = self._user, self.COUNTY
        actor = user.actor

        def work(session: Session) -> tuple[list[tuple[str, str]], tuple[StaffChoice, ...]]:
            towns = sorted((d.code, d.name) for d in reference.townships(session)) if county else []
            staff = assignable_staff(session, actor, township_code=None if county else w.township_code)
            return towns, staff

        def show(result: tuple[list[tuple[str, str]], tuple[StaffChoice, ...]]) -> None:
            towns, staff = result
            dialog = AssignWarningDialog(
                w, townships=towns, staff=staff, township_fixed=not county, parent=self
            )
            self._open(
                dialog,
                lambda choice: self._assign_work(w.id, cast(AssignChoice, choice)),
                self._acted(self.tr("预警 %1 已分派。")),
            )

        user.read(work, show, lambda exc: show_error(self, exc))

    def assign(self, warning_id: str, choice: AssignChoice) -> None:
        self._write(self._assign_work(warning_id, choice), self._acted(self.tr("预警 %1 已分派。")))

    def _assign_work(self, warning_id: str, choice: AssignChoice) -> Callable[[Session], WarningRow]:
        user = self._user
        actor, clock = user.actor, user.clock
        return lambda s: assign_warning(
            s,
            actor,
            warning_id,
            clock=clock,
            calendar=user.calendar(s),
            rules=user.rules,
            township_code=choice.township_code,
            assignee_user_id=choice.assignee_user_id,
        )

    def open_close(self) -> None:
        w = self._chosen()
        if w is None:
            return
        dialog = CloseWarningDialog(w, today=self._user.clock.today(), parent=self)
        self._open(
            dialog,
            lambda on: self._close_work(w.id, cast(date, on)),
            self._acted(self.tr("预警 %1 已结案。")),
        )

    def _close_work(self, warning_id: str, on_date: date) -> Callable[[Session], WarningRow]:
        user = self._user
        actor, clock = user.actor, user.clock
        return lambda s: close_warning(
            s, actor, warning_id, clock=clock, calendar=user.calendar(s), rules=user.rules, on_date=on_date
        )


class WarningsPanel(WarningsView):
    """County reviewer: every township's warnings, the 20-working-day home verification clock first, overdue in
    red; import a platform file, assign townships and people, answer data-view requests, close verified ones."""

    imported = Signal(object)  # WarningImportReport
    COUNTY = True

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(user, parent)
        self.report_dialog: ImportReportDialog | None = None
        self.township_filter = QComboBox()
        self.township_filter.setObjectName("warningsTownship")
        self.township_filter.addItem(self.tr("全部乡镇/街道"), None)
        self.township_filter.addItem(self.tr("未分派"), UNASSIGNED)
        self.filters.addWidget(QLabel(self.tr("乡镇/街道")))
        self.filters.addWidget(self.township_filter)
        self.filters.addStretch(1)
        self.import_button = self._button("warningsImport", self.tr("导入预警…"), self.choose_import_file)
        self.assign_button = self._button("warningsAssign", self.tr("分派…"), self.open_assign)
        self.answer_button = self._button("warningsAnswerView", self.tr("答复点对点查看…"), self.open_answer)
        self.close_button = self._button("warningsClose", self.tr("结案…"), self.open_close)
        self.action_row.addStretch(1)
        self._load_townships()
        self._connect_filters()
        self.township_filter.currentIndexChanged.connect(lambda _: self.refresh())
        self.refresh()

    def _township_filter(self) -> str | None:
        return self.township_filter.currentData()

    def _load_townships(self) -> None:
        def show(rows: list[reference.DivisionRow]) -> None:
            self.township_filter.blockSignals(True)
            for d in sorted(rows, key=lambda r: r.code):
                self.township_filter.addItem(d.name, d.code)
            self.township_filter.blockSignals(False)

        self._user.read(reference.townships, show, lambda exc: show_error(self, exc))

    def choose_import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择监测平台导出的预警文件"), "", self.tr("预警文件 (*.csv *.xlsx);;所有文件 (*)")
        )
        if path:
            self.import_file(path)

    def import_file(self, path: str | Path) -> None:
        """Import ``path`` on the database thread and show the row-by-row report (the file dialog only asks)."""
        user = self._user
        actor, clock = user.actor, user.clock
        source = Path(path)
        unreadable = self.tr("无法读取文件 %1，请确认文件存在且没有被其他程序占用。").replace(
            "%1", source.name
        )

        def work(session: Session) -> WarningImportReport:
            try:
                data = source.read_bytes()
            except OSError:
                raise ValidationError(unreadable) from None
            return import_warnings(
                session,
                actor,
                data,
                source.name,
                clock=clock,
                calendar=user.calendar(session),
                rules=user.rules,
            )

        def done(report: WarningImportReport) -> None:
            self.message.setText(
                self.tr("已导入 %1 条预警，未导入 %2 行，详见导入结果。")
                .replace("%1", str(len(report.imported)))
                .replace("%2", str(len(report.rejected)))
            )
            if self.report_dialog is not None:
                self.report_dialog.close()
                self.report_dialog.deleteLater()
            self.report_dialog = ImportReportDialog(report, self)
            self.report_dialog.open()
            self.imported.emit(report)
            self.refresh()

        self.message.clear()
        user.write(work, done, lambda exc: show_error(self, exc))

    def open_answer(self) -> None:
        w = self._chosen()
        if w is None:
            return
        user = self._user
        actor, clock = user.actor, user.clock
        self._open(
            DataViewAnswerDialog(w, parent=self),
            lambda answer: (
                lambda s: answer_data_view(
                    s,
                    actor,
                    w.id,
                    answer=str(answer),
                    clock=clock,
                    calendar=user.calendar(s),
                    rules=user.rules,
                )
            ),
            self._acted(self.tr("已答复预警 %1 的点对点查看申请。")),
        )


class TownshipWarningsPanel(WarningsView):
    """Township staff: their township's warnings to verify at home within the deadline; record the visit, findings
    and disposition, ask the county for a point-to-point data view, name the person, close."""

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(user, parent)
        self.filters.addStretch(1)
        self.verify_button = self._button("warningsVerify", self.tr("登记核查结果…"), self.open_verify)
        self.request_button = self._button(
            "warningsRequestView", self.tr("申请点对点数据查看…"), self.open_request_view
        )
        self.assign_button = self._button("warningsAssign", self.tr("指定核查人员…"), self.open_assign)
        self.close_button = self._button("warningsClose", self.tr("办结…"), self.open_close)
        self.action_row.addStretch(1)
        self._connect_filters()
        self.refresh()

    def open_verify(self) -> None:
        w = self._chosen()
        if w is None:
            return
        user = self._user
        actor, clock = user.actor, user.clock

        def run(value: object) -> Callable[[Session], WarningRow]:
            v = cast(VerificationInput, value)
            return lambda s: record_verification(
                s,
                actor,
                w.id,
                home_visited_on=v.home_visited_on,
                findings=v.findings,
                disposition=v.disposition,
                online_checked=v.online_checked,
                note=v.note,
                clock=clock,
                calendar=user.calendar(s),
                rules=user.rules,
            )

        dialog = VerifyWarningDialog(w, today=clock.today(), parent=self)
        self._open(dialog, run, self._acted(self.tr("已登记预警 %1 的入户核查结果。")))

    def open_request_view(self) -> None:
        w = self._chosen()
        if w is None:
            return
        user = self._user
        actor, clock = user.actor, user.clock
        self._open(
            DataViewRequestDialog(w, parent=self),
            lambda reason: (
                lambda s: request_data_view(
                    s,
                    actor,
                    w.id,
                    reason=str(reason),
                    clock=clock,
                    calendar=user.calendar(s),
                    rules=user.rules,
                )
            ),
            self._acted(self.tr("已为预警 %1 申请点对点数据查看，请等待县级答复。")),
        )
