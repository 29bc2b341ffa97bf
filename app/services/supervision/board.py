"""The overdue board (seed 三(三)3, 四(三)): every open deadline of the workflow and every open warning, across
townships, with overdue and due-soon counts per township and per step, drill-down to the case or warning, and an
Excel export. County reviewers see every township; township staff see their own (``common.township_scope``).

Counting is done on the database: open clocks are grouped by (township, step, due date) — a few thousand groups even
for hundreds of thousands of clocks — and each distinct due date is classified once on the work calendar with the rule
``deadline.due_soon_working_days`` (the same rule as ``app.services.deadline_board``). Publicity is a period, not a
deadline: an open publicity clock past its last day is counted as *ended*, never as overdue.

:class:`BoardReport` is the read model for the printed board (the PDF comes from ``reports/``).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import audit
from app.db.models import Case, CaseDeadline, Division, Person
from app.db.models.supervision import MonitoringWarning
from app.db.models.workflow import DEADLINE_OPEN
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.idnumber import mask_id_number
from app.domain.roles import Permission
from app.services.deadline_board import PERIODS, STEP_LABELS, due_soon_threshold, open_status
from app.services.supervision.common import township_scope
from app.services.supervision.excel import Sheet, write_workbook
from app.services.supervision.warnings import STATUS_OPEN as WARNING_OPEN
from app.workflow.calendar import WorkCalendar
from app.workflow.deadlines import DeadlineStatus, Step
from app.workflow.rules import RuleReader

UNASSIGNED = ""
UNASSIGNED_LABEL = "（未分派乡镇）"
ENDED = "ENDED"
STATUS_LABELS: Mapping[str, str] = MappingProxyType(
    {
        DeadlineStatus.ON_TIME.value: "未到期",
        DeadlineStatus.DUE_SOON.value: "即将到期",
        DeadlineStatus.OVERDUE.value: "已逾期",
        ENDED: "公示期满待处理",
    }
)
KIND_CASE = "CASE_DEADLINE"
KIND_WARNING = "WARNING"
_STEP_ORDER = {s: i for i, s in enumerate(Step)}


@dataclass(frozen=True, slots=True)
class Counts:
    open: int = 0
    due_soon: int = 0
    overdue: int = 0
    ended: int = 0
    provisional: int = 0

    def plus(self, other: Counts) -> Counts:
        return Counts(
            self.open + other.open,
            self.due_soon + other.due_soon,
            self.overdue + other.overdue,
            self.ended + other.ended,
            self.provisional + other.provisional,
        )


@dataclass(frozen=True, slots=True)
class BoardCell:
    township_code: str  # "" = a warning not yet assigned to a township
    township_name: str
    step: Step
    step_label: str
    counts: Counts


@dataclass(frozen=True, slots=True)
class BoardLine:
    key: str  # township code or step value
    label: str
    counts: Counts


@dataclass(frozen=True, slots=True)
class OverdueBoard:
    today: date
    scope_township: str | None  # None = every township (county view)
    scope_label: str
    due_soon_working_days: int
    cells: tuple[BoardCell, ...]
    by_township: tuple[BoardLine, ...]
    by_step: tuple[BoardLine, ...]
    total: Counts


@dataclass(frozen=True, slots=True)
class BoardItem:
    kind: str  # CASE_DEADLINE | WARNING
    item_id: str
    case_id: str | None  # drill-down target for a case deadline
    warning_id: str | None  # drill-down target for a warning
    township_code: str
    township_name: str
    step: Step
    step_label: str
    head_name: str
    head_id_masked: str
    started_on: date
    due_on: date
    status: str  # ON_TIME | DUE_SOON | OVERDUE | ENDED
    status_label: str
    working_days_left: int
    provisional: bool


@dataclass(frozen=True, slots=True)
class BoardReport:
    """For the printed board: the summary and the items that need action (overdue first, then due soon)."""

    title: str
    generated_at: datetime
    generated_by: str
    board: OverdueBoard
    items: tuple[BoardItem, ...]


# --------------------------------------------------------------------------------------------------- classification


class _Classifier:
    """Time status per distinct due date, memoised (the board has few distinct dates and many clocks)."""

    def __init__(self, calendar: WorkCalendar, today: date, threshold: int) -> None:
        self.calendar = calendar
        self.today = today
        self.threshold = threshold
        self._memo: dict[date, tuple[DeadlineStatus, int]] = {}

    def __call__(self, due_on: date) -> tuple[DeadlineStatus, int]:
        hit = self._memo.get(due_on)
        if hit is None:
            state = open_status(due_on, self.today, self.threshold, self.calendar)
            hit = self._memo[due_on] = (state.status, state.working_days_left)
        return hit


def _counts(step: Step, status: DeadlineStatus, n: int, provisional: int) -> Counts:
    if step in PERIODS and status is DeadlineStatus.OVERDUE:
        return Counts(open=n, ended=n, provisional=provisional)
    return Counts(
        open=n,
        due_soon=n if status is DeadlineStatus.DUE_SOON else 0,
        overdue=n if status is DeadlineStatus.OVERDUE else 0,
        provisional=provisional,
    )


def _names(session: Session, codes: set[str]) -> dict[str, str]:
    names = {UNASSIGNED: UNASSIGNED_LABEL}
    wanted = {c for c in codes if c}
    if wanted:
        for code, name in session.execute(
            select(Division.code, Division.name).where(Division.code.in_(wanted))
        ):
            names[code] = name
    return names


# --------------------------------------------------------------------------------------------------- the board


def overdue_board(
    session: Session,
    actor: Actor,
    *,
    calendar: WorkCalendar,
    rules: RuleReader,
    today: date,
    township_code: str | None = None,
) -> OverdueBoard:
    actor.require(Permission.VIEW_CASES)
    scope = township_scope(session, actor, township_code)
    threshold = due_soon_threshold(rules, today)
    classify = _Classifier(calendar, today, threshold)

    deadlines = (
        select(
            Case.township_code,
            CaseDeadline.step,
            CaseDeadline.due_on,
            func.count(),
            func.sum(CaseDeadline.provisional),
        )
        .join(Case, Case.id == CaseDeadline.case_id)
        .where(CaseDeadline.status == DEADLINE_OPEN)
        .group_by(Case.township_code, CaseDeadline.step, CaseDeadline.due_on)
    )
    warnings = (
        select(
            MonitoringWarning.township_code,
            MonitoringWarning.due_on,
            func.count(),
            func.sum(MonitoringWarning.provisional),
        )
        .where(MonitoringWarning.status == WARNING_OPEN)
        .group_by(MonitoringWarning.township_code, MonitoringWarning.due_on)
    )
    if scope:
        deadlines = deadlines.where(Case.township_code == scope)
        warnings = warnings.where(MonitoringWarning.township_code == scope)

    cells: dict[tuple[str, Step], Counts] = {}

    def add(town: str, step: Step, due_on: date, n: int, provisional: int) -> None:
        status, _ = classify(due_on)
        key = (town, step)
        cells[key] = cells.get(key, Counts()).plus(_counts(step, status, n, provisional))

    for town, step, due_on, n, prov in session.execute(deadlines):
        add(town, Step(step), due_on, int(n), int(prov or 0))
    for town, due_on, n, prov in session.execute(warnings):
        add(town or UNASSIGNED, Step.WARNING_VERIFICATION, due_on, int(n), int(prov or 0))

    names = _names(session, {t for t, _ in cells} | ({scope} if scope else set()))
    ordered = sorted(cells.items(), key=lambda kv: (kv[0][0] == UNASSIGNED, kv[0][0], _STEP_ORDER[kv[0][1]]))
    board_cells = tuple(
        BoardCell(town, names.get(town, town), step, STEP_LABELS[step], counts)
        for (town, step), counts in ordered
    )
    by_town: dict[str, Counts] = {}
    by_step: dict[Step, Counts] = {}
    total = Counts()
    for (town, step), counts in cells.items():
        by_town[town] = by_town.get(town, Counts()).plus(counts)
        by_step[step] = by_step.get(step, Counts()).plus(counts)
        total = total.plus(counts)
    return OverdueBoard(
        today=today,
        scope_township=scope,
        scope_label=f"{names.get(scope, scope)}（{scope}）" if scope else "全部乡镇（街道）",
        due_soon_working_days=threshold,
        cells=board_cells,
        by_township=tuple(
            BoardLine(t, names.get(t, t), c)
            for t, c in sorted(by_town.items(), key=lambda kv: (kv[0] == UNASSIGNED, kv[0]))
        ),
        by_step=tuple(
            BoardLine(s.value, STEP_LABELS[s], c)
            for s, c in sorted(by_step.items(), key=lambda kv: _STEP_ORDER[kv[0]])
        ),
        total=total,
    )


def _heads(session: Session, household_ids: set[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str]]:
    """Household → (head's name, head's masked ID), reading columns only."""
    heads: dict[uuid.UUID, tuple[str, str]] = {}
    ids = list(household_ids)
    for start in range(0, len(ids), 500):
        for household_id, name, number in session.execute(
            select(Person.household_id, Person.name, Person.id_number)
            .where(Person.household_id.in_(ids[start : start + 500]))
            .order_by(Person.household_id, Person.is_head.desc(), Person.ordinal)
        ):
            if household_id not in heads:
                heads[household_id] = (name, mask_id_number(number) if number else "（无证件号）")
    return heads


@dataclass(frozen=True, slots=True)
class _Raw:
    kind: str
    item_id: str
    case_id: uuid.UUID | None
    warning_id: uuid.UUID | None
    township_code: str
    step: Step
    household_id: uuid.UUID | None
    name: str
    masked: str
    started_on: date
    due_on: date
    provisional: bool


def board_items(
    session: Session,
    actor: Actor,
    *,
    calendar: WorkCalendar,
    rules: RuleReader,
    today: date,
    township_code: str | None = None,
    step: Step | None = None,
    status: str | None = None,
    limit: int | None = None,
    actionable: bool = False,
) -> tuple[BoardItem, ...]:
    """The open clocks behind a board cell, earliest due first. ``status`` = OVERDUE | DUE_SOON | ON_TIME | ENDED
    (None: all; ``actionable``: all but ON_TIME); ``township_code`` "" = warnings not yet assigned (county only)."""
    actor.require(Permission.VIEW_CASES)
    unassigned = township_code == UNASSIGNED
    scope = township_scope(session, actor, township_code or None)
    if unassigned and scope is not None:
        unassigned = False  # township staff never see the county's unassigned pile
    threshold = due_soon_threshold(rules, today)
    classify = _Classifier(calendar, today, threshold)
    raw: list[_Raw] = []
    if step is not Step.WARNING_VERIFICATION and not unassigned:
        stmt = (
            select(
                CaseDeadline.id,
                CaseDeadline.case_id,
                CaseDeadline.step,
                CaseDeadline.started_on,
                CaseDeadline.due_on,
                CaseDeadline.provisional,
                Case.township_code,
                Case.household_id,
            )
            .join(Case, Case.id == CaseDeadline.case_id)
            .where(CaseDeadline.status == DEADLINE_OPEN)
        )
        if scope:
            stmt = stmt.where(Case.township_code == scope)
        if step is not None:
            stmt = stmt.where(CaseDeadline.step == step.value)
        if status in (DeadlineStatus.OVERDUE.value, ENDED):
            stmt = stmt.where(CaseDeadline.due_on < today)
        for row_id, case_id, row_step, started, due, provisional, town, household in session.execute(stmt):
            raw.append(
                _Raw(KIND_CASE, str(row_id), case_id, None, town, Step(row_step), household, "", "", started, due,
                     provisional)
            )  # fmt: skip
    if step in (None, Step.WARNING_VERIFICATION) and status != ENDED:
        wstmt = select(
            MonitoringWarning.id,
            MonitoringWarning.township_code,
            MonitoringWarning.subject_name,
            MonitoringWarning.subject_id_number,
            MonitoringWarning.pushed_on,
            MonitoringWarning.due_on,
            MonitoringWarning.provisional,
        ).where(MonitoringWarning.status == WARNING_OPEN)
        if unassigned:
            wstmt = wstmt.where(MonitoringWarning.township_code.is_(None))
        elif scope:
            wstmt = wstmt.where(MonitoringWarning.township_code == scope)
        if status == DeadlineStatus.OVERDUE.value:
            wstmt = wstmt.where(MonitoringWarning.due_on < today)
        for wid, town, name, number, pushed, due, provisional in session.execute(wstmt):
            masked = mask_id_number(number) if number else "（无证件号）"
            raw.append(
                _Raw(KIND_WARNING, str(wid), None, wid, town or UNASSIGNED, Step.WARNING_VERIFICATION, None, name,
                     masked, pushed, due, provisional)
            )  # fmt: skip
    chosen: list[tuple[str, int, _Raw]] = []
    for entry in raw:
        item_status, left = classify(entry.due_on)
        shown = item_status.value
        if entry.step in PERIODS and item_status is DeadlineStatus.OVERDUE:
            shown = ENDED
        if (status is None or shown == status) and not (actionable and shown == DeadlineStatus.ON_TIME.value):
            chosen.append((shown, left, entry))
    chosen.sort(key=lambda it: (it[2].due_on, it[2].township_code, _STEP_ORDER[it[2].step], it[2].item_id))
    if limit is not None:
        chosen = chosen[:limit]
    heads = _heads(session, {e.household_id for _, _, e in chosen if e.household_id is not None})
    names = _names(session, {e.township_code for _, _, e in chosen})
    out: list[BoardItem] = []
    for shown, left, e in chosen:
        head = heads.get(e.household_id) if e.household_id is not None else None
        name, masked = head if head is not None else (e.name, e.masked)
        out.append(
            BoardItem(
                kind=e.kind,
                item_id=e.item_id,
                case_id=str(e.case_id) if e.case_id else None,
                warning_id=str(e.warning_id) if e.warning_id else None,
                township_code=e.township_code,
                township_name=names.get(e.township_code, e.township_code),
                step=e.step,
                step_label=STEP_LABELS[e.step],
                head_name=name,
                head_id_masked=masked,
                started_on=e.started_on,
                due_on=e.due_on,
                status=shown,
                status_label=STATUS_LABELS[shown],
                working_days_left=left,
                provisional=e.provisional,
            )
        )
    return tuple(out)


# --------------------------------------------------------------------------------------------------- outputs

SUMMARY_HEADER = (
    "乡镇（街道）",
    "代码",
    "环节",
    "未办结",
    "即将到期",
    "已逾期",
    "公示期满待处理",
    "暂定日历",
)
LINE_HEADER = ("名称", "代码", "未办结", "即将到期", "已逾期", "公示期满待处理", "暂定日历")
ITEM_HEADER = (
    "乡镇（街道）",
    "环节",
    "户主/预警对象",
    "证件号（后4位）",
    "起算日期",
    "到期日期",
    "状态",
    "剩余工作日",
    "暂定日历",
    "案件编号",
    "预警编号",
)


def _line(c: Counts) -> list[object]:
    return [c.open, c.due_soon, c.overdue, c.ended, c.provisional]


def board_workbook(
    board: OverdueBoard, items: Sequence[BoardItem], *, detail: str = "全部未办结期限"
) -> bytes:
    """The board as .xlsx: 汇总 (township × step), 按乡镇, 按环节, 明细 (ID numbers masked), 说明."""
    summary = [[c.township_name, c.township_code, c.step_label, *_line(c.counts)] for c in board.cells]
    summary.append(["合计", "", "", *_line(board.total)])
    return write_workbook(
        [
            Sheet("汇总", SUMMARY_HEADER, summary),
            Sheet(
                "按乡镇",
                LINE_HEADER,
                [[line.label, line.key, *_line(line.counts)] for line in board.by_township],
            ),
            Sheet(
                "按环节", LINE_HEADER, [[line.label, line.key, *_line(line.counts)] for line in board.by_step]
            ),
            Sheet(
                "明细",
                ITEM_HEADER,
                [
                    [
                        i.township_name,
                        i.step_label,
                        i.head_name,
                        i.head_id_masked,
                        i.started_on,
                        i.due_on,
                        i.status_label,
                        i.working_days_left,
                        "是" if i.provisional else "",
                        i.case_id or "",
                        i.warning_id or "",
                    ]
                    for i in items
                ],
            ),
            Sheet(
                "说明",
                ("项目", "内容"),
                [
                    ["统计日期", board.today],
                    ["范围", board.scope_label],
                    ["明细", detail],
                    ["即将到期", f"剩余不超过 {board.due_soon_working_days} 个工作日（含到期当天）"],
                    ["暂定日历", "到期日依赖尚未发布放假安排的年份，官方安排导入后会重新计算"],
                    ["隐私", "本表仅限低保审核使用，证件号只显示后4位，请勿外传"],
                ],
            ),
        ]
    )


def export_board_xlsx(
    session: Session,
    actor: Actor,
    *,
    calendar: WorkCalendar,
    rules: RuleReader,
    clock: Clock,
    township_code: str | None = None,
    include_on_time: bool = False,
) -> bytes:
    """The audited export (``board.exported``): the summary sheets count every open clock; the detail sheet lists the
    items that need action (overdue, due soon, publicity ended), or every open item with ``include_on_time``. The
    caller writes the bytes where the user chose."""
    today = clock.today()
    board = overdue_board(
        session, actor, calendar=calendar, rules=rules, today=today, township_code=township_code
    )
    items = board_items(
        session,
        actor,
        calendar=calendar,
        rules=rules,
        today=today,
        township_code=board.scope_township,
        actionable=not include_on_time,
    )
    detail = "全部未办结期限" if include_on_time else "需督办的期限（已逾期、即将到期、公示期满待处理）"
    data = board_workbook(board, items, detail=detail)
    audit.append(
        session,
        actor,
        "board.exported",
        at=clock.now(),
        entity_type="overdue_board",
        entity_id=board.scope_township or "ALL",
        details={
            "format": "xlsx",
            "items": len(items),
            "overdue": board.total.overdue,
            "today": today.isoformat(),
        },
    )
    return data


def board_report(
    session: Session,
    actor: Actor,
    *,
    calendar: WorkCalendar,
    rules: RuleReader,
    clock: Clock,
    township_code: str | None = None,
) -> BoardReport:
    """Read model for the printed board: the summary plus the overdue and due-soon items."""
    today = clock.today()
    board = overdue_board(
        session, actor, calendar=calendar, rules=rules, today=today, township_code=township_code
    )
    overdue, soon = (
        board_items(
            session,
            actor,
            calendar=calendar,
            rules=rules,
            today=today,
            township_code=board.scope_township,
            status=status.value,
        )
        for status in (DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON)
    )
    return BoardReport(
        title="低保办理期限督办表",
        generated_at=clock.now(),
        generated_by=actor.login,
        board=board,
        items=overdue + soon,
    )


def record_board_export(
    session: Session, actor: Actor, report: BoardReport, *, clock: Clock, file_format: str = "pdf"
) -> None:
    """Audit (``board.exported``) a printed board the caller has written to a file; the Excel export audits itself.

    Called after the file is written, so an export that failed leaves no event behind."""
    actor.require(Permission.VIEW_CASES)
    audit.append(
        session,
        actor,
        "board.exported",
        at=clock.now(),
        entity_type="overdue_board",
        entity_id=report.board.scope_township or "ALL",
        details={
            "format": file_format,
            "items": len(report.items),
            "overdue": report.board.total.overdue,
            "today": report.board.today.isoformat(),
        },
    )
