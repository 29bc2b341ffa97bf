"""The encrypted engine (ARCHITECTURE decision 3, SECURITY.md §c).

The plain ``sqlite://`` dialect with ``module=sqlcipher3`` and a ``creator`` that keys each new connection with the
raw 32-byte data key through ``set_key`` — no SQL text holds the key, so it never reaches a statement cache or a log.
NullPool, because a pooled keyed connection would outlive a lock. Never the ``sqlite+pysqlcipher://`` URL form.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, cast

import sqlcipher3  # pyright: ignore[reportMissingTypeStubs]
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

from app.domain.errors import CryptoConfigError, StoreDamaged, WrongPassword

DEK_BYTES = 32
# The driver ships no type information; one typed alias keeps the Unknowns out of strict checking.
_DRIVER: Any = cast(Any, sqlcipher3)

# SQLCipher 4 defaults we insist on; a build with other defaults is refused rather than trusted (SECURITY T06).
EXPECTED_CIPHER_SETTINGS = {
    "kdf_iter": "256000",
    "cipher_page_size": "4096",
    "cipher_use_hmac": "1",
    "cipher_plaintext_header_size": "0",
    "cipher_hmac_algorithm": "HMAC_SHA512",
    "cipher_kdf_algorithm": "PBKDF2_HMAC_SHA512",
}

CONNECTION_PRAGMAS = (
    "journal_mode = WAL",
    "synchronous = FULL",
    "temp_store = MEMORY",
    "secure_delete = ON",
    "foreign_keys = ON",
    "trusted_schema = OFF",
    "busy_timeout = 5000",
    "journal_size_limit = 67108864",
)

_SETTING = re.compile(r"PRAGMA (\w+) = (\S+);")


def _keyspec(dek: bytes | bytearray) -> bytearray:
    if len(dek) != DEK_BYTES:
        raise ValueError("data key must be 32 bytes")
    return bytearray(b"x'") + bytearray(bytes(dek).hex().encode("ascii")) + bytearray(b"'")


def _wipe(buf: bytearray) -> None:
    for i in range(len(buf)):
        buf[i] = 0


def connect_raw(db_file: Path, dek: bytes | bytearray, *, create: bool = False) -> Any:
    """Open one keyed DB-API connection, verify the key and the cipher configuration, set the pragmas.

    ``create=False`` refuses a missing file: SQLite would otherwise create a new empty database (Signal #5097).
    """
    if not create and not db_file.exists():
        raise StoreDamaged(detail=f"数据库文件 {db_file.name} 不存在")
    conn: Any = _DRIVER.connect(str(db_file), isolation_level=None, check_same_thread=False)
    spec = _keyspec(dek)
    try:
        conn.set_key(spec)
    finally:
        _wipe(spec)
    try:
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except _DRIVER.DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc):
            # Either the key is wrong or page 1 is damaged; both look the same to SQLCipher.
            raise WrongPassword("数据密钥无法打开数据库：密钥不符，或数据库文件头已损坏。") from None
        raise StoreDamaged(detail=str(exc)) from None
    try:
        check_cipher_config(conn)
        for pragma in CONNECTION_PRAGMAS:
            conn.execute(f"PRAGMA {pragma}").fetchall()
    except Exception:
        conn.close()
        raise
    return conn


def raw_integrity_check(db_file: Path, dek: bytes | bytearray) -> list[str]:
    """SQLCipher's page-by-page MAC check on a keyed connection that reads nothing else first.

    Used when the store cannot even be opened: the report still names the damaged pages.
    """
    conn: Any = _DRIVER.connect(str(db_file), isolation_level=None, check_same_thread=False)
    spec = _keyspec(dek)
    try:
        conn.set_key(spec)
        _wipe(spec)
        return [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    except _DRIVER.DatabaseError as exc:
        return [str(exc)]
    finally:
        _wipe(spec)
        conn.close()


def check_cipher_config(conn: Any) -> None:
    version = conn.execute("PRAGMA cipher_version").fetchone()
    if not version or not str(version[0]).startswith("4."):
        raise CryptoConfigError(detail=f"需要 SQLCipher 4，实际为 {version[0] if version else '无'}")
    got: dict[str, str] = {}
    for (line,) in conn.execute("PRAGMA cipher_settings").fetchall():
        match = _SETTING.match(str(line))
        if match:
            got[match.group(1)] = match.group(2)
    wrong = {k: got.get(k) for k, v in EXPECTED_CIPHER_SETTINGS.items() if got.get(k) != v}
    if wrong:
        raise CryptoConfigError(detail=f"加密参数不符：{wrong}")
    options = {str(r[0]) for r in conn.execute("PRAGMA compile_options").fetchall()}
    if "HAS_CODEC" not in options or not ({"TEMP_STORE=2", "TEMP_STORE=3"} & options):
        raise CryptoConfigError(detail="编译选项缺少 HAS_CODEC 或 TEMP_STORE=2/3")


def make_engine(db_file: Path, dek: bytes | bytearray, *, echo: bool = False) -> Engine:
    """An engine whose every connection is keyed, checked and configured; the DEK copy lives in the closure only."""
    key = bytearray(dek)

    def creator() -> Any:
        return connect_raw(db_file, key)

    engine = create_engine(
        "sqlite://",
        module=sqlcipher3,
        creator=creator,
        poolclass=NullPool,
        hide_parameters=True,
        echo=echo,
    )

    @event.listens_for(engine, "engine_disposed")
    def _forget_key(_engine: Engine) -> None:  # pyright: ignore[reportUnusedFunction]
        _wipe(key)

    # SQLAlchemy's pysqlite dialect would otherwise issue its own BEGIN handling; we want real transactions that
    # start at the first statement (the documented recipe for the sqlite driver).
    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:  # pyright: ignore[reportUnusedFunction]
        conn.exec_driver_sql("BEGIN")

    return engine


def verify_runtime_pragmas(conn: Any) -> dict[str, str]:
    """The values T06 asserts, read back from a live connection."""

    def one(sql: str) -> str:
        return str(conn.execute(sql).fetchone()[0])

    return {
        "journal_mode": one("PRAGMA journal_mode"),
        "synchronous": one("PRAGMA synchronous"),
        "temp_store": one("PRAGMA temp_store"),
        "secure_delete": one("PRAGMA secure_delete"),
        "foreign_keys": one("PRAGMA foreign_keys"),
    }
