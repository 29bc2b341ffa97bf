"""Server fixtures: one county process per backend and option set for the whole session, started lazily.

The PostgreSQL runs are skipped with a clear message only when no server answers on 127.0.0.1:5432 and the CI
variable is not set; in CI an unreachable PostgreSQL fails the run.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.sync.support import CountyServer, Laptop, init_data, pg_available, pg_create, pg_drop

BACKENDS = ["sqlite", "postgresql"]


class ServerPool:
    def __init__(self) -> None:
        self.servers: dict[tuple[str, bool, tuple[str, ...]], CountyServer] = {}
        self.pg_dbs: list[str] = []
        self.root = Path(tempfile.mkdtemp(prefix="dibao-county-"))

    def fresh(self, backend: str, *, tls: bool = False, extra: tuple[str, ...] = ()) -> CountyServer:
        data = self.root / f"county-{backend}-{uuid.uuid4().hex[:8]}"
        if backend == "postgresql":
            name, url = pg_create()
            self.pg_dbs.append(name)
            init_data(data, url)
        else:
            init_data(data, None)
            url = f"sqlite:///{data / 'county.db'}"
        server = CountyServer(data, url, tls, extra)
        server.start()
        return server

    def get(self, backend: str, *, tls: bool = False, extra: tuple[str, ...] = ()) -> CountyServer:
        key = (backend, tls, extra)
        if key not in self.servers:
            self.servers[key] = self.fresh(backend, tls=tls, extra=extra)
        return self.servers[key]

    def close(self) -> None:
        for s in self.servers.values():
            s.close()
        for name in self.pg_dbs:
            pg_drop(name)


_pool: ServerPool | None = None


@pytest.fixture(scope="session")
def server_pool() -> Iterator[ServerPool]:
    global _pool
    _pool = ServerPool()
    yield _pool
    _pool.close()
    _pool = None


def require_backend(backend: str) -> None:
    if backend == "postgresql" and not pg_available():
        if os.environ.get("CI"):
            pytest.fail(
                "PostgreSQL is not reachable on 127.0.0.1:5432 and CI is set: the county tests need it."
            )
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432 (start it to run the PostgreSQL half)")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    require_backend(request.param)
    return request.param


@pytest.fixture
def server(server_pool: ServerPool, backend: str) -> CountyServer:
    """The shared plain-HTTP county process of this backend (tests isolate by fresh devices and entities)."""
    return server_pool.get(backend)


@pytest.fixture
def township() -> str:
    """A county-side township of this test alone: tests share a server process but never each other's streams."""
    return f"T{uuid.uuid4().hex[:10]}"


@pytest.fixture
def laptops(tmp_path: Path, township: str) -> Iterator[Callable[..., Laptop]]:
    made: list[Laptop] = []

    def make(server: CountyServer, **kw: object) -> Laptop:
        kw.setdefault("township", township)
        lap = Laptop(tmp_path / f"laptop{len(made) + 1}", server, **kw)  # pyright: ignore[reportArgumentType]
        made.append(lap)
        return lap

    yield make
    for lap in made:
        lap.close()
