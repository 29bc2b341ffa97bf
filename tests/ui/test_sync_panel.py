"""The coordinator's sync panel against a real county process over TLS with the county CA pinned."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sync.client import SyncSummary
from sync.conflicts import Choice
from tests.sync.conftest import (
    ServerPool,
    server_pool,  # noqa: F401  (the session-wide county processes)
)
from tests.sync.support import Laptop
from ui.panels.sync_panel import SyncPanel
from ui.session import UserSession
from ui.tasks import Executor


@pytest.fixture(scope="module")
def county() -> Iterator[ServerPool]:
    """This module's own county process (the sync tests' session pool keeps its own life cycle)."""
    pool = ServerPool()
    yield pool
    pool.close()


@pytest.fixture
def laptop(county: ServerPool, tmp_path: Path) -> Iterator[Laptop]:
    lap = Laptop(tmp_path / "laptop", county.get("sqlite", tls=True))
    yield lap
    lap.close()
    lap.store.close()


def test_sync_button_sends_pending_records_and_reports_in_chinese(qtbot: QtBot, laptop: Laptop) -> None:
    laptop.new_case()
    executor = Executor(threads=1)
    panel = SyncPanel(UserSession(laptop.store, db=executor, clock=laptop.clock))
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: "待发送的记录" in panel.status.text(), timeout=10000)
    assert panel.start_button.isEnabled()
    stages: list[str] = []
    panel._relay.progressed.connect(lambda p: stages.append(p.label))
    with qtbot.waitSignal(panel.sync_finished, timeout=60000) as done:
        panel.start_button.click()
    summary = done.args[0]
    assert isinstance(summary, SyncSummary), getattr(summary, "message", summary)
    assert summary.sent >= 3  # household, person, case
    assert "同步完成" in panel.result.text()
    assert "发送本机记录" in stages
    qtbot.waitUntil(lambda: "待发送的记录：0" in panel.status.text(), timeout=10000)
    executor.wait_idle()


def test_an_unenrolled_laptop_is_told_what_to_do(qtbot: QtBot, store_dir: Path, clock: object) -> None:
    from app.db.store import unlock
    from tests.conftest import ADMIN_PASSWORD

    store = unlock(store_dir, "admin", ADMIN_PASSWORD, clock=clock)  # type: ignore[arg-type]
    executor = Executor(threads=1)
    try:
        panel = SyncPanel(UserSession(store, db=executor, clock=clock))  # type: ignore[arg-type]
        qtbot.addWidget(panel)
        qtbot.waitUntil(lambda: "没有在县级登记" in panel.status.text(), timeout=10000)
        assert not panel.start_button.isEnabled()
    finally:
        executor.wait_idle()
        store.close()


def test_coordinator_resolves_a_conflict_from_the_queue(
    qtbot: QtBot, county: ServerPool, tmp_path: Path
) -> None:
    from dataclasses import replace

    from app.domain.roles import Role
    from ui.panels.conflicts_panel import ConflictsPanel

    server = county.get("sqlite", tls=True)
    made = [Laptop(tmp_path / f"l{n}", server) for n in range(3)]
    a, b, coord = made
    try:
        _, case = a.new_case()
        for lap in made:
            lap.sync()
        a.edit("case", case, monthly_amount_fen=50000)
        b.edit("case", case, monthly_amount_fen=61000)
        a.sync()
        assert b.sync().conflicts == 1
        coord.sync()
        coord.store.actor = replace(coord.store.actor, role=Role.COORDINATOR)
        executor = Executor(threads=1)
        panel = ConflictsPanel(UserSession(coord.store, db=executor, clock=coord.clock))
        qtbot.addWidget(panel)
        qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10000)
        row = [panel.model.index(0, c).data() for c in range(6)]
        assert row[1] == "monthly_amount_fen"
        assert "50000" in row[3]
        assert "61000" in row[4]
        panel.table.selectRow(0)
        panel.resolve_selected(Choice.INCOMING)
        qtbot.waitUntil(lambda: "下次同步" in panel.message.text(), timeout=10000)
        executor.wait_idle()
        coord.sync()
        a.sync()
        assert a.row("case", case)["monthly_amount_fen"] == 61000  # the choice reached the other laptop
    finally:
        for lap in made:
            lap.close()
            lap.store.close()
