"""Printing from the app: preview offscreen, print to a PDF printer, save, batch progress, refusals, audit."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QProgressBar, QWidget
from pytestqt.qtbot import QtBot

from app.services.documents import DocumentKind
from app.services.printing import PrintOutput
from reports import certificate, denial
from reports.catalog import render_certificates
from tests.reports import samples
from tests.reports.pdfcheck import page_count
from ui.printing.controller import PrintController, PrintRequest, a4_printer
from ui.printing.raster import PdfPages, backend
from ui.printing.worker import Progress

Audit = list[tuple[PrintRequest, PrintOutput]]


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    w = QWidget()
    qtbot.addWidget(w)
    return w


@pytest.fixture
def audit() -> Audit:
    return []


@pytest.fixture
def controller(window: QWidget, audit: Audit) -> PrintController:
    return PrintController(window, audit=lambda req, out: audit.append((req, out)))


def _denial_pdf(threads: list[int]) -> object:
    def make(progress: Progress) -> bytes:
        threads.append(threading.get_ident())
        progress(0, 1)
        return denial.render(samples.denial())

    return make


def test_preview_opens_offscreen_and_generation_is_off_the_ui_thread(
    qtbot: QtBot, controller: PrintController, audit: Audit
) -> None:
    threads: list[int] = []
    request = PrintRequest(DocumentKind.DENIAL, ("case-1",))
    with qtbot.waitSignal(controller.preview_ready, timeout=30000) as ready:
        controller.preview(request, _denial_pdf(threads))  # type: ignore[arg-type]
    dialog = ready.args[0]
    assert isinstance(dialog, QPrintPreviewDialog)
    assert dialog.isVisible()
    assert "打印预览" in dialog.windowTitle()
    assert threads and threads[0] != threading.get_ident()
    assert audit == []  # a preview alone is not a print
    dialog.reject()
    qtbot.waitUntil(lambda: controller.preview_dialog is None)
    assert audit == []


def test_accepting_the_preview_counts_as_a_print(
    qtbot: QtBot, controller: PrintController, audit: Audit
) -> None:
    request = PrintRequest(DocumentKind.DENIAL, ("case-1",))
    with qtbot.waitSignal(controller.preview_ready, timeout=30000) as ready:
        controller.preview(request, _denial_pdf([]))  # type: ignore[arg-type]
    with qtbot.waitSignal(controller.printed):
        ready.args[0].accept()
    assert audit == [(request, "print")]


def test_printing_to_a_pdf_printer_produces_a_file(
    qtbot: QtBot, controller: PrintController, audit: Audit, tmp_path: Path
) -> None:
    out = tmp_path / "printed.pdf"
    printer = a4_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    source = denial.render(samples.denial())
    request = PrintRequest(DocumentKind.DENIAL, ("case-1",))
    with qtbot.waitSignal(controller.printed, timeout=60000) as printed:
        controller.print_direct(request, lambda _p: source, printer)
    assert printed.args == [page_count(source)]
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert page_count(data) == page_count(source)
    assert audit == [(request, "print")]


def test_save_as_pdf_writes_the_document_and_is_audited_as_an_export(
    qtbot: QtBot, controller: PrintController, audit: Audit, tmp_path: Path
) -> None:
    source = certificate.render(samples.certificate(reprint=1))
    request = PrintRequest(DocumentKind.CERTIFICATE, ("case-1",), reprint=True)
    with qtbot.waitSignal(controller.saved, timeout=30000) as saved:
        controller.save_pdf(request, lambda _p: source, tmp_path / "证")
    path = Path(saved.args[0])
    assert path == tmp_path / "证.pdf"
    assert path.read_bytes() == source
    assert path.stat().st_mode & 0o077 == 0
    assert audit == [(request, "pdf")]


def test_a_refused_document_writes_nothing_and_explains_in_chinese(
    qtbot: QtBot, controller: PrintController, audit: Audit, tmp_path: Path
) -> None:
    import dataclasses

    incomplete = dataclasses.replace(samples.denial(), reasons=())
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "x.pdf"
    with qtbot.waitSignal(controller.failed, timeout=30000) as failed:
        controller.save_pdf(
            PrintRequest(DocumentKind.DENIAL, ("c",)), lambda _p: denial.render(incomplete), target
        )
    assert "不予同意的理由" in failed.args[0]
    assert not target.exists()
    assert list(out_dir.iterdir()) == []  # no temporary file left behind either
    assert audit == []


def test_batch_shows_progress_and_can_be_cancelled(
    qtbot: QtBot, window: QWidget, controller: PrintController, tmp_path: Path
) -> None:
    docs = [samples.certificate(number=f"360222900-2026-{n:06d}") for n in range(1, 13)]
    seen: list[tuple[int, int]] = []

    def make(progress: Progress) -> bytes:
        for n in range(len(docs)):
            progress(n + 1, len(docs))
        return render_certificates(docs)

    job = controller.save_pdf(
        PrintRequest(DocumentKind.CERTIFICATE, tuple(d.number for d in docs)),
        make,
        tmp_path / "batch.pdf",
        batch=True,
    )
    assert job is not None
    dialog = window.findChild(QWidget, "printProgress")
    assert dialog is not None
    assert dialog.isVisible()
    bar = dialog.findChild(QProgressBar)
    assert bar is not None
    # Progress arrives by queued signal, so it is seen by whatever connects before the event loop runs.
    bar.valueChanged.connect(lambda v: seen.append((v, bar.maximum())))
    with qtbot.waitSignal(controller.saved, timeout=60000):
        pass
    assert page_count((tmp_path / "batch.pdf").read_bytes()) == len(docs)
    assert seen[-1] == (len(docs), len(docs))

    def slow(progress: Progress) -> bytes:
        for n in range(1000):
            threading.Event().wait(0.005)
            progress(n, 1000)
        return b""

    job = controller.save_pdf(PrintRequest(DocumentKind.ROSTER), slow, tmp_path / "never.pdf", batch=True)
    assert job is not None
    with qtbot.waitSignal(controller.failed, timeout=30000) as failed:
        job.cancel()
    assert "已取消" in failed.args[0]
    assert not (tmp_path / "never.pdf").exists()


@pytest.mark.skipif(backend() != "pdfium", reason="pypdfium2 not installed")
def test_both_rasterisers_agree(qtbot: QtBot) -> None:
    pdf = denial.render(samples.denial())
    a, b = PdfPages(pdf, prefer="pdfium"), PdfPages(pdf, prefer="pdftoppm")
    assert len(a) == len(b) == page_count(pdf)
    ia, ib = a.image(0, 50), b.image(0, 50)
    assert abs(ia.width() - ib.width()) <= 1 and abs(ia.height() - ib.height()) <= 1
    a.close()
