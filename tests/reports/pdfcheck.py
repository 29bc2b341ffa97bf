"""PDF checks shared by the report, printing and CLI tests: text, embedded fonts, page images, golden files."""

from __future__ import annotations

import io
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pdfplumber
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

GOLDEN_DIR = Path(__file__).parent / "golden"
UPDATE_ENV = "DIBAO_UPDATE_GOLDEN"
GOLDEN_DPI = 36
TILE = 24
# Mean absolute difference (0-255): over the page, and over the worst tile. Anti-aliasing noise between
# FreeType builds stays well under these; a changed name, figure or line moves a tile far past them.
PAGE_TOLERANCE = 1.5
TILE_TOLERANCE = 8.0


def page_texts(pdf: bytes) -> list[str]:
    """Text per page, upright characters only (the diagonal watermark would interleave otherwise)."""
    out: list[str] = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            upright = page.filter(lambda o: o.get("object_type") != "char" or _upright(o))
            out.append(upright.extract_text() or "")
    return out


def _upright(obj: dict[str, Any]) -> bool:
    # pdfplumber's own "upright" flag ignores a rotated text matrix; the matrix itself does not.
    matrix = obj.get("matrix") or (1, 0, 0, 1, 0, 0)
    return abs(matrix[1]) < 1e-6 and abs(matrix[2]) < 1e-6


def text(pdf: bytes) -> str:
    return "\n".join(page_texts(pdf))


def flat(pdf: bytes) -> str:
    """All text without whitespace or line breaks: a wrapped value is found whole."""
    return "".join(text(pdf).split())


def all_chars(pdf: bytes) -> str:
    """Every character on every page, rotated ones included."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "".join(c["text"] for page in doc.pages for c in page.chars)


def chars_outside(pdf: bytes, margin: float = 0.0) -> list[str]:
    """Upright characters drawn outside the page (less ``margin`` points): overflow that would not print."""
    bad: list[str] = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for n, page in enumerate(doc.pages, start=1):
            for c in page.chars:
                if not _upright(c):
                    continue
                if (
                    c["x0"] < margin
                    or c["x1"] > page.width - margin
                    or c["top"] < margin
                    or c["bottom"] > page.height - margin
                ):
                    bad.append(f"p{n}:{c['text']}@{c['x0']:.0f},{c['top']:.0f}")
    return bad


def font_problems(pdf: bytes) -> list[str]:
    """Fonts without an embedded program (FontFile2/FontFile3/FontFile); empty when every font is embedded."""
    problems: list[str] = []
    reader = PdfReader(io.BytesIO(pdf))
    seen = 0
    for n, page in enumerate(reader.pages, start=1):
        resources: Any = page.get("/Resources")
        if resources is None:
            continue
        fonts: Any = resources.get_object().get("/Font")
        if fonts is None:
            continue
        for name, ref in fonts.get_object().items():
            seen += 1
            font: DictionaryObject = ref.get_object()
            target: Any = font
            if font.get("/Subtype") == "/Type0":
                target = font["/DescendantFonts"][0].get_object()
            descriptor: Any = target.get("/FontDescriptor")
            if descriptor is None:
                problems.append(f"page {n} {name} {font.get('/BaseFont')}: no FontDescriptor (not embedded)")
                continue
            descriptor = descriptor.get_object()
            if not any(k in descriptor for k in ("/FontFile2", "/FontFile3", "/FontFile")):
                problems.append(f"page {n} {name} {font.get('/BaseFont')}: descriptor without font file")
    if seen == 0:
        problems.append("no fonts at all")
    return problems


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def render_pages(
    pdf: bytes, dpi: int = GOLDEN_DPI, *, first: int | None = None, last: int | None = None
) -> list[Image.Image]:
    """Grey page images through poppler's pdftoppm (an independent renderer, as a printer driver would be)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        cmd = ["pdftoppm", "-r", str(dpi), "-gray", "-png"]
        if first is not None:
            cmd += ["-f", str(first)]
        if last is not None:
            cmd += ["-l", str(last)]
        subprocess.run([*cmd, str(src), str(Path(tmp) / "p")], check=True, capture_output=True)
        images = []
        for f in sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1])):
            with Image.open(f) as im:
                images.append(im.convert("L"))
        return images


def difference(a: Image.Image, b: Image.Image) -> tuple[float, float]:
    """(page mean, worst tile mean) of the absolute difference; sizes must match."""
    if a.size != b.size:
        return (255.0, 255.0)
    diff = ImageChops.difference(a, b)
    page = ImageStat.Stat(diff).mean[0]
    worst = 0.0
    for y in range(0, diff.height, TILE):
        for x in range(0, diff.width, TILE):
            tile = diff.crop((x, y, min(x + TILE, diff.width), min(y + TILE, diff.height)))
            worst = max(worst, ImageStat.Stat(tile).mean[0])
    return (page, worst)


def check_golden(name: str, pdf: bytes, *, pages: int = 1) -> None:
    """Compare the first ``pages`` page images with tests/reports/golden/NAME-N.png.

    Regenerate deliberately with DIBAO_UPDATE_GOLDEN=1 (and look at the new images before committing them).
    """
    images = render_pages(pdf, first=1, last=pages)
    for n, image in enumerate(images, start=1):
        path = GOLDEN_DIR / f"{name}-{n}.png"
        if os.environ.get(UPDATE_ENV) == "1":
            GOLDEN_DIR.mkdir(exist_ok=True)
            image.save(path, optimize=True)
            continue
        assert path.exists(), f"no golden image {path.name}; create it with {UPDATE_ENV}=1"
        with Image.open(path) as im:
            golden = im.convert("L")
        page, worst = difference(image, golden)
        assert page <= PAGE_TOLERANCE and worst <= TILE_TOLERANCE, (
            f"{path.name}: page differs from golden (mean {page:.2f}, worst tile {worst:.2f}); "
            f"if the change is intended, regenerate with {UPDATE_ENV}=1"
        )
