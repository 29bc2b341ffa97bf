"""What a case panel's print buttons call: read model on the database thread, PDF and pages on the PDF pool.

``CasePrinting`` is given the logged-in user's session (``ui.session.UserSession``) and a parent widget; the panel
decides which buttons to show. Issuing a certificate takes its number in the database before the preview opens;
a certificate not printed after all is printed later with 补打 (same number), never issued twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from app.services import certificates
from app.services.documents import DocumentKind
from app.services.printing import (
    SETTINGS_FILE,
    PrintSettings,
    build_assessment_doc,
    build_change_notice_doc,
    build_denial_doc,
    build_investigation_doc,
    build_near_relative_doc,
    build_neighbour_doc,
    load_print_settings,
)
from reports.catalog import Document, render_blank, render_document
from reports.fonts import FontSet, resolve_fonts
from ui.errors import message_for
from ui.printing.controller import PrintController, PrintRequest, audit_hook_for
from ui.printing.worker import Progress
from ui.session import UserSession

BUILDERS: dict[DocumentKind, Callable[[Session, str, PrintSettings, Any], Document]] = {
    DocumentKind.DENIAL: lambda s, c, st, today: build_denial_doc(s, c, settings=st, issued_on=today),
    DocumentKind.INVESTIGATION: lambda s, c, st, today: build_investigation_doc(s, c),
    DocumentKind.NEIGHBOUR: lambda s, c, st, today: build_neighbour_doc(s, c),
    DocumentKind.ASSESSMENT: lambda s, c, st, today: build_assessment_doc(s, c),
    DocumentKind.NEAR_RELATIVE: lambda s, c, st, today: build_near_relative_doc(s, c),
    DocumentKind.CHANGE: lambda s, c, st, today: build_change_notice_doc(s, c, settings=st, issued_on=today),
}


# A township document's builder, run on the database thread: the document and the case ids it shows (for the audit).
TownshipBuild = Callable[[Session, PrintSettings], tuple[Document, tuple[str, ...]]]
Output = Literal["preview", "print", "pdf"]  # 预览 / 打印… (system dialog) / 另存 PDF…


class CasePrinting(QObject):
    """``failed`` carries a Chinese message; ``notice`` a warning to show (e.g. certificate numbers running low)."""

    failed = Signal(str)
    notice = Signal(str)

    def __init__(
        self,
        parent: QWidget,
        user: UserSession,
        *,
        settings: PrintSettings | None = None,
        fonts: FontSet | None = None,
    ) -> None:
        super().__init__(parent)
        self.user = user
        self.settings = settings or PrintSettings()
        self._settings_given = settings is not None
        self._fonts = fonts
        self.controller = PrintController(parent, audit=audit_hook_for(user, self._error))
        self.controller.failed.connect(self.failed)

    def fonts(self) -> FontSet:
        if self._fonts is None:
            self._fonts = resolve_fonts(self.settings.font_dir or None)
        return self._fonts

    # -- entry points ---------------------------------------------------------------------------------------

    def preview(self, kind: DocumentKind, case_id: str) -> None:
        self._with_doc(
            kind, case_id, lambda doc: self.controller.preview(self._request(kind, case_id), self._maker(doc))
        )

    def save(self, kind: DocumentKind, case_id: str, path: Path | None = None) -> None:
        self._with_doc(
            kind,
            case_id,
            lambda doc: self.controller.save_pdf(self._request(kind, case_id), self._maker(doc), path),
        )

    def save_blank(self, kind: DocumentKind, path: Path | None = None) -> None:
        fonts = self.fonts()
        self.controller.save_pdf(
            PrintRequest(kind, title=f"空白{PrintRequest(kind).label}"),
            lambda _p: render_blank(kind, fonts=fonts),
            path,
        )

    def issue_certificate(self, case_id: str, path: Path | None = None) -> None:
        """Issue (takes a number), then preview — or save to ``path`` when given (scripts, tests)."""
        settings, clock = self.settings, self.user.clock

        def work(session: Session) -> certificates.IssuedDoc:
            return certificates.issue_certificate(
                session, self.user.actor, case_id, clock=clock, settings=settings
            )

        self.user.write(work, lambda issued: self._certificate(issued, path, reprint=False), self._error)

    def reprint_certificate(self, number_or_case: str, path: Path | None = None) -> None:
        settings, clock = self.settings, self.user.clock

        def work(session: Session) -> certificates.IssuedDoc:
            return certificates.reprint_certificate(
                session, self.user.actor, number_or_case, clock=clock, settings=settings
            )

        self.user.write(work, lambda issued: self._certificate(issued, path, reprint=True), self._error)

    def township_document(
        self,
        request: PrintRequest,
        build: TownshipBuild,
        output: Output,
        path: Path | None = None,
    ) -> None:
        """A township document (公示 sheets, 花名册): built on the database thread with this store's print settings
        (``print-settings.json`` in the data directory: the hotlines a notice needs), then previewed, printed through
        the system dialog or saved as PDF (to ``path`` when given: scripts, tests); audited for every case on it."""
        given, root = (self.settings if self._settings_given else None), self.user.store.paths.root

        def work(session: Session) -> tuple[Document, tuple[str, ...]]:
            settings = given or load_print_settings(root / SETTINGS_FILE)
            return build(session, settings)

        def done(built: tuple[Document, tuple[str, ...]]) -> None:
            doc, case_ids = built
            audited = replace(request, case_ids=case_ids)
            if output == "preview":
                self.controller.preview(audited, self._maker(doc))
            elif output == "print":
                self.controller.print_direct(audited, self._maker(doc))
            else:
                self.controller.save_pdf(audited, self._maker(doc), path)

        self.user.read(work, done, self._error)

    # -- internals ------------------------------------------------------------------------------------------

    def _certificate(self, issued: certificates.IssuedDoc, path: Path | None, *, reprint: bool) -> None:
        for warning in issued.warnings:
            self.notice.emit(warning)
        request = PrintRequest(DocumentKind.CERTIFICATE, (issued.case_id,), reprint=reprint)
        maker = self._maker(issued.doc)
        if path is None:
            self.controller.preview(request, maker)
        else:
            self.controller.save_pdf(request, maker, path)

    def _with_doc(self, kind: DocumentKind, case_id: str, then: Callable[[Document], object]) -> None:
        builder = BUILDERS.get(kind)
        if builder is None:
            raise ValueError(
                f"{kind} is not a per-case document (use the township or certificate entry points)"
            )
        settings, today = self.settings, self.user.clock.today()

        def done(doc: Document) -> None:
            then(doc)

        self.user.read(lambda session: builder(session, case_id, settings, today), done, self._error)

    def _maker(self, doc: Document) -> Callable[[Progress], bytes]:
        fonts = self.fonts()
        return lambda _progress: render_document(doc, fonts=fonts)

    def _request(self, kind: DocumentKind, case_id: str) -> PrintRequest:
        return PrintRequest(kind, (case_id,))

    def _error(self, exc: BaseException) -> None:
        self.failed.emit(message_for(exc)[1])
