"""One widget that renders any form definition (decision 1), keyboard first.

* Tab order follows the form; Enter moves to the next field (Ctrl+Enter in long text); digits pick choices.
* Problems are shown under each field in Chinese and listed together at the top; the focus goes to the first.
* A progress bar counts the required items filled.
* Drafts are saved through ``FormBackend.save_draft`` after every completed field and every few seconds while the
  user types, so a laptop that dies mid-visit loses at most the field being typed. The renderer never touches the
  database itself; the backend decides where and on which thread the save runs.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import AppError
from forms.model import FormDefinition
from forms.validation import Problem, progress, validate
from ui.forms.backend import FormBackend
from ui.forms.editors import ERROR_STYLE, EditorContext, FieldEditor, KeyboardNavigator, is_input
from ui.forms.group import FieldGroup, Path, RepeatEditor
from ui.forms.messages import inline_text, problem_text

AUTOSAVE_MS = 3000


class FormRenderer(QWidget):
    data_changed = Signal()
    draft_saved = Signal()
    save_failed = Signal(str)
    progress_changed = Signal(int, int)

    def __init__(
        self,
        definition: FormDefinition,
        *,
        today: date,
        data: dict[str, Any] | None = None,
        backend: FormBackend | None = None,
        read_only: bool = False,
        autosave_ms: int = AUTOSAVE_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.definition = definition
        self.today = today
        self.backend = backend
        self.read_only = read_only
        self._dirty = False
        self._shown: set[Path] = set()
        self._problems: tuple[Problem, ...] = ()
        self._chain: list[QWidget] = []
        self._keys = KeyboardNavigator(
            self._focus_after, add_row=self._add_row_at, remove_row=self._remove_row_at, parent=self
        )
        context = EditorContext(today=today, backend=backend, read_only=read_only)

        outer = QVBoxLayout(self)
        title = QLabel(f"<b>{definition.title}</b>", self)
        outer.addWidget(title)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setFormat(self.tr("必填项 %v / %m"))
        outer.addWidget(self.progress_bar)
        self.summary = QLabel(self)
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setWordWrap(True)
        self.summary.hide()
        outer.addWidget(self.summary)
        self.status = QLabel(self)
        outer.addWidget(self.status)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        self.groups: list[FieldGroup] = []
        for section in definition.sections:
            box = QGroupBox(section.title, body)
            box_layout = QVBoxLayout(box)
            group = FieldGroup(section.fields, context, box)
            group.edited.connect(self._on_edited)
            group.committed.connect(self._on_committed)
            box_layout.addWidget(group)
            body_layout.addWidget(box)
            self.groups.append(group)
        body_layout.addStretch(1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(body)
        outer.addWidget(self.scroll_area, 1)

        for _, editor in self._walk():
            if isinstance(editor, RepeatEditor):
                editor.structure_changed.connect(self._rebuild_chain)
        if data:
            self.set_data(data)
        self._rebuild_chain()
        if read_only:
            self.set_read_only(True)
        self._update_progress()

        self._timer = QTimer(self)
        self._timer.setInterval(autosave_ms)
        self._timer.timeout.connect(self._on_timer)
        if backend is not None and not read_only:
            self._timer.start()

    # ------------------------------------------------------------------------------------------- data

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for group in self.groups:
            out.update(group.value())
        return out

    def set_data(self, data: dict[str, Any]) -> None:
        """Load values (a reopened draft or a record); keys the definition does not know are ignored here."""
        for group in self.groups:
            group.set_value(data)
        self._rebuild_chain()
        self._update_progress()
        self._dirty = False

    def editor(self, *path: str | int) -> FieldEditor:
        """The editor at a data path, e.g. ``editor("members", 1, "id_number")``."""
        for where, editor in self._walk():
            if where == tuple(path):
                return editor
        raise KeyError(path)

    def _walk(self) -> list[tuple[Path, FieldEditor]]:
        return [pair for group in self.groups for pair in group.walk()]

    # ------------------------------------------------------------------------------------------- saving

    def _on_edited(self) -> None:
        self._dirty = True

    def _on_committed(self) -> None:
        self._dirty = True
        self._update_progress()
        self._refresh_shown_problems()
        self._rebuild_chain()
        self.data_changed.emit()
        self.save_now()

    def _on_timer(self) -> None:
        if self._dirty:
            self.save_now()

    def save_now(self) -> bool:
        """Save the draft if anything changed; False when the save failed (the message is shown)."""
        if self.backend is None or self.read_only or not self._dirty:
            return True
        try:
            self.backend.save_draft(self.data())
        except AppError as exc:
            self.status.setText(self.tr("草稿未能保存：%1").replace("%1", str(exc)))
            self.save_failed.emit(str(exc))
            return False
        self._dirty = False
        self.status.setText(self.tr("草稿已自动保存"))
        self.draft_saved.emit()
        return True

    @property
    def is_dirty(self) -> bool:
        return self._dirty

    def busy_fields(self) -> list[str]:
        """Labels of the fields whose photo or signature is still being saved on the worker."""
        return [editor.field.label for _, editor in self._walk() if editor.is_busy]

    # ------------------------------------------------------------------------------------------- problems

    def validate(self) -> tuple[Problem, ...]:
        """Check the whole form, show every problem, list them at the top and focus the first."""
        problems = validate(self.definition, self.data(), today=self.today)
        self.show_problems(problems)
        return problems

    def show_problems(self, problems: Sequence[Problem]) -> None:
        self._problems = tuple(problems)
        self._shown = {p.path for p in problems}
        self._paint_problems()
        if problems:
            self.focus_path(problems[0].path)

    def _refresh_shown_problems(self) -> None:
        """After an edit, problems already on screen are re-checked; new ones wait for the next ``validate``."""
        if not self._shown:
            return
        current = validate(self.definition, self.data(), today=self.today)
        self._problems = tuple(p for p in current if p.path in self._shown)
        self._shown = {p.path for p in self._problems}
        self._paint_problems()

    def _paint_problems(self) -> None:
        by_path: dict[Path, list[str]] = {}
        for p in self._problems:
            by_path.setdefault(p.path, []).append(inline_text(p))
        for path, editor in self._walk():
            editor.set_error("；".join(by_path.get(path, [])))
        if self._problems:
            lines = [problem_text(p) for p in self._problems]
            self.summary.setText(
                self.tr("还有 %1 处需要填写或更正：").replace("%1", str(len(lines))) + "\n" + "\n".join(lines)
            )
            self.summary.show()
        else:
            self.summary.clear()
            self.summary.hide()

    def problems_shown(self) -> tuple[Problem, ...]:
        return self._problems

    def focus_path(self, path: Path) -> None:
        target: FieldEditor | None = None
        for where, editor in self._walk():
            if where == path:
                target = editor
                break
        if target is None:
            # A row-level path whose editor is gone: fall back to the top-level field.
            for where, editor in self._walk():
                if where == path[:1]:
                    target = editor
                    break
        if target is None:
            return
        widgets = target.focus_targets()
        if widgets:
            self.scroll_area.ensureWidgetVisible(widgets[0])
            widgets[0].setFocus()

    # ------------------------------------------------------------------------------------------- keyboard

    def _rebuild_chain(self) -> None:
        chain = [w for group in self.groups for w in group.focus_targets()]
        for widget in chain:
            if widget not in self._chain:
                widget.installEventFilter(self._keys)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._chain = chain

    def focus_chain(self) -> list[QWidget]:
        return list(self._chain)

    def _focus_after(self, widget: QWidget) -> None:
        if widget not in self._chain:
            return
        start = self._chain.index(widget) + 1
        for candidate in self._chain[start:]:
            if is_input(candidate) and candidate.isEnabled() and candidate.isVisibleTo(self):
                self.scroll_area.ensureWidgetVisible(candidate)
                candidate.setFocus()
                return

    def _repeat_of(self, widget: QWidget) -> RepeatEditor | None:
        for _, editor in self._walk():
            if isinstance(editor, RepeatEditor) and editor.isAncestorOf(widget):
                return editor
        return None

    def _add_row_at(self, widget: QWidget) -> bool:
        repeat = self._repeat_of(widget)
        if repeat is None or self.read_only or not repeat.add_button.isEnabled():
            return False
        repeat.add_row()
        return True

    def _remove_row_at(self, widget: QWidget) -> bool:
        repeat = self._repeat_of(widget)
        if repeat is None or self.read_only:
            return False
        for row in repeat.rows:
            if row.isAncestorOf(widget):
                row.remove.click()
                return True
        return False

    def focus_first(self) -> None:
        for widget in self._chain:
            if widget.isEnabled():
                widget.setFocus()
                return

    # ------------------------------------------------------------------------------------------- progress, state

    def _update_progress(self) -> None:
        state = progress(self.definition, self.data())
        self.progress_bar.setMaximum(max(1, state.required))
        self.progress_bar.setValue(min(state.filled, max(1, state.required)))
        self.progress_changed.emit(state.filled, state.required)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for _, editor in self._walk():
            editor.set_read_only(read_only)
        if read_only:
            self._timer_stop()

    def _timer_stop(self) -> None:
        timer = getattr(self, "_timer", None)
        if timer is not None:
            timer.stop()
