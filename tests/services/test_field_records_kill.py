"""Kill -9 while an investigator fills a form: reopening restores the draft up to the last saved field."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from app.db.store import unlock
from app.domain.clock import FixedClock
from app.domain.roles import Role
from app.services import field_records as fr
from app.services.store_admin import check_store
from tests.conftest import ADMIN_PASSWORD
from tests.forms.helpers import make_case
from tests.support.form_writer import state_after

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 3
STEPS = 100_000  # more than a writer can save before it is killed


@pytest.mark.slow
def test_killed_writer_loses_no_saved_field_of_the_draft(store_dir: Path, clock: FixedClock) -> None:
    store = unlock(store_dir, "admin", ADMIN_PASSWORD, clock=clock)
    case = make_case(store, clock)
    with store.unit_of_work() as session:
        ref = fr.start_record(
            session,
            replace(store.actor, role=Role.INVESTIGATOR),
            form_code="HOME_INVESTIGATION",
            case_id=case.case_id,
            clock=clock,
        )
    store.close()
    rng = random.Random(4)
    for _ in range(ROUNDS):
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.support.form_writer",
                str(store_dir),
                ADMIN_PASSWORD,
                ref.id,
                str(STEPS),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert child.stdout is not None
        first = child.stdout.readline()
        assert first, child.stderr.read() if child.stderr else "writer died"
        time.sleep(rng.uniform(0.3, 1.0))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
        acknowledged = max(int(line) for line in [first, *out.splitlines()] if line.strip())
        assert acknowledged > 5

        store = unlock(store_dir, "admin", ADMIN_PASSWORD, clock=clock)
        try:
            assert check_store(store).ok
            with store.reading() as session:
                draft = fr.find_draft(session, case_id=case.case_id, form_code="HOME_INVESTIGATION")
            assert draft is not None and draft.id == ref.id
            # Every acknowledged save is there; at most the one being written when the kill came is extra.
            assert draft.data in (state_after(acknowledged + 1), state_after(acknowledged + 2))
        finally:
            store.close()
