"""The county reviewer's workspace: the overdue board by township and step with drill-down, warnings, spot checks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.db.store import unlock
from app.domain.clock import FixedClock
from tests.ui.conftest import ROLE_PASSWORD
from ui.panels.overdue_board_panel import OverdueBoardPanel
from ui.panels.spot_check_panel import SpotCheckPanel
from ui.panels.warnings_panels import WarningsPanel
from ui.session import UserSession
from ui.tasks import Executor


@pytest.fixture
def reviewer(demo_dir: Path, clock: FixedClock, qtbot: QtBot) -> Iterator[UserSession]:
    del qtbot
    store = unlock(demo_dir, "county_reviewer", ROLE_PASSWORD, clock=clock)
    executor = Executor(threads=1)
    yield UserSession(store, db=executor, clock=clock)
    executor.wait_idle()
    store.close()


def test_overdue_board_counts_per_township_and_step_and_drills_down(
    qtbot: QtBot, reviewer: UserSession
) -> None:
    panel = OverdueBoardPanel(reviewer)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=20000):
        pass
    assert panel.township_model.rowCount() >= 1
    assert panel.step_model.rowCount() >= 1
    overdue_total = sum(
        int(panel.township_model.index(r, 3).data()) for r in range(panel.township_model.rowCount())
    )
    assert overdue_total > 0  # the demo township has overdue clocks on 2026-09-18
    assert "已逾期" in panel.summary.text()
    assert panel.item_model.rowCount() > 0
    shown_ids = [panel.item_model.index(r, 2).data() for r in range(panel.item_model.rowCount())]
    assert all(not s or s.startswith("*") for s in shown_ids)
    with qtbot.waitSignal(panel.case_activated, timeout=5000) as opened:
        panel.items.activated.emit(panel.item_model.index(0, 0))
    assert opened.args[0]


def test_warnings_and_spot_check_panels_load(qtbot: QtBot, reviewer: UserSession) -> None:
    warnings = WarningsPanel(reviewer)
    qtbot.addWidget(warnings)
    with qtbot.waitSignal(warnings.loaded, timeout=20000):
        pass
    assert "共" in warnings.summary.text()
    spots = SpotCheckPanel(reviewer)
    qtbot.addWidget(spots)
    with qtbot.waitSignal(spots.loaded, timeout=20000):
        pass
    assert spots.model.columnCount() == 7
