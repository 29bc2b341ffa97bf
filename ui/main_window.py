"""The thin shell: menus from actions, a workspace for the logged-in role, the user in the status bar.

It assembles panels; it owns no business rules and touches no database session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from app import APP_NAME
from app.domain.roles import ROLE_LABELS

if TYPE_CHECKING:
    from app.db.store import OpenStore


class MainWindow(QMainWindow):
    lock_requested = Signal()
    switch_user_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.resize(1366, 768)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("workspaceTabs")
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self._on_tab_close_requested)
        self._fixed_tabs = 0
        self.setCentralWidget(self.tabs)
        self.user_label = QLabel()
        self.user_label.setObjectName("userLabel")
        self.statusBar().addPermanentWidget(self.user_label)

        self.lock_action = QAction(self.tr("锁定(&L)"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock_requested)
        self.switch_action = QAction(self.tr("切换用户(&U)"), self)
        self.switch_action.triggered.connect(self.switch_user_requested)
        self.quit_action = QAction(self.tr("退出(&X)"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        for action in (self.lock_action, self.switch_action, self.quit_action):
            menu.addAction(action)

    def show_workspace(self, store: OpenStore, panels: list[tuple[str, QWidget]]) -> None:
        actor = store.actor
        self.clear_views()
        self.setWindowTitle(f"{APP_NAME} — {actor.login}（{ROLE_LABELS[actor.role]}）")
        self.user_label.setText(
            self.tr("当前用户：%1（%2）").replace("%1", actor.login).replace("%2", ROLE_LABELS[actor.role])
        )
        for title, panel in panels:
            self.tabs.addTab(panel, title)
        self._fixed_tabs = len(panels)
        for i in range(self._fixed_tabs):  # the role's own tabs cannot be closed
            self.tabs.tabBar().setTabButton(i, self.tabs.tabBar().ButtonPosition.RightSide, None)

    def open_panel(self, title: str, panel: QWidget) -> None:
        """A closable tab for one case; the role's own tabs stay."""
        index = self.tabs.addTab(panel, title)
        self.tabs.setCurrentIndex(index)

    def _on_tab_close_requested(self, index: int) -> None:
        if index >= self._fixed_tabs:
            widget = self.tabs.widget(index)
            self.tabs.removeTab(index)
            if widget is not None:
                widget.deleteLater()

    def clear_views(self) -> None:
        """On lock every view goes: nothing of the last user's data stays on screen."""
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if widget is not None:
                widget.deleteLater()
        self.user_label.clear()
        self.setWindowTitle(APP_NAME)
