"""实名举报 (real-name reports), seed 三(四)1: every report is verified one by one and the result told to the reporter.

The county reviewer logs a report, records the verification and then the reply, each through
``app.services.supervision.real_name_reports`` on the user's database thread. The list never shows the reporter's
contact (personal data, DOMAIN §13); the detail shows it masked, and the full contact only on an audited request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.services import reference
from app.services.case_search import CaseQuery, CaseRow, find_cases
from app.services.supervision.real_name_reports import (
    ReportRow,
    list_reports,
    log_report,
    record_report_reply,
    record_report_verification,
    reveal_reporter_contact,
)
from ui.dialogs.real_name_report_dialogs import (
    LogReportDialog,
    ReplyReportDialog,
    ReportInput,
    ReportReplyInput,
    ReportVerificationInput,
    VerifyReportDialog,
)
from ui.errors import show_error
from ui.panels.action_host import ActionHost, current_row, select_row
from ui.panels.tables import fill_rows, read_only_table
from ui.session import UserSession

OPEN_ONLY, ALL = "OPEN", "ALL"
SEARCH_LIMIT = 20  # cases offered for one search in the log dialog


class RealNameReportsPanel(ActionHost):
    """The county reviewer's real-name reports: open ones (not yet answered) oldest first, or all."""

    loaded = Signal()
    acted = Signal(object)  # ReportRow after a successful action
    contact_revealed = Signal(str)  # the report id
    case_activated = Signal(str)

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(user, parent)
        self.rows: tuple[ReportRow, ...] = ()
        self.townships: dict[str, str] = {}
        self._keep: str | None = None
        self._revealed: tuple[str, str] | None = (
            None  # (report id, full contact) for the selected report only
        )
        self.filter = QComboBox()
        self.filter.setObjectName("reportsFilter")
        self.filter.addItem(self.tr("未办结（待核实、待反馈）"), OPEN_ONLY)
        self.filter.addItem(self.tr("全部"), ALL)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("显示")))
        filters.addWidget(self.filter)
        filters.addStretch(1)
        self.table, self.model = read_only_table(
            "reportsTable",
            (
                self.tr("收到日期"),
                self.tr("举报方式"),
                self.tr("举报人"),
                self.tr("乡镇/街道"),
                self.tr("举报内容"),
                self.tr("状态"),
                self.tr("核实日期"),
                self.tr("反馈日期"),
            ),
        )
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())
        self.table.activated.connect(self._activated)
        self.summary = QLabel()
        self.summary.setObjectName("reportsSummary")
        self.detail = QLabel()
        self.detail.setObjectName("reportDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        actions = QHBoxLayout()
        self.log_button = self._button(actions, "reportsLog", self.tr("登记举报…"), self.open_log)
        self.verify_button = self._button(
            actions, "reportsVerify", self.tr("登记核查结果…"), self.open_verify
        )
        self.reply_button = self._button(actions, "reportsReply", self.tr("登记答复…"), self.open_reply)
        self.reveal_button = self._button(
            actions, "reportsRevealContact", self.tr("显示完整联系方式"), self.reveal_contact
        )
        actions.addStretch(1)
        self.message = QLabel()
        self.message.setObjectName("reportsMessage")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.detail)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        self.filter.currentIndexChanged.connect(lambda _: self.refresh())
        self.refresh()

    def _button(self, row: QHBoxLayout, name: str, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda: slot())
        row.addWidget(button)
        return button

    # ----------------------------------------------------------------------------------------------- listing

    def refresh(self) -> None:
        user = self._user
        actor = user.actor
        open_only = self.filter.currentData() == OPEN_ONLY

        def work(session: Session) -> tuple[tuple[ReportRow, ...], dict[str, str]]:
            rows = list_reports(session, actor, open_only=open_only)
            return rows, {d.code: d.name for d in reference.townships(session)}

        user.read(work, self._show, lambda exc: show_error(self, exc))

    def _town(self, code: str | None) -> str:
        return self.townships.get(code, code) if code else self.tr("（未指定）")

    def _show(self, result: tuple[tuple[ReportRow, ...], dict[str, str]]) -> None:
        rows, self.townships = result
        current = self.selected()
        keep = self._keep or (current.id if current else None)
        self._keep = None
        self.rows = rows
        fill_rows(
            self.model,
            [
                [
                    r.received_on.isoformat(),
                    r.channel_label,
                    r.reporter_name,
                    self._town(r.township_code),
                    r.content if len(r.content) <= 40 else r.content[:40] + "…",
                    r.status_label,
                    r.verified_on.isoformat() if r.verified_on else "",
                    r.reply_on.isoformat() if r.reply_on else "",
                ]
                for r in rows
            ],
        )
        waiting = sum(1 for r in rows if r.status == "OPEN")
        self.summary.setText(
            self.tr("共 %1 条，其中待核实 %2 条").replace("%1", str(len(rows))).replace("%2", str(waiting))
        )
        if keep is None or not self.select_report(keep):
            self._selection_changed()
        self.loaded.emit()

    def select_report(self, report_id: str) -> bool:
        if not select_row(self.table, self.rows, lambda r: r.id == report_id):
            return False
        self._selection_changed()
        return True

    def selected(self) -> ReportRow | None:
        return current_row(self.table, self.rows)

    def _selection_changed(self) -> None:
        r = self.selected()
        if self._revealed is not None and (r is None or r.id != self._revealed[0]):
            self._revealed = (
                None  # a full contact is shown for the report it was asked for, and only while selected
            )
        self._show_detail()

    def _show_detail(self) -> None:
        r = self.selected()
        self.reveal_button.setEnabled(r is not None and bool(r.reporter_contact_masked))
        if r is None:
            self.detail.setText(self.tr("选中一条举报查看详情。"))
            return
        contact = r.reporter_contact_masked or self.tr("（未留）")
        if self._revealed is not None and self._revealed[0] == r.id:
            contact = self._revealed[1]
        parts = [
            self.tr("举报人：%1，联系方式：%2").replace("%1", r.reporter_name).replace("%2", contact),
            self.tr("收到：%1（%2）；乡镇/街道：%3%4")
            .replace("%1", r.received_on.isoformat())
            .replace("%2", r.channel_label)
            .replace("%3", self._town(r.township_code))
            .replace("%4", self.tr("；已关联案件（双击打开）") if r.case_id else ""),
            self.tr("举报内容：%1").replace("%1", r.content),
        ]
        if r.verified_on is not None:
            parts.append(
                self.tr("核实：%1 %2；核实结果：%3")
                .replace("%1", r.verified_on.isoformat())
                .replace("%2", r.verifier)
                .replace("%3", r.verification_result)
            )
        if r.reply_on is not None:
            parts.append(
                self.tr("反馈举报人：%1 %2；%3")
                .replace("%1", r.reply_on.isoformat())
                .replace("%2", r.reply_method_label)
                .replace("%3", r.reply_text)
            )
        parts.append(self.tr("状态：%1").replace("%1", r.status_label))
        self.detail.setText("\n".join(parts))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid() and 0 <= index.row() < len(self.rows):
            case_id = self.rows[index.row()].case_id
            if case_id:
                self.case_activated.emit(case_id)

    # ----------------------------------------------------------------------------------------------- acting

    def _chosen(self) -> ReportRow | None:
        r = self.selected()
        if r is None:
            self.message.setText(self.tr("请先在列表中选中一条举报。"))
        return r

    def _acted(self, done: str) -> Callable[[ReportRow], None]:
        """After a successful action: say ``done`` (%1 = received on, %2 = reporter), keep the report selected, tell,
        refresh."""

        def acted(row: ReportRow) -> None:
            self.message.setText(
                done.replace("%1", row.received_on.isoformat()).replace("%2", row.reporter_name)
            )
            self._keep = row.id
            self.acted.emit(row)
            self.refresh()

        return acted

    def _clear_message(self) -> None:
        self.message.clear()

    def open_log(self) -> None:
        user = self._user
        actor, clock = user.actor, user.clock
        dialog = LogReportDialog(today=clock.today(), townships=sorted(self.townships.items()), parent=self)
        dialog.search_requested.connect(lambda text: self._search_cases(dialog, text))

        def run(value: object) -> Callable[[Session], ReportRow]:
            v = cast(ReportInput, value)
            return lambda s: log_report(
                s,
                actor,
                received_on=v.received_on,
                channel=v.channel,
                reporter_name=v.reporter_name,
                reporter_contact=v.reporter_contact,
                content=v.content,
                case_id=v.case_id,
                township_code=v.township_code,
                clock=clock,
            )

        self._open(dialog, run, self._acted(self.tr("已登记 %2 于 %1 的实名举报，请逐一核实。")))

    def _search_cases(self, dialog: LogReportDialog, text: str) -> None:
        user = self._user
        actor, today = user.actor, user.clock.today()

        def work(session: Session) -> tuple[CaseRow, ...]:
            return find_cases(
                session,
                actor,
                CaseQuery(text=text),
                page=SEARCH_LIMIT,
                calendar=user.calendar(session),
                rules=user.rules,
                today=today,
            ).first_rows

        def show(rows: tuple[CaseRow, ...]) -> None:
            if self.dialog is dialog and dialog.isVisible():
                dialog.show_matches(rows, self.townships)

        user.read(work, show, lambda exc: show_error(dialog if dialog.isVisible() else self, exc))

    def open_verify(self) -> None:
        r = self._chosen()
        if r is None:
            return
        user = self._user
        actor, clock = user.actor, user.clock

        def run(value: object) -> Callable[[Session], ReportRow]:
            v = cast(ReportVerificationInput, value)
            return lambda s: record_report_verification(
                s, actor, r.id, verified_on=v.verified_on, verifier=v.verifier, result=v.result, clock=clock
            )

        dialog = VerifyReportDialog(r, today=clock.today(), parent=self)
        self._open(dialog, run, self._acted(self.tr("已登记 %2 于 %1 举报的核实结果，请及时反馈举报人。")))

    def open_reply(self) -> None:
        r = self._chosen()
        if r is None:
            return
        user = self._user
        actor, clock = user.actor, user.clock

        def run(value: object) -> Callable[[Session], ReportRow]:
            v = cast(ReportReplyInput, value)
            return lambda s: record_report_reply(
                s, actor, r.id, reply_on=v.reply_on, method=v.method, text=v.text, clock=clock
            )

        dialog = ReplyReportDialog(r, today=clock.today(), parent=self)
        self._open(dialog, run, self._acted(self.tr("已登记向 %2 反馈 %1 举报的核实结果，该举报办结。")))

    def reveal_contact(self) -> None:
        """The selected reporter's full contact, for the reply (an audited read, shown in the detail only)."""
        r = self._chosen()
        if r is None:
            return
        user = self._user
        actor, clock = user.actor, user.clock

        def done(contact: str) -> None:
            current = self.selected()
            if current is not None and current.id == r.id:
                self._revealed = (r.id, contact)
                self._show_detail()
            self.contact_revealed.emit(r.id)

        self.message.clear()
        user.write(
            lambda s: reveal_reporter_contact(s, actor, r.id, clock=clock),
            done,
            lambda exc: show_error(self, exc),
        )
