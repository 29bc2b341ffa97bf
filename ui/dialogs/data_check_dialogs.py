"""Dialogs of 信息核对: the county records a check report (ReportDialog); the township explains an anomaly or records
that the assessment takes it into account (ResolveAnomalyDialog).

Each dialog only collects input and emits ``submitted``; the panel runs the service on the database thread and closes
the dialog when the service accepts. The service checks the input (report number, dates, items, the reason a
conclusion other than 符合 needs, the scan being a PDF); a refusal leaves the dialog open with everything typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.supervision.data_checks import (
    CHECK_ITEMS,
    CONCLUSION_LABELS,
    AnomalyInput,
    AnomalyView,
    Conclusion,
    Resolution,
)
from ui.dialogs.action_dialog import ActionDialog, date_edit, py_date


@dataclass(frozen=True, slots=True)
class ReportInput:
    report_no: str
    issued_on: date
    received_on: date
    items: tuple[str, ...]
    anomalies: tuple[AnomalyInput, ...]
    conclusion: Conclusion
    conclusion_text: str
    scan_path: Path | None


def _date_edit(name: str, today: date) -> QDateEdit:
    return date_edit(name, today, latest=today)


class _ActionDialog(ActionDialog):
    """The frame of these dialogs: a wider form, OK reads 确定 and 正在保存… while the service runs."""

    ABOUT_NAME = "dataCheckAbout"
    PROBLEM_NAME = "dataCheckProblem"
    OK_NAME = "dataCheckOk"
    MIN_WIDTH = 520

    def __init__(self, title: str, about: str, parent: QWidget | None = None) -> None:
        super().__init__(title, about, parent)
        self.ok.setText(self.tr("确定"))

    def set_busy(self, busy: bool) -> None:
        self.ok.setEnabled(not busy)
        self.ok.setText(self.tr("正在保存…") if busy else self.tr("确定"))


class ReportDialog(_ActionDialog):
    """登记核对报告: report number, issued and received dates, the items checked, the anomalies found (rows to add
    and remove), the conclusion with its reason, and an optional PDF scan chosen from a file."""

    ANOMALY_COLUMNS = 3

    def __init__(self, about: str, *, today: date, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("登记县级信息核对报告"), about, parent)
        self.setObjectName("dataCheckReportDialog")
        self.scan_path: Path | None = None
        self.report_no = QLineEdit()
        self.report_no.setObjectName("reportNo")
        self.report_no.setPlaceholderText(self.tr("如：浮民核〔2026〕001号"))
        self.issued = _date_edit("issuedOn", today)
        self.received = _date_edit("receivedOn", today)
        self.form.addRow(self.tr("报告编号"), self.report_no)
        self.form.addRow(self.tr("出具日期"), self.issued)
        self.form.addRow(self.tr("收到日期"), self.received)
        grid = QGridLayout()
        self.item_boxes: dict[str, QCheckBox] = {}
        for n, item in enumerate(CHECK_ITEMS):
            box = QCheckBox(item)
            box.setObjectName(f"checkItem{n}")
            self.item_boxes[item] = box
            grid.addWidget(box, n // 4, n % 4)
        items = QWidget()
        items.setLayout(grid)
        self.form.addRow(self.tr("核对项目"), items)
        self.anomalies = QTableWidget(0, self.ANOMALY_COLUMNS)
        self.anomalies.setObjectName("anomalyTable")
        self.anomalies.setHorizontalHeaderLabels([self.tr("项目"), self.tr("异常情况"), self.tr("数值/金额")])
        self.anomalies.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.anomalies.verticalHeader().hide()
        self.anomalies.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.anomalies.setMinimumHeight(110)
        add = QPushButton(self.tr("添加异常"))
        add.setObjectName("addAnomaly")
        add.clicked.connect(lambda: self.add_anomaly())
        remove = QPushButton(self.tr("删除选中异常"))
        remove.setObjectName("removeAnomaly")
        remove.clicked.connect(self.remove_selected_anomaly)
        rows = QHBoxLayout()
        rows.addWidget(add)
        rows.addWidget(remove)
        rows.addStretch(1)
        box = QWidget()
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addWidget(self.anomalies)
        box_layout.addLayout(rows)
        self.form.addRow(self.tr("发现的异常"), box)
        self.conclusion = QComboBox()
        self.conclusion.setObjectName("conclusion")
        for key, label in CONCLUSION_LABELS.items():
            self.conclusion.addItem(label, key.value)
        self.form.addRow(self.tr("核对结论"), self.conclusion)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("conclusionText")
        self.reason.setPlaceholderText(self.tr("结论不是“符合”时必须写明理由"))
        self.reason.setMinimumHeight(70)
        self.form.addRow(self.tr("结论理由"), self.reason)
        self.scan_label = QLabel(self.tr("（未选择）"))
        self.scan_label.setObjectName("scanPath")
        choose = QPushButton(self.tr("选择扫描件…"))
        choose.setObjectName("chooseScan")
        choose.clicked.connect(self.choose_scan)
        clear = QPushButton(self.tr("不附扫描件"))
        clear.setObjectName("clearScan")
        clear.clicked.connect(lambda: self.set_scan(None))
        scan = QHBoxLayout()
        scan.addWidget(self.scan_label, 1)
        scan.addWidget(choose)
        scan.addWidget(clear)
        self.form.addRow(self.tr("报告扫描件（PDF，可选）"), scan)

    # -- anomalies ----------------------------------------------------------------------------------------

    def add_anomaly(self, item: str = "", description: str = "", value_text: str = "") -> int:
        row = self.anomalies.rowCount()
        self.anomalies.insertRow(row)
        for column, text in enumerate((item, description, value_text)):
            self.anomalies.setItem(row, column, QTableWidgetItem(text))
        return row

    def remove_selected_anomaly(self) -> None:
        row = self.anomalies.currentRow()
        if row >= 0:
            self.anomalies.removeRow(row)

    def _cell(self, row: int, column: int) -> str:
        cell = self.anomalies.item(row, column)
        return cell.text().strip() if cell is not None else ""

    def anomaly_inputs(self) -> tuple[AnomalyInput, ...]:
        """The rows typed, rows left wholly empty skipped; half-filled rows go to the service, which says which."""
        out: list[AnomalyInput] = []
        for row in range(self.anomalies.rowCount()):
            item, description, value_text = (self._cell(row, c) for c in range(self.ANOMALY_COLUMNS))
            if item or description or value_text:
                out.append(AnomalyInput(item=item, description=description, value_text=value_text))
        return tuple(out)

    # -- scan -----------------------------------------------------------------------------------------------

    def choose_scan(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择核对报告扫描件"), "", self.tr("PDF 文件 (*.pdf);;所有文件 (*)")
        )
        if path:
            self.set_scan(path)

    def set_scan(self, path: str | Path | None) -> None:
        """The scan to attach (read and checked when submitted); the file dialog only collects the path."""
        self.scan_path = Path(path) if path else None
        self.scan_label.setText(str(self.scan_path) if self.scan_path else self.tr("（未选择）"))

    # -- value ----------------------------------------------------------------------------------------------

    def set_items(self, items: tuple[str, ...] | list[str]) -> None:
        for name, box in self.item_boxes.items():
            box.setChecked(name in items)

    def set_conclusion(self, conclusion: Conclusion) -> None:
        self.conclusion.setCurrentIndex(self.conclusion.findData(conclusion.value))

    def value(self) -> ReportInput:
        return ReportInput(
            report_no=self.report_no.text().strip(),
            issued_on=py_date(self.issued),
            received_on=py_date(self.received),
            items=tuple(name for name, box in self.item_boxes.items() if box.isChecked()),
            anomalies=self.anomaly_inputs(),
            conclusion=Conclusion(str(self.conclusion.currentData())),
            conclusion_text=self.reason.toPlainText().strip(),
            scan_path=self.scan_path,
        )


class ResolveAnomalyDialog(_ActionDialog):
    """说明 (the township explains the anomaly) or 纳入评估 (which income or property the assessment counts it as)."""

    def __init__(self, anomaly: AnomalyView, resolution: Resolution, parent: QWidget | None = None) -> None:
        super().__init__("", "", parent)
        self.set_about(
            self.tr("核对异常 %1：%2%3")
            .replace("%1", anomaly.item)
            .replace("%2", anomaly.description)
            .replace("%3", f"（{anomaly.value_text}）" if anomaly.value_text else "")
        )
        self.setWindowTitle(
            self.tr("说明核对异常") if resolution is Resolution.EXPLAINED else self.tr("核对异常纳入评估")
        )
        self.setObjectName("resolveAnomalyDialog")
        self.anomaly = anomaly
        self.resolution = resolution
        self.note = QPlainTextEdit()
        self.note.setObjectName("resolutionNote")
        self.note.setMinimumHeight(90)
        self.note.setPlaceholderText(
            self.tr("写明情况说明及依据")
            if resolution is Resolution.EXPLAINED
            else self.tr("写明计入评估的方式（计入哪一项收入或财产、金额）")
        )
        self.form.addRow(
            self.tr("说明") if resolution is Resolution.EXPLAINED else self.tr("计入方式"), self.note
        )

    def value(self) -> str:
        return self.note.toPlainText().strip()
