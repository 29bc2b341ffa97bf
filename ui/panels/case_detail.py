"""One case on screen: household, deadlines, materials and decisions, the timeline, and what may be done next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.domain.errors import AppError
from app.domain.roles import PERMISSIONS, Permission
from app.services import accounts
from app.services.case_views import CaseDetail, case_detail
from app.services.documents import DOCUMENT_TITLES, DocumentKind
from app.services.privacy import reveal_id_number
from app.services.workflow import apply_action
from app.workflow.states import Action, CaseState
from ui.errors import show_error
from ui.panels.case_data_checks import CaseDataChecksTab
from ui.panels.case_forms import CaseFormsPanel
from ui.panels.case_photos import CasePhotosTab
from ui.session import UserSession

if TYPE_CHECKING:
    from ui.printing.case_actions import CasePrinting


def _table(headers: list[str], rows: list[list[str]], name: str) -> QTableView:
    model = QStandardItemModel(0, len(headers))
    model.setHorizontalHeaderLabels(headers)
    for row in rows:
        model.appendRow([QStandardItem(v) for v in row])
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    model.setParent(view)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return view


class CaseDetailPanel(QWidget):
    changed = Signal(str)
    open_requested = Signal(str, object)  # a form record to open in its own tab

    def __init__(self, user: UserSession, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        self.case_id = case_id
        self.detail: CaseDetail | None = None
        self.revealed = ""
        self._print: CasePrinting | None = None
        self.data_checks: CaseDataChecksTab | None = None
        self.header = QLabel(self.tr("正在读取…"))
        self.header.setObjectName("caseHeader")
        self.header.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setObjectName("caseWarning")
        self.warning.setProperty("role", "error")
        self.warning.setWordWrap(True)
        self.actions_row = QHBoxLayout()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("caseTabs")
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.warning)
        layout.addLayout(self.actions_row)
        layout.addWidget(self.tabs)
        self.reload()

    def reload(self) -> None:
        user, case_id = self._user, self.case_id
        actor, today = user.actor, user.clock.today()

        def work(session: Session) -> CaseDetail:
            return case_detail(
                session, actor, case_id, calendar=user.calendar(session), rules=user.rules, today=today
            )

        user.read(work, self._show, lambda exc: show_error(self, exc))

    def _show(self, d: CaseDetail) -> None:
        self.detail = d
        head = next((m.name for m in d.members if m.is_head), "")
        amount = f"，月保障金 {d.monthly_amount} 元" if d.monthly_amount is not None else ""
        self.header.setText(
            self.tr("%1 户 · %2 · %3 %4 · 状态：%5%6")
            .replace("%1", head)
            .replace("%2", d.channel_label)
            .replace("%3", d.township_name)
            .replace("%4", d.area_name)
            .replace("%5", d.state_label)
            .replace("%6", amount)
        )
        notes = [d.projection_warning] if d.projection_warning else []
        if d.near_relative:
            notes.append(self.tr("近亲属备案户：相关工作人员须回避，县级须全部入户核查。"))
        if d.provisional:
            notes.append(self.tr("部分时限按暂定日历计算，国务院放假通知导入后会自动重算。"))
        self.warning.setText("\n".join(notes))
        while self.actions_row.count():
            item = self.actions_row.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                widget.deleteLater()
        for action, label in d.actions:
            button = QPushButton(label)
            button.setObjectName(f"action_{action.value}")
            button.clicked.connect(lambda _=False, a=action: self._on_action_clicked(a))
            self.actions_row.addWidget(button)
        self.actions_row.addStretch(1)
        if Permission.ASSIGN_INVESTIGATORS in PERMISSIONS[self._user.actor.role]:
            assign = QPushButton(self.tr("分派调查人员/安排入户…"))
            assign.setObjectName("assignInvestigators")
            assign.clicked.connect(lambda _=False: self.open_assign_dialog())
            self.actions_row.addWidget(assign)
        self.actions_row.addWidget(self._print_button(d))
        self.tabs.clear()
        self.tabs.addTab(self._members_tab(d), self.tr("家庭成员"))
        forms = CaseFormsPanel(self._user, d.id)
        forms.open_requested.connect(self.open_requested)
        self.tabs.addTab(forms, self.tr("调查表单"))
        self.photos = CasePhotosTab(self._user, d.id)
        self.tabs.addTab(self.photos, self.tr("照片"))
        self.tabs.addTab(
            _table(
                [self.tr("环节"), self.tr("时限"), self.tr("开始"), self.tr("到期日"), self.tr("状态")],
                [
                    [
                        r.step_label,
                        r.limit_text,
                        r.started_on.isoformat(),
                        r.due_on.isoformat() + r.provisional_mark,
                        r.status_label,
                    ]
                    for r in d.deadlines
                ],
                "deadlinesTable",
            ),
            self.tr("时限"),
        )
        self.tabs.addTab(
            _table(
                [self.tr("时间"), self.tr("操作人"), self.tr("事项")],
                [[e.at.astimezone().strftime("%Y-%m-%d %H:%M"), e.actor_login, e.text] for e in d.timeline],
                "timelineTable",
            ),
            self.tr("办理记录"),
        )
        self.tabs.addTab(
            _table([self.tr("缺少的材料")], [[m.description] for m in d.materials], "materialsTable"),
            self.tr("补正材料"),
        )
        self._add_data_checks_tab(d)

    def _add_data_checks_tab(self, d: CaseDetail) -> None:
        """信息核对: reports, anomalies to settle before the decision, and the request (ui/panels/case_data_checks)."""
        actions = {a for a, _ in d.actions}
        checks = CaseDataChecksTab(
            self._user,
            d.id,
            can_request=Action.REQUEST_DATA_CHECK in actions,
            can_record=Action.RECORD_DATA_CHECK in actions,
        )
        checks.changed.connect(self._on_data_checks_changed)
        self.data_checks = checks
        index = self.tabs.addTab(checks, self.tr("信息核对"))

        def title(open_count: int) -> None:
            text = self.tr("信息核对")
            if open_count:
                text += self.tr("（%1 项异常待处理）").replace("%1", str(open_count))
            self.tabs.setTabText(index, text)

        checks.open_anomalies_changed.connect(title)

    def _on_data_checks_changed(self, case_id: str) -> None:
        self.changed.emit(case_id)
        self.reload()

    def open_assign_dialog(self) -> QDialog:
        from ui.dialogs.assign_dialog import AssignDialog

        dialog = AssignDialog(self._user, self.case_id, self)
        dialog.changed.connect(lambda _: self.reload())
        dialog.changed.connect(self.changed)
        dialog.open()
        return dialog

    def _print_button(self, d: CaseDetail) -> QToolButton:
        """Documents this case can have now; the service still checks each one before printing."""
        kinds = [DocumentKind.INVESTIGATION, DocumentKind.NEIGHBOUR, DocumentKind.ASSESSMENT]
        if d.near_relative:
            kinds.append(DocumentKind.NEAR_RELATIVE)
        if d.state in (CaseState.DENIED, CaseState.DENIAL_NOTIFIED):
            kinds.insert(0, DocumentKind.DENIAL)
        if d.state in (CaseState.TERMINATED,):
            kinds.insert(0, DocumentKind.CHANGE)
        button = QToolButton()
        button.setObjectName("printMenu")
        button.setText(self.tr("打印…"))
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        if d.state in (CaseState.APPROVED, CaseState.ACTIVE):
            menu.addAction(
                DOCUMENT_TITLES[DocumentKind.CERTIFICATE], lambda: self._printing().issue_certificate(d.id)
            )
            menu.addAction(self.tr("补打最低生活保障证"), lambda: self._printing().reprint_certificate(d.id))
        for kind in kinds:
            menu.addAction(DOCUMENT_TITLES[kind], lambda k=kind: self._printing().preview(k, d.id))
        button.setMenu(menu)
        return button

    def _printing(self) -> CasePrinting:
        from ui.printing.case_actions import CasePrinting  # reportlab and the fonts load with the first print

        if self._print is None:
            self._print = CasePrinting(self, self._user)
            self._print.failed.connect(lambda text: show_error(self, AppError(text)))
            self._print.notice.connect(lambda text: show_error(self, AppError(text)))
        return self._print

    def _members_tab(self, d: CaseDetail) -> QWidget:
        table = _table(
            [self.tr("姓名"), self.tr("与户主关系"), self.tr("身份证号"), self.tr("共同生活")],
            [
                [m.name, m.relation, m.id_masked, self.tr("是") if m.coresident else self.tr("否")]
                for m in d.members
            ],
            "membersTable",
        )
        self.members_table = table
        reveal = QPushButton(self.tr("显示选中成员的完整身份证号…"))
        reveal.setObjectName("revealId")
        reveal.setEnabled(Permission.REVEAL_ID_NUMBER in PERMISSIONS[self._user.actor.role])
        reveal.setToolTip(self.tr("需要再次输入密码，并记入审计日志"))
        reveal.clicked.connect(self._on_reveal_clicked)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(table)
        layout.addWidget(reveal)
        return box

    def _on_reveal_clicked(self) -> None:
        if self.detail is None:
            return
        row = self.members_table.currentIndex().row()
        if row < 0:
            show_error(self, AppError("请先在表中选中一位成员。"))
            return
        member = self.detail.members[row]
        password, ok = QInputDialog.getText(
            self, self.tr("确认身份"), self.tr("请再次输入您的密码："), QLineEdit.EchoMode.Password
        )
        if ok and password:
            self.reveal(member.person_id, password)

    def reveal(self, person_id: str, password: str) -> None:
        """Step-up (password) on the worker, then the audited read; the number is shown, never copied."""
        user = self._user
        store, actor = user.store, user.actor

        def work(session: Session) -> str:
            accounts.confirm_identity(store, password)
            return reveal_id_number(
                session, actor, person_id=person_id, purpose="案件详情查看", clock=user.clock
            )

        def shown(number: str) -> None:
            self.revealed = number
            box = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("完整身份证号"),
                number,
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            box.open()

        user.write(work, shown, lambda exc: show_error(self, exc))

    def _on_action_clicked(self, action: Action) -> None:
        # The data check goes through its own services, so the county's worklist and the report record follow.
        if action is Action.REQUEST_DATA_CHECK and self.data_checks is not None:
            self.data_checks.request_check()
            return
        if action is Action.RECORD_DATA_CHECK and self.data_checks is not None:
            self.data_checks.open_report()
            return
        user, case_id = self._user, self.case_id
        actor = user.actor

        def work(session: Session) -> object:
            return apply_action(
                session,
                actor,
                case_id,
                action,
                clock=user.clock,
                calendar=user.calendar(session),
                rules=user.rules,
            )

        def done(_: object) -> None:
            self.changed.emit(case_id)
            self.reload()

        user.write(work, done, lambda exc: show_error(self, exc))
