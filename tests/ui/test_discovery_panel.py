"""主动发现 from the panels: township staff log visits and refer them into an application (the new case opens) or a
warning; the county starts screening campaigns, follows the round's progress and edits the groups and teams;
refusals in Chinese over the dialog, which keeps what was typed."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Case, Person
from app.db.models.supervision import DiscoveryVisit
from app.db.store import unlock
from app.domain.clock import FixedClock
from app.domain.synthetic import SyntheticGenerator
from app.services.demo import DEMO_TOWNSHIP
from app.services.households import HouseholdInput, MemberInput, register_household
from app.services.supervision.discovery import (
    REFERRAL_APPLICATION,
    REFERRAL_WARNING,
    CampaignRow,
    VisitRow,
    discovery_reference,
)
from app.services.supervision.warnings import list_warnings
from tests.ui.conftest import ROLE_PASSWORD
from ui.dialogs.discovery_dialogs import (
    ApplicationReferralDialog,
    CampaignDialog,
    RefItemDialog,
    VisitDialog,
    VisitForm,
    WarningReferralDialog,
    qdate,
)
from ui.panels.discovery_panel import (
    ActionView,
    CountyDiscoveryPanel,
    DiscoveryPanel,
)
from ui.session import UserSession
from ui.tasks import Executor

VILLAGE = "360222900001"  # 青石村（样例）
TODAY = date(2026, 9, 18)
WAIT = 20000
D = TypeVar("D", bound=QWidget)


@pytest.fixture
def open_as(demo_dir: Path, clock: FixedClock, qtbot: QtBot) -> Iterator[Callable[[str], UserSession]]:
    """Log a demo account in (each with its own database thread, as after a real login)."""
    del qtbot
    opened: list[UserSession] = []

    def open_(login: str) -> UserSession:
        store = unlock(demo_dir, login, ROLE_PASSWORD, clock=clock)
        user = UserSession(store, db=Executor(threads=1), clock=clock)
        opened.append(user)
        return user

    yield open_
    for user in opened:
        user.db.wait_idle()
        user.store.close()


def loaded(qtbot: QtBot, view: ActionView, action: Callable[[], object] = lambda: None) -> None:
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        action()


def county_panel(qtbot: QtBot, user: UserSession) -> CountyDiscoveryPanel:
    panel = CountyDiscoveryPanel(user)
    qtbot.addWidget(panel)
    with qtbot.waitSignals(
        [panel.campaigns.loaded, panel.reference.loaded, panel.visits.loaded], timeout=WAIT
    ):
        pass  # the three tabs load as the panel opens
    return panel


def with_reference(qtbot: QtBot, county: CountyDiscoveryPanel) -> None:
    """The demo holds the bundled nine groups and four teams, so the county is not offered to load them again."""
    del qtbot
    assert len(county.reference.items) == 13 and not county.reference.bundled_button.isEnabled()


def test_the_county_loads_the_bundled_groups_into_a_store_without_them(
    qtbot: QtBot, store_dir: Path, clock: FixedClock
) -> None:
    """Without groups and teams a township cannot log a visit; the county is offered the bundled ones only then,
    and the button loads all thirteen."""
    from app.domain.roles import Role
    from app.services import accounts
    from tests.conftest import ADMIN_PASSWORD, CHEAP_KDF

    admin = unlock(store_dir, "admin", ADMIN_PASSWORD, clock=clock)
    try:
        with admin.unit_of_work() as s:
            for login, role in (("county", Role.COUNTY_REVIEWER), ("clerk", Role.WINDOW_CLERK)):
                accounts.add_user(
                    admin, s, login=login, display_name=login, role=role, password=ROLE_PASSWORD, clock=clock,
                    kdf=CHEAP_KDF,
                )  # fmt: skip
    finally:
        admin.close()
    users = [
        UserSession(unlock(store_dir, login, ROLE_PASSWORD, clock=clock), db=Executor(threads=1), clock=clock)
        for login in ("clerk", "county")
    ]
    try:
        township = township_panel(qtbot, users[0])
        township.record_button.click()
        qtbot.waitUntil(lambda: "尚未导入主动发现基础数据" in township.message.text(), timeout=WAIT)
        assert township.dialog is None
        county = county_panel(qtbot, users[1])
        assert county.reference.bundled_button.isEnabled() and county.reference.items == ()
        with qtbot.waitSignals([county.reference.imported, county.reference.loaded], timeout=WAIT):
            county.reference.bundled_button.click()
        assert "新增 13 项" in county.reference.message.text()
        assert len(county.reference.items) == 13 and not county.reference.bundled_button.isEnabled()
    finally:
        for user in users:
            user.db.wait_idle()
            user.store.close()


def township_panel(qtbot: QtBot, user: UserSession) -> DiscoveryPanel:
    panel = DiscoveryPanel(user)
    qtbot.addWidget(panel)
    loaded(qtbot, panel)
    return panel


def dialog_of(qtbot: QtBot, view: ActionView, kind: type[D]) -> D:
    qtbot.waitUntil(lambda: isinstance(view.dialog, kind) and view.dialog.isVisible(), timeout=WAIT)
    assert isinstance(view.dialog, kind)
    return view.dialog


def submit_ok(qtbot: QtBot, view: ActionView, dialog: QWidget, ok: Callable[[], None]) -> object:
    with qtbot.waitSignal(view.acted, timeout=WAIT) as acted, qtbot.waitSignal(view.loaded, timeout=WAIT):
        ok()
    del dialog
    assert view.dialog is None  # accepted and gone (deleted later)
    return acted.args[0] if acted.args else None


def error_text(qtbot: QtBot, parent: QWidget) -> str:
    """The Chinese message of the error box ``show_error`` put over ``parent`` (then set aside)."""
    qtbot.waitUntil(lambda: parent.findChild(QMessageBox, "errorBox") is not None, timeout=WAIT)
    box = parent.findChild(QMessageBox, "errorBox")
    assert box is not None and box.isVisible()
    text = box.text()
    box.setObjectName("seenErrorBox")
    box.close()
    assert "Traceback" not in text and "程序错误" not in box.windowTitle()
    return text


def new_family(user: UserSession, seed: int) -> tuple[str, str, str]:
    """A family registered at the window with no application yet: (household id, head's name, head's ID number)."""
    person = SyntheticGenerator(seed, today=TODAY).person()
    with user.store.unit_of_work() as s:
        row = register_household(
            s,
            user.actor,
            HouseholdInput(area_code=VILLAGE, members=(MemberInput(person.name, person.id_number),)),
            clock=user.clock,
        )
    return row.id, person.name, person.id_number


def open_visit_dialog(qtbot: QtBot, panel: DiscoveryPanel) -> VisitDialog:
    panel.record_button.click()
    return dialog_of(qtbot, panel, VisitDialog)


def find_and_choose(qtbot: QtBot, dialog: VisitDialog, typed: str, household_id: str) -> None:
    dialog.search.setText(typed)
    dialog.results.clear()
    dialog.search_button.click()
    qtbot.waitUntil(lambda: dialog.search_button.isEnabled() and dialog.results.count() > 0, timeout=WAIT)
    assert dialog.choose_household(household_id)


def fill_visit(
    dialog: VisitDialog, *, visitor: str = "网格员甲", team: str = "T3", findings: str = ""
) -> None:
    dialog.visitor.setText(visitor)
    dialog.set_choice(dialog.team, team)
    dialog.findings.setPlainText(findings)


# --------------------------------------------------------------------------------------------------- tests


def test_a_visit_referred_to_an_application_opens_the_new_case(
    qtbot: QtBot, open_as: Callable[[str], UserSession]
) -> None:
    with_reference(qtbot, county_panel(qtbot, open_as("county_reviewer")))
    clerk = open_as("window_clerk")
    household_id, name, id_number = new_family(clerk, 7701)
    panel = township_panel(qtbot, clerk)
    assert panel.rows == ()

    dialog = open_visit_dialog(qtbot, panel)
    assert [dialog.team.itemText(i) for i in range(dialog.team.count())] == [
        "基层社会救助工作队伍", "社会救助协理员队伍", "社会救助网格员队伍", "购买服务专业社工队伍",
    ]  # fmt: skip
    assert sorted(dialog.groups) == [f"G{n}" for n in range(1, 10)]
    # Found by the last 4 digits of the ID number, and by the name; the ID number is shown masked.
    find_and_choose(qtbot, dialog, id_number[-4:], household_id)
    shown = [dialog.results.item(i).text() for i in range(dialog.results.count())]
    assert any(name in s and id_number[-4:] in s for s in shown)
    assert not any(id_number in s for s in shown)
    find_and_choose(qtbot, dialog, name, household_id)
    assert dialog.township.currentData() == DEMO_TOWNSHIP and dialog.village.currentData() == VILLAGE
    assert name in dialog.chosen_label.text()
    fill_visit(dialog, findings="户主无劳动能力，无固定收入，住房破旧")
    dialog.check_groups("G2", "G7")
    dialog.set_choice(dialog.referral, REFERRAL_APPLICATION)
    assert "代为申请" in dialog.referral_hint.text()

    with qtbot.waitSignal(panel.case_activated, timeout=WAIT) as opened:
        row = submit_ok(qtbot, panel, dialog, dialog.ok.click)
    assert isinstance(row, VisitRow) and opened.args is not None
    case_id = opened.args[0]
    assert row.referral == REFERRAL_APPLICATION and row.referral_case_id == case_id
    with clerk.store.reading() as s:
        case = s.get(Case, uuid.UUID(case_id))
        assert case is not None
        assert (str(case.household_id), case.state, case.channel) == (household_id, "DRAFT", "PROXY")
    assert [(v.household_label, v.referral_label, v.group_codes) for v in panel.rows] == [
        (name, "转入低保申请", ("G2", "G7"))
    ]
    assert panel.model.item(0, 3).text() == name and panel.model.item(0, 4).text() == "青石村（样例）"
    assert "新建低保申请" in panel.message.text()
    # The visit stays selected; it cannot be referred twice, and 打开案件 opens the case again.
    assert panel.selected() == row
    assert not panel.apply_button.isEnabled() and not panel.warn_button.isEnabled()
    assert panel.open_case_button.isEnabled()
    with qtbot.waitSignal(panel.case_activated, timeout=WAIT) as again:
        panel.open_case_button.click()
    assert again.args == [case_id]


def test_a_logged_visit_is_referred_to_a_warning(qtbot: QtBot, open_as: Callable[[str], UserSession]) -> None:
    with_reference(qtbot, county_panel(qtbot, open_as("county_reviewer")))
    inv_user = open_as("investigator")
    panel = township_panel(qtbot, inv_user)

    # A family not yet registered, described by name and village; logged without a referral.
    dialog = open_visit_dialog(qtbot, panel)
    dialog.unregistered.setChecked(True)
    assert dialog.label.isEnabled() and not dialog.search.isEnabled()
    dialog.label.setText("王某（青石村三组）")
    dialog.set_choice(dialog.township, DEMO_TOWNSHIP)
    dialog.set_choice(dialog.village, VILLAGE)
    fill_visit(dialog, visitor="社工乙", team="T4", findings="户主突发重病住院，家中无其他劳动力")
    dialog.check_groups("G1")
    row = submit_ok(qtbot, panel, dialog, dialog.ok.click)
    assert isinstance(row, VisitRow) and row.referral == "NONE" and row.household_id is None
    assert "已登记 王某（青石村三组） 的走访" in panel.message.text()
    assert panel.selected() == row and panel.apply_button.isEnabled() and panel.warn_button.isEnabled()
    assert "尚未登记" in panel.detail.text()

    # Into an application: the investigator may not accept applications; the clerk may, but the family must be
    # registered first. Both refused over the dialog; nothing changes.
    panel.apply_button.click()
    apply = dialog_of(qtbot, panel, ApplicationReferralDialog)
    apply.ok.click()
    text = error_text(qtbot, apply)
    assert "调查员" in text and "受理申请" in text
    assert apply.isVisible() and apply.ok.isEnabled()
    apply.reject()
    clerk = township_panel(qtbot, open_as("window_clerk"))
    assert clerk.select_visit(row.id)
    clerk.apply_button.click()
    apply = dialog_of(qtbot, clerk, ApplicationReferralDialog)
    apply.ok.click()
    assert "尚未登记" in error_text(qtbot, apply)
    assert apply.isVisible() and apply.ok.isEnabled()
    apply.reject()

    # Into a warning: the type is required (refused, the detail typed stays), then it is filed.
    panel.warn_button.click()
    warn = dialog_of(qtbot, panel, WarningReferralDialog)
    warn.detail.setPlainText("住院自付部分较大")
    warn.ok.click()
    assert "请填写预警类型" in error_text(qtbot, warn)
    assert warn.isVisible() and warn.detail.toPlainText() == "住院自付部分较大"
    warn.warning_type.setText("重病住院")
    referred = submit_ok(qtbot, panel, warn, warn.ok.click)
    assert isinstance(referred, VisitRow) and referred.referral == REFERRAL_WARNING
    assert "转为预警" in panel.message.text()
    assert panel.model.item(0, 6).text() == "转为预警"
    assert not panel.warn_button.isEnabled() and not panel.open_case_button.isEnabled()

    with inv_user.store.reading() as s:
        warnings = list_warnings(
            s, inv_user.actor, calendar=inv_user.calendar(s), rules=inv_user.rules, today=TODAY
        )
    assert [(w.id, w.subject_name, w.source_dept, w.warning_type, w.detail, w.township_code) for w in warnings] == [
        (referred.referral_warning_id, "王某（青石村三组）", "主动发现", "重病住院", "住院自付部分较大", DEMO_TOWNSHIP)
    ]  # fmt: skip

    # The referral filter.
    loaded(
        qtbot, panel, lambda: panel.referral_filter.setCurrentIndex(panel.referral_filter.findData("NONE"))
    )
    assert panel.rows == ()
    loaded(
        qtbot,
        panel,
        lambda: panel.referral_filter.setCurrentIndex(panel.referral_filter.findData("REFERRED")),
    )
    assert [v.id for v in panel.rows] == [referred.id]


def test_county_creates_a_campaign_and_sees_the_rounds_progress(
    qtbot: QtBot, open_as: Callable[[str], UserSession]
) -> None:
    county = county_panel(qtbot, open_as("county_reviewer"))
    with_reference(qtbot, county)
    view = county.campaigns
    assert view.rows == ()
    view.create_button.click()
    create = dialog_of(qtbot, view, CampaignDialog)
    assert create.cycle.specialValueText() == "按规定（3 个月）"
    create.ok.click()
    assert "请填写摸排名称" in error_text(qtbot, create)
    assert create.isVisible() and create.ok.isEnabled()
    create.name.setText("2026年常态化摸底排查")
    create.township.setCurrentIndex(create.township.findData(DEMO_TOWNSHIP))
    create.starts_on.setDate(qdate(date(2026, 7, 1)))
    create.cycle.setValue(2)
    create.check_groups("G1", "G2")
    create.note.setText("重点关注独居老人")
    campaign = submit_ok(qtbot, view, create, create.ok.click)
    assert isinstance(campaign, CampaignRow)
    assert "已新建排查“2026年常态化摸底排查”" in view.message.text()
    assert [
        (p.campaign.name, p.campaign.cycle_months, p.campaign.group_codes, p.visits) for p in view.rows
    ] == [("2026年常态化摸底排查", 2, ("G1", "G2"), 0)]
    texts = [view.model.item(0, c).text() for c in range(view.model.columnCount())]
    assert texts == [
        "2026年常态化摸底排查", "示例镇（样例数据）", "2026-07-01", "常态化", "2 个月",
        "第 2 轮（2026-09-01 至 2026-10-31）", "0", "0", "0",
    ]  # fmt: skip
    assert "重点关注独居老人" in view.detail.text()

    # The investigator logs a visit in the campaign for a family found by name.
    inv = township_panel(qtbot, open_as("investigator"))
    clerk = open_as("window_clerk")
    household_id, name, _ = new_family(clerk, 7703)
    dialog = open_visit_dialog(qtbot, inv)
    find_and_choose(qtbot, dialog, name, household_id)
    fill_visit(dialog, team="T2", findings="独居老人，行动不便")
    dialog.check_groups("G1")
    campaigns = [dialog.campaign.itemData(i) for i in range(dialog.campaign.count())]
    assert campaigns == [None, campaign.id]
    dialog.set_choice(dialog.campaign, campaign.id)
    submit_ok(qtbot, inv, dialog, dialog.ok.click)

    loaded(qtbot, view, view.refresh)
    progress = view.rows[0]
    assert (progress.visits, progress.households, progress.referrals) == (1, 1, 0)
    assert [view.model.item(0, c).text() for c in (6, 7, 8)] == ["1", "1", "0"]
    view.select_campaign(progress.campaign.id)
    assert "家庭成员中有年老、残疾、生活不能自理、患有重大疾病的家庭 1" in view.detail.text()
    assert "社会救助协理员队伍 1" in view.detail.text()
    # The county's visit log, filtered by the campaign.
    log = county.visits
    loaded(qtbot, log, log.refresh)
    loaded(qtbot, log, lambda: log.campaign_filter.setCurrentIndex(log.campaign_filter.findData(campaign.id)))
    assert [(v.household_label, log.model.item(0, 7).text()) for v in log.rows] == [
        (name, "2026年常态化摸底排查")
    ]
    # A date range that leaves it out.
    log.since.setDate(qdate(date(2026, 1, 1)))
    log.until.setDate(qdate(date(2026, 8, 31)))
    loaded(qtbot, log, lambda: log.by_date.setChecked(True))
    assert log.rows == ()


def test_county_edits_a_group_and_the_township_sees_it(
    qtbot: QtBot, open_as: Callable[[str], UserSession]
) -> None:
    county = county_panel(qtbot, open_as("county_reviewer"))
    with_reference(qtbot, county)
    ref = county.reference
    ref.edit_button.click()
    assert ref.message.text() == "请先在列表中选中一类人群或一支队伍。" and ref.dialog is None
    assert ref.select_item("GROUP", "G1")
    ref.edit_button.click()
    edit = dialog_of(qtbot, ref, RefItemDialog)
    edit.label.setText("  ")
    edit.ok.click()
    assert "名称不能为空" in error_text(qtbot, edit)
    assert edit.isVisible() and edit.label.text() == "  "
    edit.label.setText("老弱病残家庭")
    edit.interval.setValue(30)
    submit_ok(qtbot, ref, edit, edit.ok.click)
    row = next(n for n, i in enumerate(ref.items) if i.code == "G1")
    assert [ref.model.item(row, c).text() for c in range(5)] == [
        "必到必访人群",
        "G1",
        "老弱病残家庭",
        "每 30 天",
        "启用",
    ]
    chosen = ref.selected()
    assert chosen is not None and chosen.code == "G1"
    # Group 9 is no longer used.
    assert ref.select_item("GROUP", "G9")
    ref.edit_button.click()
    stop = dialog_of(qtbot, ref, RefItemDialog)
    stop.active.setChecked(False)
    submit_ok(qtbot, ref, stop, stop.ok.click)
    assert ref.model.item(next(n for n, i in enumerate(ref.items) if i.code == "G9"), 4).text() == "已停用"

    clerk_user = open_as("window_clerk")
    clerk = township_panel(qtbot, clerk_user)
    dialog = open_visit_dialog(qtbot, clerk)
    assert sorted(dialog.groups) == [f"G{n}" for n in range(1, 9)]
    assert dialog.groups["G1"].text() == "G1 老弱病残家庭"
    dialog.reject()
    with clerk_user.store.reading() as s:
        assert discovery_reference(s).groups[0].visit_interval_days == 30


def test_refusals_are_in_chinese_and_lose_nothing(
    qtbot: QtBot, open_as: Callable[[str], UserSession]
) -> None:
    clerk_user = open_as("window_clerk")
    panel = township_panel(qtbot, clerk_user)
    assert not panel.warn_button.isEnabled() and not panel.apply_button.isEnabled()
    panel.open_warning()
    assert panel.message.text() == "请先在列表中选中一条走访记录。" and panel.dialog is None

    with_reference(qtbot, county_panel(qtbot, open_as("county_reviewer")))
    dialog = open_visit_dialog(qtbot, panel)
    # The date cannot be set after today.
    dialog.visited_on.setDate(qdate(TODAY + timedelta(days=3)))
    assert dialog.visited_on.date() == qdate(TODAY)
    # No findings: refused with what else is missing, over the dialog, which keeps what was typed.
    dialog.visitor.setText("协理员丙")
    dialog.check_groups("G3")
    dialog.ok.click()
    text = error_text(qtbot, dialog)
    assert "请填写走访发现的情况" in text and "请选择已登记的家庭" in text
    assert dialog.isVisible() and dialog.ok.isEnabled()
    assert dialog.visitor.text() == "协理员丙" and dialog.groups["G3"].isChecked()
    # A visit dated after today (the date typed before midnight, say) is refused by the service.
    form = dialog.value()
    assert isinstance(form, VisitForm)
    late = VisitForm(
        replace(form.visit, visited_on=TODAY + timedelta(days=1), findings="x", household_label="李某"),
        form.referral,
        "",
    )
    panel.record(late, dialog)
    assert "走访日期不能晚于今天" in error_text(qtbot, dialog)
    # A family with an open case cannot be referred into a second application: the visit is not saved either.
    with clerk_user.store.reading() as s:
        busy = s.scalars(select(Case).where(Case.state == "ACCEPTED")).first()
        assert busy is not None
        head = s.scalars(select(Person).where(Person.household_id == busy.household_id)).first()
        assert head is not None
        busy_household, busy_name, busy_last4 = str(busy.household_id), head.name, head.id_number[-4:]
    find_and_choose(qtbot, dialog, busy_last4, busy_household)
    assert "有在办或在保案件" in dialog.results.currentItem().text()
    dialog.findings.setPlainText("家中新增一名重病成员")
    dialog.set_choice(dialog.referral, REFERRAL_APPLICATION)
    dialog.ok.click()
    assert "已有在办或在保的案件" in error_text(qtbot, dialog)
    assert dialog.isVisible() and dialog.findings.toPlainText() == "家中新增一名重病成员"
    with clerk_user.store.reading() as s:
        assert s.scalars(select(DiscoveryVisit)).first() is None  # one transaction: nothing half-saved
    # Without the referral it is logged.
    dialog.set_choice(dialog.referral, "NONE")
    row = submit_ok(qtbot, panel, dialog, dialog.ok.click)
    assert isinstance(row, VisitRow) and row.household_label == busy_name

    # The coordinator reads the log but may not log visits (the service says so).
    coord = township_panel(qtbot, open_as("coordinator"))
    assert [v.id for v in coord.rows] == [row.id]
    refused = open_visit_dialog(qtbot, coord)
    refused.unregistered.setChecked(True)
    refused.label.setText("赵某")
    fill_visit(refused, findings="x")
    refused.check_groups("G1")
    refused.ok.click()
    text = error_text(qtbot, refused)
    assert "协调员" in text and "无权" in text
    assert refused.isVisible() and refused.label.text() == "赵某"
    refused.reject()
