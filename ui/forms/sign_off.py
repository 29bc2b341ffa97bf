"""Sign-off on this laptop: each investigator types their own login and password; the applicant (or interviewee) and
the witness sign on pads. The panel only collects; the ``finalize`` callback (the service, through the caller) decides,
and its refusal reasons are shown here. Passwords are cleared from the widgets after every attempt."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import AppError
from app.services.field_records import (
    FormIncomplete,
    InvestigatorConfirmation,
    PadSignature,
    SignOffInput,
    SignOffRefused,
)
from forms.model import Need, SignOffSpec
from ui.forms.editors import ERROR_STYLE, KeyboardNavigator, is_input
from ui.forms.signature_pad import SignaturePad


class _PadBlock(QGroupBox):
    def __init__(self, title: str, need: str, parent: QWidget | None = None) -> None:
        suffix = "" if need == Need.REQUIRED else QCoreApplication.translate("SignOffPanel", "（选填）")
        super().__init__(title + suffix, parent)
        layout = QFormLayout(self)
        self.name = QLineEdit(self)
        self.name.setMaxLength(64)
        layout.addRow(self.tr("姓名"), self.name)
        self.pad = SignaturePad(self)
        layout.addRow(self.tr("签名"), self.pad)
        self.clear = QPushButton(self.tr("清除重签"), self)
        self.clear.clicked.connect(self.pad.clear)
        layout.addRow("", self.clear)

    def signature(self, role: str) -> PadSignature | None:
        png = self.pad.to_png()
        if not png and not self.name.text().strip():
            return None
        return PadSignature(self.name.text().strip(), png, role)


class SignOffPanel(QWidget):
    finalized = Signal(object)  # whatever the callback returned (a RecordView)
    refused = Signal(str)
    # The form has problems: the caller shows them on the renderer (FormIncomplete.problems).
    incomplete = Signal(object)

    def __init__(
        self,
        spec: SignOffSpec,
        finalize: Callable[[SignOffInput], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self._finalize = finalize
        layout = QVBoxLayout(self)
        self.logins: list[QLineEdit] = []
        self.passwords: list[QLineEdit] = []
        if spec.investigators:
            box = QGroupBox(self.tr("调查人员确认（每人输入本人密码）"), self)
            form = QFormLayout(box)
            for n in range(spec.investigators):
                login = QLineEdit(box)
                login.setPlaceholderText(self.tr("登录名"))
                password = QLineEdit(box)
                password.setEchoMode(QLineEdit.EchoMode.Password)
                password.setPlaceholderText(self.tr("密码"))
                form.addRow(self.tr("调查员%1").replace("%1", str(n + 1)), login)
                form.addRow(self.tr("密码"), password)
                self.logins.append(login)
                self.passwords.append(password)
            layout.addWidget(box)
        self.applicant = (
            _PadBlock(spec.applicant_label, spec.applicant, self) if spec.applicant != Need.NONE else None
        )
        self.witness = (
            _PadBlock(spec.witness_label, spec.witness, self) if spec.witness != Need.NONE else None
        )
        for block in (self.applicant, self.witness):
            if block is not None:
                layout.addWidget(block)
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.button = QPushButton(self.tr("确认签字并定稿"), self)
        self.button.clicked.connect(self.submit)
        layout.addWidget(self.button)

        chain: list[QWidget] = []
        for login, password in zip(self.logins, self.passwords, strict=True):
            chain += [login, password]
        for block in (self.applicant, self.witness):
            if block is not None:
                chain += [block.name, block.pad, block.clear]
        chain.append(self.button)
        self._chain = chain
        self._keys = KeyboardNavigator(self._focus_after, parent=self)
        for widget in chain:
            widget.installEventFilter(self._keys)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _focus_after(self, widget: QWidget) -> None:
        """Enter moves on; the last stop is the finalise button (pressing Enter there finalises)."""
        index = self._chain.index(widget) if widget in self._chain else -1
        for candidate in self._chain[index + 1 :]:
            if is_input(candidate) or candidate is self.button:
                candidate.setFocus()
                return

    def collect(self) -> SignOffInput:
        investigators = tuple(
            InvestigatorConfirmation(login.text().strip(), password.text())
            for login, password in zip(self.logins, self.passwords, strict=True)
            if login.text().strip() or password.text()
        )
        return SignOffInput(
            investigators=investigators,
            applicant=self.applicant.signature(self.spec.applicant_label) if self.applicant else None,
            witness=self.witness.signature(self.spec.witness_label) if self.witness else None,
        )

    def submit(self) -> bool:
        request = self.collect()
        for password in self.passwords:
            password.clear()
        try:
            result = self._finalize(request)
        except SignOffRefused as exc:
            text = self.tr("未能定稿：") + "\n" + "\n".join(exc.reasons)
            self.message.setText(text)
            self.refused.emit(text)
            return False
        except FormIncomplete as exc:
            self.message.setText(
                self.tr("表单还有 %1 处需要填写或更正，请先修改。").replace("%1", str(len(exc.problems)))
            )
            self.incomplete.emit(exc.problems)
            return False
        except AppError as exc:
            self.message.setText(str(exc))
            self.refused.emit(str(exc))
            return False
        self.message.clear()
        self.button.setEnabled(False)
        self.finalized.emit(result)
        return True
