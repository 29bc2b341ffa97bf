"""《低保办理期限督办表》: the overdue board printed (seed 三(三)3) — counts per township and per step, then the
overdue and due-soon items, ID numbers masked. Internal (watermarked).

The read model is ``app.services.supervision.board.BoardReport``; it is described here by protocols so that this
module stays off the database layer (import contract "Reports read models, not the database").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Protocol

from reportlab.platypus import Flowable, Spacer

from reports.fonts import FontSet
from reports.layout import (
    FORM_MARGINS,
    PageSpec,
    SectionStart,
    Styles,
    build_pdf,
    cn_date,
    cn_datetime,
    fonts_or_default,
    frame_width,
    grid_table,
    make_styles,
    para,
    section,
)


class _Counts(Protocol):
    @property
    def open(self) -> int: ...
    @property
    def due_soon(self) -> int: ...
    @property
    def overdue(self) -> int: ...
    @property
    def ended(self) -> int: ...
    @property
    def provisional(self) -> int: ...


class _Line(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def counts(self) -> _Counts: ...


class _Board(Protocol):
    @property
    def today(self) -> date: ...
    @property
    def scope_label(self) -> str: ...
    @property
    def due_soon_working_days(self) -> int: ...
    @property
    def by_township(self) -> Sequence[_Line]: ...
    @property
    def by_step(self) -> Sequence[_Line]: ...
    @property
    def total(self) -> _Counts: ...


class _Item(Protocol):
    @property
    def township_name(self) -> str: ...
    @property
    def step_label(self) -> str: ...
    @property
    def head_name(self) -> str: ...
    @property
    def head_id_masked(self) -> str: ...
    @property
    def due_on(self) -> date: ...
    @property
    def status_label(self) -> str: ...
    @property
    def working_days_left(self) -> int: ...
    @property
    def provisional(self) -> bool: ...


class BoardReportModel(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def generated_at(self) -> datetime: ...
    @property
    def generated_by(self) -> str: ...
    @property
    def board(self) -> _Board: ...
    @property
    def items(self) -> Sequence[_Item]: ...


_COUNT_HEADER = ("未办结", "即将到期", "已逾期", "公示期满\n待处理")


def render(report: BoardReportModel, *, fonts: FontSet | None = None) -> bytes:
    fonts = fonts_or_default(fonts)
    st = make_styles(fonts)
    b = report.board
    spec = PageSpec(
        title=report.title,
        doc_no=b.today.isoformat(),
        internal=True,
        margins=FORM_MARGINS,
        footer_left=f"{b.scope_label}　{cn_date(b.today)}",
    )
    width = frame_width(spec)
    out: list[Flowable] = [SectionStart(), para(report.title, st.title)]
    out.append(
        para(
            f"{b.scope_label}　统计日期：{cn_date(b.today)}　"
            f"即将到期 = 剩余不超过 {b.due_soon_working_days} 个工作日",
            st.subtitle,
        )
    )
    t = b.total
    summary = f"合计：未办结 {t.open} 项，即将到期 {t.due_soon} 项，已逾期 {t.overdue} 项"
    if t.provisional:
        summary += f"，其中 {t.provisional} 项按暂定日历计算"
    out.append(para(summary, st.body_noindent))
    for title, lines in (("按乡镇（街道）", b.by_township), ("按环节", b.by_step)):
        out.extend(section(title, st))
        out.append(_count_table(lines, st, width))
    out.extend(section("需督办的期限（已逾期在前）", st))
    if report.items:
        out.append(_item_table(report.items, st, width))
    else:
        out.append(para("没有已逾期或即将到期的期限。", st.body_noindent))
    out.append(Spacer(1, 10))
    out.append(
        para(
            f"制表：{report.generated_by}　{cn_datetime(report.generated_at.astimezone())}　"
            "本表仅限低保审核使用，证件号只显示后4位，请勿外传。",
            st.small,
        )
    )
    return build_pdf(out, spec, fonts)


def _count_table(lines: Sequence[_Line], st: Styles, width: float) -> Flowable:
    rows: list[list[Any]] = [[para(h, st.label) for h in ("名称", *_COUNT_HEADER)]]
    for line in lines:
        c = line.counts
        rows.append(
            [para(line.label, st.cell)]
            + [para(str(v), st.cell_center) for v in (c.open, c.due_soon, c.overdue, c.ended)]
        )
    fractions = (0.4, 0.15, 0.15, 0.15, 0.15)
    return grid_table(rows, [width * f for f in fractions], header_rows=1)


def _item_table(items: Sequence[_Item], st: Styles, width: float) -> Flowable:
    header = ("序号", "乡镇（街道）", "环节", "户主/对象", "证件号", "到期日期", "状态")
    rows: list[list[Any]] = [[para(h, st.label) for h in header]]
    for n, i in enumerate(items, start=1):
        left = f"（超 {-i.working_days_left} 个工作日）" if i.working_days_left < 0 else ""
        rows.append(
            [
                para(str(n), st.cell_center),
                para(i.township_name, st.cell),
                para(i.step_label, st.cell),
                para(i.head_name, st.cell),
                para(i.head_id_masked, st.cell_center),
                para(i.due_on.isoformat() + ("（暂定）" if i.provisional else ""), st.cell_center),
                para(i.status_label + left, st.cell),
            ]
        )
    fractions = (0.06, 0.16, 0.12, 0.12, 0.22, 0.14, 0.18)
    return grid_table(rows, [width * f for f in fractions], header_rows=1)
