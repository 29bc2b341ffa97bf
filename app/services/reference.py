"""Reference data on the laptop: administrative divisions (importable; a clearly-marked sample ships) and 保障标准
imported by the administrator (effective-dated rule rows, the same format as resources/rules/*.json)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import audit
from app.db.models import Division, RefDataset
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.errors import ValidationError
from app.domain.roles import Permission
from app.workflow.rules import YUAN_PER_PERSON_MONTH, AreaType, Rule, RuleBook, default_rule_book

LEVELS = ("city", "county", "township", "village")
LEVEL_LABELS = {"city": "市", "county": "区/县", "township": "乡镇/街道", "village": "村/社区"}


@dataclass(frozen=True, slots=True)
class DivisionRow:
    code: str
    name: str
    level: str
    parent_code: str | None
    area_type: str | None
    is_sample: bool


def _row(d: Division) -> DivisionRow:
    return DivisionRow(d.code, d.name, d.level, d.parent_code, d.area_type, d.is_sample)


def parse_divisions(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Validate a division list; every problem is listed with the row it came from."""
    try:
        raw: dict[str, Any] = json.loads(text)
        items: list[dict[str, Any]] = list(raw["divisions"])
    except (ValueError, KeyError, TypeError):
        raise ValidationError("区划文件格式不对：应为 JSON，含 divisions 列表。") from None
    problems: list[str] = []
    codes: set[str] = set()
    for n, item in enumerate(items, start=1):
        code = str(item.get("code", ""))
        if not code.isdigit():
            problems.append(f"第 {n} 行：代码“{code}”应为数字")
        if code in codes:
            problems.append(f"第 {n} 行：代码 {code} 重复")
        codes.add(code)
        if item.get("level") not in LEVELS:
            problems.append(f"第 {n} 行：级别应为 {'/'.join(LEVELS)} 之一")
        if not str(item.get("name", "")).strip():
            problems.append(f"第 {n} 行：缺少名称")
        if item.get("area_type") not in (None, "URBAN", "RURAL"):
            problems.append(f"第 {n} 行：城乡类别应为 URBAN 或 RURAL")
    for n, item in enumerate(items, start=1):
        parent = item.get("parent")
        if parent is not None and str(parent) not in codes:
            problems.append(f"第 {n} 行：上级代码 {parent} 不在文件中")
    if problems:
        raise ValidationError("区划文件有误：\n" + "\n".join(problems[:50]))
    return str(raw.get("source", "")), items


def import_divisions(session: Session, actor: Actor, text: str, *, clock: Clock) -> int:
    actor.require(Permission.MANAGE_REFERENCE)
    source, items = parse_divisions(text)
    order = {level: i for i, level in enumerate(LEVELS)}
    for item in sorted(items, key=lambda i: order[i["level"]]):
        division = session.get(Division, str(item["code"])) or Division(code=str(item["code"]))
        division.name = str(item["name"]).strip()
        division.level = str(item["level"])
        division.parent_code = str(item["parent"]) if item.get("parent") else None
        division.area_type = item.get("area_type")
        division.is_sample = bool(item.get("sample", False))
        division.source = source[:200]
        session.add(division)
        session.flush()
    audit.append(
        session, actor, "reference.divisions_imported", at=clock.now(), details={"count": len(items)}
    )
    return len(items)


def bundled_divisions_text() -> str:
    from resources import resource_path

    return Path(resource_path("reference", "divisions.json")).read_text(encoding="utf-8")


def townships(session: Session) -> list[DivisionRow]:
    return [_row(d) for d in session.scalars(select(Division).where(Division.level == "township"))]


def villages_of(session: Session, township_code: str) -> list[DivisionRow]:
    return [
        _row(d)
        for d in session.scalars(
            select(Division).where(Division.parent_code == township_code).order_by(Division.code)
        )
    ]


def division(session: Session, code: str) -> DivisionRow | None:
    d = session.get(Division, code)
    return _row(d) if d else None


# ------------------------------------------------------------------------------------------------ 保障标准

STANDARD_PREFIXES = ("standard.", "tier.", "stat.")
# Held as one local dataset; its name cannot collide with a county dataset (those are plain names like "standards").
LOCAL_STANDARDS = "standards.local"


@dataclass(frozen=True, slots=True)
class StandardsImportReport:
    imported: int  # rows in the file
    held: tuple[Rule, ...]  # every imported row now on this laptop (earlier imports included)
    replaced_bundled: int  # rows that take the place of a bundled row with the same key and start date


def _parse_date(raw: object) -> date | None:
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        return None


def _standard_problems(n: int, key: str, item: dict[str, Any]) -> list[str]:
    parts = key.split(".")
    if len(parts) != 3 or not parts[1].isdigit() or parts[2] not in {a.value for a in AreaType}:
        return [f"第 {n} 行：“{key}”应写成 standard.区划代码.URBAN 或 standard.区划代码.RURAL"]
    problems: list[str] = []
    if item.get("unit") != YUAN_PER_PERSON_MONTH:
        problems.append(
            f"第 {n} 行：单位应为 {YUAN_PER_PERSON_MONTH}（元/人·月），实际为“{item.get('unit', '')}”"
        )
    raw = item.get("value")
    try:
        value = Decimal(str(raw)) if isinstance(raw, (str, int)) and not isinstance(raw, bool) else None
        cents = value is not None and value.is_finite() and value == value.quantize(Decimal("0.01"))
    except InvalidOperation:
        value, cents = None, False
    if value is None or not cents or value <= 0:
        problems.append(f'第 {n} 行：标准“{raw}”应为正数，最多两位小数，例如 "900.00"')
    return problems


def parse_standards(text: str) -> list[Rule]:
    """Validate a standards file; every problem is listed with the row it came from, and nothing is kept on error."""
    try:
        raw = json.loads(text)
        items = cast(list[Any], raw["rules"]) if isinstance(raw, dict) else None
    except (ValueError, KeyError, TypeError):
        items = None
    if not isinstance(items, list):
        raise ValidationError("标准文件格式不对：应为 JSON，含 rules 列表（格式与内置规则文件相同）。")
    if not items:
        raise ValidationError("标准文件中没有任何标准。")
    problems: list[str] = []
    rules: list[Rule] = []
    seen: set[tuple[str, date]] = set()
    for n, entry in enumerate(items, start=1):
        if not isinstance(entry, dict):
            problems.append(f"第 {n} 行：应为一个对象（key、value、unit、effective_from、source）")
            continue
        item = cast(dict[str, Any], entry)
        key = str(item.get("key", ""))
        row: list[str] = []
        if not key.startswith(STANDARD_PREFIXES):
            row.append(f"第 {n} 行：“{key}”不是保障标准（应以 {'、'.join(STANDARD_PREFIXES)} 开头）")
        elif key.startswith("standard."):
            row += _standard_problems(n, key, item)
        start = _parse_date(item.get("effective_from"))
        end_raw = item.get("effective_to")
        end = _parse_date(end_raw) if end_raw else None
        if start is None:
            row.append(f"第 {n} 行：生效日期“{item.get('effective_from', '')}”应写成 YYYY-MM-DD")
        if end_raw and end is None:
            row.append(f"第 {n} 行：截止日期“{end_raw}”应写成 YYYY-MM-DD 或 null")
        if start is not None and end is not None and end < start:
            row.append(f"第 {n} 行：截止日期早于生效日期")
        if not str(item.get("source", "")).strip():
            row.append(f"第 {n} 行：缺少依据（source），请写明发文字号")
        if start is not None and (key, start) in seen:
            row.append(f"第 {n} 行：{key} 在 {start.isoformat()} 生效的标准重复")
        if row or start is None:
            problems += row
            continue
        seen.add((key, start))
        rules.append(
            Rule(
                key=key,
                value=item.get("value"),
                unit=str(item.get("unit", "")),
                effective_from=start,
                effective_to=end,
                source=str(item["source"]).strip()[:400],
                note=str(item.get("note", ""))[:400],
            )
        )
    if problems:
        raise ValidationError("标准文件有误，未导入任何一行：\n" + "\n".join(problems[:50]))
    return rules


def _as_item(rule: Rule) -> dict[str, Any]:
    return {
        "key": rule.key,
        "value": rule.value,
        "unit": rule.unit,
        "effective_from": rule.effective_from.isoformat(),
        "effective_to": rule.effective_to.isoformat() if rule.effective_to else None,
        "source": rule.source,
        "note": rule.note,
    }


def imported_standards(session: Session) -> list[Rule]:
    """The standards an administrator imported on this laptop (empty when none)."""
    row = session.get(RefDataset, LOCAL_STANDARDS)
    if row is None:
        return []
    return RuleBook.from_json(json.dumps({"rules": json.loads(row.items_json)})).all_rules()


def effective_rules(session: Session) -> RuleBook:
    """The rule book in force on this laptop: the bundled tables plus the standards an administrator imported.
    Every caller (the app at login, the command line) reads it here, so an import counts everywhere."""
    return with_imported_standards(default_rule_book(), imported_standards(session))


def with_imported_standards(book: RuleBook, imported: list[Rule] | tuple[Rule, ...]) -> RuleBook:
    """``book`` with the imported rows; an imported row replaces a row of the same key and start date."""
    versions = {r.version for r in imported}
    return RuleBook([*(r for r in book.all_rules() if r.version not in versions), *imported])


def import_standards(
    session: Session, actor: Actor, text: str, *, clock: Clock, base: RuleBook
) -> StandardsImportReport:
    """Add the file's rows to the standards held on this laptop (a row with the same key and start date is replaced);
    the whole file or nothing. ``base`` is the bundled rule book, used to check the result is consistent."""
    actor.require(Permission.MANAGE_REFERENCE)
    new = parse_standards(text)
    incoming = {r.version for r in new}
    held = [r for r in imported_standards(session) if r.version not in incoming] + new
    held.sort(key=lambda r: (r.key, r.effective_from))
    with_imported_standards(base, held)  # raises RuleInvalid if the combined tables are ambiguous
    bundled = {r.version for r in base.all_rules()}
    items = [_as_item(r) for r in held]
    items_json = json.dumps(items, ensure_ascii=False, sort_keys=True)
    row = session.get(RefDataset, LOCAL_STANDARDS) or RefDataset(name=LOCAL_STANDARDS, version=0)
    row.version = (row.version or 0) + 1
    row.stream = "local:admin"
    row.sha256 = hashlib.sha256(items_json.encode("utf-8")).hexdigest()
    row.items_json = items_json
    row.applied_at = clock.now()
    session.add(row)
    session.flush()
    audit.append(
        session,
        actor,
        "reference.standards_imported",
        at=clock.now(),
        details={"count": len(new), "held": len(held), "version": row.version},
    )
    return StandardsImportReport(len(new), tuple(held), sum(1 for r in new if r.version in bundled))
