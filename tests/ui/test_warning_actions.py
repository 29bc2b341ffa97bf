"""Acting on warnings (预警) from the panels: the county imports (row-by-row report), assigns, answers data-view
requests and closes; township staff record the home verification and ask for a data view; refusals in Chinese."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.db.store import unlock
from app.domain.clock import FixedClock
from app.domain.idnumber import check_digit
from app.domain.synthetic import SyntheticGenerator
from app.services.demo import DEMO_TOWNSHIP
from app.services.supervision.warnings import Disposition, WarningRow, list_warnings
from tests.ui.conftest import ROLE_PASSWORD
from ui.dialogs.warning_dialogs import (
    AssignWarningDialog,
    CloseWarningDialog,
    DataViewAnswerDialog,
    DataViewRequestDialog,
    VerifyWarningDialog,
    WarningActionDialog,
)
from ui.panels.tables import RED
from ui.panels.warnings_panels import TownshipWarningsPanel, WarningsPanel, WarningsView
from ui.session import UserSession
from ui.tasks import Executor

OTHER_TOWNSHIP = "360203900"  # 示例街道（样例数据）
HEADER = "预警单号,姓名,身份证号,预警来源,预警类型,推送日期,乡镇代码,预警内容,平台内部字段"
WAIT = 20000
D = TypeVar("D", bound=QWidget)


def people(n: int) -> list[tuple[str, str]]:
    """Made-up names with checksum-valid fake ID numbers (a seed the demo households do not use)."""
    gen = SyntheticGenerator(8801, today=date(2026, 9, 18))
    return [(p.name, p.id_number) for p in (gen.person() for _ in range(n))]


def bad_checksum(number: str) -> str:
    return number[:17] + ("0" if check_digit(number[:17]) != "0" else "1")


def write_csv(path: Path, *lines: str) -> Path:
    path.write_bytes(("\n".join([HEADER, *lines]) + "\n").encode("utf-8-sig"))
    return path


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


def loaded(qtbot: QtBot, panel: WarningsView, action: Callable[[], object] = lambda: None) -> None:
    with qtbot.waitSignal(panel.loaded, timeout=WAIT):
        action()


def county_panel(qtbot: QtBot, user: UserSession) -> WarningsPanel:
    panel = WarningsPanel(user)
    qtbot.addWidget(panel)
    loaded(qtbot, panel)
    return panel


def township_panel(qtbot: QtBot, user: UserSession) -> TownshipWarningsPanel:
    panel = TownshipWarningsPanel(user)
    qtbot.addWidget(panel)
    loaded(qtbot, panel)
    return panel


def import_ok(qtbot: QtBot, panel: WarningsPanel, path: Path) -> None:
    with qtbot.waitSignals([panel.imported, panel.loaded], timeout=WAIT):
        panel.import_file(path)


def select(panel: WarningsView, external_no: str) -> WarningRow:
    row = next(w for w in panel.rows if w.external_no == external_no)
    assert panel.select_warning(row.id)
    assert panel.selected() == row
    return row


def shown(panel: WarningsView) -> list[str]:
    return [w.external_no for w in panel.rows]


def dialog_of(qtbot: QtBot, panel: WarningsView, kind: type[D]) -> D:
    qtbot.waitUntil(lambda: isinstance(panel.dialog, kind) and panel.dialog.isVisible(), timeout=WAIT)
    assert isinstance(panel.dialog, kind)
    return panel.dialog


def submit_ok(qtbot: QtBot, panel: WarningsView, dialog: WarningActionDialog) -> WarningRow:
    with qtbot.waitSignal(panel.acted, timeout=WAIT) as acted, qtbot.waitSignal(panel.loaded, timeout=WAIT):
        dialog.ok.click()
    row = acted.args[0] if acted.args else None
    assert isinstance(row, WarningRow)
    assert panel.dialog is None  # accepted and gone
    return row


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


# --------------------------------------------------------------------------------------------------- tests


def test_county_imports_a_file_and_sees_the_row_by_row_report(
    qtbot: QtBot, open_as: Callable[[str], UserSession], tmp_path: Path
) -> None:
    panel = county_panel(qtbot, open_as("county_reviewer"))
    assert panel.rows == ()  # the demo store has no warnings yet
    (n1, a), (n2, b), (n3, c) = people(3)
    path = write_csv(
        tmp_path / "yujing.csv",
        f"YJ-T01,{n1},{a},医保局,高额医疗支出,2026-09-18,{DEMO_TOWNSHIP},住院自付超过 3 万元,x",
        f"YJ-T02,{n2},{bad_checksum(b)},人社,失业,2026-09-18,{DEMO_TOWNSHIP},,x",
        f"YJ-T03,{n3},{c},车管所,资产新增,2026-08-03,,新增小型汽车,x",
    )
    import_ok(qtbot, panel, path)

    report = panel.report_dialog
    assert report is not None and report.isVisible()
    assert "共 3 行，导入 2 行，未导入 1 行" in report.summary.text()
    assert "无法识别的列（已忽略）：平台内部字段" in report.notes.text()
    assert "1 条预警无法确定乡镇（街道）" in report.notes.text()
    rows = report.row_texts()
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("2", "YJ-T01", "已导入"),
        ("3", "YJ-T02", "未导入"),
        ("4", "YJ-T03", "已导入"),
    ]
    assert rows[0][3] == "核查期限 2026-10-22"  # 20 working days over 中秋 and 国庆
    assert "校验码" in rows[1][3]
    assert "待分派乡镇" in rows[2][3]
    everything = "".join("".join(r) for r in rows) + report.summary.text() + report.notes.text()
    assert a not in everything and bad_checksum(b) not in everything  # never a full ID number
    assert "导入 2 条预警，未导入 1 行" in panel.message.text()

    # The list: both imported, the one returned in August is past its 20 working days and shown in red.
    assert sorted(shown(panel)) == ["YJ-T01", "YJ-T03"]
    late = next(n for n, w in enumerate(panel.rows) if w.external_no == "YJ-T03")
    assert panel.rows[late].time_status_label == "已逾期"
    assert panel.model.item(late, 7).foreground().color() == RED
    on_time = 1 - late
    assert panel.model.item(on_time, 7).foreground().color() != RED
    assert panel.model.item(late, 4).text() == "（未分派）"
    assert "其中已逾期 1 条" in panel.summary.text()
    select(panel, "YJ-T03")
    assert "已超过核查期限 14 个工作日" in panel.detail.text() and "新增小型汽车" in panel.detail.text()
    # Filters: overdue only, unassigned only, one township.
    loaded(qtbot, panel, lambda: panel.time_filter.setCurrentIndex(panel.time_filter.findData("OVERDUE")))
    assert shown(panel) == ["YJ-T03"]
    loaded(qtbot, panel, lambda: panel.time_filter.setCurrentIndex(0))
    loaded(
        qtbot,
        panel,
        lambda: panel.township_filter.setCurrentIndex(panel.township_filter.findData("UNASSIGNED")),
    )
    assert shown(panel) == ["YJ-T03"]
    loaded(
        qtbot,
        panel,
        lambda: panel.township_filter.setCurrentIndex(panel.township_filter.findData(DEMO_TOWNSHIP)),
    )
    assert shown(panel) == ["YJ-T01"]
    loaded(
        qtbot,
        panel,
        lambda: panel.township_filter.setCurrentIndex(panel.township_filter.findData(OTHER_TOWNSHIP)),
    )
    assert shown(panel) == []


def test_assign_verify_and_close_between_county_and_township(
    qtbot: QtBot, open_as: Callable[[str], UserSession], tmp_path: Path
) -> None:
    county_user = open_as("county_reviewer")
    county = county_panel(qtbot, county_user)
    ((name, number),) = people(1)
    import_ok(
        qtbot, county, write_csv(tmp_path / "a.csv", f"YJ-L01,{name},{number},民政,收入增加,2026-09-16,,,")
    )
    assert county.report_dialog is not None
    county.report_dialog.close()

    # County: assign the township and the investigator.
    select(county, "YJ-L01")
    county.assign_button.click()
    assign = dialog_of(qtbot, county, AssignWarningDialog)
    assert assign.township.isEnabled()
    assert assign.person.count() == 1  # no township chosen yet: nobody to name
    assign.choose(township_code=DEMO_TOWNSHIP)
    people_offered = [assign.person.itemText(i) for i in range(assign.person.count())]
    assert "investigator（调查员）" in people_offered and "window_clerk（窗口受理员）" in people_offered
    assert not any("协调员" in p or "管理员" in p or "县级" in p for p in people_offered)
    assign.person.setCurrentIndex(assign.person.findText("investigator（调查员）"))
    row = submit_ok(qtbot, county, assign)
    assert (row.township_code, row.assigned_to_name) == (DEMO_TOWNSHIP, "investigator")
    assert "已分派" in county.message.text()
    assert county.selected() is not None and county.selected().external_no == "YJ-L01"  # type: ignore[union-attr]

    # Township investigator: the warning is on their list; record the home verification.
    inv = township_panel(qtbot, open_as("investigator"))
    assert shown(inv) == ["YJ-L01"]
    assert inv.rows[0].assigned_to_name == "investigator"
    select(inv, "YJ-L01")
    inv.verify_button.click()
    verify = dialog_of(qtbot, inv, VerifyWarningDialog)
    assert [verify.disposition.itemText(i) for i in range(1, verify.disposition.count())] == [
        "维持", "增发", "减发", "停发", "纳入低保", "纳入边缘", "临时救助", "转介",
    ]  # fmt: skip
    verify.findings.setPlainText("入户核实：家庭成员新增稳定工资收入，每月约 3200 元。")
    verify.method.setCurrentIndex(1)
    verify.set_disposition(Disposition.REDUCE)
    verify.note.setText("下月起调整保障金")
    row = submit_ok(qtbot, inv, verify)
    assert row.status == "VERIFIED" and row.home_visited_on == date(2026, 9, 18)
    assert (row.disposition_label, row.verification_method_label) == ("减发", "入户核查＋线上核查")
    assert shown(inv) == []  # the default filter shows what is still to verify
    loaded(qtbot, inv, lambda: inv.status_filter.setCurrentIndex(inv.status_filter.findData("VERIFIED")))
    assert shown(inv) == ["YJ-L01"]

    # County: close it.
    loaded(
        qtbot, county, lambda: county.status_filter.setCurrentIndex(county.status_filter.findData("VERIFIED"))
    )
    select(county, "YJ-L01")
    assert "减发" in county.detail.text() and "稳定工资收入" in county.detail.text()
    county.close_button.click()
    close = dialog_of(qtbot, county, CloseWarningDialog)
    assert "减发" in close.findChild(QWidget, "closeFacts").text()  # type: ignore[union-attr]
    row = submit_ok(qtbot, county, close)
    assert row.status == "CLOSED" and row.closed_on == date(2026, 9, 18)
    assert shown(county) == []
    with county_user.store.reading() as s:
        stored = list_warnings(
            s, county_user.actor, calendar=county_user.calendar(s), rules=county_user.rules,
            today=date(2026, 9, 18), open_only=False,
        )  # fmt: skip
    assert [(w.external_no, w.status_label) for w in stored] == [("YJ-L01", "已办结")]


def test_township_asks_for_a_data_view_and_the_county_answers(
    qtbot: QtBot, open_as: Callable[[str], UserSession], tmp_path: Path
) -> None:
    county = county_panel(qtbot, open_as("county_reviewer"))
    ((name, number),) = people(1)
    import_ok(
        qtbot,
        county,
        write_csv(
            tmp_path / "v.csv", f"YJ-V01,{name},{number},公安,服刑,2026-09-17,{DEMO_TOWNSHIP},判处有期徒刑,"
        ),
    )
    clerk = township_panel(qtbot, open_as("window_clerk"))
    select(clerk, "YJ-V01")
    clerk.request_button.click()
    ask = dialog_of(qtbot, clerk, DataViewRequestDialog)
    ask.reason.setPlainText("服刑起止日期不明，请提供判决书日期")
    row = submit_ok(qtbot, clerk, ask)
    assert row.data_view_label == "已申请点对点查看"
    assert "已申请点对点查看" in clerk.model.item(0, 8).text()
    # Asking twice is refused, in Chinese, over the dialog, which keeps what was typed.
    clerk.request_button.click()
    again = dialog_of(qtbot, clerk, DataViewRequestDialog)
    again.reason.setPlainText("再问一次")
    again.ok.click()
    assert "已经申请过点对点查看" in error_text(qtbot, again)
    assert again.isVisible() and again.ok.isEnabled() and again.reason.toPlainText() == "再问一次"
    again.reject()

    loaded(qtbot, county, county.refresh)
    select(county, "YJ-V01")
    county.answer_button.click()
    answer = dialog_of(qtbot, county, DataViewAnswerDialog)
    assert answer.findChild(QWidget, "dataViewAsked").text() == "服刑起止日期不明，请提供判决书日期"  # type: ignore[union-attr]
    answer.answer.setPlainText("服刑期 2026-06-01 至 2028-05-31")
    row = submit_ok(qtbot, county, answer)
    assert row.data_view_label == "县级已答复" and row.data_view_answer == "服刑期 2026-06-01 至 2028-05-31"


def test_refusals_are_shown_in_chinese_and_lose_nothing(
    qtbot: QtBot, open_as: Callable[[str], UserSession], tmp_path: Path
) -> None:
    county = county_panel(qtbot, open_as("county_reviewer"))
    # Nothing selected.
    county.close_button.click()
    assert county.message.text() == "请先在列表中选中一条预警。" and county.dialog is None
    # A file without a required column is refused whole.
    broken = tmp_path / "broken.csv"
    broken.write_bytes("预警单号,姓名\nYJ-X,张三\n".encode())
    county.import_file(broken)
    text = error_text(qtbot, county)
    assert "缺少必填列" in text and "本文件未导入任何预警" in text
    county.import_file(tmp_path / "missing.csv")
    assert "无法读取文件 missing.csv" in error_text(qtbot, county)
    assert county.report_dialog is None

    (n1, a), (n2, b) = people(2)
    import_ok(
        qtbot,
        county,
        write_csv(
            tmp_path / "r.csv",
            f"YJ-R01,{n1},{a},民政,收入增加,2026-09-16,{DEMO_TOWNSHIP},,",
            f"YJ-R02,{n2},{b},民政,收入增加,2026-09-16,,,",
        ),
    )
    # The county cannot close a warning nobody has verified.
    select(county, "YJ-R01")
    county.close_button.click()
    close = dialog_of(qtbot, county, CloseWarningDialog)
    close.ok.click()
    assert "须先登记入户核查结果和处置意见" in error_text(qtbot, close)
    assert close.isVisible() and close.ok.isEnabled()
    close.reject()
    # Nor assign a warning to nobody.
    select(county, "YJ-R02")
    county.assign_button.click()
    assign = dialog_of(qtbot, county, AssignWarningDialog)
    assign.ok.click()
    assert "请指定乡镇（街道）或核查人员" in error_text(qtbot, assign)
    assign.reject()

    # Township: no disposition chosen is caught in the dialog; empty findings are refused by the service.
    inv = township_panel(qtbot, open_as("investigator"))
    select(inv, "YJ-R01")
    inv.verify_button.click()
    verify = dialog_of(qtbot, inv, VerifyWarningDialog)
    verify.ok.click()
    assert verify.problem.text() == "请选择处置意见。" and verify.ok.isEnabled()
    verify.set_disposition(Disposition.STOP)
    verify.note.setText("已去世")
    verify.ok.click()
    assert "请填写入户核查情况" in error_text(qtbot, verify)
    assert (
        verify.isVisible() and verify.note.text() == "已去世" and verify.disposition.currentText() == "停发"
    )
    verify.reject()
    # Naming the person without one chosen is refused; the township cannot be changed from here.
    inv.assign_button.click()
    pick = dialog_of(qtbot, inv, AssignWarningDialog)
    assert not pick.township.isEnabled() and pick.township.currentData() == DEMO_TOWNSHIP
    pick.ok.click()
    assert "请指定乡镇（街道）或核查人员" in error_text(qtbot, pick)
    pick.reject()

    # The coordinator sees the list but may not verify (the service says so).
    coord = township_panel(qtbot, open_as("coordinator"))
    select(coord, "YJ-R01")
    coord.verify_button.click()
    refused = dialog_of(qtbot, coord, VerifyWarningDialog)
    refused.findings.setPlainText("入户核查")
    refused.set_disposition(Disposition.MAINTAIN)
    refused.ok.click()
    text = error_text(qtbot, refused)
    assert "协调员" in text and "无权" in text
    refused.reject()
    loaded(qtbot, county, county.refresh)
    assert {w.external_no: w.status for w in county.rows} == {"YJ-R01": "OPEN", "YJ-R02": "OPEN"}


def test_a_result_arriving_after_lock_is_dropped(
    qtbot: QtBot, open_as: Callable[[str], UserSession], tmp_path: Path
) -> None:
    user = open_as("county_reviewer")
    county = county_panel(qtbot, user)
    ((name, number),) = people(1)
    county.import_file(
        write_csv(tmp_path / "late.csv", f"YJ-Z01,{name},{number},民政,收入增加,2026-09-16,,,")
    )
    user.db.invalidate()  # the store locks before the result reaches the UI thread
    assert user.db.wait_idle()
    qtbot.wait(200)
    assert county.report_dialog is None and county.message.text() == ""
