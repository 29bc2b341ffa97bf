"""The window clerk's 公示 prints: which notice sheets must be on which village/community board today, and printing them.

Three notices (景民字〔2024〕40号 三(四)2; DOMAIN §8.8), from the read model ``publicity_due``: the 初审意见公示 of cases in
their publicity period, the standing 保障家庭 list (from approval until the household leaves: the result notice) and
the 退出家庭 list (at least half a year from the exit). One sheet per board; a 人户分离 household is on the sheets of
both places. Select sheets of one notice and 预览 / 打印 / 另存 PDF: the document is built by the service (only the
columns a notice may show: no ID numbers, no addresses) and printed through ``ui.printing``, which audits who printed
what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.services.documents import DocumentKind, PublicityDoc
from app.services.printing import PrintSettings
from app.services.supervision.publicity import (
    NOTICE_LABELS,
    NoticeKind,
    PublicityDueRow,
    build_notice_doc,
    publicity_due,
    publicity_townships,
)
from ui.errors import show_error
from ui.panels.tables import fill_rows, read_only_table
from ui.session import UserSession

if TYPE_CHECKING:
    from ui.printing.case_actions import Output  # not at run time: reportlab loads on the first print

MINOR = "（未成年人）"  # a minor's name is never shown, on screen either


@dataclass(frozen=True, slots=True)
class Sheet:
    """One notice for one board: the households it lists."""

    kind: NoticeKind
    place_code: str
    place_name: str
    rows: tuple[PublicityDueRow, ...]


def sheets_of(rows: tuple[PublicityDueRow, ...]) -> list[Sheet]:
    """The read model's rows (already ordered by notice, then board) as one sheet per notice and board."""
    out: dict[tuple[NoticeKind, str], list[PublicityDueRow]] = {}
    names: dict[str, str] = {}
    for row in rows:
        out.setdefault((row.kind, row.place_code), []).append(row)
        names[row.place_code] = row.place_name
    return [Sheet(kind, code, names[code], tuple(found)) for (kind, code), found in out.items()]


class PublicityPrintPanel(QWidget):
    loaded = Signal()

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        self.on: date = user.clock.today()
        self.sheets: list[Sheet] = []
        self._printing: object | None = None
        self.township = QComboBox()
        self.township.setObjectName("publicityTownship")
        self.township.currentIndexChanged.connect(lambda _i: self._load())
        self.sheet_table, self.sheet_model = read_only_table(
            "publicitySheets", [self.tr("公示"), self.tr("张贴地点（村/社区公开栏）"), self.tr("户数")]
        )
        self.sheet_table.selectionModel().selectionChanged.connect(lambda *_: self._show_households())
        self.household_table, self.household_model = read_only_table(
            "publicityHouseholds",
            [
                self.tr("户主"),
                self.tr("居住村（居）"),
                self.tr("张贴地点"),
                self.tr("家庭人口"),
                self.tr("保障人数"),
                self.tr("保障类别"),
                self.tr("金额（元/月）"),
                self.tr("公示起"),
                self.tr("公示止"),
            ],
        )
        buttons = QHBoxLayout()
        actions: tuple[tuple[str, str, Output], ...] = (
            (self.tr("预览"), "publicityPreview", "preview"),
            (self.tr("打印…"), "publicityPrint", "print"),
            (self.tr("另存 PDF…"), "publicitySave", "pdf"),
        )
        for text, name, output in actions:
            button = QPushButton(text)
            button.setObjectName(name)
            self._on_click(button, output)
            buttons.addWidget(button)
        refresh = QPushButton(self.tr("刷新"))
        refresh.clicked.connect(self.refresh)
        buttons.addWidget(refresh)
        buttons.addStretch(1)
        top = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("publicityHeading")
        self.heading.setWordWrap(True)
        top.addWidget(self.heading, 1)
        top.addWidget(self.township)
        self.message = QLabel()
        self.message.setObjectName("publicityMessage")
        self.message.setWordWrap(True)
        split = QSplitter()
        split.addWidget(self.sheet_table)
        split.addWidget(self.household_table)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.refresh()

    # -- loading --------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the townships this account prints for, then that township's boards."""
        actor = self._user.actor
        self.on = self._user.clock.today()

        def done(towns: tuple[tuple[str, str], ...]) -> None:
            current = self.township.currentData()
            self.township.blockSignals(True)
            self.township.clear()
            for code, name in towns:
                self.township.addItem(name, code)
            self.township.setCurrentIndex(max(self.township.findData(current), 0))
            self.township.setVisible(len(towns) > 1)
            self.township.blockSignals(False)
            self._load()

        self._user.read(lambda s: publicity_townships(s, actor), done, lambda exc: show_error(self, exc))

    def _load(self) -> None:
        code = self.township.currentData()
        if not code:
            self._show([])
            return
        user, on = self._user, self.on
        self._user.read(
            lambda s: publicity_due(s, user.actor, place_code=code, on=on, rules=user.rules).rows,
            lambda rows: self._show(sheets_of(rows)),
            lambda exc: show_error(self, exc),
        )

    def _show(self, sheets: list[Sheet]) -> None:
        self.sheets = sheets
        self.heading.setText(
            self.tr("%1 应张贴的公示（%2）")
            .replace("%1", self.township.currentText())
            .replace("%2", str(self.on))
        )
        fill_rows(
            self.sheet_model,
            [(NOTICE_LABELS[s.kind], s.place_name, str(len(s.rows))) for s in sheets],
        )
        self._show_households()
        self.message.setText(
            self.tr("共 %n 张公示单", "", len(sheets)) if sheets else self.tr("今天没有要张贴的公示。")
        )
        self.loaded.emit()

    def _show_households(self) -> None:
        rows = [r for s in self.selected_sheets() or self.sheets for r in s.rows]
        fill_rows(
            self.household_model,
            [
                (
                    MINOR if r.head_is_minor else r.head_name,
                    r.village_name,
                    f"{r.place_name}（{r.place_role}）",
                    str(r.household_size),
                    str(r.covered_persons),
                    r.category,
                    "" if r.monthly_amount is None else f"{r.monthly_amount:.2f}",
                    str(r.starts_on),
                    str(r.ends_on) if r.ends_on else self.tr("至停止保障之日"),
                )
                for r in rows
            ],
        )

    # -- printing -------------------------------------------------------------------------------------------

    def _on_click(self, button: QPushButton, output: Output) -> None:
        button.clicked.connect(lambda: self.print_selected(output))

    def selected_sheets(self) -> list[Sheet]:
        picked = sorted({i.row() for i in self.sheet_table.selectionModel().selectedRows()})
        return [self.sheets[n] for n in picked if n < len(self.sheets)]

    def select(self, kind: NoticeKind, place_codes: tuple[str, ...] = ()) -> None:
        """Select the sheets of one notice (all its boards, or those given): what a click does, for scripts."""
        self.sheet_table.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for n, sheet in enumerate(self.sheets):
            if sheet.kind is kind and (not place_codes or sheet.place_code in place_codes):
                self.sheet_table.selectionModel().select(self.sheet_model.index(n, 0), flags)

    def print_selected(self, output: Output, path: Path | None = None) -> None:
        """Build the selected sheets (one notice, one page per board) and preview, print or save them."""
        chosen = self.selected_sheets()
        if not chosen:
            self.message.setText(self.tr("请先选中要打印的公示单（同一类公示可多选）。"))
            return
        kinds = {s.kind for s in chosen}
        if len(kinds) > 1:
            self.message.setText(self.tr("一次只能打印同一类公示，请只选同一类的公示单。"))
            return
        from ui.printing.case_actions import CasePrinting  # reportlab and the fonts load on the first print
        from ui.printing.controller import PrintRequest

        kind, township = kinds.pop(), str(self.township.currentData())
        places = tuple(s.place_code for s in chosen)
        user, on = self._user, self.on

        def build(session: Session, settings: PrintSettings) -> tuple[PublicityDoc, tuple[str, ...]]:
            return build_notice_doc(
                session,
                user.actor,
                township_code=township,
                kind=kind,
                on=on,
                settings=settings,
                rules=user.rules,
                place_codes=places,
            )

        if self._printing is None:
            printing = CasePrinting(self, user)
            printing.failed.connect(self._failed)
            printing.notice.connect(self.message.setText)
            printing.controller.saved.connect(
                lambda p: self.message.setText(self.tr("已保存：%1").replace("%1", p))
            )
            self._printing = printing
        printing = self._printing
        assert isinstance(printing, CasePrinting)
        request = PrintRequest(
            DocumentKind.PUBLICITY,
            title=f"{NOTICE_LABELS[kind]}（{self.township.currentText()}）",
            scope=f"{township} {kind.value} {on.isoformat()} {' '.join(places)}".strip(),
        )
        printing.township_document(request, build, output, path)

    def _failed(self, text: str) -> None:
        if "监督电话" in text or "举报电话" in text:
            text += self.tr(
                "（电话号码请管理员在“数据维护 → 打印设置”中填写，保存在数据目录的 print-settings.json。）"
            )
        self.message.setText(text)
