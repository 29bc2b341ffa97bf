"""A case's field records: the list, a new home investigation / neighbour interview / evidence letter, and opening
one in the form renderer. Draft saves, photo saves and thumbnails, signature fields and the sign-off go to the
database worker (``WorkerFormBackend``); the form never waits for the disk."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.domain.roles import PERMISSIONS
from app.services import field_records
from app.services.field_records import RecordView
from forms.registry import default_registry
from ui.errors import show_error
from ui.forms.backend import WorkerFormBackend
from ui.forms.record_panel import FieldRecordPanel
from ui.session import UserSession

NEW_FORMS = (
    ("HOME_INVESTIGATION", "新建入户调查表"),
    ("NEIGHBOUR_INTERVIEW", "新建邻里访问记录"),
    ("EVIDENCE_LETTER", "新建信函索证"),
)


class CaseFormsPanel(QWidget):
    """A case's records — or, with ``case_id=None``, the logged-in user's own unfinished drafts across cases."""

    open_requested = Signal(str, object)  # title, FieldRecordPanel

    def __init__(self, user: UserSession, case_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        self._case_id = case_id
        self._records: list[RecordView] = []
        self._registry = default_registry()
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("表单"), self.tr("版本"), self.tr("状态"), self.tr("填写人")]
        )
        self.table = QTableView()
        self.table.setObjectName("formsTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda index: self.open_record(self._records[index.row()]))
        buttons = QHBoxLayout()
        self.new_buttons: dict[str, QPushButton] = {}
        allowed = PERMISSIONS[user.actor.role]
        for code, label in NEW_FORMS:
            button = QPushButton(self.tr(label))
            button.setObjectName(f"new_{code}")
            # The service refuses too; the button says so before anyone types a whole form.
            button.setEnabled(any(p in allowed for p in self._registry.latest(code).permissions))
            button.clicked.connect(lambda _=False, c=code: self.new_record(c))
            buttons.addWidget(button)
            self.new_buttons[code] = button
            button.setVisible(case_id is not None)  # new records belong to a case
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.refresh()

    def refresh(self) -> None:
        case_id, actor = self._case_id, self._user.actor

        def work(session: Session) -> list[RecordView]:
            if case_id is None:
                return field_records.my_drafts(session, actor)
            return field_records.list_records(session, case_id=case_id)

        self._user.read(work, self._show, lambda exc: show_error(self, exc))

    def _show(self, records: list[RecordView]) -> None:
        self._records = records
        self.model.removeRows(0, self.model.rowCount())
        for r in records:
            title = self._registry.get(r.form_code, r.form_version).title
            status = self.tr("已签字锁定") if r.is_locked else self.tr("草稿")
            self.model.appendRow([QStandardItem(v) for v in (title, str(r.version), status, r.created_by)])

    def _case_of(self, record_id: str | None) -> str | None:
        return next((r.case_id for r in self._records if r.id == record_id), None)

    def new_record(self, form_code: str) -> None:
        self._open(form_code, record_id=None, data=None)

    def open_record(self, record: RecordView) -> None:
        self._open(record.form_code, record_id=record.id, data=record.data, version=record.form_version)

    def _open(
        self,
        form_code: str,
        *,
        record_id: str | None,
        data: dict[str, Any] | None,
        version: int | None = None,
    ) -> None:
        definition = (
            self._registry.get(form_code, version)
            if version is not None
            else self._registry.latest(form_code)
        )
        backend = WorkerFormBackend(
            self._user, form_code=form_code, case_id=self._case_id, record_id=record_id
        )

        # The sign-off runs on the database worker after every draft save already queued (one thread, in order).
        panel = FieldRecordPanel(
            definition, today=self._user.clock.today(), backend=backend, finalize=backend.finalize, data=data
        )
        panel.finalized.connect(lambda _: self.refresh())
        self.open_requested.emit(definition.title, panel)
