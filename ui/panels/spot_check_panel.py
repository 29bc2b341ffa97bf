"""Spot checks (抽查) of new recipients, seed 三(四)1: coverage per approval cohort against the rules (sample and field
shares, near relatives in the field, the 90-day window), the county's random draw, the sampled cases of a cohort, their
results, and a check that a recorded draw is reproduced by its seed.

Everything goes through ``app.services.supervision.spot_checks`` on the user's database thread, as ``dibao spotcheck``
does. Action dialogs stay open until the service accepts; a refusal is shown in Chinese over the dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import cast

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.services import reference
from app.services.supervision.spot_checks import (
    CohortCoverage,
    DrawRecord,
    DrawResult,
    SpotCheckRow,
    draw_spot_checks,
    list_draws,
    list_spot_checks,
    record_spot_check,
    spot_check_coverage,
    verify_draw,
)
from app.workflow.rules import YearMonth
from ui.dialogs.spot_check_dialogs import (
    ActionDialog,
    DrawChoice,
    DrawSpotCheckDialog,
    RecordSpotCheckDialog,
    SpotCheckResultInput,
)
from ui.errors import show_error
from ui.panels.action_host import ActionHost, current_row, select_row
from ui.panels.tables import RED, fill_rows, read_only_table
from ui.session import UserSession


@dataclass(frozen=True, slots=True)
class CohortSamples:
    cohort: str
    checks: tuple[SpotCheckRow, ...]
    draws: tuple[DrawRecord, ...]


@dataclass(frozen=True, slots=True)
class SpotCheckView:
    coverage: tuple[CohortCoverage, ...]
    townships: dict[str, str]
    samples: CohortSamples | None


@dataclass(frozen=True, slots=True)
class DrawCheck:
    draw: DrawRecord
    matches: bool


def _samples(session: Session, user: UserSession, cohort: str) -> CohortSamples:
    actor = user.actor
    return CohortSamples(
        cohort,
        list_spot_checks(session, actor, cohort=cohort),
        list_draws(session, actor, cohort=cohort),
    )


class SpotCheckPanel(ActionHost):
    """Coverage per approval cohort (red below target, alerts before the 90-day window closes), the draw, the sampled
    cases of the selected cohort (overdue in red), recording a result and verifying the draw from its seed."""

    loaded = Signal()
    drawn = Signal(object)  # DrawResult
    recorded = Signal(object)  # SpotCheckRow
    verified = Signal(object)  # tuple[DrawCheck, ...]
    case_activated = Signal(str)

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(user, parent)
        self.coverage: tuple[CohortCoverage, ...] = ()
        self.checks: tuple[SpotCheckRow, ...] = ()
        self.draws: tuple[DrawRecord, ...] = ()
        self.cohort: str | None = None
        self.townships: dict[str, str] = {}
        self._keep_cohort: str | None = None
        self._keep_check: str | None = None
        self._filling = False
        self.table, self.model = read_only_table(
            "spotCheckTable",
            (
                self.tr("批次"),
                self.tr("新增户数"),
                self.tr("应抽/已抽"),
                self.tr("应实地/已实地"),
                self.tr("近亲属实地"),
                self.tr("窗口截止"),
                self.tr("提醒"),
            ),
        )
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._cohort_chosen())
        self.draw_button = self._button("spotDraw", self.tr("抽取…"), self.open_draw)
        self.record_button = self._button("spotRecord", self.tr("登记抽查结果…"), self.open_record)
        self.verify_button = self._button("spotVerify", self.tr("复核随机抽取"), self.verify_selected)
        actions = QHBoxLayout()
        for button in (self.draw_button, self.record_button, self.verify_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.draw_info = QLabel()
        self.draw_info.setObjectName("spotDrawInfo")
        self.draw_info.setWordWrap(True)
        self.samples, self.sample_model = read_only_table(
            "spotSampleTable",
            (
                self.tr("户主"),
                self.tr("身份证号"),
                self.tr("乡镇/街道"),
                self.tr("抽查方式"),
                self.tr("近亲属备案"),
                self.tr("确认日期"),
                self.tr("期限截止"),
                self.tr("状态"),
                self.tr("抽查日期"),
            ),
        )
        self.samples.activated.connect(self._activated)
        hint = QLabel(self.tr("双击抽查对象打开案件。"))
        hint.setProperty("role", "hint")
        self.message = QLabel()
        self.message.setObjectName("spotMessage")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.draw_info)
        layout.addWidget(self.samples, 2)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        self.refresh()

    def _button(self, name: str, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda: slot())
        return button

    # ----------------------------------------------------------------------------------------------- reading

    def refresh(self) -> None:
        """Coverage, and the sampled cases of the selected (or kept, or newest) cohort, in one read."""
        user = self._user
        actor, today = user.actor, user.clock.today()
        wanted = self._keep_cohort or self.cohort

        def work(session: Session) -> SpotCheckView:
            coverage = spot_check_coverage(
                session, actor, today=today, calendar=user.calendar(session), rules=user.rules
            )
            towns = {d.code: d.name for d in reference.townships(session)}
            cohorts = [c.cohort for c in coverage]
            cohort = wanted if wanted in cohorts else (cohorts[-1] if cohorts else None)
            return SpotCheckView(coverage, towns, _samples(session, user, cohort) if cohort else None)

        user.read(work, self._show, lambda exc: show_error(self, exc))

    def _show(self, view: SpotCheckView) -> None:
        self._keep_cohort = None
        self.coverage = view.coverage
        self.townships = view.townships
        rows = view.coverage
        self._filling = True
        try:
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
            if view.samples is not None:
                at = next(n for n, c in enumerate(rows) if c.cohort == view.samples.cohort)
                self.table.selectRow(at)
                self.table.setCurrentIndex(self.model.index(at, 0))
        finally:
            self._filling = False
        self._show_samples(view.samples)

    def _cohort_chosen(self) -> None:
        if self._filling:
            return
        index = self.table.currentIndex()
        if not index.isValid() or not 0 <= index.row() < len(self.coverage):
            return
        cohort = self.coverage[index.row()].cohort
        if cohort == self.cohort:
            return
        user = self._user
        user.read(lambda s: _samples(s, user, cohort), self._show_samples, lambda exc: show_error(self, exc))

    def _show_samples(self, samples: CohortSamples | None) -> None:
        keep = self._keep_check or (c.id if (c := self.selected_check()) else None)
        self._keep_check = None
        self.cohort = samples.cohort if samples else None
        self.checks = samples.checks if samples else ()
        self.draws = samples.draws if samples else ()
        today = self._user.clock.today()
        checks = self.checks
        fill_rows(
            self.sample_model,
            [
                [
                    c.head_name,
                    c.head_id_masked,
                    self.townships.get(c.township_code, c.township_code),
                    c.check_type_label,
                    self.tr("是") if c.near_relative else "",
                    c.decided_on.isoformat(),
                    c.window_ends_on.isoformat() + (self.tr("（已超期）") if self._late(c, today) else ""),
                    self._status_text(c),
                    c.check_date.isoformat() if c.check_date else "",
                ]
                for c in checks
            ],
            lambda n: self._late(checks[n], today),
        )
        self._show_draw_info()
        if keep is not None:
            self.select_check(keep)
        self.loaded.emit()

    @staticmethod
    def _late(c: SpotCheckRow, today: date) -> bool:
        """Pending past the window, or done after it."""
        return (c.check_date is None and c.window_ends_on < today) or c.in_window is False

    def _status_text(self, c: SpotCheckRow) -> str:
        if c.check_date is None:
            return self.tr("待抽查")
        if c.closed_date is not None:
            return (
                self.tr("%1，%2 办结").replace("%1", c.result_label).replace("%2", c.closed_date.isoformat())
            )
        return self.tr("%1，整改中").replace("%1", c.result_label)

    def _show_draw_info(self) -> None:
        if self.cohort is None:
            self.draw_info.setText(self.tr("还没有确认同意的新增保障家庭。"))
            return
        if not self.draws:
            self.draw_info.setText(self.tr("%1 批次尚未抽取。").replace("%1", self.cohort))
            return
        lines = [
            self.tr("%1 抽取（随机种子 %2）：新增 %3 户，抽取 %4 户，其中实地 %5 户。")
            .replace("%1", d.drawn_on.isoformat())
            .replace("%2", str(d.seed))
            .replace("%3", str(d.population))
            .replace("%4", str(d.sample_size))
            .replace("%5", str(d.field_size))
            + d.message
            for d in self.draws
        ]
        self.draw_info.setText("\n".join(lines))

    def select_cohort(self, cohort: str) -> bool:
        """Select a cohort in the coverage table (its sampled cases load and ``loaded`` follows)."""
        return select_row(self.table, self.coverage, lambda c: c.cohort == cohort)

    def select_check(self, check_id: str) -> bool:
        return select_row(self.samples, self.checks, lambda c: c.id == check_id)

    def selected_check(self) -> SpotCheckRow | None:
        return current_row(self.samples, self.checks)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid() and 0 <= index.row() < len(self.checks):
            self.case_activated.emit(self.checks[index.row()].case_id)

    # ----------------------------------------------------------------------------------------------- acting

    def _clear_message(self) -> None:
        self._say("")

    def open_draw(self) -> None:
        cohorts = [
            (
                c.cohort,
                self.tr("%1（新增 %2 户，未抽取 %3 户）")
                .replace("%1", c.cohort)
                .replace("%2", str(c.population))
                .replace("%3", str(c.undrawn)),
            )
            for c in reversed(self.coverage)
        ]
        towns = sorted(self.townships.items())
        dialog = DrawSpotCheckDialog(cohorts=cohorts, townships=towns, current=self.cohort, parent=self)
        dialog.submitted.connect(lambda value: self._draw(cast(DrawChoice, value), dialog))
        self._show_dialog(dialog)

    def draw(self, cohort: str, scope_code: str = "") -> None:
        """Draw ``cohort`` (YYYY-MM) without the dialog (scripts and tests)."""
        self._draw(DrawChoice(YearMonth.parse(cohort), scope_code), None)

    def _draw(self, choice: DrawChoice, dialog: ActionDialog | None) -> None:
        user = self._user
        actor, clock = user.actor, user.clock

        def work(session: Session) -> DrawResult:
            return draw_spot_checks(
                session,
                actor,
                choice.cohort,
                clock=clock,
                calendar=user.calendar(session),
                rules=user.rules,
                scope_code=choice.scope_code,
            )

        def done(result: DrawResult) -> None:
            text = (
                self.tr(
                    "%1 批次：新增保障家庭 %2 户，抽取 %3 户（其中实地 %4 户；规则要求至少 %5 户、实地至少 %6 户）。"
                    "随机种子 %7 已记录。"
                )
                .replace("%1", result.cohort)
                .replace("%2", str(result.population))
                .replace("%3", str(result.sample_size))
                .replace("%4", str(result.field_size))
                .replace("%5", str(result.required_sample))
                .replace("%6", str(result.required_field))
                .replace("%7", str(result.seed))
            )
            self._say(text + ("\n" + result.message if result.message else ""))
            self._keep_cohort = result.cohort
            self.drawn.emit(result)
            self.refresh()

        self._write(work, done, dialog)

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.message.setStyleSheet(f"color: {RED.name()}" if problem else "")
        self.message.setText(text)

    def _chosen_check(self) -> SpotCheckRow | None:
        c = self.selected_check()
        if c is None:
            self._say(self.tr("请先在抽查对象列表中选中一户。"))
        return c

    def open_record(self) -> None:
        c = self._chosen_check()
        if c is None:
            return
        dialog = RecordSpotCheckDialog(
            c,
            township=self.townships.get(c.township_code, c.township_code),
            today=self._user.clock.today(),
            parent=self,
        )
        dialog.submitted.connect(lambda value: self._record(c.id, cast(SpotCheckResultInput, value), dialog))
        self._show_dialog(dialog)

    def record(self, check_id: str, value: SpotCheckResultInput) -> None:
        """Record a result without the dialog (scripts and tests)."""
        self._record(check_id, value, None)

    def _record(self, check_id: str, v: SpotCheckResultInput, dialog: ActionDialog | None) -> None:
        user = self._user
        actor, clock = user.actor, user.clock

        def work(session: Session) -> SpotCheckRow:
            return record_spot_check(
                session,
                actor,
                check_id,
                check_date=v.check_date,
                checkers=v.checkers,
                result=v.result,
                clock=clock,
                problem_desc=v.problem_desc,
                rectification=v.rectification,
                closed_date=v.closed_date,
            )

        def done(row: SpotCheckRow) -> None:
            window = self.tr("期限内") if row.in_window else self.tr("已超过抽查期限")
            self._say(
                self.tr("已登记 %1 的抽查结果：%2（%3）。")
                .replace("%1", row.head_name)
                .replace("%2", row.result_label)
                .replace("%3", window)
            )
            self._keep_cohort, self._keep_check = row.cohort, row.id
            self.recorded.emit(row)
            self.refresh()

        self._write(work, done, dialog)

    def verify_selected(self) -> None:
        """复核: repeat each recorded draw of the selected cohort from its seed and say whether it gives the stored
        sample."""
        if not self.draws:
            self._say(self.tr("所选批次还没有抽取记录，无需复核。"))
            return
        user = self._user
        actor, draws = user.actor, self.draws

        def work(session: Session) -> tuple[DrawCheck, ...]:
            return tuple(DrawCheck(d, verify_draw(session, actor, d.id, rules=user.rules)) for d in draws)

        def done(checks: tuple[DrawCheck, ...]) -> None:
            lines = [
                (
                    self.tr("%1 的抽取（随机种子 %2）已按记录复核：重新抽取的对象和抽查方式与记录一致。")
                    if c.matches
                    else self.tr(
                        "%1 的抽取（随机种子 %2）复核不一致：重新抽取的结果与记录不同，请核查抽查记录。"
                    )
                )
                .replace("%1", c.draw.drawn_on.isoformat())
                .replace("%2", str(c.draw.seed))
                for c in checks
            ]
            self._say("\n".join(lines), problem=not all(c.matches for c in checks))
            self.verified.emit(checks)

        self._say("")
        user.read(work, done, lambda exc: show_error(self, exc))
