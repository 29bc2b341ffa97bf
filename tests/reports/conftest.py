from __future__ import annotations

import pytest

from reports.fonts import FontSet, resolve_fonts


@pytest.fixture(scope="session")
def fonts() -> FontSet:
    return resolve_fonts(env={})
