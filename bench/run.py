"""Dispatcher: `python3 dev.py bench [name …] [--scale X]` runs the named benchmarks (all when none is named)."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: make `bench` importable as a package

BENCHMARKS = {
    "store": "bench.store_bench",
    "deadlines": "bench.deadline_bench",
    "ui": "bench.ui_bench",
    "reports": "bench.reports_bench",
    "forms": "bench.forms_bench",
    "board": "bench.board_bench",
}


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="dev.py bench", description="Run benchmarks under bench/.")
    parser.add_argument(
        "names", nargs="*", metavar="name", help=f"one of {', '.join(BENCHMARKS)}; all if omitted"
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="workload size factor (1.0 = the documented size)"
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        sys.stderr.write(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}\n")
        return 2
    from bench.common import machine_info, say

    results: dict[str, Any] = {"machine": machine_info(), "scale": args.scale}
    say("machine: " + "; ".join(f"{k}={v}" for k, v in results["machine"].items()))
    for name in args.names or list(BENCHMARKS):
        module = importlib.import_module(BENCHMARKS[name])
        results[name] = module.main(scale=args.scale)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
