"""Lock closes a dialog that runs its own event loop (restore, signature pad): it is not a tab, so clearing the
views alone would leave it on screen over the login, with the last user's data."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from tests.conftest import ADMIN_PASSWORD
from tests.ui.conftest import FakeMonotonic, log_in
from ui.main import AppController


def test_lock_closes_a_dialog_running_its_own_loop(
    qtbot: QtBot, controller: tuple[AppController, FakeMonotonic]
) -> None:
    ctl, _ = controller
    log_in(qtbot, ctl, "admin", ADMIN_PASSWORD)
    dialog = QDialog(ctl.window)
    QLabel("户主：某某（虚构）", dialog)
    stuck: list[bool] = []
    QTimer.singleShot(50, ctl.lock)  # the idle lock firing while the dialog waits for the user
    guard = QTimer(dialog)  # only if lock left it open; owned by the dialog, so it never outlives this test
    guard.setSingleShot(True)
    guard.timeout.connect(lambda: (stuck.append(True), dialog.done(7)))
    guard.start(5000)
    result = dialog.exec()
    guard.stop()
    assert not stuck and result == QDialog.DialogCode.Rejected.value
    assert not dialog.isVisible() and ctl.user is None
    assert ctl.login_dialog is not None and ctl.login_dialog.isVisible()
