"""Errors reach people as Chinese sentences with a short code; details go to the log, never personal data."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.errors import AppError

log = logging.getLogger("dibao.ui")


def message_for(exc: BaseException) -> tuple[str, str]:
    """(title, text) for an error; unexpected ones get a code the support desk can find in the log."""
    if isinstance(exc, AppError):
        return "提示", str(exc)
    code = f"E-{type(exc).__name__}"
    return (
        "程序错误",
        f"发生了意外错误（代码 {code}）。刚才的操作没有保存。\n详细信息已写入日志，请联系管理员。",
    )


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    title, text = message_for(exc)
    if not isinstance(exc, AppError):
        log.error(
            "unexpected error: %s", "".join(traceback.format_exception_only(type(exc), exc)).strip()[:200]
        )
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.open()


def install_excepthook() -> None:
    """An exception that escapes a slot is logged and shown, instead of killing the app mid-visit."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("uncaught %s", kind.__name__, exc_info=(kind, exc, tb))
        show_error(None, exc)

    sys.excepthook = hook
