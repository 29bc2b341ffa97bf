"""Administrator maintenance from the app: encrypted backup, store check, holiday-notice import."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.db.backup import MAGIC
from app.db.store import unlock
from app.domain.clock import FixedClock
from tests.conftest import ADMIN_PASSWORD
from tests.workflow.test_calendar import FICTIONAL_2027
from ui.panels.maintenance_panel import MaintenancePanel
from ui.session import UserSession
from ui.tasks import Executor


@pytest.fixture
def admin(demo_dir: Path, clock: FixedClock, qtbot: QtBot) -> Iterator[UserSession]:
    del qtbot
    store = unlock(demo_dir, "admin", ADMIN_PASSWORD, clock=clock)
    executor = Executor(threads=1)
    yield UserSession(store, db=executor, clock=clock)
    executor.wait_idle()
    store.close()


def test_backup_check_and_calendar_import(qtbot: QtBot, admin: UserSession, tmp_path: Path) -> None:
    panel = MaintenancePanel(admin)
    qtbot.addWidget(panel)
    target = tmp_path / "nightly.dibak"
    with qtbot.waitSignal(panel.finished, timeout=20000) as done:
        panel.backup_to(target)
    assert "已加密备份" in done.args[0]
    assert target.read_bytes().startswith(MAGIC)
    with qtbot.waitSignal(panel.finished, timeout=20000) as done:
        panel.run_check()
    assert "数据库检查通过" in done.args[0]
    notice = tmp_path / "2027.json"
    notice.write_text(json.dumps(FICTIONAL_2027, ensure_ascii=False), encoding="utf-8")
    with qtbot.waitSignal(panel.finished, timeout=20000) as done:
        panel.import_calendar(notice)
    assert "已导入 2027 年工作日历" in done.args[0]


def test_a_broken_notice_file_is_explained_and_changes_nothing(
    qtbot: QtBot, admin: UserSession, tmp_path: Path
) -> None:
    panel = MaintenancePanel(admin)
    qtbot.addWidget(panel)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with qtbot.waitSignal(panel.finished, timeout=20000) as done:
        panel.import_calendar(bad)
    assert "已导入" not in done.args[0]
    assert done.args[0]  # a Chinese explanation, not a traceback
    assert "Traceback" not in done.args[0]
