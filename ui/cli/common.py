"""What every subcommand shares: store/user/password options, opening the store, messages, logging."""

from __future__ import annotations

import argparse
import getpass
import logging
import logging.handlers
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.db.paths import default_store_dir
from app.domain.clock import SystemClock
from app.domain.errors import AppError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.db.store import OpenStore
    from app.workflow.calendar import WorkCalendar
    from app.workflow.rules import RuleBook

CLOCK = SystemClock()
_stdin_lines: list[str] | None = None


def store_path(text: str) -> Path:
    return Path(text).expanduser()


def add_store_args(parser: argparse.ArgumentParser, *, user: bool = True) -> None:
    parser.add_argument(
        "--store", type=store_path, default=argparse.SUPPRESS, help="数据目录（默认：本机用户数据目录）"
    )
    if user:
        parser.add_argument("--user", default="admin", help="以哪个账号操作（默认 admin）")
    parser.add_argument(
        "--password-stdin", action="store_true", help="从标准输入读取密码（每个密码一行），用于脚本"
    )


def resolve_store(args: argparse.Namespace) -> Path:
    value = getattr(args, "store", None)
    return value if value is not None else default_store_dir()


def read_secret(args: argparse.Namespace, prompt: str, *, confirm: bool = False) -> str:
    """One line of stdin per secret with --password-stdin, otherwise a hidden prompt."""
    global _stdin_lines
    if getattr(args, "password_stdin", False):
        if _stdin_lines is None:
            _stdin_lines = sys.stdin.read().splitlines()
        if not _stdin_lines:
            raise AppError("标准输入中没有密码（--password-stdin 需要每个密码一行）。")
        return _stdin_lines.pop(0)
    if not sys.stdin.isatty():
        raise AppError("没有终端可输入密码。脚本中请加 --password-stdin，并从标准输入提供密码。")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("再输入一次：") != first:
        raise AppError("两次输入的密码不一致。")
    return first


def open_store(args: argparse.Namespace, *, verify: bool = True) -> OpenStore:
    root = resolve_store(args)
    password = read_secret(args, f"账号 {args.user} 的密码：")
    from app.db.store import unlock  # the SQLCipher stack loads only for commands that open a store

    return unlock(root, args.user, password, clock=CLOCK, verify=verify)


@dataclass(frozen=True, slots=True)
class StoreContext:
    """What a scripted command works with: the open store, one session, the effective calendar and rules."""

    store: OpenStore
    session: Session
    calendar: WorkCalendar
    rules: RuleBook
    today: date


@contextmanager
def store_session(args: argparse.Namespace, *, write: bool = False) -> Iterator[StoreContext]:
    """Open the store for one command: a unit of work when it writes, a read-only session otherwise."""
    from app.services.calendar_admin import effective_calendar
    from app.services.reference import effective_rules

    store = open_store(args)
    try:
        with store.unit_of_work() if write else store.reading() as session:
            yield StoreContext(
                store, session, effective_calendar(session), effective_rules(session), CLOCK.today()
            )
    finally:
        store.close()


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def fail(text: str) -> None:
    sys.stderr.write(f"错误：{text}\n")


def log_dir() -> Path:
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "DibaoField" / "logs"
    base = Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state"))
    return base / "dibao-field" / "logs"


def log_file() -> Path:
    return log_dir() / "dibao.log"


class _NoTraceback(logging.Formatter):
    """Tracebacks go to the log file only; the console (an admin's terminal) gets the one-line message."""

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text
        record.exc_info, record.exc_text = None, None
        try:
            return super().format(record)
        finally:
            record.exc_info, record.exc_text = saved


def configure_logging(*, verbose: bool) -> None:
    """Logs name codes and ids, never personal values (SECURITY T09); SQL parameters are hidden by the engine."""
    root = logging.getLogger()
    if root.handlers:
        return
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(_NoTraceback("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(console)
    try:
        log_dir().mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = logging.handlers.RotatingFileHandler(
            log_file(), maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    except OSError:
        pass  # a read-only home must not stop an admin command; the console still gets warnings
