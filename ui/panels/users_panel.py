"""Administrator: the accounts on this laptop (adding and disabling go through the same services as the CLI)."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from app.services import accounts
from ui.errors import show_error
from ui.session import UserSession


class UsersPanel(QWidget):
    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("登录名"), self.tr("姓名"), self.tr("角色"), self.tr("状态")]
        )
        self.table = QTableView()
        self.table.setObjectName("usersTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        hint = QLabel(self.tr("新增或停用账号：dibao users add / disable（本界面的编辑功能随后提供）"))
        hint.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(hint)
        actor = user.actor
        user.read(lambda s: accounts.list_users(s, actor), self._show, lambda exc: show_error(self, exc))

    def _show(self, rows: list[accounts.UserRow]) -> None:
        for r in rows:
            self.model.appendRow(
                [
                    QStandardItem(v)
                    for v in (
                        r.login,
                        r.display_name,
                        r.role_label,
                        self.tr("启用") if r.active else self.tr("已停用"),
                    )
                ]
            )
