"""The case list model: holds ids, fetches rows a page at a time on the database thread (Anki's browser table)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from app.services.case_views import CaseRow

PAGE = 100
Index = QModelIndex | QPersistentModelIndex
RowFetcher = Callable[[Sequence[str], Callable[[list[CaseRow]], None]], None]

COLUMNS = ("户主", "身份证号", "村/社区", "状态", "下一时限", "到期日", "时限状态")


class CaseTableModel(QAbstractTableModel):
    rows_loaded = Signal()

    def __init__(self, fetch_rows: RowFetcher, village_names: dict[str, str] | None = None) -> None:
        super().__init__()
        self._fetch_rows = fetch_rows
        self._ids: Sequence[str] = ()
        self._rows: dict[str, CaseRow] = {}
        self._pending: set[int] = set()
        self._generation = 0  # which list of ids a page that arrives late belongs to
        self._villages = village_names or {}

    # ---- content
    def set_ids(self, ids: Sequence[str], first_rows: Sequence[CaseRow] = ()) -> None:
        """A new list. ``first_rows`` are rows the search already read (its first page): no second trip for them."""
        self.beginResetModel()
        self._generation += 1
        self._ids = ids
        self._rows = {r.id: r for r in first_rows}
        self._pending.clear()
        if first_rows:
            self._pending.add(0)
        self.endResetModel()
        if first_rows:
            self.rows_loaded.emit()

    def clear(self) -> None:
        self.set_ids(())

    def set_village_names(self, names: dict[str, str]) -> None:
        self._villages.update(names)
        if self._ids:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self._ids) - 1, 2))

    def case_id(self, row: int) -> str:
        return self._ids[row]

    def row_data(self, row: int) -> CaseRow | None:
        return self._rows.get(self._ids[row])

    def _request_page(self, row: int) -> None:
        page = row // PAGE
        if page in self._pending:
            return
        self._pending.add(page)
        ids = self._ids[page * PAGE : (page + 1) * PAGE]
        generation = self._generation

        def arrived(rows: list[CaseRow]) -> None:
            if generation != self._generation:
                return  # a newer search replaced the list meanwhile
            for r in rows:
                self._rows[r.id] = r
            first, last = page * PAGE, min(len(self._ids), (page + 1) * PAGE) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
            self.rows_loaded.emit()

        self._fetch_rows(ids, arrived)

    # ---- Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        row = self._rows.get(self._ids[index.row()])
        if role == Qt.ItemDataRole.DisplayRole:
            if row is None:
                self._request_page(index.row())
                return "…"
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and row is not None and index.column() == 3:
            return row.state_label
        if role == Qt.ItemDataRole.ToolTipRole and row is not None and row.next_deadline is not None:
            return f"{row.next_deadline.step_label}：{row.next_deadline.limit_text}，{row.next_deadline.status_label}"
        if role == Qt.ItemDataRole.ForegroundRole and row is not None and row.overdue:
            from PySide6.QtGui import QColor

            return QColor("#b3261e")
        return None

    def _text(self, row: CaseRow, column: int) -> str:
        nd = row.next_deadline
        values = (
            row.head_name,
            row.head_id_masked,
            self._villages.get(row.area_code, row.area_code),
            row.state_label,
            nd.step_label if nd else "",
            (nd.due_on.isoformat() + nd.provisional_mark) if nd else "",
            nd.status_label if nd else "",
        )
        return values[column]
