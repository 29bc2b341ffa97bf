"""dibao init | users … | store check|backup|restore."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.db.backup import backup, restore
from app.db.paths import read_slots
from app.db.store import create_store
from app.domain.errors import AppError
from app.domain.roles import ROLE_LABELS, Role
from app.services import accounts
from app.services.store_admin import check_store
from ui.cli import common

ROLE_HELP = "，".join(f"{r.value}={ROLE_LABELS[r]}" for r in Role)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:  # pyright: ignore[reportPrivateUsage]
    p = sub.add_parser(
        "init",
        help="新建加密数据库和第一个管理员账号",
        description="在数据目录中新建加密数据库、密钥文件和第一个管理员账号。"
        "未配置县级恢复公钥时，会显示一次性恢复码，请打印或抄写后交县级保管。",
    )
    common.add_store_args(p, user=False)
    p.add_argument("--admin", default="admin", help="管理员登录名（默认 admin）")
    p.add_argument("--name", default="管理员", help="管理员姓名")
    p.add_argument("--county-key", type=Path, help="县级恢复公钥文件（X25519，PEM）；不给则生成恢复码")
    p.set_defaults(handler=cmd_init)

    users = sub.add_parser("users", help="账号管理：add / list / disable / passwd")
    usub = users.add_subparsers(dest="users_command", metavar="操作", required=True)
    p = usub.add_parser(
        "add",
        help="新增账号",
        description=f"新增账号。角色：{ROLE_HELP}。"
        "使用 --password-stdin 时，第一行是操作者密码，第二行是新账号密码。",
    )
    common.add_store_args(p)
    p.add_argument(
        "login",
        help="新账号登录名：此人在全县各台电脑上的身份（每台电脑上同一人用同一登录名；离职人员的登录名不要给别人）",
    )
    p.add_argument("--role", required=True, choices=[r.value for r in Role], help="角色")
    p.add_argument("--name", default="", help="姓名")
    p.add_argument("--township", default=None, help="所属乡镇/街道代码")
    p.set_defaults(handler=cmd_users_add)
    p = usub.add_parser("list", help="列出账号")
    common.add_store_args(p)
    p.set_defaults(handler=cmd_users_list)
    p = usub.add_parser("disable", help="停用账号（删除其密钥槽，之后无法登录）")
    common.add_store_args(p)
    p.add_argument("login", help="要停用的登录名")
    p.set_defaults(handler=cmd_users_disable)
    p = usub.add_parser(
        "passwd",
        help="修改 --user 账号自己的密码",
        description="使用 --password-stdin 时，第一行是原密码，第二行是新密码。",
    )
    common.add_store_args(p)
    p.set_defaults(handler=cmd_users_passwd)

    store = sub.add_parser("store", help="数据库维护：check / backup / restore")
    ssub = store.add_subparsers(dest="store_command", metavar="操作", required=True)
    p = ssub.add_parser("check", help="检查加密参数、页面校验、完整性、审计链；有问题时退出码为 1")
    common.add_store_args(p)
    p.set_defaults(handler=cmd_store_check)
    p = ssub.add_parser("backup", help="加密备份到一个文件（通过 SQLCipher 备份接口，不是文件复制）")
    common.add_store_args(p)
    p.add_argument("--out", type=Path, required=True, help="备份文件路径（不会覆盖已有文件）")
    p.set_defaults(handler=cmd_store_backup)
    p = ssub.add_parser(
        "restore",
        help="从备份恢复到一个新的数据目录（不会覆盖已有数据库）",
        description="恢复需要备份时某个账号的密码。",
    )
    p.add_argument("file", type=Path, help="备份文件")
    common.add_store_args(p)
    p.set_defaults(handler=cmd_store_restore)


def cmd_init(args: argparse.Namespace) -> int:
    root = common.resolve_store(args)
    password = common.read_secret(args, f"为管理员 {args.admin} 设置密码（至少 8 位）：", confirm=True)
    county_pem = args.county_key.read_bytes() if args.county_key else None
    created = create_store(
        root,
        admin_login=args.admin,
        admin_password=password,
        admin_name=args.name,
        clock=common.CLOCK,
        county_public_pem=county_pem,
    )
    common.say(f"已在 {root} 新建加密数据库，管理员账号：{args.admin}")
    if created.recovery_code:
        common.say("")
        common.say("一次性恢复码（只显示这一次，请抄写或打印后交县级管理员保管）：")
        common.say(f"    {created.recovery_code}")
        common.say("忘记全部密码时，凭此码可以找回数据。")
    else:
        common.say("恢复密钥已用县级公钥封装，忘记密码时请联系县级管理员。")
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    store = common.open_store(args)
    try:
        password = common.read_secret(args, f"为新账号 {args.login} 设置密码（至少 8 位）：", confirm=True)
        with store.unit_of_work() as session:
            row = accounts.add_user(
                store,
                session,
                login=args.login,
                display_name=args.name,
                role=Role(args.role),
                password=password,
                clock=common.CLOCK,
                township_code=args.township,
            )
        common.say(f"已新增账号 {row.login}（{row.display_name}，{row.role_label}）")
        return 0
    finally:
        store.close()


def cmd_users_list(args: argparse.Namespace) -> int:
    store = common.open_store(args)
    try:
        with store.reading() as session:
            rows = accounts.list_users(session, store.actor)
        common.say(f"{'登录名':<14}{'姓名':<10}{'角色':<10}状态")
        for r in rows:
            common.say(
                f"{r.login:<16}{r.display_name:<10}{r.role_label:<10}{'启用' if r.active else '已停用'}"
            )
        return 0
    finally:
        store.close()


def cmd_users_disable(args: argparse.Namespace) -> int:
    store = common.open_store(args)
    try:
        with store.unit_of_work() as session:
            row = accounts.disable_user(store, session, login=args.login, clock=common.CLOCK)
        common.say(f"已停用账号 {row.login}，该账号不能再登录。")
        return 0
    finally:
        store.close()


def cmd_users_passwd(args: argparse.Namespace) -> int:
    old = common.read_secret(args, f"账号 {args.user} 的原密码：")
    new = common.read_secret(args, "新密码（至少 8 位）：", confirm=True)
    from app.db.store import unlock

    store = unlock(common.resolve_store(args), args.user, old, clock=common.CLOCK)
    try:
        with store.unit_of_work() as session:
            accounts.change_password(store, session, old_password=old, new_password=new, clock=common.CLOCK)
        common.say("密码已修改。")
        return 0
    finally:
        store.close()


def cmd_store_check(args: argparse.Namespace) -> int:
    root = common.resolve_store(args)
    read_slots(root)  # a missing store is reported before asking for a password
    try:
        store = common.open_store(args, verify=False)
    except AppError as exc:
        common.say(f"✗ 打开数据库：{exc}")
        return 1
    try:
        report = check_store(store)
    finally:
        store.close()
    for item in report.items:
        mark = "✓" if item.ok else "✗"
        common.say(f"{mark} {item.name}" + (f"：{item.detail}" if item.detail else ""))
    if report.ok:
        common.say("数据库检查通过。")
        return 0
    common.say("数据库有问题。请不要继续录入，用最近的备份恢复：dibao store restore 备份文件 --store 新目录")
    return 1


def cmd_store_backup(args: argparse.Namespace) -> int:
    store = common.open_store(args)
    try:
        info = backup(store, args.out, created_at=common.CLOCK.now())
        from app.db import audit

        with store.unit_of_work() as session:
            audit.append(
                session, store.actor, "store.backup", at=common.CLOCK.now(), details={"size": info.size}
            )
        common.say(f"已备份到 {info.path}（{info.size // 1024} KB，已加密）。")
        return 0
    finally:
        store.close()


def cmd_store_restore(args: argparse.Namespace) -> int:
    root = common.resolve_store(args)
    password = common.read_secret(args, f"账号 {args.user} 在备份时的密码：")
    paths = restore(args.file, root, login=args.user, password=password)
    common.say(
        f"已恢复到 {paths.root}。请用原账号和密码登录，并运行 dibao store check --store {paths.root}。"
    )
    return 0
