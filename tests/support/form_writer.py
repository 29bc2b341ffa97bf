"""Child process for the draft kill test: fills a form field by field through the service's draft-save path and
prints each step number only after its COMMIT returned."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.db.store import unlock
from app.domain.clock import FixedClock
from app.domain.roles import Role
from app.services import field_records

TEXT_FIELDS = ("village", "visit_time", "interviewee_name", "housing_owner", "address_seen", "findings")


def step_change(n: int) -> tuple[str, Any]:
    """The n-th field the investigator completes: texts in turn, and every fifth step one more household member."""
    if n % 5 == 4:
        return "members", n
    key = TEXT_FIELDS[n % len(TEXT_FIELDS)]
    return key, f"第{n}步：" + "记录" * (n % 7 + 1)


def state_after(steps: int) -> dict[str, Any]:
    """The draft's data once ``steps`` steps (0 … steps-1) have been saved."""
    data: dict[str, Any] = {}
    for n in range(steps):
        key, value = step_change(n)
        if key == "members":
            data["members"] = [*data.get("members", []), {"name": f"成员{value}", "relation": "子女"}]
        else:
            data[key] = value
    return data


def main(root: str, password: str, record_id: str, steps: int) -> None:
    clock = FixedClock(datetime(2026, 9, 18, 2, 0, tzinfo=UTC))
    store = unlock(Path(root), "admin", password, clock=clock, verify=False)
    investigator = replace(store.actor, role=Role.INVESTIGATOR)
    for n in range(steps):
        with store.unit_of_work() as session:
            field_records.save_draft(
                session, investigator, record_id=record_id, data=state_after(n + 1), clock=clock
            )
        sys.stdout.write(f"{n}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
