"""What the supervision panels share for acting on a list: the one open action dialog, running its submissions
through the services on the user's database thread, and selecting a row of a list by what it is.

``ActionHost`` is the panel's base. ``_open(dialog, run, done)`` closes any dialog still open, remembers the new one as
``dialog`` and deletes it when finished; each ``submitted`` value becomes the work ``run`` builds, written through
``_write``. ``_write(work, done, dialog)`` accepts the dialog and calls ``done`` with the service's result when it
succeeds; a refusal is shown in Chinese over the dialog, which stays open with everything typed (over the panel when
there is no dialog). Results arriving after the lock are dropped by the user's executor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtWidgets import QDialog, QTableView, QWidget
from sqlalchemy.orm import Session

from ui.dialogs.action_dialog import ActionDialog
from ui.errors import show_error
from ui.session import UserSession

T = TypeVar("T")
R = TypeVar("R")


def select_row(table: QTableView, rows: Sequence[R], matches: Callable[[R], bool]) -> bool:
    """Make the first row of ``rows`` that ``matches`` the table's current (and selected) row."""
    for n, row in enumerate(rows):
        if matches(row):
            table.selectRow(n)
            table.setCurrentIndex(table.model().index(n, 0))
            return True
    return False


def current_row(table: QTableView, rows: Sequence[R]) -> R | None:
    """The row of ``rows`` the table's current index points at, if any."""
    index = table.currentIndex()
    if index.isValid() and 0 <= index.row() < len(rows):
        return rows[index.row()]
    return None


class ActionHost(QWidget):
    """A panel that opens action dialogs and writes through the services (see the module's description)."""

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        self.dialog: QDialog | None = None

    def _clear_message(self) -> None:
        """Before each write: the panel forgets what its last action said."""

    def _show_dialog(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog

        def finished(_: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()

    def _open(
        self,
        dialog: ActionDialog,
        run: Callable[[Any], Callable[[Session], T]],
        done: Callable[[T], None],
        *,
        clear: bool = True,
    ) -> None:
        """Show ``dialog``; each submit runs the service built by ``run`` from the dialog's value."""
        dialog.submitted.connect(lambda value: self._write(run(value), done, dialog, clear=clear))
        self._show_dialog(dialog)

    def _write(
        self,
        work: Callable[[Session], T],
        done: Callable[[T], None],
        dialog: ActionDialog | None = None,
        *,
        clear: bool = True,
    ) -> None:
        def ok(result: T) -> None:
            if dialog is not None:
                dialog.accept()
            done(result)

        if clear:
            self._clear_message()
        self._user.write(work, ok, self._failed(dialog))

    def _failed(self, dialog: ActionDialog | None) -> Callable[[BaseException], None]:
        def failed(exc: BaseException) -> None:
            if dialog is not None and dialog.isVisible():
                dialog.show_error(exc)
            else:
                show_error(self, exc)

        return failed
