"""A demo store (every case state) built once per session and copied for each test that writes to it."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db.models import Case
from app.db.store import OpenStore, create_store, unlock
from app.domain.actor import Actor
from app.domain.clock import FixedClock
from app.domain.roles import Role
from app.services.demo import fill_demo
from app.services.documents import new_signing_key
from tests.conftest import ADMIN_PASSWORD, CHEAP_KDF

DEMO_CLOCK_AT = datetime(2026, 9, 18, 2, 0, tzinfo=UTC)
TOWNSHIP = "360222900"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    clock = FixedClock(DEMO_CLOCK_AT)
    root = tmp_path_factory.mktemp("print-demo") / "store"
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
        with store.unit_of_work() as session:
            fill_demo(session, store.actor, clock=clock, households=24)
    finally:
        store.close()
    return root


@pytest.fixture(scope="session")
def county_key() -> tuple[bytes, bytes]:
    return new_signing_key()


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[OpenStore]:
    root = tmp_path / "demo-store"
    shutil.copytree(demo_template, root)
    store = unlock(root, "admin", ADMIN_PASSWORD, clock=FixedClock(DEMO_CLOCK_AT))
    yield store
    store.close()


def as_role(store: OpenStore, role: Role) -> Actor:
    return dataclasses.replace(store.actor, role=role)


def case_in(store: OpenStore, state: str) -> str:
    with store.reading() as session:
        case_id = session.scalars(
            select(Case.id).where(Case.state == state).order_by(Case.created_at)
        ).first()
    assert case_id is not None, state
    return str(case_id)
