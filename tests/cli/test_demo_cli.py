"""dibao demo says what it made: the households and cases by state, and the investigators it assigned and the home
visits it planned, with counts that match the store."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import distinct, func, select

from app.db.models import Case
from app.db.models.assignments import CaseAssignment, ScheduledVisit
from app.db.store import create_store, unlock
from app.domain.clock import FixedClock
from app.services.assignments import ACTIVE, PLANNED
from app.services.demo import DEMO_INVESTIGATOR_NAMES, DEMO_TOWNSHIP
from tests.cli.test_calendar_cli import dibao
from tests.conftest import ADMIN_PASSWORD, CHEAP_KDF


def test_demo_reports_the_assignments_and_visits_it_made(tmp_path: Path) -> None:
    clock = FixedClock(datetime.now(UTC))  # the command runs on today's date
    root = tmp_path / "store"
    create_store(
        root,
        admin_login="admin",
        admin_password=ADMIN_PASSWORD,
        admin_name="管理员",
        clock=clock,
        kdf=CHEAP_KDF,
    )
    result = dibao(
        "demo", "--store", str(root), "--households", "22", "--password-stdin", stdin=ADMIN_PASSWORD + "\n"
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assigned = re.search(r"调查人员分派：(\d+) 件待入户调查的案件已分派给 (\S+?)。", out)
    planned = re.search(r"入户安排：已安排 (\d+) 次入户调查", out)
    assert assigned is not None and planned is not None, out
    assert assigned.group(2) == "、".join(
        DEMO_INVESTIGATOR_NAMES
    )  # no investigator accounts: the fictional two

    store = unlock(root, "admin", ADMIN_PASSWORD, clock=clock)
    try:
        with store.reading() as session:
            in_demo = select(Case.id).where(Case.township_code == DEMO_TOWNSHIP)
            cases_with_team = session.scalar(
                select(func.count(distinct(CaseAssignment.case_id))).where(
                    CaseAssignment.status == ACTIVE, CaseAssignment.case_id.in_(in_demo)
                )
            )
            visits = session.scalar(
                select(func.count())
                .select_from(ScheduledVisit)
                .where(ScheduledVisit.status == PLANNED, ScheduledVisit.case_id.in_(in_demo))
            )
    finally:
        store.close()
    assert cases_with_team and int(assigned.group(1)) == cases_with_team
    assert visits and int(planned.group(1)) == visits
