"""Shared set-up for the field-capture tests: a case with a synthetic household, investigator accounts, and
synthetic images (generated with Pillow; no real photo or person is used)."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PIL import Image, ImageDraw

from app.db.keyslots import SlotFile
from app.db.keyslots import load as load_slots
from app.db.store import OpenStore
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.roles import Role
from app.domain.synthetic import SyntheticGenerator, SyntheticHousehold
from app.services import accounts, cases, reference
from app.services.households import HouseholdInput, MemberInput, register_household
from tests.conftest import CHEAP_KDF

VILLAGE = "360222900001"
TOWNSHIP = "360222900"
PASSWORDS = {"inv_wang": "wang-pass-1", "inv_li": "li-pass-22", "inv_zhao": "zhao-pass-3"}


@dataclass(frozen=True)
class CaseSetup:
    case_id: str
    household_id: str
    household: SyntheticHousehold
    investigators: dict[str, Actor]


def synthetic_household(size: int, *, today: date, seed: int = 7) -> SyntheticHousehold:
    gen = SyntheticGenerator(seed, today=today)
    for _ in range(500):
        h = gen.household()
        if len(h.members) == size and all(p.id_number for p in h.members):
            return h
    raise AssertionError(f"no synthetic household of {size}")


def add_investigators(
    store: OpenStore, clock: Clock, logins: tuple[str, ...] = tuple(PASSWORDS)
) -> dict[str, Actor]:
    out: dict[str, Actor] = {}
    with store.unit_of_work() as session:
        for login in logins:
            row = accounts.add_user(
                store,
                session,
                login=login,
                display_name={"inv_wang": "王调查", "inv_li": "李调查", "inv_zhao": "赵调查"}.get(
                    login, login
                ),
                role=Role.INVESTIGATOR,
                password=PASSWORDS[login],
                clock=clock,
                kdf=CHEAP_KDF,
            )
            out[login] = Actor(row.id, login, Role.INVESTIGATOR, store.device_id)
    return out


def make_case(store: OpenStore, clock: Clock, *, size: int = 3, seed: int = 7) -> CaseSetup:
    household = synthetic_household(size, today=clock.today(), seed=seed)
    clerk = replace(store.actor, role=Role.WINDOW_CLERK)
    with store.unit_of_work() as session:
        if reference.division(session, VILLAGE) is None:
            reference.import_divisions(session, store.actor, reference.bundled_divisions_text(), clock=clock)
        members = tuple(
            MemberInput(name=p.name, id_number=p.id_number, relation=p.relation, id_type=p.id_type)
            for p in household.members
        )
        row = register_household(
            session, clerk, HouseholdInput(area_code=VILLAGE, members=members), clock=clock
        )
        ref = cases.open_case(
            session, clerk, household_id=row.id, township_code=TOWNSHIP, channel="WINDOW", clock=clock
        )
    return CaseSetup(ref.id, row.id, household, {})


def slots(store: OpenStore) -> SlotFile:
    return load_slots(store.paths.slots)


def jpeg_bytes(
    size: tuple[int, int] = (2400, 1800),
    *,
    seed: int = 1,
    gps: bool = True,
    taken: str | None = "2026:09:18 10:30:00",
    orientation: int | None = None,
    quality: int = 90,
    marker: str = "",
) -> bytes:
    """A synthetic camera photo: gradient plus shapes, optional EXIF capture time, GPS and orientation."""
    w, h = size
    img = Image.linear_gradient("L").resize((w, h)).convert("RGB")
    draw = ImageDraw.Draw(img)
    for n in range(6):
        x = (seed * 97 + n * 211) % max(1, w - 50)
        y = (seed * 53 + n * 131) % max(1, h - 50)
        draw.rectangle((x, y, x + w // 8, y + h // 8), fill=((seed * 40 + n * 30) % 256, 90, 160))
    exif = Image.Exif()
    if taken:
        exif[0x0132] = taken
        exif.get_ifd(0x8769)[0x9003] = taken
    if gps:
        exif.get_ifd(0x8825).update({1: "N", 2: (29.0, 17.0, 30.5), 3: "E", 4: (117.0, 12.0, 1.0)})
    if orientation:
        exif[0x0112] = orientation
    if marker:
        exif[0x010E] = marker
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, exif=exif.tobytes())
    return buf.getvalue()


def png_signature(width: int = 400, height: int = 150) -> bytes:
    img = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.line([(20, 100), (80, 40), (140, 110), (220, 30), (300, 90)], fill=(0, 0, 0, 255), width=4)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def home_investigation_data(household: SyntheticHousehold, *, visit_date: date) -> dict[str, Any]:
    """A complete, valid 入户调查表 for the household (photos are added separately)."""
    return {
        "village": "桃源村",
        "area_type": "RURAL",
        "visit_date": visit_date.isoformat(),
        "visit_time": "10:30",
        "method": "实地入户",
        "interviewee_name": household.head.name,
        "interviewee_relation": "本人",
        "members": [
            {
                "name": p.name,
                "id_type": "resident",
                "id_number": p.id_number,
                "relation": p.relation,
                "coresident": "是",
                "health": "健康",
                "disability_kind": "无",
                "labour_capacity": "有劳动能力",
                "employment": "务农",
            }
            for p in household.members
        ],
        "housing_type": "自建房",
        "housing_area": "85",
        "hardship_causes": ["重病"],
        "findings": "家中一人重病，主要靠务农收入。",
        "conclusion": "符合",
    }


def new_id() -> str:
    return str(uuid.uuid4())
