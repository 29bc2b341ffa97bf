"""Where a store lives and what is in its folder — light enough to import before the login window appears."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.errors import StoreDamaged, StoreMissing

if TYPE_CHECKING:
    from app.db.keyslots import SlotFile

DB_NAME = "dibao.db"
SLOTS_NAME = "keyslots.json"
LOCKOUT_NAME = "unlock-state.json"


def default_store_dir() -> Path:
    """The platform's per-user data folder (never a network share: WAL needs local shared memory)."""
    override = os.environ.get("DIBAO_STORE")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
        return base / "DibaoField" / "store"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "DibaoField" / "store"
    base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "dibao-field" / "store"


@dataclass(frozen=True, slots=True)
class StorePaths:
    root: Path

    @property
    def db(self) -> Path:
        return self.root / DB_NAME

    @property
    def slots(self) -> Path:
        return self.root / SLOTS_NAME

    @property
    def lockout(self) -> Path:
        return self.root / LOCKOUT_NAME

    def exists(self) -> bool:
        return self.db.exists() or self.slots.exists()


MIN_PASSWORD_LENGTH = 8


def read_slots(root: Path) -> SlotFile:
    paths = StorePaths(root)
    if not paths.exists():
        raise StoreMissing(path=str(root))
    if not paths.db.exists():
        raise StoreDamaged(detail=f"{DB_NAME} 不存在")
    from app.db import keyslots  # cryptography and Argon2 load with the first slot read, not at start-up

    return keyslots.load(paths.slots)
