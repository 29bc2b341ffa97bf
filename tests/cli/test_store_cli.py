"""The admin command line as an administrator uses it: init, check, backup, restore, users, --help."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

DIBAO = str(Path(sys.executable).with_name("dibao"))
PASSWORD = "cli-admin-pass"


def run(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [DIBAO, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def cli_store(tmp_path: Path) -> Path:
    root = tmp_path / "store"
    result = run("init", "--store", str(root), "--password-stdin", stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    assert "恢复码" in result.stdout
    return root


def test_init_then_check_exit_zero(cli_store: Path) -> None:
    result = run("store", "check", "--store", str(cli_store), "--password-stdin", stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "数据库检查通过" in result.stdout


def test_init_refuses_an_existing_store(cli_store: Path) -> None:
    result = run("init", "--store", str(cli_store), "--password-stdin", stdin=PASSWORD + "\n")
    assert result.returncode == 1
    assert "已有数据库" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_fails_on_a_damaged_store(cli_store: Path) -> None:
    db = cli_store / "dibao.db"
    data = bytearray(db.read_bytes())
    page = len(data) // 4096 - 1
    for i in range(3):
        data[4096 * page + 100 + i] ^= 0xFF
    db.write_bytes(bytes(data))
    result = run("store", "check", "--store", str(cli_store), "--password-stdin", stdin=PASSWORD + "\n")
    assert result.returncode == 1
    assert "✗" in result.stdout
    assert "restore" in result.stdout or "恢复" in result.stdout + result.stderr


@pytest.mark.slow
def test_backup_restore_check_round_trip(cli_store: Path, tmp_path: Path) -> None:
    demo = run(
        "demo", "--store", str(cli_store), "--households", "5", "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert demo.returncode == 0, demo.stderr
    out = tmp_path / "backup.dibak"
    result = run(
        "store",
        "backup",
        "--store",
        str(cli_store),
        "--out",
        str(out),
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert result.returncode == 0, result.stderr
    restored = tmp_path / "restored"
    result = run(
        "store", "restore", str(out), "--store", str(restored), "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert result.returncode == 0, result.stderr
    result = run("store", "check", "--store", str(restored), "--password-stdin", stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stdout


def test_wrong_password_says_so_in_chinese(cli_store: Path) -> None:
    result = run("users", "list", "--store", str(cli_store), "--password-stdin", stdin="wrong\n")
    assert result.returncode == 1
    assert "密码错误" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_users_add_list_disable(cli_store: Path) -> None:
    added = run(
        "users",
        "add",
        "zhangsan",
        "--role",
        "investigator",
        "--name",
        "张三",
        "--store",
        str(cli_store),
        "--password-stdin",
        stdin=f"{PASSWORD}\ninvestigator-pass\n",
    )
    assert added.returncode == 0, added.stderr
    listed = run("users", "list", "--store", str(cli_store), "--password-stdin", stdin=PASSWORD + "\n")
    assert "zhangsan" in listed.stdout
    assert "调查员" in listed.stdout
    disabled = run(
        "users", "disable", "zhangsan", "--store", str(cli_store), "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert disabled.returncode == 0, disabled.stderr
    denied = run(
        "users",
        "list",
        "--store",
        str(cli_store),
        "--user",
        "zhangsan",
        "--password-stdin",
        stdin="investigator-pass\n",
    )
    assert denied.returncode == 1


def test_missing_store_points_to_init(tmp_path: Path) -> None:
    result = run("store", "check", "--store", str(tmp_path / "nowhere"), "--password-stdin", stdin="x\n")
    assert result.returncode == 1
    assert "dibao init" in result.stderr
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize(
    "command",
    [[], ["init"], ["users", "add"], ["store", "check"], ["store", "backup"], ["store", "restore"], ["demo"]],
)
def test_every_command_explains_itself(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.returncode == 0
    assert "usage" in result.stdout.lower() or "用法" in result.stdout
    assert "--store" in result.stdout or command == []


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert "低保入户通" in result.stdout
