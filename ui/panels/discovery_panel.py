"""主动发现 (proactive discovery, DOMAIN §10.2) from the desktop, through ``app.services.supervision.discovery``.

Township staff keep the visit log of the four teams (``DiscoveryPanel``): log a visit, and refer a family found in
need into a new application (the case then opens through ``case_activated``) or a warning. The county reviewer
(``CountyDiscoveryPanel``) starts screening campaigns (常态化摸底排查) and follows the current round's progress, keeps
the nine must-visit groups and the four teams, and reads every township's visit log.

Every read and write runs on the user's database thread. An action dialog stays open until the service accepts, so
a refusal (shown in Chinese over the dialog) loses nothing typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.domain.errors import ValidationError
from app.services import reference
from app.services.supervision.common import actor_township
from app.services.supervision.discovery import (
    CYCLE_RULE,
    KIND_GROUP,
    REFERRAL_APPLICATION,
    REFERRAL_LABELS,
    REFERRAL_NONE,
    REFERRAL_WARNING,
    CampaignProgress,
    CampaignRow,
    DiscoveryReference,
    HouseholdChoice,
    ReferenceImportReport,
    RefItem,
    VisitRow,
    bundled_reference_text,
    campaign_progress,
    campaign_round,
    create_campaign,
    discovery_reference,
    edit_reference_item,
    find_households,
    import_discovery_reference,
    list_campaigns,
    list_visits,
    record_visit,
    refer_to_application,
    refer_to_warning,
)
from ui.dialogs.discovery_dialogs import (
    ApplicationReferralDialog,
    CampaignDialog,
    CampaignForm,
    DiscoveryDialog,
    Place,
    RefItemDialog,
    RefItemEdit,
    VisitDialog,
    VisitForm,
    WarningReferral,
    WarningReferralDialog,
    date_edit,
    py_date,
)
from ui.errors import show_error
from ui.panels.action_host import ActionHost, current_row, select_row
from ui.panels.tables import fill_rows, read_only_table
from ui.session import UserSession

T = TypeVar("T")
ANY_REFERRAL = "REFERRED"  # the referral filter's "referred either way"


class ActionView(ActionHost):
    """A view with a message line and action dialogs run through the services on the database thread."""

    loaded = Signal()
    acted = Signal(object)  # the service's result after a successful action

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(user, parent)
        self.message = QLabel()
        self.message.setObjectName("discoveryMessage")
        self.message.setWordWrap(True)
        self.action_row = QHBoxLayout()

    def refresh(self) -> None:
        raise NotImplementedError

    def _button(self, name: str, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda: slot())
        self.action_row.addWidget(button)
        return button

    def _clear_message(self) -> None:
        self.message.clear()

    def _acted(self, done: Callable[[T], None]) -> Callable[[T], None]:
        """After a successful action: ``done``, then tell and refresh."""

        def acted(result: T) -> None:
            done(result)
            self.acted.emit(result)
            self.refresh()

        return acted


# --------------------------------------------------------------------------------------------------- visit log


@dataclass(frozen=True, slots=True)
class VisitLog:
    """What one refresh of the visit log reads: the rows and what their codes are called."""

    visits: tuple[VisitRow, ...]
    campaigns: tuple[CampaignRow, ...]
    places: dict[str, str]  # division code → name (townships and villages)


@dataclass(frozen=True, slots=True)
class VisitSetup:
    reference: DiscoveryReference
    places: tuple[Place, ...]
    campaigns: tuple[CampaignRow, ...]  # those with a round running today


def _places(session: Session, user: UserSession) -> tuple[Place, ...]:
    """The townships this account logs visits in: its own, or every township on this laptop if it names none."""
    own = actor_township(session, user.actor)
    towns = sorted(reference.townships(session), key=lambda d: d.code)
    if own:
        towns = [t for t in towns if t.code == own]
    return tuple(
        Place(t.code, t.name, tuple((v.code, v.name) for v in reference.villages_of(session, t.code)))
        for t in towns
    )


class VisitLogView(ActionView):
    """The visit log with its filters (campaign, visit dates, referral) and the selected visit's particulars."""

    case_activated = Signal(str)  # a case opened by a referral, or asked to be shown

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(user, parent)
        self.rows: tuple[VisitRow, ...] = ()
        self._names: dict[str, str] = {}
        self._campaign_names: dict[str, str] = {}
        self._keep: str | None = None
        today = user.clock.today()
        self.campaign_filter = QComboBox()
        self.campaign_filter.setObjectName("visitsCampaign")
        self.campaign_filter.addItem(self.tr("全部走访"), None)
        self.by_date = QCheckBox(self.tr("走访日期"))
        self.by_date.setObjectName("visitsByDate")
        self.since = date_edit("visitsSince", date(today.year, 1, 1))
        self.until = date_edit("visitsUntil", today)
        self.referral_filter = QComboBox()
        self.referral_filter.setObjectName("visitsReferral")
        self.referral_filter.addItem(self.tr("全部"), None)
        for code in (REFERRAL_NONE, REFERRAL_APPLICATION, REFERRAL_WARNING):
            self.referral_filter.addItem(REFERRAL_LABELS[code], code)
        self.referral_filter.addItem(self.tr("已转介（申请或预警）"), ANY_REFERRAL)
        self.filters = QHBoxLayout()
        self.filters.addWidget(QLabel(self.tr("摸排")))
        self.filters.addWidget(self.campaign_filter)
        self.filters.addWidget(self.by_date)
        self.filters.addWidget(self.since)
        self.filters.addWidget(QLabel(self.tr("至")))
        self.filters.addWidget(self.until)
        self.filters.addWidget(QLabel(self.tr("转介")))
        self.filters.addWidget(self.referral_filter)
        self.filters.addStretch(1)
        self.table, self.model = read_only_table(
            "visitsTable",
            (
                self.tr("走访日期"),
                self.tr("走访人"),
                self.tr("队伍"),
                self.tr("被走访家庭"),
                self.tr("村/社区"),
                self.tr("人群"),
                self.tr("转介"),
                self.tr("摸排"),
            ),
        )
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.table.doubleClicked.connect(lambda _: self.open_case())
        self.summary = QLabel()
        self.summary.setObjectName("visitsSummary")
        self.detail = QLabel()
        self.detail.setObjectName("visitDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addLayout(self.filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.detail)
        layout.addLayout(self.action_row)
        layout.addWidget(self.message)
        self.open_case_button = self._button("visitsOpenCase", self.tr("打开案件"), self.open_case)
        self._dates_enabled()
        self.campaign_filter.currentIndexChanged.connect(lambda _: self.refresh())
        self.referral_filter.currentIndexChanged.connect(lambda _: self.refresh())
        self.by_date.toggled.connect(lambda _: (self._dates_enabled(), self.refresh()))
        self.since.dateChanged.connect(lambda _: self._date_changed())
        self.until.dateChanged.connect(lambda _: self._date_changed())

    def _dates_enabled(self) -> None:
        self.since.setEnabled(self.by_date.isChecked())
        self.until.setEnabled(self.by_date.isChecked())

    def _date_changed(self) -> None:
        if self.by_date.isChecked():
            self.refresh()

    # ----------------------------------------------------------------------------------------------- listing

    def refresh(self) -> None:
        user = self._user
        actor = user.actor
        campaign: str | None = self.campaign_filter.currentData()
        since = py_date(self.since) if self.by_date.isChecked() else None
        until = py_date(self.until) if self.by_date.isChecked() else None

        def work(session: Session) -> VisitLog:
            names: dict[str, str] = {}
            for t in reference.townships(session):
                names[t.code] = t.name
                names.update((v.code, v.name) for v in reference.villages_of(session, t.code))
            return VisitLog(
                list_visits(session, actor, since=since, until=until, campaign_id=campaign),
                list_campaigns(session, actor),
                names,
            )

        user.read(work, self._show, lambda exc: show_error(self, exc))

    def _show(self, log: VisitLog) -> None:
        current = self.selected()
        keep = self._keep or (current.id if current else None)
        self._keep = None
        self._names = log.places
        self._campaign_names = {c.id: c.name for c in log.campaigns}
        chosen = self.campaign_filter.currentData()
        self.campaign_filter.blockSignals(True)
        self.campaign_filter.clear()
        self.campaign_filter.addItem(self.tr("全部走访"), None)
        for c in reversed(log.campaigns):
            self.campaign_filter.addItem(c.name, c.id)
        self.campaign_filter.setCurrentIndex(max(self.campaign_filter.findData(chosen), 0) if chosen else 0)
        self.campaign_filter.blockSignals(False)
        wanted = self.referral_filter.currentData()
        rows = tuple(
            v
            for v in log.visits
            if wanted is None
            or v.referral == wanted
            or (wanted == ANY_REFERRAL and v.referral != REFERRAL_NONE)
        )
        self.rows = rows
        fill_rows(
            self.model,
            [
                [
                    v.visited_on.isoformat(),
                    v.visitor_name,
                    v.team_label,
                    v.household_label,
                    self._names.get(v.village_code or "", v.village_code or "")
                    or self._names.get(v.township_code, v.township_code),
                    "、".join(v.group_codes),
                    v.referral_label,
                    self._campaign_names.get(v.campaign_id or "", ""),
                ]
                for v in rows
            ],
        )
        referred = sum(1 for v in rows if v.referral != REFERRAL_NONE)
        self.summary.setText(
            self.tr("共 %1 次走访，其中转介 %2 次").replace("%1", str(len(rows))).replace("%2", str(referred))
        )
        if keep is None or not self.select_visit(keep):
            self._show_detail()
        self.loaded.emit()

    def select_visit(self, visit_id: str) -> bool:
        if not select_row(self.table, self.rows, lambda v: v.id == visit_id):
            return False
        self._show_detail()
        return True

    def selected(self) -> VisitRow | None:
        return current_row(self.table, self.rows)

    def _show_detail(self) -> None:
        v = self.selected()
        self._enable_actions(v)
        if v is None:
            self.detail.setText(self.tr("选中一条走访记录查看详情。"))
            return
        parts = [
            self.tr("走访人群：%1").replace("%1", "；".join(v.group_labels) or self.tr("（无）")),
            self.tr("走访发现：%1").replace("%1", v.findings),
            self.tr("乡镇/街道：%1").replace("%1", self._names.get(v.township_code, v.township_code)),
        ]
        if v.referral == REFERRAL_APPLICATION:
            parts.append(self.tr("已转入低保申请，可点“打开案件”查看。"))
        elif v.referral == REFERRAL_WARNING:
            parts.append(self.tr("已转为预警，请在“预警核查”中办理。"))
        elif v.household_id is None:
            parts.append(self.tr("被走访家庭尚未登记：转入申请前须先登记家庭成员。"))
        self.detail.setText("\n".join(parts))

    def _enable_actions(self, v: VisitRow | None) -> None:
        self.open_case_button.setEnabled(v is not None and v.referral_case_id is not None)

    def _chosen(self) -> VisitRow | None:
        v = self.selected()
        if v is None:
            self.message.setText(self.tr("请先在列表中选中一条走访记录。"))
        return v

    def open_case(self) -> None:
        v = self.selected()
        if v is not None and v.referral_case_id:
            self.case_activated.emit(v.referral_case_id)


class DiscoveryPanel(VisitLogView):
    """Township staff: the visit log; log a visit (登记走访…), refer a visit into an application or a warning."""

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(user, parent)
        self.record_button = self._button("visitsRecord", self.tr("登记走访…"), self.open_record)
        self.apply_button = self._button("visitsToApplication", self.tr("转为申请…"), self.open_application)
        self.warn_button = self._button("visitsToWarning", self.tr("转为预警…"), self.open_warning)
        self.action_row.addStretch(1)
        self._show_detail()
        self.refresh()

    def _enable_actions(self, v: VisitRow | None) -> None:
        super()._enable_actions(v)
        open_ = v is not None and v.referral == REFERRAL_NONE
        self.apply_button.setEnabled(open_)
        self.warn_button.setEnabled(open_)

    # ----------------------------------------------------------------------------------------------- record

    def open_record(self) -> None:
        """登记走访: the reference data, townships and running campaigns are read first, then the dialog opens."""
        user = self._user
        actor, today = user.actor, user.clock.today()

        def work(session: Session) -> VisitSetup:
            running = tuple(
                c
                for c in list_campaigns(session, actor)
                if campaign_round(c.starts_on, c.cycle_months, today, c.ends_on) is not None
            )
            return VisitSetup(discovery_reference(session), _places(session, user), running)

        def show(setup: VisitSetup) -> None:
            if not setup.reference.groups or not setup.reference.teams:
                self.message.setText(
                    self.tr("尚未导入主动发现基础数据（九类人群、四支队伍），请县级审核员导入后再登记走访。")
                )
                return
            dialog = VisitDialog(
                today=today,
                reference=setup.reference,
                places=setup.places,
                campaigns=setup.campaigns,
                parent=self,
            )
            dialog.search_requested.connect(lambda text: self._search(dialog, text))
            self._open(
                dialog, lambda form: self._record_work(cast(VisitForm, form)), self._acted(self._recorded)
            )

        self.message.clear()
        user.read(work, show, lambda exc: show_error(self, exc))

    def _search(self, dialog: VisitDialog, text: str) -> None:
        actor = self._user.actor

        def failed(exc: BaseException) -> None:
            dialog.search_failed()
            show_error(dialog, exc)

        self._user.read(
            lambda s: find_households(s, actor, text),
            lambda found: dialog.show_households(cast(tuple[HouseholdChoice, ...], found)),
            failed,
        )

    def record(self, form: VisitForm, dialog: DiscoveryDialog | None = None) -> None:
        """Log ``form`` (and its referral) as one transaction; a refusal of either saves nothing."""
        self._write(self._record_work(form), self._acted(self._recorded), dialog)

    def _record_work(self, form: VisitForm) -> Callable[[Session], VisitRow]:
        user = self._user
        actor, clock = user.actor, user.clock

        def work(session: Session) -> VisitRow:
            row = record_visit(session, actor, form.visit, clock=clock)
            if form.referral == REFERRAL_APPLICATION:
                row = refer_to_application(session, actor, row.id, clock=clock)
            elif form.referral == REFERRAL_WARNING:
                row = refer_to_warning(
                    session,
                    actor,
                    row.id,
                    warning_type=form.warning_type,
                    clock=clock,
                    calendar=user.calendar(session),
                    rules=user.rules,
                )
            return row

        return work

    def _recorded(self, row: VisitRow) -> None:
        self._keep = row.id
        if row.referral == REFERRAL_APPLICATION:
            self._applied(row)
        elif row.referral == REFERRAL_WARNING:
            self._warned(row)
        else:
            self.message.setText(self.tr("已登记 %1 的走访。").replace("%1", row.household_label))

    # ----------------------------------------------------------------------------------------------- refer

    def open_application(self) -> None:
        v = self._chosen()
        if v is None:
            return
        user = self._user
        actor, clock = user.actor, user.clock
        self._open(
            ApplicationReferralDialog(v, parent=self),
            lambda _: lambda s: refer_to_application(s, actor, v.id, clock=clock),
            self._acted(self._applied),
        )

    def _applied(self, row: VisitRow) -> None:
        self._keep = row.id
        self.message.setText(
            self.tr("已为 %1 新建低保申请（代为申请），请在案件中继续办理。").replace(
                "%1", row.household_label
            )
        )
        if row.referral_case_id:
            self.case_activated.emit(row.referral_case_id)

    def open_warning(self) -> None:
        v = self._chosen()
        if v is None:
            return
        user = self._user
        actor, clock = user.actor, user.clock

        def run(value: object) -> Callable[[Session], VisitRow]:
            w = cast(WarningReferral, value)
            return lambda s: refer_to_warning(
                s,
                actor,
                v.id,
                warning_type=w.warning_type,
                detail=w.detail,
                clock=clock,
                calendar=user.calendar(s),
                rules=user.rules,
            )

        self._open(WarningReferralDialog(v, parent=self), run, self._acted(self._warned))

    def _warned(self, row: VisitRow) -> None:
        self._keep = row.id
        self.message.setText(
            self.tr("已将 %1 的走访转为预警，请在“预警核查”中按时限入户核查。").replace(
                "%1", row.household_label
            )
        )


# --------------------------------------------------------------------------------------------------- county


@dataclass(frozen=True, slots=True)
class CampaignsState:
    progress: tuple[CampaignProgress, ...]
    towns: dict[str, str]


class CampaignsView(ActionView):
    """The county's screening campaigns, each with the current round's visits, households and referrals."""

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(user, parent)
        self.rows: tuple[CampaignProgress, ...] = ()
        self._towns: dict[str, str] = {}
        self._keep: str | None = None
        self.table, self.model = read_only_table(
            "campaignsTable",
            (
                self.tr("名称"),
                self.tr("范围"),
                self.tr("开始"),
                self.tr("结束"),
                self.tr("周期"),
                self.tr("本轮"),
                self.tr("本轮走访"),
                self.tr("走访户数"),
                self.tr("转介"),
            ),
        )
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.detail = QLabel()
        self.detail.setObjectName("campaignDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.create_button = self._button("campaignsCreate", self.tr("新建排查…"), self.open_create)
        self.action_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(self.action_row)
        layout.addWidget(self.message)

    def refresh(self) -> None:
        user = self._user
        actor, today = user.actor, user.clock.today()

        def work(session: Session) -> CampaignsState:
            campaigns = list_campaigns(session, actor)
            progress = tuple(
                campaign_progress(session, actor, c.id, today=today) for c in reversed(campaigns)
            )
            return CampaignsState(progress, {t.code: t.name for t in reference.townships(session)})

        user.read(work, self._show, lambda exc: show_error(self, exc))

    def _show(self, state: CampaignsState) -> None:
        current = self.selected()
        keep = self._keep or (current.campaign.id if current else None)
        self._keep = None
        self.rows = state.progress
        self._towns = state.towns
        fill_rows(
            self.model,
            [
                [
                    p.campaign.name,
                    self._towns.get(p.campaign.township_code, p.campaign.township_code)
                    if p.campaign.township_code
                    else self.tr("全部乡镇/街道"),
                    p.campaign.starts_on.isoformat(),
                    p.campaign.ends_on.isoformat() if p.campaign.ends_on else self.tr("常态化"),
                    self.tr("%1 个月").replace("%1", str(p.campaign.cycle_months)),
                    self.tr("第 %1 轮（%2 至 %3）")
                    .replace("%1", str(p.round.number))
                    .replace("%2", p.round.starts_on.isoformat())
                    .replace("%3", p.round.ends_on.isoformat())
                    if p.round
                    else self.tr("不在排查期内"),
                    str(p.visits),
                    str(p.households),
                    str(p.referrals),
                ]
                for p in self.rows
            ],
        )
        if keep is None or not self.select_campaign(keep):
            self._show_detail()
        self.loaded.emit()

    def select_campaign(self, campaign_id: str) -> bool:
        if not select_row(self.table, self.rows, lambda p: p.campaign.id == campaign_id):
            return False
        self._show_detail()
        return True

    def selected(self) -> CampaignProgress | None:
        return current_row(self.table, self.rows)

    def _show_detail(self) -> None:
        p = self.selected()
        if p is None:
            self.detail.setText(self.tr("选中一次排查查看本轮进度。"))
            return
        groups = "；".join(f"{label} {n}" for _, label, n in p.by_group) or self.tr("（本轮尚无走访）")
        teams = "；".join(f"{label} {n}" for _, label, n in p.by_team) or self.tr("（本轮尚无走访）")
        parts = [
            self.tr("排查人群：%1").replace("%1", "、".join(p.campaign.group_codes)),
            self.tr("本轮按人群：%1").replace("%1", groups),
            self.tr("本轮按队伍：%1").replace("%1", teams),
        ]
        if p.campaign.note:
            parts.append(self.tr("备注：%1").replace("%1", p.campaign.note))
        self.detail.setText("\n".join(parts))

    def open_create(self) -> None:
        user = self._user
        today = user.clock.today()
        rule = user.rules.find(CYCLE_RULE, today)
        default = rule.value if rule is not None and isinstance(rule.value, int) else None

        def work(session: Session) -> tuple[list[tuple[str, str]], DiscoveryReference]:
            towns = sorted((t.code, t.name) for t in reference.townships(session))
            return towns, discovery_reference(session)

        def show(result: tuple[list[tuple[str, str]], DiscoveryReference]) -> None:
            towns, ref = result
            if not ref.groups:
                self.message.setText(self.tr("尚未导入主动发现基础数据，请先在“基础数据”中导入。"))
                return
            dialog = CampaignDialog(
                today=today, townships=towns, reference=ref, default_cycle=default, parent=self
            )
            self._open(
                dialog, lambda form: self._create_work(cast(CampaignForm, form)), self._acted(self._created)
            )

        self.message.clear()
        user.read(work, show, lambda exc: show_error(self, exc))

    def _create_work(self, form: CampaignForm) -> Callable[[Session], CampaignRow]:
        user = self._user
        actor, clock = user.actor, user.clock
        return lambda s: create_campaign(
            s,
            actor,
            name=form.name,
            starts_on=form.starts_on,
            ends_on=form.ends_on,
            cycle_months=form.cycle_months,
            group_codes=form.group_codes,
            township_code=form.township_code,
            note=form.note,
            clock=clock,
            rules=user.rules,
        )

    def _created(self, row: CampaignRow) -> None:
        self._keep = row.id
        self.message.setText(self.tr("已新建排查“%1”。").replace("%1", row.name))


class ReferenceView(ActionView):
    """The nine must-visit groups and the four teams: names, visit intervals, in use or not."""

    imported = Signal(object)  # ReferenceImportReport

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(user, parent)
        self.items: tuple[RefItem, ...] = ()
        self.table, self.model = read_only_table(
            "referenceTable",
            (self.tr("类别"), self.tr("代码"), self.tr("名称"), self.tr("走访间隔"), self.tr("状态")),
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the names are long
        self.table.doubleClicked.connect(lambda _: self.open_edit())
        self.edit_button = self._button("referenceEdit", self.tr("修改…"), self.open_edit)
        self.bundled_button = self._button(
            "referenceBundled", self.tr("导入内置基础数据"), lambda: self.import_reference(None)
        )
        self.file_button = self._button("referenceFile", self.tr("从文件导入…"), self.choose_file)
        self.action_row.addStretch(1)
        hint = QLabel(
            self.tr("九类必到必访人群和四支主动发现队伍由县级维护；停用的项目不能再选，已有走访记录保留。")
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.action_row)
        layout.addWidget(self.message)

    def refresh(self) -> None:
        def work(session: Session) -> tuple[RefItem, ...]:
            ref = discovery_reference(session, include_inactive=True)
            return (*ref.groups, *ref.teams)

        self._user.read(work, self._show, lambda exc: show_error(self, exc))

    def _show(self, items: tuple[RefItem, ...]) -> None:
        current = self.selected()
        self.items = items
        fill_rows(
            self.model,
            [
                [
                    self.tr("必到必访人群") if i.kind == KIND_GROUP else self.tr("主动发现队伍"),
                    i.code,
                    i.label,
                    self.tr("每 %1 天").replace("%1", str(i.visit_interval_days))
                    if i.visit_interval_days
                    else "",
                    self.tr("启用") if i.active else self.tr("已停用"),
                ]
                for i in items
            ],
        )
        self.bundled_button.setEnabled(not items)  # a re-import would undo the county's edits
        if current is not None:
            self.select_item(current.kind, current.code)
        self.loaded.emit()

    def select_item(self, kind: str, code: str) -> bool:
        return select_row(self.table, self.items, lambda i: (i.kind, i.code) == (kind, code))

    def selected(self) -> RefItem | None:
        return current_row(self.table, self.items)

    def open_edit(self) -> None:
        item = self.selected()
        if item is None:
            self.message.setText(self.tr("请先在列表中选中一类人群或一支队伍。"))
            return
        user = self._user
        actor, clock = user.actor, user.clock

        def run(value: object) -> Callable[[Session], RefItem]:
            e = cast(RefItemEdit, value)
            return lambda s: edit_reference_item(
                s,
                actor,
                item.kind,
                item.code,
                clock=clock,
                label=e.label,
                visit_interval_days=e.visit_interval_days,
                clear_interval=e.clear_interval,
                active=e.active,
            )

        self._open(
            RefItemDialog(item, parent=self),
            run,
            self._acted(
                lambda row: self.message.setText(
                    self.tr("已保存 %1 %2。").replace("%1", row.code).replace("%2", row.label)
                )
            ),
        )

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择主动发现基础数据文件"), "", self.tr("基础数据 (*.json);;所有文件 (*)")
        )
        if path:
            self.import_reference(path)

    def import_reference(self, path: str | Path | None) -> None:
        """Import ``path`` (None = the bundled file) on the database thread (the file dialog only asks)."""
        user = self._user
        actor, clock = user.actor, user.clock
        source = Path(path) if path is not None else None
        unreadable = self.tr("无法读取文件 %1，请确认文件存在且没有被其他程序占用。").replace(
            "%1", source.name if source else ""
        )

        def work(session: Session) -> ReferenceImportReport:
            if source is None:
                text = bundled_reference_text()
            else:
                try:
                    text = source.read_bytes().decode("utf-8-sig")
                except (OSError, UnicodeDecodeError):
                    raise ValidationError(unreadable) from None
            return import_discovery_reference(session, actor, text, clock=clock)

        def done(report: ReferenceImportReport) -> None:
            self.message.setText(
                self.tr("已导入：新增 %1 项，修改 %2 项，停用 %3 项，未变 %4 项。")
                .replace("%1", str(report.added))
                .replace("%2", str(report.changed))
                .replace("%3", str(report.deactivated))
                .replace("%4", str(report.unchanged))
            )
            self.imported.emit(report)

        self._write(work, self._acted(done))


class CountyDiscoveryPanel(QWidget):
    """County reviewer: screening campaigns and their progress, the groups and teams, every township's visit log."""

    case_activated = Signal(str)

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.campaigns = CampaignsView(user)
        self.reference = ReferenceView(user)
        self.visits = VisitLogView(user)
        self.visits.open_case_button.setToolTip(self.tr("打开该走访转入的低保申请"))
        self.visits.action_row.addStretch(1)
        self.visits.case_activated.connect(self.case_activated)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("discoveryTabs")
        self.tabs.addTab(self.campaigns, self.tr("摸底排查"))
        self.tabs.addTab(self.visits, self.tr("走访记录"))
        self.tabs.addTab(self.reference, self.tr("人群与队伍"))
        # A change in one tab shows in the others (a new group name in the progress and the log).
        self.reference.acted.connect(lambda _: (self.campaigns.refresh(), self.visits.refresh()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.campaigns.refresh()
        self.reference.refresh()
        self.visits.refresh()
