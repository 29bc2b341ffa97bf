"""dibao workdays / calendar from a shell: no store needed for date arithmetic, imports audited."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.db import audit
from app.db.store import unlock
from app.domain.clock import FixedClock
from tests.conftest import ADMIN_PASSWORD
from tests.workflow.test_calendar import FICTIONAL_2027


def dibao(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def no_store(tmp_path: Path) -> dict[str, str]:
    """The default store folder does not exist: a command that needed it (or a password) would fail."""
    return {"DIBAO_STORE": str(tmp_path / "nowhere")}


@pytest.mark.parametrize(
    ("n", "expected"),
    [("3", "2026-09-22"), ("7", "2026-09-29"), ("18", "2026-10-20"), ("0", "2026-09-18")],
)
def test_workdays_add_follows_the_domain_worked_example_without_a_store(
    n: str, expected: str, no_store: dict[str, str]
) -> None:
    result = dibao("workdays", "add", "2026-09-18", n, env=no_store)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{expected}\n"
    assert result.stderr == ""


def test_a_date_in_a_year_without_the_notice_is_marked_provisional(no_store: dict[str, str]) -> None:
    result = dibao("workdays", "add", "2026-12-28", "5", env=no_store)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2027-01-05 provisional\n"
    assert "2027" in result.stderr and "暂定" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2026-9-31", "3"), "YYYY-MM-DD"),
        (("2026-09-18", "-1"), "非负整数"),
        (("2026-09-18", "三"), "非负整数"),
    ],
)
def test_bad_input_is_refused_in_chinese(
    args: tuple[str, str], message: str, no_store: dict[str, str]
) -> None:
    result = dibao("workdays", "add", *args, env=no_store)
    assert result.returncode == 1
    assert result.stderr.startswith("错误：") and message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_calendar_show_marks_a_provisional_year(no_store: dict[str, str]) -> None:
    later = dibao("calendar", "show", "2027", env=no_store)
    assert later.returncode == 0, later.stderr
    assert "暂定" in later.stdout.splitlines()[0]
    assert "2027-02-05" in later.stdout and "春节" in later.stdout
    official = dibao("calendar", "show", "2026", env=no_store)
    assert official.returncode == 0
    assert "官方" in official.stdout.splitlines()[0] and "暂定" not in official.stdout
    # 2026-09-20 (Sunday) is a make-up working day before 中秋/国庆.
    assert any(line.startswith("2026-09-20") and "调休上班" in line for line in official.stdout.splitlines())


def test_calendar_import_is_audited_and_the_store_then_knows_the_year(
    store_dir: Path, tmp_path: Path, clock: FixedClock
) -> None:
    source = tmp_path / "2027.json"
    source.write_text(json.dumps(FICTIONAL_2027, ensure_ascii=False), encoding="utf-8")
    imported = dibao(
        "calendar",
        "import",
        str(source),
        "--store",
        str(store_dir),
        "--password-stdin",
        stdin=ADMIN_PASSWORD + "\n",
    )
    assert imported.returncode == 0, imported.stderr
    assert "已导入 2027 年官方放假安排" in imported.stdout
    assert "个到期日改变" in imported.stdout

    store = unlock(store_dir, "admin", ADMIN_PASSWORD, clock=clock)
    try:
        with store.reading() as session:
            assert audit.count_events(session, "calendar.imported") == 1
    finally:
        store.close()

    with_store = dibao(
        "workdays", "add", "2026-12-28", "5", "--store", str(store_dir), "--password-stdin",
        stdin=ADMIN_PASSWORD + "\n",
    )  # fmt: skip
    assert with_store.returncode == 0, with_store.stderr
    assert with_store.stdout == "2027-01-05\n"  # the imported year is official: no longer provisional
    shown = dibao(
        "calendar", "show", "2027", "--store", str(store_dir), "--password-stdin", stdin=ADMIN_PASSWORD + "\n"
    )
    assert "已导入" in shown.stdout and "2027-02-20" in shown.stdout


def test_calendar_import_rejects_a_file_for_another_year(store_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "2027.json"
    source.write_text(json.dumps(FICTIONAL_2027, ensure_ascii=False), encoding="utf-8")
    result = dibao(
        "calendar", "import", str(source), "--year", "2028", "--store", str(store_dir), "--password-stdin",
        stdin=ADMIN_PASSWORD + "\n",
    )  # fmt: skip
    assert result.returncode == 1
    assert "2027" in result.stderr and "2028" in result.stderr
