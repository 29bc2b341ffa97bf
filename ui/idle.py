"""Idle auto-lock (SECURITY T14, T15): while someone is logged in, any keyboard, mouse or touch input counts as
activity.

The clock is injectable (a monotonic seconds function), so tests move time instead of sleeping. Where the session
bus reports the machine going to sleep (logind PrepareForSleep), the app locks at once: an idle counter alone does
not see the hours a laptop spent suspended in a bag (KeePassXC #2014).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import SLOT, QCoreApplication, QEvent, QObject, QTimer, Signal, Slot

log = logging.getLogger(__name__)

ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class IdleWatcher(QObject):
    idle_timeout = Signal()

    def __init__(
        self, *, monotonic: Callable[[], float] = time.monotonic, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._monotonic = monotonic
        self._timeout_s: float | None = None
        self._last = monotonic()
        self._watching = False
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.check)

    def arm(self, timeout_s: float) -> None:
        self._timeout_s = timeout_s
        self._last = self._monotonic()
        self._watch_input(True)
        self._timer.start()

    def disarm(self) -> None:
        self._timeout_s = None
        self._timer.stop()
        self._watch_input(False)

    def _watch_input(self, on: bool) -> None:
        """Input is watched only while armed: an application-wide filter sends every event of the application
        through Python, which made building the login window several times slower (bench/README.md, cold start)."""
        app = QCoreApplication.instance()
        if app is None or on == self._watching:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching = on

    @property
    def armed(self) -> bool:
        return self._timeout_s is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY_EVENTS:
            self._last = self._monotonic()
        return False

    def check(self) -> None:
        if self._timeout_s is not None and self._monotonic() - self._last >= self._timeout_s:
            self.disarm()
            self.idle_timeout.emit()


def connect_sleep_signal(on_sleep: Callable[[], None]) -> bool:
    """Lock before suspend where logind tells us; returns False where the platform gives no such signal."""
    try:
        from PySide6.QtDBus import QDBusConnection
    except ImportError:
        return False
    bus = QDBusConnection.systemBus()
    if not bus.isConnected():
        return False
    relay = _SleepRelay(on_sleep)
    ok = bus.connect(
        "org.freedesktop.login1",
        "/org/freedesktop/login1",
        "org.freedesktop.login1.Manager",
        "PrepareForSleep",
        relay,
        SLOT("on_prepare(bool)").encode(),  # the Qt slot signature, as bytes for this overload
    )
    if ok:
        _KEEP.append(relay)
    return ok


class _SleepRelay(QObject):
    def __init__(self, on_sleep: Callable[[], None]) -> None:
        super().__init__()
        self._on_sleep = on_sleep

    @Slot(bool)
    def on_prepare(self, going_to_sleep: bool) -> None:
        if going_to_sleep:
            log.info("system going to sleep: locking")
            self._on_sleep()


_KEEP: list[_SleepRelay] = []
