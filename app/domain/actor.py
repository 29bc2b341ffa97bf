"""Who is acting: every service call that changes data is made on behalf of an actor on a device."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.roles import Permission, Role, require


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: str
    login: str
    role: Role
    device_id: str

    def require(self, permission: Permission) -> None:
        require(self.role, permission)


SYSTEM_LOGIN = "system"
