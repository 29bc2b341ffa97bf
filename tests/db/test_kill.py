"""T20: kill -9 during writes loses nothing committed. T21: a case is saved whole or not at all."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app.db.models import Attachment, Case, Household, Person
from app.db.store import unlock
from app.domain.clock import FixedClock
from app.services import reference
from app.services.store_admin import check_store
from tests.conftest import ADMIN_PASSWORD

ROUNDS = 10
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_t20_t21_sigkill_rounds_lose_no_acknowledged_case(store_dir: Path, clock: FixedClock) -> None:
    store = unlock(store_dir, "admin", ADMIN_PASSWORD, clock=clock)
    with store.unit_of_work() as session:
        reference.import_divisions(session, store.actor, reference.bundled_divisions_text(), clock=clock)
    store.close()
    rng = random.Random(20)
    acknowledged: dict[str, int] = {}
    for round_no in range(ROUNDS):
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.support.kill_writer",
                str(store_dir),
                ADMIN_PASSWORD,
                str(round_no),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert child.stdout is not None
        # Wait for the first commit so every round kills a writer that is really writing.
        first = child.stdout.readline()
        assert first, child.stderr.read() if child.stderr else "writer died"
        time.sleep(rng.uniform(0.3, 1.0))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
        for line in [first, *out.splitlines()]:
            if line.strip():
                hid, members = line.split()
                acknowledged[hid] = int(members)
    assert len(acknowledged) > ROUNDS

    store = unlock(store_dir, "admin", ADMIN_PASSWORD, clock=clock)
    try:
        report = check_store(store)
        assert report.ok, report.items
        with store.reading() as session:
            stored = {
                str(h): n
                for h, n in session.execute(
                    select(Household.id, func.count(Person.id)).join(Person).group_by(Household.id)
                )
            }
            for hid, members in acknowledged.items():
                assert stored.get(hid) == members, f"acknowledged household {hid} lost or partial"
            # T21: every household in the store is whole — members, its case and the case's photo, no orphans.
            households = session.scalar(select(func.count()).select_from(Household))
            cases_n = session.scalar(select(func.count()).select_from(Case))
            photos = session.scalar(select(func.count()).select_from(Attachment))
            assert households == cases_n == photos
            assert session.execute(text("PRAGMA foreign_key_check")).all() == []
            orphan_people = session.scalar(
                select(func.count()).select_from(Person).where(~Person.household_id.in_(select(Household.id)))
            )
            assert orphan_people == 0
            assert all(uuid.UUID(h) for h in stored)
    finally:
        store.close()
