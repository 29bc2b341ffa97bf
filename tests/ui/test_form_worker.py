"""Photo saves and the two-investigator sign-off run on the database worker (``WorkerFormBackend``): the UI thread
never runs them, the form shows it is busy, a late result after a lock is dropped, and a failure is shown without
losing anything typed. Synthetic households and fictional staff only."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from app.db.store import OpenStore, unlock
from app.domain.clock import FixedClock
from app.services import field_records as fr
from forms.definitions import HOME_INVESTIGATION
from tests.forms.helpers import (
    PASSWORDS,
    CaseSetup,
    add_investigators,
    home_investigation_data,
    jpeg_bytes,
    make_case,
)
from ui.forms import FieldRecordPanel, SignaturePad, StoreFormBackend
from ui.forms.backend import WorkerFormBackend
from ui.forms.photo_editor import PhotoEditor
from ui.session import UserSession
from ui.tasks import Executor

HOME = "HOME_INVESTIGATION"
WAIT = 20000


@pytest.fixture
def case(store: OpenStore, clock: FixedClock) -> CaseSetup:
    setup = make_case(store, clock, size=3)
    return replace(setup, investigators=add_investigators(store, clock))


@pytest.fixture
def wang(store: OpenStore, clock: FixedClock, case: CaseSetup, qtbot: QtBot) -> Iterator[UserSession]:
    del qtbot, case
    opened = unlock(store.paths.root, "inv_wang", PASSWORDS["inv_wang"], clock=clock)
    executor = Executor(threads=1)
    yield UserSession(opened, db=executor, clock=clock)
    executor.wait_idle()
    opened.close()


class Threads:
    """Wraps backend calls to note which thread ran them."""

    def __init__(self) -> None:
        self.seen: dict[str, list[str]] = {}

    def wrap(self, name: str, fn: Any) -> Any:
        def wrapped(*args: Any, **kw: Any) -> Any:
            self.seen.setdefault(name, []).append(threading.current_thread().name)
            return fn(*args, **kw)

        return wrapped


def _photo(tmp_path: Path, n: int = 1) -> Path:
    path = tmp_path / f"IMG_{n:04}.jpg"
    path.write_bytes(jpeg_bytes((1200, 900), seed=n))
    return path


def _backend(wang: UserSession, case: CaseSetup) -> WorkerFormBackend:
    return WorkerFormBackend(wang, form_code=HOME, case_id=case.case_id)


def _gate(executor: Executor) -> threading.Event:
    """Holds the database worker until the event is set, so a queued job's result can be made late."""
    gate = threading.Event()
    executor.submit(lambda: gate.wait(10))
    return gate


def _draw(qtbot: QtBot, pad: SignaturePad) -> None:
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(20, 100))
    for x, y in ((60, 40), (110, 110), (170, 35), (240, 95)):
        qtbot.mouseMove(pad, QPoint(x, y))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(300, 80))


# ---------------------------------------------------------------------------------------------------- photos


def test_a_photo_is_saved_on_the_worker_while_the_form_stays_usable(
    qtbot: QtBot, wang: UserSession, case: CaseSetup, tmp_path: Path
) -> None:
    backend = _backend(wang, case)
    threads = Threads()
    backend.add_photo = threads.wrap("add_photo", backend.add_photo)  # type: ignore[method-assign]
    panel = FieldRecordPanel(
        HOME_INVESTIGATION, today=wang.clock.today(), backend=backend, finalize=backend.finalize
    )
    qtbot.addWidget(panel)
    editor = panel.renderer.editor("photos")
    assert isinstance(editor, PhotoEditor)
    gate = _gate(wang.db)  # the worker is busy: the UI thread must not wait for it
    assert editor.add_files([_photo(tmp_path)]) == []  # the result comes by signal
    assert editor.is_busy and not editor.add_button.isEnabled()
    village = panel.renderer.editor("village").focus_targets()[0]
    assert isinstance(village, QLineEdit)
    village.insert("桃源村")  # typing goes on meanwhile
    with qtbot.waitSignal(editor.photos_saved, timeout=WAIT) as saved:
        gate.set()
    assert saved.args is not None and len(saved.args[0]) == 1
    assert threads.seen["add_photo"] and threading.current_thread().name not in threads.seen["add_photo"]
    assert not editor.is_busy and editor.add_button.isEnabled()
    assert len(editor.tiles) == 1 and editor.tiles[0].has_image
    wang.db.wait_idle()
    with wang.store.reading() as session:
        stored = fr.get_record(session, backend.record_id or "")
    assert [p["attachment_id"] for p in stored.data["photos"]] == [editor.tiles[0].attachment_id]


def test_a_photo_result_that_arrives_after_the_lock_is_dropped(
    qtbot: QtBot, wang: UserSession, case: CaseSetup, tmp_path: Path
) -> None:
    backend = _backend(wang, case)
    panel = FieldRecordPanel(
        HOME_INVESTIGATION, today=wang.clock.today(), backend=backend, finalize=backend.finalize
    )
    qtbot.addWidget(panel)
    editor = panel.renderer.editor("photos")
    assert isinstance(editor, PhotoEditor)
    emitted: list[object] = []
    editor.photos_saved.connect(emitted.append)
    gate = _gate(wang.db)
    editor.add_files([_photo(tmp_path)])
    wang.db.invalidate()  # what the controller does on lock, before it clears the views
    gate.set()
    assert wang.db.wait_idle()
    qtbot.wait(50)  # let any queued result signal be delivered (it must be dropped)
    assert emitted == [] and editor.tiles == []


def test_a_failing_photo_save_shows_the_error_and_keeps_what_was_typed(
    qtbot: QtBot, wang: UserSession, case: CaseSetup, tmp_path: Path
) -> None:
    backend = _backend(wang, case)
    panel = FieldRecordPanel(
        HOME_INVESTIGATION, today=wang.clock.today(), backend=backend, finalize=backend.finalize
    )
    qtbot.addWidget(panel)
    editor = panel.renderer.editor("photos")
    assert isinstance(editor, PhotoEditor)
    with qtbot.waitSignal(editor.photos_saved, timeout=WAIT):
        editor.add_files([_photo(tmp_path, 1)])
    village = panel.renderer.editor("village").focus_targets()[0]
    assert isinstance(village, QLineEdit)
    village.insert("桃源村")
    editor.tiles[0].caption.setText("院门外景")

    def broken(*_: Any) -> Any:
        raise RuntimeError("disk gone")

    backend.add_photo = broken  # type: ignore[method-assign]
    with qtbot.waitSignal(editor.photos_saved, timeout=WAIT) as saved:
        editor.add_files([_photo(tmp_path, 2)])
    assert saved.args == [[]]
    assert "IMG_0002.jpg：未保存" in editor.error_text()
    box = editor.findChild(QMessageBox, "errorBox")
    assert box is not None and "意外错误" in box.text()
    assert village.text() == "桃源村" and len(editor.tiles) == 1
    assert editor.tiles[0].entry()["caption"] == "院门外景"
    assert editor.add_button.isEnabled()


# -------------------------------------------------------------------------------------------------- sign-off


def _ready_panel(
    qtbot: QtBot, wang: UserSession, case: CaseSetup, tmp_path: Path, threads: Threads | None = None
) -> tuple[FieldRecordPanel, WorkerFormBackend]:
    backend = _backend(wang, case)
    StoreFormBackend.save_draft(
        backend, home_investigation_data(case.household, visit_date=wang.clock.today())
    )
    StoreFormBackend.add_photo(backend, "photos", _photo(tmp_path), "EXTERIOR", "外景")
    with wang.store.reading() as session:
        data = fr.get_record(session, backend.record_id or "").data
    finalize = threads.wrap("finalize", backend.finalize) if threads else backend.finalize
    panel = FieldRecordPanel(
        HOME_INVESTIGATION, today=wang.clock.today(), backend=backend, finalize=finalize, data=data
    )
    qtbot.addWidget(panel)
    sign = panel.sign_off
    for n, login in enumerate(("inv_wang", "inv_li")):
        sign.logins[n].setText(login)
        sign.passwords[n].setText(PASSWORDS[login])
    assert sign.applicant is not None
    sign.applicant.name.insert(case.household.head.name)
    panel.resize(900, 700)
    panel.show()
    qtbot.waitExposed(panel)
    _draw(qtbot, sign.applicant.pad)
    return panel, backend


def test_the_sign_off_runs_on_the_worker_and_locks_the_record(
    qtbot: QtBot, wang: UserSession, case: CaseSetup, tmp_path: Path
) -> None:
    threads = Threads()
    panel, backend = _ready_panel(qtbot, wang, case, tmp_path, threads)
    sign = panel.sign_off
    gate = _gate(wang.db)
    assert sign.submit() is True  # sent; the result comes by signal
    assert sign.is_busy and not sign.button.isEnabled()
    assert all(p.text() == "" for p in sign.passwords)
    with qtbot.waitSignal(panel.finalized, timeout=WAIT) as finalized:
        gate.set()
    assert threads.seen["finalize"] and threading.current_thread().name not in threads.seen["finalize"]
    assert finalized.args is not None
    view = finalized.args[0]
    assert isinstance(view, fr.RecordView) and view.is_locked
    assert panel.renderer.read_only and not sign.button.isEnabled()
    with wang.store.reading() as session:
        assert fr.get_record(session, backend.record_id or "").status == "final"


def test_a_sign_off_result_after_the_lock_is_dropped(
    qtbot: QtBot, wang: UserSession, case: CaseSetup, tmp_path: Path
) -> None:
    panel, _ = _ready_panel(qtbot, wang, case, tmp_path)
    seen: list[object] = []
    panel.finalized.connect(seen.append)
    panel.sign_off.refused.connect(seen.append)
    gate = _gate(wang.db)
    panel.sign_off.submit()
    wang.db.invalidate()
    gate.set()
    assert wang.db.wait_idle()
    qtbot.wait(50)
    assert seen == [] and not panel.renderer.read_only


def test_a_failing_sign_off_shows_the_error_and_loses_nothing_typed(
    qtbot: QtBot, wang: UserSession, case: CaseSetup, tmp_path: Path
) -> None:
    panel, backend = _ready_panel(qtbot, wang, case, tmp_path)

    def broken(_: object) -> object:
        raise RuntimeError("database went away")

    panel._finalize = broken  # type: ignore[attr-defined]
    panel.sign_off._finalize = broken  # type: ignore[attr-defined]
    sign = panel.sign_off
    before = panel.renderer.data()
    with qtbot.waitSignal(sign.refused, timeout=WAIT) as refused:
        sign.submit()
    assert refused.args is not None and "意外错误" in refused.args[0]
    box = sign.findChild(QMessageBox, "errorBox")
    assert box is not None and "意外错误" in box.text()
    assert not sign.is_busy and sign.button.isEnabled() and not panel.renderer.read_only
    assert panel.renderer.data() == before
    assert [login.text() for login in sign.logins] == ["inv_wang", "inv_li"]
    assert sign.applicant is not None and sign.applicant.name.text() == case.household.head.name
    assert not sign.applicant.pad.is_empty()
    wang.db.wait_idle()
    with wang.store.reading() as session:
        stored = fr.get_record(session, backend.record_id or "")
    assert stored.status == "draft" and stored.data == before
