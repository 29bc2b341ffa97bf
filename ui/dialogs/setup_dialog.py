"""First start: create the encrypted store and the first administrator (ARCHITECTURE decision 14)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app.db.keyslots import KdfParams
from app.db.paths import MIN_PASSWORD_LENGTH
from app.domain.clock import Clock
from ui.errors import message_for
from ui.tasks import Executor

if TYPE_CHECKING:
    from app.db.store import CreatedStore


class SetupDialog(QDialog):
    store_created = Signal(object)  # CreatedStore

    def __init__(
        self,
        store_dir: Path,
        *,
        executor: Executor,
        clock: Clock,
        kdf: KdfParams | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store_dir = store_dir
        self._executor = executor
        self._clock = clock
        self._kdf = kdf
        self.created: CreatedStore | None = None
        self.setWindowTitle(self.tr("低保入户通 — 首次使用设置"))
        self.setMinimumWidth(520)

        intro = QLabel(
            self.tr(
                "本机还没有数据库。请创建加密数据库和第一个管理员账号。\n"
                "所有个人信息都会加密保存在本机，丢失电脑也不会泄露。"
            )
        )
        intro.setWordWrap(True)
        self.folder = QLabel(str(store_dir))
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.login = QLineEdit("admin")
        self.login.setObjectName("login")
        self.name = QLineEdit(self.tr("管理员"))
        self.name.setObjectName("name")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("至少 %n 个字符", "", MIN_PASSWORD_LENGTH))
        self.confirm = QLineEdit()
        self.confirm.setObjectName("confirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()

        form = QFormLayout()
        form.addRow(self.tr("数据目录"), self.folder)
        form.addRow(self.tr("管理员登录名"), self.login)
        form.addRow(self.tr("管理员姓名"), self.name)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.tr("再输入一次"), self.confirm)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText(self.tr("创建数据库"))
        self.create_button.setObjectName("create")
        self.create_button.setProperty("primary", True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        self.buttons.accepted.connect(self._on_create_clicked)
        self.buttons.rejected.connect(self.reject)
        self.confirm.returnPressed.connect(self._on_create_clicked)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

    def _problem(self) -> str:
        if not self.login.text().strip():
            return self.tr("请填写管理员登录名。")
        if len(self.password.text()) < MIN_PASSWORD_LENGTH:
            return self.tr("密码至少需要 %n 个字符。", "", MIN_PASSWORD_LENGTH)
        if self.password.text() != self.confirm.text():
            return self.tr("两次输入的密码不一致。")
        return ""

    def _on_create_clicked(self) -> None:
        problem = self._problem()
        self.error.setText(problem)
        if problem:
            (self.password if "密码" in problem else self.login).setFocus()
            return
        self._set_busy(True)
        login, name, password = self.login.text().strip(), self.name.text().strip(), self.password.text()
        root, clock, kdf = self._store_dir, self._clock, self._kdf
        from app.db.store import create_store  # loads SQLCipher/SQLAlchemy while the user reads the dialog

        self._executor.submit(
            lambda: create_store(
                root,
                admin_login=login,
                admin_password=password,
                admin_name=name or login,
                clock=clock,
                kdf=kdf,
            ),
            self._on_created,
            self._on_failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.create_button.setEnabled(not busy)
        for edit in (self.login, self.name, self.password, self.confirm):
            edit.setEnabled(not busy)

    def _on_created(self, created: CreatedStore) -> None:
        self.created = created
        self._set_busy(False)
        self.password.clear()
        self.confirm.clear()
        self.store_created.emit(created)
        if created.recovery_code:
            RecoveryCodeDialog(created.recovery_code, self).open()
        else:
            self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.error.setText(message_for(exc)[1])


class RecoveryCodeDialog(QDialog):
    """The one-time recovery code: shown once, to be written down and handed to the county."""

    def __init__(self, code: str, setup: SetupDialog) -> None:
        super().__init__(setup)
        self.setWindowTitle(self.tr("一次性恢复码"))
        self.setObjectName("recoveryDialog")
        text = QLabel(
            self.tr(
                "请抄写或打印下面的恢复码，交县级管理员保管。\n"
                "它只显示这一次；忘记全部密码时，凭它才能找回本机数据。"
            )
        )
        text.setWordWrap(True)
        self.code = QLabel(code)
        self.code.setObjectName("code")
        self.code.setProperty("role", "title")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_box = QCheckBox(self.tr("我已抄写好恢复码"))
        self.done_box.setObjectName("written")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("继续"))
        ok.setEnabled(False)
        self.done_box.toggled.connect(ok.setEnabled)
        buttons.accepted.connect(self.accept)
        self.accepted.connect(setup.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.code, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.done_box)
        layout.addWidget(buttons)
