"""The case detail's 照片 tab: every photo and scanned document filed with the case, as thumbnails.

The list and the thumbnails are read on the database worker, a few pictures per trip so that other work is not
kept waiting; a picture opens larger on a double-click. Nothing is written to disk. A result that arrives after a
lock, or after the tab was closed, is dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid
from sqlalchemy.orm import Session

from app.services.photos import CasePhoto, attachment_bytes, case_photos
from ui.errors import show_error
from ui.forms.photo_editor import THUMB, thumbnail_image
from ui.session import UserSession

BATCH = 4  # thumbnails per trip to the database thread
LARGE = 1000  # the longer side of a picture opened on its own


class CasePhotosTab(QWidget):
    loaded = Signal()  # the list and every thumbnail are in
    opened = Signal(QDialog)

    def __init__(self, user: UserSession, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        self._case_id = case_id
        self.photos: tuple[CasePhoto, ...] = ()
        self.view = QListWidget()
        self.view.setObjectName("casePhotos")
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setIconSize(QSize(THUMB, THUMB))
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setWordWrap(True)
        self.view.itemActivated.connect(self._on_activated)
        self.summary = QLabel()
        self.summary.setObjectName("casePhotosSummary")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view)
        self.refresh()

    def refresh(self) -> None:
        actor, case_id = self._user.actor, self._case_id
        self._user.read(lambda s: case_photos(s, actor, case_id), self._show, self._failed)

    def _failed(self, exc: BaseException) -> None:
        if isValid(self):
            show_error(self, exc)

    def _show(self, photos: tuple[CasePhoto, ...]) -> None:
        if not isValid(self):
            return
        self.photos = photos
        self.view.clear()
        if not photos:
            self.summary.setText(self.tr("本案还没有照片或扫描件（入户调查表中的照片保存后显示在这里）。"))
            self.loaded.emit()
            return
        self.summary.setText(self.tr("共 %1 张，双击查看大图").replace("%1", str(len(photos))))
        for p in photos:
            label = " · ".join(x for x in (p.kind_label, p.category_label, p.caption) if x)
            item = QListWidgetItem(f"{label}\n{p.taken_on.isoformat()}\n" + self.tr("（加载中）"))
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setToolTip(label)
            self.view.addItem(item)
        self._load(0)

    def _load(self, start: int) -> None:
        ids = [p.id for p in self.photos[start : start + BATCH]]
        if not ids:
            self.loaded.emit()
            return

        def work(session: Session) -> list[QImage]:
            return [thumbnail_image(attachment_bytes(session, i)) for i in ids]

        def done(images: list[QImage]) -> None:
            if not isValid(self):
                return
            for offset, image in enumerate(images):
                item = self.view.item(start + offset)
                if item is None:
                    continue
                p = self.photos[start + offset]
                item.setText(f"{p.category_label or p.kind_label}\n{p.taken_on.isoformat()}")
                if image.isNull():
                    item.setText(item.text() + "\n" + self.tr("（无预览）"))
                else:
                    item.setIcon(QIcon(QPixmap.fromImage(image)))
            self._load(start + BATCH)

        self._user.read(work, done, self._failed)

    def _on_activated(self, item: QListWidgetItem) -> None:
        self.open_photo(str(item.data(Qt.ItemDataRole.UserRole)))

    def open_photo(self, attachment_id: str) -> None:
        def work(session: Session) -> QImage:
            image = QImage.fromData(attachment_bytes(session, attachment_id))
            if image.width() > LARGE or image.height() > LARGE:  # never enlarged, only made to fit
                image = image.scaled(
                    LARGE,
                    LARGE,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            return image

        def done(image: QImage) -> None:
            if not isValid(self):
                return
            dialog = QDialog(self)
            dialog.setWindowTitle(self.tr("照片"))
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            picture = QLabel()
            picture.setObjectName("largePhoto")
            if image.isNull():
                picture.setText(self.tr("这张图片无法显示。"))
            else:
                picture.setPixmap(QPixmap.fromImage(image))
            scroll = QScrollArea()
            scroll.setWidget(picture)
            scroll.setWidgetResizable(True)
            box = QVBoxLayout(dialog)
            box.addWidget(scroll)
            dialog.resize(min(image.width() + 40, 1100) or 400, min(image.height() + 40, 720) or 300)
            dialog.open()
            self.opened.emit(dialog)

        self._user.read(work, done, self._failed)
