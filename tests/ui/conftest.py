"""UI test fixtures: a demo store with one account per role, built once and copied per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.db.store import unlock
from app.domain.clock import FixedClock
from app.domain.roles import Role
from app.services import accounts
from app.services.demo import fill_demo
from tests.conftest import ADMIN_PASSWORD, CHEAP_KDF
from ui.idle import IdleWatcher
from ui.main import AppController

ROLE_PASSWORD = "role-pass-123"


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the demo store once; each test gets its own copy (copying is fine for a closed test store)."""
    from datetime import UTC, datetime

    from app.db.store import create_store

    clock = FixedClock(datetime(2026, 9, 18, 2, 0, tzinfo=UTC))
    root = tmp_path_factory.mktemp("demo") / "store"
    create_store(
        root,
        admin_login="admin",
        admin_password=ADMIN_PASSWORD,
        admin_name="管理员",
        clock=clock,
        kdf=CHEAP_KDF,
    )
    store = unlock(root, "admin", ADMIN_PASSWORD, clock=clock)
    try:
        for role in Role:
            if role is not Role.ADMIN:
                with store.unit_of_work() as session:
                    accounts.add_user(
                        store,
                        session,
                        login=role.value,
                        display_name=role.value,
                        role=role,
                        password=ROLE_PASSWORD,
                        clock=clock,
                        kdf=CHEAP_KDF,
                    )
        # After the accounts, so the demo assigns its cases and plans its visits to the store's own investigator.
        with store.unit_of_work() as session:
            fill_demo(session, store.actor, clock=clock, households=24)
    finally:
        store.close()
    return root


@pytest.fixture
def demo_dir(_demo_template: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "demo-store"
    shutil.copytree(_demo_template, target)
    return target


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def controller(
    qtbot: QtBot, demo_dir: Path, clock: FixedClock
) -> Iterator[tuple[AppController, FakeMonotonic]]:
    mono = FakeMonotonic()
    ctl = AppController(demo_dir, clock=clock, idle=IdleWatcher(monotonic=mono))
    qtbot.addWidget(ctl.window)
    yield ctl, mono
    ctl.db.wait_idle()
    if ctl.user is not None:
        ctl.user.store.close()
    if ctl.login_dialog is not None:
        ctl.login_dialog.close()


def log_in(qtbot: QtBot, ctl: AppController, login: str, password: str) -> None:
    dialog = ctl.ask_login()
    assert ctl.login_dialog is dialog
    ctl.login_dialog.login.setCurrentText(login)
    ctl.login_dialog.password.setText(password)
    ctl.login_dialog.ok.click()
    qtbot.waitUntil(lambda: ctl.user is not None, timeout=10000)
