"""T06 crypto self-check, T12 dialect pitfalls, and the rule that opening never creates a database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from app.db import engine as engine_mod
from app.db.engine import EXPECTED_CIPHER_SETTINGS, connect_raw, make_engine, verify_runtime_pragmas
from app.db.store import OpenStore
from app.domain.errors import CryptoConfigError, StoreDamaged


def test_runtime_pragmas_match_the_security_configuration(store: OpenStore) -> None:
    with store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        got = verify_runtime_pragmas(raw)
        assert got == {
            "journal_mode": "wal",
            "synchronous": "2",
            "temp_store": "2",
            "secure_delete": "1",
            "foreign_keys": "1",
        }
        version = conn.exec_driver_sql("PRAGMA cipher_version").scalar_one()
        assert str(version).startswith("4.")
        options = {r[0] for r in conn.exec_driver_sql("PRAGMA compile_options")}
        assert "HAS_CODEC" in options
        assert {"TEMP_STORE=2", "TEMP_STORE=3"} & options
        settings = dict(
            line[0].removeprefix("PRAGMA ").rstrip(";").split(" = ")
            for line in conn.exec_driver_sql("PRAGMA cipher_settings")
        )
        for key, value in EXPECTED_CIPHER_SETTINGS.items():
            assert settings[key] == value


class _FakeConn:
    def __init__(self, settings: list[str], version: str = "4.12.0 community") -> None:
        self._settings = settings
        self._version = version

    def execute(self, sql: str) -> _FakeConn:
        self._last = sql
        return self

    def fetchone(self) -> tuple[str]:
        return (self._version,)

    def fetchall(self) -> list[tuple[str]]:
        if "cipher_settings" in self._last:
            return [(s,) for s in self._settings]
        return [("HAS_CODEC",), ("TEMP_STORE=2",)]


def _good_settings() -> list[str]:
    return [f"PRAGMA {k} = {v};" for k, v in EXPECTED_CIPHER_SETTINGS.items()]


def test_self_check_accepts_the_expected_configuration() -> None:
    engine_mod.check_cipher_config(_FakeConn(_good_settings()))


@pytest.mark.parametrize(
    ("key", "bad"),
    [
        ("kdf_iter", "64000"),
        ("cipher_use_hmac", "0"),
        ("cipher_plaintext_header_size", "32"),
        ("cipher_page_size", "1024"),
        ("cipher_hmac_algorithm", "HMAC_SHA1"),
    ],
)
def test_self_check_refuses_weakened_settings(key: str, bad: str) -> None:
    settings = [
        s if not s.startswith(f"PRAGMA {key} ") else f"PRAGMA {key} = {bad};" for s in _good_settings()
    ]
    with pytest.raises(CryptoConfigError):
        engine_mod.check_cipher_config(_FakeConn(settings))


def test_self_check_refuses_sqlcipher_3() -> None:
    with pytest.raises(CryptoConfigError, match="SQLCipher 4"):
        engine_mod.check_cipher_config(_FakeConn(_good_settings(), version="3.4.2"))


def test_engine_uses_creator_on_plain_dialect_and_never_shows_the_key(tmp_path: Path) -> None:
    dek = os.urandom(32)
    db = tmp_path / "x.db"
    connect_raw(db, dek, create=True).close()
    eng = make_engine(db, dek)
    try:
        assert eng.dialect.name == "sqlite"
        assert type(eng.pool).__name__ == "NullPool"
        assert eng.hide_parameters is True
        for shown in (str(eng.url), repr(eng.url), repr(eng)):
            assert dek.hex() not in shown
            assert "pysqlcipher" not in shown
        with eng.connect() as conn:
            assert conn.execute(text("select 1")).scalar_one() == 1
        # SQLAlchemy imports every sqlite dialect module; what matters is which one this engine uses.
        assert "pysqlcipher" not in type(eng.dialect).__module__
        assert type(eng.dialect).__name__ == "SQLiteDialect_pysqlite"
    finally:
        eng.dispose()


def test_opening_a_missing_file_never_creates_one(tmp_path: Path) -> None:
    db = tmp_path / "absent.db"
    with pytest.raises(StoreDamaged):
        connect_raw(db, os.urandom(32))
    assert not db.exists()


def test_no_connection_is_kept_after_close(store: OpenStore) -> None:
    """T11: NullPool keeps nothing; after close every ORM call raises 'locked' and no handle stays open."""
    from app.domain.errors import StoreLocked

    with store.reading() as session:
        session.execute(text("select 1"))
    db = store.paths.db
    store.close()
    open_handles = [p for p in Path("/proc/self/fd").iterdir() if _target(p).startswith(str(db))]
    assert open_handles == []
    with pytest.raises(StoreLocked), store.reading():
        pass
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0


def _target(p: Path) -> str:
    try:
        return os.readlink(p)
    except OSError:
        return ""
