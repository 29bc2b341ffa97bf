"""The vocabulary of form definitions: fields, sections, cross-field checks and who must sign (decision 1).

A definition is plain frozen data. It is written in Python so that a typo fails at import or in the strict
definition check (``forms.checker``), never in front of a user. ``Field.type`` is a plain string on purpose: the
checker, not the constructor, is what rejects an unknown type, so a bad definition is reported with its name.

Stored values are JSON-safe and exact (see ``forms.values``): numbers, money, dates, ID and phone numbers are
strings; a multi-choice is a list of codes; a repeat group is a list of row objects; a photo field is a list of
photo entries; a signature field is one signature entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from app.domain.roles import Permission


class FieldType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    MONEY = "money"
    DATE = "date"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    ID_NUMBER = "id_number"
    PHONE = "phone"
    REPEAT = "repeat"
    PHOTO = "photo"
    SIGNATURE = "signature"


FIELD_TYPES: frozenset[str] = frozenset(t.value for t in FieldType)
# Types whose stored value is a string the user typed (and the validator parses).
TEXT_LIKE: frozenset[str] = frozenset(
    {FieldType.TEXT, FieldType.NUMBER, FieldType.MONEY, FieldType.DATE, FieldType.ID_NUMBER, FieldType.PHONE}
)


@dataclass(frozen=True, slots=True)
class Choice:
    code: str
    label: str


def choices(*pairs: tuple[str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(code, label) for code, label in pairs)


def labelled(*labels: str) -> tuple[Choice, ...]:
    """Choices whose code is the printed label itself (for short official vocabularies)."""
    return tuple(Choice(label, label) for label in labels)


@dataclass(frozen=True, slots=True)
class When:
    """A condition on another field: filled (``any_of`` empty), or its choice is / its choices include one of."""

    field: str
    any_of: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    label: str
    type: str
    required: bool = False
    required_if: When | None = None
    help: str = ""
    unit: str = ""
    # text
    max_length: int | None = None
    multiline: bool = False
    # number / money (inclusive bounds, in the field's unit; money in yuan)
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    integer: bool = False
    # date
    not_in_future: bool = False
    # choice / multi-choice
    choices: tuple[Choice, ...] = ()
    # id number: a sibling choice field holding an app.domain.idnumber.IdType value (resident when absent)
    id_type_field: str | None = None
    # repeat / photo / multi-choice: how many rows, photos or ticks
    min_items: int = 0
    max_items: int | None = None
    # repeat
    fields: tuple[Field, ...] = ()
    default_rows: int = 0
    # photo
    photo_categories: tuple[Choice, ...] = ()
    # signature: who signs here, printed under the box
    signer_role: str = ""

    def sub_field(self, key: str) -> Field | None:
        for f in self.fields:
            if f.key == key:
                return f
        return None

    def choice_label(self, code: str) -> str:
        for c in (*self.choices, *self.photo_categories):
            if c.code == code:
                return c.label
        return code


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    fields: tuple[Field, ...]


class CompareOp(StrEnum):
    LE = "<="
    LT = "<"
    GE = ">="
    GT = ">"
    EQ = "=="


@dataclass(frozen=True, slots=True)
class Compare:
    """``left op right`` for two date, number or money fields; skipped while either is empty or unreadable.

    With ``repeat`` set, both keys name fields of that repeat group and the check runs on every row.
    """

    left: str
    op: str
    right: str
    message: str
    repeat: str | None = None


@dataclass(frozen=True, slots=True)
class Unique:
    """No two rows of ``repeat`` share a non-empty value of ``field`` (e.g. an ID number in a member table)."""

    repeat: str
    field: str
    message: str


@dataclass(frozen=True, slots=True)
class AtLeastOne:
    """At least one of ``fields`` is filled."""

    fields: tuple[str, ...]
    message: str


Check = Compare | Unique | AtLeastOne


class Need(StrEnum):
    NONE = "none"
    OPTIONAL = "optional"
    REQUIRED = "required"


@dataclass(frozen=True, slots=True)
class SignOffSpec:
    """Who signs the finished record. Investigators confirm with their own password on this laptop; the
    applicant (or interviewee) and the village witness sign on the signature pad."""

    investigators: int = 0
    applicant: str = Need.NONE
    applicant_label: str = "申请人"
    witness: str = Need.NONE
    witness_label: str = "村（居）委会见证人"


@dataclass(frozen=True, slots=True)
class FormDefinition:
    code: str
    version: int
    title: str
    sections: tuple[Section, ...]
    checks: tuple[Check, ...] = ()
    sign_off: SignOffSpec = SignOffSpec()
    # Any one of these lets a user fill and finalise the form.
    permissions: tuple[Permission, ...] = (Permission.INVESTIGATE,)
    # How many current final records one case normally has (e.g. 2-3 neighbour interviews).
    per_case_min: int = 0
    per_case_max: int | None = None
    source: str = ""

    @property
    def ref(self) -> str:
        return f"{self.code}@v{self.version}"

    def fields(self) -> Iterator[Field]:
        for section in self.sections:
            yield from section.fields

    def field(self, key: str) -> Field | None:
        for f in self.fields():
            if f.key == key:
                return f
        return None

    def keys(self) -> list[str]:
        return [f.key for f in self.fields()]
