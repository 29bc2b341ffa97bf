"""SECURITY.md T28–T33 against real county processes on loopback: CA pinning, no cleartext, request limits,
malformed bodies, login rate limits and revocation.

Stub servers here are plain ``ssl``/``socket`` listeners on 127.0.0.1 in a thread: they record every connection and
request line, so a test can assert that nothing was sent where nothing may be sent.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import ssl
import threading
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from sync.client import SyncError, make_http
from sync.protocol import DEVICE_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION, PullRequest, PullResponse
from sync.server import pki
from sync.server.models import ChangeLedger
from tests.sync.conftest import ServerPool, require_backend
from tests.sync.support import CountyServer, Laptop
from tests.sync.test_scenarios import add_photo

Make = Callable[..., Laptop]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def backend(request: pytest.FixtureRequest) -> str:
    require_backend(request.param)
    return request.param


class Stub:
    """A loopback listener (TLS when given a certificate) that records connections and request heads and answers
    every request with ``reply``."""

    def __init__(self, cert: pki.KeyPaths | None = None, reply: bytes = b"") -> None:
        self.reply = reply or b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
        self.connections = 0
        self.heads: list[bytes] = []
        self.body_bytes = 0
        self.ctx: ssl.SSLContext | None = None
        if cert is not None:
            self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.ctx.load_cert_chain(cert.tls_cert, cert.tls_key)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            with contextlib.suppress(OSError, ssl.SSLError):
                conn.settimeout(3)
                if self.ctx is not None:
                    conn = self.ctx.wrap_socket(conn, server_side=True)
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                head, _, rest = data.partition(b"\r\n\r\n")
                if head:
                    self.heads.append(head)
                    self.body_bytes += len(rest)
                    conn.sendall(self.reply)
            with contextlib.suppress(OSError):
                conn.close()

    def close(self) -> None:
        self._stop.set()
        self.sock.close()
        self._thread.join(2)


@contextlib.contextmanager
def stub(cert: pki.KeyPaths | None = None, reply: bytes = b"") -> Iterator[Stub]:
    s = Stub(cert, reply)
    try:
        yield s
    finally:
        s.close()


def _cert(server: CountyServer, out: Path, hosts: list[str], **kw: datetime) -> pki.KeyPaths:
    keys = pki.KeyPaths(out)
    pki.issue_server_cert(pki.KeyPaths(server.data / "keys"), keys, hosts=hosts, **kw)
    return keys


def _rogue(out: Path) -> pki.KeyPaths:
    """A self-signed CA of its own issuing a perfectly valid certificate for localhost: not the county's."""
    ca = pki.make_ca(out / "ca", name="rogue")
    keys = pki.KeyPaths(out / "srv")
    pki.issue_server_cert(ca, keys, hosts=["localhost", "127.0.0.1"])
    return keys


def _swap(lap: Laptop, http: httpx.Client) -> None:
    lap.http.close()
    lap.http = http


# ------------------------------------------------------------------------------------------------ T28


def test_t28_county_ca_pinning(server_pool: ServerPool, tmp_path: Path) -> None:
    server = server_pool.get("sqlite", tls=True)
    with make_http(server.url, server.ca_pem, timeout=5) as http:
        resp = http.get("/v1/health")
        assert resp.status_code == 200
        tls = resp.extensions["network_stream"].get_extra_info("ssl_object")
        assert tls.version() == "TLSv1.3"
    now = datetime.now(UTC)
    bad = {
        "rogue self-signed": _rogue(tmp_path / "rogue"),
        "wrong hostname": _cert(server, tmp_path / "host", ["sync.other.example"]),
        "expired": _cert(
            server, tmp_path / "old", ["localhost", "127.0.0.1"],
            not_before=now - timedelta(days=400), not_after=now - timedelta(days=1),
        ),
    }  # fmt: skip
    for name, cert in bad.items():
        with stub(cert) as s, make_http(f"https://localhost:{s.port}", server.ca_pem, timeout=5) as http:
            with pytest.raises(httpx.ConnectError) as err:
                http.post("/v1/sync/hello", content=b'{"secret": 1}')
            assert "CERTIFICATE_VERIFY_FAILED" in str(err.value), name
            assert s.heads == [] and s.body_bytes == 0, f"{name}: nothing may be sent before the check"
    # a server with a county certificate that only speaks TLS 1.1 or older is refused in the handshake too
    legacy = Stub(_cert(server, tmp_path / "legacy", ["localhost"]))
    assert legacy.ctx is not None
    with warnings.catch_warnings():  # Python deprecates naming these versions at all: exactly the point here
        warnings.simplefilter("ignore", DeprecationWarning)
        legacy.ctx.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        legacy.ctx.maximum_version = ssl.TLSVersion.TLSv1_1
    try:
        with (
            make_http(f"https://localhost:{legacy.port}", server.ca_pem, timeout=5) as http,
            pytest.raises(httpx.ConnectError),
        ):
            http.post("/v1/sync/hello", content=b'{"secret": 1}')
        assert legacy.heads == [] and legacy.body_bytes == 0
    finally:
        legacy.close()
    # the pinned context trusts the county CA only (not the system store) and never speaks TLS < 1.2
    from sync.client import pinned_context

    ctx = pinned_context(server.ca_pem)
    assert ctx.minimum_version >= ssl.TLSVersion.TLSv1_2
    assert len(ctx.get_ca_certs()) == 1


def test_t28_sync_refuses_a_rogue_server_with_a_tls_error(
    server_pool: ServerPool, laptops: Make, tmp_path: Path
) -> None:
    server = server_pool.get("sqlite", tls=True)
    lap = laptops(server)
    lap.new_case()
    with stub(_rogue(tmp_path / "rogue")) as s:
        _swap(lap, make_http(f"https://localhost:{s.port}", server.ca_pem, timeout=5))
        with pytest.raises(SyncError) as err:
            lap.sync()
        assert err.value.code == "TLS" and "证书" in err.value.message
        assert s.heads == []


# ------------------------------------------------------------------------------------------------ T29


def test_t29_no_cleartext_and_no_redirects(server_pool: ServerPool, laptops: Make, tmp_path: Path) -> None:
    server = server_pool.get("sqlite", tls=True)
    lap = laptops(server)
    lap.new_case()
    with stub() as plain:
        with pytest.raises(SyncError) as err:
            make_http(f"http://127.0.0.1:{plain.port}", server.ca_pem)
        assert err.value.code == "INSECURE_URL"
        _swap(lap, httpx.Client(base_url=f"http://127.0.0.1:{plain.port}"))
        with pytest.raises(SyncError) as err:  # an http client handed in from elsewhere is refused too
            lap.client(allow_insecure=False).run()
        assert err.value.code == "INSECURE_URL"
        assert plain.connections == 0  # refused before connecting, so before any body
    # a pinned server that redirects elsewhere: the redirect is not followed
    with stub() as target:
        moved = (
            f"HTTP/1.1 308 Permanent Redirect\r\nLocation: http://127.0.0.1:{target.port}/v1/sync/hello\r\n"
            "Content-Length: 0\r\nConnection: close\r\n\r\n"
        ).encode()
        with stub(_cert(server, tmp_path / "redirect", ["localhost"]), moved) as redirector:
            _swap(lap, make_http(f"https://localhost:{redirector.port}", server.ca_pem, timeout=5))
            with pytest.raises(SyncError):
                lap.sync()
            assert redirector.heads, "the pinned server was reached"
        assert target.connections == 0
    # no PII in any URL of a whole sync: paths carry fixed words, UUIDs and SHA-256 hashes only
    _swap(lap, make_http(server.url, server.ca_pem, timeout=20))
    seen: list[str] = []
    lap.http.event_hooks["request"] = [lambda req: seen.append(str(req.url.raw_path, "ascii"))]
    add_photo(lap, lap.new_case()[1], b"\xff\xd8" + b"x" * 5000)
    lap.sync()
    assert any("/v1/blobs/" in p for p in seen)
    allowed = re.compile(
        r"^/v1(/[a-z]+)+(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|/[0-9a-f]{64})?$"
    )
    assert [p for p in seen if not allowed.fullmatch(p)] == []


# ------------------------------------------------------------------------------------------------ T32 limits


def _raw(port: int, head: bytes, body_chunks: list[bytes]) -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        with contextlib.suppress(OSError):
            for chunk in body_chunks:
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sock.sendall(b"0\r\n\r\n")
        data = b""
        with contextlib.suppress(OSError):
            while chunk := sock.recv(65536):
                data += chunk
                if b"\r\n\r\n" in data:
                    head_part, _, rest = data.partition(b"\r\n\r\n")
                    length = [
                        int(line.split(b":")[1])
                        for line in head_part.split(b"\r\n")
                        if line.lower().startswith(b"content-length")
                    ]
                    if length and len(rest) >= length[0]:
                        break
    head_part, _, body = data.partition(b"\r\n\r\n")
    lines = head_part.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def test_t32_chunked_body_over_the_limit_is_413(server_pool: ServerPool, backend: str, laptops: Make) -> None:
    server = server_pool.get(backend, extra=("--max-body", "6000"))
    lap = laptops(server)
    c = lap.client()
    c._login()  # pyright: ignore[reportPrivateUsage]
    head = (
        "POST /v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
        f"Content-Type: application/json\r\n{PROTOCOL_HEADER}: {PROTOCOL_VERSION}\r\n"
        f"Authorization: {c.api.headers['Authorization']}\r\n{DEVICE_HEADER}: {lap.device_id}\r\n\r\n"
    ).encode()
    status, _, body = _raw(server.port, head, [b"[" + b" " * 1000] * 20)
    assert status == 413 and json.loads(body)["code"] == "BODY_TOO_LARGE"
    declared = head.replace(b"Transfer-Encoding: chunked", b"Content-Length: 20000")
    status, _, body = _raw(server.port, declared, [])
    assert status == 413 and json.loads(body)["code"] == "BODY_TOO_LARGE"


def test_malformed_and_invalid_bodies_are_refused_with_a_code(server: CountyServer, laptops: Make) -> None:
    lap = laptops(server)
    lap.new_case()
    c = lap.client()
    c._login()  # pyright: ignore[reportPrivateUsage]
    hello = c.hello()
    for body, status, code in (
        (b'{"device_id": "x", "changes": [', 400, "MALFORMED_JSON"),
        (b"\xff\xfe not json at all", 400, "MALFORMED_JSON"),
        (json.dumps({"device_id": lap.device_id, "session": hello.session, "changes": "many"}).encode(), 422,
         "INVALID_REQUEST"),
        (json.dumps({"device_id": lap.device_id, "session": hello.session, "changes": [{"device_seq": "1"}],
                     "batch_sha256": "0" * 64, "batch_sig": "00"}).encode(), 422, "INVALID_REQUEST"),
    ):  # fmt: skip
        with pytest.raises(SyncError) as err:
            c.api.send("POST", "/v1/sync/push", body=body)
        assert (err.value.status, err.value.code) == (status, code)
    with server.county().db.read() as s:
        n = s.scalar(
            select(func.count()).select_from(ChangeLedger).where(ChangeLedger.device_id == lap.device_id)
        )
    assert n == 0  # nothing applied
    assert lap.sync().sent == 3  # and the device is not harmed by its own bad requests


# ------------------------------------------------------------------------------------------------ T33


def test_t33_login_rate_limit_429_other_devices_unaffected(
    server_pool: ServerPool, backend: str, laptops: Make
) -> None:
    server = server_pool.get(backend, extra=("--login-fail-limit", "3"))
    attacker, bystander = laptops(server), laptops(server)
    with httpx.Client(base_url=server.url, timeout=10) as http:
        statuses: list[int] = []
        for _ in range(6):
            ch = http.post("/v1/auth/challenge", json={"device_id": attacker.device_id})
            if ch.status_code != 200:
                statuses.append(ch.status_code)
                last = ch
                continue
            last = http.post(
                "/v1/auth/session",
                json={"device_id": attacker.device_id, "nonce": ch.json()["nonce"], "ts": "t", "sig": "00" * 64,
                      "user_id": "u", "user_login": "x"},
            )  # fmt: skip
            statuses.append(last.status_code)
    assert statuses[:3] == [401, 401, 401] and statuses[-1] == 429
    assert last.json()["code"] == "RATE_LIMITED" and int(last.headers["Retry-After"]) > 0
    assert bystander.sync().verify_ok  # another device logs in and syncs as usual
    with pytest.raises(SyncError) as err:  # the locked device itself must wait, even with the right key
        attacker.sync()
    assert err.value.code == "RATE_LIMITED" and err.value.status == 429


# ------------------------------------------------------------------------------------------------ T30


def test_t30_revoked_device_gets_403_on_its_next_request(server: CountyServer, laptops: Make) -> None:
    lap, other = laptops(server), laptops(server)
    lap.new_case()
    c = lap.client()
    c._login()  # pyright: ignore[reportPrivateUsage]
    hello = c.hello()
    old_token = c.api.headers["Authorization"]
    server.county().revoke(lap.device_id, "遗失")
    with pytest.raises(SyncError) as err:  # the very next request of the running session
        c.api.post(
            "/v1/sync/pull",
            PullRequest(session=hello.session, stream=f"township:{lap.township}", since=0),
            PullResponse,
        )
    assert (err.value.status, err.value.code) == (403, "DEVICE_REVOKED")
    headers = {DEVICE_HEADER: lap.device_id, PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
    with httpx.Client(base_url=server.url, timeout=10) as http:
        r = http.post("/v1/sync/hello", content=b"{}", headers={"Authorization": old_token, **headers})
        assert r.status_code in (401, 403)  # the token issued before the revocation is dead too
        # another device's valid token presented under this device's id: a mismatch
        o = other.client()
        o._login()  # pyright: ignore[reportPrivateUsage]
        r = http.post(
            "/v1/sync/hello",
            content=b"{}",
            headers={"Authorization": o.api.headers["Authorization"], **headers},
        )
        assert r.status_code == 401 and r.json()["code"] == "DEVICE_MISMATCH"
    assert other.sync().verify_ok  # other devices are unaffected
