"""The effective work calendar of this store, and importing a State Council year (DOMAIN §11.4).

The effective calendar is the bundled official years overlaid with the years an admin imported (table
``calendar_years``). Importing a year is audited (``calendar.imported``) and recomputes, in the same transaction,
every open deadline that was computed on another calendar version, so provisional due dates become official ones.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import audit
from app.db.changelog import record_change
from app.db.models import CalendarYear, Case, CaseDeadline
from app.db.models.workflow import DEADLINE_OPEN
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.errors import ValidationError
from app.domain.roles import Permission
from app.workflow.calendar import (
    OfficialYear,
    ShownDay,
    WorkCalendar,
    YearStatus,
    official_year_from_json,
    official_year_to_json,
    parse_holiday_cn_json,
    parse_notice_csv,
)
from app.workflow.deadlines import OpenDeadline, Step, recompute_open_deadlines
from app.workflow.rules import RuleReader


class CalendarFileKind(StrEnum):
    JSON = "json"  # NateScarlet/holiday-cn {year}.json
    CSV = "csv"  # date,kind,name typed from the notice


def calendar_file_kind(name: str) -> CalendarFileKind:
    """The file format from a file name's extension (the command line and the app's import both ask this)."""
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix == "json":
        return CalendarFileKind.JSON
    if suffix in ("csv", "txt"):
        return CalendarFileKind.CSV
    raise ValidationError("无法从扩展名判断日历文件格式：应为 .json 或 .csv 文件。")


def imported_years(session: Session) -> tuple[OfficialYear, ...]:
    rows = session.scalars(select(CalendarYear).order_by(CalendarYear.year))
    return tuple(official_year_from_json(row.data_json) for row in rows)


def effective_calendar(session: Session) -> WorkCalendar:
    """Bundled official years plus the years imported into this store (an import replaces a bundled year)."""
    return WorkCalendar.bundled(imported_years(session))


@dataclass(frozen=True, slots=True)
class MovedDeadline:
    deadline_id: str
    case_id: str
    step: Step
    old_due_on: date
    new_due_on: date
    old_provisional: bool
    new_provisional: bool


@dataclass(frozen=True, slots=True)
class CalendarImportReport:
    year: int
    special_days: int
    sources: tuple[str, ...]
    warnings: tuple[str, ...]
    replaced: bool  # the store already had an imported version of this year
    calendar_version: str
    checked: int  # open deadlines computed on another calendar version
    changed: tuple[MovedDeadline, ...]  # due date or provisional flag differs
    failures: tuple[str, ...]  # rows that could not be recomputed, with the reason (they keep their dates)
    warnings_moved: int = 0  # open 预警 whose home-verification due date changed

    @property
    def moved(self) -> tuple[MovedDeadline, ...]:
        return tuple(c for c in self.changed if c.new_due_on != c.old_due_on)


def parse_calendar_file(
    data: str | bytes, kind: CalendarFileKind | str, *, year: int | None = None
) -> OfficialYear:
    try:
        chosen = CalendarFileKind(str(kind).lower())
    except ValueError:
        raise ValidationError(f"日历文件格式“{kind}”无法识别，只能是 json 或 csv。") from None
    if chosen is CalendarFileKind.JSON:
        return parse_holiday_cn_json(data, expected_year=year)
    if year is None:
        raise ValidationError("导入 CSV 日历时必须指定年份（--year）。")
    return parse_notice_csv(data, year)


def import_calendar_year(
    session: Session,
    actor: Actor,
    file_text: str | bytes,
    kind: CalendarFileKind | str,
    clock: Clock,
    *,
    rules: RuleReader,
    year: int | None = None,
) -> CalendarImportReport:
    """Store an official year and recompute the open deadlines that depend on the calendar. Admin only."""
    actor.require(Permission.MANAGE_REFERENCE)
    official = parse_calendar_file(file_text, kind, year=year)
    existing = session.get(CalendarYear, official.year)
    replaced = existing is not None
    row = existing or CalendarYear(year=official.year)
    row.data_json = official_year_to_json(official)
    row.source = "；".join(official.sources)[:400]
    row.imported_at = clock.now()
    row.imported_by = actor.login
    session.add(row)
    session.flush()

    calendar = effective_calendar(session)
    today = clock.today()
    stale = list(
        session.scalars(
            select(CaseDeadline).where(
                CaseDeadline.status == DEADLINE_OPEN,
                CaseDeadline.calendar_version != calendar.calendar_version,
            )
        )
    )
    by_key = {str(r.id): r for r in stale}
    report = recompute_open_deadlines(
        (
            OpenDeadline(str(r.id), Step(r.step), r.started_on, r.due_on, r.provisional, r.calendar_version)
            for r in stale
        ),
        rules,
        calendar,
        today,
    )
    failed = {key for key, _ in report.failures}
    audit.append(
        session,
        actor,
        "calendar.imported",
        at=clock.now(),
        entity_type="calendar_year",
        entity_id=str(official.year),
        details={
            "year": official.year,
            "special_days": len(official.days),
            "fingerprint": official.fingerprint(),
            "replaced": replaced,
            "calendar_version": calendar.calendar_version,
            "checked": report.checked,
            "changed": len(report.changes),
            "moved": len(report.moved),
            "failures": len(report.failures),
            "warnings": len(official.warnings),
        },
    )
    changed: list[MovedDeadline] = []
    at = clock.now()
    for change in report.changes:
        deadline = by_key[change.key]
        before = {
            "due_on": deadline.due_on.isoformat(),
            "provisional": deadline.provisional,
            "calendar_version": deadline.calendar_version,
        }
        deadline.due_on = change.new.due_on
        deadline.provisional = change.new.provisional
        deadline.calendar_version = report.calendar_version
        record_change(
            session,
            actor,
            at=at,
            entity_type="case_deadline",
            entity_id=change.key,
            op="patch",
            fields={
                "due_on": deadline.due_on.isoformat(),
                "provisional": deadline.provisional,
                "calendar_version": deadline.calendar_version,
            },
            before=before,
            base_rev=deadline.server_rev,
            audit_action="deadline.recomputed",
            audit_details={
                "case_id": str(deadline.case_id),
                "step": deadline.step,
                "old_due_on": change.old_due_on.isoformat(),
                "new_due_on": deadline.due_on.isoformat(),
                "calendar_year": official.year,
            },
        )
        if Step(deadline.step) is Step.PUBLICITY and change.moved:
            _move_publicity_end(session, actor, deadline.case_id, change.new.due_on, at=at)
        changed.append(
            MovedDeadline(
                change.key,
                str(deadline.case_id),
                Step(deadline.step),
                change.old_due_on,
                change.new.due_on,
                change.old_provisional,
                change.new.provisional,
            )
        )
    # Unchanged rows were checked against this calendar: record that, so the next import does not re-check them.
    for key, deadline in by_key.items():
        if key not in failed:
            deadline.calendar_version = report.calendar_version
    session.flush()
    # Warnings (预警) run on the same calendar: their 20-working-day clocks move in the same transaction.
    from app.services.supervision.warnings import recompute_warning_deadlines

    moved_warnings = recompute_warning_deadlines(session, actor, calendar=calendar, rules=rules, clock=clock)
    return CalendarImportReport(
        year=official.year,
        warnings_moved=len(moved_warnings),
        special_days=len(official.days),
        sources=official.sources,
        warnings=official.warnings,
        replaced=replaced,
        calendar_version=calendar.calendar_version,
        checked=report.checked,
        changed=tuple(changed),
        failures=tuple(
            f"{by_key[key].step}（案件 {by_key[key].case_id}）：{error}" for key, error in report.failures
        ),
    )


def _move_publicity_end(
    session: Session, actor: Actor, case_id: uuid.UUID, ends_on: date, *, at: datetime
) -> None:
    case = session.get(Case, case_id)
    if case is None or case.publicity_ends_on == ends_on:
        return
    before = case.publicity_ends_on
    case.publicity_ends_on = ends_on
    record_change(
        session,
        actor,
        at=at,
        entity_type="case",
        entity_id=str(case.id),
        op="patch",
        fields={"publicity_ends_on": ends_on.isoformat()},
        before={"publicity_ends_on": before.isoformat() if before else None},
        base_rev=case.server_rev,
        audit_action="case.publicity_end_recomputed",
        audit_details={"publicity_ends_on": ends_on.isoformat()},
    )


@dataclass(frozen=True, slots=True)
class CalendarYearView:
    year: int
    status: YearStatus
    imported: bool
    sources: tuple[str, ...]
    days: tuple[ShownDay, ...]

    @property
    def provisional(self) -> bool:
        return self.status is YearStatus.PROVISIONAL


def show_calendar_year(
    calendar: WorkCalendar, year: int, *, imported: frozenset[int] = frozenset()
) -> CalendarYearView:
    official = calendar.official_year(year)
    return CalendarYearView(
        year=year,
        status=calendar.year_status(year),
        imported=year in imported,
        sources=official.sources if official else (),
        days=tuple(calendar.show_year(year)),
    )
