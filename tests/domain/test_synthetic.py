from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.idnumber import IdType, Sex, parse_id_number
from app.domain.synthetic import (
    JINGDEZHEN_COUNTIES,
    RELATION_CHILD,
    RELATION_PARENT,
    RELATION_SELF,
    RELATION_SPOUSE,
    SyntheticGenerator,
    SyntheticHousehold,
    synthetic_households,
)

TODAY = date(2025, 6, 1)


@pytest.fixture(scope="module")
def households() -> tuple[SyntheticHousehold, ...]:
    return synthetic_households(20250601, 300, today=TODAY)


def luhn_ok(number: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(number)):
        n = int(c) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def test_same_seed_same_data() -> None:
    assert synthetic_households(7, 25, today=TODAY) == synthetic_households(7, 25, today=TODAY)


def test_different_seed_different_data() -> None:
    assert synthetic_households(7, 5, today=TODAY) != synthetic_households(8, 5, today=TODAY)


def test_every_id_number_passes_validation_and_matches_the_person(
    households: tuple[SyntheticHousehold, ...],
) -> None:
    for household in households:
        for person in household.members:
            parsed = parse_id_number(
                person.id_number, id_type=person.id_type, today=TODAY, pending_reason=person.pending_reason
            )
            if person.id_type is IdType.PENDING:
                assert person.id_number == ""
                assert person.age_on(TODAY) == 0
                continue
            assert parsed.sex is person.sex
            assert parsed.birth_date == person.birth_date
            assert parsed.address_code == household.county_code
            assert parsed.warnings == ()


def test_id_numbers_are_unique(households: tuple[SyntheticHousehold, ...]) -> None:
    numbers = [p.id_number for h in households for p in h.members if p.id_number]
    assert len(numbers) == len(set(numbers))


def test_children_under_16_use_the_household_register(households: tuple[SyntheticHousehold, ...]) -> None:
    for person in (p for h in households for p in h.members):
        if person.id_type is not IdType.PENDING:
            expected = IdType.HOUSEHOLD_REGISTER if person.age_on(TODAY) < 16 else IdType.RESIDENT
            assert person.id_type is expected


def test_households_are_plausible(households: tuple[SyntheticHousehold, ...]) -> None:
    for household in households:
        head = household.head
        relations = [p.relation for p in household.members]
        assert relations[0] == RELATION_SELF
        assert relations.count(RELATION_SELF) == 1
        assert relations.count(RELATION_SPOUSE) <= 1
        assert set(relations) <= {RELATION_SELF, RELATION_SPOUSE, RELATION_CHILD, RELATION_PARENT}
        assert 22 <= head.age_on(TODAY) <= 78
        spouses = [p for p in household.members if p.relation == RELATION_SPOUSE]
        for spouse in spouses:
            assert spouse.sex is not head.sex
            assert spouse.age_on(TODAY) >= 20
        parents = [head, *spouses]
        for child in (p for p in household.members if p.relation == RELATION_CHILD):
            assert child.birth_date <= TODAY
            assert min(p.age_on(TODAY) for p in parents) - child.age_on(TODAY) >= 20
        for parent in (p for p in household.members if p.relation == RELATION_PARENT):
            assert parent.age_on(TODAY) - head.age_on(TODAY) >= 20


def test_children_carry_the_fathers_surname(households: tuple[SyntheticHousehold, ...]) -> None:
    for household in households:
        fathers = [
            p
            for p in household.members
            if p.relation in (RELATION_SELF, RELATION_SPOUSE) and p.sex is Sex.MALE
        ]
        surname = fathers[0].name[0] if fathers else household.head.name[0]
        for child in (p for p in household.members if p.relation == RELATION_CHILD):
            assert child.name[0] == surname


def test_the_mix_contains_what_demos_and_tests_need(households: tuple[SyntheticHousehold, ...]) -> None:
    assert {h.county_code for h in households} == set(JINGDEZHEN_COUNTIES)
    with_minors = [h for h in households if h.minors_on(TODAY)]
    assert 0.1 * len(households) < len(with_minors) < 0.9 * len(households)
    people = [p for h in households for p in h.members]
    assert any(p.age_on(TODAY) < 14 for p in people)
    assert {p.sex for p in people} == {Sex.MALE, Sex.FEMALE}
    assert any(p.id_type is IdType.PENDING for p in people)
    assert any(len(h.members) == 1 for h in households)
    assert any(h.is_urban for h in households)
    assert any(not h.is_urban for h in households)


def test_names_are_two_or_three_chinese_characters(households: tuple[SyntheticHousehold, ...]) -> None:
    for person in (p for h in households for p in h.members):
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,3}", person.name), person.name


def test_contact_numbers_use_the_documented_fake_patterns(households: tuple[SyntheticHousehold, ...]) -> None:
    for household in households:
        assert re.fullmatch(r"999900\d{13}", household.bank_account)
        assert luhn_ok(household.bank_account)
        for person in household.members:
            if person.age_on(TODAY) >= 16:
                assert re.fullmatch(r"1990000\d{4}", person.phone)
            else:
                assert person.phone == ""


def test_address_names_the_county_and_a_village_or_community(
    households: tuple[SyntheticHousehold, ...],
) -> None:
    for household in households:
        assert household.address.startswith(f"江西省景德镇市{household.county_name}")
        assert household.county_name == JINGDEZHEN_COUNTIES[household.county_code]
        assert ("社区" if household.is_urban else "村") in household.address
        if household.county_code in ("360222", "360281"):
            assert not household.is_urban


@given(
    st.integers(min_value=0, max_value=2**32),
    st.sampled_from([Sex.MALE, Sex.FEMALE]),
    st.dates(date(1920, 1, 1), TODAY),
)
def test_generated_id_numbers_match_sex_and_birth(seed: int, sex: Sex, birth: date) -> None:
    number = SyntheticGenerator(seed, today=TODAY).id_number(birth=birth, sex=sex, county_code="360281")
    parsed = parse_id_number(number, today=TODAY)
    assert (parsed.sex, parsed.birth_date, parsed.address_code) == (sex, birth, "360281")


@pytest.mark.parametrize(("age_min", "age_max"), [(0, 0), (18, 18), (17, 17), (22, 78), (100, 100)])
def test_birth_date_gives_the_requested_age(age_min: int, age_max: int) -> None:
    generator = SyntheticGenerator(1, today=TODAY)
    for _ in range(200):
        assert age_min <= parse_age(generator.birth_date(age_min=age_min, age_max=age_max)) <= age_max


def parse_age(birth: date) -> int:
    return TODAY.year - birth.year - ((TODAY.month, TODAY.day) < (birth.month, birth.day))


def test_leap_day_today_does_not_break_generation() -> None:
    households = synthetic_households(3, 50, today=date(2024, 2, 29))
    assert len(households) == 50


def test_more_households_than_fake_phone_numbers_still_finish() -> None:
    from datetime import date

    from app.domain.synthetic import synthetic_households

    made = synthetic_households(5, 4000, today=date(2026, 9, 18))  # ~3 phones each: more than the 10,000 block
    assert len(made) == 4000
