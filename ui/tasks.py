"""Background work with results by signal (ARCHITECTURE decision 11; Anki's CollectionOp/QueryOp).

One thread for database work, so SQLite sees a single writer and sessions never cross threads; a separate pool for
network and PDF work. A result that arrives after the store was locked is dropped, never shown to the next user.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # every failure reaches the UI as a signal, never a dead thread
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


class Executor(QObject):
    """Runs callables off the UI thread; callbacks run on the UI thread."""

    busy_changed = Signal(bool)

    def __init__(self, *, threads: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._generation = 0
        self._running = 0
        self._relays: set[_Relay] = set()

    def invalidate(self) -> None:
        """Forget every pending result (on lock or user switch)."""
        self._generation += 1

    def submit(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        generation = self._generation
        relay = _Relay()
        self._relays.add(relay)

        @Slot(object)
        def done(result: Any) -> None:
            self._finish(relay)
            if generation == self._generation and on_success is not None:
                on_success(result)

        @Slot(object)
        def failed(exc: BaseException) -> None:
            self._finish(relay)
            if generation != self._generation:
                log.info("dropped a late error after lock: %s", type(exc).__name__)
                return
            if on_error is not None:
                on_error(exc)
            else:
                log.error("background task failed: %s", type(exc).__name__)

        relay.succeeded.connect(done)
        relay.failed.connect(failed)
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Job(fn, relay))

    def _finish(self, relay: _Relay) -> None:
        self._relays.discard(relay)
        self._running -= 1
        if self._running == 0:
            self.busy_changed.emit(False)

    def wait_idle(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)
