"""Work calendar: official data, provisional years, counting rules, imports.

Expected dates are written out by hand from DOMAIN §6.3 / §11.3 and the State Council notices; chinese_calendar is
used only as an independent cross-check of the generated bundle (business code never imports it).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.errors import ValidationError
from app.workflow.calendar import (
    CalendarDateOutsideYear,
    CalendarDuplicateDate,
    CalendarEmptyYear,
    CalendarFormatError,
    CalendarUnknownKind,
    CalendarWrongYear,
    DayKind,
    OfficialYear,
    WorkCalendar,
    YearStatus,
    bundled_official_years,
    bundled_statutory_rules,
    official_year_from_json,
    official_year_to_json,
    parse_holiday_cn_json,
    parse_notice_csv,
    predict_special_days,
)

D = dt.date
CAL = WorkCalendar.bundled()


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


# A fictional 2027 arrangement in holiday-cn format (the real notice is not out yet). It deliberately differs from
# the provisional prediction: 春节 2/5–2/12, a working Sunday 9/26 before 国庆 10/1–10/7.
FICTIONAL_2027: dict[str, object] = {
    "year": 2027,
    "papers": ["https://example.invalid/test-fixture-2027"],
    "days": [
        *(
            {"name": "元旦", "date": d.isoformat(), "isOffDay": True}
            for d in _days(D(2027, 1, 1), D(2027, 1, 3))
        ),
        *(
            {"name": "春节", "date": d.isoformat(), "isOffDay": True}
            for d in _days(D(2027, 2, 5), D(2027, 2, 12))
        ),
        {"name": "春节", "date": "2027-02-20", "isOffDay": False},
        *(
            {"name": "清明节", "date": d.isoformat(), "isOffDay": True}
            for d in _days(D(2027, 4, 3), D(2027, 4, 5))
        ),
        {"name": "劳动节", "date": "2027-04-25", "isOffDay": False},
        *(
            {"name": "劳动节", "date": d.isoformat(), "isOffDay": True}
            for d in _days(D(2027, 5, 1), D(2027, 5, 5))
        ),
        {"name": "劳动节", "date": "2027-05-08", "isOffDay": False},
        {"name": "端午节", "date": "2027-06-09", "isOffDay": True},
        {"name": "中秋节", "date": "2027-09-15", "isOffDay": True},
        {"name": "国庆节", "date": "2027-09-26", "isOffDay": False},
        *(
            {"name": "国庆节", "date": d.isoformat(), "isOffDay": True}
            for d in _days(D(2027, 10, 1), D(2027, 10, 7))
        ),
        {"name": "国庆节", "date": "2027-10-09", "isOffDay": False},
    ],
}


def fictional_2027() -> OfficialYear:
    return parse_holiday_cn_json(json.dumps(FICTIONAL_2027, ensure_ascii=False), expected_year=2027)


# ---------------------------------------------------------------------------------------------------------------------
# Official data
# ---------------------------------------------------------------------------------------------------------------------

# DOMAIN §11.3, typed from the table: off ranges (inclusive) and make-up working weekend days.
SECTION_11_3 = {
    2025: (
        [
            (D(2025, 1, 1), D(2025, 1, 1)),
            (D(2025, 1, 28), D(2025, 2, 4)),
            (D(2025, 4, 4), D(2025, 4, 6)),
            (D(2025, 5, 1), D(2025, 5, 5)),
            (D(2025, 5, 31), D(2025, 6, 2)),
            (D(2025, 10, 1), D(2025, 10, 8)),
        ],
        [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)],
    ),
    2026: (
        [
            (D(2026, 1, 1), D(2026, 1, 3)),
            (D(2026, 2, 15), D(2026, 2, 23)),
            (D(2026, 4, 4), D(2026, 4, 6)),
            (D(2026, 5, 1), D(2026, 5, 5)),
            (D(2026, 6, 19), D(2026, 6, 21)),
            (D(2026, 9, 25), D(2026, 9, 27)),
            (D(2026, 10, 1), D(2026, 10, 7)),
        ],
        [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)],
    ),
}


@pytest.mark.parametrize("year", sorted(SECTION_11_3))
def test_bundled_year_matches_domain_section_11_3_day_by_day(year: int) -> None:
    ranges, makeups = SECTION_11_3[year]
    off = {d for first, last in ranges for d in _days(first, last)}
    for day in _days(D(year, 1, 1), D(year, 12, 31)):
        expected = day in makeups or (day.weekday() < 5 and day not in off)
        answer = CAL.is_working_day(day)
        assert answer.working is expected, day
        assert answer.provisional is False


def test_bundled_data_agrees_with_chinese_calendar_2004_to_2026() -> None:
    years = [y.year for y in bundled_official_years()]
    assert years == list(range(2004, 2027))
    for day in _days(D(2004, 1, 1), D(2026, 12, 31)):
        assert CAL.is_working_day(day).working is chinese_calendar.is_workday(day), day


@pytest.mark.parametrize(
    ("day", "working", "name"),
    [
        (D(2026, 9, 20), True, "国庆节"),  # Sunday make-up day
        (D(2026, 10, 10), True, "国庆节"),  # Saturday make-up day
        (D(2026, 9, 25), False, "中秋"),
        (D(2025, 1, 26), True, "春节"),
        (D(2025, 10, 8), False, "国庆节"),
        (D(2026, 9, 19), False, ""),  # ordinary Saturday
        (D(2026, 9, 21), True, ""),  # ordinary Monday
    ],
)
def test_is_working_day_names_the_holiday(day: dt.date, working: bool, name: str) -> None:
    answer = CAL.is_working_day(day)
    assert (answer.working, answer.name, answer.provisional) == (working, name, False)


# ---------------------------------------------------------------------------------------------------------------------
# Counting rules: DOMAIN §6.3 worked example and the 2025/2026 Spring Festival and National Day periods
# ---------------------------------------------------------------------------------------------------------------------

ADD_CASES = [
    # DOMAIN §6.3 worked example: accepted Fri 2026-09-18 (WD1 is Sun 9/20).
    (D(2026, 9, 18), 3, D(2026, 9, 22)),
    (D(2026, 9, 18), 7, D(2026, 9, 29)),
    (D(2026, 9, 18), 18, D(2026, 10, 20)),
    (D(2026, 9, 18), 1, D(2026, 9, 20)),
    # 2025 Spring Festival: off 1/28–2/4, working Sun 1/26 and Sat 2/8.
    (D(2025, 1, 24), 1, D(2025, 1, 26)),
    (D(2025, 1, 24), 3, D(2025, 2, 5)),
    (D(2025, 1, 24), 7, D(2025, 2, 10)),
    (D(2025, 1, 24), 18, D(2025, 2, 25)),
    (D(2025, 1, 27), 1, D(2025, 2, 5)),
    (D(2025, 2, 7), 1, D(2025, 2, 8)),
    (D(2025, 2, 7), 2, D(2025, 2, 10)),
    # 2025 National Day + 中秋: off 10/1–10/8, working Sun 9/28 and Sat 10/11.
    (D(2025, 9, 26), 1, D(2025, 9, 28)),
    (D(2025, 9, 26), 5, D(2025, 10, 10)),
    (D(2025, 9, 26), 7, D(2025, 10, 13)),
    (D(2025, 9, 26), 18, D(2025, 10, 28)),
    # 2026 New Year across the year boundary: off 1/1–1/3, working Sun 1/4.
    (D(2025, 12, 31), 1, D(2026, 1, 4)),
    (D(2025, 12, 31), 7, D(2026, 1, 12)),
    # 2026 Spring Festival: off 2/15–2/23, working Sat 2/14 and Sat 2/28.
    (D(2026, 2, 12), 2, D(2026, 2, 14)),
    (D(2026, 2, 12), 3, D(2026, 2, 24)),
    (D(2026, 2, 12), 7, D(2026, 2, 28)),
    (D(2026, 2, 12), 18, D(2026, 3, 16)),
    (D(2026, 2, 12), 20, D(2026, 3, 18)),
    (D(2026, 2, 13), 2, D(2026, 2, 24)),
    # 2026 National Day: off 10/1–10/7, working Sat 10/10.
    (D(2026, 9, 30), 1, D(2026, 10, 8)),
    (D(2026, 9, 30), 3, D(2026, 10, 10)),
    (D(2026, 9, 30), 20, D(2026, 11, 3)),
    # The start day does not count even when it is a working day (Art. 201); n = 0 is the start itself.
    (D(2026, 9, 21), 1, D(2026, 9, 22)),
    (D(2026, 9, 21), 0, D(2026, 9, 21)),
]


@pytest.mark.parametrize(("start", "n", "expected"), ADD_CASES)
def test_add_working_days(start: dt.date, n: int, expected: dt.date) -> None:
    result = CAL.add_working_days(start, n)
    assert result.date == expected
    assert result.provisional is False
    assert result.calendar_version == CAL.calendar_version


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2025, 9, 26), 7, D(2025, 10, 9)),  # 10/3 is off; 10/4–10/8 too
        (D(2026, 2, 10), 7, D(2026, 2, 24)),  # 2/17 is 春节
        (D(2026, 9, 18), 7, D(2026, 9, 28)),  # 9/25 中秋, then a weekend
        (D(2025, 9, 21), 7, D(2025, 9, 28)),  # lands on a make-up Sunday, which is a working day: no roll
        (D(2026, 10, 3), 7, D(2026, 10, 10)),  # make-up Saturday
        (D(2026, 2, 7), 7, D(2026, 2, 14)),  # make-up Saturday
        (D(2026, 3, 7), 7, D(2026, 3, 16)),  # ordinary Saturday rolls to Monday
        (D(2026, 9, 12), 7, D(2026, 9, 20)),  # Saturday 9/19 rolls to the make-up Sunday 9/20
        (D(2026, 9, 14), 7, D(2026, 9, 21)),  # a working Monday stays
    ],
)
def test_calendar_deadline_rolls_past_rest_days(start: dt.date, n: int, expected: dt.date) -> None:
    assert CAL.calendar_deadline(start, n).date == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (D(2026, 9, 18), D(2026, 10, 20), 18),
        (D(2026, 10, 20), D(2026, 9, 18), -18),
        (D(2025, 1, 24), D(2025, 2, 5), 3),
        (D(2026, 9, 30), D(2026, 10, 7), 0),
        (D(2026, 9, 21), D(2026, 9, 21), 0),
        (D(2025, 12, 31), D(2026, 1, 12), 7),
    ],
)
def test_working_days_between(a: dt.date, b: dt.date, expected: int) -> None:
    assert CAL.working_days_between(a, b).days == expected


def test_negative_counts_are_rejected() -> None:
    with pytest.raises(ValueError, match="负数"):
        CAL.add_working_days(D(2026, 1, 5), -1)


# ---------------------------------------------------------------------------------------------------------------------
# Provisional years
# ---------------------------------------------------------------------------------------------------------------------


def test_2027_is_provisional_with_predicted_statutory_holidays() -> None:
    assert CAL.year_status(2027) is YearStatus.PROVISIONAL
    assert CAL.year_status(2026) is YearStatus.OFFICIAL
    shown = {d.date: d.name for d in CAL.show_year(2027) if d.kind is DayKind.OFF}
    # 《放假办法》2024 revision: 春节 = 除夕 + 初一..初三 (2027-02-05..08); 6 Feb and 7 Feb are a weekend, so two
    # make-up days follow (Art. 6). Lunar dates: 初一 2027-02-06, 端午 06-09, 中秋 09-15; 清明 04-05.
    expected_weekday_off = {
        D(2027, 1, 1),
        D(2027, 2, 5),
        D(2027, 2, 8),
        D(2027, 2, 9),
        D(2027, 2, 10),
        D(2027, 4, 5),
        D(2027, 5, 3),
        D(2027, 5, 4),
        D(2027, 6, 9),
        D(2027, 9, 15),
        D(2027, 10, 1),
        D(2027, 10, 4),
        D(2027, 10, 5),
    }
    assert {d for d in shown if d.weekday() < 5} == expected_weekday_off
    assert shown[D(2027, 2, 6)] == "春节"
    assert shown[D(2027, 2, 9)] == "春节（补休）"
    assert all(d.provisional for d in CAL.show_year(2027))
    assert not any(d.provisional for d in CAL.show_year(2026))
    answer = CAL.is_working_day(D(2027, 9, 15))
    assert (answer.working, answer.provisional, answer.name) == (False, True, "中秋")


@pytest.mark.parametrize(
    ("year", "month", "expected_weekday_off"),
    [
        # 劳动节 5/1 Fri + 5/2 Sat: the Saturday's make-up skips Sunday 5/3 and lands on Monday 5/4.
        (2026, 5, {D(2026, 5, 1), D(2026, 5, 4)}),
        # 中秋 falls on 国庆 day 3 (10/3) and 10/1 is a Sunday: two days are owed, given on 10/4 and 10/5.
        (2028, 10, {D(2028, 10, 2), D(2028, 10, 3), D(2028, 10, 4), D(2028, 10, 5)}),
    ],
)
def test_predicted_make_up_days_skip_weekends_and_overlaps(
    year: int, month: int, expected_weekday_off: set[dt.date]
) -> None:
    unofficial = WorkCalendar(())
    off = {d.date for d in unofficial.show_year(year) if d.date.month == month and d.date.weekday() < 5}
    assert off == expected_weekday_off


def test_predicted_statutory_days_are_off_in_every_official_year() -> None:
    # Guards the lunar and solar-term computations against 23 years of real notices.
    rules = bundled_statutory_rules()
    for year in range(2004, 2027):
        for day in predict_special_days(year, rules):
            if "补休" not in day.name:
                assert not CAL.is_working_day(day.date).working, (year, day)


@pytest.mark.parametrize("day", [D(1, 1, 1), D(1990, 10, 2), D(2003, 12, 31), D(2300, 6, 1), D(9999, 12, 31)])
def test_out_of_range_dates_never_raise_and_are_provisional(day: dt.date) -> None:
    assert CAL.is_working_day(day).provisional is True


def test_results_touching_a_provisional_year_are_provisional() -> None:
    inside = CAL.add_working_days(D(2026, 12, 1), 5)
    across = CAL.add_working_days(D(2026, 12, 30), 3)
    assert (inside.date, inside.provisional) == (D(2026, 12, 8), False)
    assert (across.date, across.provisional) == (D(2027, 1, 5), True)
    before = CAL.add_working_days(D(2003, 12, 30), 2)
    assert before.provisional is True  # 2003-12-31 is counted
    assert CAL.add_working_days(D(2003, 12, 31), 1).provisional is False  # only 2004-01-02 is counted


def test_importing_2027_makes_it_official_and_changes_the_version() -> None:
    imported = fictional_2027()
    cal = CAL.with_years(imported)
    assert cal.year_status(2027) is YearStatus.OFFICIAL
    assert cal.calendar_version != CAL.calendar_version
    assert cal.calendar_version.startswith("2004-2027#")
    # Same content gives the same version, whatever instance computes it.
    assert WorkCalendar.bundled([fictional_2027()]).calendar_version == cal.calendar_version
    before = CAL.add_working_days(D(2027, 2, 3), 3)
    after = cal.add_working_days(D(2027, 2, 3), 3)
    assert (before.date, before.provisional) == (D(2027, 2, 12), True)
    assert (after.date, after.provisional) == (D(2027, 2, 16), False)
    assert cal.is_working_day(D(2027, 9, 26)).working is True  # the imported make-up Sunday
    assert {d.date for d in cal.show_year(2027) if d.kind is DayKind.WORK} == {
        D(2027, 2, 20),
        D(2027, 4, 25),
        D(2027, 5, 8),
        D(2027, 9, 26),
        D(2027, 10, 9),
    }


def test_an_imported_year_replaces_the_bundled_one() -> None:
    changed = parse_notice_csv("date,kind,name\n2026-09-21,休,测试\n2026-10-01,OFF,国庆节\n", 2026)
    cal = CAL.with_years(changed)
    assert cal.is_working_day(D(2026, 9, 21)).working is False
    assert cal.is_working_day(D(2026, 9, 20)).working is False  # the replaced year had the make-up Sunday
    assert cal.calendar_version != CAL.calendar_version


# ---------------------------------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------------------------------

dates = st.dates(min_value=D(2001, 1, 1), max_value=D(2029, 12, 31))
counts = st.integers(min_value=0, max_value=45)
PROPS = settings(max_examples=150, deadline=None, database=None)


@PROPS
@given(start=dates, n=counts)
def test_property_exactly_n_working_days_and_provisional_iff_touched(start: dt.date, n: int) -> None:
    result = CAL.add_working_days(start, n)
    window = _days(start + dt.timedelta(days=1), result.date) if n else []
    answers = [CAL.is_working_day(d) for d in window]
    assert sum(a.working for a in answers) == n
    if n:
        assert answers[-1].working  # never lands on an off day
    assert result.provisional == any(a.provisional for a in answers)
    assert CAL.working_days_between(start, result.date).days == n


@PROPS
@given(start=dates, n=counts)
def test_property_monotonic_in_n(start: dt.date, n: int) -> None:
    assert CAL.add_working_days(start, n).date < CAL.add_working_days(start, n + 1).date


@PROPS
@given(a=dates, b=dates, n=counts)
def test_property_monotonic_in_start(a: dt.date, b: dt.date, n: int) -> None:
    early, late = sorted((a, b))
    assert CAL.add_working_days(early, n).date <= CAL.add_working_days(late, n).date


@PROPS
@given(start=dates, n=counts)
def test_property_calendar_deadline_is_first_working_day_on_or_after_nominal_end(
    start: dt.date, n: int
) -> None:
    result = CAL.calendar_deadline(start, n)
    nominal = start + dt.timedelta(days=n)
    assert result.date >= nominal
    assert CAL.is_working_day(result.date).working
    skipped = [CAL.is_working_day(d) for d in _days(nominal, result.date)]
    assert not any(a.working for a in skipped[:-1])
    assert result.provisional == any(a.provisional for a in skipped)


# ---------------------------------------------------------------------------------------------------------------------
# Imports and serialisation
# ---------------------------------------------------------------------------------------------------------------------


def test_holiday_cn_import_keeps_sources_and_round_trips() -> None:
    year = fictional_2027()
    assert year.sources == ("https://example.invalid/test-fixture-2027",)
    assert year.warnings == ()
    assert official_year_from_json(official_year_to_json(year)) == year


def test_csv_import_accepts_chinese_kinds_bom_gbk_and_comments() -> None:
    text = "\ufeff# 国务院办公厅关于2027年部分节假日安排的通知（测试）\ndate,kind,name\n2027-01-01,休,元旦\n2027-02-20,班,春节\n"
    from_text = parse_notice_csv(text, 2027)
    from_gbk = parse_notice_csv(text.removeprefix("\ufeff").encode("gbk"), 2027)
    assert from_text == from_gbk
    assert [(d.date, d.kind, d.name) for d in from_text.days] == [
        (D(2027, 1, 1), DayKind.OFF, "元旦"),
        (D(2027, 2, 20), DayKind.WORK, "春节"),
    ]


def test_csv_import_warns_but_accepts_a_work_weekday_and_a_missing_statutory_day() -> None:
    year = parse_notice_csv("date,kind,name\n2027-01-01,OFF,元旦\n2027-03-03,WORK,误录\n", 2027)
    assert any("2027-03-03" in w and "星期三" in w for w in year.warnings)
    assert any("2027-09-15" in w and "中秋" in w for w in year.warnings)  # the typist left out 中秋
    assert year == parse_notice_csv("date,kind,name\n2027-01-01,OFF,元旦\n2027-03-03,WORK,误录\n", 2027)


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (
            lambda: parse_holiday_cn_json('{"year": 2027, "days": [', expected_year=2027),
            CalendarFormatError,
            "JSON",
        ),
        (lambda: parse_holiday_cn_json("[1, 2]"), CalendarFormatError, "顶层"),
        (
            lambda: parse_holiday_cn_json(json.dumps(FICTIONAL_2027), expected_year=2028),
            CalendarWrongYear,
            "2028",
        ),
        (
            lambda: parse_holiday_cn_json('{"year": 2027, "papers": [], "days": []}'),
            CalendarEmptyYear,
            "尚未发布",
        ),
        (
            lambda: parse_holiday_cn_json(
                '{"year": 2027, "days": [{"name": "元旦", "date": "2026-12-31", "isOffDay": true}]}'
            ),
            CalendarDateOutsideYear,
            "2026-12-31",
        ),
        (
            lambda: parse_holiday_cn_json(
                '{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true},'
                ' {"name": "元旦", "date": "2027-01-01", "isOffDay": false}]}'
            ),
            CalendarDuplicateDate,
            "2027-01-01",
        ),
        (
            lambda: parse_holiday_cn_json(
                '{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": "yes"}]}'
            ),
            CalendarUnknownKind,
            "isOffDay",
        ),
        (
            lambda: parse_holiday_cn_json('{"year": "二〇二七", "days": []}'),
            CalendarFormatError,
            "年份",
        ),
        (lambda: parse_notice_csv("date,kind,name\n2027-01-01,假,元旦\n", 2027), CalendarUnknownKind, "假"),
        (
            lambda: parse_notice_csv("date,kind,name\n2027-01-01,OFF,元旦\n2027-1-1,休,元旦\n", 2027),
            CalendarDuplicateDate,
            "第3行",
        ),
        (
            lambda: parse_notice_csv("date,kind,name\n2028-01-01,OFF,元旦\n", 2027),
            CalendarDateOutsideYear,
            "2028",
        ),
        (lambda: parse_notice_csv("day,type\n2027-01-01,OFF\n", 2027), CalendarFormatError, "表头"),
        (lambda: parse_notice_csv("date,kind,name\n2027-02-30,OFF,x\n", 2027), CalendarFormatError, "不存在"),
        (
            lambda: parse_notice_csv("date,kind,name\n1/1/2027,OFF,x\n", 2027),
            CalendarFormatError,
            "YYYY-MM-DD",
        ),
        (lambda: parse_notice_csv("date,kind,name\n", 2027), CalendarEmptyYear, "2027"),
        (lambda: parse_notice_csv(b"\xff\xfe\x00d", 2027), CalendarFormatError, "编码"),
        (lambda: official_year_from_json('{"year": 2027}'), CalendarFormatError, "缺少字段"),
    ],
)
def test_bad_import_input_gives_a_clear_chinese_error(
    make: Callable[[], object], error: type[Exception], words: str
) -> None:
    with pytest.raises(error) as caught:
        make()
    assert isinstance(caught.value, ValidationError)
    assert words in str(caught.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(caught.value))
