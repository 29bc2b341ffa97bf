"""Deadline benchmark: recompute 50,000 open deadlines after a calendar import, and the cost of one add_working_days.

Scenario (scale 1.0): the bundled calendar (official 2004–2026, 2027 provisional) holds 50,000 open deadlines whose
clocks started between 2026-10-01 and 2027-12-15, so most depend on provisional 2027 days. An admin then imports a
made-up 2027 arrangement (it deliberately differs from the prediction) and ``recompute_open_deadlines`` runs on the new
calendar. Each repetition gets a fresh ``WorkCalendar`` (``with_years``), as after a real import: its year tables and
answer memos start empty.

Baseline, same rows, same run: a plain Python loop that reads each row and does one timedelta addition and one
comparison. ``add_working_days`` is timed per call on distinct (start, n) pairs (every call a memo miss, year tables
already built), again on the same pairs (memo hits), and against ``start + timedelta(days=n)``.
"""

from __future__ import annotations

import json
import statistics
import tracemalloc
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from app.workflow.calendar import OfficialYear, WorkCalendar, parse_holiday_cn_json
from app.workflow.deadlines import (
    OpenDeadline,
    RecomputeReport,
    Step,
    compute_deadline,
    recompute_open_deadlines,
)
from app.workflow.rules import RuleBook, default_rule_book
from bench.common import peak_rss_mib, print_table, ratio, say, scaled, timed

ROWS = 50_000
FIRST_START = date(2026, 10, 1)
LAST_START = date(2027, 12, 15)
TODAY = date(2026, 12, 20)
ADD_CALLS = 40_000
STEPS = (
    Step.INVESTIGATION,
    Step.DATA_CHECK,
    Step.PRELIM_OPINION,
    Step.PUBLICITY,
    Step.DEMOCRATIC_REVIEW,
    Step.DECISION,
    Step.WHOLE_PROCESS,
    Step.WARNING_VERIFICATION,
)


def _days(first: date, last: date) -> list[str]:
    return [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]


def _off(name: str, first: date, last: date) -> list[dict[str, object]]:
    return [{"name": name, "date": d, "isOffDay": True} for d in _days(first, last)]


def _work(name: str, day: date) -> dict[str, object]:
    return {"name": name, "date": day.isoformat(), "isOffDay": False}


def fictional_2027() -> OfficialYear:
    """A made-up 2027 notice in holiday-cn format (the real one is not out): longer 春节, a working Sunday 9/26."""
    raw = {
        "year": 2027,
        "papers": ["https://example.invalid/bench-fixture-2027"],
        "days": [
            *_off("元旦", date(2027, 1, 1), date(2027, 1, 3)),
            *_off("春节", date(2027, 2, 5), date(2027, 2, 12)),
            _work("春节", date(2027, 2, 20)),
            *_off("清明节", date(2027, 4, 3), date(2027, 4, 5)),
            _work("劳动节", date(2027, 4, 25)),
            *_off("劳动节", date(2027, 5, 1), date(2027, 5, 5)),
            _work("劳动节", date(2027, 5, 8)),
            *_off("端午节", date(2027, 6, 9), date(2027, 6, 9)),
            *_off("中秋节", date(2027, 9, 15), date(2027, 9, 15)),
            _work("国庆节", date(2027, 9, 26)),
            *_off("国庆节", date(2027, 10, 1), date(2027, 10, 7)),
            _work("国庆节", date(2027, 10, 9)),
        ],
    }
    return parse_holiday_cn_json(json.dumps(raw, ensure_ascii=False), expected_year=2027)


def stored_rows(count: int, book: RuleBook, calendar: WorkCalendar) -> list[OpenDeadline]:
    """``count`` open deadlines as the database would hold them, computed on the pre-import calendar."""
    span = (LAST_START - FIRST_START).days + 1
    cache: dict[tuple[Step, date], OpenDeadline] = {}
    rows: list[OpenDeadline] = []
    for i in range(count):
        step = STEPS[i % len(STEPS)]
        start = FIRST_START + timedelta(days=(i * 7919) % span)  # a prime stride spreads starts over the span
        base = cache.get((step, start))
        if base is None:
            d = compute_deadline(step, start, book, calendar, start)
            base = OpenDeadline("", step, start, d.due_on, d.provisional, d.calendar_version)
            cache[(step, start)] = base
        rows.append(
            OpenDeadline(f"case-{i}", step, start, base.due_on, base.provisional, base.calendar_version)
        )
    return rows


def baseline_loop(rows: Sequence[OpenDeadline]) -> int:
    """Trivial per-row work: read the row, one date addition, one comparison."""
    changed = 0
    one_week = timedelta(days=7)
    for item in rows:
        if item.started_on + one_week != item.due_on:
            changed += 1
    return changed


def time_recompute(
    rows: Sequence[OpenDeadline], book: RuleBook, before: WorkCalendar, year: OfficialYear, reps: int
) -> tuple[RecomputeReport, list[float], list[float], list[float]]:
    """Interleaved: fresh calendar build, recompute on it, baseline loop; one of each per repetition."""
    build: list[float] = []
    recompute: list[float] = []
    baseline: list[float] = []
    report: RecomputeReport | None = None
    for _ in range(max(1, reps)):
        after, seconds = timed(lambda: before.with_years(year))
        build.append(seconds)
        report, seconds = timed(lambda c=after: recompute_open_deadlines(rows, book, c, TODAY))
        recompute.append(seconds)
        baseline.append(timed(lambda: baseline_loop(rows))[1])
    assert report is not None
    return report, build, recompute, baseline


def recompute_peak_mib(rows: Sequence[OpenDeadline], book: RuleBook, after: WorkCalendar) -> float:
    """Peak Python allocation during one recompute (a separate, untimed pass: tracemalloc slows everything)."""
    tracemalloc.start()
    try:
        recompute_open_deadlines(rows, book, after, TODAY)
        return tracemalloc.get_traced_memory()[1] / (1024 * 1024)
    finally:
        tracemalloc.stop()


def add_pairs(count: int) -> list[tuple[date, int]]:
    """Distinct (start, n) pairs over 2026–2027 with n in 1..60: no two hit the same memo entry."""
    return [(date(2026, 1, 1) + timedelta(days=i // 60), i % 60 + 1) for i in range(count)]


def time_add_working_days(calendar: WorkCalendar, pairs: Sequence[tuple[date, int]]) -> dict[str, float]:
    """Seconds per call: memo misses (tables built), memo hits, and the timedelta baseline."""
    for year in (2026, 2027, 2028):
        calendar.is_working_day(date(year, 6, 1))  # build the year tables outside the timing

    def run_calendar() -> None:
        for start, n in pairs:
            calendar.add_working_days(start, n)

    def run_baseline() -> None:
        for start, n in pairs:
            start + timedelta(days=n)  # the work being measured

    miss = timed(run_calendar)[1]
    hit = timed(run_calendar)[1]
    base = statistics.median(timed(run_baseline)[1] for _ in range(3))
    return {"miss": miss / len(pairs), "hit": hit / len(pairs), "baseline": base / len(pairs)}


def _report(result: dict[str, Any]) -> None:
    r = result["recompute"]
    say(
        f"\ndeadlines: {result['rows']} open deadlines, starts {FIRST_START}…{LAST_START}; "
        f"{result['provisional_before']} provisional before the import; "
        f"{result['changes']} changed ({result['moved']} moved) after it"
    )
    print_table(
        "recompute after importing 2027 (median of reps; target < 2 s)",
        ["measure", "value", "baseline", "ratio"],
        [
            ["recompute_open_deadlines (s)", r["seconds"], r["baseline_seconds"], r["ratio"]],
            [
                "per row (µs)",
                r["seconds"] / result["rows"] * 1e6,
                r["baseline_seconds"] / result["rows"] * 1e6,
                "-",
            ],
            ["calendar build with_years (ms)", r["calendar_build_ms"], "-", "-"],
            ["peak traced Python memory (MiB)", r["peak_traced_mib"], "-", "-"],
        ],
    )
    a = result["add_working_days_us"]
    print_table(
        f"add_working_days per call ({result['add_calls']} distinct calls), baseline start + timedelta(days=n)",
        ["case", "µs/call", "baseline µs", "ratio"],
        [
            ["memo miss (tables built)", a["miss"], a["baseline"], ratio(a["miss"], a["baseline"])],
            ["memo hit", a["hit"], a["baseline"], ratio(a["hit"], a["baseline"])],
        ],
    )
    say(f"peak RSS of the process: {result['peak_rss_mib']:.0f} MiB")


def main(scale: float = 1.0, *, reps: int = 5) -> dict[str, Any]:
    """Run the deadline benchmark; ``scale`` multiplies the row and call counts."""
    book = default_rule_book()
    before = WorkCalendar.bundled()
    year = fictional_2027()
    rows = stored_rows(scaled(ROWS, scale), book, before)
    report, build, recompute, baseline = time_recompute(rows, book, before, year, reps)
    pairs = add_pairs(scaled(ADD_CALLS, scale))
    per_call = time_add_working_days(before.with_years(year), pairs)
    seconds, base = statistics.median(recompute), statistics.median(baseline)
    result: dict[str, Any] = {
        "rows": len(rows),
        "provisional_before": sum(r.provisional for r in rows),
        "checked": report.checked,
        "changes": len(report.changes),
        "moved": len(report.moved),
        "failures": len(report.failures),
        "recompute": {
            "seconds": seconds,
            "min_seconds": min(recompute),
            "baseline_seconds": base,
            "ratio": ratio(seconds, base),
            "calendar_build_ms": statistics.median(build) * 1000,
            "peak_traced_mib": recompute_peak_mib(rows, book, before.with_years(year)),
        },
        "add_calls": len(pairs),
        "add_working_days_us": {k: v * 1e6 for k, v in per_call.items()},
        "peak_rss_mib": peak_rss_mib(),
    }
    _report(result)
    return result


if __name__ == "__main__":
    main()
