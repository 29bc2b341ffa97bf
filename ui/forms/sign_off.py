"""Sign-off on this laptop: each investigator types their own login and password; the applicant (or interviewee) and
the witness sign on pads. The panel only collects; the ``finalize`` callback (the service, through the caller) decides,
and its refusal reasons are shown here. ``finalize`` runs through ``run`` (on the database worker in the app: checking
two passwords takes a second or more), the panel shows that it is busy meanwhile, and the result comes back by signal.
Passwords are cleared from the widgets after every attempt; nothing else typed is lost when the sign-off fails."""

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
from shiboken6 import isValid

from app.domain.errors import AppError
from app.services.field_records import (
    FormIncomplete,
    InvestigatorConfirmation,
    PadSignature,
    SignOffInput,
    SignOffRefused,
)
from forms.model import Need, SignOffSpec
from ui.errors import message_for, show_error
from ui.forms.backend import Runner, run_now
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
        *,
        run: Runner = run_now,
        check: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self._finalize = finalize
        self._run = run
        self._check = check  # on the UI thread before anything is sent; raises FormIncomplete
        self.is_busy = False
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

    def _set_busy(self, busy: bool) -> None:
        self.is_busy = busy
        self.button.setEnabled(not busy)
        self.button.setText(self.tr("正在核对密码并定稿…") if busy else self.tr("确认签字并定稿"))

    def submit(self) -> bool:
        """False when refused at once; True when finalised, or sent to the worker (the result comes by signal)."""
        if self.is_busy:
            return False
        request = self.collect()
        for password in self.passwords:
            password.clear()
        try:
            if self._check is not None:
                self._check()
        except Exception as exc:  # shown the same way as a refusal from the service
            self._on_failed(exc)
            return False
        outcome: list[bool] = []

        def done(result: object) -> None:
            outcome.append(True)
            if isValid(self):  # the tab may have been closed while the worker checked the passwords
                self._on_finalized(result)

        def failed(exc: BaseException) -> None:
            outcome.append(False)
            if isValid(self):
                self._on_failed(exc)

        self._set_busy(True)
        self.message.setText(self.tr("正在核对密码并定稿，请稍候…"))
        self._run(lambda: self._finalize(request), done, failed)
        return outcome[0] if outcome else True

    def _on_finalized(self, result: object) -> None:
        self._set_busy(False)
        self.message.clear()
        self.button.setEnabled(False)
        self.finalized.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, SignOffRefused):
            text = self.tr("未能定稿：") + "\n" + "\n".join(exc.reasons)
            self.message.setText(text)
            self.refused.emit(text)
        elif isinstance(exc, FormIncomplete):
            self.message.setText(
                self.tr("表单还有 %1 处需要填写或更正，请先修改。").replace("%1", str(len(exc.problems)))
            )
            self.incomplete.emit(exc.problems)
        elif isinstance(exc, AppError):
            self.message.setText(str(exc))
            self.refused.emit(str(exc))
        else:
            text = message_for(exc)[1]
            self.message.setText(text)
            show_error(self, exc)
            self.refused.emit(text)
