"""The idle watcher counts input only while armed (a user is logged in); the lock itself is in test_workspaces."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from tests.ui.conftest import FakeMonotonic
from ui.idle import IdleWatcher


def _press_a_key(widget: QLineEdit) -> None:
    QApplication.sendEvent(
        widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    )


def test_input_while_armed_starts_the_idle_clock_again(qtbot: QtBot) -> None:
    mono = FakeMonotonic()
    watcher = IdleWatcher(monotonic=mono)
    fired: list[bool] = []
    watcher.idle_timeout.connect(lambda: fired.append(True))
    box = QLineEdit()
    qtbot.addWidget(box)

    watcher.arm(60)
    mono.now += 50
    _press_a_key(box)  # seen: the idle clock starts again
    mono.now += 50
    watcher.check()
    assert fired == []
    mono.now += 10
    watcher.check()
    assert fired == [True]
    assert not watcher.armed


class _CountingWatcher(IdleWatcher):
    def __init__(self) -> None:
        super().__init__(monotonic=FakeMonotonic())
        self.seen = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.seen += 1
        return super().eventFilter(watched, event)


def test_no_application_wide_filter_while_locked(qtbot: QtBot) -> None:
    """Before login and after a lock no event of the application passes through Python for the idle clock."""
    watcher = _CountingWatcher()
    box = QLineEdit()
    qtbot.addWidget(box)
    _press_a_key(box)
    assert watcher.seen == 0
    watcher.arm(60)
    _press_a_key(box)
    assert watcher.seen > 0
    watcher.disarm()
    watcher.seen = 0
    _press_a_key(box)
    assert watcher.seen == 0
