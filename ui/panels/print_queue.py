"""The window clerk's print queue: what each case is waiting for on paper, one click to preview and print.

Approved cases wait for their 最低生活保障证, denied ones for the 不予同意告知书 (to serve within the rule's working
days), terminated ones for the 调整（终止）告知书. Below the queue, the township's monthly 花名册 for a chosen month
(预览 / 打印… / 另存 PDF…). Printing itself (PDF on the worker pool, preview, the system print dialog, audit of who
printed what) is ``ui.printing``'s. The 公示 sheets have their own panel (``ui.panels.publicity_panel``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
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
from app.services.documents import DOCUMENT_TITLES, DocumentKind, RosterDoc
from app.services.printing import PrintSettings, build_roster_doc, require_print_permission
from app.services.supervision.publicity import publicity_townships
from app.workflow.rules import YearMonth
from app.workflow.states import CaseState
from ui.errors import show_error
from ui.session import UserSession

if TYPE_CHECKING:
    from ui.printing.case_actions import CasePrinting, Output

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
        layout.addLayout(self._roster_row())
        layout.addWidget(self.message)
        self.refresh()

    def _roster_row(self) -> QHBoxLayout:
        """花名册: the township (shown when this account prints for more than one) and the month."""
        self.roster_township = QComboBox()
        self.roster_township.setObjectName("rosterTownship")
        self.roster_month = QDateEdit()
        self.roster_month.setObjectName("rosterMonth")
        self.roster_month.setDisplayFormat("yyyy-MM")
        today = self._user.clock.today()
        self.roster_month.setDate(QDate(today.year, today.month, 1))
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("低保金发放花名册")))
        row.addWidget(self.roster_township)
        row.addWidget(self.roster_month)
        actions: tuple[tuple[str, str, Output], ...] = (
            (self.tr("预览"), "rosterPreview", "preview"),
            (self.tr("打印…"), "rosterPrint", "print"),
            (self.tr("另存 PDF…"), "rosterSave", "pdf"),
        )
        for text, name, output in actions:
            button = QPushButton(text)
            button.setObjectName(name)
            self._on_click(button, output)
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _on_click(self, button: QPushButton, output: Output) -> None:
        button.clicked.connect(lambda: self.print_roster(output))

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
        user.read(lambda s: publicity_townships(s, actor), self._townships, lambda exc: show_error(self, exc))

    def _townships(self, towns: tuple[tuple[str, str], ...]) -> None:
        current = self.roster_township.currentData()
        self.roster_township.clear()
        for code, name in towns:
            self.roster_township.addItem(name, code)
        self.roster_township.setCurrentIndex(max(self.roster_township.findData(current), 0))
        self.roster_township.setVisible(len(towns) > 1)

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

    def print_roster(self, output: Output, path: Path | None = None) -> None:
        """The chosen month's 花名册 for the township: preview, print or save (to ``path`` when given)."""
        township = self.roster_township.currentData()
        if not township:
            self.message.setText(self.tr("没有可打印花名册的乡镇（街道）。"))
            return
        picked = self.roster_month.date()
        month = YearMonth(picked.year(), picked.month())
        from ui.printing.controller import PrintRequest  # reportlab and the fonts load on the first print

        user = self._user

        def build(session: Session, settings: PrintSettings) -> tuple[RosterDoc, tuple[str, ...]]:
            require_print_permission(user.actor, DocumentKind.ROSTER)
            return build_roster_doc(
                session, user.actor, township_code=township, month=month, settings=settings, rules=user.rules
            )

        request = PrintRequest(
            DocumentKind.ROSTER,
            title=f"{DOCUMENT_TITLES[DocumentKind.ROSTER]}（{self.roster_township.currentText()} {month}）",
            scope=f"{township} {month}",
        )
        self._printer().township_document(request, build, output, path)

    def _printer(self) -> CasePrinting:
        from ui.printing.case_actions import CasePrinting  # reportlab and the fonts load on the first print

        if self._printing is None:
            printing = CasePrinting(self, self._user)
            printing.failed.connect(self.message.setText)
            printing.notice.connect(self.message.setText)
            printing.controller.saved.connect(
                lambda p: self.message.setText(self.tr("已保存：%1").replace("%1", p))
            )
            self._printing = printing
        assert isinstance(self._printing, CasePrinting)
        return self._printing

    def print_item(self, row: int) -> None:
        if not 0 <= row < len(self.items):
            self.message.setText(self.tr("请先选中一件。"))
            return
        printing = self._printer()
        item = self.items[row]
        if item.kind is DocumentKind.CERTIFICATE:
            printing.issue_certificate(item.row.id)
        else:
            printing.preview(item.kind, item.row.id)
