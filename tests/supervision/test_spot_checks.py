"""抽查: the draw meets the rule-table percentages with near relatives in the field, is reproducible from its seed, and
says so when a cohort is too small; results, coverage and the window alert; real-name reports."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.db.models import CaseTask
from app.db.models.supervision import SpotCheck
from app.domain.errors import PermissionDenied, ValidationError
from app.services.supervision import real_name_reports as reports
from app.services.supervision import spot_checks
from app.services.supervision.spot_checks import Candidate, CheckResult, CheckType, draw_sample
from app.workflow.rules import YearMonth, default_rule_book
from app.workflow.states import TaskKind
from tests.services.workflow_support import World
from tests.supervision.support import VILLAGE_B, approved_case, outbox_count

BOOK = default_rule_book()
ON = date(2026, 8, 1)
SAMPLE = Decimal(str(BOOK.get("spot_check.sample_ratio", ON).value))
FIELD = Decimal(str(BOOK.get("spot_check.field_ratio", ON).value))
MIN_COHORT = int(BOOK.get("spot_check.min_cohort_size", ON).value)


def test_rule_values_are_the_seed_figures() -> None:
    # 景民字〔2024〕40号 三(四)1: 不低于 50%，其中实地抽查比例不低于 30%。
    assert (Decimal("0.50"), Decimal("0.30")) == (SAMPLE, FIELD)


populations = st.lists(st.booleans(), min_size=1, max_size=80).map(
    lambda flags: [Candidate(f"{i:04d}-{uuid.UUID(int=i)}", nr) for i, nr in enumerate(flags)]
)
ratios = st.decimals(min_value=Decimal("0.05"), max_value=Decimal("1"), places=2)


@settings(max_examples=150, deadline=None)
@given(population=populations, seed=st.integers(min_value=0, max_value=2**63 - 1), shuffle=st.randoms())
def test_draw_meets_the_percentages_with_near_relatives_in_the_field(
    population: list[Candidate], seed: int, shuffle: object
) -> None:
    plan = draw_sample(population, seed=seed, sample_ratio=SAMPLE, field_ratio=FIELD, min_cohort=MIN_COHORT)
    n = len(population)
    sample, field = set(plan.sample), set(plan.field)
    assert len(sample) == len(plan.sample) and field <= sample
    assert len(plan.sample) >= SAMPLE * n
    assert len(plan.field) >= FIELD * len(plan.sample)
    assert {c.case_id for c in population if c.near_relative} <= field
    if n < MIN_COHORT:
        assert plan.took_everything and "已全部抽查" in plan.message
    if plan.took_everything:
        assert sample == {c.case_id for c in population}
    else:
        assert plan.message == "" and len(plan.sample) < n
    # Reproducible: the same seed gives the same draw whatever order the population comes in.
    reordered = list(population)
    shuffle.shuffle(reordered)  # type: ignore[attr-defined]
    again = draw_sample(reordered, seed=seed, sample_ratio=SAMPLE, field_ratio=FIELD, min_cohort=MIN_COHORT)
    assert again == plan


@settings(max_examples=100, deadline=None)
@given(population=populations, seed=st.integers(min_value=0, max_value=10_000), sample=ratios, field=ratios)
def test_any_ratio_from_the_rule_table_is_honoured(
    population: list[Candidate], seed: int, sample: Decimal, field: Decimal
) -> None:
    plan = draw_sample(population, seed=seed, sample_ratio=sample, field_ratio=field, min_cohort=1)
    assert len(plan.sample) >= sample * len(population)
    assert len(plan.field) >= field * len(plan.sample)
    assert {c.case_id for c in population if c.near_relative} <= set(plan.field)


def test_different_seeds_usually_draw_differently() -> None:
    population = [Candidate(f"c{i:03d}") for i in range(40)]
    draws = {draw_sample(population, seed=s, sample_ratio=SAMPLE, field_ratio=FIELD, min_cohort=4).sample
             for s in range(10)}  # fmt: skip
    assert len(draws) > 1


def test_empty_cohort_is_refused() -> None:
    with pytest.raises(ValidationError, match="没有可抽查"):
        draw_sample([], seed=1, sample_ratio=SAMPLE, field_ratio=FIELD, min_cohort=MIN_COHORT)


# --------------------------------------------------------------------------------------------------- in the store


def _cohort(world: World, n: int, *, near: int = 0, start: date = date(2026, 8, 3)) -> list[str]:
    ids: list[str] = []
    with world.work() as s:
        for i in range(n):
            village = VILLAGE_B if i % 2 else "360222900003"
            ids.append(approved_case(world, s, start, village=village, near_relative=i < near)[0])
    return ids


def _draw(world: World, seed: int | None = 7, cohort: str = "2026-08") -> spot_checks.DrawResult:
    with world.work() as s:
        return spot_checks.draw_spot_checks(
            s, world.county, YearMonth.parse(cohort), clock=world.clock, calendar=world.calendar(s),
            rules=world.rules, seed=seed,
        )  # fmt: skip


def test_cohort_draw_in_the_store_is_recorded_reproducible_and_covers_near_relatives(world: World) -> None:
    case_ids = _cohort(world, 6, near=1)
    result = _draw(world, seed=20260818)
    assert result.population == 6 and not result.took_everything
    assert result.sample_size >= 3 and result.field_size >= 1
    near = [c for c in result.checks if c.near_relative]
    assert len(near) == 1 and near[0].check_type is CheckType.FIELD
    assert all(c.window_ends_on >= c.decided_on + timedelta(days=90) for c in result.checks)
    assert all(c.head_id_masked.startswith("*") for c in result.checks)
    with world.work() as s:
        assert spot_checks.verify_draw(s, world.county, result.draw_id, rules=world.rules)
        assert outbox_count(s, "spot_check_draw") == 1 and outbox_count(s, "spot_check") == result.sample_size
    with pytest.raises(ValidationError, match="已全部抽取"):
        _draw(world)
    # A later approval of the same month is drawn by a further draw.
    with world.work() as s:
        late, _ = approved_case(world, s, date(2026, 8, 10))
    extra = _draw(world, seed=1)
    assert extra.population == 1 and extra.took_everything and "少于" in extra.message
    assert [c.case_id for c in extra.checks] == [late]
    assert set(case_ids).isdisjoint({late})


def test_too_few_cases_says_so_and_draws_everything(world: World) -> None:
    ids = _cohort(world, 2)
    result = _draw(world)
    assert result.took_everything and result.sample_size == 2
    assert "本批次仅 2 户" in result.message and "已全部抽查" in result.message
    assert {c.case_id for c in result.checks} == set(ids)
    assert result.field_size >= 1


def test_results_coverage_and_the_window_alert(world: World) -> None:
    _cohort(world, 4, near=1)
    result = _draw(world, seed=3)
    with world.work() as s:
        cal = world.calendar(s)
        coverage = spot_checks.spot_check_coverage(s, world.county, today=world.clock.today(), calendar=cal,
                                                   rules=world.rules)  # fmt: skip
        (c,) = coverage
        assert (c.cohort, c.population, c.drawn, c.done_in_window) == ("2026-08", 4, result.sample_size, 0)
        assert c.required_sample == 2 and not c.meets_target
        assert any("近亲属备案家庭尚未完成实地核查" in a for a in c.alerts)
        assert not any("将超出" in a for a in c.alerts)  # 2026-09-18: the windows close in November
    # Near the end of the window the coverage warns.
    closes = min(r.window_ends_on for r in result.checks)
    world.clock.advance(closes - timedelta(days=5) - world.clock.today())
    with world.work() as s:
        (c,) = spot_checks.spot_check_coverage(s, world.county, today=world.clock.today(),
                                               calendar=world.calendar(s), rules=world.rules)  # fmt: skip
        assert any("将超出 90 日期限" in a for a in c.alerts), c.alerts
    # Record every check: OK for all but one problem that is rectified and closed.
    with world.work() as s:
        near = next(r for r in result.checks if r.near_relative)
        task = s.scalars(select(CaseTask).where(CaseTask.kind == TaskKind.COUNTY_FIELD_CHECK.value)).one()
        assert task.status == "OPEN"
        for row in result.checks:
            problem = row.id != near.id and row.check_type is CheckType.DESK
            spot_checks.record_spot_check(
                s, world.county, row.id, check_date=world.clock.today() - timedelta(days=1),
                checkers="县民政局 甲、乙", result=CheckResult.PROBLEM if problem else CheckResult.OK,
                problem_desc="家庭人口登记有误" if problem else "", clock=world.clock,
            )  # fmt: skip
        s.refresh(task)
        assert task.status == "DONE" and "实地核查" in task.note
        (c,) = spot_checks.spot_check_coverage(s, world.county, today=world.clock.today(),
                                               calendar=world.calendar(s), rules=world.rules)  # fmt: skip
        assert c.done_in_window == result.sample_size and c.meets_target and c.near_relatives_field_done == 1
        assert c.sample_percent == f"{result.sample_size * 100 / 4:.0f}%"
        problem_row = s.scalars(select(SpotCheck).where(SpotCheck.result == "PROBLEM")).first()
        if problem_row is not None:
            with pytest.raises(ValidationError, match="整改情况"):
                spot_checks.record_spot_check(
                    s, world.county, str(problem_row.id), check_date=problem_row.check_date or world.clock.today(),
                    checkers="甲", result=CheckResult.PROBLEM, problem_desc="x", clock=world.clock,
                    closed_date=world.clock.today(),
                )  # fmt: skip


def test_only_the_county_draws(world: World) -> None:
    _cohort(world, 1)
    with world.work() as s, pytest.raises(PermissionDenied):
        spot_checks.draw_spot_checks(s, world.clerk, YearMonth(2026, 8), clock=world.clock,
                                     calendar=world.calendar(s), rules=world.rules)  # fmt: skip
    with pytest.raises(ValidationError, match="没有确认同意"):
        _draw(world, cohort="2026-07")


# --------------------------------------------------------------------------------------------------- real-name reports


def test_each_real_name_report_is_verified_and_answered(world: World) -> None:
    (case_id,) = _cohort(world, 1)
    today = world.clock.today()
    with world.work() as s:
        row = reports.log_report(
            s, world.county, received_on=today, channel="HOTLINE", reporter_name="举报人甲",
            reporter_contact="19900001234", content="反映该户有营运车辆", case_id=case_id, clock=world.clock,
        )  # fmt: skip
        assert row.reporter_contact_masked == "*******1234" and row.township_code == "360222900"
        with pytest.raises(ValidationError, match="须先登记核实结果"):
            reports.record_report_reply(s, world.county, row.id, reply_on=today, method="PHONE", text="x",
                                        clock=world.clock)  # fmt: skip
        reports.record_report_verification(s, world.county, row.id, verified_on=today, verifier="县民政局 丙",
                                           result="经入户核实，车辆已报废", clock=world.clock)  # fmt: skip
        assert [r.status for r in reports.list_reports(s, world.county, open_only=True)] == ["VERIFIED"]
        done = reports.record_report_reply(s, world.county, row.id, reply_on=today, method="PHONE",
                                           text="已电话反馈核实结果", clock=world.clock)  # fmt: skip
        assert done.status_label == "已反馈举报人"
        assert reports.list_reports(s, world.county, open_only=True) == ()
        assert outbox_count(s, "real_name_report") == 3
        with pytest.raises(ValidationError, match="姓名"):
            reports.log_report(s, world.county, received_on=today, channel="PHONE", reporter_name=" ",
                               content="x", clock=world.clock)  # fmt: skip
        with pytest.raises(PermissionDenied):
            reports.list_reports(s, world.clerk)
