"""dibao cases list|show|act, dibao deadlines, dibao payments roster: the case workflow for scripts and the county.

ID numbers are always shown masked (last 4 only). Dates of deadlines and the state of a case are computed on the
store's effective work calendar (bundled + imported years) and today's date.
"""

from __future__ import annotations

import argparse

from app.domain.clock import CHINA_TZ
from app.domain.errors import AppError
from app.domain.money import format_yuan, parse_yuan
from app.services import case_views, deadline_board, payments, workflow
from app.services.deadline_board import PERIODS, DeadlineRow
from app.workflow.rules import YearMonth
from app.workflow.states import ACTION_LABELS, STATE_LABELS, Action, CaseState, TransitionInput
from ui.cli import common
from ui.cli.calendar_cmds import pad, parse_date

ACTION_HELP = "；".join(f"{a.value}={ACTION_LABELS[a]}" for a in Action)
STATE_HELP = "，".join(f"{s.value}={STATE_LABELS[s]}" for s in CaseState)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:  # pyright: ignore[reportPrivateUsage]
    cases = sub.add_parser("cases", help="案件：list / show / act")
    csub = cases.add_subparsers(dest="cases_command", metavar="操作", required=True)
    p = csub.add_parser(
        "list",
        help="列出案件（状态、户主、下一个期限）",
        description=f"列出案件，最紧迫的排在前面。状态可用代码或中文：{STATE_HELP}",
    )
    common.add_store_args(p)
    p.add_argument("--state", help="只列出该状态的案件（如 PUBLICIZING 或 公示中）")
    p.add_argument("--township", help="乡镇/街道代码")
    p.add_argument("--overdue", action="store_true", help="只列出有逾期期限的案件")
    p.set_defaults(handler=cmd_cases_list)

    p = csub.add_parser("show", help="案件详情：家庭成员、状态、期限、任务、决定、办理记录")
    common.add_store_args(p)
    p.add_argument("case", help="案件编号（可只输入前几位）")
    p.set_defaults(handler=cmd_cases_show)

    p = csub.add_parser(
        "act",
        help="办理案件的下一步（按当前账号的角色）",
        description=f"以 --user 账号办理一步。操作可用代码或中文：{ACTION_HELP}",
        epilog="示例：dibao cases act 3f2a ASSESS --monthly-income 600 --user chuangkou",
    )
    common.add_store_args(p)
    p.add_argument("case", help="案件编号（可只输入前几位）")
    p.add_argument("action", help="操作代码或中文名称，例如 SUBMIT_WINDOW 或 窗口受理")
    p.add_argument("--on", help="办理日期 YYYY-MM-DD（默认今天，不能晚于今天）")
    p.add_argument("--reason", default="", help="事实和理由（不予同意、终止、撤回、重新调查时填写）")
    p.add_argument("--missing", action="append", default=[], help="需补正的材料（可重复）")
    p.add_argument(
        "--investigator", action="append", default=[], help="参加调查的人员账号编号（可重复，至少两名）"
    )
    p.add_argument("--objection", default="", help="异议内容和证据")
    p.add_argument("--certificate-issued", action="store_true", help="已发放低保证或确认通知书")
    p.add_argument("--family-heard-on", help="听取家庭意见的日期 YYYY-MM-DD（停保时必填）")
    p.add_argument(
        "--monthly-income",
        help="评估时：家庭月收入（元），按户主工资性收入计入；完整评估请在桌面程序中录入",
    )
    p.set_defaults(handler=cmd_cases_act)

    p = sub.add_parser(
        "deadlines",
        help="列出未办结的法定期限（供脚本和县级使用）",
        description="列出所有未办结的法定期限，按到期日排序。标注“暂定日历”的期限在官方放假安排导入后会重新计算。",
    )
    common.add_store_args(p)
    p.add_argument("--township", help="乡镇/街道代码")
    p.add_argument("--overdue", action="store_true", help="只列出已逾期的期限")
    p.set_defaults(handler=cmd_deadlines)

    pay = sub.add_parser("payments", help="发放：roster")
    psub = pay.add_subparsers(dest="payments_command", metavar="操作", required=True)
    p = psub.add_parser("roster", help="某乡镇某月的低保金发放花名册")
    common.add_store_args(p)
    p.add_argument("--township", required=True, help="乡镇/街道代码")
    p.add_argument("--month", required=True, help="发放月份 YYYY-MM")
    p.set_defaults(handler=cmd_payments_roster)


# --------------------------------------------------------------------------------------------------- plumbing


def _deadline_text(row: DeadlineRow | None) -> str:
    if row is None:
        return "—"
    return f"{row.step_label} {row.due_on.isoformat()}（{row.status_label}）{row.provisional_mark}"


def _parse_action(text: str) -> Action:
    cleaned = text.strip()
    for action in Action:
        if cleaned.upper() == action.value or cleaned == ACTION_LABELS[action]:
            return action
    raise AppError(f"没有“{text}”这个操作。可用：{ACTION_HELP}")


def _parse_month(text: str) -> YearMonth:
    try:
        return YearMonth.parse(text.strip())
    except ValueError:
        raise AppError(f"月份“{text}”应写成 YYYY-MM，例如 2026-09。") from None


# --------------------------------------------------------------------------------------------------- handlers


def cmd_cases_list(args: argparse.Namespace) -> int:
    state = case_views.parse_state(args.state) if args.state else None
    with common.store_session(args) as ctx:
        rows = case_views.list_cases(
            ctx.session,
            ctx.store.actor,
            calendar=ctx.calendar,
            rules=ctx.rules,
            today=ctx.today,
            state=state,
            township_code=args.township,
            overdue_only=args.overdue,
        )
    common.say(f"{pad('案件编号', 38)}{pad('状态', 42)}{pad('户主', 26)}下一个期限")
    for r in rows:
        head = f"{r.head_name} {r.head_id_masked}"
        common.say(f"{pad(r.id, 38)}{pad(r.state_label, 42)}{pad(head, 26)}{_deadline_text(r.next_deadline)}")
    common.say(f"共 {len(rows)} 件。")
    return 0


def cmd_cases_show(args: argparse.Namespace) -> int:
    with common.store_session(args) as ctx:
        case_id = case_views.resolve_case_id(ctx.session, args.case)
        d = case_views.case_detail(
            ctx.session, ctx.store.actor, case_id, calendar=ctx.calendar, rules=ctx.rules, today=ctx.today
        )
    say = common.say
    say(f"案件 {d.id}")
    say(f"  状态：{d.state_label}")
    say(f"  申请方式：{d.channel_label}    乡镇/街道：{d.township_name}（{d.township_code}）")
    say(f"  村/社区：{d.area_name}（{d.area_code}）" + ("    人户分离" if d.renhu_fenli else ""))
    if d.accepted_on:
        say(f"  受理日期：{d.accepted_on.isoformat()}")
    if d.near_relative:
        say("  近亲属备案家庭：县级民政部门须全部实地核查，相关工作人员回避")
    if d.monthly_amount is not None:
        say(f"  月保障金额：{format_yuan(d.monthly_amount)} 元")
    if d.last_reason:
        say(f"  最近一步的理由：{d.last_reason}")
    say("家庭成员：")
    for m in d.members:
        extra = "" if m.coresident else "（不计入共同生活）"
        say(f"  {pad(m.name, 10)}{pad(m.relation, 8)}{m.id_masked}{extra}")
    if d.filings:
        say("近亲属备案：")
        for f in d.filings:
            post = f"，{f.staff_post}" if f.staff_post else ""
            say(f"  {f.staff_name}{post}：{f.relation}（申报日期 {f.declared_on.isoformat()}）")
    say("期限：")
    for row in d.deadlines:
        done = f"，办结 {row.done_on.isoformat()}" if row.done_on else ""
        late = "，超期" if row.late and row.done_on else ""
        until = (
            f"至 {row.due_on.isoformat()} 期满"
            if row.step in PERIODS
            else f"应于 {row.due_on.isoformat()} 前"
        )
        say(
            f"  {pad(row.step_label, 20)}{row.started_on.isoformat()} 起 {row.limit_text}，"
            f"{until}（{row.status_label}{done}{late}）{row.provisional_mark}"
        )
    if d.projected_finish and d.whole_process_due_on:
        say(
            f"  预计办结：{d.projected_finish.isoformat()}；办理总时限：{d.whole_process_due_on.isoformat()}"
            + ("（暂定日历）" if d.provisional else "")
        )
    if d.projection_warning:
        say(f"  ！{d.projection_warning}")
    if d.materials:
        say("一次性告知补正材料：")
        for item in d.materials:
            got = f"已于 {item.received_on.isoformat()} 收到" if item.received_on else "未收到"
            say(f"  {item.ordinal}. {item.description}（告知 {item.notified_on.isoformat()}，{got}）")
    if d.tasks:
        say("任务：")
        for t in d.tasks:
            scope = "县级" if t.scope == workflow.SCOPE_COUNTY else "乡镇"
            status = {"OPEN": "待办", "DONE": "已办结", "CANCELLED": "已撤销"}.get(t.status, t.status)
            say(f"  [{status}] {t.label}（{scope}，{t.created_on.isoformat()}）")
    if d.assessment:
        a = d.assessment
        say(
            f"评估（{a.assessed_on.isoformat()}）：{a.classification_label}；家庭人口 {a.household_size}，"
            f"人均收入 {format_yuan(a.per_capita_income)} 元，标准 {format_yuan(a.standard)} 元，"
            f"保障人数 {a.covered_persons}，月保障金额 {format_yuan(a.amount)} 元"
        )
        for reason in a.reasons:
            say(f"  不符合原因：{reason}")
    for dec in d.decisions:
        line = f"决定（{dec.decided_on.isoformat()}）：{dec.result_label}"
        if dec.result == workflow.RESULT_APPROVED:
            line += f"，月保障金额 {format_yuan(dec.amount)} 元，自 {dec.start_month} 起发放"
            if dec.end_month:
                line += f"，发放至 {dec.end_month}"
        say(line)
        if dec.reason:
            say(f"  理由：{dec.reason}")
        for label in dec.reason_labels:
            say(f"  原因：{label}")
    say("办理记录：")
    for e in d.timeline:
        say(f"  {e.at.astimezone(CHINA_TZ).strftime('%Y-%m-%d %H:%M')}  {pad(e.actor_login, 10)}{e.text}")
    if d.actions:
        say("当前账号可办理：" + "、".join(f"{label}（{a.value}）" for a, label in d.actions))
    return 0


def cmd_cases_act(args: argparse.Namespace) -> int:
    action = _parse_action(args.action)
    on = parse_date(args.on) if args.on else None
    heard = parse_date(args.family_heard_on) if args.family_heard_on else None
    income = parse_yuan(args.monthly_income) if args.monthly_income else None
    inputs = TransitionInput(
        missing_items=tuple(args.missing),
        investigator_ids=tuple(args.investigator),
        objection=args.objection,
        reason=args.reason,
        certificate_issued=args.certificate_issued,
        family_heard_on=heard,
    )
    with common.store_session(args, write=True) as ctx:
        case_id = case_views.resolve_case_id(ctx.session, args.case)
        assessment = None
        if action is Action.ASSESS:
            if income is None:
                raise AppError(
                    "命令行评估需要 --monthly-income（家庭月收入，元）；完整评估请在桌面程序中录入。"
                )
            assessment = workflow.simple_assessment_input(
                ctx.session, case_id, monthly_income=income, rules=ctx.rules, reference_date=on or ctx.today
            )
        result = workflow.apply_action(
            ctx.session,
            ctx.store.actor,
            case_id,
            action,
            clock=common.CLOCK,
            calendar=ctx.calendar,
            rules=ctx.rules,
            inputs=inputs,
            assessment=assessment,
            on_date=on,
        )
    common.say(f"已办理：{result.message}（办理日期 {result.on_date.isoformat()}）")
    for opened in result.opened:
        mark = "（暂定日历）" if opened.provisional else ""
        label = deadline_board.STEP_LABELS[opened.step]
        common.say(f"  开始计时：{label}，应于 {opened.due_on.isoformat()} 前办结{mark}")
    for task in result.tasks:
        common.say(f"  新任务：{task.label}")
    return 0


def cmd_deadlines(args: argparse.Namespace) -> int:
    with common.store_session(args) as ctx:
        rows = deadline_board.list_open_deadlines(
            ctx.session,
            ctx.store.actor,
            calendar=ctx.calendar,
            rules=ctx.rules,
            today=ctx.today,
            township_code=args.township,
            overdue_only=args.overdue,
        )
    common.say(f"{pad('到期日', 12)}{pad('状态', 10)}{pad('环节', 22)}{pad('案件编号', 38)}户主")
    for r in rows:
        common.say(
            f"{pad(r.due_on.isoformat(), 12)}{pad(r.status_label, 10)}{pad(r.step_label, 22)}{pad(r.case_id, 38)}"
            f"{r.head_name} {r.head_id_masked}{r.provisional_mark}"
        )
    overdue = sum(1 for r in rows if r.late)
    common.say(f"共 {len(rows)} 个未办结期限，其中 {overdue} 个已逾期。")
    return 0


def cmd_payments_roster(args: argparse.Namespace) -> int:
    month = _parse_month(args.month)
    with common.store_session(args) as ctx:
        roster = payments.township_roster(
            ctx.session, ctx.store.actor, township_code=args.township, month=month, rules=ctx.rules
        )
    common.say(
        f"{roster.township_code} {roster.month} 低保金发放花名册（应于 {roster.pay_by.isoformat()} 前发放）"
    )
    common.say(f"{pad('户主', 26)}{pad('村/社区', 14)}{pad('所属月份', 10)}{pad('金额（元）', 18)}案件编号")
    for r in roster.rows:
        late = "（补发）" if r.catch_up else ""
        common.say(
            f"{pad(f'{r.head_name} {r.head_id_masked}', 26)}{pad(r.area_code, 14)}{pad(r.for_month, 10)}"
            f"{pad(format_yuan(r.amount) + late, 18)}{r.case_id}"
        )
    common.say(f"共 {roster.households} 户，{len(roster.rows)} 笔，合计 {format_yuan(roster.total)} 元。")
    return 0
