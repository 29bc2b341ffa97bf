"""Encrypted backup and restore through SQLCipher's backup API — never a file copy (SECURITY T25, T26).

A backup file is one container: a JSON header (the key-slot file, the backup key wrapped under the data key, hashes)
followed by a SQLCipher database encrypted under its own random backup key. Nothing in it is readable without a
user's password (or the recovery code): the password unwraps the data key, the data key unwraps the backup key.
Restore copies the backup into a new store folder encrypted under the original data key, so the same accounts work.
``restore_replacing`` (the administrator's restore from the app) restores into a staging folder the same way, and only
when that has fully succeeded moves the current store aside and the restored one into its place.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import struct
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.db import audit, keyslots
from app.db.atomic import fsync_dir, make_private_dir
from app.db.engine import _wipe, connect_raw  # pyright: ignore[reportPrivateUsage]
from app.db.lockout import Lockout
from app.db.paths import StorePaths
from app.db.store import OpenStore, open_with_dek
from app.domain.errors import AppError, StoreDamaged, StoreExists, WrongPassword
from app.domain.roles import Permission

MAGIC = b"DIBAO-BACKUP-1\n"


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    size: int
    created_at: str
    store_id: str


def _tmp_sibling(path: Path, suffix: str) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{suffix}")


def backup(store: OpenStore, out: Path, *, created_at: datetime) -> BackupInfo:
    if out.exists():
        raise AppError(f"{out} 已存在，不会覆盖。请换一个文件名。")
    out.parent.mkdir(parents=True, exist_ok=True)
    backup_key = bytearray(os.urandom(32))
    tmp_db = _tmp_sibling(out, "db")
    tmp_out = _tmp_sibling(out, "tmp")
    try:
        fd = os.open(tmp_db, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        source = connect_raw(store.paths.db, store.dek())
        target = connect_raw(tmp_db, backup_key, create=True)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE").fetchall()
            problems = [str(r[0]) for r in target.execute("PRAGMA cipher_integrity_check").fetchall()]
            if problems:
                raise StoreDamaged(detail="备份校验失败：" + "；".join(problems[:3]))
        finally:
            target.close()
            source.close()
        body = tmp_db.read_bytes()
        nonce = os.urandom(12)
        wrapped = AESGCM(bytes(store.dek())).encrypt(nonce, bytes(backup_key), store.store_id.encode())
        header = {
            "store_id": store.store_id,
            "created_at": created_at.isoformat(),
            "keyslots": json.loads(store.paths.slots.read_text(encoding="utf-8")),
            "backup_key_nonce": nonce.hex(),
            "backup_key_wrapped": wrapped.hex(),
            "db_sha256": hashlib.sha256(body).hexdigest(),
            "db_size": len(body),
        }
        header_bytes = json.dumps(header, ensure_ascii=False).encode("utf-8")
        fd = os.open(tmp_out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes + body)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_out, out)
        fsync_dir(out.parent)
        return BackupInfo(out, out.stat().st_size, created_at.isoformat(), store.store_id)
    finally:
        _wipe(backup_key)
        for leftover in (tmp_db, tmp_out, Path(f"{tmp_db}-journal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def read_backup(path: Path) -> tuple[dict[str, Any], bytes]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise AppError(f"找不到备份文件 {path}。") from None
    if not raw.startswith(MAGIC) or len(raw) < len(MAGIC) + 4:
        raise AppError(f"{path.name} 不是低保入户通的备份文件。（单独复制的 .db 文件不能用于恢复。）")
    (length,) = struct.unpack(">I", raw[len(MAGIC) : len(MAGIC) + 4])
    start = len(MAGIC) + 4
    try:
        header: dict[str, Any] = json.loads(raw[start : start + length].decode("utf-8"))
    except ValueError:
        raise AppError(f"备份文件 {path.name} 已损坏（文件头无法读取）。") from None
    body = raw[start + length :]
    if len(body) != header.get("db_size") or hashlib.sha256(body).hexdigest() != header.get("db_sha256"):
        raise AppError(f"备份文件 {path.name} 已损坏或不完整（校验值不符），请换一份备份。")
    return header, body


def restore(backup_file: Path, target_root: Path, *, login: str, password: str) -> StorePaths:
    """Restore into a NEW folder; an existing store is never overwritten."""
    paths = StorePaths(target_root)
    if paths.exists():
        raise StoreExists(path=str(target_root))
    header, body = read_backup(backup_file)
    slot_json = json.dumps(header["keyslots"], ensure_ascii=False)
    make_private_dir(target_root)
    tmp_slots = _tmp_sibling(paths.slots, "slots")
    tmp_slots.write_text(slot_json, encoding="utf-8")
    try:
        slots = keyslots.load(tmp_slots)
    finally:
        tmp_slots.unlink()
    try:
        _slot, dek = keyslots.unwrap_user(slots, login, password)
    except WrongPassword:
        raise WrongPassword("密码错误：请输入备份时此账号的密码。") from None
    backup_key = bytearray()
    tmp_db = _tmp_sibling(paths.db, "restore")
    made: list[Path] = []
    try:
        try:
            backup_key = bytearray(
                AESGCM(bytes(dek)).decrypt(
                    bytes.fromhex(header["backup_key_nonce"]),
                    bytes.fromhex(header["backup_key_wrapped"]),
                    str(header["store_id"]).encode(),
                )
            )
        except InvalidTag:
            raise AppError("备份文件的密钥信息已损坏，无法恢复。") from None
        fd = os.open(tmp_db, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
        made.append(tmp_db)
        fd = os.open(paths.db, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        made.append(paths.db)
        source = connect_raw(tmp_db, backup_key)
        target = connect_raw(paths.db, dek, create=True)
        try:
            source.backup(target)
            problems = [str(r[0]) for r in target.execute("PRAGMA cipher_integrity_check").fetchall()]
            if problems:
                raise StoreDamaged(detail="；".join(problems[:3]))
            target.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            target.close()
            source.close()
        keyslots.save(paths.slots, slots)
        return paths
    except BaseException:
        for leftover in (*made, Path(f"{paths.db}-wal"), Path(f"{paths.db}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        raise
    finally:
        _wipe(dek)
        _wipe(backup_key)
        with contextlib.suppress(FileNotFoundError):
            tmp_db.unlink()


@dataclass(frozen=True, slots=True)
class RestoreResult:
    root: Path  # the store folder, now holding the restored data
    kept: Path  # where the store that was replaced now lies (still encrypted, never deleted by the app)


def _confirm_password(store: OpenStore, password: str, now: datetime) -> None:
    """Step-up: the acting user types their current password again; failures count towards the login backoff."""
    login = store.actor.login
    lockout = Lockout(store.paths.lockout)
    lockout.check(login, now)
    try:
        _slot, dek = keyslots.unwrap_user(keyslots.load(store.paths.slots), login, password)
    except WrongPassword:
        raise lockout.record_failure(login, now) from None
    _wipe(dek)
    lockout.reset(login)


def _free_name(folder: Path, stem: str) -> Path:
    candidate = folder / stem
    n = 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}-{n}"
    return candidate


def restore_replacing(store: OpenStore, backup_file: Path, *, password: str, now: datetime) -> RestoreResult:
    """Replace the open store with a backup of the same store (the administrator's restore from the app).

    The acting user's password is checked against the current store first, then the backup is restored into a
    staging folder with ``restore`` (same checks as the command line) and the restore is audited there. Only then
    is ``store`` closed and the folders swapped. Any failure before the swap leaves the current store untouched and
    open; ``store.is_open`` tells the caller whether the user must log in again.
    """
    store.actor.require(Permission.BACKUP_RESTORE)
    _confirm_password(store, password, now)
    root = store.paths.root
    staging = root.with_name(f".{root.name}.restoring-{os.getpid()}")
    if staging.exists():
        shutil.rmtree(staging)  # left by a restore that crashed half way; never the live store
    try:
        restored = restore(backup_file, staging, login=store.actor.login, password=password)
        slots = keyslots.load(restored.slots)
        if slots.store_id != store.store_id:
            raise AppError(
                "这份备份来自另一个数据库（另一台电脑或重新初始化前的数据），不能覆盖本机数据库。"
                "如需在新电脑上恢复，请用命令 dibao store restore 恢复到一个新目录。"
            )
        slot, dek = keyslots.unwrap_user(slots, store.actor.login, password)
        reopened = open_with_dek(restored, slots, dek, user_id=slot.user_id, verify=True)
        try:
            with reopened.unit_of_work() as session:
                audit.append(
                    session,
                    reopened.actor,
                    "store.restored",
                    at=now,
                    details={"file": backup_file.name, "size": backup_file.stat().st_size},
                )
        finally:
            reopened.close()
        if store.paths.lockout.exists():  # the login backoff survives a restore
            shutil.copy2(store.paths.lockout, restored.lockout)
        store.close()
        kept = _free_name(root.parent, f"{root.name}.before-restore-{now:%Y%m%d-%H%M%S}")
        os.rename(root, kept)
        try:
            os.rename(staging, root)
        except OSError:
            os.rename(kept, root)
            raise
        fsync_dir(root.parent)
        return RestoreResult(root, kept)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
