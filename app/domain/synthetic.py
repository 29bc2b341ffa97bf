"""Deterministic made-up people and households for tests and ``dibao demo``.

Nothing here comes from a real person. Names are drawn from common-character lists; ID numbers are random
digits with real Jingdezhen address codes and a valid check digit, so the app's validation accepts them.
Because they look real, one may by chance equal a real person's number: keep synthetic data in test and demo
stores only.

Fake contact numbers follow patterns chosen to look fake to a human reader:
- phones are ``1990000xxxx``. China has no reserved test range for mobile numbers, so this block is a
  convention, not a guarantee: never call or text one.
- bank accounts are 19 digits starting ``999900`` with a Luhn check digit. Real UnionPay cards start with 62,
  and ISO/IEC 7812 leaves a leading 9 to national use, so no real card of ours starts like this.

The same ``seed`` and ``today`` always give the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.idnumber import IdType, Sex, age_between, check_digit

JINGDEZHEN_COUNTIES: dict[str, str] = {
    "360202": "昌江区",
    "360203": "珠山区",
    "360222": "浮梁县",
    "360281": "乐平市",
}
_URBAN_COUNTIES = frozenset({"360202", "360203"})

RELATION_SELF = "本人"
RELATION_SPOUSE = "配偶"
RELATION_CHILD = "子女"
RELATION_PARENT = "父母"

PHONE_PREFIX = "1990000"
ACCOUNT_PREFIX = "999900"
NEWBORN_PENDING_REASON = "新生儿尚未办理户口登记"

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余"
    "程汪詹洪江熊万邹涂廖叶方戴夏钟汤"
)
_GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林国建志文海"
_GIVEN_FEMALE = "芳娟敏静丽艳娜霞秀英华玲婷雪琴兰凤洁梅琳素云莲红燕萍丹颖倩慧佳欣怡"
_GIVEN_NEUTRAL = "春晓晨阳永新金小子一德佳安荣"

_RURAL_TOWNS = ("青岭镇", "石溪镇", "云门乡", "松湖镇", "白鹭乡", "荷塘镇", "枫林乡")
_URBAN_STREETS = ("瓷都街道", "新桥街道", "西郊街道", "东风街道")
_VILLAGES = ("桃源村", "竹林村", "清溪村", "梅岭村", "新塘村", "杨柳村", "上庄村", "花园村", "樟树村")
_COMMUNITIES = ("窑前社区", "瓷苑社区", "河西社区", "南山社区", "翠湖社区")
_ROADS = ("陶瓷路", "瓷泥巷", "枫树路", "新华路", "滨江路")


@dataclass(frozen=True, slots=True)
class SyntheticPerson:
    name: str
    sex: Sex
    birth_date: date
    id_type: IdType
    id_number: str  # "" when id_type is PENDING
    relation: str  # 与户主关系: 本人 / 配偶 / 子女 / 父母
    phone: str = ""
    pending_reason: str = ""

    def age_on(self, on: date) -> int:
        return age_between(self.birth_date, on)


@dataclass(frozen=True, slots=True)
class SyntheticHousehold:
    county_code: str
    county_name: str
    address: str
    is_urban: bool
    bank_account: str
    members: tuple[SyntheticPerson, ...]

    @property
    def head(self) -> SyntheticPerson:
        return self.members[0]

    def minors_on(self, on: date) -> tuple[SyntheticPerson, ...]:
        return tuple(p for p in self.members if p.age_on(on) < 18)


class SyntheticGenerator:
    """One seeded stream of fake data; numbers are unique within a generator."""

    def __init__(self, seed: int, *, today: date) -> None:
        self._rng = random.Random(seed)
        self._today = today
        self._used_ids: set[str] = set()
        self._used_phones: set[str] = set()
        self._used_accounts: set[str] = set()

    # --- single values

    def county_code(self) -> str:
        return self._rng.choice(sorted(JINGDEZHEN_COUNTIES))

    def surname(self) -> str:
        return self._rng.choice(_SURNAMES)

    def given_name(self, sex: Sex) -> str:
        pool = (_GIVEN_MALE if sex is Sex.MALE else _GIVEN_FEMALE) + _GIVEN_NEUTRAL
        length = 2 if self._rng.random() < 0.7 else 1
        return "".join(self._rng.choice(pool) for _ in range(length))

    def name(self, sex: Sex, *, surname: str | None = None) -> str:
        return (surname or self.surname()) + self.given_name(sex)

    def birth_date(self, *, age_min: int, age_max: int) -> date:
        """A birth date giving an age in ``[age_min, age_max]`` today."""
        latest = _years_before(self._today, age_min)
        earliest = _years_before(self._today, age_max + 1) + timedelta(days=1)
        return date.fromordinal(self._rng.randint(earliest.toordinal(), latest.toordinal()))

    def id_number(self, *, birth: date, sex: Sex, county_code: str | None = None) -> str:
        """A checksum-valid 18-digit number whose sequence parity matches ``sex``."""
        code = county_code or self.county_code()
        while True:
            # Sequence 001-999; the last digit's parity carries the sex (odd = male).
            seq = self._rng.randint(0, 499) * 2 + (1 if sex is Sex.MALE else 2)
            if seq > 999:
                continue
            first17 = f"{code}{birth:%Y%m%d}{seq:03d}"
            number = first17 + check_digit(first17)
            if number not in self._used_ids:
                self._used_ids.add(number)
                return number

    def phone(self) -> str:
        while True:
            number = f"{PHONE_PREFIX}{self._rng.randint(0, 9999):04d}"
            # The block holds 10,000 numbers; past that, repeats are allowed rather than looping forever.
            if number not in self._used_phones or len(self._used_phones) >= 10_000:
                self._used_phones.add(number)
                return number

    def bank_account(self) -> str:
        while True:
            body = ACCOUNT_PREFIX + "".join(str(self._rng.randint(0, 9)) for _ in range(12))
            number = body + _luhn_digit(body)
            if number not in self._used_accounts:
                self._used_accounts.add(number)
                return number

    def address(self, county_code: str, *, urban: bool) -> str:
        county = JINGDEZHEN_COUNTIES[county_code]
        if urban:
            street = self._rng.choice(_URBAN_STREETS)
            community = self._rng.choice(_COMMUNITIES)
            road = self._rng.choice(_ROADS)
            return f"江西省景德镇市{county}{street}{community}{road}{self._rng.randint(1, 300)}号"
        town = self._rng.choice(_RURAL_TOWNS)
        village = self._rng.choice(_VILLAGES)
        return (
            f"江西省景德镇市{county}{town}{village}{self._rng.randint(1, 12)}组{self._rng.randint(1, 80)}号"
        )

    # --- people and households

    def person(
        self,
        *,
        relation: str = RELATION_SELF,
        sex: Sex | None = None,
        birth: date | None = None,
        surname: str | None = None,
        county_code: str | None = None,
    ) -> SyntheticPerson:
        sex = sex or self._rng.choice((Sex.MALE, Sex.FEMALE))
        birth = birth or self.birth_date(age_min=18, age_max=80)
        age = age_between(birth, self._today)
        name = self.name(sex, surname=surname)
        if age < 1 and self._rng.random() < 0.3:
            return SyntheticPerson(
                name=name,
                sex=sex,
                birth_date=birth,
                id_type=IdType.PENDING,
                id_number="",
                relation=relation,
                pending_reason=NEWBORN_PENDING_REASON,
            )
        # Children under 16 usually have no card yet; their number is on the 户口簿.
        id_type = IdType.HOUSEHOLD_REGISTER if age < 16 else IdType.RESIDENT
        return SyntheticPerson(
            name=name,
            sex=sex,
            birth_date=birth,
            id_type=id_type,
            id_number=self.id_number(birth=birth, sex=sex, county_code=county_code),
            relation=relation,
            phone=self.phone() if age >= 16 else "",
        )

    def household(self) -> SyntheticHousehold:
        rng = self._rng
        county_code = self.county_code()
        urban = county_code in _URBAN_COUNTIES and rng.random() < 0.7
        head = self.person(
            relation=RELATION_SELF,
            birth=self.birth_date(age_min=22, age_max=78),
            county_code=county_code,
        )
        members = [head]

        spouse: SyntheticPerson | None = None
        if rng.random() < 0.75:
            head_age = head.age_on(self._today)
            spouse_age = max(20, head_age + rng.randint(-5, 5))
            spouse = self.person(
                relation=RELATION_SPOUSE,
                sex=Sex.FEMALE if head.sex is Sex.MALE else Sex.MALE,
                birth=self.birth_date(age_min=spouse_age, age_max=spouse_age),
                county_code=county_code,
            )
            members.append(spouse)

        # Children take the father's surname, the common practice.
        father = head if head.sex is Sex.MALE else spouse
        child_surname = father.name[0] if father else head.name[0]
        younger_parent = min((p for p in (head, spouse) if p), key=lambda p: p.age_on(self._today))
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            child_birth = self._child_birth(younger_parent.birth_date)
            if child_birth is None:
                break
            members.append(
                self.person(
                    relation=RELATION_CHILD, birth=child_birth, surname=child_surname, county_code=county_code
                )
            )

        if head.age_on(self._today) <= 55 and rng.random() < 0.25:
            parent_age = head.age_on(self._today) + rng.randint(20, 35)
            parent_sex = rng.choice((Sex.MALE, Sex.FEMALE))
            members.append(
                self.person(
                    relation=RELATION_PARENT,
                    sex=parent_sex,
                    birth=self.birth_date(age_min=parent_age, age_max=parent_age),
                    # The head's father shares the head's surname only if the head took it from him.
                    surname=head.name[0] if parent_sex is Sex.MALE else None,
                    county_code=county_code,
                )
            )

        return SyntheticHousehold(
            county_code=county_code,
            county_name=JINGDEZHEN_COUNTIES[county_code],
            address=self.address(county_code, urban=urban),
            is_urban=urban,
            bank_account=self.bank_account(),
            members=tuple(members),
        )

    def households(self, count: int) -> tuple[SyntheticHousehold, ...]:
        return tuple(self.household() for _ in range(count))

    def _child_birth(self, parent_birth: date) -> date | None:
        # Born when the younger parent was 20-40, and not after today.
        earliest = _years_after(parent_birth, 20)
        latest = min(_years_after(parent_birth, 40), self._today)
        if earliest > latest:
            return None
        return date.fromordinal(self._rng.randint(earliest.toordinal(), latest.toordinal()))


def synthetic_households(seed: int, count: int, *, today: date) -> tuple[SyntheticHousehold, ...]:
    return SyntheticGenerator(seed, today=today).households(count)


def _years_before(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February in a common year
        return d.replace(year=d.year - years, day=28)


def _years_after(d: date, years: int) -> date:
    return _years_before(d, -years)


def _luhn_digit(body: str) -> str:
    total = 0
    # From the right of the body, every first digit is doubled (the check digit will sit to its right).
    for i, c in enumerate(reversed(body)):
        n = int(c)
        if i % 2 == 0:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return str(-total % 10)
