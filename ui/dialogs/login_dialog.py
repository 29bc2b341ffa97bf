"""Log in: unwraps the user's key slot (Argon2id, deliberately slow) on a worker, never on the UI thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app.db.paths import read_slots
from app.domain.clock import Clock
from ui.errors import message_for
from ui.tasks import Executor

if TYPE_CHECKING:
    from app.db.store import OpenStore


class LoginDialog(QDialog):
    unlocked = Signal(object)  # OpenStore

    def __init__(
        self,
        store_dir: Path,
        *,
        executor: Executor,
        clock: Clock,
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store_dir = store_dir
        self._executor = executor
        self._clock = clock
        self.store: OpenStore | None = None
        self.setWindowTitle(title or self.tr("低保入户通 — 登录"))
        self.setMinimumWidth(420)
        self.login = QComboBox()
        self.login.setObjectName("login")
        self.login.setEditable(True)
        try:
            self.login.addItems(read_slots(store_dir).logins())
        except Exception:  # a damaged slot file is reported when the user tries to log in
            self.login.addItem("admin")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self._on_login_clicked)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        form = QFormLayout()
        form.addRow(self.tr("账号"), self.login)
        form.addRow(self.tr("密码"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("登录"))
        self.ok.setObjectName("loginButton")
        self.ok.setProperty("primary", True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self._on_login_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)
        self.password.setFocus()

    def _on_login_clicked(self) -> None:
        login, password = self.login.currentText().strip(), self.password.text()
        if not login or not password:
            self.error.setText(self.tr("请输入账号和密码。"))
            return
        self.password.clear()
        self._busy(True)
        root, clock = self._store_dir, self._clock
        # The page-by-page integrity check runs after login, in the background (AppController), so a large
        # store does not hold the user at the login window.
        from app.db.store import unlock

        self._executor.submit(
            lambda: unlock(root, login, password, clock=clock, verify=False),
            self._on_unlocked,
            self._on_failed,
        )

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.ok.setEnabled(not busy)

    def _on_unlocked(self, store: OpenStore) -> None:
        self._busy(False)
        self.store = store
        self.unlocked.emit(store)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.error.setText(message_for(exc)[1])
        self.password.setFocus()
