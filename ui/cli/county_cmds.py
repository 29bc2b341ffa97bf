"""dibao warnings / spotcheck / board / publicity / datacheck / discovery: county supervision for scripts and admins.

Every command opens the store as ``--user`` (county reviewers see every township, township staff their own), uses the
store's effective work calendar and the rule tables, and shows ID numbers masked. Changes are audited and queued for
sync by the services; exports are audited too.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TypeAlias

from app.domain.errors import AppError
from app.services.supervision import (
    board,
    data_checks,
    discovery,
    publicity,
    silent_check,
    spot_checks,
    warnings,
)
from app.services.supervision.spot_checks import CheckResult
from app.services.supervision.warning_files import COLUMNS_FILE, load_column_mapping
from app.workflow.deadlines import Step
from app.workflow.rules import YearMonth
from ui.cli import common
from ui.cli.calendar_cmds import pad, parse_date

_Sub: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"  # pyright: ignore[reportPrivateUsage]
DISPOSITIONS = "、".join(warnings.DISPOSITION_LABELS.values())
STEPS = "；".join(f"{s.value}" for s in Step)


def _columns_help() -> str:
    lines = ["预警文件的列（第一行为表头，可用下列任一列名；* 为必填）："]
    for c in load_column_mapping().columns:
        lines.append(f"  {'*' if c.required else ' '} {c.label}：{'、'.join(c.headers)}")
    lines.append(f"列定义文件：{COLUMNS_FILE}（县级可增加列名别名）")
    return "\n".join(lines)


def register(sub: _Sub) -> None:
    _register_warnings(sub)
    _register_spotcheck(sub)
    _register_board(sub)
    _register_publicity(sub)
    _register_datacheck(sub)
    _register_discovery(sub)


def _parser(
    sub: _Sub, name: str, help_text: str, description: str = "", epilog: str = ""
) -> argparse.ArgumentParser:
    p = sub.add_parser(
        name,
        help=help_text,
        description=description or help_text,
        epilog=epilog or None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common.add_store_args(p)
    return p


def _register_warnings(sub: _Sub) -> None:
    top = sub.add_parser(
        "warnings",
        help="预警：import / list / assign / verify / close / ask-view / answer-view / silent-check",
    )
    ws = top.add_subparsers(dest="warnings_command", metavar="操作", required=True)
    p = _parser(
        ws,
        "import",
        "导入监测平台导出的预警（CSV 或 Excel），逐行校验并给出报告（县级）",
        "逐行导入预警单：校验通过的行导入，未通过的行列出行号和原因；缺少必填列时整个文件不导入。"
        "每条预警自推送日期起按工作日历计算入户核查期限。",
        _columns_help(),
    )
    p.add_argument("file", type=Path, help="预警文件（.csv 或 .xlsx）")
    p.set_defaults(handler=cmd_warnings_import)

    p = _parser(ws, "list", "列出预警（默认只列待核查的），最紧迫的在前")
    p.add_argument("--overdue", action="store_true", help="只列出已超过核查期限的")
    p.add_argument("--township", help="乡镇/街道代码（县级可用）")
    p.add_argument("--all", action="store_true", help="包括已核查、已办结的")
    p.add_argument("--unassigned", action="store_true", help="只列出尚未分派乡镇的（县级）")
    p.set_defaults(handler=cmd_warnings_list)

    p = _parser(ws, "assign", "分派预警：县级分派到乡镇，乡镇指定核查人员")
    p.add_argument("warning", help="预警单号或编号前几位")
    p.add_argument("--township", help="分派到的乡镇/街道代码（县级）")
    p.add_argument("--to", dest="assignee", help="核查人员的登录名")
    p.set_defaults(handler=cmd_warnings_assign)

    p = _parser(ws, "verify", f"登记入户核查结果和处置意见（{DISPOSITIONS}）")
    p.add_argument("warning", help="预警单号或编号前几位")
    p.add_argument("--visited-on", required=True, help="入户核查日期 YYYY-MM-DD")
    p.add_argument("--findings", required=True, help="入户核查情况")
    p.add_argument("--disposition", required=True, help=f"处置意见：{DISPOSITIONS}")
    p.add_argument("--online", action="store_true", help="同时做了线上核查")
    p.add_argument("--note", default="", help="处置说明")
    p.set_defaults(handler=cmd_warnings_verify)

    p = _parser(ws, "close", "办结已核查的预警")
    p.add_argument("warning", help="预警单号或编号前几位")
    p.set_defaults(handler=cmd_warnings_close)

    p = _parser(ws, "ask-view", "预警信息不明确时，向县级申请点对点查看")
    p.add_argument("warning", help="预警单号或编号前几位")
    p.add_argument("--reason", required=True, help="哪里不明确")
    p.set_defaults(handler=cmd_warnings_ask_view)

    p = _parser(ws, "answer-view", "县级答复点对点查看申请")
    p.add_argument("warning", help="预警单号或编号前几位")
    p.add_argument("--answer", required=True, help="答复内容")
    p.set_defaults(handler=cmd_warnings_answer_view)

    p = _parser(
        ws,
        "silent-check",
        "静默核对：比对在保家庭的核对数据，有变化的才生成预警（县级）",
        "对确认同意和保障中的家庭，计算家庭成员、评估、决定、县级核对结果的指纹并与上次比对；"
        "首次只记录基线，无变化不写任何数据，有变化的生成预警（同一家庭已有未办结的静默核对预警时不重复生成）。",
    )
    p.add_argument("--township", help="只核对该乡镇/街道")
    p.set_defaults(handler=cmd_warnings_silent)


def _register_spotcheck(sub: _Sub) -> None:
    top = sub.add_parser("spotcheck", help="新增保障家庭抽查：draw / coverage / list / record")
    ss = top.add_subparsers(dest="spotcheck_command", metavar="操作", required=True)
    p = _parser(
        ss,
        "draw",
        "按月批次随机抽取抽查对象（县级）",
        "从该月确认同意的新增保障家庭中按规则表的比例随机抽取（书面+实地），近亲属备案家庭全部实地核查。"
        "随机种子会记录下来，同一种子可重现同一结果。批次户数太少无法按比例抽取时会说明并全部抽查。",
        "示例：dibao spotcheck draw --cohort 2026-08 --seed 20260901",
    )
    p.add_argument("--cohort", required=True, help="批次：确认决定的月份 YYYY-MM")
    p.add_argument("--seed", type=int, help="随机种子（不填则随机生成并记录）")
    p.add_argument("--scope", default="", help="只抽该区县或乡镇代码下的案件（默认全部）")
    p.set_defaults(handler=cmd_spot_draw)

    p = _parser(ss, "coverage", "各批次抽查覆盖率，以及抽查期限将满的提醒")
    p.add_argument("--scope", default="", help="区县或乡镇代码（默认全部）")
    p.set_defaults(handler=cmd_spot_coverage)

    p = _parser(ss, "list", "列出抽查对象")
    p.add_argument("--cohort", help="批次 YYYY-MM")
    p.add_argument("--pending", action="store_true", help="只列出未完成的")
    p.set_defaults(handler=cmd_spot_list)

    p = _parser(ss, "record", "登记一户的抽查结果")
    p.add_argument("check", help="抽查记录编号（list 中的第一列，可只输入前几位）")
    p.add_argument("--date", required=True, help="抽查日期 YYYY-MM-DD")
    p.add_argument("--checkers", required=True, help="抽查人员")
    p.add_argument(
        "--result", required=True, choices=[r.value for r in CheckResult], help="OK=无问题，PROBLEM=发现问题"
    )
    p.add_argument("--problem", default="", help="发现的问题")
    p.add_argument("--rectification", default="", help="整改情况")
    p.add_argument("--closed-on", help="办结日期 YYYY-MM-DD")
    p.set_defaults(handler=cmd_spot_record)


def _register_board(sub: _Sub) -> None:
    p = _parser(
        sub,
        "board",
        "督办看板：各乡镇、各环节逾期和即将到期的期限（含预警核查），可导出 Excel",
        "县级看到全部乡镇，乡镇工作人员只看到本乡镇。加 --step / --status 列出明细（可下钻到案件）。",
        f"环节代码：{STEPS}\n状态：OVERDUE=已逾期，DUE_SOON=即将到期，ON_TIME=未到期，ENDED=公示期满待处理\n"
        "示例：dibao board --export 督办表.xlsx --user xianji",
    )
    p.add_argument("--township", help="乡镇/街道代码")
    p.add_argument("--export", type=Path, help="导出为 Excel 文件（.xlsx），导出会记入审计日志")
    p.add_argument("--all-items", action="store_true", help="导出明细包括未到期的期限（默认只导出需督办的）")
    p.add_argument("--step", help="明细：只列该环节（如 investigation、warning_verification）")
    p.add_argument("--status", choices=["OVERDUE", "DUE_SOON", "ON_TIME", "ENDED"], help="明细：只列该状态")
    p.add_argument("--limit", type=int, default=50, help="明细最多列出多少行（默认 50）")
    p.set_defaults(handler=cmd_board)


def _register_publicity(sub: _Sub) -> None:
    top = sub.add_parser("publicity", help="公示：due（某地某日必须公示的家庭）")
    ps = top.add_subparsers(dest="publicity_command", metavar="操作", required=True)
    p = _parser(
        ps,
        "due",
        "某日某公示栏必须张贴的家庭：初审公示、保障家庭长期公示、退出家庭公示",
        "保障家庭自批准之日起至停止之日止；退出家庭自确认之日起不少于规则表规定的月数；"
        "人户分离家庭在户籍所在地和实际居住地同时公示。乡镇代码包括其下所有村（社区）。",
    )
    p.add_argument("--place", required=True, help="村/社区或乡镇代码")
    p.add_argument("--on", help="日期 YYYY-MM-DD（默认今天）")
    p.set_defaults(handler=cmd_publicity_due)


def _register_datacheck(sub: _Sub) -> None:
    top = sub.add_parser("datacheck", help="信息核对：list（核对申请及期限）")
    ds = top.add_subparsers(dest="datacheck_command", metavar="操作", required=True)
    p = _parser(ds, "list", "列出信息核对申请（默认只列未出具报告的），按到期日排序")
    p.add_argument("--all", action="store_true", help="包括已出具报告的")
    p.add_argument("--county", help="只列该县级民政部门（区县代码）要办的")
    p.set_defaults(handler=cmd_datacheck_list)


def _register_discovery(sub: _Sub) -> None:
    top = sub.add_parser("discovery", help="主动发现：import-reference / groups / visits")
    ds = top.add_subparsers(dest="discovery_command", metavar="操作", required=True)
    p = _parser(ds, "import-reference", "导入必到必访九类人群和四支队伍（县级可修改后重新导入）")
    p.add_argument("file", nargs="?", type=Path, help="基础数据文件（默认用程序自带的）")
    p.set_defaults(handler=cmd_discovery_import)
    p = _parser(ds, "groups", "列出走访人群和队伍")
    p.set_defaults(handler=cmd_discovery_groups)
    p = _parser(ds, "visits", "列出走访记录")
    p.add_argument("--township", help="乡镇/街道代码")
    p.add_argument("--since", help="起始日期 YYYY-MM-DD")
    p.set_defaults(handler=cmd_discovery_visits)


# --------------------------------------------------------------------------------------------------- plumbing


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AppError(f"无法读取文件 {path}（{exc.strerror or exc}）。") from None


def _warning_line(w: warnings.WarningRow) -> str:
    left = "" if w.working_days_left is None else f"，剩 {w.working_days_left} 个工作日"
    who = f"，核查人 {w.assigned_to_name}" if w.assigned_to_name else ""
    return (
        f"{pad(w.external_no, 22)}{pad(w.subject_name + ' ' + w.subject_id_masked, 30)}"
        f"{pad(w.source_dept + '/' + w.warning_type, 26)}{pad(w.township_name, 22)}"
        f"应于 {w.due_on.isoformat()} 前入户核查（{w.time_status_label}{left}）{w.provisional_mark}"
        f"　{w.status_label}{who}" + (f"　{w.data_view_label}" if w.data_view_label else "")
    )


# --------------------------------------------------------------------------------------------------- warnings


def cmd_warnings_import(args: argparse.Namespace) -> int:
    data = _read_file(args.file)
    with common.store_session(args, write=True) as ctx:
        report = warnings.import_warnings(
            ctx.session,
            ctx.store.actor,
            data,
            args.file.name,
            clock=common.CLOCK,
            calendar=ctx.calendar,
            rules=ctx.rules,
        )
    for line in report.lines():
        common.say(line)
    return 0 if not report.rejected else 2


def cmd_warnings_list(args: argparse.Namespace) -> int:
    with common.store_session(args) as ctx:
        rows = warnings.list_warnings(
            ctx.session,
            ctx.store.actor,
            calendar=ctx.calendar,
            rules=ctx.rules,
            today=ctx.today,
            township_code=args.township,
            open_only=not args.all,
            overdue_only=args.overdue,
            unassigned_only=args.unassigned,
        )
    for w in rows:
        common.say(_warning_line(w))
    common.say(f"共 {len(rows)} 条。")
    return 0


def _resolve(ctx: common.StoreContext, text: str) -> str:
    return warnings.resolve_warning_id(ctx.session, text)


def cmd_warnings_assign(args: argparse.Namespace) -> int:
    with common.store_session(args, write=True) as ctx:
        row = warnings.assign_warning(
            ctx.session,
            ctx.store.actor,
            _resolve(ctx, args.warning),
            township_code=args.township,
            assignee_user_id=args.assignee,
            clock=common.CLOCK,
            calendar=ctx.calendar,
            rules=ctx.rules,
        )
    common.say("已分派：" + _warning_line(row))
    return 0


def cmd_warnings_verify(args: argparse.Namespace) -> int:
    with common.store_session(args, write=True) as ctx:
        row = warnings.record_verification(
            ctx.session,
            ctx.store.actor,
            _resolve(ctx, args.warning),
            home_visited_on=parse_date(args.visited_on),
            findings=args.findings,
            disposition=warnings.parse_disposition(args.disposition),
            online_checked=args.online,
            note=args.note,
            clock=common.CLOCK,
            calendar=ctx.calendar,
            rules=ctx.rules,
        )
    late = "（超过核查期限）" if row.late else ""
    common.say(f"已登记核查结果：{row.external_no} 处置意见 {row.disposition_label}{late}")
    return 0


def cmd_warnings_close(args: argparse.Namespace) -> int:
    with common.store_session(args, write=True) as ctx:
        row = warnings.close_warning(
            ctx.session,
            ctx.store.actor,
            _resolve(ctx, args.warning),
            clock=common.CLOCK,
            calendar=ctx.calendar,
            rules=ctx.rules,
        )
    common.say(f"已办结：{row.external_no}")
    return 0


def cmd_warnings_ask_view(args: argparse.Namespace) -> int:
    with common.store_session(args, write=True) as ctx:
        row = warnings.request_data_view(
            ctx.session,
            ctx.store.actor,
            _resolve(ctx, args.warning),
            reason=args.reason,
            clock=common.CLOCK,
            calendar=ctx.calendar,
            rules=ctx.rules,
        )
    common.say(f"已申请点对点查看：{row.external_no}（入户核查期限不因此顺延：{row.due_on.isoformat()}）")
    return 0


def cmd_warnings_answer_view(args: argparse.Namespace) -> int:
    with common.store_session(args, write=True) as ctx:
        row = warnings.answer_data_view(
            ctx.session,
            ctx.store.actor,
            _resolve(ctx, args.warning),
            answer=args.answer,
            clock=common.CLOCK,
            calendar=ctx.calendar,
            rules=ctx.rules,
        )
    common.say(f"已答复：{row.external_no}")
    return 0


def cmd_warnings_silent(args: argparse.Namespace) -> int:
    with common.store_session(args, write=True) as ctx:
        report = silent_check.run_silent_check(
            ctx.session,
            ctx.store.actor,
            clock=common.CLOCK,
            calendar=ctx.calendar,
            rules=ctx.rules,
            township_code=args.township,
        )
    common.say(
        f"静默核对 {report.checked} 户：首次建立基线 {report.baselined} 户，无变化 {report.unchanged} 户，"
        f"有变化 {len(report.changed)} 户，生成预警 {report.warnings_raised} 条。"
    )
    for c in report.changed:
        note = "已生成预警" if c.warning_id else "已有未办结的静默核对预警，未重复生成"
        common.say(
            f"  家庭 {c.household_id[:8]}（{c.township_code}）：{'、'.join(c.changed_parts)}有变化，{note}"
        )
    return 0


# --------------------------------------------------------------------------------------------------- spot checks


def _cohort(text: str) -> YearMonth:
    try:
        return YearMonth.parse(text.strip())
    except ValueError:
        raise AppError(f"批次“{text}”应写成 YYYY-MM，例如 2026-08。") from None


def cmd_spot_draw(args: argparse.Namespace) -> int:
    with common.store_session(args, write=True) as ctx:
        result = spot_checks.draw_spot_checks(
            ctx.session,
            ctx.store.actor,
            _cohort(args.cohort),
            clock=common.CLOCK,
            calendar=ctx.calendar,
            rules=ctx.rules,
            seed=args.seed,
            scope_code=args.scope,
        )
    common.say(
        f"{result.cohort} 批次：新增保障家庭 {result.population} 户，抽取 {result.sample_size} 户"
        f"（其中实地 {result.field_size} 户；规则要求至少 {result.required_sample} 户、实地至少 {result.required_field} 户）。"
        f"随机种子 {result.seed}。"
    )
    if result.message:
        common.say(result.message)
    for c in result.checks:
        nr = "（近亲属备案）" if c.near_relative else ""
        common.say(
            f"  {pad(c.id[:8], 10)}{pad(c.check_type_label, 10)}{pad(c.head_name + ' ' + c.head_id_masked, 30)}"
            f"决定 {c.decided_on.isoformat()}，须在 {c.window_ends_on.isoformat()} 前完成{nr}"
        )
    return 0


def cmd_spot_coverage(args: argparse.Namespace) -> int:
    with common.store_session(args) as ctx:
        rows = spot_checks.spot_check_coverage(
            ctx.session,
            ctx.store.actor,
            today=ctx.today,
            calendar=ctx.calendar,
            rules=ctx.rules,
            scope_code=args.scope,
        )
    if not rows:
        common.say("没有确认同意的新增保障家庭。")
    for c in rows:
        ok = "达标" if c.meets_target else "未达标"
        closes = f"，最近期限 {c.window_closes_on.isoformat()}" if c.window_closes_on else ""
        common.say(
            f"{c.cohort}：新增 {c.population} 户，抽取 {c.drawn} 户（{c.sample_percent}），实地 {c.field_drawn} 户"
            f"（占抽取 {c.field_percent}），期限内完成 {c.done_in_window} 户（{c.done_percent}）；{ok}{closes}"
        )
        for alert in c.alerts:
            common.say(f"  提醒：{alert}")
    return 0


def cmd_spot_list(args: argparse.Namespace) -> int:
    with common.store_session(args) as ctx:
        rows = spot_checks.list_spot_checks(
            ctx.session, ctx.store.actor, cohort=args.cohort, pending_only=args.pending
        )
    for c in rows:
        done = f"{c.check_date.isoformat()} {c.result_label}" if c.check_date else "待抽查"
        common.say(
            f"{pad(c.id, 38)}{pad(c.cohort, 9)}{pad(c.check_type_label, 10)}"
            f"{pad(c.head_name + ' ' + c.head_id_masked, 30)}期限 {c.window_ends_on.isoformat()}　{done}"
        )
    common.say(f"共 {len(rows)} 户。")
    return 0


def _check_id(ctx: common.StoreContext, text: str) -> str:
    wanted = text.strip().lower()
    found = [
        r.id for r in spot_checks.list_spot_checks(ctx.session, ctx.store.actor) if r.id.startswith(wanted)
    ]
    if len(found) != 1:
        raise AppError(f"抽查记录“{text}”{'不存在' if not found else '不唯一，请多输入几位'}。")
    return found[0]


def cmd_spot_record(args: argparse.Namespace) -> int:
    with common.store_session(args, write=True) as ctx:
        row = spot_checks.record_spot_check(
            ctx.session,
            ctx.store.actor,
            _check_id(ctx, args.check),
            check_date=parse_date(args.date),
            checkers=args.checkers,
            result=CheckResult(args.result),
            problem_desc=args.problem,
            rectification=args.rectification,
            closed_date=parse_date(args.closed_on) if args.closed_on else None,
            clock=common.CLOCK,
        )
    window = "期限内" if row.in_window else "超过 90 日期限"
    common.say(f"已登记：{row.head_name} {row.result_label}（{window}）")
    return 0


# --------------------------------------------------------------------------------------------------- board


def _parse_step(text: str | None) -> Step | None:
    if not text:
        return None
    for step in Step:
        if text.strip().lower() == step.value or text.strip() == board.STEP_LABELS[step]:
            return step
    raise AppError(f"没有“{text}”这个环节。可用：{STEPS}")


def cmd_board(args: argparse.Namespace) -> int:
    step = _parse_step(args.step)
    with common.store_session(args, write=args.export is not None) as ctx:
        if args.export is not None:
            data = board.export_board_xlsx(
                ctx.session,
                ctx.store.actor,
                calendar=ctx.calendar,
                rules=ctx.rules,
                clock=common.CLOCK,
                township_code=args.township,
                include_on_time=args.all_items,
            )
            try:
                args.export.write_bytes(data)
            except OSError as exc:
                raise AppError(f"无法写入 {args.export}（{exc.strerror or exc}）。") from None
        view = board.overdue_board(
            ctx.session,
            ctx.store.actor,
            calendar=ctx.calendar,
            rules=ctx.rules,
            today=ctx.today,
            township_code=args.township,
        )
        items = ()
        if step is not None or args.status:
            items = board.board_items(
                ctx.session,
                ctx.store.actor,
                calendar=ctx.calendar,
                rules=ctx.rules,
                today=ctx.today,
                township_code=args.township,
                step=step,
                status=args.status,
                limit=args.limit,
            )
    say = common.say
    say(
        f"督办看板（{view.scope_label}，{view.today.isoformat()}；即将到期 = 剩余不超过 {view.due_soon_working_days} 个工作日）"
    )
    say(
        f"{pad('乡镇（街道）', 28)}{pad('环节', 22)}{pad('未办结', 8)}{pad('即将到期', 10)}{pad('已逾期', 8)}公示期满"
    )
    for c in view.cells:
        k = c.counts
        say(f"{pad(c.township_name, 28)}{pad(c.step_label, 22)}{pad(str(k.open), 8)}{pad(str(k.due_soon), 10)}"
            f"{pad(str(k.overdue), 8)}{k.ended}")  # fmt: skip
    say("按乡镇：")
    for line in view.by_township:
        say(
            f"  {pad(line.label, 28)}逾期 {line.counts.overdue}，即将到期 {line.counts.due_soon}，未办结 {line.counts.open}"
        )
    say("按环节：")
    for line in view.by_step:
        say(
            f"  {pad(line.label, 22)}逾期 {line.counts.overdue}，即将到期 {line.counts.due_soon}，未办结 {line.counts.open}"
        )
    t = view.total
    say(
        f"合计：未办结 {t.open}，即将到期 {t.due_soon}，已逾期 {t.overdue}"
        + (f"，暂定日历 {t.provisional}" if t.provisional else "")
    )
    for i in items:
        target = f"案件 {i.case_id}" if i.case_id else f"预警 {i.warning_id}"
        mark = "（暂定日历）" if i.provisional else ""
        say(f"  {pad(i.township_name, 22)}{pad(i.step_label, 18)}{pad(i.head_name + ' ' + i.head_id_masked, 30)}"
            f"{i.due_on.isoformat()} {i.status_label}{mark}　{target}")  # fmt: skip
    if args.export is not None:
        say(f"已导出到 {args.export}（已记入审计日志；文件含个人信息，请妥善保管）")
    return 0


# --------------------------------------------------------------------------------------------------- publicity


def cmd_publicity_due(args: argparse.Namespace) -> int:
    with common.store_session(args) as ctx:
        on = parse_date(args.on) if args.on else ctx.today
        due = publicity.publicity_due(
            ctx.session, ctx.store.actor, place_code=args.place, on=on, rules=ctx.rules
        )
    common.say(f"{due.place_name}（{due.place_code}）{on.isoformat()} 应公示的家庭：")
    for kind in publicity.NoticeKind:
        rows = due.by_kind(kind)
        if not rows:
            continue
        common.say(f"{publicity.NOTICE_LABELS[kind]}（{len(rows)} 户）：")
        for r in rows:
            name = "（未成年人，不公示姓名）" if r.head_is_minor else r.head_name
            amount = f"{r.monthly_amount} 元/月" if r.monthly_amount is not None else ""
            until = f"至 {r.ends_on.isoformat()}" if r.ends_on else "至停止保障之日"
            common.say(
                f"  {pad(name, 14)}{pad(r.place_name + '（' + r.place_role + '）', 34)}{pad(r.category, 16)}"
                f"{pad(amount, 16)}{r.starts_on.isoformat()} 起 {until}"
            )
    common.say(f"共 {len(due.rows)} 条。")
    return 0


# --------------------------------------------------------------------------------------------------- data checks


def cmd_datacheck_list(args: argparse.Namespace) -> int:
    with common.store_session(args) as ctx:
        rows = data_checks.list_data_check_requests(
            ctx.session,
            ctx.store.actor,
            calendar=ctx.calendar,
            rules=ctx.rules,
            today=ctx.today,
            open_only=not args.all,
            county_code=args.county,
        )
    for r in rows:
        mark = "（暂定日历）" if r.provisional else ""
        renhu = "，人户分离" if r.renhu_fenli else ""
        common.say(
            f"{pad(r.case_id, 38)}{pad(r.township_code, 11)}核对机关 {r.county_code}{renhu}，"
            f"{r.requested_on.isoformat()} 申请，应于 {r.due_on.isoformat()} 前出具报告（{r.time_status_label}）{mark}"
        )
    common.say(f"共 {len(rows)} 件。")
    return 0


# --------------------------------------------------------------------------------------------------- discovery


def cmd_discovery_import(args: argparse.Namespace) -> int:
    text = _read_file(args.file).decode("utf-8-sig") if args.file else discovery.bundled_reference_text()
    with common.store_session(args, write=True) as ctx:
        report = discovery.import_discovery_reference(ctx.session, ctx.store.actor, text, clock=common.CLOCK)
    common.say(
        f"已导入：新增 {report.added} 项，修改 {report.changed} 项，停用 {report.deactivated} 项，未变 {report.unchanged} 项。"
    )
    return 0


def cmd_discovery_groups(args: argparse.Namespace) -> int:
    with common.store_session(args) as ctx:
        ref = discovery.discovery_reference(ctx.session)
    if not ref.groups:
        common.say("尚未导入主动发现基础数据，请运行 dibao discovery import-reference。")
        return 1
    common.say("必到必访人群：")
    for g in ref.groups:
        every = f"（每 {g.visit_interval_days} 天走访）" if g.visit_interval_days else ""
        common.say(f"  {g.code} {g.label}{every}")
    common.say("主动发现队伍：")
    for t in ref.teams:
        common.say(f"  {t.code} {t.label}")
    return 0


def cmd_discovery_visits(args: argparse.Namespace) -> int:
    with common.store_session(args) as ctx:
        rows = discovery.list_visits(
            ctx.session,
            ctx.store.actor,
            township_code=args.township,
            since=parse_date(args.since) if args.since else None,
        )
    for v in rows:
        common.say(
            f"{v.visited_on.isoformat()} {pad(v.visitor_name, 12)}{pad(v.team_label, 22)}"
            f"{pad(v.household_label, 24)}{'、'.join(v.group_codes)}　{v.referral_label}"
        )
    common.say(f"共 {len(rows)} 条。")
    return 0
