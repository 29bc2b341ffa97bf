"""Laptop-side sync bookkeeping inside the encrypted store: outbox → wire, results → outbox, pulled pages → shadow
and domain rows. Every function takes the caller's ``Session``; the caller decides the transaction (a pulled page and
its cursor always commit together).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import LargeBinary, delete, func, select, tuple_, update
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Mapper, Session, defer

from app.db.base import Base
from app.db.models import (
    Attachment,
    ConflictMirror,
    DeviceIdentity,
    Division,
    OutboxEntry,
    RefDataset,
    ServerShadow,
    SyncBlob,
    SyncState,
)
from app.db.models.calendar import CalendarYear
from sync.protocol import (
    OP_MOVED,
    Change,
    ChangeResult,
    PullItem,
    canonical_json,
    dataset_hash,
    digest_hex,
    entity_digest,
)

# Entity types that never come down to a laptop's domain tables (identity, audit, sync's own state).
NOT_APPLIED = frozenset({"user", "audit_event", "outbox_entry", "store_meta"})
PENDING_STATES = ("pending", "sent")
MOVED_AWAY = (
    "local:moved-away"  # the shadow of an entity filed elsewhere whose local copy could not yet be dropped
)


# ------------------------------------------------------------------------------------------------ state


def get_state(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(SyncState, key)
    return row.value if row is not None else default


def set_state(session: Session, key: str, value: str) -> None:
    row = session.get(SyncState, key)
    if row is None:
        session.add(SyncState(key=key, value=value))
    else:
        row.value = value


def cursor(session: Session, stream: str) -> int:
    return int(get_state(session, f"cursor:{stream}", "0") or 0)


def all_cursors(session: Session) -> dict[str, int]:
    return {
        r.key.removeprefix("cursor:"): int(r.value)
        for r in session.scalars(select(SyncState).where(SyncState.key.like("cursor:%")))
    }


def identity(session: Session) -> DeviceIdentity | None:
    return session.scalar(select(DeviceIdentity).limit(1))


# ------------------------------------------------------------------------------------------------ outbox


def device_seq_high(session: Session) -> int:
    return int(session.scalar(select(func.max(OutboxEntry.device_seq))) or 0)


def first_unsettled(session: Session) -> int | None:
    return session.scalar(
        select(func.min(OutboxEntry.device_seq)).where(OutboxEntry.state.in_(PENDING_STATES))
    )


def to_change(entry: OutboxEntry) -> Change:
    fields = json.loads(entry.fields_json)
    refs: list[str] = json.loads(entry.blob_refs_json) if entry.blob_refs_json else []
    if entry.entity_type == "attachment" and isinstance(fields.get("sha256"), str) and not refs:
        refs = [f"sha256:{fields['sha256']}"]
    return Change(
        device_seq=entry.device_seq,
        change_id=entry.change_id,
        entity_type=entry.entity_type,
        entity_id=entry.entity_id,
        op=entry.op,  # pyright: ignore[reportArgumentType]
        base_rev=entry.base_rev,
        fields=fields,
        blob_refs=refs,
        schema_version=entry.schema_version,
        hlc=entry.hlc,
        author_user_id=entry.author_user_id,
        payload_sha256=entry.payload_sha256,
        prev_hash=entry.prev_hash,
    )


def changes_from(session: Session, first_seq: int, limit: int) -> list[Change]:
    rows = session.scalars(
        select(OutboxEntry)
        .where(OutboxEntry.device_seq >= first_seq)
        .order_by(OutboxEntry.device_seq)
        .limit(limit)
    )
    return [to_change(e) for e in rows]


def changes_between(session: Session, first_seq: int, last_seq: int) -> list[Change]:
    rows = session.scalars(
        select(OutboxEntry)
        .where(OutboxEntry.device_seq >= first_seq, OutboxEntry.device_seq <= last_seq)
        .order_by(OutboxEntry.device_seq)
    )
    return [to_change(e) for e in rows]


_STATE_FOR = {"applied": "acked", "duplicate": "acked", "conflict": "conflict", "deferred": "deferred"}


@dataclass
class PushTally:
    sent: int = 0
    applied: int = 0
    duplicate: int = 0
    conflicts: int = 0
    deferred: int = 0
    rejected: int = 0


def record_results(
    session: Session, results: Iterable[ChangeResult], ack_through: int, tally: PushTally
) -> None:
    """Write the server's per-change results into the outbox; rows up to ``ack_through`` are settled.

    The batch's outbox rows are read in one query and written back in one flush (no per-row SELECT)."""
    results = list(results)
    entries: dict[int, OutboxEntry] = {}
    seqs = [r.seq for r in results]
    for i in range(0, len(seqs), 500):
        for e in session.scalars(select(OutboxEntry).where(OutboxEntry.device_seq.in_(seqs[i : i + 500]))):
            entries[e.device_seq] = e
    mirrored: set[str] = set()
    wanted = [r.conflict_id for r in results if r.conflict_id]
    if wanted:
        mirrored = set(
            session.scalars(select(ConflictMirror.conflict_id).where(ConflictMirror.conflict_id.in_(wanted)))
        )
    for r in results:
        entry = entries.get(r.seq)
        if entry is None:
            continue
        status = r.original if r.status == "duplicate" and r.original else r.status
        if status == "rejected":
            entry.state = "pending" if r.retryable else "rejected"
        else:
            entry.state = _STATE_FOR[status]
        entry.server_result = r.model_dump_json()
        entry.acked_server_seq = r.server_seq
        if r.status == "duplicate":
            tally.duplicate += 1
        elif status == "applied":
            tally.applied += 1
        elif status == "conflict":
            tally.conflicts += 1
        elif status == "deferred":
            tally.deferred += 1
        elif status == "rejected" and not r.retryable:
            tally.rejected += 1
        if status == "conflict" and r.conflict_id and r.conflict_id not in mirrored:
            mirrored.add(r.conflict_id)
            session.add(
                ConflictMirror(
                    conflict_id=r.conflict_id,
                    entity_type=entry.entity_type,
                    entity_id=entry.entity_id,
                    kind=r.kind or "hard",
                    status="open",
                    fields_json=entry.fields_json,
                    device_seq=entry.device_seq,
                    server_seq=r.server_seq,
                )
            )
    # A refused or contested change leaves the working row with values the county did not take, possibly with no
    # new revision to pull: mark the county copy as not yet applied, so ``retry_unapplied`` puts it back.
    refused = list(
        dict.fromkeys(
            (e.entity_type, e.entity_id) for e in entries.values() if e.state in ("rejected", "conflict")
        )
    )
    for i in range(0, len(refused), 400):
        session.execute(
            update(ServerShadow)
            .where(tuple_(ServerShadow.entity_type, ServerShadow.entity_id).in_(refused[i : i + 400]))
            .values(applied=False)
            .execution_options(synchronize_session="fetch")
        )
    session.flush()
    session.execute(
        update(OutboxEntry)
        .where(OutboxEntry.device_seq <= ack_through, OutboxEntry.state.in_(PENDING_STATES))
        .values(state="acked")
        .execution_options(synchronize_session="fetch")
    )


def reopen_after(session: Session, acked_through: int) -> int:
    """Server restored from a backup: everything it no longer has goes out again (SYNC §4.14)."""
    n = 0
    for entry in session.scalars(select(OutboxEntry).where(OutboxEntry.device_seq > acked_through)):
        entry.state, entry.server_result, entry.acked_server_seq = "pending", None, None
        n += 1
    return n


def pending_keys(session: Session) -> set[tuple[str, str]]:
    return {
        (t, i)
        for t, i in session.execute(
            select(OutboxEntry.entity_type, OutboxEntry.entity_id).where(
                OutboxEntry.state.in_(PENDING_STATES)
            )
        )
    }


# ------------------------------------------------------------------------------------------------ applier


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _registry() -> dict[str, Mapper[Any]]:
    out: dict[str, Mapper[Any]] = {}
    for mapper in Base.registry.mappers:
        name = _snake(mapper.class_.__name__)
        if name in NOT_APPLIED or len(mapper.primary_key) != 1:
            continue
        out[name] = mapper
    return out


_MAPPERS: dict[str, Mapper[Any]] | None = None


def mapper_for(entity_type: str) -> Mapper[Any] | None:
    global _MAPPERS
    if _MAPPERS is None:
        _MAPPERS = _registry()
    return _MAPPERS.get(entity_type)


def _convert(python_type: type[Any] | None, value: Any) -> Any:
    if value is None or python_type is None:
        return value
    if python_type is uuid.UUID and isinstance(value, str):
        return uuid.UUID(value)
    if python_type is datetime and isinstance(value, str):
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if python_type is date and isinstance(value, str):
        return date.fromisoformat(value[:10])
    if python_type is bool and isinstance(value, int):
        return bool(value)
    if python_type is int and isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return value


def _python_type(column: Any) -> type[Any] | None:
    try:
        return column.type.python_type
    except NotImplementedError:
        return None


BlobSource = Callable[[str], bytes | None]


def apply_to_domain(
    session: Session,
    entity_type: str,
    entity_id: str,
    data: dict[str, Any] | None,
    *,
    tombstone: bool,
    rev: int,
    blob_bytes: BlobSource | None = None,
) -> bool:
    """Make the local working row equal to the server copy. False when it cannot yet (parent or blob missing)."""
    try:
        with session.begin_nested():
            _set_domain(
                session, entity_type, entity_id, data, tombstone=tombstone, rev=rev, blob_bytes=blob_bytes
            )
            session.flush()
    except (_NotYet, IntegrityError, StatementError, ValueError, TypeError):
        return False
    return True


def _set_domain(
    session: Session,
    entity_type: str,
    entity_id: str,
    data: dict[str, Any] | None,
    *,
    tombstone: bool,
    rev: int,
    blob_bytes: BlobSource | None,
    absent: bool = False,
) -> None:
    """The row changes of ``apply_to_domain`` without the savepoint and flush (the caller owns both)."""
    mapper = mapper_for(entity_type)
    if mapper is None:
        return  # kept in the shadow only
    cls = mapper.class_
    pk_col = mapper.primary_key[0]
    pk_key = mapper.get_property_by_column(pk_col).key
    try:
        pk = _convert(_python_type(pk_col), entity_id)
    except ValueError:
        return
    row = None if absent else session.get(cls, pk)
    if tombstone:
        if row is not None:
            session.delete(row)
        return
    if data is None:
        return
    if row is None:
        row = cls()
        setattr(row, pk_key, pk)
        if cls is Attachment:
            sha = data.get("sha256")
            raw = blob_bytes(sha) if blob_bytes and isinstance(sha, str) else None
            if raw is None:
                raise _NotYet
            row.data = raw
        session.add(row)
    columns = dict(mapper.columns.items())
    for key, value in data.items():
        col = columns.get(key)
        if col is None or key == pk_key or key == "data":
            continue
        setattr(row, key, _convert(_python_type(col), value))
    if "server_rev" in columns:
        row.server_rev = rev


def _prefetch_domain(session: Session, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Load the working rows of a page in one query per entity type, so ``session.get`` finds them in memory;
    returns the keys that exist."""
    by_type: dict[str, dict[Any, str]] = {}
    found: set[tuple[str, str]] = set()
    for entity_type, entity_id in keys:
        mapper = mapper_for(entity_type)
        if mapper is None:
            continue
        try:
            pk = _convert(_python_type(mapper.primary_key[0]), entity_id)
        except ValueError:
            continue
        by_type.setdefault(entity_type, {})[pk] = entity_id
    for entity_type, ids in by_type.items():
        mapper = mapper_for(entity_type)
        assert mapper is not None
        pk_col = mapper.primary_key[0]
        pk_key = mapper.get_property_by_column(pk_col).key
        # photo bytes are never compared or rewritten here: leave them on disk (decrypting them costs more than
        # the rest of the page)
        lazy = [
            defer(getattr(mapper.class_, k))
            for k, c in mapper.columns.items()
            if isinstance(c.type, LargeBinary)
        ]
        pks = list(ids)
        for i in range(0, len(pks), 500):
            query = select(mapper.class_).where(pk_col.in_(pks[i : i + 500])).options(*lazy)
            for row in session.scalars(query):
                found.add((entity_type, ids[getattr(row, pk_key)]))
    return found


class _NotYet(Exception):
    pass


def local_blob(session: Session, sha: str) -> bytes | None:
    return session.scalar(select(Attachment.data).where(Attachment.sha256 == sha).limit(1))


# ------------------------------------------------------------------------------------------------ pull


@dataclass
class PullTally:
    received: int = 0
    held_local: int = 0
    datasets: int = 0
    blobs_wanted: int = 0


def apply_page(
    session: Session,
    stream: str,
    items: list[PullItem],
    next_cursor: int,
    tally: PullTally,
    *,
    pending: set[tuple[str, str]],
    force: bool = False,
) -> None:
    """One pulled page and its cursor, in the caller's single transaction (SYNC §4.8).

    Items carry whole entity copies, so only the newest item of each entity in the page is applied (in the order
    entities first appear). Shadows and working rows are read in bulk; the working rows of the whole page are
    written under one savepoint and one flush, and only if that fails (a parent or a photo not here yet) is the
    page redone row by row, so one row that cannot be applied yet never holds back the others."""
    newest: dict[tuple[str, str], PullItem] = {}
    seen: dict[tuple[str, str], int] = {}
    for item in items:
        key = (item.entity_type, item.entity_id)
        newest[key] = item  # dict keeps first-seen order, takes the last value
        seen[key] = seen.get(key, 0) + 1
    keys = list(newest)
    shadows: dict[tuple[str, str], ServerShadow] = {}
    for i in range(0, len(keys), 400):
        part = keys[i : i + 400]
        for sh in session.scalars(
            select(ServerShadow).where(tuple_(ServerShadow.entity_type, ServerShadow.entity_id).in_(part))
        ):
            shadows[(sh.entity_type, sh.entity_id)] = sh
    to_domain: list[tuple[ServerShadow, PullItem]] = []
    for key, item in newest.items():
        shadow = shadows.get(key)
        if item.op == OP_MOVED:
            _moved_away(session, stream, item, shadow, pending=key in pending)
            tally.received += seen[key]
            continue
        if shadow is not None and shadow.stream != stream and shadow.rev >= item.rev:
            continue  # an older revision replayed from a stream the entity has since left (a full re-read)
        if (
            not force
            and shadow is not None
            and shadow.rev >= item.rev
            and shadow.server_seq >= item.server_seq
        ):
            continue  # already have this revision (replayed page or bundle)
        data_json = canonical_json(item.data) if item.data is not None else None
        if shadow is None:
            shadow = ServerShadow(entity_type=item.entity_type, entity_id=item.entity_id, stream=stream)
            session.add(shadow)
        shadow.stream, shadow.rev, shadow.server_seq = stream, item.rev, item.server_seq
        shadow.data_json, shadow.tombstone, shadow.conflict = data_json, item.tombstone, item.conflict
        tally.received += seen[key]  # superseded revisions of it in this page arrived too
        if item.entity_type == "dataset":
            shadow.applied = apply_dataset(session, stream, item.data)
            tally.datasets += 1
            continue
        if key in pending:
            shadow.applied = False  # local edits not yet sent win locally until the server has decided
            tally.held_local += 1
            continue
        to_domain.append((shadow, item))
    if to_domain:
        _apply_items(session, to_domain, tally)
    set_state(session, f"cursor:{stream}", str(next_cursor))


def _moved_away(
    session: Session, stream: str, item: PullItem, shadow: ServerShadow | None, *, pending: bool
) -> None:
    """The county filed this entity under another stream. Only a copy held for *this* stream goes: a county
    desktop that already has the newer copy from the new stream keeps it. Local edits not yet sent stay (the county
    refuses them as out of scope and the sync summary says so)."""
    if shadow is None or shadow.stream != stream:
        return
    if pending or apply_to_domain(
        session, item.entity_type, item.entity_id, None, tombstone=True, rev=item.rev
    ):
        session.delete(shadow)
    else:
        # Something here still points at it: keep trying the drop (``retry_unapplied``), outside any county
        # stream so the stream still verifies.
        shadow.stream, shadow.tombstone, shadow.data_json, shadow.applied = MOVED_AWAY, True, None, False
    session.flush()


def apply_item(session: Session, shadow: ServerShadow, item: PullItem) -> bool:
    """One pulled item into the working tables under its own savepoint (the fallback path)."""
    return apply_to_domain(
        session,
        item.entity_type,
        item.entity_id,
        item.data,
        tombstone=item.tombstone,
        rev=item.rev,
        blob_bytes=lambda sha: local_blob(session, sha),
    )


def _apply_items(session: Session, todo: list[tuple[ServerShadow, PullItem]], tally: PullTally) -> None:
    session.flush()  # the shadows stay whatever happens to the working rows below
    found = _prefetch_domain(session, ((i.entity_type, i.entity_id) for _, i in todo))
    try:
        with session.begin_nested(), session.no_autoflush:
            for _, item in todo:
                _set_domain(
                    session, item.entity_type, item.entity_id, item.data, tombstone=item.tombstone, rev=item.rev,
                    blob_bytes=lambda sha: local_blob(session, sha),
                    absent=(item.entity_type, item.entity_id) not in found,
                )  # fmt: skip
            session.flush()
    except (_NotYet, IntegrityError, StatementError, ValueError, TypeError):
        for shadow, item in todo:
            shadow.applied = apply_item(session, shadow, item)
            if not shadow.applied and item.entity_type == "attachment" and item.data:
                want_blob(session, item.data)
                tally.blobs_wanted += 1
        return
    for shadow, _ in todo:
        shadow.applied = True


def want_blob(session: Session, data: dict[str, Any]) -> None:
    sha = data.get("sha256")
    if not isinstance(sha, str):
        return
    blob = session.get(SyncBlob, sha)
    if blob is None:
        session.add(
            SyncBlob(
                sha256=sha,
                size=int(data.get("size") or 0),
                mime=str(data.get("mime") or ""),
                state="queued_download",
            )
        )
    elif blob.state not in ("synced", "queued_upload"):
        blob.state = "queued_download"


def retry_unapplied(session: Session, *, pending: set[tuple[str, str]]) -> int:
    """Shadow rows that could not be applied earlier (pending edits since settled, parents since arrived)."""
    done = 0
    for shadow in list(session.scalars(select(ServerShadow).where(ServerShadow.applied.is_(False)))):
        if (shadow.entity_type, shadow.entity_id) in pending:
            continue
        data = json.loads(shadow.data_json) if shadow.data_json else None
        if shadow.entity_type == "dataset":
            shadow.applied = apply_dataset(session, shadow.stream, data)
        else:
            shadow.applied = apply_to_domain(
                session,
                shadow.entity_type,
                shadow.entity_id,
                data,
                tombstone=shadow.tombstone,
                rev=shadow.rev,
                blob_bytes=lambda sha: local_blob(session, sha),
            )
            if not shadow.applied and shadow.entity_type == "attachment" and data:
                want_blob(session, data)
        done += int(shadow.applied)
    return done


def stream_digest(session: Session, stream: str) -> tuple[int, str]:
    acc = 0
    count = 0
    for t, i, r in session.execute(
        select(ServerShadow.entity_type, ServerShadow.entity_id, ServerShadow.rev).where(
            ServerShadow.stream == stream
        )
    ):
        acc ^= entity_digest(t, i, r)
        count += 1
    return count, digest_hex(acc)


def drop_shadow_except(session: Session, stream: str, keep: set[tuple[str, str]]) -> int:
    """After a full stream resync: forget shadow rows the server no longer has (domain rows are never wiped)."""
    gone = [
        (t, i)
        for t, i in session.execute(
            select(ServerShadow.entity_type, ServerShadow.entity_id).where(ServerShadow.stream == stream)
        )
        if (t, i) not in keep
    ]
    for t, i in gone:
        session.execute(
            delete(ServerShadow).where(ServerShadow.entity_type == t, ServerShadow.entity_id == i)
        )
    return len(gone)


# ------------------------------------------------------------------------------------------------ datasets


def apply_dataset(session: Session, stream: str, data: dict[str, Any] | None) -> bool:
    """A county dataset is taken only whole: hash checked, newer than what we hold, then swapped in."""
    if not data:
        return False
    name, version, items, sha = data.get("name"), data.get("version"), data.get("items"), data.get("sha256")
    if not isinstance(name, str) or not isinstance(version, int) or not isinstance(items, list):
        return False
    if dataset_hash(items) != sha:
        return False
    current = session.get(RefDataset, name)
    if current is not None and current.version >= version:
        return True
    try:
        with session.begin_nested():
            if name == "divisions":
                _apply_divisions(session, items)
            elif name == "calendar":
                _apply_calendar(session, items)
            if current is None:
                session.add(
                    RefDataset(
                        name=name,
                        version=version,
                        stream=stream,
                        sha256=str(sha),
                        items_json=canonical_json(items),
                        applied_at=datetime.now(UTC),
                    )
                )
            else:
                current.version, current.stream, current.sha256 = version, stream, str(sha)
                current.items_json, current.applied_at = canonical_json(items), datetime.now(UTC)
            session.flush()
    except (IntegrityError, StatementError, KeyError, ValueError, TypeError):
        return False
    return True


_LEVEL_ORDER = {"city": 0, "county": 1, "township": 2, "village": 3}


def _apply_divisions(session: Session, items: list[dict[str, Any]]) -> None:
    for item in sorted(items, key=lambda i: _LEVEL_ORDER.get(str(i.get("level")), 9)):
        code = str(item["code"])
        d = session.get(Division, code) or Division(code=code)
        d.name = str(item["name"])
        d.level = str(item["level"])
        d.parent_code = str(item["parent"]) if item.get("parent") else None
        d.area_type = item.get("area_type")
        d.is_sample = bool(item.get("sample", False))
        d.source = str(item.get("source", "county dataset"))[:200]
        session.add(d)
        session.flush()


def _apply_calendar(session: Session, items: list[dict[str, Any]]) -> None:
    for item in items:
        year = int(item["year"])
        row = session.get(CalendarYear, year) or CalendarYear(year=year)
        row.data_json = canonical_json(item["data"])
        row.source = str(item.get("source", "county dataset"))[:400]
        row.imported_at = datetime.now(UTC)
        row.imported_by = "county-sync"
        session.add(row)
    session.flush()


def dataset_items(session: Session, name: str) -> tuple[int, list[dict[str, Any]]] | None:
    """For services: the county dataset ``name`` (standards, serial ranges, warnings, spot checks) as held now."""
    row = session.get(RefDataset, name)
    return (row.version, json.loads(row.items_json)) if row else None
