"""Dialogs of 实名举报 (real-name reports), seed 三(四)1: log a report, record its verification, record the reply to
the reporter. Each only collects input; the panel runs the service and closes the dialog when it accepts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from app.services.case_search import CaseRow
from app.services.supervision.real_name_reports import CHANNELS, REPLY_METHODS, ReportRow
from ui.dialogs.action_dialog import ActionDialog, date_edit, line_edit, py_date, text_box


@dataclass(frozen=True, slots=True)
class ReportInput:
    received_on: date
    channel: str
    reporter_name: str
    reporter_contact: str
    township_code: str | None
    case_id: str | None
    content: str


@dataclass(frozen=True, slots=True)
class ReportVerificationInput:
    verified_on: date
    verifier: str
    result: str


@dataclass(frozen=True, slots=True)
class ReportReplyInput:
    reply_on: date
    method: str
    text: str


class LogReportDialog(ActionDialog):
    """登记举报: when and how it came, who reported (real name, contact for the reply), where, what.

    A report about a family is tied to its case: type a name or the last digits of an ID number and 查找 asks the panel,
    which answers with :meth:`show_matches`.
    """

    search_requested = Signal(str)

    def __init__(
        self, *, today: date, townships: Sequence[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("登记实名举报"), "", parent)
        self.ok.setText(self.tr("登记"))
        self.received_on = date_edit("reportReceivedOn", today, latest=today)
        self.channel = QComboBox()
        self.channel.setObjectName("reportChannel")
        for code, label in CHANNELS.items():
            self.channel.addItem(label, code)
        self.reporter_name = line_edit("reportReporterName", max_length=64)
        self.reporter_contact = line_edit("reportReporterContact", max_length=64)
        self.reporter_contact.setPlaceholderText(self.tr("电话或地址，用于反馈核实结果"))
        self.township = QComboBox()
        self.township.setObjectName("reportTownship")
        self.township.addItem(self.tr("（不指定）"), None)
        for code, name in townships:
            self.township.addItem(name, code)
        self.search_text = line_edit("reportCaseSearch", max_length=40)
        self.search_text.setPlaceholderText(self.tr("被举报家庭成员姓名或身份证号后几位"))
        self.search_button = QPushButton(self.tr("查找"))
        self.search_button.setObjectName("reportCaseSearchButton")
        self.search_button.clicked.connect(self._search)
        self.search_text.returnPressed.connect(self._search)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_text, 1)
        search_row.addWidget(self.search_button)
        self.case = QComboBox()
        self.case.setObjectName("reportCase")
        self.case.addItem(self.tr("（不关联案件）"), None)
        self.search_note = QLabel()
        self.search_note.setObjectName("reportCaseSearchNote")
        self.search_note.setProperty("role", "hint")
        self.content = text_box("reportContent", 100)
        self.form.addRow(self.tr("收到日期"), self.received_on)
        self.form.addRow(self.tr("举报方式"), self.channel)
        self.form.addRow(self.tr("举报人姓名"), self.reporter_name)
        self.form.addRow(self.tr("联系方式"), self.reporter_contact)
        self.form.addRow(self.tr("乡镇/街道"), self.township)
        self.form.addRow(self.tr("查找被举报家庭"), search_row)
        self.form.addRow(self.tr("关联案件（可选）"), self.case)
        self.form.addRow("", self.search_note)
        self.form.addRow(self.tr("举报内容"), self.content)
        self.case.currentIndexChanged.connect(lambda _: self._follow_case())

    def _search(self) -> None:
        text = self.search_text.text().strip()
        if not text:
            self.search_note.setText(self.tr("请输入姓名或身份证号后几位再查找。"))
            return
        self.search_note.setText(self.tr("正在查找…"))
        self.search_requested.emit(text)

    def show_matches(self, rows: Sequence[CaseRow], township_names: dict[str, str]) -> None:
        self.case.blockSignals(True)
        self.case.clear()
        self.case.addItem(self.tr("（不关联案件）"), None)
        for r in rows:
            self.case.addItem(
                f"{r.head_name}（{r.head_id_masked}）{township_names.get(r.township_code, r.township_code)}"
                f" {r.state_label}",
                r.id,
            )
        self.case.blockSignals(False)
        if rows:
            self.case.setCurrentIndex(1)
            self.search_note.setText(self.tr("找到 %1 件案件，请在上面选择。").replace("%1", str(len(rows))))
        else:
            self.search_note.setText(self.tr("没有找到相符的案件。"))
        self._follow_case()

    def _follow_case(self) -> None:
        # The case names its township; the township choice is for a report not about one family.
        self.township.setEnabled(self.case.currentData() is None)

    def choose(
        self, *, channel: str | None = None, township_code: str | None = None, case_id: str | None = None
    ) -> None:
        """Select by code and id (the keyboard-free way for tests and scripts)."""
        if channel is not None:
            self.channel.setCurrentIndex(self.channel.findData(channel))
        if township_code is not None:
            self.township.setCurrentIndex(self.township.findData(township_code))
        if case_id is not None:
            self.case.setCurrentIndex(self.case.findData(case_id))

    def value(self) -> ReportInput:
        case_id = self.case.currentData()
        return ReportInput(
            received_on=py_date(self.received_on),
            channel=str(self.channel.currentData()),
            reporter_name=self.reporter_name.text(),
            reporter_contact=self.reporter_contact.text(),
            township_code=None if case_id else self.township.currentData(),
            case_id=str(case_id) if case_id else None,
            content=self.content.toPlainText(),
        )


class _ReportActionDialog(ActionDialog):
    def __init__(self, title: str, row: ReportRow, parent: QWidget | None = None) -> None:
        super().__init__(title, "", parent)
        self.row = row
        content = row.content if len(row.content) <= 120 else row.content[:120] + "…"
        self.set_about(
            self.tr("%1 收到（%2），举报人 %3：%4")
            .replace("%1", row.received_on.isoformat())
            .replace("%2", row.channel_label)
            .replace("%3", row.reporter_name)
            .replace("%4", content)
        )


class VerifyReportDialog(_ReportActionDialog):
    """登记核查结果: when, by whom, and what the verification found."""

    def __init__(self, row: ReportRow, *, today: date, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("登记举报核实结果"), row, parent)
        self.ok.setText(self.tr("登记"))
        self.verified_on = date_edit("reportVerifiedOn", today, latest=today, earliest=row.received_on)
        self.verifier = line_edit("reportVerifier", max_length=64)
        self.verifier.setPlaceholderText(self.tr("如：县民政局 张三"))
        self.finding = text_box("reportVerification", 100)
        self.finding.setPlaceholderText(self.tr("核实的经过和结论"))
        self.form.addRow(self.tr("核实日期"), self.verified_on)
        self.form.addRow(self.tr("核实人员"), self.verifier)
        self.form.addRow(self.tr("核实结果"), self.finding)

    def value(self) -> ReportVerificationInput:
        return ReportVerificationInput(
            py_date(self.verified_on), self.verifier.text(), self.finding.toPlainText()
        )


class ReplyReportDialog(_ReportActionDialog):
    """登记答复: when and how the reporter was told the result, and what was said."""

    def __init__(self, row: ReportRow, *, today: date, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("登记反馈举报人"), row, parent)
        self.ok.setText(self.tr("登记"))
        found = QLabel(row.verification_result or self.tr("（尚未登记核实结果）"))
        found.setObjectName("reportFound")
        found.setWordWrap(True)
        self.reply_on = date_edit(
            "reportReplyOn", today, latest=today, earliest=row.verified_on or row.received_on
        )
        self.method = QComboBox()
        self.method.setObjectName("reportReplyMethod")
        for code, label in REPLY_METHODS.items():
            self.method.addItem(label, code)
        self.text = text_box("reportReplyText", 100)
        self.text.setPlaceholderText(self.tr("向举报人反馈的核实结果"))
        self.form.addRow(self.tr("核实结果"), found)
        self.form.addRow(self.tr("反馈日期"), self.reply_on)
        self.form.addRow(self.tr("反馈方式"), self.method)
        self.form.addRow(self.tr("反馈内容"), self.text)

    def choose(self, *, method: str) -> None:
        self.method.setCurrentIndex(self.method.findData(method))

    def value(self) -> ReportReplyInput:
        return ReportReplyInput(
            py_date(self.reply_on), str(self.method.currentData()), self.text.toPlainText()
        )
