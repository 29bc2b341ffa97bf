"""sync.conflicts: the coordinator's queue on a laptop, read offline from what the county sent down, and resolution
as an ordinary outbox change that closes the county's record and reaches every laptop."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import FrozenInstanceError, replace

import pytest
from sqlalchemy import select

from app.db.models import OutboxEntry
from app.domain.errors import PermissionDenied
from app.domain.roles import Role
from sync import conflicts
from sync.conflicts import Choice, ConflictError
from sync.server.models import Conflict, Entity
from tests.sync.conftest import require_backend
from tests.sync.support import CountyServer, Laptop

Make = Callable[..., Laptop]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def backend(request: pytest.FixtureRequest) -> str:
    require_backend(request.param)
    return request.param


def _hard(server: CountyServer, laptops: Make) -> tuple[Laptop, Laptop, Laptop, str]:
    """a and b change the case's amount differently: a hard conflict; c is the coordinator's laptop."""
    a, b, coord = laptops(server), laptops(server), laptops(server)
    _, case = a.new_case()
    for lap in (a, b, coord):
        lap.sync()
    a.edit("case", case, monthly_amount_fen=50000)
    b.edit("case", case, monthly_amount_fen=61000)
    a.sync()
    assert b.sync().conflicts == 1
    coord.sync()
    return a, b, coord, case


def _coordinator(lap: Laptop) -> None:
    lap.store.actor = replace(lap.store.actor, role=Role.COORDINATOR)


def test_open_conflict_is_listed_with_values_and_authors(server: CountyServer, laptops: Make) -> None:
    a, b, coord, case = _hard(server, laptops)
    with coord.store.reading() as s:
        (item,) = conflicts.list_conflicts(s)
    assert (item.entity_type, item.entity_id, item.kind, item.status) == ("case", case, "hard", "open")
    (f,) = item.fields
    assert (f.field, f.server, f.incoming) == ("monthly_amount_fen", 50000, 61000)
    assert f.base is None  # the case was created without an amount
    assert item.server_author == a.store.actor.user_id and item.incoming_author == b.store.actor.user_id
    assert item.incoming_device == b.device_id and item.created_at.endswith("Z")
    assert not item.raised_here and not item.resolution_queued
    with b.store.reading() as s:  # the laptop whose change was contested knows it raised it
        assert conflicts.list_conflicts(s)[0].raised_here
    with pytest.raises(FrozenInstanceError):
        item.status = "resolved"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("choice", "expected"),
    [(Choice.SERVER, 50000), (Choice.INCOMING, 61000), ({"monthly_amount_fen": 55500}, 55500)],
    ids=["server", "incoming", "typed"],
)
def test_resolution_is_an_outbox_change_that_reaches_every_laptop(
    server: CountyServer, laptops: Make, choice: Choice | dict[str, int], expected: int
) -> None:
    a, b, coord, case = _hard(server, laptops)
    _coordinator(coord)
    with coord.store.unit_of_work() as s:
        (item,) = conflicts.list_conflicts(s)
        seq = conflicts.resolve_conflict(s, coord.store.actor, item.conflict_id, choice, at=coord.clock.now())
    with coord.store.reading() as s:
        entry = s.get(OutboxEntry, seq)
        assert entry is not None and entry.state == "pending" and entry.entity_id == case
        assert json.loads(entry.fields_json)["__resolves__"] == item.conflict_id
        assert conflicts.list_conflicts(s)[0].resolution_queued
    row = coord.row("case", case)
    assert (
        row is not None and row["monthly_amount_fen"] == expected
    )  # the local row shows the decision at once
    assert coord.sync().conflicts == 0
    with server.county().db.read() as s:
        c = s.get(Conflict, item.conflict_id)
        assert c is not None and c.status == "resolved" and c.resolved_by is not None
        assert c.resolved_by.startswith(coord.store.actor.user_id) and coord.device_id in c.note
        e = s.get(Entity, ("case", case))
        assert (
            e is not None and e.conflict is None and json.loads(e.data_json)["monthly_amount_fen"] == expected
        )
    for lap in (a, b, coord):
        lap.sync()
        row = lap.row("case", case)
        assert row is not None and row["monthly_amount_fen"] == expected
        with lap.store.reading() as s:
            assert conflicts.list_conflicts(s) == []
            (closed,) = conflicts.list_conflicts(s, status="resolved")
            assert closed.conflict_id == item.conflict_id


def test_refusals(server: CountyServer, laptops: Make) -> None:
    _, _, coord, _ = _hard(server, laptops)
    with coord.store.unit_of_work() as s:
        (item,) = conflicts.list_conflicts(s)
        with pytest.raises(PermissionDenied):  # the laptop's admin is not a coordinator
            conflicts.resolve_conflict(
                s, coord.store.actor, item.conflict_id, Choice.SERVER, at=coord.clock.now()
            )
    _coordinator(coord)
    with coord.store.unit_of_work() as s:
        with pytest.raises(ConflictError, match="有冲突的字段"):
            conflicts.resolve_conflict(
                s, coord.store.actor, item.conflict_id, {"state": "ACTIVE"}, at=coord.clock.now()
            )
        with pytest.raises(ConflictError, match="没有这条冲突"):
            conflicts.resolve_conflict(s, coord.store.actor, "nope", Choice.SERVER, at=coord.clock.now())
        conflicts.resolve_conflict(
            s, coord.store.actor, item.conflict_id, Choice.SERVER, at=coord.clock.now()
        )
    with coord.store.unit_of_work() as s, pytest.raises(ConflictError, match="等待发送"):
        conflicts.resolve_conflict(
            s, coord.store.actor, item.conflict_id, Choice.INCOMING, at=coord.clock.now()
        )
    with coord.store.reading() as s:
        pending = list(s.scalars(select(OutboxEntry).where(OutboxEntry.state == "pending")))
    assert len(pending) == 1  # refusals queued nothing


def test_late_resolution_of_a_closed_conflict_changes_nothing_else(
    server: CountyServer, laptops: Make
) -> None:
    """Two coordinators resolve the same conflict offline: the first closes it, the second arrives as a plain
    patch based on an older revision and opens a new conflict instead of silently overwriting."""
    a, b, coord, case = _hard(server, laptops)
    other = laptops(server)
    other.sync()
    for lap in (coord, other):
        _coordinator(lap)
    with coord.store.unit_of_work() as s:
        cid = conflicts.list_conflicts(s)[0].conflict_id
        conflicts.resolve_conflict(s, coord.store.actor, cid, Choice.INCOMING, at=coord.clock.now())
    with other.store.unit_of_work() as s:
        conflicts.resolve_conflict(s, other.store.actor, cid, {"monthly_amount_fen": 1}, at=other.clock.now())
    coord.sync()
    assert other.sync().conflicts == 1
    with server.county().db.read() as s:
        first = s.get(Conflict, cid)
        assert first is not None and first.status == "resolved" and coord.device_id in first.note
        e = s.get(Entity, ("case", case))
        assert (
            e is not None and json.loads(e.data_json)["monthly_amount_fen"] == 61000 and e.conflict == "hard"
        )
    other.sync()
    with other.store.reading() as s:
        (new,) = conflicts.list_conflicts(s)
    assert new.conflict_id != cid and new.fields[0].incoming == 1
    assert a and b
