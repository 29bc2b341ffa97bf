"""The investigator's first tab: this week's visits (today's highlighted) and the cases assigned to them, by deadline;
a double-click opens the case. A coordinator assigns and plans from the case detail."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Case, User
from app.db.models.assignments import CaseAssignment, ScheduledVisit
from app.db.store import OpenStore, unlock
from app.domain.clock import FixedClock
from app.domain.roles import Role
from app.services import assignments
from app.services.demo import DEMO_INVESTIGATOR_NAMES, DEMO_INVESTIGATORS, assign_demo_work
from tests.conftest import ADMIN_PASSWORD
from tests.ui.conftest import ROLE_PASSWORD, FakeMonotonic, log_in
from ui.main import AppController
from ui.panels.case_detail import CaseDetailPanel
from ui.panels.my_work import TODAY_BACKGROUND, MyWorkPanel
from ui.session import UserSession
from ui.tasks import Executor

RED = QColor("#b3261e")


@pytest.fixture
def handed_over(demo_dir: Path, clock: FixedClock) -> str:
    """The conftest demo store adds its role accounts after ``fill_demo``, so the demo's work went to the fictional
    investigators; hand it to the ``investigator`` account the way a coordinator would. Returns that account's id."""
    store = unlock(demo_dir, "admin", ADMIN_PASSWORD, clock=clock)
    try:
        with store.unit_of_work() as session:
            account = session.scalars(select(User).where(User.login == Role.INVESTIGATOR.value)).one()
            team = [
                (str(account.id), account.display_name),
                (DEMO_INVESTIGATORS[1], DEMO_INVESTIGATOR_NAMES[1]),
            ]
            coordinator = replace(store.actor, role=Role.COORDINATOR)
            assigned, planned = assign_demo_work(session, coordinator, clock=clock, team=team)
            assert assigned >= 4 and planned >= 2
            return str(account.id)
    finally:
        store.close()


def _rows(model: object, column: int) -> list[str]:
    from PySide6.QtGui import QStandardItemModel

    assert isinstance(model, QStandardItemModel)
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_investigator_sees_this_weeks_visits_and_cases_assigned_to_them(
    handed_over: str, qtbot: QtBot, controller: tuple[AppController, FakeMonotonic], clock: FixedClock
) -> None:
    ctl, _ = controller
    log_in(qtbot, ctl, Role.INVESTIGATOR.value, ROLE_PASSWORD)
    assert ctl.window.tabs.tabText(0) == "我的工作"
    panel = ctl.window.tabs.widget(0)
    assert isinstance(panel, MyWorkPanel)
    qtbot.waitUntil(lambda: panel.case_model.rowCount() > 0, timeout=10000)
    today = clock.today()
    monday, sunday = assignments.week_of(today)
    with ctl.user.store.reading() as session:  # type: ignore[union-attr]
        mine = session.scalars(
            select(CaseAssignment.case_id).where(
                CaseAssignment.user_id == handed_over, CaseAssignment.status == "ACTIVE"
            )
        ).all()
        plans = session.scalars(
            select(ScheduledVisit).where(ScheduledVisit.status == "PLANNED", ScheduledVisit.case_id.in_(mine))
        ).all()
        in_week = sorted(v.planned_on for v in plans if monday <= v.planned_on <= sunday)
        later = [v for v in plans if v.planned_on > sunday]
    assert panel.case_model.rowCount() == len(mine) and set(panel.case_ids) == {str(c) for c in mine}
    # Visits: this week's only (next Monday's is left out), in date order, today's highlighted.
    assert later and in_week and in_week[0] == today
    days = _rows(panel.visit_model, 0)
    assert [d[:10] for d in days] == [d.isoformat() for d in in_week]
    assert "（今天）" in days[0] and all("（今天）" not in d for d in days[1:])
    first = panel.visit_model.item(0, 2)
    assert first.background().color() == TODAY_BACKGROUND and first.font().bold()
    if len(days) > 1:
        assert panel.visit_model.item(1, 2).background().color() != TODAY_BACKGROUND
    assert all(m.startswith("*" * 14) for m in _rows(panel.visit_model, 3))
    # Cases: by due date of the next open deadline; overdue ones red, the others not.
    dues = [d for d in _rows(panel.case_model, 6) if d]
    assert dues == sorted(dues)
    colours = [panel.case_model.item(r, 0).foreground().color() for r in range(panel.case_model.rowCount())]
    overdue = [d < today.isoformat() for d in _rows(panel.case_model, 6)]
    assert any(overdue) and not all(overdue)
    assert all((c == RED) == late for c, late in zip(colours, overdue, strict=True))
    assert "已逾期" in panel.summary.text()


def test_double_click_opens_the_case(
    handed_over: str, qtbot: QtBot, controller: tuple[AppController, FakeMonotonic]
) -> None:
    del handed_over
    ctl, _ = controller
    log_in(qtbot, ctl, Role.INVESTIGATOR.value, ROLE_PASSWORD)
    panel = ctl.window.tabs.widget(0)
    assert isinstance(panel, MyWorkPanel)
    qtbot.waitUntil(lambda: panel.case_model.rowCount() > 0, timeout=10000)
    fixed = ctl.window.tabs.count()
    for table, ids in ((panel.case_table, panel.case_ids), (panel.visit_table, panel.visit_case_ids)):
        rect = table.visualRect(table.model().index(0, 2))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.waitUntil(lambda n=fixed: ctl.window.tabs.count() > n, timeout=5000)
        detail = ctl.window.tabs.widget(ctl.window.tabs.count() - 1)
        assert isinstance(detail, CaseDetailPanel) and detail.case_id == ids[0]
        qtbot.waitUntil(lambda d=detail: d.detail is not None, timeout=10000)
        fixed = ctl.window.tabs.count()
    ctl.db.wait_idle()


def test_a_late_answer_for_an_older_refresh_is_not_shown(
    handed_over: str, qtbot: QtBot, demo_dir: Path, clock: FixedClock
) -> None:
    del handed_over
    store = unlock(demo_dir, Role.INVESTIGATOR.value, ROLE_PASSWORD, clock=clock)
    executor = Executor(threads=1)
    user = UserSession(store, db=executor, clock=clock)
    try:
        panel = MyWorkPanel(user)
        qtbot.addWidget(panel)
        shown: list[int] = []
        panel.loaded.connect(lambda: shown.append(panel.case_model.rowCount()))
        panel.refresh()  # two refreshes in flight: only the newest answer reaches the tables
        qtbot.waitUntil(lambda: executor.wait_idle(100), timeout=10000)
        QApplication.processEvents()
        assert len(shown) == 1 and shown[0] > 0
    finally:
        executor.wait_idle()
        store.close()


@pytest.fixture
def coordinator(demo_dir: Path, clock: FixedClock) -> Iterator[UserSession]:
    store: OpenStore = unlock(demo_dir, Role.COORDINATOR.value, ROLE_PASSWORD, clock=clock)
    executor = Executor(threads=1)
    yield UserSession(store, db=executor, clock=clock)
    executor.wait_idle()
    store.close()


def test_coordinator_assigns_two_investigators_and_plans_a_visit_from_the_case_detail(
    qtbot: QtBot, coordinator: UserSession, clock: FixedClock
) -> None:
    with coordinator.store.reading() as session:
        # Investigated already (the demo assigns only cases still to visit): nobody is on it yet.
        case = session.scalars(select(Case).where(Case.state == "INVESTIGATED")).one()
        assert session.scalars(select(CaseAssignment).where(CaseAssignment.case_id == case.id)).all() == []
        case_id = str(case.id)
    panel = CaseDetailPanel(coordinator, case_id)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.detail is not None, timeout=10000)
    assert panel.findChild(QPushButton, "assignInvestigators") is not None
    dialog = panel.open_assign_dialog()
    from ui.dialogs.assign_dialog import AssignDialog

    assert isinstance(dialog, AssignDialog)
    qtbot.waitUntil(lambda: dialog.staffing is not None, timeout=10000)
    assert [c.login for c in dialog.staffing.candidates] == [Role.INVESTIGATOR.value]
    dialog.candidate.setCurrentIndex(0)
    with qtbot.waitSignal(dialog.loaded, timeout=10000):
        dialog.assign_button.click()
    assert [(r.user_name, r.role) for r in dialog.staffing.assignments] == [(Role.INVESTIGATOR.value, "LEAD")]
    assert dialog.people_model.rowCount() == 1
    # One investigator is not enough for a home visit: the service refuses and the dialog says why.
    dialog.time_slot.setText("上午")
    dialog.schedule_button.click()
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "errorBox") is not None, timeout=10000)
    box = dialog.findChild(QMessageBox, "errorBox")
    assert box is not None and "至少 2 名调查人员" in box.text()
    box.close()
    with coordinator.store.reading() as session:
        assert (
            session.scalars(
                select(ScheduledVisit).where(
                    ScheduledVisit.case_id == case.id, ScheduledVisit.status == "PLANNED"
                )
            ).all()
            == []
        )
    with coordinator.store.unit_of_work() as session:  # a second investigator (a colleague on another laptop)
        assignments.assign_staff(
            session,
            coordinator.actor,
            case_id,
            user_id=DEMO_INVESTIGATORS[1],
            user_name=DEMO_INVESTIGATOR_NAMES[1],
            clock=clock,
        )
    dialog.reload()
    qtbot.waitUntil(lambda: dialog.people_model.rowCount() > 0, timeout=10000)
    tomorrow = clock.today() + timedelta(days=1)
    dialog.planned_on.setDate(tomorrow)
    with qtbot.waitSignal(dialog.changed, timeout=10000):
        dialog.schedule_button.click()
    with coordinator.store.reading() as session:
        visit = session.scalars(
            select(ScheduledVisit).where(
                ScheduledVisit.case_id == case.id, ScheduledVisit.status == "PLANNED"
            )
        ).one()
        assert visit.planned_on == tomorrow and visit.time_slot == "上午"
        lead = session.scalars(
            select(CaseAssignment).where(CaseAssignment.case_id == case.id, CaseAssignment.status == "ACTIVE")
        ).all()
        assert {a.role for a in lead} == {"LEAD", "SECOND"}
