"""``dibao-county``: run and administer the county sync server. Every command has a Chinese --help."""

from __future__ import annotations

import argparse
import json
import socket
import ssl
import sys
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from sync.server import pki
from sync.server.core import ApiError, County, ServerConfig
from sync.server.db import initialise, make_engine

CONFIG_NAME = "county.json"

DESCRIPTION = """低保入户通 县级同步服务（dibao-county）。

乡镇笔记本电脑通过 HTTPS 或 U 盘同步包与本服务交换数据。先用 init 建立数据目录
（签名密钥、TLS 证书、默认 SQLite 数据库），再用 serve 启动服务。"""

EPILOG = """常用示例：
  dibao-county init --data /srv/dibao --host sync.county.example --host 127.0.0.1
  dibao-county serve --data /srv/dibao --db postgresql+psycopg://dibao@localhost/dibao --port 8443
  dibao-county devices enrol --data /srv/dibao --township 360222900 --label 鹅湖镇-笔记本1
  dibao-county devices enrol --data /srv/dibao --county --label 县民政局-审核1
  dibao-county devices revoke --data /srv/dibao 设备ID --reason 遗失
  dibao-county users add --data /srv/dibao coord1 --role coordinator --password-stdin
  dibao-county bundle import --data /srv/dibao 同步包.ssb"""


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _fail(text: str) -> None:
    sys.stderr.write(f"错误：{text}\n")


def _config(data: Path) -> dict[str, Any]:
    path = data / CONFIG_NAME
    if not path.exists():
        raise SystemExit(
            f"错误：{data} 不是县级数据目录（缺少 {CONFIG_NAME}）。请先运行 dibao-county init --data {data}"
        )
    return json.loads(path.read_text(encoding="utf-8"))


def _db_url(args: argparse.Namespace) -> str:
    return args.db or _config(args.data)["db"]


def _county(args: argparse.Namespace, **overrides: Any) -> County:
    cfg = ServerConfig(data_dir=args.data, db_url=_db_url(args), **overrides)
    return County(cfg)


def _read_password(args: argparse.Namespace) -> str:
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline().rstrip("\n")
        if not line:
            raise SystemExit("错误：标准输入中没有密码。")
        return line
    import getpass

    first = getpass.getpass("新密码：")
    if getpass.getpass("再输入一次：") != first:
        raise SystemExit("错误：两次输入的密码不一致。")
    return first


# ------------------------------------------------------------------------------------------------ commands


def cmd_init(args: argparse.Namespace) -> int:
    data: Path = args.data
    if (data / CONFIG_NAME).exists():
        _fail(f"{data} 已经初始化过，不会覆盖。")
        return 1
    data.mkdir(parents=True, exist_ok=True, mode=0o700)
    keys = pki.KeyPaths(data / "keys")
    if args.ca:
        ca = pki.KeyPaths(args.ca)
        if not ca.ca_key.exists():
            _fail(f"{args.ca} 中没有 ca.pem / ca.key。")
            return 1
    else:
        ca = pki.make_ca(data / "keys")
    pki.issue_server_cert(ca, keys, hosts=args.host or ["localhost", "127.0.0.1"])
    if args.ca:
        (keys.root / "ca.pem").write_bytes(ca.ca_cert.read_bytes())
    pki.make_county_keys(keys)
    url = args.db or f"sqlite:///{(data / 'county.db').resolve()}"
    engine = make_engine(url)
    try:
        initialise(engine, county_id=args.county_id)
    finally:
        engine.dispose()
    (data / CONFIG_NAME).write_text(
        json.dumps({"county_id": args.county_id, "db": url}, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    _say(f"已建立县级数据目录：{data}")
    _say(f"请把 CA 证书 {keys.ca_cert} 交给各乡镇笔记本（同步时用于校验服务器）。")
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    engine = make_engine(_db_url(args))
    try:
        initialise(engine, county_id=_config(args.data).get("county_id", "county"))
    finally:
        engine.dispose()
    _say("数据库结构已是最新。")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from sync.server.app import create_app

    url = _db_url(args)
    engine = make_engine(url)
    try:
        initialise(engine, county_id=_config(args.data).get("county_id", "county"))
    finally:
        engine.dispose()
    overrides: dict[str, Any] = {}
    if args.max_body:
        overrides["max_body_bytes"] = args.max_body
    if args.token_ttl:
        overrides["token_ttl_s"] = args.token_ttl
    if args.login_fail_limit:
        overrides["login_fail_limit"] = args.login_fail_limit
    if args.min_app:
        overrides["min_app_for_pull"] = args.min_app
    county = _county(args, **overrides)
    app = create_app(county)
    keys = county.keys
    tls = not args.no_tls
    if not tls and args.host not in ("127.0.0.1", "localhost", "::1"):
        _fail("不加密的 HTTP 只允许在本机回环地址上使用（测试）。")
        return 2
    sock = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((args.host, args.port))
    if args.port_file:
        tmp = Path(str(args.port_file) + ".tmp")
        tmp.write_text(str(sock.getsockname()[1]))
        tmp.replace(args.port_file)
    config = uvicorn.Config(
        app,
        log_level=args.log_level,
        access_log=False,
        ssl_certfile=str(keys.tls_cert) if tls else None,
        ssl_keyfile=str(keys.tls_key) if tls else None,
        limit_concurrency=args.limit_concurrency,
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=16 * 1024,
        timeout_graceful_shutdown=5,
        lifespan="off",
    )
    config.load()
    if tls and config.ssl is not None:
        config.ssl.minimum_version = ssl.TLSVersion.TLSv1_3
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        county.close()
        sock.close()
    return 0


def cmd_devices_enrol(args: argparse.Namespace) -> int:
    county = _county(args)
    try:
        scope = county.county_id if args.county else args.township.strip()
        if not args.county and not (
            len(scope) == 9 and scope.isdigit() and scope.startswith(county.county_id)
        ):
            _fail(
                f"乡镇/街道代码应为本县（{county.county_id}）下的 9 位代码，例如 {county.county_id}900；"
                "县级审核员的电脑请用 --county。"
            )
            return 2
        code = county.new_enrolment(scope, args.label, valid_hours=args.valid_hours)
    finally:
        county.close()
    _say(f"一次性登记码：{code}")
    _say(
        f"有效期 {args.valid_hours} 小时，只能使用一次。在笔记本上运行：dibao sync enrol --code {code} --server 地址"
    )
    return 0


def cmd_devices_list(args: argparse.Namespace) -> int:
    from sync.server.models import Device

    county = _county(args)
    try:
        with county.db.read() as s:
            rows = list(s.scalars(select(Device).order_by(Device.township_id, Device.enrolled_at)))
    finally:
        county.close()
    status_cn = {"active": "正常", "frozen": "已冻结", "revoked": "已吊销"}
    _say("设备ID\t乡镇\t名称\t状态\t已确认序号\t最近同步")
    for d in rows:
        _say(
            f"{d.device_id}\t{d.township_id}\t{d.label}\t{status_cn.get(d.status, d.status)}"
            f"{('（' + d.status_reason + '）') if d.status_reason else ''}\t{d.max_device_seq}\t{d.last_seen or '-'}"
        )
    return 0


def cmd_devices_revoke(args: argparse.Namespace) -> int:
    county = _county(args)
    try:
        county.revoke(args.device_id, args.reason)
    finally:
        county.close()
    _say(f"已吊销设备 {args.device_id}。该设备之后发来的数据将被隔离，等待县级审核。")
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    password = _read_password(args)
    if len(password) < 8:
        _fail("密码至少需要 8 个字符。")
        return 1
    county = _county(args)
    try:
        county.add_user(args.login, password, role=args.role, township_id=args.township, name=args.name)
    finally:
        county.close()
    _say(f"已新增县级账号 {args.login}（{args.role}）。")
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    from sync.server.models import CountyUser

    county = _county(args)
    try:
        with county.db.read() as s:
            for u in s.scalars(select(CountyUser).order_by(CountyUser.login)):
                _say(
                    f"{u.login}\t{u.display_name}\t{u.role}\t{u.township_id or '全县'}\t{'正常' if u.active else '停用'}"
                )
    finally:
        county.close()
    return 0


def cmd_users_disable(args: argparse.Namespace) -> int:
    from sync.server.models import AccessToken, CountyUser

    county = _county(args)
    try:
        with county.db.plain() as s:
            u = s.get(CountyUser, args.login)
            if u is None:
                _fail(f"没有账号 {args.login}。")
                return 1
            u.active = False
            for t in s.scalars(select(AccessToken).where(AccessToken.user_login == args.login)):
                s.delete(t)
    finally:
        county.close()
    _say(f"已停用账号 {args.login}。")
    return 0


def cmd_ca_new(args: argparse.Namespace) -> int:
    paths = pki.make_ca(args.out, name=args.name)
    _say(f"已生成县级 CA：{paths.ca_cert}（私钥 {paths.ca_key}，请离线保管）。")
    return 0


def cmd_ca_issue(args: argparse.Namespace) -> int:
    out = pki.KeyPaths(args.out)
    pki.issue_server_cert(pki.KeyPaths(args.ca), out, hosts=args.host, days=args.days)
    _say(f"已签发服务器证书：{out.tls_cert}")
    return 0


def cmd_epoch_rotate(args: argparse.Namespace) -> int:
    county = _county(args)
    try:
        epoch = county.rotate_epoch()
    finally:
        county.close()
    _say(f"已更换服务器纪元：{epoch}。各笔记本下次同步时会重新发送县级缺失的数据。")
    return 0


def cmd_backlog_force(args: argparse.Namespace) -> int:
    county = _county(args)
    try:
        n = county.force_backlog(timedelta(days=args.older_than_days))
    finally:
        county.close()
    _say(f"已按新建处理 {n} 条等待超过 {args.older_than_days} 天的变更。")
    return 0


def cmd_datasets_publish(args: argparse.Namespace) -> int:
    raw = json.loads(Path(args.file).read_text(encoding="utf-8"))
    items = raw["items"] if isinstance(raw, dict) else raw
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        _fail("数据集文件应为 JSON 数组，或含 items 数组的对象。")
        return 1
    county = _county(args)
    try:
        version = county.publish_dataset(args.name, items, stream=args.stream, by="cli")
    finally:
        county.close()
    _say(f"已发布数据集 {args.name} 第 {version} 版（{len(items)} 条，范围 {args.stream}）。")
    return 0


def cmd_conflicts_list(args: argparse.Namespace) -> int:
    from sync.server.core import Principal

    county = _county(args)
    try:
        views = county.list_conflicts(Principal("admin", None, "cli", None), status=args.status, stream=None)
    finally:
        county.close()
    kind_cn = {"soft": "并行修改（已合并）", "hard": "冲突（待裁决）", "invalid_transition": "不合流程"}
    for c in views.conflicts:
        _say(
            f"{c.conflict_id}\t{c.entity_type}\t{c.entity_id}\t{kind_cn.get(c.kind, c.kind)}\t{','.join(c.fields)}"
        )
    _say(f"共 {len(views.conflicts)} 条。")
    return 0


def cmd_bundle_import(args: argparse.Namespace) -> int:
    from sync.server.bundles import import_bundle

    county = _county(args)
    try:
        summary = import_bundle(county, Path(args.file))
    finally:
        county.close()
    _say(summary)
    return 0


def cmd_bundle_export(args: argparse.Namespace) -> int:
    from sync.server.bundles import export_bundle

    county = _county(args)
    try:
        summary = export_bundle(county, args.device, Path(args.out))
    finally:
        county.close()
    _say(summary)
    return 0


# ------------------------------------------------------------------------------------------------ parser


def _data_args(p: argparse.ArgumentParser, *, db: bool = True) -> None:
    p.add_argument("--data", type=Path, required=True, help="县级数据目录（init 建立的目录）")
    if db:
        p.add_argument("--db", default=None, help="数据库地址（默认用数据目录中的设置）")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dibao-county",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="子命令", required=True)

    p = sub.add_parser("init", help="建立县级数据目录：签名密钥、TLS 证书、默认数据库")
    _data_args(p)
    p.add_argument("--county-id", default="360222", help="县级区划代码（默认 360222）")
    p.add_argument(
        "--host", action="append", help="服务器证书中的主机名或 IP，可多次给出（默认 localhost 和 127.0.0.1）"
    )
    p.add_argument("--ca", type=Path, default=None, help="使用已有 CA 目录（含 ca.pem、ca.key）；不给则新建")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("serve", help="启动同步服务（HTTPS）")
    _data_args(p)
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    p.add_argument("--port", type=int, default=8443, help="监听端口（默认 8443；0 表示随机空闲端口）")
    p.add_argument("--port-file", type=Path, default=None, help="把实际端口写入此文件（供脚本使用）")
    p.add_argument("--no-tls", action="store_true", help="不加密（仅限本机回环地址上的测试）")
    p.add_argument("--max-body", type=int, default=0, help="单个请求的最大字节数（默认 4 MiB）")
    p.add_argument("--token-ttl", type=int, default=0, help="访问令牌有效秒数（默认 900）")
    p.add_argument(
        "--login-fail-limit", type=int, default=0, help="每台设备每分钟允许的登录失败次数（默认 10）"
    )
    p.add_argument("--min-app", default="", help="接收县级数据所需的最低程序版本")
    p.add_argument("--limit-concurrency", type=int, default=200, help="最大并发连接数（默认 200）")
    p.add_argument("--log-level", default="warning", help="日志级别（默认 warning）")
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser("db", help="数据库维护：upgrade")
    dsub = p.add_subparsers(dest="db_command", metavar="操作", required=True)
    q = dsub.add_parser("upgrade", help="把数据库结构升级到最新")
    _data_args(q)
    q.set_defaults(handler=cmd_db_upgrade)

    p = sub.add_parser("devices", help="设备管理：enrol / list / revoke")
    dsub = p.add_subparsers(dest="devices_command", metavar="操作", required=True)
    q = dsub.add_parser("enrol", help="为一台笔记本生成一次性登记码（24 小时有效）")
    _data_args(q)
    who = q.add_mutually_exclusive_group(required=True)
    who.add_argument("--township", help="乡镇/街道代码（设备只能同步该乡镇的数据）")
    who.add_argument(
        "--county",
        action="store_true",
        help="县级审核员的电脑：同步全县各乡镇的数据（预警、核对报告按乡镇分发）",
    )
    q.add_argument("--label", default="", help="设备名称，例如“鹅湖镇-笔记本1”")
    q.add_argument("--valid-hours", type=int, default=24, help="登记码有效小时数（默认 24）")
    q.set_defaults(handler=cmd_devices_enrol)
    q = dsub.add_parser("list", help="列出已登记设备及其状态")
    _data_args(q)
    q.set_defaults(handler=cmd_devices_list)
    q = dsub.add_parser("revoke", help="吊销设备：之后该设备的同步被拒绝，数据被隔离待审核")
    _data_args(q)
    q.add_argument("device_id", help="设备ID（见 devices list）")
    q.add_argument("--reason", default="", help="吊销原因，例如“遗失”")
    q.set_defaults(handler=cmd_devices_revoke)

    p = sub.add_parser("users", help="县级账号（协调员、管理员）：add / list / disable")
    usub = p.add_subparsers(dest="users_command", metavar="操作", required=True)
    q = usub.add_parser("add", help="新增县级账号")
    _data_args(q)
    q.add_argument("login", help="登录名")
    q.add_argument(
        "--role",
        choices=["coordinator", "admin"],
        default="coordinator",
        help="角色：coordinator=协调员，admin=管理员",
    )
    q.add_argument("--township", default=None, help="只管理某个乡镇（不给则全县）")
    q.add_argument("--name", default="", help="姓名")
    q.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（一行）")
    q.set_defaults(handler=cmd_users_add)
    q = usub.add_parser("list", help="列出县级账号")
    _data_args(q)
    q.set_defaults(handler=cmd_users_list)
    q = usub.add_parser("disable", help="停用县级账号")
    _data_args(q)
    q.add_argument("login", help="登录名")
    q.set_defaults(handler=cmd_users_disable)

    p = sub.add_parser("ca", help="证书：new（新建县级 CA）/ issue（签发服务器证书）")
    csub = p.add_subparsers(dest="ca_command", metavar="操作", required=True)
    q = csub.add_parser("new", help="新建县级 CA（测试或小型部署用）")
    q.add_argument("--out", type=Path, required=True, help="输出目录")
    q.add_argument("--name", default="景德镇市县级低保同步 CA", help="CA 名称")
    q.set_defaults(handler=cmd_ca_new)
    q = csub.add_parser("issue", help="用县级 CA 签发服务器 TLS 证书")
    q.add_argument("--ca", type=Path, required=True, help="CA 目录（含 ca.pem、ca.key）")
    q.add_argument("--out", type=Path, required=True, help="输出目录（写入 server.pem、server.key）")
    q.add_argument("--host", action="append", required=True, help="主机名或 IP，可多次给出")
    q.add_argument("--days", type=int, default=825, help="有效天数（默认 825）")
    q.set_defaults(handler=cmd_ca_issue)

    p = sub.add_parser("epoch", help="服务器纪元：从备份恢复数据库后必须运行 rotate")
    esub = p.add_subparsers(dest="epoch_command", metavar="操作", required=True)
    q = esub.add_parser("rotate", help="更换纪元：笔记本会重新发送县级缺失的数据")
    _data_args(q)
    q.set_defaults(handler=cmd_epoch_rotate)

    p = sub.add_parser("backlog", help="等待中的变更：force")
    bsub = p.add_subparsers(dest="backlog_command", metavar="操作", required=True)
    q = bsub.add_parser("force", help="把等待“新建”超过期限的修改按新建处理")
    _data_args(q)
    q.add_argument("--older-than-days", type=int, default=5, help="等待天数（默认 5）")
    q.set_defaults(handler=cmd_backlog_force)

    p = sub.add_parser("datasets", help="县级参考数据：publish")
    dsub = p.add_subparsers(dest="datasets_command", metavar="操作", required=True)
    q = dsub.add_parser("publish", help="发布一个数据集的新版本（标准、日历、区划、证号段、预警、抽查任务）")
    _data_args(q)
    q.add_argument("--name", required=True, help="数据集名称，例如 standards、calendar、divisions")
    q.add_argument("--file", required=True, help="JSON 文件：数组，或含 items 数组的对象")
    q.add_argument(
        "--stream", default="county:ref", help="发给谁：county:ref（全县）、township:代码、device:设备ID"
    )
    q.set_defaults(handler=cmd_datasets_publish)

    p = sub.add_parser("conflicts", help="冲突队列：list")
    qsub = p.add_subparsers(dest="conflicts_command", metavar="操作", required=True)
    q = qsub.add_parser("list", help="列出冲突")
    _data_args(q)
    q.add_argument("--status", default="open", help="open（默认）、resolved、acknowledged")
    q.set_defaults(handler=cmd_conflicts_list)

    p = sub.add_parser("bundle", help="U 盘同步包：import / export")
    bsub = p.add_subparsers(dest="bundle_command", metavar="操作", required=True)
    q = bsub.add_parser("import", help="导入笔记本交来的同步包（重复导入无影响）")
    _data_args(q)
    q.add_argument("file", help="同步包文件（.ssb）")
    q.set_defaults(handler=cmd_bundle_import)
    q = bsub.add_parser("export", help="为一台笔记本生成回程同步包（回执 + 县级数据）")
    _data_args(q)
    q.add_argument("--device", required=True, help="设备ID")
    q.add_argument("--out", required=True, help="输出文件（.ssb）")
    q.set_defaults(handler=cmd_bundle_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except ApiError as exc:
        _fail(exc.message)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
