"""T26 encrypted backup round trip, T25 a lone .db is no backup, T40 tamper-evident audit chain, T08 password change."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from app.db import keyslots
from app.db.backup import MAGIC, backup, read_backup, restore
from app.db.base import Base
from app.db.engine import connect_raw
from app.db.store import OpenStore, StorePaths, unlock
from app.domain.clock import FixedClock
from app.domain.errors import AppError, StoreExists, ValidationError, WrongPassword
from app.domain.roles import Role
from app.domain.synthetic import synthetic_households
from app.services import accounts, reference
from app.services.households import HouseholdInput, MemberInput, register_household
from app.services.store_admin import check_store
from tests.conftest import ADMIN_PASSWORD, CHEAP_KDF
from tests.support.scanner import scan, variants


def _fill(store: OpenStore, clock: FixedClock, marker: str) -> str:
    clerk = replace(store.actor, role=Role.WINDOW_CLERK)
    fake_id = ""
    with store.unit_of_work() as session:
        reference.import_divisions(session, store.actor, reference.bundled_divisions_text(), clock=clock)
        for n, h in enumerate(synthetic_households(11, 12, today=clock.today())):
            members = tuple(
                MemberInput(
                    name=p.name,
                    id_number=p.id_number,
                    relation=p.relation,
                    id_type=p.id_type,
                    pending_reason=p.pending_reason,
                )
                for p in h.members
            )
            fake_id = fake_id or h.members[0].id_number
            register_household(
                session,
                clerk,
                HouseholdInput(
                    area_code="360222900002", members=members, hukou_address=marker if n == 0 else h.address
                ),
                clock=clock,
            )
    return fake_id


def _row_hashes(store: OpenStore) -> dict[str, str]:
    hashes: dict[str, str] = {}
    with store.reading() as session:
        for name, table in sorted(Base.metadata.tables.items()):
            order = ", ".join(c.name for c in table.primary_key.columns)
            rows = session.execute(text(f'SELECT * FROM "{name}" ORDER BY {order}')).all()
            hashes[name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return hashes


def test_t26_backup_restores_identical_rows_and_reveals_nothing(
    store: OpenStore, clock: FixedClock, tmp_path: Path
) -> None:
    marker = f"PIIMARK-{uuid.uuid4()}"
    fake_id = _fill(store, clock, marker)
    before = _row_hashes(store)
    out = tmp_path / "backups" / "b.dibak"
    backup(store, out, created_at=clock.now())
    assert out.read_bytes().startswith(MAGIC)
    assert (
        scan(
            [out.parent],
            [*variants(marker), *variants(fake_id), bytes(store.dek()), store.dek().hex().encode()],
        )
        == []
    )
    assert [p.name for p in out.parent.iterdir()] == ["b.dibak"]  # no temp file left behind

    restored_root = tmp_path / "restored"
    restore(out, restored_root, login="admin", password=ADMIN_PASSWORD)
    restored = unlock(restored_root, "admin", ADMIN_PASSWORD, clock=clock)
    try:
        assert _row_hashes(restored) == before
        assert check_store(restored).ok
    finally:
        restored.close()


def test_t26_backup_cannot_be_opened_without_the_key(
    store: OpenStore, clock: FixedClock, tmp_path: Path
) -> None:
    _fill(store, clock, "x")
    out = tmp_path / "b.dibak"
    backup(store, out, created_at=clock.now())
    header, body = read_backup(out)
    assert b"SQLite format 3" not in body[:16]
    raw = tmp_path / "body.db"
    raw.write_bytes(body)
    with pytest.raises(WrongPassword):
        connect_raw(raw, bytes(store.dek()))  # the data key alone does not open it: it has its own key
    with pytest.raises(WrongPassword):
        restore(out, tmp_path / "r", login="admin", password="not-the-password")
    assert not (tmp_path / "r" / "dibao.db").exists()
    assert header["store_id"] == store.store_id


def test_t25_a_lone_db_file_and_a_damaged_backup_are_refused(
    store: OpenStore, clock: FixedClock, tmp_path: Path
) -> None:
    lone = tmp_path / "copy.db"
    lone.write_bytes(store.paths.db.read_bytes())
    with pytest.raises(AppError, match="不是低保入户通的备份文件"):
        restore(lone, tmp_path / "r1", login="admin", password=ADMIN_PASSWORD)
    out = tmp_path / "b.dibak"
    backup(store, out, created_at=clock.now())
    data = bytearray(out.read_bytes())
    data[-100] ^= 0xFF
    out.write_bytes(bytes(data))
    with pytest.raises(AppError, match="已损坏"):
        restore(out, tmp_path / "r2", login="admin", password=ADMIN_PASSWORD)
    with pytest.raises(StoreExists):
        restore(out, store.paths.root, login="admin", password=ADMIN_PASSWORD)


@pytest.mark.parametrize("tamper", ["edit", "delete"])
def test_t40_tampering_with_one_audit_row_breaks_the_chain_there(
    store: OpenStore, clock: FixedClock, tamper: str
) -> None:
    _fill(store, clock, "x")
    assert check_store(store).ok
    with store.unit_of_work() as session:
        if tamper == "edit":
            session.execute(text("UPDATE audit_events SET action = 'nothing.happened' WHERE seq = 5"))
        else:
            session.execute(text("DELETE FROM audit_events WHERE seq = 5"))
    report = check_store(store)
    chain = next(i for i in report.items if i.name.startswith("审计链"))
    assert not chain.ok
    assert "第 5 条" in chain.detail


def test_t40_audit_rows_hold_no_personal_values(store: OpenStore, clock: FixedClock) -> None:
    marker = f"PIIMARK-{uuid.uuid4()}"
    fake_id = _fill(store, clock, marker)
    with store.reading() as session:
        dump = repr(session.execute(text("SELECT * FROM audit_events")).all())
    assert marker not in dump
    assert fake_id not in dump


def test_password_change_rewraps_only_the_callers_slot(store: OpenStore, clock: FixedClock) -> None:
    with store.unit_of_work() as session:
        accounts.add_user(
            store,
            session,
            login="zhang",
            display_name="张调查",
            role=Role.INVESTIGATOR,
            password="investigator-1",
            clock=clock,
            kdf=CHEAP_KDF,
        )
        accounts.change_password(
            store,
            session,
            old_password=ADMIN_PASSWORD,
            new_password="new-admin-pass",
            clock=clock,
            kdf=CHEAP_KDF,
        )
    root = store.paths.root
    with pytest.raises(WrongPassword):
        unlock(root, "admin", ADMIN_PASSWORD, clock=clock)
    unlock(root, "admin", "new-admin-pass", clock=clock).close()
    other = unlock(root, "zhang", "investigator-1", clock=clock)
    assert other.actor.role is Role.INVESTIGATOR
    other.close()


def test_wrong_old_password_changes_nothing(store: OpenStore, clock: FixedClock) -> None:
    slots_before = StorePaths(store.paths.root).slots.read_bytes()
    with pytest.raises(WrongPassword, match="原密码错误"), store.unit_of_work() as session:
        accounts.change_password(
            store,
            session,
            old_password="nope-nope",
            new_password="new-admin-pass",
            clock=clock,
            kdf=CHEAP_KDF,
        )
    assert StorePaths(store.paths.root).slots.read_bytes() == slots_before


def test_disabled_user_cannot_log_in_and_last_admin_is_kept(store: OpenStore, clock: FixedClock) -> None:
    with store.unit_of_work() as session:
        accounts.add_user(
            store,
            session,
            login="li",
            display_name="李",
            role=Role.WINDOW_CLERK,
            password="clerk-pass-1",
            clock=clock,
            kdf=CHEAP_KDF,
        )
    with store.unit_of_work() as session:
        accounts.disable_user(store, session, login="li", clock=clock)
    from app.domain.errors import UnknownUser

    with pytest.raises(UnknownUser):
        unlock(store.paths.root, "li", "clerk-pass-1", clock=clock)
    with pytest.raises(ValidationError, match="当前登录"), store.unit_of_work() as session:
        accounts.disable_user(store, session, login="admin", clock=clock)
    assert "li" not in keyslots.load(store.paths.slots).logins()


def test_only_an_admin_manages_users(store: OpenStore, clock: FixedClock) -> None:
    from app.domain.errors import PermissionDenied

    with store.unit_of_work() as session:
        accounts.add_user(
            store,
            session,
            login="wang",
            display_name="王",
            role=Role.INVESTIGATOR,
            password="investigator-2",
            clock=clock,
            kdf=CHEAP_KDF,
        )
    investigator = unlock(store.paths.root, "wang", "investigator-2", clock=clock)
    try:
        with pytest.raises(PermissionDenied, match="管理账号"), investigator.unit_of_work() as session:
            accounts.add_user(
                investigator,
                session,
                login="evil",
                display_name="x",
                role=Role.ADMIN,
                password="whatever-1",
                clock=clock,
                kdf=CHEAP_KDF,
            )
    finally:
        investigator.close()


def test_an_account_id_follows_from_its_login_and_a_case_variant_is_refused(
    store: OpenStore, clock: FixedClock
) -> None:
    """The same login made on two laptops is one person to every synced record (assignments, warnings)."""
    from app.domain.actor import staff_user_id
    from app.domain.errors import ValidationError

    with store.unit_of_work() as session:
        row = accounts.add_user(
            store, session, login="wang.inv", display_name="王调查", role=Role.INVESTIGATOR,
            password="investigator-1", clock=clock, kdf=CHEAP_KDF,
        )  # fmt: skip
    assert row.id == staff_user_id("wang.inv") == staff_user_id(" Wang.Inv ")
    assert store.actor.user_id == staff_user_id("admin")
    with store.unit_of_work() as session, pytest.raises(ValidationError, match="只差大小写"):
        accounts.add_user(
            store, session, login="Wang.Inv", display_name="王二", role=Role.INVESTIGATOR,
            password="investigator-2", clock=clock, kdf=CHEAP_KDF,
        )  # fmt: skip
