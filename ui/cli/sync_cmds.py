"""dibao sync (HTTPS with the county CA pinned) | dibao bundle export|import (USB, no network)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.domain.errors import AppError
from ui.cli import common


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:  # pyright: ignore[reportPrivateUsage]
    p = sub.add_parser(
        "sync",
        help="与县级服务器同步（发送本机记录和照片，接收县级数据）",
        description="通过 HTTPS 与县级服务器同步。第一次使用先登记本设备："
        "dibao sync --enrol 登记码 --server https://地址:端口 --ca 县级CA证书.pem。"
        "之后只需 dibao sync（服务器地址和证书已保存在加密数据库中）。中断后再次运行会从断点继续，不会重复。",
    )
    common.add_store_args(p)
    p.add_argument("--server", default=None, help="县级服务器地址，例如 https://sync.county.example:8443")
    p.add_argument("--ca", type=Path, default=None, help="县级 CA 证书文件（登记时需要）")
    p.add_argument("--enrol", metavar="登记码", default=None, help="用县级发放的一次性登记码登记本设备")
    p.add_argument("--quiet", action="store_true", help="只输出最后的结果")
    p.set_defaults(handler=cmd_sync)

    b = sub.add_parser("bundle", help="U 盘同步包：export（导出给县级）/ import（导入县级回程包）")
    bsub = b.add_subparsers(dest="bundle_command", metavar="操作", required=True)
    q = bsub.add_parser(
        "export",
        help="把尚未被县级确认的记录和照片导出为加密同步包",
        description="同步包用县级公钥加密、用本设备密钥签名；丢失的 U 盘上的数据无法被读取。",
    )
    common.add_store_args(q)
    q.add_argument("--out", type=Path, required=True, help="输出文件（.ssb），不会覆盖已有文件")
    q.set_defaults(handler=cmd_bundle_export)
    q = bsub.add_parser("import", help="导入县级生成的回程同步包（回执和县级数据）；重复导入没有影响")
    common.add_store_args(q)
    q.add_argument("file", type=Path, help="回程同步包文件（.ssb）")
    q.set_defaults(handler=cmd_bundle_import)


def cmd_sync(args: argparse.Namespace) -> int:
    from sync import local
    from sync.client import Progress, SyncClient, SyncError, enrol, make_http

    store = common.open_store(args)
    try:
        try:
            if args.enrol:
                if not args.server or not args.ca:
                    raise AppError("登记时需要 --server 和 --ca。")
                ca_pem = Path(args.ca).read_text(encoding="utf-8")
                with make_http(args.server, ca_pem) as http:
                    enrol(store, http, code=args.enrol, ca_pem=ca_pem, server_url=args.server)
                common.say("本设备已在县级登记。现在可以运行 dibao sync 同步。")
                return 0
            with store.reading() as s:
                ident = local.identity(s)
                server_url = args.server or (ident.server_url if ident else None)
                ca_pem = ident.ca_pem if ident else None
            if ident is None or not server_url:
                raise SyncError(
                    "NOT_ENROLLED",
                    "本设备还没有在县级登记。请先运行 dibao sync --enrol 登记码 --server 地址 --ca 证书文件",
                )

            def show(p: Progress) -> None:
                if not args.quiet:
                    common.say(f"{p.label}…" + (f" {p.done}/{p.total}" if p.total else ""))

            with make_http(server_url, ca_pem) as http:
                summary = SyncClient(http, store).run(progress=show)
            common.say(summary.text())
            return 0 if summary.verify_ok else 1
        except SyncError as exc:
            common.fail(exc.message)
            return 1
    finally:
        store.close()


def cmd_bundle_export(args: argparse.Namespace) -> int:
    from sync.bundle import export_bundle

    store = common.open_store(args)
    try:
        common.say(export_bundle(store, args.out))
    finally:
        store.close()
    return 0


def cmd_bundle_import(args: argparse.Namespace) -> int:
    from sync.bundle import BundleError, import_bundle

    store = common.open_store(args)
    try:
        common.say(import_bundle(store, args.file))
    except BundleError as exc:
        common.fail(str(exc))
        return 1
    finally:
        store.close()
    return 0
