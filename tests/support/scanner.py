"""The shared plaintext scanner (SECURITY.md (b)): grep folders for markers, fake IDs, key material and magic numbers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MAGIC = {
    b"SQLite format 3\x00": "SQLite 明文数据库",
    b"\xff\xd8\xff": "JPEG",
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"%PDF-": "PDF",
}


@dataclass(frozen=True)
class Hit:
    path: Path
    what: str


def scan(folders: list[Path], needles: list[bytes], *, magic: bool = True) -> list[Hit]:
    hits: list[Hit] = []
    for folder in folders:
        if not folder.exists():
            continue
        for path in [folder] if folder.is_file() else sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
            for needle in needles:
                if needle and needle in data:
                    hits.append(Hit(path, f"needle {needle[:12]!r}"))
            if magic:
                for sig, name in MAGIC.items():
                    if data.startswith(sig):
                        hits.append(Hit(path, name))
    return hits


def variants(text: str) -> list[bytes]:
    """A value as it could appear on disk: UTF-8, UTF-16 (Qt strings), and hex."""
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-8").hex().encode()]
