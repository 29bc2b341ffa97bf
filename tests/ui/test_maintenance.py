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


def test_admin_adds_and_disables_an_account_from_the_app(qtbot: QtBot, admin: UserSession) -> None:
    from app.domain.errors import UnknownUser
    from ui.panels.users_panel import UsersPanel

    panel = UsersPanel(admin)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=10000)
    qtbot.keyClicks(panel.login, "liuxia")
    panel.name.insert("刘霞")
    panel.role.setCurrentIndex(panel.role.findData("investigator"))
    qtbot.keyClicks(panel.password, "short")
    qtbot.keyClicks(panel.confirm, "short")
    panel.add_button.click()
    qtbot.waitUntil(lambda: "8" in panel.message.text(), timeout=10000)  # 密码至少需要 8 个字符
    qtbot.keyClicks(panel.password, "field-visit-1")
    qtbot.keyClicks(panel.confirm, "field-visit-1")
    panel.add_button.click()
    qtbot.waitUntil(lambda: "已新增账号 liuxia" in panel.message.text(), timeout=20000)
    qtbot.waitUntil(
        lambda: any(panel.model.index(r, 0).data() == "liuxia" for r in range(panel.model.rowCount())),
        timeout=10000,
    )
    unlock(admin.store.paths.root, "liuxia", "field-visit-1", clock=admin.clock).close()
    panel.disable("liuxia")
    qtbot.waitUntil(lambda: "已停用账号 liuxia" in panel.message.text(), timeout=10000)
    with pytest.raises(UnknownUser):
        unlock(admin.store.paths.root, "liuxia", "field-visit-1", clock=admin.clock)
