"""Administrator: encrypted backup, store check, and importing the State Council holiday notice."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.db.backup import BackupInfo, backup
from app.services.calendar_admin import CalendarFileKind, CalendarImportReport, import_calendar_year
from app.services.store_admin import StoreReport, check_store
from ui.errors import message_for
from ui.session import UserSession


class MaintenancePanel(QWidget):
    finished = Signal(str)

    def __init__(self, user: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user = user
        self.status = QLabel()
        self.status.setObjectName("maintenanceStatus")
        self.status.setWordWrap(True)
        self.backup_button = QPushButton(self.tr("加密备份到文件…"))
        self.backup_button.setObjectName("backupButton")
        self.backup_button.clicked.connect(self._on_backup_clicked)
        self.check_button = QPushButton(self.tr("检查数据库"))
        self.check_button.setObjectName("checkButton")
        self.check_button.clicked.connect(self.run_check)
        self.calendar_button = QPushButton(self.tr("导入国务院放假通知（JSON 或 CSV）…"))
        self.calendar_button.setObjectName("calendarButton")
        self.calendar_button.clicked.connect(self._on_calendar_clicked)
        store_box = QGroupBox(self.tr("数据库"))
        box = QVBoxLayout(store_box)
        box.addWidget(self.backup_button)
        box.addWidget(self.check_button)
        hint = QLabel(
            self.tr("恢复备份请用命令：dibao store restore 备份文件 --store 新目录（不会覆盖现有数据库）")
        )
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        box.addWidget(hint)
        calendar_box = QGroupBox(self.tr("工作日历"))
        cbox = QVBoxLayout(calendar_box)
        cbox.addWidget(self.calendar_button)
        layout = QVBoxLayout(self)
        layout.addWidget(store_box)
        layout.addWidget(calendar_box)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def _report(self, text: str) -> None:
        self.status.setText(text)
        self.finished.emit(text)

    def _on_backup_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存加密备份"), "", self.tr("低保备份 (*.dibak)")
        )
        if name:
            self.backup_to(Path(name))

    def backup_to(self, target: Path) -> None:
        store, clock = self._user.store, self._user.clock
        self._user.db.submit(
            lambda: backup(store, target, created_at=clock.now()),
            self._on_backed_up,
            lambda exc: self._report(message_for(exc)[1]),
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
        self._user.db.submit(
            lambda: check_store(store), self._on_checked, lambda exc: self._report(message_for(exc)[1])
        )

    def _on_checked(self, report: StoreReport) -> None:
        lines = [
            ("✓ " if i.ok else "✗ ") + i.name + (f"：{i.detail}" if i.detail else "") for i in report.items
        ]
        verdict = (
            self.tr("数据库检查通过。")
            if report.ok
            else self.tr("数据库有问题，请停止录入并用最近的备份恢复。")
        )
        self._report("\n".join([*lines, verdict]))

    def _on_calendar_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择放假通知文件"), "", self.tr("日历文件 (*.json *.csv)")
        )
        if name:
            self.import_calendar(Path(name))

    def import_calendar(self, path: Path) -> None:
        user = self._user
        actor = user.actor
        kind = CalendarFileKind.CSV if path.suffix.lower() == ".csv" else CalendarFileKind.JSON
        data = path.read_bytes()

        def work(session: Session) -> CalendarImportReport:
            return import_calendar_year(session, actor, data, kind, user.clock, rules=user.rules)

        def done(report: CalendarImportReport) -> None:
            user.forget_calendar()  # every view recomputes on the new official year
            self._report(
                self.tr("已导入 %1 年工作日历，重算 %2 项时限，其中 %3 项到期日改变。")
                .replace("%1", str(report.year))
                .replace("%2", str(report.checked))
                .replace("%3", str(len(report.moved)))
            )

        user.write(work, done, lambda exc: self._report(message_for(exc)[1]))
