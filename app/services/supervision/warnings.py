"""预警 handling (seed 三(三)4; DOMAIN §10.1, §8.14): import, assignment, home verification, disposition, closing,
and the request for point-to-point data view when a warning is unclear.

Lifecycle: OPEN (township and person may be unassigned) → VERIFIED (home visit done, findings and disposition
recorded) → CLOSED. The township must verify at home within ``deadline.warning_verification`` working days of the
warning's return (``pushed_on``); the due date is computed on the work calendar when the warning is filed and marked
provisional when it leans on a year without an official calendar (:func:`recompute_warning_deadlines` moves such dates
after a calendar import). The column mapping of the import is documented in ``warning_files``.

Who: the county reviewer imports, assigns townships and answers data-view requests; township staff assign the
person, verify, dispose, close and ask for a data view, for their own township only.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.db.models import Case, Division, Person, User
from app.db.models.supervision import MonitoringWarning, WarningImportBatch
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.errors import AppError, IdNumberError, PermissionDenied, RecusalRequired, ValidationError
from app.domain.idnumber import mask_id_number, parse_id_number
from app.domain.roles import PERMISSIONS, ROLE_LABELS, Permission, Role
from app.services import workflow
from app.services.deadline_board import DISPLAY_LABELS, due_soon_threshold, open_status
from app.services.supervision.common import (
    TOWNSHIP_STAFF,
    Recorder,
    clean,
    dumps,
    get_row,
    is_county,
    not_after_today,
    require_any,
    require_same_township,
    require_township,
    row_fields,
    township_name,
    township_scope,
)
from app.services.supervision.warning_files import (
    ColumnMapping,
    RawRow,
    cell_text,
    file_rows,
    load_column_mapping,
    map_header,
    parse_date_cell,
    read_table,
)
from app.workflow.calendar import WorkCalendar
from app.workflow.deadlines import OpenDeadline, Step, compute_deadline, recompute_open_deadlines
from app.workflow.rules import RuleReader

ORIGIN_IMPORT = "IMPORT"
ORIGIN_SILENT_CHECK = "SILENT_CHECK"
ORIGIN_VISIT = "VISIT"
ORIGIN_LABELS: Mapping[str, str] = MappingProxyType(
    {ORIGIN_IMPORT: "监测平台推送", ORIGIN_SILENT_CHECK: "静默核对", ORIGIN_VISIT: "主动发现走访"}
)

STATUS_OPEN = "OPEN"
STATUS_VERIFIED = "VERIFIED"
STATUS_CLOSED = "CLOSED"
STATUS_LABELS: Mapping[str, str] = MappingProxyType(
    {STATUS_OPEN: "待核查", STATUS_VERIFIED: "已核查待办结", STATUS_CLOSED: "已办结"}
)

VIEW_REQUESTED = "REQUESTED"
VIEW_ANSWERED = "ANSWERED"
VIEW_LABELS: Mapping[str, str] = MappingProxyType(
    {VIEW_REQUESTED: "已申请点对点查看", VIEW_ANSWERED: "县级已答复"}
)

METHOD_HOME = "HOME_VISIT"
METHOD_HOME_ONLINE = "HOME_VISIT+ONLINE"
METHOD_LABELS: Mapping[str, str] = MappingProxyType(
    {METHOD_HOME: "入户核查", METHOD_HOME_ONLINE: "入户核查＋线上核查"}
)


class Disposition(StrEnum):
    MAINTAIN = "MAINTAIN"
    INCREASE = "INCREASE"
    REDUCE = "REDUCE"
    STOP = "STOP"
    INCLUDE_DIBAO = "INCLUDE_DIBAO"
    INCLUDE_EDGE = "INCLUDE_EDGE"
    TEMPORARY_ASSISTANCE = "TEMPORARY_ASSISTANCE"
    REFER = "REFER"


DISPOSITION_LABELS: Mapping[Disposition, str] = MappingProxyType(
    {
        Disposition.MAINTAIN: "维持",
        Disposition.INCREASE: "增发",
        Disposition.REDUCE: "减发",
        Disposition.STOP: "停发",
        Disposition.INCLUDE_DIBAO: "纳入低保",
        Disposition.INCLUDE_EDGE: "纳入边缘",
        Disposition.TEMPORARY_ASSISTANCE: "临时救助",
        Disposition.REFER: "转介",
    }
)


def parse_disposition(text: str) -> Disposition:
    cleaned = text.strip()
    for d in Disposition:
        if cleaned.upper() == d.value or cleaned == DISPOSITION_LABELS[d]:
            return d
    allowed = "、".join(DISPOSITION_LABELS.values())
    raise ValidationError(f"没有“{text}”这种处置方式。可用：{allowed}")


# --------------------------------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class WarningRow:
    id: str
    external_no: str
    origin: str
    origin_label: str
    source_dept: str
    warning_type: str
    detail: str
    pushed_on: date
    subject_name: str
    subject_id_masked: str
    household_id: str | None
    township_code: str | None
    township_name: str
    assigned_to: str | None
    assigned_to_name: str
    due_on: date
    provisional: bool
    status: str
    status_label: str
    time_status: str  # ON_TIME | DUE_SOON | OVERDUE while open; DONE afterwards
    time_status_label: str
    working_days_left: int | None
    late: bool  # home verification after the due date, or still open past it
    home_visited_on: date | None
    verification_method_label: str
    findings: str
    disposition: Disposition | None
    disposition_label: str
    disposition_note: str
    closed_on: date | None
    data_view_status: str | None
    data_view_label: str
    data_view_reason: str
    data_view_answer: str

    @property
    def provisional_mark(self) -> str:
        return "（暂定日历）" if self.provisional else ""


def warning_row(
    w: MonitoringWarning, *, town: str, calendar: WorkCalendar, threshold: int, today: date
) -> WarningRow:
    left: int | None = None
    if w.status == STATUS_OPEN:
        clock = open_status(w.due_on, today, threshold, calendar)
        time_status, left = clock.status.value, clock.working_days_left
        late = today > w.due_on
        time_label = DISPLAY_LABELS[time_status]
    else:
        time_status = "DONE"
        late = w.home_visited_on is not None and w.home_visited_on > w.due_on
        time_label = "已核查" + ("（超期）" if late else "")
    disposition = Disposition(w.disposition) if w.disposition else None
    return WarningRow(
        id=str(w.id),
        external_no=w.external_no,
        origin=w.origin,
        origin_label=ORIGIN_LABELS.get(w.origin, w.origin),
        source_dept=w.source_dept,
        warning_type=w.warning_type,
        detail=w.detail,
        pushed_on=w.pushed_on,
        subject_name=w.subject_name,
        subject_id_masked=mask_id_number(w.subject_id_number) if w.subject_id_number else "（无证件号）",
        household_id=str(w.household_id) if w.household_id else None,
        township_code=w.township_code,
        township_name=town,
        assigned_to=w.assigned_to,
        assigned_to_name=w.assigned_to_name,
        due_on=w.due_on,
        provisional=w.provisional,
        status=w.status,
        status_label=STATUS_LABELS.get(w.status, w.status),
        time_status=time_status,
        time_status_label=time_label,
        working_days_left=left,
        late=late,
        home_visited_on=w.home_visited_on,
        verification_method_label=METHOD_LABELS.get(w.verification_method, ""),
        findings=w.findings,
        disposition=disposition,
        disposition_label=DISPOSITION_LABELS[disposition] if disposition else "",
        disposition_note=w.disposition_note,
        closed_on=w.closed_on,
        data_view_status=w.data_view_status,
        data_view_label=VIEW_LABELS.get(w.data_view_status or "", ""),
        data_view_reason=w.data_view_reason,
        data_view_answer=w.data_view_answer,
    )


def dedupe_key(id_number: str, source_dept: str, warning_type: str, pushed_on: date) -> str:
    """Same person, same source, same type, same day: the same warning whatever its number."""
    text = f"{id_number}|{source_dept}|{warning_type}|{pushed_on.isoformat()}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------------------------------- filing


def file_warning(
    session: Session,
    rec: Recorder,
    *,
    origin: str,
    external_no: str,
    source_dept: str,
    warning_type: str,
    pushed_on: date,
    subject_name: str,
    calendar: WorkCalendar,
    rules: RuleReader,
    detail: str = "",
    subject_id_number: str = "",
    household_id: uuid.UUID | None = None,
    person_id: uuid.UUID | None = None,
    township_code: str | None = None,
    batch_id: uuid.UUID | None = None,
) -> MonitoringWarning:
    """Create one warning with its verification deadline (for the import, silent checks and visits)."""
    deadline = compute_deadline(Step.WARNING_VERIFICATION, pushed_on, rules, calendar, rec.clock.today())
    warning = MonitoringWarning(
        id=uuid.uuid4(),
        external_no=external_no[:64],
        origin=origin,
        batch_id=batch_id,
        source_dept=source_dept[:32],
        warning_type=warning_type[:64],
        detail=detail[:2000],
        pushed_on=pushed_on,
        subject_name=subject_name[:64],
        subject_id_number=subject_id_number,
        subject_id_last4=subject_id_number[-4:],
        household_id=household_id,
        person_id=person_id,
        dedupe_key=dedupe_key(subject_id_number or str(household_id), source_dept, warning_type, pushed_on),
        township_code=township_code,
        due_on=deadline.due_on,
        provisional=deadline.provisional,
        rule_version=deadline.rule_version,
        calendar_version=deadline.calendar_version,
        status=STATUS_OPEN,
    )
    rec.create(
        warning,
        "warning.filed",
        {
            "origin": origin,
            "external_no": warning.external_no,
            "township_code": township_code,
            "due_on": deadline.due_on.isoformat(),
            "provisional": deadline.provisional,
        },
    )
    return warning


# --------------------------------------------------------------------------------------------------- import


@dataclass(frozen=True, slots=True)
class ImportedRow:
    line: int
    warning_id: str
    external_no: str
    township_code: str | None
    due_on: date
    provisional: bool


@dataclass(frozen=True, slots=True)
class RejectedRow:
    line: int
    external_no: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WarningImportReport:
    batch_id: str
    file_name: str
    rows_total: int
    imported: tuple[ImportedRow, ...]
    rejected: tuple[RejectedRow, ...]
    unknown_columns: tuple[str, ...]
    repeated_columns: tuple[str, ...]

    @property
    def unassigned(self) -> int:
        return sum(1 for r in self.imported if r.township_code is None)

    def lines(self) -> list[str]:
        """The row-by-row report in Chinese, for the CLI and the import dialog."""
        out = [
            f"文件 {self.file_name}：共 {self.rows_total} 行，导入 {len(self.imported)} 行，"
            f"未导入 {len(self.rejected)} 行。"
        ]
        if self.unknown_columns:
            out.append(f"无法识别的列（已忽略）：{'、'.join(self.unknown_columns)}")
        if self.repeated_columns:
            out.append(f"重复的列（只读取第一列）：{'、'.join(self.repeated_columns)}")
        if self.unassigned:
            out.append(f"{self.unassigned} 条预警无法确定乡镇（街道），请县级分派。")
        if any(r.provisional for r in self.imported):
            out.append("部分核查期限按暂定日历计算，官方放假安排导入后会重新计算。")
        for r in self.rejected:
            label = f"（单号 {r.external_no}）" if r.external_no else ""
            out.append(f"第 {r.line} 行{label}未导入：{'；'.join(r.reasons)}")
        return out


@dataclass(frozen=True, slots=True)
class _GoodRow:
    line: int
    external_no: str
    subject_name: str
    id_number: str
    source_dept: str
    warning_type: str
    pushed_on: date
    detail: str
    township_code: str | None
    household_id: uuid.UUID | None
    person_id: uuid.UUID | None
    key: str


def _text(raw: RawRow, mapping: ColumnMapping, field: str, reasons: list[str]) -> str:
    spec = mapping.spec(field)
    value = cell_text(raw.values.get(field))
    if spec.required and not value:
        reasons.append(f"缺少{spec.label}")
    elif spec.max_length is not None and len(value) > spec.max_length:
        reasons.append(f"{spec.label}超过 {spec.max_length} 个字")
    return value


class _Seen:
    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.keys: dict[str, int] = {}


def _check_row(
    session: Session,
    raw: RawRow,
    mapping: ColumnMapping,
    seen: _Seen,
    *,
    today: date,
    calendar: WorkCalendar,
    rules: RuleReader,
) -> _GoodRow | list[str]:
    reasons: list[str] = []
    number = _text(raw, mapping, "external_no", reasons)
    name = _text(raw, mapping, "subject_name", reasons)
    wtype = _text(raw, mapping, "warning_type", reasons)
    detail = _text(raw, mapping, "detail", reasons) if "detail" in raw.values else ""

    id_cell = raw.values.get("id_number")
    id_number = ""
    if isinstance(id_cell, int | float) and not isinstance(id_cell, bool):
        reasons.append("身份证号被存成了数字（Excel 会丢失末几位），请把该列设为文本后重新导出")
    else:
        id_text = _text(raw, mapping, "id_number", reasons)
        if id_text:
            try:
                id_number = parse_id_number(id_text, today=today).value
            except IdNumberError as exc:
                reasons.append(f"身份证号有误：{exc.message}")

    dept_text = _text(raw, mapping, "source_dept", reasons)
    dept = mapping.department(dept_text) if dept_text else None
    if dept_text and dept is None:
        reasons.append(f"预警来源“{dept_text}”无法识别，可用：{'、'.join(mapping.department_names)}")

    pushed: date | None = None
    pushed_cell = raw.values.get("pushed_on")
    if not cell_text(pushed_cell):
        reasons.append(f"缺少{mapping.spec('pushed_on').label}")
    else:
        pushed = parse_date_cell(pushed_cell)
        if pushed is None:
            reasons.append(f"推送日期“{cell_text(pushed_cell)}”无法识别，应写成 YYYY-MM-DD")
        elif pushed > today:
            reasons.append(f"推送日期 {pushed.isoformat()} 晚于今天")
            pushed = None

    township = cell_text(raw.values.get("township_code")) or None
    if township is not None:
        found = session.get(Division, township)
        if found is None or found.level != "township":
            reasons.append(f"乡镇代码 {township} 不存在")

    if pushed is not None:
        try:
            compute_deadline(Step.WARNING_VERIFICATION, pushed, rules, calendar, today)
        except AppError as exc:
            reasons.append(exc.message)

    if number:
        if number in seen.numbers:
            reasons.append(f"与第 {seen.numbers[number]} 行的预警单号重复")
        else:
            existing = session.scalar(
                select(MonitoringWarning.pushed_on).where(MonitoringWarning.external_no == number).limit(1)
            )
            if existing is not None:
                reasons.append(f"预警单号已导入过（推送日期 {existing.isoformat()}）")
    key = ""
    if id_number and dept and wtype and pushed is not None:
        key = dedupe_key(id_number, dept, wtype, pushed)
        if key in seen.keys:
            reasons.append(f"与第 {seen.keys[key]} 行内容重复（同一人、同一来源、同一类型、同一日期）")
        else:
            other = session.scalar(
                select(MonitoringWarning.external_no).where(MonitoringWarning.dedupe_key == key).limit(1)
            )
            if other is not None:
                reasons.append(f"与已导入的预警单 {other} 内容重复")
    if number:
        seen.numbers.setdefault(number, raw.line)
    if key:
        seen.keys.setdefault(key, raw.line)
    if reasons or pushed is None or dept is None:
        return reasons or ["数据不完整"]

    person = session.scalars(select(Person).where(Person.id_number == id_number).limit(1)).first()
    household_id = person.household_id if person else None
    if township is None and household_id is not None:
        township = session.scalar(
            select(Case.township_code)
            .where(Case.household_id == household_id)
            .order_by(Case.created_at.desc())
            .limit(1)
        )
    return _GoodRow(
        line=raw.line,
        external_no=number,
        subject_name=name,
        id_number=id_number,
        source_dept=dept,
        warning_type=wtype,
        pushed_on=pushed,
        detail=detail,
        township_code=township,
        household_id=household_id,
        person_id=person.id if person else None,
        key=key,
    )


def import_warnings(
    session: Session,
    actor: Actor,
    data: bytes,
    file_name: str,
    *,
    clock: Clock,
    calendar: WorkCalendar,
    rules: RuleReader,
    mapping: ColumnMapping | None = None,
) -> WarningImportReport:
    """Import a platform export row by row: good rows in (each whole or not at all), bad rows listed with reasons.

    Refuses the whole file (``ValidationError``) only when it cannot be read or a required column is missing.
    """
    actor.require(Permission.COUNTY_REVIEW)
    columns = mapping or load_column_mapping()
    table = read_table(data, file_name)
    if not table:
        raise ValidationError(f"文件 {file_name} 是空的。")
    header = map_header(table[0], columns)
    if header.missing:
        wanted = "；".join(f"{c.label}（可用列名：{'、'.join(c.headers)}）" for c in header.missing)
        raise ValidationError(f"文件 {file_name} 缺少必填列：{wanted}。本文件未导入任何预警。")
    rows = file_rows(table, header)
    if not rows:
        raise ValidationError(f"文件 {file_name} 只有表头，没有预警数据行。")
    today = clock.today()
    seen = _Seen()
    good: list[_GoodRow] = []
    rejected: list[RejectedRow] = []
    for raw in rows:
        checked = _check_row(session, raw, columns, seen, today=today, calendar=calendar, rules=rules)
        if isinstance(checked, _GoodRow):
            good.append(checked)
        else:
            rejected.append(
                RejectedRow(raw.line, cell_text(raw.values.get("external_no"))[:64], tuple(checked))
            )

    rec = Recorder(session, actor, clock)
    batch = WarningImportBatch(
        id=uuid.uuid4(),
        file_name=file_name[-200:],
        file_sha256=hashlib.sha256(data).hexdigest(),
        imported_on=today,
        imported_by=actor.user_id,
        rows_total=len(rows),
        rows_imported=len(good),
        rows_rejected=len(rejected),
        unknown_columns_json=dumps(list(header.unknown)),
        report_json="[]",
    )
    rec.create(batch, "warning.import_started", {"file": batch.file_name, "rows": len(rows)})
    imported: list[ImportedRow] = []
    for row in good:
        try:
            with session.begin_nested():
                warning = file_warning(
                    session,
                    rec,
                    origin=ORIGIN_IMPORT,
                    external_no=row.external_no,
                    source_dept=row.source_dept,
                    warning_type=row.warning_type,
                    pushed_on=row.pushed_on,
                    subject_name=row.subject_name,
                    calendar=calendar,
                    rules=rules,
                    detail=row.detail,
                    subject_id_number=row.id_number,
                    household_id=row.household_id,
                    person_id=row.person_id,
                    township_code=row.township_code,
                    batch_id=batch.id,
                )
        except (SQLAlchemyError, AppError) as exc:
            rejected.append(RejectedRow(row.line, row.external_no, (f"写入失败（{type(exc).__name__}）",)))
            continue
        imported.append(
            ImportedRow(
                row.line,
                str(warning.id),
                row.external_no,
                row.township_code,
                warning.due_on,
                warning.provisional,
            )
        )
    rejected.sort(key=lambda r: r.line)
    before = row_fields(batch)
    batch.rows_imported = len(imported)
    batch.rows_rejected = len(rejected)
    batch.report_json = dumps(
        [{"line": r.line, "external_no": r.external_no, "reasons": list(r.reasons)} for r in rejected]
    )
    rec.patch(
        batch,
        before,
        "warning.imported",
        {"file": batch.file_name, "imported": len(imported), "rejected": len(rejected)},
    )
    session.flush()
    return WarningImportReport(
        batch_id=str(batch.id),
        file_name=file_name,
        rows_total=len(rows),
        imported=tuple(imported),
        rejected=tuple(rejected),
        unknown_columns=header.unknown,
        repeated_columns=header.repeated,
    )


# --------------------------------------------------------------------------------------------------- handling


def _row(
    session: Session, w: MonitoringWarning, rules: RuleReader, calendar: WorkCalendar, today: date
) -> WarningRow:
    return warning_row(
        w,
        town=township_name(session, w.township_code),
        calendar=calendar,
        threshold=due_soon_threshold(rules, today),
        today=today,
    )


def _check_recusal(session: Session, actor: Actor, w: MonitoringWarning, what: str) -> None:
    if w.household_id is not None and actor.user_id in workflow.blocked_user_ids(session, w.household_id):
        raise RecusalRequired(action=what)


def assign_warning(
    session: Session,
    actor: Actor,
    warning_id: str,
    *,
    clock: Clock,
    calendar: WorkCalendar,
    rules: RuleReader,
    township_code: str | None = None,
    assignee_user_id: str | None = None,
) -> WarningRow:
    """The county assigns the township (and may name the person); township staff name the person in their township."""
    w = get_row(session, MonitoringWarning, warning_id, "预警")
    county = is_county(actor)
    if not county:
        require_any(actor, *TOWNSHIP_STAFF)
        if township_code is not None and township_code != w.township_code:
            raise PermissionDenied(role=ROLE_LABELS[actor.role], action="分派预警到乡镇（街道）")
        require_same_township(session, actor, w.township_code)
    if w.status != STATUS_OPEN:
        raise ValidationError(f"该预警{STATUS_LABELS[w.status]}，不能再分派。")
    if township_code is None and assignee_user_id is None:
        raise ValidationError("请指定乡镇（街道）或核查人员。")
    before = row_fields(w)
    if township_code is not None:
        require_township(session, township_code)
        if township_code != w.township_code:
            w.township_code = township_code
            w.assigned_to, w.assigned_to_name = None, ""
    if assignee_user_id is not None:
        if w.township_code is None:
            raise ValidationError("请先分派乡镇（街道），再指定核查人员。")
        user = session.get(User, _uuid_or_none(assignee_user_id)) if _uuid_or_none(assignee_user_id) else None
        if user is None:
            user = session.scalar(select(User).where(User.login == assignee_user_id))
        if user is None or not user.active:
            raise ValidationError(f"没有可用的账号“{assignee_user_id}”。")
        if user.township_code and user.township_code != w.township_code:
            raise ValidationError(f"{user.display_name} 不属于该乡镇（街道），不能指定为核查人员。")
        if w.household_id is not None and str(user.id) in workflow.blocked_user_ids(session, w.household_id):
            raise RecusalRequired(action="核查该家庭的预警")
        w.assigned_to, w.assigned_to_name = str(user.id), user.display_name
    w.assigned_on = clock.today()
    Recorder(session, actor, clock).patch(
        w, before, "warning.assigned", {"township_code": w.township_code, "assigned_to": w.assigned_to}
    )
    session.flush()
    return _row(session, w, rules, calendar, clock.today())


@dataclass(frozen=True, slots=True)
class StaffChoice:
    user_id: str
    login: str
    display_name: str
    role_label: str
    township_code: str | None  # None: an account not tied to a township (allowed for any)


def assignable_staff(
    session: Session, actor: Actor, *, township_code: str | None = None
) -> tuple[StaffChoice, ...]:
    """The active township accounts ``assign_warning`` accepts as the person to verify (the picker of 分派).

    With ``township_code``: the accounts of that township and those tied to none; township staff see their own
    township's accounts only.
    """
    actor.require(Permission.VIEW_CASES)
    scope = township_scope(session, actor, township_code)
    roles = [r.value for r in Role if any(p in PERMISSIONS[r] for p in TOWNSHIP_STAFF)]
    stmt = select(User).where(User.active.is_(True), User.role.in_(roles))
    if scope:
        stmt = stmt.where(or_(User.township_code == scope, User.township_code.is_(None)))
    return tuple(
        StaffChoice(str(u.id), u.login, u.display_name, ROLE_LABELS[Role(u.role)], u.township_code)
        for u in session.scalars(stmt.order_by(User.display_name, User.login))
    )


def _uuid_or_none(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def record_verification(
    session: Session,
    actor: Actor,
    warning_id: str,
    *,
    home_visited_on: date,
    findings: str,
    disposition: Disposition,
    clock: Clock,
    calendar: WorkCalendar,
    rules: RuleReader,
    online_checked: bool = False,
    note: str = "",
) -> WarningRow:
    """The township's home verification (入户核查 is required by the seed), findings and disposition."""
    require_any(actor, *TOWNSHIP_STAFF)
    w = get_row(session, MonitoringWarning, warning_id, "预警")
    if w.township_code is None:
        raise ValidationError("该预警尚未分派乡镇（街道）。")
    require_same_township(session, actor, w.township_code)
    _check_recusal(session, actor, w, "核查该家庭的预警")
    if w.status != STATUS_OPEN:
        raise ValidationError(f"该预警{STATUS_LABELS[w.status]}，不能重复登记核查结果。")
    today = clock.today()
    not_after_today(home_visited_on, today, "入户核查日期")
    if home_visited_on < w.pushed_on:
        raise ValidationError("入户核查日期不能早于预警推送日期。")
    if not findings.strip():
        raise ValidationError("请填写入户核查情况。")
    before = row_fields(w)
    w.home_visited_on = home_visited_on
    w.verification_method = METHOD_HOME_ONLINE if online_checked else METHOD_HOME
    w.findings = clean(findings, 2000)
    w.disposition = disposition.value
    w.disposition_note = clean(note, 1000)
    w.verified_by = actor.user_id
    w.status = STATUS_VERIFIED
    Recorder(session, actor, clock).patch(
        w,
        before,
        "warning.verified",
        {"disposition": disposition.value, "late": home_visited_on > w.due_on},
    )
    session.flush()
    return _row(session, w, rules, calendar, today)


def close_warning(
    session: Session,
    actor: Actor,
    warning_id: str,
    *,
    clock: Clock,
    calendar: WorkCalendar,
    rules: RuleReader,
    on_date: date | None = None,
) -> WarningRow:
    require_any(actor, *TOWNSHIP_STAFF, Permission.COUNTY_REVIEW)
    w = get_row(session, MonitoringWarning, warning_id, "预警")
    require_same_township(session, actor, w.township_code)
    if w.status != STATUS_VERIFIED:
        raise ValidationError("须先登记入户核查结果和处置意见，才能办结预警。")
    on = on_date or clock.today()
    not_after_today(on, clock.today(), "办结日期")
    before = row_fields(w)
    w.status = STATUS_CLOSED
    w.closed_on = on
    w.closed_by = actor.user_id
    Recorder(session, actor, clock).patch(w, before, "warning.closed", {"disposition": w.disposition})
    session.flush()
    return _row(session, w, rules, calendar, clock.today())


def request_data_view(
    session: Session,
    actor: Actor,
    warning_id: str,
    *,
    reason: str,
    clock: Clock,
    calendar: WorkCalendar,
    rules: RuleReader,
) -> WarningRow:
    """预警信息不明确: the township asks the county for a point-to-point view of the data (the clock keeps running)."""
    require_any(actor, *TOWNSHIP_STAFF)
    w = get_row(session, MonitoringWarning, warning_id, "预警")
    require_same_township(session, actor, w.township_code)
    if w.status != STATUS_OPEN:
        raise ValidationError("该预警已核查，无需再申请点对点查看。")
    if w.data_view_status == VIEW_REQUESTED:
        raise ValidationError("已经申请过点对点查看，正等待县级答复。")
    if not reason.strip():
        raise ValidationError("请说明预警信息哪里不明确。")
    before = row_fields(w)
    w.data_view_status = VIEW_REQUESTED
    w.data_view_requested_on = clock.today()
    w.data_view_reason = clean(reason, 1000)
    Recorder(session, actor, clock).patch(w, before, "warning.data_view_requested", {})
    session.flush()
    return _row(session, w, rules, calendar, clock.today())


def answer_data_view(
    session: Session,
    actor: Actor,
    warning_id: str,
    *,
    answer: str,
    clock: Clock,
    calendar: WorkCalendar,
    rules: RuleReader,
) -> WarningRow:
    actor.require(Permission.COUNTY_REVIEW)
    w = get_row(session, MonitoringWarning, warning_id, "预警")
    if w.data_view_status != VIEW_REQUESTED:
        raise ValidationError("该预警没有待答复的点对点查看申请。")
    if not answer.strip():
        raise ValidationError("请填写答复内容。")
    before = row_fields(w)
    w.data_view_status = VIEW_ANSWERED
    w.data_view_answer = clean(answer, 2000)
    w.data_view_answered_on = clock.today()
    Recorder(session, actor, clock).patch(w, before, "warning.data_view_answered", {})
    session.flush()
    return _row(session, w, rules, calendar, clock.today())


def list_warnings(
    session: Session,
    actor: Actor,
    *,
    calendar: WorkCalendar,
    rules: RuleReader,
    today: date,
    township_code: str | None = None,
    open_only: bool = True,
    overdue_only: bool = False,
    unassigned_only: bool = False,
) -> tuple[WarningRow, ...]:
    """Warnings earliest due first: the county sees every township, township staff their own."""
    actor.require(Permission.VIEW_CASES)
    scope = township_scope(session, actor, township_code)
    stmt = select(MonitoringWarning)
    if open_only or overdue_only:
        stmt = stmt.where(MonitoringWarning.status == STATUS_OPEN)
    if overdue_only:
        stmt = stmt.where(MonitoringWarning.due_on < today)
    if unassigned_only:
        actor.require(Permission.COUNTY_REVIEW)  # the unassigned pile is the county's
        stmt = stmt.where(MonitoringWarning.township_code.is_(None))
    elif scope:
        stmt = stmt.where(MonitoringWarning.township_code == scope)
    threshold = due_soon_threshold(rules, today)
    names: dict[str | None, str] = {}
    out: list[WarningRow] = []
    for w in session.scalars(stmt.order_by(MonitoringWarning.due_on, MonitoringWarning.external_no)):
        if w.township_code not in names:
            names[w.township_code] = township_name(session, w.township_code)
        out.append(
            warning_row(w, town=names[w.township_code], calendar=calendar, threshold=threshold, today=today)
        )
    return tuple(out)


def get_warning(
    session: Session, actor: Actor, warning_id: str, *, calendar: WorkCalendar, rules: RuleReader, today: date
) -> WarningRow:
    actor.require(Permission.VIEW_CASES)
    w = get_row(session, MonitoringWarning, warning_id, "预警")
    if not is_county(actor):
        if w.township_code is None:
            raise PermissionDenied(role=ROLE_LABELS[actor.role], action="查看尚未分派的预警")
        require_same_township(session, actor, w.township_code)
    return _row(session, w, rules, calendar, today)


def resolve_warning_id(session: Session, text: str) -> str:
    """A warning id, a unique leading part of one (≥ 4 characters), or the platform's 预警单号."""
    wanted = text.strip()
    by_number = session.scalars(
        select(MonitoringWarning.id).where(MonitoringWarning.external_no == wanted)
    ).all()
    if len(by_number) == 1:
        return str(by_number[0])
    prefix = wanted.lower().replace("-", "")
    if len(prefix) >= 4 and all(c in "0123456789abcdef" for c in prefix):
        found = [i for i in session.scalars(select(MonitoringWarning.id)) if i.hex.startswith(prefix)]
        if len(found) == 1:
            return str(found[0])
        if len(found) > 1:
            raise ValidationError(f"有 {len(found)} 条预警的编号以“{text}”开头，请多输入几位。")
    raise ValidationError(f"没有找到预警“{text}”。")


@dataclass(frozen=True, slots=True)
class MovedWarning:
    warning_id: str
    old_due_on: date
    new_due_on: date
    old_provisional: bool
    new_provisional: bool


def recompute_warning_deadlines(
    session: Session, actor: Actor, *, calendar: WorkCalendar, rules: RuleReader, clock: Clock
) -> tuple[MovedWarning, ...]:
    """After a calendar import: open warnings computed on another calendar version get the new due date.

    ``app.services.calendar_admin.import_calendar_year`` recomputes case deadlines only; the caller of an import
    should call this too (same transaction).
    """
    require_any(actor, Permission.MANAGE_REFERENCE, Permission.COUNTY_REVIEW)
    stale = {
        str(w.id): w
        for w in session.scalars(
            select(MonitoringWarning).where(
                MonitoringWarning.status == STATUS_OPEN,
                MonitoringWarning.calendar_version != calendar.calendar_version,
            )
        )
    }
    report = recompute_open_deadlines(
        (
            OpenDeadline(
                key, Step.WARNING_VERIFICATION, w.pushed_on, w.due_on, w.provisional, w.calendar_version
            )
            for key, w in stale.items()
        ),
        rules,
        calendar,
        clock.today(),
    )
    rec = Recorder(session, actor, clock)
    moved: list[MovedWarning] = []
    changes = {c.key: c for c in report.changes}
    failed = {key for key, _ in report.failures}
    for key, w in stale.items():
        if key in failed:
            continue
        before = row_fields(w)
        change = changes.get(key)
        if change is not None:
            moved.append(
                MovedWarning(key, w.due_on, change.new.due_on, w.provisional, change.new.provisional)
            )
            w.due_on = change.new.due_on
            w.provisional = change.new.provisional
        w.calendar_version = calendar.calendar_version
        rec.patch(w, before, "warning.deadline_recomputed", {"moved": change is not None})
    session.flush()
    return tuple(moved)


@dataclass(frozen=True, slots=True)
class ImportBatchRow:
    id: str
    file_name: str
    imported_on: date
    rows_total: int
    rows_imported: int
    rows_rejected: int
    rejected: tuple[RejectedRow, ...]


def import_batches(session: Session, actor: Actor) -> tuple[ImportBatchRow, ...]:
    """The import history (no personal data): file, date, counts and the refused rows with their reasons."""
    actor.require(Permission.COUNTY_REVIEW)
    out: list[ImportBatchRow] = []
    for b in session.scalars(select(WarningImportBatch).order_by(WarningImportBatch.created_at.desc())):
        raw: list[dict[str, Any]] = json.loads(b.report_json or "[]")
        rejected = tuple(
            RejectedRow(int(r["line"]), str(r.get("external_no", "")), tuple(str(x) for x in r["reasons"]))
            for r in raw
        )
        out.append(
            ImportBatchRow(
                str(b.id),
                b.file_name,
                b.imported_on,
                b.rows_total,
                b.rows_imported,
                b.rows_rejected,
                rejected,
            )
        )
    return tuple(out)
