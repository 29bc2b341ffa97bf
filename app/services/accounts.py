"""Staff accounts on this laptop: add, list, disable, change password. Slots and rows change together."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import audit, keyslots
from app.db.keyslots import KdfParams
from app.db.models import User
from app.db.paths import MIN_PASSWORD_LENGTH
from app.db.store import OpenStore
from app.domain.actor import Actor, staff_user_id
from app.domain.clock import Clock
from app.domain.errors import AppError, UnknownUser, ValidationError, WrongPassword
from app.domain.roles import ROLE_LABELS, Permission, Role


@dataclass(frozen=True, slots=True)
class UserRow:
    id: str
    login: str
    display_name: str
    role: Role
    role_label: str
    active: bool
    township_code: str | None


def _row(user: User) -> UserRow:
    role = Role(user.role)
    return UserRow(
        str(user.id), user.login, user.display_name, role, ROLE_LABELS[role], user.active, user.township_code
    )


def list_users(session: Session, actor: Actor) -> list[UserRow]:
    actor.require(Permission.MANAGE_USERS)
    return [_row(u) for u in session.scalars(select(User).order_by(User.created_at))]


def _validate_new(login: str, password: str) -> None:
    if not login or not login.replace("_", "").replace(".", "").isalnum() or len(login) > 64:
        raise ValidationError("登录名只能包含字母、数字、下划线和点，且不超过 64 个字符。")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符。")


def add_user(
    store: OpenStore,
    session: Session,
    *,
    login: str,
    display_name: str,
    role: Role,
    password: str,
    clock: Clock,
    township_code: str | None = None,
    kdf: KdfParams | None = None,
) -> UserRow:
    """Adds the row in ``session`` and writes the new slot at once; the caller's commit makes the row durable.

    A slot without a row (crash between the two) unlocks nothing: ``unlock`` refuses an unknown user id.
    """
    actor = store.actor
    actor.require(Permission.MANAGE_USERS)
    _validate_new(login, password)
    if session.scalar(select(User).where(User.login == login)) is not None:
        raise ValidationError(f"登录名“{login}”已被使用。")
    user_id = uuid.UUID(staff_user_id(login))
    same = session.get(User, user_id)
    if same is not None:
        raise ValidationError(f"登录名“{login}”与已有账号“{same.login}”只差大小写或空格，请换一个登录名。")
    user = User(
        id=user_id,
        login=login,
        display_name=display_name.strip() or login,
        role=role.value,
        township_code=township_code,
    )
    session.add(user)
    audit.append(
        session,
        actor,
        "user.added",
        at=clock.now(),
        entity_type="user",
        entity_id=str(user.id),
        details={"login": login, "role": role.value},
    )
    session.flush()
    slots = keyslots.load(store.paths.slots)
    kdf = kdf or keyslots.kdf_of(slots, actor.login)
    slot = keyslots.user_slot(
        slots.store_id, login=login, user_id=str(user.id), password=password, dek=store.dek(), kdf=kdf
    )
    keyslots.save(store.paths.slots, keyslots.with_slot(slots, slot))
    return _row(user)


def disable_user(store: OpenStore, session: Session, *, login: str, clock: Clock) -> UserRow:
    actor = store.actor
    actor.require(Permission.MANAGE_USERS)
    user = session.scalar(select(User).where(User.login == login))
    if user is None or not user.active:
        raise UnknownUser(login=login)
    if user.id == uuid.UUID(actor.user_id):
        raise ValidationError("不能停用当前登录的账号。")
    if Role(user.role) is Role.ADMIN:
        admins = session.scalars(select(User).where(User.role == Role.ADMIN.value, User.active)).all()
        if len(admins) <= 1:
            raise ValidationError("这是最后一个管理员账号，不能停用。")
    user.active = False
    user.disabled_at = clock.now()
    audit.append(
        session,
        actor,
        "user.disabled",
        at=clock.now(),
        entity_type="user",
        entity_id=str(user.id),
        details={"login": login},
    )
    # Removing the slot is what actually takes the key away from this login.
    keyslots.save(store.paths.slots, keyslots.without_login(keyslots.load(store.paths.slots), login))
    return _row(user)


def change_password(
    store: OpenStore,
    session: Session,
    *,
    old_password: str,
    new_password: str,
    clock: Clock,
    kdf: KdfParams | None = None,
) -> None:
    """Rewraps the caller's own slot. The slot file is replaced atomically: exactly one password works after a crash."""
    actor = store.actor
    if len(new_password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(f"新密码至少需要 {MIN_PASSWORD_LENGTH} 个字符。")
    slots = keyslots.load(store.paths.slots)
    try:
        old_slot, dek = keyslots.unwrap_user(slots, actor.login, old_password)
    except WrongPassword:
        raise WrongPassword("原密码错误，密码没有修改。") from None
    try:
        if bytes(dek) != bytes(store.dek()):
            raise AppError("密钥槽与当前数据库不一致，请联系管理员。")
        kdf = kdf or KdfParams(**old_slot.kdf)
        new_slot = keyslots.user_slot(
            slots.store_id, login=actor.login, user_id=actor.user_id, password=new_password, dek=dek, kdf=kdf
        )
    finally:
        for i in range(len(dek)):
            dek[i] = 0
    audit.append(
        session, actor, "user.password_changed", at=clock.now(), entity_type="user", entity_id=actor.user_id
    )
    session.flush()
    keyslots.save(store.paths.slots, keyslots.with_slot(slots, new_slot, replacing=old_slot.slot_id))


def confirm_identity(store: OpenStore, password: str) -> None:
    """Step-up check before a sensitive act: the logged-in user types their password again."""
    slots = keyslots.load(store.paths.slots)
    try:
        _, dek = keyslots.unwrap_user(slots, store.actor.login, password)
    except WrongPassword:
        raise WrongPassword("密码不正确，未显示。") from None
    for i in range(len(dek)):
        dek[i] = 0
