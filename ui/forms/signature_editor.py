"""Signature fields inside a form (e.g. the assessor on the assessment sheet): a dialog with the pad and the name.

Storing the signature (trim, encode, encrypt, write into the draft) runs where the backend's ``run`` puts it — the
database worker in the app — while the field shows that it is busy; the field shows the signature when the result
comes back by signal. A result for a form that was closed, or that arrives after a lock, is dropped; a failure is
shown under the field (and in a message box when unexpected), the form keeps everything typed, and the next dialog
starts with the signer's name already filled in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.errors import AppError
from forms.model import Field
from ui.errors import message_for, show_error
from ui.forms.backend import run_now
from ui.forms.editors import EditorContext, FieldEditor
from ui.forms.signature_pad import SignaturePad


class SignatureDialog(QDialog):
    def __init__(self, role: str, parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("签名：%1").replace("%1", role))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(name, self)
        self.name.setMaxLength(64)
        form.addRow(self.tr("签名人姓名"), self.name)
        layout.addLayout(form)
        self.pad = SignaturePad(self)
        layout.addWidget(self.pad)
        clear = QPushButton(self.tr("清除重签"), self)
        clear.clicked.connect(self.pad.clear)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(clear)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout.addLayout(row)
        self.message = QLabel(self)
        layout.addWidget(self.message)

    def _on_ok(self) -> None:
        if not self.name.text().strip():
            self.message.setText(self.tr("请填写签名人姓名"))
            self.name.setFocus()
            return
        if self.pad.is_empty():
            self.message.setText(self.tr("请在签名框内签名"))
            return
        self.accept()


class SignatureEditor(FieldEditor):
    signed = Signal(object)  # the stored entry, once the worker has saved it
    sign_failed = Signal(str)  # the message shown under the field

    def __init__(self, field: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(field, context, parent)
        self._entry: dict[str, Any] | None = None
        self._busy = False
        self._read_only = context.read_only
        self._signer_name = ""  # kept after a failed save, for the next dialog
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel(row)
        line.addWidget(self.status, 1)
        self.button = QPushButton(row)
        self.button.clicked.connect(self._on_sign_clicked)
        line.addWidget(self.button)
        self._layout.addWidget(row)
        self._finish_layout()
        # Replaced in tests; by default a modal dialog with the pad.
        self.request_signature: Callable[[], tuple[str, bytes] | None] = self._ask
        self._show()

    def _ask(self) -> tuple[str, bytes] | None:
        dialog = SignatureDialog(self.field.signer_role or self.field.label, self, name=self._signer_name)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.name.text().strip(), dialog.pad.to_png()

    @property
    def is_busy(self) -> bool:
        return self._busy

    def _on_sign_clicked(self) -> None:
        backend = self.context.backend
        if backend is None or self._busy:
            return
        answer = self.request_signature()
        if answer is None:
            return
        name, png = answer
        field_key = self.field.key

        def done(entry: dict[str, Any]) -> None:
            if not isValid(self):  # the form was closed meanwhile; the signature is in the stored draft
                return
            self._busy = False
            self._entry = dict(entry)
            self._signer_name = ""
            self.set_error("")
            self._show()
            self._commit()
            self.signed.emit(dict(entry))

        def failed(exc: BaseException) -> None:
            if not isValid(self):
                return
            self._busy = False
            self._signer_name = name
            text = message_for(exc)[1]
            self.set_error(text)
            self._show()
            if not isinstance(exc, AppError):
                show_error(self, exc)
            self.sign_failed.emit(text)

        self._busy = True
        self._show()
        run = getattr(backend, "run", run_now)
        run(lambda: backend.sign_field(field_key, png, name), done, failed)

    def _show(self) -> None:
        if self._busy:
            self.status.setText(self.tr("正在保存签名，可以继续填写其他项目…"))
        elif self._entry:
            at = str(self._entry.get("at", ""))[:16].replace("T", " ")
            self.status.setText(
                self.tr("已签名：%1  %2")
                .replace("%1", str(self._entry.get("signer_name", "")))
                .replace("%2", at)
            )
            self.button.setText(self.tr("重新签名…"))
        else:
            self.status.setText(self.tr("未签名"))
            self.button.setText(self.tr("签名…"))
        self.button.setEnabled(self.context.backend is not None and not self._read_only and not self._busy)

    def value(self) -> Any:
        return dict(self._entry) if self._entry else None

    def set_value(self, value: Any) -> None:
        self._entry = dict(cast(dict[str, Any], value)) if isinstance(value, dict) else None
        self._show()

    def focus_targets(self) -> list[QWidget]:
        return [self.button]

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.button.setEnabled(not read_only and not self._busy and self.context.backend is not None)
