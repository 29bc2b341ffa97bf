"""The overdue board: counts per township and per step (case clocks and warnings), role scoping, drill-down, export."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from app.db.models import AuditEvent, Case, CaseDeadline
from app.db.models.workflow import DEADLINE_OPEN
from app.domain.errors import PermissionDenied
from app.domain.roles import Role
from app.services.supervision import board, data_checks, warnings
from app.workflow.deadlines import Step
from app.workflow.states import Action
from tests.services.workflow_support import World
from tests.supervision.support import TOWN_A, TOWN_B, VILLAGE_A, VILLAGE_B, act, new_case, staff
from tests.supervision.test_warnings import csv_bytes, ids


@pytest.fixture
def scene(world: World) -> dict[str, str]:
    """Today is Fri 2026-09-18 (fixture clock)."""
    with world.work() as s:
        c1 = new_case(world, s, village=VILLAGE_A)
        act(world, s, c1, Action.SUBMIT_WINDOW, date(2026, 9, 1))  # investigation due 9/4: overdue
        c2 = new_case(world, s, village=VILLAGE_A)
        act(world, s, c2, Action.SUBMIT_WINDOW, date(2026, 9, 15))  # investigation due 9/18 = today: due soon
        c3 = new_case(world, s, village=VILLAGE_B)
        act(world, s, c3, Action.SUBMIT_WINDOW, date(2026, 9, 1))
        data_checks.request_data_check(
            s, world.clerk, c3, clock=world.clock, calendar=world.calendar(s), rules=world.rules,
            on_date=date(2026, 9, 1),
        )  # fmt: skip  # data check due 9/10: overdue
        a, b = ids(2)
        warnings.import_warnings(
            s, world.county,
            csv_bytes(f"YJ-1,张三,{a},医保,高额医疗支出,2026-08-03,{TOWN_B},,",  # due 8/31: overdue
                      f"YJ-2,李四,{b},医保,高额医疗支出,2026-09-18,,,"),  # unassigned, on time
            "w.csv", clock=world.clock, calendar=world.calendar(s), rules=world.rules,
        )  # fmt: skip
    return {"c1": c1, "c2": c2, "c3": c3}


def _board(world: World, actor: Any = None, township: str | None = None) -> board.OverdueBoard:
    with world.work() as s:
        return board.overdue_board(
            s, actor or world.county, calendar=world.calendar(s), rules=world.rules, today=world.clock.today(),
            township_code=township,
        )  # fmt: skip


def _cells(b: board.OverdueBoard) -> dict[tuple[str, Step], tuple[int, int, int]]:
    return {(c.township_code, c.step): (c.counts.open, c.counts.due_soon, c.counts.overdue) for c in b.cells}


def test_county_board_counts_per_township_and_step(world: World, scene: dict[str, str]) -> None:
    b = _board(world)
    assert b.scope_township is None and b.scope_label == "全部乡镇（街道）"
    assert _cells(b) == {
        (TOWN_A, Step.INVESTIGATION): (2, 1, 1),
        (TOWN_A, Step.WHOLE_PROCESS): (2, 0, 0),
        (TOWN_B, Step.INVESTIGATION): (1, 0, 1),
        (TOWN_B, Step.DATA_CHECK): (1, 0, 1),
        (TOWN_B, Step.WHOLE_PROCESS): (1, 0, 0),
        (TOWN_B, Step.WARNING_VERIFICATION): (1, 0, 1),
        ("", Step.WARNING_VERIFICATION): (1, 0, 0),
    }
    towns = {
        line.key: (line.counts.open, line.counts.due_soon, line.counts.overdue) for line in b.by_township
    }
    assert towns == {TOWN_A: (4, 1, 1), TOWN_B: (4, 0, 3), "": (1, 0, 0)}
    assert [line.key for line in b.by_township][-1] == ""  # the unassigned pile last
    steps = {line.key: line.counts.overdue for line in b.by_step}
    assert steps == {"investigation": 2, "data_check": 1, "whole_process": 0, "warning_verification": 1}
    assert (b.total.open, b.total.due_soon, b.total.overdue) == (9, 1, 4)
    names = {c.township_code: c.township_name for c in b.cells}
    assert names[TOWN_A] == "示例镇（样例数据）" and names[""] == "（未分派乡镇）"


def test_board_overdue_equals_the_raw_sql_count(world: World, scene: dict[str, str]) -> None:
    b = _board(world)
    with world.work() as s:
        raw = s.execute(
            select(Case.township_code, CaseDeadline.step, func.count())
            .join(Case, Case.id == CaseDeadline.case_id)
            .where(CaseDeadline.status == DEADLINE_OPEN, CaseDeadline.due_on < world.clock.today())
            .group_by(Case.township_code, CaseDeadline.step)
        ).all()
    expected = {(t, Step(step)): n for t, step, n in raw}
    got = {k: v[2] for k, v in _cells(b).items() if v[2] and k[1] is not Step.WARNING_VERIFICATION}
    assert got == expected


def test_township_staff_see_their_own_township_only(world: World, scene: dict[str, str]) -> None:
    with world.work() as s:
        clerk_a = staff(world, s, "clerk_a", Role.WINDOW_CLERK, TOWN_A)
    mine = _board(world, clerk_a)
    assert {c.township_code for c in mine.cells} == {TOWN_A}
    assert mine.scope_label == f"示例镇（样例数据）（{TOWN_A}）" and mine.total.open == 4
    with pytest.raises(PermissionDenied):
        _board(world, clerk_a, TOWN_B)
    county_b = _board(world, township=TOWN_B)
    assert {c.township_code for c in county_b.cells} == {TOWN_B}
    with world.work() as s:
        items = board.board_items(s, clerk_a, calendar=world.calendar(s), rules=world.rules,
                                  today=world.clock.today(), township_code="")  # fmt: skip
        assert {i.township_code for i in items} == {TOWN_A}


def test_drill_down_to_the_case_and_the_warning(world: World, scene: dict[str, str]) -> None:
    with world.work() as s:
        cal, rules, today = world.calendar(s), world.rules, world.clock.today()
        (item,) = board.board_items(s, world.county, calendar=cal, rules=rules, today=today,
                                    township_code=TOWN_B, step=Step.DATA_CHECK, status="OVERDUE")  # fmt: skip
        assert item.case_id == scene["c3"] and item.due_on == date(2026, 9, 10) and item.working_days_left < 0
        assert item.head_id_masked.startswith("*") and item.status_label == "已逾期"
        (soon,) = board.board_items(
            s, world.county, calendar=cal, rules=rules, today=today, status="DUE_SOON"
        )
        assert soon.case_id == scene["c2"] and soon.step is Step.INVESTIGATION
        (pile,) = board.board_items(s, world.county, calendar=cal, rules=rules, today=today, township_code="")
        assert pile.kind == board.KIND_WARNING and pile.warning_id is not None and pile.case_id is None
        overdue = board.board_items(s, world.county, calendar=cal, rules=rules, today=today, status="OVERDUE")
        assert len(overdue) == 4 and [i.due_on for i in overdue] == sorted(i.due_on for i in overdue)


def test_excel_export_is_audited_and_readable(world: World, scene: dict[str, str]) -> None:
    with world.work() as s:
        before = s.scalar(select(func.count()).select_from(AuditEvent))
        data = board.export_board_xlsx(s, world.county, calendar=world.calendar(s), rules=world.rules,
                                       clock=world.clock)  # fmt: skip
        event = s.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert event is not None and event.action == "board.exported"
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == (before or 0) + 1
    book: Any = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["汇总", "按乡镇", "按环节", "明细", "说明"]
    summary = [list(r) for r in book["汇总"].iter_rows(values_only=True)]
    assert summary[0][:6] == ["乡镇（街道）", "代码", "环节", "未办结", "即将到期", "已逾期"]
    assert summary[-1][:6] == ["合计", None, None, 9, 1, 4]
    detail = [list(r) for r in book["明细"].iter_rows(values_only=True)]
    assert len(detail) == 1 + 5  # the items that need action: 4 overdue + 1 due soon
    assert {row[6] for row in detail[1:]} == {"已逾期", "即将到期"}
    with world.work() as s:
        everything = board.export_board_xlsx(s, world.county, calendar=world.calendar(s), rules=world.rules,
                                             clock=world.clock, include_on_time=True)  # fmt: skip
    full: Any = openpyxl.load_workbook(io.BytesIO(everything))
    assert full["明细"].max_row == 1 + 9
    text = repr(detail)
    with world.work() as s:
        from app.db.models import Person

        for number in s.scalars(select(Person.id_number)):
            assert number not in text  # masked only


def test_report_read_model_for_the_pdf(world: World, scene: dict[str, str]) -> None:
    with world.work() as s:
        report = board.board_report(s, world.county, calendar=world.calendar(s), rules=world.rules,
                                    clock=world.clock)  # fmt: skip
    assert report.title and report.board.total.overdue == 4
    assert [i.status for i in report.items] == ["OVERDUE"] * 4 + ["DUE_SOON"]


def test_publicity_past_its_last_day_is_ended_not_overdue(world: World) -> None:
    from tests.supervision.support import to_decision_pending

    with world.work() as s:
        case_id = new_case(world, s)
        to_decision_pending(world, s, case_id, date(2026, 8, 3))
        # Reopen the situation of a notice still up after its period: the publicity clock left open.
        clock = s.scalars(select(CaseDeadline).where(CaseDeadline.step == Step.PUBLICITY.value)).one()
        clock.status = DEADLINE_OPEN
        clock.done_on = None
    b = _board(world)
    cell = next(c for c in b.cells if c.step is Step.PUBLICITY)
    assert (cell.counts.open, cell.counts.overdue, cell.counts.ended) == (1, 0, 1)


def test_a_printed_board_written_to_a_file_is_audited_with_its_scope(
    world: World, scene: dict[str, str]
) -> None:
    with world.work() as s:
        report = board.board_report(s, world.county, calendar=world.calendar(s), rules=world.rules,
                                    clock=world.clock, township_code=TOWN_A)  # fmt: skip
        board.record_board_export(s, world.county, report, clock=world.clock)
        event = s.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert event is not None and event.action == "board.exported" and event.entity_id == TOWN_A
    details = json.loads(event.details_json)
    assert details["format"] == "pdf" and details["items"] == len(report.items)
