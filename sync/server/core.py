"""The county service's handlers, independent of HTTP: the same push handler serves HTTPS and USB bundles.

``County`` owns the store, the blob folder and the keys. Handlers raise ``ApiError`` (status, machine code, Chinese
message); ``sync.server.app`` turns them into JSON responses.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select, tuple_, update
from sqlalchemy.orm import Session

from app.workflow.states import TRANSITIONS, CaseState
from sync import signing
from sync.merge import DELETED, merge
from sync.protocol import (
    E_BAD_SIGNATURE,
    E_BLOB_HASH,
    E_CHUNK_CHECKSUM,
    E_CONFLICT_STATE,
    E_DEVICE_FROZEN,
    E_DEVICE_MISMATCH,
    E_DEVICE_REVOKED,
    E_DEVICE_SEQ_REUSED,
    E_ENROL_CODE_INVALID,
    E_FORBIDDEN,
    E_FORBIDDEN_STREAM,
    E_INVALID_REQUEST,
    E_LOGIN_FAILED,
    E_NONCE_REPLAYED,
    E_NONCE_UNKNOWN,
    E_NOT_FOUND,
    E_PAYLOAD_HASH,
    E_PROTOCOL_UNSUPPORTED,
    E_RATE_LIMITED,
    E_SESSION_SUPERSEDED,
    E_TOKEN_EXPIRED,
    E_UNAUTHENTICATED,
    E_UPGRADE_REQUIRED,
    E_UPLOAD_OFFSET,
    GENESIS,
    OP_MOVED,
    PROTOCOL_MAX,
    PROTOCOL_MIN,
    RESOLVES,
    SCHEMA_VERSION,
    BlobCheckRequest,
    BlobCheckResponse,
    ChallengeRequest,
    ChallengeResponse,
    Change,
    ChangeResult,
    ConflictList,
    ConflictView,
    DeviceCertificate,
    EnrolRequest,
    EnrolResponse,
    HelloRequest,
    HelloResponse,
    PartialUpload,
    PullItem,
    PullRequest,
    PullResponse,
    PushBatch,
    PushResponse,
    ResolveRequest,
    ResolveResponse,
    RevocationList,
    RevokedEntry,
    SessionRequest,
    StreamHead,
    TokenResponse,
    UploadCreate,
    UploadState,
    UserLoginRequest,
    VerifyRequest,
    VerifyResponse,
    batch_digest,
    batch_message,
    canonical_json,
    dataset_hash,
    digest_hex,
    entity_digest,
    login_message,
    payload_hash,
    sha256_hex,
)
from sync.server import pki
from sync.server.db import REVOCATIONS, CountyDb, counter_value, get_meta, set_meta
from sync.server.models import (
    AccessToken,
    Backlog,
    Blob,
    ChangeLedger,
    Conflict,
    Counter,
    CountyBase,
    CountyUser,
    Dataset,
    Device,
    Enrolment,
    Entity,
    EntityVersion,
    Feed,
    LoginAttempt,
    Nonce,
    Quarantine,
    StreamStat,
    Upload,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CONFLICT_ENTITY = "conflict"  # conflict records published into the township stream
COUNTY_REF = "county:ref"
# What a county desktop writes that belongs to no township yet (an unassigned warning): only county desktops pull it.
COUNTY_PRIVATE = "county:private"
TOWNSHIP_CODE = re.compile(r"\d{9}")
# County-wide records that township rows point at (a warning's import batch, a spot check's draw, a visit's
# campaign): every laptop takes them, so a township row never waits for a parent it cannot receive.
BROADCAST_ENTITIES = frozenset(
    {
        "warning_import_batch",
        "spot_check_draw",
        "silent_check_run",
        "screening_campaign",
        "discovery_ref_item",
    }
)
# Kept at the county whatever they name: a real-name report carries the reporter's identity (DOMAIN §13).
COUNTY_ONLY_ENTITIES = frozenset({"real_name_report"})
# The only records the county refiles under another township after they were filed (a warning is assigned and
# reassigned); anything else stays where it was first filed, so a township cannot plant a record the county moves.
MOVABLE_ENTITIES = frozenset({"monitoring_warning"})
# A record without its own township_code follows the first of these parents already filed in a township stream.
PARENT_FIELDS = (
    ("case_id", "case"),
    ("household_id", "household"),
    ("request_id", "data_check_request"),
    ("report_id", "data_check_report"),
)
CASE_INITIAL_STATES = frozenset({CaseState.DRAFT.value, CaseState.SUBMITTED_ONLINE.value})


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        retryable: bool = False,
        detail: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.retryable = retryable
        self.detail = detail or {}
        self.headers = headers or {}


def iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def now_iso() -> str:
    return iso(datetime.now(UTC))


def parse_iso(text: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    dk = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"scrypt${salt.hex()}${dk.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        _, salt_hex, _dk = stored.split("$")
    except ValueError:
        return False
    return secrets.compare_digest(hash_password(password, bytes.fromhex(salt_hex)), stored)


def transition_allowed(old: str | None, new: str) -> bool:
    if old == new:
        return True
    try:
        old_s, new_s = CaseState(old), CaseState(new)
    except ValueError:
        return False
    return any(old_s in t.from_states and t.to_state == new_s for t in TRANSITIONS)


@dataclass(frozen=True, slots=True)
class ServerConfig:
    data_dir: Path
    db_url: str
    token_ttl_s: int = 900
    nonce_ttl_s: int = 60
    max_body_bytes: int = 4 * 1024 * 1024
    max_chunk_bytes: int = 4 * 1024 * 1024
    login_fail_limit: int = 10
    login_window_s: int = 60
    min_app_for_pull: str = "0.1.0"
    cert_days: int = 365
    upload_ttl_days: int = 7


@dataclass(frozen=True, slots=True)
class Principal:
    role: str  # device | coordinator | admin
    device_id: str | None
    login: str
    township_id: str | None


def _own_streams(device_id: str, scope: str, county_id: str) -> list[str]:
    """The streams a device reads besides the township streams a county desktop reads."""
    if scope != county_id:
        return [f"township:{scope}", COUNTY_REF, f"device:{device_id}"]
    return [COUNTY_REF, COUNTY_PRIVATE, f"device:{device_id}"]


def streams_for_device(s: Session, device_id: str, scope: str, county_id: str) -> list[str]:
    """A township laptop reads its township; a county desktop (enrolled for the county's own code) reads every
    township stream there is, plus what the county keeps for itself."""
    own = _own_streams(device_id, scope, county_id)
    if scope != county_id:
        return own
    towns = s.scalars(
        select(StreamStat.stream).where(StreamStat.stream.like("township:%")).order_by(StreamStat.stream)
    )
    return [*towns, *own]


def stream_readable(stream: str, device_id: str, scope: str, county_id: str) -> bool:
    county_wide = scope == county_id and stream.startswith("township:")
    return county_wide or stream in _own_streams(device_id, scope, county_id)


@dataclass(frozen=True, slots=True)
class _Ver:
    """What the merge needs of an entity version (``entity_version`` row)."""

    data_json: str
    deleted: bool
    author: str | None


def _chunks(items: list[Any], size: int = 400) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


@dataclass
class _Txn:
    """One write transaction's working set, so the per-change loop runs without per-row SELECTs.

    Everything a change needs is fetched in bulk before the loop (``prefetch``) or remembered as this transaction
    writes it: entities, each device's last own revision per entity, versions written here, stream digests, blob
    states and the backlog keys anyone waits on. New rows go to the session and are flushed once, at commit (or
    earlier, when a rare path has to query). ``server_seq`` values are allocated in memory under the counter lock
    and written back once.
    """

    session: Session
    next_value: int | None = None
    stats: dict[str, list[int]] = field(default_factory=dict)
    now: str = field(default_factory=lambda: now_iso())
    rows: dict[type[CountyBase], list[dict[str, Any]]] = field(default_factory=dict)
    entities: dict[tuple[str, str], Entity | None] = field(default_factory=dict)
    own_last: dict[tuple[str, str, str], int | None] = field(default_factory=dict)
    versions: dict[tuple[str, str, int], _Ver] = field(default_factory=dict)
    blobs: dict[str, Blob | None] = field(default_factory=dict)
    waiting: set[str] | None = None
    gaps: dict[str, set[int]] = field(default_factory=dict)

    def insert(self, model: type[CountyBase], row: dict[str, Any]) -> None:
        """Append-only rows (ledger, versions, feed) are inserted in bulk at the next barrier or at commit."""
        self.rows.setdefault(model, []).append(row)

    def barrier(self) -> None:
        """Before any query that may read the append-only tables: write what is buffered."""
        for model, rows in self.rows.items():
            if rows:
                self.session.execute(insert(model), rows)
        self.rows.clear()

    def seq(self) -> int:
        if self.next_value is None:
            self.next_value = counter_value(self.session, "server_seq")
        self.next_value += 1
        return self.next_value

    def stat(self, stream: str) -> list[int]:
        if stream not in self.stats:
            row = self.session.get(StreamStat, stream)
            self.stats[stream] = [row.count, int(row.digest, 16)] if row else [0, 0]
        return self.stats[stream]

    # ---------------------------------------------------------------------------------------- cached reads

    def prefetch(self, device_id: str, changes: list[Change]) -> None:
        """Entities, own last revisions and blobs of a whole batch: a handful of queries instead of several per
        change."""
        s = self.session
        keys = list(dict.fromkeys((c.entity_type, c.entity_id) for c in changes))
        todo = [k for k in keys if k not in self.entities]
        for part in _chunks(todo):
            for ent in s.scalars(
                select(Entity).where(tuple_(Entity.entity_type, Entity.entity_id).in_(part))
            ):
                self.entities[(ent.entity_type, ent.entity_id)] = ent
            for k in part:
                self.entities.setdefault(k, None)
        todo = [k for k in keys if (k[0], k[1], device_id) not in self.own_last]
        for part in _chunks(todo):
            found = s.execute(
                select(EntityVersion.entity_type, EntityVersion.entity_id, func.max(EntityVersion.rev))
                .where(
                    tuple_(EntityVersion.entity_type, EntityVersion.entity_id).in_(part),
                    EntityVersion.origin_device == device_id,
                )
                .group_by(EntityVersion.entity_type, EntityVersion.entity_id)
            ).all()
            got = {(t, i): int(r) for t, i, r in found}
            for t, i in part:
                self.own_last[(t, i, device_id)] = got.get((t, i))
        refs = dict.fromkeys(ref.removeprefix("sha256:") for c in changes for ref in c.blob_refs)
        shas = [sha for sha in refs if sha not in self.blobs]
        for part in _chunks(shas):
            for b in s.scalars(select(Blob).where(Blob.sha256.in_(part))):
                self.blobs[b.sha256] = b
            for sha in part:
                self.blobs.setdefault(sha, None)

    def entity(self, entity_type: str, entity_id: str) -> Entity | None:
        key = (entity_type, entity_id)
        if key not in self.entities:
            self.entities[key] = self.session.get(Entity, key)
        return self.entities[key]

    def own_last_rev(self, entity_type: str, entity_id: str, device_id: str) -> int | None:
        key = (entity_type, entity_id, device_id)
        if key not in self.own_last:
            self.barrier()
            self.own_last[key] = self.session.scalar(
                select(func.max(EntityVersion.rev)).where(
                    EntityVersion.entity_type == entity_type,
                    EntityVersion.entity_id == entity_id,
                    EntityVersion.origin_device == device_id,
                )
            )
        return self.own_last[key]

    def version(self, entity_type: str, entity_id: str, rev: int) -> _Ver | None:
        v = self.versions.get((entity_type, entity_id, rev))
        if v is None:
            self.barrier()
            row = self.session.get(EntityVersion, (entity_type, entity_id, rev))
            if row is not None:
                v = _Ver(row.data_json, row.deleted, row.author)
        return v

    def blob(self, sha: str) -> Blob | None:
        if sha not in self.blobs:
            self.blobs[sha] = self.session.get(Blob, sha)
        return self.blobs[sha]

    def waiting_keys(self) -> set[str]:
        """What held changes (other than sequence gaps) are waiting for: usually nothing, so releases are free."""
        if self.waiting is None:
            self.waiting = set(
                self.session.scalars(select(Backlog.waiting_for).where(Backlog.kind != "gap").distinct())
            )
        return self.waiting

    def gap_seqs(self, device_id: str) -> set[int]:
        if device_id not in self.gaps:
            self.gaps[device_id] = set(
                self.session.scalars(
                    select(Backlog.device_seq).where(Backlog.device_id == device_id, Backlog.kind == "gap")
                )
            )
        return self.gaps[device_id]

    def flush(self) -> None:
        self.barrier()
        if self.next_value is not None:
            self.session.execute(
                update(Counter).where(Counter.name == "server_seq").values(value=self.next_value)
            )
        for stream, (count, digest) in self.stats.items():
            row = self.session.get(StreamStat, stream)
            if row is None:
                self.session.add(StreamStat(stream=stream, count=count, digest=digest_hex(digest)))
            else:
                row.count, row.digest = count, digest_hex(digest)


class County:
    def __init__(self, cfg: ServerConfig) -> None:
        self.cfg = cfg
        self.db = CountyDb(cfg.db_url)
        self.keys = pki.KeyPaths(cfg.data_dir / "keys")
        self.sign_key = pki.load_sign_key(self.keys)
        self.box_key = pki.load_box_key(self.keys)
        self.sign_pub = signing.pub_hex(self.sign_key)
        self.box_pub = signing.pub_hex(self.box_key)
        self.blob_dir = cfg.data_dir / "blobs"
        self.upload_dir = cfg.data_dir / "uploads"
        self.quarantine_dir = cfg.data_dir / "quarantine"
        for d in (self.blob_dir, self.upload_dir, self.quarantine_dir):
            d.mkdir(parents=True, exist_ok=True)
        with self.db.read() as s:
            self.county_id = get_meta(s, "county_id") or "county"
            self.server_id = get_meta(s, "server_id") or "server"

    def close(self) -> None:
        self.db.dispose()

    def epoch(self) -> str:
        with self.db.read() as s:
            return get_meta(s, "epoch") or ""

    # ------------------------------------------------------------------------------------------- admin

    def new_enrolment(self, township_id: str, label: str = "", *, valid_hours: int = 24) -> str:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
        now = datetime.now(UTC)
        with self.db.plain() as s:
            s.add(
                Enrolment(
                    code_hash=sha256_hex(code),
                    township_id=township_id,
                    label=label,
                    created_at=iso(now),
                    expires_at=iso(now + timedelta(hours=valid_hours)),
                )
            )
        return code

    def revoke(self, device_id: str, reason: str = "") -> None:
        with self.db.write() as s:
            d = s.get(Device, device_id)
            if d is None:
                raise ApiError(404, E_NOT_FOUND, f"没有设备 {device_id}")
            if d.status != "revoked":
                d.status, d.status_reason, d.revoked_at = "revoked", reason, now_iso()
                d.acked_before_revocation = d.max_device_seq
                s.execute(update(Counter).where(Counter.name == REVOCATIONS).values(value=Counter.value + 1))
            s.execute(delete(AccessToken).where(AccessToken.device_id == device_id))

    def add_user(
        self, login: str, password: str, *, role: str, township_id: str | None, name: str = ""
    ) -> None:
        with self.db.plain() as s:
            if s.get(CountyUser, login) is not None:
                raise ApiError(409, E_INVALID_REQUEST, f"账号 {login} 已存在")
            s.add(
                CountyUser(
                    login=login,
                    display_name=name,
                    role=role,
                    township_id=township_id,
                    pw_hash=hash_password(password),
                )
            )

    def rotate_epoch(self) -> str:
        from sync.server.db import new_epoch

        epoch = new_epoch()
        with self.db.write() as s:
            set_meta(s, "epoch", epoch)
            s.execute(update(Device).values(current_session=None))
        return epoch

    def revocation_list(self, session: Session | None = None) -> RevocationList:
        def build(s: Session) -> RevocationList:
            version = counter_value(s, REVOCATIONS)
            revoked = [
                RevokedEntry(device_id=d.device_id, serial=d.cert_serial, revoked_at=d.revoked_at or "")
                for d in s.scalars(
                    select(Device).where(Device.status == "revoked").order_by(Device.device_id)
                )
            ]
            body = {
                "version": version,
                "county_key_id": signing.key_id(self.sign_pub),
                "revoked": [r.model_dump() for r in revoked],
            }
            sig = signing.sign(self.sign_key, signing.revocation_body_bytes(body))
            return RevocationList(**body, sig=sig)  # pyright: ignore[reportArgumentType]

        if session is not None:
            return build(session)
        with self.db.read() as s:
            return build(s)

    # ------------------------------------------------------------------------------------------- enrolment

    def enrol(self, req: EnrolRequest) -> EnrolResponse:
        now = datetime.now(UTC)
        with self.db.write() as s:
            e = s.get(Enrolment, sha256_hex(req.enrol_code.strip().upper()), with_for_update=True)
            if e is None or e.used_at is not None or e.expires_at < iso(now):
                raise ApiError(
                    403, E_ENROL_CODE_INVALID, "登记码无效、已使用或已过期。请向县级管理员重新申请登记码。"
                )
            if s.get(Device, req.device_id) is not None:
                raise ApiError(
                    409, E_ENROL_CODE_INVALID, "本设备已经登记过。如需重新登记，请联系县级管理员。"
                )
            body: dict[str, Any] = {
                "serial": secrets.token_hex(10),
                "device_id": req.device_id,
                "sign_pubkey": req.sign_pubkey,
                "box_pubkey": req.box_pubkey,
                "county_id": self.county_id,
                "township_id": e.township_id,
                "scopes": (
                    ["township:*:rw", f"{COUNTY_REF}:r", f"{COUNTY_PRIVATE}:rw", f"device:{req.device_id}:r"]
                    if e.township_id == self.county_id
                    else [f"township:{e.township_id}:rw", f"{COUNTY_REF}:r", f"device:{req.device_id}:r"]
                ),
                "not_before": iso(now - timedelta(minutes=5)),
                "not_after": iso(now + timedelta(days=self.cfg.cert_days)),
                "county_key_id": signing.key_id(self.sign_pub),
            }
            cert = DeviceCertificate(**body, sig=signing.sign(self.sign_key, signing.cert_body_bytes(body)))
            s.add(
                Device(
                    device_id=req.device_id,
                    label=e.label or req.hostname,
                    township_id=e.township_id,
                    sign_pubkey=req.sign_pubkey,
                    box_pubkey=req.box_pubkey,
                    cert_serial=cert.serial,
                    cert_json=cert.model_dump_json(),
                    enrolled_at=iso(now),
                    app_version=req.app_version,
                )
            )
            e.used_at, e.device_id = iso(now), req.device_id
            epoch = get_meta(s, "epoch") or ""
            revocations = self.revocation_list(s)
        return EnrolResponse(
            certificate=cert,
            county_sign_pubkey=self.sign_pub,
            county_box_pubkey=self.box_pub,
            county_id=self.county_id,
            server_id=self.server_id,
            epoch=epoch,
            revocations=revocations,
        )

    # ------------------------------------------------------------------------------------------- login

    def _rate_check(self, s: Session, key: str) -> None:
        since = iso(datetime.now(UTC) - timedelta(seconds=self.cfg.login_window_s))
        failures = s.scalar(
            select(func.count())
            .select_from(LoginAttempt)
            .where(LoginAttempt.key == key, LoginAttempt.at >= since, LoginAttempt.ok.is_(False))
        )
        if (failures or 0) >= self.cfg.login_fail_limit:
            raise ApiError(
                429,
                E_RATE_LIMITED,
                "登录失败次数过多，请稍后再试。",
                retryable=True,
                headers={"Retry-After": str(self.cfg.login_window_s)},
            )

    def _record_attempt(self, key: str, ok: bool) -> None:
        with self.db.plain() as s:
            s.add(LoginAttempt(key=key, at=now_iso(), ok=ok))

    def challenge(self, req: ChallengeRequest) -> ChallengeResponse:
        nonce = secrets.token_hex(24)
        with self.db.plain() as s:
            d = s.get(Device, req.device_id)
            if d is None:
                raise ApiError(401, E_UNAUTHENTICATED, "本设备尚未在县级登记。")
            self._rate_check(s, f"device:{req.device_id}")
            s.add(
                Nonce(
                    nonce=nonce,
                    device_id=req.device_id,
                    expires_at=iso(datetime.now(UTC) + timedelta(seconds=self.cfg.nonce_ttl_s)),
                )
            )
        return ChallengeResponse(nonce=nonce, expires_in=self.cfg.nonce_ttl_s)

    def session(self, req: SessionRequest) -> TokenResponse:
        key = f"device:{req.device_id}"
        try:
            with self.db.plain() as s:
                self._rate_check(s, key)
                d = s.get(Device, req.device_id)
                if d is None:
                    raise ApiError(401, E_UNAUTHENTICATED, "本设备尚未在县级登记。")
                n = s.get(Nonce, req.nonce, with_for_update=True)
                if n is None or n.device_id != req.device_id:
                    raise ApiError(401, E_NONCE_UNKNOWN, "登录挑战无效，请重新同步。", retryable=True)
                if n.used_at is not None:
                    raise ApiError(401, E_NONCE_REPLAYED, "登录挑战已被使用（疑似重放）。")
                if n.expires_at < now_iso():
                    raise ApiError(401, E_NONCE_UNKNOWN, "登录挑战已过期，请重新同步。", retryable=True)
                n.used_at = now_iso()
                try:
                    signing.verify(d.sign_pubkey, login_message(req.nonce, req.device_id, req.ts), req.sig)
                except signing.SignatureError:
                    raise ApiError(401, E_BAD_SIGNATURE, "设备签名不正确。") from None
                if d.status == "revoked":
                    raise ApiError(
                        403, E_DEVICE_REVOKED, "本设备已被县级吊销，不能再同步。请联系县级管理员。"
                    )
                token = secrets.token_urlsafe(32)
                s.add(
                    AccessToken(
                        token_hash=sha256_hex(token),
                        device_id=d.device_id,
                        user_login=req.user_login,
                        role="device",
                        township_id=d.township_id,
                        expires_at=iso(datetime.now(UTC) + timedelta(seconds=self.cfg.token_ttl_s)),
                    )
                )
        except ApiError as exc:
            if exc.status != 429:
                self._record_attempt(key, False)
            raise
        self._record_attempt(key, True)
        return TokenResponse(token=token, expires_in=self.cfg.token_ttl_s)

    def user_login(self, req: UserLoginRequest) -> TokenResponse:
        key = f"user:{req.login}"
        with self.db.read() as s:
            self._rate_check(s, key)
            u = s.get(CountyUser, req.login)
            ok = u is not None and u.active and check_password(req.password, u.pw_hash)
        if not ok or u is None:
            self._record_attempt(key, False)
            raise ApiError(401, E_LOGIN_FAILED, "账号或密码不正确。")
        token = secrets.token_urlsafe(32)
        with self.db.plain() as s:
            s.add(
                AccessToken(
                    token_hash=sha256_hex(token),
                    user_login=u.login,
                    role=u.role,
                    township_id=u.township_id,
                    expires_at=iso(datetime.now(UTC) + timedelta(seconds=self.cfg.token_ttl_s)),
                )
            )
        self._record_attempt(key, True)
        return TokenResponse(token=token, expires_in=self.cfg.token_ttl_s)

    def authenticate(self, authorization: str | None, device_header: str | None) -> Principal:
        if not authorization or not authorization.startswith("Bearer "):
            raise ApiError(401, E_UNAUTHENTICATED, "需要登录。")
        with self.db.read() as s:
            t = s.get(AccessToken, sha256_hex(authorization[7:].strip()))
            if t is None:
                raise ApiError(401, E_UNAUTHENTICATED, "登录已失效，请重新同步。", retryable=True)
            if t.expires_at < now_iso():
                raise ApiError(401, E_TOKEN_EXPIRED, "登录已过期，请重新同步。", retryable=True)
            if t.role == "device":
                if device_header != t.device_id:
                    raise ApiError(401, E_DEVICE_MISMATCH, "令牌与设备不符。")
                d = s.get(Device, t.device_id)
                if d is None or d.status == "revoked":
                    raise ApiError(
                        403, E_DEVICE_REVOKED, "本设备已被县级吊销，不能再同步。请联系县级管理员。"
                    )
            return Principal(t.role, t.device_id, t.user_login, t.township_id)

    # ------------------------------------------------------------------------------------------- session

    def hello(self, p: Principal, req: HelloRequest) -> HelloResponse:
        if not PROTOCOL_MIN <= req.protocol <= PROTOCOL_MAX:
            raise ApiError(
                501,
                E_PROTOCOL_UNSUPPORTED,
                "程序版本与县级服务器不兼容，请升级低保入户通。",
                detail={"protocol_range": [PROTOCOL_MIN, PROTOCOL_MAX]},
            )
        self._require_device(p, req.device_id)
        now = datetime.now(UTC)
        client = parse_iso(req.client_time)
        skew_ms = int((now - client).total_seconds() * 1000) if client else 0
        suspect = client is None or abs(skew_ms) > 24 * 3600 * 1000
        session_id = f"s-{uuid.uuid4()}"
        with self.db.plain() as s:
            d = s.get(Device, req.device_id, with_for_update=True)
            assert d is not None
            epoch = get_meta(s, "epoch") or ""
            if d.status == "active" and req.device_seq_high < d.max_device_seq and req.known_epoch == epoch:
                # The laptop has fewer changes than we acknowledged: restored from an old image or cloned.
                d.status, d.status_reason = "frozen", f"ROLLBACK {req.device_seq_high}<{d.max_device_seq}"
            d.current_session = session_id
            d.last_seen = iso(now)
            d.last_clock_skew_ms = skew_ms
            d.clock_suspect = suspect
            d.app_version = req.app_version
            if d.status == "frozen":
                action = "DEVICE_SEQ_CONFLICT"
            elif req.known_epoch is not None and req.known_epoch != epoch:
                action = "EPOCH_CHANGED"
            elif _version_tuple(req.app_version) < _version_tuple(self.cfg.min_app_for_pull):
                action = "UPGRADE_REQUIRED"
            else:
                action = "OK"
            acked, watermark, township = d.max_device_seq, d.backup_watermark, d.township_id
            revocations = counter_value(s, REVOCATIONS)
        with self.db.read() as s:
            streams = streams_for_device(s, req.device_id, township, self.county_id)
            heads = self.stream_heads(s, streams)
        return HelloResponse(
            epoch=epoch,
            server_time=iso(now),
            protocol_range=[PROTOCOL_MIN, PROTOCOL_MAX],
            min_app_for_pull=self.cfg.min_app_for_pull,
            max_batch_bytes=self.cfg.max_body_bytes,
            device_acked_through=acked,
            backup_watermark=watermark,
            action=action,  # pyright: ignore[reportArgumentType]
            session=session_id,
            skew_ms=skew_ms,
            clock_suspect=suspect,
            revocations_version=revocations,
            streams=streams,
            heads=heads,
        )

    @staticmethod
    def stream_heads(s: Session, streams: list[str]) -> dict[str, StreamHead]:
        """Each stream's newest seq, count and digest, from the caller's one snapshot."""
        stats = {r.stream: r for r in s.scalars(select(StreamStat).where(StreamStat.stream.in_(streams)))}
        heads: dict[str, StreamHead] = {}
        for stream in streams:
            seq = s.scalar(select(func.max(Feed.server_seq)).where(Feed.stream == stream)) or 0
            row = stats.get(stream)
            heads[stream] = StreamHead(
                seq=int(seq), count=row.count if row else 0, digest=row.digest if row else digest_hex(0)
            )
        return heads

    def abort(self, p: Principal, session_id: str) -> None:
        if p.device_id is None:
            return
        with self.db.plain() as s:
            d = s.get(Device, p.device_id, with_for_update=True)
            if d is not None and d.current_session == session_id:
                d.current_session = None

    def _require_device(self, p: Principal, device_id: str) -> None:
        if p.role != "device" or p.device_id != device_id:
            raise ApiError(401, E_DEVICE_MISMATCH, "令牌与设备不符。")

    def _check_session(self, s: Session, device_id: str, session_id: str) -> Device:
        d = s.get(Device, device_id)
        if d is None:
            raise ApiError(401, E_UNAUTHENTICATED, "本设备尚未在县级登记。")
        if d.current_session != session_id:
            raise ApiError(409, E_SESSION_SUPERSEDED, "另一次同步已经开始，本次同步已停止。", retryable=False)
        return d

    # ------------------------------------------------------------------------------------------- push

    def push_http(self, p: Principal, batch: PushBatch) -> PushResponse:
        self._require_device(p, batch.device_id)
        with self.db.read() as s:
            d = self._check_session(s, batch.device_id, batch.session)
            pubkey, status = d.sign_pubkey, d.status
        self.verify_batch(pubkey, batch)
        if status != "active":
            self._quarantine(batch.device_id, "http", status, batch.model_dump_json())
            if status == "revoked":
                raise ApiError(403, E_DEVICE_REVOKED, "本设备已被县级吊销。数据已隔离待县级审核。")
            raise ApiError(
                403,
                E_DEVICE_FROZEN,
                "本设备已被冻结（同步序号冲突）。数据已隔离待县级审核，请联系县级管理员重新登记。",
            )
        return self.apply_batch(batch.device_id, batch.changes, batch.batch_sig, via="http", allow_gap=False)

    @staticmethod
    def verify_batch(pubkey: str, batch: PushBatch) -> None:
        if batch_digest(batch.changes) != batch.batch_sha256:
            raise ApiError(400, E_BAD_SIGNATURE, "同步数据批次校验失败（内容被改动）。")
        first, last = batch.changes[0].device_seq, batch.changes[-1].device_seq
        try:
            signing.verify(
                pubkey,
                batch_message(batch.device_id, first, last, batch.batch_sha256, batch.session),
                batch.batch_sig,
            )
        except signing.SignatureError:
            raise ApiError(400, E_BAD_SIGNATURE, "同步数据批次的设备签名不正确。") from None
        for c in batch.changes:
            if payload_hash(batch.device_id, c) != c.payload_sha256:
                raise ApiError(400, E_PAYLOAD_HASH, f"第 {c.device_seq} 条变更的内容与其哈希不符。")
        seqs = [c.device_seq for c in batch.changes]
        if seqs != sorted(set(seqs)):
            raise ApiError(422, E_INVALID_REQUEST, "批次中的变更序号必须递增且不重复。")

    def _quarantine(self, device_id: str, via: str, reason: str, payload: str) -> None:
        with self.db.plain() as s:
            s.add(
                Quarantine(
                    id=str(uuid.uuid4()),
                    device_id=device_id,
                    via=via,
                    reason=reason,
                    received_at=now_iso(),
                    payload=payload,
                )
            )

    def apply_batch(
        self, device_id: str, changes: list[Change], batch_sig: str, *, via: str, allow_gap: bool
    ) -> PushResponse:
        """Ledger and apply one batch in one transaction (one commit, one fsync), in device order.

        The ledger rows already present for these sequence numbers, the entities, each entity's last revision by
        this device and the blobs are read in bulk first; the loop itself issues no per-change SELECT. The hash
        chain is followed in memory. Exactly-once holds as before: a change is ledgered in the same transaction
        that applies it, and a replay finds its ledger row and answers ``duplicate`` with the first result.
        """
        reused: int | None = None
        results: list[ChangeResult] = []
        written: list[str] = []
        ack = 0
        try:
            with self.db.write() as s:
                txn = _Txn(s)
                d = s.get(Device, device_id, with_for_update=True)
                assert d is not None
                seqs = [c.device_seq for c in changes]
                ledgered: dict[int, tuple[str, str]] = {}
                for part in _chunks(seqs):
                    for seq, sha, result_json in s.execute(
                        select(
                            ChangeLedger.device_seq, ChangeLedger.payload_sha256, ChangeLedger.result_json
                        ).where(ChangeLedger.device_id == device_id, ChangeLedger.device_seq.in_(part))
                    ):
                        ledgered[int(seq)] = (sha, result_json)
                fresh = [c for c in changes if c.device_seq not in ledgered]
                if fresh:
                    txn.prefetch(device_id, fresh)
                last_hash: tuple[int, str] | None = (
                    None  # (seq, payload_sha256) of the newest change ledgered
                )
                for c in changes:
                    led = ledgered.get(c.device_seq)
                    if led is not None:
                        if led[0] != c.payload_sha256:
                            reused = c.device_seq
                            break
                        first = ChangeResult.model_validate_json(led[1])
                        results.append(
                            first.model_copy(update={"status": "duplicate", "original": first.status})
                        )
                        continue
                    if c.device_seq != d.max_device_seq + 1:
                        if not allow_gap or c.device_seq <= d.max_device_seq:
                            break
                        gaps = txn.gap_seqs(device_id)
                        held = None
                        if c.device_seq in gaps:
                            txn.barrier()
                            held = s.get(Backlog, (device_id, c.device_seq))
                        if (
                            held is not None
                            and json.loads(held.change_json)["payload_sha256"] != c.payload_sha256
                        ):
                            reused = c.device_seq
                            break
                        if held is None:
                            self._hold(
                                txn,
                                device_id,
                                c,
                                batch_sig,
                                via,
                                "gap",
                                f"seq:{device_id}:{c.device_seq - 1}",
                            )
                        results.append(
                            ChangeResult(
                                seq=c.device_seq, status="deferred", waiting_for=[f"seq:{c.device_seq - 1}"]
                            )
                        )
                        continue
                    if c.device_seq == 1:
                        expected_prev: str | None = GENESIS
                    elif last_hash is not None and last_hash[0] == c.device_seq - 1:
                        expected_prev = last_hash[1]
                    else:
                        txn.barrier()
                        expected_prev = s.scalar(
                            select(ChangeLedger.payload_sha256).where(
                                ChangeLedger.device_id == device_id,
                                ChangeLedger.device_seq == c.device_seq - 1,
                            )
                        )
                    if c.prev_hash != expected_prev:
                        reused = c.device_seq
                        break
                    if c.schema_version > SCHEMA_VERSION:
                        results.append(
                            ChangeResult(
                                seq=c.device_seq, status="rejected", reason="SCHEMA_NEWER", retryable=True
                            )
                        )
                        break
                    results.append(self._receive(txn, d, c, batch_sig, via))
                    d.max_device_seq = c.device_seq
                    last_hash = (c.device_seq, c.payload_sha256)
                    if allow_gap:
                        drained = self._drain_gaps(txn, d)
                        if drained:
                            results.extend(r for r, _ in drained)
                            last_hash = drained[-1][1]
                if reused is not None:
                    raise _Rollback
                txn.flush()
                ack = d.max_device_seq
                written = sorted(txn.stats)
        except _Rollback:
            pass
        if reused is not None:
            self._freeze(device_id, f"DEVICE_SEQ_REUSED {reused}")
            self._quarantine(
                device_id, via, "DEVICE_SEQ_REUSED", canonical_json([c.model_dump() for c in changes])
            )
            raise ApiError(
                409,
                E_DEVICE_SEQ_REUSED,
                "同一同步序号收到了不同的内容（设备可能从旧备份恢复或被复制）。本设备已冻结，数据已隔离，"
                "请联系县级管理员重新登记。",
                detail={"device_seq": reused},
            )
        return PushResponse(ack_through=ack, results=results, streams=written)

    def _freeze(self, device_id: str, reason: str) -> None:
        with self.db.plain() as s:
            d = s.get(Device, device_id, with_for_update=True)
            if d is not None and d.status == "active":
                d.status, d.status_reason = "frozen", reason

    def _drain_gaps(self, txn: _Txn, d: Device) -> list[tuple[ChangeResult, tuple[int, str]]]:
        out: list[tuple[ChangeResult, tuple[int, str]]] = []
        s = txn.session
        gaps = txn.gap_seqs(d.device_id)
        while d.max_device_seq + 1 in gaps:
            txn.barrier()
            held = s.get(Backlog, (d.device_id, d.max_device_seq + 1))
            gaps.discard(d.max_device_seq + 1)
            if held is None or held.kind != "gap":
                return out
            c = Change.model_validate_json(held.change_json)
            s.delete(held)
            s.flush()
            txn.prefetch(d.device_id, [c])
            out.append((self._receive(txn, d, c, held.batch_sig, held.via), (c.device_seq, c.payload_sha256)))
            d.max_device_seq = c.device_seq
        return out

    def _hold(
        self, txn: _Txn, device_id: str, c: Change, sig: str, via: str, kind: str, waiting: str
    ) -> None:
        txn.session.add(
            Backlog(
                device_id=device_id,
                device_seq=c.device_seq,
                kind=kind,
                waiting_for=waiting,
                change_json=c.model_dump_json(),
                batch_sig=sig,
                via=via,
                held_since=now_iso(),
            )
        )
        if kind == "gap":
            txn.gap_seqs(device_id).add(c.device_seq)
        else:
            txn.waiting_keys().add(waiting)

    def _receive(self, txn: _Txn, d: Device, c: Change, sig: str, via: str) -> ChangeResult:
        """Ledger one contiguous change and apply it, or hold it for a blob or its create."""
        missing = self._missing_blobs(txn, c.blob_refs)
        if missing:
            self._hold(txn, d.device_id, c, sig, via, "blob", missing[0])
            result = ChangeResult(seq=c.device_seq, status="deferred", waiting_for=missing)
        else:
            result = self._apply(txn, d.device_id, d.township_id, c)
            if result.status == "deferred":
                self._hold(txn, d.device_id, c, sig, via, "entity", result.waiting_for[0])
        txn.insert(
            ChangeLedger,
            {
                "device_id": d.device_id,
                "device_seq": c.device_seq,
                "change_id": c.change_id,
                "payload_sha256": c.payload_sha256,
                "prev_hash": c.prev_hash,
                "entity_type": c.entity_type,
                "entity_id": c.entity_id,
                "change_json": c.model_dump_json(),
                "batch_sig": sig,
                "received_at": txn.now,
                "via": via,
                "result": result.status,
                "result_json": result.model_dump_json(),
                "server_seq": result.server_seq,
                "clock_suspect": d.clock_suspect,
            },
        )
        if result.status in ("applied", "conflict") and c.op == "create":
            self._release(txn, f"entity:{c.entity_type}:{c.entity_id}")
        return result

    def _missing_blobs(self, txn: _Txn, refs: Iterable[str]) -> list[str]:
        missing: list[str] = []
        for ref in refs:
            sha = ref.removeprefix("sha256:")
            blob = txn.blob(sha)
            if blob is None:
                blob = Blob(sha256=sha, state="expected", created_at=now_iso())
                txn.session.add(blob)
                txn.blobs[sha] = blob
                missing.append(f"blob:{sha}")
            elif blob.state != "complete":
                missing.append(f"blob:{sha}")
        return missing

    def _release(self, txn: _Txn, key: str) -> None:
        """Something arrived (a create or a blob): apply what was waiting for it, in device order."""
        if key not in txn.waiting_keys():
            return
        txn.barrier()
        s = txn.session
        for held in list(
            s.scalars(
                select(Backlog)
                .where(Backlog.waiting_for == key, Backlog.kind != "gap")
                .order_by(Backlog.device_id, Backlog.device_seq)
            )
        ):
            c = Change.model_validate_json(held.change_json)
            led = s.get(ChangeLedger, (held.device_id, held.device_seq))
            d = s.get(Device, held.device_id)
            if led is None or d is None:
                continue
            s.delete(held)
            s.flush()
            missing = self._missing_blobs(txn, c.blob_refs)
            if missing:
                self._hold(txn, d.device_id, c, held.batch_sig, held.via, "blob", missing[0])
                continue
            result = self._apply(txn, d.device_id, d.township_id, c)
            if result.status == "deferred":
                self._hold(txn, d.device_id, c, held.batch_sig, held.via, "entity", result.waiting_for[0])
                continue
            led.result, led.result_json, led.server_seq = (
                result.status,
                result.model_dump_json(),
                result.server_seq,
            )
            if c.op == "create" and result.status in ("applied", "conflict"):
                self._release(txn, f"entity:{c.entity_type}:{c.entity_id}")

    def force_backlog(self, older_than: timedelta) -> int:
        """Held updates whose create never came are applied as creates after the grace period (ODK: 5 days)."""
        cutoff = iso(datetime.now(UTC) - older_than)
        done = 0
        with self.db.write() as s:
            txn = _Txn(s)
            for held in list(
                s.scalars(
                    select(Backlog)
                    .where(Backlog.kind == "entity", Backlog.held_since < cutoff)
                    .order_by(Backlog.device_id, Backlog.device_seq)
                )
            ):
                c = Change.model_validate_json(held.change_json)
                d = s.get(Device, held.device_id)
                led = s.get(ChangeLedger, (held.device_id, held.device_seq))
                if d is None or led is None:
                    continue
                s.delete(held)
                s.flush()
                as_create = c.model_copy(update={"op": "create"})
                result = self._apply(txn, d.device_id, d.township_id, as_create, forced=True)
                led.result, led.result_json, led.server_seq = (
                    result.status,
                    result.model_dump_json(),
                    result.server_seq,
                )
                done += 1
                self._release(txn, f"entity:{c.entity_type}:{c.entity_id}")
            txn.flush()
        return done

    # ------------------------------------------------------------------------------------------- apply

    def _apply(
        self, txn: _Txn, device_id: str, township_id: str, c: Change, *, forced: bool = False
    ) -> ChangeResult:
        seq = c.device_seq
        ent = txn.entity(c.entity_type, c.entity_id)
        if township_id == self.county_id:
            routed = self._county_route(txn, c, ent)
            if routed is None:
                return ChangeResult(seq=seq, status="rejected", reason="OUT_OF_SCOPE")
            stream = routed
        else:
            stream = f"township:{township_id}"
            if (ent is not None and ent.stream != stream) or not self._township_may_file(txn, township_id, c):
                return ChangeResult(seq=seq, status="rejected", reason="OUT_OF_SCOPE")
        if ent is None:
            if c.op not in ("create", "event", "correct"):
                return ChangeResult(
                    seq=seq, status="deferred", waiting_for=[f"entity:{c.entity_type}:{c.entity_id}"]
                )
            if (
                c.entity_type == "case"
                and not forced
                and c.fields.get("state") is not None
                and c.fields.get("state") not in CASE_INITIAL_STATES
            ):
                return ChangeResult(seq=seq, status="rejected", reason="INVALID_TRANSITION")
            data = {k: v for k, v in c.fields.items() if k != RESOLVES}
            rev, sseq = self._write_rev(
                txn, None, c.entity_type, c.entity_id, stream, data, False, None, c, device_id, c.op
            )
            return ChangeResult(seq=seq, status="applied", rev=rev, server_seq=sseq)

        resolving = RESOLVES in c.fields
        incoming_fields = {k: v for k, v in c.fields.items() if k != RESOLVES} if resolving else c.fields
        own_last = txn.own_last_rev(c.entity_type, c.entity_id, device_id)
        base_rev = max(c.base_rev or 0, own_last or 0) or 1  # unknown base: the create
        own_branch = base_rev >= ent.rev
        base: _Ver | None = None
        base_data: dict[str, Any] | None = None
        if not own_branch:  # the base is only read when someone else wrote since (a merge)
            base = txn.version(c.entity_type, c.entity_id, base_rev)
            base_data = json.loads(base.data_json) if base is not None else None
        server = json.loads(ent.data_json)
        out = merge(
            c.entity_type,
            base=base_data,
            base_deleted=base.deleted if base is not None else False,
            server=server,
            server_deleted=ent.deleted,
            incoming=incoming_fields,
            op=c.op,
            own_branch=own_branch,
        )
        if (
            c.entity_type == "case"
            and "state" in out.applied
            and not transition_allowed(server.get("state"), str(out.applied["state"]))
        ):
            if own_branch:
                base = txn.version(c.entity_type, c.entity_id, base_rev)
                base_data = json.loads(base.data_json) if base is not None else None
            self._open_conflict(
                txn, ent, "invalid_transition", ("state",), base_data, server, {"state": out.applied["state"]}, c,
                device_id, stream,
            )  # fmt: skip
            return ChangeResult(seq=seq, status="rejected", reason="INVALID_TRANSITION", rev=ent.rev)
        closed = self._close_for_device(txn, c, device_id, stream, incoming_fields) if resolving else None
        flag = self._open_flag(txn, ent) if closed is not None else ent.conflict
        if out.kind == "hard" or (out.kind == "soft" and flag is None):
            flag = out.kind
        conflict_id: str | None = None
        if out.kind is not None:
            fields = out.conflicting or tuple(sorted(out.applied))
            incoming = {DELETED: True} if c.op == "delete" else dict(incoming_fields)
            conflict_id = self._open_conflict(
                txn, ent, out.kind, fields, base_data, server, incoming, c, device_id, stream
            )
        data, changed = out.data, out.changed
        absent = [f for f in out.held if f != DELETED and f not in data]
        if absent:
            # A held field the county never had: its value is "empty", written out so that every laptop's working
            # copy (including the one that sent the refused value) takes it on the next pull.
            data, changed = {**data, **dict.fromkeys(absent)}, True
        if changed or flag != ent.conflict:
            rev, sseq = self._write_rev(
                txn, ent, c.entity_type, c.entity_id, stream, data, out.deleted, flag, c, device_id, c.op
            )
        else:
            rev, sseq = ent.rev, ent.last_server_seq
        if closed is not None:
            closed.resolution_rev = rev
            self._publish_conflict(txn, closed)
        if out.kind is None:
            return ChangeResult(seq=seq, status="applied", rev=rev, server_seq=sseq)
        return ChangeResult(
            seq=seq, status="conflict", kind=out.kind, conflict_id=conflict_id, rev=rev, server_seq=sseq
        )

    @staticmethod
    def _township_may_file(txn: _Txn, township_id: str, c: Change) -> bool:
        """A township laptop files only its own township's records: no other township's code, no parent (case,
        household, request, report) filed under another stream."""
        town = c.fields.get("township_code")
        if (
            isinstance(town, str)
            and TOWNSHIP_CODE.fullmatch(town)
            and TOWNSHIP_CODE.fullmatch(township_id)
            and town != township_id
        ):
            return False
        for name, parent_type in PARENT_FIELDS:
            ref = c.fields.get(name)
            if isinstance(ref, str) and ref:
                parent = txn.entity(parent_type, ref)
                if parent is not None and parent.stream != f"township:{township_id}":
                    return False
        return True

    def _county_route(self, txn: _Txn, c: Change, ent: Entity | None) -> str | None:
        """Where a county desktop's change is filed: the township the record names, else the township of its parent
        (case, household, data-check request or report); county-wide records otherwise. Once filed, only a warning
        moves. None: it names a township outside this county."""
        if c.entity_type in COUNTY_ONLY_ENTITIES:
            return COUNTY_PRIVATE
        if ent is not None and c.entity_type not in MOVABLE_ENTITIES:
            return (
                ent.stream if ent.stream.startswith("township:") or ent.stream.startswith("county:") else None
            )
        fields: dict[str, Any] = {**(json.loads(ent.data_json) if ent is not None else {}), **c.fields}
        town = fields.get("township_code")
        if isinstance(town, str) and town:
            inside = TOWNSHIP_CODE.fullmatch(town) and town.startswith(self.county_id)
            return f"township:{town}" if inside else None
        for name, parent_type in PARENT_FIELDS:
            ref = fields.get(name)
            if isinstance(ref, str) and ref:
                parent = txn.entity(parent_type, ref)
                if parent is not None and parent.stream.startswith("township:"):
                    return parent.stream
        if ent is not None and ent.stream.startswith("township:"):
            return ent.stream
        return COUNTY_REF if c.entity_type in BROADCAST_ENTITIES else COUNTY_PRIVATE

    def _open_conflict(
        self,
        txn: _Txn,
        ent: Entity,
        kind: str,
        fields: tuple[str, ...],
        base: dict[str, Any] | None,
        server: dict[str, Any],
        incoming: dict[str, Any],
        c: Change | None,
        device_id: str | None,
        stream: str | None = None,
    ) -> str:
        """``stream``: where the change is filed, when that is not (or no longer) where the entity was: the conflict
        goes to the township that now holds the record."""
        current = txn.version(ent.entity_type, ent.entity_id, ent.rev)
        server_author = current.author if current is not None else None
        cid = str(uuid.uuid4())
        row = Conflict(
            conflict_id=cid,
            entity_type=ent.entity_type,
            entity_id=ent.entity_id,
            stream=stream or ent.stream,
            kind=kind,
            status="open",
            fields_json=canonical_json(list(fields)),
            base_values_json=canonical_json({f: (base or {}).get(f) for f in fields}),
            server_values_json=canonical_json(
                {f: (ent.deleted if f == DELETED else server.get(f)) for f in fields}
            ),
            incoming_values_json=canonical_json(incoming),
            base_rev=c.base_rev if c else None,
            server_rev=ent.rev,
            incoming_change_id=c.change_id if c else None,
            incoming_device=device_id,
            incoming_author=c.author_user_id if c else None,
            server_author=server_author,
            created_at=now_iso(),
        )
        txn.session.add(row)
        self._publish_conflict(txn, row)
        return cid

    def _publish_conflict(self, txn: _Txn, row: Conflict) -> None:
        """The conflict record goes down the township stream like any entity: every laptop of the township (and so
        the coordinator's, offline) has the queue and sees it close (``sync.conflicts``)."""
        ent = txn.entity(CONFLICT_ENTITY, row.conflict_id)
        self._write_rev(
            txn, ent, CONFLICT_ENTITY, row.conflict_id, row.stream, _conflict_view(row).model_dump(), False, None,
            None, None, "conflict", author=row.resolved_by,
        )  # fmt: skip

    def _close_for_device(
        self, txn: _Txn, c: Change, device_id: str, stream: str, values: dict[str, Any]
    ) -> Conflict | None:
        """A laptop coordinator's resolution (a patch carrying ``__resolves__``) closes that conflict if it is still
        open, about this entity and in the device's own township; anything else is applied as a plain patch."""
        cid = c.fields.get(RESOLVES)
        if not isinstance(cid, str):
            return None
        txn.barrier()
        row = txn.session.get(Conflict, cid)
        if (
            row is None
            or row.status != "open"
            or row.stream != stream
            or (row.entity_type, row.entity_id) != (c.entity_type, c.entity_id)
        ):
            return None
        row.status = "resolved" if values or c.op == "delete" else "acknowledged"
        row.resolved_by, row.resolved_at = f"{c.author_user_id}@{device_id[:8]}"[:64], now_iso()
        row.note = f"laptop resolution from device {device_id}"
        return row

    @staticmethod
    def _open_flag(txn: _Txn, ent: Entity) -> str | None:
        """The entity's conflict flag from the conflicts still open on it (a resolution may lower it)."""
        kinds = set(
            txn.session.scalars(
                select(Conflict.kind).where(
                    Conflict.entity_type == ent.entity_type,
                    Conflict.entity_id == ent.entity_id,
                    Conflict.status == "open",
                    Conflict.kind.in_(("soft", "hard")),
                )
            )
        )
        return "hard" if "hard" in kinds else ("soft" if kinds else None)

    def _write_rev(
        self,
        txn: _Txn,
        ent: Entity | None,
        entity_type: str,
        entity_id: str,
        stream: str,
        data: dict[str, Any],
        deleted: bool,
        conflict: str | None,
        c: Change | None,
        origin: str | None,
        op: str,
        *,
        author: str | None = None,
    ) -> tuple[int, int]:
        s = txn.session
        seq = txn.seq()
        stat = txn.stat(stream)
        data_json = canonical_json(data)
        if ent is None:
            rev = 1
            ent = Entity(
                entity_type=entity_type,
                entity_id=entity_id,
                stream=stream,
                rev=rev,
                data_json=data_json,
                deleted=deleted,
                conflict=conflict,
                last_server_seq=seq,
            )
            s.add(ent)
            txn.entities[(entity_type, entity_id)] = ent
            stat[0] += 1
        else:
            if ent.stream != stream:
                self._leave_stream(txn, ent, ent.rev + 1)
                stat[0] += 1
                ent.stream = stream
            else:
                stat[1] ^= entity_digest(entity_type, entity_id, ent.rev)
            rev = ent.rev + 1
            ent.rev, ent.data_json, ent.deleted, ent.conflict, ent.last_server_seq = (
                rev, data_json, deleted, conflict, seq,
            )  # fmt: skip
        stat[1] ^= entity_digest(entity_type, entity_id, rev)
        version = _Ver(data_json, deleted, author or (c.author_user_id if c else None))
        txn.insert(
            EntityVersion,
            {
                "entity_type": entity_type,
                "entity_id": entity_id,
                "rev": rev,
                "data_json": data_json,
                "deleted": deleted,
                "change_id": c.change_id if c else None,
                "origin_device": origin,
                "author": version.author,
                "created_at": txn.now,
            },
        )
        txn.versions[(entity_type, entity_id, rev)] = version
        if origin is not None:
            txn.own_last[(entity_type, entity_id, origin)] = rev
        txn.insert(
            Feed,
            {
                "server_seq": seq,
                "stream": stream,
                "entity_type": entity_type,
                "entity_id": entity_id,
                "rev": rev,
                "op": op,
                "origin_device": origin,
            },
        )
        return rev, seq

    @staticmethod
    def _leave_stream(txn: _Txn, ent: Entity, next_rev: int) -> None:
        """Filed elsewhere now (a county warning assigned or reassigned to a township): the entity leaves the old
        stream's count and digest, so both streams still verify, and the old stream gets a ``moved`` item (no data),
        so its readers drop their copy instead of keeping a warning that is no longer theirs, and a full re-read of
        the old stream ends with the drop, not with the stale revision."""
        old = txn.stat(ent.stream)
        old[0] -= 1
        old[1] ^= entity_digest(ent.entity_type, ent.entity_id, ent.rev)
        txn.insert(
            Feed,
            {
                "server_seq": txn.seq(),
                "stream": ent.stream,
                "entity_type": ent.entity_type,
                "entity_id": ent.entity_id,
                "rev": next_rev,
                "op": OP_MOVED,
                "origin_device": None,
            },
        )

    # ------------------------------------------------------------------------------------------- pull/verify

    def _check_stream(self, p: Principal, stream: str) -> None:
        if p.role == "device":
            assert p.device_id is not None
            if not stream_readable(stream, p.device_id, p.township_id or "", self.county_id):
                raise ApiError(403, E_FORBIDDEN_STREAM, "本设备无权读取该数据范围。")
        elif p.township_id and stream not in (f"township:{p.township_id}", COUNTY_REF):
            raise ApiError(403, E_FORBIDDEN_STREAM, "无权读取该数据范围。")

    def pull(self, p: Principal, req: PullRequest) -> PullResponse:
        self._check_stream(p, req.stream)
        with self.db.read() as s:
            if p.role == "device":
                assert p.device_id is not None
                d = self._check_session(s, p.device_id, req.session)
                if _version_tuple(d.app_version) < _version_tuple(self.cfg.min_app_for_pull):
                    raise ApiError(
                        426,
                        E_UPGRADE_REQUIRED,
                        "请先升级低保入户通，再接收县级数据（已发送的数据不受影响）。",
                    )
            return self.read_page(s, req.stream, req.since, req.limit)

    def read_page(self, s: Session, stream: str, since: int, limit: int) -> PullResponse:
        rows = s.execute(
            select(
                Feed.server_seq,
                Feed.entity_type,
                Feed.entity_id,
                Feed.rev,
                Feed.op,
                Feed.origin_device,
                EntityVersion.data_json,
                EntityVersion.deleted,
                Entity.conflict,
            )
            .join(
                EntityVersion,
                (EntityVersion.entity_type == Feed.entity_type)
                & (EntityVersion.entity_id == Feed.entity_id)
                & (EntityVersion.rev == Feed.rev),
            )
            .join(Entity, (Entity.entity_type == Feed.entity_type) & (Entity.entity_id == Feed.entity_id))
            .where(Feed.stream == stream, Feed.server_seq > since)
            .order_by(Feed.server_seq)
            .limit(limit + 1)
        ).all()
        has_more = len(rows) > limit
        rows = rows[:limit]
        # A ``moved`` item tells the stream it left that the entity is gone from it; what it now holds belongs to
        # another township and is not sent (an old laptop that does not know the op reads it as a delete).
        items = [
            PullItem(
                server_seq=r[0],
                entity_type=r[1],
                entity_id=r[2],
                rev=r[3],
                op=r[4],
                data=None if r[4] == OP_MOVED else json.loads(r[6]),
                tombstone=r[4] == OP_MOVED or bool(r[7]),
                conflict=None if r[4] == OP_MOVED else r[8],  # pyright: ignore[reportArgumentType]
                origin_device=r[5],
                blob_refs=[] if r[4] == OP_MOVED else _blob_refs(r[1], r[6]),
            )
            for r in rows
        ]
        return PullResponse(
            stream=stream,
            changes=items,
            next=rows[-1][0] if rows else since,
            has_more=has_more,
            revocations_version=counter_value(s, REVOCATIONS),
            stat=None if has_more else self.stream_heads(s, [stream])[stream],
        )

    def verify(self, p: Principal, req: VerifyRequest) -> VerifyResponse:
        self._check_stream(p, req.stream)
        with self.db.read() as s:
            if p.role == "device":
                assert p.device_id is not None
                self._check_session(s, p.device_id, req.session)
            row = s.get(StreamStat, req.stream)
            count, digest = (row.count, row.digest) if row else (0, digest_hex(0))
        return VerifyResponse(
            ok=count == req.count and digest == req.digest, server_count=count, server_digest=digest
        )

    # ------------------------------------------------------------------------------------------- blobs

    def blob_path(self, sha: str) -> Path:
        return self.blob_dir / sha[:2] / sha

    def blob_check(self, p: Principal, req: BlobCheckRequest) -> BlobCheckResponse:
        missing: list[str] = []
        partial: dict[str, PartialUpload] = {}
        with self.db.read() as s:
            for sha in req.sha256:
                b = s.get(Blob, sha)
                if b is not None and b.state == "complete":
                    continue
                up = s.scalar(select(Upload).where(Upload.sha256 == sha).limit(1))
                if up is not None:
                    partial[sha] = PartialUpload(upload_id=up.upload_id, offset=up.offset)
                else:
                    missing.append(sha)
        return BlobCheckResponse(missing=missing, partial=partial)

    def upload_create(self, p: Principal, req: UploadCreate) -> UploadState:
        now = datetime.now(UTC)
        with self.db.plain() as s:
            b = s.get(Blob, req.sha256)
            if b is not None and b.state == "complete":
                return UploadState(upload_id=None, offset=b.size, complete=True)
            up = s.scalar(select(Upload).where(Upload.sha256 == req.sha256).limit(1))
            if up is not None:
                return UploadState(upload_id=up.upload_id, offset=up.offset, complete=False)
            upload_id = str(uuid.uuid4())
            self._part(upload_id).write_bytes(b"")
            s.add(
                Upload(
                    upload_id=upload_id,
                    sha256=req.sha256,
                    size=req.size,
                    mime=req.mime,
                    device_id=p.device_id,
                    created_at=iso(now),
                    expires_at=iso(now + timedelta(days=self.cfg.upload_ttl_days)),
                )
            )
        return UploadState(upload_id=upload_id, offset=0, complete=False)

    def _part(self, upload_id: str) -> Path:
        return self.upload_dir / f"{upload_id}.part"

    def upload_state(self, upload_id: str) -> Upload:
        with self.db.read() as s:
            up = s.get(Upload, upload_id)
            if up is None:
                raise ApiError(404, E_NOT_FOUND, "上传任务不存在或已完成。")
            s.expunge(up)
            return up

    def upload_begin_chunk(self, upload_id: str, offset: int) -> Upload:
        up = self.upload_state(upload_id)
        if offset != up.offset:
            raise ApiError(
                409,
                E_UPLOAD_OFFSET,
                "上传位置不一致，请重新查询后继续。",
                retryable=True,
                detail={"offset": up.offset},
            )
        return up

    def upload_finish_chunk(
        self, up: Upload, offset: int, written: int, chunk_sha: str, expected_sha: str
    ) -> UploadState:
        part = self._part(up.upload_id)
        if chunk_sha != expected_sha:
            with part.open("r+b") as fh:
                fh.truncate(offset)
            raise ApiError(460, E_CHUNK_CHECKSUM, "照片分块校验失败，将重新发送该分块。", retryable=True)
        new_offset = offset + written
        if new_offset > up.size:
            with part.open("r+b") as fh:
                fh.truncate(offset)
            raise ApiError(422, E_INVALID_REQUEST, "上传的数据超过声明的大小。")
        if new_offset < up.size:
            with self.db.plain() as s:
                n = s.execute(
                    update(Upload)
                    .where(Upload.upload_id == up.upload_id, Upload.offset == offset)
                    .values(offset=new_offset)
                ).rowcount  # pyright: ignore[reportAttributeAccessIssue]
            if n != 1:
                raise ApiError(409, E_UPLOAD_OFFSET, "上传位置不一致，请重新查询后继续。", retryable=True)
            return UploadState(upload_id=up.upload_id, offset=new_offset, complete=False)
        h = hashlib.sha256()
        with part.open("rb") as fh:
            while block := fh.read(1024 * 1024):
                h.update(block)
        if h.hexdigest() != up.sha256:
            part.write_bytes(b"")
            with self.db.plain() as s:
                s.execute(update(Upload).where(Upload.upload_id == up.upload_id).values(offset=0))
            raise ApiError(422, E_BLOB_HASH, "照片整体校验失败，将从头重新上传。", retryable=True)
        target = self.blob_path(up.sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(part, target)
        self.commit_blob(up.sha256, up.size, up.mime, upload_id=up.upload_id)
        return UploadState(upload_id=up.upload_id, offset=up.size, complete=True)

    def commit_blob(self, sha: str, size: int, mime: str, *, upload_id: str | None = None) -> None:
        with self.db.write() as s:
            txn = _Txn(s)
            b = s.get(Blob, sha)
            if b is None:
                s.add(Blob(sha256=sha, size=size, mime=mime, state="complete", created_at=now_iso()))
            else:
                b.size, b.mime, b.state = size, mime or b.mime, "complete"
            s.execute(delete(Upload).where(Upload.sha256 == sha))
            s.flush()
            self._release(txn, f"blob:{sha}")
            txn.flush()
        if upload_id is not None:
            self._part(upload_id).unlink(missing_ok=True)

    def blob_put_begin(self, sha: str, size: int) -> Path:
        """A whole blob in one request (protocol 2, blobs up to one chunk): where to stream it. Larger blobs use the
        resumable upload."""
        if size > self.cfg.max_chunk_bytes:
            raise ApiError(
                413,
                E_INVALID_REQUEST,
                "照片太大，请分块上传。",
                detail={"max_bytes": self.cfg.max_chunk_bytes},
            )
        return self.upload_dir / f"put-{sha}-{uuid.uuid4().hex}.part"

    def blob_put_finish(
        self, sha: str, size: int, mime: str, part: Path, written: int, got_sha: str
    ) -> UploadState:
        """The streamed bytes are committed only if their SHA-256 is the one named in the URL (never otherwise)."""
        try:
            if written != size:
                raise ApiError(422, E_INVALID_REQUEST, "上传的数据与声明的大小不符。", retryable=True)
            if got_sha != sha:
                raise ApiError(422, E_BLOB_HASH, "照片整体校验失败，将重新上传。", retryable=True)
            target = self.blob_path(sha)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(part, target)
        finally:
            part.unlink(missing_ok=True)
        self.commit_blob(sha, size, mime)
        return UploadState(upload_id=None, offset=size, complete=True)

    def has_blob(self, sha: str) -> bool:
        with self.db.read() as s:
            b = s.get(Blob, sha)
            return b is not None and b.state == "complete"

    def blob_file(self, sha: str) -> Path:
        with self.db.read() as s:
            b = s.get(Blob, sha)
            if b is None or b.state != "complete":
                raise ApiError(404, E_NOT_FOUND, "县级没有这张照片。")
        return self.blob_path(sha)

    # ------------------------------------------------------------------------------------------- conflicts

    def _require_coordinator(self, p: Principal) -> None:
        if p.role not in ("coordinator", "admin"):
            raise ApiError(403, E_FORBIDDEN, "只有县级协调员可以处理冲突。")

    def list_conflicts(self, p: Principal, *, status: str | None, stream: str | None) -> ConflictList:
        self._require_coordinator(p)
        with self.db.read() as s:
            q = select(Conflict).order_by(Conflict.created_at, Conflict.conflict_id)
            if status:
                q = q.where(Conflict.status == status)
            if stream:
                q = q.where(Conflict.stream == stream)
            if p.township_id:
                q = q.where(Conflict.stream == f"township:{p.township_id}")
            return ConflictList(conflicts=[_conflict_view(c) for c in s.scalars(q)])

    def get_conflict(self, p: Principal, conflict_id: str) -> ConflictView:
        self._require_coordinator(p)
        with self.db.read() as s:
            c = s.get(Conflict, conflict_id)
            if c is None or (p.township_id and c.stream != f"township:{p.township_id}"):
                raise ApiError(404, E_NOT_FOUND, "冲突记录不存在。")
            return _conflict_view(c)

    def resolve(self, p: Principal, conflict_id: str, req: ResolveRequest) -> ResolveResponse:
        """The coordinator's decision becomes an ordinary new revision, so it reaches every laptop."""
        self._require_coordinator(p)
        with self.db.write() as s:
            txn = _Txn(s)
            c = s.get(Conflict, conflict_id)
            if c is None or (p.township_id and c.stream != f"township:{p.township_id}"):
                raise ApiError(404, E_NOT_FOUND, "冲突记录不存在。")
            if c.status != "open":
                raise ApiError(409, E_CONFLICT_STATE, "该冲突已经处理过了。")
            ent = s.get(Entity, (c.entity_type, c.entity_id))
            assert ent is not None
            data = json.loads(ent.data_json)
            values = dict(req.values)
            deleted = bool(values.pop(DELETED, ent.deleted))
            if (
                c.entity_type == "case"
                and "state" in values
                and not transition_allowed(data.get("state"), str(values["state"]))
            ):
                raise ApiError(422, E_INVALID_REQUEST, "所选状态不符合案件流程。")
            data.update(values)
            c.status = "resolved" if req.values else "acknowledged"
            c.resolved_by, c.resolved_at, c.note = p.login, now_iso(), req.note
            s.flush()
            still_open = s.scalars(
                select(Conflict.kind).where(
                    Conflict.entity_type == c.entity_type,
                    Conflict.entity_id == c.entity_id,
                    Conflict.status == "open",
                    Conflict.kind.in_(("soft", "hard")),
                )
            ).all()
            flag = "hard" if "hard" in still_open else ("soft" if still_open else None)
            rev, seq = self._write_rev(
                txn, ent, c.entity_type, c.entity_id, ent.stream, data, deleted, flag, None, None, "resolve",
                author=p.login,
            )  # fmt: skip
            c.resolution_rev = rev
            self._publish_conflict(txn, c)
            txn.flush()
        return ResolveResponse(conflict_id=conflict_id, status=c.status, rev=rev, server_seq=seq)

    # ------------------------------------------------------------------------------------------- datasets

    def publish_dataset(
        self, name: str, items: list[dict[str, Any]], *, stream: str = COUNTY_REF, by: str = ""
    ) -> int:
        with self.db.write() as s:
            txn = _Txn(s)
            ent = s.get(Entity, ("dataset", name))
            if ent is not None and ent.stream != stream:
                raise ApiError(
                    422, E_INVALID_REQUEST, f"数据集 {name} 已发布在 {ent.stream}，不能换到 {stream}。"
                )
            version = (ent.rev + 1) if ent else 1
            sha = dataset_hash(items)
            payload = {"name": name, "version": version, "items": items, "sha256": sha}
            self._write_rev(
                txn, ent, "dataset", name, stream, payload, False, None, None, None, "dataset", author=by
            )
            s.add(
                Dataset(
                    name=name,
                    version=version,
                    stream=stream,
                    sha256=sha,
                    items_json=canonical_json(items),
                    published_at=now_iso(),
                    published_by=by,
                )
            )
            txn.flush()
        return version

    # ------------------------------------------------------------------------------------------- misc

    def ledger_results(self, device_id: str, first_seq: int, last_seq: int) -> list[ChangeResult]:
        with self.db.read() as s:
            return [
                ChangeResult.model_validate_json(r)
                for r in s.scalars(
                    select(ChangeLedger.result_json)
                    .where(
                        ChangeLedger.device_id == device_id,
                        ChangeLedger.device_seq >= first_seq,
                        ChangeLedger.device_seq <= last_seq,
                    )
                    .order_by(ChangeLedger.device_seq)
                )
            ]


class _Rollback(Exception):
    pass


def _blob_refs(entity_type: str, data_json: str) -> list[str]:
    if entity_type != "attachment":
        return []
    sha = json.loads(data_json).get("sha256")
    return [f"sha256:{sha}"] if isinstance(sha, str) else []


def _conflict_view(c: Conflict) -> ConflictView:
    return ConflictView(
        conflict_id=c.conflict_id,
        entity_type=c.entity_type,
        entity_id=c.entity_id,
        stream=c.stream,
        kind=c.kind,
        status=c.status,
        fields=json.loads(c.fields_json),
        base_values=json.loads(c.base_values_json),
        server_values=json.loads(c.server_values_json),
        incoming_values=json.loads(c.incoming_values_json),
        server_author=c.server_author,
        incoming_author=c.incoming_author,
        incoming_device=c.incoming_device,
        base_rev=c.base_rev,
        server_rev=c.server_rev,
        created_at=c.created_at,
        resolved_by=c.resolved_by,
        resolution_rev=c.resolution_rev,
    )


def _version_tuple(text: str) -> tuple[int, ...]:
    parts: list[int] = []
    for piece in text.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)
