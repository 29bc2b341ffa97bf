"""The main window's action registry (ui.actions): menus per role, the permission gate, shortcuts, lock."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app import __version__
from app.domain.roles import Permission, Role
from tests.conftest import ADMIN_PASSWORD
from tests.ui.conftest import ROLE_PASSWORD, FakeMonotonic, log_in
from ui.actions import ActionId, ActionRegistry, ActionSpec, Menu
from ui.main import AppController
from ui.main_window import MainWindow

ALWAYS = {
    "file": ["action_lock", "action_switch_user", "action_quit"],
    "view": ["action_find_case", "action_refresh"],
    "help": ["action_about"],
}
# Written out by hand rather than derived from PERMISSIONS, so a changed gate or role table shows up here.
GO_MENU: dict[Role, list[str]] = {
    Role.INVESTIGATOR: [],
    Role.WINDOW_CLERK: ["action_go_intake"],
    Role.COORDINATOR: ["action_go_conflicts"],
    Role.COUNTY_REVIEWER: [],
    Role.ADMIN: ["action_go_users"],
}
LOCK_SAFE = {"action_quit", "action_about"}


def _credentials(role: Role) -> tuple[str, str]:
    return ("admin", ADMIN_PASSWORD) if role is Role.ADMIN else (role.value, ROLE_PASSWORD)


def _visible_menus(window: MainWindow) -> dict[str, list[str]]:
    """Menu-bar order, only what the user sees."""
    shown: dict[str, list[str]] = {}
    for entry in window.menuBar().actions():
        menu = entry.menu()
        if not entry.isVisible() or not isinstance(menu, QMenu):
            continue
        names = [a.objectName() for a in menu.actions() if a.isVisible() and not a.isSeparator()]
        shown[menu.objectName().removeprefix("menu_")] = names
    return shown


def _enabled(window: MainWindow) -> set[str]:
    return {
        window.registry[s.id].objectName() for s in window.registry.specs if window.registry[s.id].isEnabled()
    }


def _activate(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


@pytest.mark.parametrize("role", list(Role))
def test_menus_are_built_from_the_registry_for_each_role(
    qtbot: QtBot, controller: tuple[AppController, FakeMonotonic], role: Role
) -> None:
    ctl, _ = controller
    log_in(qtbot, ctl, *_credentials(role))
    expected = dict(ALWAYS)
    if GO_MENU[role]:
        expected["go"] = GO_MENU[role]
    shown = _visible_menus(ctl.window)
    assert shown == expected
    assert list(shown) == [m for m in ("file", "view", "go", "help") if m in expected]  # menu-bar order
    everything = {name for names in expected.values() for name in names}
    can_refresh = callable(getattr(ctl.window.tabs.currentWidget(), "refresh", None))
    assert _enabled(ctl.window) == (everything if can_refresh else everything - {"action_refresh"})
    ctl.db.wait_idle()


def test_a_gated_action_is_hidden_and_disabled_for_roles_without_its_permission(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    spec = ActionSpec(ActionId.GO_USERS, "账号管理", Menu.GO, permission=Permission.MANAGE_USERS)
    registry = ActionRegistry(owner, [spec])
    calls: list[str] = []
    registry.bind(ActionId.GO_USERS, lambda: calls.append("users"))
    for role in Role:
        registry.set_role(role)
        assert registry[ActionId.GO_USERS].isVisible() is (role is Role.ADMIN), role
        assert registry[ActionId.GO_USERS].isEnabled() is (role is Role.ADMIN), role
    registry.set_role(Role.INVESTIGATOR)
    registry[ActionId.GO_USERS].trigger()  # a disabled action does not run its handler
    assert calls == []
    registry.set_role(Role.ADMIN)
    registry[ActionId.GO_USERS].trigger()
    assert calls == ["users"]


def test_an_action_is_declared_once_and_bound_once(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    spec = ActionSpec(ActionId.LOCK, "锁定", Menu.FILE)
    with pytest.raises(ValueError, match="declared twice"):
        ActionRegistry(owner, [spec, spec])
    registry = ActionRegistry(owner, [spec])
    registry.set_role(Role.INVESTIGATOR)
    assert not registry[ActionId.LOCK].isEnabled()  # no handler yet: nothing to run
    registry.bind(ActionId.LOCK, lambda: None)
    assert registry[ActionId.LOCK].isEnabled()
    with pytest.raises(ValueError, match="already has a handler"):
        registry.bind(ActionId.LOCK, lambda: None)


def test_ctrl_l_locks_and_only_lock_safe_actions_stay_enabled_until_the_next_login(
    qtbot: QtBot, controller: tuple[AppController, FakeMonotonic]
) -> None:
    ctl, _ = controller
    log_in(qtbot, ctl, *_credentials(Role.WINDOW_CLERK))
    window = ctl.window
    assert "action_go_intake" in _enabled(window)
    _activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert ctl.user is None
    assert window.tabs.count() == 0
    assert _enabled(window) == LOCK_SAFE
    assert not window.registry[ActionId.GO_INTAKE].isVisible()  # gated actions go with the user
    log_in(qtbot, ctl, *_credentials(Role.INVESTIGATOR))  # someone else: re-evaluated for their role
    assert "action_lock" in _enabled(window)
    assert not window.registry[ActionId.GO_INTAKE].isVisible()
    ctl.db.wait_idle()


def test_switch_user_locks_like_lock(qtbot: QtBot, controller: tuple[AppController, FakeMonotonic]) -> None:
    ctl, _ = controller
    log_in(qtbot, ctl, *_credentials(Role.INVESTIGATOR))
    ctl.window.registry[ActionId.SWITCH_USER].trigger()
    assert ctl.user is None
    assert ctl.login_dialog is not None and ctl.login_dialog.isVisible()


class _Refreshable(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def refresh(self) -> None:
        self.calls += 1


def test_f5_refreshes_the_current_panel_only_when_it_can(
    qtbot: QtBot, controller: tuple[AppController, FakeMonotonic]
) -> None:
    ctl, _ = controller
    log_in(qtbot, ctl, *_credentials(Role.WINDOW_CLERK))
    window = ctl.window
    _activate(qtbot, window)
    panel = _Refreshable()
    window.open_panel("可刷新", panel)
    assert window.registry[ActionId.REFRESH].isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert panel.calls == 1
    window.open_panel("不可刷新", QWidget())
    assert not window.registry[ActionId.REFRESH].isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert panel.calls == 1
    window.tabs.setCurrentWidget(panel)
    assert window.registry[ActionId.REFRESH].isEnabled()
    ctl.db.wait_idle()


def test_ctrl_f_brings_the_workspace_case_search_forward_and_focuses_it(
    qtbot: QtBot, controller: tuple[AppController, FakeMonotonic]
) -> None:
    ctl, _ = controller
    log_in(qtbot, ctl, *_credentials(Role.WINDOW_CLERK))
    window = ctl.window
    _activate(qtbot, window)
    window.tabs.setCurrentIndex(window.tabs.count() - 1)  # 时限: no search box there
    assert window.tabs.currentWidget().findChild(QLineEdit, "caseSearch") is None
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = window.tabs.currentWidget().findChild(QLineEdit, "caseSearch")
    assert search is not None
    qtbot.waitUntil(search.hasFocus, timeout=5000)
    ctl.db.wait_idle()


def test_go_to_brings_the_roles_panel_forward(
    qtbot: QtBot, controller: tuple[AppController, FakeMonotonic]
) -> None:
    ctl, _ = controller
    log_in(qtbot, ctl, *_credentials(Role.WINDOW_CLERK))
    window = ctl.window
    _activate(qtbot, window)
    assert type(window.tabs.currentWidget()).__name__ != "IntakePanel"
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert type(window.tabs.currentWidget()).__name__ == "IntakePanel"
    ctl.db.wait_idle()


def test_about_names_the_version(qtbot: QtBot, controller: tuple[AppController, FakeMonotonic]) -> None:
    ctl, _ = controller
    log_in(qtbot, ctl, *_credentials(Role.COUNTY_REVIEWER))
    ctl.window.registry[ActionId.ABOUT].trigger()
    box = ctl.window.findChild(QMessageBox, "aboutBox")
    assert box is not None and box.isVisible()
    assert __version__ in box.text()
    box.close()
    ctl.db.wait_idle()


def test_the_main_window_is_not_built_before_login(qtbot: QtBot, demo_dir: Path) -> None:
    """Cold start: only the login window exists until someone logs in."""
    from datetime import UTC, datetime

    from app.domain.clock import FixedClock
    from ui.idle import IdleWatcher

    ctl = AppController(
        demo_dir,
        clock=FixedClock(datetime(2026, 9, 18, 2, 0, tzinfo=UTC)),
        idle=IdleWatcher(monotonic=FakeMonotonic()),
    )
    dialog = ctl.start()
    qtbot.addWidget(dialog)
    assert ctl._window is None
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    dialog.close()
