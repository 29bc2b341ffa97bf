"""The main window's actions, declared once (Picard's action registry, STYLE.md §a.3).

Each action is an `ActionSpec`: an id, its text (translated in the ``MainActions`` context), shortcut, menu, an
optional permission and whether it stays usable while the store is locked. The window asks the registry for its
menus and toolbar and binds a handler to each id at run time; the registry alone decides what is shown and enabled:

- an action whose permission the logged-in role lacks is hidden (a hidden action's shortcut does not fire either);
- while locked (no user) only lock-safe actions are enabled;
- an action without a bound handler, or one the window marks unavailable (F5 on a panel without ``refresh()``), is
  disabled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

from app.domain.roles import PERMISSIONS, Permission, Role

CONTEXT = "MainActions"


def _text(source: object) -> str:
    """QT_TRANSLATE_NOOP marks the literal for lupdate and returns it unchanged (typed as object)."""
    return str(source)


class ActionId(StrEnum):
    LOCK = "lock"
    SWITCH_USER = "switch_user"
    QUIT = "quit"
    FIND_CASE = "find_case"
    REFRESH = "refresh"
    GO_INTAKE = "go_intake"
    GO_CONFLICTS = "go_conflicts"
    GO_USERS = "go_users"
    ABOUT = "about"


class Menu(StrEnum):
    """Menus in menu-bar order."""

    FILE = "file"
    VIEW = "view"
    GO = "go"
    HELP = "help"


MENU_TITLES: Mapping[Menu, str] = {
    Menu.FILE: _text(QT_TRANSLATE_NOOP("MainActions", "文件(&F)")),
    Menu.VIEW: _text(QT_TRANSLATE_NOOP("MainActions", "查看(&V)")),
    Menu.GO: _text(QT_TRANSLATE_NOOP("MainActions", "转到(&G)")),
    Menu.HELP: _text(QT_TRANSLATE_NOOP("MainActions", "帮助(&H)")),
}


@dataclass(frozen=True, slots=True)
class ActionSpec:
    id: ActionId
    text: str  # source text; shown through QCoreApplication.translate(CONTEXT, text)
    menu: Menu
    shortcut: QKeySequence.StandardKey | str | None = None
    permission: Permission | None = None  # None: every logged-in role
    lock_safe: bool = False  # still enabled while locked (no user, login window up)
    toolbar_text: str | None = None  # set: also on the toolbar, under this short text
    separator_before: bool = False
    menu_role: QAction.MenuRole = QAction.MenuRole.NoRole
    panel: str | None = None  # "go to" actions: class name of the workspace panel they bring forward


ACTIONS: Sequence[ActionSpec] = (
    ActionSpec(
        ActionId.LOCK,
        _text(QT_TRANSLATE_NOOP("MainActions", "锁定(&L)")),
        Menu.FILE,
        "Ctrl+L",
        toolbar_text=_text(QT_TRANSLATE_NOOP("MainActions", "锁定")),
    ),
    ActionSpec(ActionId.SWITCH_USER, _text(QT_TRANSLATE_NOOP("MainActions", "切换用户(&U)")), Menu.FILE),
    ActionSpec(
        ActionId.QUIT,
        _text(QT_TRANSLATE_NOOP("MainActions", "退出(&X)")),
        Menu.FILE,
        QKeySequence.StandardKey.Quit,
        lock_safe=True,
        separator_before=True,
        menu_role=QAction.MenuRole.QuitRole,
    ),
    ActionSpec(
        ActionId.FIND_CASE,
        _text(QT_TRANSLATE_NOOP("MainActions", "查找案件(&F)")),
        Menu.VIEW,
        QKeySequence.StandardKey.Find,
        permission=Permission.VIEW_CASES,
        toolbar_text=_text(QT_TRANSLATE_NOOP("MainActions", "查找")),
    ),
    ActionSpec(
        ActionId.REFRESH,
        _text(QT_TRANSLATE_NOOP("MainActions", "刷新(&R)")),
        Menu.VIEW,
        "F5",
        toolbar_text=_text(QT_TRANSLATE_NOOP("MainActions", "刷新")),
    ),
    ActionSpec(
        ActionId.GO_INTAKE,
        _text(QT_TRANSLATE_NOOP("MainActions", "受理新申请(&N)")),
        Menu.GO,
        QKeySequence.StandardKey.New,
        permission=Permission.ACCEPT_APPLICATION,
        panel="IntakePanel",
    ),
    ActionSpec(
        ActionId.GO_CONFLICTS,
        _text(QT_TRANSLATE_NOOP("MainActions", "同步冲突(&C)")),
        Menu.GO,
        permission=Permission.RESOLVE_CONFLICTS,
        panel="ConflictsPanel",
    ),
    ActionSpec(
        ActionId.GO_USERS,
        _text(QT_TRANSLATE_NOOP("MainActions", "账号管理(&M)")),
        Menu.GO,
        permission=Permission.MANAGE_USERS,
        panel="UsersPanel",
    ),
    ActionSpec(
        ActionId.ABOUT,
        _text(QT_TRANSLATE_NOOP("MainActions", "关于低保入户通(&A)")),
        Menu.HELP,
        lock_safe=True,
        menu_role=QAction.MenuRole.AboutRole,
    ),
)


def translate(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def is_allowed(spec: ActionSpec, role: Role | None) -> bool:
    """The role gate alone: ungated actions are allowed even while locked; gated ones need a role that has it."""
    if spec.permission is None:
        return True
    return role is not None and spec.permission in PERMISSIONS[role]


class ActionRegistry(QObject):
    """The QActions of one window, built from the specs; menus and toolbar are views over it."""

    def __init__(self, owner: QWidget, specs: Iterable[ActionSpec] = ACTIONS) -> None:
        super().__init__(owner)
        self._specs: dict[ActionId, ActionSpec] = {}
        self._actions: dict[ActionId, QAction] = {}
        self._bound: set[ActionId] = set()
        self._unavailable: set[ActionId] = set()
        self._menus: dict[Menu, QMenu] = {}
        self._role: Role | None = None
        for spec in specs:
            if spec.id in self._specs:
                raise ValueError(f"action {spec.id} declared twice")
            self._specs[spec.id] = spec
            action = QAction(translate(spec.text), owner)
            action.setObjectName(f"action_{spec.id.value}")
            if spec.shortcut is not None:
                action.setShortcut(QKeySequence(spec.shortcut))
            if spec.toolbar_text is not None:
                action.setIconText(translate(spec.toolbar_text))
            action.setMenuRole(spec.menu_role)
            owner.addAction(action)  # shortcuts work even when the action's menu is hidden
            self._actions[spec.id] = action
        self._apply()

    @property
    def specs(self) -> list[ActionSpec]:
        return list(self._specs.values())

    @property
    def role(self) -> Role | None:
        return self._role

    def __getitem__(self, action_id: ActionId) -> QAction:
        return self._actions[action_id]

    def spec(self, action_id: ActionId) -> ActionSpec:
        return self._specs[action_id]

    def bind(self, action_id: ActionId, handler: Callable[[], object]) -> None:
        """Run ``handler`` when the action triggers (one handler per action)."""
        if action_id in self._bound:
            raise ValueError(f"action {action_id} already has a handler")
        self._actions[action_id].triggered.connect(lambda _checked=False: handler())
        self._bound.add(action_id)
        self._apply()

    def set_role(self, role: Role | None) -> None:
        """A user logged in (their role) or the store was locked (None): re-evaluate every action."""
        self._role = role
        self._apply()

    def set_available(self, action_id: ActionId, available: bool) -> None:
        """The window's own condition (a search box to focus, a panel to refresh) on top of role and lock."""
        if available:
            self._unavailable.discard(action_id)
        else:
            self._unavailable.add(action_id)
        self._apply()

    def build_menus(self, bar: QMenuBar) -> dict[Menu, QMenu]:
        for menu_id in Menu:
            specs = [s for s in self._specs.values() if s.menu is menu_id]
            if not specs:
                continue
            menu = bar.addMenu(translate(MENU_TITLES[menu_id]))
            menu.setObjectName(f"menu_{menu_id.value}")
            for spec in specs:
                if spec.separator_before:
                    menu.addSeparator()
                menu.addAction(self._actions[spec.id])
            self._menus[menu_id] = menu
        self._apply()
        return dict(self._menus)

    def build_toolbar(self, toolbar: QToolBar) -> None:
        for spec in self._specs.values():
            if spec.toolbar_text is not None:
                toolbar.addAction(self._actions[spec.id])

    def _apply(self) -> None:
        locked = self._role is None
        for action_id, spec in self._specs.items():
            action = self._actions[action_id]
            allowed = is_allowed(spec, self._role)
            action.setVisible(allowed)
            action.setEnabled(
                allowed
                and action_id in self._bound
                and action_id not in self._unavailable
                and (spec.lock_safe or not locked)
            )
        for menu_id, menu in self._menus.items():  # a menu with nothing the role may use goes too
            menu.menuAction().setVisible(
                any(self._actions[s.id].isVisible() for s in self._specs.values() if s.menu is menu_id)
            )
