from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import IdNumberError, ValidationError
from app.domain.idnumber import (
    MAINLAND_PROVINCES,
    IdRule,
    IdType,
    IdWarningCode,
    Sex,
    check_digit,
    is_valid_id_number,
    mask_account,
    mask_id_number,
    mask_phone,
    parse_id_number,
    upgrade_15_to_18,
    validate_id_number,
)

TODAY = date(2025, 6, 1)


# The reference checker exactly as printed in DOMAIN §12: an oracle independent of the code under test.
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def gb11643_ok(s: str) -> bool:
    s = s.strip().upper()
    if len(s) != 18 or not s[:17].isdigit() or s[17] not in "0123456789X":
        return False
    return CHECK[sum(int(c) * w for c, w in zip(s[:17], W, strict=True)) % 11] == s[17]


def with_check(first17: str) -> str:
    """Complete 17 digits with the oracle's check character, so a vector fails only the rule it targets."""
    return first17 + CHECK[sum(int(c) * w for c, w in zip(first17, W, strict=True)) % 11]


def wrong_check(first17: str) -> str:
    """Complete 17 digits with a check character that is valid in shape but wrong."""
    right = with_check(first17)[-1]
    return first17 + ("1" if right != "1" else "2")


def rule_of(text: str, **kwargs: object) -> IdRule:
    with pytest.raises(IdNumberError) as info:
        parse_id_number(text, today=TODAY, **kwargs)  # type: ignore[arg-type]
    return info.value.params["rule"]


# --- valid numbers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "sex", "birth", "address", "province"),
    [
        ("11010519491231002X", "11010519491231002X", Sex.FEMALE, date(1949, 12, 31), "110105", "11"),
        ("440524188001010014", "440524188001010014", Sex.MALE, date(1880, 1, 1), "440524", "44"),
        ("360203198001010015", "360203198001010015", Sex.MALE, date(1980, 1, 1), "360203", "36"),
        # lowercase x, surrounding and inner whitespace, full-width digits and ｘ
        ("  11010519491231002x\n", "11010519491231002X", Sex.FEMALE, date(1949, 12, 31), "110105", "11"),
        ("110105 19491231 002X", "11010519491231002X", Sex.FEMALE, date(1949, 12, 31), "110105", "11"),
        (
            "１１０１０５１９４９１２３１００２ｘ",
            "11010519491231002X",
            Sex.FEMALE,
            date(1949, 12, 31),
            "110105",
            "11",
        ),
        (
            "３６０２０３１９８００１０１００１５",
            "360203198001010015",
            Sex.MALE,
            date(1980, 1, 1),
            "360203",
            "36",
        ),
        ("11010519491231002Ｘ", "11010519491231002X", Sex.FEMALE, date(1949, 12, 31), "110105", "11"),
    ],
)
def test_valid_numbers_parse_and_derive(
    text: str, value: str, sex: Sex, birth: date, address: str, province: str
) -> None:
    n = parse_id_number(text, today=TODAY)
    assert n.value == value
    assert n.id_type is IdType.RESIDENT
    assert n.sex == sex
    assert n.sex == ("M" if sex is Sex.MALE else "F")
    assert n.birth_date == birth
    assert n.address_code == address
    assert n.province_code == province
    assert is_valid_id_number(text, today=TODAY)
    assert validate_id_number(text, today=TODAY) is None


def test_household_register_number_follows_resident_rules() -> None:
    n = parse_id_number("360203198001010015", id_type=IdType.HOUSEHOLD_REGISTER, today=TODAY)
    assert (n.id_type, n.sex, n.birth_date) == (IdType.HOUSEHOLD_REGISTER, Sex.MALE, date(1980, 1, 1))
    with pytest.raises(IdNumberError, match="公民身份号码校验码错误"):
        parse_id_number("360203198001010016", id_type=IdType.HOUSEHOLD_REGISTER, today=TODAY)


def test_birth_today_is_accepted() -> None:
    n = parse_id_number(with_check(f"360222{TODAY:%Y%m%d}002"), today=TODAY)
    assert n.birth_date == TODAY
    assert n.sex is Sex.FEMALE
    assert n.age_on(TODAY) == 0


# --- invalid numbers: each rule -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("", IdRule.LENGTH),
        ("   ", IdRule.LENGTH),
        ("11010519491231002", IdRule.LENGTH),
        ("11010519491231002X1", IdRule.LENGTH),
        ("110105491231002", IdRule.LENGTH),  # 15 digits without allow_legacy
        ("1101051949123100X2", IdRule.CHARACTERS),
        ("11010519491231002Y", IdRule.CHARACTERS),
        ("110105194912310O2X", IdRule.CHARACTERS),  # letter O
        ("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X", IdRule.CHARACTERS),  # Arabic-Indic digits pass str.isdigit()
        ("11010519491231002²", IdRule.CHARACTERS),
        (with_check("000000198001010011"[:17]), IdRule.PROVINCE),
        (with_check("990000198001010011"[:17]), IdRule.PROVINCE),
        (with_check("190000198001010011"[:17]), IdRule.PROVINCE),
        (with_check("710000198001010011"[:17]), IdRule.PROVINCE),
        (with_check("910000198001010011"[:17]), IdRule.PROVINCE),
        (with_check("81010019800101001"), IdRule.PROVINCE),  # 81 but not the HMT code 810000
        (with_check("81000019900101001"), IdRule.ID_TYPE),  # an HMT permit typed as resident ID
        (with_check("36020319490230001"), IdRule.BIRTH_DATE),  # 30 February
        (with_check("36020319491301001"), IdRule.BIRTH_DATE),  # month 13
        (with_check("36020319490100001"), IdRule.BIRTH_DATE),  # day 0
        (with_check("36020300000101001"), IdRule.BIRTH_DATE),  # year 0
        (with_check("36020320230229001"), IdRule.BIRTH_DATE),  # 29 February in a common year
        (with_check(f"360203{TODAY + timedelta(days=1):%Y%m%d}001"), IdRule.BIRTH_IN_FUTURE),
        (with_check("36020320991231001"), IdRule.BIRTH_IN_FUTURE),
        ("110105194912310021", IdRule.CHECKSUM),
        ("360203198001010016", IdRule.CHECKSUM),
        ("44052418800101001X", IdRule.CHECKSUM),
    ],
)
def test_each_rule_is_named(text: str, rule: IdRule) -> None:
    assert rule_of(text) is rule
    err = validate_id_number(text, today=TODAY)
    assert err is not None
    assert err.params["rule"] is rule
    assert not is_valid_id_number(text, today=TODAY)


def test_checksum_message_names_expected_and_actual() -> None:
    with pytest.raises(IdNumberError) as info:
        parse_id_number("110105194912310025", today=TODAY)
    err = info.value
    assert err.message == "身份证号校验码错误：应为X，实为5"
    assert (err.params["expected"], err.params["actual"]) == ("X", "5")
    assert err.code == "ID_NUMBER"
    assert isinstance(err, ValidationError)


def test_errors_never_echo_the_whole_number() -> None:
    for text in ["110105194912310025", with_check("36020319490230001"), "1101051949123100X2"]:
        err = validate_id_number(text, today=TODAY)
        assert err is not None
        assert text not in err.message


def test_future_date_depends_on_today() -> None:
    text = with_check("36020320250602002")
    assert rule_of(text) is IdRule.BIRTH_IN_FUTURE
    assert parse_id_number(text, today=date(2025, 6, 2)).birth_date == date(2025, 6, 2)


# --- address code currency: warn, never reject ------------------------------------------------------------------


def test_address_code_not_current_is_a_warning_only() -> None:
    current = {"360202", "360222", "360281"}
    n = parse_id_number("360203198001010015", today=TODAY, current_address_codes=current)
    assert [w.code for w in n.warnings] == [IdWarningCode.ADDRESS_CODE_NOT_CURRENT]
    assert "360203" in n.warnings[0].message
    n = parse_id_number("360203198001010015", today=TODAY, current_address_codes=current | {"360203"})
    assert n.warnings == ()


def test_implausible_age_warns_but_accepts() -> None:
    n = parse_id_number("440524188001010014", today=TODAY)
    assert [w.code for w in n.warnings] == [IdWarningCode.IMPLAUSIBLE_AGE]
    assert parse_id_number("11010519491231002X", today=TODAY).warnings == ()


# --- age ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "on", "age", "minor", "under14"),
    [
        (date(2007, 6, 1), date(2025, 5, 31), 17, True, False),
        (date(2007, 6, 1), date(2025, 6, 1), 18, False, False),
        (date(2011, 6, 2), date(2025, 6, 1), 13, True, True),
        (date(2011, 6, 1), date(2025, 6, 1), 14, True, False),
        (date(2004, 2, 29), date(2022, 2, 28), 17, True, False),
        (date(2004, 2, 29), date(2022, 3, 1), 18, False, False),
        (date(2004, 2, 29), date(2024, 2, 29), 20, False, False),
        (date(1949, 12, 31), date(2025, 6, 1), 75, False, False),
    ],
)
def test_age_minor_and_under_14(birth: date, on: date, age: int, minor: bool, under14: bool) -> None:
    n = parse_id_number(with_check(f"360281{birth:%Y%m%d}003"), today=on)
    assert n.age_on(on) == age
    assert n.is_minor_on(on) is minor
    assert n.is_under_14_on(on) is under14


# --- 15-digit legacy numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("110105491231002", "11010519491231002X"),
        ("３６０２０３８００１０１００１", with_check("36020319800101001")),
        ("360222650715123", with_check("36022219650715123")),
    ],
)
def test_upgrade_15_to_18(old: str, new: str) -> None:
    assert upgrade_15_to_18(old) == new
    assert gb11643_ok(new)


@pytest.mark.parametrize(
    ("old", "rule"),
    [
        ("11010549123100", IdRule.LENGTH),
        ("11010519491231002X", IdRule.LENGTH),
        ("11010549123100X", IdRule.CHARACTERS),
    ],
)
def test_upgrade_rejects_bad_shapes(old: str, rule: IdRule) -> None:
    with pytest.raises(IdNumberError) as info:
        upgrade_15_to_18(old)
    assert info.value.params["rule"] is rule


def test_15_digits_accepted_only_for_legacy_import() -> None:
    assert rule_of("110105491231002") is IdRule.LENGTH
    n = parse_id_number("110105491231002", today=TODAY, allow_legacy=True)
    assert n.value == "11010519491231002X"
    assert n.birth_date == date(1949, 12, 31)
    assert n.sex is Sex.FEMALE
    assert IdWarningCode.UPGRADED_FROM_15 in [w.code for w in n.warnings]
    # The upgraded number still goes through every check.
    assert rule_of("110105490230002", allow_legacy=True) is IdRule.BIRTH_DATE
    # An 18-digit number under allow_legacy is not flagged as upgraded.
    assert parse_id_number("11010519491231002X", today=TODAY, allow_legacy=True).warnings == ()


# --- other document types ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["810000", "820000", "830000"])
def test_hmt_residence_permit(code: str) -> None:
    text = with_check(f"{code}19900101001")
    n = parse_id_number(text, id_type=IdType.HMT_RESIDENCE, today=TODAY)
    assert (n.address_code, n.sex, n.birth_date) == (code, Sex.MALE, date(1990, 1, 1))
    assert rule_of(text) is IdRule.ID_TYPE


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("360203198001010015", IdRule.PROVINCE),
        (with_check("81010019900101001"), IdRule.PROVINCE),
        (wrong_check("81000019900101001"), IdRule.CHECKSUM),
        (with_check("81000019901301001"), IdRule.BIRTH_DATE),
    ],
)
def test_hmt_residence_permit_rules(text: str, rule: IdRule) -> None:
    assert rule_of(text, id_type=IdType.HMT_RESIDENCE) is rule


def test_hmt_checksum_error_uses_the_permits_name() -> None:
    bad = wrong_check("81000019900101001")
    with pytest.raises(IdNumberError, match="居住证号码校验码错误"):
        parse_id_number(bad, id_type=IdType.HMT_RESIDENCE, today=TODAY)


def test_foreign_permanent_residence_card() -> None:
    # 9 + province 11 + nationality 840 + birth 19850315 + sequence 002 + check
    text = with_check("91184019850315002")
    n = parse_id_number(text, id_type=IdType.FOREIGN_PERMANENT, today=TODAY)
    assert (n.province_code, n.nationality_code, n.address_code) == ("11", "840", "")
    assert (n.birth_date, n.sex) == (date(1985, 3, 15), Sex.FEMALE)
    assert rule_of(text) is IdRule.PROVINCE  # "91" is no mainland province


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("360203198001010015", IdRule.ID_TYPE),  # a citizen's number
        (with_check("99984019850315002"), IdRule.PROVINCE),
        (with_check("91184019851315002"), IdRule.BIRTH_DATE),
        ("USA110079020101", IdRule.LENGTH),  # old 2004-2017 format, not accepted
        (wrong_check("91184019850315002"), IdRule.CHECKSUM),
    ],
)
def test_foreign_permanent_rules(text: str, rule: IdRule) -> None:
    assert rule_of(text, id_type=IdType.FOREIGN_PERMANENT) is rule


def test_legacy_upgrade_is_for_citizen_numbers_only() -> None:
    assert rule_of("110105491231002", id_type=IdType.HMT_RESIDENCE, allow_legacy=True) is IdRule.LENGTH
    assert rule_of("110105491231002", id_type=IdType.FOREIGN_PERMANENT, allow_legacy=True) is IdRule.LENGTH


def test_pending_needs_a_reason_and_no_number() -> None:
    n = parse_id_number("", id_type=IdType.PENDING, today=TODAY, pending_reason=" 新生儿尚未落户 ")
    assert (n.value, n.pending_reason, n.is_pending) == ("", "新生儿尚未落户", True)
    assert n.birth_date is None
    assert n.sex is None
    assert n.age_on(TODAY) is None
    assert n.is_minor_on(TODAY) is None
    assert n.is_under_14_on(TODAY) is None
    assert rule_of("", id_type=IdType.PENDING) is IdRule.PENDING_REASON
    assert rule_of("  ", id_type=IdType.PENDING, pending_reason="  ") is IdRule.PENDING_REASON
    assert rule_of("360203198001010015", id_type=IdType.PENDING, pending_reason="x") is IdRule.ID_TYPE


def test_every_type_has_a_chinese_label() -> None:
    from app.domain.idnumber import ID_TYPE_LABELS

    assert set(ID_TYPE_LABELS) == set(IdType)
    assert ID_TYPE_LABELS[IdType.RESIDENT] == "居民身份证"
    assert ID_TYPE_LABELS[IdType.HMT_RESIDENCE] == "港澳台居民居住证"
    assert ID_TYPE_LABELS[IdType.FOREIGN_PERMANENT] == "外国人永久居留身份证"


# --- check digit -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first17", "digit"),
    [("11010519491231002", "X"), ("44052418800101001", "4"), ("36020319800101001", "5")],
)
def test_check_digit_vectors(first17: str, digit: str) -> None:
    assert check_digit(first17) == digit


@pytest.mark.parametrize(
    "bad",
    ["", "1101051949123100", "110105194912310021", "1101051949123100X", "１１０１０５１９４９１２３１００２"],
)
def test_check_digit_needs_17_ascii_digits(bad: str) -> None:
    with pytest.raises(ValueError, match="17"):
        check_digit(bad)


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_digit_agrees_with_domain_reference(first17: str) -> None:
    assert gb11643_ok(first17 + check_digit(first17))


# --- properties over generated numbers ---------------------------------------------------------------------------

first17s = st.builds(
    lambda province, rest, birth, seq: f"{province}{rest:04d}{birth:%Y%m%d}{seq:03d}",
    st.sampled_from(sorted(MAINLAND_PROVINCES)),
    st.integers(0, 9999),
    st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    st.integers(0, 999),
)


@given(first17s)
def test_generated_numbers_round_trip(first17: str) -> None:
    text = first17 + check_digit(first17)
    n = parse_id_number(text, today=TODAY)
    assert n.value == text
    assert n.birth_date == date(int(first17[6:10]), int(first17[10:12]), int(first17[12:14]))
    assert n.sex is (Sex.MALE if int(first17[16]) % 2 == 1 else Sex.FEMALE)
    assert n.province_code == first17[:2]
    assert n.address_code == first17[:6]


@given(first17s, st.integers(0, 17), st.integers(1, 10))
def test_any_single_character_change_is_rejected(first17: str, position: int, shift: int) -> None:
    valid = first17 + check_digit(first17)
    alphabet = "0123456789X" if position == 17 else "0123456789"
    changed_char = alphabet[(alphabet.index(valid[position]) + shift) % len(alphabet)]
    if changed_char == valid[position]:
        return
    changed = valid[:position] + changed_char + valid[position + 1 :]
    assert not gb11643_ok(changed)
    with pytest.raises(IdNumberError) as info:
        parse_id_number(changed, today=TODAY)
    if position >= 14:  # sequence and check digits are guarded by the checksum alone
        assert info.value.params["rule"] is IdRule.CHECKSUM


@given(first17s, st.integers(0, 15))
def test_adjacent_transposition_is_rejected(first17: str, position: int) -> None:
    valid = first17 + check_digit(first17)
    a, b = valid[position], valid[position + 1]
    if a == b:
        return
    swapped = valid[:position] + b + a + valid[position + 2 :]
    assert validate_id_number(swapped, today=TODAY) is not None


# --- masking ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("func", "text", "masked"),
    [
        (mask_id_number, "11010519491231002X", "**************002X"),
        (mask_id_number, "11010519491231002x", "**************002X"),
        (mask_id_number, "１１０１０５１９４９１２３１００２Ｘ", "**************002X"),
        (mask_id_number, " 110105 19491231 002X ", "**************002X"),
        (mask_id_number, "", ""),
        (mask_id_number, "002X", "****"),
        (mask_phone, "19900001234", "*******1234"),
        (mask_phone, "+86 199-0000-1234", "*********1234"),
        (mask_phone, "123", "***"),
        (mask_account, "9999 0012 3456 7890 123", "***************0123"),
        (mask_account, "6222-0212-3456-7890", "************7890"),
    ],
)
def test_masking_examples(func: Callable[[str], str], text: str, masked: str) -> None:
    assert func(text) == masked


@given(st.text(max_size=40))
def test_masks_never_reveal_more_than_the_last_4(text: str) -> None:
    for func in (mask_id_number, mask_phone, mask_account):
        masked = func(text)
        if len(masked) <= 4:
            assert set(masked) <= {"*"}
        else:
            assert set(masked[:-4]) == {"*"}


@given(st.lists(st.sampled_from("0123456789 -"), min_size=5, max_size=30).map("".join))
def test_masks_show_exactly_the_last_4_digits(text: str) -> None:
    digits = text.replace(" ", "").replace("-", "")
    expected = "*" * (len(digits) - 4) + digits[-4:] if len(digits) > 4 else "*" * len(digits)
    assert mask_phone(text) == expected
    assert mask_account(text) == expected


def test_repr_of_a_parsed_number_is_masked() -> None:
    n = parse_id_number("11010519491231002X", today=TODAY)
    assert "11010519491231002X" not in repr(n)
    assert "19491231" not in repr(n)
    assert n.masked == "**************002X"
