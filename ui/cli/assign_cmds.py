"""dibao assign case|end|show and dibao visits list|schedule|done|cancel: investigators and home visits for scripts.

ID numbers are shown masked (last 4 only). Case and visit ids may be typed as their first characters (at least 4).
"""

from __future__ import annotations

import argparse

from app.domain.errors import AppError
from app.services import assignments, case_views
from app.services.assignments import VisitRow
from ui.cli import common
from ui.cli.calendar_cmds import pad, parse_date


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:  # pyright: ignore[reportPrivateUsage]
    assign = sub.add_parser(
        "assign",
        help="分派调查人员：case / end / show",
        description="把调查员分派到案件或结束分派。入户调查须至少两名调查人员；与申请家庭有近亲属备案的人员须回避。"
        "操作账号须为协调员、窗口受理员或管理员（--user 指定）。",
    )
    asub = assign.add_subparsers(dest="assign_command", metavar="操作", required=True)
    p = asub.add_parser(
        "case",
        help="把调查员分派到案件",
        epilog="示例：dibao assign case 3f2a --investigator lidiaocha --role lead --user xietiao",
    )
    common.add_store_args(p)
    p.add_argument("case", help="案件编号（可只输入前几位）")
    p.add_argument("--investigator", required=True, metavar="登录名", help="被分派的调查员登录名")
    p.add_argument(
        "--role",
        choices=("lead", "second"),
        help="lead=主调查人，second=协同调查人（默认：案件没有主调查人时为主调查人）",
    )
    p.set_defaults(handler=cmd_assign_case)

    p = asub.add_parser("end", help="结束调查员在案件上的分派（同时退出该案未完成的入户安排）")
    common.add_store_args(p)
    p.add_argument("case", help="案件编号（可只输入前几位）")
    p.add_argument("--investigator", required=True, metavar="登录名", help="调查员登录名")
    p.add_argument("--reason", default="", help="结束原因（可不填）")
    p.set_defaults(handler=cmd_assign_end)

    p = asub.add_parser("show", help="案件的调查人员和入户安排")
    common.add_store_args(p)
    p.add_argument("case", help="案件编号（可只输入前几位）")
    p.set_defaults(handler=cmd_assign_show)

    visits = sub.add_parser(
        "visits",
        help="入户安排：list / schedule / done / cancel",
        description="安排和登记入户调查。只能安排今天或以后的日期；每件案件同时只有一次待入户安排。",
    )
    vsub = visits.add_subparsers(dest="visits_command", metavar="操作", required=True)
    p = vsub.add_parser(
        "list",
        help="列出入户安排（默认本周：周一至周日）",
        description="列出入户安排，按日期排序。调查员加 --mine 只看自己的。",
    )
    common.add_store_args(p)
    when = p.add_mutually_exclusive_group()
    when.add_argument("--today", action="store_true", help="只列出今天的")
    when.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="开始日期（与 --to 一起用）")
    p.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="结束日期（含）")
    p.add_argument("--mine", action="store_true", help="只列出当前账号参加的入户")
    p.add_argument("--cancelled", action="store_true", help="同时列出已取消的")
    p.set_defaults(handler=cmd_visits_list)

    p = vsub.add_parser(
        "schedule",
        help="为案件安排入户调查",
        epilog="示例：dibao visits schedule 3f2a --on 2026-09-21 --slot 上午 --user xietiao",
    )
    common.add_store_args(p)
    p.add_argument("case", help="案件编号（可只输入前几位）")
    p.add_argument("--on", required=True, metavar="YYYY-MM-DD", help="入户日期（今天或以后）")
    p.add_argument("--slot", default="", help="时段，如 上午、14:30")
    p.add_argument("--note", default="", help="备注")
    p.add_argument(
        "--investigator",
        action="append",
        metavar="登录名",
        help="参加入户的调查员（可重复，至少两名；默认：全部已分派人员）",
    )
    p.set_defaults(handler=cmd_visits_schedule)

    p = vsub.add_parser("done", help="登记入户已完成")
    common.add_store_args(p)
    p.add_argument("visit", help="入户安排编号（可只输入前几位）")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="实际入户日期（默认今天，不能晚于今天）")
    p.set_defaults(handler=cmd_visits_done)

    p = vsub.add_parser("cancel", help="取消入户安排")
    common.add_store_args(p)
    p.add_argument("visit", help="入户安排编号（可只输入前几位）")
    p.add_argument("--reason", required=True, help="取消原因")
    p.set_defaults(handler=cmd_visits_cancel)


# --------------------------------------------------------------------------------------------------- output


def _visit_line(v: VisitRow) -> str:
    names = "、".join(v.investigator_names) + ("（不足两人）" if v.short_of_staff else "")
    head = f"{v.head_name} {v.head_id_masked}"
    return (
        f"{pad(v.planned_on.isoformat(), 12)}{pad(v.time_slot or '—', 8)}{pad(head, 28)}"
        f"{pad(v.village_name, 20)}{pad(names, 36)}{pad(v.status_label, 8)}{v.id}"
    )


# --------------------------------------------------------------------------------------------------- handlers


def cmd_assign_case(args: argparse.Namespace) -> int:
    with common.store_session(args, write=True) as ctx:
        case_id = case_views.resolve_case_id(ctx.session, args.case)
        row = assignments.assign_investigator(
            ctx.session, ctx.store.actor, case_id, user=args.investigator, role=args.role, clock=common.CLOCK
        )
    common.say(f"已分派：{row.user_name}（{row.role_label}）→ 案件 {case_id}")
    return 0


def cmd_assign_end(args: argparse.Namespace) -> int:
    with common.store_session(args, write=True) as ctx:
        case_id = case_views.resolve_case_id(ctx.session, args.case)
        row = assignments.end_assignment(
            ctx.session,
            ctx.store.actor,
            case_id,
            user=args.investigator,
            reason=args.reason,
            clock=common.CLOCK,
        )
    common.say(f"已结束分派：{row.user_name}（{row.role_label}），案件 {case_id}")
    return 0


def cmd_assign_show(args: argparse.Namespace) -> int:
    with common.store_session(args) as ctx:
        case_id = case_views.resolve_case_id(ctx.session, args.case)
        d = assignments.case_staffing(ctx.session, ctx.store.actor, case_id)
    common.say(f"案件 {d.case_id}：{d.head_name} 户，{d.state_label}")
    common.say("调查人员：" if d.assignments else "调查人员：尚未分派")
    for a in d.assignments:
        status = "在办" if a.active else f"已结束 {a.ended_on.isoformat() if a.ended_on else ''}"
        common.say(f"  {pad(a.user_name, 24)}{pad(a.role_label, 12)}{a.assigned_on.isoformat()} 起，{status}")
    common.say("入户安排：" if d.visits else "入户安排：无")
    for v in d.visits:
        common.say("  " + _visit_line(v))
    return 0


def cmd_visits_list(args: argparse.Namespace) -> int:
    with common.store_session(args) as ctx:
        if args.today:
            start = end = ctx.today
        elif args.start or args.end:
            if not (args.start and args.end):
                raise AppError("--from 和 --to 要一起使用。")
            start, end = parse_date(args.start), parse_date(args.end)
        else:
            start, end = assignments.week_of(ctx.today)
        rows = assignments.list_visits(
            ctx.session,
            ctx.store.actor,
            start,
            end,
            user_id=ctx.store.actor.user_id if args.mine else None,
            include_cancelled=args.cancelled,
        )
    common.say(f"{start.isoformat()} 至 {end.isoformat()} 的入户安排：")
    common.say(
        f"{pad('日期', 12)}{pad('时段', 8)}{pad('户主', 28)}{pad('村/社区', 20)}{pad('调查人员', 36)}"
        f"{pad('状态', 8)}编号"
    )
    for v in rows:
        common.say(_visit_line(v))
    common.say(f"共 {len(rows)} 次。")
    return 0


def cmd_visits_schedule(args: argparse.Namespace) -> int:
    on = parse_date(args.on)
    with common.store_session(args, write=True) as ctx:
        case_id = case_views.resolve_case_id(ctx.session, args.case)
        row = assignments.schedule_visit(
            ctx.session,
            ctx.store.actor,
            case_id,
            planned_on=on,
            time_slot=args.slot,
            note=args.note,
            investigators=args.investigator,
            clock=common.CLOCK,
        )
    common.say(
        f"已安排入户：{row.planned_on.isoformat()} {row.time_slot}，{row.head_name} 户，"
        f"调查人员 {'、'.join(row.investigator_names)}（编号 {row.id}）"
    )
    return 0


def cmd_visits_done(args: argparse.Namespace) -> int:
    on = parse_date(args.on) if args.on else None
    with common.store_session(args, write=True) as ctx:
        visit_id = assignments.resolve_visit_id(ctx.session, args.visit)
        row = assignments.complete_visit(
            ctx.session, ctx.store.actor, visit_id, done_on=on, clock=common.CLOCK
        )
    done = row.done_on.isoformat() if row.done_on else ""
    common.say(f"已登记入户完成：{row.head_name} 户，{done}")
    return 0


def cmd_visits_cancel(args: argparse.Namespace) -> int:
    with common.store_session(args, write=True) as ctx:
        visit_id = assignments.resolve_visit_id(ctx.session, args.visit)
        row = assignments.cancel_visit(
            ctx.session, ctx.store.actor, visit_id, reason=args.reason, clock=common.CLOCK
        )
    common.say(f"已取消入户安排：{row.planned_on.isoformat()} {row.head_name} 户（{row.cancel_reason}）")
    return 0
