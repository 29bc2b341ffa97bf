"""Dialogs of 主动发现 (proactive discovery): log a visit (and refer it on), refer a logged visit into an application
or a warning, start a screening campaign, edit one of the nine groups or four teams.

Each dialog only collects input and emits ``submitted``; the panel runs the service on the database thread and closes
the dialog when the service accepts. A refusal leaves the dialog open with everything typed still there. The visit
dialog asks the panel to search households (``search_requested``) and is handed the results (``show_households``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.supervision.discovery import (
    KIND_GROUP,
    REFERRAL_APPLICATION,
    REFERRAL_LABELS,
    REFERRAL_NONE,
    REFERRAL_WARNING,
    CampaignRow,
    DiscoveryReference,
    HouseholdChoice,
    RefItem,
    VisitInput,
    VisitRow,
)
from ui.dialogs.action_dialog import ActionDialog, date_edit, py_date
from ui.dialogs.action_dialog import qdate as qdate  # re-exported: callers convert dates here


@dataclass(frozen=True, slots=True)
class Place:
    """A township a visit may be logged in, with its villages (code, name)."""

    code: str
    name: str
    villages: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class VisitForm:
    visit: VisitInput
    referral: (
        str  # REFERRAL_NONE / REFERRAL_APPLICATION / REFERRAL_WARNING, done right after the visit is saved
    )
    warning_type: str


@dataclass(frozen=True, slots=True)
class WarningReferral:
    warning_type: str
    detail: str


@dataclass(frozen=True, slots=True)
class CampaignForm:
    name: str
    township_code: str | None  # None = every township
    starts_on: date
    ends_on: date | None
    cycle_months: int | None  # None = the rule's default
    group_codes: tuple[str, ...]  # () = every active group
    note: str


@dataclass(frozen=True, slots=True)
class RefItemEdit:
    label: str
    visit_interval_days: int | None
    clear_interval: bool
    active: bool


def visit_about(row: VisitRow) -> str:
    return f"{row.visited_on.isoformat()} {row.household_label}（{row.visitor_name}，{row.team_label}）"


class DiscoveryDialog(ActionDialog):
    """The shared frame: a form, a line for problems found before submitting, OK/Cancel."""

    ABOUT_NAME = "discoveryDialogAbout"
    PROBLEM_NAME = "discoveryDialogProblem"
    OK_NAME = "discoveryDialogOk"
    MIN_WIDTH = 520

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, "", parent)


def _group_boxes(
    title: str, reference: DiscoveryReference, name: str
) -> tuple[QGroupBox, dict[str, QCheckBox]]:
    box = QGroupBox(title)
    box.setObjectName(name)
    layout = QVBoxLayout(box)
    checks: dict[str, QCheckBox] = {}
    for g in reference.groups:
        check = QCheckBox(f"{g.code} {g.label}")
        check.setObjectName(f"{name}_{g.code}")
        check.setToolTip(g.label)
        layout.addWidget(check)
        checks[g.code] = check
    return box, checks


class VisitDialog(DiscoveryDialog):
    """登记走访: date, visitor, team, the household (a registered one found by name or the last 4 ID digits, or a
    label for a family not yet registered), village, the groups it belongs to, findings, and a referral."""

    search_requested = Signal(str)

    def __init__(
        self,
        *,
        today: date,
        reference: DiscoveryReference,
        places: Sequence[Place],
        campaigns: Sequence[CampaignRow],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("登记主动发现走访"), parent)
        self.ok.setText(self.tr("登记"))
        self._places = {p.code: p for p in places}
        self._campaigns = tuple(campaigns)
        self._found: tuple[HouseholdChoice, ...] = ()
        self.chosen: HouseholdChoice | None = None

        self.visited_on = date_edit("visitDate", today, latest=today)
        self.visitor = QLineEdit()
        self.visitor.setObjectName("visitVisitor")
        self.visitor.setPlaceholderText(self.tr("走访人姓名"))
        self.team = QComboBox()
        self.team.setObjectName("visitTeam")
        for t in reference.teams:
            self.team.addItem(t.label, t.code)

        # The household: registered (searched) or described.
        self.registered = QRadioButton(self.tr("已登记家庭"))
        self.registered.setObjectName("visitRegistered")
        self.unregistered = QRadioButton(self.tr("尚未登记的家庭"))
        self.unregistered.setObjectName("visitUnregistered")
        kinds = QButtonGroup(self)
        kinds.addButton(self.registered)
        kinds.addButton(self.unregistered)
        self.registered.setChecked(True)
        self.search = QLineEdit()
        self.search.setObjectName("visitSearch")
        self.search.setPlaceholderText(self.tr("姓名或身份证号后4位"))
        self.search.returnPressed.connect(self.request_search)
        self.search_button = QPushButton(self.tr("查找"))
        self.search_button.setObjectName("visitSearchButton")
        self.search_button.setAutoDefault(False)
        self.search_button.clicked.connect(self.request_search)
        self.results = QListWidget()
        self.results.setObjectName("visitResults")
        self.results.setMaximumHeight(90)
        self.results.currentRowChanged.connect(self._pick)
        self.chosen_label = QLabel(self.tr("（未选择）"))
        self.chosen_label.setObjectName("visitChosen")
        self.chosen_label.setWordWrap(True)
        self.label = QLineEdit()
        self.label.setObjectName("visitLabel")
        self.label.setPlaceholderText(self.tr("户主姓名和村组，如：王某（青石村三组）"))
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.search_button)
        household = QVBoxLayout()
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.registered)
        kind_row.addWidget(self.unregistered)
        kind_row.addStretch(1)
        household.addLayout(kind_row)
        household.addLayout(search_row)
        household.addWidget(self.results)
        household.addWidget(self.chosen_label)
        household.addWidget(self.label)
        self.registered.toggled.connect(lambda _: self._kind_changed())

        self.township = QComboBox()
        self.township.setObjectName("visitTownship")
        for p in places:
            self.township.addItem(p.name, p.code)
        self.township.setEnabled(len(places) > 1)
        self.village = QComboBox()
        self.village.setObjectName("visitVillage")
        self.campaign = QComboBox()
        self.campaign.setObjectName("visitCampaign")
        self.township.currentIndexChanged.connect(lambda _: self._township_changed())

        groups, self.groups = _group_boxes(self.tr("走访人群（可多选）"), reference, "visitGroups")
        self.findings = QPlainTextEdit()
        self.findings.setObjectName("visitFindings")
        self.findings.setMinimumHeight(70)
        self.findings.setMaximumHeight(120)  # the dialog fits a 768-pixel laptop screen
        self.findings.setPlaceholderText(self.tr("走访看到和了解到的困难情况"))
        self.referral = QComboBox()
        self.referral.setObjectName("visitReferral")
        for code in (REFERRAL_NONE, REFERRAL_APPLICATION, REFERRAL_WARNING):
            self.referral.addItem(REFERRAL_LABELS[code], code)
        self.warning_type = QLineEdit()
        self.warning_type.setObjectName("visitWarningType")
        self.warning_type.setPlaceholderText(self.tr("如 收入减少、重病、灾害"))
        self.referral.currentIndexChanged.connect(lambda _: self._referral_changed())
        self.referral_hint = QLabel()
        self.referral_hint.setObjectName("visitReferralHint")
        self.referral_hint.setWordWrap(True)
        self.referral_hint.setProperty("role", "hint")

        self.form.addRow(self.tr("走访日期"), self.visited_on)
        self.form.addRow(self.tr("走访人"), self.visitor)
        self.form.addRow(self.tr("所属队伍"), self.team)
        self.form.addRow(self.tr("被走访家庭"), household)
        self.form.addRow(self.tr("乡镇/街道"), self.township)
        self.form.addRow(self.tr("村/社区"), self.village)
        self.form.addRow(self.tr("所属摸排"), self.campaign)
        self.form.addRow(groups)
        self.form.addRow(self.tr("走访发现"), self.findings)
        self.form.addRow(self.tr("转介"), self.referral)
        self.form.addRow(self.tr("预警类型"), self.warning_type)
        self.form.addRow("", self.referral_hint)
        self._township_changed()
        self._kind_changed()
        self._referral_changed()

    # ------------------------------------------------------------------------------------------- household

    def request_search(self) -> None:
        text = self.search.text().strip()
        if not text:
            self.problem.setText(self.tr("请输入姓名或身份证号后4位再查找。"))
            return
        self.problem.clear()
        self.search_button.setEnabled(False)
        self.search_requested.emit(text)

    def show_households(self, found: Sequence[HouseholdChoice]) -> None:
        self.search_button.setEnabled(True)
        self._found = tuple(found)
        self.results.blockSignals(True)
        self.results.clear()
        for h in self._found:
            case = (
                self.tr("；有在办或在保案件")
                if h.open_case_id
                else (f"；{h.latest_case_label}" if h.latest_case_label else "")
            )
            item = QListWidgetItem(f"{h.head_name} {h.head_id_masked}（{h.village_name}{case}）")
            item.setData(Qt.ItemDataRole.UserRole, h.household_id)
            self.results.addItem(item)
        self.results.setCurrentRow(-1)
        self.results.blockSignals(False)
        if not self._found:
            self.problem.setText(
                self.tr("没有找到相符的已登记家庭，可改选“尚未登记的家庭”并填写户主姓名和村组。")
            )

    def search_failed(self) -> None:
        self.search_button.setEnabled(True)

    def choose_household(self, household_id: str) -> bool:
        """Pick a search result by its household id (the keyboard-free way for tests and scripts)."""
        for n, h in enumerate(self._found):
            if h.household_id == household_id:
                self.results.setCurrentRow(n)
                return True
        return False

    def _pick(self, n: int) -> None:
        if not 0 <= n < len(self._found):
            return
        h = self._found[n]
        self.chosen = h
        self.chosen_label.setText(
            self.tr("已选择：%1 %2（%3）")
            .replace("%1", h.head_name)
            .replace("%2", h.head_id_masked)
            .replace("%3", h.village_name)
        )
        at = self.township.findData(h.township_code)
        if at >= 0:
            self.township.setCurrentIndex(at)
        at = self.village.findData(h.village_code)
        if at >= 0:
            self.village.setCurrentIndex(at)

    def _kind_changed(self) -> None:
        registered = self.registered.isChecked()
        for w in (self.search, self.search_button, self.results, self.chosen_label):
            w.setEnabled(registered)
        self.label.setEnabled(not registered)

    # ------------------------------------------------------------------------------------------- places

    def _township_changed(self) -> None:
        code = self.township.currentData()
        place = self._places.get(code) if code else None
        self.village.clear()
        self.village.addItem(self.tr("（不填）"), None)
        for v_code, v_name in place.villages if place else ():
            self.village.addItem(v_name, v_code)
        keep = self.campaign.currentData()
        self.campaign.clear()
        self.campaign.addItem(self.tr("（不属于摸排）"), None)
        for c in self._campaigns:
            if c.township_code in (None, code):
                self.campaign.addItem(c.name, c.id)
        self.campaign.setCurrentIndex(max(self.campaign.findData(keep), 0) if keep else 0)

    def _referral_changed(self) -> None:
        chosen = self.referral.currentData()
        self.warning_type.setEnabled(chosen == REFERRAL_WARNING)
        if chosen == REFERRAL_APPLICATION:
            self.referral_hint.setText(
                self.tr("登记后即为该家庭新建低保申请（代为申请），家庭仍须签署申请书和授权书。")
            )
        elif chosen == REFERRAL_WARNING:
            self.referral_hint.setText(self.tr("登记后即转为预警，按预警核查时限入户核查。"))
        else:
            self.referral_hint.clear()

    def set_choice(self, combo: QComboBox, data: object) -> None:
        combo.setCurrentIndex(combo.findData(data))

    def check_groups(self, *codes: str) -> None:
        for code in codes:
            self.groups[code].setChecked(True)

    # ------------------------------------------------------------------------------------------- value

    def value(self) -> VisitForm | None:
        township = self.township.currentData()
        if township is None:
            self.problem.setText(self.tr("本机没有可登记的乡镇（街道），请先导入区划。"))
            return None
        registered = self.registered.isChecked()
        visit = VisitInput(
            visited_on=py_date(self.visited_on),
            visitor_name=self.visitor.text(),
            team_code=self.team.currentData() or "",
            group_codes=tuple(code for code, box in self.groups.items() if box.isChecked()),
            findings=self.findings.toPlainText(),
            township_code=str(township),
            household_id=self.chosen.household_id if registered and self.chosen else None,
            household_label="" if registered else self.label.text(),
            village_code=self.village.currentData(),
            campaign_id=self.campaign.currentData(),
        )
        return VisitForm(visit, str(self.referral.currentData()), self.warning_type.text())


class ApplicationReferralDialog(DiscoveryDialog):
    """转为申请: open a new application (代为申请) for the visited, registered household."""

    def __init__(self, row: VisitRow, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("转入低保申请"), parent)
        self.ok.setText(self.tr("新建申请"))
        about = QLabel(visit_about(row))
        about.setObjectName("referralAbout")
        about.setWordWrap(True)
        findings = QLabel(row.findings)
        findings.setWordWrap(True)
        hint = QLabel(
            self.tr("将为该家庭新建低保申请（代为申请，申请方式：代办），家庭仍须签署申请书和授权书。")
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        self.form.addRow(self.tr("走访"), about)
        self.form.addRow(self.tr("走访发现"), findings)
        self.form.addRow(hint)

    def value(self) -> bool:
        return True


class WarningReferralDialog(DiscoveryDialog):
    """转为预警: the warning type and, optionally, what the warning says (the visit's findings otherwise)."""

    def __init__(self, row: VisitRow, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("转为预警"), parent)
        self.ok.setText(self.tr("转为预警"))
        about = QLabel(visit_about(row))
        about.setObjectName("referralAbout")
        about.setWordWrap(True)
        self.warning_type = QLineEdit()
        self.warning_type.setObjectName("referralWarningType")
        self.warning_type.setPlaceholderText(self.tr("如 收入减少、重病、灾害"))
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("referralDetail")
        self.detail.setMinimumHeight(70)
        self.detail.setPlaceholderText(self.tr("不填则使用走访发现的情况"))
        self.form.addRow(self.tr("走访"), about)
        self.form.addRow(self.tr("预警类型"), self.warning_type)
        self.form.addRow(self.tr("预警内容"), self.detail)

    def value(self) -> WarningReferral:
        return WarningReferral(self.warning_type.text(), self.detail.toPlainText())


class CampaignDialog(DiscoveryDialog):
    """新建排查: a county screening (常态化摸底排查) over one township or all, repeated every few months."""

    def __init__(
        self,
        *,
        today: date,
        townships: Sequence[tuple[str, str]],
        reference: DiscoveryReference,
        default_cycle: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("新建摸底排查"), parent)
        self.ok.setText(self.tr("新建"))
        self.name = QLineEdit()
        self.name.setObjectName("campaignName")
        self.name.setPlaceholderText(self.tr("如：2026年第四季度常态化摸底排查"))
        self.township = QComboBox()
        self.township.setObjectName("campaignTownship")
        self.township.addItem(self.tr("全部乡镇/街道"), None)
        for code, name in townships:
            self.township.addItem(name, code)
        self.starts_on = date_edit("campaignStart", today)
        self.has_end = QCheckBox(self.tr("设结束日期"))
        self.has_end.setObjectName("campaignHasEnd")
        self.ends_on = date_edit("campaignEnd", today)
        self.ends_on.setEnabled(False)
        self.has_end.toggled.connect(self.ends_on.setEnabled)
        end_row = QHBoxLayout()
        end_row.addWidget(self.has_end)
        end_row.addWidget(self.ends_on, 1)
        self.cycle = QSpinBox()
        self.cycle.setObjectName("campaignCycle")
        self.cycle.setRange(0, 24)
        self.cycle.setSuffix(self.tr(" 个月"))
        default = (
            self.tr("按规定（%1 个月）").replace("%1", str(default_cycle))
            if default_cycle
            else self.tr("按规定")
        )
        self.cycle.setSpecialValueText(default)
        self.cycle.setValue(0)
        groups, self.groups = _group_boxes(
            self.tr("排查人群（都不选 = 全部启用的人群）"), reference, "campaignGroups"
        )
        self.note = QLineEdit()
        self.note.setObjectName("campaignNote")
        self.form.addRow(self.tr("名称"), self.name)
        self.form.addRow(self.tr("范围"), self.township)
        self.form.addRow(self.tr("开始日期"), self.starts_on)
        self.form.addRow(self.tr("结束日期"), end_row)
        self.form.addRow(self.tr("每轮周期"), self.cycle)
        self.form.addRow(groups)
        self.form.addRow(self.tr("备注"), self.note)

    def check_groups(self, *codes: str) -> None:
        for code in codes:
            self.groups[code].setChecked(True)

    def value(self) -> CampaignForm:
        cycle = self.cycle.value()
        return CampaignForm(
            name=self.name.text(),
            township_code=self.township.currentData(),
            starts_on=py_date(self.starts_on),
            ends_on=py_date(self.ends_on) if self.has_end.isChecked() else None,
            cycle_months=cycle or None,
            group_codes=tuple(code for code, box in self.groups.items() if box.isChecked()),
            note=self.note.text(),
        )


class RefItemDialog(DiscoveryDialog):
    """Edit one of the nine groups (name, visit interval, in use) or four teams (name, in use)."""

    def __init__(self, item: RefItem, parent: QWidget | None = None) -> None:
        group = item.kind == KIND_GROUP
        super().__init__(self.tr("修改必到必访人群") if group else self.tr("修改主动发现队伍"), parent)
        self.item = item
        self.ok.setText(self.tr("保存"))
        code = QLabel(item.code)
        code.setObjectName("refCode")
        self.label = QLineEdit(item.label)
        self.label.setObjectName("refLabel")
        self.interval = QSpinBox()
        self.interval.setObjectName("refInterval")
        self.interval.setRange(0, 3660)
        self.interval.setSuffix(self.tr(" 天"))
        self.interval.setSpecialValueText(self.tr("未设置"))
        self.interval.setValue(item.visit_interval_days or 0)
        self.active = QCheckBox(self.tr("启用（停用后不能再选，已有走访记录保留）"))
        self.active.setObjectName("refActive")
        self.active.setChecked(item.active)
        self.form.addRow(self.tr("代码"), code)
        self.form.addRow(self.tr("名称"), self.label)
        if group:
            self.form.addRow(self.tr("走访间隔"), self.interval)
        self.form.addRow("", self.active)

    def value(self) -> RefItemEdit:
        days = self.interval.value()
        group = self.item.kind == KIND_GROUP
        return RefItemEdit(
            label=self.label.text(),
            visit_interval_days=days if group and days else None,
            clear_interval=group and not days,
            active=self.active.isChecked(),
        )
