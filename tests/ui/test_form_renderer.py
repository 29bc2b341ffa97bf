"""The generic form renderer, driven from the keyboard as an investigator would on a visit (pytest-qt, offscreen).

Chinese text arrives from the input method as committed text (``insert``); everything else is typed with key clicks
and Enter moves from field to field, so these tests also check the tab order of the form.
"""

from __future__ import annotations

import io
import os
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db import audit
from app.db.models import NearRelativeFiling, OutboxEntry
from app.db.store import OpenStore
from app.domain.clock import FixedClock
from app.services import field_records as fr
from forms.definitions import HOME_INVESTIGATION, NEIGHBOUR_INTERVIEW
from tests.forms.helpers import (
    PASSWORDS,
    CaseSetup,
    add_investigators,
    home_investigation_data,
    jpeg_bytes,
    make_case,
)
from tests.support.scanner import scan
from ui.forms import CallbackBackend, FieldRecordPanel, FormRenderer, SignaturePad, StoreFormBackend
from ui.forms.editors import KeyboardNavigator

HOME = "HOME_INVESTIGATION"


@pytest.fixture
def case(store: OpenStore, clock: FixedClock) -> CaseSetup:
    setup = make_case(store, clock, size=3)
    return replace(setup, investigators=add_investigators(store, clock))


def _activate(qtbot: QtBot, widget: QWidget) -> None:
    widget.resize(1000, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=5000)


class Keyboard:
    """Types into whatever has the focus, after checking it is the field the form order says comes next."""

    def __init__(self, qtbot: QtBot, renderer: FormRenderer) -> None:
        self.qtbot = qtbot
        self.renderer = renderer

    def focused(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None
        return widget

    def at(self, *path: str | int) -> None:
        expected = self.renderer.editor(*path).focus_targets()[0]
        actual = self.focused()
        assert actual is expected, f"focus should be on {path}, is on {actual!r} ({actual.accessibleName()})"

    def enter(self) -> None:
        self.qtbot.keyClick(self.focused(), Qt.Key.Key_Return)

    def type(self, *path: str | int, text: str) -> None:
        self.at(*path)
        widget = self.focused()
        if text.isascii():
            self.qtbot.keyClicks(widget, text)
        elif isinstance(widget, QLineEdit):
            widget.insert(text)
        else:
            assert isinstance(widget, QPlainTextEdit)
            widget.insertPlainText(text)
        if isinstance(widget, QPlainTextEdit):
            self.qtbot.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        else:
            self.enter()

    def choose(self, *path: str | int, number: int) -> None:
        self.at(*path)
        self.qtbot.keyClicks(self.focused(), str(number))
        self.enter()

    def skip(self, *path: str | int) -> None:
        self.at(*path)
        widget = self.focused()
        if isinstance(widget, QPlainTextEdit):
            self.qtbot.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        else:
            self.enter()

    def ticks(self, *path: str | int, tick: frozenset[int] = frozenset()) -> None:
        self.at(*path)
        boxes = self.renderer.editor(*path).focus_targets()
        for n, box in enumerate(boxes):
            assert self.focused() is box
            if n in tick:
                self.qtbot.keyClick(box, Qt.Key.Key_Space)
                assert isinstance(box, QCheckBox) and box.isChecked()
            self.enter()


def _draw(qtbot: QtBot, pad: SignaturePad) -> None:
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(20, 100))
    for x, y in ((60, 40), (110, 110), (170, 35), (240, 95)):
        qtbot.mouseMove(pad, QPoint(x, y))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(300, 80))
    assert not pad.is_empty()


def _member(kb: Keyboard, n: int, person: Any) -> None:
    relation = {"本人": 1, "配偶": 2, "子女": 3, "父母": 4}[person.relation]
    kb.type("members", n, "name", text=person.name)
    kb.choose("members", n, "id_type", number=1)
    kb.type("members", n, "id_number", text=person.id_number)
    kb.skip("members", n, "id_pending_reason")
    kb.choose("members", n, "relation", number=relation)
    kb.choose("members", n, "coresident", number=1)
    kb.skip("members", n, "exclusion_reason")
    kb.choose("members", n, "health", number=1 if n else 3)  # the applicant is seriously ill
    kb.choose("members", n, "disability_kind", number=1)
    kb.skip("members", n, "disability_grade")
    kb.choose("members", n, "labour_capacity", number=1)
    kb.choose("members", n, "employment", number=8)  # 务农
    kb.skip("members", n, "school_stage")
    kb.skip("members", n, "education")


def _photo_files(folder: Path) -> list[Path]:
    folder.mkdir()
    paths = []
    for n in (1, 2):
        path = folder / f"IMG_000{n}.jpg"
        path.write_bytes(jpeg_bytes((3200, 2400), seed=n, marker=f"UI-T19-MARKER-{n}"))
        paths.append(path)
    return paths


def test_keyboard_fill_two_photos_two_investigators_and_applicant_finalise(
    qtbot: QtBot, store: OpenStore, clock: FixedClock, case: CaseSetup, tmp_path: Path
) -> None:
    wang = case.investigators["inv_wang"]
    backend = StoreFormBackend(store, wang, form_code=HOME, case_id=case.case_id, clock=clock)
    panel = FieldRecordPanel(
        HOME_INVESTIGATION, today=clock.today(), backend=backend, finalize=backend.finalize
    )
    qtbot.addWidget(panel)
    _activate(qtbot, panel)
    renderer = panel.renderer
    kb = Keyboard(qtbot, renderer)
    renderer.focus_first()

    kb.type("village", text="桃源村")
    kb.choose("area_type", number=2)
    kb.type("visit_date", text="2026/9/18")
    kb.type("visit_time", text="10:30")
    kb.choose("method", number=1)
    kb.skip("remote_reason")
    kb.type("interviewee_name", text=case.household.head.name)
    kb.choose("interviewee_relation", number=1)
    members = case.household.members
    for n, person in enumerate(members):
        _member(kb, n, person)
        kb.at("members", n, "special_status")
        if n < len(members) - 1:
            qtbot.keyClick(kb.focused(), *KeyboardNavigator.ADD_ROW)  # a new row takes the focus
        else:
            kb.ticks("members", n, "special_status")
    kb.choose("housing_type", number=2)
    kb.type("housing_area", text="85.5")
    kb.skip("decoration")
    kb.skip("housing_owner")
    kb.skip("durable_goods")
    kb.skip("vehicles")
    kb.type("utilities", text="120")
    kb.skip("telecom")
    kb.skip("property_fee")
    kb.type("medical", text="1,200")
    kb.skip("education_cost")
    kb.skip("supporters_situation")
    kb.ticks("hardship_causes", tick=frozenset({1}))
    kb.type("findings", text="户主重病，家中靠务农维持生活。")
    kb.choose("conclusion", number=1)
    kb.skip("address_seen")

    # Photos: pick the category, Tab to the add button, press Space; the file dialog is replaced by two files.
    photo_editor = renderer.editor("photos")
    files = iter(_photo_files(tmp_path / "camera"))
    photo_editor.choose_files = lambda: [next(files)]  # type: ignore[method-assign]
    for category in (1, 2):  # 外景, 室内
        assert kb.focused() is photo_editor.new_category
        qtbot.keyClicks(kb.focused(), str(category))
        qtbot.keyClick(kb.focused(), Qt.Key.Key_Tab)
        qtbot.keyClick(kb.focused(), Qt.Key.Key_Space)
        photo_editor.new_category.setFocus()
    assert [t.entry()["category"] for t in photo_editor.tiles] == ["EXTERIOR", "INTERIOR"]
    assert all(not t.picture.pixmap().isNull() for t in photo_editor.tiles)  # thumbnails, made in memory

    assert renderer.validate() == ()
    data = renderer.data()
    assert [m["id_number"] for m in data["members"]] == [p.id_number for p in members]
    assert (
        data["visit_date"] == "2026-09-18" and data["medical"] == "1200.00" and data["housing_area"] == "85.5"
    )
    assert data["hardship_causes"] == ["重病"]
    assert renderer.progress_bar.value() == renderer.progress_bar.maximum()

    sign = panel.sign_off
    sign.logins[0].setFocus()
    qtbot.keyClicks(sign.logins[0], "inv_wang")
    kb.enter()
    qtbot.keyClicks(kb.focused(), PASSWORDS["inv_wang"])
    kb.enter()
    qtbot.keyClicks(kb.focused(), "inv_li")
    kb.enter()
    qtbot.keyClicks(kb.focused(), PASSWORDS["inv_li"])
    kb.enter()
    assert sign.applicant is not None and kb.focused() is sign.applicant.name
    sign.applicant.name.insert(case.household.head.name)
    kb.enter()
    assert kb.focused() is sign.applicant.pad
    _draw(qtbot, sign.applicant.pad)
    sign.button.setFocus()
    with qtbot.waitSignal(panel.finalized, timeout=10000) as finalized:
        kb.enter()

    view = finalized.args[0]
    assert isinstance(view, fr.RecordView) and view.is_locked
    assert sorted(s.kind for s in view.sign_offs) == ["applicant", "investigator", "investigator"]
    assert all(p.text() == "" for p in sign.passwords)  # passwords do not linger in the widgets
    assert renderer.read_only and not panel.sign_off.button.isEnabled()
    village = renderer.editor("village").focus_targets()[0]
    assert isinstance(village, QLineEdit) and village.isReadOnly()
    with store.reading() as session:
        stored = fr.get_record(session, view.id)
        assert (
            stored.status == "final" and len(stored.data["members"]) == 3 and len(stored.data["photos"]) == 2
        )
        assert audit.count_events(session, "form_record.finalized") == 1
        assert (
            audit.count_events(session, "attachment.added") == 3
        )  # two photos and the applicant's signature
        assert audit.verify_chain(session).ok
        assert session.scalars(select(OutboxEntry.op).where(OutboxEntry.entity_id == view.id)).all() == [
            "create"
        ]
    with store.unit_of_work() as session, pytest.raises(fr.RecordLocked):
        fr.save_draft(session, wang, record_id=view.id, data={}, clock=clock)

    # T19 through the UI path too: no plaintext photo, thumbnail or temporary file outside the store.
    with store.reading() as session:
        stored_bytes = [
            fr.photos.attachment_bytes(session, p["attachment_id"]) for p in stored.data["photos"]
        ]
    needles = [b[700:764] for b in stored_bytes] + [b"UI-T19-MARKER-1", b"UI-T19-MARKER-2"]
    assert scan([store.paths.root, Path(os.environ["TMPDIR"])], needles) == []


def _ready(store: OpenStore, clock: FixedClock, case: CaseSetup) -> StoreFormBackend:
    wang = case.investigators["inv_wang"]
    backend = StoreFormBackend(store, wang, form_code=HOME, case_id=case.case_id, clock=clock)
    backend.save_draft(home_investigation_data(case.household, visit_date=clock.today()))
    photo = Path(os.environ["TMPDIR"]).parent / "p.jpg"
    photo.write_bytes(jpeg_bytes((800, 600)))
    backend.add_photo("photos", photo, "EXTERIOR", "外景")
    with store.unit_of_work() as session:
        data = fr.get_record(session, backend.record_id or "").data
    backend.save_draft(data)
    return backend


@pytest.mark.parametrize(
    ("logins", "related", "reason"),
    [
        (("inv_wang",), False, "需要 2 名不同的调查员"),
        (("inv_wang", "inv_wang"), False, "同一调查员（inv_wang）不能确认两次"),
        (("inv_wang", "inv_li"), True, "调查员“李调查”与申请家庭有近亲属关系，须回避，不能签字"),
    ],
    ids=["one-investigator-alone", "same-account-twice", "related-staff-member"],
)
def test_sign_off_refusals_are_shown_and_nothing_is_signed(
    qtbot: QtBot,
    store: OpenStore,
    clock: FixedClock,
    case: CaseSetup,
    logins: tuple[str, ...],
    related: bool,
    reason: str,
) -> None:
    backend = _ready(store, clock, case)
    if related:
        with store.unit_of_work() as session:
            session.add(
                NearRelativeFiling(
                    household_id=uuid.UUID(case.household_id),
                    staff_user_id=case.investigators["inv_li"].user_id,
                    staff_name="李调查",
                    relation="配偶",
                    declared_on=clock.today(),
                )
            )
    with store.reading() as session:
        data = fr.get_record(session, backend.record_id or "").data
    panel = FieldRecordPanel(
        HOME_INVESTIGATION, today=clock.today(), backend=backend, finalize=backend.finalize, data=data
    )
    qtbot.addWidget(panel)
    _activate(qtbot, panel)
    sign = panel.sign_off
    for n, login in enumerate(logins):
        qtbot.keyClicks(sign.logins[n], login)
        qtbot.keyClicks(sign.passwords[n], PASSWORDS[login])
    assert sign.applicant is not None
    sign.applicant.name.insert(case.household.head.name)
    _draw(qtbot, sign.applicant.pad)
    with qtbot.waitSignal(sign.refused, timeout=10000) as refused:
        qtbot.keyClick(sign.button, Qt.Key.Key_Return)
    assert reason in refused.args[0] and reason in sign.message.text()
    assert sign.button.isEnabled() and not panel.renderer.read_only
    with store.reading() as session:
        view = fr.get_record(session, backend.record_id or "")
        assert view.status == "draft" and view.sign_offs == ()
        assert audit.count_events(session, "form_record.finalized") == 0


def test_missing_required_fields_are_listed_together_and_focus_moves_to_the_first(
    qtbot: QtBot, store: OpenStore, clock: FixedClock, case: CaseSetup
) -> None:
    backend = StoreFormBackend(
        store, case.investigators["inv_wang"], form_code=HOME, case_id=case.case_id, clock=clock
    )
    panel = FieldRecordPanel(
        HOME_INVESTIGATION, today=clock.today(), backend=backend, finalize=backend.finalize
    )
    qtbot.addWidget(panel)
    _activate(qtbot, panel)
    renderer = panel.renderer
    renderer.editor("members", 0, "id_number").focus_targets()[0].setFocus()
    qtbot.keyClicks(QApplication.focusWidget(), "360203198001010016")  # wrong check digit
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    with qtbot.waitSignal(panel.sign_off.incomplete):
        qtbot.keyClick(panel.sign_off.button, Qt.Key.Key_Return)
    shown = renderer.problems_shown()
    keys = [p.path for p in shown]
    assert keys[0] == ("village",) and ("members", 0, "id_number") in keys and ("photos",) in keys
    assert QApplication.focusWidget() is renderer.editor("village").focus_targets()[0]
    summary = renderer.summary.text()
    assert summary.startswith(f"还有 {len(shown)} 处需要填写或更正：")
    assert "村（居）：必填" in summary and "家庭成员 第1行 身份证号：身份证号校验码错误" in summary
    assert renderer.editor("members", 0, "id_number").error_text().startswith("身份证号校验码错误")
    assert renderer.editor("village").error_text() == "必填"
    # Fixing a field clears its message at once.
    QApplication.focusWidget().insert("桃源村")  # type: ignore[union-attr]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert renderer.editor("village").error_text() == ""
    with store.reading() as session:
        assert fr.get_record(session, backend.record_id or "").status == "draft"


def test_every_completed_field_is_saved_and_typing_is_saved_by_the_timer(
    qtbot: QtBot, store: OpenStore, clock: FixedClock, case: CaseSetup
) -> None:
    backend = StoreFormBackend(
        store, case.investigators["inv_wang"], form_code=HOME, case_id=case.case_id, clock=clock
    )
    renderer = FormRenderer(HOME_INVESTIGATION, today=clock.today(), backend=backend, autosave_ms=200)
    qtbot.addWidget(renderer)
    _activate(qtbot, renderer)
    renderer.focus_first()
    QApplication.focusWidget().insert("桃源村")  # type: ignore[union-attr]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert backend.saves == 1  # committed field: saved at once
    qtbot.keyClicks(QApplication.focusWidget(), "2")  # a choice is complete when chosen
    assert backend.saves == 2
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.keyClicks(QApplication.focusWidget(), "2026-09")  # still typing: no commit yet
    assert backend.saves == 2
    with qtbot.waitSignal(renderer.draft_saved, timeout=3000):
        pass  # the autosave timer saves what is typed so far
    reopened = StoreFormBackend(
        store, case.investigators["inv_wang"], form_code=HOME, case_id=case.case_id, clock=clock
    )
    view = reopened.load()
    assert view is not None and view.id == backend.record_id
    assert view.data == {
        "village": "桃源村",
        "area_type": "RURAL",
        "visit_date": "2026-09",
        "members": [{}],
    }
    again = FormRenderer(HOME_INVESTIGATION, today=clock.today(), backend=reopened, data=view.data)
    qtbot.addWidget(again)
    assert again.editor("visit_date").value() == "2026-09"
    assert again.editor("area_type").value() == "RURAL"


def test_a_refused_photo_shows_the_reason_and_leaves_the_record_untouched(
    qtbot: QtBot, store: OpenStore, clock: FixedClock, case: CaseSetup, tmp_path: Path
) -> None:
    backend = StoreFormBackend(
        store, case.investigators["inv_wang"], form_code=HOME, case_id=case.case_id, clock=clock
    )
    backend.save_draft({"village": "桃源村"})
    renderer = FormRenderer(
        HOME_INVESTIGATION, today=clock.today(), backend=backend, data={"village": "桃源村"}
    )
    qtbot.addWidget(renderer)
    bad = tmp_path / "notes.jpg"
    bad.write_text("这不是照片", encoding="utf-8")
    editor = renderer.editor("photos")
    assert editor.add_files([bad]) == []  # type: ignore[attr-defined]
    assert "notes.jpg：图片未保存：不是图片文件" in editor.error_text()
    with store.reading() as session:
        assert fr.get_record(session, backend.record_id or "").data == {"village": "桃源村"}


def test_repeat_rows_can_be_removed_from_the_keyboard_and_read_only_records_cannot_change(
    qtbot: QtBot, clock: FixedClock
) -> None:
    renderer = FormRenderer(HOME_INVESTIGATION, today=clock.today())
    qtbot.addWidget(renderer)
    _activate(qtbot, renderer)
    members = renderer.editor("members")
    first = renderer.editor("members", 0, "name").focus_targets()[0]
    first.setFocus()
    qtbot.keyClick(first, *KeyboardNavigator.ADD_ROW)
    qtbot.keyClick(QApplication.focusWidget(), *KeyboardNavigator.ADD_ROW)
    assert len(members.rows) == 3  # type: ignore[attr-defined]
    assert QApplication.focusWidget() is renderer.editor("members", 2, "name").focus_targets()[0]
    qtbot.keyClick(QApplication.focusWidget(), *KeyboardNavigator.REMOVE_ROW)
    assert len(members.rows) == 2  # type: ignore[attr-defined]
    locked = FormRenderer(HOME_INVESTIGATION, today=clock.today(), data={"village": "桃源村"}, read_only=True)
    qtbot.addWidget(locked)
    village = locked.editor("village").focus_targets()[0]
    assert isinstance(village, QLineEdit) and village.isReadOnly()
    assert not locked.editor("members").add_button.isEnabled()  # type: ignore[attr-defined]


def test_signature_pad_gives_png_bytes_and_clears_with_the_keyboard(qtbot: QtBot) -> None:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(400, 150)
    assert pad.to_png() == b""
    with qtbot.waitSignal(pad.changed):
        _draw(qtbot, pad)
    with Image.open(io.BytesIO(pad.to_png())) as image:
        assert image.format == "PNG" and image.size == (400, 150)
        assert image.getbbox() is not None  # ink on a transparent background
        assert image.getpixel((2, 2)) == (0, 0, 0, 0)
    qtbot.keyClick(pad, Qt.Key.Key_Delete)
    assert pad.is_empty() and pad.to_png() == b""
    pad.add_stroke([(10, 10), (50, 60)])
    assert not pad.is_empty()


def test_a_reopened_record_paints_first_and_loads_its_thumbnails_after(
    qtbot: QtBot, store: OpenStore, clock: FixedClock, case: CaseSetup
) -> None:
    backend = _ready(store, clock, case)
    with store.reading() as session:
        data = fr.get_record(session, backend.record_id or "").data
    renderer = FormRenderer(HOME_INVESTIGATION, today=clock.today(), backend=backend, data=data)
    qtbot.addWidget(renderer)
    photos = renderer.editor("photos")
    [tile] = photos.tiles  # type: ignore[attr-defined]
    assert not tile.has_image  # nothing read from the store while the form is being built
    with qtbot.waitSignal(photos.thumbnails_loaded, timeout=5000):  # type: ignore[attr-defined]
        renderer.show()
    assert tile.has_image and tile.entry()["caption"] == "外景"


def test_a_plain_save_callback_can_drive_the_renderer(qtbot: QtBot, clock: FixedClock) -> None:
    saved: list[dict[str, Any]] = []
    renderer = FormRenderer(
        NEIGHBOUR_INTERVIEW, today=clock.today(), backend=CallbackBackend(saved.append), autosave_ms=60_000
    )
    qtbot.addWidget(renderer)
    _activate(qtbot, renderer)
    renderer.focus_first()
    qtbot.keyClicks(QApplication.focusWidget(), "2026-09-18")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert saved == [{"visit_date": "2026-09-18"}]
    assert renderer.progress_bar.value() == 1
