"""Alembic environment of the county store: always handed an open connection by ``sync.server.db``."""

from __future__ import annotations

from alembic import context

from sync.server.models import CountyBase

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=CountyBase.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
