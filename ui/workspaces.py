"""Which panels each role sees after login (filled in by the role workspaces)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QWidget

from app.db.store import OpenStore

if TYPE_CHECKING:
    from ui.main import AppController


def panels_for(store: OpenStore, controller: AppController) -> list[tuple[str, QWidget]]:
    del controller
    welcome = QLabel(f"欢迎，{store.actor.login}。")
    welcome.setObjectName("welcome")
    return [("首页", welcome)]
