"""The county store's engine and transactions, SQLite (embedded default) or PostgreSQL (production).

Every write transaction first locks the single ``server_seq`` counter row (``SELECT … FOR UPDATE`` on PostgreSQL,
``BEGIN IMMEDIATE`` on SQLite), so writers are serialised and a ``server_seq`` becomes visible only after every
smaller one has committed: a puller never skips a change (SYNC.md §4.5 option (a), scenario #22).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, select, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from sync.protocol import digest_hex
from sync.server.models import Counter, ServerMeta

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SEQ = "server_seq"
REVOCATIONS = "revocations"


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            poolclass=QueuePool,
            pool_size=4,
            max_overflow=8,
            connect_args={"check_same_thread": False, "timeout": 60},
        )

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            mode = "DEFERRED" if conn.get_execution_options().get("dibao_read") else "IMMEDIATE"
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine
    return create_engine(url, pool_size=8, max_overflow=16, pool_pre_ping=True, hide_parameters=True)


def upgrade(engine: Engine) -> None:
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


class CountyDb:
    """Engine plus the two kinds of unit of work the handlers use."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.is_sqlite = url.startswith("sqlite")
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        # A read is one snapshot: on PostgreSQL REPEATABLE READ (SQLite's deferred transaction already is one), so a
        # page, a stream's newest seq and its digest always describe the same moment.
        read_engine = self.engine.execution_options(dibao_read=True)
        if not self.is_sqlite:
            read_engine = read_engine.execution_options(isolation_level="REPEATABLE READ")
        self._read = sessionmaker(read_engine, expire_on_commit=False)

    def dispose(self) -> None:
        self.engine.dispose()

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction holding the global counter lock from its first statement to its commit."""
        with self._write.begin() as session:
            session.execute(select(Counter.value).where(Counter.name == SEQ).with_for_update())
            yield session

    @contextlib.contextmanager
    def plain(self) -> Iterator[Session]:
        """A short write that touches no feed (nonces, tokens, login attempts): no global lock needed."""
        with self._write.begin() as session:
            yield session

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with self._read.begin() as session:
            yield session


def next_seq(session: Session, n: int = 1) -> int:
    """Allocate ``n`` consecutive server_seq values; returns the first. Caller holds ``CountyDb.write``."""
    value = session.execute(
        update(Counter).where(Counter.name == SEQ).values(value=Counter.value + n).returning(Counter.value)
    ).scalar_one()
    return int(value) - n + 1


def bump_counter(session: Session, name: str) -> int:
    value = session.execute(
        update(Counter).where(Counter.name == name).values(value=Counter.value + 1).returning(Counter.value)
    ).scalar_one()
    return int(value)


def counter_value(session: Session, name: str) -> int:
    return int(session.execute(select(Counter.value).where(Counter.name == name)).scalar_one())


def get_meta(session: Session, key: str) -> str | None:
    return session.scalar(select(ServerMeta.v).where(ServerMeta.k == key))


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(ServerMeta, key)
    if row is None:
        session.add(ServerMeta(k=key, v=value))
    else:
        row.v = value


def initialise(engine: Engine, *, county_id: str) -> None:
    """Migrate to head and seed counters, epoch and ids (idempotent)."""
    upgrade(engine)
    with Session(engine) as session, session.begin():
        for name in (SEQ, REVOCATIONS):
            if session.get(Counter, name) is None:
                session.add(Counter(name=name, value=0))
        if get_meta(session, "epoch") is None:
            set_meta(session, "epoch", new_epoch())
        if get_meta(session, "server_id") is None:
            set_meta(session, "server_id", str(uuid.uuid4()))
        if get_meta(session, "county_id") is None:
            set_meta(session, "county_id", county_id)


def new_epoch() -> str:
    return f"e-{uuid.uuid4()}"


ZERO_DIGEST = digest_hex(0)
