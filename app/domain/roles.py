"""Staff roles and what each may do. Role checks live in services, never in widgets."""

from __future__ import annotations

from enum import StrEnum

from app.domain.errors import PermissionDenied


class Role(StrEnum):
    INVESTIGATOR = "investigator"
    WINDOW_CLERK = "window_clerk"
    COORDINATOR = "coordinator"
    COUNTY_REVIEWER = "county_reviewer"
    ADMIN = "admin"


ROLE_LABELS: dict[Role, str] = {
    Role.INVESTIGATOR: "调查员",
    Role.WINDOW_CLERK: "窗口受理员",
    Role.COORDINATOR: "协调员",
    Role.COUNTY_REVIEWER: "县级审核员",
    Role.ADMIN: "管理员",
}


class Permission(StrEnum):
    MANAGE_USERS = "manage_users"
    MANAGE_REFERENCE = "manage_reference"
    BACKUP_RESTORE = "backup_restore"
    ACCEPT_APPLICATION = "accept_application"
    INVESTIGATE = "investigate"
    DECIDE = "decide"
    PRINT_DOCUMENTS = "print_documents"
    SYNC = "sync"
    RESOLVE_CONFLICTS = "resolve_conflicts"
    COUNTY_REVIEW = "county_review"
    VIEW_CASES = "view_cases"
    REVEAL_ID_NUMBER = "reveal_id_number"
    ASSIGN_INVESTIGATORS = "assign_investigators"


PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.INVESTIGATOR: frozenset({Permission.INVESTIGATE, Permission.VIEW_CASES}),
    Role.WINDOW_CLERK: frozenset(
        {
            Permission.ACCEPT_APPLICATION,
            Permission.PRINT_DOCUMENTS,
            Permission.VIEW_CASES,
            Permission.DECIDE,
            Permission.REVEAL_ID_NUMBER,
            Permission.ASSIGN_INVESTIGATORS,
        }
    ),
    Role.COORDINATOR: frozenset(
        {
            Permission.SYNC,
            Permission.RESOLVE_CONFLICTS,
            Permission.VIEW_CASES,
            Permission.PRINT_DOCUMENTS,
            Permission.ASSIGN_INVESTIGATORS,
        }
    ),
    Role.COUNTY_REVIEWER: frozenset(
        # SYNC: the county desktop is itself a synced device (warnings out, every township in).
        {Permission.COUNTY_REVIEW, Permission.VIEW_CASES, Permission.REVEAL_ID_NUMBER, Permission.SYNC}
    ),
    Role.ADMIN: frozenset(
        {
            Permission.MANAGE_USERS,
            Permission.MANAGE_REFERENCE,
            Permission.BACKUP_RESTORE,
            Permission.VIEW_CASES,
            Permission.SYNC,
            Permission.ASSIGN_INVESTIGATORS,
        }
    ),
}

PERMISSION_LABELS: dict[Permission, str] = {
    Permission.MANAGE_USERS: "管理账号",
    Permission.MANAGE_REFERENCE: "维护基础数据",
    Permission.BACKUP_RESTORE: "备份与恢复",
    Permission.ACCEPT_APPLICATION: "受理申请",
    Permission.INVESTIGATE: "入户调查",
    Permission.DECIDE: "审核确认",
    Permission.PRINT_DOCUMENTS: "打印文书",
    Permission.SYNC: "数据同步",
    Permission.RESOLVE_CONFLICTS: "处理同步冲突",
    Permission.COUNTY_REVIEW: "县级审核",
    Permission.VIEW_CASES: "查看案件",
    Permission.REVEAL_ID_NUMBER: "查看完整身份证号",
    Permission.ASSIGN_INVESTIGATORS: "分派调查人员和安排入户",
}


def require(role: Role, permission: Permission) -> None:
    if permission not in PERMISSIONS[role]:
        raise PermissionDenied(role=ROLE_LABELS[role], action=PERMISSION_LABELS[permission])
