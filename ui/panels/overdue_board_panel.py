"""The overdue board (逾期看板): overdue and due-soon counts per township and per step across every statutory clock,
and the items behind them, with a drill-down to the case. County reviewers see every township, township staff their
own (the service decides)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.services.supervision.board import BoardItem, OverdueBoard, board_items, overdue_board
from ui.errors import show_error
from ui.panels.tables import fill_rows, read_only_table
from ui.session import UserSession


class OverdueBoardPanel(QWidget):
    """Overdue and due-soon counts per township and per step, and the items behind them (drill down to a case)."""

    case_activated = Signal(str)
    loaded = Signal()

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        self._items: list[BoardItem] = []
        self.summary = QLabel()
        self.summary.setObjectName("boardSummary")
        self.townships, self.township_model = read_only_table(
            "boardTownships", ("乡镇/街道", "进行中", "即将到期", "已逾期")
        )
        self.steps, self.step_model = read_only_table("boardSteps", ("环节", "进行中", "即将到期", "已逾期"))
        self.items, self.item_model = read_only_table(
            "boardItems", ("乡镇/街道", "户主", "身份证号", "环节", "到期日", "状态")
        )
        self.items.activated.connect(self._on_item_activated)
        counts = QSplitter()
        counts.addWidget(self.townships)
        counts.addWidget(self.steps)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(counts)
        split.addWidget(self.items)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split)
        self.refresh()

    def refresh(self) -> None:
        user = self._user
        actor, today = user.actor, user.clock.today()

        def work(session: Session) -> tuple[OverdueBoard, tuple[BoardItem, ...]]:
            calendar = user.calendar(session)
            board = overdue_board(session, actor, calendar=calendar, rules=user.rules, today=today)
            items = board_items(session, actor, calendar=calendar, rules=user.rules, today=today)
            return board, tuple(items)

        user.read(work, self._show, lambda exc: show_error(self, exc))

    def _show(self, result: tuple[OverdueBoard, tuple[BoardItem, ...]]) -> None:
        board, items = result
        self._items = [i for i in items if i.status in ("OVERDUE", "DUE_SOON")]
        t = board.total
        self.summary.setText(
            self.tr("%1：进行中 %2 项，即将到期 %3 项，已逾期 %4 项")
            .replace("%1", board.scope_label)
            .replace("%2", str(t.open))
            .replace("%3", str(t.due_soon))
            .replace("%4", str(t.overdue))
        )
        fill_rows(
            self.township_model,
            [
                [line.label, str(line.counts.open), str(line.counts.due_soon), str(line.counts.overdue)]
                for line in board.by_township
            ],
            lambda n: board.by_township[n].counts.overdue > 0,
        )
        fill_rows(
            self.step_model,
            [
                [line.label, str(line.counts.open), str(line.counts.due_soon), str(line.counts.overdue)]
                for line in board.by_step
            ],
            lambda n: board.by_step[n].counts.overdue > 0,
        )
        fill_rows(
            self.item_model,
            [
                [
                    i.township_name,
                    i.head_name,
                    i.head_id_masked,
                    i.step_label,
                    i.due_on.isoformat() + ("（暂定日历）" if i.provisional else ""),
                    i.status_label,
                ]
                for i in self._items
            ],
            lambda n: self._items[n].status == "OVERDUE",
        )
        self.loaded.emit()

    def _on_item_activated(self, index: object) -> None:
        row = getattr(index, "row", lambda: -1)()
        if 0 <= row < len(self._items) and self._items[row].case_id:
            self.case_activated.emit(self._items[row].case_id)
