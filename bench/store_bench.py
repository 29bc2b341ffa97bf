"""Store benchmark: one ORM workload on SQLCipher and on plain SQLite, in the same run.

Workload (scale 1.0): 10,000 made-up households of 3 members each, plus one case per household, written through the
real models (Household, Person, Case; Division rows for the foreign keys), then the queries a case list needs.

Three databases get the identical workload and schema (Alembic head; auto_vacuum=INCREMENTAL, as create_store sets):

* ``sqlcipher``: a real store from ``create_store`` opened with ``unlock`` (engine from ``make_engine``).
* ``plain``: the stdlib ``sqlite3`` module: the baseline. The engine recipe is the one ``make_engine`` uses minus the key
  (creator, NullPool, explicit BEGIN, the same CONNECTION_PRAGMAS: WAL, synchronous=FULL, foreign_keys, secure_delete…).
* ``unkeyed``: ``sqlcipher3`` without a key: same SQLite build as SQLCipher but no encryption, which separates the cost of
  the cipher from the difference between SQLite versions (the wheel bundles a newer SQLite than the stdlib).

Also measured: opening one keyed connection (``connect_raw``) vs a plain one, one Argon2id derivation with the given
KdfParams (DEFAULT_KDF unless a test passes a cheap one), and a full ``unlock`` of the loaded store.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlcipher3  # pyright: ignore[reportMissingTypeStubs]
from sqlalchemy import Engine, and_, create_engine, event, func, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from app.db import keyslots
from app.db.engine import CONNECTION_PRAGMAS, connect_raw
from app.db.keyslots import KdfParams
from app.db.migrate import upgrade_to_head
from app.db.models import Case, Division, Household, Person
from app.db.store import OpenStore, create_store, unlock
from app.domain.clock import FixedClock
from app.domain.idnumber import Sex, mask_id_number
from app.domain.synthetic import SyntheticGenerator
from app.services.reference import bundled_divisions_text, parse_divisions
from bench.common import median_seconds, peak_rss_mib, print_table, ratio, say, scaled, timed

HOUSEHOLDS = 10_000
MEMBERS = 3
BATCH = 500  # households per transaction in the bulk load
PER_COMMIT_SHARE = (
    50  # 1/50 of the households are written one transaction each, as the app's unit of work does
)
EXTRA_VILLAGES = 45  # made-up villages beside the 5 sample ones, so "count by village" has something to group
QUERY_REPS = 30
CONNECT_REPS = 50
PAGE = 50
PASSWORD = "bench-password-1"
TODAY = date(2026, 9, 18)
CLOCK_AT = datetime(2026, 9, 18, 2, 0, tzinfo=UTC)
SAMPLE_TOWNSHIP = "360222900"
ENGINES = ("sqlcipher", "plain", "unkeyed")


# ---------------------------------------------------------------------------------------------------------------------
# Fake data (made-up names from app.domain.synthetic; fixed UUIDs so every database gets identical rows)
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberSpec:
    id: uuid.UUID
    name: str
    id_number: str
    sex: Sex
    birth_date: date
    relation: str
    phone: str


@dataclass(frozen=True, slots=True)
class HouseholdSpec:
    id: uuid.UUID
    case_id: uuid.UUID
    area_code: str
    area_type: str
    township_code: str
    address: str
    members: tuple[MemberSpec, ...]


@dataclass(frozen=True, slots=True)
class Village:
    code: str
    area_type: str
    township_code: str


def division_rows() -> list[dict[str, Any]]:
    """The bundled sample divisions plus made-up villages under the sample township, as Division column values."""
    _source, items = parse_divisions(bundled_divisions_text())
    rows = [
        {
            "code": str(i["code"]),
            "name": str(i["name"]),
            "level": str(i["level"]),
            "parent_code": str(i["parent"]) if i.get("parent") else None,
            "area_type": i.get("area_type"),
            "is_sample": bool(i.get("sample", False)),
            "source": "bench",
        }
        for i in items
    ]
    for n in range(EXTRA_VILLAGES):
        rows.append(
            {
                "code": f"{SAMPLE_TOWNSHIP}{100 + n:03d}",
                "name": f"基准村{n:02d}（样例）",
                "level": "village",
                "parent_code": SAMPLE_TOWNSHIP,
                "area_type": "RURAL" if n % 3 else "URBAN",
                "is_sample": True,
                "source": "bench",
            }
        )
    return rows


def villages(rows: Sequence[dict[str, Any]]) -> list[Village]:
    return [
        Village(r["code"], r["area_type"] or "RURAL", r["parent_code"])
        for r in rows
        if r["level"] == "village"
    ]


def _member(
    gen: SyntheticGenerator, rng: random.Random, relation: str, sex: Sex, ages: tuple[int, int]
) -> MemberSpec:
    birth = gen.birth_date(age_min=ages[0], age_max=ages[1])
    return MemberSpec(
        id=uuid.UUID(int=rng.getrandbits(128), version=4),
        name=gen.name(sex),
        id_number=gen.id_number(birth=birth, sex=sex, county_code="360222"),
        sex=sex,
        birth_date=birth,
        relation=relation,
        # Not SyntheticGenerator.phone(): its pool of 10,000 numbers runs dry (see bench/README.md).
        phone=f"1990000{rng.randint(0, 9999):04d}",
    )


def fake_households(count: int, places: Sequence[Village], seed: int = 20260918) -> list[HouseholdSpec]:
    gen = SyntheticGenerator(seed, today=TODAY)
    rng = random.Random(seed)
    out: list[HouseholdSpec] = []
    for n in range(count):
        head_sex = rng.choice((Sex.MALE, Sex.FEMALE))
        spouse_sex = Sex.FEMALE if head_sex is Sex.MALE else Sex.MALE
        members = (
            _member(gen, rng, "本人", head_sex, (25, 75)),
            _member(gen, rng, "配偶", spouse_sex, (25, 75)),
            _member(gen, rng, "子女", rng.choice((Sex.MALE, Sex.FEMALE)), (1, 17)),
        )[:MEMBERS]
        place = places[n % len(places)]
        out.append(
            HouseholdSpec(
                id=uuid.UUID(int=rng.getrandbits(128), version=4),
                case_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                area_code=place.code,
                area_type=place.area_type,
                township_code=place.township_code,
                address=f"江西省景德镇市浮梁县示例镇{place.code[-3:]}组{n % 80 + 1}号",
                members=members,
            )
        )
    return out


def orm_objects(spec: HouseholdSpec) -> list[Any]:
    """The household, its members and its case as mapped objects (built inside the timed phase: part of the ORM cost)."""
    household = Household(
        id=spec.id, area_code=spec.area_code, area_type=spec.area_type, hukou_address=spec.address
    )
    people = [
        Person(
            id=m.id,
            household_id=spec.id,
            ordinal=i,
            name=m.name,
            id_number=m.id_number,
            id_last4=m.id_number[-4:],
            sex=m.sex.value,
            birth_date=m.birth_date,
            relation=m.relation,
            is_head=i == 0,
            phone=m.phone,
        )
        for i, m in enumerate(spec.members)
    ]
    case = Case(
        id=spec.case_id,
        household_id=spec.id,
        channel="WINDOW",
        state="DRAFT",
        township_code=spec.township_code,
        submitted_at=CLOCK_AT,
    )
    return [household, *people, case]


# ---------------------------------------------------------------------------------------------------------------------
# Databases
# ---------------------------------------------------------------------------------------------------------------------


def _open_plain(module: Any, db_file: Path) -> Any:
    """What connect_raw does, minus the key and the cipher checks: first read, then the same pragmas."""
    conn = module.connect(str(db_file), isolation_level=None, check_same_thread=False)
    conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    for pragma in CONNECTION_PRAGMAS:
        conn.execute(f"PRAGMA {pragma}").fetchall()
    return conn


def plain_engine(module: Any, db_file: Path) -> Engine:
    """The make_engine recipe (creator, NullPool, explicit BEGIN) on an unencrypted file."""
    engine = create_engine(
        "sqlite://", module=module, creator=lambda: _open_plain(module, db_file), poolclass=NullPool
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:  # pyright: ignore[reportUnusedFunction]
        conn.exec_driver_sql("BEGIN")

    return engine


def create_plain(module: Any, db_file: Path) -> Engine:
    """Same schema path as create_store: auto_vacuum before the first table, then the Alembic migrations."""
    conn = _open_plain(module, db_file)
    try:
        conn.execute("PRAGMA auto_vacuum = INCREMENTAL").fetchall()
        conn.execute("VACUUM").fetchall()
    finally:
        conn.close()
    engine = plain_engine(module, db_file)
    with engine.begin() as connection:
        upgrade_to_head(connection)
    return engine


def create_encrypted(root: Path, kdf: KdfParams) -> OpenStore:
    clock = FixedClock(CLOCK_AT)
    create_store(
        root, admin_login="admin", admin_password=PASSWORD, admin_name="基准管理员", clock=clock, kdf=kdf
    )
    return unlock(root, "admin", PASSWORD, clock=clock, verify=False)


# ---------------------------------------------------------------------------------------------------------------------
# The workload
# ---------------------------------------------------------------------------------------------------------------------


def _chunks(items: Sequence[HouseholdSpec], size: int) -> Iterator[Sequence[HouseholdSpec]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_divisions(engine: Engine, rows: Sequence[dict[str, Any]]) -> None:
    order = {"city": 0, "county": 1, "township": 2, "village": 3}
    with Session(engine) as session, session.begin():
        session.add_all(Division(**r) for r in sorted(rows, key=lambda r: order[r["level"]]))


def insert_batched(engine: Engine, specs: Sequence[HouseholdSpec]) -> None:
    for chunk in _chunks(specs, BATCH):
        with Session(engine) as session, session.begin():
            for spec in chunk:
                session.add_all(orm_objects(spec))


def insert_one_per_commit(engine: Engine, specs: Sequence[HouseholdSpec]) -> None:
    for spec in specs:
        with Session(engine) as session, session.begin():
            session.add_all(orm_objects(spec))


def first_page(session: Session) -> list[tuple[str, str, str, str]]:
    """The case list's first page: 50 cases ordered by the head's name, with the head's masked ID number."""
    stmt = (
        select(Case.id, Case.state, Person.name, Person.id_number)
        .join(Household, Case.household_id == Household.id)
        .join(Person, and_(Person.household_id == Household.id, Person.is_head))
        .order_by(Person.name, Case.id)
        .limit(PAGE)
    )
    return [(str(cid), state, name, mask_id_number(idn)) for cid, state, name, idn in session.execute(stmt)]


def search_name(session: Session, name: str) -> list[tuple[str, str, str]]:
    stmt = (
        select(Person.name, Person.id_number, Household.area_code)
        .join(Household, Person.household_id == Household.id)
        .where(Person.name == name)
    )
    return [(n, mask_id_number(idn), area) for n, idn, area in session.execute(stmt)]


def search_last4(session: Session, last4: str) -> list[tuple[str, str, str]]:
    stmt = (
        select(Person.name, Person.id_number, Household.area_code)
        .join(Household, Person.household_id == Household.id)
        .where(Person.id_last4 == last4)
    )
    return [(n, mask_id_number(idn), area) for n, idn, area in session.execute(stmt)]


def count_by_village(session: Session) -> list[tuple[str, int]]:
    stmt = (
        select(Household.area_code, func.count()).group_by(Household.area_code).order_by(Household.area_code)
    )
    return [(code, int(n)) for code, n in session.execute(stmt)]


@dataclass(frozen=True, slots=True)
class Probes:
    """Search terms taken from the data, the same for every engine (rep i uses term i)."""

    names: tuple[str, ...]
    last4s: tuple[str, ...]


def probes(specs: Sequence[HouseholdSpec], reps: int) -> Probes:
    rng = random.Random(7)
    picked = [rng.choice(specs) for _ in range(reps)]
    return Probes(
        tuple(s.members[0].name for s in picked), tuple(s.members[-1].id_number[-4:] for s in picked)
    )


def _queries(p: Probes) -> dict[str, Callable[[Session, int], object]]:
    return {
        "first_page": lambda s, _i: first_page(s),
        "search_name": lambda s, i: search_name(s, p.names[i % len(p.names)]),
        "search_last4": lambda s, i: search_last4(s, p.last4s[i % len(p.last4s)]),
        "count_by_village": lambda s, _i: count_by_village(s),
    }


def time_query_cold(engine: Engine, query: Callable[[Session, int], object], reps: int) -> float:
    """Median over reps, each in a new Session: with NullPool that is a new connection, as every app action opens."""
    times: list[float] = []
    for i in range(reps):

        def once(i: int = i) -> object:
            with Session(engine) as session:
                return query(session, i)

        times.append(timed(once)[1])
    return statistics.median(times)


def time_query_warm(engine: Engine, query: Callable[[Session, int], object], reps: int) -> float:
    """Median over reps on one open connection (page cache warm): the cost of the query itself."""
    with Session(engine) as session:
        query(session, 0)
        return statistics.median(timed(lambda i=i: query(session, i))[1] for i in range(reps))


def run_workload(
    engine: Engine, specs: Sequence[HouseholdSpec], divisions: Sequence[dict[str, Any]]
) -> dict[str, float]:
    """Every timed phase of one engine, in seconds; also returns the query answers' sizes for a sanity check."""
    insert_divisions(engine, divisions)
    per_commit = max(1, len(specs) // PER_COMMIT_SHARE)
    bulk, single = specs[:-per_commit], specs[-per_commit:]
    out = {
        "insert_bulk": timed(lambda: insert_batched(engine, bulk))[1],
        "insert_per_commit": timed(lambda: insert_one_per_commit(engine, single))[1],
    }
    reps = min(QUERY_REPS, len(specs))
    for name, query in _queries(probes(specs, reps)).items():
        out[f"{name}_cold"] = time_query_cold(engine, query, reps)
        out[f"{name}_warm"] = time_query_warm(engine, query, reps)
    return out


def check_answers(engines: dict[str, Engine], specs: Sequence[HouseholdSpec]) -> None:
    """Every engine must give the same answers, or the comparison measured different work."""
    p = probes(specs, 3)
    answers = []
    for engine in engines.values():
        with Session(engine) as s:
            answers.append(
                (first_page(s), search_name(s, p.names[0]), search_last4(s, p.last4s[0]), count_by_village(s))
            )
    if any(a != answers[0] for a in answers[1:]):
        raise AssertionError("engines disagree on the query answers")
    page, named, last4, counts = answers[0]
    if (
        len(page) != min(PAGE, len(specs))
        or not named
        or not last4
        or sum(n for _, n in counts) != len(specs)
    ):
        raise AssertionError("query answers are not what the data implies")


# ---------------------------------------------------------------------------------------------------------------------
# Opening, Argon2id, unlock
# ---------------------------------------------------------------------------------------------------------------------


def _open_close(opener: Callable[[], Any]) -> None:
    opener().close()


def time_connect(db_file: Path, dek: bytes, plain_file: Path, reps: int) -> dict[str, float]:
    return {
        "sqlcipher": median_seconds(lambda: _open_close(lambda: connect_raw(db_file, dek)), reps),
        "plain": median_seconds(lambda: _open_close(lambda: _open_plain(sqlite3, plain_file)), reps),
        "unkeyed": median_seconds(lambda: _open_close(lambda: _open_plain(sqlcipher3, plain_file)), reps),
    }


def time_argon2(kdf: KdfParams, reps: int) -> float:
    salt = os.urandom(16)
    return median_seconds(lambda: kdf.derive(PASSWORD.encode(), salt), reps)


def time_unlock(root: Path, *, verify: bool, reps: int) -> float:
    clock = FixedClock(CLOCK_AT)
    times: list[float] = []
    for _ in range(reps):
        store, seconds = timed(lambda: unlock(root, "admin", PASSWORD, clock=clock, verify=verify))
        times.append(seconds)
        if store.damage:
            raise AssertionError(f"integrity check failed: {store.damage}")
        store.close()
    return statistics.median(times)


def time_plain_integrity(db_file: Path, reps: int) -> float:
    def check() -> None:
        conn = _open_plain(sqlite3, db_file)
        try:
            conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()

    return median_seconds(check, reps)


# ---------------------------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------------------------


def _file_mib(db_file: Path) -> float:
    return sum(p.stat().st_size for p in db_file.parent.glob(db_file.name + "*")) / (1024 * 1024)


def _phase_rows(phases: dict[str, dict[str, float]]) -> list[list[object]]:
    return [
        [name, v["sqlcipher"] * 1000, v["plain"] * 1000, v["unkeyed"] * 1000, v["ratio"], v["ratio_unkeyed"]]
        for name, v in phases.items()
    ]


def _report(result: dict[str, Any]) -> None:
    say(
        f"\nstore: {result['households']} households × {MEMBERS} members + 1 case each; {result['villages']} villages"
    )
    print_table(
        "phase (ms)              ratio = sqlcipher / plain (target ≤ 1.3); ratio_u = sqlcipher / unkeyed",
        ["phase", "sqlcipher", "plain", "unkeyed", "ratio", "ratio_u"],
        _phase_rows(result["phases"]),
    )
    c = result["connect_ms"]
    print_table(
        "one-off costs",
        ["measure", "value", "baseline", "ratio"],
        [
            ["open connection (ms, median)", c["sqlcipher"], c["plain"], ratio(c["sqlcipher"], c["plain"])],
            ["argon2id derive (s, median)", result["argon2_s"], "-", "-"],
            ["unlock, verify (s, median)", result["unlock_s"], "-", "-"],
            ["unlock, no verify (s, median)", result["unlock_noverify_s"], "-", "-"],
            [
                "integrity check (s) vs plain",
                result["integrity_s"],
                result["plain_integrity_s"],
                ratio(result["integrity_s"], result["plain_integrity_s"]),
            ],
            ["db size (MiB) vs plain", result["size_mib"]["sqlcipher"], result["size_mib"]["plain"], "-"],
            ["peak RSS (MiB)", result["peak_rss_mib"], "-", "-"],
        ],
    )


def _close_plain(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    engine.dispose()


def _measure_store(folder: Path, specs: Sequence[HouseholdSpec], kdf: KdfParams, reps: int) -> dict[str, Any]:
    divisions = division_rows()
    store = create_encrypted(folder / "store", kdf)
    engines = {
        "sqlcipher": store.engine,
        "plain": create_plain(sqlite3, folder / "plain.db"),
        "unkeyed": create_plain(sqlcipher3, folder / "unkeyed.db"),
    }
    try:
        times = {name: run_workload(engine, specs, divisions) for name, engine in engines.items()}
        check_answers(engines, specs)
        connect_reps = scaled(CONNECT_REPS, min(scale_of(specs) * 10, 1))
        connect = time_connect(store.paths.db, bytes(store.dek()), folder / "plain.db", connect_reps)
        integrity = median_seconds(store.check_integrity, reps)
    finally:
        store.close()
        _close_plain(engines["plain"])
        _close_plain(engines["unkeyed"])
    return {
        "phases": {
            phase: {
                **{name: times[name][phase] for name in ENGINES},
                "ratio": ratio(times["sqlcipher"][phase], times["plain"][phase]),
                "ratio_unkeyed": ratio(times["sqlcipher"][phase], times["unkeyed"][phase]),
            }
            for phase in times["sqlcipher"]
        },
        "connect_ms": {k: v * 1000 for k, v in connect.items()},
        "integrity_s": integrity,
        "villages": len(villages(divisions)),
    }


def scale_of(specs: Sequence[HouseholdSpec]) -> float:
    return len(specs) / HOUSEHOLDS


def main(scale: float = 1.0, *, kdf: KdfParams = keyslots.DEFAULT_KDF, reps: int = 3) -> dict[str, Any]:
    """Run the store benchmark; ``scale`` multiplies the household count, ``kdf`` is what the store is created with."""
    specs = fake_households(scaled(HOUSEHOLDS, scale, minimum=PER_COMMIT_SHARE), villages(division_rows()))
    with tempfile.TemporaryDirectory(prefix="dibao-bench-store-") as tmp:
        folder = Path(tmp)
        result: dict[str, Any] = {"households": len(specs), "persons": len(specs) * MEMBERS}
        result |= _measure_store(folder, specs, kdf, reps)
        result |= {
            "argon2_s": time_argon2(kdf, reps),
            "unlock_s": time_unlock(folder / "store", verify=True, reps=reps),
            "unlock_noverify_s": time_unlock(folder / "store", verify=False, reps=reps),
            "plain_integrity_s": time_plain_integrity(folder / "plain.db", reps),
            "size_mib": {
                "sqlcipher": _file_mib(folder / "store" / "dibao.db"),
                "plain": _file_mib(folder / "plain.db"),
            },
            "kdf": {"time_cost": kdf.time_cost, "memory_kib": kdf.memory_kib, "parallelism": kdf.parallelism},
            "peak_rss_mib": peak_rss_mib(),
        }
    _report(result)
    return result


if __name__ == "__main__":
    main()
