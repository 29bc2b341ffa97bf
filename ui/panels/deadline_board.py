"""The deadline board: every open statutory clock, the overdue ones first in red, provisional dates marked."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.services.deadline_board import DeadlineRow, list_open_deadlines
from app.workflow.deadlines import DeadlineStatus
from ui.errors import show_error
from ui.session import UserSession

HEADERS = ("户主", "身份证号", "环节", "时限", "开始", "到期日", "状态")


class DeadlineBoardPanel(QWidget):
    case_activated = Signal(str)

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        self._case_ids: list[str] = []
        self.overdue_only = QCheckBox(self.tr("只看已逾期"))
        self.overdue_only.setObjectName("overdueOnly")
        self.summary = QLabel()
        self.summary.setObjectName("deadlineSummary")
        self.model = QStandardItemModel(0, len(HEADERS), self)
        self.model.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.table = QTableView()
        self.table.setObjectName("deadlineTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda index: self.case_activated.emit(self._case_ids[index.row()]))
        layout = QVBoxLayout(self)
        layout.addWidget(self.overdue_only)
        layout.addWidget(self.table)
        layout.addWidget(self.summary)
        self.overdue_only.toggled.connect(lambda _: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        user, overdue = self._user, self.overdue_only.isChecked()
        actor, today = user.actor, user.clock.today()

        def work(session: Session) -> tuple[DeadlineRow, ...]:
            return list_open_deadlines(
                session,
                actor,
                calendar=user.calendar(session),
                rules=user.rules,
                today=today,
                overdue_only=overdue,
            )

        user.read(work, self._show, lambda exc: show_error(self, exc))

    def _show(self, rows: tuple[DeadlineRow, ...]) -> None:
        self.model.removeRows(0, self.model.rowCount())
        self._case_ids = [r.case_id for r in rows]
        red = QColor("#b3261e")
        for r in rows:
            cells = [
                QStandardItem(v)
                for v in (
                    r.head_name,
                    r.head_id_masked,
                    r.step_label,
                    r.limit_text,
                    r.started_on.isoformat(),
                    r.due_on.isoformat() + r.provisional_mark,
                    r.status_label,
                )
            ]
            if r.status == DeadlineStatus.OVERDUE.value:
                for cell in cells:
                    cell.setForeground(red)
            self.model.appendRow(cells)
        overdue = sum(1 for r in rows if r.status == DeadlineStatus.OVERDUE.value)
        soon = sum(1 for r in rows if r.status == DeadlineStatus.DUE_SOON.value)
        self.summary.setText(
            self.tr("进行中的时限 %1 项，其中已逾期 %2 项，即将到期 %3 项")
            .replace("%1", str(len(rows)))
            .replace("%2", str(overdue))
            .replace("%3", str(soon))
        )
