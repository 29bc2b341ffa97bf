"""A form record being captured: the renderer above, the sign-off below. The caller supplies the backend."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.services.field_records import FormIncomplete, SignOffInput
from forms.model import FormDefinition
from forms.validation import Problem
from ui.forms.backend import FormBackend
from ui.forms.renderer import FormRenderer
from ui.forms.sign_off import SignOffPanel


class FieldRecordPanel(QWidget):
    finalized = Signal(object)

    def __init__(
        self,
        definition: FormDefinition,
        *,
        today: date,
        backend: FormBackend,
        finalize: Callable[[SignOffInput], object],
        data: dict[str, Any] | None = None,
        autosave_ms: int = 3000,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._finalize = finalize
        layout = QVBoxLayout(self)
        self.renderer = FormRenderer(
            definition, today=today, data=data, backend=backend, autosave_ms=autosave_ms, parent=self
        )
        layout.addWidget(self.renderer, 1)
        self.sign_off = SignOffPanel(definition.sign_off, self._finalize_checked, self)
        self.sign_off.incomplete.connect(self._on_incomplete)
        self.sign_off.finalized.connect(self._on_finalized)
        layout.addWidget(self.sign_off)

    def _finalize_checked(self, request: SignOffInput) -> object:
        # Show problems on the form first: nothing goes to the service while a required field is empty.
        problems = self.renderer.validate()
        if problems:
            raise FormIncomplete(problems)
        self.renderer.save_now()
        return self._finalize(request)

    def _on_incomplete(self, problems: Sequence[Problem]) -> None:
        self.renderer.show_problems(problems)

    def _on_finalized(self, result: object) -> None:
        self.renderer.set_read_only(True)
        self.finalized.emit(result)
