"""A record as labelled text, for printing and read-only views: the read model ``reports/`` prints from.

Tolerant by design: a record captured with another version of the form shows every field the definition knows,
blanks for the ones it lacks, and keeps values the definition does not know in a trailing section, so nothing a
record holds is ever hidden by a newer form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from app.domain.money import format_yuan
from forms.model import Field, FieldType, FormDefinition
from forms.values import is_empty, parse_money

UNKNOWN_SECTION_TITLE = "其他字段（其他版本表单填写）"


@dataclass(frozen=True, slots=True)
class DisplayRow:
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class DisplayTable:
    label: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class DisplaySection:
    title: str
    items: tuple[DisplayRow | DisplayTable, ...]


def value_text(field: Field, value: Any) -> str:
    if is_empty(value):
        return ""
    kind = field.type
    if kind == FieldType.CHOICE and isinstance(value, str):
        return field.choice_label(value)
    if kind == FieldType.MULTI_CHOICE and isinstance(value, list):
        return "、".join(field.choice_label(str(v)) for v in cast(list[Any], value))
    if kind == FieldType.MONEY and isinstance(value, str):
        try:
            return f"{format_yuan(parse_money(value))} {field.unit or '元'}"
        except ValueError:
            return value
    if kind == FieldType.PHOTO and isinstance(value, list):
        entries = [cast(dict[str, Any], e) for e in cast(list[Any], value) if isinstance(e, dict)]
        parts = [
            f"{field.choice_label(str(e.get('category', '')))} {e.get('caption', '')}".strip()
            for e in entries
        ]
        return f"照片 {len(entries)} 张：" + "；".join(parts)
    if kind == FieldType.SIGNATURE and isinstance(value, dict):
        entry = cast(dict[str, Any], value)
        return f"已签名：{entry.get('signer_name', '')} {str(entry.get('at', ''))[:16]}".strip()
    text = value if isinstance(value, str) else str(cast(object, value))
    return f"{text} {field.unit}".rstrip() if field.unit else text


def describe(definition: FormDefinition, data: Mapping[str, Any]) -> tuple[DisplaySection, ...]:
    sections: list[DisplaySection] = []
    for section in definition.sections:
        items: list[DisplayRow | DisplayTable] = []
        for field in section.fields:
            value = data.get(field.key)
            if field.type == FieldType.REPEAT:
                rows = [cast(dict[str, Any], r) for r in cast(list[Any], value or []) if isinstance(r, dict)]
                items.append(
                    DisplayTable(
                        field.label,
                        tuple(f.label for f in field.fields),
                        tuple(tuple(value_text(f, r.get(f.key)) for f in field.fields) for r in rows),
                    )
                )
            else:
                items.append(DisplayRow(field.label, value_text(field, value)))
        sections.append(DisplaySection(section.title, tuple(items)))
    known = set(definition.keys())
    extra = [DisplayRow(k, _raw_text(v)) for k, v in data.items() if k not in known and not is_empty(v)]
    if extra:
        sections.append(DisplaySection(UNKNOWN_SECTION_TITLE, tuple(extra)))
    return tuple(sections)


def _raw_text(value: Any) -> str:
    if isinstance(value, list):
        return "；".join(_raw_text(v) for v in cast(list[Any], value))
    if isinstance(value, dict):
        return "，".join(f"{k}={_raw_text(v)}" for k, v in cast(dict[str, Any], value).items())
    return str(value)
