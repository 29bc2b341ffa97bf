"""The error tree. The core raises codes with parameters; the edges (CLI, UI) turn them into sentences.

Every error carries a stable ``code`` and a ``params`` mapping. ``message`` is a default Chinese sentence so that the
CLI and logs are useful even where no richer translation exists; the UI may render its own text from the code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class AppError(Exception):
    code: str = "APP_ERROR"
    default_message: str = "操作失败"

    def __init__(self, message: str | None = None, /, **params: Any) -> None:
        self.params: Mapping[str, Any] = params
        self.message = message or self.default_message.format(**params)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class ValidationError(AppError):
    code = "VALIDATION"
    default_message = "输入有误"


class PermissionDenied(AppError):
    code = "PERMISSION_DENIED"
    default_message = "当前账号（{role}）无权执行此操作：{action}"


class NotFound(AppError):
    code = "NOT_FOUND"
    default_message = "未找到：{what}"


class StoreError(AppError):
    code = "STORE"
    default_message = "数据库错误"


class StoreMissing(StoreError):
    code = "STORE_MISSING"
    default_message = "在 {path} 没有找到数据库。首次使用请运行 dibao init --store {path}，或在程序中完成初始设置。"


class StoreExists(StoreError):
    code = "STORE_EXISTS"
    default_message = "{path} 已有数据库，不会覆盖。如需重新开始，请换一个空目录。"


class StoreDamaged(StoreError):
    code = "STORE_DAMAGED"
    default_message = (
        "数据库已损坏（{detail}）。程序不会再写入此数据库。请用最近的备份恢复："
        "dibao store restore 备份文件 --store 新目录，然后联系县级管理员。"
    )


class CryptoConfigError(StoreError):
    code = "CRYPTO_CONFIG"
    default_message = "加密组件自检未通过（{detail}），为保护数据，程序拒绝打开数据库。请重新安装本程序。"


class WrongPassword(AppError):
    code = "WRONG_PASSWORD"
    default_message = "密码错误，还可尝试 {remaining} 次。"


class UnlockBackoff(AppError):
    code = "UNLOCK_BACKOFF"
    default_message = "密码错误次数过多，请在 {seconds} 秒后再试。"


class UnknownUser(AppError):
    code = "UNKNOWN_USER"
    default_message = "没有账号“{login}”，或该账号已停用。"


class StoreLocked(AppError):
    code = "STORE_LOCKED"
    default_message = "数据库已锁定，请重新登录。"


class InvalidTransition(AppError):
    code = "INVALID_TRANSITION"
    default_message = "当前状态为“{state}”，不能执行“{action}”。需要先：{required}"


class RuleMissing(AppError):
    code = "RULE_MISSING"
    default_message = "缺少规则“{rule}”在 {on} 的取值，请管理员在规则表中补充。"


class IdNumberError(ValidationError):
    """``rule`` names the GB 11643 check that failed, so a form can point at the right part of the number."""

    code = "ID_NUMBER"
    default_message = "证件号码不正确（{rule}）"


class RuleInvalid(ValidationError):
    code = "RULE_INVALID"
    default_message = "规则“{rule}”的取值无效：{detail}。请管理员检查规则表。"


class RecusalRequired(PermissionDenied):
    code = "RECUSAL_REQUIRED"
    default_message = "你与本案申请家庭有近亲属关系，须回避，不能执行“{action}”。"
