"""Print fonts (ARCHITECTURE decision 13): a real CJK TrueType font embedded in every PDF, or no PDF at all.

Resolution order, for each of the two roles an official document needs (GB/T 9704 style):

* ``title``: 小标宋 where installed, else 黑体 (SimHei), else a sans CJK face (WenQuanYi);
* ``body``: 仿宋 (FangSong), else 宋体 (SimSun), else a Ming/Song face (AR PL UMing), else any CJK face.

Places, first hit wins per role: the configured path (argument, else the ``DIBAO_FONT_DIR`` environment variable; a
folder or one font file) → the Windows fonts folder → Linux system fonts (WenQuanYi, AR PL, Noto *TrueType*) →
a :class:`FontUnavailable` refusal that names the setting to fix. ReportLab embeds only TrueType (``glyf``)
outlines; an OpenType/CFF file (most Noto CJK ``.otf``/``.ttc``) is tried and skipped, never half-used.
A ``.ttc`` collection is searched by face name (``AR PL UMing CN`` before ``… TW``), not by a fixed index.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont, TTFontFile

from app.domain.errors import AppError

FONT_DIR_ENV = "DIBAO_FONT_DIR"

# Characters every official document prints; a face that lacks one is not a CJK print face.
_PROBE = "最低生活保障证第页共元整〔〕（）：，□■"


class FontUnavailable(AppError):
    code = "FONT_UNAVAILABLE"
    default_message = (
        "找不到可嵌入PDF的中文TrueType字体，无法打印（为保证各电脑打印一致，程序不使用未嵌入的字体）。"
        "请把仿宋、宋体或黑体字体文件（.ttf 或 .ttc）放到一个文件夹，"
        "然后在“设置 → 打印字体目录”中选择该文件夹，或设置环境变量 {env}=该文件夹路径；"
        "Linux 也可安装 fonts-arphic-uming 和 fonts-wqy-zenhei。已查找：{searched}"
    )


@dataclass(frozen=True, slots=True)
class FontFace:
    """One face inside a font file; ``index`` is the sub-font of a ``.ttc`` collection (0 for ``.ttf``)."""

    path: Path
    index: int
    family: str  # as the file names it, e.g. "AR PL UMing CN", "SimHei"

    @property
    def key(self) -> str:
        digest = hashlib.sha256(f"{self.path}#{self.index}".encode()).hexdigest()[:10]
        return f"dibao-{digest}"


@dataclass(frozen=True, slots=True)
class FontSet:
    """Registered ReportLab font names for the two roles, and the faces behind them."""

    title: str
    body: str
    title_face: FontFace
    body_face: FontFace


@dataclass(frozen=True, slots=True)
class _Want:
    file: str  # file name, case-insensitive
    family: str = ""  # a ``.ttc`` face whose family name starts with this; "" = first usable face


# Preference lists per role. Windows names are the ones shipped with Chinese Windows; 方正小标宋 is the usual
# government install. Linux names are the Debian/UOS/Kylin package file names.
_TITLE_WANTS: tuple[_Want, ...] = (
    _Want("FZXBSJW.TTF"),
    _Want("方正小标宋简体.ttf"),
    _Want("方正小标宋_GBK.ttf"),
    _Want("simhei.ttf"),
    _Want("wqy-zenhei.ttc", "WenQuanYi Zen Hei"),
    _Want("wqy-microhei.ttc", "WenQuanYi Micro Hei"),
    _Want("NotoSansSC-Regular.ttf"),
    _Want("NotoSansCJKsc-Regular.ttf"),
)
_BODY_WANTS: tuple[_Want, ...] = (
    _Want("simfang.ttf"),
    _Want("FZFSJW.TTF"),
    _Want("仿宋_GB2312.ttf"),
    _Want("simsun.ttc", "SimSun"),
    _Want("simsun.ttf"),
    _Want("uming.ttc", "AR PL UMing CN"),
    _Want("NotoSerifSC-Regular.ttf"),
    _Want("NotoSerifCJKsc-Regular.ttf"),
    _Want("wqy-zenhei.ttc", "WenQuanYi Zen Hei"),
    _Want("wqy-microhei.ttc", "WenQuanYi Micro Hei"),
    _Want("ukai.ttc", "AR PL UKai CN"),
)

LINUX_FONT_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local" / "share" / "fonts",
    Path.home() / ".fonts",
)

_lock = threading.Lock()
_face_cache: dict[tuple[Path, str], FontFace | None] = {}


def windows_font_dirs(env: Mapping[str, str] | None = None) -> tuple[Path, ...]:
    env = os.environ if env is None else env
    windir = Path(env.get("WINDIR") or env.get("SystemRoot") or r"C:\Windows")
    dirs = [windir / "Fonts"]
    local = env.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return tuple(dirs)


def resolve_fonts(
    configured: Path | str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    windows_dirs: Sequence[Path] | None = None,
    linux_dirs: Sequence[Path] | None = None,
) -> FontSet:
    """Find, check and register the title and body faces. Raises :class:`FontUnavailable` with what was searched.

    ``configured`` (a folder or a file) wins; without it the ``DIBAO_FONT_DIR`` environment variable is read.
    A configured path that holds no usable font is an error, not a silent fall-through, so a mistyped setting
    is noticed.
    """
    env = os.environ if env is None else env
    if configured is None and env.get(FONT_DIR_ENV):
        configured = env[FONT_DIR_ENV]
    searched: list[str] = []

    if configured is not None and str(configured).strip():
        path = Path(configured).expanduser()
        searched.append(f"{FONT_DIR_ENV}/设置={path}")
        files = _font_files_in(path)
        title = _pick(_TITLE_WANTS, files) or _any_cjk(files)
        if title is None:
            raise FontUnavailable(env=FONT_DIR_ENV, searched="；".join(searched))
        return _register(title, _pick(_BODY_WANTS, files) or title)

    if windows_dirs is None:
        windows_dirs = windows_font_dirs(env) if sys.platform == "win32" else ()
    if linux_dirs is None:
        linux_dirs = LINUX_FONT_DIRS if sys.platform != "win32" else ()

    for group in (windows_dirs, linux_dirs):
        folders = [d for d in group if d.is_dir()]
        searched.extend(str(d) for d in group)
        files = [f for d in folders for f in _font_files_in(d)]
        title = _pick(_TITLE_WANTS, files)
        body = _pick(_BODY_WANTS, files)
        chosen = title or body
        if chosen is not None:
            return _register(title or chosen, body or chosen)
    raise FontUnavailable(env=FONT_DIR_ENV, searched="；".join(searched) or "（无）")


def _register(title: FontFace, body: FontFace) -> FontSet:
    with _lock:
        for face in {title, body}:
            if face.key not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(face.key, str(face.path), subfontIndex=face.index))
    return FontSet(title=title.key, body=body.key, title_face=title, body_face=body)


def _font_files_in(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    found: list[Path] = []
    try:
        for root, _dirs, names in os.walk(path):
            found.extend(Path(root) / n for n in names if n.lower().endswith((".ttf", ".ttc")))
    except OSError:
        return []
    return sorted(found)


def _pick(wants: Iterable[_Want], files: Sequence[Path]) -> FontFace | None:
    by_name: dict[str, list[Path]] = {}
    for f in files:
        by_name.setdefault(f.name.lower(), []).append(f)
    for want in wants:
        for f in by_name.get(want.file.lower(), []):
            face = load_face(f, want.family)
            if face is not None:
                return face
    return None


def _any_cjk(files: Sequence[Path]) -> FontFace | None:
    for f in files:
        face = load_face(f, "")
        if face is not None:
            return face
    return None


def load_face(path: Path, family: str = "") -> FontFace | None:
    """The first face in ``path`` (whose family starts with ``family``) that is TrueType, embeddable and CJK."""
    cache_key = (path, family)
    with _lock:
        if cache_key in _face_cache:
            return _face_cache[cache_key]
    face = _probe(path, family)
    with _lock:
        _face_cache[cache_key] = face
    return face


def _probe(path: Path, family: str) -> FontFace | None:
    fallback: FontFace | None = None
    for index in range(_face_count(path)):
        try:
            ttf = TTFontFile(str(path), subfontIndex=index)
        except (TTFError, OSError, ValueError, KeyError, IndexError):
            continue  # CFF outlines, no-embedding licence, damaged file: not printable here
        if not all(ord(c) in ttf.charToGlyph for c in _PROBE):
            continue
        name = _text(ttf.familyName)
        face = FontFace(path, index, name)
        if not family or name.startswith(family):
            return face
        fallback = fallback or face
    return fallback


def _face_count(path: Path) -> int:
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
    except OSError:
        return 0
    if head[:4] == b"ttcf":
        return int.from_bytes(head[8:12], "big")
    return 1


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)
