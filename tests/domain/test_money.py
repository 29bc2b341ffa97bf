from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import ValidationError
from app.domain.money import (
    format_yuan,
    from_fen,
    parse_yuan,
    quantize_yuan,
    to_chinese_capital,
    to_fen,
)

D = Decimal


# --- fen <-> yuan --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yuan", "fen"),
    [
        ("0", 0),
        ("1500", 150000),
        ("1500.5", 150050),
        ("0.01", 1),
        ("0.005", 1),  # half-up, not truncation
        ("0.025", 3),  # half-up, not banker's rounding (which gives 2)
        ("1.005", 101),
        ("0.0049", 0),
        ("-0.005", -1),
        ("123456789.99", 12345678999),
    ],
)
def test_to_fen_rounds_half_up(yuan: str, fen: int) -> None:
    assert to_fen(D(yuan)) == fen


@pytest.mark.parametrize(("fen", "text"), [(0, "0.00"), (1, "0.01"), (150050, "1500.50"), (-205, "-2.05")])
def test_from_fen_has_exactly_two_places(fen: int, text: str) -> None:
    assert str(from_fen(fen)) == text


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_fen_round_trip(fen: int) -> None:
    assert to_fen(from_fen(fen)) == fen
    assert from_fen(fen).as_tuple().exponent == -2


def test_floats_never_enter() -> None:
    with pytest.raises(TypeError):
        to_fen(1.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        quantize_yuan(0.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        from_fen(1.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        from_fen(True)


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_amounts_are_refused(bad: str) -> None:
    with pytest.raises(ValidationError):
        to_fen(D(bad))


# --- parsing typed amounts ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1500", "1500.00"),
        ("1,500.5", "1500.50"),
        ("１５００", "1500.00"),
        ("１，５００．５０", "1500.50"),
        ("1500元", "1500.00"),
        ("1500元整", "1500.00"),
        ("￥1,500.50", "1500.50"),
        ("¥ 1500", "1500.00"),
        ("人民币1500元", "1500.00"),
        ("  780.3 ", "780.30"),
        ("0", "0.00"),
        (".5", "0.50"),
        ("1,234,567.89", "1234567.89"),
        ("3万", "30000.00"),
        ("0.8万元", "8000.00"),
        ("1.2345万", "12345.00"),
        ("1500.500", "1500.50"),
    ],
)
def test_parse_yuan_accepts_what_people_type(text: str, expected: str) -> None:
    value = parse_yuan(text)
    assert str(value) == expected


@pytest.mark.parametrize(
    ("text", "message_part"),
    [
        ("", "请填写金额"),
        ("   ", "请填写金额"),
        ("元", "请填写金额"),
        ("abc", "不是有效金额"),
        ("1e3", "不是有效金额"),
        ("NaN", "不是有效金额"),
        ("1.2.3", "不是有效金额"),
        ("--5", "不是有效金额"),
        ("-", "不是有效金额"),
        (".", "不是有效金额"),
        ("1500.555", "两位小数"),
        ("1.2345678万", "两位小数"),
        ("1,50", "逗号"),
        ("15,00.00", "逗号"),
        (",500", "逗号"),
        ("1,5000", "逗号"),
        ("-5", "负数"),
        ("١٥٠٠", "不是有效金额"),
    ],
)
def test_parse_yuan_errors_are_clear(text: str, message_part: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_yuan(text)
    assert message_part in info.value.message


def test_parse_yuan_negative_when_allowed() -> None:
    assert parse_yuan("-1,500.5", allow_negative=True) == D("-1500.50")


@given(st.integers(min_value=0, max_value=10**13))
def test_parse_reads_back_what_format_writes(fen: int) -> None:
    amount = from_fen(fen)
    assert parse_yuan(format_yuan(amount)) == amount
    assert parse_yuan(str(amount)) == amount


# --- formatting -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("1500", "1,500.00"),
        ("0", "0.00"),
        ("0.005", "0.01"),
        ("999.995", "1,000.00"),
        ("1234567.5", "1,234,567.50"),
        ("-1500.5", "-1,500.50"),
    ],
)
def test_format_yuan(amount: str, text: str) -> None:
    assert format_yuan(D(amount)) == text


# --- 人民币大写 -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "capital"),
    [
        ("0", "零元整"),
        ("0.00", "零元整"),
        ("0.004", "零元整"),
        ("1", "壹元整"),
        ("10", "壹拾元整"),
        ("15", "壹拾伍元整"),
        ("1500", "壹仟伍佰元整"),
        ("1001", "壹仟零壹元整"),
        ("1010", "壹仟零壹拾元整"),
        ("10000", "壹万元整"),
        ("100000", "壹拾万元整"),
        ("100010", "壹拾万零壹拾元整"),
        ("1000000.01", "壹佰万元零壹分"),
        ("0.5", "伍角"),
        ("0.05", "伍分"),
        ("0.55", "伍角伍分"),
        ("0.005", "壹分"),
        ("101.10", "壹佰零壹元壹角"),
        ("1770.05", "壹仟柒佰柒拾元零伍分"),
        ("100000.10", "壹拾万元零壹角"),
        ("10.50", "壹拾元零伍角"),
        # The PBOC examples (first form where two are allowed)
        ("1409.50", "壹仟肆佰零玖元伍角"),
        ("6007.14", "陆仟零柒元壹角肆分"),
        ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),
        ("107000.53", "壹拾万柒仟元零伍角叁分"),
        ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
        ("325.04", "叁佰贰拾伍元零肆分"),
        # Zeros across sections
        ("100001", "壹拾万零壹元整"),
        ("1000100", "壹佰万零壹佰元整"),
        ("10010000", "壹仟零壹万元整"),
        ("100000000", "壹亿元整"),
        ("100000001", "壹亿零壹元整"),
        ("100010000", "壹亿零壹万元整"),
        ("110001000", "壹亿壹仟万壹仟元整"),
        ("1000000000000", "壹万亿元整"),
        ("10000000010000", "壹拾万亿零壹万元整"),
        ("1000100000000", "壹万零壹亿元整"),
        ("1000000000001", "壹万亿零壹元整"),
        ("9999999999999999.99", "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ],
)
def test_chinese_capital(amount: str, capital: str) -> None:
    assert to_chinese_capital(D(amount)) == capital


@pytest.mark.parametrize("bad", ["-0.01", "-1500", "10000000000000000"])
def test_chinese_capital_refuses_negative_and_huge(bad: str) -> None:
    with pytest.raises(ValidationError):
        to_chinese_capital(D(bad))


_DIGIT = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
_SMALL_UNIT = {"拾": 10, "佰": 100, "仟": 1000}


def _decode_section(text: str) -> int:
    total, digit = 0, 0
    for ch in text:
        if ch in _SMALL_UNIT:
            assert digit, f"unit {ch} without a digit in {text}"  # 壹拾, never bare 拾
            total += digit * _SMALL_UNIT[ch]
            digit = 0
        else:
            digit = _DIGIT[ch]
    return total + digit


def _decode_integer(text: str) -> int:
    if "亿" in text:
        high, low = text.split("亿")
        return _decode_integer(high) * 10**8 + _decode_integer(low)
    if "万" in text:
        high, low = text.split("万")
        return _decode_section(high) * 10**4 + _decode_section(low)
    return _decode_section(text)


def decode_capital(text: str) -> int:
    """An independent reader of 大写, back to fen."""
    if text == "零元整":
        return 0
    integer, _, fraction = text.rpartition("元")
    fen = _decode_integer(integer) * 100 if integer else 0
    fraction = fraction.removesuffix("整").removeprefix("零")
    if "角" in fraction:
        jiao, fraction = fraction.split("角")
        fen += _DIGIT[jiao] * 10
    if fraction:
        fen += _DIGIT[fraction.removesuffix("分")]
    return fen


@given(st.integers(min_value=0, max_value=10**18 - 1))
def test_chinese_capital_reads_back_and_follows_the_zero_rules(fen: int) -> None:
    text = to_chinese_capital(from_fen(fen))
    assert decode_capital(text) == fen
    assert "零零" not in text
    assert not text.endswith("零")
    for unit in "元万亿角分":
        assert "零" + unit not in text or text == "零元整"
    assert text.endswith("整") == (fen % 100 == 0)
    assert ("元" in text) == (fen >= 100 or fen == 0)
    if fen:
        assert not text.startswith("零")
