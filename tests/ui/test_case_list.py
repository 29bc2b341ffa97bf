"""The case list: a search brings its first page along; later pages load when the view reaches them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.db.store import OpenStore, unlock
from app.domain.clock import FixedClock
from app.services.case_search import CaseRow
from app.workflow.states import CaseState
from tests.ui.conftest import ROLE_PASSWORD
from ui.models import case_table
from ui.models.case_table import PAGE, CaseTableModel
from ui.panels import case_list
from ui.panels.case_list import CaseListPanel
from ui.session import UserSession
from ui.tasks import Executor

Deliver = Callable[[list[CaseRow]], None]


def _row(case_id: str) -> CaseRow:
    return CaseRow(
        id=case_id,
        state=CaseState.ACCEPTED,
        data_check=None,
        state_label="已受理",
        township_code="360222900",
        area_code="360222900001",
        head_name=f"户主{case_id}",
        head_id_masked="**************1234",
        near_relative=False,
        next_deadline=None,
        overdue=False,
    )


class FakeFetcher:
    """Records what the model asks for; the test decides when (and whether) rows arrive."""

    def __init__(self) -> None:
        self.asked: list[tuple[list[str], Deliver]] = []

    def __call__(self, ids: Sequence[str], deliver: Deliver) -> None:
        self.asked.append((list(ids), deliver))


IDS = tuple(f"{i:032x}" for i in range(2 * PAGE + 50))


def test_rows_given_with_the_ids_are_shown_without_another_trip(qtbot: QtBot) -> None:
    fetch = FakeFetcher()
    model = CaseTableModel(fetch)
    with qtbot.waitSignal(model.rows_loaded, timeout=1000):
        model.set_ids(IDS, [_row(i) for i in IDS[:PAGE]])
    assert model.rowCount() == len(IDS)
    assert [model.data(model.index(r, 0)) for r in (0, PAGE - 1)] == [f"户主{IDS[0]}", f"户主{IDS[PAGE - 1]}"]
    assert fetch.asked == []


def test_a_later_page_is_fetched_once_when_the_view_reaches_it(qtbot: QtBot) -> None:
    fetch = FakeFetcher()
    model = CaseTableModel(fetch)
    model.set_ids(IDS, [_row(i) for i in IDS[:PAGE]])
    assert model.data(model.index(PAGE + 5, 0)) == "…"
    assert model.data(model.index(PAGE + 6, 1)) == "…"  # same page: asked for once
    assert [ids for ids, _ in fetch.asked] == [list(IDS[PAGE : 2 * PAGE])]
    _, deliver = fetch.asked[0]
    with qtbot.waitSignal(model.dataChanged, timeout=1000), qtbot.waitSignal(model.rows_loaded, timeout=1000):
        deliver([_row(i) for i in IDS[PAGE : 2 * PAGE]])
    assert model.data(model.index(PAGE + 5, 0)) == f"户主{IDS[PAGE + 5]}"


def test_a_page_that_arrives_after_a_new_search_is_dropped(qtbot: QtBot) -> None:
    fetch = FakeFetcher()
    model = CaseTableModel(fetch)
    model.set_ids(IDS)
    model.data(model.index(0, 0))
    ((_, late),) = fetch.asked
    newer = tuple(f"{i:032x}" for i in range(1000, 1010))
    model.set_ids(newer, [_row(i) for i in newer])
    with qtbot.assertNotEmitted(model.rows_loaded):
        late([_row(i) for i in IDS[:PAGE]])
    assert model.data(model.index(0, 0)) == f"户主{newer[0]}"


def test_the_model_with_a_prefetched_page_passes_qmodeltester(qtmodeltester: object) -> None:
    model = CaseTableModel(lambda ids, deliver: deliver([_row(i) for i in ids]))
    model.set_ids(IDS, [_row(i) for i in IDS[:PAGE]])
    qtmodeltester.check(model)  # type: ignore[attr-defined]


@pytest.fixture
def user(demo_dir: Path, clock: FixedClock, qtbot: QtBot) -> Iterator[UserSession]:
    del qtbot
    store: OpenStore = unlock(demo_dir, "window_clerk", ROLE_PASSWORD, clock=clock)
    executor = Executor(threads=1)
    yield UserSession(store, db=executor, clock=clock)
    executor.wait_idle()
    store.close()


def test_a_search_shows_its_first_page_at_once_and_loads_later_pages_from_the_store(
    qtbot: QtBot, user: UserSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        case_table, "PAGE", 5
    )  # the demo has a few dozen cases: small pages make a second one
    monkeypatch.setattr(case_list, "PAGE", 5)
    panel = CaseListPanel(user)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.model.rowCount() > 10, timeout=10000)
    model = panel.model
    assert all(model.row_data(r) is not None for r in range(5))
    assert model.row_data(5) is None
    with qtbot.waitSignal(model.rows_loaded, timeout=10000):
        assert model.data(model.index(7, 0)) == "…"
    loaded = [model.row_data(r) for r in range(5, 10)]
    assert all(r is not None and r.id == model.case_id(5 + i) for i, r in enumerate(loaded))
    shown_ids = [str(model.data(model.index(r, 1))) for r in range(10)]
    assert all("*" in t or t == "（无证件号）" for t in shown_ids)  # masked, never the full number
