"""One editor per field type. Editors hold values in the stored shape of ``forms.values`` and know nothing of the
database: photos and signatures go through the ``FormBackend`` the renderer was given.

Every editor emits ``edited`` while the user types (the autosave timer picks it up) and ``committed`` when a value
is complete (focus left the field, a choice was made, a box ticked): the renderer saves the draft on every commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, cast

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from forms.model import Field, FieldType
from forms.values import normalize
from ui.forms.backend import FormBackend

ERROR_STYLE = "color: #b00020;"


@dataclass(frozen=True)
class EditorContext:
    today: date
    backend: FormBackend | None
    read_only: bool = False


class FieldEditor(QWidget):
    edited = Signal()
    committed = Signal()

    def __init__(self, field: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.context = context
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._error = QLabel(self)
        self._error.setStyleSheet(ERROR_STYLE)
        self._error.setWordWrap(True)
        self._error.hide()
        self._loading = False

    def _finish_layout(self) -> None:
        self._layout.addWidget(self._error)
        if self.field.help:
            self.setToolTip(self.field.help)

    # -- the contract the renderer relies on
    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus_targets(self) -> list[QWidget]:
        """Widgets in tab order; the first is where the focus goes for this field."""
        raise NotImplementedError

    def set_error(self, text: str) -> None:
        self._error.setText(text)
        self._error.setVisible(bool(text))

    def error_text(self) -> str:
        return self._error.text()

    def set_read_only(self, read_only: bool) -> None:
        for widget in self.focus_targets():
            widget.setEnabled(not read_only)

    @property
    def is_busy(self) -> bool:
        """A save of this field (a photo, a signature) is running on the worker; its result has not come back."""
        return False

    def _commit(self) -> None:
        if not self._loading:
            self.committed.emit()

    def _edit(self) -> None:
        if not self._loading:
            self.edited.emit()


class LineEditor(FieldEditor):
    """Single-line text, number, money, date, ID number and phone: typed text, canonical on commit."""

    _PLACEHOLDERS: ClassVar[dict[FieldType, str]] = {
        FieldType.DATE: "2026-09-18",
        FieldType.MONEY: "0.00",
        FieldType.ID_NUMBER: "18位号码",
        FieldType.PHONE: "手机号或 0798-xxxxxxx",
    }

    def __init__(self, field: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(field, context, parent)
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName(field.label)
        if field.max_length:
            self.edit.setMaxLength(field.max_length)
        placeholder = self._PLACEHOLDERS.get(FieldType(field.type))
        if placeholder:
            self.edit.setPlaceholderText(self.tr(placeholder))
        if field.unit:
            self.edit.setPlaceholderText(field.unit)
        self.edit.textEdited.connect(self._edit)
        self.edit.editingFinished.connect(self._on_editing_finished)
        self._layout.addWidget(self.edit)
        self._finish_layout()
        self._last = ""

    def _on_editing_finished(self) -> None:
        canonical = normalize(self.field, self.edit.text())
        if isinstance(canonical, str) and canonical != self.edit.text():
            self.edit.setText(canonical)
        if self.edit.text() != self._last:
            self._last = self.edit.text()
            self._commit()

    def value(self) -> Any:
        return normalize(self.field, self.edit.text())

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            self.edit.setText(value if isinstance(value, str) else "")
            self._last = self.edit.text()
        finally:
            self._loading = False

    def focus_targets(self) -> list[QWidget]:
        return [self.edit]

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class _PlainText(QPlainTextEdit):
    focus_lost = Signal()

    def focusOutEvent(self, e: QFocusEvent) -> None:
        super().focusOutEvent(e)
        self.focus_lost.emit()


class MultiLineEditor(FieldEditor):
    """Long text. Tab leaves the field; Enter starts a new line; Ctrl+Enter moves on."""

    def __init__(self, field: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(field, context, parent)
        self.edit = _PlainText(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setAccessibleName(field.label)
        self.edit.setFixedHeight(72)
        self.edit.textChanged.connect(self._on_text_changed)
        self.edit.focus_lost.connect(self._on_focus_lost)
        self._layout.addWidget(self.edit)
        self._finish_layout()
        self._last = ""

    def _on_text_changed(self) -> None:
        if self.field.max_length and len(self.edit.toPlainText()) > self.field.max_length:
            cursor = self.edit.textCursor()
            self.edit.setPlainText(self.edit.toPlainText()[: self.field.max_length])
            cursor.movePosition(cursor.MoveOperation.End)
            self.edit.setTextCursor(cursor)
        self._edit()

    def _on_focus_lost(self) -> None:
        if self.edit.toPlainText() != self._last:
            self._last = self.edit.toPlainText()
            self._commit()

    def value(self) -> Any:
        return self.edit.toPlainText().strip()

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            self.edit.setPlainText(value if isinstance(value, str) else "")
            self._last = self.edit.toPlainText()
        finally:
            self._loading = False

    def focus_targets(self) -> list[QWidget]:
        return [self.edit]

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class _KeyCombo(QComboBox):
    """A combo box the keyboard can drive: digits 1-9 pick the n-th choice, 0 clears (when there is a blank first
    item), arrows step."""

    def __init__(self, parent: QWidget | None = None, *, blank_first: bool = True) -> None:
        super().__init__(parent)
        self._offset = 0 if blank_first else -1

    def keyPressEvent(self, e: QKeyEvent) -> None:
        text = e.text()
        if text.isdigit() and len(text) == 1 and not e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            index = int(text) + self._offset
            if 0 <= index < self.count():
                self.setCurrentIndex(index)
            e.accept()
            return
        super().keyPressEvent(e)


class ChoiceEditor(FieldEditor):
    def __init__(self, field: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(field, context, parent)
        self.combo = _KeyCombo(self)
        self.combo.setAccessibleName(field.label)
        self.combo.addItem(self.tr("（请选择）"), "")
        for n, choice in enumerate(field.choices, start=1):
            prefix = f"{n}. " if n <= 9 else ""
            self.combo.addItem(prefix + choice.label, choice.code)
        self.combo.setToolTip(self.tr("按数字键选择，0 清空"))
        self.combo.currentIndexChanged.connect(self._on_changed)
        self._layout.addWidget(self.combo)
        self._finish_layout()

    def _on_changed(self, _index: int) -> None:
        self._commit()

    def value(self) -> Any:
        return cast(str, self.combo.currentData() or "")

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            index = self.combo.findData(value) if isinstance(value, str) and value else 0
            self.combo.setCurrentIndex(max(0, index))
        finally:
            self._loading = False

    def focus_targets(self) -> list[QWidget]:
        return [self.combo]


class MultiChoiceEditor(FieldEditor):
    """Tick boxes; Space ticks, Tab moves between them."""

    COLUMNS = 3

    def __init__(self, field: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(field, context, parent)
        box = QWidget(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        columns = 1 if any(len(c.label) > 12 for c in field.choices) else self.COLUMNS
        self.boxes: list[tuple[str, QCheckBox]] = []
        for n, choice in enumerate(field.choices):
            check = QCheckBox(choice.label, box)
            check.toggled.connect(self._on_toggled)
            grid.addWidget(check, n // columns, n % columns)
            self.boxes.append((choice.code, check))
        self._layout.addWidget(box)
        self._finish_layout()

    def _on_toggled(self, _checked: bool) -> None:
        self._commit()

    def value(self) -> Any:
        return [code for code, check in self.boxes if check.isChecked()]

    def set_value(self, value: Any) -> None:
        chosen = set(cast(list[str], value)) if isinstance(value, list) else set()
        self._loading = True
        try:
            for code, check in self.boxes:
                check.setChecked(code in chosen)
        finally:
            self._loading = False

    def focus_targets(self) -> list[QWidget]:
        return [check for _, check in self.boxes]


class KeyboardNavigator(QObject):
    """Keyboard-first navigation, installed on every input of a form.

    * Enter or Return moves to the next input (Ctrl+Enter in long text); buttons are skipped, so pressing Enter
      repeatedly never deletes a row. On a button the user tabbed to, Enter presses it.
    * Ctrl+Shift+N adds a row to the repeat group the focus is in; Ctrl+Shift+D deletes the current row.
    """

    ADD_ROW = (Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    REMOVE_ROW = (Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)

    def __init__(
        self,
        move: Callable[[QWidget], None],
        *,
        add_row: Callable[[QWidget], bool] | None = None,
        remove_row: Callable[[QWidget], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._move = move
        self._add_row = add_row
        self._remove_row = remove_row

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() != QEvent.Type.KeyPress
            or not isinstance(event, QKeyEvent)
            or not isinstance(watched, QWidget)
        ):
            return False
        key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if (key, mods) == self.ADD_ROW and self._add_row is not None:
            return self._add_row(watched)
        if (key, mods) == self.REMOVE_ROW and self._remove_row is not None:
            return self._remove_row(watched)
        if key not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        if isinstance(watched, QPlainTextEdit) and not mods & Qt.KeyboardModifier.ControlModifier:
            return False
        if isinstance(watched, QComboBox) and watched.view().isVisible():
            return False
        if isinstance(watched, QAbstractButton) and not isinstance(watched, QCheckBox):
            watched.click()
            return True
        if isinstance(watched, QLineEdit):
            watched.editingFinished.emit()  # the value is complete: commit (and save) before moving on
        self._move(watched)
        return True


def is_input(widget: QWidget) -> bool:
    """Where Enter stops: everything focusable except push buttons."""
    return isinstance(widget, QCheckBox) or not isinstance(widget, QAbstractButton)
