"""The overdue board (逾期看板): overdue and due-soon counts per township and per step across every statutory clock,
and the items behind them, with a drill-down to the case. County reviewers see every township (or one, by the
filter), township staff their own (the service decides). 导出 Excel… / 导出 PDF… write the board the user sees.

The Excel export runs on the database thread (the service reads and audits in one transaction, and the file is
written there too, so a failed write leaves no audit event); the PDF is rendered on the PDF pool and then written and
audited on the database thread. Both files are written atomically; a PDF rendered after a lock is dropped unwritten.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.db.atomic import write_atomic
from app.domain.errors import ValidationError
from app.domain.roles import PERMISSIONS, Permission
from app.services import reference
from app.services.supervision.board import (
    BoardItem,
    BoardReport,
    OverdueBoard,
    board_items,
    board_report,
    export_board_xlsx,
    overdue_board,
    record_board_export,
)
from ui.errors import message_for, show_error
from ui.panels.tables import fill_rows, read_only_table
from ui.printing.worker import PdfJob, Progress, pdf_pool
from ui.session import UserSession


class OverdueBoardPanel(QWidget):
    """Overdue and due-soon counts per township and per step, and the items behind them (drill down to a case)."""

    case_activated = Signal(str)
    loaded = Signal()
    exported = Signal(str)  # the path written
    export_failed = Signal(str)  # the Chinese message shown

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        self._items: list[BoardItem] = []
        self.pdf_job: PdfJob | None = None  # the PDF being rendered, if any
        self._pdf_target: tuple[Path, BoardReport] | None = None
        self.is_county = Permission.COUNTY_REVIEW in PERMISSIONS[user.actor.role]
        self.township_filter = QComboBox()
        self.township_filter.setObjectName("boardTownship")
        self.township_filter.addItem(self.tr("全部乡镇/街道"), None)
        self.township_filter.setVisible(self.is_county)
        self.export_xlsx_button = QPushButton(self.tr("导出 Excel…"))
        self.export_xlsx_button.setObjectName("boardExportXlsx")
        self.export_xlsx_button.clicked.connect(self.choose_xlsx_file)
        self.export_pdf_button = QPushButton(self.tr("导出 PDF…"))
        self.export_pdf_button.setObjectName("boardExportPdf")
        self.export_pdf_button.clicked.connect(self.choose_pdf_file)
        top = QHBoxLayout()
        if self.is_county:
            top.addWidget(QLabel(self.tr("乡镇/街道")))
            top.addWidget(self.township_filter)
        top.addStretch(1)
        top.addWidget(self.export_xlsx_button)
        top.addWidget(self.export_pdf_button)
        self.summary = QLabel()
        self.summary.setObjectName("boardSummary")
        self.message = QLabel()
        self.message.setObjectName("boardMessage")
        self.message.setWordWrap(True)
        self.townships, self.township_model = read_only_table(
            "boardTownships",
            (self.tr("乡镇/街道"), self.tr("进行中"), self.tr("即将到期"), self.tr("已逾期")),
        )
        self.steps, self.step_model = read_only_table(
            "boardSteps", (self.tr("环节"), self.tr("进行中"), self.tr("即将到期"), self.tr("已逾期"))
        )
        self.items, self.item_model = read_only_table(
            "boardItems",
            (
                self.tr("乡镇/街道"),
                self.tr("户主"),
                self.tr("身份证号"),
                self.tr("环节"),
                self.tr("到期日"),
                self.tr("状态"),
            ),
        )
        self.items.activated.connect(self._on_item_activated)
        counts = QSplitter()
        counts.addWidget(self.townships)
        counts.addWidget(self.steps)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(counts)
        split.addWidget(self.items)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(split)
        layout.addWidget(self.message)
        if self.is_county:
            self._load_townships()
            self.township_filter.currentIndexChanged.connect(lambda _: self.refresh())
        self.refresh()

    def township(self) -> str | None:
        """The township chosen in the filter (county reviewers); None = every township the user may see."""
        code = self.township_filter.currentData()
        return str(code) if code else None

    def _load_townships(self) -> None:
        def show(rows: list[reference.DivisionRow]) -> None:
            self.township_filter.blockSignals(True)
            for d in sorted(rows, key=lambda r: r.code):
                self.township_filter.addItem(d.name, d.code)
            self.township_filter.blockSignals(False)

        self._user.read(reference.townships, show, lambda exc: show_error(self, exc))

    def refresh(self) -> None:
        user = self._user
        actor, today, town = user.actor, user.clock.today(), self.township()

        def work(session: Session) -> tuple[OverdueBoard, tuple[BoardItem, ...]]:
            calendar = user.calendar(session)
            board = overdue_board(
                session, actor, calendar=calendar, rules=user.rules, today=today, township_code=town
            )
            items = board_items(
                session, actor, calendar=calendar, rules=user.rules, today=today, township_code=town
            )
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
                    i.due_on.isoformat() + (self.tr("（暂定日历）") if i.provisional else ""),
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

    # ----------------------------------------------------------------------------------------------- export

    def choose_xlsx_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出督办表（Excel）"), self.tr("督办表.xlsx"), self.tr("Excel 文件 (*.xlsx)")
        )
        if path:
            self.export_xlsx(path)

    def choose_pdf_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出督办表（PDF）"), self.tr("督办表.pdf"), self.tr("PDF 文件 (*.pdf)")
        )
        if path:
            self.export_pdf(path)

    def _set_busy(self, busy: bool) -> None:
        self.export_xlsx_button.setEnabled(not busy)
        self.export_pdf_button.setEnabled(not busy)
        if busy:
            self.message.setText(self.tr("正在导出…"))

    def _write_file(self, target: Path, data: bytes) -> None:
        """Atomically, on the database thread; a failure becomes a Chinese refusal (and rolls back the audit)."""
        try:
            write_atomic(target, data)
        except OSError as exc:
            raise ValidationError(
                self.tr("无法写入 %1（%2），请换一个位置或文件名。")
                .replace("%1", str(target))
                .replace("%2", exc.strerror or type(exc).__name__)
            ) from None

    def export_xlsx(self, path: str | Path) -> None:
        """Export the board (this township filter) to ``path``; the file dialog only asks for it."""
        user = self._user
        actor, clock, town = user.actor, user.clock, self.township()
        target = _with_suffix(Path(path), ".xlsx")

        def work(session: Session) -> Path:
            data = export_board_xlsx(
                session,
                actor,
                calendar=user.calendar(session),
                rules=user.rules,
                clock=clock,
                township_code=town,
            )
            self._write_file(target, data)
            return target

        self._set_busy(True)
        user.write(work, self._on_saved, self._on_export_failed)

    def export_pdf(self, path: str | Path) -> None:
        """Read the board, render the PDF on the PDF pool, then write and audit it on the database thread."""
        user = self._user
        actor, clock, town = user.actor, user.clock, self.township()
        target = _with_suffix(Path(path), ".pdf")

        def work(session: Session) -> BoardReport:
            return board_report(
                session,
                actor,
                calendar=user.calendar(session),
                rules=user.rules,
                clock=clock,
                township_code=town,
            )

        def render(report: BoardReport) -> None:
            from reports import overdue_board as printed  # reportlab and the fonts load with the first PDF

            def make(progress: Progress) -> bytes:
                del progress
                return printed.render(report)

            job = PdfJob(make)
            self.pdf_job = job
            self._pdf_target = (target, report)
            job.signals.finished.connect(self._on_pdf_rendered)
            job.signals.failed.connect(self._on_export_failed)
            job.start(pdf_pool())

        self._set_busy(True)
        user.read(work, render, self._on_export_failed)

    def _on_pdf_rendered(self, pdf: object) -> None:
        pending, self._pdf_target, self.pdf_job = self._pdf_target, None, None
        user = self._user
        if pending is None or not user.store.is_open:  # locked while rendering: nothing is written
            return
        target, report = pending
        actor, clock = user.actor, user.clock
        data = bytes(pdf) if isinstance(pdf, bytes | bytearray) else b""

        def work(session: Session) -> Path:
            self._write_file(target, data)
            record_board_export(session, actor, report, clock=clock)
            return target

        user.write(work, self._on_saved, self._on_export_failed)

    def _on_saved(self, target: Path) -> None:
        self._set_busy(False)
        self.message.setText(
            self.tr("已导出到 %1（已记入审计日志；文件含个人信息，请妥善保管）").replace("%1", str(target))
        )
        self.exported.emit(str(target))

    def _on_export_failed(self, exc: object) -> None:
        self.pdf_job, self._pdf_target = None, None
        self._set_busy(False)
        if not self._user.store.is_open:  # a PDF failure after a lock is not shown to the next user
            return
        error = exc if isinstance(exc, BaseException) else RuntimeError(str(exc))
        text = message_for(error)[1]
        self.message.setText(self.tr("导出失败：%1").replace("%1", text))
        show_error(self, error)
        self.export_failed.emit(text)


def _with_suffix(path: Path, suffix: str) -> Path:
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)
