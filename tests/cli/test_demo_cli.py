"""dibao demo says what it made: the households and cases by state, the investigators it assigned and the home
visits it planned, with counts that match the store, and the fictional print settings it wrote when there were none
(never over existing ones)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import distinct, func, select

from app.db import audit
from app.db.models import Case
from app.db.models.assignments import CaseAssignment, ScheduledVisit
from app.db.store import create_store, unlock
from app.domain.clock import FixedClock
from app.services.assignments import ACTIVE, PLANNED
from app.services.demo import DEMO_INVESTIGATOR_NAMES, DEMO_TOWNSHIP
from app.services.printing import ACTION_SETTINGS_SAVED, SETTINGS_FILE, load_print_settings
from tests.cli.test_calendar_cli import dibao
from tests.conftest import ADMIN_PASSWORD, CHEAP_KDF


def test_demo_reports_the_assignments_and_visits_it_made(tmp_path: Path) -> None:
    clock = FixedClock(datetime.now(UTC))  # the command runs on today's date
    root = tmp_path / "store"
    create_store(
        root,
        admin_login="admin",
        admin_password=ADMIN_PASSWORD,
        admin_name="管理员",
        clock=clock,
        kdf=CHEAP_KDF,
    )
    result = dibao(
        "demo", "--store", str(root), "--households", "22", "--password-stdin", stdin=ADMIN_PASSWORD + "\n"
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assigned = re.search(r"调查人员分派：(\d+) 件待入户调查的案件已分派给 (\S+?)。", out)
    planned = re.search(r"入户安排：已安排 (\d+) 次入户调查", out)
    assert assigned is not None and planned is not None, out
    assert assigned.group(2) == "、".join(
        DEMO_INVESTIGATOR_NAMES
    )  # no investigator accounts: the fictional two

    store = unlock(root, "admin", ADMIN_PASSWORD, clock=clock)
    try:
        with store.reading() as session:
            in_demo = select(Case.id).where(Case.township_code == DEMO_TOWNSHIP)
            cases_with_team = session.scalar(
                select(func.count(distinct(CaseAssignment.case_id))).where(
                    CaseAssignment.status == ACTIVE, CaseAssignment.case_id.in_(in_demo)
                )
            )
            visits = session.scalar(
                select(func.count())
                .select_from(ScheduledVisit)
                .where(ScheduledVisit.status == PLANNED, ScheduledVisit.case_id.in_(in_demo))
            )
    finally:
        store.close()
    assert cases_with_team and int(assigned.group(1)) == cases_with_team
    assert visits and int(planned.group(1)) == visits


def _store(tmp_path: Path) -> tuple[Path, FixedClock]:
    clock = FixedClock(datetime.now(UTC))
    root = tmp_path / "store"
    create_store(
        root,
        admin_login="admin",
        admin_password=ADMIN_PASSWORD,
        admin_name="管理员",
        clock=clock,
        kdf=CHEAP_KDF,
    )
    return root, clock


def _demo(root: Path, seed: int) -> str:
    result = dibao(
        "demo",
        "--store",
        str(root),
        "--households",
        "3",
        "--seed",
        str(seed),
        "--password-stdin",
        stdin=ADMIN_PASSWORD + "\n",
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_demo_writes_fictional_print_settings_once_and_never_over_them(tmp_path: Path) -> None:
    root, clock = _store(tmp_path)
    path = root / SETTINGS_FILE
    out = _demo(root, 2026)
    assert f"打印设置：已写入演示用的 {path}" in out and "均为虚构" in out and "数据维护 → 打印设置" in out
    settings = load_print_settings(path)
    assert settings.issuer.endswith("（演示）")
    assert settings.township_phone == "0798-0000000" and settings.county_hotline == "0798-0000001"
    written = path.read_bytes()

    again = _demo(root, 2027)  # a second demo run keeps the file as it is
    assert f"打印设置：{path} 已存在，未改动。" in again and "已写入演示用的" not in again
    assert path.read_bytes() == written
    store = unlock(root, "admin", ADMIN_PASSWORD, clock=clock)
    try:
        with store.reading() as session:
            assert audit.count_events(session, ACTION_SETTINGS_SAVED) == 1
    finally:
        store.close()


def test_demo_leaves_the_administrators_own_print_settings_alone(tmp_path: Path) -> None:
    root, _ = _store(tmp_path)
    path = root / SETTINGS_FILE
    own = json.dumps({"issuer": "浮梁县青岭镇人民政府", "township_phone": "0798-2620000"}, ensure_ascii=False)
    path.write_text(own, encoding="utf-8")
    out = _demo(root, 2026)
    assert f"打印设置：{path} 已存在，未改动。" in out
    assert path.read_text(encoding="utf-8") == own
