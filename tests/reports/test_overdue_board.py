"""The printed overdue board (督办表): title, scope, the counts and the items, masked ID numbers, page numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.services.supervision.board import BoardItem, BoardLine, BoardReport, Counts, OverdueBoard
from app.workflow.deadlines import Step
from reports import overdue_board
from reports.fonts import FontSet
from tests.reports.pdfcheck import flat


def _item(n: int, status: str, label: str, left: int) -> BoardItem:
    return BoardItem(
        kind="CASE_DEADLINE",
        item_id=f"d{n}",
        case_id=f"c{n}",
        warning_id=None,
        township_code="360222900",
        township_name="示例镇",
        step=Step.INVESTIGATION,
        step_label="入户调查",
        head_name=f"样例户主{n}",
        head_id_masked=f"**************{1230 + n}",
        started_on=date(2026, 9, 1),
        due_on=date(2026, 9, 15),
        status=status,
        status_label=label,
        working_days_left=left,
        provisional=False,
    )


def test_board_pdf_has_title_scope_counts_and_masked_items(fonts: FontSet) -> None:
    counts = Counts(open=5, due_soon=1, overdue=2)
    board = OverdueBoard(
        today=date(2026, 9, 18),
        scope_township=None,
        scope_label="全县",
        due_soon_working_days=3,
        cells=(),
        by_township=(BoardLine("360222900", "示例镇（样例数据）", counts),),
        by_step=(BoardLine("investigation", "入户调查", counts),),
        total=counts,
    )
    report = BoardReport(
        title="低保办理期限督办表",
        generated_at=datetime(2026, 9, 18, 2, 0, tzinfo=UTC),
        generated_by="xianji",
        board=board,
        items=(_item(1, "OVERDUE", "已逾期", -3), _item(2, "DUE_SOON", "即将到期", 1)),
    )
    text = flat(overdue_board.render(report, fonts=fonts))
    assert "低保办理期限督办表" in text and "全县" in text
    assert "合计：未办结5项，即将到期1项，已逾期2项" in text
    assert "样例户主1**************1231" in text and "已逾期（超3个" in text  # the status may wrap
    assert "样例户主2**************12322026-09-15即将到期" in text
