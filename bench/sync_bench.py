"""Sync benchmark on loopback (SYNC.md §6.3): push and pull changes/s, a no-op sync, photo upload MB/s against a
raw loopback HTTP upload of the same bytes, and a "typical day" end to end. Prints JSON; bounded in size and time.

    .venv/bin/python bench/sync_bench.py [--changes 1000] [--photos 20] [--photo-mb 3] [--db postgresql+psycopg://…]

Wall-clock figures on a shared 2-core machine move with other load, so every phase also reports the CPU seconds the
laptop (this process) and the county process spent on it: those do not depend on what else runs.

* ``push_changes_per_s``: one sync that sends ``--changes`` edits of one case (includes login, hello, the pull of
  the device's own revisions and verify, as a user would see it).
* ``pull_changes_per_s``: another laptop's sync that receives them.
* ``noop_sync_ms`` / ``noop_sync_requests``: median of 5 syncs with nothing to do (SYNC P4: ≤ 300 ms, ≤ 5 requests).
* ``photo_upload_mb_s``: the photo stage of a sync (from its first to its last photo request); ``photo_vs_raw``
  compares it with ``raw_loopback_upload_mb_s``: the same photos as plain request bodies, one request each, to a
  bare uvicorn process that reads and drops them (before, the raw figure posted to an unknown route of the county,
  whose 404 came back before the body was read: it measured socket buffers, not an upload).
  ``photo_sync_mb_s`` divides by the whole sync instead (login, records, photos, pull, verify).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sync.client import Progress, Stage  # noqa: E402
from tests.sync.support import CountyServer, Laptop, init_data  # noqa: E402
from tests.sync.test_scenarios import add_photo  # noqa: E402


def _server_cpu(server: CountyServer) -> float:
    assert server.proc is not None
    fields = Path(f"/proc/{server.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Meter:
    def __init__(self, server: CountyServer) -> None:
        self.server = server

    def __enter__(self) -> Meter:
        self.t, self.c, self.s = time.perf_counter(), time.process_time(), _server_cpu(self.server)
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.t
        self.laptop_cpu = time.process_time() - self.c
        self.server_cpu = _server_cpu(self.server) - self.s


async def _sink_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """A bare ASGI app that reads the whole request body and answers 200: HTTP on loopback and nothing else."""
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"{}"})


def _run_sink(port_file: str) -> int:
    import socket

    import uvicorn

    sock = socket.socket()
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as the county's listener (no Nagle stalls)
    sock.bind(("127.0.0.1", 0))
    Path(port_file).write_text(str(sock.getsockname()[1]))
    uvicorn.Server(uvicorn.Config(_sink_app, log_level="warning", lifespan="off")).run(sockets=[sock])
    return 0


def _raw_upload_mb_s(photos: list[bytes]) -> float:
    """The same photos as plain request bodies, one request each, to a uvicorn process (same HTTP stack as the
    county) that only reads them: the ceiling of an upload on this machine."""
    import socket
    import subprocess

    port_file = Path(tempfile.mkdtemp()) / "port"
    proc = subprocess.Popen([sys.executable, __file__, "--sink", str(port_file)], cwd=ROOT)
    try:
        while not port_file.exists() or not port_file.read_text():
            time.sleep(0.02)
        url = f"http://127.0.0.1:{port_file.read_text()}"
        transport = httpx.HTTPTransport(socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)])
        with httpx.Client(base_url=url, timeout=60, transport=transport) as http:
            for _ in range(50):
                try:
                    http.get("/")
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            start = time.perf_counter()
            for p in photos:
                assert http.put("/sink", content=p).status_code == 200
            return sum(len(p) for p in photos) / (time.perf_counter() - start) / 1e6
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--changes", type=int, default=1000)
    ap.add_argument("--photos", type=int, default=20)
    ap.add_argument("--photo-mb", type=float, default=3.0)
    ap.add_argument("--db", default=None, help="postgresql+psycopg://… (default: SQLite)")
    ap.add_argument("--sink", default=None, help=argparse.SUPPRESS)  # internal: the raw upload sink process
    args = ap.parse_args()
    if args.sink:
        return _run_sink(args.sink)
    root = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    init_data(root / "county", args.db)
    server = CountyServer(root / "county", args.db or f"sqlite:///{root / 'county' / 'county.db'}", tls=False)
    server.start()
    out: dict[str, Any] = {"backend": "postgresql" if args.db else "sqlite"}
    try:
        a, b = Laptop(root / "a", server), Laptop(root / "b", server)
        _, case = a.new_case()
        a.sync()
        b.sync()
        for i in range(args.changes):
            a.edit("case", case, monthly_amount_fen=i)
        with Meter(server) as m:
            s = a.sync()
        out["push_changes_per_s"] = round(s.sent / m.wall, 1)
        out["push_requests"] = s.requests
        out["push_cpu_s_per_1k"] = {
            "laptop": round(m.laptop_cpu * 1000 / s.sent, 3),
            "county": round(m.server_cpu * 1000 / s.sent, 3),
        }
        with Meter(server) as m:
            r = b.sync()
        out["pull_changes_per_s"] = round(r.received / m.wall, 1)
        out["pull_cpu_s_per_1k"] = {
            "laptop": round(m.laptop_cpu * 1000 / r.received, 3),
            "county": round(m.server_cpu * 1000 / r.received, 3),
        }
        noops: list[float] = []
        for _ in range(5):
            with Meter(server) as m:
                noop = a.sync()
            noops.append(m.wall * 1000)
        out["noop_sync_ms"] = round(statistics.median(noops), 1)
        out["noop_sync_requests"] = noop.requests
        size = int(args.photo_mb * 1024 * 1024)
        photos = [hashlib.sha256(uuid.uuid4().bytes).digest() * (size // 32) for _ in range(args.photos)]
        for p in photos:
            add_photo(a, case, p)
        marks: list[tuple[float, Stage]] = []

        def progress(p: Progress) -> None:
            marks.append((time.perf_counter(), p.stage))

        with Meter(server) as m:
            up = a.client().run(progress=progress)
        assert up.photos_sent == args.photos
        photo_marks = [t for t, stage in marks if stage == Stage.BLOBS_UP]
        stage_s = photo_marks[-1] - photo_marks[0]
        mb = sum(len(p) for p in photos) / 1e6
        out["photo_upload_mb_s"] = round(mb / stage_s, 1)
        out["photo_sync_mb_s"] = round(mb / m.wall, 1)
        out["photo_cpu_s_per_100mb"] = {
            "laptop": round(m.laptop_cpu * 100 / mb, 3),
            "county": round(m.server_cpu * 100 / mb, 3),
        }
        out["raw_loopback_upload_mb_s"] = round(_raw_upload_mb_s(photos), 1)
        out["photo_vs_raw"] = round(out["photo_upload_mb_s"] / out["raw_loopback_upload_mb_s"], 2)
        # typical day: 600 changes and 100 photos of 3 MB (scaled by --photos)
        day = Laptop(root / "day", server)
        t = time.perf_counter()
        for _ in range(100):
            day.new_case()  # 3 changes each
        _, dc = day.new_case()
        for i in range(600 - 303):
            day.edit("case", dc, monthly_amount_fen=i)
        for p in photos:
            add_photo(day, dc, hashlib.sha256(p).digest() + p[32:])
        t_records = time.perf_counter()
        with Meter(server) as m:
            res = day.sync()
        out["typical_day_changes"] = res.sent
        out["typical_day_photos"] = res.photos_sent
        out["typical_day_sync_s"] = round(m.wall, 2)
        out["typical_day_requests"] = res.requests
        out["typical_day_prepare_s"] = round(t_records - t, 2)
        for lap in (a, b, day):
            lap.close()
    finally:
        server.close()
    print(json.dumps(out, ensure_ascii=False, indent=2))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
