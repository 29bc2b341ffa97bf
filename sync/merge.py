"""Field-level three-way merge for shared case data (SYNC.md §4.9). Pure: dictionaries in, a decision out.

The server calls ``merge`` with the entity as it was at the change's base revision, as it is now, and the incoming
fields. It never decides by wall clock:

* own offline branch (nobody else wrote since the base): the incoming fields apply, no conflict;
* disjoint edits: everything applies, the entity is flagged SOFT for the coordinator;
* overlapping edits with different values: HARD. Fields under the *hold* policy keep the server value, fields under
  *apply-and-flag* take the incoming one; either way the incoming values are kept in the conflict record;
* a delete or a case closure meeting a concurrent edit (either way round) is HARD and the server state holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Literal

from app.workflow.states import CaseState

DELETED = "__deleted__"  # the pseudo-field a delete shows in a conflict record


class Policy(StrEnum):
    HOLD = "hold"  # eligibility- and payment-relevant: the server value stays until the coordinator decides
    APPLY = "apply"  # descriptive: the incoming value is taken, the previous one stays in the version history


# Descriptive fields anyone may correct; everything else is held (SYNC §7: start strict).
APPLY_FIELDS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "case": frozenset({"state_detail_json"}),
        "household": frozenset({"residence_address", "hukou_address"}),
        "person": frozenset({"phone"}),
        "attachment": frozenset({"caption", "category"}),
        "*": frozenset({"phone", "note", "notes", "remark", "caption"}),
    }
)

CLOSED_STATES: frozenset[str] = frozenset(
    {
        CaseState.CLOSED.value,
        CaseState.WITHDRAWN.value,
        CaseState.TERMINATED.value,
        CaseState.TERMINATED_NONCOOPERATION.value,
    }
)


def policy(entity_type: str, field: str) -> Policy:
    if field in APPLY_FIELDS.get(entity_type, frozenset()) or field in APPLY_FIELDS["*"]:
        return Policy.APPLY
    return Policy.HOLD


def is_closed(entity_type: str, data: Mapping[str, Any] | None) -> bool:
    return entity_type == "case" and data is not None and data.get("state") in CLOSED_STATES


Kind = Literal["soft", "hard"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What to store: ``data`` is the entity after the change; ``changed`` says whether a new revision results."""

    data: dict[str, Any]
    deleted: bool
    changed: bool
    kind: Kind | None
    applied: dict[str, Any]  # incoming fields that took effect
    conflicting: tuple[str, ...]  # fields edited on both sides to different values (or DELETED)
    held: tuple[str, ...]  # conflicting fields where the server value was kept


def merge(
    entity_type: str,
    *,
    base: Mapping[str, Any] | None,
    base_deleted: bool = False,
    server: Mapping[str, Any],
    server_deleted: bool = False,
    incoming: Mapping[str, Any],
    op: str,
    own_branch: bool,
) -> Outcome:
    """Decide an incoming patch or delete against the current server copy.

    ``own_branch``: every revision after the base came from the same device (or there is none); then there is
    nothing to merge. ``base`` is the entity at the base revision (None when unknown: treated as concurrent with
    every server field).
    """
    server_d = dict(server)
    wants_delete = op == "delete"
    effective = {f: v for f, v in incoming.items() if server_d.get(f, _MISSING) != v}

    if own_branch:
        if wants_delete:
            return Outcome(server_d, True, not server_deleted, None, {}, (), ())
        data = {**server_d, **effective}
        return Outcome(data, False, bool(effective) or server_deleted, None, effective, (), ())

    base_d = dict(base) if base is not None else None
    keys = set(server_d) | set(base_d or {})
    if base_d is None:
        server_changed = set(keys)
    else:
        server_changed = {f for f in keys if server_d.get(f, _MISSING) != base_d.get(f, _MISSING)}
    concurrent = bool(server_changed) or (server_deleted and not base_deleted)

    # An update meeting a delete or a closure made since its base: the tombstone / closed case holds.
    closed_since_base = (server_deleted and not base_deleted) or (
        is_closed(entity_type, server_d) and not is_closed(entity_type, base_d)
    )
    if closed_since_base and (effective or wants_delete):
        fields = tuple(sorted(effective)) or ((DELETED,) if wants_delete else ())
        return Outcome(server_d, server_deleted, False, "hard", {}, fields, fields)
    # A delete meeting a concurrent edit: the entity stays; the delete waits for the coordinator.
    if wants_delete:
        if concurrent:
            return Outcome(server_d, server_deleted, False, "hard", {}, (DELETED,), (DELETED,))
        return Outcome(server_d, True, not server_deleted, None, {}, (), ())

    if not effective:
        return Outcome(server_d, server_deleted, False, None, {}, (), ())

    overlapping = tuple(sorted(f for f in effective if f in server_changed))
    closing = is_closed(entity_type, {**server_d, **effective}) and not is_closed(entity_type, server_d)
    applied: dict[str, Any] = {}
    held: list[str] = []
    for f, v in effective.items():
        if f in overlapping and policy(entity_type, f) is Policy.HOLD:
            held.append(f)
        else:
            applied[f] = v
    if overlapping or (closing and concurrent):
        kind: Kind | None = "hard"
    elif concurrent:
        kind = "soft"
    else:
        kind = None
    data = {**server_d, **applied}
    return Outcome(data, server_deleted, bool(applied), kind, applied, overlapping, tuple(sorted(held)))


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Any = _Missing()
