"""The laptop's sync session (SYNC.md §4.7): hello → push → photos up → pull → photos down → verify.

``SyncClient(http, store).run(progress=…, cancel=…)`` is meant for a worker thread: it reports each stage through the
callback, stops between requests when ``cancel`` is set, and returns a ``SyncSummary`` whose ``text()`` is a plain
Chinese sentence for the user. Every stage is idempotent or resumable, so a retry after any failure is safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import socket
import ssl
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol, TypeVar

import httpx
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import __version__
from app.db.models import Attachment, DeviceIdentity, ServerShadow, SyncBlob
from app.domain.actor import Actor
from sync import local, signing
from sync.protocol import (
    CHUNK_SIZE,
    DEFAULT_PAGE,
    DEVICE_HEADER,
    E_BODY_TOO_LARGE,
    E_DEVICE_FROZEN,
    E_DEVICE_REVOKED,
    E_DEVICE_SEQ_REUSED,
    E_TOKEN_EXPIRED,
    E_UNAUTHENTICATED,
    MAX_BATCH_CHANGES,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    SCHEMA_VERSION,
    BlobCheckRequest,
    BlobCheckResponse,
    ChallengeRequest,
    ChallengeResponse,
    EnrolRequest,
    EnrolResponse,
    ErrorBody,
    HelloRequest,
    HelloResponse,
    PullRequest,
    PullResponse,
    PushBatch,
    PushResponse,
    RevocationList,
    SessionRequest,
    StreamHead,
    TokenResponse,
    UploadCreate,
    UploadState,
    VerifyRequest,
    VerifyResponse,
    batch_digest,
    batch_message,
    canonical_json,
    login_message,
)

R = TypeVar("R", bound=BaseModel)


class LocalStore(Protocol):
    """What the client needs of ``app.db.store.OpenStore``."""

    device_id: str
    actor: Actor

    def unit_of_work(self) -> contextlib.AbstractContextManager[Session]: ...

    def reading(self) -> contextlib.AbstractContextManager[Session]: ...


class Stage(StrEnum):
    HELLO = "hello"
    PUSH = "push"
    BLOBS_UP = "blobs_up"
    PULL = "pull"
    BLOBS_DOWN = "blobs_down"
    VERIFY = "verify"
    DONE = "done"


STAGE_LABELS = {
    Stage.HELLO: "连接县级服务器",
    Stage.PUSH: "发送本机记录",
    Stage.BLOBS_UP: "上传照片",
    Stage.PULL: "接收县级数据",
    Stage.BLOBS_DOWN: "下载照片",
    Stage.VERIFY: "核对数据",
    Stage.DONE: "完成",
}


@dataclass(frozen=True, slots=True)
class Progress:
    stage: Stage
    done: int
    total: int
    label: str


ProgressFn = Callable[[Progress], None]


class SyncError(Exception):
    """A sync that could not finish; ``message`` tells the user what to do (Chinese), ``code`` is for logs."""

    def __init__(self, code: str, message: str, *, retryable: bool = False, status: int = 0) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.retryable = retryable
        self.status = status


class Cancelled(SyncError):
    def __init__(self) -> None:
        super().__init__("CANCELLED", "同步已取消。已完成的部分已保存，下次同步会从这里继续。")


ADVICE = {
    E_DEVICE_REVOKED: "本设备已被县级吊销，不能再同步。本机数据仍然保存在本机，请联系县级管理员。",
    E_DEVICE_FROZEN: "本设备已被冻结（检测到同步序号冲突，可能从旧备份恢复）。请联系县级管理员重新登记本设备，本机数据不会丢失。",
    E_DEVICE_SEQ_REUSED: "县级发现本机的同步序号与以前不一致（可能从旧备份恢复）。本设备已冻结，请联系县级管理员重新登记，本机数据不会丢失。",
    "PROTOCOL_UNSUPPORTED": "本机程序版本与县级服务器不兼容，请升级低保入户通后再同步。",
    "BAD_SIGNATURE": "同步数据签名校验失败。请重新同步；如反复出现，请联系县级管理员。",
    "RATE_LIMITED": "登录尝试过于频繁，请过一会儿再同步。",
    "NETWORK": "无法连接县级服务器，请检查网络后重试。已完成的部分不会丢失。",
    "TLS": "县级服务器的证书校验失败（可能连接到了假冒的服务器）。请勿继续，并联系县级管理员。",
    "INSECURE_URL": "服务器地址必须以 https:// 开头。为保护数据，程序不会用不加密的连接发送任何内容。",
    "NOT_ENROLLED": "本设备还没有在县级登记。请先向县级管理员申请登记码，然后运行：dibao sync --enrol 登记码 --server 地址 --ca 证书文件",
}


@dataclass
class SyncSummary:
    sent: int = 0
    duplicates: int = 0
    received: int = 0
    conflicts: int = 0
    deferred: int = 0
    rejected: int = 0
    photos_sent: int = 0
    photos_received: int = 0
    photos_pending: int = 0
    datasets: int = 0
    verify_ok: bool = True
    resynced_streams: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    requests: int = 0

    def text(self) -> str:
        parts = [f"已发送 {self.sent} 条记录", f"收到县级数据 {self.received} 条"]
        if self.photos_sent or self.photos_received:
            parts.append(f"上传照片 {self.photos_sent} 张、下载 {self.photos_received} 张")
        parts.append(
            f"冲突 {self.conflicts} 条" + ("（已交县级协调员处理，本机数据已保存）" if self.conflicts else "")
        )
        parts.append(f"待传照片 {self.photos_pending} 张")
        text = "同步完成：" + "，".join(parts) + "。"
        if self.rejected:
            text += f"有 {self.rejected} 条记录被县级退回（不符合办理流程），请在“冲突与退回”中查看。"
        if self.deferred:
            text += f"{self.deferred} 条记录在等待照片或前序记录，下次同步会自动完成。"
        for w in self.warnings:
            text += w
        return text


# ------------------------------------------------------------------------------------------------ transport


def pinned_context(ca_pem: str) -> ssl.SSLContext:
    """Only the county CA; hostname checking on; TLS ≥ 1.2 (SECURITY.md §A5)."""
    ctx = ssl.create_default_context(cadata=ca_pem)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.verify_flags |= ssl.VERIFY_X509_STRICT
    return ctx


def make_http(
    server_url: str, ca_pem: str | None, *, timeout: float = 30.0, allow_insecure_loopback: bool = False
) -> httpx.Client:
    url = httpx.URL(server_url)
    if url.scheme != "https":
        if not (allow_insecure_loopback and url.host in ("127.0.0.1", "localhost", "::1")):
            raise SyncError("INSECURE_URL", ADVICE["INSECURE_URL"])
        transport = httpx.HTTPTransport(verify=False, socket_options=_NODELAY)  # loopback tests only: no TLS
        return httpx.Client(base_url=server_url, timeout=timeout, follow_redirects=False, transport=transport)
    if not ca_pem:
        raise SyncError("TLS", "缺少县级 CA 证书，无法校验服务器。")
    transport = httpx.HTTPTransport(verify=pinned_context(ca_pem), socket_options=_NODELAY)
    return httpx.Client(base_url=server_url, timeout=timeout, follow_redirects=False, transport=transport)


_NODELAY = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]

# (server URL, device id) -> (bearer token, monotonic expiry); in memory only, never written anywhere.
_TOKENS: dict[tuple[str, str], tuple[str, float]] = {}


class Api:
    """JSON requests with typed answers, error bodies turned into ``SyncError``, transport retries bounded."""

    def __init__(self, http: httpx.Client, *, allow_insecure: bool, retries: int = 4) -> None:
        if http.base_url.scheme != "https" and not allow_insecure:
            raise SyncError("INSECURE_URL", ADVICE["INSECURE_URL"])
        self.http = http
        self.retries = retries
        self.headers: dict[str, str] = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
        self.requests = 0
        self.relogin: Callable[[], None] | None = None

    def send(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        attempt = 0
        relogged = False
        while True:
            attempt += 1
            self.requests += 1
            try:
                resp = self.http.request(
                    method,
                    path,
                    content=body,
                    headers={**self.headers, "Content-Type": "application/json", **(headers or {})},
                )
            except httpx.ConnectError as exc:
                if isinstance(exc.__cause__, ssl.SSLError) or "CERTIFICATE" in str(exc).upper():
                    raise SyncError("TLS", ADVICE["TLS"]) from None
                if attempt > self.retries:
                    raise SyncError("NETWORK", ADVICE["NETWORK"], retryable=True) from None
                time.sleep(min(0.05 * 2**attempt, 1.0))
                continue
            except (OSError, httpx.TransportError):
                if attempt > self.retries:
                    raise SyncError("NETWORK", ADVICE["NETWORK"], retryable=True) from None
                time.sleep(min(0.05 * 2**attempt, 1.0))
                continue
            if (
                resp.status_code == 401
                and not relogged
                and self.relogin is not None
                and not path.startswith("/v1/auth/")
            ):
                err = _error(resp)
                if err.code in (E_TOKEN_EXPIRED, E_UNAUTHENTICATED):
                    relogged = True
                    self.relogin()
                    continue
            if resp.status_code >= 400:
                err = _error(resp)
                raise SyncError(
                    err.code,
                    ADVICE.get(err.code, err.message),
                    retryable=err.retryable,
                    status=resp.status_code,
                )
            return resp

    def post(self, path: str, payload: BaseModel, answer: type[R]) -> R:
        resp = self.send("POST", path, body=payload.model_dump_json().encode())
        try:
            return answer.model_validate_json(resp.content)
        except PydanticValidationError:
            raise SyncError(
                "BAD_RESPONSE", "县级服务器的回答无法识别，请稍后重试。", retryable=True
            ) from None


def _error(resp: httpx.Response) -> ErrorBody:
    try:
        return ErrorBody.model_validate_json(resp.content)
    except PydanticValidationError:
        return ErrorBody(code=f"HTTP_{resp.status_code}", message=f"县级服务器返回错误 {resp.status_code}。")


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class _BlobReader:
    """Reads the photos to upload from the encrypted store on one worker thread, two ahead of the upload, so
    decrypting the next photo overlaps sending this one (SQLCipher releases the GIL while it reads). At most three
    photos are in memory at once."""

    AHEAD = 2

    def __init__(self, store: LocalStore, shas: list[str]) -> None:
        self.store = store
        self.order = list(shas)
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dibao-blob-read")
        self.pending: dict[str, Future[bytes | None]] = {}
        self._cm: contextlib.AbstractContextManager[Session] | None = None
        self._session: Session | None = None

    def __enter__(self) -> _BlobReader:
        if self.order:
            self.pool.submit(self._open).result()
            for sha in self.order[: self.AHEAD]:
                self.pending[sha] = self.pool.submit(self._read, sha)
            self.order = self.order[self.AHEAD :]
        return self

    def _open(self) -> None:
        self._cm = self.store.reading()
        self._session = self._cm.__enter__()

    def _read(self, sha: str) -> bytes | None:
        assert self._session is not None
        return self._session.scalar(select(Attachment.data).where(Attachment.sha256 == sha).limit(1))

    def _close(self) -> None:
        if self._cm is not None:
            self._cm.__exit__(None, None, None)
            self._cm = self._session = None

    def next(self, sha: str) -> bytes | None:
        fut = self.pending.pop(sha, None)
        if self.order:
            nxt = self.order.pop(0)
            self.pending[nxt] = self.pool.submit(self._read, nxt)
        return fut.result() if fut is not None else None

    def __exit__(self, *exc: object) -> None:
        for fut in self.pending.values():
            fut.cancel()
        self.pool.submit(self._close).result()
        self.pool.shutdown(wait=True)


# ------------------------------------------------------------------------------------------------ enrolment


def enrol(
    store: LocalStore,
    http: httpx.Client,
    *,
    code: str,
    ca_pem: str,
    server_url: str,
    allow_insecure: bool = False,
) -> DeviceIdentity:
    """Generate this laptop's keys, present the one-time code, keep the county certificate in the store."""
    api = Api(http, allow_insecure=allow_insecure)
    sign_key, box_key = signing.new_sign_key(), signing.new_box_key()
    req = EnrolRequest(
        device_id=store.device_id,
        sign_pubkey=signing.pub_hex(sign_key),
        box_pubkey=signing.pub_hex(box_key),
        enrol_code=code.strip().upper(),
        app_version=__version__,
        hostname=socket.gethostname()[:128],
    )
    resp = api.post("/v1/enrol", req, EnrolResponse)
    signing.verify_certificate(resp.certificate, resp.county_sign_pubkey, now_iso=_now_iso())
    if resp.certificate.device_id != store.device_id or resp.certificate.sign_pubkey != req.sign_pubkey:
        raise SyncError("BAD_CERTIFICATE", "县级签发的设备证书与本机不符。")
    with store.unit_of_work() as s:
        for old in s.scalars(select(DeviceIdentity)):
            s.delete(old)
        s.flush()
        ident = DeviceIdentity(
            device_id=store.device_id,
            sign_key=signing.sign_key_bytes(sign_key),
            box_key=signing.box_key_bytes(box_key),
            certificate_json=resp.certificate.model_dump_json(),
            county_sign_pubkey=resp.county_sign_pubkey,
            county_box_pubkey=resp.county_box_pubkey,
            county_id=resp.county_id,
            server_id=resp.server_id,
            ca_pem=ca_pem,
            server_url=server_url,
            enrolled_at=datetime.now(UTC),
        )
        s.add(ident)
        local.set_state(s, "epoch", resp.epoch)
        store_revocations(s, resp.revocations, resp.county_sign_pubkey)
    return ident


def store_revocations(s: Session, rl: RevocationList, county_pub: str) -> bool:
    """Keep a county-signed revocation list; True when this device is on it."""
    signing.verify(county_pub, signing.revocation_body_bytes(rl), rl.sig)
    current = int(local.get_state(s, "revocations_version", "0") or 0)
    if rl.version >= current:
        local.set_state(s, "revocations_version", str(rl.version))
        local.set_state(s, "revocations", rl.model_dump_json())
    ident = local.identity(s)
    revoked = ident is not None and any(r.device_id == ident.device_id for r in rl.revoked)
    if revoked and ident is not None:
        ident.status = "revoked"
    return revoked


# ------------------------------------------------------------------------------------------------ the session


class SyncClient:
    def __init__(
        self,
        http: httpx.Client,
        store: LocalStore,
        *,
        allow_insecure: bool = False,
        batch_size: int = MAX_BATCH_CHANGES,
        chunk_size: int = CHUNK_SIZE,
        page_size: int = DEFAULT_PAGE,
        app_version: str = __version__,
        retries: int = 4,
    ) -> None:
        self.api = Api(http, allow_insecure=allow_insecure, retries=retries)
        self.api.relogin = self._login
        self.store = store
        self.batch_size = batch_size
        self.chunk_size = chunk_size
        self.page_size = page_size
        self.app_version = app_version
        self._progress: ProgressFn | None = None
        self._cancel: threading.Event | None = None
        self._ident: DeviceIdentity | None = None
        self.session_id = ""
        self.hello_resp: HelloResponse | None = None
        self._checks: dict[
            str, StreamHead
        ] = {}  # stream -> county snapshot to verify against without a request
        self._wrote = False  # this session changed something at the county (its streams moved past the hello)
        self._written: set[str] = set()  # the streams the county says this session's pushes wrote into

    # -------------------------------------------------------------------------------------------- plumbing

    def _emit(self, stage: Stage, done: int = 0, total: int = 0) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise Cancelled()
        if self._progress is not None:
            self._progress(Progress(stage, done, total, STAGE_LABELS[stage]))

    def _identity(self) -> DeviceIdentity:
        if self._ident is None:
            with self.store.reading() as s:
                ident = local.identity(s)
                if ident is None:
                    raise SyncError("NOT_ENROLLED", ADVICE["NOT_ENROLLED"])
                s.expunge(ident)
            if ident.status == "revoked":
                raise SyncError(E_DEVICE_REVOKED, ADVICE[E_DEVICE_REVOKED])
            self._ident = ident
        return self._ident

    def _login(self, *, reuse: bool = False) -> None:
        """Challenge–response login. ``reuse``: a token this process got for this device and server a moment ago
        is presented again while it is valid (it is bound to the device; a revoked device is refused whatever
        token it shows), which saves two round trips per sync. A refused token leads to a fresh login."""
        ident = self._identity()
        cache_key = (str(self.api.http.base_url), ident.device_id)
        self.api.headers[DEVICE_HEADER] = ident.device_id
        cached = _TOKENS.get(cache_key)
        if reuse and cached is not None and cached[1] > time.monotonic():
            self.api.headers["Authorization"] = f"Bearer {cached[0]}"
            return
        _TOKENS.pop(cache_key, None)
        key = signing.sign_key_from(ident.sign_key)
        self.api.headers.pop("Authorization", None)
        ch = self.api.post(
            "/v1/auth/challenge", ChallengeRequest(device_id=ident.device_id), ChallengeResponse
        )
        ts = _now_iso()
        tok = self.api.post(
            "/v1/auth/session",
            SessionRequest(
                device_id=ident.device_id,
                nonce=ch.nonce,
                ts=ts,
                sig=signing.sign(key, login_message(ch.nonce, ident.device_id, ts)),
                user_id=self.store.actor.user_id,
                user_login=self.store.actor.login,
            ),
            TokenResponse,
        )
        self.api.headers["Authorization"] = f"Bearer {tok.token}"
        _TOKENS[cache_key] = (tok.token, time.monotonic() + max(0, tok.expires_in - 60))

    @contextlib.contextmanager
    def _revocation_guard(self) -> Iterator[None]:
        try:
            yield
        except SyncError as exc:
            if exc.code == E_DEVICE_REVOKED:
                self._refresh_revocations(force=True)
            raise

    def _refresh_revocations(self, *, force: bool = False) -> None:
        ident = self._identity()
        resp = self.api.send("GET", "/v1/revocations")
        rl = RevocationList.model_validate_json(resp.content)
        with self.store.unit_of_work() as s:
            revoked = store_revocations(s, rl, ident.county_sign_pubkey)
        if revoked and not force:
            raise SyncError(E_DEVICE_REVOKED, ADVICE[E_DEVICE_REVOKED])

    # -------------------------------------------------------------------------------------------- run

    def run(self, progress: ProgressFn | None = None, cancel: threading.Event | None = None) -> SyncSummary:
        self._progress, self._cancel = progress, cancel
        summary = SyncSummary()
        with self._revocation_guard():
            try:
                self._emit(Stage.HELLO)
                self._login(reuse=True)
                hello = self.hello()
                if hello.action == "DEVICE_SEQ_CONFLICT":
                    raise SyncError(E_DEVICE_FROZEN, ADVICE[E_DEVICE_FROZEN])
                self.push(summary)
                self.upload_blobs(summary)
                if hello.action == "UPGRADE_REQUIRED":
                    summary.warnings.append("本机程序版本较旧：记录已发送，但需升级后才能接收县级数据。")
                else:
                    self.pull(summary)
                    self.download_blobs(summary)
                    self.verify(summary)
                self._emit(Stage.DONE)
            finally:
                summary.requests = self.api.requests
        with self.store.reading() as s:
            summary.photos_pending = len(self._blobs_to_upload(s)) + len(
                list(s.scalars(select(SyncBlob.sha256).where(SyncBlob.state == "queued_download")))
            )
        return summary

    def hello(self) -> HelloResponse:
        ident = self._identity()
        with self.store.reading() as s:
            known_epoch = local.get_state(s, "epoch")
            req = HelloRequest(
                protocol=PROTOCOL_VERSION,
                app_version=self.app_version,
                schema_version=SCHEMA_VERSION,
                device_id=ident.device_id,
                known_epoch=known_epoch,
                device_seq_high=local.device_seq_high(s),
                cursors=local.all_cursors(s),
                client_time=_now_iso(),
            )
            revocations_version = int(local.get_state(s, "revocations_version", "0") or 0)
        resp = self.api.post("/v1/sync/hello", req, HelloResponse)
        self.session_id = resp.session
        self.hello_resp = resp
        self._checks, self._wrote, self._written = {}, False, set()
        if resp.revocations_version > revocations_version:
            self._refresh_revocations()
        if resp.action == "EPOCH_CHANGED":
            # The county restored an older backup: send again what it lost, and re-read every stream.
            with self.store.unit_of_work() as s:
                local.reopen_after(s, resp.device_acked_through)
                for stream in local.all_cursors(s):
                    local.set_state(s, f"cursor:{stream}", "0")
                local.set_state(s, "resync_all", "1")
                local.set_state(s, "epoch", resp.epoch)
        elif known_epoch is None:
            with self.store.unit_of_work() as s:
                local.set_state(s, "epoch", resp.epoch)
        return resp

    # -------------------------------------------------------------------------------------------- push

    def push(self, summary: SyncSummary) -> None:
        assert self.hello_resp is not None
        ident = self._identity()
        key = signing.sign_key_from(ident.sign_key)
        acked = self.hello_resp.device_acked_through
        with self.store.reading() as s:
            unsettled = local.first_unsettled(s)
            high = local.device_seq_high(s)
        nxt = min(acked + 1, unsettled) if unsettled is not None else acked + 1
        batch_size = self.batch_size
        max_bytes = self.hello_resp.max_batch_bytes
        tally = local.PushTally()
        gap_retried = False
        while True:
            self._emit(Stage.PUSH, nxt - 1, high)
            with self.store.reading() as s:
                changes = local.changes_from(s, nxt, batch_size)
            if not changes:
                break
            while (
                len(changes) > 1 and len(canonical_json([c.model_dump() for c in changes])) > max_bytes * 0.9
            ):
                changes = changes[: len(changes) // 2]
            digest = batch_digest(changes)
            batch = PushBatch(
                device_id=ident.device_id,
                session=self.session_id,
                changes=changes,
                batch_sha256=digest,
                batch_sig=signing.sign(
                    key,
                    batch_message(
                        ident.device_id,
                        changes[0].device_seq,
                        changes[-1].device_seq,
                        digest,
                        self.session_id,
                    ),
                ),
            )
            try:
                resp = self.api.post("/v1/sync/push", batch, PushResponse)
            except SyncError as exc:
                if exc.code == E_BODY_TOO_LARGE and len(changes) > 1:
                    batch_size = max(1, len(changes) // 2)
                    continue
                raise
            self._wrote = True
            self._written.update(resp.streams)
            with self.store.unit_of_work() as s:
                local.record_results(s, resp.results, resp.ack_through, tally)
            last = changes[-1].device_seq
            if resp.ack_through >= last:
                nxt = last + 1
                continue
            if any(r.retryable for r in resp.results):
                summary.warnings.append("部分记录需要县级服务器升级后才能接收，已保留在本机。")
                break
            if resp.ack_through >= changes[0].device_seq:
                nxt = resp.ack_through + 1
                continue
            if resp.ack_through < changes[0].device_seq - 1 and not gap_retried:
                gap_retried = True  # the county has less than we thought: resend from its mark
                nxt = resp.ack_through + 1
                continue
            break
        summary.sent += tally.applied + tally.conflicts + tally.deferred + tally.rejected
        summary.duplicates += tally.duplicate
        summary.conflicts += tally.conflicts
        summary.deferred += tally.deferred
        summary.rejected += tally.rejected

    # -------------------------------------------------------------------------------------------- blobs

    def _blobs_to_upload(self, s: Session) -> list[tuple[str, int, str]]:
        synced = set(s.scalars(select(SyncBlob.sha256).where(SyncBlob.state == "synced")))
        rows = s.execute(select(Attachment.sha256, Attachment.size, Attachment.mime).distinct()).all()
        return [(sha, size, mime) for sha, size, mime in rows if sha not in synced]

    def upload_blobs(self, summary: SyncSummary) -> None:
        """Photos the county lacks, one after another. A photo up to one chunk goes in a single request (protocol
        2); a larger one, or one the county already holds part of, in resumable chunks. "Synced" marks are written
        in groups: a mark lost to a crash only costs a ``blobs/check`` answer next time, never a re-upload."""
        with self.store.reading() as s:
            todo = self._blobs_to_upload(s)
        if not todo:
            return
        self._emit(Stage.BLOBS_UP, 0, len(todo))
        check = self.api.post(
            "/v1/blobs/check", BlobCheckRequest(sha256=[t[0] for t in todo]), BlobCheckResponse
        )
        need = set(check.missing) | set(check.partial)
        marks: list[tuple[str, int, str]] = []
        wanted = [sha for sha, _, _ in todo if sha in need]
        with _BlobReader(self.store, wanted) as blobs:
            try:
                for done, (sha, size, mime) in enumerate(todo, start=1):
                    if sha in need:
                        data = blobs.next(sha)
                        if data is not None:
                            self._wrote = True
                            self._upload_one(sha, size, mime, data, resumable=sha in check.partial)
                            summary.photos_sent += 1
                    marks.append((sha, size, mime))
                    if len(marks) >= 25:
                        self._mark_synced(marks)
                        marks = []
                    self._emit(Stage.BLOBS_UP, done, len(todo))
            finally:
                if marks:
                    self._mark_synced(marks)

    def _mark_synced(self, blobs: list[tuple[str, int, str]]) -> None:
        with self.store.unit_of_work() as s:
            rows = {
                r.sha256: r
                for r in s.scalars(select(SyncBlob).where(SyncBlob.sha256.in_([b[0] for b in blobs])))
            }
            for sha, size, mime in blobs:
                row = rows.get(sha)
                if row is None:
                    row = SyncBlob(sha256=sha, size=size, mime=mime, state="synced")
                    s.add(row)
                row.state, row.upload_id, row.upload_offset, row.partial = "synced", None, 0, None

    def _mark_blob(
        self, sha: str, size: int, mime: str, state: str, *, upload_id: str | None = None, offset: int = 0
    ) -> None:
        with self.store.unit_of_work() as s:
            row = s.get(SyncBlob, sha)
            if row is None:
                row = SyncBlob(sha256=sha, size=size, mime=mime, state=state)
                s.add(row)
            row.state, row.upload_id, row.upload_offset = state, upload_id, offset
            if state == "synced":
                row.partial = None

    def _upload_one(self, sha: str, size: int, mime: str, data: bytes, *, resumable: bool = False) -> None:
        assert self.hello_resp is not None
        whole = self.hello_resp.heads is not None and size <= self.chunk_size and not resumable
        if whole:
            failures = 0
            while True:
                try:
                    self.api.send(
                        "PUT",
                        f"/v1/blobs/{sha}",
                        body=data,
                        headers={
                            "Upload-Length": str(size),
                            "Content-Type": mime or "application/octet-stream",
                        },
                    )
                    return
                except SyncError as exc:
                    failures += 1
                    if failures > 3 or exc.code not in ("BLOB_HASH_MISMATCH", "INVALID_REQUEST", "NETWORK"):
                        raise
        state = self.api.post(
            "/v1/uploads",
            UploadCreate(sha256=sha, size=size, mime=mime or "application/octet-stream"),
            UploadState,
        )
        if state.complete or state.upload_id is None:
            return
        upload_id, offset = state.upload_id, state.offset
        self._mark_blob(sha, size, mime, "queued_upload", upload_id=upload_id, offset=offset)
        failures = 0
        while offset < size:
            self._emit(Stage.BLOBS_UP, offset, size)
            chunk = data[offset : offset + self.chunk_size]
            try:
                resp = self.api.send(
                    "PATCH",
                    f"/v1/uploads/{upload_id}",
                    body=chunk,
                    headers={
                        "Upload-Offset": str(offset),
                        "Chunk-SHA256": hashlib.sha256(chunk).hexdigest(),
                        "Content-Type": "application/offset+octet-stream",
                    },
                )
            except SyncError as exc:
                failures += 1
                if failures > 5 or exc.code not in (
                    "CHUNK_CHECKSUM_MISMATCH",
                    "UPLOAD_OFFSET_MISMATCH",
                    "NETWORK",
                    "BLOB_HASH_MISMATCH",
                ):
                    raise
                offset = self._server_offset(upload_id)
                continue
            new = UploadState.model_validate_json(resp.content)
            offset = new.offset
            if new.complete:
                return
            self._mark_blob(sha, size, mime, "queued_upload", upload_id=upload_id, offset=offset)

    def _server_offset(self, upload_id: str) -> int:
        resp = self.api.send("HEAD", f"/v1/uploads/{upload_id}")
        return int(resp.headers.get("Upload-Offset", "0"))

    def download_blobs(self, summary: SyncSummary) -> None:
        with self.store.reading() as s:
            wanted = list(s.scalars(select(SyncBlob).where(SyncBlob.state == "queued_download")))
            for w in wanted:
                s.expunge(w)
        for n, blob in enumerate(wanted):
            self._emit(Stage.BLOBS_DOWN, n, len(wanted))
            data = bytearray(blob.partial or b"")
            tries = 0
            while True:
                try:
                    headers = {"Range": f"bytes={len(data)}-"} if data else {}
                    resp = self.api.send("GET", f"/v1/blobs/{blob.sha256}", headers=headers)
                except SyncError as exc:
                    tries += 1
                    if exc.code == "NETWORK" and tries < 5:
                        continue
                    if exc.status == 404:
                        break
                    raise
                if resp.status_code == 206:
                    data.extend(resp.content)
                else:
                    data = bytearray(resp.content)
                if hashlib.sha256(data).hexdigest() == blob.sha256 or tries >= 5:
                    break
                tries += 1
            if hashlib.sha256(data).hexdigest() != blob.sha256:
                continue
            raw = bytes(data)
            with self.store.unit_of_work() as s:
                row = s.get(SyncBlob, blob.sha256)
                if row is not None:
                    row.state, row.partial = "synced", None
                pending = local.pending_keys(s)
                for shadow in s.scalars(
                    select(ServerShadow).where(
                        ServerShadow.entity_type == "attachment", ServerShadow.applied.is_(False)
                    )
                ):
                    d = json.loads(shadow.data_json or "{}")
                    if (
                        d.get("sha256") == blob.sha256
                        and (shadow.entity_type, shadow.entity_id) not in pending
                    ):
                        shadow.applied = local.apply_to_domain(
                            s, "attachment", shadow.entity_id, d, tombstone=shadow.tombstone, rev=shadow.rev,
                            blob_bytes=lambda _sha, raw=raw: raw,
                        )  # fmt: skip
            summary.photos_received += 1

    # -------------------------------------------------------------------------------------------- pull

    def pull(self, summary: SyncSummary, *, only: list[str] | None = None, full: bool = False) -> None:
        """Pull each stream page by page, each page and its cursor in one local transaction.

        With a protocol-2 county, a stream whose cursor is already at the head the hello reported, in a session that
        wrote nothing to the county, is not asked at all; the page that reaches a stream's head carries the stream's
        count and digest from the same snapshot, which ``verify`` then checks locally."""
        assert self.hello_resp is not None
        streams = only or self._streams()
        tally = local.PullTally()
        heads = self.hello_resp.heads or {}
        with self.store.reading() as s:
            resync_all = local.get_state(s, "resync_all") == "1"
            cursors = local.all_cursors(s)
        for stream in streams:
            since = 0 if full else cursors.get(stream, 0)
            head = heads.get(stream)
            # what this session pushed moved; photos release held changes into the township's stream
            wrote = stream in self._written or (self._wrote and stream.startswith("township:"))
            if head is not None and not (full or resync_all or wrote) and since >= head.seq:
                self._checks[stream] = head
                continue
            seen: set[tuple[str, str]] = set()
            while True:
                self._emit(Stage.PULL, tally.received, 0)
                page = self.api.post(
                    "/v1/sync/pull",
                    PullRequest(session=self.session_id, stream=stream, since=since, limit=self.page_size),
                    PullResponse,
                )
                with self.store.unit_of_work() as s:
                    pending = local.pending_keys(s)
                    if full or resync_all:
                        seen.update((i.entity_type, i.entity_id) for i in page.changes)
                    local.apply_page(
                        s, stream, page.changes, page.next, tally, pending=pending, force=full or resync_all
                    )
                since = page.next
                if not page.has_more:
                    if page.stat is not None:
                        self._checks[stream] = page.stat
                    break
            if full or resync_all:
                with self.store.unit_of_work() as s:
                    local.drop_shadow_except(s, stream, seen)
        if tally.received or resync_all or self._wrote:
            with self.store.unit_of_work() as s:
                local.retry_unapplied(s, pending=local.pending_keys(s))
                if resync_all:
                    local.set_state(s, "resync_all", "0")
        summary.received += tally.received
        summary.datasets += tally.datasets

    def _streams(self) -> list[str]:
        """The hello's streams, and any the pushes of this session created (a county desktop filing the first
        record of a township the county had not yet heard from)."""
        assert self.hello_resp is not None
        listed = self.hello_resp.streams
        return [*listed, *sorted(s for s in self._written if s not in listed and not s.startswith("device:"))]

    # -------------------------------------------------------------------------------------------- verify

    def verify(self, summary: SyncSummary) -> None:
        """Compare each stream's count and digest with the county's. A stream checked against the snapshot its last
        page (or the hello) carried needs no request; otherwise, or on a mismatch, ask the county now."""
        assert self.hello_resp is not None
        streams = self._streams()
        with self.store.reading() as s:
            local_digests = {stream: local.stream_digest(s, stream) for stream in streams}
        for stream in streams:
            self._emit(Stage.VERIFY)
            snap = self._checks.get(stream)
            if snap is not None and (snap.count, snap.digest) == local_digests[stream]:
                continue
            resp = self._verify_stream(stream)
            if resp.ok:
                continue
            # Divergence: re-read this stream from the start (never wiping local pending data), then check again.
            summary.resynced_streams.append(stream)
            self.pull(summary, only=[stream], full=True)
            resp = self._verify_stream(stream)
            if not resp.ok:
                summary.verify_ok = False
                summary.warnings.append("与县级数据核对不一致，已记录，请联系县级管理员检查。")
        with self.store.unit_of_work() as s:
            local.set_state(s, "last_verify", canonical_json({"at": _now_iso(), "ok": summary.verify_ok}))

    def _verify_stream(self, stream: str) -> VerifyResponse:
        with self.store.reading() as s:
            count, digest = local.stream_digest(s, stream)
        return self.api.post(
            "/v1/sync/verify",
            VerifyRequest(session=self.session_id, stream=stream, count=count, digest=digest),
            VerifyResponse,
        )

    def abort(self) -> None:
        if self.session_id:
            with contextlib.suppress(SyncError):
                self.api.send("POST", "/v1/sync/abort", body=json.dumps(self.session_id).encode())


def new_session_marker() -> str:
    return f"s-{uuid.uuid4()}"


def pending_summary(store: LocalStore) -> dict[str, Any]:
    """For the status bar: how much is waiting to go (no network needed)."""
    from app.db.models import OutboxEntry

    with store.reading() as s:
        pending = len(
            list(s.scalars(select(OutboxEntry.device_seq).where(OutboxEntry.state.in_(local.PENDING_STATES))))
        )
        ident = local.identity(s)
        return {
            "pending_changes": pending,
            "enrolled": ident is not None,
            "revoked": ident is not None and ident.status == "revoked",
            "last_verify": json.loads(local.get_state(s, "last_verify", "null") or "null"),
        }
