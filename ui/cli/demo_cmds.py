"""dibao demo: fill a store with a synthetic sample township (made-up people, checksum-valid fake IDs)."""

from __future__ import annotations

import argparse

from app.services.demo import add_demo_certificate_range, demo_team, fill_demo
from app.services.printing import SETTINGS_FILE, PrintSettings, save_print_settings
from app.workflow.states import STATE_LABELS
from ui.cli import common

# Print settings for training: clearly fictional (the issuer says 演示; the numbers are zeros), so a demo notice can
# print its 公示 sheet and nobody mistakes it for a real one.
DEMO_PRINT_SETTINGS = PrintSettings(
    issuer="浮梁县示例镇人民政府（演示）",
    township_phone="0798-0000000",
    county_hotline="0798-0000001",
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:  # pyright: ignore[reportPrivateUsage]
    p = sub.add_parser(
        "demo",
        help="向数据库写入演示数据（虚构人员、虚构但校验合法的身份证号）",
        description="导入样例区划，并在“示例镇（样例数据）”生成虚构家庭和申请，申请分布在办理流程的各个状态"
        "（含已确认同意、可打印低保证的案件和不予同意、待送达告知书的案件）；待入户调查的案件分派两名调查人员，"
        "并安排本周和下周初的入户调查。数据目录还没有打印设置时，写入演示用的打印设置（虚构的发文机关和电话），"
        "已有的打印设置不会改动。仅用于培训和演示。",
    )
    common.add_store_args(p)
    p.add_argument("--households", type=int, default=30, help="生成多少户（默认 30）")
    p.add_argument("--seed", type=int, default=2026, help="随机种子，相同种子生成相同数据")
    p.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    store = common.open_store(args)
    try:
        with store.unit_of_work() as session:
            summary = fill_demo(
                session, store.actor, clock=common.CLOCK, households=args.households, seed=args.seed
            )
            # A training serial range so the approved demo cases can print their certificate.
            add_demo_certificate_range(session, store.actor, common.CLOCK)
            team = "、".join(name for _, name in demo_team(session))
            # Last, so a refusal leaves no file behind; never over an administrator's own settings.
            settings_path = store.paths.root / SETTINGS_FILE
            wrote_settings = not settings_path.exists()
            if wrote_settings:
                save_print_settings(
                    session, store.actor, settings_path, DEMO_PRINT_SETTINGS, clock=common.CLOCK
                )
        common.say(
            f"已在示例镇（{summary.township_code}）生成 {summary.households} 户虚构家庭和 {summary.cases} 件申请。"
        )
        if summary.states:
            common.say("案件状态：" + "，".join(f"{STATE_LABELS[s]} {n} 件" for s, n in summary.states))
        if summary.assigned_cases:
            common.say(f"调查人员分派：{summary.assigned_cases} 件待入户调查的案件已分派给 {team}。")
            common.say(
                f"入户安排：已安排 {summary.planned_visits} 次入户调查"
                "（dibao visits list 列出本周的安排，dibao assign show 案件编号 查看一件案件的安排）。"
            )
        else:
            common.say("调查人员分派：没有待入户调查的案件，未分派调查人员，未安排入户调查。")
        if wrote_settings:
            common.say(
                f"打印设置：已写入演示用的 {settings_path}（发文机关“{DEMO_PRINT_SETTINGS.issuer}”，"
                f"监督电话 {DEMO_PRINT_SETTINGS.township_phone}、举报电话 {DEMO_PRINT_SETTINGS.county_hotline}，均为虚构）；"
                "正式使用前请管理员在“数据维护 → 打印设置”中改为真实的内容。"
            )
        else:
            common.say(f"打印设置：{settings_path} 已存在，未改动。")
        return 0
    finally:
        store.close()
