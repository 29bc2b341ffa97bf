"""Overdue-board benchmark: the county board over 50,000 cases and 200,000 deadline clocks, vs the raw aggregate SQL.

Scenario (scale 1.0): a real encrypted store (``create_store`` + ``unlock``) holds 40 made-up townships × 5 villages,
50,000 households with a head each, 50,000 cases, 200,000 ``case_deadlines`` rows (4 per case; about a third still
open, started in the 30 days before "today" = 2026-09-18 and computed on the bundled work calendar) and 5,000 monitoring
warnings (half open). Rows are bulk-inserted with SQLAlchemy Core, bypassing the audit/outbox (this measures reading).

Phases, each a median of ``reps`` calls with a fresh Session (NullPool: a new keyed connection, cold page cache), the
two main phases interleaved so outside load hits both:

* ``raw_sql`` — **baseline**: one GROUP BY (township, step) over the open clocks joined to cases plus one over the open
  warnings, with the overdue and due-soon counts done in SQL against a precomputed horizon date. No Python per row.
* ``board_county`` — ``app.services.supervision.board.overdue_board`` for a county reviewer (every township): the
  GROUP BY (township, step, due date), each distinct due date classified once on the work calendar, names looked up.
* ``board_township`` — the same for one township.
* ``drill_down`` — ``board_items`` for one township's overdue clocks (first 50, heads' masked IDs).
* ``export`` (once) — ``export_board_xlsx`` of the whole county: every open item to .xlsx via openpyxl.

The board's overdue and due-soon totals are checked against the raw SQL (publicity excluded from both, as the board
counts a publicity past its end as *ended*).
"""

from __future__ import annotations

import random
import statistics
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import case, func, insert, select
from sqlalchemy.orm import Session

from app.db.keyslots import DEFAULT_KDF, KdfParams
from app.db.models import Case, CaseDeadline, Division, Household, Person
from app.db.models.supervision import MonitoringWarning
from app.db.models.workflow import DEADLINE_DONE, DEADLINE_OPEN
from app.db.store import OpenStore, create_store, unlock
from app.domain.actor import Actor
from app.domain.clock import FixedClock
from app.domain.roles import Role
from app.services.deadline_board import due_soon_threshold
from app.services.reference import bundled_divisions_text, parse_divisions
from app.services.supervision import board
from app.workflow.calendar import WorkCalendar
from app.workflow.deadlines import Step
from app.workflow.rules import default_rule_book
from bench.common import peak_rss_mib, print_table, ratio, say, scaled, timed

CASES = 50_000
DEADLINES_PER_CASE = 4
WARNINGS = 5_000
TOWNSHIPS_PER_COUNTY = 10
VILLAGES_PER_TOWNSHIP = 5
OPEN_SHARE = 0.33
OPEN_WINDOW_DAYS = 30
TODAY = date(2026, 9, 18)
CLOCK_AT = datetime(2026, 9, 18, 2, 0, tzinfo=UTC)
FIRST_START = date(2026, 6, 1)
BATCH = 5_000
PASSWORD = "bench-password-1"
STEPS = (
    Step.INVESTIGATION,
    Step.DATA_CHECK,
    Step.PRELIM_OPINION,
    Step.PUBLICITY,
    Step.DECISION,
    Step.WHOLE_PROCESS,
    Step.DEMOCRATIC_REVIEW,
)
LIMITS = {Step.INVESTIGATION: 3, Step.DATA_CHECK: 7, Step.PRELIM_OPINION: 2, Step.PUBLICITY: 7, Step.DECISION: 2,
          Step.WHOLE_PROCESS: 18, Step.DEMOCRATIC_REVIEW: 5}  # fmt: skip
COUNTIES = ("360202", "360203", "360222", "360281")


# --------------------------------------------------------------------------------------------------- data


def _divisions() -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    _source, items = parse_divisions(bundled_divisions_text())
    rows = [
        {
            "code": str(i["code"]),
            "name": str(i["name"]),
            "level": str(i["level"]),
            "parent_code": str(i["parent"]) if i.get("parent") else None,
            "area_type": i.get("area_type"),
            "is_sample": True,
            "source": "bench",
        }
        for i in items
        if i["level"] in ("city", "county")
    ]
    villages: list[tuple[str, str]] = []  # (village, township)
    for county in COUNTIES:
        for t in range(TOWNSHIPS_PER_COUNTY):
            town = f"{county}{800 + t:03d}"
            rows.append({"code": town, "name": f"基准乡镇{county[-2:]}{t:02d}", "level": "township",
                         "parent_code": county, "area_type": None, "is_sample": True, "source": "bench"})  # fmt: skip
            for v in range(VILLAGES_PER_TOWNSHIP):
                code = f"{town}{v + 1:03d}"
                rows.append({"code": code, "name": f"基准村{t:02d}{v}", "level": "village", "parent_code": town,
                             "area_type": "RURAL" if v % 2 else "URBAN", "is_sample": True, "source": "bench"})  # fmt: skip
                villages.append((code, town))
    return rows, villages


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def load(store: OpenStore, cases: int, warnings: int, calendar: WorkCalendar) -> dict[str, int]:
    """Bulk rows, deterministic (random.Random(8))."""
    rng = random.Random(8)
    divisions, villages = _divisions()
    households: list[dict[str, Any]] = []
    persons: list[dict[str, Any]] = []
    case_rows: list[dict[str, Any]] = []
    clocks: list[dict[str, Any]] = []
    due_memo: dict[tuple[date, int], tuple[date, bool]] = {}
    span = (TODAY - FIRST_START).days
    for n in range(cases):
        village, town = villages[n % len(villages)]
        hid, cid = uuid.UUID(int=2 * n + 1), uuid.UUID(int=2 * n + 2)
        households.append({"id": hid, "area_code": village, "area_type": "RURAL"})
        number = f"3602{n:014d}"
        persons.append({"id": uuid.UUID(int=(1 << 64) + n), "household_id": hid, "ordinal": 0,
                        "name": f"户主{n:05d}", "id_number": number, "id_last4": number[-4:], "is_head": True})  # fmt: skip
        case_rows.append({"id": cid, "household_id": hid, "channel": "WINDOW", "state": "INVESTIGATING",
                          "township_code": town, "accepted_on": FIRST_START})  # fmt: skip
        for step in rng.sample(STEPS, DEADLINES_PER_CASE):
            is_open = rng.random() < OPEN_SHARE
            # Open clocks started recently (the last OPEN_WINDOW_DAYS); done ones any time since FIRST_START.
            back = rng.randrange(OPEN_WINDOW_DAYS) if is_open else rng.randrange(span)
            started = TODAY - timedelta(days=back)
            limit = LIMITS[step]
            key = (started, limit)
            if key not in due_memo:
                found = calendar.add_working_days(started, limit)
                due_memo[key] = (found.date, found.provisional)
            due, provisional = due_memo[key]
            clocks.append({"case_id": cid, "step": step.value, "started_on": started, "due_on": due, "unit": "WD",
                           "limit_days": limit, "status": DEADLINE_OPEN if is_open else DEADLINE_DONE,
                           "provisional": provisional, "rule_version": f"deadline.{step.value}@2024-01-01",
                           "calendar_version": calendar.calendar_version,
                           "done_on": None if is_open else due})  # fmt: skip
    warning_rows: list[dict[str, Any]] = []
    for n in range(warnings):
        pushed = FIRST_START + timedelta(days=rng.randrange(span))
        found = calendar.add_working_days(pushed, 20)
        town = villages[rng.randrange(len(villages))][1] if n % 10 else None
        warning_rows.append({"external_no": f"BENCH-{n:06d}", "origin": "IMPORT", "source_dept": "医保",
                             "warning_type": "高额医疗支出", "pushed_on": pushed, "subject_name": f"对象{n}",
                             "dedupe_key": f"{n:064d}", "township_code": town, "due_on": found.date,
                             "provisional": found.provisional, "rule_version": "deadline.warning_verification@2024-01-01",
                             "calendar_version": calendar.calendar_version,
                             "status": "OPEN" if n % 2 else "CLOSED"})  # fmt: skip
    with store.unit_of_work() as session:
        session.execute(insert(Division), divisions)
        for model, rows in ((Household, households), (Person, persons), (Case, case_rows),
                            (CaseDeadline, clocks), (MonitoringWarning, warning_rows)):  # fmt: skip
            for chunk in _batches(rows):
                session.execute(insert(model), chunk)
    return {
        "cases": len(case_rows),
        "deadlines": len(clocks),
        "open_deadlines": sum(1 for c in clocks if c["status"] == DEADLINE_OPEN),
        "warnings": len(warning_rows),
        "open_warnings": sum(1 for w in warning_rows if w["status"] == "OPEN"),
        "townships": len(COUNTIES) * TOWNSHIPS_PER_COUNTY,
    }


# --------------------------------------------------------------------------------------------------- phases


def raw_aggregate(session: Session, horizon: date) -> dict[str, int]:
    """The baseline: counts done entirely in SQL (publicity excluded, as the board never counts it as overdue)."""
    overdue = func.sum(case((CaseDeadline.due_on < TODAY, 1), else_=0))
    soon = func.sum(case(((CaseDeadline.due_on >= TODAY) & (CaseDeadline.due_on <= horizon), 1), else_=0))
    totals = {"open": 0, "overdue": 0, "due_soon": 0}
    stmt = (
        select(Case.township_code, CaseDeadline.step, func.count(), overdue, soon)
        .join(Case, Case.id == CaseDeadline.case_id)
        .where(CaseDeadline.status == DEADLINE_OPEN)
        .group_by(Case.township_code, CaseDeadline.step)
    )
    for _town, step, n, late, near in session.execute(stmt):
        totals["open"] += int(n)
        if step != Step.PUBLICITY.value:
            totals["overdue"] += int(late or 0)
            totals["due_soon"] += int(near or 0)
    w_overdue = func.sum(case((MonitoringWarning.due_on < TODAY, 1), else_=0))
    w_soon = func.sum(
        case(((MonitoringWarning.due_on >= TODAY) & (MonitoringWarning.due_on <= horizon), 1), else_=0)
    )
    for _town, n, late, near in session.execute(
        select(MonitoringWarning.township_code, func.count(), w_overdue, w_soon)
        .where(MonitoringWarning.status == "OPEN")
        .group_by(MonitoringWarning.township_code)
    ):
        totals["open"] += int(n)
        totals["overdue"] += int(late or 0)
        totals["due_soon"] += int(near or 0)
    return totals


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main(scale: float = 1.0, *, reps: int = 7, kdf: KdfParams = DEFAULT_KDF) -> dict[str, Any]:
    rules = default_rule_book()
    calendar = WorkCalendar.bundled()
    clock = FixedClock(CLOCK_AT)
    threshold = due_soon_threshold(rules, TODAY)
    horizon = calendar.add_working_days(TODAY, threshold).date
    with tempfile.TemporaryDirectory(prefix="dibao-board-bench-") as tmp:
        root = Path(tmp) / "store"
        create_store(
            root, admin_login="admin", admin_password=PASSWORD, admin_name="管理员", clock=clock, kdf=kdf
        )
        store = unlock(root, "admin", PASSWORD, clock=clock)
        try:
            counts, load_s = timed(
                lambda: load(store, scaled(CASES, scale), scaled(WARNINGS, scale), calendar)
            )
            county: Actor = replace(store.actor, role=Role.COUNTY_REVIEWER)
            town = f"{COUNTIES[0]}800"

            @contextmanager
            def fresh() -> Iterator[Session]:
                with store.reading() as session:
                    yield session

            def run_raw() -> dict[str, int]:
                with fresh() as s:
                    return raw_aggregate(s, horizon)

            def run_board(township: str | None = None) -> board.OverdueBoard:
                with fresh() as s:
                    return board.overdue_board(
                        s, county, calendar=calendar, rules=rules, today=TODAY, township_code=township
                    )

            def run_drill() -> tuple[board.BoardItem, ...]:
                with fresh() as s:
                    return board.board_items(s, county, calendar=calendar, rules=rules, today=TODAY,
                                             township_code=town, status="OVERDUE", limit=50)  # fmt: skip

            samples: dict[str, list[float]] = {
                "raw_sql": [],
                "board_county": [],
                "board_township": [],
                "drill_down": [],
            }
            raw = run_raw()  # warm the OS cache for both alike
            county_board = run_board()
            phases: dict[str, Callable[[], Any]] = {
                "raw_sql": run_raw,
                "board_county": run_board,
                "board_township": lambda: run_board(town),
                "drill_down": run_drill,
            }
            for _ in range(max(1, reps)):
                for name, fn in phases.items():
                    samples[name].append(timed(fn)[1])
            with store.unit_of_work() as s:
                data, export_s = timed(
                    lambda: board.export_board_xlsx(s, county, calendar=calendar, rules=rules, clock=clock)
                )
        finally:
            store.close()
    non_publicity = [c for c in county_board.cells if c.step is not Step.PUBLICITY]
    board_totals = {
        "open": county_board.total.open,
        "overdue": sum(c.counts.overdue for c in non_publicity),
        "due_soon": sum(c.counts.due_soon for c in non_publicity),
    }
    result: dict[str, Any] = {
        **counts,
        "load_s": load_s,
        "cells": len(county_board.cells),
        "consistent": board_totals == raw,
        "totals": board_totals,
        "phases_ms": {name: _median_ms(values) for name, values in samples.items()},
        "phases_min_ms": {name: min(values) * 1000 for name, values in samples.items()},
        "ratio": ratio(statistics.median(samples["board_county"]), statistics.median(samples["raw_sql"])),
        "ratio_min": ratio(min(samples["board_county"]), min(samples["raw_sql"])),
        "export_s": export_s,
        "export_bytes": len(data),
        "peak_rss_mib": peak_rss_mib(),
    }
    _report(result)
    return result


def _report(r: dict[str, Any]) -> None:
    say(
        f"\nboard: {r['cases']} cases, {r['deadlines']} deadlines ({r['open_deadlines']} open), "
        f"{r['warnings']} warnings ({r['open_warnings']} open), {r['townships']} townships; load {r['load_s']:.1f} s; "
        f"board totals {'=' if r['consistent'] else '≠'} raw SQL totals {r['totals']}"
    )
    p, m = r["phases_ms"], r["phases_min_ms"]
    print_table(
        "overdue board (median ms, fresh session per call; baseline = raw aggregate SQL)",
        ["phase", "median ms", "min ms", "vs raw_sql"],
        [
            ["raw_sql (baseline)", p["raw_sql"], m["raw_sql"], 1.0],
            ["board_county", p["board_county"], m["board_county"], r["ratio"]],
            [
                "board_township",
                p["board_township"],
                m["board_township"],
                ratio(p["board_township"], p["raw_sql"]),
            ],
            [
                "drill_down (50 overdue)",
                p["drill_down"],
                m["drill_down"],
                ratio(p["drill_down"], p["raw_sql"]),
            ],
        ],
    )
    say(
        f"  export_board_xlsx: {r['export_s']:.2f} s, {r['export_bytes'] / 1024:.0f} KiB; peak RSS {r['peak_rss_mib']:.0f} MiB"
    )


if __name__ == "__main__":
    main()
