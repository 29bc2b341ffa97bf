"""The window clerk takes an application: the household, window or online, and either acceptance on the spot or
the one-time notice listing every missing material. Keyboard first: Tab moves through the fields."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.domain.errors import ValidationError
from app.services import reference
from app.services.households import HouseholdInput, MemberInput
from app.services.intake import IntakeInput, IntakeOutcome, IntakeResult, take_application
from ui.errors import message_for
from ui.session import UserSession

RELATIONS = ("本人", "配偶", "子女", "父母", "兄弟姐妹", "孙子女", "祖父母", "其他")
OUTCOME_TEXT = {
    IntakeOutcome.ACCEPTED: "已当场受理。入户调查和信息核对的时限已开始计算。",
    IntakeOutcome.ONLINE_REGISTERED: "网上申请已登记，请在规定的工作日内完成受理。",
    IntakeOutcome.MATERIALS_REQUESTED: "已登记并一次性告知缺少的材料，可在“打印”中打印告知书。",
}


class IntakePanel(QWidget):
    application_taken = Signal(object)  # IntakeResult

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        self._village_township: dict[str, str] = {}
        self.village = QComboBox()
        self.village.setObjectName("intakeVillage")
        self.window_channel = QRadioButton(self.tr("窗口申请"))
        self.window_channel.setChecked(True)
        self.online_channel = QRadioButton(self.tr("网上申请"))
        channel = QHBoxLayout()
        channel.addWidget(self.window_channel)
        channel.addWidget(self.online_channel)
        channel.addStretch(1)
        self.members = QTableWidget(1, 3)
        self.members.setObjectName("intakeMembers")
        self.members.setHorizontalHeaderLabels(
            [self.tr("姓名"), self.tr("身份证号"), self.tr("与申请人关系")]
        )
        self.members.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._set_relation(0, "本人")
        add = QPushButton(self.tr("添加成员"))
        add.setObjectName("addMember")
        add.clicked.connect(self.add_member)
        remove = QPushButton(self.tr("删除选中成员"))
        remove.setObjectName("removeMember")
        remove.clicked.connect(self._on_remove_clicked)
        member_buttons = QHBoxLayout()
        member_buttons.addWidget(add)
        member_buttons.addWidget(remove)
        member_buttons.addStretch(1)
        self.missing = QPlainTextEdit()
        self.missing.setObjectName("intakeMissing")
        self.missing.setPlaceholderText(self.tr("缺少的材料，每行一项；材料齐全请留空"))
        self.missing.setTabChangesFocus(True)
        self.missing.setMaximumHeight(90)
        self.error = QLabel()
        self.error.setObjectName("intakeError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.result = QLabel()
        self.result.setObjectName("intakeResult")
        self.result.setWordWrap(True)
        self.submit = QPushButton(self.tr("登记并受理"))
        self.submit.setObjectName("intakeSubmit")
        self.submit.setProperty("primary", True)
        self.submit.clicked.connect(self.take)
        form = QFormLayout()
        form.addRow(self.tr("村/社区"), self.village)
        form.addRow(self.tr("申请方式"), channel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("家庭成员（第一行为申请人）")))
        layout.addWidget(self.members)
        layout.addLayout(member_buttons)
        layout.addWidget(QLabel(self.tr("一次性告知")))
        layout.addWidget(self.missing)
        layout.addWidget(self.error)
        layout.addWidget(self.submit)
        layout.addWidget(self.result)
        self._load_villages()

    def _load_villages(self) -> None:
        def load(session: Session) -> list[tuple[str, str, str]]:
            return [
                (v.code, f"{t.name} {v.name}", t.code)
                for t in reference.townships(session)
                for v in reference.villages_of(session, t.code)
            ]

        def show(villages: list[tuple[str, str, str]]) -> None:
            for code, label, township in villages:
                self.village.addItem(label, code)
                self._village_township[code] = township

        self._user.read(load, show, lambda exc: self.error.setText(message_for(exc)[1]))

    def _set_relation(self, row: int, relation: str) -> None:
        combo = QComboBox()
        combo.addItems(RELATIONS)
        combo.setCurrentText(relation)
        self.members.setCellWidget(row, 2, combo)

    def add_member(self) -> None:
        row = self.members.rowCount()
        self.members.insertRow(row)
        self._set_relation(row, "子女")
        self.members.setCurrentCell(row, 0)

    def _on_remove_clicked(self) -> None:
        row = self.members.currentRow()
        if row > 0:  # the applicant stays
            self.members.removeRow(row)

    def set_member(self, row: int, name: str, id_number: str, relation: str | None = None) -> None:
        while self.members.rowCount() <= row:
            self.add_member()
        self.members.setItem(row, 0, QTableWidgetItem(name))
        self.members.setItem(row, 1, QTableWidgetItem(id_number))
        if relation:
            self._set_relation(row, relation)

    def _member_inputs(self) -> tuple[MemberInput, ...]:
        members: list[MemberInput] = []
        for row in range(self.members.rowCount()):
            name = (self.members.item(row, 0) or QTableWidgetItem()).text().strip()
            number = (self.members.item(row, 1) or QTableWidgetItem()).text().strip()
            combo = self.members.cellWidget(row, 2)
            relation = combo.currentText() if isinstance(combo, QComboBox) else "本人"
            if name or number:
                members.append(MemberInput(name=name, id_number=number, relation=relation))
        return tuple(members)

    def take(self) -> None:
        self.error.clear()
        self.result.clear()
        village = self.village.currentData()
        members = self._member_inputs()
        if not village or not members:
            self.error.setText(self.tr("请选择村/社区，并至少填写申请人的姓名和身份证号。"))
            return
        data = IntakeInput(
            household=HouseholdInput(area_code=village, members=members),
            township_code=self._village_township[village],
            online=self.online_channel.isChecked(),
            missing_items=tuple(self.missing.toPlainText().splitlines()),
        )
        user = self._user
        actor = user.actor
        self.submit.setEnabled(False)
        user.write(
            lambda s: take_application(
                s, actor, data, clock=user.clock, calendar=user.calendar(s), rules=user.rules
            ),
            self._on_taken,
            self._on_failed,
        )

    def _on_taken(self, result: IntakeResult) -> None:
        self.submit.setEnabled(True)
        self.result.setText(self.tr(OUTCOME_TEXT[result.outcome]))
        self.members.setRowCount(0)
        self.members.insertRow(0)
        self._set_relation(0, "本人")
        self.missing.clear()
        self.application_taken.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self.submit.setEnabled(True)
        self.error.setText(message_for(exc)[1])
        if isinstance(exc, ValidationError):
            self.members.setFocus()  # every member problem is listed together; the table is where to fix them
