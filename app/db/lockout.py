"""Unlock backoff after repeated wrong passwords, persisted across restarts (SECURITY T13, 等保 登录失败处理).

The state file holds only counts and times. It slows a person at the keyboard; an offline attacker is slowed by
Argon2id instead, which is why the state need not be secret.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from app.db.atomic import write_atomic
from app.domain.errors import UnlockBackoff, WrongPassword

FREE_ATTEMPTS = 5
BASE_DELAY_S = 30
MAX_DELAY_S = 15 * 60


@dataclass
class LoginFailures:
    count: int = 0
    last: datetime | None = None


class Lockout:
    def __init__(self, path: Path) -> None:
        self._path = path

    def _read(self) -> dict[str, Any]:
        try:
            data: dict[str, Any] = json.loads(self._path.read_text(encoding="utf-8"))
            return data
        except (FileNotFoundError, ValueError):
            return {}

    def failures(self, login: str) -> LoginFailures:
        item = self._read().get(login)
        if not isinstance(item, dict):
            return LoginFailures()
        last = item.get("last")  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
        return LoginFailures(
            int(item.get("count", 0)),  # pyright: ignore[reportUnknownMemberType, reportUnknownArgumentType]
            datetime.fromisoformat(str(last)) if last else None,  # pyright: ignore[reportUnknownArgumentType]
        )

    def delay_for(self, count: int) -> int:
        if count < FREE_ATTEMPTS:
            return 0
        return min(MAX_DELAY_S, BASE_DELAY_S * 2 ** (count - FREE_ATTEMPTS))

    def check(self, login: str, now: datetime) -> None:
        """Refuse an attempt while the backoff after the last failure is running."""
        state = self.failures(login)
        wait = self.delay_for(state.count)
        if wait and state.last is not None:
            left = (state.last + timedelta(seconds=wait) - now).total_seconds()
            if left > 0:
                raise UnlockBackoff(seconds=int(left) + 1)

    def record_failure(self, login: str, now: datetime) -> WrongPassword:
        data = self._read()
        count = self.failures(login).count + 1
        data[login] = {"count": count, "last": now.isoformat()}
        write_atomic(self._path, json.dumps(data).encode("utf-8"))
        remaining = FREE_ATTEMPTS - count
        if remaining > 0:
            return WrongPassword(remaining=remaining)
        return WrongPassword(f"密码错误。已连续错误 {count} 次，请在 {self.delay_for(count)} 秒后再试。")

    def reset(self, login: str) -> None:
        data = self._read()
        if login in data:
            del data[login]
            write_atomic(self._path, json.dumps(data).encode("utf-8"))
