"""A form record being captured: the renderer above, the sign-off below. The caller supplies the backend; the form is
checked and its draft queued on the UI thread, then the sign-off itself runs where the backend's ``run`` puts it (the
database worker in the app) and comes back by signal. While a photo or a signature is still being saved the sign-off
waits: the record is locked with what the form shows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.domain.errors import AppError
from app.services.field_records import FormIncomplete, SignOffInput
from forms.model import FormDefinition
from forms.validation import Problem
from ui.forms.backend import FormBackend, run_now
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
        self.sign_off = SignOffPanel(
            definition.sign_off,
            self._finalize,
            self,
            run=getattr(backend, "run", run_now),
            check=self._check_form,
        )
        self.sign_off.incomplete.connect(self._on_incomplete)
        self.sign_off.finalized.connect(self._on_finalized)
        layout.addWidget(self.sign_off)

    def _check_form(self) -> None:
        busy = self.renderer.busy_fields()
        if busy:
            # The record is locked with what the form shows: a photo or signature still on its way would arrive at a
            # locked record.
            raise AppError(self.tr("“%1”还在保存，请稍候再确认签字。").replace("%1", "、".join(busy)))
        # Show problems on the form first: nothing goes to the service while a required field is empty.
        problems = self.renderer.validate()
        if problems:
            raise FormIncomplete(problems)
        self.renderer.save_now()  # queued before the sign-off, so the record is locked with what is on screen

    def _on_incomplete(self, problems: Sequence[Problem]) -> None:
        self.renderer.show_problems(problems)

    def _on_finalized(self, result: object) -> None:
        self.renderer.set_read_only(True)
        self.finalized.emit(result)
