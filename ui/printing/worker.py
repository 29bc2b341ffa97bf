"""PDF generation on a worker thread: a QRunnable whose results come back to the UI thread by signal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

log = logging.getLogger("dibao.ui.printing")

Progress = Callable[[int, int], None]


class JobSignals(QObject):
    progress = Signal(int, int)  # done, total
    finished = Signal(object)  # the job's result
    failed = Signal(object)  # the exception


class PdfJob:
    """Runs ``work(progress)`` on a pool thread; ``progress(done, total)`` may be called from the work.

    A plain object, not a QRunnable subclass: the pool wraps :meth:`run` in its own runnable, so no Python
    wrapper can be collected while a pool thread still touches it, and callers may keep the job to cancel it.
    """

    def __init__(self, work: Callable[[Progress], Any]) -> None:
        self.signals = JobSignals()  # lives on the thread that made the job (the UI thread)
        self._work = work
        self._cancelled = False

    def start(self, pool: QThreadPool | None = None) -> None:
        (pool or pdf_pool()).start(self.run)

    def cancel(self) -> None:
        self._cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def run(self) -> None:
        def progress(done: int, total: int) -> None:
            if self._cancelled:
                raise JobCancelled()
            self.signals.progress.emit(done, total)

        try:
            result = self._work(progress)
        except BaseException as exc:  # every failure reaches the UI as a signal, never a dead thread
            if not isinstance(exc, JobCancelled):
                log.info("print job failed: %s", type(exc).__name__)
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class JobCancelled(Exception):
    """Raised inside a job at its next progress report after :meth:`PdfJob.cancel`."""


_pool: QThreadPool | None = None


def pdf_pool() -> QThreadPool:
    """The pool for PDF work: separate from the database thread (ARCHITECTURE decision 11)."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(2)
    return _pool
