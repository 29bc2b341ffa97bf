"""Find a household in a second: search by name, full ID number or its last digits, village, state, deadlines."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.services import reference
from app.services.case_search import (
    CaseQuery,
    CaseSearch,
    DeadlineFilter,
    case_rows,
    due_soon_horizon,
    find_cases,
)
from app.services.case_views import CaseRow
from app.workflow.states import STATE_LABELS, CaseState
from ui.errors import show_error
from ui.models.case_table import PAGE, CaseTableModel
from ui.session import UserSession

DEADLINE_CHOICES = (
    ("全部时限", DeadlineFilter.ANY),
    ("已逾期", DeadlineFilter.OVERDUE),
    ("即将到期或逾期", DeadlineFilter.DUE_SOON),
)


class CaseListPanel(QWidget):
    case_activated = Signal(str)
    search_finished = Signal(int)

    def __init__(
        self, user: UserSession, *, preset_state: CaseState | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._user = user
        self.search = QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setPlaceholderText(self.tr("输入姓名、身份证号或后四位，回车查找"))
        self.search.setClearButtonEnabled(True)
        self.village = QComboBox()
        self.village.setObjectName("villageFilter")
        self.village.addItem(self.tr("全部村/社区"), None)
        self.state = QComboBox()
        self.state.setObjectName("stateFilter")
        self.state.addItem(self.tr("全部状态"), None)
        for state in CaseState:
            self.state.addItem(STATE_LABELS[state], state)
        if preset_state is not None:
            self.state.setCurrentIndex(self.state.findData(preset_state))
        self.deadline = QComboBox()
        self.deadline.setObjectName("deadlineFilter")
        for label, value in DEADLINE_CHOICES:
            self.deadline.addItem(self.tr(label), value)
        self.count = QLabel()
        self.count.setObjectName("resultCount")
        self.model = CaseTableModel(self._fetch_rows)
        self.table = QTableView()
        self.table.setObjectName("caseTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # Never ResizeToContents here: it would ask every row for its text and page in the whole table.
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().resizeSection(3, 260)
        self.table.activated.connect(self._on_table_activated)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.village, 1)
        filters.addWidget(self.state, 1)
        filters.addWidget(self.deadline, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        layout.addWidget(self.count)

        # Typing pauses briefly before searching, so each keystroke does not start a query.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.run_search)
        self.search.textEdited.connect(lambda _: self._debounce.start())
        self.search.returnPressed.connect(self.run_search)
        for combo in (self.village, self.state, self.deadline):
            combo.currentIndexChanged.connect(lambda _: self.run_search())
        self._load_villages()
        self.run_search()

    def _load_villages(self) -> None:
        def load(session: Session) -> list[tuple[str, str]]:
            return [
                (v.code, v.name)
                for t in reference.townships(session)
                for v in reference.villages_of(session, t.code)
            ]

        def show(villages: list[tuple[str, str]]) -> None:
            self.model.set_village_names(dict(villages))
            for code, name in villages:
                self.village.addItem(name, code)

        self._user.read(load, show, self._on_error)

    def query(self) -> CaseQuery:
        # Qt hands enum data back as plain strings; turn them back into the enums the service expects.
        state, deadline = self.state.currentData(), self.deadline.currentData()
        return CaseQuery(
            text=self.search.text(),
            village_code=self.village.currentData(),
            state=CaseState(state) if state else None,
            deadline=DeadlineFilter(deadline or DeadlineFilter.ANY),
        )

    def run_search(self) -> None:
        user, query = self._user, self.query()
        actor, today = user.actor, user.clock.today()

        # One trip to the database thread: the ids and the first page's rows, read on the same connection.
        def work(session: Session) -> CaseSearch:
            calendar = user.calendar(session)
            horizon = due_soon_horizon(user.rules, calendar, today)
            return find_cases(
                session,
                actor,
                query,
                page=PAGE,
                calendar=calendar,
                rules=user.rules,
                today=today,
                due_soon_until=horizon,
            )

        user.read(work, self._on_found, self._on_error)

    def _on_found(self, found: CaseSearch) -> None:
        self.model.set_ids(found.ids, found.first_rows)
        self.count.setText(self.tr("共 %n 件", "", len(found.ids)))
        self.search_finished.emit(len(found.ids))

    def _fetch_rows(self, ids: Sequence[str], deliver: Callable[[list[CaseRow]], None]) -> None:
        user = self._user
        actor, today = user.actor, user.clock.today()
        user.read(
            lambda s: case_rows(s, actor, ids, calendar=user.calendar(s), rules=user.rules, today=today),
            deliver,
            self._on_error,
        )

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.case_activated.emit(self.model.case_id(index.row()))

    def _on_error(self, exc: BaseException) -> None:
        show_error(self, exc)

    def clear(self) -> None:
        self.model.clear()
        self.search.clear()
