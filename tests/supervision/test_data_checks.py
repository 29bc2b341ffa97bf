"""信息核对: request → county report (with PDF scan) → anomalies settled before the decision; deadlines on the calendar."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.db.changelog import verify_outbox_sequence
from app.db.models import Attachment, Case, CaseDeadline
from app.db.models.supervision import DataCheckAnomaly, DataCheckRequest
from app.domain.errors import InvalidTransition, PermissionDenied, ValidationError
from app.domain.roles import Role
from app.services.supervision import data_checks
from app.services.supervision.anomalies import unexplained_anomalies
from app.services.supervision.data_checks import AnomalyInput, Conclusion, Resolution
from app.workflow.deadlines import Step
from app.workflow.states import Action, CaseState
from tests.services.workflow_support import World
from tests.supervision.support import (
    TOWN_B,
    VILLAGE_A,
    VILLAGE_B,
    act,
    new_case,
    outbox_count,
    staff,
    to_decision_pending,
)

PDF = b"%PDF-1.4\n% synthetic scan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _request(world: World, case_id: str, on: date) -> data_checks.DataCheckRequestRow:
    with world.work() as s:
        act(world, s, case_id, Action.SUBMIT_WINDOW, on)
        return data_checks.request_data_check(
            s,
            world.clerk,
            case_id,
            clock=world.clock,
            calendar=world.calendar(s),
            rules=world.rules,
            on_date=on,
        )


def _report(
    world: World,
    case_id: str,
    anomalies: tuple[AnomalyInput, ...] = (),
    *,
    scan: bytes | None = None,
    received_on: date | None = None,
) -> data_checks.DataCheckReportView:
    with world.work() as s:
        return data_checks.record_data_check_report(
            s,
            world.county,
            case_id,
            report_no="JDZ-HD-2026-0001",
            issued_on=received_on or world.clock.today(),
            items=("户籍", "车辆", "存款"),
            anomalies=anomalies,
            conclusion=Conclusion.UNCLEAR if anomalies else Conclusion.PASS,
            conclusion_text="车辆信息待乡镇说明" if anomalies else "",
            clock=world.clock,
            calendar=world.calendar(s),
            rules=world.rules,
            scan=scan,
            received_on=received_on,
        )


def test_request_due_in_seven_working_days_on_the_official_calendar(world: World) -> None:
    with world.work() as s:
        case_id = new_case(world, s)
    row = _request(world, case_id, date(2026, 9, 18))
    # DOMAIN §6.3 worked example: Fri 2026-09-18 + 7 WD = Tue 2026-09-29 (Sun 9/20 is a make-up working day).
    assert row.due_on == date(2026, 9, 29)
    assert not row.provisional
    assert row.county_code == "360222" and not row.renhu_fenli
    with world.work() as s:
        stored = s.scalars(select(DataCheckRequest)).one()
        clock = s.scalars(select(CaseDeadline).where(CaseDeadline.step == Step.DATA_CHECK.value)).one()
        assert stored.due_on == clock.due_on == date(2026, 9, 29)
        assert outbox_count(s, "data_check_request") == 1
        listed = data_checks.list_data_check_requests(
            s, world.county, calendar=world.calendar(s), rules=world.rules, today=world.clock.today()
        )
        assert [r.case_id for r in listed] == [case_id]


def test_request_in_2027_is_computed_on_the_provisional_calendar(world: World) -> None:
    world.clock.advance(timedelta(days=200))  # 2027-04-06: no State Council notice for 2027 is bundled
    with world.work() as s:
        case_id = new_case(world, s)
    row = _request(world, case_id, world.clock.today())
    assert row.provisional
    with world.work() as s:
        expected = world.calendar(s).add_working_days(world.clock.today(), 7)
    assert row.due_on == expected.date and expected.provisional


def test_renhu_fenli_request_goes_to_the_registration_county(world: World) -> None:
    with world.work() as s:
        case_id = new_case(world, s, village=VILLAGE_A, renhu_fenli=True, hukou_division=VILLAGE_B)
        from app.services.workflow import record_application_place

        record_application_place(s, world.clerk, case_id, applied_at_residence=True, clock=world.clock)
    on = date(2026, 9, 18)
    with world.work() as s:
        act(world, s, case_id, Action.SUBMIT_WINDOW, on)
        one_wd = s.scalars(
            select(CaseDeadline).where(CaseDeadline.step == Step.RENHU_FENLI_CHECK_REQUEST.value)
        ).one()
        assert one_wd.due_on == date(2026, 9, 20)  # 1 WD: the make-up Sunday
    with world.work() as s:
        row = data_checks.request_data_check(
            s,
            world.clerk,
            case_id,
            clock=world.clock,
            calendar=world.calendar(s),
            rules=world.rules,
            on_date=on,
        )
        assert row.renhu_fenli and row.county_code == TOWN_B[:6]
        one_wd = s.scalars(
            select(CaseDeadline).where(CaseDeadline.step == Step.RENHU_FENLI_CHECK_REQUEST.value)
        ).one()
        assert one_wd.status == "DONE"


def test_report_reaches_the_case_and_anomalies_block_the_decision_until_settled(world: World) -> None:
    start = date(2026, 8, 3)
    with world.work() as s:
        case_id = new_case(world, s)
        act(world, s, case_id, Action.SUBMIT_WINDOW, start)
        data_checks.request_data_check(
            s,
            world.clerk,
            case_id,
            clock=world.clock,
            calendar=world.calendar(s),
            rules=world.rules,
            on_date=start,
        )
    anomalies = (
        AnomalyInput("车辆", "名下登记小型轿车一辆", "赣H·12345（合成数据）"),
        AnomalyInput("存款", "银行存款余额高于申报", "52,000 元"),
    )
    view = _report(world, case_id, anomalies, scan=PDF, received_on=start + timedelta(days=3))
    assert view.open_anomalies == 2 and view.scan_attachment_id is not None
    with world.work() as s:
        case = s.get(Case, uuid.UUID(case_id))
        assert case is not None and case.data_check_state == CaseState.DATA_CHECKED.value
        scan = s.get(Attachment, uuid.UUID(view.scan_attachment_id))
        assert (
            scan is not None
            and scan.data == PDF
            and scan.case_id == case.id
            and scan.mime == "application/pdf"
        )
        township_view = data_checks.case_data_checks(s, world.clerk, case_id)
        assert [a.item for a in township_view[0].anomalies] == ["车辆", "存款"]
        assert outbox_count(s, "data_check_report") == 1 and outbox_count(s, "data_check_anomaly") == 2
        assert outbox_count(s, "attachment") == 1
        assert verify_outbox_sequence(s) == (True, "")
        req = s.scalars(select(DataCheckRequest)).one()
        assert req.status == "REPORTED" and req.reported_on == start + timedelta(days=3)

    with world.work() as s:
        # Continue from the report to the decision point.
        act(world, s, case_id, Action.START_INVESTIGATION, start + timedelta(days=3))
        act(world, s, case_id, Action.COMPLETE_INVESTIGATION, start + timedelta(days=3))
        act(world, s, case_id, Action.ASSESS, start + timedelta(days=3))
        act(world, s, case_id, Action.GIVE_PRELIM_OPINION, start + timedelta(days=3))
        act(world, s, case_id, Action.POST_PUBLICITY, start + timedelta(days=3))
        case = s.get(Case, uuid.UUID(case_id))
        assert case is not None and case.publicity_ends_on is not None
        decide_on = case.publicity_ends_on + timedelta(days=1)
        act(world, s, case_id, Action.END_PUBLICITY, decide_on)
    for action in (Action.APPROVE, Action.DENY):
        with world.work() as s, pytest.raises(InvalidTransition) as refused:
            act(world, s, case_id, action, decide_on)
        assert "2 项异常" in refused.value.message and "车辆" in refused.value.message

    with world.work() as s:
        first, second = s.scalars(select(DataCheckAnomaly).order_by(DataCheckAnomaly.ordinal)).all()
        data_checks.resolve_anomaly(
            s, world.investigator, str(first.id), resolution=Resolution.EXPLAINED,
            note="车辆已于2025年转让，提供转让合同", clock=world.clock,
        )  # fmt: skip
        assert len(unexplained_anomalies(s, case_id)) == 1
    with world.work() as s, pytest.raises(InvalidTransition):
        act(world, s, case_id, Action.APPROVE, decide_on)
    with world.work() as s:
        data_checks.resolve_anomaly(
            s, world.clerk, str(second.id), resolution=Resolution.IN_ASSESSMENT,
            note="存款已计入人均金融资产", clock=world.clock,
        )  # fmt: skip
        with pytest.raises(ValidationError, match="不能重复处理"):
            data_checks.resolve_anomaly(
                s, world.clerk, str(second.id), resolution=Resolution.EXPLAINED, note="x", clock=world.clock
            )
    with world.work() as s:
        act(world, s, case_id, Action.APPROVE, decide_on)
        case = s.get(Case, uuid.UUID(case_id))
        assert case is not None and case.state == CaseState.APPROVED.value


def test_bad_reports_and_wrong_roles_are_refused_and_write_nothing(world: World) -> None:
    with world.work() as s:
        case_id = new_case(world, s)
    _request(world, case_id, date(2026, 9, 18))
    with world.work() as s:
        before = outbox_count(s, "data_check_report")
    with pytest.raises(ValidationError, match="PDF"):
        _report(world, case_id, scan=b"GIF89a not a pdf")
    with pytest.raises(ValidationError, match="核对项目"), world.work() as s:
        data_checks.record_data_check_report(
            s, world.county, case_id, report_no="X", issued_on=world.clock.today(), items=("星座",),
            anomalies=(), conclusion=Conclusion.PASS, clock=world.clock, calendar=world.calendar(s),
            rules=world.rules,
        )  # fmt: skip
    with pytest.raises(PermissionDenied), world.work() as s:
        data_checks.record_data_check_report(
            s, world.clerk, case_id, report_no="X", issued_on=world.clock.today(), items=("户籍",),
            anomalies=(), conclusion=Conclusion.PASS, clock=world.clock, calendar=world.calendar(s),
            rules=world.rules,
        )  # fmt: skip
    with world.work() as s:
        assert outbox_count(s, "data_check_report") == before == 0
        case = s.get(Case, uuid.UUID(case_id))
        assert case is not None and case.data_check_state == CaseState.DATA_CHECK_REQUESTED.value


def test_report_for_a_case_requested_through_the_plain_action(world: World) -> None:
    """The desktop's case button requests without this service: the report files the request from the clock."""
    with world.work() as s:
        case_id = new_case(world, s)
        act(world, s, case_id, Action.SUBMIT_WINDOW, date(2026, 9, 18))
        act(world, s, case_id, Action.REQUEST_DATA_CHECK, date(2026, 9, 18))
    _report(world, case_id)
    with world.work() as s:
        req = s.scalars(select(DataCheckRequest)).one()
        assert req.status == "REPORTED" and req.due_on == date(2026, 9, 29)


def test_township_staff_see_only_their_townships_requests(world: World) -> None:
    with world.work() as s:
        a = new_case(world, s, village=VILLAGE_A)
        b = new_case(world, s, village=VILLAGE_B)
    _request(world, a, date(2026, 9, 18))
    _request(world, b, date(2026, 9, 18))
    with world.work() as s:
        clerk_b = staff(world, s, "clerk_b", Role.WINDOW_CLERK, TOWN_B)
    with world.work() as s:
        rows = data_checks.list_data_check_requests(
            s, clerk_b, calendar=world.calendar(s), rules=world.rules, today=world.clock.today()
        )
        assert [r.case_id for r in rows] == [b]
        with pytest.raises(PermissionDenied):
            data_checks.case_data_checks(s, clerk_b, a)


def test_decision_guard_is_silent_without_reports(world: World) -> None:
    with world.work() as s:
        case_id = new_case(world, s)
        decided = to_decision_pending(world, s, case_id, date(2026, 8, 3))
        assert unexplained_anomalies(s, case_id) == ()
        act(world, s, case_id, Action.APPROVE, decided)
