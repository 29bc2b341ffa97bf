"""预警: import with a row-by-row report, the 20-WD home verification on the calendar, handling, silent checks."""

from __future__ import annotations

import io
import uuid
from datetime import date, timedelta
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from app.db.changelog import verify_outbox_sequence
from app.db.models import Household, Person
from app.db.models.supervision import MonitoringWarning, WarningImportBatch
from app.domain.errors import PermissionDenied, RecusalRequired, ValidationError
from app.domain.idnumber import check_digit
from app.domain.roles import Role
from app.domain.synthetic import SyntheticGenerator
from app.services import accounts
from app.services.supervision import silent_check, warnings
from app.services.supervision.excel import Sheet, write_workbook
from app.services.supervision.warning_files import load_column_mapping, map_header
from app.services.supervision.warnings import Disposition
from app.services.workflow import register_near_relative
from app.workflow.calendar import DayKind, OfficialYear, SpecialDay
from tests.services.workflow_support import World
from tests.supervision.support import TOWN_A, TOWN_B, VILLAGE_B, approved_case, new_case, outbox_count, staff

HEADER = "预警单号,姓名,身份证号,预警来源,预警类型,推送日期,乡镇代码,预警内容,平台内部字段"


def ids(n: int) -> list[str]:
    gen = SyntheticGenerator(77, today=date(2026, 9, 18))
    return [gen.person().id_number for _ in range(n)]


def bad_checksum(number: str) -> str:
    wrong = "0" if check_digit(number[:17]) != "0" else "1"
    return number[:17] + wrong


def csv_bytes(*lines: str, encoding: str = "utf-8-sig") -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode(encoding)


def import_file(world: World, data: bytes, name: str = "yujing.csv") -> warnings.WarningImportReport:
    with world.work() as s:
        return warnings.import_warnings(
            s, world.county, data, name, clock=world.clock, calendar=world.calendar(s), rules=world.rules
        )


def count(world: World, model: Any) -> int:
    with world.work() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_bad_rows_are_listed_row_by_row_and_good_rows_imported(world: World) -> None:
    a, b, c, d = ids(4)
    data = csv_bytes(
        f"YJ-001,张三,{a},医保局,高额医疗支出,2026-09-18,{TOWN_A},住院自付超过 3 万元,x",  # line 2: good
        f"YJ-002,李四,{bad_checksum(b)},人社,失业,2026-09-18,{TOWN_A},,x",  # 3: check digit
        f"YJ-001,王五,{c},公安,死亡,2026-09-18,{TOWN_A},,x",  # 4: number repeats line 2
        f"YJ-004,赵六,{c},车管所,资产新增,2026/9/17,,新增小型汽车,x",  # 5: good, unassigned
        f"YJ-005,赵六,{c},车辆,资产新增,2026年9月17日,,,x",  # 6: same content as line 5
        f"YJ-006,钱七,{d},星象局,收入增加,2026-09-18,{TOWN_A},,x",  # 7: unknown source
        f"YJ-007,孙八,{d},税务,收入增加,2026-13-01,{TOWN_A},,x",  # 8: bad date
        f"YJ-008,,{d},税务,收入增加,2027-01-05,{TOWN_A},,x",  # 9: no name, future date
        f"YJ-009,周九,{d},税务,收入增加,2026-09-16,999999999,,x",  # 10: unknown township
        ",,,,,,,,",  # blank line: skipped
    )
    report = import_file(world, data)
    assert report.rows_total == 9
    assert [r.line for r in report.imported] == [2, 5]
    assert {r.line for r in report.rejected} == {3, 4, 6, 7, 8, 9, 10}
    reasons = {r.line: "；".join(r.reasons) for r in report.rejected}
    assert "校验码" in reasons[3]
    assert "与第 2 行的预警单号重复" in reasons[4]
    assert "与第 5 行内容重复" in reasons[6]
    assert "预警来源“星象局”无法识别" in reasons[7]
    assert "推送日期“2026-13-01”无法识别" in reasons[8]
    assert "缺少姓名" in reasons[9] and "晚于今天" in reasons[9]
    assert "乡镇代码 999999999 不存在" in reasons[10]
    assert report.unknown_columns == ("平台内部字段",)
    text = "\n".join(report.lines())
    assert "第 3 行（单号 YJ-002）未导入" in text and "平台内部字段" in text
    assert a not in text and bad_checksum(b) not in text  # the report never shows a full ID number
    with world.work() as s:
        stored = {w.external_no: w for w in s.scalars(select(MonitoringWarning))}
        assert set(stored) == {"YJ-001", "YJ-004"}
        assert stored["YJ-004"].source_dept == "车辆" and stored["YJ-004"].township_code is None
        assert stored["YJ-004"].pushed_on == date(2026, 9, 17)
        batch = s.scalars(select(WarningImportBatch)).one()
        assert (batch.rows_total, batch.rows_imported, batch.rows_rejected) == (9, 2, 7)
        assert outbox_count(s, "monitoring_warning") == 2
        assert verify_outbox_sequence(s) == (True, "")

    # The same file again: everything is a duplicate now, nothing new is written.
    again = import_file(world, data)
    assert again.imported == ()
    assert "预警单号已导入过" in "；".join(next(r for r in again.rejected if r.line == 2).reasons)
    assert count(world, MonitoringWarning) == 2


def test_verification_due_twenty_working_days_after_the_return(world: World) -> None:
    (a,) = ids(1)
    report = import_file(world, csv_bytes(f"YJ-100,张三,{a},民政,收入增加,2026-09-18,{TOWN_A},,"))
    # 20 WD after Fri 2026-09-18 with 中秋 (9/25) and 国庆 (10/1–7) off and 9/20, 10/10 worked.
    assert report.imported[0].due_on == date(2026, 10, 22)
    assert not report.imported[0].provisional


def test_warning_returned_in_december_runs_into_provisional_2027_and_is_recomputed(world: World) -> None:
    world.clock.advance(timedelta(days=90))  # 2026-12-17
    (a,) = ids(1)
    report = import_file(world, csv_bytes(f"YJ-200,张三,{a},民政,收入增加,2026-12-16,{TOWN_A},,"))
    row = report.imported[0]
    assert row.provisional
    with world.work() as s:
        expected = world.calendar(s).add_working_days(date(2026, 12, 16), 20)
        listed = warnings.list_warnings(
            s, world.county, calendar=world.calendar(s), rules=world.rules, today=world.clock.today()
        )
        assert listed[0].provisional_mark == "（暂定日历）"
    assert row.due_on == expected.date
    # The 2027 notice arrives: 2027-01-04 made a day off (a made-up arrangement for the test).
    notice = OfficialYear(2027, (SpecialDay(date(2027, 1, 1), DayKind.OFF, "元旦"),
                                 SpecialDay(date(2027, 1, 4), DayKind.OFF, "测试调休")))  # fmt: skip
    with world.work() as s:
        calendar = world.calendar(s).with_years(notice)
        moved = warnings.recompute_warning_deadlines(
            s, world.county, calendar=calendar, rules=world.rules, clock=world.clock
        )
        w = s.scalars(select(MonitoringWarning)).one()
        assert not w.provisional and w.calendar_version == calendar.calendar_version
        assert [m.new_provisional for m in moved] == [False]
        assert w.due_on == calendar.add_working_days(date(2026, 12, 16), 20).date


def test_missing_required_column_refuses_the_whole_file(world: World) -> None:
    data = "预警单号,姓名,预警来源,预警类型,推送日期\nYJ-1,张三,医保,失业,2026-09-18\n".encode()
    with pytest.raises(ValidationError, match="缺少必填列：身份证号"):
        import_file(world, data)
    assert count(world, MonitoringWarning) == 0 and count(world, WarningImportBatch) == 0


def test_excel_export_with_gbk_headers_and_numeric_id_cells(world: World) -> None:
    a, b = ids(2)
    book = write_workbook(
        [
            Sheet(
                "预警",
                ("单据编号", "预警对象姓名", "公民身份号码", "数据来源", "预警事项", "下发日期", "比对结果"),
                [
                    ["XL-1", "张三", a, "残联", "重度残疾", date(2026, 9, 15), "新办残疾证"],
                    ["XL-2", "李四", float(b[:15]), "残联", "重度残疾", date(2026, 9, 15), ""],
                ],
            )
        ]
    )
    report = import_file(world, book, "export.xlsx")
    assert [r.line for r in report.imported] == [2]
    assert "存成了数字" in report.rejected[0].reasons[0]
    gbk = csv_bytes(f"YJ-9,张三,{b},医保,高额医疗支出,2026-09-18,{TOWN_A},,", encoding="gb18030")
    assert len(import_file(world, gbk).imported) == 1


def test_header_aliases_come_from_the_documented_mapping() -> None:
    mapping = load_column_mapping()
    header = map_header(
        ["预警编号", "姓 名", "身份证号码", "来源部门", "预警类别", "推送时间", "乡镇（街道）代码", "?"],
        mapping,
    )
    assert sorted(header.by_index.values()) == sorted(
        [
            "external_no",
            "subject_name",
            "id_number",
            "source_dept",
            "warning_type",
            "pushed_on",
            "township_code",
        ]
    )
    assert header.unknown == ("?",) and header.missing == ()
    assert mapping.department("医疗保障局") == "医保" and mapping.department("气象局") is None


def test_matched_household_gives_the_township_and_the_lifecycle_runs(world: World) -> None:
    with world.work() as s:
        case_id = new_case(world, s, village=VILLAGE_B)
        head = s.scalars(select(Person).join(Household).order_by(Person.ordinal)).first()
        assert head is not None
        number = head.id_number
        clerk_a = staff(world, s, "clerk_a", Role.WINDOW_CLERK, TOWN_A)
        inv_b = staff(world, s, "inv_b", Role.INVESTIGATOR, TOWN_B)
    report = import_file(world, csv_bytes(f"YJ-300,{head.name},{number},公安,服刑,2026-09-18,,判处有期徒刑,"))
    assert report.imported[0].township_code == TOWN_B
    wid = report.imported[0].warning_id
    with world.work() as s:
        cal, rules = world.calendar(s), world.rules
        with pytest.raises(PermissionDenied):
            warnings.record_verification(
                s, clerk_a, wid, home_visited_on=date(2026, 9, 18), findings="x", disposition=Disposition.MAINTAIN,
                clock=world.clock, calendar=cal, rules=rules,
            )  # fmt: skip
        row = warnings.assign_warning(
            s, inv_b, wid, assignee_user_id="inv_b", clock=world.clock, calendar=cal, rules=rules
        )
        assert row.assigned_to_name == "inv_b"
        with pytest.raises(PermissionDenied):
            warnings.assign_warning(
                s, inv_b, wid, township_code=TOWN_A, clock=world.clock, calendar=cal, rules=rules
            )
        row = warnings.request_data_view(
            s, inv_b, wid, reason="服刑起止日期不明", clock=world.clock, calendar=cal, rules=rules
        )
        assert row.data_view_label == "已申请点对点查看"
        with pytest.raises(PermissionDenied):
            warnings.answer_data_view(s, inv_b, wid, answer="x", clock=world.clock, calendar=cal, rules=rules)
        row = warnings.answer_data_view(
            s,
            world.county,
            wid,
            answer="2026-08-01 起服刑，刑期两年",
            clock=world.clock,
            calendar=cal,
            rules=rules,
        )
        with pytest.raises(ValidationError, match="须先登记入户核查"):
            warnings.close_warning(s, inv_b, wid, clock=world.clock, calendar=cal, rules=rules)
        row = warnings.record_verification(
            s, inv_b, wid, home_visited_on=date(2026, 9, 18), findings="户主服刑，家中另有两人",
            disposition=warnings.parse_disposition("减发"), online_checked=True, clock=world.clock,
            calendar=cal, rules=rules,
        )  # fmt: skip
        assert row.status_label == "已核查待办结" and row.disposition_label == "减发" and not row.late
        row = warnings.close_warning(s, inv_b, wid, clock=world.clock, calendar=cal, rules=rules)
        assert row.status == "CLOSED"
        assert (
            warnings.list_warnings(s, world.county, calendar=cal, rules=rules, today=world.clock.today())
            == ()
        )
        assert (
            outbox_count(s, "monitoring_warning") == 6
        )  # filed, assigned, view asked, answered, verified, closed
    with pytest.raises(ValidationError, match="没有“暂停”"):
        warnings.parse_disposition("暂停")
    del case_id


def test_related_staff_cannot_verify(world: World) -> None:
    with world.work() as s:
        case_id = new_case(world, s, village=VILLAGE_B)
        inv_b = staff(world, s, "inv_b", Role.INVESTIGATOR, TOWN_B)
        register_near_relative(
            s, world.clerk, case_id, staff_user_id=inv_b.user_id, relation="子女", declared_on=date(2026, 9, 1),
            clock=world.clock,
        )  # fmt: skip
        head = s.scalars(select(Person).order_by(Person.ordinal)).first()
        assert head is not None
    report = import_file(
        world, csv_bytes(f"YJ-400,{head.name},{head.id_number},医保,高额医疗支出,2026-09-18,,,")
    )
    with world.work() as s, pytest.raises(RecusalRequired):
        warnings.record_verification(
            s, inv_b, report.imported[0].warning_id, home_visited_on=date(2026, 9, 18), findings="x",
            disposition=Disposition.MAINTAIN, clock=world.clock, calendar=world.calendar(s), rules=world.rules,
        )  # fmt: skip


def test_overdue_and_scoped_lists(world: World) -> None:
    a, b = ids(2)
    import_file(
        world,
        csv_bytes(
            f"YJ-500,张三,{a},医保,高额医疗支出,2026-08-03,{TOWN_A},,",  # due 2026-08-31: overdue
            f"YJ-501,李四,{b},医保,高额医疗支出,2026-09-18,{TOWN_B},,",
        ),
    )
    with world.work() as s:
        clerk_b = staff(world, s, "clerk_b", Role.WINDOW_CLERK, TOWN_B)
        cal, today = world.calendar(s), world.clock.today()
        overdue = warnings.list_warnings(
            s, world.county, calendar=cal, rules=world.rules, today=today, overdue_only=True
        )
        assert [w.external_no for w in overdue] == ["YJ-500"] and overdue[0].late
        assert overdue[0].time_status_label == "已逾期"
        mine = warnings.list_warnings(s, clerk_b, calendar=cal, rules=world.rules, today=today)
        assert [w.external_no for w in mine] == ["YJ-501"]
        assert mine[0].subject_id_masked.endswith(b[-4:]) and b not in mine[0].subject_id_masked
        with pytest.raises(PermissionDenied):
            warnings.list_warnings(
                s, clerk_b, calendar=cal, rules=world.rules, today=today, township_code=TOWN_A
            )
        with pytest.raises(PermissionDenied):
            warnings.list_warnings(
                s, clerk_b, calendar=cal, rules=world.rules, today=today, unassigned_only=True
            )
        with pytest.raises(PermissionDenied):
            warnings.get_warning(s, clerk_b, overdue[0].id, calendar=cal, rules=world.rules, today=today)
        assert (
            warnings.get_warning(s, clerk_b, mine[0].id, calendar=cal, rules=world.rules, today=today)
            == mine[0]
        )


# --------------------------------------------------------------------------------------------------- silent checks


def test_silent_check_raises_a_warning_only_when_something_changed(world: World) -> None:
    with world.work() as s:
        approved_case(world, s, date(2026, 8, 3))
        approved_case(world, s, date(2026, 8, 3), village=VILLAGE_B)
    feed: dict[uuid.UUID, dict[str, Any]] = {}

    def run() -> silent_check.SilentCheckReport:
        with world.work() as s:
            return silent_check.run_silent_check(
                s, world.county, clock=world.clock, calendar=world.calendar(s), rules=world.rules,
                external=lambda h: feed.get(h, {}),
            )  # fmt: skip

    first = run()
    assert (first.checked, first.baselined, first.unchanged, first.changed) == (2, 2, 0, ())
    second = run()
    assert (second.baselined, second.unchanged, second.changed) == (0, 2, ())
    assert count(world, MonitoringWarning) == 0

    with world.work() as s:
        household = s.scalars(select(Household).where(Household.area_code == VILLAGE_B)).one()
    feed[household.id] = {"社保": "新增城镇职工养老保险缴费"}
    third = run()
    assert third.unchanged == 1 and len(third.changed) == 1
    changed = third.changed[0]
    assert changed.township_code == TOWN_B and changed.changed_parts == ("外部数据：社保",)
    assert changed.warning_id is not None
    with world.work() as s:
        w = s.get(MonitoringWarning, uuid.UUID(changed.warning_id))
        assert w is not None and w.origin == "SILENT_CHECK" and w.household_id == household.id
        assert w.due_on == world.calendar(s).add_working_days(world.clock.today(), 20).date
    # Unchanged since: nothing more. Changed again while the first warning is still open: no second warning.
    assert run().changed == ()
    feed[household.id] = {"社保": "缴费中断"}
    fourth = run()
    assert len(fourth.changed) == 1 and fourth.changed[0].warning_id is None
    assert count(world, MonitoringWarning) == 1


def test_xlsx_reader_roundtrip() -> None:
    data = write_workbook([Sheet("s", ("a", "b"), [[1, "中文"], [None, date(2026, 1, 2)]])])
    book: Any = openpyxl.load_workbook(io.BytesIO(data))
    assert [list(r) for r in book.active.iter_rows(values_only=True)][1] == [1, "中文"]


def test_importing_the_official_calendar_moves_open_warning_clocks_too(world: World) -> None:
    from app.services.calendar_admin import CalendarFileKind, import_calendar_year

    world.clock.advance(timedelta(days=90))  # 2026-12-17
    (a,) = ids(1)
    row = import_file(world, csv_bytes(f"YJ-300,李四,{a},民政,收入增加,2026-12-16,{TOWN_A},,")).imported[0]
    assert row.provisional
    notice = "date,kind,name\n2027-01-01,OFF,元旦\n2027-01-04,OFF,测试调休\n"
    with world.work() as s:
        report = import_calendar_year(
            s, world.store.actor, notice, CalendarFileKind.CSV, world.clock, rules=world.rules, year=2027
        )
        assert report.warnings_moved == 1
        w = s.scalars(select(MonitoringWarning)).one()
        assert not w.provisional
        assert w.due_on == world.calendar(s).add_working_days(date(2026, 12, 16), 20).date


def test_assignable_staff_are_the_active_township_accounts_assign_accepts(world: World) -> None:
    with world.work() as s:
        staff(world, s, "inv_a", Role.INVESTIGATOR, TOWN_A)
        staff(world, s, "clerk_b", Role.WINDOW_CLERK, TOWN_B)
        staff(world, s, "roaming", Role.INVESTIGATOR, None)
        staff(world, s, "coord_a", Role.COORDINATOR, TOWN_A)  # cannot verify: not offered
        inv_b = staff(world, s, "inv_b", Role.INVESTIGATOR, TOWN_B)
        gone = staff(world, s, "gone_a", Role.INVESTIGATOR, TOWN_A)
        accounts.disable_user(world.store, s, login="gone_a", clock=world.clock)
        del gone
        everyone = warnings.assignable_staff(s, world.county)
        assert {c.login for c in everyone} == {"inv_a", "clerk_b", "roaming", "inv_b"}
        town_a = warnings.assignable_staff(s, world.county, township_code=TOWN_A)
        assert {c.login for c in town_a} == {"inv_a", "roaming"}
        assert {c.role_label for c in town_a} == {"调查员"}
        # Township staff see their own township's accounts, and may not look at another's.
        assert {c.login for c in warnings.assignable_staff(s, inv_b)} == {"clerk_b", "inv_b", "roaming"}
        with pytest.raises(PermissionDenied):
            warnings.assignable_staff(s, inv_b, township_code=TOWN_A)
    (a,) = ids(1)
    report = import_file(world, csv_bytes(f"YJ-900,张三,{a},民政,收入增加,2026-09-18,{TOWN_A},,"))
    wid = report.imported[0].warning_id
    with world.work() as s:
        cal = world.calendar(s)
        for choice in town_a:
            row = warnings.assign_warning(
                s, world.county, wid, assignee_user_id=choice.user_id, clock=world.clock, calendar=cal,
                rules=world.rules,
            )  # fmt: skip
            assert row.assigned_to == choice.user_id
