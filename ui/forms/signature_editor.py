"""Signature fields inside a form (e.g. the assessor on the assessment sheet): a dialog with the pad and the name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

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

from app.domain.errors import AppError
from forms.model import Field
from ui.forms.editors import EditorContext, FieldEditor
from ui.forms.signature_pad import SignaturePad


class SignatureDialog(QDialog):
    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("签名：%1").replace("%1", role))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(self)
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
    def __init__(self, field: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(field, context, parent)
        self._entry: dict[str, Any] | None = None
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
        dialog = SignatureDialog(self.field.signer_role or self.field.label, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.name.text().strip(), dialog.pad.to_png()

    def _on_sign_clicked(self) -> None:
        backend = self.context.backend
        if backend is None:
            return
        answer = self.request_signature()
        if answer is None:
            return
        name, png = answer
        try:
            self._entry = backend.sign_field(self.field.key, png, name)
        except AppError as exc:
            self.set_error(str(exc))
            return
        self.set_error("")
        self._show()
        self._commit()

    def _show(self) -> None:
        if self._entry:
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
        self.button.setEnabled(self.context.backend is not None and not self.context.read_only)

    def value(self) -> Any:
        return dict(self._entry) if self._entry else None

    def set_value(self, value: Any) -> None:
        self._entry = dict(cast(dict[str, Any], value)) if isinstance(value, dict) else None
        self._show()

    def focus_targets(self) -> list[QWidget]:
        return [self.button]

    def set_read_only(self, read_only: bool) -> None:
        self.button.setEnabled(not read_only and self.context.backend is not None)
