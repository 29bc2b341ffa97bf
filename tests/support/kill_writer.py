"""Child process for the kill tests (T20, T21): saves whole cases and prints each id only after COMMIT returned."""

from __future__ import annotations

import hashlib
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from app.db.models import Attachment
from app.db.store import unlock
from app.domain.clock import FixedClock
from app.domain.roles import Role
from app.domain.synthetic import synthetic_households
from app.services import cases
from app.services.households import HouseholdInput, MemberInput, register_household


def main(root: str, password: str, seed: int) -> None:
    clock = FixedClock(datetime(2026, 9, 18, 2, 0, tzinfo=UTC))
    store = unlock(Path(root), "admin", password, clock=clock, verify=False)
    clerk = replace(store.actor, role=Role.WINDOW_CLERK)
    photo = bytes(range(256)) * 400  # ~100 KB: a case is several pages, so a kill can land inside it
    for h in synthetic_households(seed, 3000, today=clock.today()):
        with store.unit_of_work() as session:
            members = tuple(
                MemberInput(
                    name=p.name,
                    id_number=p.id_number,
                    relation=p.relation,
                    id_type=p.id_type,
                    pending_reason=p.pending_reason,
                )
                for p in h.members
            )
            row = register_household(
                session, clerk, HouseholdInput(area_code="360222900001", members=members), clock=clock
            )
            ref = cases.open_case(
                session, clerk, household_id=row.id, township_code="360222900", channel="WINDOW", clock=clock
            )
            import uuid

            session.add(
                Attachment(
                    case_id=uuid.UUID(ref.id),
                    kind="PHOTO",
                    mime="image/jpeg",
                    sha256=hashlib.sha256(photo).hexdigest(),
                    size=len(photo),
                    data=photo,
                )
            )
        sys.stdout.write(f"{row.id} {len(members)}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
