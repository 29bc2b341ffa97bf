"""Benchmarks must not rot: each one runs end to end at a tiny size and returns the keys bench/README.md reports.

Timing is not asserted here (project rule: speed is measured by the benchmarks, not by timed tests).
"""

from __future__ import annotations

import importlib

import pytest

from app.db.keyslots import KdfParams
from bench import deadline_bench, run, store_bench

CHEAP_KDF = KdfParams(time_cost=1, memory_kib=1024, parallelism=1)
ENGINES = {"sqlcipher", "plain", "unkeyed"}


def test_store_benchmark_runs_at_a_tiny_size() -> None:
    result = store_bench.main(scale=0.01, kdf=CHEAP_KDF, reps=1)

    assert (result["households"], result["persons"], result["cases"]) == (100, 300, 100)
    assert {
        "insert_bulk",
        "insert_per_commit",
        "first_page_cold",
        "first_page_warm",
        "search_name_cold",
        "search_last4_cold",
        "count_by_village_cold",
    } <= set(result["phases"])
    for phase in result["phases"].values():
        assert ENGINES | {"ratio", "ratio_unkeyed", "ratio_min"} == set(phase)
        assert all(phase[name] > 0 for name in ENGINES)
    assert set(result["connect_ms"]) == ENGINES
    for key in (
        "argon2_s",
        "unlock_s",
        "unlock_noverify_s",
        "integrity_s",
        "plain_integrity_s",
        "peak_rss_mib",
    ):
        assert result[key] > 0, key
    assert result["kdf"] == {"time_cost": 1, "memory_kib": 1024, "parallelism": 1}


def test_deadline_benchmark_runs_at_a_tiny_size() -> None:
    result = deadline_bench.main(scale=0.01, reps=1)

    assert result["rows"] == result["checked"] == 500
    assert result["failures"] == 0
    assert result["provisional_before"] > 0
    assert (
        result["moved"] > 0
    )  # the imported 2027 must move some deadlines, or the benchmark measured nothing
    assert {"seconds", "baseline_seconds", "ratio", "calendar_build_ms", "peak_traced_mib"} <= set(
        result["recompute"]
    )
    assert set(result["add_working_days_us"]) == {"miss", "hit", "baseline"}


@pytest.mark.parametrize("name", sorted(run.BENCHMARKS))
def test_every_dispatcher_name_is_a_module_with_main(name: str) -> None:
    module = importlib.import_module(run.BENCHMARKS[name])
    assert callable(module.main)


def test_dispatcher_refuses_an_unknown_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert run.main(["no-such-benchmark"]) == 2
    assert "store" in capsys.readouterr().err


def test_ui_benchmark_runs_at_a_tiny_size() -> None:
    from bench import ui_bench

    result = ui_bench.main(scale=0.002, reps=1)
    assert result["cases"] == 200
    for label in ("first page", "search by name", "search by ID last 4"):
        assert result[f"{label} ui_s"] > 0
        assert result[f"{label} sql_s"] > 0
    assert result["cold start app_s"] > 0
    assert result["cold start bare_s"] > 0


def test_forms_benchmark_runs_at_a_tiny_size() -> None:
    from bench import forms_bench

    result = forms_bench.main(scale=0.05)
    assert result  # the keys are documented in bench/README.md; here: it runs end to end
