"""The work calendar: the only place in the project that answers "is this a working day" (ARCHITECTURE decision 5).

A working day (工作日) is Mon–Fri, minus the off days, plus the make-up weekend days (调休上班) that the State Council
General Office sets each year (DOMAIN §6.1, §11). Where that notice exists the year is *official*: bundled data built
from chinesecalendar (resources/calendars/official.json), or a year an admin imported. Where it does not (the next
year before its notice, or any year before 2004) the year is *provisional*: weekends plus the statutory holidays of
《全国年节及纪念日放假办法》 (resources/calendars/statutory_holidays.json), with the Art. 6 make-up of holidays that fall
on a weekend. Every answer says whether it leaned on a provisional day, so the UI can warn and deadlines can be
recomputed when the notice is imported. Nothing here raises for an out-of-range date.

Counting follows 民法典 Art. 201 (the period starts the day after the event) and Art. 203 (a period whose last day is a
rest day ends on the next working day).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar, cast

# lunar_python ships no stubs; its untyped calls are confined to _lunar_to_solar and _solar_term.
from lunar_python import Lunar, Solar  # pyright: ignore[reportMissingTypeStubs]

from app.domain.errors import ValidationError

# resources/ is data, not an importable dependency of the pure workflow layer, so it is found by path (as rules.py).
CALENDARS_DIR = Path(__file__).resolve().parents[2] / "resources" / "calendars"
OFFICIAL_FILE = CALENDARS_DIR / "official.json"
STATUTORY_FILE = CALENDARS_DIR / "statutory_holidays.json"
OFFICIAL_FORMAT = "dibao-official-calendar/1"
STATUTORY_FORMAT = "dibao-statutory-holidays/1"

_WEEKDAY_ZH = "一二三四五六日"
# Sanity bounds for an imported year: a typo such as 20270 should be rejected, not stored.
_MIN_IMPORT_YEAR = 1949
_MAX_IMPORT_YEAR = 2200
# The memo of add/count answers is per calendar; cap it so a long-running app cannot grow it without bound.
_MEMO_LIMIT = 200_000
_K = TypeVar("_K")
_V = TypeVar("_V")


# ---------------------------------------------------------------------------------------------------------------------
# Errors (ValidationError subclasses: the CLI/UI show ``message``; ``code`` + ``params`` stay machine-readable)
# ---------------------------------------------------------------------------------------------------------------------


class CalendarImportError(ValidationError):
    code = "CALENDAR_IMPORT"
    default_message = "日历导入失败：{detail}"


class CalendarFormatError(CalendarImportError):
    code = "CALENDAR_FORMAT"
    default_message = "日历文件格式有误：{detail}"


class CalendarWrongYear(CalendarImportError):
    code = "CALENDAR_WRONG_YEAR"
    default_message = "文件中的年份是 {found} 年，但要导入的是 {expected} 年，请核对文件。"


class CalendarDateOutsideYear(CalendarImportError):
    code = "CALENDAR_DATE_OUTSIDE_YEAR"
    default_message = "{where}的日期 {date} 不属于 {year} 年，请核对。"


class CalendarDuplicateDate(CalendarImportError):
    code = "CALENDAR_DUPLICATE_DATE"
    default_message = "日期 {date} 重复出现（{first}和{where}），每个日期只能出现一次。"


class CalendarUnknownKind(CalendarImportError):
    code = "CALENDAR_UNKNOWN_KIND"
    default_message = "{where}的类型“{kind}”无法识别，只能是 OFF（休）或 WORK（班）。"


class CalendarEmptyYear(CalendarImportError):
    code = "CALENDAR_EMPTY_YEAR"
    default_message = (
        "{year} 年的文件里没有任何放假日期，国务院办公厅的放假安排通知可能尚未发布，不能作为正式日历导入。"
    )


# ---------------------------------------------------------------------------------------------------------------------
# Data objects
# ---------------------------------------------------------------------------------------------------------------------


class DayKind(StrEnum):
    OFF = "OFF"  # a day off (holiday or 调休 rest day); may fall on a weekend
    WORK = "WORK"  # a make-up working day (调休上班), normally a weekend day


class YearStatus(StrEnum):
    OFFICIAL = "OFFICIAL"
    PROVISIONAL = "PROVISIONAL"


@dataclass(frozen=True, slots=True)
class SpecialDay:
    date: dt.date
    kind: DayKind
    name: str


@dataclass(frozen=True, slots=True)
class OfficialYear:
    """One year as the State Council notice sets it: the special days (sorted) and where they came from."""

    year: int
    days: tuple[SpecialDay, ...]
    sources: tuple[str, ...] = ()
    # Non-fatal findings of the import (e.g. a WORK day on a weekday); kept for the audit log, not for identity.
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def fingerprint(self) -> str:
        """Content hash of the arrangement itself, so the calendar version changes iff a day changes."""
        canon = [self.year, [[d.date.isoformat(), d.kind.value, d.name] for d in self.days]]
        return hashlib.sha256(json.dumps(canon, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class DayAnswer:
    date: dt.date
    working: bool
    provisional: bool
    name: str = ""  # holiday or make-up name; empty for an ordinary weekday or weekend


@dataclass(frozen=True, slots=True)
class CalendarResult:
    date: dt.date
    provisional: bool
    calendar_version: str


@dataclass(frozen=True, slots=True)
class DayCount:
    days: int
    provisional: bool
    calendar_version: str


@dataclass(frozen=True, slots=True)
class ShownDay:
    """One line of ``dibao calendar show YEAR``."""

    date: dt.date
    kind: DayKind
    name: str
    provisional: bool


# ---------------------------------------------------------------------------------------------------------------------
# Statutory holidays (for provisional years)
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StatutoryHoliday:
    name: str
    calendar: str  # "solar" | "lunar" | "solar_term"
    days: int
    month: int = 0
    day: int = 0
    offset: int = 0  # days from the anchor: -1 turns 正月初一 into 除夕 whatever the length of 腊月
    term: str = ""


@dataclass(frozen=True, slots=True)
class StatutoryVersion:
    effective_from: dt.date
    source: str
    holidays: tuple[StatutoryHoliday, ...]


@dataclass(frozen=True, slots=True)
class StatutoryRules:
    versions: tuple[StatutoryVersion, ...]  # sorted by effective_from
    fingerprint: str

    def version_for(self, year: int) -> StatutoryVersion:
        """The version in force on 1 January; before the first version, the first (best effort, provisional)."""
        jan1 = dt.date(year, 1, 1)
        chosen = self.versions[0]
        for version in self.versions:
            if version.effective_from <= jan1:
                chosen = version
        return chosen

    @classmethod
    def from_json(cls, text: str) -> StatutoryRules:
        raw = cast(dict[str, Any], json.loads(text))
        if raw.get("format") != STATUTORY_FORMAT:
            raise CalendarFormatError(detail=f"法定节假日规则文件的格式标记不是 {STATUTORY_FORMAT}")
        versions = [
            StatutoryVersion(
                effective_from=dt.date.fromisoformat(str(v["effective_from"])),
                source=str(v["source"]),
                holidays=tuple(
                    StatutoryHoliday(
                        name=str(h["name"]),
                        calendar=str(h["calendar"]),
                        days=int(h["days"]),
                        month=int(h.get("month", 0)),
                        day=int(h.get("day", 0)),
                        offset=int(h.get("offset", 0)),
                        term=str(h.get("term", "")),
                    )
                    for h in cast(list[dict[str, Any]], v["holidays"])
                ),
            )
            for v in cast(list[dict[str, Any]], raw["versions"])
        ]
        if not versions:
            raise CalendarFormatError(detail="法定节假日规则文件没有任何版本")
        versions.sort(key=lambda v: v.effective_from)
        return cls(tuple(versions), hashlib.sha256(text.encode("utf-8")).hexdigest())


def _lunar_to_solar(year: int, month: int, day: int) -> dt.date:
    # lunar_python ships no type information; the calls are confined to these two helpers.
    solar: Any = Lunar.fromYmd(year, month, day).getSolar()  # pyright: ignore[reportUnknownMemberType]
    return dt.date(int(solar.getYear()), int(solar.getMonth()), int(solar.getDay()))


def _solar_term(year: int, term: str) -> dt.date:
    # The lunar year that contains mid-April holds that spring's 清明 in its solar-term table.
    lunar: Any = Solar.fromYmd(year, 4, 15).getLunar()  # pyright: ignore[reportUnknownMemberType]
    table = cast(dict[str, Any], lunar.getJieQiTable())
    solar = table[term]
    return dt.date(int(solar.getYear()), int(solar.getMonth()), int(solar.getDay()))


def _holiday_start(holiday: StatutoryHoliday, year: int) -> dt.date | None:
    try:
        if holiday.calendar == "solar":
            return dt.date(year, holiday.month, holiday.day)
        if holiday.calendar == "lunar":
            return _lunar_to_solar(year, holiday.month, holiday.day) + dt.timedelta(days=holiday.offset)
        if holiday.calendar == "solar_term":
            return _solar_term(year, holiday.term)
    # lunar_python raises a bare Exception at the edges of its range; no guess is possible there.
    except Exception:
        return None
    return None


def predict_special_days(year: int, rules: StatutoryRules) -> tuple[SpecialDay, ...]:
    """The statutory holidays of ``year`` plus the Art. 6 make-up days: the best guess before the notice exists.

    调休 swaps (a weekday off paid back by a weekend day) cannot be predicted and are not attempted.
    """
    version = rules.version_for(year)
    off: dict[dt.date, str] = {}
    makeups_owed: list[tuple[dt.date, str]] = []  # (last day of the holiday, name) per lost day
    for holiday in version.holidays:
        start = _holiday_start(holiday, year)
        if start is None:
            continue
        days = [start + dt.timedelta(days=i) for i in range(holiday.days)]
        for day in days:
            # A holiday lost to a weekend (or to another holiday on the same date) is given back on a weekday.
            if day.weekday() >= 5 or day in off:
                makeups_owed.append((days[-1], holiday.name))
            off.setdefault(day, holiday.name)
    for after, name in makeups_owed:
        day = after + dt.timedelta(days=1)
        while day.weekday() >= 5 or day in off:
            day += dt.timedelta(days=1)
        off[day] = f"{name}（补休）"
    return tuple(SpecialDay(d, DayKind.OFF, n) for d, n in sorted(off.items()) if d.year == year)


# ---------------------------------------------------------------------------------------------------------------------
# Import parsers and serialisation
# ---------------------------------------------------------------------------------------------------------------------

_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_KIND_WORDS: Mapping[str, DayKind] = {
    "OFF": DayKind.OFF,
    "休": DayKind.OFF,
    "休息": DayKind.OFF,
    "放假": DayKind.OFF,
    "WORK": DayKind.WORK,
    "班": DayKind.WORK,
    "上班": DayKind.WORK,
}


def _parse_date(value: object, where: str) -> dt.date:
    match = _DATE_RE.match(value) if isinstance(value, str) else None
    if match is None:
        raise CalendarFormatError(detail=f"{where}的日期“{value}”应写成 YYYY-MM-DD，例如 2027-01-01")
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise CalendarFormatError(detail=f"{where}的日期“{value}”不存在") from None


def _decode(data: str | bytes, *, allow_gbk: bool) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if allow_gbk:
            # Excel on Chinese Windows saves CSV as GBK by default.
            try:
                return data.decode("gb18030")
            except UnicodeDecodeError:
                pass
    raise CalendarFormatError(detail="文件编码无法识别，请另存为 UTF-8 编码后再导入")


def _check_year_number(year: object) -> int:
    if (
        isinstance(year, bool)
        or not isinstance(year, int)
        or not _MIN_IMPORT_YEAR <= year <= _MAX_IMPORT_YEAR
    ):
        raise CalendarFormatError(detail=f"年份“{year}”无效，应为 4 位数字，例如 2027")
    return year


def _assemble_year(
    year: int,
    entries: Sequence[tuple[str, SpecialDay]],
    sources: Iterable[str],
    *,
    cross_check: StatutoryRules | None,
    warnings: Iterable[str] = (),
) -> OfficialYear:
    """Validate rows that already parsed one by one; ``entries`` carry a human label (第3行) for messages."""
    seen: dict[dt.date, str] = {}
    found: list[str] = list(warnings)
    for where, day in entries:
        if day.date.year != year:
            raise CalendarDateOutsideYear(where=where, date=day.date.isoformat(), year=year)
        if day.date in seen:
            raise CalendarDuplicateDate(date=day.date.isoformat(), first=seen[day.date], where=where)
        seen[day.date] = where
        if day.kind is DayKind.WORK and day.date.weekday() < 5:
            found.append(
                f"{where}：{day.date.isoformat()} 是星期{_WEEKDAY_ZH[day.date.weekday()]}，本来就是工作日，"
                "标为上班不起作用，请对照通知核对"
            )
    if not any(day.kind is DayKind.OFF for _, day in entries):
        raise CalendarEmptyYear(year=year)
    days = tuple(sorted((day for _, day in entries), key=lambda d: d.date))
    if cross_check is not None:
        kinds = {d.date: d.kind for d in days}
        for predicted in predict_special_days(year, cross_check):
            if "补休" in predicted.name or predicted.date.weekday() >= 5:
                continue
            if kinds.get(predicted.date) is not DayKind.OFF:
                found.append(
                    f"按放假办法，{predicted.date.isoformat()}（{predicted.name}）应放假，但导入数据中不是休息日，"
                    "请对照通知核对"
                )
    return OfficialYear(year, days, tuple(sources), tuple(found))


def parse_holiday_cn_json(
    data: str | bytes, *, expected_year: int | None = None, statutory: StatutoryRules | None = None
) -> OfficialYear:
    """Parse a NateScarlet/holiday-cn ``{year}.json``: ``{"year", "papers": [...], "days": [{name, date, isOffDay}]}``."""
    text = _decode(data, allow_gbk=False)
    try:
        raw: object = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CalendarFormatError(
            detail=f"不是有效的 JSON（第{exc.lineno}行第{exc.colno}列：{exc.msg}）"
        ) from None
    if not isinstance(raw, dict):
        raise CalendarFormatError(detail="JSON 顶层应是一个对象，包含 year、papers、days")
    obj = cast(dict[str, object], raw)
    year = _check_year_number(obj.get("year"))
    if expected_year is not None and year != expected_year:
        raise CalendarWrongYear(found=year, expected=expected_year)
    papers = obj.get("papers", [])
    days = obj.get("days")
    if not isinstance(papers, list) or not all(isinstance(p, str) for p in cast(list[object], papers)):
        raise CalendarFormatError(detail="papers 应是通知网址的列表")
    if not isinstance(days, list):
        raise CalendarFormatError(detail="缺少 days 列表")
    entries: list[tuple[str, SpecialDay]] = []
    for index, item in enumerate(cast(list[object], days), start=1):
        where = f"days 第{index}项"
        if not isinstance(item, dict):
            raise CalendarFormatError(detail=f"{where}应是一个对象")
        record = cast(dict[str, object], item)
        when = _parse_date(record.get("date"), where)
        off = record.get("isOffDay")
        if not isinstance(off, bool):
            raise CalendarUnknownKind(where=where, kind=f"isOffDay={off}")
        name = record.get("name", "")
        entries.append((where, SpecialDay(when, DayKind.OFF if off else DayKind.WORK, str(name).strip())))
    return _assemble_year(
        year,
        entries,
        cast(list[str], papers) or [f"国务院办公厅关于{year}年部分节假日安排的通知"],
        cross_check=statutory or bundled_statutory_rules(),
    )


def parse_notice_csv(
    data: str | bytes, year: int, *, sources: Iterable[str] = (), statutory: StatutoryRules | None = None
) -> OfficialYear:
    """Parse a CSV typed from the notice: header ``date,kind,name``; kind OFF/WORK or 休/班; ``#`` lines are comments."""
    year = _check_year_number(year)
    text = _decode(data, allow_gbk=True)
    rows = [
        (number, [cell.strip() for cell in row])
        for number, row in enumerate(csv.reader(io.StringIO(text)), start=1)
        if any(cell.strip() for cell in row) and not row[0].lstrip().startswith("#")
    ]
    if not rows:
        raise CalendarEmptyYear(year=year)
    header_number, header = rows[0]
    if [h.lower() for h in header[:3]] not in (["date", "kind", "name"], ["日期", "类型", "名称"]):
        raise CalendarFormatError(
            detail=f"第{header_number}行应是表头 date,kind,name，实际是“{','.join(header)}”"
        )
    entries: list[tuple[str, SpecialDay]] = []
    for number, row in rows[1:]:
        where = f"第{number}行"
        if len(row) not in (2, 3):
            raise CalendarFormatError(detail=f"{where}应有 3 列（日期,类型,名称），实际有 {len(row)} 列")
        when = _parse_date(row[0], where)
        kind = _KIND_WORDS.get(row[1].upper())
        if kind is None:
            raise CalendarUnknownKind(where=where, kind=row[1])
        entries.append((where, SpecialDay(when, kind, row[2] if len(row) == 3 else "")))
    return _assemble_year(
        year,
        entries,
        list(sources) or [f"国务院办公厅关于{year}年部分节假日安排的通知（按通知录入的 CSV）"],
        cross_check=statutory or bundled_statutory_rules(),
    )


def official_year_to_dict(year: OfficialYear) -> dict[str, Any]:
    return {
        "year": year.year,
        "sources": list(year.sources),
        "days": [{"date": d.date.isoformat(), "kind": d.kind.value, "name": d.name} for d in year.days],
        "warnings": list(year.warnings),
    }


def official_year_from_dict(raw: Mapping[str, Any]) -> OfficialYear:
    """Inverse of :func:`official_year_to_dict`; re-validates, because stored data can be damaged or hand-edited."""
    try:
        year = _check_year_number(raw["year"])
        entries: list[tuple[str, SpecialDay]] = []
        for index, item in enumerate(cast(list[dict[str, Any]], raw["days"]), start=1):
            where = f"{year} 年第{index}项"
            kind_text = str(item["kind"])
            kind = _KIND_WORDS.get(kind_text.upper())
            if kind is None:
                raise CalendarUnknownKind(where=where, kind=kind_text)
            entries.append(
                (where, SpecialDay(_parse_date(item["date"], where), kind, str(item.get("name", ""))))
            )
        sources = [str(s) for s in cast(list[object], raw.get("sources", []))]
        warnings = [str(w) for w in cast(list[object], raw.get("warnings", []))]
    except (KeyError, TypeError) as exc:
        raise CalendarFormatError(detail=f"已保存的日历数据缺少字段或类型不对（{exc}）") from None
    return _assemble_year(year, entries, sources, cross_check=None, warnings=warnings)


def official_year_to_json(year: OfficialYear) -> str:
    return json.dumps(official_year_to_dict(year), ensure_ascii=False, sort_keys=True)


def official_year_from_json(text: str) -> OfficialYear:
    try:
        raw: object = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CalendarFormatError(detail=f"已保存的日历数据不是有效的 JSON（{exc.msg}）") from None
    if not isinstance(raw, dict):
        raise CalendarFormatError(detail="已保存的日历数据应是一个对象")
    return official_year_from_dict(cast(dict[str, Any], raw))


# ---------------------------------------------------------------------------------------------------------------------
# Bundled data
# ---------------------------------------------------------------------------------------------------------------------


def load_official_file(text: str) -> tuple[OfficialYear, ...]:
    raw = cast(dict[str, Any], json.loads(text))
    if raw.get("format") != OFFICIAL_FORMAT:
        raise CalendarFormatError(detail=f"官方日历文件的格式标记不是 {OFFICIAL_FORMAT}")
    return tuple(official_year_from_dict(item) for item in cast(list[dict[str, Any]], raw["years"]))


@lru_cache(maxsize=1)
def bundled_official_years() -> tuple[OfficialYear, ...]:
    return load_official_file(OFFICIAL_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def bundled_statutory_rules() -> StatutoryRules:
    return StatutoryRules.from_json(STATUTORY_FILE.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------------------------------
# The calendar
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _YearTable:
    """Everything needed to answer questions about one year in O(1) or O(log n)."""

    year: int
    provisional: bool
    first_ordinal: int
    flags: bytes  # flags[ordinal - first_ordinal] == 1 on a working day
    working: tuple[int, ...]  # ordinals of the working days, ascending, for bisect
    special: Mapping[int, SpecialDay]


def _build_table(year: int, special: Iterable[SpecialDay], provisional: bool) -> _YearTable:
    first = dt.date(year, 1, 1).toordinal()
    last = dt.date(year, 12, 31).toordinal()
    # date(…).weekday() of the ordinal: ordinal 1 (0001-01-01) was a Monday.
    flags = bytearray(1 if (o - 1) % 7 < 5 else 0 for o in range(first, last + 1))
    by_ordinal: dict[int, SpecialDay] = {}
    for day in special:
        ordinal = day.date.toordinal()
        by_ordinal[ordinal] = day
        flags[ordinal - first] = 1 if day.kind is DayKind.WORK else 0
    working = tuple(first + i for i, flag in enumerate(flags) if flag)
    return _YearTable(year, provisional, first, bytes(flags), working, MappingProxyType(by_ordinal))


class WorkCalendar:
    """Immutable view of the official years plus the provisional rule for every other year.

    Year tables and answers are memoised inside the instance (benign to compute twice under threads); a calendar
    change means a new instance with a new :attr:`calendar_version`.
    """

    __slots__ = ("_add_memo", "_count_memo", "_official", "_statutory", "_tables", "_version")

    def __init__(
        self, official: Iterable[OfficialYear] = (), *, statutory: StatutoryRules | None = None
    ) -> None:
        by_year: dict[int, OfficialYear] = {}
        for year in official:
            by_year[year.year] = year  # later wins: an imported year replaces the bundled one
        self._official: Mapping[int, OfficialYear] = MappingProxyType(dict(sorted(by_year.items())))
        self._statutory = statutory or bundled_statutory_rules()
        self._version = self._make_version()
        self._tables: dict[int, _YearTable] = {}
        self._add_memo: dict[tuple[int, int], CalendarResult] = {}
        self._count_memo: dict[tuple[int, int], DayCount] = {}

    @classmethod
    def bundled(cls, imported: Iterable[OfficialYear] = ()) -> WorkCalendar:
        """The shipped official years (2004–2026) overlaid with years an admin imported."""
        return cls([*bundled_official_years(), *imported])

    def with_years(self, *years: OfficialYear) -> WorkCalendar:
        return WorkCalendar([*self._official.values(), *years], statutory=self._statutory)

    def _make_version(self) -> str:
        digest = hashlib.sha256(self._statutory.fingerprint.encode("ascii"))
        for year in self._official.values():
            digest.update(year.fingerprint().encode("ascii"))
        years = list(self._official)
        span = f"{years[0]}-{years[-1]}" if years else "none"
        return f"{span}#{digest.hexdigest()[:12]}"

    # -- introspection ---------------------------------------------------------------------------------------------

    @property
    def calendar_version(self) -> str:
        """Names the exact official data; recorded on every deadline so a later change can be detected."""
        return self._version

    @property
    def official_years(self) -> tuple[int, ...]:
        return tuple(self._official)

    def official_year(self, year: int) -> OfficialYear | None:
        return self._official.get(year)

    def year_status(self, year: int) -> YearStatus:
        return YearStatus.OFFICIAL if year in self._official else YearStatus.PROVISIONAL

    def _table(self, year: int) -> _YearTable:
        table = self._tables.get(year)
        if table is None:
            official = self._official.get(year)
            if official is not None:
                table = _build_table(year, official.days, provisional=False)
            else:
                table = _build_table(year, predict_special_days(year, self._statutory), provisional=True)
            self._tables[year] = table
        return table

    def _any_provisional(self, first_year: int, last_year: int) -> bool:
        return any(y not in self._official for y in range(first_year, last_year + 1))

    # -- single days -----------------------------------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> DayAnswer:
        table = self._table(day.year)
        ordinal = day.toordinal()
        special = table.special.get(ordinal)
        return DayAnswer(
            date=day,
            working=table.flags[ordinal - table.first_ordinal] == 1,
            provisional=table.provisional,
            name=special.name if special else "",
        )

    def next_working_day(self, day: dt.date) -> CalendarResult:
        """``day`` itself if it is a working day, else the first working day after it."""
        ordinal = day.toordinal()
        year = day.year
        while True:
            table = self._table(year)
            index = bisect_right(table.working, ordinal - 1)
            if index < len(table.working):
                found = dt.date.fromordinal(table.working[index])
                return CalendarResult(found, self._any_provisional(day.year, found.year), self._version)
            year += 1

    def show_year(self, year: int) -> list[ShownDay]:
        """The special days of ``year`` (holidays, 调休 rest days, make-up working days), for display."""
        table = self._table(year)
        return [
            ShownDay(day.date, day.kind, day.name, table.provisional)
            for _, day in sorted(table.special.items())
        ]

    # -- counting --------------------------------------------------------------------------------------------------

    def add_working_days(self, start: dt.date, n: int) -> CalendarResult:
        """The n-th working day after ``start`` (民法典 Art. 201: the day of the event does not count).

        ``n == 0`` returns ``start`` unchanged. Provisional iff any day in (start, result] is in a provisional year.
        """
        if n < 0:
            raise ValueError("工作日数不能为负数")
        key = (start.toordinal(), n)
        hit = self._add_memo.get(key)
        if hit is not None:
            return hit
        if n == 0:
            result = CalendarResult(start, False, self._version)
        else:
            year = start.year
            table = self._table(year)
            index = bisect_right(table.working, key[0])
            remaining = n
            while len(table.working) - index < remaining:
                remaining -= len(table.working) - index
                year += 1
                table = self._table(year)
                index = 0
            found = dt.date.fromordinal(table.working[index + remaining - 1])
            first_counted = start + dt.timedelta(days=1)
            result = CalendarResult(
                found, self._any_provisional(first_counted.year, found.year), self._version
            )
        self._remember(self._add_memo, key, result)
        return result

    def calendar_deadline(self, start: dt.date, n: int) -> CalendarResult:
        """``n`` calendar days after ``start``; a last day that is a rest day rolls to the next working day (Art. 203).

        Provisional iff the status of a day that decides the answer (the nominal last day up to the result) is.
        """
        if n < 0:
            raise ValueError("天数不能为负数")
        last = start + dt.timedelta(days=n)
        rolled = self.next_working_day(last)
        return CalendarResult(rolled.date, self._any_provisional(last.year, rolled.date.year), self._version)

    def working_days_between(self, a: dt.date, b: dt.date) -> DayCount:
        """Working days in (a, b]; negative (−count in (b, a]) when b is before a."""
        if b < a:
            forward = self.working_days_between(b, a)
            return DayCount(-forward.days, forward.provisional, forward.calendar_version)
        key = (a.toordinal(), b.toordinal())
        hit = self._count_memo.get(key)
        if hit is not None:
            return hit
        if a == b:
            result = DayCount(0, False, self._version)
        else:
            total = 0
            for year in range(a.year, b.year + 1):
                table = self._table(year)
                low = key[0] if year == a.year else table.first_ordinal - 1
                high = key[1] if year == b.year else table.first_ordinal + len(table.flags) - 1
                total += bisect_right(table.working, high) - bisect_right(table.working, low)
            first_counted = a + dt.timedelta(days=1)
            result = DayCount(total, self._any_provisional(first_counted.year, b.year), self._version)
        self._remember(self._count_memo, key, result)
        return result

    @staticmethod
    def _remember(memo: dict[_K, _V], key: _K, value: _V) -> None:
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        memo[key] = value
