"""Every change is audited and queued for sync in the same transaction (decision 8, SYNC.md §4.4).

Services call ``record_change`` after they modify rows; it appends the audit event and the outbox entry with the
next gap-free ``device_seq`` and the hash chain over outbox payloads.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import audit
from app.db.audit import GENESIS, canonical_json
from app.db.models import OutboxEntry, ServerShadow
from app.domain.actor import Actor

SCHEMA_VERSION = 1


def _hlc(at: datetime, seq: int, device_id: str) -> str:
    return f"{at.strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3]}Z-{seq:04d}-{device_id}"


def record_change(
    session: Session,
    actor: Actor,
    *,
    at: datetime,
    entity_type: str,
    entity_id: str,
    op: str,
    fields: dict[str, Any],
    before: dict[str, Any] | None = None,
    base_rev: int | None = None,
    audit_action: str,
    audit_details: dict[str, Any] | None = None,
) -> OutboxEntry:
    last = session.execute(
        select(OutboxEntry.device_seq, OutboxEntry.payload_sha256)
        .order_by(OutboxEntry.device_seq.desc())
        .limit(1)
    ).first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    if base_rev is None and op != "create":
        # The edit starts from the last server copy this laptop has seen (SYNC §4.9 three-way merge base).
        base_rev = session.scalar(
            select(ServerShadow.rev).where(
                ServerShadow.entity_type == entity_type, ServerShadow.entity_id == entity_id
            )
        )
    prev_local = session.scalar(
        select(OutboxEntry.device_seq)
        .where(OutboxEntry.entity_id == entity_id, OutboxEntry.state == "pending")
        .order_by(OutboxEntry.device_seq.desc())
        .limit(1)
    )
    change_id = str(uuid.uuid4())
    fields_json = canonical_json(fields)
    payload = canonical_json(
        {
            "device_id": actor.device_id,
            "device_seq": seq,
            "change_id": change_id,
            "entity_type": entity_type,
            "entity_id": entity_id,
            "op": op,
            "base_rev": base_rev,
            "fields": fields,
            "author_user_id": actor.user_id,
            "prev_hash": prev_hash,
        }
    )
    entry = OutboxEntry(
        device_seq=seq,
        change_id=change_id,
        entity_type=entity_type,
        entity_id=entity_id,
        op=op,
        base_rev=base_rev,
        prev_local_seq=prev_local,
        fields_json=fields_json,
        before_json=canonical_json(before) if before is not None else None,
        schema_version=SCHEMA_VERSION,
        hlc=_hlc(at, seq, actor.device_id),
        author_user_id=actor.user_id,
        payload_sha256=hashlib.sha256(payload.encode("utf-8")).hexdigest(),
        prev_hash=prev_hash,
    )
    session.add(entry)
    audit.append(
        session,
        actor,
        audit_action,
        at=at,
        entity_type=entity_type,
        entity_id=entity_id,
        details=audit_details,
    )
    session.flush()
    return entry


def verify_outbox_sequence(session: Session) -> tuple[bool, str]:
    """Gap-free and hash-chained: what the county will check on the next sync."""
    expected = 1
    prev_hash = GENESIS
    for seq, payload_hash, prev in session.execute(
        select(OutboxEntry.device_seq, OutboxEntry.payload_sha256, OutboxEntry.prev_hash).order_by(
            OutboxEntry.device_seq
        )
    ):
        if seq != expected:
            return False, f"同步队列序号缺失：应为 {expected}，实为 {seq}"
        if prev != prev_hash:
            return False, f"同步队列第 {seq} 条的前序哈希不符"
        prev_hash = payload_hash
        expected += 1
    return True, ""
