"""One entry point for callers that hold "some document": the CLI, the print dialog, batch printing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from app.services.documents import (
    AssessmentDoc,
    CertificateDoc,
    ChangeNoticeDoc,
    DenialNoticeDoc,
    DocumentKind,
    InvestigationDoc,
    NearRelativeDoc,
    NeighbourVisitDoc,
    PublicityDoc,
    RosterDoc,
)
from reports import (
    assessment,
    certificate,
    change_notice,
    denial,
    investigation,
    near_relative,
    neighbour,
    publicity,
    roster,
)
from reports.fonts import FontSet

Document = (
    CertificateDoc
    | DenialNoticeDoc
    | PublicityDoc
    | InvestigationDoc
    | NeighbourVisitDoc
    | AssessmentDoc
    | NearRelativeDoc
    | RosterDoc
    | ChangeNoticeDoc
)

_RENDERERS: dict[type[Any], tuple[DocumentKind, Callable[..., bytes]]] = {
    CertificateDoc: (DocumentKind.CERTIFICATE, certificate.render),
    DenialNoticeDoc: (DocumentKind.DENIAL, denial.render),
    PublicityDoc: (DocumentKind.PUBLICITY, publicity.render),
    InvestigationDoc: (DocumentKind.INVESTIGATION, investigation.render),
    NeighbourVisitDoc: (DocumentKind.NEIGHBOUR, neighbour.render),
    AssessmentDoc: (DocumentKind.ASSESSMENT, assessment.render),
    NearRelativeDoc: (DocumentKind.NEAR_RELATIVE, near_relative.render),
    RosterDoc: (DocumentKind.ROSTER, roster.render),
    ChangeNoticeDoc: (DocumentKind.CHANGE, change_notice.render),
}

# Paper versions for when the laptop cannot go along (DOMAIN §8.2, §8.3).
BLANK_FORMS: dict[DocumentKind, Callable[..., bytes]] = {
    DocumentKind.INVESTIGATION: investigation.render_blank,
    DocumentKind.NEIGHBOUR: neighbour.render_blank,
}


def kind_of(doc: Document) -> DocumentKind:
    return _RENDERERS[type(doc)][0]


def render_document(doc: Document, *, fonts: FontSet | None = None) -> bytes:
    """PDF bytes for any read model; refuses an incomplete one with ``DocumentIncomplete``."""
    return _RENDERERS[type(doc)][1](doc, fonts=fonts)


def render_blank(kind: DocumentKind, *, fonts: FontSet | None = None) -> bytes:
    if kind not in BLANK_FORMS:
        raise ValueError(f"no blank form for {kind}")
    return BLANK_FORMS[kind](fonts=fonts)


def render_certificates(docs: Sequence[CertificateDoc], *, fonts: FontSet | None = None) -> bytes:
    """A batch of certificates in one PDF (each keeps its own page numbers)."""
    return certificate.render_many(docs, fonts=fonts)
