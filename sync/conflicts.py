"""The coordinator's conflict queue on a laptop (SYNC.md §4.9): a read model, and resolution as an ordinary change.

The county publishes every conflict record it opens into the township stream as a ``conflict`` entity whose data is
the county's view of it (fields, base / server / incoming values, both authors, when, status). A pull keeps those in
``server_shadow`` like any other entity, so the queue is readable offline and is the same on every laptop of the
township.

``resolve_conflict`` writes the chosen values into the local working row and queues a normal outbox change carrying
the reserved field ``__resolves__``. It is signed, hash-chained and exactly-once like every change; the county
applies it as a patch, closes the conflict (never by wall clock, never silently) and the new revision and the closed
record come back to every laptop on their next pull. Only a user with ``RESOLVE_CONFLICTS`` may resolve.

The Qt panel is the UI's; this module gives it frozen values and one write function, nothing else.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.changelog import record_change
from app.db.models import ConflictMirror, OutboxEntry, ServerShadow
from app.domain.actor import Actor
from app.domain.roles import Permission
from sync import local
from sync.merge import DELETED
from sync.protocol import RESOLVES, ConflictView

CONFLICT_ENTITY = "conflict"


class Choice(StrEnum):
    SERVER = "server"  # keep what the county holds now
    INCOMING = "incoming"  # take the value the other laptop sent


@dataclass(frozen=True, slots=True)
class FieldConflict:
    """One contested field: its value at the common base, at the county, and in the incoming change."""

    field: str
    base: Any
    server: Any
    incoming: Any


@dataclass(frozen=True, slots=True)
class ConflictItem:
    conflict_id: str
    entity_type: str
    entity_id: str
    kind: str  # soft (parallel edits merged) | hard (contested fields) | invalid_transition
    status: str  # open | resolved | acknowledged
    fields: tuple[FieldConflict, ...]
    server_author: str | None
    incoming_author: str | None
    incoming_device: str | None
    created_at: str  # ISO-8601 UTC, from the county
    base_rev: int | None
    server_rev: int
    raised_here: bool  # the incoming change was this laptop's own
    resolution_queued: bool  # a resolution from this laptop is waiting in the outbox
    resolved_by: str | None = None


class ConflictError(ValueError):
    """A resolution that cannot be queued; ``str()`` is a Chinese sentence for the coordinator."""


def _view(shadow: ServerShadow) -> ConflictView | None:
    if not shadow.data_json:
        return None
    try:
        return ConflictView.model_validate(json.loads(shadow.data_json))
    except ValueError:
        return None


def _queued(session: Session) -> set[str]:
    out: set[str] = set()
    for fields_json in session.scalars(
        select(OutboxEntry.fields_json).where(OutboxEntry.state.in_(local.PENDING_STATES))
    ):
        if RESOLVES in fields_json:
            cid = json.loads(fields_json).get(RESOLVES)
            if isinstance(cid, str):
                out.add(cid)
    return out


def _item(view: ConflictView, mine: set[str], queued: set[str]) -> ConflictItem:
    return ConflictItem(
        conflict_id=view.conflict_id,
        entity_type=view.entity_type,
        entity_id=view.entity_id,
        kind=view.kind,
        status=view.status,
        fields=tuple(
            FieldConflict(
                field=f,
                base=view.base_values.get(f),
                server=view.server_values.get(f),
                incoming=view.incoming_values.get(f),
            )
            for f in view.fields
        ),
        server_author=view.server_author,
        incoming_author=view.incoming_author,
        incoming_device=view.incoming_device,
        created_at=view.created_at,
        base_rev=view.base_rev,
        server_rev=view.server_rev,
        raised_here=view.conflict_id in mine,
        resolution_queued=view.conflict_id in queued,
        resolved_by=view.resolved_by,
    )


def list_conflicts(session: Session, *, status: str | None = "open") -> list[ConflictItem]:
    """The township's conflict queue as last pulled, oldest first; ``status=None`` lists every state."""
    mine = set(session.scalars(select(ConflictMirror.conflict_id)))
    queued = _queued(session)
    items: list[ConflictItem] = []
    for shadow in session.scalars(select(ServerShadow).where(ServerShadow.entity_type == CONFLICT_ENTITY)):
        view = _view(shadow)
        if view is not None and (status is None or view.status == status):
            items.append(_item(view, mine, queued))
    return sorted(items, key=lambda i: (i.created_at, i.conflict_id))


def get_conflict(session: Session, conflict_id: str) -> ConflictItem | None:
    shadow = session.get(ServerShadow, (CONFLICT_ENTITY, conflict_id))
    view = _view(shadow) if shadow is not None else None
    if view is None:
        return None
    mine = set(session.scalars(select(ConflictMirror.conflict_id)))
    return _item(view, mine, _queued(session))


def resolve_conflict(
    session: Session,
    actor: Actor,
    conflict_id: str,
    choice: Choice | Mapping[str, Any],
    *,
    at: datetime,
) -> int:
    """Queue the coordinator's decision as a normal change; returns its ``device_seq``.

    ``choice`` is ``Choice.SERVER`` (keep the county's values: for a soft conflict, acknowledge the merge),
    ``Choice.INCOMING`` (take the incoming values), or a mapping of contested field → typed value. The local working
    row takes the chosen values at once; the county's decision comes back on the next pull.
    """
    actor.require(Permission.RESOLVE_CONFLICTS)
    item = get_conflict(session, conflict_id)
    if item is None:
        raise ConflictError("本机没有这条冲突记录，请先同步。")
    if item.status != "open":
        raise ConflictError("这条冲突已经处理过了。")
    if item.resolution_queued:
        raise ConflictError("这条冲突的处理结果已在等待发送，请先同步。")
    contested = {f.field: f for f in item.fields}
    if isinstance(choice, Choice):
        if choice is Choice.SERVER:
            values = {f: v.server for f, v in contested.items() if f != DELETED}
        else:
            values = {f: v.incoming for f, v in contested.items()}
        label = choice.value
    else:
        unknown = sorted(set(choice) - set(contested))
        if unknown:
            raise ConflictError(f"只能为有冲突的字段选值，不能改：{'、'.join(unknown)}")
        values = dict(choice)
        label = "typed"
    delete = values.pop(DELETED, False) is True
    if item.kind == "soft" and isinstance(choice, Choice) and choice is Choice.SERVER:
        values = {}  # a soft conflict is already merged: acknowledging it changes no field
    before = _write_working_row(session, item.entity_type, item.entity_id, values, delete=delete)
    entry = record_change(
        session,
        actor,
        at=at,
        entity_type=item.entity_type,
        entity_id=item.entity_id,
        op="delete" if delete else "patch",
        fields={**values, RESOLVES: conflict_id},
        before=before,
        audit_action="sync.conflict_resolved",
        audit_details={"conflict_id": conflict_id, "choice": label, "fields": sorted(values)},
    )
    return entry.device_seq


def _write_working_row(
    session: Session, entity_type: str, entity_id: str, values: dict[str, Any], *, delete: bool
) -> dict[str, Any]:
    """Set the chosen values on the local row (as any edit would) and return the values they replace."""
    mapper = local.mapper_for(entity_type)
    if mapper is None:
        return {}
    pk_col = mapper.primary_key[0]
    try:
        pk = local._convert(local._python_type(pk_col), entity_id)  # pyright: ignore[reportPrivateUsage]
    except ValueError:
        return {}
    row = session.get(mapper.class_, pk)
    if row is None:
        return {}
    if delete:
        session.delete(row)
        return {}
    columns = dict(mapper.columns.items())
    before: dict[str, Any] = {}
    for key, value in values.items():
        col = columns.get(key)
        if col is None:
            continue
        before[key] = _plain(getattr(row, key))
        setattr(row, key, local._convert(local._python_type(col), value))  # pyright: ignore[reportPrivateUsage]
    return before


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value
