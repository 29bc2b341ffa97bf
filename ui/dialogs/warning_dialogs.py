"""Dialogs for acting on a warning (预警): assign, record the home verification, ask for or answer a point-to-point
data view, close, and the row-by-row report of an import.

Each action dialog only collects input and emits ``submitted``; the panel runs the service on the database thread
and closes the dialog when the service accepts. A refusal leaves the dialog open with everything typed still there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.supervision.warnings import (
    DISPOSITION_LABELS,
    METHOD_HOME,
    METHOD_HOME_ONLINE,
    METHOD_LABELS,
    Disposition,
    StaffChoice,
    WarningImportReport,
    WarningRow,
)
from ui.dialogs.action_dialog import ActionDialog, date_edit, py_date, text_box


@dataclass(frozen=True, slots=True)
class AssignChoice:
    township_code: str | None
    assignee_user_id: str | None


@dataclass(frozen=True, slots=True)
class VerificationInput:
    home_visited_on: date
    online_checked: bool
    findings: str
    disposition: Disposition
    note: str


class WarningActionDialog(ActionDialog):
    """The shared frame, about a warning: what the warning is, a form, a line for problems, OK/Cancel."""

    ABOUT_NAME = "warningAbout"
    PROBLEM_NAME = "warningDialogProblem"
    OK_NAME = "warningDialogOk"

    def __init__(self, title: str, row: WarningRow, parent: QWidget | None = None) -> None:
        super().__init__(title, "", parent)
        self.row = row
        self.set_about(
            self.tr("预警单 %1：%2（%3），%4/%5，核查期限 %6")
            .replace("%1", row.external_no or "—")
            .replace("%2", row.subject_name)
            .replace("%3", row.subject_id_masked)
            .replace("%4", row.source_dept)
            .replace("%5", row.warning_type)
            .replace("%6", row.due_on.isoformat() + row.provisional_mark)
        )


class AssignWarningDialog(WarningActionDialog):
    """分派: the township (county only) and, optionally, the person who verifies."""

    def __init__(
        self,
        row: WarningRow,
        *,
        townships: Sequence[tuple[str, str]],
        staff: Sequence[StaffChoice],
        township_fixed: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("指定核查人员") if township_fixed else self.tr("分派预警"), row, parent)
        self._staff = tuple(staff)
        self._fixed = township_fixed
        self.ok.setText(self.tr("分派"))
        self.township = QComboBox()
        self.township.setObjectName("assignTownship")
        if row.township_code is None:
            self.township.addItem(self.tr("（请选择乡镇/街道）"), None)
        for code, name in townships:
            self.township.addItem(name, code)
        if row.township_code is not None:
            at = self.township.findData(row.township_code)
            if at < 0:
                self.township.addItem(row.township_name, row.township_code)
                at = self.township.count() - 1
            self.township.setCurrentIndex(at)
        self.township.setEnabled(not township_fixed)
        self.person = QComboBox()
        self.person.setObjectName("assignPerson")
        self.township.currentIndexChanged.connect(lambda _: self._fill_people())
        self._fill_people()
        self.form.addRow(self.tr("乡镇/街道"), self.township)
        self.form.addRow(self.tr("核查人员"), self.person)

    def _fill_people(self) -> None:
        code = self.township.currentData()
        keep = self.person.currentData() or self.row.assigned_to
        self.person.clear()
        self.person.addItem(self.tr("（暂不指定，由乡镇安排）"), None)
        if code is None:
            return
        for s in self._staff:
            if s.township_code in (None, code):
                self.person.addItem(f"{s.display_name}（{s.role_label}）", s.user_id)
        at = self.person.findData(keep) if keep else -1
        self.person.setCurrentIndex(max(at, 0))

    def choose(self, *, township_code: str | None = None, user_id: str | None = None) -> None:
        """Select by code and account id (the keyboard-free way for tests and scripts)."""
        if township_code is not None:
            self.township.setCurrentIndex(self.township.findData(township_code))
        if user_id is not None:
            self.person.setCurrentIndex(self.person.findData(user_id))

    def value(self) -> AssignChoice:
        code = self.township.currentData()
        return AssignChoice(
            township_code=None if self._fixed else code, assignee_user_id=self.person.currentData()
        )


class VerifyWarningDialog(WarningActionDialog):
    """登记核查结果: the home visit (required), how it was checked, what was found and the disposition."""

    def __init__(self, row: WarningRow, *, today: date, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("登记入户核查结果"), row, parent)
        self.ok.setText(self.tr("登记"))
        self.visited_on = date_edit(
            "verifyVisitedOn", today, latest=today, earliest=min(row.pushed_on, today)
        )
        self.method = QComboBox()
        self.method.setObjectName("verifyMethod")
        self.method.addItem(METHOD_LABELS[METHOD_HOME], False)
        self.method.addItem(METHOD_LABELS[METHOD_HOME_ONLINE], True)
        self.findings = text_box("verifyFindings", 90)
        self.findings.setPlaceholderText(self.tr("入户看到和核实的情况"))
        self.disposition = QComboBox()
        self.disposition.setObjectName("verifyDisposition")
        self.disposition.addItem(self.tr("（请选择）"), None)
        for d, label in DISPOSITION_LABELS.items():
            self.disposition.addItem(label, d.value)
        self.note = QLineEdit()
        self.note.setObjectName("verifyNote")
        self.form.addRow(self.tr("入户核查日期"), self.visited_on)
        self.form.addRow(self.tr("核查方式"), self.method)
        self.form.addRow(self.tr("核查情况"), self.findings)
        self.form.addRow(self.tr("处置意见"), self.disposition)
        self.form.addRow(self.tr("备注"), self.note)

    def set_disposition(self, disposition: Disposition) -> None:
        self.disposition.setCurrentIndex(self.disposition.findData(disposition.value))

    def value(self) -> VerificationInput | None:
        chosen = self.disposition.currentData()
        if chosen is None:
            self.problem.setText(self.tr("请选择处置意见。"))
            return None
        return VerificationInput(
            home_visited_on=py_date(self.visited_on),
            online_checked=bool(self.method.currentData()),
            findings=self.findings.toPlainText(),
            disposition=Disposition(chosen),
            note=self.note.text(),
        )


class DataViewRequestDialog(WarningActionDialog):
    """申请点对点数据查看: what is unclear in the warning (the 20-day clock keeps running)."""

    def __init__(self, row: WarningRow, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("申请点对点数据查看"), row, parent)
        self.ok.setText(self.tr("提交申请"))
        self.reason = text_box("dataViewReason", 90)
        self.reason.setPlaceholderText(self.tr("预警信息哪里不明确，需要县级提供什么"))
        hint = QLabel(self.tr("申请期间核查期限照常计算。"))
        hint.setProperty("role", "hint")
        self.form.addRow(self.tr("申请理由"), self.reason)
        self.form.addRow("", hint)

    def value(self) -> str:
        return self.reason.toPlainText()


class DataViewAnswerDialog(WarningActionDialog):
    """答复点对点数据查看: the county's answer to the township's request."""

    def __init__(self, row: WarningRow, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("答复点对点数据查看"), row, parent)
        self.ok.setText(self.tr("答复"))
        asked = QLabel(row.data_view_reason or self.tr("（无）"))
        asked.setObjectName("dataViewAsked")
        asked.setWordWrap(True)
        self.answer = text_box("dataViewAnswer", 90)
        self.form.addRow(self.tr("乡镇的申请"), asked)
        self.form.addRow(self.tr("答复内容"), self.answer)

    def value(self) -> str:
        return self.answer.toPlainText()


class CloseWarningDialog(WarningActionDialog):
    """结案: the verification on record, and the closing date."""

    def __init__(self, row: WarningRow, *, today: date, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("预警结案"), row, parent)
        self.ok.setText(self.tr("结案"))
        visited = row.home_visited_on.isoformat() if row.home_visited_on else self.tr("（尚未登记）")
        facts = QLabel(
            self.tr("入户核查：%1 %2\n核查情况：%3\n处置意见：%4 %5")
            .replace("%1", visited)
            .replace("%2", row.verification_method_label)
            .replace("%3", row.findings or self.tr("（尚未登记）"))
            .replace("%4", row.disposition_label or self.tr("（尚未登记）"))
            .replace("%5", row.disposition_note)
        )
        facts.setObjectName("closeFacts")
        facts.setWordWrap(True)
        self.closed_on = date_edit("closeOn", today, latest=today)
        self.form.addRow(facts)
        self.form.addRow(self.tr("办结日期"), self.closed_on)

    def value(self) -> date:
        return py_date(self.closed_on)


class ImportReportDialog(QDialog):
    """The row-by-row result of an import: each imported and refused row with its reason, and ignored columns."""

    def __init__(self, report: WarningImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("预警导入结果"))
        self.setMinimumSize(640, 420)
        self.summary = QLabel(
            self.tr("文件 %1：共 %2 行，导入 %3 行，未导入 %4 行。")
            .replace("%1", report.file_name)
            .replace("%2", str(report.rows_total))
            .replace("%3", str(len(report.imported)))
            .replace("%4", str(len(report.rejected)))
        )
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        notes: list[str] = []
        if report.unknown_columns:
            notes.append(self.tr("无法识别的列（已忽略）：") + "、".join(report.unknown_columns))
        if report.repeated_columns:
            notes.append(self.tr("重复的列（只读取第一列）：") + "、".join(report.repeated_columns))
        if report.unassigned:
            notes.append(
                self.tr("%1 条预警无法确定乡镇（街道），请在列表中分派。").replace(
                    "%1", str(report.unassigned)
                )
            )
        if any(r.provisional for r in report.imported):
            notes.append(self.tr("部分核查期限按暂定日历计算，官方放假安排导入后会重新计算。"))
        self.notes = QLabel("\n".join(notes))
        self.notes.setObjectName("importNotes")
        self.notes.setWordWrap(True)
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("行号"), self.tr("预警单号"), self.tr("结果"), self.tr("说明")]
        )
        lines: list[tuple[int, list[QStandardItem]]] = []
        for r in report.imported:
            due = self.tr("核查期限 %1").replace("%1", r.due_on.isoformat())
            if r.provisional:
                due += self.tr("（暂定日历）")
            if r.township_code is None:
                due += self.tr("；待分派乡镇")
            lines.append((r.line, self._cells(r.line, r.external_no, self.tr("已导入"), due, refused=False)))
        for r in report.rejected:
            lines.append(
                (
                    r.line,
                    self._cells(r.line, r.external_no, self.tr("未导入"), "；".join(r.reasons), refused=True),
                )
            )
        for _, cells in sorted(lines, key=lambda pair: pair[0]):
            self.model.appendRow(cells)
        self.table = QTableView()
        self.table.setObjectName("importReportTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.notes)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    @staticmethod
    def _cells(line: int, number: str, result: str, detail: str, *, refused: bool) -> list[QStandardItem]:
        cells = [
            QStandardItem(str(line)),
            QStandardItem(number),
            QStandardItem(result),
            QStandardItem(detail),
        ]
        cells[0].setData(line, Qt.ItemDataRole.UserRole)
        if refused:
            for cell in cells:
                cell.setForeground(Qt.GlobalColor.darkRed)
        return cells

    def row_texts(self) -> list[tuple[str, str, str, str]]:
        """What the table shows, row by row (line, number, result, detail)."""
        m = self.model
        return [
            (
                str(m.index(r, 0).data()),
                str(m.index(r, 1).data()),
                str(m.index(r, 2).data()),
                str(m.index(r, 3).data()),
            )
            for r in range(m.rowCount())
        ]
