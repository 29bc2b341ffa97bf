"""Administrator reference data and restore from the 数据维护 panel: divisions, 保障标准, restore with the password
typed again. Synthetic data only (fictional area codes 3699xx)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.db import audit
from app.db.backup import backup
from app.db.models import Division, RefDataset
from app.db.store import OpenStore, unlock
from app.domain.clock import FixedClock
from app.domain.errors import RuleMissing
from app.services import accounts, reference
from app.workflow.rules import AreaType, standard
from tests.conftest import ADMIN_PASSWORD, CHEAP_KDF
from tests.ui.conftest import log_in
from ui.dialogs.restore_dialog import RestoreDialog
from ui.main import AppController
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


def _run(qtbot: QtBot, panel: MaintenancePanel, start: Any) -> str:
    with qtbot.waitSignal(panel.finished, timeout=WAIT) as done:
        start()
    assert not panel.is_busy
    assert done.args is not None
    text = str(done.args[0])
    assert "Traceback" not in text
    return text


def _write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


DIVISIONS = {
    "source": "测试用虚构区划",
    "divisions": [
        {"code": "369900", "name": "测试市", "level": "city", "parent": None},
        {"code": "369901", "name": "测试区", "level": "county", "parent": "369900"},
        {
            "code": "369901100",
            "name": "测试镇",
            "level": "township",
            "parent": "369901",
            "area_type": "RURAL",
        },
    ],
}


def _events(store: OpenStore, action: str) -> int:
    with store.reading() as session:
        return audit.count_events(session, action)


# ------------------------------------------------------------------------------------------------- divisions


def test_divisions_import_from_a_good_file_is_applied_and_audited(
    qtbot: QtBot, panel: MaintenancePanel, admin: UserSession, tmp_path: Path
) -> None:
    path = _write(tmp_path / "divisions.json", DIVISIONS)
    chosen: list[str] = []

    def choose(title: str, name_filter: str) -> Path:
        chosen.append(name_filter)
        return path

    panel.choose_file = choose
    text = _run(qtbot, panel, panel.divisions_button.click)
    assert "已导入行政区划 3 条" in text and chosen and "*.json" in chosen[0]
    with admin.store.reading() as session:
        town = session.get(Division, "369901100")
        assert town is not None and town.name == "测试镇" and town.parent_code == "369901"
        assert audit.count_events(session, "reference.divisions_imported") == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            {
                "divisions": [
                    {"code": "369900", "name": "测试市", "level": "city", "parent": None},
                    {"code": "36990A", "name": "", "level": "county", "parent": "369900"},
                    {"code": "369902", "name": "测试县", "level": "hamlet", "parent": "369999"},
                ]
            },
            [
                "第 2 行：代码“36990A”应为数字",
                "第 2 行：缺少名称",
                "第 3 行：级别应为",
                "第 3 行：上级代码 369999",
            ],
        ),
        ("{not json", ["区划文件格式不对"]),
        (b"\xff\xfe\x00bad", ["不是 UTF-8 编码"]),
    ],
    ids=["bad-rows", "not-json", "not-utf8"],
)
def test_a_bad_divisions_file_is_explained_row_by_row_and_nothing_is_applied(
    qtbot: QtBot,
    panel: MaintenancePanel,
    admin: UserSession,
    tmp_path: Path,
    content: object,
    expected: list[str],
) -> None:
    path = tmp_path / "divisions.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        _write(path, content)
    text = _run(qtbot, panel, lambda: panel.import_divisions(path))
    assert text.startswith("未导入：")
    for needle in expected:
        assert needle in text
    with admin.store.reading() as session:
        assert session.get(Division, "369900") is None  # not even the good first row
        assert audit.count_events(session, "reference.divisions_imported") == 0


def test_a_missing_file_is_explained(qtbot: QtBot, panel: MaintenancePanel, tmp_path: Path) -> None:
    text = _run(qtbot, panel, lambda: panel.import_divisions(tmp_path / "gone.json"))
    assert "无法读取文件 gone.json" in text


# ------------------------------------------------------------------------------------------------- standards


def _standard(key: str, value: Any, start: str, **extra: Any) -> dict[str, Any]:
    return {
        "key": key,
        "value": value,
        "unit": "YUAN_PER_PERSON_MONTH",
        "effective_from": start,
        "effective_to": None,
        "source": "测试文件〔2027〕1号（虚构）",
        **extra,
    }


def test_standards_import_takes_effect_is_held_in_the_store_and_audited(
    qtbot: QtBot, panel: MaintenancePanel, admin: UserSession, tmp_path: Path
) -> None:
    on = date(2027, 3, 1)
    with pytest.raises(RuleMissing):
        standard(admin.rules, "369901", AreaType.URBAN, on)
    bundled = admin.rules.versions("standard.360202.URBAN")[0]
    path = _write(
        tmp_path / "standards.json",
        {
            "rules": [
                _standard("standard.369901.URBAN", "1000.00", "2027-01-01"),
                _standard("standard.369901.RURAL", "800.50", "2027-01-01"),
                # the same key and start date as a bundled demo row: the imported one replaces it
                _standard("standard.360202.URBAN", "861.00", bundled.effective_from.isoformat()),
            ]
        },
    )
    panel.choose_file = lambda title, name_filter: path
    text = _run(qtbot, panel, panel.standards_button.click)
    assert "已导入保障标准 3 条" in text and "其中 1 条替换了内置" in text
    assert standard(admin.rules, "369901", AreaType.URBAN, on) == Decimal("1000.00")
    assert standard(admin.rules, "360202", AreaType.URBAN, bundled.effective_from) == Decimal("861.00")
    with admin.store.reading() as session:
        held = {r.version: r.value for r in reference.imported_standards(session)}
        assert held == {
            "standard.369901.URBAN@2027-01-01": "1000.00",
            "standard.369901.RURAL@2027-01-01": "800.50",
            f"standard.360202.URBAN@{bundled.effective_from.isoformat()}": "861.00",
        }
        assert audit.count_events(session, "reference.standards_imported") == 1

    # A later file adds to what is held; a row with the same key and start date is replaced, not duplicated.
    later = _write(
        tmp_path / "standards-2028.json",
        {"rules": [_standard("standard.369901.URBAN", "1050.00", "2028-01-01")]},
    )
    text = _run(qtbot, panel, lambda: panel.import_standards(later))
    assert "本机共有导入的标准 4 条" in text
    assert standard(admin.rules, "369901", AreaType.URBAN, date(2028, 2, 1)) == Decimal("1050.00")
    assert standard(admin.rules, "369901", AreaType.URBAN, on) == Decimal("1000.00")


def test_a_bad_standards_file_is_explained_row_by_row_and_nothing_is_applied(
    qtbot: QtBot, panel: MaintenancePanel, admin: UserSession, tmp_path: Path
) -> None:
    before = admin.rules
    path = _write(
        tmp_path / "standards.json",
        {
            "rules": [
                _standard("standard.369901.URBAN", "1000.00", "2027-01-01"),  # fine on its own
                _standard("standard.369901.URBAN", "1000.00", "2027-01-01"),
                {**_standard("standard.369901.RURAL", "800", "2027-01-01"), "unit": "YUAN_PER_PERSON_YEAR"},
                _standard("standard.369901.RURAL", "-5", "2027/01/01"),
                {**_standard("edge.factor", "1.5", "2027-01-01")},
                {**_standard("standard.369901.URBAN", "9.999", "2029-01-01"), "source": ""},
            ]
        },
    )
    text = _run(qtbot, panel, lambda: panel.import_standards(path))
    assert text.startswith("未导入：") and "未导入任何一行" in text
    for needle in (
        "第 2 行：standard.369901.URBAN 在 2027-01-01 生效的标准重复",
        "第 3 行：单位应为 YUAN_PER_PERSON_MONTH",
        "第 4 行：标准“-5”应为正数",
        "第 4 行：生效日期“2027/01/01”应写成 YYYY-MM-DD",
        "第 5 行：“edge.factor”不是保障标准",
        "第 6 行：标准“9.999”应为正数，最多两位小数",
        "第 6 行：缺少依据",
    ):
        assert needle in text
    assert admin.rules is before
    with admin.store.reading() as session:
        assert session.get(RefDataset, reference.LOCAL_STANDARDS) is None
        assert audit.count_events(session, "reference.standards_imported") == 0

    not_json = tmp_path / "broken.json"
    not_json.write_text('{"rules": [', encoding="utf-8")
    assert "标准文件格式不对" in _run(qtbot, panel, lambda: panel.import_standards(not_json))


# --------------------------------------------------------------------------------------------------- restore


def _backup(admin: UserSession, tmp_path: Path) -> Path:
    return backup(admin.store, tmp_path / "backup.dibak", created_at=admin.clock.now()).path


def _add_division_after_backup(admin: UserSession) -> None:
    with admin.store.unit_of_work() as session:
        reference.import_divisions(session, admin.actor, json.dumps(DIVISIONS), clock=admin.clock)


def test_restore_with_a_wrong_password_is_refused_and_changes_nothing(
    qtbot: QtBot, panel: MaintenancePanel, admin: UserSession, tmp_path: Path
) -> None:
    path = _backup(admin, tmp_path)
    _add_division_after_backup(admin)
    locks: list[bool] = []
    panel.lock_requested.connect(lambda: locks.append(True))
    text = _run(qtbot, panel, lambda: panel.restore_from(path, "not-the-password"))
    assert text.startswith("未恢复，本机数据库没有改变：") and "密码错误" in text
    assert locks == [] and admin.store.is_open
    with admin.store.reading() as session:
        assert session.get(Division, "369900") is not None  # the work after the backup is still here
    assert [p.name for p in tmp_path.iterdir() if "restoring" in p.name or "before-restore" in p.name] == []


def test_restore_needs_the_current_password_not_only_the_one_that_opens_the_backup(
    qtbot: QtBot, panel: MaintenancePanel, admin: UserSession, tmp_path: Path
) -> None:
    path = _backup(admin, tmp_path)
    with admin.store.unit_of_work() as session:
        accounts.change_password(
            admin.store,
            session,
            old_password=ADMIN_PASSWORD,
            new_password="admin-pass-2",
            clock=admin.clock,
            kdf=CHEAP_KDF,
        )
    _add_division_after_backup(admin)
    text = _run(qtbot, panel, lambda: panel.restore_from(path, ADMIN_PASSWORD))  # opens the backup, not today
    assert "未恢复" in text and "密码错误" in text and admin.store.is_open
    with admin.store.reading() as session:
        assert session.get(Division, "369900") is not None


def test_restore_of_a_file_that_is_not_a_backup_is_explained(
    qtbot: QtBot, panel: MaintenancePanel, admin: UserSession, tmp_path: Path
) -> None:
    fake = tmp_path / "copy.dibak"
    fake.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    text = _run(qtbot, panel, lambda: panel.restore_from(fake, ADMIN_PASSWORD))
    assert "未恢复" in text and "不是低保入户通的备份文件" in text
    assert admin.store.is_open


def test_restore_with_the_right_password_replaces_the_store_and_requests_a_lock(
    qtbot: QtBot, panel: MaintenancePanel, admin: UserSession, tmp_path: Path, clock: FixedClock
) -> None:
    root = admin.store.paths.root
    path = _backup(admin, tmp_path)
    _add_division_after_backup(admin)
    worker: list[str] = []
    main = threading.current_thread().name
    original = admin.store.close

    def close_and_note() -> None:
        worker.append(threading.current_thread().name)
        original()

    admin.store.close = close_and_note  # type: ignore[method-assign]
    with qtbot.waitSignal(panel.lock_requested, timeout=WAIT):
        panel.restore_from(path, ADMIN_PASSWORD)
    assert "已从备份恢复数据库" in panel.status.text() and not panel.is_busy
    assert worker and worker[0] != main  # the restore ran on the database worker
    assert not admin.store.is_open
    kept = [p for p in root.parent.iterdir() if p.name.startswith(f"{root.name}.before-restore-")]
    assert len(kept) == 1 and str(kept[0]) in panel.status.text()

    restored = unlock(root, "admin", ADMIN_PASSWORD, clock=clock)
    try:
        with restored.reading() as session:
            assert session.get(Division, "369900") is None  # the store is the backup's
            assert audit.count_events(session, "store.restored") == 1
            assert audit.verify_chain(session).ok
    finally:
        restored.close()
    previous = unlock(kept[0], "admin", ADMIN_PASSWORD, clock=clock)
    try:
        with previous.reading() as session:
            assert session.get(Division, "369900") is not None  # nothing typed after the backup is deleted
    finally:
        previous.close()


def test_restore_button_asks_for_the_file_then_the_password_and_cancel_does_nothing(
    qtbot: QtBot, panel: MaintenancePanel, admin: UserSession, tmp_path: Path
) -> None:
    path = _backup(admin, tmp_path)
    asked: list[Path] = []
    panel.choose_file = lambda title, name_filter: path

    def cancel(chosen: Path) -> str | None:
        asked.append(chosen)
        return None

    panel.ask_restore_password = cancel
    panel.restore_button.click()
    assert asked == [path] and not panel.is_busy and admin.store.is_open


def test_restore_dialog_warns_and_needs_the_password(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = RestoreDialog(tmp_path / "backup.dibak", "admin")
    qtbot.addWidget(dialog)
    label = dialog.findChild(QLabel, "restoreWarning")
    assert label is not None
    assert "backup.dibak" in label.text() and "替换" in label.text() and "重新登录" in label.text()
    assert not dialog.ok.isEnabled()
    dialog.password.setText(ADMIN_PASSWORD)
    assert dialog.ok.isEnabled()


@pytest.fixture
def controller(qtbot: QtBot, store_dir: Path, clock: FixedClock) -> Iterator[AppController]:
    ctl = AppController(store_dir, clock=clock)
    qtbot.addWidget(ctl.window)
    yield ctl
    ctl.db.wait_idle()
    if ctl.user is not None:
        ctl.user.store.close()
    if ctl.login_dialog is not None:
        ctl.login_dialog.close()


def test_after_a_restore_the_app_locks_and_asks_for_a_login(
    qtbot: QtBot, controller: AppController, tmp_path: Path
) -> None:
    ctl = controller
    log_in(qtbot, ctl, "admin", ADMIN_PASSWORD)
    assert ctl.user is not None
    panel = ctl.window.findChild(MaintenancePanel)
    assert isinstance(panel, MaintenancePanel)
    path = backup(ctl.user.store, tmp_path / "before.dibak", created_at=ctl.clock.now()).path
    login_before = ctl.login_dialog
    panel.restore_from(path, ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: ctl.user is None, timeout=WAIT)
    assert ctl.login_dialog is not None and ctl.login_dialog is not login_before
    log_in(qtbot, ctl, "admin", ADMIN_PASSWORD)  # the restored store opens with the same account
    assert ctl.user is not None and ctl.user.store.is_open


def test_imported_standards_still_apply_after_the_next_login(
    qtbot: QtBot, controller: AppController, tmp_path: Path
) -> None:
    ctl = controller
    log_in(qtbot, ctl, "admin", ADMIN_PASSWORD)
    assert ctl.user is not None
    panel = ctl.window.findChild(MaintenancePanel)
    assert isinstance(panel, MaintenancePanel)
    path = _write(
        tmp_path / "standards.json", {"rules": [_standard("standard.369901.URBAN", "1000.00", "2027-01-01")]}
    )
    _run(qtbot, panel, lambda: panel.import_standards(path))
    ctl.lock()
    qtbot.waitUntil(lambda: ctl.user is None, timeout=WAIT)
    log_in(qtbot, ctl, "admin", ADMIN_PASSWORD)
    assert ctl.user is not None
    assert standard(ctl.user.rules, "369901", AreaType.URBAN, date(2027, 3, 1)) == Decimal("1000.00")
