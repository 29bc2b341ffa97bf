"""Register a household and its members. ID numbers are checked here, in the service, whatever the caller."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from app.db.changelog import record_change
from app.db.models import Division, Household, Person
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.errors import ValidationError
from app.domain.idnumber import IdNumber, IdType, parse_id_number
from app.domain.roles import Permission


@dataclass(frozen=True, slots=True)
class MemberInput:
    name: str
    id_number: str
    relation: str = "本人"
    id_type: IdType = IdType.RESIDENT
    phone: str = ""
    coresident: bool = True
    exclusion_reason: str | None = None
    pending_reason: str = ""


@dataclass(frozen=True, slots=True)
class HouseholdInput:
    area_code: str
    members: tuple[MemberInput, ...]
    hukou_address: str = ""
    residence_address: str = ""
    residence_since: date | None = None
    is_renhu_fenli: bool = False
    hukou_division_code: str | None = None


@dataclass(frozen=True, slots=True)
class HouseholdRow:
    id: str
    area_code: str
    head_name: str
    member_ids: tuple[str, ...] = field(default=())


def register_household(session: Session, actor: Actor, data: HouseholdInput, *, clock: Clock) -> HouseholdRow:
    actor.require(Permission.ACCEPT_APPLICATION)
    if not data.members:
        raise ValidationError("家庭至少需要一名成员（申请人）。")
    area = session.get(Division, data.area_code)
    if area is None or area.level != "village":
        raise ValidationError(f"村/社区代码 {data.area_code} 不存在，请先导入区划。")
    problems: list[str] = []
    parsed: list[tuple[MemberInput, IdNumber]] = []
    today = clock.today()
    for n, member in enumerate(data.members, start=1):
        if not member.name.strip():
            problems.append(f"第 {n} 位成员：缺少姓名")
        try:
            parsed.append(
                (
                    member,
                    parse_id_number(
                        member.id_number,
                        id_type=member.id_type,
                        today=today,
                        pending_reason=member.pending_reason,
                    ),
                )
            )
        except ValidationError as exc:
            problems.append(f"第 {n} 位成员（{member.name}）：{exc}")
    if problems:
        raise ValidationError("\n".join(problems))
    household = Household(
        id=uuid.uuid4(),
        area_code=data.area_code,
        area_type=area.area_type or "RURAL",
        hukou_address=data.hukou_address,
        hukou_division_code=data.hukou_division_code,
        residence_address=data.residence_address,
        residence_since=data.residence_since,
        is_renhu_fenli=data.is_renhu_fenli,
    )
    session.add(household)
    at = clock.now()
    record_change(
        session,
        actor,
        at=at,
        entity_type="household",
        entity_id=str(household.id),
        op="create",
        fields={
            "area_code": household.area_code,
            "area_type": household.area_type,
            "hukou_address": household.hukou_address,
            "residence_address": household.residence_address,
            "is_renhu_fenli": household.is_renhu_fenli,
        },
        audit_action="household.registered",
        audit_details={"members": len(data.members)},
    )
    ids: list[str] = []
    for ordinal, (member, id_obj) in enumerate(parsed):
        person = Person(
            id=uuid.uuid4(),
            household_id=household.id,
            ordinal=ordinal,
            name=member.name.strip(),
            id_type=member.id_type.value,
            id_number=id_obj.value,
            id_last4=id_obj.value[-4:],
            sex=id_obj.sex.value if id_obj.sex else None,
            birth_date=id_obj.birth_date,
            relation=member.relation,
            is_head=ordinal == 0,
            coresident=member.coresident,
            exclusion_reason=member.exclusion_reason,
            phone=member.phone,
        )
        session.add(person)
        ids.append(str(person.id))
        record_change(
            session,
            actor,
            at=at,
            entity_type="person",
            entity_id=str(person.id),
            op="create",
            fields={
                "household_id": str(household.id),
                "name": person.name,
                "id_type": person.id_type,
                "id_number": person.id_number,
                "relation": person.relation,
                "coresident": person.coresident,
                "phone": person.phone,
            },
            audit_action="person.registered",
            audit_details={"household_id": str(household.id)},
        )
    session.flush()
    return HouseholdRow(str(household.id), household.area_code, data.members[0].name, tuple(ids))
