"""Read-only tables the supervision panels share: one look, rows filled from plain strings, problems in red."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

RED = QColor("#b3261e")


def read_only_table(name: str, headers: Sequence[str]) -> tuple[QTableView, QStandardItemModel]:
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


def fill_rows(
    model: QStandardItemModel, rows: Sequence[Sequence[str]], red: Callable[[int], bool] = lambda _: False
) -> None:
    model.removeRows(0, model.rowCount())
    for n, values in enumerate(rows):
        cells = [QStandardItem(v) for v in values]
        if red(n):
            for cell in cells:
                cell.setForeground(RED)
        model.appendRow(cells)
