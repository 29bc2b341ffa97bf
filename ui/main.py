"""Composition root: builds the application, chooses setup or login, and owns the unlocked store.

Only the login window is built before login (cold start, bench/README.md): the setup dialog, the main window with its
action registry, the workspaces and the sleep notification are loaded when first needed — on a fresh machine, at the
first unlock.
"""

from __future__ import annotations

# Before Qt: once PySide6 is loaded, its import hook reads the source of every module imported after it (to see
# whether the module uses PySide6). The key-slot reader (cryptography, Argon2: ~60 modules) is needed by the login
# and setup windows anyway, so it loads first and skips that scan.
import app.db.keyslots  # noqa: F401

# isort: split

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QDialog

from app import APP_NAME, __version__
from app.db.paths import StorePaths, default_store_dir
from app.domain.clock import Clock, SystemClock
from app.domain.errors import StoreDamaged
from ui.dialogs.login_dialog import LoginDialog
from ui.errors import install_excepthook, show_error
from ui.idle import IdleWatcher, connect_sleep_signal
from ui.style import STYLE
from ui.tasks import Executor

if TYPE_CHECKING:
    from app.db.store import OpenStore
    from ui.main_window import MainWindow
    from ui.session import UserSession

SleepWatch = Callable[[Callable[[], None]], bool]

log = logging.getLogger("dibao.ui")


class AppController:
    """Holds what lives between logins: the window, the executors and, while unlocked, the store."""

    def __init__(
        self,
        store_dir: Path,
        *,
        clock: Clock,
        idle: IdleWatcher | None = None,
        sleep_watch: SleepWatch | None = None,
    ) -> None:
        """``sleep_watch(on_sleep)`` subscribes to the system's going-to-sleep notice (``connect_sleep_signal``);
        it is called at the first unlock, since before that there is nothing to lock."""
        self.store_dir = store_dir
        self.clock = clock
        self.db = Executor(threads=1)
        self.background = Executor(threads=2)
        self._window: MainWindow | None = None
        self.idle = idle or IdleWatcher()
        self.idle.idle_timeout.connect(self.lock)
        self._sleep_watch = sleep_watch
        self.user: UserSession | None = None
        self.login_dialog: LoginDialog | None = None

    @property
    def window(self) -> MainWindow:
        """Built on first use (the first unlock), not before the login window."""
        if self._window is None:
            from ui.main_window import MainWindow

            self._window = MainWindow()
            self._window.lock_requested.connect(self.lock)
            self._window.switch_user_requested.connect(self.lock)
        return self._window

    def start(self) -> QDialog:
        """The first dialog: setup on a fresh machine, login otherwise."""
        if not StorePaths(self.store_dir).exists():
            from ui.dialogs.setup_dialog import SetupDialog

            setup = SetupDialog(self.store_dir, executor=self.db, clock=self.clock)
            setup.accepted.connect(self.ask_login)
            setup.rejected.connect(QApplication.quit)
            setup.open()
            return setup
        return self.ask_login()

    def ask_login(self) -> QDialog:
        dialog = LoginDialog(self.store_dir, executor=self.db, clock=self.clock)
        dialog.unlocked.connect(self._on_unlocked)
        dialog.rejected.connect(self._on_login_cancelled)
        dialog.open()
        self.login_dialog = dialog
        return dialog

    def _on_login_cancelled(self) -> None:
        if self._window is None or not self._window.isVisible():
            QApplication.quit()

    @property
    def store(self) -> OpenStore | None:
        return self.user.store if self.user else None

    def _on_unlocked(self, store: OpenStore) -> None:
        from ui.session import UserSession
        from ui.workspaces import panels_for  # the workspaces load after login, not before the login window

        if self._sleep_watch is not None:
            watch, self._sleep_watch = self._sleep_watch, None
            if not watch(self.lock):
                log.info("no sleep notification on this platform; idle lock only")
        from app.services.reference import effective_rules

        with store.reading() as session:  # one small row: the standards an administrator imported here
            rules = effective_rules(session)
        self.user = UserSession(store, db=self.db, clock=self.clock, rules=rules)
        panels = panels_for(self.user)
        for _, panel in panels:
            signal = getattr(panel, "case_activated", None)
            if signal is not None:
                signal.connect(self.open_case)
            opener = getattr(panel, "open_requested", None)  # a draft form opens in its own tab
            if opener is not None:
                opener.connect(self.window.open_panel)
        self.window.show_workspace(store, panels)
        self.window.show()
        self.idle.arm(idle_seconds(self.user))
        self.db.submit(store.check_integrity, self._on_integrity_checked)

    def _on_integrity_checked(self, problems: object) -> None:
        """A damaged store turns read-only at once: every later write refuses and points to restore."""
        if problems and self.user is not None:
            detail = "；".join(str(p) for p in list(problems)[:5])  # type: ignore[call-overload]
            self.user.store.damage = detail
            show_error(self.window, StoreDamaged(detail=detail))

    def open_case(self, case_id: str) -> None:
        if self.user is None:
            return
        from ui.panels.case_detail import CaseDetailPanel

        panel = CaseDetailPanel(self.user, case_id)
        panel.open_requested.connect(self.window.open_panel)
        self.window.open_panel(QCoreApplication.translate("AppController", "案件详情"), panel)

    def lock(self) -> None:
        """Drop every pending result, clear the views, dispose the engine and wipe the key (T11, T14)."""
        if self.user is None:
            return
        self.idle.disarm()
        self.db.invalidate()
        self.background.invalidate()
        # A dialog in its own exec() loop (restore, signature pad) is not a tab: close it, or it would stay on
        # screen over the login with the last user's data.
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and widget is not self.login_dialog:
                widget.reject()
        self.window.clear_views()
        self.db.wait_idle()
        self.user.store.close()
        self.user = None
        self.ask_login()


def idle_seconds(user: UserSession) -> float:
    per_role = user.rules.get("security.idle_lock_seconds", user.clock.today()).value
    return float(per_role[user.actor.role.value])


def _install_translators(app: QApplication) -> None:
    translator = QTranslator(app)
    if translator.load(
        QLocale(QLocale.Language.Chinese, QLocale.Country.China),
        "qtbase",
        "_",
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    ):
        app.installTranslator(translator)


def run(*, store_dir: Path | None = None, self_test: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setStyleSheet(STYLE)
    _install_translators(app)
    install_excepthook()
    controller = AppController(
        store_dir or default_store_dir(), clock=SystemClock(), sleep_watch=connect_sleep_signal
    )
    first = controller.start()
    if self_test:
        # The frozen build's smoke check: the first dialog can be built and shown, then exit cleanly.
        QTimer.singleShot(0, lambda: (first.close(), app.quit()))
    return app.exec()
