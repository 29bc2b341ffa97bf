"""Restore from a backup: a plain warning of what is replaced, and the administrator's password typed again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class RestoreDialog(QDialog):
    def __init__(self, backup_file: Path, login: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("从备份恢复数据库"))
        self.setObjectName("restoreDialog")
        warning = QLabel(
            self.tr(
                "将用备份文件 %1 替换本机当前的数据库。\n\n"
                "备份之后在本机录入、修改的所有数据（包括尚未同步的）都不会出现在恢复后的数据库中。"
                "当前数据库不会删除，会改名保留在数据目录旁边，需要时请联系县级管理员取回。\n\n"
                "恢复完成后程序会锁定，所有人需要重新登录。"
            ).replace("%1", backup_file.name)
        )
        warning.setObjectName("restoreWarning")
        warning.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setObjectName("restorePassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("请再次输入 %1 的登录密码").replace("%1", login))
        self.password.textChanged.connect(self._on_password_changed)
        form = QFormLayout()
        form.addRow(self.tr("管理员密码"), self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("恢复并重新登录"))
        self.ok.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.password.setFocus()

    def _on_password_changed(self, text: str) -> None:
        self.ok.setEnabled(bool(text))

    @classmethod
    def ask(cls, backup_file: Path, login: str, parent: QWidget | None = None) -> str | None:
        """The password when the administrator confirms, ``None`` when they cancel."""
        dialog = cls(backup_file, login, parent)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.password.text():
                return dialog.password.text()
            return None
        finally:
            dialog.password.clear()
            dialog.deleteLater()
