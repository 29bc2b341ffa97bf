"""Dialogs of the county's 抽查 (spot checks of new recipients): draw a cohort, record one sampled case's result.

Each dialog only collects input and emits ``submitted``; the panel runs the service on the database thread and closes
the dialog when the service accepts. A refusal is shown over the dialog, which keeps everything typed. The frame and
the small field helpers are shared with the real-name report dialogs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QWidget,
)

from app.services.supervision.spot_checks import RESULT_LABELS, CheckResult, SpotCheckRow
from app.workflow.rules import YearMonth
from ui.dialogs.action_dialog import ActionDialog, date_edit, line_edit, py_date, text_box

# --------------------------------------------------------------------------------------------------- spot checks


@dataclass(frozen=True, slots=True)
class DrawChoice:
    cohort: YearMonth
    scope_code: str


@dataclass(frozen=True, slots=True)
class SpotCheckResultInput:
    check_date: date
    checkers: str
    result: CheckResult
    problem_desc: str
    rectification: str
    closed_date: date | None


class DrawSpotCheckDialog(ActionDialog):
    """抽取: the approval cohort (month) and the scope; the random seed is made and recorded by the service."""

    def __init__(
        self,
        *,
        cohorts: Sequence[tuple[str, str]],
        townships: Sequence[tuple[str, str]],
        current: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            self.tr("抽取抽查对象"),
            self.tr(
                "从所选月份确认同意的新增保障家庭中，按规则表的比例随机抽取（书面＋实地），近亲属备案家庭全部实地核查。"
                "随机种子由程序生成并记录在案，可随时复核。"
            ),
            parent,
        )
        self.ok.setText(self.tr("抽取"))
        self.cohort = QComboBox()
        self.cohort.setObjectName("drawCohort")
        for code, label in cohorts:
            self.cohort.addItem(label, code)
        if current is not None and self.cohort.findData(current) >= 0:
            self.cohort.setCurrentIndex(self.cohort.findData(current))
        self.scope = QComboBox()
        self.scope.setObjectName("drawScope")
        self.scope.addItem(self.tr("全部乡镇/街道"), "")
        for code, name in townships:
            self.scope.addItem(name, code)
        self.form.addRow(self.tr("批次（确认月份）"), self.cohort)
        self.form.addRow(self.tr("范围"), self.scope)

    def choose(self, *, cohort: str | None = None, scope_code: str | None = None) -> None:
        """Select by cohort (YYYY-MM) and township code (the keyboard-free way for tests and scripts)."""
        if cohort is not None:
            self.cohort.setCurrentIndex(self.cohort.findData(cohort))
        if scope_code is not None:
            self.scope.setCurrentIndex(self.scope.findData(scope_code))

    def value(self) -> DrawChoice | None:
        code = self.cohort.currentData()
        if not code:
            self.problem.setText(self.tr("没有可抽取的批次：还没有确认同意的新增保障家庭。"))
            return None
        return DrawChoice(YearMonth.parse(str(code)), str(self.scope.currentData() or ""))


class RecordSpotCheckDialog(ActionDialog):
    """登记抽查结果: when and by whom, the result, the problem and its rectification, and when it was closed.

    A check found with a problem can be recorded first and completed (rectification, closing date) later.
    """

    def __init__(
        self, row: SpotCheckRow, *, township: str, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("登记抽查结果"), "", parent)
        self.row = row
        self.set_about(
            self.tr("%1（%2），%3；%4 批次，确认日期 %5；%6，须在 %7 前完成")
            .replace("%1", row.head_name)
            .replace("%2", row.head_id_masked)
            .replace("%3", township)
            .replace("%4", row.cohort)
            .replace("%5", row.decided_on.isoformat())
            .replace("%6", row.check_type_label)
            .replace("%7", row.window_ends_on.isoformat())
            + (self.tr("；近亲属备案") if row.near_relative else "")
        )
        self.ok.setText(self.tr("登记"))
        self.check_date = date_edit(
            "spotCheckDate", row.check_date or today, latest=today, earliest=row.decided_on
        )
        self.checkers = line_edit("spotCheckers", row.checkers)
        self.checkers.setPlaceholderText(self.tr("如：县民政局 张三、李四"))
        self.result_choice = QComboBox()
        self.result_choice.setObjectName("spotResult")
        self.result_choice.addItem(self.tr("（请选择）"), None)
        for result, label in RESULT_LABELS.items():
            self.result_choice.addItem(label, result.value)
        if row.result is not None:
            self.result_choice.setCurrentIndex(self.result_choice.findData(row.result.value))
        self.problem_desc = text_box("spotProblem")
        self.problem_desc.setPlainText(row.problem_desc)
        self.problem_desc.setPlaceholderText(self.tr("发现的问题"))
        self.rectification = text_box("spotRectification")
        self.rectification.setPlainText(row.rectification)
        self.rectification.setPlaceholderText(self.tr("整改要求及整改情况（办结前须写明）"))
        self.closed = QCheckBox(self.tr("已办结"))
        self.closed.setObjectName("spotClosed")
        self.closed_date = date_edit(
            "spotClosedDate", row.closed_date or today, latest=today, earliest=row.decided_on
        )
        self.closed.setChecked(row.closed_date is not None)
        hint = QLabel(self.tr("无问题的抽查在抽查当日办结；发现问题的，整改完成后再登记办结日期。"))
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        self.form.addRow(self.tr("抽查日期"), self.check_date)
        self.form.addRow(self.tr("抽查人员"), self.checkers)
        self.form.addRow(self.tr("抽查结果"), self.result_choice)
        self.form.addRow(self.tr("发现的问题"), self.problem_desc)
        self.form.addRow(self.tr("整改情况"), self.rectification)
        self.form.addRow(self.closed, self.closed_date)
        self.form.addRow("", hint)
        self.result_choice.currentIndexChanged.connect(lambda _: self._follow_result())
        self.closed.toggled.connect(lambda _: self._follow_result())
        self._follow_result()

    def _chosen(self) -> CheckResult | None:
        data = self.result_choice.currentData()
        return CheckResult(data) if data else None

    def _follow_result(self) -> None:
        problem = self._chosen() is CheckResult.PROBLEM
        self.problem_desc.setEnabled(problem)
        self.rectification.setEnabled(problem)
        self.closed_date.setEnabled(self.closed.isChecked())

    def set_result(self, result: CheckResult) -> None:
        self.result_choice.setCurrentIndex(self.result_choice.findData(result.value))

    def value(self) -> SpotCheckResultInput | None:
        result = self._chosen()
        if result is None:
            self.problem.setText(self.tr("请选择抽查结果。"))
            return None
        problem = result is CheckResult.PROBLEM
        return SpotCheckResultInput(
            check_date=py_date(self.check_date),
            checkers=self.checkers.text(),
            result=result,
            problem_desc=self.problem_desc.toPlainText() if problem else "",
            rectification=self.rectification.toPlainText() if problem else "",
            closed_date=py_date(self.closed_date) if self.closed.isChecked() else None,
        )
