"""Deadline engine: every seed / DOMAIN §6.3 limit across the 2025–2026 holidays, statuses, projection, recompute.

Expected dates are written out by hand (checked day by day against the State Council arrangements in DOMAIN §11.3).
The limits behind them come from resources/rules/jingdezhen.json; the engine itself hard-codes none of them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from app.domain.errors import RuleInvalid, RuleMissing
from app.workflow.calendar import WorkCalendar
from app.workflow.deadlines import (
    DUE_SOON_KEY,
    RULE_KEYS,
    DayUnit,
    DeadlineStatus,
    OpenDeadline,
    Step,
    StepDates,
    compute_deadline,
    project_whole_process,
    recompute_open_deadlines,
)
from app.workflow.rules import Rule, RuleBook
from tests.workflow.test_calendar import fictional_2027

D = dt.date
RULES_DIR = Path(__file__).resolve().parents[2] / "resources" / "rules"
BOOK = RuleBook.from_files([RULES_DIR / "jingdezhen.json", RULES_DIR / "deadline_alerts.json"])
CAL = WorkCalendar.bundled()


def _book_with(*rows: Rule) -> RuleBook:
    return RuleBook([*BOOK.all_rules(), *rows])


def _row(key: str, value: object, unit: str, effective_from: dt.date) -> Rule:
    return Rule(key, value, unit, effective_from, None, "测试")


# ---------------------------------------------------------------------------------------------------------------------
# Due dates for every step, across holidays and 调休 weekends
# ---------------------------------------------------------------------------------------------------------------------

# start -> due date per limit, in working days (and 7 calendar days for publicity).
HOLIDAY_STARTS: dict[dt.date, dict[str, dt.date]] = {
    # DOMAIN §6.3 worked example: 中秋 9/25–27 off, 国庆 10/1–7 off, Sun 9/20 and Sat 10/10 working.
    D(2026, 9, 18): {
        "1": D(2026, 9, 20),
        "2": D(2026, 9, 21),
        "3": D(2026, 9, 22),
        "5": D(2026, 9, 24),
        "7": D(2026, 9, 29),
        "18": D(2026, 10, 20),
        "20": D(2026, 10, 22),
        "7CD": D(2026, 9, 28),
    },
    # 2026 National Day itself.
    D(2026, 9, 30): {
        "1": D(2026, 10, 8),
        "2": D(2026, 10, 9),
        "3": D(2026, 10, 10),
        "5": D(2026, 10, 13),
        "7": D(2026, 10, 15),
        "18": D(2026, 10, 30),
        "20": D(2026, 11, 3),
        "7CD": D(2026, 10, 8),
    },
    # 2025 Spring Festival: off 1/28–2/4, Sun 1/26 and Sat 2/8 working.
    D(2025, 1, 24): {
        "1": D(2025, 1, 26),
        "2": D(2025, 1, 27),
        "3": D(2025, 2, 5),
        "5": D(2025, 2, 7),
        "7": D(2025, 2, 10),
        "18": D(2025, 2, 25),
        "20": D(2025, 2, 27),
        "7CD": D(2025, 2, 5),
    },
    # 2025 National Day + 中秋: off 10/1–10/8, Sun 9/28 and Sat 10/11 working.
    D(2025, 9, 26): {
        "1": D(2025, 9, 28),
        "2": D(2025, 9, 29),
        "3": D(2025, 9, 30),
        "5": D(2025, 10, 10),
        "7": D(2025, 10, 13),
        "18": D(2025, 10, 28),
        "20": D(2025, 10, 30),
        "7CD": D(2025, 10, 9),
    },
    # 2026 New Year across the year boundary: off 1/1–1/3, Sun 1/4 working.
    D(2025, 12, 31): {
        "1": D(2026, 1, 4),
        "2": D(2026, 1, 5),
        "3": D(2026, 1, 6),
        "5": D(2026, 1, 8),
        "7": D(2026, 1, 12),
        "18": D(2026, 1, 27),
        "20": D(2026, 1, 29),
        "7CD": D(2026, 1, 7),
    },
    # 2026 Spring Festival: off 2/15–2/23, Sat 2/14 and Sat 2/28 working.
    D(2026, 2, 12): {
        "1": D(2026, 2, 13),
        "2": D(2026, 2, 14),
        "3": D(2026, 2, 24),
        "5": D(2026, 2, 26),
        "7": D(2026, 2, 28),
        "18": D(2026, 3, 16),
        "20": D(2026, 3, 18),
        "7CD": D(2026, 2, 24),
    },
}

# The seed / DOMAIN §6.3 limits, written here only to pick the expected column; the engine reads the rule book.
STEP_COLUMN = {
    Step.ACCEPTANCE_ONLINE: "1",
    Step.RENHU_FENLI_CHECK_REQUEST: "1",
    Step.INVESTIGATION: "3",
    Step.DATA_CHECK: "7",
    Step.PRELIM_OPINION: "2",
    Step.DECISION: "2",
    Step.DENIAL_NOTICE: "3",
    Step.DEMOCRATIC_REVIEW: "5",
    Step.WHOLE_PROCESS: "18",
    Step.WARNING_VERIFICATION: "20",
    Step.PUBLICITY: "7CD",
}


def test_every_step_has_a_column_and_a_rule() -> None:
    assert set(STEP_COLUMN) == set(Step)
    for step in Step:
        assert BOOK.get(RULE_KEYS[step], D(2026, 1, 1)) is not None


@pytest.mark.parametrize("start", sorted(HOLIDAY_STARTS))
@pytest.mark.parametrize("step", list(Step))
def test_due_dates_across_holidays(step: Step, start: dt.date) -> None:
    deadline = compute_deadline(step, start, BOOK, CAL, today=start)
    assert deadline.due_on == HOLIDAY_STARTS[start][STEP_COLUMN[step]]
    assert deadline.provisional is False
    assert deadline.unit is (DayUnit.CD if step is Step.PUBLICITY else DayUnit.WD)
    assert deadline.rule_version == f"{RULE_KEYS[step]}@{BOOK.get(RULE_KEYS[step], start).effective_from}"
    assert deadline.calendar_version == CAL.calendar_version


# ---------------------------------------------------------------------------------------------------------------------
# Status
# ---------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "status", "left"),
    [
        (D(2026, 9, 18), DeadlineStatus.ON_TIME, 3),  # 9/20 (Sun, make-up), 9/21, 9/22 remain
        (D(2026, 9, 20), DeadlineStatus.ON_TIME, 2),
        (D(2026, 9, 21), DeadlineStatus.DUE_SOON, 1),
        (D(2026, 9, 22), DeadlineStatus.DUE_SOON, 0),
        (D(2026, 9, 23), DeadlineStatus.OVERDUE, -1),
        (D(2026, 10, 8), DeadlineStatus.OVERDUE, -6),  # 9/23, 9/24, 9/28, 9/29, 9/30, 10/8
    ],
)
def test_open_status(today: dt.date, status: DeadlineStatus, left: int) -> None:
    deadline = compute_deadline(Step.INVESTIGATION, D(2026, 9, 18), BOOK, CAL, today)
    assert (deadline.due_on, deadline.status, deadline.working_days_left) == (D(2026, 9, 22), status, left)
    assert deadline.late is (status is DeadlineStatus.OVERDUE)


@pytest.mark.parametrize(("done_on", "late"), [(D(2026, 9, 22), False), (D(2026, 9, 23), True)])
def test_done_status_records_lateness(done_on: dt.date, late: bool) -> None:
    deadline = compute_deadline(Step.INVESTIGATION, D(2026, 9, 18), BOOK, CAL, D(2026, 12, 1), done_on)
    assert (deadline.status, deadline.done_on, deadline.late) == (DeadlineStatus.DONE, done_on, late)
    assert deadline.working_days_left is None


def test_due_soon_threshold_is_a_rule() -> None:
    wider = _book_with(_row(DUE_SOON_KEY, 3, "WD", D(2026, 1, 1)))
    assert compute_deadline(Step.INVESTIGATION, D(2026, 9, 18), wider, CAL, D(2026, 9, 18)).status is (
        DeadlineStatus.DUE_SOON
    )
    without = RuleBook.from_files([RULES_DIR / "jingdezhen.json"])
    with pytest.raises(RuleMissing):
        compute_deadline(Step.INVESTIGATION, D(2026, 9, 18), without, CAL, D(2026, 9, 18))


def test_a_new_rule_version_applies_only_to_clocks_started_after_it() -> None:
    book = _book_with(_row("deadline.investigation", 5, "WD", D(2026, 10, 1)))
    old = compute_deadline(Step.INVESTIGATION, D(2026, 9, 30), book, CAL, D(2026, 9, 30))
    new = compute_deadline(Step.INVESTIGATION, D(2026, 10, 8), book, CAL, D(2026, 10, 8))
    assert (old.due_on, old.limit, old.rule_version) == (
        D(2026, 10, 10),
        3,
        "deadline.investigation@2024-01-01",
    )
    assert (new.due_on, new.limit, new.rule_version) == (
        D(2026, 10, 14),
        5,
        "deadline.investigation@2026-10-01",
    )


def test_publicity_unit_follows_the_rule() -> None:
    book = _book_with(_row("publicity.length", 7, "WD", D(2026, 1, 1)))
    deadline = compute_deadline(Step.PUBLICITY, D(2026, 9, 18), book, CAL, D(2026, 9, 18))
    assert (deadline.unit, deadline.due_on) == (DayUnit.WD, D(2026, 9, 29))


@pytest.mark.parametrize(("value", "unit"), [("3", "WD"), (-1, "WD"), (True, "WD"), (3, "HOURS")])
def test_a_malformed_rule_row_is_an_error(value: object, unit: str) -> None:
    book = _book_with(_row("deadline.investigation", value, unit, D(2026, 1, 1)))
    with pytest.raises(RuleInvalid, match=r"deadline\.investigation@2026-01-01"):
        compute_deadline(Step.INVESTIGATION, D(2026, 9, 18), book, CAL, D(2026, 9, 18))


def test_deadlines_in_a_provisional_year_are_flagged_until_the_notice_is_imported() -> None:
    before = compute_deadline(Step.INVESTIGATION, D(2027, 2, 3), BOOK, CAL, D(2027, 2, 3))
    after = compute_deadline(
        Step.INVESTIGATION, D(2027, 2, 3), BOOK, CAL.with_years(fictional_2027()), D(2027, 2, 3)
    )
    assert (before.due_on, before.provisional) == (D(2027, 2, 12), True)
    assert (after.due_on, after.provisional) == (D(2027, 2, 16), False)
    assert before.calendar_version != after.calendar_version


# ---------------------------------------------------------------------------------------------------------------------
# Whole-process projection (DOMAIN §6.4)
# ---------------------------------------------------------------------------------------------------------------------


def test_projection_of_the_worked_example_fits_without_a_review() -> None:
    projection = project_whole_process(D(2026, 9, 18), {}, BOOK, CAL, D(2026, 9, 18))
    ends = {s.step: s.ends_on for s in projection.steps}
    assert ends == {
        Step.INVESTIGATION: D(2026, 9, 22),
        Step.DATA_CHECK: D(2026, 9, 29),
        Step.PRELIM_OPINION: D(2026, 10, 8),  # waits for the cross-check, then 9/30 and 10/8
        Step.PUBLICITY: D(2026, 10, 15),
        Step.DECISION: D(2026, 10, 19),
    }
    assert projection.whole.due_on == D(2026, 10, 20)
    assert (projection.projected_finish, projection.exceeds_limit, projection.slack_working_days) == (
        D(2026, 10, 19),
        False,
        1,
    )
    assert projection.warning() == ""


def test_projection_warns_when_a_democratic_review_pushes_past_18_working_days() -> None:
    projection = project_whole_process(D(2026, 9, 18), {}, BOOK, CAL, D(2026, 9, 18), democratic_review=True)
    ends = {s.step: s.ends_on for s in projection.steps}
    assert ends[Step.DEMOCRATIC_REVIEW] == D(2026, 10, 22)
    assert (projection.projected_finish, projection.exceeds_limit, projection.slack_working_days) == (
        D(2026, 10, 26),
        True,
        -4,
    )
    assert "2026-10-26" in projection.warning()
    assert "2026-10-20" in projection.warning()
    assert "4 个工作日" in projection.warning()


def test_projection_uses_actual_dates_of_done_steps() -> None:
    progress = {
        Step.INVESTIGATION: StepDates(done_on=D(2026, 9, 21)),
        Step.DATA_CHECK: StepDates(done_on=D(2026, 9, 24)),
        Step.PRELIM_OPINION: StepDates(done_on=D(2026, 9, 24)),
    }
    projection = project_whole_process(D(2026, 9, 18), progress, BOOK, CAL, D(2026, 9, 25))
    ends = {s.step: s.ends_on for s in projection.steps}
    assert ends[Step.PUBLICITY] == D(2026, 10, 8)  # 9/24 + 7 = 10/1, a holiday: rolls to 10/8
    assert projection.projected_finish == D(2026, 10, 10)  # 10/9 and the make-up Saturday 10/10
    assert (projection.exceeds_limit, projection.slack_working_days) == (False, 7)
    done = {s.step: s.deadline.status for s in projection.steps if s.done}
    assert done == {step: DeadlineStatus.DONE for step in progress}


def test_projection_of_an_overdue_case_starts_from_today() -> None:
    projection = project_whole_process(D(2026, 9, 18), {}, BOOK, CAL, D(2026, 10, 12))
    first = projection.steps[0]
    assert (first.step, first.ends_on, first.deadline.status) == (
        Step.INVESTIGATION,
        D(2026, 10, 12),
        DeadlineStatus.OVERDUE,
    )
    assert projection.projected_finish == D(2026, 10, 23)
    assert (projection.exceeds_limit, projection.slack_working_days) == (True, -3)
    assert projection.whole.status is DeadlineStatus.ON_TIME


def test_projection_after_the_decision_is_final() -> None:
    progress = {
        Step.INVESTIGATION: StepDates(done_on=D(2026, 9, 21)),
        Step.DATA_CHECK: StepDates(done_on=D(2026, 9, 21)),
        Step.PRELIM_OPINION: StepDates(done_on=D(2026, 9, 22)),
        Step.PUBLICITY: StepDates(started_on=D(2026, 9, 23), done_on=D(2026, 9, 30)),
        Step.DECISION: StepDates(done_on=D(2026, 10, 21)),
    }
    projection = project_whole_process(D(2026, 9, 18), progress, BOOK, CAL, D(2026, 11, 2))
    assert projection.projected_finish == D(2026, 10, 21)
    assert (projection.whole.status, projection.whole.late, projection.exceeds_limit) == (
        DeadlineStatus.DONE,
        True,
        True,
    )


# ---------------------------------------------------------------------------------------------------------------------
# Recompute after `dibao calendar import`
# ---------------------------------------------------------------------------------------------------------------------


def _stored(key: str, step: Step, started_on: dt.date, calendar: WorkCalendar) -> OpenDeadline:
    deadline = compute_deadline(step, started_on, BOOK, calendar, started_on)
    return OpenDeadline(
        key, step, started_on, deadline.due_on, deadline.provisional, deadline.calendar_version
    )


def test_recompute_after_importing_2027_reports_moved_and_confirmed_deadlines() -> None:
    rows = [
        _stored("a", Step.INVESTIGATION, D(2027, 2, 3), CAL),  # 2/12 → 2/16 (longer 春节)
        _stored("b", Step.INVESTIGATION, D(2027, 3, 1), CAL),  # 3/4 either way; no longer provisional
        _stored("c", Step.INVESTIGATION, D(2026, 3, 2), CAL),  # entirely 2026: untouched
        _stored("d", Step.DATA_CHECK, D(2026, 12, 30), CAL),  # 2027-01-11 either way; confirmed
        _stored("e", Step.DECISION, D(2027, 9, 24), CAL),  # 9/28 → 9/27 (make-up Sunday 9/26)
        _stored("f", Step.PUBLICITY, D(2027, 9, 29), CAL),  # 10/6 → 10/8 (国庆 to 10/7)
    ]
    assert all(r.provisional for r in rows if r.key != "c")
    new_calendar = CAL.with_years(fictional_2027())
    report = recompute_open_deadlines(rows, BOOK, new_calendar, D(2027, 1, 4))

    assert report.checked == 6
    assert report.calendar_version == new_calendar.calendar_version != CAL.calendar_version
    assert {c.key for c in report.changes} == {"a", "b", "d", "e", "f"}
    moved = {c.key: (c.old_due_on, c.new.due_on) for c in report.moved}
    assert moved == {
        "a": (D(2027, 2, 12), D(2027, 2, 16)),
        "e": (D(2027, 9, 28), D(2027, 9, 27)),
        "f": (D(2027, 10, 6), D(2027, 10, 8)),
    }
    assert all(c.old_provisional and not c.new.provisional for c in report.changes)
    assert all(c.new.calendar_version == new_calendar.calendar_version for c in report.changes)


def test_recompute_on_the_same_calendar_changes_nothing() -> None:
    rows = [_stored(str(i), Step.DATA_CHECK, D(2026, 9, 1) + dt.timedelta(days=i), CAL) for i in range(60)]
    report = recompute_open_deadlines(rows, BOOK, CAL, D(2026, 9, 1))
    assert (report.checked, report.changes) == (60, ())


def test_recompute_of_50000_rows_reports_every_row() -> None:
    """Correctness at the benchmark's size; its speed is measured by bench/deadline_bench.py, not here."""
    steps = [Step.INVESTIGATION, Step.DATA_CHECK, Step.PUBLICITY, Step.DECISION, Step.WHOLE_PROCESS]
    base = [
        _stored(str(i), steps[i % len(steps)], D(2026, 1, 1) + dt.timedelta(days=i % 700), CAL)
        for i in range(3500)
    ]
    rows = [dataclasses.replace(base[i % len(base)], key=str(i)) for i in range(50_000)]
    new_calendar = CAL.with_years(fictional_2027())
    report = recompute_open_deadlines(rows, BOOK, new_calendar, D(2026, 12, 1))
    assert report.checked == 50_000
    assert report.moved  # some 2027 deadlines must move, or the benchmark measured nothing
    assert not report.failures
    assert all(c.new.due_on.year >= 2027 for c in report.moved)  # only dates touching the imported year move


def test_recompute_reports_rows_it_cannot_compute_and_carries_on() -> None:
    good = _stored("good", Step.INVESTIGATION, D(2027, 2, 3), CAL)
    ancient = OpenDeadline("ancient", Step.INVESTIGATION, D(2020, 5, 6), D(2020, 5, 11), False, "old")
    report = recompute_open_deadlines([ancient, good], BOOK, CAL.with_years(fictional_2027()), D(2027, 1, 4))
    assert [c.key for c in report.moved] == ["good"]
    assert [(key, type(error)) for key, error in report.failures] == [("ancient", RuleMissing)]
    assert "deadline.investigation" in str(report.failures[0][1])
