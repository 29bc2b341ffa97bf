"""The window clerk's print queue: what each case is waiting for on paper, one click to preview and print.

Approved cases wait for their 最低生活保障证, denied ones for the 不予同意告知书 (to serve within the rule's working
days), terminated ones for the 调整（终止）告知书. Printing itself (PDF on the worker pool, preview, the system print
dialog, audit of who printed what) is ``ui.printing``'s.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.services.case_search import CaseQuery, CaseRow, case_rows, search_case_ids
from app.services.documents import DOCUMENT_TITLES, DocumentKind
from app.workflow.states import CaseState
from ui.errors import show_error
from ui.session import UserSession

WAITING: tuple[tuple[CaseState, DocumentKind], ...] = (
    (CaseState.APPROVED, DocumentKind.CERTIFICATE),
    (CaseState.DENIED, DocumentKind.DENIAL),
    (CaseState.TERMINATED, DocumentKind.CHANGE),
)


@dataclass(frozen=True, slots=True)
class QueueItem:
    row: CaseRow
    kind: DocumentKind


class PrintQueuePanel(QWidget):
    loaded = Signal()

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        self.items: list[QueueItem] = []
        self._printing: object | None = None
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("户主"), self.tr("身份证号"), self.tr("状态"), self.tr("待打印")]
        )
        self.table = QTableView()
        self.table.setObjectName("printQueue")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda index: self.print_item(index.row()))
        self.print_button = QPushButton(self.tr("预览并打印选中的文书"))
        self.print_button.setObjectName("printSelected")
        self.print_button.clicked.connect(lambda: self.print_item(self.table.currentIndex().row()))
        refresh = QPushButton(self.tr("刷新"))
        refresh.clicked.connect(self.refresh)
        self.message = QLabel()
        self.message.setObjectName("printMessage")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(refresh)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        user = self._user
        actor, today = user.actor, user.clock.today()

        def work(session: Session) -> list[QueueItem]:
            calendar = user.calendar(session)
            items: list[QueueItem] = []
            for state, kind in WAITING:
                ids = search_case_ids(session, actor, CaseQuery(state=state), today=today)
                rows = case_rows(session, actor, ids, calendar=calendar, rules=user.rules, today=today)
                items += [QueueItem(r, kind) for r in rows]
            return items

        user.read(work, self._show, lambda exc: show_error(self, exc))

    def _show(self, items: list[QueueItem]) -> None:
        self.items = items
        self.model.removeRows(0, self.model.rowCount())
        for item in items:
            r = item.row
            self.model.appendRow(
                [
                    QStandardItem(v)
                    for v in (r.head_name, r.head_id_masked, r.state_label, DOCUMENT_TITLES[item.kind])
                ]
            )
        self.message.setText(self.tr("待打印 %n 件", "", len(items)))
        self.loaded.emit()

    def print_item(self, row: int) -> None:
        if not 0 <= row < len(self.items):
            self.message.setText(self.tr("请先选中一件。"))
            return
        from ui.printing.case_actions import CasePrinting  # reportlab and the fonts load on the first print

        if self._printing is None:
            printing = CasePrinting(self, self._user)
            printing.failed.connect(self.message.setText)
            printing.notice.connect(self.message.setText)
            self._printing = printing
        printing = self._printing
        assert isinstance(printing, CasePrinting)
        item = self.items[row]
        if item.kind is DocumentKind.CERTIFICATE:
            printing.issue_certificate(item.row.id)
        else:
            printing.preview(item.kind, item.row.id)
