"""Reference data down (issue 7 item 7): county datasets reach every laptop, whole and versioned, or not at all."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest

from app.db.models import CalendarYear, Division
from app.db.models.sync import RefDataset
from sync import local
from sync.protocol import dataset_hash
from tests.sync.conftest import ServerPool
from tests.sync.support import TOWNSHIP, CountyServer, Laptop

NEW_VILLAGE = {
    "code": f"{TOWNSHIP}777",
    "name": "新设村（测试）",
    "level": "village",
    "parent": TOWNSHIP,
    "area_type": "RURAL",
    "source": "县级数据集（测试）",
}


@pytest.fixture
def own_server(server_pool: ServerPool, backend: str) -> Iterator[CountyServer]:
    """A county process of its own: a published dataset must not reach other tests' laptops."""
    county = server_pool.fresh(backend)
    yield county
    county.close()


def test_a_published_dataset_reaches_laptops_and_a_newer_version_replaces_it(
    own_server: CountyServer, laptops: Callable[..., Laptop]
) -> None:
    server = own_server
    a, b = laptops(server), laptops(server)
    version = server.county().publish_dataset("divisions", [NEW_VILLAGE], by="test")
    for lap in (a, b):
        summary = lap.sync()
        assert summary.datasets >= 1
        with lap.store.reading() as s:
            village = s.get(Division, NEW_VILLAGE["code"])
            assert village is not None and village.name == "新设村（测试）"
            held = s.get(RefDataset, "divisions")
            assert held is not None and held.version == version
    renamed = {**NEW_VILLAGE, "name": "新设村（更名）"}
    newer = server.county().publish_dataset("divisions", [renamed], by="test")
    assert newer == version + 1
    a.sync()
    with a.store.reading() as s:
        assert s.get(Division, NEW_VILLAGE["code"]).name == "新设村（更名）"  # type: ignore[union-attr]
        assert s.get(RefDataset, "divisions").version == newer  # type: ignore[union-attr]


def test_a_dataset_whose_hash_does_not_match_is_not_applied_at_all(
    server: CountyServer, laptops: Callable[..., Laptop]
) -> None:
    lap = laptops(server, enrol_now=False)
    year = {"year": 2027, "data": {"year": 2027, "days": []}, "source": "测试"}
    good = {"name": "calendar", "version": 1, "items": [year], "sha256": dataset_hash([year])}
    tampered = {**good, "items": [{**year, "source": "被改动"}]}  # items changed after the county hashed them
    with lap.store.unit_of_work() as s:
        assert local.apply_dataset(s, "county:ref", tampered) is False
        assert local.apply_dataset(s, "county:ref", {**good, "version": "1"}) is False  # malformed
    with lap.store.reading() as s:
        assert s.get(CalendarYear, 2027) is None
        assert s.get(RefDataset, "calendar") is None
    with lap.store.unit_of_work() as s:
        assert local.apply_dataset(s, "county:ref", good) is True
    with lap.store.reading() as s:
        row = s.get(CalendarYear, 2027)
        assert row is not None and json.loads(row.data_json)["year"] == 2027
