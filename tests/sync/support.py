"""Real components for the sync tests: a county server in its own uvicorn process (SQLite or PostgreSQL), laptops
with real encrypted stores, and a loopback TCP proxy that injects faults."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg

from app.db.changelog import record_change
from app.db.keyslots import KdfParams
from app.db.store import OpenStore, create_store, unlock
from app.domain.clock import FixedClock
from app.domain.roles import Role
from app.domain.synthetic import synthetic_households
from app.services import cases, reference
from app.services.households import HouseholdInput, MemberInput, register_household
from sync import local
from sync.client import SyncClient, SyncSummary, enrol, make_http
from sync.server.core import County, ServerConfig

CHEAP_KDF = KdfParams(time_cost=1, memory_kib=1024, parallelism=1)
PASSWORD = "admin-pass-1"
TOWNSHIP = "360222900"
OTHER_TOWNSHIP = "360203900"
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"
ROOT = Path(__file__).resolve().parents[2]


def pg_available() -> bool:
    try:
        with psycopg.connect(PG_ADMIN):
            return True
    except psycopg.Error:
        return False


def pg_create() -> tuple[str, str]:
    name = f"dibao_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # pyright: ignore[reportArgumentType]
    return name, f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def pg_drop(name: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # pyright: ignore[reportArgumentType]


def init_data(data: Path, db_url: str | None) -> None:
    from sync.server import cli

    args = ["init", "--data", str(data)]
    if db_url:
        args += ["--db", db_url]
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(args) == 0


def _die_with_parent() -> None:
    """In the child before exec: a county process dies with the test run that started it, even a killed one
    (Linux PR_SET_PDEATHSIG), so no orphaned server outlives its tests."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG = 1


@dataclass
class CountyServer:
    data: Path
    db_url: str
    tls: bool
    extra: tuple[str, ...] = ()
    port: int = 0
    proc: subprocess.Popen[bytes] | None = None
    _county: County | None = None

    @property
    def url(self) -> str:
        host = "localhost" if self.tls else "127.0.0.1"
        return f"{'https' if self.tls else 'http'}://{host}:{self.port}"

    @property
    def ca_pem(self) -> str:
        return (self.data / "keys" / "ca.pem").read_text()

    def start(self) -> None:
        port_file = self.data / f"port-{uuid.uuid4().hex[:6]}"
        args = [
            sys.executable, "-m", "sync.server.cli", "serve", "--data", str(self.data), "--db", self.db_url,
            "--port", str(self.port), "--port-file", str(port_file), *self.extra,
        ]  # fmt: skip
        if not self.tls:
            args.append("--no-tls")
        self.proc = subprocess.Popen(
            args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_die_with_parent
        )
        deadline = time.monotonic() + 30
        while not port_file.exists():
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                raise RuntimeError(f"county server did not start: {err}")
            if time.monotonic() > deadline:
                raise RuntimeError("county server start timed out")
            time.sleep(0.02)
        self.port = int(port_file.read_text())
        verify: Any = httpx.create_ssl_context(verify=False) if self.tls else False
        with httpx.Client(verify=verify, timeout=2) as probe:
            while True:
                try:
                    if probe.get(f"{self.url}/v1/health").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("county server not healthy")
                time.sleep(0.02)

    def stop(self, *, kill: bool = False) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc.stderr is not None:
            self.proc.stderr.close()
        self.proc = None

    def county(self) -> County:
        if self._county is None:
            self._county = County(ServerConfig(data_dir=self.data, db_url=self.db_url))
        return self._county

    def enrol_code(self, township: str = TOWNSHIP) -> str:
        return self.county().new_enrolment(township, "test")

    def close(self) -> None:
        self.stop()
        if self._county is not None:
            self._county.close()
            self._county = None


class Laptop:
    """One township laptop: a real encrypted store, enrolled with the county, syncing over real HTTP(S)."""

    def __init__(
        self,
        root: Path,
        server: CountyServer,
        *,
        township: str = TOWNSHIP,
        url: str | None = None,
        enrol_now: bool = True,
    ) -> None:
        self.root = root
        self.server = server
        self.clock = FixedClock(datetime(2026, 9, 18, 2, 0, tzinfo=UTC))
        create_store(
            root,
            admin_login="admin",
            admin_password=PASSWORD,
            admin_name="管理员",
            clock=self.clock,
            kdf=CHEAP_KDF,
        )
        self.store: OpenStore = unlock(root, "admin", PASSWORD, clock=self.clock, verify=False)
        with self.store.unit_of_work() as s:
            reference.import_divisions(
                s, self.store.actor, reference.bundled_divisions_text(), clock=self.clock
            )
        self.url = url or server.url
        self.http = make_http(
            self.url, server.ca_pem if server.tls else None, allow_insecure_loopback=True, timeout=20
        )
        self.township = township
        self._seed = int(uuid.uuid4().int % 100000)
        if enrol_now:
            enrol(
                self.store, self.http, code=server.enrol_code(township), ca_pem=server.ca_pem, server_url=self.url,
                allow_insecure=not server.tls,
            )  # fmt: skip

    @property
    def device_id(self) -> str:
        return self.store.device_id

    def client(self, **kw: Any) -> SyncClient:
        kw.setdefault("allow_insecure", not self.server.tls)
        return SyncClient(self.http, self.store, **kw)

    def sync(self, **kw: Any) -> SyncSummary:
        return self.client(**kw).run()

    def new_case(self, township: str = TOWNSHIP) -> tuple[str, str]:
        """A household with one synthetic member and a DRAFT case in a sample ``township``; returns
        (household_id, case_id)."""
        self._seed += 1
        h = synthetic_households(self._seed, 1, today=self.clock.today())[0]
        p = h.members[0]
        clerk = replace(self.store.actor, role=Role.WINDOW_CLERK)
        with self.store.unit_of_work() as s:
            villages = reference.villages_of(s, township)
            row = register_household(
                s,
                clerk,
                HouseholdInput(
                    area_code=villages[0].code,
                    members=(
                        MemberInput(
                            name=p.name,
                            id_number=p.id_number,
                            relation="本人",
                            id_type=p.id_type,
                            pending_reason=p.pending_reason,
                        ),
                    ),
                    hukou_address=h.address,
                    residence_address=h.address,
                ),
                clock=self.clock,
            )
            ref = cases.open_case(
                s, clerk, household_id=row.id, township_code=township, channel="WINDOW", clock=self.clock
            )
        return row.id, ref.id

    def edit(self, entity_type: str, entity_id: str, op: str = "patch", **fields: Any) -> None:
        mapper = local.mapper_for(entity_type)
        assert mapper is not None
        with self.store.unit_of_work() as s:
            row = s.get(mapper.class_, uuid.UUID(entity_id))
            assert row is not None, f"{entity_type} {entity_id} not on this laptop"
            before = {k: getattr(row, k) for k in fields}
            for k, v in fields.items():
                setattr(row, k, v)
            record_change(
                s, self.store.actor, at=self.clock.now(), entity_type=entity_type, entity_id=entity_id, op=op,
                fields=fields, before=before, audit_action=f"{entity_type}.edited",
            )  # fmt: skip

    def row(self, entity_type: str, entity_id: str) -> dict[str, Any] | None:
        mapper = local.mapper_for(entity_type)
        assert mapper is not None
        with self.store.reading() as s:
            row = s.get(mapper.class_, uuid.UUID(entity_id))
            if row is None:
                return None
            return {k: getattr(row, k) for k in mapper.columns.keys()}  # noqa: SIM118

    def close(self) -> None:
        self.http.close()
        self.store.close()


# ------------------------------------------------------------------------------------------------ fault proxy


@dataclass
class Rule:
    kind: str  # drop_response | cut_request
    method: str
    path: str
    after_bytes: int = 0
    times: int = 1


class FaultProxy:
    """Loopback TCP proxy in front of a plain-HTTP county server. Rules fire on the request line they match:
    ``drop_response`` forwards the whole request, lets the server produce its answer, then closes the client
    connection without passing it on; ``cut_request`` closes both sides after N body bytes of that request."""

    _REQ = re.compile(rb"(GET|POST|PATCH|HEAD|PUT) (\S+) HTTP/1\.1\r\n")

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.rules: list[Rule] = []
        self.fired: list[Rule] = []
        self.bytes_up = 0
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._server: asyncio.Server | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._ready.wait(5)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def add(self, rule: Rule) -> None:
        self.rules.append(rule)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()
        self._loop.run_until_complete(self._loop.shutdown_asyncgens())
        self._loop.close()

    def _match(self, method: str, path: str, kind: str) -> Rule | None:
        for rule in self.rules:
            if rule.kind == kind and rule.method == method and path.startswith(rule.path) and rule.times > 0:
                return rule
        return None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        state: dict[str, Any] = {"drop": False}

        async def close_all() -> None:
            for w in (writer, up_writer):
                with contextlib.suppress(Exception):
                    w.close()
            for w in (writer, up_writer):
                with contextlib.suppress(BaseException):
                    await asyncio.wait_for(w.wait_closed(), 1)

        async def upstream() -> None:
            cut: Rule | None = None
            budget = 0
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                for m in self._REQ.finditer(data):
                    method, path = m.group(1).decode(), m.group(2).decode()
                    drop = self._match(method, path, "drop_response")
                    if drop is not None:
                        drop.times -= 1
                        self.fired.append(drop)
                        state["drop"] = True
                    c = self._match(method, path, "cut_request")
                    if c is not None:
                        c.times -= 1
                        self.fired.append(c)
                        head_end = data.find(b"\r\n\r\n", m.start())
                        cut, budget = c, (head_end + 4 if head_end >= 0 else len(data)) + c.after_bytes
                if cut is not None:
                    send = data[:budget]
                    self.bytes_up += len(send)
                    up_writer.write(send)
                    await up_writer.drain()
                    budget -= len(send)
                    if budget <= 0:
                        await asyncio.sleep(0.05)
                        await close_all()
                        return
                    continue
                self.bytes_up += len(data)
                up_writer.write(data)
                await up_writer.drain()
            with contextlib.suppress(Exception):
                up_writer.write_eof()

        async def downstream() -> None:
            while True:
                data = await up_reader.read(65536)
                if not data:
                    break
                if state["drop"]:
                    await close_all()
                    return
                writer.write(data)
                await writer.drain()
            await close_all()

        try:
            with contextlib.suppress(Exception):
                await asyncio.gather(upstream(), downstream())
        finally:
            await close_all()

    def close(self) -> None:
        async def stop() -> None:
            if self._server is not None:
                self._server.close()
            # end every connection still being relayed, so no socket or stream outlives the loop
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if self._server is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(self._server.wait_closed(), 2)
            for _ in range(3):
                await asyncio.sleep(0)

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


def free_env() -> dict[str, str]:
    return dict(os.environ)
