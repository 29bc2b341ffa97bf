"""Issue 8 acceptance across real processes: a county server, two township laptops and the county reviewer's desktop.

Warnings imported at the county reach only the township each one is assigned to (an unassigned one stays at the
county until it is assigned, then moves; reassigned, it leaves the first township's laptops), a township verifies and closes one, and the county sees it closed; an
overdue warning shows on the county's board under the right township and step. Both backends.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from app.db.changelog import record_change
from app.db.models import Person
from app.db.models.supervision import MonitoringWarning, RealNameReport
from app.domain.idnumber import check_digit
from app.domain.roles import Role
from app.domain.synthetic import SyntheticGenerator
from app.services import reference
from app.services.calendar_admin import effective_calendar
from app.services.supervision import data_checks, real_name_reports, warnings
from app.services.supervision.board import overdue_board
from app.services.supervision.warnings import Disposition
from app.services.workflow import apply_action
from app.workflow.deadlines import Step
from app.workflow.rules import default_rule_book
from app.workflow.states import Action
from sync import local
from tests.sync.support import TOWNSHIP, CountyServer, Laptop

if TYPE_CHECKING:
    from tests.sync.conftest import ServerPool

COUNTY = "360222"  # the county server's own code (`dibao-county init` default): a desktop enrolled for it is county-wide
# Two more made-up townships of the same county, beside the bundled sample 360222900: B has a laptop, C none.
OTHER_TOWNSHIP, THIRD_TOWNSHIP = "360222901", "360222902"
TEST_DIVISIONS = """{"source": "测试用虚构区划", "divisions": [
  {"code": "360200", "name": "景德镇市", "level": "city", "parent": null},
  {"code": "360222", "name": "浮梁县", "level": "county", "parent": "360200"},
  {"code": "360222901", "name": "第二示例镇（测试）", "level": "township", "parent": "360222", "sample": true},
  {"code": "360222901001", "name": "东山村（测试）", "level": "village", "parent": "360222901",
   "area_type": "RURAL", "sample": true},
  {"code": "360222902", "name": "第三示例镇（测试）", "level": "township", "parent": "360222", "sample": true}
]}"""
RULES = default_rule_book()
HEADER = "预警单号,姓名,身份证号,预警来源,预警类型,推送日期,乡镇代码,预警内容"


@pytest.fixture
def county_server(server_pool: ServerPool, backend: str) -> Iterator[CountyServer]:
    """A server of this test alone: the county desktop reads every township stream the server has."""
    server = server_pool.fresh(backend)
    yield server
    server.close()


def _three(server: CountyServer, laptops: Callable[..., Laptop]) -> tuple[Laptop, Laptop, Laptop]:
    """Township A's laptop, township B's laptop and the county reviewer's desktop, all knowing the test townships."""
    made = (
        laptops(server, township=TOWNSHIP),
        laptops(server, township=OTHER_TOWNSHIP),
        laptops(server, township=COUNTY),
    )
    for lap in made:
        with lap.store.unit_of_work() as s:
            reference.import_divisions(s, lap.store.actor, TEST_DIVISIONS, clock=lap.clock)
    return made


def _person(lap: Laptop, household_id: str) -> tuple[str, str]:
    with lap.store.reading() as s:
        p = s.scalars(select(Person).where(Person.household_id == uuid.UUID(household_id))).one()
        return p.name, p.id_number


def _warnings(lap: Laptop) -> dict[str, tuple[str | None, str]]:
    """external_no → (township_code, status) of the warnings this store holds."""
    with lap.store.reading() as s:
        return {w.external_no: (w.township_code, w.status) for w in s.scalars(select(MonitoringWarning))}


def _warning_id(lap: Laptop, external_no: str) -> str:
    with lap.store.reading() as s:
        return str(
            s.scalars(select(MonitoringWarning.id).where(MonitoringWarning.external_no == external_no)).one()
        )


def test_county_warnings_reach_their_township_and_come_back_closed(
    county_server: CountyServer, laptops: Callable[..., Laptop]
) -> None:
    a, b, desk = _three(county_server, laptops)
    hh_a, _ = a.new_case(TOWNSHIP)
    hh_b, _ = b.new_case(OTHER_TOWNSHIP)
    assert a.sync().verify_ok and b.sync().verify_ok
    first = desk.sync()
    assert first.verify_ok and first.received >= 6  # both townships' households, people and cases
    name_a, id_a = _person(a, hh_a)
    name_b, id_b = _person(b, hh_b)
    stranger = SyntheticGenerator(4242, today=date(2026, 9, 18)).person()
    bad = stranger.id_number[:17] + ("0" if check_digit(stranger.id_number[:17]) != "0" else "1")
    csv = "\n".join(
        [
            HEADER,
            f"YJ-A,{name_a},{id_a},民政,收入增加,2026-09-10,,工资收入超过标准",
            f"YJ-B,{name_b},{id_b},医保,高额医疗支出,2026-08-03,,住院自付 8 万元",  # 20 WD ran out in August
            f"YJ-X,{stranger.name},{stranger.id_number},人社,就业,2026-09-15,,不在本县登记的人员",
            f"YJ-BAD,{stranger.name},{bad},人社,就业,2026-09-15,,",
        ]
    ).encode("utf-8-sig")

    reviewer = replace(desk.store.actor, role=Role.COUNTY_REVIEWER)
    with desk.store.unit_of_work() as s:
        cal = effective_calendar(s)
        report = warnings.import_warnings(
            s, reviewer, csv, "yujing.csv", clock=desk.clock, calendar=cal, rules=RULES
        )
    assert {r.external_no: r.township_code for r in report.imported} == {
        "YJ-A": TOWNSHIP,  # matched through the household the county desktop received from township A
        "YJ-B": OTHER_TOWNSHIP,
        "YJ-X": None,  # nobody here: the county must assign it
    }
    assert [r.external_no for r in report.rejected] == ["YJ-BAD"]
    pushed = desk.sync()
    assert pushed.verify_ok and pushed.rejected == 0

    # Each township receives only its own warning; the unassigned one stays at the county.
    assert a.sync().verify_ok and b.sync().verify_ok
    assert _warnings(a) == {"YJ-A": (TOWNSHIP, "OPEN")}
    assert _warnings(b) == {"YJ-B": (OTHER_TOWNSHIP, "OPEN")}

    # Assigned to a township the county has had nothing from yet: the push opens that township's stream, and the
    # same sync pulls and verifies it, so the desktop shows the assignment at once.
    wid_x = _warning_id(desk, "YJ-X")
    with desk.store.unit_of_work() as s:
        warnings.assign_warning(
            s, reviewer, wid_x, clock=desk.clock, calendar=effective_calendar(s), rules=RULES,
            township_code=THIRD_TOWNSHIP,
        )  # fmt: skip
    first_move = desk.sync()
    assert first_move.verify_ok and not first_move.resynced_streams and first_move.rejected == 0
    assert _warnings(desk)["YJ-X"] == (THIRD_TOWNSHIP, "OPEN")

    # Reassigned, it moves into B's stream and reaches B's laptop.
    with desk.store.unit_of_work() as s:
        warnings.assign_warning(
            s, reviewer, wid_x, clock=desk.clock, calendar=effective_calendar(s), rules=RULES,
            township_code=OTHER_TOWNSHIP,
        )  # fmt: skip
    moved = desk.sync()
    assert moved.verify_ok and not moved.resynced_streams and moved.rejected == 0
    got = b.sync()
    assert got.verify_ok
    assert _warnings(b) == {"YJ-B": (OTHER_TOWNSHIP, "OPEN"), "YJ-X": (OTHER_TOWNSHIP, "OPEN")}
    assert a.sync().verify_ok and "YJ-X" not in _warnings(a)

    # Reassigned to the other township, it leaves B's laptop and arrives on A's; every stream still verifies.
    with desk.store.unit_of_work() as s:
        warnings.assign_warning(
            s, reviewer, _warning_id(desk, "YJ-X"), clock=desk.clock, calendar=effective_calendar(s),
            rules=RULES, township_code=TOWNSHIP,
        )  # fmt: skip
    assert desk.sync().verify_ok
    left = b.sync()
    assert left.verify_ok and not left.resynced_streams
    assert _warnings(b) == {"YJ-B": (OTHER_TOWNSHIP, "OPEN")}
    # What B was told is only that the warning left: none of what township A now holds.
    with county_server.county().db.read() as s:
        page = county_server.county().read_page(s, f"township:{OTHER_TOWNSHIP}", 0, 1000)
    gone = [i for i in page.changes if i.entity_id == wid_x and i.op == "moved"]
    assert gone and all(i.data is None and i.tombstone and not i.blob_refs for i in gone)
    arrived = a.sync()
    assert arrived.verify_ok and not arrived.resynced_streams
    assert _warnings(a)["YJ-X"] == (TOWNSHIP, "OPEN")
    again = desk.sync()
    assert again.verify_ok and not again.resynced_streams
    assert _warnings(desk)["YJ-X"] == (TOWNSHIP, "OPEN")
    # A full re-read of every stream (county:private and C still hold the warning's old revisions) ends with the
    # copy filed where it is now, not with an old one back.
    with desk.store.unit_of_work() as s:
        local.set_state(s, "resync_all", "1")
    reread = desk.sync(page_size=1)  # one item a page: an old revision arrives before its stream's "moved"
    assert reread.verify_ok and _warnings(desk)["YJ-X"] == (TOWNSHIP, "OPEN")

    # Township A verifies at home and closes; the county sees it closed after both sync.
    investigator = replace(a.store.actor, role=Role.INVESTIGATOR)
    with a.store.unit_of_work() as s:
        cal = effective_calendar(s)
        wid = _warning_id(a, "YJ-A")
        warnings.record_verification(
            s, investigator, wid, home_visited_on=date(2026, 9, 17), findings="入户核实：工资为临时劳务，已结束",
            disposition=Disposition.MAINTAIN, clock=a.clock, calendar=cal, rules=RULES,
        )  # fmt: skip
        warnings.close_warning(s, investigator, wid, clock=a.clock, calendar=cal, rules=RULES)
    back = a.sync()
    assert back.verify_ok and back.rejected == 0 and back.conflicts == 0
    assert desk.sync().verify_ok
    assert _warnings(desk)["YJ-A"] == (TOWNSHIP, "CLOSED")
    assert b.sync().verify_ok and "YJ-A" not in _warnings(b)

    # The county board: B's overdue warning under township B and the warning step; A's open one is not overdue.
    with desk.store.reading() as s:
        board = overdue_board(
            s, reviewer, calendar=effective_calendar(s), rules=RULES, today=desk.clock.today()
        )
    cells = {(c.township_code, c.step): c.counts for c in board.cells}
    assert cells[(OTHER_TOWNSHIP, Step.WARNING_VERIFICATION)].overdue == 1
    assert cells[(TOWNSHIP, Step.WARNING_VERIFICATION)].overdue == 0  # YJ-X, pushed 09-15, is still in time
    # And a township laptop's board holds its own township only.
    with b.store.reading() as s:
        own = overdue_board(s, reviewer, calendar=effective_calendar(s), rules=RULES, today=b.clock.today())
    assert {c.township_code for c in own.cells} == {OTHER_TOWNSHIP}


def test_a_township_laptop_cannot_file_into_another_township(
    county_server: CountyServer, laptops: Callable[..., Laptop]
) -> None:
    """Only the county desktop routes by the record's township; a township laptop's rows stay in its own stream,
    and it cannot read or write the county's or another township's."""
    a = laptops(county_server, township=TOWNSHIP)
    b = laptops(county_server, township=OTHER_TOWNSHIP)
    _, case_a = a.new_case(TOWNSHIP)
    assert a.sync().verify_ok
    hello = b.client()
    hello.run()
    assert hello.hello_resp is not None
    assert set(hello.hello_resp.streams) == {
        f"township:{OTHER_TOWNSHIP}",
        "county:ref",
        f"device:{b.device_id}",
    }
    assert b.row("case", case_a) is None


def test_enrol_code_for_a_county_desktop(
    county_server: CountyServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from sync.server import cli
    from sync.server.models import Enrolment

    data = str(county_server.data)
    assert (
        cli.main(
            [
                "devices",
                "enrol",
                "--data",
                data,
                "--db",
                county_server.db_url,
                "--county",
                "--label",
                "县审核1",
            ]
        )
        == 0
    )
    assert "一次性登记码" in capsys.readouterr().out
    with county_server.county().db.read() as s:
        scopes = {e.label: e.township_id for e in s.scalars(select(Enrolment))}
    assert scopes["县审核1"] == COUNTY
    for typo in ("360222", "36022290", "360203900"):  # the county's own code, too short, another county
        args = ["devices", "enrol", "--data", data, "--db", county_server.db_url, "--township", typo]
        assert cli.main(args) == 2
        assert "本县（360222）下的 9 位代码" in capsys.readouterr().err
    for wrong in (["--county", "--township", TOWNSHIP], []):
        with pytest.raises(SystemExit) as exit_:
            cli.main(["devices", "enrol", "--data", data, "--db", county_server.db_url, *wrong])
        assert exit_.value.code == 2


def test_a_data_check_report_recorded_at_the_county_reaches_the_township_case(
    county_server: CountyServer, laptops: Callable[..., Laptop]
) -> None:
    """The township requests the 7-working-day check, the county desktop records the report with an anomaly, and
    the township's case shows the lane DATA_CHECKED with the anomaly to explain before a decision."""
    a = laptops(county_server, township=TOWNSHIP)
    desk = laptops(county_server, township=COUNTY)
    _, case_id = a.new_case(TOWNSHIP)
    clerk = replace(a.store.actor, role=Role.WINDOW_CLERK)
    with a.store.unit_of_work() as s:
        cal = effective_calendar(s)
        apply_action(s, clerk, case_id, Action.SUBMIT_WINDOW, clock=a.clock, calendar=cal, rules=RULES)
        request = data_checks.request_data_check(s, clerk, case_id, clock=a.clock, calendar=cal, rules=RULES)
    assert a.sync().verify_ok
    assert desk.sync().verify_ok

    reviewer = replace(desk.store.actor, role=Role.COUNTY_REVIEWER)
    with desk.store.unit_of_work() as s:
        cal = effective_calendar(s)
        worklist = data_checks.list_data_check_requests(
            s, reviewer, calendar=cal, rules=RULES, today=desk.clock.today()
        )
        assert [r.id for r in worklist] == [request.id]
        data_checks.record_data_check_report(
            s, reviewer, case_id, report_no="浮民核〔2026〕001号", issued_on=date(2026, 9, 18), items=["市场主体/企业"], conclusion_text="名下有个体工商户，需入户说明经营收入",
            anomalies=[data_checks.AnomalyInput(item="市场主体/企业", description="名下有个体工商户一家")],
            conclusion=data_checks.Conclusion.UNCLEAR, clock=desk.clock, calendar=cal, rules=RULES,
        )  # fmt: skip
    pushed = desk.sync()
    assert pushed.verify_ok and pushed.rejected == 0 and pushed.conflicts == 0

    got = a.sync()
    assert got.verify_ok
    case = a.row("case", case_id)
    assert case is not None and case["data_check_state"] == "DATA_CHECKED"
    with a.store.reading() as s:
        reports = data_checks.case_data_checks(s, clerk, case_id)
    assert [r.report_no for r in reports] == ["浮民核〔2026〕001号"]
    assert [x.description for x in reports[0].anomalies] == ["名下有个体工商户一家"]


def test_what_must_stay_where_it_belongs(county_server: CountyServer, laptops: Callable[..., Laptop]) -> None:
    """A real-name report never leaves the county (the reporter is protected); a township laptop cannot file a
    record under another township or under another township's case; the county cannot file into a township
    outside the county."""
    a, b, desk = _three(county_server, laptops)
    _, case_a = a.new_case(TOWNSHIP)
    _, case_b = b.new_case(OTHER_TOWNSHIP)
    assert a.sync().verify_ok and b.sync().verify_ok and desk.sync().verify_ok

    reviewer = replace(desk.store.actor, role=Role.COUNTY_REVIEWER)
    with desk.store.unit_of_work() as s:
        real_name_reports.log_report(
            s, reviewer, received_on=date(2026, 9, 17), channel="LETTER",
            reporter_name="举报人甲（虚构）", reporter_contact="13800000000", content="反映该户有经营收入",
            clock=desk.clock, case_id=case_a,
        )  # fmt: skip
    assert desk.sync().verify_ok
    assert a.sync().verify_ok
    with a.store.reading() as s:
        assert s.scalars(select(RealNameReport)).all() == []
    with desk.store.reading() as s:
        assert [r.reporter_name for r in s.scalars(select(RealNameReport))] == ["举报人甲（虚构）"]

    def plant(lap: Laptop, who: Laptop, fields: dict[str, object]) -> None:
        with lap.store.unit_of_work() as s:
            record_change(
                s, who.store.actor, at=lap.clock.now(), entity_type="data_check_request",
                entity_id=str(uuid.uuid4()), op="create", fields=fields, audit_action="test.planted",
            )  # fmt: skip

    plant(a, a, {"township_code": OTHER_TOWNSHIP, "status": "OPEN"})  # another township's code
    plant(a, a, {"case_id": case_b, "status": "OPEN"})  # another township's case
    planted = a.sync()
    assert planted.rejected == 2 and planted.verify_ok
    plant(desk, desk, {"township_code": "361999999", "status": "OPEN"})  # not a township of this county
    outside = desk.sync()
    assert outside.rejected == 1 and outside.verify_ok
