"""The coordinator's conflict queue: both values, both authors and the common base; a choice is sent as an
ordinary change on the next sync and reaches every laptop."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
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

from sync.conflicts import Choice, ConflictError, ConflictItem, list_conflicts, resolve_conflict
from ui.errors import message_for
from ui.session import UserSession

KIND_LABELS = {
    "hard": "同一字段被改成不同的值",
    "soft": "不同字段被同时修改（已自动合并）",
    "invalid_transition": "办理流程冲突",
}


def _text(value: object) -> str:
    return "（空）" if value in (None, "") else str(value)


class ConflictsPanel(QWidget):
    changed = Signal()

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        self.items: list[ConflictItem] = []
        self._rows: list[tuple[int, str]] = []  # table row → (item index, field)
        self.model = QStandardItemModel(0, 6, self)
        self.model.setHorizontalHeaderLabels(
            [
                self.tr("记录"),
                self.tr("字段"),
                self.tr("原值"),
                self.tr("县级现值"),
                self.tr("另一台电脑的值"),
                self.tr("冲突类型"),
            ]
        )
        self.table = QTableView()
        self.table.setObjectName("conflictsTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.keep_server = QPushButton(self.tr("保留县级现值"))
        self.keep_server.setObjectName("keepServer")
        self.keep_server.clicked.connect(lambda: self.resolve_selected(Choice.SERVER))
        self.take_incoming = QPushButton(self.tr("采用另一台电脑的值"))
        self.take_incoming.setObjectName("takeIncoming")
        self.take_incoming.clicked.connect(lambda: self.resolve_selected(Choice.INCOMING))
        self.count = QLabel()
        self.count.setObjectName("conflictsCount")
        self.message = QLabel()
        self.message.setObjectName("conflictsMessage")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_server)
        buttons.addWidget(self.take_incoming)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        self._user.read(
            lambda s: list_conflicts(s), self._show, lambda exc: self.message.setText(message_for(exc)[1])
        )

    def _show(self, items: list[ConflictItem]) -> None:
        self.items = items
        self._rows = []
        self.model.removeRows(0, self.model.rowCount())
        for n, item in enumerate(items):
            for f in item.fields or ():
                self._rows.append((n, f.field))
                self.model.appendRow(
                    [
                        QStandardItem(v)
                        for v in (
                            f"{item.entity_type} {item.entity_id[:8]}",
                            f.field,
                            _text(f.base),
                            f"{_text(f.server)}（{item.server_author or '?'}）",
                            f"{_text(f.incoming)}（{item.incoming_author or '?'}）",
                            KIND_LABELS.get(item.kind, item.kind),
                        )
                    ]
                )
        self.count.setText(self.tr("待处理的冲突 %n 条", "", len(items)))
        self.changed.emit()

    def resolve_selected(self, choice: Choice) -> None:
        row = self.table.currentIndex().row()
        if not 0 <= row < len(self._rows):
            self.message.setText(self.tr("请先选中一条冲突。"))
            return
        item = self.items[self._rows[row][0]]
        user = self._user
        actor, at = user.actor, user.clock.now()

        def work(session: Session) -> int:
            return resolve_conflict(session, actor, item.conflict_id, choice, at=at)

        def failed(exc: BaseException) -> None:
            self.message.setText(str(exc) if isinstance(exc, ConflictError) else message_for(exc)[1])

        def done(_: int) -> None:
            self.refresh()
            self.message.setText(self.tr("已记录处理结果，下次同步时发送到县级并分发到各台电脑。"))

        user.write(work, done, failed)
