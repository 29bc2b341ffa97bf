"""Who is acting: every service call that changes data is made on behalf of an actor on a device."""

from __future__ import annotations

import uuid
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
_STAFF_NAMESPACE = uuid.UUID("6f1d3c5e-2b7a-5c1e-9a0d-4d6962616f00")


def staff_user_id(login: str) -> str:
    """An account's id follows from its login, so one person has one id on every laptop of the county.

    Accounts are made per laptop and never synced, yet assignments, warnings and near-relative filings name staff
    by id and travel between laptops: the coordinator assigns on one laptop, the investigator looks on another."""
    return str(uuid.uuid5(_STAFF_NAMESPACE, login.strip().lower()))
