"""The investigator's first tab: this week's home visits (today's highlighted) and the cases assigned to me, the most
urgent deadline first and overdue ones in red. Double-click a row to open the case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.services.assignments import MyCaseRow, VisitRow, my_cases, my_visits, week_of
from ui.errors import show_error
from ui.session import UserSession

RED = QColor("#b3261e")
TODAY_BACKGROUND = QColor("#fff4ce")


@dataclass(frozen=True, slots=True)
class MyWork:
    today: date
    monday: date
    sunday: date
    visits: tuple[VisitRow, ...]
    cases: tuple[MyCaseRow, ...]


def _table(name: str, model: QStandardItemModel) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return view


class MyWorkPanel(QWidget):
    case_activated = Signal(str)
    loaded = Signal()

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        self._request = 0  # only the answer to the latest refresh is shown
        self.visit_case_ids: list[str] = []
        self.case_ids: list[str] = []
        self.week_label = QLabel()
        self.week_label.setObjectName("weekLabel")
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.setObjectName("refreshMyWork")
        self.refresh_button.clicked.connect(self.refresh)
        visit_headers = [
            self.tr("日期"),
            self.tr("时段"),
            self.tr("户主"),
            self.tr("身份证号"),
            self.tr("村/社区"),
            self.tr("调查人员"),
            self.tr("状态"),
        ]
        self.visit_model = QStandardItemModel(0, len(visit_headers), self)
        self.visit_model.setHorizontalHeaderLabels(visit_headers)
        self.visit_table = _table("visitTable", self.visit_model)
        self.visit_table.activated.connect(self._on_visit_activated)
        case_headers = [
            self.tr("户主"),
            self.tr("身份证号"),
            self.tr("村/社区"),
            self.tr("案件状态"),
            self.tr("我的分工"),
            self.tr("下一个时限"),
            self.tr("到期日"),
            self.tr("入户安排"),
        ]
        self.case_model = QStandardItemModel(0, len(case_headers), self)
        self.case_model.setHorizontalHeaderLabels(case_headers)
        self.case_table = _table("myCaseTable", self.case_model)
        self.case_table.activated.connect(self._on_case_activated)
        self.summary = QLabel()
        self.summary.setObjectName("myWorkSummary")

        top = QHBoxLayout()
        top.addWidget(self.week_label, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel(self.tr("本周入户安排")))
        layout.addWidget(self.visit_table, 2)
        layout.addWidget(QLabel(self.tr("分派给我的案件")))
        layout.addWidget(self.case_table, 3)
        layout.addWidget(self.summary)
        self.refresh()

    def refresh(self) -> None:
        user = self._user
        actor, today = user.actor, user.clock.today()
        self._request += 1
        request = self._request

        def work(session: Session) -> MyWork:
            monday, sunday = week_of(today)
            return MyWork(
                today,
                monday,
                sunday,
                my_visits(session, actor, monday, sunday),
                my_cases(session, actor, today, calendar=user.calendar(session), rules=user.rules),
            )

        def done(result: MyWork) -> None:
            if request == self._request:  # a newer refresh is on its way: this answer is stale
                self._show(result)

        user.read(work, done, lambda exc: show_error(self, exc))

    def _show(self, work: MyWork) -> None:
        self.week_label.setText(
            self.tr("本周：%1 至 %2（今天 %3）")
            .replace("%1", work.monday.isoformat())
            .replace("%2", work.sunday.isoformat())
            .replace("%3", work.today.isoformat())
        )
        self._show_visits(work)
        self._show_cases(work)
        todays = sum(1 for v in work.visits if v.planned_on == work.today)
        overdue = sum(1 for c in work.cases if c.overdue)
        self.summary.setText(
            self.tr("今天入户 %1 户，本周共 %2 户；分派给我的案件 %3 件，其中已逾期 %4 件")
            .replace("%1", str(todays))
            .replace("%2", str(len(work.visits)))
            .replace("%3", str(len(work.cases)))
            .replace("%4", str(overdue))
        )
        self.loaded.emit()

    def _show_visits(self, work: MyWork) -> None:
        self.visit_model.removeRows(0, self.visit_model.rowCount())
        self.visit_case_ids = [v.case_id for v in work.visits]
        weekdays = (
            self.tr("周一"),
            self.tr("周二"),
            self.tr("周三"),
            self.tr("周四"),
            self.tr("周五"),
            self.tr("周六"),
            self.tr("周日"),
        )
        for v in work.visits:
            names = "、".join(v.investigator_names)
            if v.short_of_staff:
                names += self.tr("（不足两人）")
            day = f"{v.planned_on.isoformat()} {weekdays[v.planned_on.weekday()]}"
            cells = [
                QStandardItem(text)
                for text in (
                    day,
                    v.time_slot,
                    v.head_name,
                    v.head_id_masked,
                    v.village_name,
                    names,
                    v.status_label,
                )
            ]
            if v.planned_on == work.today:
                bold = QFont()
                bold.setBold(True)
                for cell in cells:
                    cell.setBackground(QBrush(TODAY_BACKGROUND))
                    cell.setFont(bold)
                cells[0].setText(day + self.tr("（今天）"))
            self.visit_model.appendRow(cells)

    def _show_cases(self, work: MyWork) -> None:
        self.case_model.removeRows(0, self.case_model.rowCount())
        self.case_ids = [c.case_id for c in work.cases]
        for c in work.cases:
            d = c.next_deadline
            cells = [
                QStandardItem(text)
                for text in (
                    c.head_name,
                    c.head_id_masked,
                    c.village_name,
                    c.state_label,
                    c.my_role_label,
                    f"{d.step_label}（{d.status_label}）" if d else self.tr("无进行中的时限"),
                    d.due_on.isoformat() + d.provisional_mark if d else "",
                    c.next_visit_on.isoformat() if c.next_visit_on else self.tr("未安排"),
                )
            ]
            if c.overdue:
                for cell in cells:
                    cell.setForeground(RED)
            self.case_model.appendRow(cells)

    def _on_visit_activated(self, index: QModelIndex) -> None:
        if index.isValid() and index.row() < len(self.visit_case_ids):
            self.case_activated.emit(self.visit_case_ids[index.row()])

    def _on_case_activated(self, index: QModelIndex) -> None:
        if index.isValid() and index.row() < len(self.case_ids):
            self.case_activated.emit(self.case_ids[index.row()])
