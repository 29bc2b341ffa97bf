"""The store folder: the encrypted database, the key-slot file and the unlock state, created owner-only.

``create_store`` is the only code path that makes a database file. ``unlock`` opens an existing one and never
creates anything: a missing or damaged file is reported, never replaced by a new empty database (Signal #5097).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, insert, select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from app.db import audit, keyslots
from app.db.atomic import make_private_dir
from app.db.engine import _wipe, connect_raw, make_engine, raw_integrity_check  # pyright: ignore[reportPrivateUsage]
from app.db.keyslots import KdfParams, SlotFile
from app.db.lockout import Lockout
from app.db.models import StoreMeta, User
from app.db.paths import MIN_PASSWORD_LENGTH, StorePaths, read_slots
from app.domain.actor import Actor, staff_user_id
from app.domain.clock import Clock
from app.domain.errors import (
    AppError,
    StoreDamaged,
    StoreExists,
    StoreLocked,
    UnknownUser,
    WrongPassword,
)
from app.domain.roles import Role


@dataclass(frozen=True, slots=True)
class CreatedStore:
    store_id: str
    device_id: str
    admin_user_id: str
    recovery_code: str | None  # shown once at setup when no county key is configured


def create_store(
    root: Path,
    *,
    admin_login: str,
    admin_password: str,
    admin_name: str,
    clock: Clock,
    kdf: KdfParams | None = None,
    county_public_pem: bytes | None = None,
) -> CreatedStore:
    """``kdf`` None: calibrate Argon2id on this machine (about 0.75 s per unlock)."""
    paths = StorePaths(root)
    if paths.exists():
        raise StoreExists(path=str(root))
    _check_password_policy(admin_password)
    kdf = kdf or keyslots.calibrated_kdf()
    old_umask = os.umask(0o077)  # Windows accepts it too (and ignores what it cannot express)
    try:
        make_private_dir(root)
        store_id, device_id, admin_id = str(uuid.uuid4()), str(uuid.uuid4()), staff_user_id(admin_login)
        dek = keyslots.new_dek()
        try:
            slots = [
                keyslots.user_slot(
                    store_id, login=admin_login, user_id=admin_id, password=admin_password, dek=dek, kdf=kdf
                )
            ]
            code: str | None = None
            if county_public_pem:
                slots.append(
                    keyslots.county_recovery_slot(store_id, county_public_pem=county_public_pem, dek=dek)
                )
            else:
                code = keyslots.new_recovery_code()
                slots.append(keyslots.recovery_code_slot(store_id, code=code, dek=dek, kdf=kdf))
            try:
                _initialise_database(paths.db, dek, store_id, device_id)
                engine = make_engine(paths.db, dek)
                try:
                    actor = Actor(admin_id, admin_login, Role.ADMIN, device_id)
                    with Session(engine) as session, session.begin():
                        session.add(
                            User(
                                id=uuid.UUID(admin_id),
                                login=admin_login,
                                display_name=admin_name,
                                role=Role.ADMIN.value,
                            )
                        )
                        audit.append(
                            session,
                            actor,
                            "store.created",
                            at=clock.now(),
                            details={"recovery": "county" if county_public_pem else "code"},
                        )
                finally:
                    engine.dispose()
                keyslots.save(paths.slots, SlotFile(store_id, device_id, 1, tuple(slots)))
            except BaseException:
                # A half-made store would later look "damaged"; remove what this call created.
                for leftover in (paths.slots, paths.db, Path(f"{paths.db}-wal"), Path(f"{paths.db}-shm")):
                    with contextlib.suppress(FileNotFoundError):
                        leftover.unlink()
                raise
        finally:
            _wipe(dek)
    finally:
        os.umask(old_umask)
    return CreatedStore(store_id, device_id, admin_id, code)


def _initialise_database(db_file: Path, dek: bytearray, store_id: str, device_id: str) -> None:
    from app.db.migrate import upgrade_to_head  # Alembic is heavy; only creating or upgrading needs it

    fd = os.open(db_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    conn = connect_raw(db_file, dek, create=True)
    try:
        # Must precede the first table so retention purges can hand pages back (SECURITY §c).
        conn.execute("PRAGMA auto_vacuum = INCREMENTAL").fetchall()
        conn.execute("VACUUM").fetchall()
    finally:
        conn.close()
    engine = make_engine(db_file, dek)
    try:
        with engine.begin() as connection:
            upgrade_to_head(connection)
            connection.execute(
                insert(StoreMeta),
                [{"key": "store_id", "value": store_id}, {"key": "device_id", "value": device_id}],
            )
    finally:
        engine.dispose()


def _check_password_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AppError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符。")


class OpenStore:
    """An unlocked store: the engine, the acting user, and units of work. ``close`` disposes and wipes the key."""

    def __init__(self, paths: StorePaths, slots: SlotFile, dek: bytearray, actor: Actor) -> None:
        self.paths = paths
        self.store_id = slots.store_id
        self.device_id = slots.device_id
        self.actor = actor
        self._dek: bytearray | None = dek
        self._engine: Engine | None = make_engine(paths.db, dek)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        self.damage: str | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise StoreLocked()
        return self._engine

    @property
    def is_open(self) -> bool:
        return self._engine is not None

    def dek(self) -> bytearray:
        if self._dek is None:
            raise StoreLocked()
        return self._dek

    @contextlib.contextmanager
    def unit_of_work(self) -> Generator[Session]:
        """One user action = one transaction: committed when the block ends, rolled back on any error."""
        if self.damage:
            raise StoreDamaged(detail=self.damage)
        self.engine  # noqa: B018  (raises StoreLocked after close)
        try:
            with self._sessions.begin() as session:
                yield session
        except DatabaseError as exc:
            raise _as_store_error(exc) from None

    @contextlib.contextmanager
    def reading(self) -> Generator[Session]:
        self.engine  # noqa: B018
        try:
            with self._sessions() as session:
                yield session
        except DatabaseError as exc:
            raise _as_store_error(exc) from None

    def check_integrity(self) -> list[str]:
        """SQLCipher's page MAC check plus SQLite's structure check; an empty list means sound."""
        problems: list[str] = []
        with self.engine.connect() as conn:
            try:
                problems += [str(r[0]) for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check")]
                result = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]
                if result != ["ok"]:
                    problems += result
            except DatabaseError as exc:
                problems.append(str(exc.orig))
        return problems

    def close(self) -> None:
        if self._engine is not None:
            with contextlib.suppress(DatabaseError), self._engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
                conn.exec_driver_sql("PRAGMA optimize").fetchall()
            self._engine.dispose()
            self._engine = None
        if self._dek is not None:
            _wipe(self._dek)
            self._dek = None


def _as_store_error(exc: DatabaseError) -> AppError:
    text_ = str(exc.orig)
    if "malformed" in text_ or "not a database" in text_ or "hmac" in text_.lower():
        return StoreDamaged(detail=text_)
    if "disk is full" in text_ or "database or disk is full" in text_:
        return AppError("磁盘已满，刚才的操作没有保存。请清理磁盘空间后重试。")
    return AppError(f"数据库操作失败：{text_}")


def unlock(root: Path, login: str, password: str, *, clock: Clock, verify: bool = True) -> OpenStore:
    """Unwrap the user's slot and open the store. Never writes to the database file on failure."""
    paths = StorePaths(root)
    slots = read_slots(root)
    lockout = Lockout(paths.lockout)
    lockout.check(login, clock.now())
    try:
        slot, dek = keyslots.unwrap_user(slots, login, password)
    except WrongPassword:
        raise lockout.record_failure(login, clock.now()) from None
    lockout.reset(login)
    return open_with_dek(paths, slots, dek, user_id=slot.user_id, verify=verify)


def open_with_dek(
    paths: StorePaths, slots: SlotFile, dek: bytearray, *, user_id: str, verify: bool
) -> OpenStore:
    try:
        conn = connect_raw(paths.db, dek)
        conn.close()
    except (WrongPassword, StoreDamaged) as exc:
        # The key came from a valid slot, so a refusal here is damage; name the pages where SQLCipher can.
        pages = raw_integrity_check(paths.db, dek)
        _wipe(dek)
        first = (
            "数据库文件头无法用正确的密钥打开"
            if isinstance(exc, WrongPassword)
            else str(exc.params.get("detail", ""))
        )
        raise StoreDamaged(detail="；".join([first, *pages[:5]])) from None
    placeholder = Actor(user_id, "", Role.ADMIN, slots.device_id)
    store = OpenStore(paths, slots, dek, placeholder)
    try:
        with store.engine.begin() as connection:
            _upgrade_if_behind(connection)
        with store.reading() as session:
            user = session.get(User, uuid.UUID(user_id))
            if user is None or not user.active:
                raise UnknownUser(login=user.login if user else "?")
            store.actor = Actor(str(user.id), user.login, Role(user.role), slots.device_id)
        if verify:
            problems = store.check_integrity()
            if problems:
                store.damage = "；".join(problems[:5])
    except (DatabaseError, StoreDamaged) as exc:
        detail = str(exc.orig) if isinstance(exc, DatabaseError) else str(exc.params.get("detail", ""))
        pages = raw_integrity_check(paths.db, store.dek())
        store.close()
        raise StoreDamaged(detail="；".join([detail, *pages[:5]])) from None
    except BaseException:
        store.close()
        raise
    return store


def _upgrade_if_behind(connection: Connection) -> None:
    from app.db.migrate import current_revision, head_revision, upgrade_to_head

    if current_revision(connection) != head_revision():
        upgrade_to_head(connection)


def store_meta(session: Session, key: str) -> str | None:
    return session.scalar(select(StoreMeta.value).where(StoreMeta.key == key))


def row_counts(session: Session) -> dict[str, int]:
    from app.db.base import Base

    return {
        name: int(session.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one())
        for name in sorted(Base.metadata.tables)
    }
