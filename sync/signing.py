"""Keys and envelopes shared by laptop and county: Ed25519 signatures, X25519 sealed boxes, certificate bodies.

Only ``cryptography`` and the wire contract; both sides (and the bundle format) use the same functions so a signature
made on one verifies on the other.
"""

from __future__ import annotations

import io
import os
import struct
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sync.protocol import DeviceCertificate, RevocationList, canonical_json, sha256_hex

_RAW = serialization.Encoding.Raw
_RAW_PUB = serialization.PublicFormat.Raw
_RAW_PRIV = serialization.PrivateFormat.Raw


class SignatureError(Exception):
    """A signature, certificate or sealed envelope did not verify."""


def new_sign_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def new_box_key() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


def sign_key_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(_RAW, _RAW_PRIV, serialization.NoEncryption())


def box_key_bytes(key: X25519PrivateKey) -> bytes:
    return key.private_bytes(_RAW, _RAW_PRIV, serialization.NoEncryption())


def sign_key_from(raw: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(raw)


def box_key_from(raw: bytes) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(raw)


def pub_hex(key: Ed25519PrivateKey | X25519PrivateKey) -> str:
    return key.public_key().public_bytes(_RAW, _RAW_PUB).hex()


def key_id(pubkey_hex: str) -> str:
    return sha256_hex(bytes.fromhex(pubkey_hex))[:16]


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    return key.sign(message).hex()


def verify(pubkey_hex: str, message: bytes, sig_hex: str) -> None:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(pubkey_hex)).verify(bytes.fromhex(sig_hex), message)
    except (InvalidSignature, ValueError) as exc:
        raise SignatureError("signature does not verify") from exc


def cert_body_bytes(cert: DeviceCertificate | dict[str, Any]) -> bytes:
    body = cert.model_dump() if isinstance(cert, DeviceCertificate) else dict(cert)
    body.pop("sig", None)
    return ("dibao-cert|" + canonical_json(body)).encode()


def revocation_body_bytes(rl: RevocationList | dict[str, Any]) -> bytes:
    body = rl.model_dump() if isinstance(rl, RevocationList) else dict(rl)
    body.pop("sig", None)
    return ("dibao-revocations|" + canonical_json(body)).encode()


def verify_certificate(cert: DeviceCertificate, county_pubkey_hex: str, *, now_iso: str) -> None:
    verify(county_pubkey_hex, cert_body_bytes(cert), cert.sig)
    if not (cert.not_before <= now_iso <= cert.not_after):
        raise SignatureError("certificate outside its validity period")


# ------------------------------------------------------------------------------------------------ sealed box
# X25519 ECDH with an ephemeral key -> HKDF-SHA256 -> AES-256-GCM over 1 MiB segments (STREAM construction:
# nonce = 7-byte counter + last-segment flag; a truncated or reordered file fails to open).

SEAL_MAGIC = b"DIBAOSEAL1\n"
SEGMENT = 1024 * 1024


def _seal_key(shared: bytes, salt: bytes, eph_pub: bytes, recipient_pub: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt, b"dibao-seal-v1" + eph_pub + recipient_pub).derive(shared)


def _nonce(counter: int, last: bool) -> bytes:
    return b"\x00\x00\x00\x00" + counter.to_bytes(7, "big") + (b"\x01" if last else b"\x00")


def seal_stream(recipient_pub_hex: str, src: BinaryIO, dst: BinaryIO) -> None:
    recipient = bytes.fromhex(recipient_pub_hex)
    eph = X25519PrivateKey.generate()
    eph_pub = eph.public_key().public_bytes(_RAW, _RAW_PUB)
    salt = os.urandom(16)
    aead = AESGCM(
        _seal_key(eph.exchange(X25519PublicKey.from_public_bytes(recipient)), salt, eph_pub, recipient)
    )
    dst.write(SEAL_MAGIC + eph_pub + salt)
    counter = 0
    chunk = src.read(SEGMENT)
    while True:
        nxt = src.read(SEGMENT)
        last = not nxt
        ct = aead.encrypt(_nonce(counter, last), chunk, SEAL_MAGIC)
        dst.write(struct.pack(">I", len(ct)) + ct)
        if last:
            return
        counter += 1
        chunk = nxt


def open_stream(key: X25519PrivateKey, src: BinaryIO, dst: BinaryIO) -> None:
    head = src.read(len(SEAL_MAGIC) + 48)
    if len(head) != len(SEAL_MAGIC) + 48 or not head.startswith(SEAL_MAGIC):
        raise SignatureError("not a sealed file")
    eph_pub, salt = head[len(SEAL_MAGIC) : len(SEAL_MAGIC) + 32], head[len(SEAL_MAGIC) + 32 :]
    recipient = key.public_key().public_bytes(_RAW, _RAW_PUB)
    try:
        shared = key.exchange(X25519PublicKey.from_public_bytes(eph_pub))
    except ValueError as exc:
        raise SignatureError("bad ephemeral key") from exc
    aead = AESGCM(_seal_key(shared, salt, eph_pub, recipient))
    counter = 0
    while True:
        size_raw = src.read(4)
        if len(size_raw) != 4:
            raise SignatureError("sealed file is truncated")
        (size,) = struct.unpack(">I", size_raw)
        if size > SEGMENT + 16:
            raise SignatureError("sealed segment too large")
        ct = src.read(size)
        if len(ct) != size:
            raise SignatureError("sealed file is truncated")
        last = _at_end(src)
        try:
            dst.write(aead.decrypt(_nonce(counter, last), ct, SEAL_MAGIC))
        except InvalidTag as exc:
            raise SignatureError("sealed file was altered or is not for this key") from exc
        if last:
            return
        counter += 1


def _at_end(src: BinaryIO) -> bool:
    pos = src.tell()
    more = src.read(1)
    src.seek(pos)
    return more == b""


def seal_bytes(recipient_pub_hex: str, data: bytes) -> bytes:
    out = io.BytesIO()
    seal_stream(recipient_pub_hex, io.BytesIO(data), out)
    return out.getvalue()


def open_bytes(key: X25519PrivateKey, data: bytes) -> bytes:
    out = io.BytesIO()
    open_stream(key, io.BytesIO(data), out)
    return out.getvalue()
