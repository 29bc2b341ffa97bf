"""Printing as a use case: who printed or exported which document of which case, and when (never the content).

The read-model builders that turn stored cases into documents live further down this module; the certificate's
numbering lives in :mod:`app.services.certificates`.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy.orm import Session

from app.db import audit
from app.domain.actor import Actor
from app.domain.clock import Clock
from app.domain.errors import PermissionDenied
from app.domain.roles import ROLE_LABELS, Permission
from app.services.documents import DOCUMENT_TITLES, INTERNAL_KINDS, DocumentKind

PrintOutput = Literal["print", "pdf"]

ACTION_PRINTED = "document.printed"
ACTION_REPRINTED = "document.reprinted"
ACTION_EXPORTED = "document.exported"

# Working papers are printed by investigators in the field as well; notices and certificates by the office.
_WORKING_PAPER_PERMISSIONS = frozenset(
    {Permission.PRINT_DOCUMENTS, Permission.INVESTIGATE, Permission.COUNTY_REVIEW}
)


def require_print_permission(actor: Actor, kind: DocumentKind) -> None:
    if kind in INTERNAL_KINDS:
        for permission in _WORKING_PAPER_PERMISSIONS:
            try:
                actor.require(permission)
            except PermissionDenied:
                continue
            return
        raise PermissionDenied(role=ROLE_LABELS[actor.role], action=f"打印《{DOCUMENT_TITLES[kind]}》")
    actor.require(Permission.PRINT_DOCUMENTS)


def record_print(
    session: Session,
    actor: Actor,
    kind: DocumentKind | str,
    case_id: str,
    *,
    clock: Clock,
    reprint: bool,
    output: PrintOutput = "print",
    scope: str = "",
) -> None:
    """One audit event per printed (or saved) document and case. ``scope`` names a batch, e.g. "360222900 2026-09"."""
    kind = DocumentKind(kind)
    require_print_permission(actor, kind)
    action = ACTION_EXPORTED if output == "pdf" else ACTION_REPRINTED if reprint else ACTION_PRINTED
    details: dict[str, object] = {"kind": kind.value, "output": output, "reprint": reprint}
    if scope:
        details["scope"] = scope
    audit.append(
        session,
        actor,
        action,
        at=clock.now(),
        entity_type="case" if case_id else "document",
        entity_id=case_id,
        details=details,
    )
