"""Administrator: encrypted backup and restore, store check, importing reference data (the State Council holiday
notice, administrative divisions, 保障标准), and the print settings (打印设置: issuer, telephone numbers, fonts).

Every operation runs on the database worker; the panel only collects a file name (and, for restore, the password typed
again) and shows the Chinese result, including a bad file's problems row by row. The services do the checking and the
auditing, the same ones the command line calls.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.db.backup import BackupInfo, RestoreResult, backup, restore_replacing
from app.domain.errors import AppError
from app.services.calendar_admin import CalendarImportReport, calendar_file_kind, import_calendar_year
from app.services.printing import (
    SETTING_LABELS,
    SETTINGS_FILE,
    PrintSettingsFile,
    SavedPrintSettings,
    read_print_settings_file,
    save_print_settings,
)
from app.services.reference import (
    StandardsImportReport,
    import_divisions,
    import_standards,
    with_imported_standards,
)
from app.services.store_admin import StoreReport, check_store
from app.workflow.rules import default_rule_book
from ui.dialogs.print_settings_dialog import PrintSettingsDialog, PrintSettingsInput
from ui.dialogs.restore_dialog import RestoreDialog
from ui.errors import message_for, show_error
from ui.session import UserSession

# (title, name filter) -> the chosen file, or None; replaced in tests.
FileChooser = Callable[[str, str], Path | None]


def read_import_file(path: Path) -> bytes:
    """Runs on the worker: a file that cannot be read is explained, never a traceback."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AppError(f"无法读取文件 {path.name}：{exc.strerror or type(exc).__name__}") from None


def import_text(path: Path) -> str:
    try:
        return read_import_file(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AppError(f"{path.name} 不是 UTF-8 编码的文本文件，请另存为 UTF-8 后再导入。") from None


class MaintenancePanel(QWidget):
    finished = Signal(str)
    # The store on disk was replaced by a restore: everyone must log in again. Also relayed to the main window's
    # ``lock_requested`` (the controller locks on it).
    lock_requested = Signal()
    # The 打印设置 dialog (PrintSettingsDialog), once the file was read and the dialog is shown.
    print_settings_opened = Signal(object)

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        self.status = QLabel()
        self.status.setObjectName("maintenanceStatus")
        self.status.setWordWrap(True)
        self.backup_button = self._button(self.tr("加密备份到文件…"), "backupButton", self._on_backup_clicked)
        self.check_button = self._button(self.tr("检查数据库"), "checkButton", self.run_check)
        self.restore_button = self._button(
            self.tr("从备份恢复（替换本机数据库）…"), "restoreButton", self._on_restore_clicked
        )
        self.calendar_button = self._button(
            self.tr("导入国务院放假通知（JSON 或 CSV）…"), "calendarButton", self._on_calendar_clicked
        )
        self.divisions_button = self._button(
            self.tr("导入行政区划（JSON）…"), "divisionsButton", self._on_divisions_clicked
        )
        self.standards_button = self._button(
            self.tr("导入保障标准（JSON）…"), "standardsButton", self._on_standards_clicked
        )
        self.print_settings_button = self._button(
            self.tr("打印设置…"), "printSettingsButton", self.open_print_settings
        )
        self.print_settings_dialog: PrintSettingsDialog | None = None
        self.choose_file: FileChooser = self._ask_for_file
        self.ask_restore_password: Callable[[Path], str | None] = lambda path: RestoreDialog.ask(
            path, user.actor.login, self
        )

        store_box = QGroupBox(self.tr("数据库"))
        box = QVBoxLayout(store_box)
        for button in (self.backup_button, self.check_button, self.restore_button):
            box.addWidget(button)
        reference_box = QGroupBox(self.tr("基础数据"))
        rbox = QVBoxLayout(reference_box)
        for button in (self.calendar_button, self.divisions_button, self.standards_button):
            rbox.addWidget(button)
        hint = QLabel(self.tr("导入的文件有任何一行出错时，整个文件都不导入，并逐行列出问题。"))
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        rbox.addWidget(hint)
        print_box = QGroupBox(self.tr("打印"))
        pbox = QVBoxLayout(print_box)
        pbox.addWidget(self.print_settings_button)
        print_hint = QLabel(
            self.tr(
                "发文机关、复议机关、法院、公示上的两个监督电话、发放方式和字体，本机所有账号打印时共用。"
            )
        )
        print_hint.setProperty("role", "hint")
        print_hint.setWordWrap(True)
        pbox.addWidget(print_hint)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.status)
        layout = QVBoxLayout(self)
        layout.addWidget(store_box)
        layout.addWidget(reference_box)
        layout.addWidget(print_box)
        layout.addWidget(scroll, 1)

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _=False: slot())
        return button

    @property
    def buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.backup_button,
            self.check_button,
            self.restore_button,
            self.calendar_button,
            self.divisions_button,
            self.standards_button,
            self.print_settings_button,
        )

    @property
    def is_busy(self) -> bool:
        return not self.backup_button.isEnabled()

    def _start(self, text: str) -> None:
        """One operation at a time; the window stays responsive while the worker runs it."""
        for button in self.buttons:
            button.setEnabled(False)
        self.status.setText(text)

    def _report(self, text: str) -> None:
        for button in self.buttons:
            button.setEnabled(True)
        self.status.setText(text)
        self.finished.emit(text)

    def _failed(self, prefix: str) -> Callable[[BaseException], None]:
        return lambda exc: self._report(prefix + message_for(exc)[1])

    def _ask_for_file(self, title: str, name_filter: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self, title, "", name_filter)
        return Path(name) if name else None

    # ------------------------------------------------------------------------------------------ backup and check

    def _on_backup_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存加密备份"), "", self.tr("低保备份 (*.dibak)")
        )
        if name:
            self.backup_to(Path(name))

    def backup_to(self, target: Path) -> None:
        store, clock = self._user.store, self._user.clock
        self._start(self.tr("正在备份…"))
        self._user.db.submit(
            lambda: backup(store, target, created_at=clock.now()),
            self._on_backed_up,
            self._failed(self.tr("未能备份：")),
        )

    def _on_backed_up(self, info: BackupInfo) -> None:
        from app.db import audit

        user = self._user
        user.write(
            lambda s: audit.append(
                s, user.actor, "store.backup", at=user.clock.now(), details={"size": info.size}
            ),
            lambda _: None,
        )
        self._report(
            self.tr("已加密备份到 %1（%2 KB）。")
            .replace("%1", str(info.path))
            .replace("%2", str(info.size // 1024))
        )

    def run_check(self) -> None:
        store = self._user.store
        self._start(self.tr("正在检查数据库…"))
        self._user.db.submit(lambda: check_store(store), self._on_checked, self._failed(""))

    def _on_checked(self, report: StoreReport) -> None:
        lines = [
            ("✓ " if i.ok else "✗ ") + i.name + (f"：{i.detail}" if i.detail else "") for i in report.items
        ]
        verdict = (
            self.tr("数据库检查通过。")
            if report.ok
            else self.tr("数据库有问题，请停止录入，用“从备份恢复”恢复最近的备份。")
        )
        self._report("\n".join([*lines, verdict]))

    # ------------------------------------------------------------------------------------------------ restore

    def _on_restore_clicked(self) -> None:
        path = self.choose_file(self.tr("选择备份文件"), self.tr("低保备份 (*.dibak);;所有文件 (*)"))
        if path is None:
            return
        password = self.ask_restore_password(path)
        if password:
            self.restore_from(path, password)

    def restore_from(self, path: Path, password: str) -> None:
        """Replace this laptop's store with the backup (after the password step-up), then lock for a new login."""
        store, clock = self._user.store, self._user.clock
        self._start(self.tr("正在核对密码并恢复，请稍候…"))

        def failed(exc: BaseException) -> None:
            self._report(self.tr("未恢复，本机数据库没有改变：") + message_for(exc)[1])
            if not store.is_open:  # closed just before a failed swap: nobody may go on with it
                self._request_lock()

        self._user.db.submit(
            lambda: restore_replacing(store, path, password=password, now=clock.now()),
            self._on_restored,
            failed,
        )

    def _on_restored(self, result: RestoreResult) -> None:
        self._report(
            self.tr("已从备份恢复数据库。被替换的数据库已改名保留在 %1。程序现在锁定，请重新登录。").replace(
                "%1", str(result.kept)
            )
        )
        self._request_lock()

    def _request_lock(self) -> None:
        self.lock_requested.emit()
        window = self.window()
        relay = getattr(window, "lock_requested", None) if window is not self else None
        if relay is not None:
            relay.emit()

    # ------------------------------------------------------------------------------------------ reference data

    def _on_calendar_clicked(self) -> None:
        path = self.choose_file(self.tr("选择放假通知文件"), self.tr("日历文件 (*.json *.csv)"))
        if path is not None:
            self.import_calendar(path)

    def import_calendar(self, path: Path) -> None:
        user = self._user
        actor = user.actor

        def work(session: Session) -> CalendarImportReport:
            kind = calendar_file_kind(path.name)
            data = read_import_file(path)
            return import_calendar_year(session, actor, data, kind, user.clock, rules=user.rules)

        def done(report: CalendarImportReport) -> None:
            user.forget_calendar()  # every view recomputes on the new official year
            self._report(
                self.tr("已导入 %1 年工作日历，重算 %2 项时限，其中 %3 项到期日改变。")
                .replace("%1", str(report.year))
                .replace("%2", str(report.checked))
                .replace("%3", str(len(report.moved)))
            )

        self._start(self.tr("正在导入工作日历…"))
        user.write(work, done, self._failed(self.tr("未导入：")))

    def _on_divisions_clicked(self) -> None:
        path = self.choose_file(self.tr("选择行政区划文件"), self.tr("区划文件 (*.json)"))
        if path is not None:
            self.import_divisions(path)

    def import_divisions(self, path: Path) -> None:
        user = self._user
        actor = user.actor

        def work(session: Session) -> int:
            return import_divisions(session, actor, import_text(path), clock=user.clock)

        def done(count: int) -> None:
            self._report(
                self.tr("已导入行政区划 %1 条（%2）。").replace("%1", str(count)).replace("%2", path.name)
            )

        self._start(self.tr("正在导入行政区划…"))
        user.write(work, done, self._failed(self.tr("未导入：")))

    def _on_standards_clicked(self) -> None:
        path = self.choose_file(self.tr("选择保障标准文件"), self.tr("标准文件 (*.json)"))
        if path is not None:
            self.import_standards(path)

    def import_standards(self, path: Path) -> None:
        user = self._user
        actor = user.actor

        def work(session: Session) -> StandardsImportReport:
            text = import_text(path)
            return import_standards(session, actor, text, clock=user.clock, base=default_rule_book())

        def done(report: StandardsImportReport) -> None:
            user.rules = with_imported_standards(user.rules, report.held)
            self._report(
                self.tr(
                    "已导入保障标准 %1 条，其中 %2 条替换了内置的同日生效标准；本机共有导入的标准 %3 条。"
                )
                .replace("%1", str(report.imported))
                .replace("%2", str(report.replaced_bundled))
                .replace("%3", str(len(report.held)))
            )

        self._start(self.tr("正在导入保障标准…"))
        user.write(work, done, self._failed(self.tr("未导入：")))

    # ------------------------------------------------------------------------------------------ print settings

    @property
    def print_settings_path(self) -> Path:
        return self._user.store.paths.root / SETTINGS_FILE

    def open_print_settings(self) -> None:
        """Read the settings file on the worker, then open the dialog with what it holds (the defaults, with the
        reason, when the file cannot be read)."""
        path = self.print_settings_path
        self._start(self.tr("正在读取打印设置…"))
        self._user.db.submit(
            lambda: read_print_settings_file(path),
            self._show_print_settings,
            self._failed(self.tr("未能读取打印设置：")),
        )

    def _show_print_settings(self, found: PrintSettingsFile) -> None:
        self._report(
            self.tr("打印设置文件有误，已按默认值打开；保存前会请您确认替换：") + found.problem
            if found.problem
            else self.tr("请在对话框中修改打印设置。")
        )
        if self.print_settings_dialog is not None:
            self.print_settings_dialog.close()
        dialog = PrintSettingsDialog(found, self)
        self.print_settings_dialog = dialog

        def finished(_: int) -> None:
            if self.print_settings_dialog is dialog:
                self.print_settings_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.submitted.connect(lambda value: self.apply_print_settings(value, dialog))
        dialog.open()
        self.print_settings_opened.emit(dialog)

    def apply_print_settings(
        self, value: PrintSettingsInput, dialog: PrintSettingsDialog | None = None
    ) -> None:
        """Save through the service on the database thread; the dialog closes only when the service accepts."""
        user, path = self._user, self.print_settings_path
        actor = user.actor

        def work(session: Session) -> SavedPrintSettings:
            return save_print_settings(
                session,
                actor,
                path,
                value.settings,
                clock=user.clock,
                replace_malformed=value.replace_malformed,
            )

        def done(saved: SavedPrintSettings) -> None:
            if dialog is not None:
                dialog.accept()
            if not saved.written:
                self._report(self.tr("打印设置没有改动，文件未改写。"))
                return
            self._report(
                self.tr("打印设置已保存到 %1。改动：%2。")
                .replace("%1", str(path))
                .replace("%2", "、".join(SETTING_LABELS[key] for key in saved.changed) or self.tr("无"))
            )

        def failed(exc: BaseException) -> None:
            if dialog is not None and dialog.isVisible():
                dialog.set_busy(False)
                show_error(dialog, exc)
            else:
                self._report(self.tr("未保存打印设置：") + message_for(exc)[1])

        user.write(work, done, failed)
