"""bench/board_bench.py must not rot: it runs at a tiny size, the board agrees with the raw SQL, keys are reported.

No timing is asserted (speed is measured by the benchmark, not by tests)."""

from __future__ import annotations

from app.db.keyslots import KdfParams
from bench import board_bench


def test_board_benchmark_runs_at_a_tiny_size() -> None:
    result = board_bench.main(scale=0.01, reps=1, kdf=KdfParams(time_cost=1, memory_kib=1024, parallelism=1))
    assert (result["cases"], result["deadlines"], result["warnings"]) == (500, 2000, 50)
    assert result["consistent"], result["totals"]
    assert result["totals"]["overdue"] > 0 and result["totals"]["due_soon"] > 0
    assert set(result["phases_ms"]) == {"raw_sql", "board_county", "board_township", "drill_down"}
    assert all(v > 0 for v in result["phases_ms"].values())
    assert result["export_bytes"] > 0 and result["ratio"] > 0
