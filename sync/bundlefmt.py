"""USB bundle container (SYNC.md §4.12), shared by laptop and county: a zip with a signed manifest, sealed to the
recipient's X25519 key. Only the wire contract and ``sync.signing``; no store access."""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from sync import signing
from sync.protocol import BundleFile, BundleManifest, canonical_json, sha256_hex

FORMAT = 1


class BundleError(Exception):
    """A bundle that must not be imported; the message says why and what to do (Chinese)."""


def manifest_bytes(m: BundleManifest) -> bytes:
    return ("dibao-bundle|" + canonical_json(m.model_dump())).encode()


def new_bundle_id() -> str:
    return str(uuid.uuid4())


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def build(
    fields: dict[str, Any], files: dict[str, bytes], sign_key: Ed25519PrivateKey, recipient_box_pub: str
) -> bytes:
    listed = [BundleFile(path=p, sha256=sha256_hex(b), size=len(b)) for p, b in sorted(files.items())]
    manifest = BundleManifest(**fields, files=listed)
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as z:
        z.writestr("manifest.json", manifest.model_dump_json())
        z.writestr("manifest.sig", signing.sign(sign_key, manifest_bytes(manifest)))
        for path, data in sorted(files.items()):
            compress = zipfile.ZIP_STORED if path.startswith("blobs/") else zipfile.ZIP_DEFLATED
            z.writestr(path, data, compress_type=compress)
    return signing.seal_bytes(recipient_box_pub, raw.getvalue())


def open_bundle(sealed: bytes, box_key: X25519PrivateKey) -> tuple[BundleManifest, str, zipfile.ZipFile]:
    try:
        plain = signing.open_bytes(box_key, sealed)
    except signing.SignatureError:
        raise BundleError("同步包已损坏、被改动，或不是发给本机的。请重新导出。") from None
    try:
        z = zipfile.ZipFile(io.BytesIO(plain))
        manifest = BundleManifest.model_validate_json(z.read("manifest.json"))
        sig = z.read("manifest.sig").decode()
    except Exception:
        raise BundleError("同步包内容不完整，请重新导出。") from None
    return manifest, sig, z


def verify(manifest: BundleManifest, sig: str, z: zipfile.ZipFile, signer_pub: str) -> dict[str, bytes]:
    """Signature over the manifest, then every listed file against its hash; returns the files."""
    try:
        signing.verify(signer_pub, manifest_bytes(manifest), sig)
    except signing.SignatureError:
        raise BundleError("同步包签名不正确（可能被篡改或来自未登记的设备），已拒绝导入。") from None
    files: dict[str, bytes] = {}
    for f in manifest.files:
        try:
            data = z.read(f.path)
        except KeyError:
            raise BundleError(f"同步包缺少文件 {f.path}，请重新导出。") from None
        if sha256_hex(data) != f.sha256 or len(data) != f.size:
            raise BundleError(f"同步包中的文件 {f.path} 校验失败，请重新导出。")
        files[f.path] = data
    return files
