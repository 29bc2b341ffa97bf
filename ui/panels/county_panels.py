"""County reviewer: the cross-township overdue board, the warnings (预警) and spot-check coverage.

Each panel is a read-only view over the supervision services; acting on an item goes through the same services
the `dibao warnings|spotcheck|board` commands use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.services.supervision.board import BoardItem, OverdueBoard, board_items, overdue_board
from app.services.supervision.spot_checks import CohortCoverage, spot_check_coverage
from app.services.supervision.warnings import WarningRow, list_warnings
from ui.errors import show_error
from ui.session import UserSession

RED = QColor("#b3261e")


def _table(name: str, headers: Sequence[str]) -> tuple[QTableView, QStandardItemModel]:
    model = QStandardItemModel(0, len(headers))
    model.setHorizontalHeaderLabels(list(headers))
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    model.setParent(view)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return view, model


def _fill(
    model: QStandardItemModel, rows: Sequence[Sequence[str]], red: Callable[[int], bool] = lambda _: False
) -> None:
    model.removeRows(0, model.rowCount())
    for n, values in enumerate(rows):
        cells = [QStandardItem(v) for v in values]
        if red(n):
            for cell in cells:
                cell.setForeground(RED)
        model.appendRow(cells)


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
        self.townships, self.township_model = _table(
            "boardTownships", ("乡镇/街道", "进行中", "即将到期", "已逾期")
        )
        self.steps, self.step_model = _table("boardSteps", ("环节", "进行中", "即将到期", "已逾期"))
        self.items, self.item_model = _table(
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
        _fill(
            self.township_model,
            [
                [line.label, str(line.counts.open), str(line.counts.due_soon), str(line.counts.overdue)]
                for line in board.by_township
            ],
            lambda n: board.by_township[n].counts.overdue > 0,
        )
        _fill(
            self.step_model,
            [
                [line.label, str(line.counts.open), str(line.counts.due_soon), str(line.counts.overdue)]
                for line in board.by_step
            ],
            lambda n: board.by_step[n].counts.overdue > 0,
        )
        _fill(
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


class WarningsPanel(QWidget):
    """Open warnings, the 20-working-day home verification clock first, overdue in red."""

    loaded = Signal()

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        self.overdue_only = QCheckBox(self.tr("只看已逾期"))
        self.overdue_only.setObjectName("warningsOverdueOnly")
        self.overdue_only.toggled.connect(lambda _: self.refresh())
        self.summary = QLabel()
        self.summary.setObjectName("warningsSummary")
        self.table, self.model = _table(
            "warningsTable", ("姓名", "身份证号", "预警类型", "乡镇/街道", "核查期限", "状态")
        )
        hint = QLabel(self.tr("导入、分派、核查和结案：dibao warnings import|assign|verify|close"))
        hint.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.overdue_only)
        layout.addWidget(self.table)
        layout.addWidget(self.summary)
        layout.addWidget(hint)
        self.refresh()

    def refresh(self) -> None:
        user, overdue = self._user, self.overdue_only.isChecked()
        actor, today = user.actor, user.clock.today()
        user.read(
            lambda s: list_warnings(
                s, actor, calendar=user.calendar(s), rules=user.rules, today=today, overdue_only=overdue
            ),
            self._show,
            lambda exc: show_error(self, exc),
        )

    def _show(self, rows: tuple[WarningRow, ...]) -> None:
        _fill(
            self.model,
            [
                [
                    w.subject_name,
                    w.subject_id_masked,
                    w.warning_type,
                    w.township_name or "（未分派）",
                    w.due_on.isoformat() + w.provisional_mark,
                    w.time_status_label,
                ]
                for w in rows
            ],
            lambda n: rows[n].time_status == "OVERDUE",
        )
        self.summary.setText(self.tr("共 %n 条", "", len(rows)))
        self.loaded.emit()


class SpotCheckPanel(QWidget):
    """Coverage per approval cohort against the rules (≥ sample ratio, field share, the 90-day window)."""

    loaded = Signal()

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        self.table, self.model = _table(
            "spotCheckTable",
            ("批次", "新增户数", "应抽/已抽", "应实地/已实地", "近亲属实地", "窗口截止", "提醒"),
        )
        hint = QLabel(self.tr("抽取与登记结果：dibao spotcheck draw|record（随机种子记录在案，可复核）"))
        hint.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(hint)
        self.refresh()

    def refresh(self) -> None:
        user = self._user
        actor, today = user.actor, user.clock.today()
        user.read(
            lambda s: spot_check_coverage(s, actor, today=today, calendar=user.calendar(s), rules=user.rules),
            self._show,
            lambda exc: show_error(self, exc),
        )

    def _show(self, rows: tuple[CohortCoverage, ...]) -> None:
        _fill(
            self.model,
            [
                [
                    c.cohort,
                    str(c.population),
                    f"{c.required_sample}/{c.drawn}",
                    f"{c.required_field}/{c.field_drawn}",
                    f"{c.near_relatives_field_done}/{c.near_relatives}",
                    c.window_closes_on.isoformat() if c.window_closes_on else "",
                    "；".join(c.alerts),
                ]
                for c in rows
            ],
            lambda n: not rows[n].meets_target,
        )
        self.loaded.emit()
