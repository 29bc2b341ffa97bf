"""Reading what a person typed into a field, and the canonical stored form of each value type.

The renderer, the services and the server all call these, so "1,500元", "１５００" and "1500" are the same amount
everywhere. A value that cannot be read is kept as typed (a draft keeps what the user wrote) and reported by
``forms.validation``.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from app.domain.errors import ValidationError
from app.domain.idnumber import normalize_id_text
from app.domain.money import parse_yuan, quantize_yuan
from forms.model import Field, FieldType

_FULL_WIDTH = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, "．": ".", "－": "-", "／": "/", "，": ",", "　": " "}
)
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
# Mainland mobile numbers, or a landline with its area code (景德镇 0798-xxxxxxx).
_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, dict, tuple)):
        return len(value) == 0  # pyright: ignore[reportUnknownArgumentType]
    return False


def parse_number(text: str) -> Decimal:
    s = "".join(text.translate(_FULL_WIDTH).split()).replace(",", "")
    try:
        value = Decimal(s)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def format_number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in {"-0", "0.0"} else text


def parse_money(text: str) -> Decimal:
    try:
        return quantize_yuan(parse_yuan(text))
    except ValidationError:
        raise ValueError(text) from None


def parse_date(text: str) -> date:
    s = "".join(text.translate(_FULL_WIDTH).split())
    for pattern in _DATE_PATTERNS:
        m = pattern.match(s)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                break
    raise ValueError(text)


def normalize_phone(text: str) -> str:
    return "".join(text.translate(_FULL_WIDTH).split())


def is_phone(text: str) -> bool:
    return bool(_PHONE.match(normalize_phone(text)))


def normalize(field: Field, value: Any) -> Any:
    """The canonical stored form of ``value`` when it can be read; otherwise ``value`` unchanged (stripped)."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return ""
    try:
        match field.type:
            case FieldType.NUMBER:
                return format_number(parse_number(text))
            case FieldType.MONEY:
                return f"{parse_money(text):f}"
            case FieldType.DATE:
                return parse_date(text).isoformat()
            case FieldType.ID_NUMBER:
                return normalize_id_text(text)
            case FieldType.PHONE:
                return normalize_phone(text)
            case _:
                return value if field.multiline else text
    except ValueError:
        return text
