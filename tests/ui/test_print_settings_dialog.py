"""数据维护 → 打印设置: the administrator edits print-settings.json from the app; the dialog starts from the file,
saves through the service on the database thread, keeps what was typed when refused, and replaces a malformed file
only after asking. Fictional numbers only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from app.db import audit
from app.db.store import unlock
from app.domain.clock import FixedClock
from app.services.printing import ACTION_SETTINGS_SAVED, SETTINGS_FILE, PrintSettings, load_print_settings
from tests.conftest import ADMIN_PASSWORD
from ui.dialogs.print_settings_dialog import PrintSettingsDialog
from ui.panels.maintenance_panel import MaintenancePanel
from ui.session import UserSession
from ui.tasks import Executor

WAIT = 20000


@pytest.fixture
def admin(store_dir: Path, clock: FixedClock, qtbot: QtBot) -> Iterator[UserSession]:
    del qtbot
    store = unlock(store_dir, "admin", ADMIN_PASSWORD, clock=clock)
    executor = Executor(threads=1)
    yield UserSession(store, db=executor, clock=clock)
    executor.wait_idle()
    store.close()


@pytest.fixture
def panel(qtbot: QtBot, admin: UserSession) -> MaintenancePanel:
    widget = MaintenancePanel(admin)
    qtbot.addWidget(widget)
    return widget


def _open(qtbot: QtBot, panel: MaintenancePanel) -> PrintSettingsDialog:
    with qtbot.waitSignal(panel.print_settings_opened, timeout=WAIT) as opened:
        panel.print_settings_button.click()
    assert opened.args is not None
    dialog = opened.args[0]
    assert isinstance(dialog, PrintSettingsDialog) and dialog.isVisible()
    assert not panel.is_busy
    return dialog


def _saved_events(admin: UserSession) -> int:
    with admin.store.reading() as session:
        return audit.count_events(session, ACTION_SETTINGS_SAVED)


def _error_text(qtbot: QtBot, dialog: PrintSettingsDialog) -> str:
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "errorBox") is not None, timeout=WAIT)
    box = dialog.findChild(QMessageBox, "errorBox")
    assert box is not None
    text = box.text()
    box.close()
    box.deleteLater()
    return text


def test_the_administrator_edits_the_settings_file_and_saves_it(
    qtbot: QtBot, panel: MaintenancePanel, admin: UserSession, tmp_path: Path
) -> None:
    path = panel.print_settings_path
    assert path == admin.store.paths.root / SETTINGS_FILE  # the file every print reads
    path.write_text(
        json.dumps(
            {"issuer": "浮梁县青岭镇人民政府", "county_hotline": "0798-1234567", "serial_low_count": 7}
        ),
        encoding="utf-8",
    )
    dialog = _open(qtbot, panel)
    assert dialog.issuer.text() == "浮梁县青岭镇人民政府"
    assert dialog.county_hotline.text() == "0798-1234567"
    assert dialog.serial_low_count.value() == 7
    assert dialog.township_phone.text() == "" and dialog.review_body.placeholderText() == "{县}人民政府"
    assert not dialog.malformed.isVisible()
    hints = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "{县}{乡镇}人民政府" in hints and "7–20 个字符" in hints and str(path) in hints

    dialog.township_phone.setText("0798-2620000")
    dialog.court.setText("浮梁县人民法院")
    dialog.choose_folder = lambda title, start: tmp_path
    dialog.font_button.click()
    assert dialog.font_dir.text() == str(tmp_path)
    with qtbot.waitSignal(panel.finished, timeout=WAIT) as done:
        dialog.ok.click()
    assert done.args is not None
    assert "打印设置已保存" in done.args[0]
    assert (
        "乡镇（街道）监督电话" in done.args[0] and "人民法院" in done.args[0] and "字体目录" in done.args[0]
    )
    assert "发文机关" not in done.args[0]  # unchanged
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    assert load_print_settings(path) == PrintSettings(
        issuer="浮梁县青岭镇人民政府",
        court="浮梁县人民法院",
        township_phone="0798-2620000",
        county_hotline="0798-1234567",
        font_dir=str(tmp_path),
        serial_low_count=7,
    )
    assert _saved_events(admin) == 1

    # Opened again: what was saved; saving without a change leaves the file and the audit alone.
    again = _open(qtbot, panel)
    assert again.township_phone.text() == "0798-2620000"
    with qtbot.waitSignal(panel.finished, timeout=WAIT) as done:
        again.ok.click()
    assert done.args is not None and "没有改动" in done.args[0]
    assert _saved_events(admin) == 1


def test_a_refusal_is_shown_over_the_dialog_which_keeps_what_was_typed(
    qtbot: QtBot, panel: MaintenancePanel, admin: UserSession
) -> None:
    dialog = _open(qtbot, panel)
    dialog.issuer.setText("浮梁县青岭镇人民政府（演示）")
    dialog.township_phone.setText("0798-0000000（演示）")
    dialog.county_hotline.setText("12345")
    dialog.ok.click()
    text = _error_text(qtbot, dialog)
    assert text.startswith("打印设置不能保存")
    assert "乡镇（街道）监督电话只能由数字" in text and "县级民政部门监督举报电话应为 7–20 个字符" in text
    assert dialog.isVisible() and dialog.ok.isEnabled()
    assert dialog.issuer.text() == "浮梁县青岭镇人民政府（演示）"
    assert dialog.township_phone.text() == "0798-0000000（演示）"
    assert dialog.county_hotline.text() == "12345"
    assert not panel.print_settings_path.exists() and _saved_events(admin) == 0

    dialog.township_phone.setText("0798-0000000")
    dialog.county_hotline.setText("0798-0000001")
    with qtbot.waitSignal(panel.finished, timeout=WAIT):
        dialog.ok.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    saved = load_print_settings(panel.print_settings_path)
    assert saved.township_phone == "0798-0000000" and saved.issuer == "浮梁县青岭镇人民政府（演示）"


def test_a_malformed_file_is_reported_opens_with_defaults_and_is_replaced_only_when_confirmed(
    qtbot: QtBot, panel: MaintenancePanel, admin: UserSession
) -> None:
    path = panel.print_settings_path
    path.write_text('{"issuer": "浮梁县青岭镇人民政府", "township_phone": ', encoding="utf-8")
    dialog = _open(qtbot, panel)
    assert "打印设置文件有误" in panel.status.text() and "无法读取" in panel.status.text()
    assert dialog.malformed.isVisible() and "无法读取" in dialog.malformed.text()
    assert dialog.issuer.text() == "" and dialog.serial_low_count.value() == PrintSettings().serial_low_count

    dialog.township_phone.setText("0798-2620000")
    asked: list[bool] = []
    dialog.confirm_replace = lambda: asked.append(False) or False
    dialog.ok.click()
    assert asked == [False] and dialog.isVisible() and dialog.ok.isEnabled()
    assert path.read_text(encoding="utf-8").endswith('"township_phone": ')  # never overwritten silently

    dialog.confirm_replace = lambda: asked.append(True) or True
    with qtbot.waitSignal(panel.finished, timeout=WAIT) as done:
        dialog.ok.click()
    assert done.args is not None and "打印设置已保存" in done.args[0]
    assert asked == [False, True]
    assert load_print_settings(path).township_phone == "0798-2620000"
    assert _saved_events(admin) == 1


def test_the_service_refuses_a_file_that_broke_after_the_dialog_opened(
    qtbot: QtBot, panel: MaintenancePanel
) -> None:
    dialog = _open(qtbot, panel)
    panel.print_settings_path.write_text("[]", encoding="utf-8")
    dialog.county_hotline.setText("0798-1234567")
    dialog.ok.click()
    text = _error_text(qtbot, dialog)
    assert "应为 JSON 对象" in text and "确认用新的打印设置替换" in text
    assert panel.print_settings_path.read_text(encoding="utf-8") == "[]"
    assert dialog.county_hotline.text() == "0798-1234567"
