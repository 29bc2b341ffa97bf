"""The hash-chained audit trail: each event carries the hash of the one before (SECURITY T40).

Editing or deleting a row breaks the chain at that row; ``verify_chain`` names the first broken link.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import AuditEvent
from app.domain.actor import Actor

GENESIS = "0" * 64


def canonical_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _event_hash(prev_hash: str, event: AuditEvent) -> str:
    body = canonical_json(
        {
            "seq": event.seq,
            "event_id": event.event_id,
            "at": event.at.isoformat(),
            "device_id": event.device_id,
            "actor_user_id": event.actor_user_id,
            "actor_login": event.actor_login,
            "action": event.action,
            "entity_type": event.entity_type,
            "entity_id": event.entity_id,
            "details": json.loads(event.details_json),
        }
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def append(
    session: Session,
    actor: Actor,
    action: str,
    *,
    at: datetime,
    entity_type: str = "",
    entity_id: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    event = AuditEvent(
        seq=seq,
        event_id=str(uuid.uuid4()),
        at=at,
        device_id=actor.device_id,
        actor_user_id=actor.user_id,
        actor_login=actor.login,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        details_json=canonical_json(details or {}),
        prev_hash=prev_hash,
        hash="",
    )
    event.hash = _event_hash(prev_hash, event)
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    events: int
    first_broken_seq: int | None = None
    problem: str = ""


def verify_chain(session: Session) -> ChainReport:
    prev_hash = GENESIS
    expected_seq = 1
    count = 0
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).yield_per(1000):
        count += 1
        if event.seq != expected_seq:
            return ChainReport(False, count, expected_seq, f"第 {expected_seq} 条审计记录缺失")
        if event.prev_hash != prev_hash:
            return ChainReport(False, count, event.seq, f"第 {event.seq} 条审计记录的前序哈希不符")
        if _event_hash(prev_hash, event) != event.hash:
            return ChainReport(False, count, event.seq, f"第 {event.seq} 条审计记录内容被改动")
        prev_hash = event.hash
        expected_seq += 1
    return ChainReport(True, count)


def count_events(session: Session, action: str | None = None) -> int:
    stmt = select(func.count()).select_from(AuditEvent)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    return int(session.scalar(stmt) or 0)
