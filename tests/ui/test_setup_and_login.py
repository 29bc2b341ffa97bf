"""First start (setup dialog) and login, driven offscreen with the keyboard as a clerk would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.db.store import StorePaths, unlock
from app.domain.clock import FixedClock
from tests.conftest import ADMIN_PASSWORD, CHEAP_KDF
from ui.dialogs.login_dialog import LoginDialog
from ui.dialogs.setup_dialog import RecoveryCodeDialog, SetupDialog
from ui.tasks import Executor


@pytest.fixture
def executor(qtbot: QtBot) -> Executor:
    del qtbot
    ex = Executor(threads=1)
    yield ex
    ex.wait_idle()


def test_setup_dialog_creates_the_store_and_shows_the_recovery_code_once(
    qtbot: QtBot, tmp_path: Path, executor: Executor, clock: FixedClock
) -> None:
    root = tmp_path / "fresh"
    dialog = SetupDialog(root, executor=executor, clock=clock, kdf=CHEAP_KDF)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.clear()
    dialog.name.insert("王管理")  # Chinese arrives from the input method as committed text, not key clicks
    qtbot.keyClicks(dialog.password, "s3cret-pass")
    qtbot.keyClicks(dialog.confirm, "s3cret-pass")
    with qtbot.waitSignal(dialog.store_created, timeout=10000):
        qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    assert StorePaths(root).db.exists()
    recovery = dialog.findChild(RecoveryCodeDialog)
    assert recovery is not None
    assert recovery.code.text() == dialog.created.recovery_code if dialog.created else False
    assert dialog.password.text() == ""  # the password does not linger in the widget
    recovery.done_box.setChecked(True)
    with qtbot.waitSignal(dialog.accepted):
        recovery.accept()
    unlock(root, "admin", "s3cret-pass", clock=clock).close()


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [("short", "short", "至少需要 8 个字符"), ("long-enough-1", "long-enough-2", "不一致")],
)
def test_setup_dialog_explains_a_bad_password_and_creates_nothing(
    qtbot: QtBot,
    tmp_path: Path,
    executor: Executor,
    clock: FixedClock,
    password: str,
    confirm: str,
    message: str,
) -> None:
    root = tmp_path / "fresh"
    dialog = SetupDialog(root, executor=executor, clock=clock, kdf=CHEAP_KDF)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClicks(dialog.confirm, confirm)
    dialog.create_button.click()
    assert message in dialog.error.text()
    assert not root.exists()


def test_login_dialog_unlocks_and_reports_a_wrong_password(
    qtbot: QtBot, store_dir: Path, executor: Executor, clock: FixedClock
) -> None:
    dialog = LoginDialog(store_dir, executor=executor, clock=clock)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, "wrong-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "密码错误" in dialog.error.text(), timeout=10000)
    assert "还可尝试 4 次" in dialog.error.text()
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    with qtbot.waitSignal(dialog.unlocked, timeout=10000) as blocker:
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    store = blocker.args[0]
    try:
        assert store.actor.login == "admin"
    finally:
        store.close()
