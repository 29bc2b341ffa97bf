"""Administrator: the accounts on this laptop. Adding and disabling go through the same services as the CLI."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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

from app.domain.roles import ROLE_LABELS, Role
from app.services import accounts
from ui.errors import message_for
from ui.session import UserSession


class UsersPanel(QWidget):
    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        self._rows: list[accounts.UserRow] = []
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("登录名"), self.tr("姓名"), self.tr("角色"), self.tr("状态")]
        )
        self.table = QTableView()
        self.table.setObjectName("usersTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.disable_button = QPushButton(self.tr("停用选中的账号"))
        self.disable_button.setObjectName("disableUser")
        self.disable_button.clicked.connect(self._on_disable_clicked)

        self.login = QLineEdit()
        self.login.setObjectName("newLogin")
        self.name = QLineEdit()
        self.name.setObjectName("newName")
        self.role = QComboBox()
        self.role.setObjectName("newRole")
        for role in Role:
            self.role.addItem(ROLE_LABELS[role], role.value)
        self.password = QLineEdit()
        self.password.setObjectName("newPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("newConfirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_button = QPushButton(self.tr("新增账号"))
        self.add_button.setObjectName("addUser")
        self.add_button.clicked.connect(self.add_user)
        self.message = QLabel()
        self.message.setObjectName("usersMessage")
        self.message.setWordWrap(True)
        form_box = QGroupBox(self.tr("新增账号"))
        form = QFormLayout(form_box)
        form.addRow(self.tr("登录名"), self.login)
        login_hint = QLabel(
            self.tr(
                "登录名就是此人在全县各台电脑上的身份：每台电脑上为同一人用同一登录名，离职人员的登录名不要给别人。"
            )
        )
        login_hint.setWordWrap(True)
        login_hint.setProperty("role", "hint")
        form.addRow("", login_hint)
        form.addRow(self.tr("姓名"), self.name)
        form.addRow(self.tr("角色"), self.role)
        form.addRow(self.tr("初始密码"), self.password)
        form.addRow(self.tr("再输入一次"), self.confirm)
        form.addRow("", self.add_button)
        row = QHBoxLayout()
        row.addWidget(self.disable_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(form_box)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        actor = self._user.actor
        self._user.read(lambda s: accounts.list_users(s, actor), self._show, self._on_error)

    def _show(self, rows: list[accounts.UserRow]) -> None:
        self._rows = rows
        self.model.removeRows(0, self.model.rowCount())
        for r in rows:
            state = self.tr("启用") if r.active else self.tr("已停用")
            self.model.appendRow([QStandardItem(v) for v in (r.login, r.display_name, r.role_label, state)])

    def add_user(self) -> None:
        if self.password.text() != self.confirm.text():
            self.message.setText(self.tr("两次输入的密码不一致。"))
            return
        user = self._user
        store, clock = user.store, user.clock
        login, name, role, password = (
            self.login.text().strip(),
            self.name.text().strip(),
            Role(self.role.currentData()),
            self.password.text(),
        )

        def work(session: Session) -> accounts.UserRow:
            return accounts.add_user(
                store, session, login=login, display_name=name, role=role, password=password, clock=clock
            )

        def done(row: accounts.UserRow) -> None:
            for edit in (self.login, self.name, self.password, self.confirm):
                edit.clear()
            self.message.setText(
                self.tr("已新增账号 %1（%2）。").replace("%1", row.login).replace("%2", row.role_label)
            )
            self.refresh()

        self.password.clear()
        self.confirm.clear()
        user.write(work, done, self._on_error)

    def _on_disable_clicked(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.message.setText(self.tr("请先选中要停用的账号。"))
            return
        self.disable(self._rows[index.row()].login)

    def disable(self, login: str) -> None:
        user = self._user
        store, clock = user.store, user.clock

        def done(row: accounts.UserRow) -> None:
            self.message.setText(self.tr("已停用账号 %1，该账号不能再登录。").replace("%1", row.login))
            self.refresh()

        user.write(lambda s: accounts.disable_user(store, s, login=login, clock=clock), done, self._on_error)

    def _on_error(self, exc: BaseException) -> None:
        self.message.setText(message_for(exc)[1])
