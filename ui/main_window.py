"""The thin shell: menus and toolbar from the action registry, a workspace for the logged-in role, the user below.

It assembles panels; it owns no business rules and touches no database session. Lock, switch user and quit leave as
signals for the composition root (ui.main) to act on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QMessageBox, QTabWidget, QToolBar, QWidget

from app import APP_NAME, __version__
from app.domain.roles import ROLE_LABELS
from ui.actions import ActionId, ActionRegistry

if TYPE_CHECKING:
    from app.db.store import OpenStore

CASE_SEARCH = "caseSearch"  # objectName of a workspace's case search box (ui/panels/case_list.py)


class MainWindow(QMainWindow):
    lock_requested = Signal()
    switch_user_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.resize(1366, 768)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("workspaceTabs")
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self._on_tab_close_requested)
        self.tabs.currentChanged.connect(self._on_current_tab_changed)
        self._fixed_tabs = 0
        self.setCentralWidget(self.tabs)
        self.user_label = QLabel()
        self.user_label.setObjectName("userLabel")
        self.statusBar().addPermanentWidget(self.user_label)
        self.about_box: QMessageBox | None = None

        self.registry = ActionRegistry(self)
        self.registry.bind(ActionId.LOCK, self.lock_requested.emit)
        self.registry.bind(ActionId.SWITCH_USER, self.switch_user_requested.emit)
        self.registry.bind(ActionId.QUIT, self.close)
        self.registry.bind(ActionId.FIND_CASE, self.focus_case_search)
        self.registry.bind(ActionId.REFRESH, self.refresh_current)
        self.registry.bind(ActionId.ABOUT, self.show_about)
        for spec in self.registry.specs:
            if spec.panel is not None:
                self.registry.bind(spec.id, self._panel_opener(spec.panel))
        self.registry.build_menus(self.menuBar())
        toolbar = QToolBar(self.tr("常用"))
        toolbar.setObjectName("mainToolBar")
        toolbar.setMovable(False)
        self.registry.build_toolbar(toolbar)
        self.addToolBar(toolbar)

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
        self.registry.set_role(actor.role)
        self._update_availability()

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
        """On lock every view goes: nothing of the last user's data stays on screen, and only lock-safe actions
        stay enabled."""
        self.registry.set_role(None)
        self._fixed_tabs = 0
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if widget is not None:
                widget.deleteLater()
        self.user_label.clear()
        self.setWindowTitle(APP_NAME)
        if self.about_box is not None:
            self.about_box.close()

    # Handlers of the registry's actions.

    def focus_case_search(self) -> None:
        """Ctrl+F: the case search box of the current tab, else of the first workspace tab that has one."""
        current = self.tabs.currentIndex()
        for index in [current, *range(self._fixed_tabs)]:
            box = self._case_search(index)
            if box is not None:
                self.tabs.setCurrentIndex(index)
                box.setFocus()
                box.selectAll()
                return

    def refresh_current(self) -> None:
        """F5: the current panel's own refresh(), when it has one."""
        refresh = getattr(self.tabs.currentWidget(), "refresh", None)
        if callable(refresh):
            refresh()

    def show_panel(self, class_name: str) -> None:
        """A "go to" action: bring the workspace's panel of that kind to the front."""
        for index in range(self._fixed_tabs):
            if type(self.tabs.widget(index)).__name__ == class_name:
                self.tabs.setCurrentIndex(index)
                return

    def _panel_opener(self, class_name: str) -> Callable[[], None]:
        return lambda: self.show_panel(class_name)

    def show_about(self) -> None:
        if self.about_box is None:
            self.about_box = QMessageBox(self)
            self.about_box.setObjectName("aboutBox")
            self.about_box.setIcon(QMessageBox.Icon.Information)
            self.about_box.setWindowTitle(self.tr("关于低保入户通"))
            self.about_box.setText(
                self.tr("%1 版本 %2\n乡镇最低生活保障入户调查与审核（离线、加密）")
                .replace("%1", APP_NAME)
                .replace("%2", __version__)
            )
        self.about_box.open()

    # Availability: what the window has to offer at the moment, on top of the role gate.

    def _case_search(self, index: int) -> QLineEdit | None:
        widget = self.tabs.widget(index)
        if widget is None:
            return None
        return widget.findChild(QLineEdit, CASE_SEARCH)

    def _on_current_tab_changed(self, _index: int) -> None:
        self.registry.set_available(
            ActionId.REFRESH, callable(getattr(self.tabs.currentWidget(), "refresh", None))
        )

    def _update_availability(self) -> None:
        fixed = [self.tabs.widget(i) for i in range(self._fixed_tabs)]
        kinds = {type(w).__name__ for w in fixed}
        self.registry.set_available(
            ActionId.FIND_CASE, any(self._case_search(i) is not None for i in range(self._fixed_tabs))
        )
        for spec in self.registry.specs:
            if spec.panel is not None:
                self.registry.set_available(spec.id, spec.panel in kinds)
        self._on_current_tab_changed(self.tabs.currentIndex())
