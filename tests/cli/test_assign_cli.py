"""dibao assign / dibao visits from a shell: assign two investigators, plan a visit, list it masked, record it done."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db.models import Person
from app.db.models.assignments import ScheduledVisit
from app.db.store import create_store, unlock
from app.domain.clock import FixedClock
from app.domain.roles import Role
from app.services import accounts
from app.workflow.states import Action
from tests.cli.test_calendar_cli import dibao
from tests.conftest import ADMIN_PASSWORD, CHEAP_KDF
from tests.services.workflow_support import make_world

PASSWORD = "cli-pass-123"
FULL_ID = re.compile(r"\d{17}[\dX]")


@dataclass(frozen=True)
class Store:
    root: Path
    case_id: str
    today: str

    def run(self, *args: str, password: str = ADMIN_PASSWORD) -> subprocess.CompletedProcess[str]:
        return dibao(*args, "--store", str(self.root), "--password-stdin", stdin=password + "\n")


@pytest.fixture
def cli_store(tmp_path: Path) -> Store:
    """A store dated like the CLI's own clock (today): two investigators and one accepted case."""
    clock = FixedClock(datetime.now(UTC))
    root = tmp_path / "store"
    create_store(
        root,
        admin_login="admin",
        admin_password=ADMIN_PASSWORD,
        admin_name="管理员",
        clock=clock,
        kdf=CHEAP_KDF,
    )
    store = unlock(root, "admin", ADMIN_PASSWORD, clock=clock)
    try:
        world = make_world(store, clock)
        with world.work() as session:
            for login, name in (("li", "李调查"), ("wang", "王调查")):
                accounts.add_user(
                    store,
                    session,
                    login=login,
                    display_name=name,
                    role=Role.INVESTIGATOR,
                    password=PASSWORD,
                    clock=clock,
                    kdf=CHEAP_KDF,
                )
            case_id = world.new_case(session)
            world.act(session, case_id, Action.SUBMIT_WINDOW)
    finally:
        store.close()
    return Store(root, case_id, clock.today().isoformat())


def test_assign_two_investigators_plan_list_and_complete_a_visit(cli_store: Store) -> None:
    case = cli_store.case_id[:8]
    first = cli_store.run("assign", "case", case, "--investigator", "li")
    assert first.returncode == 0, first.stderr
    assert "已分派：李调查（主调查人）" in first.stdout
    again = cli_store.run("assign", "case", case, "--investigator", "li")
    assert again.returncode == 1 and "不能重复分派" in again.stderr
    alone = cli_store.run("visits", "schedule", case, "--on", cli_store.today)
    assert alone.returncode == 1 and "至少 2 名调查人员" in alone.stderr
    second = cli_store.run("assign", "case", case, "--investigator", "wang", "--role", "second")
    assert second.returncode == 0 and "王调查（协同调查人）" in second.stdout
    planned = cli_store.run("visits", "schedule", case, "--on", cli_store.today, "--slot", "上午")
    assert planned.returncode == 0, planned.stderr
    assert "调查人员 李调查、王调查" in planned.stdout

    listed = cli_store.run("visits", "list", "--mine", "--user", "li", password=PASSWORD)
    assert listed.returncode == 0, listed.stderr
    assert "共 1 次" in listed.stdout and cli_store.today in listed.stdout and "待入户" in listed.stdout
    assert "*" * 14 in listed.stdout and not FULL_ID.search(listed.stdout)
    store = unlock(cli_store.root, "admin", ADMIN_PASSWORD, clock=FixedClock(datetime.now(UTC)))
    try:
        with store.reading() as session:
            visit_id = str(session.scalars(select(ScheduledVisit.id)).one())
            numbers = [n for n in session.scalars(select(Person.id_number)) if n]
    finally:
        store.close()
    assert visit_id in listed.stdout and not any(n in listed.stdout for n in numbers)
    admin_view = cli_store.run("visits", "list", "--mine")  # the admin goes on no visit
    assert "共 0 次" in admin_view.stdout

    done = cli_store.run("visits", "done", visit_id[:8], "--user", "li", password=PASSWORD)
    assert done.returncode == 0, done.stderr
    assert "已登记入户完成" in done.stdout and cli_store.today in done.stdout
    shown = cli_store.run("assign", "show", case)
    assert shown.returncode == 0, shown.stderr
    assert "李调查" in shown.stdout and "协同调查人" in shown.stdout and "已入户" in shown.stdout


def test_an_investigator_cannot_assign_and_help_is_in_chinese(cli_store: Store) -> None:
    refused = cli_store.run(
        "assign", "case", cli_store.case_id[:8], "--investigator", "wang", "--user", "li", password=PASSWORD
    )
    assert refused.returncode == 1 and "调查员" in refused.stderr and "分派调查人员" in refused.stderr
    for command in (("assign", "--help"), ("visits", "--help"), ("visits", "schedule", "--help")):
        result = dibao(*command)
        assert (result.returncode == 0 and "入户" in result.stdout) or "分派" in result.stdout
