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
from bench.common import current_rss_mib, peak_rss_mib, print_table, ratio, say, scaled, timed

HOUSEHOLDS = 10_000
MEMBERS = 3
BATCH = 500  # households per transaction in the bulk load
PER_COMMIT_SHARE = (
    50  # 1/50 of the households are written one transaction each, as the app's unit of work does
)
EXTRA_VILLAGES = 45  # made-up villages beside the 5 sample ones, so "count by village" has something to group
QUERY_REPS = 100  # millisecond queries on a possibly shared machine: many samples, median
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


def insert_households(engine: Engine, specs: Sequence[HouseholdSpec]) -> None:
    """One transaction for all of ``specs``: households, members and cases as mapped objects."""
    with Session(engine) as session, session.begin():
        for spec in specs:
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
        .order_by(Person.id)
    )
    return [(n, mask_id_number(idn), area) for n, idn, area in session.execute(stmt)]


def search_last4(session: Session, last4: str) -> list[tuple[str, str, str]]:
    stmt = (
        select(Person.name, Person.id_number, Household.area_code)
        .join(Household, Person.household_id == Household.id)
        .where(Person.id_last4 == last4)
        .order_by(Person.id)
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


Query = Callable[[Session, int], object]


def queries(p: Probes) -> dict[str, Query]:
    return {
        "first_page": lambda s, _i: first_page(s),
        "search_name": lambda s, i: search_name(s, p.names[i % len(p.names)]),
        "search_last4": lambda s, i: search_last4(s, p.last4s[i % len(p.last4s)]),
        "count_by_village": lambda s, _i: count_by_village(s),
    }


# ---------------------------------------------------------------------------------------------------------------------
# Interleaved timing: the machine may be shared, so engines take turns (in a rotating order) within every phase, and a
# burst of load from elsewhere lands on all of them instead of skewing one column.
# ---------------------------------------------------------------------------------------------------------------------


class Samples:
    """Per engine, per phase: the list of measured seconds."""

    def __init__(self) -> None:
        self.data: dict[str, dict[str, list[float]]] = {}

    def add(self, engine: str, phase: str, seconds: float) -> None:
        self.data.setdefault(engine, {}).setdefault(phase, []).append(seconds)

    def total(self, engine: str, phase: str) -> float:
        return sum(self.data[engine][phase])

    def median(self, engine: str, phase: str) -> float:
        return statistics.median(self.data[engine][phase])

    def best(self, engine: str, phase: str) -> float:
        return min(self.data[engine][phase])


def _turns(names: Sequence[str], n: int) -> list[str]:
    shift = n % len(names)
    return [*names[shift:], *names[:shift]]


def time_inserts(engines: dict[str, Engine], specs: Sequence[HouseholdSpec], samples: Samples) -> None:
    """Bulk load (BATCH households per transaction), then the last 1/PER_COMMIT_SHARE one transaction each."""
    per_commit = max(1, len(specs) // PER_COMMIT_SHARE)
    bulk, single = specs[:-per_commit], specs[-per_commit:]
    for n, chunk in enumerate(_chunks(bulk, BATCH)):
        for name in _turns(list(engines), n):
            samples.add(
                name, "insert_bulk", timed(lambda e=engines[name], c=chunk: insert_households(e, c))[1]
            )
    for n, spec in enumerate(single):
        for name in _turns(list(engines), n):
            samples.add(
                name, "insert_per_commit", timed(lambda e=engines[name], s=spec: insert_households(e, [s]))[1]
            )


def _cold(engine: Engine, query: Query, i: int) -> object:
    with Session(engine) as session:  # NullPool: a new keyed connection, as every app action opens
        return query(session, i)


def time_queries(engines: dict[str, Engine], suite: dict[str, Query], reps: int, samples: Samples) -> None:
    """Cold: a new Session (= connection) per query. Warm: the same open connection, page cache filled."""
    for phase, query in suite.items():
        for i in range(reps):
            for name in _turns(list(engines), i):
                samples.add(
                    name, f"{phase}_cold", timed(lambda e=engines[name], q=query, i=i: _cold(e, q, i))[1]
                )
    sessions = {name: Session(engine) for name, engine in engines.items()}
    try:
        for phase, query in suite.items():
            for session in sessions.values():
                query(session, 0)
            for i in range(reps):
                for name in _turns(list(engines), i):
                    samples.add(
                        name, f"{phase}_warm", timed(lambda s=sessions[name], q=query, i=i: q(s, i))[1]
                    )
    finally:
        for session in sessions.values():
            session.close()


def check_answers(engines: dict[str, Engine], specs: Sequence[HouseholdSpec]) -> None:
    """Every engine must give the same answers, or the comparison measured different work."""
    p = probes(specs, 3)
    answers: list[tuple[object, ...]] = []
    for engine in engines.values():
        with Session(engine) as s:
            answers.append(
                (first_page(s), search_name(s, p.names[0]), search_last4(s, p.last4s[0]), count_by_village(s))
            )
    if any(a != answers[0] for a in answers[1:]):
        raise AssertionError("engines disagree on the query answers")
    page, named, last4, counts = answers[0]
    expected = (min(PAGE, len(specs)), True, True, len(specs))
    if (len(page), bool(named), bool(last4), sum(n for _, n in counts)) != expected:
        raise AssertionError("query answers are not what the data implies")


def time_connect(openers: dict[str, Callable[[], Any]], reps: int, samples: Samples) -> None:
    for i in range(reps):
        for name in _turns(list(openers), i):
            samples.add(name, "connect", timed(lambda o=openers[name]: o().close())[1])


# ---------------------------------------------------------------------------------------------------------------------
# Argon2id and unlock
# ---------------------------------------------------------------------------------------------------------------------


def time_argon2(kdf: KdfParams, reps: int) -> list[float]:
    salt = os.urandom(16)
    return [timed(lambda: kdf.derive(PASSWORD.encode(), salt))[1] for _ in range(max(1, reps))]


def time_unlock(root: Path, plain_file: Path, reps: int, samples: Samples) -> None:
    """Full unlock (Argon2id + open + integrity check), unlock without the check, and each integrity check alone."""
    clock = FixedClock(CLOCK_AT)
    for _ in range(max(1, reps)):
        for verify in (True, False):
            store, seconds = timed(lambda v=verify: unlock(root, "admin", PASSWORD, clock=clock, verify=v))
            samples.add("sqlcipher", "unlock" if verify else "unlock_noverify", seconds)
            if not verify:
                problems, seconds = timed(store.check_integrity)
                samples.add("sqlcipher", "integrity", seconds)
                if problems:
                    raise AssertionError(f"integrity check failed: {problems}")
            store.close()
        samples.add("plain", "integrity", timed(lambda: _plain_integrity(plain_file))[1])


def _plain_integrity(db_file: Path) -> None:
    conn = _open_plain(sqlite3, db_file)
    try:
        conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()


# ---------------------------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------------------------


def _file_mib(db_file: Path) -> float:
    return sum(p.stat().st_size for p in db_file.parent.glob(db_file.name + "*")) / (1024 * 1024)


def _close_plain(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    engine.dispose()


INSERT_PHASES = ("insert_bulk", "insert_per_commit")


def _phases(samples: Samples) -> dict[str, dict[str, float]]:
    """Inserts as total seconds, queries as the median seconds of one call; ratios against plain and unkeyed."""
    out: dict[str, dict[str, float]] = {}
    for phase in samples.data["sqlcipher"]:
        if phase == "connect" or any(phase not in samples.data[name] for name in ENGINES):
            continue  # reported in the one-off table
        pick = samples.total if phase in INSERT_PHASES else samples.median
        best = samples.total if phase in INSERT_PHASES else samples.best
        values = {name: pick(name, phase) for name in ENGINES}
        out[phase] = {
            **values,
            "ratio": ratio(values["sqlcipher"], values["plain"]),
            "ratio_unkeyed": ratio(values["sqlcipher"], values["unkeyed"]),
            # Fastest sample vs fastest sample: what is left of the ratio when outside load is filtered away.
            "ratio_min": ratio(best("sqlcipher", phase), best("plain", phase)),
        }
    return out


def _reps(full: int, specs: Sequence[HouseholdSpec]) -> int:
    """Full repetitions from a tenth of the documented size up; fewer (at least 5) for the tiny smoke-test runs."""
    return scaled(full, min(1.0, 10 * len(specs) / HOUSEHOLDS), minimum=5)


def _measure_workload(folder: Path, specs: Sequence[HouseholdSpec], kdf: KdfParams, samples: Samples) -> int:
    """Create the three databases, run the workload on them in turns, and time opening connections."""
    divisions = division_rows()
    store = create_encrypted(folder / "store", kdf)
    engines = {
        "sqlcipher": store.engine,
        "plain": create_plain(sqlite3, folder / "plain.db"),
        "unkeyed": create_plain(sqlcipher3, folder / "unkeyed.db"),
    }
    try:
        for engine in engines.values():
            insert_divisions(engine, divisions)
        time_inserts(engines, specs, samples)
        check_answers(engines, specs)
        query_reps = _reps(QUERY_REPS, specs)
        time_queries(engines, queries(probes(specs, query_reps)), query_reps, samples)
        dek = bytes(store.dek())
        openers = {
            "sqlcipher": lambda: connect_raw(store.paths.db, dek),
            "plain": lambda: _open_plain(sqlite3, folder / "plain.db"),
            "unkeyed": lambda: _open_plain(sqlcipher3, folder / "unkeyed.db"),
        }
        time_connect(openers, _reps(CONNECT_REPS, specs), samples)
    finally:
        store.close()
        _close_plain(engines["plain"])
        _close_plain(engines["unkeyed"])
    return len(villages(divisions))


def _summary(samples: Samples, argon: list[float]) -> dict[str, Any]:
    med = samples.median
    return {
        "phases": _phases(samples),
        "connect_ms": {name: med(name, "connect") * 1000 for name in ENGINES},
        "argon2_s": statistics.median(argon),
        "argon2_min_s": min(argon),
        "unlock_s": med("sqlcipher", "unlock"),
        "unlock_noverify_s": med("sqlcipher", "unlock_noverify"),
        "integrity_s": med("sqlcipher", "integrity"),
        "plain_integrity_s": med("plain", "integrity"),
    }


def main(scale: float = 1.0, *, kdf: KdfParams = keyslots.DEFAULT_KDF, reps: int = 3) -> dict[str, Any]:
    """Run the store benchmark. ``scale`` multiplies the household count; the store's key slot and the Argon2id
    measurement use ``kdf`` (DEFAULT_KDF; the smoke test passes a cheap one); ``reps`` repeats Argon2id and unlock."""
    specs = fake_households(scaled(HOUSEHOLDS, scale, minimum=PER_COMMIT_SHARE), villages(division_rows()))
    samples = Samples()
    with tempfile.TemporaryDirectory(prefix="dibao-bench-store-") as tmp:
        folder = Path(tmp)
        village_count = _measure_workload(folder, specs, kdf, samples)
        # Not the peak: create_store and unlock already ran Argon2id, whose memory_kib dominates the peak.
        rss_after_workload = current_rss_mib()
        argon = time_argon2(kdf, reps)
        time_unlock(folder / "store", folder / "plain.db", reps, samples)
        sizes = {
            "sqlcipher": _file_mib(folder / "store" / "dibao.db"),
            "plain": _file_mib(folder / "plain.db"),
        }
    result: dict[str, Any] = {
        "households": len(specs),
        "persons": len(specs) * MEMBERS,
        "cases": len(specs),
        "villages": village_count,
        **_summary(samples, argon),
        "size_mib": sizes,
        "kdf": {"time_cost": kdf.time_cost, "memory_kib": kdf.memory_kib, "parallelism": kdf.parallelism},
        "rss_after_workload_mib": rss_after_workload,
        "peak_rss_mib": peak_rss_mib(),
    }
    _report(result)
    return result


def _report(result: dict[str, Any]) -> None:
    say(
        f"\nstore: {result['households']} households × {MEMBERS} members + 1 case each; {result['villages']} villages"
    )
    print_table(
        "phase: inserts total ms, queries median ms per call; ratio = sqlcipher/plain (target ≤ 1.3), "
        "ratio_u = sqlcipher/unkeyed, ratio_min = fastest sqlcipher / fastest plain",
        ["phase", "sqlcipher", "plain", "unkeyed", "ratio", "ratio_u", "ratio_min"],
        [
            [
                name,
                *(v[engine] * 1000 for engine in ENGINES),
                v["ratio"],
                v["ratio_unkeyed"],
                v["ratio_min"],
            ]
            for name, v in result["phases"].items()
        ],
    )
    c = result["connect_ms"]
    print_table(
        "one-off costs (median)",
        ["measure", "sqlcipher", "plain", "ratio"],
        [
            [
                "open one connection (ms; target < 5)",
                c["sqlcipher"],
                c["plain"],
                ratio(c["sqlcipher"], c["plain"]),
            ],
            [f"argon2id derive (s; min {result['argon2_min_s']:.2f})", result["argon2_s"], "-", "-"],
            ["unlock with integrity check (s)", result["unlock_s"], "-", "-"],
            ["unlock without integrity check (s)", result["unlock_noverify_s"], "-", "-"],
            [
                "integrity check alone (s)",
                result["integrity_s"],
                result["plain_integrity_s"],
                ratio(result["integrity_s"], result["plain_integrity_s"]),
            ],
            ["database file (MiB)", result["size_mib"]["sqlcipher"], result["size_mib"]["plain"], "-"],
            ["RSS after the workload (MiB)", result["rss_after_workload_mib"], "-", "-"],
            ["peak RSS incl. Argon2id (MiB)", result["peak_rss_mib"], "-", "-"],
        ],
    )


if __name__ == "__main__":
    main()
