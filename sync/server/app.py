"""HTTP face of the county service: FastAPI routes over ``County`` plus the request-size guard.

The size guard is an ASGI middleware that counts bytes as they stream in, so a chunked body without Content-Length
is cut off at the limit just like a declared one (SECURITY.md §A5, T32). Every error body is ``ErrorBody``.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync.protocol import (
    DEVICE_HEADER,
    E_BODY_TOO_LARGE,
    E_INVALID_REQUEST,
    E_MALFORMED_JSON,
    E_PROTOCOL_UNSUPPORTED,
    PROTOCOL_HEADER,
    PROTOCOL_MAX,
    PROTOCOL_MIN,
    BlobCheckRequest,
    ChallengeRequest,
    EnrolRequest,
    ErrorBody,
    HelloRequest,
    PullRequest,
    PushBatch,
    ResolveRequest,
    SessionRequest,
    UploadCreate,
    UploadState,
    UserLoginRequest,
    VerifyRequest,
)
from sync.server.core import ApiError, County, Principal

M = TypeVar("M", bound=BaseModel)
_UPLOAD_PATH = re.compile(r"^/v1/(uploads/[0-9a-f-]{36}|blobs/[0-9a-f]{64})$")


def error_response(exc: ApiError) -> JSONResponse:
    body = ErrorBody(code=exc.code, message=exc.message, retryable=exc.retryable, detail=exc.detail)
    return JSONResponse(body.model_dump(), status_code=exc.status, headers=exc.headers)


class _TooLarge(Exception):
    pass


class Gate:
    """Refuse an unsupported protocol version (501) and bodies over the limit (413), whether sized by
    Content-Length or streamed chunked; a pure ASGI middleware, so the cut-off happens while bytes arrive."""

    def __init__(self, app: ASGIApp, *, default_limit: int, upload_limit: int) -> None:
        self.app = app
        self.default_limit = default_limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit if _UPLOAD_PATH.match(scope["path"]) else self.default_limit
        for name, value in scope.get("headers", []):
            if name == PROTOCOL_HEADER.lower().encode():
                try:
                    version = int(value)
                except ValueError:
                    version = -1
                if not PROTOCOL_MIN <= version <= PROTOCOL_MAX:
                    await _send_error(send, _protocol_error())
                    return
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = limit + 1
                if declared > limit:
                    await _send_413(send, limit)
                    return
        seen = 0
        started = False

        async def guarded_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, guarded_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _send_413(send, limit)


def _protocol_error() -> ApiError:
    return ApiError(
        501,
        E_PROTOCOL_UNSUPPORTED,
        "程序版本与县级服务器不兼容，请升级低保入户通。",
        detail={"protocol_range": [PROTOCOL_MIN, PROTOCOL_MAX]},
    )


async def _send_413(send: Send, limit: int) -> None:
    exc = ApiError(
        413,
        E_BODY_TOO_LARGE,
        "一次发送的数据太多，程序会自动分成更小的批次。",
        retryable=True,
        detail={"max_bytes": limit},
    )
    await _send_error(send, exc)


async def _send_error(send: Send, exc: ApiError) -> None:
    resp = error_response(exc)
    await send({"type": "http.response.start", "status": exc.status, "headers": resp.raw_headers})
    await send({"type": "http.response.body", "body": resp.body})


async def parse(request: Request, model: type[M]) -> M:
    raw = await request.body()
    try:
        return model.model_validate_json(raw)
    except PydanticValidationError as exc:
        errors = exc.errors(include_input=False, include_url=False)
        if any(e["type"] == "json_invalid" for e in errors):
            raise ApiError(400, E_MALFORMED_JSON, "请求内容不是有效的 JSON。") from None
        detail = [{"loc": [str(x) for x in e["loc"]], "type": e["type"]} for e in errors[:20]]
        raise ApiError(
            422, E_INVALID_REQUEST, "请求内容不符合同步协议。", detail={"errors": detail}
        ) from None


def create_app(county: County) -> FastAPI:
    app = FastAPI(title="低保入户通 县级同步服务", docs_url=None, redoc_url=None)
    cfg = county.cfg

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:  # pyright: ignore[reportUnusedFunction]
        return error_response(exc)

    async def auth(request: Request) -> Principal:
        return await run_in_threadpool(
            county.authenticate, request.headers.get("authorization"), request.headers.get(DEVICE_HEADER)
        )

    def ok(model: BaseModel, status: int = 200, *, exclude: set[str] | None = None) -> Response:
        return Response(
            model.model_dump_json(exclude=exclude), status_code=status, media_type="application/json"
        )

    def v1(request: Request) -> bool:
        """A protocol-1 client: its strict models do not know the fields protocol 2 added."""
        return request.headers.get(PROTOCOL_HEADER, str(PROTOCOL_MAX)).strip() == "1"

    async def call(fn: Callable[..., Any], *args: Any) -> Any:
        return await run_in_threadpool(fn, *args)

    @app.get("/v1/health")
    async def health() -> dict[str, str]:  # pyright: ignore[reportUnusedFunction]
        return {"status": "ok", "epoch": await call(county.epoch)}

    @app.get("/v1/revocations")
    async def revocations() -> Response:  # pyright: ignore[reportUnusedFunction]
        return ok(await call(county.revocation_list))

    @app.post("/v1/enrol")
    async def enrol(request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
        return ok(await call(county.enrol, await parse(request, EnrolRequest)))

    @app.post("/v1/auth/challenge")
    async def challenge(request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
        return ok(await call(county.challenge, await parse(request, ChallengeRequest)))

    @app.post("/v1/auth/session")
    async def session(request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
        return ok(await call(county.session, await parse(request, SessionRequest)))

    @app.post("/v1/auth/login")
    async def login(request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
        return ok(await call(county.user_login, await parse(request, UserLoginRequest)))

    @app.post("/v1/sync/hello")
    async def hello(request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
        p = await auth(request)
        resp = await call(county.hello, p, await parse(request, HelloRequest))
        return ok(resp, exclude={"heads"} if v1(request) else None)

    @app.post("/v1/sync/abort")
    async def abort(request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
        p = await auth(request)
        body = await request.body()
        session_id = body.decode("utf-8", "replace").strip().strip('"')[:80]
        await call(county.abort, p, session_id)
        return Response(status_code=204)

    @app.post("/v1/sync/push")
    async def push(request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
        p = await auth(request)
        resp = await call(county.push_http, p, await parse(request, PushBatch))
        return ok(resp, exclude={"streams"} if v1(request) else None)

    @app.post("/v1/sync/pull")
    async def pull(request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
        p = await auth(request)
        resp = await call(county.pull, p, await parse(request, PullRequest))
        return ok(resp, exclude={"stat"} if v1(request) else None)

    @app.post("/v1/sync/verify")
    async def verify(request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
        p = await auth(request)
        return ok(await call(county.verify, p, await parse(request, VerifyRequest)))

    @app.post("/v1/blobs/check")
    async def blob_check(request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
        p = await auth(request)
        return ok(await call(county.blob_check, p, await parse(request, BlobCheckRequest)))

    @app.post("/v1/uploads")
    async def upload_create(request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
        p = await auth(request)
        state = await call(county.upload_create, p, await parse(request, UploadCreate))
        return ok(state, 200 if state.complete else 201)

    @app.head("/v1/uploads/{upload_id}")
    async def upload_head(upload_id: str, request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
        await auth(request)
        up = await call(county.upload_state, upload_id)
        return Response(
            status_code=200,
            headers={
                "Upload-Offset": str(up.offset),
                "Upload-Length": str(up.size),
                "Cache-Control": "no-store",
            },
        )

    @app.patch("/v1/uploads/{upload_id}")
    async def upload_patch(upload_id: str, request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
        await auth(request)
        try:
            offset = int(request.headers.get("upload-offset", ""))
        except ValueError:
            raise ApiError(400, E_INVALID_REQUEST, "缺少 Upload-Offset。") from None
        expected = request.headers.get("chunk-sha256", "").lower()
        if len(expected) != 64:
            raise ApiError(400, E_INVALID_REQUEST, "缺少 Chunk-SHA256。")
        up = await call(county.upload_begin_chunk, upload_id, offset)
        h = hashlib.sha256()
        written = 0
        part = county.upload_dir / f"{upload_id}.part"
        with part.open("r+b") as fh:
            fh.seek(offset)
            fh.truncate(offset)
            async for chunk in request.stream():
                if chunk:
                    fh.write(chunk)
                    h.update(chunk)
                    written += len(chunk)
            if offset + written == up.size:
                fh.flush()
                os.fsync(fh.fileno())  # the blob is on disk before the store says "complete"
        state = await call(county.upload_finish_chunk, up, offset, written, h.hexdigest(), expected)
        return Response(
            state.model_dump_json(),
            status_code=200,
            media_type="application/json",
            headers={"Upload-Offset": str(state.offset)},
        )

    @app.put("/v1/blobs/{sha}")
    async def blob_put(sha: str, request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
        """A whole blob (≤ one chunk) in one request, streamed to disk while hashed; committed only if its SHA-256
        is ``sha``. An interrupted one is simply sent again (at most one chunk, SYNC P6)."""
        await auth(request)
        if not re.fullmatch(r"[0-9a-f]{64}", sha):
            raise ApiError(404, "NOT_FOUND", "照片标识无效。")
        try:
            size = int(request.headers.get("upload-length", ""))
        except ValueError:
            raise ApiError(400, E_INVALID_REQUEST, "缺少 Upload-Length。") from None
        mime = request.headers.get("content-type", "application/octet-stream")[:64]
        if await call(
            county.has_blob, sha
        ):  # another laptop sent the same photo meanwhile: drain, say complete
            async for _ in request.stream():
                pass
            return ok(UploadState(upload_id=None, offset=size, complete=True))
        part = await call(county.blob_put_begin, sha, size)
        h = hashlib.sha256()
        written = 0
        try:
            with part.open("wb") as fh:
                async for chunk in request.stream():
                    if chunk:
                        written += len(chunk)
                        if written > size:
                            raise ApiError(422, E_INVALID_REQUEST, "上传的数据超过声明的大小。")
                        fh.write(chunk)
                        h.update(chunk)
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        return ok(await call(county.blob_put_finish, sha, size, mime, part, written, h.hexdigest()))

    @app.get("/v1/blobs/{sha}")
    async def blob_get(sha: str, request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
        await auth(request)
        if not re.fullmatch(r"[0-9a-f]{64}", sha):
            raise ApiError(404, "NOT_FOUND", "县级没有这张照片。")
        path = await call(county.blob_file, sha)
        return FileResponse(path, media_type="application/octet-stream")

    @app.get("/v1/conflicts")
    async def conflicts(  # pyright: ignore[reportUnusedFunction]
        request: Request, status: str | None = "open", stream: str | None = None
    ) -> Response:
        p = await auth(request)
        return ok(
            await call(functools.partial(county.list_conflicts, p, status=status or None, stream=stream))
        )

    @app.get("/v1/conflicts/{conflict_id}")
    async def conflict(conflict_id: str, request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
        p = await auth(request)
        return ok(await call(county.get_conflict, p, conflict_id))

    @app.post("/v1/conflicts/{conflict_id}/resolve")
    async def resolve(conflict_id: str, request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
        p = await auth(request)
        return ok(await call(county.resolve, p, conflict_id, await parse(request, ResolveRequest)))

    app.add_middleware(Gate, default_limit=cfg.max_body_bytes, upload_limit=cfg.max_chunk_bytes + 65536)
    return app
