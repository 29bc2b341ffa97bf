"""dibao cases / deadlines / payments / demo from a shell, on a demo store: masked IDs, Chinese refusals."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import audit
from app.db.models import Case
from app.db.store import create_store, unlock
from app.domain.clock import FixedClock, SystemClock
from app.domain.roles import Role
from app.services import accounts
from app.services.demo import DEMO_TOWNSHIP, fill_demo
from app.workflow.rules import YearMonth
from tests.conftest import ADMIN_PASSWORD, CHEAP_KDF

FULL_ID = re.compile(r"(?<![\d*])\d{17}[\dX](?!\d)")
CLERK_PASSWORD = "clerk-pass-1"


def dibao(*args: str, stdin: str = ADMIN_PASSWORD + "\n") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
    )


@dataclass(frozen=True)
class DemoStore:
    root: Path
    draft_case: str
    approved_case: str

    def run(self, *args: str, stdin: str = ADMIN_PASSWORD + "\n") -> subprocess.CompletedProcess[str]:
        return dibao(*args, "--store", str(self.root), "--password-stdin", stdin=stdin)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoStore:
    """A demo store dated like the CLI's own clock (today), with a window-clerk account; built once per module."""
    clock = SystemClock()
    root = tmp_path_factory.mktemp("cli-demo") / "store"
    create_store(
        root,
        admin_login="admin",
        admin_password=ADMIN_PASSWORD,
        admin_name="管理员",
        clock=clock,
        kdf=CHEAP_KDF,
    )
    store = unlock(root, "admin", ADMIN_PASSWORD, clock=clock)
    try:
        with store.unit_of_work() as session:
            fill_demo(session, store.actor, clock=clock)
            accounts.add_user(
                store,
                session,
                login="clerk",
                display_name="窗口受理员",
                role=Role.WINDOW_CLERK,
                password=CLERK_PASSWORD,
                clock=clock,
                kdf=CHEAP_KDF,
            )
        with store.reading() as session:
            draft = str(session.scalars(select(Case.id).where(Case.state == "DRAFT")).one())
            approved = str(session.scalars(select(Case.id).where(Case.state == "APPROVED")).one())
    finally:
        store.close()
    return DemoStore(root, draft, approved)


def test_cases_list_shows_every_case_with_masked_ids(demo: DemoStore) -> None:
    result = demo.run("cases", "list")
    assert result.returncode == 0, result.stderr
    assert "共 30 件" in result.stdout
    assert "*" * 14 in result.stdout
    assert not FULL_ID.search(result.stdout)
    active = demo.run("cases", "list", "--state", "ACTIVE")
    lines = active.stdout.splitlines()[1:-1]
    assert lines and all("保障中" in line for line in lines)
    by_label = demo.run("cases", "list", "--state", "保障中")
    assert by_label.stdout == active.stdout
    other = demo.run("cases", "list", "--township", "360203900")
    assert "共 0 件" in other.stdout


def test_cases_show_prints_members_deadlines_decision_and_timeline(demo: DemoStore) -> None:
    result = demo.run("cases", "show", demo.approved_case[:8])
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for expected in (
        "状态：确认同意",
        "家庭成员：",
        "期限：",
        "入户调查",
        "月保障金额",
        "办理记录：",
        "窗口受理",
    ):
        assert expected in out, expected
    assert not FULL_ID.search(out)


def test_deadlines_and_roster_for_scripts(demo: DemoStore) -> None:
    board = demo.run("deadlines", "--township", DEMO_TOWNSHIP)
    assert board.returncode == 0, board.stderr
    assert "个未办结期限" in board.stdout and not FULL_ID.search(board.stdout)
    late = demo.run("deadlines", "--overdue")
    assert all("已逾期" in line for line in late.stdout.splitlines()[1:-1])
    month = str(YearMonth.of(SystemClock().today()))
    roster = demo.run("payments", "roster", "--township", DEMO_TOWNSHIP, "--month", month)
    assert roster.returncode == 0, roster.stderr
    assert "低保金发放花名册" in roster.stdout and "合计" in roster.stdout
    assert "共 0 户" not in roster.stdout  # households approved weeks ago are paid this month
    bad = demo.run("payments", "roster", "--township", DEMO_TOWNSHIP, "--month", "2026/9")
    assert bad.returncode == 1 and "YYYY-MM" in bad.stderr


def test_an_invalid_or_unauthorised_step_is_refused_in_chinese_and_nothing_changes(demo: DemoStore) -> None:
    wrong_state = demo.run("cases", "act", demo.approved_case, "CLOSE")
    assert wrong_state.returncode == 1
    assert "当前状态为“确认同意”" in wrong_state.stderr and "送达不予同意告知书" in wrong_state.stderr
    wrong_role = demo.run("cases", "act", demo.approved_case, "ACTIVATE", "--certificate-issued")
    assert wrong_role.returncode == 1 and "管理员" in wrong_role.stderr
    unknown = demo.run("cases", "act", demo.approved_case, "FLY")
    assert unknown.returncode == 1 and "没有“FLY”这个操作" in unknown.stderr
    assert "Traceback" not in wrong_state.stderr + wrong_role.stderr + unknown.stderr
    shown = demo.run("cases", "show", demo.approved_case)
    assert "状态：确认同意" in shown.stdout


def test_a_clerk_accepts_a_draft_from_the_command_line(demo: DemoStore) -> None:
    store = unlock(demo.root, "admin", ADMIN_PASSWORD, clock=FixedClock(datetime.now(UTC)))
    try:
        with store.reading() as session:
            before = audit.count_events(session, "case.transition")
    finally:
        store.close()
    result = demo.run(
        "cases", "act", demo.draft_case, "窗口受理", "--user", "clerk", stdin=CLERK_PASSWORD + "\n"
    )
    assert result.returncode == 0, result.stderr
    assert "已办理：窗口受理：草稿 → 已受理" in result.stdout
    assert "开始计时：入户调查" in result.stdout and "开始计时：办理总时限" in result.stdout
    store = unlock(demo.root, "admin", ADMIN_PASSWORD, clock=FixedClock(datetime.now(UTC)))
    try:
        with store.reading() as session:
            assert audit.count_events(session, "case.transition") == before + 1
            assert audit.verify_chain(session).ok
    finally:
        store.close()


def test_demo_command_reports_the_states_it_made(store_dir: Path) -> None:
    result = dibao("demo", "--store", str(store_dir), "--households", "22", "--password-stdin")
    assert result.returncode == 0, result.stderr
    assert "生成 22 户虚构家庭" in result.stdout
    for label in ("草稿", "公示中", "确认同意", "保障中", "不予同意", "已送达不予同意告知书", "已停保退出"):
        assert label in result.stdout, label
