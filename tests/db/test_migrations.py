"""The migrations are one chain whose head builds exactly the schema the models describe."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

import app.db.models  # noqa: F401  (registers every table)
from app.db.base import Base
from app.db.migrate import alembic_config, upgrade_to_head


def test_one_head_and_no_gaps() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    revisions = list(script.walk_revisions())
    assert revisions[-1].down_revision is None  # the chain reaches the first migration


def test_head_matches_the_models(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'plain.db'}")
    try:
        with engine.begin() as conn:
            upgrade_to_head(conn)
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == [], f"models and migrations differ — write a migration: {diff[:5]}"
    finally:
        engine.dispose()
