"""The frame every action dialog of the supervision panels shares, and the small field helpers their forms use.

An action dialog only collects input and emits ``submitted`` with it; the panel runs the service on the database
thread and closes the dialog when the service accepts. A refusal is shown over the dialog (``show_error``), which
stays open with everything typed still there.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui import errors
from ui.panels.tables import RED


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def py_date(edit: QDateEdit) -> date:
    q = edit.date()
    return date(q.year(), q.month(), q.day())


def date_edit(
    name: str, value: date, *, latest: date | None = None, earliest: date | None = None
) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    if earliest is not None:
        edit.setMinimumDate(qdate(earliest if latest is None else min(earliest, latest)))
    if latest is not None:
        edit.setMaximumDate(qdate(latest))
    edit.setDate(qdate(value))
    return edit


def text_box(name: str, height: int = 80) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setMinimumHeight(height)
    return box


def line_edit(name: str, text: str = "", max_length: int = 200) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setObjectName(name)
    edit.setMaxLength(max_length)
    return edit


class ActionDialog(QDialog):
    """What the action is about (shown when there is something to say), a form, a line for problems found before
    submitting, OK/取消. ``submit`` emits ``submitted(value)``; ``set_busy`` while the service runs.

    A dialog family names its parts through the class attributes below (object names for styling and tests).
    """

    submitted = Signal(object)

    ABOUT_NAME = "actionAbout"
    PROBLEM_NAME = "actionDialogProblem"
    OK_NAME = "actionDialogOk"
    MIN_WIDTH = 480

    def __init__(self, title: str, about: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(self.MIN_WIDTH)
        self.about = QLabel()
        self.about.setObjectName(self.ABOUT_NAME)
        self.about.setWordWrap(True)
        self.set_about(about)
        self.form = QFormLayout()
        self.problem = QLabel()
        self.problem.setObjectName(self.PROBLEM_NAME)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {RED.name()}")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setObjectName(self.OK_NAME)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.about)
        self.body.addLayout(self.form)
        self.body.addWidget(self.problem)
        self.body.addWidget(self.buttons)

    def set_about(self, text: str) -> None:
        self.about.setText(text)
        self.about.setVisible(bool(text))

    def value(self) -> object | None:
        """The collected input, or None after saying in ``problem`` what is missing."""
        raise NotImplementedError

    def submit(self) -> None:
        self.problem.clear()
        value = self.value()
        if value is None:
            return
        self.set_busy(True)
        self.submitted.emit(value)

    def set_busy(self, busy: bool) -> None:
        self.ok.setEnabled(not busy)

    def show_error(self, exc: BaseException) -> None:
        """The service refused: ready to submit again, the refusal in Chinese over the dialog."""
        self.set_busy(False)
        errors.show_error(self, exc)
