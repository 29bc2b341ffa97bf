"""SYNC.md §5 "worth having": several simulated laptops make random offline edits and sync in random order.

After a final round of syncs, for the entities of each example:

* every change a laptop queued is in the county ledger with the same payload hash (and settled in its outbox);
* no value is lost: each field of each ledgered change either took effect in a revision made by that change, or is
  kept in a conflict record (hard conflict or refused transition) for the coordinator;
* all laptops converge: their working rows and shadows equal the county's entity, revision for revision.

Bounded: few examples, three laptops shared by all examples (each example works on a case of its own).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.db.models import OutboxEntry, ServerShadow
from sync.server.models import ChangeLedger, Conflict, Entity, EntityVersion
from tests.sync.conftest import ServerPool
from tests.sync.support import CountyServer, Laptop

FIELDS: dict[str, list[Any]] = {
    "monthly_amount_fen": [100, 200, 300],  # hold policy: contested values stay with the county
    "residence_address": ["甲", "乙"],  # apply-and-flag policy (household)
    "is_renhu_fenli": [True, False],  # hold policy (household)
    "state": ["ACCEPTED", "WITHDRAWN", "DRAFT"],  # workflow: closures and refused transitions
}
TARGET = {
    "monthly_amount_fen": "case",
    "residence_address": "household",
    "is_renhu_fenli": "household",
    "state": "case",
}

op = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 2), st.sampled_from(sorted(FIELDS)), st.integers(0, 2)),
    st.tuples(st.just("sync"), st.integers(0, 2), st.just(""), st.just(0)),
)


@pytest.fixture(scope="module")
def fleet(
    tmp_path_factory: pytest.TempPathFactory, server_pool: ServerPool
) -> Iterator[tuple[CountyServer, list[Laptop]]]:
    server = server_pool.get("sqlite")
    root: Path = tmp_path_factory.mktemp("fleet")
    township = f"T{uuid.uuid4().hex[:10]}"
    laps = [Laptop(root / f"lap{i}", server, township=township) for i in range(3)]
    yield server, laps
    for lap in laps:
        lap.close()


def _outbox(lap: Laptop, ids: set[str]) -> list[OutboxEntry]:
    with lap.store.reading() as s:
        rows = list(s.scalars(select(OutboxEntry).where(OutboxEntry.entity_id.in_(ids))))
        for r in rows:
            s.expunge(r)
        return rows


@settings(
    max_examples=int(os.environ.get("DIBAO_SYNC_PROPERTY_EXAMPLES", "4")),  # more for a bug hunt
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(op, min_size=2, max_size=7))
def test_random_edits_converge_and_lose_nothing(
    fleet: tuple[CountyServer, list[Laptop]], ops: list[tuple[str, int, str, int]]
) -> None:
    server, laps = fleet
    hh, case = laps[0].new_case()
    ids = {"case": case, "household": hh}
    for lap in laps:  # everyone starts from the same county copy
        lap.sync()
    for kind, who, field, value in ops:
        lap = laps[who]
        if kind == "sync":
            lap.sync()
            continue
        etype = TARGET[field]
        lap.edit(etype, ids[etype], **{field: FIELDS[field][value % len(FIELDS[field])]})
    for _ in range(2):  # push everything, then let everyone pull everything
        for lap in laps:
            assert lap.sync().verify_ok
    touched = {case, hh}
    county = server.county()
    with county.db.read() as s:
        entities = {e.entity_id: e for e in s.scalars(select(Entity).where(Entity.entity_id.in_(touched)))}
        ledger = {
            (r.device_id, r.device_seq): r
            for r in s.scalars(select(ChangeLedger).where(ChangeLedger.entity_id.in_(touched)))
        }
        versions = list(s.scalars(select(EntityVersion).where(EntityVersion.entity_id.in_(touched))))
        conflicts = list(s.scalars(select(Conflict).where(Conflict.entity_id.in_(touched))))
    # 1. every queued change is in the ledger, same payload, and settled on the laptop
    for lap in laps:
        for entry in _outbox(lap, touched):
            led = ledger.get((lap.device_id, entry.device_seq))
            assert led is not None, f"change {entry.device_seq} of {lap.device_id} never reached the ledger"
            assert led.payload_sha256 == entry.payload_sha256
            assert entry.state in ("acked", "conflict", "rejected"), entry.state
    # 2. no value lost: the revision the change left the entity at holds it, or a conflict record keeps it
    at_rev = {(v.entity_id, v.rev): json.loads(v.data_json) for v in versions}
    kept: dict[str, list[dict[str, Any]]] = {}
    for c in conflicts:
        if c.incoming_change_id:
            kept.setdefault(c.incoming_change_id, []).append(json.loads(c.incoming_values_json))
    for led in ledger.values():
        fields = json.loads(led.change_json)["fields"]
        rev = json.loads(led.result_json).get("rev")
        after = at_rev.get((led.entity_id, rev), {})
        for f, v in fields.items():
            applied = after.get(f) == v
            recorded = any(d.get(f) == v for d in kept.get(led.change_id, []))
            assert applied or recorded, f"{f}={v!r} of change {led.change_id} ({led.result}) was lost"
    # 3. convergence: every laptop shows the county's copy
    for etype, eid in (("case", case), ("household", hh)):
        ent = entities[eid]
        data = json.loads(ent.data_json)
        for lap in laps:
            with lap.store.reading() as s:
                shadow = s.get(ServerShadow, (etype, eid))
                assert shadow is not None and shadow.rev == ent.rev
            row = lap.row(etype, eid)
            assert row is not None
            for f in FIELDS:
                if TARGET[f] == etype:
                    assert row[f] == data.get(f), (
                        f"{lap.device_id} {etype}.{f}: {row[f]!r} != {data.get(f)!r}"
                    )
