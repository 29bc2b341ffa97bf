"""Spot checks (抽查) from the county's panel: the draw meets the rule-table shares with near relatives in the field, a
too-small cohort says so, a cohort drawn already is refused in Chinese, results are recorded (refusals keep what was
typed), the draw is verified from its seed (and a tampered sample is caught), overdue checks show in red, and a
result arriving after the store locked is dropped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models.supervision import SpotCheck
from app.db.store import unlock
from app.domain.clock import FixedClock
from app.domain.roles import Role
from app.services.supervision.spot_checks import CheckResult, CheckType, DrawResult, SpotCheckRow
from tests.conftest import ADMIN_PASSWORD
from tests.services.workflow_support import World
from tests.supervision.support import approved_case
from tests.ui.conftest import ROLE_PASSWORD
from tests.ui.test_warning_actions import error_text
from ui.dialogs.spot_check_dialogs import (
    ActionDialog,
    DrawSpotCheckDialog,
    RecordSpotCheckDialog,
    SpotCheckResultInput,
)
from ui.panels.spot_check_panel import DrawCheck, SpotCheckPanel
from ui.panels.tables import RED
from ui.session import UserSession
from ui.tasks import Executor

WAIT = 20000
D = TypeVar("D", bound=QWidget)


def add_cohort(demo_dir: Path, clock: FixedClock, *, n: int, near: int, start: date) -> list[str]:
    """Approve ``n`` synthetic households (the first ``near`` with a staff near relative) in the month of ``start``,
    driven through the workflow by the demo store's administrator standing in for each role."""
    store = unlock(demo_dir, "admin", ADMIN_PASSWORD, clock=clock)
    try:
        world = World(store, clock, staff={role: replace(store.actor, role=role) for role in Role})
        with world.work() as s:
            return [approved_case(world, s, start, near_relative=i < near)[0] for i in range(n)]
    finally:
        store.close()


@pytest.fixture
def reviewer(demo_dir: Path, clock: FixedClock, qtbot: QtBot) -> Iterator[UserSession]:
    del qtbot
    store = unlock(demo_dir, "county_reviewer", ROLE_PASSWORD, clock=clock)
    user = UserSession(store, db=Executor(threads=1), clock=clock)
    yield user
    user.db.wait_idle()
    store.close()


def loaded(qtbot: QtBot, panel: SpotCheckPanel, action: Callable[[], object] = lambda: None) -> None:
    with qtbot.waitSignal(panel.loaded, timeout=WAIT):
        action()


def open_panel(qtbot: QtBot, user: UserSession) -> SpotCheckPanel:
    panel = SpotCheckPanel(user)
    qtbot.addWidget(panel)
    loaded(qtbot, panel)
    return panel


def dialog_of(qtbot: QtBot, panel: SpotCheckPanel, kind: type[D]) -> D:
    qtbot.waitUntil(lambda: isinstance(panel.dialog, kind) and panel.dialog.isVisible(), timeout=WAIT)
    assert isinstance(panel.dialog, kind)
    return panel.dialog


def coverage_row(panel: SpotCheckPanel, cohort: str) -> int:
    return next(n for n, c in enumerate(panel.coverage) if c.cohort == cohort)


def draw_through_dialog(qtbot: QtBot, panel: SpotCheckPanel, cohort: str) -> DrawResult:
    panel.draw_button.click()
    dialog = dialog_of(qtbot, panel, DrawSpotCheckDialog)
    dialog.choose(cohort=cohort, scope_code="")
    with qtbot.waitSignal(panel.drawn, timeout=WAIT) as drawn, qtbot.waitSignal(panel.loaded, timeout=WAIT):
        dialog.ok.click()
    assert panel.dialog is None
    result = drawn.args[0] if drawn.args else None
    assert isinstance(result, DrawResult)
    return result


def submit_record(qtbot: QtBot, panel: SpotCheckPanel, dialog: ActionDialog) -> SpotCheckRow:
    with qtbot.waitSignal(panel.recorded, timeout=WAIT) as done, qtbot.waitSignal(panel.loaded, timeout=WAIT):
        dialog.ok.click()
    row = done.args[0] if done.args else None
    assert isinstance(row, SpotCheckRow)
    assert panel.dialog is None
    return row


def verify(qtbot: QtBot, panel: SpotCheckPanel) -> tuple[DrawCheck, ...]:
    with qtbot.waitSignal(panel.verified, timeout=WAIT) as done:
        panel.verify_button.click()
    checks = done.args[0] if done.args else None
    assert isinstance(checks, tuple)
    return checks  # pyright: ignore[reportUnknownVariableType]


# --------------------------------------------------------------------------------------------------- tests


def test_a_cohort_is_drawn_recorded_and_verified_from_the_panel(
    qtbot: QtBot, demo_dir: Path, clock: FixedClock, reviewer: UserSession
) -> None:
    near_ids = add_cohort(demo_dir, clock, n=9, near=2, start=date(2026, 8, 3))[:2]
    panel = open_panel(qtbot, reviewer)
    august = coverage_row(panel, "2026-08")
    assert panel.model.item(august, 1).text() == "9"
    assert panel.model.item(august, 0).foreground().color() == RED  # nothing drawn yet: below target
    assert "9 户新增保障家庭尚未抽取" in panel.model.item(august, 6).text()

    result = draw_through_dialog(qtbot, panel, "2026-08")
    assert result.population == 9 and not result.took_everything and result.message == ""
    assert panel.cohort == "2026-08"
    checks = panel.checks
    assert len(checks) == result.sample_size == panel.sample_model.rowCount()
    assert 2 * len(checks) >= 9  # ≥ 50% of the month's new recipients
    field = [c for c in checks if c.check_type is CheckType.FIELD]
    assert 10 * len(field) >= 3 * len(checks)  # ≥ 30% of them in the field
    near = [c for c in checks if c.near_relative]
    assert sorted(c.case_id for c in near) == sorted(near_ids)  # every near relative, in the field
    assert all(c.check_type is CheckType.FIELD for c in near)
    first_near = checks.index(near[0])
    assert panel.sample_model.item(first_near, 3).text() == "实地抽查"
    assert panel.sample_model.item(first_near, 4).text() == "是"
    assert panel.sample_model.item(first_near, 7).text() == "待抽查"
    assert all(c.head_id_masked.startswith("*") for c in checks)
    assert f"随机种子 {result.seed}" in panel.message.text()
    assert f"随机种子 {result.seed}" in panel.draw_info.text()
    assert panel.model.item(coverage_row(panel, "2026-08"), 2).text() == f"5/{len(checks)}"

    # The result of a near relative's field check.
    assert panel.select_check(near[0].id)
    panel.record_button.click()
    dialog = dialog_of(qtbot, panel, RecordSpotCheckDialog)
    assert "近亲属备案" in dialog.about.text() and near[0].head_name in dialog.about.text()
    dialog.checkers.setText("县民政局 甲、乙")
    dialog.set_result(CheckResult.OK)
    row = submit_record(qtbot, panel, dialog)
    assert row.result is CheckResult.OK and row.closed_date == clock.today() and row.in_window
    assert "已登记" in panel.message.text() and "期限内" in panel.message.text()
    assert panel.selected_check() is not None and panel.selected_check().id == near[0].id  # type: ignore[union-attr]
    shown = panel.sample_model.item(checks.index(near[0]), 7).text()
    assert shown == f"无问题，{clock.today().isoformat()} 办结"
    assert panel.model.item(coverage_row(panel, "2026-08"), 4).text() == "1/2"

    # A problem without its description is refused over the dialog, which keeps what was typed.
    desk = next(c for c in checks if c.check_type is CheckType.DESK)
    assert panel.select_check(desk.id)
    panel.record_button.click()
    dialog = dialog_of(qtbot, panel, RecordSpotCheckDialog)
    dialog.checkers.setText("县民政局 丙")
    dialog.set_result(CheckResult.PROBLEM)
    dialog.ok.click()
    assert "发现问题时请写明问题" in error_text(qtbot, dialog)
    assert dialog.isVisible() and dialog.checkers.text() == "县民政局 丙" and dialog.ok.isEnabled()
    dialog.problem_desc.setPlainText("家庭人口登记有误")
    dialog.rectification.setPlainText("责令乡镇更正家庭人口")
    row = submit_record(qtbot, panel, dialog)
    assert row.result is CheckResult.PROBLEM and row.closed_date is None
    assert panel.sample_model.item(checks.index(desk), 7).text() == "发现问题，整改中"
    # … and closed once rectified (the dialog opens with what is on record).
    panel.record_button.click()
    dialog = dialog_of(qtbot, panel, RecordSpotCheckDialog)
    assert dialog.problem_desc.toPlainText() == "家庭人口登记有误" and dialog.checkers.text() == "县民政局 丙"
    dialog.rectification.setPlainText("已更正家庭人口并重新核算")
    dialog.closed.setChecked(True)
    row = submit_record(qtbot, panel, dialog)
    assert row.closed_date == clock.today() and row.rectification == "已更正家庭人口并重新核算"

    # The draw is repeated from its recorded seed.
    (check,) = verify(qtbot, panel)
    assert check.matches and check.draw.seed == result.seed
    assert "与记录一致" in panel.message.text()
    # A sample changed behind the draw's back is caught.
    with reviewer.store.unit_of_work() as s:
        spot = s.scalars(select(SpotCheck).where(SpotCheck.check_type == CheckType.DESK.value)).first()
        assert spot is not None
        spot.check_type = CheckType.FIELD.value
    (check,) = verify(qtbot, panel)
    assert not check.matches and "复核不一致" in panel.message.text()

    # Double-clicking a sampled case opens it.
    with qtbot.waitSignal(panel.case_activated, timeout=WAIT) as opened:
        panel.samples.activated.emit(panel.sample_model.index(first_near, 0))
    assert opened.args == [checks[first_near].case_id]


def test_a_small_cohort_is_drawn_whole_and_a_second_draw_is_refused(
    qtbot: QtBot, reviewer: UserSession
) -> None:
    panel = open_panel(qtbot, reviewer)
    # The demo store approved 3 households in September 2026: too few to sample by percentage.
    result = draw_through_dialog(qtbot, panel, "2026-09")
    assert result.took_everything and result.population == result.sample_size == 3
    assert "本批次仅 3 户" in panel.message.text() and "已全部抽查" in panel.message.text()
    assert "本批次仅 3 户" in panel.draw_info.text()  # still said after the reload
    assert len(panel.checks) == 3

    panel.draw_button.click()
    dialog = dialog_of(qtbot, panel, DrawSpotCheckDialog)
    dialog.choose(cohort="2026-09")
    dialog.ok.click()
    assert "2026-09 批次的新增保障家庭已全部抽取" in error_text(qtbot, dialog)
    assert dialog.isVisible() and dialog.ok.isEnabled()
    dialog.reject()
    assert len(panel.checks) == 3


def test_checks_past_their_window_show_red_and_the_closing_window_is_announced(
    qtbot: QtBot, clock: FixedClock, reviewer: UserSession
) -> None:
    panel = open_panel(qtbot, reviewer)
    draw_through_dialog(qtbot, panel, "2026-07")  # one household, approved 2026-07-31
    (check,) = panel.checks
    assert panel.sample_model.item(0, 6).foreground().color() != RED
    clock.advance(check.window_ends_on - timedelta(days=5) - clock.today())
    loaded(qtbot, panel, panel.refresh)
    assert "将超出 90 日期限" in panel.model.item(coverage_row(panel, "2026-07"), 6).text()
    clock.advance(timedelta(days=10))
    loaded(qtbot, panel, panel.refresh)
    assert panel.cohort == "2026-07"
    assert panel.sample_model.item(0, 6).text().endswith("（已超期）")
    assert panel.sample_model.item(0, 6).foreground().color() == RED
    assert "已超过 90 日期限仍未完成" in panel.model.item(coverage_row(panel, "2026-07"), 6).text()
    # Recorded late, it stays red.
    with qtbot.waitSignal(panel.recorded, timeout=WAIT), qtbot.waitSignal(panel.loaded, timeout=WAIT):
        panel.record(
            check.id,
            SpotCheckResultInput(clock.today(), "县民政局 丁", CheckResult.OK, "", "", None),
        )
    assert "已超过抽查期限" in panel.message.text()
    assert panel.sample_model.item(0, 0).foreground().color() == RED


def test_a_draw_arriving_after_lock_is_dropped(qtbot: QtBot, reviewer: UserSession) -> None:
    panel = open_panel(qtbot, reviewer)
    seen: list[object] = []
    panel.drawn.connect(seen.append)
    panel.loaded.connect(lambda: seen.append("loaded"))
    panel.draw("2026-09")
    reviewer.db.invalidate()  # the store locks before the result reaches the UI thread
    assert reviewer.db.wait_idle()
    qtbot.wait(200)
    assert seen == [] and panel.message.text() == "" and panel.checks == ()
