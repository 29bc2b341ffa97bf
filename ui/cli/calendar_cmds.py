"""dibao workdays add, dibao calendar show|import: the work calendar from the command line.

``workdays`` and ``calendar show`` need no store: they use the bundled official years and the statutory rules for
later years. With ``--store`` they also use the years imported into that store (and ask for a password).
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from datetime import date
from pathlib import Path

from app.domain.errors import AppError
from app.services.calendar_admin import (
    CalendarFileKind,
    calendar_file_kind,
    effective_calendar,
    import_calendar_year,
    imported_years,
    show_calendar_year,
)
from app.services.deadline_board import STEP_LABELS
from app.services.reference import effective_rules
from app.workflow.calendar import DayKind, WorkCalendar
from ui.cli import common

PROVISIONAL_WORD = "provisional"  # machine-readable marker on stdout, for scripts
_WEEKDAYS = "一二三四五六日"
_KIND_LABELS = {DayKind.OFF: "放假", DayKind.WORK: "调休上班"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:  # pyright: ignore[reportPrivateUsage]
    workdays = sub.add_parser(
        "workdays",
        help="工作日计算：add",
        description="按国务院办公厅放假安排（含调休）计算工作日。",
    )
    wsub = workdays.add_subparsers(dest="workdays_command", metavar="操作", required=True)
    p = wsub.add_parser(
        "add",
        help="某日之后第 N 个工作日（从次日起算）",
        description="输出 DATE 之后第 N 个工作日（民法典第二百零一条：从次日起算）。"
        f"日期落在尚无官方放假安排的年份时，结果后面加“ {PROVISIONAL_WORD}”（暂定），"
        "并在标准错误输出中提示。不给 --store 时不需要数据库和密码，只用内置日历。",
        epilog="示例：dibao workdays add 2026-09-18 3    →    2026-09-22",
    )
    p.add_argument("date", help="起算日期，YYYY-MM-DD")
    p.add_argument("n", help="工作日数（非负整数）")
    _optional_store_args(p)
    p.set_defaults(handler=cmd_workdays_add)

    calendar = sub.add_parser("calendar", help="工作日历：show / import")
    csub = calendar.add_subparsers(dest="calendar_command", metavar="操作", required=True)
    p = csub.add_parser(
        "show",
        help="列出某年的放假日和调休上班日",
        description="列出某年的放假日和调休上班日，并说明该年是官方安排还是暂定推算。",
    )
    p.add_argument("year", help="年份，例如 2027")
    _optional_store_args(p)
    p.set_defaults(handler=cmd_calendar_show)

    p = csub.add_parser(
        "import",
        help="导入国务院办公厅发布的某年放假安排（审计留痕），并重新计算未办结的期限",
        description="导入某年的官方放假安排：holiday-cn 格式的 JSON（{年份}.json），"
        "或按通知录入的 CSV（表头 date,kind,name；kind 为 OFF/休 或 WORK/班）。"
        "导入后，按暂定日历或旧日历计算的未办结期限会重新计算。只有管理员可以导入。",
    )
    p.add_argument("file", type=Path, help="日历文件")
    common.add_store_args(p)
    p.add_argument(
        "--format", choices=[k.value for k in CalendarFileKind], help="文件格式（默认按扩展名判断）"
    )
    p.add_argument("--year", help="年份（CSV 必填；JSON 可选，用于核对文件中的年份）")
    p.set_defaults(handler=cmd_calendar_import)


def _optional_store_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        type=common.store_path,
        default=argparse.SUPPRESS,
        help="同时使用该数据目录中导入的日历（需要密码）；不给则只用内置日历",
    )
    parser.add_argument("--user", default="admin", help="与 --store 一起使用：以哪个账号打开（默认 admin）")
    parser.add_argument(
        "--password-stdin", action="store_true", help="与 --store 一起使用：从标准输入读取密码"
    )


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, cells: int) -> str:
    """Left-align in a fixed number of terminal cells (a Chinese character takes two)."""
    return text + " " * max(cells - width(text), 0)


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise AppError(f"日期“{text}”应写成 YYYY-MM-DD，例如 2026-09-18。") from None


def parse_count(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        value = -1
    if value < 0:
        raise AppError(f"工作日数“{text}”应为非负整数。")
    return value


def parse_year(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        value = 0
    if not 1949 <= value <= 2200:
        raise AppError(f"年份“{text}”无效，应为 4 位数字，例如 2027。")
    return value


def load_calendar(args: argparse.Namespace) -> tuple[WorkCalendar, frozenset[int]]:
    """The bundled calendar, or with ``--store`` the store's effective calendar (bundled + imported years)."""
    if getattr(args, "store", None) is None:
        return WorkCalendar.bundled(), frozenset()
    store = common.open_store(args)
    try:
        with store.reading() as session:
            years = imported_years(session)
            return effective_calendar(session), frozenset(y.year for y in years)
    finally:
        store.close()


def cmd_workdays_add(args: argparse.Namespace) -> int:
    start = parse_date(args.date)
    n = parse_count(args.n)
    calendar, _ = load_calendar(args)
    result = calendar.add_working_days(start, n)
    if result.provisional:
        common.say(f"{result.date.isoformat()} {PROVISIONAL_WORD}")
        years = sorted(
            {y for y in range(start.year, result.date.year + 1) if y not in calendar.official_years}
        )
        sys.stderr.write(
            f"注意：{'、'.join(str(y) for y in years)} 年尚无官方放假安排，结果是按法定节假日推算的暂定日期，"
            "官方通知发布后请用 dibao calendar import 导入。\n"
        )
    else:
        common.say(result.date.isoformat())
    return 0


def cmd_calendar_show(args: argparse.Namespace) -> int:
    year = parse_year(args.year)
    calendar, imported = load_calendar(args)
    view = show_calendar_year(calendar, year, imported=imported)
    if view.provisional:
        common.say(
            f"{year} 年工作日历（暂定：尚无国务院办公厅放假安排，按《全国年节及纪念日放假办法》推算，"
            "调休安排无法预知）"
        )
    else:
        origin = "已导入" if view.imported else "内置"
        common.say(f"{year} 年工作日历（官方放假安排，{origin}）")
        for source in view.sources:
            common.say(f"  依据：{source}")
    common.say(f"{pad('日期', 12)}{pad('星期', 6)}{pad('类型', 10)}名称")
    for day in view.days:
        mark = "（暂定）" if day.provisional else ""
        kind = _KIND_LABELS[day.kind]
        weekday = _WEEKDAYS[day.date.weekday()]
        common.say(f"{pad(day.date.isoformat(), 12)}{pad(weekday, 6)}{pad(kind, 10)}{day.name}{mark}")
    off = sum(1 for d in view.days if d.kind is DayKind.OFF)
    work = len(view.days) - off
    common.say(f"共 {off} 个放假日、{work} 个调休上班日（其余周一至周五上班，周六、周日休息）。")
    return 0


def _file_kind(args: argparse.Namespace) -> CalendarFileKind:
    if args.format:
        return CalendarFileKind(args.format)
    try:
        return calendar_file_kind(Path(args.file).name)
    except AppError:
        raise AppError("无法从扩展名判断日历文件格式，请加 --format json 或 --format csv。") from None


def cmd_calendar_import(args: argparse.Namespace) -> int:
    kind = _file_kind(args)
    year = parse_year(args.year) if args.year else None
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise AppError(f"无法读取日历文件 {args.file}：{exc.strerror}") from None
    store = common.open_store(args)
    try:
        with store.unit_of_work() as session:
            report = import_calendar_year(
                session, store.actor, data, kind, common.CLOCK, rules=effective_rules(session), year=year
            )
    finally:
        store.close()
    action = "替换" if report.replaced else "导入"
    common.say(f"已{action} {report.year} 年官方放假安排：{report.special_days} 个特殊日期。")
    for source in report.sources:
        common.say(f"  依据：{source}")
    for warning in report.warnings:
        common.say(f"提示：{warning}")
    common.say(
        f"重新核对了 {report.checked} 个未办结期限，其中 {len(report.moved)} 个到期日改变，"
        f"{len(report.changed) - len(report.moved)} 个仅暂定标记改变。"
    )
    for moved in report.moved:
        common.say(
            f"  案件 {moved.case_id}  {STEP_LABELS[moved.step]}：{moved.old_due_on.isoformat()} → "
            f"{moved.new_due_on.isoformat()}"
        )
    for failure in report.failures:
        common.say(f"未能重新计算（保留原到期日）：{failure}")
    return 0
