"""The coordinator's end-of-day sync: what is waiting, one button, a progress bar per stage, cancel, a summary.

The whole sync runs off the UI thread on the database worker: it interleaves network calls with local writes,
and SQLite wants a single writer. Progress crosses back to the UI thread by signal.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from sync.client import Progress, SyncError, SyncSummary, pending_summary
from ui.errors import show_error
from ui.session import UserSession


class _ProgressRelay(QObject):
    progressed = Signal(object)


class SyncPanel(QWidget):
    sync_finished = Signal(object)  # SyncSummary or SyncError

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        self._cancel: threading.Event | None = None
        self._relay = _ProgressRelay()
        self._relay.progressed.connect(self._on_progress)
        self.status = QLabel(self.tr("正在读取同步状态…"))
        self.status.setObjectName("syncStatus")
        self.status.setWordWrap(True)
        self.stage = QLabel()
        self.stage.setObjectName("syncStage")
        self.bar = QProgressBar()
        self.bar.setObjectName("syncProgress")
        self.bar.hide()
        self.result = QLabel()
        self.result.setObjectName("syncResult")
        self.result.setWordWrap(True)
        self.start_button = QPushButton(self.tr("立即同步"))
        self.start_button.setObjectName("syncNow")
        self.start_button.setProperty("primary", True)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.setObjectName("syncCancel")
        self.cancel_button.setEnabled(False)
        self.start_button.clicked.connect(self.start_sync)
        self.cancel_button.clicked.connect(self.cancel_sync)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addWidget(self.stage)
        layout.addWidget(self.bar)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.refresh_status()

    def refresh_status(self) -> None:
        store = self._user.store
        self._user.db.submit(lambda: pending_summary(store), self._show_status, lambda e: show_error(self, e))

    def _show_status(self, info: dict[str, Any]) -> None:
        if not info["enrolled"]:
            text = self.tr("本设备还没有在县级登记。请向县级管理员申请登记码后，用 dibao sync --enrol 登记。")
            self.start_button.setEnabled(False)
        elif info["revoked"]:
            text = self.tr("本设备已被县级吊销，不能再同步。本机数据仍然保存在本机，请联系县级管理员。")
            self.start_button.setEnabled(False)
        else:
            text = self.tr("待发送的记录：%n 条", "", int(info["pending_changes"]))
        self.status.setText(text)

    def start_sync(self) -> None:
        from sync import local
        from sync.client import SyncClient, make_http

        store, relay = self._user.store, self._relay
        cancel = threading.Event()
        self._cancel = cancel

        def work() -> SyncSummary:
            with store.reading() as s:
                ident = local.identity(s)
                if ident is None or not ident.server_url:
                    raise SyncError("NOT_ENROLLED", "本设备还没有在县级登记。")
                server_url, ca_pem = ident.server_url, ident.ca_pem
            with make_http(server_url, ca_pem) as http:
                return SyncClient(http, store).run(progress=relay.progressed.emit, cancel=cancel)

        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.bar.show()
        self.result.clear()
        self._user.db.submit(work, self._on_finished, self._on_failed)

    def cancel_sync(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.stage.setText(self.tr("正在取消…（已完成的部分会保存）"))

    def _on_progress(self, p: Progress) -> None:
        self.stage.setText(p.label)
        self.bar.setRange(0, max(p.total, 0))
        self.bar.setValue(p.done)

    def _on_finished(self, summary: SyncSummary) -> None:
        self._done()
        self.result.setText(summary.text())
        self.sync_finished.emit(summary)

    def _on_failed(self, exc: BaseException) -> None:
        self._done()
        if isinstance(exc, SyncError):
            self.result.setText(exc.message)
            self.sync_finished.emit(exc)
        else:
            show_error(self, exc)

    def _done(self) -> None:
        self._cancel = None
        self.bar.hide()
        self.stage.clear()
        self.cancel_button.setEnabled(False)
        self.start_button.setEnabled(True)
        self.refresh_status()
