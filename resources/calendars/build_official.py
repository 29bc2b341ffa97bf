"""Build resources/calendars/official.json from the chinesecalendar package. Run by engineers, not by the app:

    .venv/bin/python -m resources.calendars.build_official          # rewrite official.json
    .venv/bin/python -m resources.calendars.build_official --check  # exit 1 if official.json is stale

Business code never imports chinese_calendar (DOMAIN §11.4.4): it raises for years outside its data and it only
changes with a package upgrade, whereas the app must work offline and accept imported years. The generated file is
committed; rerun this after upgrading chinesecalendar (about a month after each State Council notice).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from importlib.metadata import version
from pathlib import Path

import chinese_calendar
from chinese_calendar.constants import Holiday, holidays, workdays

from app.workflow.calendar import (
    OFFICIAL_FORMAT,
    DayKind,
    OfficialYear,
    SpecialDay,
    load_official_file,
    official_year_from_dict,
    official_year_to_dict,
)

OUTPUT = Path(__file__).resolve().parent / "official.json"

# Notices beyond the annual one that changed a year's arrangement.
_EXTRA_NOTICES: dict[int, list[str]] = {
    2015: ["国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知"],
    2020: ["国务院办公厅关于延长2020年春节假期的通知"],
}


def _chinese_name(english: str) -> str:
    return str(Holiday(english).chinese)


def build_years() -> list[OfficialYear]:
    package = f"chinesecalendar {version('chinesecalendar')}"
    years = sorted({d.year for d in holidays})
    result: list[OfficialYear] = []
    for year in years:
        days = [SpecialDay(d, DayKind.OFF, _chinese_name(n)) for d, n in holidays.items() if d.year == year]
        days += [SpecialDay(d, DayKind.WORK, _chinese_name(n)) for d, n in workdays.items() if d.year == year]
        sources = [
            f"国务院办公厅关于{year}年部分节假日安排的通知",
            *_EXTRA_NOTICES.get(year, []),
            f"数据整理自 {package}",
        ]
        raw = {
            "year": year,
            "sources": sources,
            "days": [
                {"date": d.date.isoformat(), "kind": d.kind.value, "name": d.name}
                for d in sorted(days, key=lambda d: d.date)
            ],
        }
        # Round-trip through the app's own validator, so a bad package release fails here, not in the field.
        result.append(official_year_from_dict(raw))
    _self_check(result)
    return result


def _self_check(years: list[OfficialYear]) -> None:
    for year in years:
        special = {d.date: d.kind for d in year.days}
        day = dt.date(year.year, 1, 1)
        while day.year == year.year:
            kind = special.get(day)
            ours = kind is DayKind.WORK or (kind is None and day.weekday() < 5)
            if ours != chinese_calendar.is_workday(day):
                raise SystemExit(f"{day}: generated data disagrees with chinese_calendar")
            day += dt.timedelta(days=1)


def render(years: list[OfficialYear]) -> str:
    """Stable, diff-friendly JSON: one special day per line."""
    lines = [
        "{",
        f'  "format": {json.dumps(OFFICIAL_FORMAT)},',
        f'  "generated_by": {json.dumps("resources/calendars/build_official.py")},',
        '  "years": [',
    ]
    for y_index, year in enumerate(years):
        data = official_year_to_dict(year)
        lines.append("    {")
        lines.append(f'      "year": {year.year},')
        lines.append(f'      "sources": {json.dumps(data["sources"], ensure_ascii=False)},')
        lines.append('      "days": [')
        for d_index, day in enumerate(data["days"]):
            comma = "," if d_index < len(data["days"]) - 1 else ""
            lines.append(f"        {json.dumps(day, ensure_ascii=False)}{comma}")
        lines.append("      ]")
        lines.append("    }" + ("," if y_index < len(years) - 1 else ""))
    lines += ["  ]", "}", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the bundled official work calendar")
    parser.add_argument("--check", action="store_true", help="only verify that official.json is up to date")
    args = parser.parse_args(argv)
    text = render(build_years())
    load_official_file(text)  # the app must be able to read what we write
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            sys.stderr.write("official.json is stale: rerun build_official\n")
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    sys.stdout.write(f"wrote {OUTPUT}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
