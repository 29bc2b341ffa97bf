"""Preview, print and save as PDF, without blocking the window; every print and export goes to the audit hook.

Generation (read model → PDF bytes) and rasterisation run on :func:`~ui.printing.worker.pdf_pool`; painting for a
direct or batch print also runs there (QPainter may paint on a QPrinter outside the GUI thread). Only the
preview's own repaint runs on the UI thread, from page images made in advance.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.db.atomic import write_atomic
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.errors import AppError
from app.services.documents import DOCUMENT_TITLES, DocumentKind
from app.services.printing import PrintOutput, record_print
from ui.errors import message_for
from ui.printing.raster import PREVIEW_DPI, PRINT_DPI, PdfPages
from ui.printing.worker import JobCancelled, PdfJob, Progress, pdf_pool

log = logging.getLogger("dibao.ui.printing")

# A preview keeps its page images in memory; longer documents are printed or saved, not previewed.
MAX_PREVIEW_PAGES = 40
PREVIEW_IMAGE_DPI = 150

MakePdf = Callable[[Progress], bytes]


@dataclass(frozen=True, slots=True)
class PrintRequest:
    kind: DocumentKind
    case_ids: tuple[str, ...] = ()
    reprint: bool = False
    title: str = ""
    scope: str = ""  # e.g. township and month for a roster: goes into the audit details, never content

    @property
    def label(self) -> str:
        return self.title or DOCUMENT_TITLES[self.kind]


AuditHook = Callable[[PrintRequest, PrintOutput], None]


class _Writer(Protocol):
    @property
    def actor(self) -> Actor: ...

    clock: Clock

    def write(
        self,
        work: Callable[[Session], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None: ...


def audit_hook_for(user: _Writer, on_error: Callable[[BaseException], None] | None = None) -> AuditHook:
    """The hook for a logged-in user: record_print on the database thread, one event per case."""

    def hook(request: PrintRequest, output: PrintOutput) -> None:
        def work(session: Session) -> int:
            for case_id in request.case_ids or ("",):
                record_print(
                    session,
                    user.actor,
                    request.kind,
                    case_id,
                    clock=user.clock,
                    reprint=request.reprint,
                    output=output,
                    scope=request.scope,
                )
            return len(request.case_ids)

        user.write(work, lambda _n: None, on_error)

    return hook


def paint_pages(
    printer: QPrinter,
    pages: PdfPages | Sequence[QImage],
    *,
    progress: Progress | None = None,
) -> int:
    """Paint each page image onto its own sheet, scaled to the paper (the PDF carries its own margins)."""
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("打印机无法开始打印，请检查打印机是否可用。")
    count = len(pages)
    try:
        for index in range(count):
            if index:
                printer.newPage()
            if isinstance(pages, PdfPages):
                dpi = max(PREVIEW_DPI, min(PRINT_DPI, printer.resolution()))
                image = pages.image(index, dpi)
            else:
                image = pages[index]
            target = painter.viewport()
            scale = min(target.width() / image.width(), target.height() / image.height())
            w, h = image.width() * scale, image.height() * scale
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(QRectF(target.x() + (target.width() - w) / 2, target.y(), w, h), image)
            if progress is not None:
                progress(index + 1, count)
    finally:
        painter.end()
    return count


def a4_printer(mode: QPrinter.PrinterMode = QPrinter.PrinterMode.HighResolution) -> QPrinter:
    printer = QPrinter(mode)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    return printer


class ProgressDialog(QDialog):
    """The batch progress bar: "正在生成 x/y"; 取消 stops the job at its next page."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printProgress")
        self.setWindowTitle(title)
        self.setModal(True)
        self.label = QLabel("正在准备…")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.cancel_button = QPushButton("取消")
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button, alignment=Qt.AlignmentFlag.AlignRight)

    def set_progress(self, done: int, total: int, what: str = "正在生成") -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.label.setText(f"{what}　{done}/{total}")


@dataclass
class _Running:
    job: PdfJob
    request: PrintRequest
    dialog: ProgressDialog | None = None
    extras: dict[str, Any] = field(default_factory=dict[str, Any])


class PrintController(QObject):
    """One per window. ``failed`` carries the Chinese message; ``saved`` the written path; ``printed`` the count."""

    busy_changed = Signal(bool)
    failed = Signal(str)
    saved = Signal(str)
    printed = Signal(int)
    preview_ready = Signal(object)  # the QPrintPreviewDialog, once open

    def __init__(self, parent: QWidget, *, audit: AuditHook | None = None) -> None:
        super().__init__(parent)
        self._parent = parent
        self._audit = audit
        self._running: list[_Running] = []
        self.preview_dialog: QPrintPreviewDialog | None = None
        self._preview_printer: QPrinter | None = None

    # -- public -------------------------------------------------------------------------------------------

    def preview(self, request: PrintRequest, make_pdf: MakePdf) -> PdfJob:
        """Generate, then open the print preview; printing from it is audited."""

        def work(progress: Progress) -> list[QImage]:
            pdf = make_pdf(progress)
            pages = PdfPages(pdf)
            try:
                if len(pages) > MAX_PREVIEW_PAGES:
                    raise PreviewTooLong(pages=len(pages), limit=MAX_PREVIEW_PAGES)
                return [pages.image(i, PREVIEW_IMAGE_DPI) for i in range(len(pages))]
            finally:
                pages.close()

        return self._start(request, work, lambda images: self._open_preview(request, images), batch=False)

    def print_direct(
        self,
        request: PrintRequest,
        make_pdf: MakePdf,
        printer: QPrinter | None = None,
        *,
        batch: bool = False,
    ) -> PdfJob | None:
        """Ask for a printer (unless given), then generate and print on the worker; ``batch`` shows progress."""
        if printer is None:
            printer = a4_printer()
            dialog = QPrintDialog(printer, self._parent)
            dialog.setWindowTitle(f"打印　{request.label}")
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
        chosen = printer

        def work(progress: Progress) -> int:
            pages = PdfPages(make_pdf(progress))
            try:
                return paint_pages(chosen, pages, progress=progress)
            finally:
                pages.close()

        def done(count: object, request: PrintRequest = request) -> None:
            self._audited(request, "print")
            self.printed.emit(int(count))  # type: ignore[call-overload]

        return self._start(request, work, done, batch=batch)

    def save_pdf(
        self, request: PrintRequest, make_pdf: MakePdf, path: Path | None = None, *, batch: bool = False
    ) -> PdfJob | None:
        """Ask where (unless given), generate on the worker, write atomically (never a half-written file)."""
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self._parent, "另存为PDF", f"{request.label}.pdf", "PDF 文件 (*.pdf)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        target = path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")

        def work(progress: Progress) -> str:
            write_atomic(target, make_pdf(progress), mode=0o600)
            return str(target)

        def done(result: object, request: PrintRequest = request) -> None:
            self._audited(request, "pdf")
            self.saved.emit(str(result))

        return self._start(request, work, done, batch=batch)

    def wait(self, msecs: int = 30000) -> bool:
        return pdf_pool().waitForDone(msecs)

    # -- internals ----------------------------------------------------------------------------------------

    def _start(
        self,
        request: PrintRequest,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        *,
        batch: bool,
    ) -> PdfJob:
        job = PdfJob(work)
        running = _Running(job, request)
        if batch:
            running.dialog = ProgressDialog(f"批量打印　{request.label}", self._parent)
            running.dialog.cancel_button.clicked.connect(job.cancel)
            job.signals.progress.connect(running.dialog.set_progress)
            running.dialog.open()
        self._running.append(running)
        if len(self._running) == 1:
            self.busy_changed.emit(True)

        def finished(result: object) -> None:
            self._finish(running)
            try:
                on_done(result)
            except Exception as exc:  # a failure while showing the result is still the user's to see
                self._failed(exc)

        def failed(exc: object) -> None:
            self._finish(running)
            self._failed(exc)

        job.signals.finished.connect(finished)
        job.signals.failed.connect(failed)
        job.start()
        return job

    def _finish(self, running: _Running) -> None:
        if running.dialog is not None:
            running.dialog.accept()
            running.dialog.deleteLater()
        if running in self._running:
            self._running.remove(running)
        if not self._running:
            self.busy_changed.emit(False)

    def _failed(self, exc: object) -> None:
        if isinstance(exc, JobCancelled):
            self.failed.emit("已取消打印，没有生成任何文件。")
            return
        _, text = message_for(exc if isinstance(exc, BaseException) else RuntimeError(str(exc)))
        self.failed.emit(text)

    def _audited(self, request: PrintRequest, output: PrintOutput) -> None:
        if self._audit is not None:
            self._audit(request, output)

    def _open_preview(self, request: PrintRequest, images: object) -> None:
        pages: list[QImage] = list(images)  # type: ignore[call-overload]
        printer = a4_printer(QPrinter.PrinterMode.ScreenResolution)
        dialog = QPrintPreviewDialog(printer, self._parent)
        dialog.setObjectName("printPreview")
        dialog.setWindowTitle(f"打印预览　{request.label}")
        dialog.paintRequested.connect(lambda p: paint_pages(p, pages))

        def finished(code: int) -> None:
            if code == QDialog.DialogCode.Accepted.value:
                self._audited(request, "print")
                self.printed.emit(len(pages))
            dialog.deleteLater()
            if self.preview_dialog is dialog:
                self.preview_dialog = None

        dialog.finished.connect(finished)
        # The dialog does not own its printer: keep it alive as long as the dialog.
        self._preview_printer = printer
        self.preview_dialog = dialog
        dialog.open()
        self.preview_ready.emit(dialog)


class PreviewTooLong(AppError):
    code = "PREVIEW_TOO_LONG"
    default_message = "文档共{pages}页，超过预览上限{limit}页，请直接打印或另存为PDF。"
