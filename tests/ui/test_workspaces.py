"""Log in as each role, find households, lock when idle: the desktop app as township staff meet it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTabWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Person
from app.db.store import OpenStore, unlock
from app.domain.clock import FixedClock
from app.domain.roles import Role
from tests.conftest import ADMIN_PASSWORD
from tests.ui.conftest import ROLE_PASSWORD, FakeMonotonic, log_in
from ui.main import AppController
from ui.models.case_table import CaseTableModel
from ui.panels.case_list import CaseListPanel
from ui.session import UserSession
from ui.tasks import Executor
from ui.workspaces import WORKSPACES


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_its_workspace(
    qtbot: QtBot, controller: tuple[AppController, FakeMonotonic], role: Role
) -> None:
    ctl, _ = controller
    login, password = ("admin", ADMIN_PASSWORD) if role is Role.ADMIN else (role.value, ROLE_PASSWORD)
    log_in(qtbot, ctl, login, password)
    tabs = ctl.window.findChild(QTabWidget, "workspaceTabs")
    assert tabs is not None
    assert [tabs.tabText(i) for i in range(tabs.count())] == [title for title, _ in WORKSPACES[role]]
    assert login in ctl.window.windowTitle()
    ctl.db.wait_idle()


def test_idle_lock_clears_views_and_disposes_the_engine(
    qtbot: QtBot, controller: tuple[AppController, FakeMonotonic]
) -> None:
    ctl, mono = controller
    log_in(qtbot, ctl, Role.INVESTIGATOR.value, ROLE_PASSWORD)
    store = ctl.user.store if ctl.user else None
    assert store is not None
    assert ctl.window.tabs.count() > 0
    mono.now += 299  # investigator timeout is 300 s (rule security.idle_lock_seconds)
    ctl.idle.check()
    assert ctl.user is not None
    mono.now += 2
    ctl.idle.check()
    assert ctl.user is None
    assert ctl.window.tabs.count() == 0
    assert not store.is_open  # engine disposed, key wiped
    assert ctl.window.user_label.text() == ""


def test_a_result_arriving_after_lock_is_dropped(qtbot: QtBot) -> None:
    executor = Executor(threads=1)
    seen: list[object] = []
    from threading import Event

    gate = Event()
    executor.submit(lambda: gate.wait(5) and "late", seen.append)
    executor.invalidate()  # the app locked while the query was running
    gate.set()
    executor.wait_idle()
    QApplication.processEvents()  # deliver the queued result signal, which must now be ignored
    assert seen == []
    executor.submit(lambda: "fresh", seen.append)
    qtbot.waitUntil(lambda: seen == ["fresh"], timeout=5000)  # control: results after the lock do arrive


@pytest.fixture
def user(demo_dir: Path, clock: FixedClock, qtbot: QtBot) -> Iterator[UserSession]:
    del qtbot
    store: OpenStore = unlock(demo_dir, "window_clerk", ROLE_PASSWORD, clock=clock)
    executor = Executor(threads=1)
    yield UserSession(store, db=executor, clock=clock)
    executor.wait_idle()
    store.close()


def test_search_finds_a_household_by_name_and_by_last_four_digits(qtbot: QtBot, user: UserSession) -> None:
    with user.store.reading() as session:
        person = session.scalars(select(Person).where(Person.is_head, Person.id_number != "")).first()
        assert person is not None
        name, last4 = person.name, person.id_number[-4:]
    panel = CaseListPanel(user)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=10000)
    everything = panel.model.rowCount()
    for text in (name, last4):
        panel.search.setText(text)
        with qtbot.waitSignal(panel.search_finished, timeout=10000):
            panel.run_search()
        assert 0 < panel.model.rowCount() < everything
        assert panel.model.row_data(0) is not None  # the first page comes with the ids, in the same trip
        shown = [panel.model.data(panel.model.index(r, 0)) for r in range(panel.model.rowCount())]
        masked = [panel.model.data(panel.model.index(r, 1)) for r in range(panel.model.rowCount())]
        if text == name:
            assert name in shown
        else:
            assert any(m.endswith(last4) for m in masked)
            assert all("*" in m for m in masked if m)  # never the full number in the list


def test_case_model_passes_qmodeltester(qtbot: QtBot, qtmodeltester: object, user: UserSession) -> None:
    panel = CaseListPanel(user)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=10000)
    assert panel.model.row_data(0) is not None  # rows of the first page arrive with the search
    qtmodeltester.check(panel.model)  # type: ignore[attr-defined]
    empty = CaseTableModel(lambda ids, deliver: deliver([]))
    qtmodeltester.check(empty)  # type: ignore[attr-defined]


def test_opening_a_case_shows_household_deadlines_and_timeline(
    qtbot: QtBot, controller: tuple[AppController, FakeMonotonic]
) -> None:
    ctl, _ = controller
    log_in(qtbot, ctl, Role.WINDOW_CLERK.value, ROLE_PASSWORD)
    panel = ctl.window.tabs.widget(0)
    assert isinstance(panel, CaseListPanel)
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=10000)
    fixed = ctl.window.tabs.count()
    panel.table.activated.emit(panel.model.index(0, 0))
    assert ctl.window.tabs.count() == fixed + 1
    detail = ctl.window.tabs.widget(fixed)
    from ui.panels.case_detail import CaseDetailPanel

    assert isinstance(detail, CaseDetailPanel)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=10000)
    assert [detail.tabs.tabText(i) for i in range(detail.tabs.count())] == [
        "家庭成员",
        "调查表单",
        "照片",
        "时限",
        "办理记录",
        "补正材料",
        "信息核对",
    ]
    assert detail.detail is not None
    assert detail.detail.members
    assert "*" in detail.detail.members[0].id_masked or not detail.detail.members[0].id_masked
    ctl.lock()
    assert ctl.window.tabs.count() == 0


def test_revealing_a_full_id_needs_the_password_again_and_is_audited(qtbot: QtBot, user: UserSession) -> None:
    from sqlalchemy import func

    from app.db.models import AuditEvent, Case
    from ui.panels.case_detail import CaseDetailPanel

    with user.store.reading() as session:
        case_id = str(session.scalars(select(Case.id)).first())
    panel = CaseDetailPanel(user, case_id)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.detail is not None, timeout=10000)
    assert panel.detail is not None
    member = panel.detail.members[0]
    full = ""
    with user.store.reading() as session:
        full = session.get(Person, __import__("uuid").UUID(member.person_id)).id_number  # type: ignore[union-attr]
    texts = [
        panel.members_table.model().index(r, 2).data() for r in range(panel.members_table.model().rowCount())
    ]
    assert full not in texts  # masked in the table

    def reveals() -> int:
        with user.store.reading() as session:
            return int(
                session.scalar(
                    select(func.count())
                    .select_from(AuditEvent)
                    .where(AuditEvent.action == "person.id_revealed")
                )
                or 0
            )

    panel.reveal(member.person_id, "wrong-password")
    qtbot.waitUntil(lambda: user.db.wait_idle(100), timeout=10000)
    assert panel.revealed == ""
    assert reveals() == 0
    panel.reveal(member.person_id, ROLE_PASSWORD)
    qtbot.waitUntil(lambda: panel.revealed == full, timeout=10000)
    assert reveals() == 1
    with user.store.reading() as session:
        details = session.scalars(
            select(AuditEvent.details_json).where(AuditEvent.action == "person.id_revealed")
        ).all()
    assert all(full not in d for d in details)


def test_a_damaged_store_turns_read_only_after_login(
    qtbot: QtBot, controller: tuple[AppController, FakeMonotonic]
) -> None:
    ctl, _ = controller
    db = ctl.store_dir / "dibao.db"
    data = bytearray(db.read_bytes())
    page = len(data) // 4096 - 2
    for i in range(3):
        data[4096 * page + 200 + i] ^= 0xFF
    db.write_bytes(bytes(data))
    log_in(qtbot, ctl, Role.WINDOW_CLERK.value, ROLE_PASSWORD)  # a data page: login itself never reads it
    assert ctl.user is not None
    qtbot.waitUntil(lambda: ctl.user is not None and bool(ctl.user.store.damage), timeout=10000)
    from app.domain.errors import StoreDamaged

    with pytest.raises(StoreDamaged), ctl.user.store.unit_of_work():
        pass


def test_case_detail_opens_a_new_home_investigation_and_autosaves_off_the_ui_thread(
    qtbot: QtBot, demo_dir: Path, clock: FixedClock, user: UserSession
) -> None:
    from app.db.models import Case
    from app.services import field_records
    from ui.forms.record_panel import FieldRecordPanel
    from ui.panels.case_detail import CaseDetailPanel
    from ui.panels.case_forms import CaseFormsPanel

    with user.store.reading() as session:
        case_id = str(session.scalars(select(Case.id).where(Case.state == "INVESTIGATING")).first())
    clerk_forms = CaseFormsPanel(user, case_id)
    qtbot.addWidget(clerk_forms)
    assert not clerk_forms.new_buttons["HOME_INVESTIGATION"].isEnabled()  # a clerk does not fill it
    user.db.wait_idle()
    store = unlock(demo_dir, "investigator", ROLE_PASSWORD, clock=clock)
    user = UserSession(store, db=user.db, clock=clock)
    detail = CaseDetailPanel(user, case_id)
    qtbot.addWidget(detail)
    qtbot.waitUntil(lambda: detail.detail is not None and detail.tabs.count() == 7, timeout=10000)
    forms = detail.tabs.widget(1)
    opened: list[object] = []
    detail.open_requested.connect(lambda title, panel: opened.append(panel))
    forms.new_buttons["HOME_INVESTIGATION"].click()  # type: ignore[attr-defined]
    assert len(opened) == 1
    panel = opened[0]
    assert isinstance(panel, FieldRecordPanel)
    qtbot.addWidget(panel)
    village = panel.renderer.editor("village").focus_targets()[0]
    qtbot.keyClicks(village, "Qingshi")
    qtbot.keyClick(village, Qt.Key.Key_Return)  # a finished field is autosaved
    panel.renderer.save_now()
    user.db.wait_idle()
    with user.store.reading() as session:
        drafts = field_records.list_records(session, case_id=case_id, form_code="HOME_INVESTIGATION")
    assert len(drafts) == 1
    assert not drafts[0].is_locked
    assert drafts[0].data.get("village") == "Qingshi"
    store.close()


def test_an_investigators_open_drafts_are_listed_on_their_workspace(
    qtbot: QtBot, demo_dir: Path, clock: FixedClock, user: UserSession
) -> None:
    from app.db.models import Case
    from app.services import field_records
    from ui.panels.case_forms import CaseFormsPanel

    store = unlock(demo_dir, "investigator", ROLE_PASSWORD, clock=clock)
    try:
        with store.unit_of_work() as session:
            case_id = str(session.scalars(select(Case.id).where(Case.state == "INVESTIGATING")).first())
            field_records.start_record(
                session,
                store.actor,
                form_code="HOME_INVESTIGATION",
                case_id=case_id,
                clock=clock,
                data={"village": "Qingshi"},
            )
        investigator = UserSession(store, db=user.db, clock=clock)
        drafts = CaseFormsPanel(investigator, None)
        qtbot.addWidget(drafts)
        qtbot.waitUntil(lambda: drafts.model.rowCount() == 1, timeout=10000)
        assert drafts.model.index(0, 2).data() == "草稿"
        assert not any(b.isVisible() for b in drafts.new_buttons.values())
        opened: list[object] = []
        drafts.open_requested.connect(lambda title, panel: opened.append(panel))
        drafts.table.activated.emit(drafts.model.index(0, 0))
        assert len(opened) == 1
        qtbot.addWidget(opened[0])  # type: ignore[arg-type]
    finally:
        user.db.wait_idle()
        store.close()
