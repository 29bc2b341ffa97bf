"""PDF pages → QImage, in memory (no temporary files: the pages carry personal data).

PySide6-Essentials ships no QtPdf, so pages are rasterised by pypdfium2 when it is importable (it comes with
pdfplumber; bundle it in the installer), else by poppler's ``pdftoppm`` through pipes. Neither → a Chinese refusal.
pdfium is not thread-safe, so its calls are serialised by a lock; images are made at a bounded resolution and
scaled by the printer, so a 1200 dpi printer does not make 140-megapixel pages.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import threading
from collections.abc import Callable
from typing import Any

from PIL import Image
from PySide6.QtGui import QImage

from app.domain.errors import AppError

PREVIEW_DPI = 110
PRINT_DPI = 300

_pdfium_lock = threading.Lock()


class RasterUnavailable(AppError):
    code = "RASTER_UNAVAILABLE"
    default_message = (
        "无法生成打印页面：缺少PDF渲染组件（pypdfium2 或 poppler-utils 的 pdftoppm）。"
        "可以先“另存为PDF”，再用其他程序打印；或请管理员重新安装本程序。"
    )


def _load_pdfium() -> Any | None:
    try:
        import pypdfium2
    except ImportError:
        return None
    return pypdfium2


def backend() -> str:
    """``"pdfium"``, ``"pdftoppm"`` or ``""`` when neither is available."""
    if _load_pdfium() is not None:
        return "pdfium"
    if shutil.which("pdftoppm"):
        return "pdftoppm"
    return ""


class PdfPages:
    """A PDF whose pages are rendered on demand (one at a time, so memory stays one page deep)."""

    def __init__(self, pdf: bytes, *, prefer: str | None = None) -> None:
        self.pdf = pdf
        self._backend = prefer or backend()
        if not self._backend:
            raise RasterUnavailable()
        self._render: Callable[[int, int], Image.Image]
        if self._backend == "pdfium":
            pdfium = _load_pdfium()
            assert pdfium is not None
            with _pdfium_lock:
                self._doc = pdfium.PdfDocument(pdf)
                self._count = len(self._doc)
            self._render = self._render_pdfium
        else:
            self._count = _pdftoppm_count(pdf)
            self._render = self._render_pdftoppm

    @property
    def backend(self) -> str:
        return self._backend

    def __len__(self) -> int:
        return self._count

    def image(self, index: int, dpi: int = PRINT_DPI) -> QImage:
        if not 0 <= index < self._count:
            raise IndexError(index)
        return to_qimage(self._render(index, dpi))

    def close(self) -> None:
        if self._backend == "pdfium":
            with _pdfium_lock:
                self._doc.close()

    def _render_pdfium(self, index: int, dpi: int) -> Image.Image:
        with _pdfium_lock:
            page = self._doc[index]
            try:
                return page.render(scale=dpi / 72).to_pil().convert("RGB")
            finally:
                page.close()

    def _render_pdftoppm(self, index: int, dpi: int) -> Image.Image:
        out = subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-png",
                "-singlefile",
                "-f",
                str(index + 1),
                "-l",
                str(index + 1),
                "-",
            ],
            input=self.pdf,
            capture_output=True,
            check=True,
        ).stdout
        with Image.open(io.BytesIO(out)) as im:
            return im.convert("RGB")


def _pdftoppm_count(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=False)
    for line in info.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("Pages:"):
            return int(line.split(":", 1)[1])
    # Without pdfinfo, count by rendering at a tiny size until pdftoppm refuses.
    n = 0
    while subprocess.run(
        ["pdftoppm", "-r", "4", "-png", "-singlefile", "-f", str(n + 1), "-l", str(n + 1), "-"],
        input=pdf,
        capture_output=True,
        check=False,
    ).stdout:
        n += 1
    return n


def to_qimage(image: Image.Image) -> QImage:
    rgb = image.convert("RGB")
    data = rgb.tobytes()
    qimage = QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888)
    return qimage.copy()  # own the pixels: ``data`` goes away with this frame
