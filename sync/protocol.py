"""The sync wire contract (SYNC.md §4.7–§4.13): every request and response body, as strict pydantic models.

Imports only the standard library, ``app.domain`` and pydantic, so the laptop and the county server share it without
either knowing the other's store. Bodies are JSON; every model is ``strict=True, extra="forbid"``: a ``"1"`` is not
an integer and an unknown key is an error, never silently dropped.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PROTOCOL_VERSION = 2  # 2: stream heads in hello, the stream's digest on a pull's last page, one-request blobs
PROTOCOL_MIN = 1
PROTOCOL_MAX = 2
SCHEMA_VERSION = 1  # change schema understood by this build (the outbox's schema_version)
GENESIS = "0" * 64
MAX_BATCH_CHANGES = 500
DEFAULT_PAGE = 1000
CHUNK_SIZE = 4 * 1024 * 1024
PROTOCOL_HEADER = "X-Dibao-Protocol"
RESOLVES = "__resolves__"  # reserved change field: this patch is a coordinator's resolution of that conflict
# Pull op in the stream an entity left (the county filed it under another township): readers of that stream only
# drop their copy; the entity's data goes on in its new stream.
OP_MOVED = "moved"
DEVICE_HEADER = "X-Device-Id"

ChangeStatus = Literal["applied", "duplicate", "conflict", "deferred", "rejected"]
Op = Literal["create", "patch", "delete", "correct", "event"]


def canonical_json(data: Any) -> str:
    """Sorted keys, UTF-8, no spaces; the same text on both sides (matches ``app.db.audit.canonical_json``)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def sha256_hex(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


class Wire(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


# ------------------------------------------------------------------------------------------------ errors


class ErrorBody(Wire):
    """Every 4xx/5xx: a stable machine code, a Chinese sentence for the user, and whether a retry can help."""

    code: str
    message: str
    retryable: bool = False
    detail: dict[str, Any] = Field(default_factory=dict)


# Codes the client maps to advice (kept here so both sides spell them the same way).
E_MALFORMED_JSON = "MALFORMED_JSON"
E_INVALID_REQUEST = "INVALID_REQUEST"
E_BODY_TOO_LARGE = "BODY_TOO_LARGE"
E_PROTOCOL_UNSUPPORTED = "PROTOCOL_UNSUPPORTED"
E_UNAUTHENTICATED = "UNAUTHENTICATED"
E_TOKEN_EXPIRED = "TOKEN_EXPIRED"
E_DEVICE_REVOKED = "DEVICE_REVOKED"
E_DEVICE_FROZEN = "DEVICE_FROZEN"
E_DEVICE_MISMATCH = "DEVICE_MISMATCH"
E_BAD_SIGNATURE = "BAD_SIGNATURE"
E_NONCE_REPLAYED = "NONCE_REPLAYED"
E_NONCE_UNKNOWN = "NONCE_UNKNOWN"
E_ENROL_CODE_INVALID = "ENROL_CODE_INVALID"
E_RATE_LIMITED = "RATE_LIMITED"
E_SESSION_SUPERSEDED = "SESSION_SUPERSEDED"
E_DEVICE_SEQ_REUSED = "DEVICE_SEQ_REUSED"
E_PAYLOAD_HASH = "PAYLOAD_HASH_MISMATCH"
E_EPOCH_CHANGED = "EPOCH_CHANGED"
E_FORBIDDEN_STREAM = "FORBIDDEN_STREAM"
E_UPGRADE_REQUIRED = "UPGRADE_REQUIRED"
E_CHUNK_CHECKSUM = "CHUNK_CHECKSUM_MISMATCH"
E_BLOB_HASH = "BLOB_HASH_MISMATCH"
E_UPLOAD_OFFSET = "UPLOAD_OFFSET_MISMATCH"
E_NOT_FOUND = "NOT_FOUND"
E_FORBIDDEN = "FORBIDDEN"
E_CONFLICT_STATE = "CONFLICT_NOT_OPEN"
E_LOGIN_FAILED = "LOGIN_FAILED"


# ------------------------------------------------------------------------------------------------ identity


class EnrolRequest(Wire):
    device_id: str = Field(min_length=36, max_length=36)
    sign_pubkey: str = Field(min_length=64, max_length=64)  # Ed25519, hex
    box_pubkey: str = Field(
        min_length=64, max_length=64
    )  # X25519, hex (download bundles are encrypted to it)
    enrol_code: str = Field(min_length=6, max_length=32)
    app_version: str = Field(max_length=32)
    hostname: str = Field(max_length=128)


class DeviceCertificate(Wire):
    """County-signed binding of a device key to a township scope (SYNC §4.3); ``sig`` over ``cert_body_bytes``."""

    serial: str
    device_id: str
    sign_pubkey: str
    box_pubkey: str
    county_id: str
    township_id: str
    scopes: list[str]
    not_before: str
    not_after: str
    county_key_id: str
    sig: str


class RevokedEntry(Wire):
    device_id: str
    serial: str
    revoked_at: str


class RevocationList(Wire):
    version: int
    county_key_id: str
    revoked: list[RevokedEntry]
    sig: str


class EnrolResponse(Wire):
    certificate: DeviceCertificate
    county_sign_pubkey: str
    county_box_pubkey: str
    county_id: str
    server_id: str
    epoch: str
    revocations: RevocationList


class ChallengeRequest(Wire):
    device_id: str = Field(min_length=36, max_length=36)


class ChallengeResponse(Wire):
    nonce: str
    expires_in: int


class SessionRequest(Wire):
    device_id: str = Field(min_length=36, max_length=36)
    nonce: str = Field(max_length=128)
    ts: str = Field(max_length=40)
    sig: str = Field(max_length=256)  # Ed25519 over login_message(nonce, device_id, ts)
    user_id: str = Field(max_length=64)
    user_login: str = Field(max_length=64)


class TokenResponse(Wire):
    token: str
    expires_in: int


class UserLoginRequest(Wire):
    login: str = Field(max_length=64)
    password: str = Field(max_length=256)


def login_message(nonce: str, device_id: str, ts: str) -> bytes:
    return f"dibao-login|{nonce}|{device_id}|{ts}".encode()


# ------------------------------------------------------------------------------------------------ session


class HelloRequest(Wire):
    protocol: int
    app_version: str = Field(max_length=32)
    schema_version: int
    device_id: str = Field(min_length=36, max_length=36)
    known_epoch: str | None = None
    device_seq_high: int = Field(ge=0)
    cursors: dict[str, int] = Field(default_factory=dict)
    client_time: str = Field(max_length=40)


class StreamHead(Wire):
    """A stream as of one consistent read: its newest ``server_seq`` and the count and XOR digest of its entities.

    A laptop whose cursor equals ``seq`` and whose shadow has the same count and digest is verified without asking
    again (protocol 2)."""

    seq: int
    count: int
    digest: str


HelloAction = Literal["OK", "UPGRADE_REQUIRED", "EPOCH_CHANGED", "DEVICE_REVOKED", "DEVICE_SEQ_CONFLICT"]


class HelloResponse(Wire):
    epoch: str
    server_time: str
    protocol_range: list[int]
    min_app_for_pull: str
    max_batch_bytes: int
    device_acked_through: int
    backup_watermark: int
    action: HelloAction
    session: str
    skew_ms: int
    clock_suspect: bool
    revocations_version: int
    streams: list[str]
    heads: dict[str, StreamHead] | None = None  # protocol ≥ 2


# ------------------------------------------------------------------------------------------------ push


class Change(Wire):
    """One outbox entry on the wire. ``payload_sha256`` covers ``change_payload`` and chains via ``prev_hash``."""

    device_seq: int = Field(ge=1)
    change_id: str = Field(min_length=36, max_length=36)
    entity_type: str = Field(min_length=1, max_length=32)
    entity_id: str = Field(min_length=1, max_length=64)
    op: Op
    base_rev: int | None = None
    fields: dict[str, Any]
    blob_refs: list[str] = Field(default_factory=list)
    schema_version: int
    hlc: str = Field(max_length=128)
    author_user_id: str = Field(max_length=64)
    payload_sha256: str = Field(min_length=64, max_length=64)
    prev_hash: str = Field(min_length=64, max_length=64)


def change_payload(device_id: str, change: Change) -> dict[str, Any]:
    """What the laptop hashed when it queued the change (``app.db.changelog.record_change``)."""
    return {
        "device_id": device_id,
        "device_seq": change.device_seq,
        "change_id": change.change_id,
        "entity_type": change.entity_type,
        "entity_id": change.entity_id,
        "op": change.op,
        "base_rev": change.base_rev,
        "fields": change.fields,
        "author_user_id": change.author_user_id,
        "prev_hash": change.prev_hash,
    }


def payload_hash(device_id: str, change: Change) -> str:
    return sha256_hex(canonical_json(change_payload(device_id, change)))


class PushBatch(Wire):
    device_id: str = Field(min_length=36, max_length=36)
    session: str = Field(max_length=80)
    changes: list[Change] = Field(min_length=1, max_length=MAX_BATCH_CHANGES)
    batch_sha256: str = Field(min_length=64, max_length=64)
    batch_sig: str = Field(max_length=256)


def batch_digest(changes: list[Change]) -> str:
    return sha256_hex(canonical_json([c.model_dump() for c in changes]))


def batch_message(device_id: str, first_seq: int, last_seq: int, batch_sha256: str, session: str) -> bytes:
    return f"dibao-batch|{device_id}|{first_seq}|{last_seq}|{batch_sha256}|{session}".encode()


class ChangeResult(Wire):
    seq: int
    status: ChangeStatus
    rev: int | None = None
    server_seq: int | None = None
    kind: Literal["soft", "hard"] | None = None
    conflict_id: str | None = None
    waiting_for: list[str] = Field(default_factory=list)
    reason: str | None = None
    retryable: bool = False
    original: ChangeStatus | None = None  # for a duplicate: what the first delivery got


class PushResponse(Wire):
    ack_through: int
    results: list[ChangeResult]
    # Protocol 2: the streams this batch wrote into; a county desktop pulls one the hello did not list yet.
    streams: list[str] = Field(default_factory=list)


# ------------------------------------------------------------------------------------------------ pull


class PullRequest(Wire):
    session: str = Field(max_length=80)
    stream: str = Field(max_length=80)
    since: int = Field(ge=0)
    limit: int = Field(default=DEFAULT_PAGE, ge=1, le=5000)


class PullItem(Wire):
    server_seq: int
    entity_type: str
    entity_id: str
    rev: int
    op: str
    data: dict[str, Any] | None
    tombstone: bool
    conflict: Literal["soft", "hard"] | None
    origin_device: str | None
    blob_refs: list[str] = Field(default_factory=list)


class PullResponse(Wire):
    stream: str
    changes: list[PullItem]
    next: int
    has_more: bool
    dataset_complete: bool = True
    revocations_version: int = 0
    stat: StreamHead | None = None  # protocol ≥ 2, on the page that reaches the stream's head


# ------------------------------------------------------------------------------------------------ verify


class VerifyRequest(Wire):
    session: str = Field(max_length=80)
    stream: str = Field(max_length=80)
    count: int = Field(ge=0)
    digest: str = Field(min_length=64, max_length=64)


class VerifyResponse(Wire):
    ok: bool
    server_count: int
    server_digest: str


def entity_digest(entity_type: str, entity_id: str, rev: int) -> int:
    return int.from_bytes(hashlib.sha256(f"{entity_type}|{entity_id}|{rev}".encode()).digest(), "big")


def digest_hex(value: int) -> str:
    return f"{value:064x}"


# ------------------------------------------------------------------------------------------------ blobs


class BlobCheckRequest(Wire):
    sha256: list[str] = Field(max_length=10_000)


class PartialUpload(Wire):
    upload_id: str
    offset: int


class BlobCheckResponse(Wire):
    missing: list[str]
    partial: dict[str, PartialUpload]


class UploadCreate(Wire):
    sha256: str = Field(min_length=64, max_length=64, pattern="^[0-9a-f]{64}$")
    size: int = Field(ge=0)
    mime: str = Field(max_length=64)


class UploadState(Wire):
    upload_id: str | None
    offset: int
    complete: bool


# ------------------------------------------------------------------------------------------------ conflicts


class ConflictView(Wire):
    conflict_id: str
    entity_type: str
    entity_id: str
    stream: str
    kind: str  # soft | hard | invalid_transition | quarantine
    status: str  # open | resolved | acknowledged
    fields: list[str]
    base_values: dict[str, Any]
    server_values: dict[str, Any]
    incoming_values: dict[str, Any]
    server_author: str | None
    incoming_author: str | None
    incoming_device: str | None
    base_rev: int | None
    server_rev: int
    created_at: str
    resolved_by: str | None = None
    resolution_rev: int | None = None


class ConflictList(Wire):
    conflicts: list[ConflictView]


class ResolveRequest(Wire):
    values: dict[str, Any] = Field(default_factory=dict)  # chosen value per field; empty = acknowledge as is
    note: str = Field(default="", max_length=500)


class ResolveResponse(Wire):
    conflict_id: str
    status: str
    rev: int
    server_seq: int | None


# ------------------------------------------------------------------------------------------------ datasets


class DatasetPayload(Wire):
    """A versioned county dataset (standards, calendar years, divisions, serial ranges, assignments)."""

    name: str
    version: int
    items: list[dict[str, Any]]
    sha256: str  # over canonical_json(items)


def dataset_hash(items: list[dict[str, Any]]) -> str:
    return sha256_hex(canonical_json(items))


# ------------------------------------------------------------------------------------------------ bundles


class BundleFile(Wire):
    path: str
    sha256: str
    size: int


class BundleManifest(Wire):
    format: int
    protocol: int
    bundle_id: str
    kind: Literal["upload", "download"]
    county_id: str
    township_id: str
    source: str  # device id (upload) or server id (download)
    target: str  # server id (upload) or device id (download)
    epoch: str | None
    created: str
    schema_version: int
    device_seq_range: list[int] = Field(default_factory=list)
    requires: dict[str, int] = Field(default_factory=dict)
    provides: dict[str, int] = Field(default_factory=dict)
    ack_through: int | None = None
    files: list[BundleFile]
    revocations_version: int = 0
