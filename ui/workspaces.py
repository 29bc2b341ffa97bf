"""Which panels each role sees after login: one workspace per role, assembled from shared panels."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from app.domain.roles import Role
from ui.panels.case_forms import CaseFormsPanel
from ui.panels.case_list import CaseListPanel
from ui.panels.conflicts_panel import ConflictsPanel
from ui.panels.data_check_panel import DataCheckPanel
from ui.panels.deadline_board import DeadlineBoardPanel
from ui.panels.discovery_panel import CountyDiscoveryPanel, DiscoveryPanel
from ui.panels.intake_panel import IntakePanel
from ui.panels.maintenance_panel import MaintenancePanel
from ui.panels.my_work import MyWorkPanel
from ui.panels.overdue_board_panel import OverdueBoardPanel
from ui.panels.print_queue import PrintQueuePanel
from ui.panels.publicity_panel import PublicityPrintPanel
from ui.panels.real_name_reports_panel import RealNameReportsPanel
from ui.panels.spot_check_panel import SpotCheckPanel
from ui.panels.sync_panel import SyncPanel
from ui.panels.users_panel import UsersPanel
from ui.panels.warnings_panels import TownshipWarningsPanel, WarningsPanel
from ui.session import UserSession

PanelFactory = Callable[[UserSession], QWidget]


def _cases(user: UserSession) -> QWidget:
    return CaseListPanel(user)


def _my_drafts(user: UserSession) -> QWidget:
    return CaseFormsPanel(user, None)


WORKSPACES: dict[Role, list[tuple[str, PanelFactory]]] = {
    Role.INVESTIGATOR: [
        ("我的工作", MyWorkPanel),
        ("我的草稿", _my_drafts),
        ("预警核查", TownshipWarningsPanel),
        ("主动发现", DiscoveryPanel),
        ("时限", DeadlineBoardPanel),
        ("全部案件", _cases),
    ],
    Role.WINDOW_CLERK: [
        ("案件", _cases),
        ("受理新申请", IntakePanel),
        ("打印", PrintQueuePanel),
        ("公示", PublicityPrintPanel),
        ("预警核查", TownshipWarningsPanel),
        ("主动发现", DiscoveryPanel),
        ("时限", DeadlineBoardPanel),
    ],
    Role.COORDINATOR: [
        ("数据同步", SyncPanel),
        ("同步冲突", ConflictsPanel),
        ("乡镇时限看板", DeadlineBoardPanel),
        ("案件", _cases),
    ],
    Role.COUNTY_REVIEWER: [
        ("信息核对", DataCheckPanel),
        ("逾期看板", OverdueBoardPanel),
        ("预警", WarningsPanel),
        ("抽查", SpotCheckPanel),
        ("实名举报", RealNameReportsPanel),
        ("主动发现", CountyDiscoveryPanel),
        ("案件", _cases),
        # The county desktop is a synced device too: warnings and reports go out, the townships come in.
        ("数据同步", SyncPanel),
    ],
    Role.ADMIN: [("账号", UsersPanel), ("数据维护", MaintenancePanel), ("案件", _cases)],
}


def panels_for(user: UserSession) -> list[tuple[str, QWidget]]:
    return [(title, factory(user)) for title, factory in WORKSPACES[user.actor.role]]
