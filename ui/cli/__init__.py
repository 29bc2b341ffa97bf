"""The ``dibao`` command: with no subcommand it opens the desktop app; subcommands are the admin tools.

This module is a composition root like ``ui.main``: it may import every layer. It imports Qt only when the desktop
app is started, so scripted commands run on machines without a display.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence

from app import __version__
from app.domain.errors import AppError
from ui.cli import common

Handler = Callable[[argparse.Namespace], int]

# Each module registers its subcommands. They are imported only when a subcommand (or --help) is asked for, so the
# desktop app starts without loading the admin tools.
COMMAND_MODULES = (
    "store_cmds",
    "demo_cmds",
    "calendar_cmds",
    "case_cmds",
    "sync_cmds",
    "county_cmds",
    "print_cmds",
    "assign_cmds",
)

DESCRIPTION = """低保入户通 Dibao Field — 乡镇低保入户调查与审核（离线、加密）。

不带子命令运行时打开桌面程序；首次启动会引导创建数据库和管理员账号。
下面的子命令供管理员在命令行使用。每个子命令都有自己的 --help。"""

EPILOG = """常用示例：
  dibao init --store D:\\低保数据            新建数据库并创建管理员 admin
  dibao users add zhangsan --role investigator --name 张三
  dibao store check                          检查加密、完整性和审计链（有问题时退出码非 0）
  dibao store backup --out 备份.dibak         加密备份（不是文件复制）
  dibao workdays add 2026-09-18 3            计算 3 个工作日后的日期

密码从提示符输入；脚本中可用 --password-stdin 从标准输入读取一行。"""


def build_parser(*, with_commands: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dibao",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"低保入户通 {__version__}")
    parser.add_argument(
        "--store", type=common.store_path, default=None, help="数据目录（默认：本机用户数据目录）"
    )
    parser.add_argument(
        "--self-test", action="store_true", help="自检：启动界面（无窗口模式）后立即退出，用于安装包验证"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="输出调试日志（不含个人信息）")
    if not with_commands:
        return parser
    sub = parser.add_subparsers(dest="command", metavar="子命令")
    for name in COMMAND_MODULES:
        importlib.import_module(f"ui.cli.{name}").register(sub)
    return parser


def _desktop_only(args: list[str]) -> bool:
    """No subcommand and no --help: the desktop app (or --version / --self-test)."""
    positional = [
        a for i, a in enumerate(args) if not a.startswith("-") and (i == 0 or args[i - 1] != "--store")
    ]
    return not positional and not {"-h", "--help"} & set(args)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(with_commands=not _desktop_only(args_list))
    args = parser.parse_args(args_list)
    common.configure_logging(verbose=args.verbose)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        return _run_desktop(args)
    try:
        return handler(args)
    except AppError as exc:
        common.fail(str(exc))
        return 1
    except KeyboardInterrupt:
        common.fail("已取消。")
        return 130
    except BrokenPipeError:
        # `dibao cases list | head`: the reader left; nothing is wrong with the data.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (keeps the interpreter's final flush quiet)
        return 0
    except Exception:
        logging.getLogger("dibao").exception("unexpected error in %s", args.command)
        common.fail(f"发生了意外错误（代码 E-{args.command}）。详细信息已写入日志：{common.log_file()}")
        return 3


def _run_desktop(args: argparse.Namespace) -> int:
    from ui.main import run  # Qt is imported only here

    return run(store_dir=args.store, self_test=args.self_test)
