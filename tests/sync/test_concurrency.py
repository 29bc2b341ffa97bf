"""SYNC.md §5 #22 / P12 at small scale: two county processes behind one PostgreSQL, 20 laptops syncing at once.

Writers on both processes serialise on the one counter row, so ``server_seq`` is dense and commit-ordered; a laptop
that keeps pulling during the storm must never skip a change (it would then need a stream resync to match the
county's digest) and no change may be applied twice.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db.models import OutboxEntry
from sync.server.models import ChangeLedger, Entity, EntityVersion, Feed
from tests.sync.conftest import ServerPool, require_backend
from tests.sync.support import CountyServer, Laptop

pytestmark = pytest.mark.slow


@pytest.fixture
def twin(server_pool: ServerPool) -> Iterator[tuple[CountyServer, CountyServer]]:
    require_backend("postgresql")
    first = server_pool.fresh("postgresql")
    second = CountyServer(first.data, first.db_url, False)
    second.start()
    yield first, second
    second.close()
    first.close()


def test_two_processes_twenty_laptops_no_skip_no_duplicate(
    twin: tuple[CountyServer, CountyServer], tmp_path: Path
) -> None:
    a, b = twin
    township = f"T{uuid.uuid4().hex[:10]}"
    laps = [Laptop(tmp_path / f"lap{i}", a if i % 2 else b, township=township) for i in range(20)]
    watcher = Laptop(tmp_path / "watcher", a, township=township)
    try:
        for lap in laps:
            for _ in range(2):
                lap.new_case()
        errors: list[BaseException] = []
        resyncs: list[str] = []
        start = threading.Barrier(len(laps) + 1)
        stop = threading.Event()

        def pusher(lap: Laptop) -> None:
            try:
                start.wait()
                lap.sync()
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        def puller() -> None:
            try:
                start.wait()
                while not stop.is_set():
                    resyncs.extend(watcher.sync().resynced_streams)
            except BaseException as exc:  # pragma: no cover
                errors.append(exc)

        threads = [threading.Thread(target=pusher, args=(lap,)) for lap in laps]
        threads.append(threading.Thread(target=puller))
        for t in threads:
            t.start()
        for t in threads[:-1]:
            t.join(300)
        stop.set()
        threads[-1].join(300)
        assert not errors, errors
        final = watcher.sync()
        resyncs.extend(final.resynced_streams)
        assert final.verify_ok
        assert resyncs == [], "the watcher skipped a change and needed a stream resync"
        county = a.county()
        with county.db.read() as s:
            seqs = list(s.scalars(select(Feed.server_seq).order_by(Feed.server_seq)))
            assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # dense: no hole a puller could skip
            for lap in laps:
                n = s.scalar(
                    select(func.count())
                    .select_from(ChangeLedger)
                    .where(ChangeLedger.device_id == lap.device_id)
                )
                assert n == 6, f"{lap.device_id}: {n} ledger rows for 6 changes"
            twice = s.scalar(
                select(func.count()).select_from(
                    select(EntityVersion.change_id)
                    .where(EntityVersion.change_id.is_not(None))
                    .group_by(EntityVersion.change_id)
                    .having(func.count() > 1)
                    .subquery()
                )
            )
            assert twice == 0  # no change produced two revisions
            entities = s.scalar(
                select(func.count()).select_from(Entity).where(Entity.stream == f"township:{township}")
            )
        assert entities == 20 * 6
        for lap in laps:
            with lap.store.reading() as s:
                states = set(s.scalars(select(OutboxEntry.state)))
            assert states == {"acked"}
    finally:
        for lap in [*laps, watcher]:
            lap.close()
