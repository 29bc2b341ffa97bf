"""The strict definition check: a definition that does not pass fails the test suite, never a user.

``definition_problems`` lists everything wrong with one definition (unknown field type, duplicate key, a condition
or check naming a field that does not exist, an empty choice list, impossible bounds, ...). The registry runs it on
every definition it is given, and ``tests/forms`` loads every shipped definition through it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from app.domain.idnumber import IdType
from forms.model import (
    FIELD_TYPES,
    AtLeastOne,
    Compare,
    CompareOp,
    Field,
    FieldType,
    FormDefinition,
    Need,
    Unique,
)

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_ORDERED = frozenset({FieldType.DATE, FieldType.NUMBER, FieldType.MONEY})
_CHOICE_TYPES = frozenset({FieldType.CHOICE, FieldType.MULTI_CHOICE})
_COUNTED = frozenset({FieldType.REPEAT, FieldType.PHOTO, FieldType.MULTI_CHOICE})
_NOT_IN_REPEAT = frozenset({FieldType.REPEAT, FieldType.PHOTO, FieldType.SIGNATURE})


class DefinitionError(ValueError):
    def __init__(self, ref: str, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__(f"表单定义 {ref} 不合格：" + "；".join(problems))


def require_valid(definition: FormDefinition) -> FormDefinition:
    problems = definition_problems(definition)
    if problems:
        raise DefinitionError(definition.ref, problems)
    return definition


def definition_problems(definition: FormDefinition) -> list[str]:
    out: list[str] = []
    if not _CODE.match(definition.code):
        out.append(f"表单代码“{definition.code}”应为大写字母、数字和下划线")
    if isinstance(definition.version, bool) or definition.version < 1:  # pyright: ignore[reportUnnecessaryIsInstance]
        out.append(f"版本号应为正整数，实为 {definition.version!r}")
    if not definition.title.strip():
        out.append("缺少表单名称")
    if not definition.sections:
        out.append("没有任何分节")
    if not definition.permissions:
        out.append("没有指定可填写的权限")
    if definition.per_case_max is not None and definition.per_case_min > definition.per_case_max:
        out.append("每案最少份数大于最多份数")

    section_keys = [s.key for s in definition.sections]
    out += [f"分节键“{k}”重复" for k in _duplicates(section_keys)]
    for section in definition.sections:
        if not section.fields:
            out.append(f"分节“{section.title}”没有字段")
        if not section.title.strip():
            out.append(f"分节“{section.key}”缺少标题")
    top = list(definition.fields())
    out += [f"字段键“{k}”重复" for k in _duplicates(f.key for f in top)]
    for field in top:
        out += _field_problems(field, top, in_repeat=False)
        if field.type == FieldType.REPEAT:
            out += [f"重复组“{field.key}”内字段键“{k}”重复" for k in _duplicates(f.key for f in field.fields)]
            for sub in field.fields:
                out += [
                    f"{field.key}.{p}" for p in _field_problems(sub, [*field.fields, *top], in_repeat=True)
                ]

    for check in definition.checks:
        out += _check_problems(definition, check)

    spec = definition.sign_off
    if spec.investigators < 0:
        out.append("调查员人数不能为负")
    for who, need in (("申请人", spec.applicant), ("见证人", spec.witness)):
        if need not in {n.value for n in Need}:
            out.append(f"{who}签名要求“{need}”无效")
    return out


def _duplicates(keys: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    dup: list[str] = []
    for k in keys:
        if k in seen and k not in dup:
            dup.append(k)
        seen.add(k)
    return dup


def _field_problems(field: Field, scope: Sequence[Field], *, in_repeat: bool) -> list[str]:
    out: list[str] = []
    name = f"字段“{field.key}”"
    if not _KEY.match(field.key):
        out.append(f"{name}的键应为小写字母、数字和下划线")
    if not field.label.strip():
        out.append(f"{name}缺少标签")
    kind = field.type
    if kind not in FIELD_TYPES:
        out.append(f"{name}的类型“{kind}”未知")
        return out
    if in_repeat and kind in _NOT_IN_REPEAT:
        out.append(f"{name}：重复组内不能再放“{kind}”类型字段")
    if kind in _CHOICE_TYPES:
        if not field.choices:
            out.append(f"{name}没有选项")
        out += [f"{name}的选项代码“{c}”重复" for c in _duplicates(c.code for c in field.choices)]
        if any(not c.code or not c.label.strip() for c in field.choices):
            out.append(f"{name}有空的选项代码或名称")
    elif field.choices:
        out.append(f"{name}不是选择题，不应有选项")
    if field.max_length is not None and (kind != FieldType.TEXT or field.max_length < 1):
        out.append(f"{name}：最大长度只用于文本字段，且须为正数")
    if field.multiline and kind != FieldType.TEXT:
        out.append(f"{name}：多行只用于文本字段")
    if (field.min_value is not None or field.max_value is not None or field.integer) and kind not in (
        FieldType.NUMBER,
        FieldType.MONEY,
    ):
        out.append(f"{name}：取值范围只用于数字或金额字段")
    if field.min_value is not None and field.max_value is not None and field.min_value > field.max_value:
        out.append(f"{name}：最小值大于最大值")
    if field.not_in_future and kind != FieldType.DATE:
        out.append(f"{name}：“不晚于今天”只用于日期字段")
    if (field.min_items or field.max_items is not None) and kind not in _COUNTED:
        out.append(f"{name}：数量限制只用于重复组、照片或多选")
    if field.min_items < 0 or (field.max_items is not None and field.max_items < max(1, field.min_items)):
        out.append(f"{name}：数量限制不合理")
    if kind == FieldType.REPEAT:
        if not field.fields:
            out.append(f"{name}：重复组没有字段")
        if field.default_rows < 0 or (field.max_items is not None and field.default_rows > field.max_items):
            out.append(f"{name}：默认行数不合理")
    elif field.fields or field.default_rows:
        out.append(f"{name}不是重复组，不应有子字段或默认行数")
    if kind == FieldType.PHOTO:
        if not field.photo_categories:
            out.append(f"{name}：照片字段须列出照片类别")
        out += [f"{name}的照片类别“{c}”重复" for c in _duplicates(c.code for c in field.photo_categories)]
    elif field.photo_categories:
        out.append(f"{name}不是照片字段，不应有照片类别")
    if field.signer_role and kind != FieldType.SIGNATURE:
        out.append(f"{name}不是签名字段，不应有签名人身份")
    if field.id_type_field is not None:
        target = _find(scope, field.id_type_field)
        if kind != FieldType.ID_NUMBER:
            out.append(f"{name}不是证件号码字段，不应指定证件类型字段")
        elif target is None or target.type != FieldType.CHOICE:
            out.append(f"{name}的证件类型字段“{field.id_type_field}”不存在或不是单选")
        else:
            valid = {t.value for t in IdType}
            out += [f"{name}的证件类型选项“{c.code}”无效" for c in target.choices if c.code not in valid]
    if field.required_if is not None:
        target = _find(scope, field.required_if.field)
        if target is None:
            out.append(f"{name}的条件字段“{field.required_if.field}”不存在")
        elif target.key == field.key:
            out.append(f"{name}的条件不能指向自己")
        elif field.required_if.any_of:
            codes = {c.code for c in target.choices}
            if target.type not in _CHOICE_TYPES:
                out.append(f"{name}的条件字段“{target.key}”不是选择题，不能按选项判断")
            out += [
                f"{name}的条件选项“{c}”不在“{target.key}”的选项中"
                for c in field.required_if.any_of
                if c not in codes
            ]
    return out


def _find(scope: Sequence[Field], key: str) -> Field | None:
    for f in scope:
        if f.key == key:
            return f
    return None


def _check_problems(definition: FormDefinition, check: Compare | Unique | AtLeastOne) -> list[str]:
    out: list[str] = []
    if not check.message.strip():
        out.append(f"校验 {check!r} 缺少提示语")
    if isinstance(check, Compare):
        if check.op not in {o.value for o in CompareOp}:
            out.append(f"比较校验的运算符“{check.op}”未知")
        if check.repeat is None:
            scope = list(definition.fields())
        else:
            group = definition.field(check.repeat)
            if group is None or group.type != FieldType.REPEAT:
                return [*out, f"比较校验的重复组“{check.repeat}”不存在"]
            scope = list(group.fields)
        left, right = _find(scope, check.left), _find(scope, check.right)
        for key, f in ((check.left, left), (check.right, right)):
            if f is None:
                out.append(f"比较校验的字段“{key}”不存在")
            elif f.type not in _ORDERED:
                out.append(f"比较校验的字段“{key}”不是日期、数字或金额")
        if left and right and (left.type == FieldType.DATE) != (right.type == FieldType.DATE):
            out.append(f"比较校验“{check.left} {check.op} {check.right}”的两边类型不同")
    elif isinstance(check, Unique):
        group = definition.field(check.repeat)
        if group is None or group.type != FieldType.REPEAT:
            out.append(f"唯一性校验的重复组“{check.repeat}”不存在")
        elif group.sub_field(check.field) is None:
            out.append(f"唯一性校验的字段“{check.repeat}.{check.field}”不存在")
    else:
        if not check.fields:
            out.append("“至少填一项”校验没有字段")
        out += [f"“至少填一项”校验的字段“{k}”不存在" for k in check.fields if definition.field(k) is None]
    return out
