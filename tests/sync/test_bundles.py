"""USB bundles (SYNC §4.12, scenarios #3 out-of-order, #24 revoked/tampered, #25 replay/prerequisites)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sync.bundle import BundleError, export_bundle, import_bundle
from sync.server.bundles import export_bundle as county_export
from sync.server.bundles import import_bundle as county_import
from sync.server.core import ApiError
from sync.server.models import ChangeLedger, Entity, Quarantine
from tests.sync.conftest import require_backend
from tests.sync.support import CountyServer, Laptop

Make = Callable[..., Laptop]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def backend(request: pytest.FixtureRequest) -> str:
    require_backend(request.param)
    return request.param


def _ledger_count(server: CountyServer, device: str) -> int:
    with server.county().db.read() as s:
        return int(
            s.scalar(select(func.count()).select_from(ChangeLedger).where(ChangeLedger.device_id == device))
            or 0
        )


def test_round_trip_replay_and_out_of_order(server: CountyServer, laptops: Make, tmp_path: Path) -> None:
    a, b = laptops(server), laptops(server)
    _, case = a.new_case()
    first = tmp_path / "a1.ssb"
    export_bundle(a.store, first)
    a.new_case()
    # mark the first three as settled locally so the second bundle carries only seq 4..6 (a later stick)
    with a.store.unit_of_work() as s:
        from app.db.models import OutboxEntry

        for e in s.scalars(select(OutboxEntry).where(OutboxEntry.device_seq <= 3)):
            e.state = "sent_usb"
    second = tmp_path / "a2.ssb"
    export_bundle(a.store, second)
    assert "等待 3 条" in county_import(server.county(), second)  # arrives first: held in the backlog
    assert _ledger_count(server, a.device_id) == 0
    assert "新记录" in county_import(server.county(), first)
    assert _ledger_count(server, a.device_id) == 6
    assert "重复 3 条" in county_import(server.county(), first)  # replay changes nothing
    back = tmp_path / "back.ssb"
    county_export(server.county(), a.device_id, back)
    assert "县级确认" in import_bundle(a.store, back)
    assert "收到县级数据 0 条" in import_bundle(a.store, back)  # importing twice does nothing
    # the other laptop gets the case over HTTPS
    b.sync()
    assert b.row("case", case) is not None
    with server.county().db.read() as s:
        assert s.get(Entity, ("case", case)) is not None


def test_tampered_foreign_and_revoked_bundles(server: CountyServer, laptops: Make, tmp_path: Path) -> None:
    a = laptops(server)
    a.new_case()
    f = tmp_path / "a.ssb"
    export_bundle(a.store, f)
    raw = bytearray(f.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    bad = tmp_path / "bad.ssb"
    bad.write_bytes(bytes(raw))
    with pytest.raises(ApiError) as err:
        county_import(server.county(), bad)
    assert err.value.code == "BUNDLE_INVALID"
    assert _ledger_count(server, a.device_id) == 0
    server.county().revoke(a.device_id, "遗失")
    assert "隔离" in county_import(server.county(), f)
    assert _ledger_count(server, a.device_id) == 0
    with server.county().db.read() as s:
        assert (
            s.scalar(select(func.count()).select_from(Quarantine).where(Quarantine.device_id == a.device_id))
            == 1
        )


def test_return_bundle_prerequisites_and_epoch(server: CountyServer, laptops: Make, tmp_path: Path) -> None:
    a = laptops(server)
    a.new_case()
    up = tmp_path / "up.ssb"
    export_bundle(a.store, up)
    county_import(server.county(), up)
    back = tmp_path / "back.ssb"
    county_export(server.county(), a.device_id, back)
    from sync import local

    with a.store.unit_of_work() as s:
        local.set_state(s, "epoch", "e-other")
    with pytest.raises(BundleError, match="纪元"):
        import_bundle(a.store, back)
    with a.store.unit_of_work() as s:
        local.set_state(s, "epoch", json.loads(json.dumps(server.county().epoch())))
    # a return bundle built for cursors this laptop does not have yet is refused
    with server.county().db.plain() as s:
        from sync.server.models import Device

        d = s.get(Device, a.device_id)
        assert d is not None
        d.bundle_cursors_json = json.dumps({"cursors": {f"township:{a.township}": 10**6}, "range": [1, 3]})
    ahead = tmp_path / "ahead.ssb"
    county_export(server.county(), a.device_id, ahead)
    with pytest.raises(BundleError, match="前一个回程同步包"):
        import_bundle(a.store, ahead)
    assert "县级确认" in import_bundle(a.store, back)
