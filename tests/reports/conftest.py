from __future__ import annotations

import pytest

from reports.fonts import FontSet, resolve_fonts
from tests.reports.demo_store import county_key, demo, demo_template  # noqa: F401  (fixtures)


@pytest.fixture(scope="session")
def fonts() -> FontSet:
    return resolve_fonts(env={})
