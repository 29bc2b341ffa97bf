"""Check a record's data against its definition: required and required-if, ranges, ID checksums, cross-field checks.

``validate`` returns every problem at once, in the order the fields appear on the form, so the renderer can list
them together and move the focus to the first. Each problem carries a stable ``code`` and ``params`` for the UI to
word it (decision 12) and a default Chinese ``message`` for the CLI, the server and the logs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, cast

from app.domain.errors import IdNumberError
from app.domain.idnumber import IdType, parse_id_number
from forms.model import (
    AtLeastOne,
    Compare,
    CompareOp,
    Field,
    FieldType,
    FormDefinition,
    Unique,
    When,
)
from forms.values import is_empty, is_phone, parse_date, parse_money, parse_number

Path = tuple[str | int, ...]


class ProblemCode(StrEnum):
    REQUIRED = "required"
    TOO_LONG = "too_long"
    NOT_A_NUMBER = "not_a_number"
    NOT_INTEGER = "not_integer"
    BELOW_MIN = "below_min"
    ABOVE_MAX = "above_max"
    BAD_MONEY = "bad_money"
    BAD_DATE = "bad_date"
    DATE_IN_FUTURE = "date_in_future"
    BAD_CHOICE = "bad_choice"
    BAD_ID_NUMBER = "bad_id_number"
    BAD_PHONE = "bad_phone"
    TOO_FEW = "too_few"
    TOO_MANY = "too_many"
    BAD_SHAPE = "bad_shape"
    UNKNOWN_FIELD = "unknown_field"
    CHECK_FAILED = "check_failed"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class Problem:
    path: Path
    code: ProblemCode
    # Where, in words: "家庭成员 第2行 身份证号".
    where: str
    message: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        """The top-level field the problem belongs to."""
        return str(self.path[0]) if self.path else ""

    def param(self, name: str) -> str:
        return dict(self.params).get(name, "")


def _problem(path: Path, where: str, code: ProblemCode, message: str, **params: object) -> Problem:
    return Problem(path, code, where, f"{where}：{message}", tuple((k, str(v)) for k, v in params.items()))


def condition_holds(when: When, row: Mapping[str, Any], top: Mapping[str, Any]) -> bool:
    """``when.field`` is looked up in the same repeat row first, then at the top of the record."""
    value = row[when.field] if when.field in row else top.get(when.field)
    if not when.any_of:
        return not is_empty(value)
    if isinstance(value, list):
        return any(v in when.any_of for v in cast(list[Any], value))
    return value in when.any_of


def is_required(field: Field, row: Mapping[str, Any], top: Mapping[str, Any]) -> bool:
    return field.required or (field.required_if is not None and condition_holds(field.required_if, row, top))


def validate(
    definition: FormDefinition, data: Mapping[str, Any], *, today: date, strict_keys: bool = True
) -> tuple[Problem, ...]:
    problems: list[Problem] = []
    if strict_keys:
        known = set(definition.keys())
        for key in data:
            if key not in known:
                problems.append(_problem((key,), key, ProblemCode.UNKNOWN_FIELD, "表单中没有这一项"))
    _check_fields(tuple(definition.fields()), data, data, (), "", today, problems)
    for check in definition.checks:
        problems.extend(_cross_check(definition, check, data))
    order = {k: n for n, k in enumerate(definition.keys())}
    problems.sort(key=lambda p: order.get(p.key, len(order)))
    return tuple(problems)


def _check_fields(
    fields: Sequence[Field],
    row: Mapping[str, Any],
    top: Mapping[str, Any],
    prefix: Path,
    where_prefix: str,
    today: date,
    out: list[Problem],
) -> None:
    for field in fields:
        value = row.get(field.key)
        path = (*prefix, field.key)
        where = f"{where_prefix}{field.label}"
        if is_empty(value):
            if is_required(field, row, top) and not _id_waived(field, row):
                out.append(_problem(path, where, ProblemCode.REQUIRED, "必填", label=field.label))
            continue
        out.extend(_check_value(field, value, row, path, where, today))
        if field.type == FieldType.REPEAT and isinstance(value, list):
            for n, item in enumerate(cast(list[Any], value)):
                if isinstance(item, dict):
                    _check_fields(
                        field.fields,
                        cast(dict[str, Any], item),
                        top,
                        (*path, n),
                        f"{where} 第{n + 1}行 ",
                        today,
                        out,
                    )


def _id_waived(field: Field, row: Mapping[str, Any]) -> bool:
    return field.type == FieldType.ID_NUMBER and _id_type(field, row) is IdType.PENDING


def _id_type(field: Field, row: Mapping[str, Any]) -> IdType:
    raw = row.get(field.id_type_field) if field.id_type_field else None
    try:
        return IdType(raw) if isinstance(raw, str) and raw else IdType.RESIDENT
    except ValueError:
        return IdType.RESIDENT


def _check_value(
    field: Field, value: Any, row: Mapping[str, Any], path: Path, where: str, today: date
) -> list[Problem]:
    out: list[Problem] = []

    def bad(code: ProblemCode, message: str, **params: object) -> list[Problem]:
        out.append(_problem(path, where, code, message, **params))
        return out

    kind = field.type
    if kind in (
        FieldType.TEXT,
        FieldType.NUMBER,
        FieldType.MONEY,
        FieldType.DATE,
        FieldType.ID_NUMBER,
        FieldType.PHONE,
        FieldType.CHOICE,
    ) and not isinstance(value, str):
        return bad(ProblemCode.BAD_SHAPE, "数据格式不正确")
    if kind == FieldType.TEXT:
        text = cast(str, value)
        if field.max_length is not None and len(text) > field.max_length:
            return bad(ProblemCode.TOO_LONG, f"最多 {field.max_length} 个字", max=field.max_length)
    elif kind in (FieldType.NUMBER, FieldType.MONEY):
        text = cast(str, value)
        try:
            number = parse_money(text) if kind == FieldType.MONEY else parse_number(text)
        except ValueError:
            if kind == FieldType.MONEY:
                return bad(ProblemCode.BAD_MONEY, "不是有效金额（最多两位小数，不能为负）", text=text)
            return bad(ProblemCode.NOT_A_NUMBER, "请填写数字", text=text)
        if field.integer and number != number.to_integral_value():
            return bad(ProblemCode.NOT_INTEGER, "请填写整数")
        _range(field, number, bad)
    elif kind == FieldType.DATE:
        text = cast(str, value)
        try:
            day = parse_date(text)
        except ValueError:
            return bad(ProblemCode.BAD_DATE, "日期格式应为 2026-09-18", text=text)
        if field.not_in_future and day > today:
            return bad(ProblemCode.DATE_IN_FUTURE, "不能晚于今天", today=today.isoformat())
    elif kind == FieldType.CHOICE:
        if value not in {c.code for c in field.choices}:
            return bad(ProblemCode.BAD_CHOICE, "请从列表中选择")
    elif kind == FieldType.MULTI_CHOICE:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in cast(list[Any], value)):
            return bad(ProblemCode.BAD_SHAPE, "数据格式不正确")
        codes = cast(list[str], value)
        allowed = {c.code for c in field.choices}
        if any(v not in allowed for v in codes) or len(set(codes)) != len(codes):
            return bad(ProblemCode.BAD_CHOICE, "请从列表中选择")
        _count(field, len(codes), bad)
    elif kind == FieldType.ID_NUMBER:
        id_type = _id_type(field, row)
        if id_type is IdType.PENDING:
            return bad(ProblemCode.BAD_ID_NUMBER, "证件类型为“暂无证件号码”时不要填写号码", rule="id_type")
        try:
            parse_id_number(cast(str, value), id_type=id_type, today=today)
        except IdNumberError as exc:
            return bad(ProblemCode.BAD_ID_NUMBER, exc.message, rule=exc.params.get("rule", ""))
    elif kind == FieldType.PHONE:
        if not is_phone(cast(str, value)):
            return bad(ProblemCode.BAD_PHONE, "请填写11位手机号或带区号的固定电话（如 0798-8223456）")
    elif kind == FieldType.REPEAT:
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in cast(list[Any], value)):
            return bad(ProblemCode.BAD_SHAPE, "数据格式不正确")
        _count(field, len(cast(list[Any], value)), bad)
    elif kind == FieldType.PHOTO:
        if not isinstance(value, list) or not all(_is_photo_entry(v) for v in cast(list[Any], value)):
            return bad(ProblemCode.BAD_SHAPE, "照片数据格式不正确")
        entries = cast(list[dict[str, Any]], value)
        allowed = {c.code for c in field.photo_categories}
        if allowed and any(e.get("category") not in allowed for e in entries):
            return bad(ProblemCode.BAD_CHOICE, "照片类别不在列表中")
        _count(field, len(entries), bad)
    elif kind == FieldType.SIGNATURE and not _is_signature_entry(value):
        return bad(ProblemCode.BAD_SHAPE, "签名数据格式不正确")
    return out


def _range(field: Field, number: Decimal, bad: Any) -> None:
    if field.min_value is not None and number < field.min_value:
        bad(ProblemCode.BELOW_MIN, f"不能小于 {field.min_value}", min=field.min_value)
    elif field.max_value is not None and number > field.max_value:
        bad(ProblemCode.ABOVE_MAX, f"不能大于 {field.max_value}", max=field.max_value)


def _count(field: Field, n: int, bad: Any) -> None:
    if n < field.min_items:
        bad(ProblemCode.TOO_FEW, f"至少需要 {field.min_items} 项", min=field.min_items)
    elif field.max_items is not None and n > field.max_items:
        bad(ProblemCode.TOO_MANY, f"最多 {field.max_items} 项", max=field.max_items)


def _is_photo_entry(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(cast(dict[str, Any], value).get("attachment_id"), str)


def _is_signature_entry(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    entry = cast(dict[str, Any], value)
    return isinstance(entry.get("attachment_id"), str) and isinstance(entry.get("signer_name"), str)


# --------------------------------------------------------------------------------------------------- cross-field


def _comparable(field: Field | None, value: Any) -> date | Decimal | None:
    if field is None or is_empty(value) or not isinstance(value, str):
        return None
    try:
        if field.type == FieldType.DATE:
            return parse_date(value)
        if field.type == FieldType.MONEY:
            return parse_money(value)
        if field.type == FieldType.NUMBER:
            return parse_number(value)
    except ValueError:
        return None
    return None


def compare_holds(op: str, left: Any, right: Any) -> bool:
    match op:
        case CompareOp.LE:
            return bool(left <= right)
        case CompareOp.LT:
            return bool(left < right)
        case CompareOp.GE:
            return bool(left >= right)
        case CompareOp.GT:
            return bool(left > right)
        case _:
            return bool(left == right)


def _rows(data: Mapping[str, Any], repeat: str) -> Iterable[tuple[int, dict[str, Any]]]:
    value = data.get(repeat)
    if isinstance(value, list):
        for n, item in enumerate(cast(list[Any], value)):
            if isinstance(item, dict):
                yield n, cast(dict[str, Any], item)


def _cross_check(
    definition: FormDefinition, check: Compare | Unique | AtLeastOne, data: Mapping[str, Any]
) -> list[Problem]:
    out: list[Problem] = []
    if isinstance(check, Compare):
        if check.repeat is None:
            scopes: list[tuple[Path, str, Mapping[str, Any], Field | None, Field | None]] = [
                ((), "", data, definition.field(check.left), definition.field(check.right))
            ]
        else:
            group = definition.field(check.repeat)
            left = group.sub_field(check.left) if group else None
            right = group.sub_field(check.right) if group else None
            label = group.label if group else check.repeat
            scopes = [
                ((check.repeat, n), f"{label} 第{n + 1}行 ", row, left, right)
                for n, row in _rows(data, check.repeat)
            ]
        for prefix, where_prefix, row, lf, rf in scopes:
            a, b = _comparable(lf, row.get(check.left)), _comparable(rf, row.get(check.right))
            if a is None or b is None or type(a) is not type(b):
                continue
            if not compare_holds(check.op, a, b):
                where = f"{where_prefix}{lf.label if lf else check.left}"
                out.append(_problem((*prefix, check.left), where, ProblemCode.CHECK_FAILED, check.message))
    elif isinstance(check, Unique):
        seen: dict[str, int] = {}
        group = definition.field(check.repeat)
        label = group.label if group else check.repeat
        for n, row in _rows(data, check.repeat):
            value = row.get(check.field)
            if is_empty(value) or not isinstance(value, str):
                continue
            if value in seen:
                where = f"{label} 第{n + 1}行 "
                sub = group.sub_field(check.field) if group else None
                out.append(
                    _problem(
                        (check.repeat, n, check.field),
                        where + (sub.label if sub else check.field),
                        ProblemCode.DUPLICATE,
                        check.message,
                        first_row=seen[value] + 1,
                    )
                )
            else:
                seen[value] = n
    elif all(is_empty(data.get(k)) for k in check.fields):
        first = definition.field(check.fields[0])
        out.append(
            _problem(
                (check.fields[0],),
                first.label if first else check.fields[0],
                ProblemCode.CHECK_FAILED,
                check.message,
            )
        )
    return out


# --------------------------------------------------------------------------------------------------- progress


@dataclass(frozen=True, slots=True)
class Progress:
    filled: int
    required: int

    @property
    def done(self) -> bool:
        return self.filled >= self.required


def progress(definition: FormDefinition, data: Mapping[str, Any]) -> Progress:
    """Required items filled, counting required fields inside every repeat row that exists."""
    filled = total = 0

    def walk(fields: Sequence[Field], row: Mapping[str, Any]) -> None:
        nonlocal filled, total
        for field in fields:
            value = row.get(field.key)
            if is_required(field, row, data) and not _id_waived(field, row):
                total += 1
                if not is_empty(value):
                    filled += 1
            if field.type == FieldType.REPEAT and isinstance(value, list):
                for item in cast(list[Any], value):
                    if isinstance(item, dict):
                        walk(field.fields, cast(dict[str, Any], item))

    walk(tuple(definition.fields()), data)
    return Progress(filled, total)
