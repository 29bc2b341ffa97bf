"""SYNC.md §5 failure scenarios against a real county process, on SQLite and on PostgreSQL.

Each test names its scenario number. Faults come from the loopback proxy (response dropped after the server
committed, request cut after N bytes), from process kills and restores, or from a skewed clock.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from app.db.changelog import record_change
from app.db.models import Attachment, OutboxEntry, ServerShadow
from app.db.store import unlock
from sync import client as client_mod
from sync import local
from sync.client import SyncError
from sync.protocol import PushBatch, batch_digest, batch_message
from sync.server.models import Backlog, Blob, ChangeLedger, Conflict, Device, Entity, Quarantine
from tests.sync.conftest import ServerPool, require_backend
from tests.sync.support import PASSWORD, CountyServer, FaultProxy, Laptop, Rule

Make = Callable[..., Laptop]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def backend(request: pytest.FixtureRequest) -> str:
    """Every scenario runs on both backends; the PostgreSQL half is in the slow (CI) set to keep the quick loop fast."""
    require_backend(request.param)
    return request.param


@pytest.fixture
def proxy(server: CountyServer) -> Iterator[FaultProxy]:
    p = FaultProxy(server.port)
    yield p
    p.close()


def ledger(server: CountyServer, device_id: str) -> list[ChangeLedger]:
    with server.county().db.read() as s:
        return list(s.scalars(select(ChangeLedger).where(ChangeLedger.device_id == device_id)))


def entity(server: CountyServer, etype: str, eid: str) -> Entity:
    with server.county().db.read() as s:
        e = s.get(Entity, (etype, eid))
        assert e is not None
        s.expunge(e)
        return e


def conflicts_of(server: CountyServer, eid: str) -> list[Conflict]:
    with server.county().db.read() as s:
        return list(
            s.scalars(select(Conflict).where(Conflict.entity_id == eid).order_by(Conflict.created_at))
        )


def add_photo(lap: Laptop, case_id: str, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    att_id = uuid.uuid4()
    with lap.store.unit_of_work() as s:
        s.add(
            Attachment(
                id=att_id,
                case_id=uuid.UUID(case_id),
                kind="PHOTO",
                mime="image/jpeg",
                sha256=sha,
                size=len(data),
                data=data,
            )
        )
        record_change(
            s, lap.store.actor, at=lap.clock.now(), entity_type="attachment", entity_id=str(att_id), op="create",
            fields={"case_id": case_id, "kind": "PHOTO", "category": "", "caption": "", "mime": "image/jpeg",
                    "sha256": sha, "size": len(data)},
            audit_action="attachment.added",
        )  # fmt: skip
    return str(att_id)


def outbox_states(lap: Laptop) -> list[str]:
    with lap.store.reading() as s:
        return list(s.scalars(select(OutboxEntry.state).order_by(OutboxEntry.device_seq)))


# ------------------------------------------------------------------------------------------------ 1–6


def test_s01_response_lost_after_commit_gives_duplicates(
    server: CountyServer, proxy: FaultProxy, laptops: Make
) -> None:
    lap = laptops(server, url=proxy.url)
    _, case = lap.new_case()
    proxy.add(Rule("drop_response", "POST", "/v1/sync/push"))
    summary = lap.sync()
    assert proxy.fired, "the fault must have fired"
    assert summary.duplicates == 3 and summary.sent == 0  # the retry found all three already applied
    assert outbox_states(lap) == ["acked"] * 3
    rows = ledger(server, lap.device_id)
    assert len(rows) == 3 and all(r.result == "applied" for r in rows)
    assert entity(server, "case", case).rev == 1  # applied once


def test_s02_same_seq_different_payload_freezes(server: CountyServer, laptops: Make) -> None:
    lap = laptops(server)
    _, case = lap.new_case()
    lap.sync()
    with lap.store.unit_of_work() as s:  # a restored laptop re-sends seq 3 with other content
        e = s.get(OutboxEntry, 3)
        assert e is not None
        fields = json.loads(e.fields_json) | {"channel": "ONLINE"}
        e.fields_json = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        payload = {"device_id": lap.device_id, "device_seq": 3, "change_id": e.change_id, "entity_type": e.entity_type,
                   "entity_id": e.entity_id, "op": e.op, "base_rev": e.base_rev, "fields": fields,
                   "author_user_id": e.author_user_id, "prev_hash": e.prev_hash}  # fmt: skip
        e.payload_sha256 = hashlib.sha256(
            json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
        ).hexdigest()
        e.state = "pending"
    with pytest.raises(SyncError) as err:
        lap.sync()
    assert err.value.code == "DEVICE_SEQ_REUSED" and "冻结" in err.value.message
    assert json.loads(entity(server, "case", case).data_json)["channel"] == "WINDOW"  # nothing overwritten
    with server.county().db.read() as s:
        d = s.get(Device, lap.device_id)
        assert d is not None and d.status == "frozen"
        assert (
            s.scalar(
                select(func.count()).select_from(Quarantine).where(Quarantine.device_id == lap.device_id)
            )
            == 1
        )


def _signed(lap: Laptop, session: str, first: int, last: int) -> PushBatch:
    from sync import signing

    with lap.store.reading() as s:
        ident = local.identity(s)
        assert ident is not None
        changes = local.changes_between(s, first, last)
    digest = batch_digest(changes)
    msg = batch_message(lap.device_id, first, last, digest, session)
    return PushBatch(
        device_id=lap.device_id, session=session, changes=changes, batch_sha256=digest,
        batch_sig=signing.sign(signing.sign_key_from(ident.sign_key), msg),
    )  # fmt: skip


def test_s03_gap_over_http_is_never_accepted(server: CountyServer, laptops: Make) -> None:
    lap = laptops(server)
    lap.new_case()
    c = lap.client()
    c._login()  # pyright: ignore[reportPrivateUsage]
    hello = c.hello()
    resp = c.api.post("/v1/sync/push", _signed(lap, hello.session, 2, 3), client_mod.PushResponse)
    assert resp.ack_through == 0 and resp.results == []
    assert ledger(server, lap.device_id) == []
    summary = lap.sync()  # the normal session resends from the gap
    assert summary.sent == 3 and outbox_states(lap) == ["acked"] * 3


def test_s04_pull_interrupted_keeps_cursor_then_resumes(
    server: CountyServer, proxy: FaultProxy, laptops: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = laptops(server)
    for _ in range(3):
        a.new_case()
    a.sync()
    b = laptops(server, url=proxy.url)
    proxy.add(Rule("drop_response", "POST", "/v1/sync/pull", times=1))
    with pytest.raises(SyncError):
        b.client(page_size=2, retries=0).run()
    with b.store.reading() as s:
        assert local.cursor(s, f"township:{b.township}") == 0  # the lost page changed nothing
    calls = {"n": 0}
    real = local._set_domain  # pyright: ignore[reportPrivateUsage]

    def dying(*args: object, **kw: object) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # the app is killed while applying the second page
        real(*args, **kw)  # pyright: ignore[reportArgumentType]

    monkeypatch.setattr(local, "_set_domain", dying)
    with pytest.raises(KeyboardInterrupt):
        b.client(page_size=2).run()
    monkeypatch.setattr(local, "_set_domain", real)
    with b.store.reading() as s:
        kept = local.cursor(s, f"township:{b.township}")
        shadows = s.scalar(select(func.count()).select_from(ServerShadow))
    assert kept > 0 and shadows == 2  # the first page committed with its cursor, the second rolled back whole
    summary = b.client(page_size=2).run()
    assert summary.verify_ok


def test_s05_one_invalid_change_rejected_others_applied(server: CountyServer, laptops: Make) -> None:
    lap = laptops(server)
    _, case = lap.new_case()
    lap.sync()
    lap.edit("case", case, state="ACTIVE")  # DRAFT → ACTIVE skips the whole process
    lap.edit("case", case, monthly_amount_fen=12345)
    summary = lap.sync()
    assert summary.rejected == 1 and summary.sent == 2
    assert outbox_states(lap)[-2:] == ["rejected", "acked"]
    data = json.loads(entity(server, "case", case).data_json)
    assert data["state"] == "DRAFT" and data["monthly_amount_fen"] == 12345
    assert [c.kind for c in conflicts_of(server, case)] == ["invalid_transition"]
    row = lap.row("case", case)
    assert row is not None and row["state"] == "DRAFT"  # the laptop converges on the county's state


def test_s06_second_session_supersedes_first(server: CountyServer, laptops: Make) -> None:
    lap = laptops(server)
    lap.new_case()
    first, second = lap.client(), lap.client()
    first._login()  # pyright: ignore[reportPrivateUsage]
    first.hello()
    second._login()  # pyright: ignore[reportPrivateUsage]
    second.hello()
    with pytest.raises(SyncError) as err:
        first.push(client_mod.SyncSummary())
    assert err.value.code == "SESSION_SUPERSEDED" and err.value.status == 409
    first.abort()
    first.abort()  # idempotent
    assert ledger(server, lap.device_id) == []
    assert second.run().sent == 3


# ------------------------------------------------------------------------------------------------ 7–12 merge


def _shared_case(server: CountyServer, laptops: Make) -> tuple[Laptop, Laptop, str, str]:
    a, b = laptops(server), laptops(server)
    hh, case = a.new_case()
    a.sync()
    b.sync()
    assert b.row("case", case) is not None
    return a, b, hh, case


def test_s07_disjoint_edits_merge_soft(server: CountyServer, laptops: Make) -> None:
    a, b, hh, _ = _shared_case(server, laptops)
    a.edit("household", hh, residence_address="甲地址")
    b.edit("household", hh, is_renhu_fenli=True)
    a.sync()
    s = b.sync()
    assert s.conflicts == 1
    data = json.loads(entity(server, "household", hh).data_json)
    assert data["residence_address"] == "甲地址" and data["is_renhu_fenli"] is True
    assert entity(server, "household", hh).conflict == "soft"
    a.sync()
    for lap in (a, b):
        row = lap.row("household", hh)
        assert row is not None and row["residence_address"] == "甲地址" and row["is_renhu_fenli"] is True


def test_s08_same_field_hard_conflict_holds_server_value(server: CountyServer, laptops: Make) -> None:
    a, b, _, case = _shared_case(server, laptops)
    a.edit("case", case, monthly_amount_fen=50000)
    b.edit("case", case, monthly_amount_fen=61000)
    a.sync()
    assert b.sync().conflicts == 1
    e = entity(server, "case", case)
    assert json.loads(e.data_json)["monthly_amount_fen"] == 50000 and e.conflict == "hard"
    (c,) = [c for c in conflicts_of(server, case) if c.kind == "hard"]
    assert json.loads(c.server_values_json) == {"monthly_amount_fen": 50000}
    assert json.loads(c.incoming_values_json)["monthly_amount_fen"] == 61000  # nothing lost
    assert c.incoming_device == b.device_id
    b.sync()
    row = b.row("case", case)
    assert row is not None and row["monthly_amount_fen"] == 50000  # laptops show the held value


def test_s09_own_offline_branch_is_not_a_conflict(server: CountyServer, laptops: Make) -> None:
    a, _, _, case = _shared_case(server, laptops)
    for amount in (100, 200, 300):
        a.edit("case", case, monthly_amount_fen=amount)
    assert a.sync().conflicts == 0
    e = entity(server, "case", case)
    assert json.loads(e.data_json)["monthly_amount_fen"] == 300 and e.rev == 4 and e.conflict is None


def test_s10_late_edit_after_resolution_opens_new_conflict(server: CountyServer, laptops: Make) -> None:
    a, b, _, case = _shared_case(server, laptops)
    a.edit("case", case, monthly_amount_fen=50000)
    b.edit("case", case, monthly_amount_fen=61000)
    a.sync()
    b.sync()
    c = next(c for c in conflicts_of(server, case) if c.kind == "hard")
    county = server.county()
    from sync.protocol import ResolveRequest
    from sync.server.core import Principal

    county.resolve(
        Principal("coordinator", None, "coord", None),
        c.conflict_id,
        ResolveRequest(values={"monthly_amount_fen": 55500}),
    )
    late = laptops(server)
    late_edit_base = a  # a still has the pre-resolution revision
    late_edit_base.edit("case", case, monthly_amount_fen=70000)
    assert a.sync().conflicts == 1
    e = entity(server, "case", case)
    assert e.conflict == "hard" and json.loads(e.data_json)["monthly_amount_fen"] == 55500
    assert len([c for c in conflicts_of(server, case) if c.kind == "hard" and c.status == "open"]) == 1
    late.sync()
    b.sync()
    for lap in (late, b, a):
        row = lap.row("case", case)
        assert row is not None and row["monthly_amount_fen"] == 55500  # the resolution reached every laptop


def test_s11_close_versus_update_is_hard(server: CountyServer, laptops: Make) -> None:
    a, b, _, case = _shared_case(server, laptops)
    for state in ("ACCEPTED", "WITHDRAWN"):
        a.edit("case", case, state=state)
    b.edit("case", case, monthly_amount_fen=777)
    a.sync()
    assert b.sync().conflicts == 1
    e = entity(server, "case", case)
    data = json.loads(e.data_json)
    assert data["state"] == "WITHDRAWN" and data.get("monthly_amount_fen") is None and e.conflict == "hard"
    (c,) = [c for c in conflicts_of(server, case) if c.kind == "hard"]
    assert json.loads(c.incoming_values_json)["monthly_amount_fen"] == 777


def test_s12_update_before_create_is_held_then_applied(server: CountyServer, laptops: Make) -> None:
    a, b = laptops(server), laptops(server)
    hh, case = a.new_case()
    with a.store.reading() as s:  # b got the rows by another route (e.g. a bundle not yet imported)
        rows = {
            t: json.loads(e.fields_json)
            for t, e in ((e.entity_type, e) for e in s.scalars(select(OutboxEntry)))
        }
        ids = {e.entity_type: e.entity_id for e in s.scalars(select(OutboxEntry))}
    with b.store.unit_of_work() as s:
        for t in ("household", "person", "case"):
            assert local.apply_to_domain(s, t, ids[t], rows[t], tombstone=False, rev=0)
    b.edit("case", case, monthly_amount_fen=4242)
    assert b.sync().deferred == 1
    with server.county().db.read() as s:
        assert (
            s.scalar(select(func.count()).select_from(Backlog).where(Backlog.device_id == b.device_id)) == 1
        )
    a.sync()
    data = json.loads(entity(server, "case", case).data_json)
    assert data["monthly_amount_fen"] == 4242
    (led,) = [r for r in ledger(server, b.device_id)]
    assert led.result == "applied"
    assert hh


# ------------------------------------------------------------------------------------------------ 13–16


def test_s13_wrong_clock_is_recorded_not_decisive(
    server: CountyServer, laptops: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    lap = laptops(server)
    lap.new_case()
    monkeypatch.setattr(client_mod, "_now_iso", lambda: "2031-01-01T00:00:00.000Z")
    summary = lap.sync()
    assert summary.sent == 3 and summary.verify_ok
    assert all(r.clock_suspect for r in ledger(server, lap.device_id))
    with server.county().db.read() as s:
        d = s.get(Device, lap.device_id)
        assert d is not None and d.clock_suspect and (d.last_clock_skew_ms or 0) < -24 * 3600 * 1000


def _snapshot(server: CountyServer, pool: ServerPool, backend: str) -> Callable[[], None]:
    """Stop the server, copy its database, return a function that restores that copy (the server stays down)."""
    import psycopg

    server.stop()
    server.county().close()
    server._county = None  # pyright: ignore[reportPrivateUsage]
    if backend == "sqlite":
        db = server.data / "county.db"
        shutil.copy(db, server.data / "county.backup")

        def restore() -> None:
            server.county().close()
            server._county = None  # pyright: ignore[reportPrivateUsage]
            for suffix in ("-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            shutil.copy(server.data / "county.backup", db)

        return restore
    name = server.db_url.rsplit("/", 1)[1]
    backup = f"{name}_bak"
    server.county().close()
    server._county = None  # pyright: ignore[reportPrivateUsage]
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{backup}" TEMPLATE "{name}"')  # pyright: ignore[reportArgumentType]
    pool.pg_dbs.append(backup)

    def restore_pg() -> None:
        server.county().close()
        server._county = None  # pyright: ignore[reportPrivateUsage]
        with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')  # pyright: ignore[reportArgumentType]
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{backup}"')  # pyright: ignore[reportArgumentType]

    return restore_pg


@pytest.mark.slow
def test_s14_server_restored_from_backup_gets_refilled(
    server_pool: ServerPool, backend: str, laptops: Make
) -> None:
    server = server_pool.fresh(backend)
    try:
        lap = laptops(server)
        _, case1 = lap.new_case()
        lap.sync()
        restore = _snapshot(server, server_pool, backend)
        server.start()
        _, case2 = lap.new_case()
        lap.edit("case", case1, monthly_amount_fen=999)
        lap.sync()
        server.stop()
        restore()
        server.county().rotate_epoch()  # the restore procedure
        server.start()
        summary = lap.sync()
        assert summary.sent == 4 and summary.verify_ok
        assert json.loads(entity(server, "case", case1).data_json)["monthly_amount_fen"] == 999
        assert entity(server, "case", case2).rev == 1
        assert len(ledger(server, lap.device_id)) == 7  # nothing lost, nothing twice
    finally:
        server.close()


def test_s15_laptop_restored_from_old_image_is_frozen(server: CountyServer, laptops: Make) -> None:
    lap = laptops(server)
    lap.new_case()
    lap.sync()
    lap.store.close()
    image = lap.root.parent / "image"
    shutil.copytree(lap.root, image)
    lap.store = unlock(lap.root, "admin", PASSWORD, clock=lap.clock, verify=False)
    lap.new_case()
    lap.sync()
    lap.store.close()
    shutil.rmtree(lap.root)
    shutil.copytree(image, lap.root)  # the old disk image comes back
    lap.store = unlock(lap.root, "admin", PASSWORD, clock=lap.clock, verify=False)
    lap.new_case()  # reuses device_seq 4..6 with other content
    with pytest.raises(SyncError) as err:
        lap.sync()
    assert err.value.code in ("DEVICE_FROZEN", "DEVICE_SEQ_REUSED") and "重新登记" in err.value.message
    with server.county().db.read() as s:
        d = s.get(Device, lap.device_id)
        assert d is not None and d.status == "frozen"
    assert len(ledger(server, lap.device_id)) == 6  # the old ledger is untouched


def test_s16_protocol_out_of_range_is_501(server: CountyServer, laptops: Make) -> None:
    lap = laptops(server)
    c = lap.client()
    c._login()  # pyright: ignore[reportPrivateUsage]
    c.api.headers["X-Dibao-Protocol"] = "99"
    with pytest.raises(SyncError) as err:
        c.hello()
    assert err.value.status == 501 and "升级" in err.value.message


def test_s16_protocol_1_client_gets_protocol_1_bodies(server: CountyServer, laptops: Make) -> None:
    """Protocol 2 only adds fields; a protocol-1 laptop (strict models, unknown keys refused) never sees them."""
    lap = laptops(server)
    lap.new_case()
    c = lap.client()
    c._login()  # pyright: ignore[reportPrivateUsage]
    c.api.headers["X-Dibao-Protocol"] = "1"
    hello = c.api.send("POST", "/v1/sync/hello", body=_hello_body(lap, 1)).json()
    assert "heads" not in hello and hello["action"] == "OK"
    pull = {"session": hello["session"], "stream": f"township:{lap.township}", "since": 0}
    page = c.api.send("POST", "/v1/sync/pull", body=json.dumps(pull).encode()).json()
    assert "stat" not in page
    c.api.headers["X-Dibao-Protocol"] = "2"
    hello = c.api.send("POST", "/v1/sync/hello", body=_hello_body(lap, 2)).json()
    assert set(hello["heads"]) == set(hello["streams"])
    pull["session"] = hello["session"]
    page = c.api.send("POST", "/v1/sync/pull", body=json.dumps(pull).encode()).json()
    assert page["stat"] == hello["heads"][f"township:{lap.township}"]


def _hello_body(lap: Laptop, protocol: int) -> bytes:
    return json.dumps(
        {"protocol": protocol, "app_version": "1.0.0", "schema_version": 1, "device_id": lap.device_id,
         "known_epoch": None, "device_seq_high": 3, "cursors": {}, "client_time": "2026-09-18T02:00:00.000Z"}
    ).encode()  # fmt: skip


def test_s16_old_app_may_push_but_not_pull(server_pool: ServerPool, backend: str, laptops: Make) -> None:
    server = server_pool.get(backend, extra=("--min-app", "9.0.0"))
    lap = laptops(server)
    lap.new_case()
    summary = lap.sync()
    assert summary.sent == 3 and summary.received == 0 and "升级" in summary.text()


# ------------------------------------------------------------------------------------------------ 17–21 blobs


def test_s17_record_before_photo_and_photo_before_record(server: CountyServer, laptops: Make) -> None:
    a, b = laptops(server), laptops(server)
    _, case = a.new_case()
    photo = b"\xff\xd8" + uuid.uuid4().bytes * 20000
    att = add_photo(a, case, photo)
    c = a.client()
    c._login()  # pyright: ignore[reportPrivateUsage]
    c.hello()
    summary = client_mod.SyncSummary()
    c.push(summary)
    assert summary.deferred == 1  # the record came first: held, blob expected
    with server.county().db.read() as s:
        blob = s.get(Blob, hashlib.sha256(photo).hexdigest())
        assert blob is not None and blob.state == "expected"
    assert a.sync().photos_sent == 1
    assert entity(server, "attachment", att).rev == 1
    got = b.sync()
    assert got.photos_received == 1
    with b.store.reading() as s:
        row = s.get(Attachment, uuid.UUID(att))
        assert row is not None and row.data == photo
    # the reverse order: photo first, then the record
    photo2 = b"\xff\xd8" + uuid.uuid4().bytes * 1000
    att2 = add_photo(a, case, photo2)
    c2 = a.client()
    c2._login()  # pyright: ignore[reportPrivateUsage]
    c2.hello()
    c2.upload_blobs(client_mod.SyncSummary())
    assert a.sync().deferred == 0
    assert entity(server, "attachment", att2).rev == 1


def test_s18_upload_interrupted_resumes_from_offset(
    server: CountyServer, proxy: FaultProxy, laptops: Make
) -> None:
    lap = laptops(server, url=proxy.url)
    _, case = lap.new_case()
    photo = uuid.uuid4().bytes * (2 * 1024 * 1024 // 16)  # 2 MiB
    add_photo(lap, case, photo)
    proxy.add(Rule("cut_request", "PATCH", "/v1/uploads/", after_bytes=200_000, times=1))
    proxy.add(Rule("cut_request", "PATCH", "/v1/uploads/", after_bytes=0, times=0))
    chunk = 512 * 1024
    # the third chunk is cut: after two whole chunks the app is "restarted"
    first = lap.client(chunk_size=chunk, retries=0)
    calls = {"n": 0}
    real = first.api.send

    def counting(method: str, path: str, **kw: object) -> httpx.Response:
        if method == "PATCH":
            calls["n"] += 1
            if calls["n"] < 3:
                proxy.rules[0].times = 0
            else:
                proxy.rules[0].times = 1
        return real(method, path, **kw)  # pyright: ignore[reportArgumentType]

    first.api.send = counting  # pyright: ignore[reportAttributeAccessIssue]
    with pytest.raises(SyncError):
        first.run()
    before = proxy.bytes_up
    second = lap.client(chunk_size=chunk)
    summary = second.run()
    resent = proxy.bytes_up - before
    assert summary.photos_sent == 1
    assert 2 * chunk - 64 * 1024 < resent < 2 * chunk + 64 * 1024  # only the two missing chunks went again
    with server.county().db.read() as s:
        blob = s.get(Blob, hashlib.sha256(photo).hexdigest())
        assert blob is not None and blob.state == "complete"


def test_s19_corrupt_chunk_and_wrong_final_hash_never_commit(server: CountyServer, laptops: Make) -> None:
    lap = laptops(server)
    c = lap.client()
    c._login()  # pyright: ignore[reportPrivateUsage]
    data = uuid.uuid4().bytes * 100
    claimed = hashlib.sha256(b"something else" + data).hexdigest()
    st = c.api.post(
        "/v1/uploads",
        client_mod.UploadCreate(sha256=claimed, size=len(data), mime="image/jpeg"),
        client_mod.UploadState,
    )
    assert st.upload_id
    with pytest.raises(SyncError) as err:
        c.api.send(
            "PATCH",
            f"/v1/uploads/{st.upload_id}",
            body=data,
            headers={"Upload-Offset": "0", "Chunk-SHA256": "0" * 64},
        )
    assert err.value.status == 460
    with pytest.raises(SyncError) as err:
        c.api.send("PATCH", f"/v1/uploads/{st.upload_id}", body=data,
                   headers={"Upload-Offset": "0", "Chunk-SHA256": hashlib.sha256(data).hexdigest()})  # fmt: skip
    assert err.value.code == "BLOB_HASH_MISMATCH"
    with server.county().db.read() as s:
        b = s.get(Blob, claimed)
        assert b is None or b.state != "complete"
    assert not server.county().blob_path(claimed).exists()


def test_s19_single_request_photo_is_checked_and_drained(server: CountyServer, laptops: Make) -> None:
    """Protocol 2's one-request upload: bytes that do not hash to the URL's SHA-256 are never committed, and a
    photo the county got meanwhile from another laptop is answered "complete" after its body is read."""
    lap = laptops(server)
    c = lap.client()
    c._login()  # pyright: ignore[reportPrivateUsage]
    photo = uuid.uuid4().bytes * (3 * 1024 * 1024 // 16)
    sha = hashlib.sha256(photo).hexdigest()
    wrong = hashlib.sha256(b"other" + photo).hexdigest()
    with pytest.raises(SyncError) as err:
        c.api.send("PUT", f"/v1/blobs/{wrong}", body=photo, headers={"Upload-Length": str(len(photo))})
    assert (err.value.status, err.value.code) == (422, "BLOB_HASH_MISMATCH")
    assert not server.county().blob_path(wrong).exists()
    assert not list(server.county().upload_dir.glob(f"put-{wrong}-*"))  # no partial file left behind
    for _ in range(2):  # the second PUT finds the photo complete: its body is drained, the answer is the same
        resp = c.api.send("PUT", f"/v1/blobs/{sha}", body=photo, headers={"Upload-Length": str(len(photo))})
        assert resp.json() == {"upload_id": None, "offset": len(photo), "complete": True}
    assert server.county().blob_path(sha).read_bytes() == photo


def test_s20_same_photo_twice_is_stored_once(server: CountyServer, laptops: Make) -> None:
    a, b = laptops(server), laptops(server)
    _, case_a = a.new_case()
    _, case_b = b.new_case()
    photo = uuid.uuid4().bytes * 4000
    add_photo(a, case_a, photo)
    add_photo(a, case_a, photo)
    add_photo(b, case_b, photo)
    assert a.sync().photos_sent == 1
    assert b.sync().photos_sent == 0  # check said the county already has it
    with server.county().db.read() as s:
        assert (
            s.scalar(
                select(func.count()).select_from(Blob).where(Blob.sha256 == hashlib.sha256(photo).hexdigest())
            )
            == 1
        )


def test_s21_smaller_request_limit_halves_batches(
    server_pool: ServerPool, backend: str, laptops: Make
) -> None:
    server = server_pool.get(backend, extra=("--max-body", "6000"))
    lap = laptops(server)
    for _ in range(6):
        lap.new_case()
    summary = lap.client(batch_size=500).run()
    assert summary.sent == 18 and summary.verify_ok
    assert len(ledger(server, lap.device_id)) == 18


# ------------------------------------------------------------------------------------------------ 22–24


@pytest.mark.slow
def test_s22_concurrent_pushes_no_puller_skips(server: CountyServer, laptops: Make) -> None:
    laps = [laptops(server) for _ in range(4)]
    for lap in laps:
        for _ in range(3):
            lap.new_case()
    watcher = laptops(server)
    errors: list[BaseException] = []
    stop = threading.Event()

    def pusher(lap: Laptop) -> None:
        try:
            lap.sync()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def puller() -> None:
        while not stop.is_set():
            try:
                watcher.sync()
            except BaseException as exc:  # pragma: no cover
                errors.append(exc)
                return

    t_pull = threading.Thread(target=puller)
    t_pull.start()
    threads = [threading.Thread(target=pusher, args=(lap,)) for lap in laps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    t_pull.join()
    assert not errors
    assert watcher.sync().verify_ok  # a skipped seq would leave the digest short
    with server.county().db.read() as s:
        from sync.server.models import Feed

        seqs = list(s.scalars(select(Feed.server_seq).order_by(Feed.server_seq)))
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # dense: one counter row


def test_s23_digest_mismatch_resyncs_stream_only(server: CountyServer, laptops: Make) -> None:
    a, b, _, case = _shared_case(server, laptops)
    b.edit("case", case, channel="PROXY")  # pending local data must survive
    with b.store.unit_of_work() as s:
        shadow = s.get(
            ServerShadow,
            (
                "household",
                next(
                    iter(
                        x.entity_id
                        for x in s.scalars(
                            select(ServerShadow).where(ServerShadow.entity_type == "household")
                        )
                    )
                ),
            ),
        )
        assert shadow is not None
        shadow.rev = 99  # injected divergence
        s.add(
            ServerShadow(
                entity_type="case",
                entity_id=str(uuid.uuid4()),
                stream=f"township:{b.township}",
                rev=1,
                server_seq=1,
            )
        )
    c = b.client()
    c._login()  # pyright: ignore[reportPrivateUsage]
    c.hello()
    summary = client_mod.SyncSummary()
    c.verify(summary)
    assert summary.resynced_streams == [f"township:{b.township}"] and summary.verify_ok
    row = b.row("case", case)
    assert row is not None and row["channel"] == "PROXY"
    assert outbox_states(b)[-1] == "pending"
    assert a


def test_s24_revoked_device_and_forged_batches(server: CountyServer, laptops: Make) -> None:
    lap, other = laptops(server), laptops(server)
    lap.new_case()
    c = lap.client()
    c._login()  # pyright: ignore[reportPrivateUsage]
    hello = c.hello()
    batch = _signed(lap, hello.session, 1, 3)
    tampered = batch.model_copy(
        update={"batch_sig": batch.batch_sig[:-2] + ("00" if batch.batch_sig[-2:] != "00" else "11")}
    )
    with pytest.raises(SyncError) as err:
        c.api.post("/v1/sync/push", tampered, client_mod.PushResponse)
    assert err.value.code == "BAD_SIGNATURE" and err.value.status == 400
    foreign = (
        _signed(other, hello.session, 1, 1)
        if False
        else batch.model_copy(update={"device_id": other.device_id})
    )
    with pytest.raises(SyncError) as err:
        c.api.post("/v1/sync/push", foreign, client_mod.PushResponse)
    assert err.value.status == 401
    assert ledger(server, lap.device_id) == []
    # a replayed login nonce
    ch = c.api.post(
        "/v1/auth/challenge",
        client_mod.ChallengeRequest(device_id=lap.device_id),
        client_mod.ChallengeResponse,
    )
    from sync import signing

    with lap.store.reading() as s:
        ident = local.identity(s)
        assert ident is not None
        key = signing.sign_key_from(ident.sign_key)
    req = client_mod.SessionRequest(
        device_id=lap.device_id, nonce=ch.nonce, ts="t", sig=signing.sign(key, client_mod.login_message(ch.nonce, lap.device_id, "t")),
        user_id="u", user_login="admin",
    )  # fmt: skip
    c.api.post("/v1/auth/session", req, client_mod.TokenResponse)
    with pytest.raises(SyncError) as err:
        c.api.post("/v1/auth/session", req, client_mod.TokenResponse)
    assert err.value.code == "NONCE_REPLAYED" and err.value.status == 401
    # revocation: refused, and the laptop learns it from the county-signed list
    server.county().revoke(lap.device_id, "遗失")
    with pytest.raises(SyncError) as err:
        lap.sync()
    assert err.value.code == "DEVICE_REVOKED" and "吊销" in err.value.message
    with lap.store.reading() as s:
        ident = local.identity(s)
        assert ident is not None and ident.status == "revoked"
    assert other.sync().verify_ok  # other devices are unaffected
