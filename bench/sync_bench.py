"""Sync benchmark on loopback (SYNC.md §6.3): push and pull changes/s, a no-op sync, photo upload MB/s against a
raw loopback HTTP upload of the same bytes, and a "typical day" end to end. Prints JSON; bounded in size and time.

    .venv/bin/python bench/sync_bench.py [--changes 1000] [--photos 20] [--photo-mb 3]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.sync.support import CountyServer, Laptop, init_data  # noqa: E402
from tests.sync.test_scenarios import add_photo  # noqa: E402


def _raw_upload_mb_s(server: CountyServer, data: bytes, chunk: int) -> float:
    """The same bytes as plain PATCH bodies to an endpoint that only reads them (the wire's ceiling)."""
    with httpx.Client(base_url=server.url, timeout=60) as http:
        start = time.perf_counter()
        for off in range(0, len(data), chunk):
            http.post("/v1/health-none", content=data[off : off + chunk])
        return len(data) / (time.perf_counter() - start) / 1e6


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--changes", type=int, default=1000)
    ap.add_argument("--photos", type=int, default=20)
    ap.add_argument("--photo-mb", type=float, default=3.0)
    ap.add_argument("--db", default=None, help="postgresql+psycopg://… (default: SQLite)")
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    init_data(root / "county", args.db)
    server = CountyServer(root / "county", args.db or f"sqlite:///{root / 'county' / 'county.db'}", tls=False)
    server.start()
    out: dict[str, object] = {"backend": "postgresql" if args.db else "sqlite"}
    try:
        a, b = Laptop(root / "a", server), Laptop(root / "b", server)
        _, case = a.new_case()
        a.sync()
        b.sync()
        for i in range(args.changes):
            a.edit("case", case, monthly_amount_fen=i)
        t = time.perf_counter()
        s = a.sync()
        out["push_changes_per_s"] = round(s.sent / (time.perf_counter() - t), 1)
        t = time.perf_counter()
        r = b.sync()
        out["pull_changes_per_s"] = round(r.received / (time.perf_counter() - t), 1)
        t = time.perf_counter()
        noop = a.sync()
        out["noop_sync_ms"] = round((time.perf_counter() - t) * 1000, 1)
        out["noop_sync_requests"] = noop.requests
        size = int(args.photo_mb * 1024 * 1024)
        photos = [hashlib.sha256(uuid.uuid4().bytes).digest() * (size // 32) for _ in range(args.photos)]
        for p in photos:
            add_photo(a, case, p)
        t = time.perf_counter()
        up = a.sync()
        elapsed = time.perf_counter() - t
        mb = sum(len(p) for p in photos) / 1e6
        out["photo_upload_mb_s"] = round(mb / elapsed, 1)
        out["raw_loopback_upload_mb_s"] = round(
            _raw_upload_mb_s(server, b"".join(photos[:5]), 4 * 1024 * 1024), 1
        )
        out["photo_vs_raw"] = round(out["photo_upload_mb_s"] / out["raw_loopback_upload_mb_s"], 2)  # pyright: ignore
        assert up.photos_sent == args.photos
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
        res = day.sync()
        out["typical_day_changes"] = res.sent
        out["typical_day_photos"] = res.photos_sent
        out["typical_day_sync_s"] = round(time.perf_counter() - t_records, 2)
        out["typical_day_prepare_s"] = round(t_records - t, 2)
        for lap in (a, b, day):
            lap.close()
    finally:
        server.close()
    print(json.dumps(out, ensure_ascii=False, indent=2))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
