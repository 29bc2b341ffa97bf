"""A window clerk takes an application: accepted on the spot, or the one-time notice; bad IDs listed together."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Case, MissingMaterialItem
from app.db.store import unlock
from app.domain.clock import FixedClock
from app.domain.synthetic import synthetic_households
from app.services.intake import IntakeOutcome
from tests.ui.conftest import ROLE_PASSWORD
from ui.panels.intake_panel import IntakePanel
from ui.session import UserSession
from ui.tasks import Executor


@pytest.fixture
def clerk(demo_dir: Path, clock: FixedClock, qtbot: QtBot) -> Iterator[UserSession]:
    del qtbot
    store = unlock(demo_dir, "window_clerk", ROLE_PASSWORD, clock=clock)
    executor = Executor(threads=1)
    yield UserSession(store, db=executor, clock=clock)
    executor.wait_idle()
    store.close()


def _panel(qtbot: QtBot, clerk: UserSession) -> IntakePanel:
    panel = IntakePanel(clerk)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.village.count() > 0, timeout=10000)
    return panel


def _people(seed: int, clock: FixedClock) -> list[tuple[str, str]]:
    household = synthetic_households(seed, 1, today=clock.today())[0]
    return [(p.name, p.id_number) for p in household.members if p.id_number]


def test_window_application_is_accepted_on_the_spot(
    qtbot: QtBot, clerk: UserSession, clock: FixedClock
) -> None:
    panel = _panel(qtbot, clerk)
    for row, (name, number) in enumerate(_people(901, clock)[:3]):
        panel.set_member(row, name, number, "本人" if row == 0 else "子女")
    with qtbot.waitSignal(panel.application_taken, timeout=10000) as taken:
        qtbot.mouseClick(panel.submit, Qt.MouseButton.LeftButton)
    result = taken.args[0]
    assert result.outcome is IntakeOutcome.ACCEPTED
    assert "已当场受理" in panel.result.text()
    with clerk.store.reading() as session:
        case = session.get(Case, __import__("uuid").UUID(result.case_id))
        assert case is not None
        assert case.state == "ACCEPTED"
        assert case.accepted_on == clock.today()


def test_missing_materials_get_the_one_time_notice(
    qtbot: QtBot, clerk: UserSession, clock: FixedClock
) -> None:
    panel = _panel(qtbot, clerk)
    name, number = _people(902, clock)[0]
    panel.set_member(0, name, number)
    panel.missing.setPlainText("户口簿复印件\n\n残疾证\n")
    with qtbot.waitSignal(panel.application_taken, timeout=10000) as taken:
        panel.submit.click()
    assert taken.args[0].outcome is IntakeOutcome.MATERIALS_REQUESTED
    with clerk.store.reading() as session:
        items = session.scalars(
            select(MissingMaterialItem.description).where(
                MissingMaterialItem.case_id == __import__("uuid").UUID(taken.args[0].case_id)
            )
        ).all()
    assert sorted(items) == ["户口簿复印件", "残疾证"]


def test_bad_id_numbers_are_listed_together_and_nothing_is_saved(
    qtbot: QtBot, clerk: UserSession, clock: FixedClock
) -> None:
    panel = _panel(qtbot, clerk)
    name, number = _people(903, clock)[0]
    with clerk.store.reading() as session:
        before = len(session.scalars(select(Case.id)).all())
    panel.set_member(0, name, number[:-1] + ("0" if number[-1] != "0" else "1"))  # checksum broken
    panel.set_member(1, "测试子女", "3602031980")  # too short
    panel.submit.click()
    qtbot.waitUntil(lambda: panel.error.text() != "", timeout=10000)
    assert "第 1 位成员" in panel.error.text()
    assert "第 2 位成员" in panel.error.text()
    assert "校验码" in panel.error.text()
    with clerk.store.reading() as session:
        assert len(session.scalars(select(Case.id)).all()) == before
    assert panel.members.rowCount() == 2  # what was typed is still there to correct
