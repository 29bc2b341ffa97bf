"""Reference data on the laptop: administrative divisions (importable; a clearly-marked sample ships)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import audit
from app.db.models import Division
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.errors import ValidationError
from app.domain.roles import Permission

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
