"""Each role's main window at 1366×768 (the common township laptop): saved for people to look at, and checked
by geometry for clipped text — a label, button or tab narrower than its own text."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QHeaderView, QLabel, QTabBar, QWidget
from pytestqt.qtbot import QtBot

from app.domain.roles import Role
from tests.conftest import ADMIN_PASSWORD
from tests.ui.conftest import ROLE_PASSWORD, FakeMonotonic, log_in
from ui.main import AppController

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def clipped_texts(root: QWidget) -> list[str]:
    problems: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        metrics = widget.fontMetrics()
        if isinstance(widget, QLabel) and widget.text() and not widget.wordWrap():
            needed = metrics.horizontalAdvance(widget.text().split("\n")[0])
            if needed > widget.contentsRect().width() + 1:
                problems.append(f"label {widget.text()[:20]!r}: {needed} > {widget.contentsRect().width()}")
        elif isinstance(widget, QAbstractButton) and widget.text():
            needed = metrics.horizontalAdvance(widget.text().replace("&", ""))
            if needed > widget.width():
                problems.append(f"button {widget.text()!r}: {needed} > {widget.width()}")
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                needed = metrics.horizontalAdvance(widget.tabText(i))
                if needed > widget.tabRect(i).width():
                    problems.append(f"tab {widget.tabText(i)!r}")
        elif isinstance(widget, QHeaderView) and widget.orientation().name == "Horizontal":
            model = widget.model()
            if model is None:
                continue
            for section in range(widget.count()):
                text = str(model.headerData(section, widget.orientation()) or "")
                if text and metrics.horizontalAdvance(text) > widget.sectionSize(section):
                    problems.append(
                        f"header {text!r}: {metrics.horizontalAdvance(text)} > {widget.sectionSize(section)}"
                    )
    return problems


@pytest.mark.parametrize("role", list(Role))
def test_main_window_at_1366x768_has_no_clipped_text(qtbot: QtBot, demo_dir: Path, role: Role) -> None:
    from datetime import UTC, datetime

    from app.domain.clock import FixedClock
    from ui.idle import IdleWatcher

    clock = FixedClock(datetime(2026, 9, 18, 2, 0, tzinfo=UTC))
    ctl = AppController(demo_dir, clock=clock, idle=IdleWatcher(monotonic=FakeMonotonic()))
    qtbot.addWidget(ctl.window)
    try:
        login, password = ("admin", ADMIN_PASSWORD) if role is Role.ADMIN else (role.value, ROLE_PASSWORD)
        log_in(qtbot, ctl, login, password)
        window = ctl.window
        window.resize(1366, 768)
        ctl.db.wait_idle()
        qtbot.wait(50)  # let queued results reach the widgets and layouts settle
        ctl.db.wait_idle()
        assert window.width() == 1366
        window.grab()  # the first paint asks the lazy models for their visible rows
        ctl.db.wait_idle()
        qtbot.wait(50)
        ARTIFACTS.mkdir(exist_ok=True)
        window.grab().save(str(ARTIFACTS / f"main_{role.value}.png"))
        assert clipped_texts(window) == []
    finally:
        ctl.db.wait_idle()
        if ctl.user is not None:
            ctl.user.store.close()
