"""Photo fields: import from files (PySide6-Essentials has no QtMultimedia, so no camera capture), thumbnails made in
memory from the stored bytes, a category and a caption per photo. A refused file shows its reason under the field
and changes nothing. Saving (decode, strip GPS, downscale, store) runs where the backend's ``run`` puts it — the
database worker in the app — while the field shows that it is busy; the tiles appear when the result comes back.
Thumbnails of a reopened record are read and decoded there too, a few per trip, so draft saves queued meanwhile are
not kept waiting; each tile says "loading" until its picture arrives. A result for a form that was closed, or that
arrives after a lock, is dropped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.errors import AppError
from forms.model import Field
from ui.errors import message_for, show_error
from ui.forms.backend import run_now
from ui.forms.editors import EditorContext, FieldEditor, _KeyCombo

THUMB = 160
COLUMNS = 3


def thumbnail_image(data: bytes, size: int = THUMB) -> QImage:
    """A scaled image from image bytes, entirely in memory; JPEGs are decoded at reduced size (DCT scaling).

    A QImage, not a QPixmap, so it can be made on the database worker; a null image when the bytes are no picture."""
    if not data:
        return QImage()
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    full = reader.size()
    if full.isValid():
        reader.setScaledSize(full.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    buffer.close()
    return image


def _category_combo(field: Field, current: str, parent: QWidget) -> _KeyCombo:
    combo = _KeyCombo(parent, blank_first=False)
    for n, choice in enumerate(field.photo_categories, start=1):
        combo.addItem(f"{n}. {choice.label}" if n <= 9 else choice.label, choice.code)
    index = combo.findData(current)
    combo.setCurrentIndex(max(0, index))
    return combo


class PhotoTile(QFrame):
    remove_requested = Signal(str)
    changed = Signal()

    def __init__(
        self,
        field: Field,
        entry: dict[str, Any],
        image: QImage | bytes | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.attachment_id = str(entry.get("attachment_id", ""))
        self._entry = dict(entry)
        layout = QVBoxLayout(self)
        self.picture = QLabel(self)
        self.picture.setFixedSize(THUMB, THUMB)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setText(self.tr("（加载中）"))
        self.no_preview = False
        if isinstance(image, QImage):
            self.set_picture(image)
        elif image:
            self.set_image(image)
        layout.addWidget(self.picture)
        taken = str(entry.get("taken_at") or "")
        if taken:
            layout.addWidget(QLabel(self.tr("拍摄：%1").replace("%1", taken.replace("T", " ")[:16]), self))
        self.category = _category_combo(field, str(entry.get("category", "")), self)
        self.category.setAccessibleName(self.tr("照片类别"))
        self.category.currentIndexChanged.connect(lambda _i: self.changed.emit())
        layout.addWidget(self.category)
        self.caption = QLineEdit(str(entry.get("caption", "")), self)
        self.caption.setPlaceholderText(self.tr("说明"))
        self.caption.setMaxLength(200)
        self.caption.editingFinished.connect(self.changed.emit)
        layout.addWidget(self.caption)
        self.remove = QPushButton(self.tr("删除照片"), self)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self.attachment_id))
        layout.addWidget(self.remove)

    def set_image(self, image: bytes) -> None:
        self.set_picture(thumbnail_image(image))

    def set_picture(self, image: QImage) -> None:
        """The thumbnail made on the worker (a null image: the bytes could not be read or are no picture)."""
        if image.isNull():
            self.no_preview = True
            self.picture.setText(self.tr("（无预览）"))
        else:
            self.picture.setPixmap(QPixmap.fromImage(image))

    @property
    def has_image(self) -> bool:
        return not self.picture.pixmap().isNull()

    def entry(self) -> dict[str, Any]:
        return {
            **self._entry,
            "category": cast(str, self.category.currentData() or ""),
            "caption": self.caption.text().strip(),
        }

    def focus_targets(self) -> list[QWidget]:
        return [self.category, self.caption, self.remove]


# One file's outcome on the worker: (path, entry, its thumbnail) or (path, None, the reason / the error).
_Saved = tuple[Path, dict[str, Any] | None, QImage | BaseException | str]


class PhotoEditor(FieldEditor):
    thumbnails_loaded = Signal()
    photos_saved = Signal(list)  # the entries added by one add_files call (empty when every file was refused)
    photo_removed = Signal(str)

    def __init__(self, field: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(field, context, parent)
        self.tiles: list[PhotoTile] = []
        self._busy = False
        self._thumbnails_running = False
        self._read_only = context.read_only
        self._grid_host = QWidget(self)
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self._grid_host)
        bar = QWidget(self)
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("新照片类别"), bar))
        self.new_category = _category_combo(field, field.photo_categories[0].code, bar)
        self.new_category.setAccessibleName(self.tr("新照片类别"))
        row.addWidget(self.new_category)
        self.add_button = QPushButton(self.tr("添加照片…"), bar)
        self.add_button.clicked.connect(self._on_add_clicked)
        row.addWidget(self.add_button)
        row.addStretch(1)
        self._layout.addWidget(bar)
        self.count_label = QLabel(self)
        self._layout.addWidget(self.count_label)
        self._finish_layout()
        # Replaced in tests; by default the system file dialog (which reads files, never writes any).
        self.choose_files: Callable[[], list[Path]] = self._ask_for_files
        self.add_button.setEnabled(context.backend is not None and not context.read_only)
        self._update_count()

    def _ask_for_files(self) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("选择照片"), "", self.tr("图片 (*.jpg *.jpeg *.png *.webp *.JPG *.JPEG *.PNG)")
        )
        return [Path(n) for n in names]

    def _on_add_clicked(self) -> None:
        paths = self.choose_files()
        if paths:
            self.add_files(paths)

    @property
    def is_busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        editable = not busy and not self._read_only
        self.add_button.setEnabled(editable and self.context.backend is not None)
        self.new_category.setEnabled(editable)
        if busy:
            self.count_label.setText(self.tr("正在保存照片，可以继续填写其他项目…"))
        else:
            self._update_count()

    def _run(self) -> Any:
        return getattr(self.context.backend, "run", run_now)

    def add_files(self, paths: list[Path]) -> list[dict[str, Any]]:
        """Store each file through the backend. Returns the entries added when the backend runs synchronously; with
        the worker the result comes by ``photos_saved``. Refusals are listed under the field."""
        backend = self.context.backend
        if backend is None or self._busy:
            return []
        errors: list[str] = []
        accepted: list[Path] = []
        for path in paths:
            if self.field.max_items is not None and len(self.tiles) + len(accepted) >= self.field.max_items:
                errors.append(
                    self.tr("最多 %1 张，未添加 %2")
                    .replace("%1", str(self.field.max_items))
                    .replace("%2", path.name)
                )
            else:
                accepted.append(path)
        if not accepted:
            self.set_error("\n".join(errors))
            self.photos_saved.emit([])
            return []
        field_key = self.field.key
        category = cast(str, self.new_category.currentData() or "")

        def work() -> list[_Saved]:
            # Each file on its own: one refused or failed file never takes the others' saved photos with it.
            saved: list[_Saved] = []
            for path in accepted:
                try:
                    entry = backend.add_photo(field_key, path, category, "")
                except AppError as exc:
                    saved.append((path, None, str(exc)))
                    continue
                except Exception as exc:  # reported after the loop, with the photos already stored kept
                    saved.append((path, None, exc))
                    continue
                try:
                    image = thumbnail_image(backend.photo_bytes(entry["attachment_id"]))
                except Exception:  # stored; only the thumbnail is missing
                    image = QImage()
                saved.append((path, entry, image))
            return saved

        added: list[dict[str, Any]] = []
        not_saved = self.tr("未保存")

        def done(saved: list[_Saved]) -> None:
            if not isValid(self):  # the form was closed meanwhile; what was stored stays in the record
                return
            unexpected: BaseException | None = None
            for path, entry, outcome in saved:
                if entry is not None:
                    self._add_tile(entry, outcome if isinstance(outcome, QImage) else None)
                    added.append(entry)
                elif isinstance(outcome, BaseException):
                    unexpected = unexpected or outcome
                    errors.append(f"{path.name}：{not_saved}")
                else:
                    errors.append(f"{path.name}：{outcome}")
            self._finish_add(added, errors, unexpected)

        def failed(exc: BaseException) -> None:
            if isValid(self):
                errors.extend(f"{p.name}：{not_saved}" for p in accepted)
                self._finish_add([], errors, exc)

        self._set_busy(True)
        self._run()(work, done, failed)
        return added

    def _finish_add(
        self, added: list[dict[str, Any]], errors: list[str], unexpected: BaseException | None
    ) -> None:
        self._set_busy(False)
        self.set_error("\n".join(errors))
        if added:
            self._update_count()
            self._commit()
        if unexpected is not None:
            show_error(self, unexpected)
        self.photos_saved.emit(added)

    def _add_tile(self, entry: dict[str, Any], image: QImage | None) -> None:
        tile = PhotoTile(self.field, entry, image, self._grid_host)
        tile.remove_requested.connect(self._on_remove)
        tile.changed.connect(self._commit)
        tile.setEnabled(not self.context.read_only)
        n = len(self.tiles)
        self._grid.addWidget(tile, n // COLUMNS, n % COLUMNS)
        tile.show()
        self.tiles.append(tile)

    def _on_remove(self, attachment_id: str) -> None:
        backend = self.context.backend
        if backend is None or self._busy:
            return
        field_key = self.field.key

        def done(_: object) -> None:
            if not isValid(self):
                return
            self._set_busy(False)
            self._rebuild([t.entry() for t in self.tiles if t.attachment_id != attachment_id])
            self._commit()
            self.photo_removed.emit(attachment_id)

        def failed(exc: BaseException) -> None:
            if not isValid(self):
                return
            self._set_busy(False)
            self.set_error(message_for(exc)[1])
            if not isinstance(exc, AppError):
                show_error(self, exc)

        self._set_busy(True)
        self._run()(lambda: backend.remove_photo(field_key, attachment_id), done, failed)

    def _rebuild(self, entries: list[dict[str, Any]]) -> None:
        pixmaps = {t.attachment_id: t.picture.pixmap() for t in self.tiles if t.has_image}
        for tile in self.tiles:
            self._grid.removeWidget(tile)
            tile.deleteLater()
        self.tiles = []
        for entry in entries:
            self._add_tile(entry, None)
            pixmap = pixmaps.get(str(entry.get("attachment_id")))
            if pixmap is not None:
                self.tiles[-1].picture.setPixmap(pixmap)
        self._update_count()
        if any(not t.has_image for t in self.tiles):
            # After the form is on screen: opening a record never waits for its photos to be read and decoded.
            QTimer.singleShot(1, self, self.load_thumbnails)

    THUMBNAILS_PER_TURN = 4

    @property
    def thumbnails_pending(self) -> bool:
        return self._thumbnails_running

    def load_thumbnails(self) -> None:
        """Read and decode a few missing thumbnails where the backend's ``run`` puts it (the database worker), then
        the next few when they are in: the form paints first, keeps answering keys, and draft saves queued meanwhile
        wait for one small trip at most. ``thumbnails_loaded`` once every tile has its picture or says it has none."""
        if self._thumbnails_running or not isValid(self):
            return
        missing = [t for t in self.tiles if not t.has_image and not t.no_preview]
        backend = self.context.backend
        if backend is None or not missing:
            for tile in missing:  # no store to read them from
                tile.set_picture(QImage())
            self.thumbnails_loaded.emit()
            return
        wanted = [t.attachment_id for t in missing[: self.THUMBNAILS_PER_TURN]]

        def work() -> list[tuple[str, QImage]]:
            pictures: list[tuple[str, QImage]] = []
            for attachment_id in wanted:
                try:
                    data = backend.photo_bytes(attachment_id)
                except AppError:  # e.g. a photo removed meanwhile: that tile has no preview
                    data = b""
                pictures.append((attachment_id, thumbnail_image(data)))
            return pictures

        def done(pictures: list[tuple[str, QImage]]) -> None:
            if not isValid(self):  # the form was closed while the worker read them
                return
            self._thumbnails_running = False
            self._show_pictures(dict(pictures))
            QTimer.singleShot(0, self, self.load_thumbnails)  # the next few, after the event loop had a turn

        def failed(exc: BaseException) -> None:
            if not isValid(self):
                return
            self._thumbnails_running = False
            # Reading the store failed: no preview for the tiles still waiting (the photos are in the record), one
            # message, and no retry loop.
            for tile in self.tiles:
                if not tile.has_image:
                    tile.set_picture(QImage())
            show_error(self, exc)
            self.thumbnails_loaded.emit()

        self._thumbnails_running = True
        self._run()(work, done, failed)

    def _show_pictures(self, pictures: dict[str, QImage]) -> None:
        # Matched by attachment id: the tiles may have been rebuilt while the worker read the photos.
        for tile in self.tiles:
            picture = pictures.get(tile.attachment_id)
            if picture is not None and not tile.has_image:
                tile.set_picture(picture)

    def _update_count(self) -> None:
        limit = f" / {self.field.max_items}" if self.field.max_items else ""
        self.count_label.setText(self.tr("已添加 %1 张").replace("%1", f"{len(self.tiles)}{limit}"))

    def value(self) -> Any:
        return [t.entry() for t in self.tiles]

    def set_value(self, value: Any) -> None:
        entries = (
            [cast(dict[str, Any], e) for e in cast(list[Any], value) if isinstance(e, dict)]
            if isinstance(value, list)
            else []
        )
        self._loading = True
        try:
            self._rebuild(entries)
        finally:
            self._loading = False

    def focus_targets(self) -> list[QWidget]:
        targets: list[QWidget] = []
        for tile in self.tiles:
            targets.extend(tile.focus_targets())
        return [*targets, self.new_category, self.add_button]

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for tile in self.tiles:
            tile.setEnabled(not read_only)
        self.new_category.setEnabled(not read_only and not self._busy)
        self.add_button.setEnabled(not read_only and not self._busy and self.context.backend is not None)
