"""The clerk's 公示 prints (issues 5/8) and the 花名册 print, on the demo store: which sheets go on which board, the
printed PDF (names yes, ID numbers no), the audit of who printed what, leavers dropping off after half a year, a
人户分离 household at both places."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import AuditEvent, Case, CaseDecision, Household, Person
from app.db.store import unlock
from app.domain.clock import FixedClock
from app.services.payments import township_roster
from app.services.printing import SETTINGS_FILE
from app.services.supervision.publicity import UNRECORDED_PLACE, NoticeKind
from app.workflow.rules import YearMonth
from tests.reports.pdfcheck import flat
from tests.ui.conftest import ROLE_PASSWORD
from ui.panels.print_queue import PrintQueuePanel
from ui.panels.publicity_panel import PublicityPrintPanel
from ui.printing.case_actions import CasePrinting
from ui.printing.worker import pdf_pool
from ui.session import UserSession
from ui.tasks import Executor

FULL_ID = re.compile(r"\d{17}[\dXx]")


@pytest.fixture
def clerk(demo_dir: Path, clock: FixedClock, qtbot: QtBot) -> Iterator[UserSession]:
    del qtbot
    (demo_dir / SETTINGS_FILE).write_text(
        json.dumps({"township_phone": "0798-2620000", "county_hotline": "0798-12345"}), encoding="utf-8"
    )
    store = unlock(demo_dir, "window_clerk", ROLE_PASSWORD, clock=clock)
    executor = Executor(threads=1)
    yield UserSession(store, db=executor, clock=clock)
    executor.wait_idle()
    pdf_pool().waitForDone(30000)
    store.close()


def _panel(qtbot: QtBot, clerk: UserSession) -> PublicityPrintPanel:
    panel = PublicityPrintPanel(clerk)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=20000):
        pass
    return panel


def _reload(qtbot: QtBot, panel: PublicityPrintPanel) -> None:
    with qtbot.waitSignal(panel.loaded, timeout=20000):
        panel.refresh()


def _case(clerk: UserSession, state: str) -> str:
    with clerk.store.reading() as session:
        found = session.scalars(select(Case.id).where(Case.state == state)).first()
    assert found is not None
    return str(found)


def _rows(panel: PublicityPrintPanel, kind: NoticeKind) -> list[tuple[str, str]]:
    """(case id, board code) of every household on the panel's sheets of one notice."""
    return [(r.case_id, s.place_code) for s in panel.sheets if s.kind is kind for r in s.rows]


def test_the_clerk_sees_initial_result_and_leaver_sheets_per_board(qtbot: QtBot, clerk: UserSession) -> None:
    panel = _panel(qtbot, clerk)
    kinds = {s.kind for s in panel.sheets}
    assert kinds == set(NoticeKind)  # the demo has a case in publicity, approved ones and one that left
    publicizing, terminated = _case(clerk, "PUBLICIZING"), _case(clerk, "TERMINATED")
    assert publicizing in {c for c, _ in _rows(panel, NoticeKind.INITIAL)}
    assert terminated in {c for c, _ in _rows(panel, NoticeKind.LEAVER)}
    assert _case(clerk, "ACTIVE") in {c for c, _ in _rows(panel, NoticeKind.APPROVED)}
    # The demo's 人户分离 household in publicity has no registered village on file: its second sheet is the copy
    # for the registration place, so it is posted twice even so.
    boards = [code for c, code in _rows(panel, NoticeKind.INITIAL) if c == publicizing]
    assert len(boards) == 2 and UNRECORDED_PLACE in boards
    # Selecting a sheet lists its households; nothing on screen carries an ID number.
    panel.select(NoticeKind.LEAVER)
    assert panel.household_model.rowCount() == len(panel.selected_sheets()[0].rows) >= 1
    cells = [
        panel.household_model.index(r, c).data()
        for r in range(panel.household_model.rowCount())
        for c in range(panel.household_model.columnCount())
    ]
    assert not any(FULL_ID.search(str(v)) for v in cells)


def test_a_leaver_older_than_six_months_is_not_listed(qtbot: QtBot, clerk: UserSession) -> None:
    panel = _panel(qtbot, clerk)
    terminated = _case(clerk, "TERMINATED")
    assert terminated in {c for c, _ in _rows(panel, NoticeKind.LEAVER)}
    with clerk.store.unit_of_work() as session:  # approved 2025-09, left 2026-03-17: six months ran out 09-17
        case = session.get(Case, uuid.UUID(terminated))
        assert case is not None
        case.state_changed_on = date(2026, 3, 17)
        for decision in session.scalars(select(CaseDecision).where(CaseDecision.case_id == case.id)):
            decision.decided_on = date(2025, 9, 1)
    _reload(qtbot, panel)
    listed = {c for s in panel.sheets for r in s.rows for c in [r.case_id]}
    assert terminated not in listed
    with clerk.store.unit_of_work() as session:  # one day later it would still have been on the board
        case = session.get(Case, uuid.UUID(terminated))
        assert case is not None
        case.state_changed_on = date(2026, 3, 18)
    _reload(qtbot, panel)
    assert terminated in {c for c, _ in _rows(panel, NoticeKind.LEAVER)}


def test_a_renhu_fenli_household_is_listed_at_both_places(qtbot: QtBot, clerk: UserSession) -> None:
    publicizing = _case(clerk, "PUBLICIZING")
    with clerk.store.unit_of_work() as session:
        case = session.scalars(select(Case).where(Case.state == "PUBLICIZING")).one()
        household = session.get(Household, case.household_id)
        assert household is not None and household.is_renhu_fenli
        residence = household.area_code
        registered = next(
            c
            for c in session.scalars(select(Household.area_code).distinct())
            if c != residence and c.startswith(case.township_code)
        )
        household.hukou_division_code = registered
    panel = _panel(qtbot, clerk)
    boards = {code for c, code in _rows(panel, NoticeKind.INITIAL) if c == publicizing}
    assert boards == {residence, registered}
    roles = {r.place_role for s in panel.sheets for r in s.rows if r.case_id == publicizing}
    assert roles == {"户籍所在地", "实际居住地"}


def _first(args: list[Any] | None) -> Any:
    assert args is not None
    return args[0]


def _events(clerk: UserSession, action: str) -> list[AuditEvent]:
    with clerk.store.reading() as session:
        rows = list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))
        session.expunge_all()
    return rows


def _all_id_numbers(clerk: UserSession) -> list[str]:
    with clerk.store.reading() as session:
        return [n for n in session.scalars(select(Person.id_number)) if n]


def test_a_publicity_list_saved_as_pdf_names_heads_shows_no_id_and_is_audited(
    qtbot: QtBot, clerk: UserSession, tmp_path: Path
) -> None:
    panel = _panel(qtbot, clerk)
    panel.select(NoticeKind.APPROVED)
    chosen = panel.selected_sheets()
    assert chosen and all(s.kind is NoticeKind.APPROVED for s in chosen)
    panel.print_selected("pdf", tmp_path / "公示")
    printing = panel.findChild(CasePrinting)
    assert printing is not None
    with qtbot.waitSignal(printing.controller.saved, timeout=60000) as saved:
        pass
    pdf = Path(_first(saved.args)).read_bytes()
    text = flat(pdf)
    heads = {r.head_name for s in chosen for r in s.rows if not r.head_is_minor}
    assert heads and all(name in text for name in heads)
    assert "最低生活保障对象公示" in text and "0798-12345" in text
    assert not FULL_ID.search(text)
    assert not any(n in text for n in _all_id_numbers(clerk))
    # Audited: one export event per household on the list, marked as a publicity document with its scope.
    cases = {r.case_id for s in chosen for r in s.rows}
    qtbot.waitUntil(lambda: len(_events(clerk, "document.exported")) == len(cases), timeout=10000)
    events = _events(clerk, "document.exported")
    assert {e.entity_id for e in events} == cases
    assert all('"kind":"publicity"' in e.details_json and "APPROVED" in e.details_json for e in events)
    assert "已保存" in panel.message.text()


def test_sheets_of_two_notices_are_not_mixed_and_missing_hotlines_are_explained(
    qtbot: QtBot, clerk: UserSession, tmp_path: Path
) -> None:
    panel = _panel(qtbot, clerk)
    panel.print_selected("pdf", tmp_path / "none.pdf")
    assert "请先选中" in panel.message.text()
    panel.select(NoticeKind.APPROVED)
    approved = panel.selected_sheets()
    panel.select(NoticeKind.LEAVER)
    from PySide6.QtCore import QItemSelectionModel

    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    panel.sheet_table.selectionModel().select(
        panel.sheet_model.index(panel.sheets.index(approved[0]), 0), flags
    )
    panel.print_selected("pdf", tmp_path / "mixed.pdf")
    assert "同一类" in panel.message.text()
    # Without the hotlines in the print settings the notice is refused, and the clerk is told where they are set.
    (clerk.store.paths.root / SETTINGS_FILE).unlink()
    panel.select(NoticeKind.LEAVER)
    panel.print_selected("pdf", tmp_path / "leavers.pdf")
    qtbot.waitUntil(lambda: "print-settings.json" in panel.message.text(), timeout=20000)
    assert "监督举报电话" in panel.message.text()
    assert not (tmp_path / "leavers.pdf").exists()


def test_the_monthly_roster_prints_from_the_queue(qtbot: QtBot, clerk: UserSession, tmp_path: Path) -> None:
    panel = PrintQueuePanel(clerk)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=20000):
        pass
    qtbot.waitUntil(lambda: panel.roster_township.count() == 1, timeout=10000)
    from PySide6.QtCore import QDate

    panel.roster_month.setDate(QDate(2026, 9, 1))
    panel.print_roster("pdf", tmp_path / "花名册")
    printing = panel.findChild(CasePrinting)
    assert printing is not None
    with qtbot.waitSignal(printing.controller.saved, timeout=60000) as saved:
        pass
    text = flat(Path(_first(saved.args)).read_bytes())
    assert "最低生活保障金发放花名册" in text and "2026年9月" in text.replace("年09月", "年9月")
    with clerk.store.reading() as session:
        paid = township_roster(
            session,
            clerk.actor,
            township_code=str(panel.roster_township.currentData()),
            month=YearMonth(2026, 9),
            rules=clerk.rules,
        )
    heads = {r.head_name for r in paid.rows}
    assert heads and all(name in text for name in heads)
    assert not FULL_ID.search(text)
    cases = {r.case_id for r in paid.rows}
    qtbot.waitUntil(lambda: len(_events(clerk, "document.exported")) == len(cases), timeout=10000)
    events = _events(clerk, "document.exported")
    assert {e.entity_id for e in events} == cases
    assert all('"kind":"roster"' in e.details_json and "2026-09" in e.details_json for e in events)


def test_the_initial_notice_opens_in_the_print_preview(qtbot: QtBot, clerk: UserSession) -> None:
    panel = _panel(qtbot, clerk)
    panel.select(NoticeKind.INITIAL)
    panel.print_selected("preview")
    printing = panel.findChild(CasePrinting)
    assert printing is not None
    with qtbot.waitSignal(printing.controller.preview_ready, timeout=60000) as ready:
        pass
    assert "初审意见公示" in _first(ready.args).windowTitle()
    _first(ready.args).reject()
