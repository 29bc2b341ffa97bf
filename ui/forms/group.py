"""A group of field editors laid out as a form (a section, or one row of a repeat group), and repeat groups."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, cast

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.model import Field, FieldType
from forms.values import is_empty
from ui.forms.editors import (
    ChoiceEditor,
    EditorContext,
    FieldEditor,
    LineEditor,
    MultiChoiceEditor,
    MultiLineEditor,
)
from ui.forms.photo_editor import PhotoEditor
from ui.forms.signature_editor import SignatureEditor

Path = tuple[str | int, ...]


def make_editor(field: Field, context: EditorContext, parent: QWidget) -> FieldEditor:
    kind = FieldType(field.type)
    if kind == FieldType.TEXT and field.multiline:
        return MultiLineEditor(field, context, parent)
    if kind in (
        FieldType.TEXT,
        FieldType.NUMBER,
        FieldType.MONEY,
        FieldType.DATE,
        FieldType.ID_NUMBER,
        FieldType.PHONE,
    ):
        return LineEditor(field, context, parent)
    if kind == FieldType.CHOICE:
        return ChoiceEditor(field, context, parent)
    if kind == FieldType.MULTI_CHOICE:
        return MultiChoiceEditor(field, context, parent)
    if kind == FieldType.REPEAT:
        return RepeatEditor(field, context, parent)
    if kind == FieldType.PHOTO:
        return PhotoEditor(field, context, parent)
    return SignatureEditor(field, context, parent)


def field_label(field: Field) -> str:
    return f"{field.label}{' *' if field.required else ''}"


class FieldGroup(QWidget):
    """Editors for ``fields`` in a form layout; the label of each is its buddy, so Alt+mnemonic and screen readers
    find the field."""

    edited = Signal()
    committed = Signal()

    def __init__(
        self, fields: Sequence[Field], context: EditorContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.fields = tuple(fields)
        self.editors: dict[str, FieldEditor] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field in self.fields:
            editor = make_editor(field, context, self)
            editor.edited.connect(self.edited)
            editor.committed.connect(self.committed)
            label = QLabel(field_label(field), self)
            targets = editor.focus_targets()
            if targets:
                label.setBuddy(targets[0])
            if field.type == FieldType.REPEAT:
                layout.addRow(label)
                layout.addRow(editor)
            else:
                layout.addRow(label, editor)
            self.editors[field.key] = editor

    def value(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, editor in self.editors.items():
            v = editor.value()
            if not is_empty(v):
                out[key] = v
        return out

    def set_value(self, data: dict[str, Any]) -> None:
        for key, editor in self.editors.items():
            editor.set_value(data.get(key))

    def focus_targets(self) -> list[QWidget]:
        return [w for e in self.editors.values() for w in e.focus_targets()]

    def walk(self, prefix: Path = ()) -> Iterator[tuple[Path, FieldEditor]]:
        """Every editor with its data path, repeat rows included."""
        for key, editor in self.editors.items():
            yield (*prefix, key), editor
            if isinstance(editor, RepeatEditor):
                for n, row in enumerate(editor.rows):
                    yield from row.group.walk((*prefix, key, n))


class RepeatRow(QFrame):
    remove_requested = Signal(object)

    def __init__(self, field: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = QLabel(self)
        head.addWidget(self.title, 1)
        self.remove = QPushButton(self.tr("删除本行（Ctrl+Shift+D）"), self)
        self.remove.setEnabled(not context.read_only)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        head.addWidget(self.remove)
        layout.addLayout(head)
        self.group = FieldGroup(field.fields, context, self)
        layout.addWidget(self.group)

    def focus_targets(self) -> list[QWidget]:
        return [*self.group.focus_targets(), self.remove]


class RepeatEditor(FieldEditor):
    """Rows of a repeat group with add and remove; a new row takes the focus."""

    structure_changed = Signal()

    def __init__(self, field: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(field, context, parent)
        self.rows: list[RepeatRow] = []
        self._rows_host = QWidget(self)
        self._rows_layout = QVBoxLayout(self._rows_host)
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self._rows_host)
        self.add_button = QPushButton(
            self.tr("添加一行：%1（Ctrl+Shift+N）").replace("%1", field.label), self
        )
        self.add_button.setEnabled(not context.read_only)
        self.add_button.clicked.connect(self._on_add_clicked)
        self._layout.addWidget(self.add_button)
        self._finish_layout()
        for _ in range(field.default_rows):
            self._append_row()

    def _append_row(self) -> RepeatRow:
        row = RepeatRow(self.field, self.context, self._rows_host)
        row.group.edited.connect(self._edit)
        row.group.committed.connect(self._commit)
        row.remove_requested.connect(self._on_remove)
        self._rows_layout.addWidget(row)
        row.show()  # at once, not by the layout's queued call: the next Enter must find the new row's fields
        self.rows.append(row)
        self._renumber()
        return row

    def _renumber(self) -> None:
        for n, row in enumerate(self.rows, start=1):
            row.title.setText(self.tr("%1 第%2行").replace("%1", self.field.label).replace("%2", str(n)))
        limit = self.field.max_items
        self.add_button.setEnabled(not self.context.read_only and (limit is None or len(self.rows) < limit))

    def add_row(self) -> RepeatRow:
        row = self._append_row()
        self.structure_changed.emit()
        targets = row.group.focus_targets()
        if targets:
            targets[0].setFocus()
        self._commit()
        return row

    def _on_add_clicked(self) -> None:
        self.add_row()

    def _on_remove(self, row: object) -> None:
        target = cast(RepeatRow, row)
        index = self.rows.index(target)
        self.rows.remove(target)
        self._rows_layout.removeWidget(target)
        target.hide()
        target.deleteLater()
        self._renumber()
        self.structure_changed.emit()
        # Keep the keyboard where the row was: the next row, or the add button.
        if index < len(self.rows):
            targets = self.rows[index].group.focus_targets()
            if targets:
                targets[0].setFocus()
        else:
            self.add_button.setFocus()
        self._commit()

    def value(self) -> Any:
        return [row.group.value() for row in self.rows]

    def set_value(self, value: Any) -> None:
        items = (
            [cast(dict[str, Any], v) for v in cast(list[Any], value) if isinstance(v, dict)]
            if isinstance(value, list)
            else []
        )
        self._loading = True
        try:
            for row in self.rows:
                self._rows_layout.removeWidget(row)
                row.hide()
                row.deleteLater()
            self.rows = []
            count = len(items) if items or value is not None else self.field.default_rows
            for n in range(count):
                row = self._append_row()
                row.group.set_value(items[n] if n < len(items) else {})
        finally:
            self._loading = False
        self.structure_changed.emit()

    def focus_targets(self) -> list[QWidget]:
        return [w for row in self.rows for w in row.focus_targets()] + [self.add_button]

    def set_read_only(self, read_only: bool) -> None:
        for row in self.rows:
            for editor in row.group.editors.values():
                editor.set_read_only(read_only)
            row.remove.setEnabled(not read_only)
        self.add_button.setEnabled(not read_only)
