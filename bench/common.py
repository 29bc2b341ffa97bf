"""Small helpers shared by the benchmarks: timing, ratios, a plain-text table, and a description of the machine."""

from __future__ import annotations

import os
import platform
import resource
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    """Run ``fn`` once; its result and the wall time in seconds."""
    began = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - began


def median_seconds(fn: Callable[[], Any], reps: int) -> float:
    """Median wall time of ``reps`` calls of ``fn``."""
    return statistics.median(timed(fn)[1] for _ in range(max(1, reps)))


def ratio(measured: float, baseline: float) -> float:
    return measured / baseline if baseline > 0 else float("inf")


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def current_rss_mib() -> float:
    """Resident set size now (Linux /proc; elsewhere the peak, which is all getrusage offers)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return peak_rss_mib()
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def scaled(full: int, scale: float, minimum: int = 1) -> int:
    return max(minimum, round(full * scale))


def say(line: str = "") -> None:
    """Benchmarks talk on stdout (ruff's T20 bans ``print``, which is meant for app code)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(h) for h in headers], *[[_cell(v) for v in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    say(f"\n{title}")
    for n, row in enumerate(cells):
        say(
            "  "
            + "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            say("  " + "  ".join("-" * w for w in widths))


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info() -> dict[str, str]:
    import sqlcipher3  # pyright: ignore[reportMissingTypeStubs]

    conn: Any = sqlcipher3.connect(":memory:")  # pyright: ignore[reportUnknownMemberType]
    try:
        cipher = str(conn.execute("PRAGMA cipher_version").fetchone()[0])
        cipher_sqlite = str(conn.execute("SELECT sqlite_version()").fetchone()[0])
    finally:
        conn.close()
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu_model(),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "sqlcipher": f"{cipher} (SQLite {cipher_sqlite})",
        "stdlib_sqlite": sqlite3.sqlite_version,
        # The machine may be shared (other test runs): a high load average means noisy absolute numbers.
        "loadavg": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }
