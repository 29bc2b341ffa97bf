"""Desktop app (issue 5): the case list over 100,000 cases, and cold start to the login window.

Case list: time until the first page of rows is on screen (search ids → lazy model → first 100 rows), a search by
name and by the last four ID digits — each against the raw SQL that returns the same rows, in the same run and on
the same encrypted store. Cold start: `dibao --self-test` (builds the first dialog, exits) against a bare PySide6
window in a fresh interpreter.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import peak_rss_mib, print_table, ratio, say, scaled

CASES = 100_000
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"


def _fill(root: Path, n: int) -> None:
    """Bulk rows straight through the encrypted engine: the benchmark is about reading, not the services."""
    from app.db.keyslots import KdfParams
    from app.db.store import create_store, unlock
    from app.domain.clock import FixedClock
    from app.domain.idnumber import check_digit
    from app.services import reference

    clock = FixedClock(datetime(2026, 9, 18, 2, tzinfo=UTC))
    create_store(
        root,
        admin_login="admin",
        admin_password="bench-pass-1",
        admin_name="a",
        clock=clock,
        kdf=KdfParams(1, 1024, 1),
    )
    store = unlock(root, "admin", "bench-pass-1", clock=clock, verify=False)
    with store.unit_of_work() as session:
        reference.import_divisions(session, store.actor, reference.bundled_divisions_text(), clock=clock)
    now = datetime(2026, 9, 1, tzinfo=UTC).replace(tzinfo=None)
    households, persons, cases = [], [], []
    for i in range(n):
        hid, cid = uuid.uuid4().hex, uuid.uuid4().hex
        body = f"360222{1950 + i % 60}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
        idn = body + check_digit(body)
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i // 7) % len(GIVEN)] + GIVEN[(i // 131) % len(GIVEN)]
        households.append((hid, "360222900001", "RURAL", now, now))
        persons.append((uuid.uuid4().hex, hid, 0, name, "RESIDENT", idn, idn[-4:], "本人", 1, 1, now, now))
        cases.append((cid, hid, "DIBAO", "WINDOW", "ACCEPTED", "360222900", now, now))
    with store.engine.begin() as conn:
        raw = conn.connection.driver_connection
        raw.executemany(
            "INSERT INTO households (id, area_code, area_type, hukou_address, residence_address, is_renhu_fenli,"
            " created_at, updated_at) VALUES (?, ?, ?, '', '', 0, ?, ?)",
            households,
        )
        raw.executemany(
            "INSERT INTO persons (id, household_id, ordinal, name, id_type, id_number, id_last4, relation, is_head,"
            " coresident, phone, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)",
            persons,
        )
        raw.executemany(
            "INSERT INTO cases (id, household_id, programme, channel, state, township_code, near_relative_flag,"
            " state_detail_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, '{}', ?, ?)",
            cases,
        )
    store.close()


def _measure_list(root: Path, reps: int) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from app.db.store import unlock
    from app.domain.clock import FixedClock
    from app.domain.roles import Role
    from app.services.case_search import CaseQuery, search_case_ids
    from ui.panels.case_list import CaseListPanel
    from ui.session import UserSession
    from ui.tasks import Executor

    app = QApplication.instance() or QApplication([])
    clock = FixedClock(datetime(2026, 9, 18, 2, tzinfo=UTC))
    store = unlock(root, "admin", "bench-pass-1", clock=clock, verify=False)
    from dataclasses import replace

    store.actor = replace(store.actor, role=Role.WINDOW_CLERK)
    user = UserSession(store, db=Executor(threads=1), clock=clock)
    with store.reading() as session:
        user.calendar(session)  # the calendar is loaded once per login, not per search
        sample = session.execute(
            __import__("sqlalchemy").text(
                "SELECT name, id_last4 FROM persons ORDER BY rowid LIMIT 1 OFFSET (SELECT count(*) / 2 FROM persons)"
            )
        ).one()
    name_prefix, last4 = sample[0], sample[1]

    panel = CaseListPanel(user)
    searches: list[int] = []
    loaded: list[bool] = []
    panel.search_finished.connect(searches.append)
    panel.model.rows_loaded.connect(lambda: loaded.append(True))

    def wait_for(condition: Callable[[], bool]) -> None:
        while not condition():
            app.processEvents()
            time.sleep(0.0002)

    wait_for(lambda: len(searches) >= 1)  # the panel's own first listing, not timed here

    def ui_until_rows(text: str) -> float:
        """Search typed → ids back → first page of rows in the model (what the clerk waits for)."""
        searches.clear()
        loaded.clear()
        began = time.perf_counter()
        panel.search.setText(text)
        panel.run_search()
        wait_for(lambda: len(searches) >= 1)
        if panel.model.rowCount():
            panel.model.data(panel.model.index(0, 0))
            wait_for(lambda: bool(loaded))
        return time.perf_counter() - began

    def raw_sql(text: str) -> float:
        began = time.perf_counter()
        with store.reading() as session:
            conn = session.connection().connection.driver_connection
            if text.isdigit() or text[-1:] == "X":
                ids = conn.execute(
                    "SELECT c.id FROM cases c JOIN persons p ON p.household_id = c.household_id"
                    " WHERE p.id_last4 = ? ORDER BY c.created_at DESC",
                    (text,),
                ).fetchall()
            elif text:
                ids = conn.execute(
                    "SELECT c.id FROM cases c JOIN persons p ON p.household_id = c.household_id"
                    " WHERE p.name >= ? AND p.name < ? ORDER BY c.created_at DESC",
                    (text, text + "\U0010ffff"),
                ).fetchall()
            else:
                ids = conn.execute("SELECT id FROM cases ORDER BY created_at DESC").fetchall()
            first = [i[0] for i in ids[:100]]
            marks = ",".join("?" * len(first))
            conn.execute(
                f"SELECT c.id, c.state, p.name, p.id_number, h.area_code FROM cases c JOIN households h"
                f" ON h.id = c.household_id JOIN persons p ON p.household_id = h.id WHERE c.id IN ({marks})",
                first,
            ).fetchall()
        return time.perf_counter() - began

    results: dict[str, float] = {}
    for label, text in (("first page", ""), ("search by name", name_prefix), ("search by ID last 4", last4)):
        ui_runs: list[float] = []
        sql_runs: list[float] = []
        for _ in range(reps):  # in turns, so load from elsewhere on the machine falls on both alike
            ui_runs.append(ui_until_rows(text))
            sql_runs.append(raw_sql(text))
        results[f"{label} ui_s"] = statistics.median(ui_runs)
        results[f"{label} sql_s"] = statistics.median(sql_runs)
        results[f"{label} ui_min_s"] = min(ui_runs)
        results[f"{label} sql_min_s"] = min(sql_runs)
    # Only the service query, without Qt, to tell the UI's own overhead from the query's.
    with store.reading() as session:
        began = time.perf_counter()
        search_case_ids(session, store.actor, CaseQuery(text=name_prefix), today=clock.today())
        results["search by name service_s"] = time.perf_counter() - began
    user.db.wait_idle()
    panel.deleteLater()
    store.close()
    results["peak_rss_mib"] = peak_rss_mib()
    return results


def _cold_start(reps: int, store_dir: Path) -> dict[str, float]:
    dibao = str(Path(sys.executable).with_name("dibao"))
    bare = (
        "import sys; from PySide6.QtWidgets import QApplication, QWidget; from PySide6.QtCore import QTimer;"
        "a = QApplication(sys.argv); w = QWidget(); w.show(); QTimer.singleShot(0, a.quit); a.exec()"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    def run(cmd: list[str]) -> float:
        began = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=120)
        return time.perf_counter() - began

    app_s = statistics.median(run([dibao, "--self-test", "--store", str(store_dir)]) for _ in range(reps))
    bare_s = statistics.median(run([sys.executable, "-c", bare]) for _ in range(reps))
    return {"cold start app_s": app_s, "cold start bare_s": bare_s}


def _timed_child(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one child process."""
    began = time.perf_counter()
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - began
    if status != 0:
        raise subprocess.CalledProcessError(status, cmd)
    return wall, usage.ru_utime + usage.ru_stime


def compare_cold_start(revisions: list[str], reps: int) -> dict[str, Any]:
    """The cold-start row for this checkout and for other git revisions, interleaved in one run.

    Same command and same bare-PySide6 baseline as `_cold_start`; each revision is exported with `git archive` and
    run through the same `dibao` script with PYTHONPATH pointing at it. A small store stands in for the 100,000-case
    one: nothing before the login window reads the database, only the key-slot file. Every variant is run once
    untimed first (bytecode caches), then the variants take turns, so machine load falls on all of them alike. CPU
    time (user + system) is shown next to the wall time because this machine is shared.
    """
    dibao = str(Path(sys.executable).with_name("dibao"))
    bare = (
        "import sys; from PySide6.QtWidgets import QApplication, QWidget; from PySide6.QtCore import QTimer;"
        "a = QApplication(sys.argv); w = QWidget(); w.show(); QTimer.singleShot(0, a.quit); a.exec()"
    )
    base_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    base_env.pop("PYTHONPATH", None)
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        from app.db.keyslots import KdfParams
        from app.db.store import create_store
        from app.domain.clock import FixedClock

        create_store(
            store,
            admin_login="admin",
            admin_password="bench-pass-1",
            admin_name="a",
            clock=FixedClock(datetime(2026, 9, 18, 2, tzinfo=UTC)),
            kdf=KdfParams(1, 1024, 1),
        )
        app_cmd = [dibao, "--self-test", "--store", str(store)]
        variants: dict[str, tuple[list[str], dict[str, str]]] = {
            "bare PySide6": ([sys.executable, "-c", bare], base_env),
            "this checkout": (app_cmd, base_env),
        }
        for rev in revisions:
            commit = subprocess.run(
                ["git", "rev-parse", "--short", rev], cwd=root, check=True, capture_output=True, text=True
            ).stdout.strip()
            tree = Path(tmp) / commit
            tree.mkdir()
            archive = subprocess.run(["git", "archive", commit], cwd=root, check=True, capture_output=True)
            subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
            variants[f"{rev} ({commit})"] = (app_cmd, {**base_env, "PYTHONPATH": str(tree)})
        for cmd, env in variants.values():
            _timed_child(cmd, env)
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
        for _ in range(reps):
            for name, (cmd, env) in variants.items():
                samples[name].append(_timed_child(cmd, env))
    walls = {name: statistics.median(w for w, _ in runs) for name, runs in samples.items()}
    cpus = {name: statistics.median(c for _, c in runs) for name, runs in samples.items()}
    bare_wall, bare_cpu = walls["bare PySide6"], cpus["bare PySide6"]
    print_table(
        f"Cold start to the login window (`dibao --self-test`), median of {reps}, interleaved",
        ("what", "wall", "ratio to bare", "CPU", "CPU ratio"),
        [
            (
                name,
                f"{walls[name] * 1000:.0f} ms",
                f"{ratio(walls[name], bare_wall):.2f}x",
                f"{cpus[name] * 1000:.0f} ms",
                f"{ratio(cpus[name], bare_cpu):.2f}x",
            )
            for name in variants
        ],
    )
    return {"wall_s": walls, "cpu_s": cpus, "reps": reps}


def main(scale: float = 1.0, *, reps: int = 5) -> dict[str, Any]:
    n = scaled(CASES, scale, minimum=200)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "store"
        began = time.perf_counter()
        _fill(root, n)
        fill_s = time.perf_counter() - began
        listing = _measure_list(root, reps)
        start = _cold_start(max(1, reps // 2 + 1), root)
    rows = []
    for label in ("first page", "search by name", "search by ID last 4"):
        ui, sql = listing[f"{label} ui_s"], listing[f"{label} sql_s"]
        rows.append((label, f"{ui * 1000:.1f} ms", f"{sql * 1000:.1f} ms", f"{ratio(ui, sql):.2f}x"))
    rows.append(
        (
            "cold start to login window",
            f"{start['cold start app_s'] * 1000:.0f} ms",
            f"{start['cold start bare_s'] * 1000:.0f} ms (bare PySide6)",
            f"{ratio(start['cold start app_s'], start['cold start bare_s']):.2f}x",
        )
    )
    print_table(
        f"Case list over {n:,} cases (SQLCipher store), median of {reps}",
        ("what", "app", "baseline", "ratio"),
        rows,
    )
    say(
        f"  fill {fill_s:.1f} s; service-only name search {listing['search by name service_s'] * 1000:.1f} ms; "
        f"peak RSS {listing['peak_rss_mib']:.0f} MiB"
    )
    fastest = (
        f"{label} {ratio(listing[f'{label} ui_min_s'], listing[f'{label} sql_min_s']):.2f}x"
        for label in ("first page", "search by name", "search by ID last 4")
    )
    say(f"  ratio of the fastest samples (outside load filtered out): {'; '.join(fastest)}")
    return {"cases": n, "fill_s": fill_s, **listing, **start}


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(
        description="Case list over 100,000 cases and cold start to the login window."
    )
    parser.add_argument(
        "--cold-start",
        nargs="*",
        metavar="REV",
        help="only the cold-start row, for this checkout and each git revision given (before/after, one run)",
    )
    parser.add_argument("--reps", type=int, default=None)
    cli = parser.parse_args()
    if cli.cold_start is not None:
        compare_cold_start(cli.cold_start, cli.reps or 15)
    else:
        main(reps=cli.reps or 5)
