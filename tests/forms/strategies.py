"""Hypothesis strategies that build valid data for any form definition, in the canonical stored shape.

Values are drawn per field type within the definition's bounds; then conditions (required-if) and cross-field checks
are satisfied by repair, so the strategy follows the definition rather than a hand-written list per form. Photos and
signatures are drawn from pools of real attachments the test stored beforehand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from app.domain.idnumber import Sex
from app.domain.money import quantize_yuan
from app.domain.synthetic import SyntheticGenerator
from forms.model import Compare, CompareOp, Field, FieldType, FormDefinition, Unique
from forms.validation import is_required
from forms.values import format_number, is_empty, parse_date, parse_money, parse_number

TEXT_ALPHABET = "王李张刘陈桃源村记录情况属实困难务农住房调查邻居abcXYZ0123456789-（）、，。"
FIRST_DAY = date(2020, 1, 1)


def id_pool(today: date, size: int = 400) -> list[str]:
    gen = SyntheticGenerator(11, today=today)
    out: list[str] = []
    for n in range(size):
        birth = gen.birth_date(age_min=1, age_max=90)
        out.append(gen.id_number(birth=birth, sex=Sex.MALE if n % 2 else Sex.FEMALE))
    return out


class Pools:
    def __init__(
        self, *, today: date, photos: Sequence[dict[str, Any]], signatures: Sequence[dict[str, Any]]
    ) -> None:
        self.today = today
        self.ids = id_pool(today)
        self.photos = list(photos)
        self.signatures = list(signatures)


def _text(field: Field) -> st.SearchStrategy[str]:
    limit = min(field.max_length or 40, 40)
    alphabet = TEXT_ALPHABET + ("\n" if field.multiline else "")
    return st.text(alphabet=alphabet, min_size=1, max_size=limit).map(str.strip).filter(bool)


def _number(field: Field) -> st.SearchStrategy[str]:
    low = field.min_value if field.min_value is not None else Decimal(0)
    high = field.max_value if field.max_value is not None else Decimal(100000)
    if field.integer:
        return st.integers(int(low), int(high)).map(str)
    return st.decimals(min_value=low, max_value=high, places=2, allow_nan=False, allow_infinity=False).map(
        format_number
    )


def _money(field: Field) -> st.SearchStrategy[str]:
    high = min(field.max_value or Decimal(1_000_000), Decimal(1_000_000))
    return st.decimals(
        min_value=Decimal(0), max_value=high, places=2, allow_nan=False, allow_infinity=False
    ).map(lambda d: f"{quantize_yuan(d):f}")


def _date(field: Field, today: date) -> st.SearchStrategy[str]:
    last = today if field.not_in_future else today + timedelta(days=365)
    return st.dates(FIRST_DAY, last).map(date.isoformat)


def value_strategy(field: Field, pools: Pools) -> st.SearchStrategy[Any]:
    kind = field.type
    if kind == FieldType.TEXT:
        return _text(field)
    if kind == FieldType.NUMBER:
        return _number(field)
    if kind == FieldType.MONEY:
        return _money(field)
    if kind == FieldType.DATE:
        return _date(field, pools.today)
    if kind == FieldType.CHOICE:
        if field.key.endswith("id_type"):
            return st.just("resident")  # ID numbers are drawn as resident numbers
        return st.sampled_from([c.code for c in field.choices])
    if kind == FieldType.MULTI_CHOICE:
        codes = [c.code for c in field.choices]
        return st.lists(
            st.sampled_from(codes), unique=True, min_size=max(1, field.min_items), max_size=len(codes)
        ).map(
            lambda chosen: [c for c in codes if c in chosen]  # the editor returns ticks in form order
        )
    if kind == FieldType.ID_NUMBER:
        return st.sampled_from(pools.ids)
    if kind == FieldType.PHONE:
        return st.integers(0, 99_999_999).map(lambda n: f"199{n:08d}")
    if kind == FieldType.PHOTO:
        high = min(field.max_items or 2, 2, len(pools.photos))
        cats = [c.code for c in field.photo_categories]
        entry = st.tuples(
            st.integers(0, len(pools.photos) - 1),
            st.sampled_from(cats),
            st.sampled_from(["", "外景", "室内一角"]),
        )
        return st.lists(
            entry, min_size=max(field.min_items, 1), max_size=max(high, 1), unique_by=lambda t: t[0]
        ).map(lambda picks: [{**pools.photos[i], "category": c, "caption": cap} for i, c, cap in picks])
    if kind == FieldType.SIGNATURE:
        return st.sampled_from(pools.signatures)
    raise AssertionError(f"no strategy for {kind}")


def _row(
    fields: Sequence[Field],
    pools: Pools,
    draw: Callable[[st.SearchStrategy[Any]], Any],
    top: dict[str, Any] | None,
) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for field in fields:
        if field.type == FieldType.REPEAT:
            low = max(field.min_items, 1 if field.required else 0)
            count = draw(st.integers(low, min(field.max_items or 3, 3)))
            if count:
                row[field.key] = [_row(field.fields, pools, draw, None) for _ in range(count)]
        elif field.required or draw(st.booleans()):
            row[field.key] = draw(value_strategy(field, pools))
    return row


def _fill_conditions(
    fields: Sequence[Field], row: dict[str, Any], top: dict[str, Any], pools: Pools, draw: Any
) -> None:
    for _ in range(2):
        for field in fields:
            if field.type == FieldType.REPEAT:
                for item in row.get(field.key, []):
                    _fill_conditions(field.fields, item, top, pools, draw)
            elif is_empty(row.get(field.key)) and is_required(field, row, top):
                row[field.key] = draw(value_strategy(field, pools))


def _shift(field: Field, value: str, steps: int) -> str:
    if field.type == FieldType.DATE:
        return (parse_date(value) + timedelta(days=steps)).isoformat()
    if field.type == FieldType.MONEY:
        return f"{quantize_yuan(parse_money(value) + steps):f}"
    return format_number(parse_number(value) + steps)


def _repair_compare(check: Compare, rows: list[dict[str, Any]], left: Field, right: Field) -> None:
    for row in rows:
        if is_empty(row.get(check.left)) or is_empty(row.get(check.right)):
            continue
        if check.op in (CompareOp.LE, CompareOp.GE, CompareOp.EQ):
            row[check.left] = row[check.right] if left.type == right.type else row[check.left]
        elif check.op == CompareOp.GT:
            row[check.left] = _shift(left, row[check.right], 1)
        else:
            row[check.left] = _shift(left, row[check.right], -1)


def _repair(definition: FormDefinition, data: dict[str, Any], pools: Pools) -> None:
    for check in definition.checks:
        if isinstance(check, Compare):
            if check.repeat is None:
                left, right, rows = definition.field(check.left), definition.field(check.right), [data]
            else:
                group = definition.field(check.repeat)
                assert group is not None
                left, right, rows = (
                    group.sub_field(check.left),
                    group.sub_field(check.right),
                    data.get(check.repeat, []),
                )
            assert left is not None and right is not None
            _repair_compare(check, rows, left, right)
        elif isinstance(check, Unique):
            seen: set[str] = set()
            spare = iter(
                v for v in pools.ids if v not in {r.get(check.field) for r in data.get(check.repeat, [])}
            )
            for row in data.get(check.repeat, []):
                value = row.get(check.field)
                if value in seen:
                    row[check.field] = next(spare)
                if row.get(check.field):
                    seen.add(row[check.field])


@st.composite
def valid_data(draw: Any, definition: FormDefinition, pools: Pools) -> dict[str, Any]:
    data = _row(tuple(definition.fields()), pools, draw, None)
    _fill_conditions(tuple(definition.fields()), data, data, pools, draw)
    _repair(definition, data, pools)
    _repair(
        definition, data, pools
    )  # a second pass settles chained checks (present ≤ expected, agree ≤ present)
    return data
