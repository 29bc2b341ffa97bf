"""Spot-check coverage (抽查) per approval cohort against the rules: the sample and field shares, near relatives in
the field, and the 90-day window."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.services.supervision.spot_checks import CohortCoverage, spot_check_coverage
from ui.errors import show_error
from ui.panels.tables import fill_rows, read_only_table
from ui.session import UserSession


class SpotCheckPanel(QWidget):
    """Coverage per approval cohort against the rules (≥ sample ratio, field share, the 90-day window)."""

    loaded = Signal()

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        self.table, self.model = read_only_table(
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
        fill_rows(
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
