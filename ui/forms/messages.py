"""Problem codes from ``forms.validation`` worded for the screen (decision 12: the core gives codes, the UI words)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from forms.validation import Problem, ProblemCode

_CONTEXT = "FormProblems"

# {where} is the place ("家庭成员 第2行 身份证号"); {detail} is the definition's or the domain's own wording.
_TEMPLATES: dict[ProblemCode, object] = {  # QT_TRANSLATE_NOOP is typed as returning object
    ProblemCode.REQUIRED: QT_TRANSLATE_NOOP(_CONTEXT, "{where}：必填"),
    ProblemCode.TOO_LONG: QT_TRANSLATE_NOOP(_CONTEXT, "{where}：最多 {max} 个字"),
    ProblemCode.NOT_A_NUMBER: QT_TRANSLATE_NOOP(_CONTEXT, "{where}：请填写数字"),
    ProblemCode.NOT_INTEGER: QT_TRANSLATE_NOOP(_CONTEXT, "{where}：请填写整数"),
    ProblemCode.BELOW_MIN: QT_TRANSLATE_NOOP(_CONTEXT, "{where}：不能小于 {min}"),
    ProblemCode.ABOVE_MAX: QT_TRANSLATE_NOOP(_CONTEXT, "{where}：不能大于 {max}"),
    ProblemCode.BAD_MONEY: QT_TRANSLATE_NOOP(_CONTEXT, "{where}：不是有效金额（最多两位小数，不能为负）"),
    ProblemCode.BAD_DATE: QT_TRANSLATE_NOOP(_CONTEXT, "{where}：日期格式应为 2026-09-18"),
    ProblemCode.DATE_IN_FUTURE: QT_TRANSLATE_NOOP(_CONTEXT, "{where}：不能晚于今天"),
    ProblemCode.BAD_CHOICE: QT_TRANSLATE_NOOP(_CONTEXT, "{where}：请从列表中选择"),
    ProblemCode.BAD_ID_NUMBER: QT_TRANSLATE_NOOP(_CONTEXT, "{where}：{detail}"),
    ProblemCode.BAD_PHONE: QT_TRANSLATE_NOOP(_CONTEXT, "{where}：请填写11位手机号或带区号的固定电话"),
    ProblemCode.TOO_FEW: QT_TRANSLATE_NOOP(_CONTEXT, "{where}：至少需要 {min} 项"),
    ProblemCode.TOO_MANY: QT_TRANSLATE_NOOP(_CONTEXT, "{where}：最多 {max} 项"),
    ProblemCode.BAD_SHAPE: QT_TRANSLATE_NOOP(_CONTEXT, "{where}：数据格式不正确"),
    ProblemCode.UNKNOWN_FIELD: QT_TRANSLATE_NOOP(_CONTEXT, "{where}：表单中没有这一项"),
    ProblemCode.CHECK_FAILED: QT_TRANSLATE_NOOP(_CONTEXT, "{where}：{detail}"),
    ProblemCode.DUPLICATE: QT_TRANSLATE_NOOP(_CONTEXT, "{where}：{detail}（与第 {first_row} 行相同）"),
}


def problem_text(problem: Problem) -> str:
    template = QCoreApplication.translate(_CONTEXT, str(_TEMPLATES[problem.code]))
    detail = problem.message.split("：", 1)[1] if "：" in problem.message else problem.message
    params = dict(problem.params)
    return template.format(
        where=problem.where, detail=detail, **{k: v for k, v in params.items() if k != "where"}
    )


def inline_text(problem: Problem) -> str:
    """The message under the field itself, without repeating where it is."""
    text = problem_text(problem)
    return text.split("：", 1)[1] if "：" in text else text
