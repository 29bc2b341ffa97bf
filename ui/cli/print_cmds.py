"""dibao print KIND … and dibao certificates …: documents as PDF files for scripts and batch printing.

Every file written is audited (who, which document, which case, when; never the content). The PDF is written
atomically (temporary file, then rename): a refused or failed document leaves no file, and a certificate number is
only taken when the file is written and the transaction commits.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.atomic import write_atomic
from app.db.models import Case, CaseDecision, IssuedCertificate
from app.db.store import OpenStore
from app.domain.errors import AppError, ValidationError
from app.services import case_views, certificates
from app.services.documents import (
    CHANGE_REASON_LABELS,
    ChangeReasonCode,
    DocumentKind,
    HearingRecord,
    load_public_key,
    new_signing_key,
    verify_certificate_qr,
)
from app.services.printing import (
    SETTINGS_FILE,
    PrintSettings,
    build_assessment_doc,
    build_change_notice_doc,
    build_denial_doc,
    build_investigation_doc,
    build_near_relative_doc,
    build_neighbour_doc,
    build_roster_doc,
    load_print_settings,
    record_print,
)
from app.services.reference import effective_rules
from app.services.supervision.publicity import NoticeKind, build_notice_doc
from app.services.workflow import RESULT_APPROVED
from app.workflow.rules import YearMonth
from reports.catalog import render_blank, render_certificates, render_document
from reports.fonts import FontSet, resolve_fonts
from ui.cli import common
from ui.cli.calendar_cmds import parse_date

KINDS = {
    "certificate": "最低生活保障证（--case 发证或 --reprint 补打；--township 与 --month 批量发证）",
    "denial": "不予同意告知书（含送达回证）",
    "publicity": "公示（--township；默认初审意见公示，--result 保障家庭公示，--leaver 退出家庭公示；--case 只印一户）",
    "investigation": "入户调查表（--case，或 --blank 空白表）",
    "neighbour": "邻里访问记录（--case，或 --blank 空白表）",
    "assessment": "家庭经济状况评估表",
    "near-relative": "近亲属备案表",
    "roster": "低保金发放花名册（--township 与 --month）",
    "change": "调整（终止）告知书（停保案件；须 --heard-on 等听取意见记录）",
}
KIND_HELP = "；".join(f"{k}={v}" for k, v in KINDS.items())
REASON_HELP = "，".join(f"{c.value}={CHANGE_REASON_LABELS[c]}" for c in ChangeReasonCode)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:  # pyright: ignore[reportPrivateUsage]
    p = sub.add_parser(
        "print",
        help="打印文书：生成PDF文件（低保证、告知书、公示、调查表、花名册等）",
        description=f"生成文书PDF。每次生成都记入审计日志。文书类型：{KIND_HELP}",
        epilog="示例：dibao print certificate --case 3f2a --out 低保证.pdf --user chuangkou\n"
        "　　　dibao print roster --township 360222900 --month 2026-09 --out 花名册.pdf --user chuangkou",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("kind", choices=sorted(KINDS), metavar="文书类型", help=" / ".join(sorted(KINDS)))
    p.add_argument("--out", type=Path, required=True, help="输出的PDF文件（已存在时覆盖）")
    p.add_argument("--case", help="案件编号（可只输入前几位）")
    p.add_argument("--township", help="乡镇/街道代码（公示、花名册、批量发证）")
    p.add_argument("--month", help="月份 YYYY-MM（花名册；批量发证时为确认同意的月份）")
    p.add_argument("--result", action="store_true", help="公示：保障家庭（结果）公示，而不是初审意见公示")
    p.add_argument("--leaver", action="store_true", help="公示：退出家庭公示（退出后按公示规则中的期限公示）")
    p.add_argument("--posted-on", help="公示：按哪一天应张贴的名单 YYYY-MM-DD（默认今天）")
    p.add_argument("--reprint", action="store_true", help="低保证：补打已发的证（证号不变，标注补打）")
    p.add_argument("--number", help="低保证补打：证号（代替 --case）")
    p.add_argument("--blank", action="store_true", help="空白表（入户调查表、邻里访问记录），不需要数据库")
    p.add_argument("--heard-on", help="调整（终止）告知书：听取意见的日期 YYYY-MM-DD")
    p.add_argument("--hearing-method", default="当面", help="听取意见的方式（当面、电话、书面，默认当面）")
    p.add_argument("--statement", default="", help="家庭的陈述意见")
    p.add_argument("--reason-code", default=ChangeReasonCode.OTHER.value, help=f"终止原因代码：{REASON_HELP}")
    p.add_argument("--settings", type=Path, help=f"打印设置文件（默认：数据目录下的 {SETTINGS_FILE}）")
    p.add_argument("--font-dir", help="打印字体目录或字体文件（优先于设置和环境变量 DIBAO_FONT_DIR）")
    common.add_store_args(p)
    p.set_defaults(handler=cmd_print)

    certs = sub.add_parser(
        "certificates", help="最低生活保障证号段与验证：range-add / ranges / void / verify / keygen"
    )
    csub = certs.add_subparsers(dest="certificates_command", metavar="操作", required=True)
    p = csub.add_parser("range-add", help="导入县级民政部门分配的证号段和签名私钥（管理员）")
    common.add_store_args(p)
    p.add_argument("--township", required=True, help="乡镇/街道代码")
    p.add_argument("--prefix", required=True, help="证号前缀，如 360222900-2026-")
    p.add_argument("--first", type=int, required=True, help="起始序号")
    p.add_argument("--last", type=int, required=True, help="终止序号（含）")
    p.add_argument("--key", type=Path, required=True, help="县级下发的 Ed25519 签名私钥（PEM）")
    p.add_argument("--reference", default="", help="县级分配文件的文号")
    p.set_defaults(handler=cmd_range_add)
    p = csub.add_parser("ranges", help="列出证号段和剩余数量")
    common.add_store_args(p)
    p.add_argument("--township", required=True, help="乡镇/街道代码")
    p.set_defaults(handler=cmd_ranges)
    p = csub.add_parser("void", help="作废一张低保证（证号保留，不再补打）")
    common.add_store_args(p)
    p.add_argument("number", help="证号")
    p.add_argument("--reason", required=True, help="作废原因")
    p.set_defaults(handler=cmd_void)
    p = csub.add_parser(
        "verify",
        help="县级验证：检查二维码内容的签名（不需要数据库）",
        description="用县级保存的公钥验证低保证二维码扫描得到的文字。金额、证号等任何内容被改动都会验证失败。",
    )
    p.add_argument("payload", help="二维码内容（扫描得到的文字）")
    p.add_argument("--public-key", type=Path, required=True, help="该号段的公钥（PEM）")
    p.set_defaults(handler=cmd_verify)
    p = csub.add_parser("keygen", help="县级：生成一个号段的签名密钥对（私钥随号段下发，公钥县级留存）")
    p.add_argument("--private-out", type=Path, required=True, help="私钥文件（PEM，下发乡镇）")
    p.add_argument("--public-out", type=Path, required=True, help="公钥文件（PEM，县级留存）")
    p.set_defaults(handler=cmd_keygen)


# --------------------------------------------------------------------------------------------------- print


@dataclass(frozen=True, slots=True)
class _Made:
    pdf: bytes
    kind: DocumentKind
    case_ids: tuple[str, ...]
    reprint: bool = False
    scope: str = ""
    warnings: tuple[str, ...] = ()


def _fonts(args: argparse.Namespace, settings: PrintSettings) -> FontSet:
    return resolve_fonts(args.font_dir or settings.font_dir or None)


def _settings(args: argparse.Namespace) -> PrintSettings:
    path: Path | None = args.settings
    if path is None:
        path = common.resolve_store(args) / SETTINGS_FILE
    elif not path.exists():
        raise ValidationError(f"打印设置文件 {path} 不存在。")
    return load_print_settings(path)


def cmd_print(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.suffix.lower() != ".pdf":
        raise ValidationError("输出文件名应以 .pdf 结尾。")
    if not out.parent.exists():
        raise ValidationError(f"输出目录 {out.parent} 不存在。")
    if args.blank:
        if args.kind not in ("investigation", "neighbour"):
            raise ValidationError("只有入户调查表（investigation）和邻里访问记录（neighbour）有空白表。")
        settings = load_print_settings(args.settings) if args.settings else PrintSettings()
        write_atomic(out, render_blank(DocumentKind(args.kind), fonts=_fonts(args, settings)), mode=0o600)
        common.say(f"已生成空白表：{out}")
        return 0
    settings = _settings(args)
    fonts = _fonts(args, settings)  # refuse before the password prompt when no font can be embedded
    store = common.open_store(args)
    try:
        made = _produce_and_write(store, args, settings, fonts, out)
    finally:
        store.close()
    for warning in made.warnings:
        common.say(f"提示：{warning}")
    cases = f"，{len(made.case_ids)} 件案件" if len(made.case_ids) > 1 else ""
    common.say(f"已生成 {out}（{len(made.pdf) // 1024 + 1} KB{cases}），已记入审计日志。")
    return 0


def _produce_and_write(
    store: OpenStore, args: argparse.Namespace, settings: PrintSettings, fonts: FontSet, out: Path
) -> _Made:
    written = False
    try:
        with store.unit_of_work() as session:
            made = _produce(session, store, args, settings, fonts)
            for case_id in made.case_ids or ("",):
                record_print(
                    session,
                    store.actor,
                    made.kind,
                    case_id,
                    clock=common.CLOCK,
                    reprint=made.reprint,
                    output="pdf",
                    scope=made.scope,
                )
            write_atomic(out, made.pdf, mode=0o600)
            written = True
    except BaseException:
        # The commit failed after the file was written: remove it, so nothing exists that is not recorded.
        if written:
            with contextlib.suppress(FileNotFoundError):
                out.unlink()
        raise
    return made


def _case(session: Session, args: argparse.Namespace) -> str:
    if not args.case:
        raise ValidationError(f"打印{KINDS[args.kind].split('（')[0]}需要 --case 案件编号。")
    return case_views.resolve_case_id(session, args.case)


def _produce(
    session: Session, store: OpenStore, args: argparse.Namespace, settings: PrintSettings, fonts: FontSet
) -> _Made:
    today = common.CLOCK.today()
    kind = args.kind
    if kind == "certificate":
        return _certificates(session, store, args, settings, fonts)
    if kind == "publicity":
        if not args.township:
            raise ValidationError("打印公示需要 --township 乡镇/街道代码。")
        if args.result and args.leaver:
            raise ValidationError("--result 与 --leaver 只能选一个。")
        on = parse_date(args.posted_on) if args.posted_on else today
        notice = (
            NoticeKind.APPROVED if args.result else NoticeKind.LEAVER if args.leaver else NoticeKind.INITIAL
        )
        case_ids = (case_views.resolve_case_id(session, args.case),) if args.case else ()
        doc, ids = build_notice_doc(
            session,
            store.actor,
            township_code=args.township,
            kind=notice,
            on=on,
            settings=settings,
            rules=effective_rules(session),
            case_ids=case_ids,
        )
        return _Made(
            render_document(doc, fonts=fonts), DocumentKind.PUBLICITY, ids, scope=f"{args.township} {notice}"
        )
    if kind == "roster":
        if not (args.township and args.month):
            raise ValidationError("打印花名册需要 --township 乡镇/街道代码和 --month 月份（YYYY-MM）。")
        month = _month(args.month)
        doc, ids = build_roster_doc(
            session,
            store.actor,
            township_code=args.township,
            month=month,
            settings=settings,
            rules=effective_rules(session),
        )
        return _Made(
            render_document(doc, fonts=fonts), DocumentKind.ROSTER, ids, scope=f"{args.township} {month}"
        )
    case_id = _case(session, args)
    builders: dict[str, Callable[[], object]] = {
        "denial": lambda: build_denial_doc(session, case_id, settings=settings, issued_on=today),
        "investigation": lambda: build_investigation_doc(session, case_id),
        "neighbour": lambda: build_neighbour_doc(session, case_id),
        "assessment": lambda: build_assessment_doc(session, case_id),
        "near-relative": lambda: build_near_relative_doc(session, case_id),
        "change": lambda: build_change_notice_doc(
            session,
            case_id,
            settings=settings,
            issued_on=today,
            reason=_reason_code(args.reason_code),
            hearing=HearingRecord(parse_date(args.heard_on), args.hearing_method, args.statement)
            if args.heard_on
            else None,
        ),
    }
    doc = builders[kind]()
    return _Made(render_document(doc, fonts=fonts), DocumentKind(kind), (case_id,))  # type: ignore[arg-type]


def _certificates(
    session: Session, store: OpenStore, args: argparse.Namespace, settings: PrintSettings, fonts: FontSet
) -> _Made:
    clock = common.CLOCK
    if args.reprint:
        target = args.number or _case(session, args)
        reprinted = certificates.reprint_certificate(
            session, store.actor, target, clock=clock, settings=settings
        )
        return _Made(
            render_certificates([reprinted.doc], fonts=fonts),
            DocumentKind.CERTIFICATE,
            (reprinted.case_id,),
            reprint=True,
        )
    if args.case:
        issued = certificates.issue_certificate(
            session, store.actor, _case(session, args), clock=clock, settings=settings
        )
        return _Made(
            render_certificates([issued.doc], fonts=fonts),
            DocumentKind.CERTIFICATE,
            (issued.case_id,),
            warnings=issued.warnings,
        )
    if not (args.township and args.month):
        raise ValidationError("打印低保证需要 --case，或批量发证的 --township 和 --month。")
    month = _month(args.month)
    pending = _approved_without_certificate(session, args.township, month)
    if not pending:
        raise ValidationError(f"{args.township} 在 {month} 没有待发证的确认同意案件。")
    batch = [
        certificates.issue_certificate(session, store.actor, cid, clock=clock, settings=settings)
        for cid in pending
    ]
    warnings = tuple(dict.fromkeys(w for b in batch for w in b.warnings))
    return _Made(
        render_certificates([b.doc for b in batch], fonts=fonts),
        DocumentKind.CERTIFICATE,
        tuple(b.case_id for b in batch),
        scope=f"{args.township} {month}",
        warnings=warnings,
    )


def _approved_without_certificate(session: Session, township: str, month: YearMonth) -> list[str]:
    decided = session.scalars(
        select(Case.id)
        .join(CaseDecision, CaseDecision.case_id == Case.id)
        .where(
            Case.township_code == township,
            Case.state.in_(("APPROVED", "ACTIVE")),
            CaseDecision.result == RESULT_APPROVED,
            CaseDecision.decided_on >= month.first_day(),
            CaseDecision.decided_on <= month.last_day(),
        )
        .order_by(CaseDecision.decided_on, Case.id)
    )
    have = set(
        session.scalars(select(IssuedCertificate.case_id).where(IssuedCertificate.voided_at.is_(None)))
    )
    return [str(c) for c in dict.fromkeys(decided) if c not in have]


def _month(text: str) -> YearMonth:
    try:
        return YearMonth.parse(text)
    except ValueError:
        raise ValidationError(f"月份“{text}”格式不对，应为 YYYY-MM，例如 2026-09。") from None


def _reason_code(text: str) -> ChangeReasonCode:
    try:
        return ChangeReasonCode(text.strip().upper())
    except ValueError:
        raise ValidationError(f"终止原因代码“{text}”不对，可选：{REASON_HELP}") from None


# --------------------------------------------------------------------------------------------------- certificates


@contextlib.contextmanager
def _store(args: argparse.Namespace) -> Iterator[OpenStore]:
    store = common.open_store(args)
    try:
        yield store
    finally:
        store.close()


def cmd_range_add(args: argparse.Namespace) -> int:
    key = args.key.read_bytes()
    with _store(args) as store, store.unit_of_work() as session:
        row = certificates.allocate_range(
            session,
            store.actor,
            township_code=args.township,
            prefix=args.prefix,
            first=args.first,
            last=args.last,
            signing_key_pem=key,
            clock=common.CLOCK,
            reference=args.reference,
        )
    common.say(
        f"已导入号段 {row.prefix}{row.first_serial}–{row.last_serial}（{row.remaining} 个，签名密钥 {row.key_id}）"
    )
    return 0


def cmd_ranges(args: argparse.Namespace) -> int:
    with _store(args) as store, store.reading() as session:
        rows = certificates.ranges(session, args.township)
    if not rows:
        common.say("没有号段。请向县级民政部门申请后用 dibao certificates range-add 导入。")
        return 0
    for r in rows:
        common.say(
            f"{r.prefix}{r.first_serial}–{r.last_serial}　剩余 {r.remaining}　密钥 {r.key_id}　{r.reference}"
        )
    common.say(f"合计剩余 {sum(r.remaining for r in rows)} 个")
    return 0


def cmd_void(args: argparse.Namespace) -> int:
    with _store(args) as store, store.unit_of_work() as session:
        certificates.void_certificate(
            session, store.actor, args.number, reason=args.reason, clock=common.CLOCK
        )
    common.say(f"已作废证号 {args.number}（证号保留，不再补打）。")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    key = load_public_key(args.public_key.read_bytes())
    try:
        claims = verify_certificate_qr(args.payload, key)
    except AppError as exc:
        common.fail(str(exc))
        return 1
    common.say(
        f"验证通过：证号 {claims.number}，乡镇 {claims.township_code}，月保障金额 {claims.monthly_amount} 元，"
        f"保障 {claims.covered_persons} 人，起始 {claims.start_month}，发证 {claims.issued_on}"
    )
    return 0


def cmd_keygen(args: argparse.Namespace) -> int:
    private_pem, public_pem = new_signing_key()
    for path in (args.private_out, args.public_out):
        if path.exists():
            raise ValidationError(f"{path} 已存在，不会覆盖。")
    write_atomic(args.private_out, private_pem, mode=0o600)
    write_atomic(args.public_out, public_pem, mode=0o644)
    common.say(
        f"已生成签名密钥：私钥 {args.private_out}（随号段下发乡镇），公钥 {args.public_out}（县级留存）"
    )
    return 0
