"""Fixtures of the county-supervision tests."""

from __future__ import annotations

import pytest

from app.db.store import OpenStore
from app.domain.clock import FixedClock
from tests.services.workflow_support import World, make_world


@pytest.fixture
def world(store: OpenStore, clock: FixedClock) -> World:
    return make_world(store, clock)
