"""打印设置: what printed documents need that the case data does not hold (发文机关, 复议机关, 法院, the two telephone
numbers a 公示 sheet must show, 发放方式, the font folder, the certificate-number reminder).

The dialog only collects input and emits ``submitted``; the maintenance panel saves it through
``app.services.printing.save_print_settings`` on the database thread and closes the dialog when the service accepts.
A refusal is shown over the dialog, which keeps everything typed. A settings file that cannot be read opens with the
defaults, says why, and is replaced only after the administrator confirms.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.printing import (
    NAME_MAX,
    PAYMENT_MAX,
    PHONE_MAX,
    SERIAL_LOW_MAX,
    PrintSettings,
    PrintSettingsFile,
)

RED = "#b3261e"


@dataclass(frozen=True, slots=True)
class PrintSettingsInput:
    settings: PrintSettings
    replace_malformed: bool  # the administrator confirmed replacing a file that could not be read


class PrintSettingsDialog(QDialog):
    submitted = Signal(object)  # PrintSettingsInput

    def __init__(self, found: PrintSettingsFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.found = found
        self._replace_confirmed = False
        self.setObjectName("printSettingsDialog")
        self.setWindowTitle(self.tr("打印设置"))
        self.setMinimumWidth(560)
        # Replaced in tests: (title, start folder) -> the chosen folder, and the question before replacing a bad file.
        self.choose_folder: Callable[[str, str], Path | None] = self._ask_for_folder
        self.confirm_replace: Callable[[], bool] = self._ask_to_replace

        about = QLabel(
            self.tr("这些内容印在公示、告知书和最低生活保障证上，本机所有账号共用。保存在：%1").replace(
                "%1", str(found.path)
            )
        )
        about.setObjectName("printSettingsAbout")
        about.setWordWrap(True)
        self.malformed = QLabel()
        self.malformed.setObjectName("printSettingsMalformed")
        self.malformed.setWordWrap(True)
        self.malformed.setStyleSheet(f"color: {RED}")
        if found.problem:
            self.malformed.setText(
                found.problem
                + "\n"
                + self.tr("下面显示的是默认值。保存时会先请您确认用新的设置替换这个文件。")
            )
        self.malformed.setVisible(bool(found.problem))

        s = found.settings
        self.issuer = self._line("printIssuer", s.issuer, NAME_MAX)
        self.review_body = self._line("printReviewBody", s.review_body, NAME_MAX)
        self.court = self._line("printCourt", s.court, NAME_MAX)
        self.township_phone = self._line("printTownshipPhone", s.township_phone, PHONE_MAX)
        self.county_hotline = self._line("printCountyHotline", s.county_hotline, PHONE_MAX)
        self.payment_method = self._line("printPaymentMethod", s.payment_method, PAYMENT_MAX)
        self.font_dir = self._line("printFontDir", s.font_dir, 0)
        self.issuer.setPlaceholderText(self.tr("{县}{乡镇}人民政府"))
        self.review_body.setPlaceholderText(self.tr("{县}人民政府"))
        self.court.setPlaceholderText(self.tr("{县}人民法院"))
        self.township_phone.setPlaceholderText(self.tr("例如 0798-1234567"))
        self.county_hotline.setPlaceholderText(self.tr("例如 0798-1234567"))
        self.payment_method.setPlaceholderText(self.tr("社会化发放"))
        self.font_dir.setPlaceholderText(self.tr("自动查找系统字体"))
        self.serial_low_count = QSpinBox()
        self.serial_low_count.setObjectName("printSerialLowCount")
        self.serial_low_count.setRange(0, SERIAL_LOW_MAX)
        self.serial_low_count.setValue(min(max(s.serial_low_count, 0), SERIAL_LOW_MAX))
        self.serial_low_count.setSuffix(self.tr(" 个"))
        self.font_button = QPushButton(self.tr("选择…"))
        self.font_button.setObjectName("printFontDirChoose")
        self.font_button.clicked.connect(lambda _=False: self.pick_font_dir())
        font_row = QHBoxLayout()
        font_row.setContentsMargins(0, 0, 0, 0)
        font_row.addWidget(self.font_dir, 1)
        font_row.addWidget(self.font_button)
        font_box = QWidget()
        font_box.setLayout(font_row)

        phone_hint = self.tr(
            "公示必须印有此号码，未填写时公示不能打印。只能用数字、短横线、空格和括号，7–20 个字符。"
        )
        # The labels are the names the service's messages use (app.services.printing.SETTING_LABELS).
        self.form = QFormLayout()
        self._row(
            self.tr("发文机关"),
            self.issuer,
            self.tr("留空时按行政区划印“{县}{乡镇}人民政府”（街道印“…办事处”）。"),
        )
        self._row(
            self.tr("行政复议机关"), self.review_body, self.tr("告知书上的复议机关。留空时印“{县}人民政府”。")
        )
        self._row(self.tr("人民法院"), self.court, self.tr("告知书上的起诉法院。留空时印“{县}人民法院”。"))
        self._row(self.tr("乡镇（街道）监督电话"), self.township_phone, phone_hint)
        self._row(self.tr("县级民政部门监督举报电话"), self.county_hotline, phone_hint)
        self._row(
            self.tr("发放方式"), self.payment_method, self.tr("低保证上的发放方式。留空时印“社会化发放”。")
        )
        self._row(
            self.tr("字体目录"),
            font_box,
            self.tr("装有仿宋、宋体等中文字体的文件夹。留空时自动查找本机的系统字体。"),
        )
        self._row(
            self.tr("证号余量提醒"),
            self.serial_low_count,
            self.tr("本乡镇（街道）剩余的低保证编号不多于这个数时，打印低保证会提醒申领新号段。"),
        )

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.ok.setObjectName("printSettingsSave")
        self.ok.setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.malformed)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def _line(self, name: str, value: str, limit: int) -> QLineEdit:
        edit = QLineEdit(value)
        edit.setObjectName(name)
        if (
            limit
        ):  # a little room over the limit, so a pasted text is refused with its length, not cut silently
            edit.setMaxLength(limit + 20)
        return edit

    def _row(self, label: str, field: QWidget, hint: str) -> None:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        note = QLabel(hint)
        note.setProperty("role", "hint")
        note.setWordWrap(True)
        column.addWidget(note)
        self.form.addRow(label, box)

    # ------------------------------------------------------------------------------------------------ input

    def settings(self) -> PrintSettings:
        """What is typed, over the file's other settings (legal bases and appeal periods stay as they were)."""
        return replace(
            self.found.settings,
            issuer=self.issuer.text(),
            review_body=self.review_body.text(),
            court=self.court.text(),
            township_phone=self.township_phone.text(),
            county_hotline=self.county_hotline.text(),
            payment_method=self.payment_method.text(),
            font_dir=self.font_dir.text(),
            serial_low_count=self.serial_low_count.value(),
        )

    def pick_font_dir(self) -> None:
        folder = self.choose_folder(self.tr("选择字体文件夹"), self.font_dir.text())
        if folder is not None:
            self.font_dir.setText(str(folder))

    def submit(self) -> None:
        if self.found.problem and not self._replace_confirmed:
            if not self.confirm_replace():
                return
            self._replace_confirmed = True
        self.set_busy(True)
        self.submitted.emit(PrintSettingsInput(self.settings(), replace_malformed=bool(self.found.problem)))

    def set_busy(self, busy: bool) -> None:
        self.ok.setEnabled(not busy)
        self.ok.setText(self.tr("正在保存…") if busy else self.tr("保存"))

    # ------------------------------------------------------------------------------------------------ asking

    def _ask_for_folder(self, title: str, start: str) -> Path | None:
        name = QFileDialog.getExistingDirectory(self, title, start)
        return Path(name) if name else None

    def _ask_to_replace(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("替换打印设置文件"),
            self.tr(
                "现有的打印设置文件无法读取，保存会用现在填写的设置替换它，原文件的内容不再保留。确定替换吗？"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
