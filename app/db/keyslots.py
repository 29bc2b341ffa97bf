"""Key slots (ARCHITECTURE decision 2): the random data key (DEK) wrapped once per user and once for recovery.

User slot: KEK = Argon2id(password, salt) → AES-256-GCM(DEK), associated data = store id ‖ slot id ‖ login ‖ version,
so a slot cannot be moved to another store or another user. Recovery slot: wrapped to the county's X25519 public key
when one is configured, otherwise under Argon2id of a one-time recovery code printed at setup.

The slot file holds no secret in the clear. It is rewritten atomically, so a crash during a password change leaves
exactly one of the old and the new password working (SECURITY T08).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import uuid
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.db.atomic import write_atomic
from app.domain.errors import AppError, StoreDamaged, UnknownUser, WrongPassword

FORMAT_VERSION = 1
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud from paper


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id cost. The default is calibrated to ≥ 0.5 s on a township laptop; tests pass a cheap one."""

    time_cost: int = 5
    memory_kib: int = 262144
    parallelism: int = 4

    def derive(self, secret: bytes, salt: bytes) -> bytes:
        return hash_secret_raw(secret, salt, self.time_cost, self.memory_kib, self.parallelism, 32, Type.ID)


DEFAULT_KDF = KdfParams()
KDF_TARGET_SECONDS = 0.75
MIN_TIME_COST = 2  # below the OWASP floor's time cost the memory alone would carry the cost


def calibrated_kdf(
    target_seconds: float = KDF_TARGET_SECONDS, *, memory_kib: int = DEFAULT_KDF.memory_kib
) -> KdfParams:
    """Argon2id cost for this machine: one probe with time_cost=1, scaled to about ``target_seconds``.

    Parallelism follows the cores (4 lanes on 2 cores only queue). Each slot stores its own parameters,
    so a store moved to a faster or slower laptop keeps working.
    """
    import time

    lanes = max(1, min(4, os.cpu_count() or 1))
    probe = KdfParams(time_cost=1, memory_kib=memory_kib, parallelism=lanes)
    began = time.perf_counter()
    probe.derive(b"calibration", os.urandom(16))
    per_pass = max(time.perf_counter() - began, 1e-3)
    return KdfParams(
        time_cost=max(MIN_TIME_COST, round(target_seconds / per_pass)),
        memory_kib=memory_kib,
        parallelism=lanes,
    )


def kdf_of(slots: SlotFile, login: str) -> KdfParams:
    """The cost a user's slot was made with: new and rewrapped slots on this store use the same."""
    return KdfParams(**slots.user_slot(login).kdf)


@dataclass(frozen=True, slots=True)
class Slot:
    slot_id: str
    kind: str  # "user" | "recovery_code" | "recovery_county"
    login: str
    user_id: str
    kdf: dict[str, int] = field(default_factory=dict[str, int])
    salt: str = ""
    nonce: str = ""
    wrapped: str = ""
    ephemeral_public: str = ""


@dataclass(frozen=True, slots=True)
class SlotFile:
    store_id: str
    device_id: str
    version: int
    slots: tuple[Slot, ...]

    def user_slot(self, login: str) -> Slot:
        for slot in self.slots:
            if slot.kind == "user" and slot.login == login:
                return slot
        raise UnknownUser(login=login)

    def logins(self) -> list[str]:
        return [s.login for s in self.slots if s.kind == "user"]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def _aad(store_id: str, slot: Slot) -> bytes:
    return f"dibao-slot|{FORMAT_VERSION}|{store_id}|{slot.slot_id}|{slot.kind}|{slot.login}|{slot.user_id}".encode()


def new_dek() -> bytearray:
    return bytearray(os.urandom(32))


def new_recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(24))
    return "-".join(raw[i : i + 4] for i in range(0, 24, 4))


def _normalise_code(code: str) -> bytes:
    return code.upper().replace("-", "").replace(" ", "").encode("ascii")


def _wrap_with_secret(
    store_id: str, base: Slot, secret: bytes, dek: bytes | bytearray, kdf: KdfParams
) -> Slot:
    salt = os.urandom(16)
    nonce = os.urandom(12)
    slot = replace(base, kdf=asdict(kdf), salt=_b64(salt), nonce=_b64(nonce))
    kek = kdf.derive(secret, salt)
    wrapped = AESGCM(kek).encrypt(nonce, bytes(dek), _aad(store_id, slot))
    return replace(slot, wrapped=_b64(wrapped))


def _unwrap_with_secret(store_id: str, slot: Slot, secret: bytes) -> bytearray:
    kdf = KdfParams(**slot.kdf)
    kek = kdf.derive(secret, _unb64(slot.salt))
    try:
        return bytearray(AESGCM(kek).decrypt(_unb64(slot.nonce), _unb64(slot.wrapped), _aad(store_id, slot)))
    except InvalidTag:
        raise WrongPassword(remaining="?") from None


def user_slot(
    store_id: str, *, login: str, user_id: str, password: str, dek: bytes | bytearray, kdf: KdfParams
) -> Slot:
    base = Slot(slot_id=str(uuid.uuid4()), kind="user", login=login, user_id=user_id)
    return _wrap_with_secret(store_id, base, password.encode("utf-8"), dek, kdf)


def recovery_code_slot(store_id: str, *, code: str, dek: bytes | bytearray, kdf: KdfParams) -> Slot:
    base = Slot(slot_id=str(uuid.uuid4()), kind="recovery_code", login="", user_id="")
    return _wrap_with_secret(store_id, base, _normalise_code(code), dek, kdf)


def _county_kek(shared: bytes, store_id: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"dibao-recovery|{store_id}".encode()
    ).derive(shared)


def county_recovery_slot(store_id: str, *, county_public_pem: bytes, dek: bytes | bytearray) -> Slot:
    """ECIES to the county key: only the county's private key can recover the DEK."""
    public = serialization.load_pem_public_key(county_public_pem)
    if not isinstance(public, X25519PublicKey):
        raise AppError("县级恢复公钥必须是 X25519 公钥（PEM 格式）。")
    ephemeral = X25519PrivateKey.generate()
    kek = _county_kek(ephemeral.exchange(public), store_id)
    nonce = os.urandom(12)
    eph_pub = ephemeral.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    slot = Slot(
        slot_id=str(uuid.uuid4()),
        kind="recovery_county",
        login="",
        user_id="",
        nonce=_b64(nonce),
        ephemeral_public=_b64(eph_pub),
    )
    return replace(slot, wrapped=_b64(AESGCM(kek).encrypt(nonce, bytes(dek), _aad(store_id, slot))))


def unwrap_user(slots: SlotFile, login: str, password: str) -> tuple[Slot, bytearray]:
    slot = slots.user_slot(login)
    return slot, _unwrap_with_secret(slots.store_id, slot, password.encode("utf-8"))


def unwrap_recovery_code(slots: SlotFile, code: str) -> bytearray:
    for slot in slots.slots:
        if slot.kind == "recovery_code":
            try:
                return _unwrap_with_secret(slots.store_id, slot, _normalise_code(code))
            except WrongPassword:
                raise WrongPassword("恢复码不正确。") from None
    raise AppError("此数据库没有恢复码（恢复密钥由县级保管），请联系县级管理员。")


def unwrap_county(slots: SlotFile, county_private_pem: bytes) -> bytearray:
    private = serialization.load_pem_private_key(county_private_pem, password=None)
    if not isinstance(private, X25519PrivateKey):
        raise AppError("县级恢复私钥必须是 X25519 私钥。")
    for slot in slots.slots:
        if slot.kind == "recovery_county":
            peer = X25519PublicKey.from_public_bytes(_unb64(slot.ephemeral_public))
            kek = _county_kek(private.exchange(peer), slots.store_id)
            try:
                return bytearray(
                    AESGCM(kek).decrypt(_unb64(slot.nonce), _unb64(slot.wrapped), _aad(slots.store_id, slot))
                )
            except InvalidTag:
                raise AppError("县级恢复私钥与此数据库不匹配。") from None
    raise AppError("此数据库没有县级恢复槽。")


def save(path: Path, slots: SlotFile) -> None:
    payload = {
        "format": "dibao-keyslots",
        "store_id": slots.store_id,
        "device_id": slots.device_id,
        "version": slots.version,
        "slots": [asdict(s) for s in slots.slots],
    }
    write_atomic(path, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))


def load(path: Path) -> SlotFile:
    try:
        raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("format") != "dibao-keyslots":
            raise ValueError("format")
        return SlotFile(
            store_id=str(raw["store_id"]),
            device_id=str(raw["device_id"]),
            version=int(raw["version"]),
            slots=tuple(Slot(**s) for s in raw["slots"]),
        )
    except FileNotFoundError:
        raise StoreDamaged(detail=f"密钥文件 {path.name} 不存在") from None
    except (ValueError, KeyError, TypeError):
        raise StoreDamaged(detail=f"密钥文件 {path.name} 无法读取") from None


def with_slot(slots: SlotFile, new: Slot, *, replacing: str | None = None) -> SlotFile:
    kept = tuple(s for s in slots.slots if s.slot_id != replacing)
    return replace(slots, slots=(*kept, new), version=slots.version + 1)


def without_login(slots: SlotFile, login: str) -> SlotFile:
    kept = tuple(s for s in slots.slots if not (s.kind == "user" and s.login == login))
    return replace(slots, slots=kept, version=slots.version + 1)
