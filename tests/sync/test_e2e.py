"""The core path end to end: two laptops, one county process, both backends."""

from __future__ import annotations

from collections.abc import Callable

from tests.sync.support import CountyServer, Laptop


def test_two_laptops_converge(server: CountyServer, laptops: Callable[..., Laptop]) -> None:
    a, b = laptops(server), laptops(server)
    hh, case = a.new_case()
    first = a.sync()
    assert first.sent == 3 and first.conflicts == 0 and first.verify_ok
    got = b.sync()
    assert got.verify_ok and got.received >= 3
    row = b.row("case", case)
    assert row is not None and row["state"] == "DRAFT" and str(row["household_id"]) == hh
    again = a.sync()
    assert again.sent == 0 and again.verify_ok
