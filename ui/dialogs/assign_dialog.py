"""Investigators and home visits of one case, for the coordinator, the window clerk or the administrator: assign or
take off an investigator, plan a home visit for everyone assigned, cancel a planned one.

The service decides (the same person twice, related staff, two investigators per visit); the dialog shows its refusal.
Every read and write goes through the user's database executor; a late answer for an older load is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.domain.errors import AppError
from app.services import assignments
from app.services.assignments import CaseStaffing
from ui.errors import show_error
from ui.session import UserSession


def _table(name: str, headers: list[str]) -> tuple[QTableView, QStandardItemModel]:
    model = QStandardItemModel(0, len(headers))
    model.setHorizontalHeaderLabels(headers)
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    model.setParent(view)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return view, model


class AssignDialog(QDialog):
    changed = Signal(str)  # the case id, after each successful change
    loaded = Signal()

    def __init__(self, user: UserSession, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assignDialog")
        self.setWindowTitle(self.tr("分派调查人员和安排入户"))
        self.resize(760, 560)
        self._user = user
        self.case_id = case_id
        self.staffing: CaseStaffing | None = None
        self._request = 0
        self.header = QLabel(self.tr("正在读取…"))
        self.header.setObjectName("assignHeader")

        self.people, self.people_model = _table(
            "assignmentTable", [self.tr("调查人员"), self.tr("分工"), self.tr("分派日期"), self.tr("状态")]
        )
        self.candidate = QComboBox()
        self.candidate.setObjectName("candidateCombo")
        self.role = QComboBox()
        self.role.setObjectName("roleCombo")
        self.role.addItem(self.tr("自动（无主调查人时为主调查人）"), None)
        self.role.addItem(self.tr("主调查人"), assignments.LEAD)
        self.role.addItem(self.tr("协同调查人"), assignments.SECOND)
        self.assign_button = QPushButton(self.tr("分派"))
        self.assign_button.setObjectName("assignButton")
        self.assign_button.clicked.connect(self._on_assign_clicked)
        self.end_button = QPushButton(self.tr("结束选中人员的分派"))
        self.end_button.setObjectName("endAssignmentButton")
        self.end_button.clicked.connect(self._on_end_clicked)
        pick = QHBoxLayout()
        pick.addWidget(self.candidate, 2)
        pick.addWidget(self.role, 1)
        pick.addWidget(self.assign_button)
        people_box = QGroupBox(self.tr("调查人员（入户调查须至少两名）"))
        people_layout = QVBoxLayout(people_box)
        people_layout.addWidget(self.people)
        people_layout.addLayout(pick)
        people_layout.addWidget(self.end_button)

        self.visits, self.visits_model = _table(
            "visitPlanTable", [self.tr("日期"), self.tr("时段"), self.tr("调查人员"), self.tr("状态")]
        )
        today = user.clock.today()
        self.planned_on = QDateEdit(QDate(today.year, today.month, today.day))
        self.planned_on.setObjectName("plannedOn")
        self.planned_on.setCalendarPopup(True)
        self.planned_on.setDisplayFormat("yyyy-MM-dd")
        self.planned_on.setMinimumDate(QDate(today.year, today.month, today.day))
        self.time_slot = QLineEdit()
        self.time_slot.setObjectName("timeSlot")
        self.time_slot.setPlaceholderText(self.tr("如：上午、14:30"))
        self.note = QLineEdit()
        self.note.setObjectName("visitNote")
        self.note.setPlaceholderText(self.tr("备注（可不填），取消入户时填写原因"))
        self.schedule_button = QPushButton(self.tr("安排入户（全部已分派人员）"))
        self.schedule_button.setObjectName("scheduleButton")
        self.schedule_button.clicked.connect(self._on_schedule_clicked)
        self.cancel_visit_button = QPushButton(self.tr("取消选中的入户安排"))
        self.cancel_visit_button.setObjectName("cancelVisitButton")
        self.cancel_visit_button.clicked.connect(self._on_cancel_visit_clicked)
        form = QFormLayout()
        form.addRow(self.tr("入户日期"), self.planned_on)
        form.addRow(self.tr("时段"), self.time_slot)
        form.addRow(self.tr("备注"), self.note)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.schedule_button)
        buttons_row.addWidget(self.cancel_visit_button)
        visit_box = QGroupBox(self.tr("入户安排"))
        visit_layout = QVBoxLayout(visit_box)
        visit_layout.addWidget(self.visits)
        visit_layout.addLayout(form)
        visit_layout.addLayout(buttons_row)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(people_box)
        layout.addWidget(visit_box)
        layout.addWidget(close)
        self.reload()

    # ----------------------------------------------------------------------------------------------- reading

    def reload(self) -> None:
        user, case_id, actor = self._user, self.case_id, self._user.actor
        self._request += 1
        request = self._request

        def done(staffing: CaseStaffing) -> None:
            if request == self._request:
                self._show(staffing)

        user.read(lambda s: assignments.case_staffing(s, actor, case_id), done, self._on_error)

    def _show(self, d: CaseStaffing) -> None:
        self.staffing = d
        self.header.setText(self.tr("%1 户 · %2").replace("%1", d.head_name).replace("%2", d.state_label))
        self.people_model.removeRows(0, self.people_model.rowCount())
        for a in d.assignments:
            status = (
                self.tr("在办")
                if a.active
                else self.tr("已结束 %1").replace("%1", a.ended_on.isoformat() if a.ended_on else "")
            )
            self.people_model.appendRow(
                [QStandardItem(v) for v in (a.user_name, a.role_label, a.assigned_on.isoformat(), status)]
            )
        self.candidate.clear()
        for c in d.candidates:
            label = f"{c.name}（{c.login}）"
            if c.related:
                label += self.tr("（近亲属，须回避）")
            elif c.assigned:
                label += self.tr("（已分派）")
            self.candidate.addItem(label, c.user_id)
        self.visits_model.removeRows(0, self.visits_model.rowCount())
        for v in d.visits:
            self.visits_model.appendRow(
                [
                    QStandardItem(x)
                    for x in (
                        v.planned_on.isoformat(),
                        v.time_slot,
                        "、".join(v.investigator_names),
                        v.status_label,
                    )
                ]
            )
        self.loaded.emit()

    # ----------------------------------------------------------------------------------------------- writing

    def _write(self, work: Callable[[Session], object]) -> None:
        def done(_: object) -> None:
            self.changed.emit(self.case_id)
            self.reload()

        self._user.write(work, done, self._on_error)

    def _on_assign_clicked(self) -> None:
        chosen, role = self.candidate.currentData(), self.role.currentData()
        if not chosen:
            show_error(self, AppError(self.tr("本乡镇没有可分派的调查员账号。")))
            return
        actor, clock, case_id = self._user.actor, self._user.clock, self.case_id
        self._write(
            lambda s: assignments.assign_investigator(
                s, actor, case_id, user=str(chosen), role=role, clock=clock
            )
        )

    def _on_end_clicked(self) -> None:
        row = self.people.currentIndex().row()
        if self.staffing is None or not 0 <= row < len(self.staffing.assignments):
            show_error(self, AppError(self.tr("请先在表中选中一名调查人员。")))
            return
        person = self.staffing.assignments[row]
        actor, clock, case_id = self._user.actor, self._user.clock, self.case_id
        self._write(lambda s: assignments.end_assignment(s, actor, case_id, user=person.user_id, clock=clock))

    def _on_schedule_clicked(self) -> None:
        picked = self.planned_on.date()
        day = date(picked.year(), picked.month(), picked.day())
        slot, note = self.time_slot.text(), self.note.text()
        actor, clock, case_id = self._user.actor, self._user.clock, self.case_id
        self._write(
            lambda s: assignments.schedule_visit(
                s, actor, case_id, planned_on=day, time_slot=slot, note=note, clock=clock
            )
        )

    def _on_cancel_visit_clicked(self) -> None:
        row = self.visits.currentIndex().row()
        if self.staffing is None or not 0 <= row < len(self.staffing.visits):
            show_error(self, AppError(self.tr("请先在表中选中一次入户安排。")))
            return
        visit_id, reason = self.staffing.visits[row].id, self.note.text()
        actor, clock = self._user.actor, self._user.clock
        self._write(lambda s: assignments.cancel_visit(s, actor, visit_id, reason=reason, clock=clock))

    def _on_error(self, exc: BaseException) -> None:
        show_error(self, exc)
