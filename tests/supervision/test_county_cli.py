"""dibao warnings / spotcheck / board / publicity / datacheck / discovery from a shell, on a store dated today."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.db.store import create_store, unlock
from app.domain.clock import FixedClock
from app.domain.roles import Role
from app.services import accounts, reference
from app.workflow.rules import YearMonth
from tests.conftest import ADMIN_PASSWORD, CHEAP_KDF
from tests.services.workflow_support import World
from tests.supervision.support import TOWN_A, TOWN_B, VILLAGE_B, approved_case
from tests.supervision.test_warnings import bad_checksum, ids

FULL_ID = re.compile(r"(?<![\d*])\d{17}[\dX](?!\d)")
COUNTY_PASSWORD = "county-pass-1"
CLERK_PASSWORD = "clerk-pass-12"


@dataclass(frozen=True)
class CountyStore:
    root: Path
    cohort: str
    decided_on: date

    def run(
        self, *args: str, user: str = "xianji", password: str = COUNTY_PASSWORD
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "ui.cli",
                *args,
                "--store",
                str(self.root),
                "--user",
                user,
                "--password-stdin",
            ],
            input=password + "\n",
            capture_output=True,
            text=True,
            timeout=120,
            env=dict(os.environ),
        )


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> CountyStore:
    clock = FixedClock(datetime.now(UTC))  # the CLI runs on the system clock
    root = tmp_path_factory.mktemp("county") / "store"
    create_store(root, admin_login="admin", admin_password=ADMIN_PASSWORD, admin_name="管理员", clock=clock,
                 kdf=CHEAP_KDF)  # fmt: skip
    store = unlock(root, "admin", ADMIN_PASSWORD, clock=clock)
    try:
        with store.unit_of_work() as s:
            reference.import_divisions(s, store.actor, reference.bundled_divisions_text(), clock=clock)
            accounts.add_user(store, s, login="xianji", display_name="县级审核员", role=Role.COUNTY_REVIEWER,
                              password=COUNTY_PASSWORD, clock=clock, kdf=CHEAP_KDF)  # fmt: skip
            accounts.add_user(store, s, login="clerk", display_name="乡镇窗口", role=Role.WINDOW_CLERK,
                              password=CLERK_PASSWORD, clock=clock, township_code=TOWN_A, kdf=CHEAP_KDF)  # fmt: skip
        world = World(store, clock, staff={role: replace(store.actor, role=role) for role in Role})
        start = clock.today() - timedelta(days=45)
        with store.unit_of_work() as s:
            decided = [approved_case(world, s, start, village=VILLAGE_B if i % 2 else "360222900003")[1]
                       for i in range(3)]  # fmt: skip
    finally:
        store.close()
    return CountyStore(root, str(YearMonth.of(decided[0])), decided[0])


def test_help_is_chinese() -> None:
    for args in (
        ["warnings", "import", "--help"],
        ["spotcheck", "draw", "--help"],
        ["publicity", "due", "--help"],
    ):
        out = subprocess.run(
            [sys.executable, "-m", "ui.cli", *args], capture_output=True, text=True, timeout=60
        )
        assert out.returncode == 0
        assert re.search(r"[\u4e00-\u9fff]{4}", out.stdout)
    text = subprocess.run([sys.executable, "-m", "ui.cli", "warnings", "import", "--help"], capture_output=True,
                          text=True, timeout=60).stdout  # fmt: skip
    assert "预警单号" in text and "身份证号" in text and "warning_import_columns.json" in text


def test_warning_import_reports_row_by_row(county: CountyStore, tmp_path: Path) -> None:
    a, b = ids(2)
    today = date.today().isoformat()
    old = (date.today() - timedelta(days=60)).isoformat()
    f = tmp_path / "预警.csv"
    f.write_text(
        "预警单号,姓名,身份证号,预警来源,预警类型,推送日期,乡镇代码,多余列\n"
        f"CLI-1,张三,{a},医保,高额医疗支出,{old},{TOWN_A},x\n"
        f"CLI-2,李四,{bad_checksum(b)},医保,高额医疗支出,{today},{TOWN_B},x\n"
        f"CLI-3,王五,{b},医保,高额医疗支出,{today},{TOWN_B},x\n",
        encoding="utf-8",
    )
    out = county.run("warnings", "import", str(f))
    assert out.returncode == 2, out.stderr
    assert (
        "导入 2 行" in out.stdout and "第 3 行（单号 CLI-2）未导入" in out.stdout and "多余列" in out.stdout
    )
    assert not FULL_ID.search(out.stdout)
    listed = county.run("warnings", "list", "--overdue")
    assert listed.returncode == 0 and "CLI-1" in listed.stdout and "CLI-3" not in listed.stdout
    assert "已逾期" in listed.stdout and not FULL_ID.search(listed.stdout)
    refused = county.run("warnings", "import", str(tmp_path / "missing.csv"))
    assert refused.returncode == 1 and "无法读取文件" in refused.stderr


def test_board_export_and_role_scope(county: CountyStore, tmp_path: Path) -> None:
    target = tmp_path / "督办表.xlsx"
    out = county.run("board", "--export", str(target))
    assert out.returncode == 0, out.stderr
    assert "督办看板（全部乡镇（街道）" in out.stdout and "已导出到" in out.stdout
    book: Any = openpyxl.load_workbook(io.BytesIO(target.read_bytes()))
    assert book.sheetnames[:4] == ["汇总", "按乡镇", "按环节", "明细"]
    mine = county.run("board", user="clerk", password=CLERK_PASSWORD)
    assert mine.returncode == 0 and f"（{TOWN_A}）" in mine.stdout
    other = county.run("board", "--township", TOWN_B, user="clerk", password=CLERK_PASSWORD)
    assert other.returncode == 1 and "无权" in other.stderr
    drill = county.run("board", "--step", "warning_verification", "--status", "OVERDUE")
    assert drill.returncode == 0 and "督办看板" in drill.stdout


def test_spot_check_draw_and_coverage(county: CountyStore) -> None:
    out = county.run("spotcheck", "draw", "--cohort", county.cohort, "--seed", "5")
    assert out.returncode == 0, out.stderr
    assert "随机种子 5" in out.stdout and "新增保障家庭 3 户" in out.stdout and "已全部抽查" in out.stdout
    assert not FULL_ID.search(out.stdout)
    again = county.run("spotcheck", "draw", "--cohort", county.cohort)
    assert again.returncode == 1 and "已全部抽取" in again.stderr
    cov = county.run("spotcheck", "coverage")
    assert cov.returncode == 0 and f"{county.cohort}：新增 3 户，抽取 3 户" in cov.stdout
    pending = county.run("spotcheck", "list", "--pending")
    check_id = pending.stdout.split()[0]
    rec = county.run("spotcheck", "record", check_id[:8], "--date", date.today().isoformat(), "--checkers",
                     "县民政局 甲、乙", "--result", "OK")  # fmt: skip
    assert rec.returncode == 0 and "无问题" in rec.stdout, rec.stderr
    clerk = county.run("spotcheck", "coverage", user="clerk", password=CLERK_PASSWORD)
    assert clerk.returncode == 1 and "无权" in clerk.stderr


def test_publicity_datacheck_and_discovery(county: CountyStore) -> None:
    due = county.run("publicity", "due", "--place", TOWN_A, "--on", county.decided_on.isoformat())
    assert due.returncode == 0 and "保障家庭长期公示（2 户）" in due.stdout, due.stdout + due.stderr
    checks = county.run("datacheck", "list", "--all")
    assert checks.returncode == 0 and "共 3 件" in checks.stdout
    assert county.run("discovery", "groups").returncode == 1
    imported = county.run("discovery", "import-reference")
    assert imported.returncode == 0 and "新增 13 项" in imported.stdout
    groups = county.run("discovery", "groups")
    assert "G9 县级民政部门规定的其他重点对象" in groups.stdout and "T4 购买服务专业社工队伍" in groups.stdout
