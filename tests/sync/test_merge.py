"""sync.merge: the three-way field merge, table-driven and by property."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.merge import DELETED, Policy, merge, policy

BASE: dict[str, Any] = {"state": "ACCEPTED", "monthly_amount_fen": 100, "phone": "1", "note": "a"}

CASES = [
    # name, server, incoming, op, own, kind, result-subset, held
    ("fast path", BASE, {"monthly_amount_fen": 5}, "patch", True, None, {"monthly_amount_fen": 5}, ()),
    (
        "own branch ignores server drift",
        {**BASE, "monthly_amount_fen": 7},
        {"monthly_amount_fen": 5},
        "patch",
        True,
        None,
        {"monthly_amount_fen": 5},
        (),
    ),
    (
        "disjoint -> soft",
        {**BASE, "phone": "2"},
        {"monthly_amount_fen": 5},
        "patch",
        False,
        "soft",
        {"phone": "2", "monthly_amount_fen": 5},
        (),
    ),
    (
        "same value is no conflict",
        {**BASE, "monthly_amount_fen": 5},
        {"monthly_amount_fen": 5},
        "patch",
        False,
        None,
        {"monthly_amount_fen": 5},
        (),
    ),
    (
        "hold field keeps server",
        {**BASE, "monthly_amount_fen": 7},
        {"monthly_amount_fen": 5},
        "patch",
        False,
        "hard",
        {"monthly_amount_fen": 7},
        ("monthly_amount_fen",),
    ),
    (
        "apply field takes incoming",
        {**BASE, "phone": "2"},
        {"phone": "3"},
        "patch",
        False,
        "hard",
        {"phone": "3"},
        (),
    ),
    (
        "no server change since base",
        BASE,
        {"monthly_amount_fen": 5},
        "patch",
        False,
        None,
        {"monthly_amount_fen": 5},
        (),
    ),
    (
        "update meets closure",
        {**BASE, "state": "WITHDRAWN"},
        {"monthly_amount_fen": 5},
        "patch",
        False,
        "hard",
        {"state": "WITHDRAWN", "monthly_amount_fen": 100},
        ("monthly_amount_fen",),
    ),
    (
        "closure meets update",
        {**BASE, "phone": "9"},
        {"state": "WITHDRAWN"},
        "patch",
        False,
        "hard",
        {"state": "WITHDRAWN", "phone": "9"},
        (),
    ),
    ("delete meets update", {**BASE, "phone": "9"}, {}, "delete", False, "hard", {"phone": "9"}, (DELETED,)),
    ("delete without concurrency", BASE, {}, "delete", False, None, BASE, ()),
]


@pytest.mark.parametrize(
    ("name", "server", "incoming", "op", "own", "kind", "subset", "held"), CASES, ids=[c[0] for c in CASES]
)
def test_merge_table(name: str, server: dict[str, Any], incoming: dict[str, Any], op: str, own: bool, kind: str | None,
                     subset: dict[str, Any], held: tuple[str, ...]) -> None:  # fmt: skip
    out = merge("case", base=BASE, server=server, incoming=incoming, op=op, own_branch=own)
    assert out.kind == kind, name
    assert {k: out.data.get(k) for k in subset} == subset, name
    assert out.held == held, name
    if name == "delete without concurrency":
        assert out.deleted
    if name == "delete meets update":
        assert not out.deleted and out.conflicting == (DELETED,)


def test_update_meets_tombstone_keeps_tombstone() -> None:
    out = merge(
        "case",
        base=BASE,
        server=BASE,
        server_deleted=True,
        incoming={"phone": "5"},
        op="patch",
        own_branch=False,
    )
    assert out.kind == "hard" and out.deleted and not out.changed and out.conflicting == ("phone",)


def test_policy_table() -> None:
    assert policy("case", "monthly_amount_fen") is Policy.HOLD
    assert policy("person", "phone") is Policy.APPLY
    assert policy("person", "id_number") is Policy.HOLD


values = st.one_of(st.none(), st.integers(0, 3), st.sampled_from(["A", "B"]))
docs = st.dictionaries(st.sampled_from(["f1", "f2", "f3", "phone"]), values, max_size=4)


@settings(max_examples=300, deadline=None)
@given(base=docs, server=docs, incoming=docs, own=st.booleans())
def test_merge_loses_nothing(
    base: dict[str, Any], server: dict[str, Any], incoming: dict[str, Any], own: bool
) -> None:
    out = merge("household", base=base, server=server, incoming=incoming, op="patch", own_branch=own)
    for f, v in incoming.items():
        # every incoming value is either in the result or recorded as conflicting (kept for the coordinator)
        assert out.data.get(f) == v or f in out.conflicting
    for f in out.held:
        assert out.data.get(f) == server.get(f)
    if own:
        assert out.kind is None
    if out.kind is None and not own:
        assert not out.conflicting
    assert set(out.held) <= set(out.conflicting)
