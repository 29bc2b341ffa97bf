"""Shared fixtures: a fixed clock, a cheap KDF (the real one is slow by design), and an unlocked store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.db.keyslots import KdfParams
from app.db.store import OpenStore, create_store, unlock
from app.domain.clock import FixedClock

CHEAP_KDF = KdfParams(time_cost=1, memory_kib=1024, parallelism=1)
ADMIN_PASSWORD = "admin-pass-1"


@pytest.fixture(autouse=True)
def _private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own TMPDIR and XDG folders so scanners see only what the test wrote."""
    for var, sub in (
        ("TMPDIR", "tmp"),
        ("XDG_DATA_HOME", "xdg-data"),
        ("XDG_STATE_HOME", "xdg-state"),
        ("XDG_CONFIG_HOME", "xdg-config"),
        ("XDG_CACHE_HOME", "xdg-cache"),
    ):
        folder = tmp_path / sub
        folder.mkdir()
        monkeypatch.setenv(var, str(folder))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 9, 18, 2, 0, tzinfo=UTC))


@pytest.fixture
def store_dir(tmp_path: Path, clock: FixedClock) -> Path:
    root = tmp_path / "store"
    create_store(
        root,
        admin_login="admin",
        admin_password=ADMIN_PASSWORD,
        admin_name="管理员",
        clock=clock,
        kdf=CHEAP_KDF,
    )
    return root


@pytest.fixture
def store(store_dir: Path, clock: FixedClock) -> Iterator[OpenStore]:
    opened = unlock(store_dir, "admin", ADMIN_PASSWORD, clock=clock)
    yield opened
    opened.close()
