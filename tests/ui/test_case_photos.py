"""The case detail's 照片 tab: the case's photos and scans as thumbnails read off the UI thread, opened larger on a
double-click; signatures stay on their forms; a tab closed before its pictures arrive drops them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Case
from app.db.store import unlock
from app.domain.clock import FixedClock
from app.services import photos
from app.services.photos import case_photos, photo_settings, prepare_photo, prepare_signature, store_image
from tests.forms.helpers import jpeg_bytes
from tests.ui.conftest import ROLE_PASSWORD
from ui.panels.case_photos import CasePhotosTab
from ui.session import UserSession
from ui.tasks import Executor

WAIT = 20000


@pytest.fixture
def investigator(demo_dir: Path, clock: FixedClock, qtbot: QtBot) -> Iterator[UserSession]:
    del qtbot
    store = unlock(demo_dir, "investigator", ROLE_PASSWORD, clock=clock)
    user = UserSession(store, db=Executor(threads=1), clock=clock)
    yield user
    user.db.wait_idle()
    store.close()


def _case_with_pictures(user: UserSession, n: int) -> str:
    settings = photo_settings(user.rules, date(2026, 9, 18))
    with user.store.unit_of_work() as s:
        case_id = str(s.scalars(select(Case.id).order_by(Case.created_at)).first())
        for i in range(n):
            store_image(
                s, user.actor, case_id=case_id, image=prepare_photo(jpeg_bytes((800, 600), seed=i + 1), settings),
                kind="PHOTO", clock=user.clock, category="KITCHEN" if i == 0 else "EXTERIOR", caption=f"第{i + 1}张",
            )  # fmt: skip
        store_image(
            s, user.actor, case_id=case_id, image=prepare_signature(_signature_png(), settings), kind="SIGNATURE",
            clock=user.clock,
        )  # fmt: skip
    return case_id


def _signature_png() -> bytes:
    import io

    from PIL import Image, ImageDraw

    img = Image.new("RGB", (300, 100), "white")
    ImageDraw.Draw(img).line((10, 50, 290, 60), fill="black", width=3)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def test_the_photos_of_a_case_show_as_thumbnails_read_off_the_ui_thread(
    qtbot: QtBot, investigator: UserSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = _case_with_pictures(investigator, 6)  # more than one trip's worth
    threads: set[str] = set()
    real = photos.attachment_bytes

    def spy(session: object, attachment_id: str) -> bytes:
        threads.add(threading.current_thread().name)
        return real(session, attachment_id)  # type: ignore[arg-type]

    monkeypatch.setattr("ui.panels.case_photos.attachment_bytes", spy)
    tab = CasePhotosTab(investigator, case_id)
    qtbot.addWidget(tab)
    qtbot.waitSignal(tab.loaded, timeout=WAIT).wait()
    assert [p.kind for p in tab.photos] == ["PHOTO"] * 6  # the signature stays on its form
    assert tab.view.count() == 6 and all(not tab.view.item(i).icon().isNull() for i in range(6))
    assert tab.view.item(0).text().startswith("厨房") and "共 6 张" in tab.summary.text()
    assert threads and threading.main_thread().name not in threads

    with qtbot.waitSignal(tab.opened, timeout=WAIT) as opened:
        tab.view.itemActivated.emit(tab.view.item(1))
    dialog = opened.args[0]
    picture = dialog.findChild(QLabel, "largePhoto")
    assert picture is not None and picture.pixmap().width() == 800  # the stored size, not the thumbnail
    dialog.close()


def test_a_case_without_pictures_says_so(qtbot: QtBot, investigator: UserSession) -> None:
    with investigator.store.reading() as s:
        case_id = str(s.scalars(select(Case.id).order_by(Case.created_at.desc())).first())
        assert case_photos(s, investigator.actor, case_id) == ()
    tab = CasePhotosTab(investigator, case_id)
    qtbot.addWidget(tab)
    qtbot.waitSignal(tab.loaded, timeout=WAIT).wait()
    assert tab.view.count() == 0 and "还没有照片" in tab.summary.text()


def test_a_tab_closed_before_its_pictures_arrive_drops_them(qtbot: QtBot, investigator: UserSession) -> None:
    case_id = _case_with_pictures(investigator, 2)
    tab = CasePhotosTab(investigator, case_id)
    tab.deleteLater()
    qtbot.wait(50)
    investigator.db.wait_idle()
    qtbot.wait(50)  # the answers are delivered to a tab that is gone: nothing raises
