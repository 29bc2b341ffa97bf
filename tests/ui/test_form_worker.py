"""Photo saves, thumbnails, signature fields and the two-investigator sign-off run on the database worker
(``WorkerFormBackend``): the UI thread never runs them, the form shows it is busy, a late result after a lock (or for
a closed form) is dropped, and a failure is shown without losing anything typed. A draft saved while a photo, a
removal or a signature is still on the worker never loses it, even when the store locks before the result is back.
Synthetic households and fictional staff only."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Attachment
from app.db.store import OpenStore, unlock
from app.domain.clock import FixedClock
from app.services import field_records as fr
from app.services.photos import KIND_PHOTO
from forms.definitions import ASSESSMENT, HOME_INVESTIGATION
from tests.forms.helpers import (
    PASSWORDS,
    CaseSetup,
    add_investigators,
    home_investigation_data,
    jpeg_bytes,
    make_case,
    png_signature,
)
from ui.forms import FieldRecordPanel, FormRenderer, SignaturePad, StoreFormBackend
from ui.forms.backend import WorkerFormBackend
from ui.forms.photo_editor import PhotoEditor
from ui.forms.signature_editor import SignatureDialog, SignatureEditor
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


# ------------------------------------------------------------------------------------------------ thumbnails


def _reopened(
    qtbot: QtBot,
    wang: UserSession,
    case: CaseSetup,
    tmp_path: Path,
    threads: Threads | None = None,
    photos: int = 5,
    *,
    owned_by_test: bool = True,
) -> tuple[FieldRecordPanel, WorkerFormBackend, PhotoEditor]:
    """A draft with ``photos`` stored photos, reopened in a new form on the worker backend (as after a restart)."""
    stored = _backend(wang, case)
    StoreFormBackend.save_draft(stored, {"village": "桃源村"})
    for n in range(photos):
        StoreFormBackend.add_photo(stored, "photos", _photo(tmp_path, n + 1), "EXTERIOR", f"外景{n + 1}")
    with wang.store.reading() as session:
        data = fr.get_record(session, stored.record_id or "").data
    backend = WorkerFormBackend(wang, form_code=HOME, case_id=case.case_id, record_id=stored.record_id)
    if threads is not None:
        backend.photo_bytes = threads.wrap("photo_bytes", backend.photo_bytes)  # type: ignore[method-assign]
    panel = FieldRecordPanel(
        HOME_INVESTIGATION, today=wang.clock.today(), backend=backend, finalize=backend.finalize, data=data
    )
    if owned_by_test:
        qtbot.addWidget(panel)
    editor = panel.renderer.editor("photos")
    assert isinstance(editor, PhotoEditor)
    return panel, backend, editor


def test_thumbnails_of_a_reopened_record_are_read_on_the_worker_while_the_form_answers(
    qtbot: QtBot, wang: UserSession, case: CaseSetup, tmp_path: Path
) -> None:
    threads = Threads()
    panel, _, editor = _reopened(qtbot, wang, case, tmp_path, threads)
    gate = _gate(wang.db)  # the worker is busy: opening the form must not wait for it
    panel.show()
    qtbot.waitUntil(lambda: editor.thumbnails_pending, timeout=WAIT)
    assert len(editor.tiles) == 5 and not any(t.has_image for t in editor.tiles)
    assert all(t.picture.text() == "（加载中）" for t in editor.tiles)  # each tile says it is loading
    village = panel.renderer.editor("village").focus_targets()[0]
    assert isinstance(village, QLineEdit)
    village.insert("一组")  # typing goes on meanwhile
    with qtbot.waitSignal(editor.thumbnails_loaded, timeout=WAIT):
        gate.set()
    assert all(t.has_image for t in editor.tiles)
    assert [t.entry()["caption"] for t in editor.tiles] == [f"外景{n}" for n in range(1, 6)]
    assert len(threads.seen["photo_bytes"]) == 5  # each photo read once, a few per trip
    assert threading.current_thread().name not in threads.seen["photo_bytes"]
    assert village.text() == "桃源村一组"


def test_thumbnails_that_arrive_after_the_lock_or_after_the_form_closed_are_dropped(
    qtbot: QtBot, wang: UserSession, case: CaseSetup, tmp_path: Path
) -> None:
    panel, _, editor = _reopened(
        qtbot, wang, case, tmp_path, photos=1
    )  # held: qtbot keeps weak references only
    loaded: list[object] = []
    editor.thumbnails_loaded.connect(lambda: loaded.append(True))
    gate = _gate(wang.db)
    editor.load_thumbnails()
    assert editor.thumbnails_pending
    wang.db.invalidate()  # what the controller does on lock
    gate.set()
    assert wang.db.wait_idle()
    qtbot.wait(50)
    assert loaded == [] and not editor.tiles[0].has_image
    assert editor.window() is panel

    # A form closed while its thumbnails are read: the result finds no widget and is dropped without an error.
    other, _, closing = _reopened(qtbot, wang, case, tmp_path, photos=1, owned_by_test=False)
    gate = _gate(wang.db)
    closing.load_thumbnails()
    other.close()
    other.deleteLater()
    qtbot.wait(20)
    gate.set()
    assert wang.db.wait_idle()
    qtbot.wait(50)


def test_a_failing_thumbnail_read_shows_the_error_once_and_keeps_what_was_typed(
    qtbot: QtBot, wang: UserSession, case: CaseSetup, tmp_path: Path
) -> None:
    panel, backend, editor = _reopened(qtbot, wang, case, tmp_path, photos=2)

    def broken(_: str) -> bytes:
        raise RuntimeError("key slot unreadable")

    backend.photo_bytes = broken  # type: ignore[method-assign]
    village = panel.renderer.editor("village").focus_targets()[0]
    assert isinstance(village, QLineEdit)
    village.insert("一组")
    with qtbot.waitSignal(editor.thumbnails_loaded, timeout=WAIT):
        panel.show()
    assert all(t.no_preview and t.picture.text() == "（无预览）" for t in editor.tiles)
    boxes = editor.findChildren(QMessageBox, "errorBox")
    assert len(boxes) == 1 and "意外错误" in boxes[0].text()
    assert village.text() == "桃源村一组" and len(editor.tiles) == 2


# --------------------------------------------------------------------------------------------- signature field


def _assessment(
    qtbot: QtBot, wang: UserSession, case: CaseSetup, threads: Threads | None = None
) -> tuple[FormRenderer, WorkerFormBackend, SignatureEditor]:
    backend = WorkerFormBackend(wang, form_code="ASSESSMENT", case_id=case.case_id)
    if threads is not None:
        backend.sign_field = threads.wrap("sign_field", backend.sign_field)  # type: ignore[method-assign]
    renderer = FormRenderer(ASSESSMENT, today=wang.clock.today(), backend=backend, autosave_ms=60_000)
    qtbot.addWidget(renderer)
    editor = renderer.editor("assessor_signature")
    assert isinstance(editor, SignatureEditor)
    editor.request_signature = lambda: ("王评估", png_signature())  # type: ignore[method-assign]
    return renderer, backend, editor


def _remarks(renderer: FormRenderer) -> Any:
    return renderer.editor("remarks").focus_targets()[0]


def test_a_signature_is_stored_on_the_worker_while_the_form_stays_usable(
    qtbot: QtBot, wang: UserSession, case: CaseSetup
) -> None:
    threads = Threads()
    renderer, backend, editor = _assessment(qtbot, wang, case, threads)
    gate = _gate(wang.db)
    editor.button.click()
    assert editor.is_busy and not editor.button.isEnabled()
    assert editor.status.text() == "正在保存签名，可以继续填写其他项目…"
    assert renderer.busy_fields() == ["评估人签名"]
    _remarks(renderer).insertPlainText("收入核实无误")  # typing goes on meanwhile
    with qtbot.waitSignal(editor.signed, timeout=WAIT) as signed:
        gate.set()
    assert threads.seen["sign_field"] and threading.current_thread().name not in threads.seen["sign_field"]
    assert signed.args is not None and signed.args[0]["signer_name"] == "王评估"
    assert not editor.is_busy and editor.button.isEnabled() and editor.button.text() == "重新签名…"
    assert editor.status.text().startswith("已签名：王评估")
    assert _remarks(renderer).toPlainText() == "收入核实无误"
    wang.db.wait_idle()
    with wang.store.reading() as session:
        stored = fr.get_record(session, backend.record_id or "")
    assert stored.data["assessor_signature"]["attachment_id"] == signed.args[0]["attachment_id"]


def test_a_signature_result_after_the_lock_is_dropped(
    qtbot: QtBot, wang: UserSession, case: CaseSetup
) -> None:
    renderer, _, editor = _assessment(qtbot, wang, case)  # held: qtbot keeps weak references only
    seen: list[object] = []
    editor.signed.connect(seen.append)
    editor.sign_failed.connect(seen.append)
    gate = _gate(wang.db)
    editor.button.click()
    wang.db.invalidate()
    gate.set()
    assert wang.db.wait_idle()
    qtbot.wait(50)
    assert seen == [] and editor.value() is None
    assert renderer.busy_fields() == ["评估人签名"]  # nothing reached the form (the lock clears the views)


def test_a_failing_signature_shows_the_error_keeps_the_form_and_the_signer_name(
    qtbot: QtBot, wang: UserSession, case: CaseSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    renderer, backend, editor = _assessment(qtbot, wang, case)
    _remarks(renderer).insertPlainText("收入核实无误")

    def broken(*_: Any) -> Any:
        raise RuntimeError("disk gone")

    backend.sign_field = broken  # type: ignore[method-assign]
    asked: list[str] = []

    def sign_in_dialog(dialog: SignatureDialog) -> int:
        asked.append(dialog.name.text())
        if len(asked) > 1:
            return QDialog.DialogCode.Rejected.value
        dialog.name.setText("王评估")
        dialog.pad.add_stroke([(20, 100), (80, 40), (140, 110)])
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(SignatureDialog, "exec", sign_in_dialog)
    editor.request_signature = editor._ask  # type: ignore[method-assign]  (the real dialog, answered above)
    with qtbot.waitSignal(editor.sign_failed, timeout=WAIT) as failed:
        editor.button.click()
    assert failed.args is not None and "意外错误" in failed.args[0]
    assert "意外错误" in editor.error_text()
    box = editor.findChild(QMessageBox, "errorBox")
    assert box is not None and "意外错误" in box.text()
    assert not editor.is_busy and editor.button.isEnabled() and editor.value() is None
    assert _remarks(renderer).toPlainText() == "收入核实无误"
    editor.button.click()  # the next dialog starts with the name already typed
    assert asked == ["", "王评估"]


# ---------------------------------------------------------------------------- a draft saved while work is queued


def _village(panel: FieldRecordPanel) -> QLineEdit:
    village = panel.renderer.editor("village").focus_targets()[0]
    assert isinstance(village, QLineEdit)
    return village


def _commit_typing(panel: FieldRecordPanel, text: str) -> None:
    """Typing that completes a field: the renderer queues a draft save of what is on screen."""
    village = _village(panel)
    village.insert(text)
    village.editingFinished.emit()
    assert not panel.renderer.is_dirty  # the save was handed to the backend


def test_a_draft_queued_behind_a_photo_save_keeps_the_photo_when_the_store_locks_in_between(
    qtbot: QtBot, wang: UserSession, case: CaseSetup, tmp_path: Path
) -> None:
    backend = _backend(wang, case)
    panel = FieldRecordPanel(
        HOME_INVESTIGATION, today=wang.clock.today(), backend=backend, finalize=backend.finalize
    )
    qtbot.addWidget(panel)
    editor = panel.renderer.editor("photos")
    assert isinstance(editor, PhotoEditor)
    gate = _gate(wang.db)
    editor.add_files([_photo(tmp_path)])  # queued: store the photo and name it in the draft
    _commit_typing(panel, "桃源村")  # queued behind it: a draft of what is on screen, without the photo
    wang.db.invalidate()  # the store locks before the photo's result reaches the form
    gate.set()
    assert wang.db.wait_idle()
    qtbot.wait(50)
    assert editor.tiles == []  # the result was dropped: the form never heard of the photo
    with wang.store.reading() as session:
        stored = fr.get_record(session, backend.record_id or "")
        photo_ids = [
            str(a) for a in session.scalars(select(Attachment.id).where(Attachment.kind == KIND_PHOTO))
        ]
    assert stored.data["village"] == "桃源村"  # what was typed is saved
    assert len(photo_ids) == 1
    assert [p["attachment_id"] for p in stored.data["photos"]] == photo_ids  # and the stored photo is named


def test_a_draft_queued_behind_a_removal_does_not_bring_the_photo_back_or_fail(
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
        editor.add_files([_photo(tmp_path, 1), _photo(tmp_path, 2)])
    kept, gone = (t.attachment_id for t in editor.tiles)
    gate = _gate(wang.db)
    editor.tiles[1].remove.click()  # queued: take the photo out of the draft and delete it
    _commit_typing(panel, "桃源村")  # queued behind it: a draft that still shows the photo
    wang.db.invalidate()
    gate.set()
    assert wang.db.wait_idle()
    qtbot.wait(50)
    assert editor.findChild(QMessageBox, "errorBox") is None
    with wang.store.reading() as session:
        stored = fr.get_record(session, backend.record_id or "")
        assert session.get(Attachment, uuid.UUID(gone)) is None
    assert stored.data["village"] == "桃源村"
    assert [p["attachment_id"] for p in stored.data["photos"]] == [kept]


def test_a_draft_queued_behind_a_signature_keeps_the_signature_when_the_store_locks_in_between(
    qtbot: QtBot, wang: UserSession, case: CaseSetup
) -> None:
    renderer, backend, editor = _assessment(qtbot, wang, case)
    gate = _gate(wang.db)
    editor.button.click()
    remarks = _remarks(renderer)
    remarks.insertPlainText("收入核实无误")
    renderer.save_now()
    wang.db.invalidate()
    gate.set()
    assert wang.db.wait_idle()
    qtbot.wait(50)
    assert editor.value() is None
    with wang.store.reading() as session:
        stored = fr.get_record(session, backend.record_id or "")
    assert stored.data["remarks"] == "收入核实无误"
    assert stored.data["assessor_signature"]["signer_name"] == "王评估"


def test_the_form_keeps_the_lead_once_the_photo_result_arrives(
    qtbot: QtBot, wang: UserSession, case: CaseSetup, tmp_path: Path
) -> None:
    """After the result, the form's own drafts decide again: a caption typed on the tile is saved, not overwritten."""
    backend = _backend(wang, case)
    panel = FieldRecordPanel(
        HOME_INVESTIGATION, today=wang.clock.today(), backend=backend, finalize=backend.finalize
    )
    qtbot.addWidget(panel)
    editor = panel.renderer.editor("photos")
    assert isinstance(editor, PhotoEditor)
    gate = _gate(wang.db)
    editor.add_files([_photo(tmp_path)])
    _commit_typing(panel, "桃源村")
    with qtbot.waitSignal(editor.photos_saved, timeout=WAIT):
        gate.set()
    editor.tiles[0].caption.setText("院门外景")
    editor.tiles[0].caption.editingFinished.emit()
    wang.db.wait_idle()
    with wang.store.reading() as session:
        stored = fr.get_record(session, backend.record_id or "")
    assert [(p["attachment_id"], p["caption"]) for p in stored.data["photos"]] == [
        (editor.tiles[0].attachment_id, "院门外景")
    ]
    assert stored.data["village"] == "桃源村"


def test_the_sign_off_waits_while_a_photo_is_being_saved(
    qtbot: QtBot, wang: UserSession, case: CaseSetup, tmp_path: Path
) -> None:
    panel, backend = _ready_panel(qtbot, wang, case, tmp_path)
    editor = panel.renderer.editor("photos")
    assert isinstance(editor, PhotoEditor)
    gate = _gate(wang.db)
    editor.add_files([_photo(tmp_path, 2)])
    sign = panel.sign_off
    assert sign.submit() is False  # refused at once, nothing sent
    assert "还在保存" in sign.message.text() and "照片" in sign.message.text()
    assert not sign.is_busy and sign.button.isEnabled()
    with qtbot.waitSignal(editor.photos_saved, timeout=WAIT):
        gate.set()
    wang.db.wait_idle()
    with wang.store.reading() as session:
        assert fr.get_record(session, backend.record_id or "").status == "draft"
