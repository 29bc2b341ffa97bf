"""Plumbing shared by the supervision services: audited+queued writes, row snapshots, role scoping, parsing.

Entity types are the snake-case class names (``MonitoringWarning`` → ``monitoring_warning``) and the ``fields`` of a
change are the row's column keys with JSON values, which is what the sync applier maps back onto the row.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar, cast

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from app.db.base import Base
from app.db.changelog import record_change
from app.db.models import Division, User
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.errors import NotFound, PermissionDenied, RuleInvalid, ValidationError
from app.domain.roles import PERMISSION_LABELS, ROLE_LABELS, Permission
from app.workflow.rules import RuleReader

_SKIP = frozenset({"id", "created_at", "updated_at", "server_rev"})
TOWNSHIP_STAFF = (Permission.ACCEPT_APPLICATION, Permission.INVESTIGATE)
_T = TypeVar("_T", bound=Base)


def entity_type(row: Base) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(row).__name__).lower()


def _jsonable(value: object) -> object:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def row_fields(row: Base) -> dict[str, Any]:
    """Every column of ``row`` but the bookkeeping ones, as JSON values keyed by column key."""
    mapper = inspect(type(row))
    return {col.key: _jsonable(getattr(row, col.key)) for col in mapper.column_attrs if col.key not in _SKIP}


class Recorder:
    """Writes the audit event + outbox entry of each changed row and counts them."""

    def __init__(self, session: Session, actor: Actor, clock: Clock) -> None:
        self.session = session
        self.actor = actor
        self.clock = clock
        self.at = clock.now()
        self.count = 0

    def create(self, row: Base, action: str, details: dict[str, Any] | None = None) -> None:
        self.session.add(row)
        self.session.flush()
        record_change(
            self.session,
            self.actor,
            at=self.at,
            entity_type=entity_type(row),
            entity_id=str(cast(Any, row).id),
            op="create",
            fields=row_fields(row),
            audit_action=action,
            audit_details=details or {},
        )
        self.count += 1

    def patch(
        self, row: Base, before: dict[str, Any], action: str, details: dict[str, Any] | None = None
    ) -> bool:
        """Record what differs from ``before`` (a ``row_fields`` taken before editing); False if nothing did."""
        after = row_fields(row)
        changed = {k: v for k, v in after.items() if before.get(k) != v}
        if not changed:
            return False
        self.session.flush()
        record_change(
            self.session,
            self.actor,
            at=self.at,
            entity_type=entity_type(row),
            entity_id=str(cast(Any, row).id),
            op="patch",
            fields=changed,
            before={k: before.get(k) for k in changed},
            base_rev=cast(Any, row).server_rev,
            audit_action=action,
            audit_details=details or {},
        )
        self.count += 1
        return True


# --------------------------------------------------------------------------------------------------- roles


def require_any(actor: Actor, *permissions: Permission) -> None:
    """At least one of ``permissions``; the refusal names the first."""
    for permission in permissions:
        try:
            actor.require(permission)
        except PermissionDenied:
            continue
        return
    raise PermissionDenied(role=ROLE_LABELS[actor.role], action=PERMISSION_LABELS[permissions[0]])


def is_county(actor: Actor) -> bool:
    try:
        actor.require(Permission.COUNTY_REVIEW)
    except PermissionDenied:
        return False
    return True


def actor_township(session: Session, actor: Actor) -> str | None:
    try:
        user_id = uuid.UUID(actor.user_id)
    except ValueError:
        return None
    return session.scalar(select(User.township_code).where(User.id == user_id))


def township_scope(session: Session, actor: Actor, requested: str | None) -> str | None:
    """The township an actor may look at: county reviewers any (None = all); others only their own.

    A township user whose account names no township sees this laptop's data unfiltered (a township laptop holds only
    its township); asking for another township than one's own is refused.
    """
    if is_county(actor):
        return requested or None
    own = actor_township(session, actor)
    if requested and own and requested != own:
        raise PermissionDenied(
            role=ROLE_LABELS[actor.role], action=f"查看其他乡镇（街道）{requested} 的数据（本账号属于 {own}）"
        )
    return own or requested or None


def require_same_township(session: Session, actor: Actor, township_code: str | None) -> None:
    """Township staff act only on their own township's items; the county acts everywhere."""
    if is_county(actor):
        return
    own = actor_township(session, actor)
    if own and township_code and own != township_code:
        raise PermissionDenied(
            role=ROLE_LABELS[actor.role],
            action=f"办理其他乡镇（街道）{township_code} 的事项（本账号属于 {own}）",
        )


# --------------------------------------------------------------------------------------------------- parsing


def parse_id(text: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(text).strip())
    except ValueError:
        raise ValidationError(f"{what}编号“{text}”格式不对。") from None


def get_row(session: Session, cls: type[_T], text: str | uuid.UUID, what: str) -> _T:
    key = text if isinstance(text, uuid.UUID) else parse_id(text, what)
    row = session.get(cls, key)
    if row is None:
        raise NotFound(what=f"{what} {text}")
    return row


def township_name(session: Session, code: str | None) -> str:
    if not code:
        return "（未分派）"
    found = session.get(Division, code)
    return found.name if found else code


def require_township(session: Session, code: str) -> Division:
    found = session.get(Division, code)
    if found is None or found.level != "township":
        raise ValidationError(f"乡镇/街道代码 {code} 不存在。")
    return found


def not_after_today(on: date, today: date, what: str) -> None:
    if on > today:
        raise ValidationError(f"{what} {on.isoformat()} 不能晚于今天（{today.isoformat()}）。")


def clean(text: str, limit: int) -> str:
    return " ".join(text.split())[:limit] if "\n" not in text else text.strip()[:limit]


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def loads_list(text: str) -> list[str]:
    raw: object = json.loads(text or "[]")
    if not isinstance(raw, list):
        return []
    return [str(v) for v in cast(list[object], raw)]


# --------------------------------------------------------------------------------------------------- rules


def rule_int(rules: RuleReader, key: str, on: date, unit: str) -> tuple[int, str]:
    """A non-negative integer rule with its unit checked; returns (value, row version)."""
    rule = rules.get(key, on)
    if rule.unit != unit:
        raise RuleInvalid(rule=rule.version, detail=f"单位应为 {unit}，实际为 {rule.unit or '空'}")
    value = rule.value
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleInvalid(rule=rule.version, detail="应为非负整数")
    return value, rule.version


def rule_ratio(rules: RuleReader, key: str, on: date) -> tuple[Decimal, str]:
    rule = rules.get(key, on)
    if rule.unit != "RATIO":
        raise RuleInvalid(rule=rule.version, detail=f"单位应为 RATIO，实际为 {rule.unit or '空'}")
    try:
        value = Decimal(str(rule.value))
    except ArithmeticError:
        raise RuleInvalid(rule=rule.version, detail="比例应为 0–1 之间的数") from None
    if isinstance(rule.value, bool) or not value.is_finite() or not Decimal(0) <= value <= Decimal(1):
        raise RuleInvalid(rule=rule.version, detail="比例应为 0–1 之间的数")
    return value, rule.version


def unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


def percent(part: int, whole: int) -> str:
    return "—" if whole == 0 else f"{part * 100 / whole:.0f}%"


def join_labels(labels: Sequence[str]) -> str:
    return "、".join(labels)
